"""Weighted projections and weighted brokers, through the CSV contract, against NetworkX.

* The projection's link strengths (ties + 1/(n-1) per shared team or partnership of n members)
  are recomputed from the contract rows of random ecosystems, at the person and organisation
  levels.
* Davis Southern Women (women as people, the 14 events as partnerships they joined): the
  weighted betweenness, constraint and effective size of ``ecograph brokers`` against NetworkX
  on a projection built here from the bipartite graph, and ``--unweighted`` against the
  unweighted measures.
* Les Misérables (characters as organisations, each co-appearance weight as that many people
  ties between them): the organisation brokers against NetworkX with the same weights.
* Betweenness normalised over the connected pairs, on random ecosystems with isolated nodes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ecograph.analysis.brokers import rank_brokers
from ecograph.analysis.ecosystem_brokers import find_brokers
from ecograph.analysis.projection import project
from ecograph.cli import main
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem, rows_as_of, write_rows


def brokers_json(store: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["brokers", "--store", str(store), "--format", "json", "--top", "1000",
                                       *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ingest_folder(rows: dict, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["ingest", str(write_rows(tmp_path / "in", rows)), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def newman_projection(groups: dict[str, set[str]], people: set[str]) -> nx.Graph:
    """Independent: each group of n adds 1/(n-1) to every pair of its members.

    Strengths and distances are exact fractions, so that paths of equal length tie exactly
    in NetworkX's Dijkstra (in floating point, 1/3 + 1/3 + 1/3 need not equal 1)."""
    G = nx.Graph()
    G.add_nodes_from(people)
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            w = G[a][b]["weight"] if G.has_edge(a, b) else Fraction(0)
            G.add_edge(a, b, weight=w + Fraction(1, len(members) - 1))
    for _, _, d in G.edges(data=True):
        d["distance"] = 1 / d["weight"]
    return G


def connected_pairs(G: nx.Graph) -> int:
    return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(G))


def check_weighted(G: nx.Graph, rows: list[dict], key=lambda r: r["id"]) -> None:
    """Rows of a weighted ranking against NetworkX with weight='weight' (distance 1/weight)."""
    raw = nx.betweenness_centrality(G, weight="distance", normalized=False)  # unordered pairs
    pairs = connected_pairs(G)
    # exact fractions for the path lengths only; floats for Burt's measures (no ties to break)
    F = nx.Graph()
    F.add_nodes_from(G)
    F.add_edges_from((a, b, {"weight": float(d["weight"])}) for a, b, d in G.edges(data=True))
    cons = nx.constraint(F, nodes=list(F), weight="weight")
    # node by node: NetworkX's whole-graph matrix shortcut divides by the wrong maxima with weights
    es = nx.effective_size(F, nodes=list(F), weight="weight")
    assert len(rows) == G.number_of_nodes()
    for r in rows:
        v = key(r)
        assert r["betweenness"] == pytest.approx(float(raw[v] / pairs) if pairs else 0.0, abs=1e-9), v
        if G.degree(v) == 0:
            assert r["constraint"] is None and r["effective_size"] is None
            continue
        assert r["constraint"] == pytest.approx(float(cons[v]), abs=1e-9), v
        assert r["effective_size"] == pytest.approx(float(es[v]), abs=1e-9), v


# --- Davis Southern Women ---------------------------------------------------------------------

def davis_rows() -> tuple[dict, nx.Graph, dict[str, str]]:
    B = nx.davis_southern_women_graph()
    women = sorted(v for v, d in B.nodes(data=True) if d["bipartite"] == 0)
    events = sorted(v for v, d in B.nodes(data=True) if d["bipartite"] == 1)
    pid = {w: f"W{i:02d}" for i, w in enumerate(women)}
    rows = {
        "ics.csv": [{"code": "QXX", "name": "Natchez ICS"}],
        "organisations.csv": [{"id": "ORG1", "name": "Natchez society", "kind": "other", "ics": "QXX"}],
        "people.csv": [{"id": pid[w], "name": w, "organisation": "ORG1"} for w in women],
        "partnerships.csv": [{"id": f"EV{e.replace('E', ''):>02}", "name": f"Event {e}", "formal": "no"}
                             for e in events],
        "memberships.csv": [{"partnership": f"EV{e.replace('E', ''):>02}", "member": pid[w]}
                            for e in events for w in sorted(B[e])],
    }
    groups = {e: {pid[w] for w in B[e]} for e in events}
    return rows, newman_projection(groups, set(pid.values())), pid


def test_davis_southern_women_weighted(tmp_path: Path) -> None:
    rows, G, _ = davis_rows()
    store = ingest_folder(rows, tmp_path)
    weighted = brokers_json(store)
    check_weighted(G, weighted)
    assert "normalised over the connected pairs" in weighted[0]["method"]
    assert weighted[0]["method"].startswith("exact (weighted: distance = 1/strength")
    # The unweighted projection is 91% dense and its betweenness takes a handful of values;
    # the weights tell the women apart.
    unweighted = brokers_json(store, "--unweighted")
    plain = nx.Graph(G.edges())
    plain.add_nodes_from(G)
    assert nx.density(plain) == pytest.approx(139 / 153)
    reference = nx.betweenness_centrality(plain)
    for r in unweighted:
        assert r["betweenness"] == pytest.approx(reference[r["id"]], abs=1e-9)
        assert r["constraint"] == pytest.approx(nx.constraint(plain, [r["id"]])[r["id"]], abs=1e-9)
    distinct = len({round(r["betweenness"], 9) for r in weighted})
    assert distinct > len({round(r["betweenness"], 9) for r in unweighted})


def test_exact_whatever_the_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the work limit betweenness is sampled (unweighted, KADABRA); ``--exact`` gives the
    exact weighted ranking whatever the size: the same rows as under the limit."""
    from ecograph.analysis import brokers

    rows, G, _ = davis_rows()
    store = ingest_folder(rows, tmp_path)
    under = brokers_json(store)
    monkeypatch.setattr(brokers, "EXACT_WORK", 0)
    sampled = brokers_json(store)
    assert sampled[0]["method"].startswith("sampled, on the unweighted links")
    exact = brokers_json(store, "--exact")
    assert exact == under and exact[0]["method"].startswith("exact (weighted")
    check_weighted(G, exact)


def test_davis_projection_strengths(tmp_path: Path) -> None:
    rows, G, _ = davis_rows()
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        P = project(store, "person")
    assert {frozenset(e) for e in P.edges} == {frozenset(e) for e in G.edges}
    for a, b, d in P.edges(data=True):
        assert d["strength"] == pytest.approx(G[a][b]["weight"])
        assert d["distance"] == pytest.approx(1 / G[a][b]["weight"])
        joined = [{m["partnership"] for m in rows["memberships.csv"] if m["member"] == x} for x in (a, b)]
        assert d["via"] == {"partnership"} and d["partnerships"] == len(joined[0] & joined[1])


# --- Les Misérables ----------------------------------------------------------------------------

def test_les_miserables_organisations(tmp_path: Path) -> None:
    L = nx.les_miserables_graph()
    names = sorted(L)
    oid = {v: f"O{i:03d}" for i, v in enumerate(names)}
    staff = {v: max((d["weight"] for _, _, d in L.edges(v, data=True)), default=1) for v in L}
    people = [{"id": f"{oid[v]}P{k:02d}", "name": f"{v} {k}", "organisation": oid[v]}
              for v in names for k in range(staff[v])]
    ties = []
    for u, v, d in L.edges(data=True):  # weight w: w distinct people ties between the two
        ties += [{"person_a": f"{oid[u]}P{k:02d}", "person_b": f"{oid[v]}P{k:02d}"} for k in range(d["weight"])]
    rows = {
        "ics.csv": [{"code": "QAA", "name": "Paris"}, {"code": "QBB", "name": "Montreuil"}],
        "organisations.csv": [{"id": oid[v], "name": v, "kind": "other", "ics": "QAA" if i % 3 else "QBB"}
                              for i, v in enumerate(names)],
        "people.csv": people,
        "ties.csv": ties,
    }
    store = ingest_folder(rows, tmp_path)
    got = brokers_json(store, "--level", "organisation")
    G = nx.relabel_nodes(L, oid)
    for _, _, d in G.edges(data=True):
        d["distance"] = Fraction(1, d["weight"])
    check_weighted(G, got)
    reference = nx.betweenness_centrality(G, weight="distance")
    assert got[0]["id"] == max(reference, key=reference.get)
    # the weighted top ten is not the unweighted one: weights matter here
    plain = brokers_json(store, "--level", "organisation", "--unweighted")
    reference = nx.betweenness_centrality(nx.Graph(G.edges()))
    for r in plain:
        assert r["betweenness"] == pytest.approx(reference[r["id"]], abs=1e-9)
    assert [r["id"] for r in got[:10]] != [r["id"] for r in plain[:10]]


# --- random ecosystems: strengths and normalisation -------------------------------------------

def expected_strengths(rows: dict, level: str) -> dict[frozenset, float]:
    """Independent: the link strengths of the person or organisation projection from the rows."""
    org_of = {p["id"]: p["organisation"] for p in rows["people.csv"]}
    team_org = {t["id"]: t["organisation"] for t in rows["teams.csv"]}
    out: dict[frozenset, Fraction] = defaultdict(Fraction)
    groups: dict[str, set[str]] = defaultdict(set)
    if level == "person":
        for t in rows["ties.csv"]:
            if t["person_a"] != t["person_b"]:
                out[frozenset((t["person_a"], t["person_b"]))] += 1
        for p in rows["people.csv"]:
            if p["team"]:
                groups["team:" + p["team"]].add(p["id"])
        for m in rows["memberships.csv"]:
            if m["member"] in org_of:
                groups["partnership:" + m["partnership"]].add(m["member"])
    else:
        for t in rows["ties.csv"]:
            a, b = org_of[t["person_a"]], org_of[t["person_b"]]
            if a != b:
                out[frozenset((a, b))] += 1
        for m in rows["memberships.csv"]:
            member = m["member"]
            org = org_of.get(member) or team_org.get(member) or member
            groups[m["partnership"]].add(org)
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            out[frozenset((a, b))] += Fraction(1, len(members) - 1)
    return dict(out)


@pytest.mark.parametrize("seed", range(4))
def test_random_ecosystem_strengths_and_normalisation(tmp_path: Path, seed: int) -> None:
    rows = random_ecosystem(100 + seed, n_people=40 + 20 * seed)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        for level in ("person", "organisation"):
            P = project(store, level)
            want = expected_strengths(rows_as_of(rows, date.today().isoformat()), level)  # ended: no link
            got = {frozenset((a, b)): d["strength"] for a, b, d in P.edges(data=True)}
            assert got.keys() == want.keys(), level
            for pair, s in want.items():
                assert got[pair] == pytest.approx(s), (level, pair)
            brokers, _ = find_brokers(store, level, top=None)
            G = nx.Graph()
            G.add_nodes_from(P)
            G.add_edges_from((tuple(pair) + ({"weight": s, "distance": 1 / s},) for pair, s in want.items()))
            check_weighted(G, brokers)  # betweenness over the connected pairs, isolated nodes or not


def test_sampled_weighted_says_it_is_unweighted() -> None:
    G = nx.les_miserables_graph()
    rows = rank_brokers(G, weight="weight", exact_threshold=0, top=5)
    assert "unweighted links (KADABRA has no weighted form)" in rows[0]["method"]
    assert "error bound ±" in rows[0]["method"]
    exact = rank_brokers(G, weight="weight", top=5)
    assert exact[0]["method"].startswith("exact (weighted")
