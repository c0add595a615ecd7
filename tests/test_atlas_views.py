"""The atlas draws each ICS's and innovation's map from a view of the store around what it
shows (:meth:`Ecosystem.view`, :class:`ecograph.maps.scope.StoreTables`), not from a graph of
the whole store: the graphs, and so the maps, are the same as those drawn from the whole graph,
on the sample (whose history has people who left, closed organisations, ended partnerships
and ties) today and on an earlier date."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.maps.ecosystem import Ecosystem, ecosystem_graph, gap_rows
from ecograph.store import StoreConfig, open_store
from test_maps_cli import sample_store  # noqa: F401  (the sample in a store, once per module)


def _graph_facts(graph) -> tuple:
    """Everything a map is drawn from: nodes and edges with their data, and the meta. Nodes and
    edges are compared as sets: LadybugDB returns a large read's rows in any order, so the
    order of a graph's edges (and so of a map's, which carries no meaning) can differ between
    two reads of the same store, whole graph or view."""
    import json

    def key(item: tuple) -> tuple:
        return tuple(json.dumps(x, sort_keys=True, default=str) for x in item)

    meta = {k: v for k, v in graph.graph.items() if k != "spread"}
    spread = graph.graph.get("spread")
    return (sorted(graph.nodes(data=True), key=key), sorted(graph.edges(data=True), key=key), meta,
            spread and {k: v for k, v in spread.items() if k != "rows"})


@pytest.mark.parametrize("as_of", [None, "2023-06-30"])
def test_views_draw_the_same_maps_as_the_whole_graph(sample_store: Path, as_of: str | None) -> None:
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        whole = Ecosystem(store, as_of)
        viewed = Ecosystem(store, as_of)
        assert viewed.innovations == whole.innovations and viewed._full is None  # read without the graph
        assert viewed.people_names() == whole.people_names()  # those who left too
        assert gap_rows(viewed) == gap_rows(whole)
        for code in whole.ics_names:
            view = viewed.ics_view(code)
            assert view.full.number_of_nodes() < whole.full.number_of_nodes()
            assert _graph_facts(ecosystem_graph(view, "all", code)) == _graph_facts(ecosystem_graph(whole, "all", code)), code
        for inn in whole.innovations:
            view = viewed.innovation_view(inn)
            assert view.full.number_of_nodes() < whole.full.number_of_nodes()
            # what its page lists (barriers are not in views: no map draws them); a view holds
            # them in the order of their ids, the whole graph in the store's (the page sorts them)
            def links(graph):  # noqa: ANN001, ANN202
                return sorted(graph.in_edges(inn, data=True), key=lambda e: (str(e[0]), repr(sorted(e[2].items()))))
            assert links(view.full) == [e for e in links(whole.full) if e[2]["relationship"] != "CONCERNS"]
            assert viewed.node_attributes(inn) == whole.full.nodes[inn]
            drawn = ecosystem_graph(view, "all", None, inn, focus=True)
            assert _graph_facts(drawn) == _graph_facts(ecosystem_graph(whole, "all", None, inn, focus=True)), inn
        together = viewed.innovation_view(*whole.innovations)  # one view for many maps (the atlas's batches)
        for inn in whole.innovations:
            assert _graph_facts(ecosystem_graph(together, "all", None, inn, focus=True)) == _graph_facts(
                ecosystem_graph(whole, "all", None, inn, focus=True)), inn
        assert viewed._full is None  # never loaded whole


def test_the_tables_maps_are_drawn_from_are_in_the_order_of_ids(sample_store: Path) -> None:
    """Nodes label by label in the order of their ids, links by their ends: not in the order the
    store returns its rows, which can change from one run to the next (a national atlas written
    twice differed in its ICS maps and pictures)."""
    from ecograph.maps.scope import _DRAWN, StoreTables

    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        tables = StoreTables(store, "2026-01-01")
    for label in _DRAWN:
        start = tables.start[label]
        ids = tables.ids[start:start + tables._count(label)]
        assert ids == sorted(ids, key=str), label
    for k in range(len(tables.rel_keys)):
        ends = [(tables.ids[s], tables.ids[t]) for s, t in zip(tables.src[tables.kind == k].tolist(),
                                                              tables.dst[tables.kind == k].tolist())]
        assert ends == sorted(ends), tables.rel_keys[k]
