"""Every sentence the broker analyses write is true of the data (random ecosystems).

Each phrase of a broker's ``why`` is written under a condition; this file checks the condition
against an independent computation (NetworkX on the projection) for every row of the person,
team and organisation rankings of random ecosystems (``tests/random_ecosystem.py``, loaded
through the CSV contract), exact and sampled:

* "Sits on no shortest path" only when exact betweenness is 0; a sampled score at or below
  its error bound says "below what the sample can measure", never "no shortest path";
* "low constraint" / "constraint" / "high constraint": one threshold each, so the words are
  monotone in the value (never "high (0.22)" beside "low (0.24)");
* "contacts do not know each other" only when no two contacts are linked; otherwise the
  number of linked pairs, and it is right;
* "connects N ICSs" only with positive betweenness and contacts in N groups;
* "the only link between ..." only for an articulation point, with the right piece sizes;
* a group word ("coordinates within its ICS", "links its own ICS to others") only when the
  graph has more than one group;
* role counts and z-scores as in the row, a z-score only where the role stands out;
* ``partners``: "tie to adopter" only for people who know someone at an adopter.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import networkx as nx
import pytest

from ecograph.analysis import _kernels as K
from ecograph.analysis.brokers import Z_STANDS_OUT, rank_brokers
from ecograph.analysis.ecosystem_brokers import default_grouping, find_brokers
from ecograph.analysis.projection import project
from ecograph.analysis.spread import find_partners
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem

SEEDS = [(s, {}) for s in range(200, 206)] + [(206, {"n_ics": 1}), (207, {"n_ics": 1, "tie_degree": 6.0}),
                                              (208, {"n_ics": 3, "tie_scope": "ics"})]
CONSTRAINT = re.compile(r"(low constraint|high constraint|constraint) \(([0-9.]+)\)")
PCT = re.compile(r"Sits on (about )?([0-9.]+)% of shortest paths")


def linked_pairs(G: nx.Graph, v) -> int:
    return G.subgraph(G[v]).number_of_edges()


def check_rows(G: nx.Graph, rows: list[dict], group_of: dict, *, sampled: bool) -> None:
    """The conditions of every phrase, against NetworkX on the projection ``G``."""
    # KADABRA samples the unweighted links (method says so): its sentences are about those paths
    exact = nx.betweenness_centrality(G, weight=None if sampled else "distance", normalized=False)
    aps = set(nx.articulation_points(G))
    n_groups = len(set(group_of.values()) - {None})
    labels: dict[str, list[float]] = {"low constraint": [], "constraint": [], "high constraint": []}
    for r in rows:
        v, why = r["id"], r["why"]
        # betweenness (a graph without paths of three nodes is exact even when sampling was asked)
        assert r["method"].startswith("sampled") == sampled or r["method"].startswith("exact (no path")
        sampled = r["method"].startswith("sampled")
        if "Sits on no shortest path" in why:
            assert not sampled and exact[v] == pytest.approx(0, abs=1e-12), why
        # without an error bound (source pivots), only a sampled 0 is below the resolution
        bound = r["betweenness_bound"] if math.isfinite(r["betweenness_bound"]) else 0.0
        if "below what the sample can measure" in why:
            assert sampled and r["betweenness"] <= bound, why
        if sampled:
            assert "no shortest path" not in why
            if r["betweenness"] <= bound:
                assert "below what the sample can measure" in why
        m = PCT.search(why)
        if m:
            assert exact[v] > 0 and r["betweenness"] > bound, why
        # constraint words, and what is said of the contacts
        m = CONSTRAINT.search(why)
        if m:
            assert m.group(2) == f"{r['constraint']:.2f}"
            labels[m.group(1)].append(float(m.group(2)))  # the words follow the value shown
        d, tied = G.degree(v), linked_pairs(G, v)
        assert r["linked_contact_pairs"] == tied
        if d >= 2:
            if tied == 0:
                assert "contacts do not know each other" in why
            elif tied == d * (d - 1) // 2:
                assert "every two of its contacts are linked" in why
            else:
                assert f"{tied:,} of {d * (d - 1) // 2:,} pairs of its contacts are linked" in why
        else:
            assert "contacts" not in why.split("; ")[-1] or d == 0
        # groups
        m = re.search(r"connects (\d+) (ICSs|organisation kinds|organisations|groups)", why)
        if m:
            around = {group_of[u] for u in G[v]} | {group_of[v]}
            assert exact[v] > 0 and int(m.group(1)) == len(around - {None}) >= 2, why
        if re.search(r"within its |its own |inside another ", why):
            assert n_groups >= 2, why
        if "who have no link of their own" in why:
            assert n_groups == 1, why
        for role, phrase in (("liaison", r"liaison in ([\d,]+) pair"),
                             ("gatekeeper", r"links its own \S+(?: \S+)? to others in ([\d,]+) pair"),
                             ("itinerant", r"brokers inside another \S+(?: \S+)? in ([\d,]+) pair"),
                             ("coordinator", r"coordinates within its \S+(?: \S+)? \(([\d,]+) pair"),
                             ("coordinator", r"links ([\d,]+) pairs? of its contacts who have no link")):
            m = re.search(phrase, why)
            if m:
                assert int(m.group(1).replace(",", "")) == r[role] > 0, (role, why)
        for z in re.findall(r", z \+?(-?[0-9.]+)", why):
            assert float(z) >= Z_STANDS_OUT
        # the only link
        if "the only link" in why:
            assert v in aps
            H = G.subgraph(nx.node_connected_component(G, v) - {v})
            pieces = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
            assert r["splits"] == pieces[1:]
            m = re.search(r"the only link between ([\d,]+) \S+ .*?and the rest \(([\d,]+)\)", why)
            if m:
                assert (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))) == (pieces[1], pieces[0])
        else:
            assert v not in aps
    # one threshold per word: the words never overlap in value
    if labels["low constraint"] and labels["constraint"]:
        assert max(labels["low constraint"]) < min(labels["constraint"])
    if labels["constraint"] and labels["high constraint"]:
        assert max(labels["constraint"]) < min(labels["high constraint"])
    if labels["low constraint"] and labels["high constraint"]:
        assert max(labels["low constraint"]) < min(labels["high constraint"])


@pytest.mark.parametrize(("seed", "shape"), SEEDS)
def test_broker_sentences_are_true(tmp_path: Path, seed: int, shape: dict) -> None:
    rows_in = random_ecosystem(seed, **shape)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows_in)
        for level in ("person", "team", "organisation"):
            rows, grouping = find_brokers(store, level, top=None)
            P = project(store, level)
            group_of = {v: d.get(grouping) for v, d in P.nodes(data=True)}
            check_rows(P, rows, group_of, sampled=False)
            if shape.get("n_ics") == 1 and grouping == "ics":
                assert not any("within its ICS" in r["why"] for r in rows)
            if K.have_networkit() and P.number_of_nodes() >= 3:
                for _, d in P.nodes(data=True):
                    d["group"] = d.get(grouping)
                sampled = rank_brokers(P, weight="strength", normalise="connected", exact_threshold=0,
                                       epsilon=0.05, seed=seed)
                check_rows(P, sampled, group_of, sampled=True)


def test_partner_labels(tmp_path: Path) -> None:
    seen = set()
    for seed in (300, 301, 302, 303, 304, 305):
        rows_in = random_ecosystem(seed, n_innovations=8, tie_degree=3.0)
        org_of = {p["id"]: p["organisation"] for p in rows_in["people.csv"]}
        knows: dict[str, set[str]] = {}
        for t in rows_in["ties.csv"]:
            knows.setdefault(t["person_a"], set()).add(t["person_b"])
            knows.setdefault(t["person_b"], set()).add(t["person_a"])
        with open_store(StoreConfig(path=tmp_path / f"s{seed}")) as store:
            ingest_rows(store, rows_in)
            for innovation in rows_in["innovations.csv"]:
                adopters = {a["organisation"] for a in rows_in["adoptions.csv"]
                            if a["innovation"] == innovation["id"]}
                for row in find_partners(store, innovation["id"]):
                    at_adopter = any(org_of[q] in adopters for q in knows.get(row["id"], ()))
                    if "tie to adopter" in row["role"]:
                        assert at_adopter, row
                        seen.add("adopter")
                    if "tie to developer" in row["role"]:
                        assert not at_adopter, row
                        seen.add("developer")
    assert seen == {"adopter", "developer"}  # the seeds reach both labels
