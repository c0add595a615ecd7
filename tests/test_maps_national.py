"""Maps of a national store read what they draw: the rankings come from the projection's arrays
(the whole store's, or one ICS's cut from it), and the ICS maps of `ecograph map` share one read
of the whole tables. These check that the maps and rankings are the ones read the plain way."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.analysis.changes import RANK_DEPTH
from ecograph.analysis.ecosystem_brokers import find_brokers
from ecograph.analysis.projection import LEVELS, tables_shared
from ecograph.maps import ecosystem as ecosystem_module
from ecograph.maps.ecosystem import HIGHLIGHT_BROKERS, Ecosystem, ecosystem_graph
from ecograph.store import StoreConfig, open_store
from test_maps_cli import sample_store  # noqa: F401  (the sample in a store, once per module)


def _graph_facts(graph) -> tuple:
    nodes = {n: {k: v for k, v in d.items() if k != "group"} for n, d in graph.nodes(data=True)}
    edges = {frozenset(e[:2]): e[2] for e in graph.edges(data=True)}
    meta = {k: graph.graph[k] for k in ("title", "subtitle", "notes", "community_names")}
    return nodes, edges, meta


@pytest.mark.parametrize("level", LEVELS)
def test_whole_store_ranking_is_what_ecograph_brokers_gives(sample_store: Path, level: str, monkeypatch) -> None:
    """Above EXACT_BETWEENNESS nodes (a national store) the whole store's brokers are ranked as
    `ecograph brokers` ranks them, from the projection the Ecosystem has read already."""
    monkeypatch.setattr(ecosystem_module, "EXACT_BETWEENNESS", 5)  # the sample stands in for a national store
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        eco = Ecosystem(store)
        assert eco.arrays(level).n > 5
        depth = max(RANK_DEPTH, HIGHLIGHT_BROKERS)
        want = find_brokers(store, level, top=depth)[0]
        assert want and eco.brokers(level, None, top=depth) == [r for r in want[:HIGHLIGHT_BROKERS] if r["betweenness"]]
        assert eco.ranking(level) == want
        assert eco.betweenness(level) == {r["id"]: r["betweenness"] for r in want[:HIGHLIGHT_BROKERS]}


def test_ics_maps_that_share_the_whole_tables_are_the_same(sample_store: Path) -> None:
    """Within tables_shared() (the ICS maps of `ecograph map` on a national store) each ICS map is
    drawn from the whole store's tables and projections read once, and is the same map."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        codes = sorted(Ecosystem(store).ics_names)
        alone = {(c, level): _graph_facts(ecosystem_graph(Ecosystem(store, scope=c), level, c))
                 for c in codes for level in ("all", "person")}
        reads: list[str] = []
        original = store.read_rows

        def counted(name, params=None):
            reads.append(name)
            return original(name, params)
        store.read_rows = counted
        try:
            with tables_shared():
                shared = {(c, level): _graph_facts(ecosystem_graph(Ecosystem(store, scope=c), level, c))
                          for c in codes for level in ("all", "person")}
        finally:
            del store.read_rows
    assert len(codes) >= 2
    for key, facts in alone.items():
        assert facts[0], key
        assert shared[key] == facts, key
    assert reads.count("read/node_organisation") == 1  # read once for every ICS, not once each


def test_atlas_ics_brokers_are_the_scoped_maps(sample_store: Path) -> None:
    """The atlas cuts each ICS's projection from the whole store's: its brokers and betweenness
    are those of the ICS's own projection (what `ecograph map --ics` ranks)."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        whole = Ecosystem(store)
        for code in sorted(whole.ics_names):
            scoped = Ecosystem(store, scope=code)
            for level in LEVELS:
                assert whole.brokers(level, code, top=HIGHLIGHT_BROKERS) == scoped.brokers(level, code, top=HIGHLIGHT_BROKERS)
                assert whole.betweenness(level, code) == scoped.betweenness(level, code)
                assert whole.linked(level, code) == scoped.linked(level, code) > 0


def test_communities_from_arrays_are_those_of_the_networkx_projection(sample_store: Path) -> None:
    """A map's communities come from the projection's arrays: the same Louvain communities (and
    names) as from the people projection built as a NetworkX graph."""
    from ecograph.analysis.gaps import communities

    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        eco = Ecosystem(store)
        for ics in [None, *sorted(eco.ics_names)]:
            names, person_community, _ = ecosystem_module._communities(eco, ics)
            want = communities(eco.projection("person", ics))
            assert len(want) > 1 and len(names) == len(want)
            assert [sorted(p for p, k in person_community.items() if k == str(i)) for i in range(1, len(want) + 1)] \
                == [sorted(c) for c in want]
