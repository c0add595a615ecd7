"""Hubs: every measure against an independent NetworkX computation on ``load_graph(store)``,
on the sample and on random ecosystems, and the ``ecograph hubs`` command."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from ecograph.analysis.hubs import HUB_COLUMNS, HUB_KINDS, hubs
from ecograph.cli import main
from ecograph.errors import UnknownIdError
from ecograph.graph import load_graph
from ecograph.ingest import ingest
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem

SAMPLE = REPO_ROOT / "ingest" / "sample"
TODAY = date.today().isoformat()


def current(end: str | None) -> bool:
    return not end or end >= TODAY


def expect_hubs(graph: nx.MultiDiGraph, ics: str | None = None) -> dict[str, dict[str, Any]]:
    """The measures, written from the definitions in ecograph.analysis.hubs."""
    label = {n: d["label"] for n, d in graph.nodes(data=True)}
    node = graph.nodes
    ics_of, org_of, covers = {}, {}, defaultdict(set)
    knows, members, roles = [], defaultdict(set), []
    for u, v, rel, d in graph.edges(keys=True, data=True):
        if rel == "IN_ICS":
            ics_of[u] = node[v]["code"]
        elif rel in ("WORKS_FOR", "PART_OF"):
            org_of[u] = v
        elif rel == "COVERS" and current(d.get("end")):
            covers[u].add(node[v]["code"])
        elif rel == "KNOWS":
            knows.append((u, v))
        elif rel == "MEMBER_OF":
            members[v].add(u)
            roles.append((u, v, d.get("role")))
    orgs = [n for n, l in label.items() if l == "Organisation"]
    org = lambda n: n if label[n] == "Organisation" else org_of[n]  # noqa: E731
    live = {s: {org(m) for m in ms} for s, ms in members.items() if current(node[s].get("end"))}
    tied = {frozenset((org_of[a], org_of[b])) for a, b in knows if org_of[a] != org_of[b]}
    g = nx.Graph()
    g.add_nodes_from(orgs)
    g.add_edges_from(tuple(p) for p in tied)
    for ms in live.values():
        g.add_edges_from(combinations(sorted(ms), 2))
    out = {}
    for h in orgs:
        if node[h].get("kind") not in HUB_KINDS:
            continue
        codes = {ics_of[h]} | covers[h]
        if ics is not None and ics not in codes:
            continue
        inside = {o for o in orgs if ics_of[o] in codes and o != h}
        near = set(nx.single_source_shortest_path_length(g, h, cutoff=2)) - {h}
        staff = {p for p, o in org_of.items() if o == h and label[p] == "Person"}
        out_ties = [(a, b) for a, b in knows if (a in staff) != (b in staff) and org_of[a] != org_of[b]]
        reached = {org_of[b] if a in staff else org_of[a] for a, b in out_ties}
        mine = {(s, r) for m, s, r in roles if org(m) == h}
        partnerships = {s for s, _ in mine}
        now = {s for s in partnerships if current(node[s].get("end"))}
        pairs = {(a, b) for s in now for a, b in combinations(sorted(live[s] - {h}), 2)
                 if frozenset((a, b)) not in tied
                 and not any({a, b} <= ms for t, ms in live.items() if t not in now)}
        out[h] = {"coordination_reach": len(inside & near), "coordination_total": len(inside),
                  "people": len(staff), "ties_out": len(out_ties), "organisations_reached": len(reached),
                  "ics_reached": len({ics_of[o] for o in reached}), "partnerships": len(partnerships),
                  "led": len({s for s, r in mine if r == "lead"}), "current": len(now),
                  "pairs_connected": len(pairs), "covers": ";".join(sorted(codes))}
    return out


def check(store, ics: str | None = None) -> list[dict[str, Any]]:
    rows = hubs(store, ics=ics)
    expected = expect_hubs(load_graph(store), ics)
    assert {r["id"] for r in rows} == set(expected)
    for r in rows:
        assert tuple(r) == HUB_COLUMNS
        assert {k: r[k] for k in expected[r["id"]]} == expected[r["id"]], r["id"]
        total = r["coordination_total"]
        assert r["coordination"] == (round(r["coordination_reach"] / total, 3) if total else 0.0)
    return rows


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("hubs") / "s")) as store:
        ingest(store, [SAMPLE])
        yield store


def test_sample(sample) -> None:
    rows = {r["id"]: r for r in check(sample)}
    assert set(rows) == {"AHSN-IA", "AHSN-UCLP", "HUB-CM", "HUB-NCL"}
    # the C&M hub's history: it led the pilot (PS-019, ended) and is a member of PS-001 now
    assert (rows["HUB-CM"]["partnerships"], rows["HUB-CM"]["led"], rows["HUB-CM"]["current"]) == (2, 1, 1)
    assert {r["id"] for r in check(sample, "QMJ")} == {"AHSN-UCLP", "HUB-NCL"}
    with pytest.raises(UnknownIdError):
        hubs(sample, ics="QXX")


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("random-hubs") / "s")) as store:
        yield store


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(25))
def test_random_ecosystems(shared_store, seed: int) -> None:
    shared_store.run("MATCH (n) DETACH DELETE n", write=True)
    rows = random_ecosystem(seed)
    ingest_rows(shared_store, rows)
    check(shared_store)
    check(shared_store, rows["ics.csv"][-1]["code"])


def test_cli(sample, tmp_path) -> None:
    path = tmp_path / "cli"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [SAMPLE])
    runner = CliRunner()
    done = runner.invoke(main, ["hubs", "--store", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert [r["id"] for r in json.loads(done.stdout)] == [r["id"] for r in hubs(sample)]
    table = runner.invoke(main, ["hubs", "--store", str(path), "--ics", "qyg"])
    assert table.exit_code == 0 and "HUB-CM" in table.output and "HUB-NCL" not in table.output
    bad = runner.invoke(main, ["hubs", "--store", str(path), "--ics", "QYX"])
    assert bad.exit_code == 1 and "QYG" in bad.output
