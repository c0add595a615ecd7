"""The array projection (read_projection) against the NetworkX one, and the broker ranking of
each: the national path (arrays, no NetworkX graph) must give what the reference path gives.

* On random ecosystems, at every level, with and without an ICS: the same nodes, links and link
  values as a projection summed pair by pair from the store's rows (an independent Python loop).
* rank_brokers on the Projection equals rank_brokers on its NetworkX graph, exact and sampled
  (same seed), weighted and not.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest

from ecograph.analysis.brokers import rank_brokers
from ecograph.asof import resolve_as_of
from ecograph.analysis.projection import LEVELS, project, read_projection
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem, rows_as_of

#: the projection queries take the as-of date; the default (today) is what read_projection uses
DATED = {"as_of": resolve_as_of(None)}


def pairwise(store, level: str, ics: str | None) -> nx.Graph:
    """Independent: every pair of each group's members, one `_add_link`-style update at a time."""
    plural = {"person": "people", "team": "teams", "organisation": "organisations"}[level]
    G = nx.Graph()
    G.add_nodes_from(r["id"] for r in store.read_rows(f"projection/{plural}", {"ics": ics, **DATED}))

    def add(a: str, b: str, kind: str, amount: int, strength: float) -> None:
        if a == b or a not in G or b not in G:
            return
        if not G.has_edge(a, b):
            G.add_edge(a, b, ties=0, teams=0, partnerships=0, strength=0.0)
        G[a][b][kind] += amount
        G[a][b]["strength"] += strength

    if level == "person":
        for r in store.read_rows("projection/person_ties", DATED):
            add(r["source"], r["target"], "ties", 1, 1.0)
        sources = [("teams", "person_teams", "team"), ("partnerships", "person_memberships", "partnership")]
    else:  # each tie links every unit of one person to every other unit of the other
        units: dict[str, set[str]] = defaultdict(set)
        for r in store.read_rows(f"projection/person_{plural}", DATED):
            units[r["member"]].add(r[level])
        for r in store.read_rows("projection/person_ties", DATED):
            for x in units[r["source"]]:
                for y in units[r["target"]]:
                    add(x, y, "ties", 1, 1.0)
        sources = [("partnerships", f"{level}_memberships", "partnership")]
    for kind, query, key in sources:
        groups: dict[str, set[str]] = defaultdict(set)
        for r in store.read_rows(f"projection/{query}", DATED):
            groups[r[key]].add(r["member"])
        for members in groups.values():
            for a, b in combinations(sorted(members), 2):
                add(a, b, kind, 1, 1.0 / (len(members) - 1))
    return G


@pytest.fixture(scope="module", params=[0, 1])
def store(request, tmp_path_factory):
    rows = random_ecosystem(300 + request.param, n_people=120)
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("s") / "store")) as s:
        ingest_rows(s, rows)
        yield s


@pytest.mark.parametrize("level", LEVELS)
def test_projection_equals_pairwise_sums(store, level: str) -> None:
    codes = sorted({r["code"] for r in store.read_rows("read/node_ics")})
    for ics in (None, codes[0]):
        P = read_projection(store, level, ics)
        want = pairwise(store, level, ics)
        assert P.ids == sorted(want.nodes)
        got = {frozenset((P.ids[i], P.ids[j])): k for k, (i, j) in enumerate(P.edges.tolist())}
        assert got.keys() == {frozenset(e) for e in want.edges}
        for (a, b), d in zip(want.edges, (want.edges[e] for e in want.edges)):
            k = got[frozenset((a, b))]
            assert (P.ties[k], P.teams[k], P.partnerships[k]) == (d["ties"], d["teams"], d["partnerships"])
            assert P.strength[k] == pytest.approx(d["strength"], rel=1e-12)
        G = project(store, level, ics)
        assert sorted(G.nodes) == P.ids and G.number_of_edges() == P.m


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("options", [
    {"weight": "strength", "normalise": "connected"},
    {"weight": None, "normalise": "all"},
    {"weight": "strength", "normalise": "connected", "exact_threshold": 0, "seed": 3, "epsilon": 0.05},
])
def test_ranking_of_arrays_equals_networkx(store, level: str, options: dict) -> None:
    P = read_projection(store, level)
    if P.n < 3:
        pytest.skip("too small")
    G = project(store, level)
    fast = rank_brokers(P, group_attr="ics", top=None, **options)
    reference = rank_brokers(G, group_attr="ics", top=None, **options)
    assert [r["id"] for r in fast] == [r["id"] for r in reference]
    for a, b in zip(fast, reference):
        for key in a:
            if isinstance(a[key], float):
                assert a[key] == pytest.approx(b[key], abs=1e-12), key
            else:
                assert a[key] == b[key], key


def test_engines_without_arrow_read_the_same_projection(store) -> None:
    """Neo4j's driver gives rows: the base store's read_table builds the table from them."""
    import types

    from ecograph.store.base import GraphStore

    for level in LEVELS:
        arrow = read_projection(store, level)
        # rows as an engine without Arrow gives them: through run(), then the base read_table
        store.read_rows = types.MethodType(GraphStore.read_rows, store)
        store.read_table = types.MethodType(GraphStore.read_table, store)
        try:
            rows = read_projection(store, level)
        finally:
            del store.read_table, store.read_rows
        assert rows.ids == arrow.ids
        assert rows.edges.tolist() == arrow.edges.tolist()
        assert rows.strength.tolist() == pytest.approx(arrow.strength.tolist(), rel=1e-12)
        assert (rows.ties.tolist(), rows.teams.tolist(), rows.partnerships.tolist()) == \
            (arrow.ties.tolist(), arrow.teams.tolist(), arrow.partnerships.tolist())


def test_release_after_reading_keeps_the_store_usable(store) -> None:
    """``release=True`` (what ``ecograph brokers`` asks) lets a read-only store close its database
    once the tables are read: the projection is the same and the store reads again afterwards."""
    with open_store(StoreConfig(path=store.path), read_only=True) as reader:
        for level in LEVELS:
            kept = read_projection(reader, level)
            released = read_projection(reader, level, release=True)
            again = read_projection(reader, level)
            for other in (released, again):
                assert other.ids == kept.ids
                assert other.edges.tolist() == kept.edges.tolist()
                assert other.strength.tolist() == kept.strength.tolist()
    # a writable store keeps its database (it could be inside a write)
    connection = store._conn
    store.release_memory()
    assert store._conn is connection


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated one-ICS ecosystem (dated people, ties, closures), loaded: on its data one
    query over the undirected tie with both ends' dates lost links on LadybugDB 0.22."""
    import csv

    from ecograph.generate import generate
    from ecograph.ingest import ingest

    folder = tmp_path_factory.mktemp("generated")
    nhs = Path(__file__).parent / "data" / "nhs"
    generate(folder / "csv", people=400, ics="QYG", seed=1, trusts=nhs / "ods_etr_trusts_2025.csv",
             gp_practices=nhs / "ods_epraccur_gp_practices_2025_subset.csv")
    rows = {}
    for f in (folder / "csv").glob("*.csv"):
        with open(f, encoding="utf-8", newline="") as handle:
            rows[f.name] = list(csv.DictReader(handle))
    with open_store(StoreConfig(path=folder / "store")) as store:
        ingest(store, [folder / "csv"])
        yield store, rows


@pytest.mark.parametrize("level", ("team", "organisation"))
def test_links_of_a_past_date_follow_the_dated_record(generated, level: str) -> None:
    """Team and organisation links on a past date count the ties that held between people in post
    then, by an independent reading of the spreadsheet rows (``rows_as_of``)."""
    store, rows = generated
    for day in ("2019-06-30", "2021-06-30", "2024-12-31", "2030-01-01"):
        P = read_projection(store, level, as_of=day)
        got = {frozenset((P.ids[i], P.ids[j])): int(t) for (i, j), t in zip(P.edges.tolist(), P.ties) if t}
        now = rows_as_of(rows, day)
        teams = {t["id"] for t in now["teams.csv"]}

        def units(person: dict[str, str]) -> set[str]:
            if level == "organisation":
                return {person["organisation"]}
            return {t.strip() for t in (person.get("team") or "").split(";") if t.strip() in teams}

        of = {p["id"]: units(p) for p in now["people.csv"]}
        want: dict[frozenset, int] = defaultdict(int)
        for t in now["ties.csv"]:
            for x in of[t["person_a"]]:
                for y in of[t["person_b"]]:
                    if x != y:
                        want[frozenset((x, y))] += 1
        assert got == dict(want), day


def test_projections_read_with_shared_tables_are_the_same_and_read_the_ties_once(store) -> None:
    """``tables_shared()``: one ICS's projection after another (the ICS maps of a national
    ``ecograph map``) reads the whole store's ties once, and each projection is unchanged."""
    import numpy as np

    from ecograph.analysis.projection import tables_shared

    codes = sorted({r["code"] for r in store.read_rows("read/node_ics")})
    alone = {(level, ics): read_projection(store, level, ics) for level in LEVELS for ics in codes}
    reads: list[str] = []
    original = store.read_table

    def counted(name, params=None, **options):
        reads.append(name)
        return original(name, params, **options)
    store.read_table = counted
    try:
        with tables_shared():
            shared = {(level, ics): read_projection(store, level, ics) for level in LEVELS for ics in codes}
    finally:
        del store.read_table
    for key, P in alone.items():
        Q = shared[key]
        assert P.ids == Q.ids and np.array_equal(P.edges, Q.edges), key
        assert np.array_equal(P.ties, Q.ties) and np.array_equal(P.strength, Q.strength), key
    assert reads.count("projection/person_ties") == 1
    assert reads.count("projection/people") == len(codes)  # the nodes are each ICS's own


@pytest.mark.parametrize("as_of, tied", [("2019-06-30", 1), ("2021-06-30", 0), ("2024-06-30", 1), ("2022-12-31", 0)])
def test_each_stored_tie_that_holds_counts_once(tmp_path: Path, as_of: str, tied: int) -> None:
    """Two stored ties between a1 and d1, the first ended at the end of 2020, the second begun
    in 2023: ``tie_ends`` keeps each stored tie that holds on the day (taking away only the
    stored ties that do not: a pair is not dropped because one of its ties is off), and the
    person projection counts them; an extra tie between them held over 2019-2024 adds one."""
    import numpy as np
    import pyarrow as pa

    from ecograph.analysis.projection import tie_ends
    from test_spread import store_with_a_pair_tied_twice

    with store_with_a_pair_tied_twice(tmp_path / "s") as store:
        people = pa.array(sorted(r["id"] for r in store.run("MATCH (p:Person) RETURN p.id AS id")))
        ids = people.to_pylist()

        def count(a: np.ndarray, b: np.ndarray) -> int:
            return sum(1 for x, y in zip(a.tolist(), b.tolist()) if {ids[x], ids[y]} == {"a1", "d1"})

        assert count(*tie_ends(store, as_of, people)) == tied
        P = read_projection(store, "person", as_of=as_of)
        link = {tuple(sorted((P.ids[i], P.ids[j]))): int(t) for (i, j), t in zip(P.edges.tolist(), P.ties.tolist())}
        assert link.get(("a1", "d1"), 0) == tied
        store.run("MATCH (a:Person {id: 'a1'}), (d:Person {id: 'd1'}) "
                  "CREATE (a)-[:KNOWS {`start`: '2019-01-01', `end`: '2024-12-31'}]->(d)", write=True)
        assert count(*tie_ends(store, as_of, people)) == tied + 1
