"""The atlas reads each thing once and works out only what its pages show: the index counts from
the record the "What changed" page read, a big map leaves out the profiles of the people its
page folds away, and a map's picture reuses the roll-up the map drew. Each gives what the plain
way gives (the sample stands in for a national store through smaller thresholds)."""

from __future__ import annotations

from pathlib import Path

from ecograph.analysis.record import read_record
from ecograph.graph import counts
from ecograph.maps import ecosystem as ecosystem_module
from ecograph.maps import picture as picture_module
from ecograph.maps.ecosystem import Ecosystem, ecosystem_graph, prepare_map, render_prepared
from ecograph.maps.picture import map_picture
from ecograph.maps.render import ROLLED_UP, render_map
from ecograph.store import StoreConfig, open_store
from test_maps_cli import sample_store  # noqa: F401  (the sample in a store, once per module)


def test_counts_from_a_record_read_already(sample_store: Path) -> None:
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        record = read_record(store)
        for day in ("2023-06-30", "2030-01-01"):
            given = counts(store, day, record=record)
            assert given == counts(store, day)
            assert any(r["count"] for r in given if r["kind"] == "relationship")


def _render(graph, path: Path, max_nodes: int) -> str:
    meta = graph.graph
    render_map(graph, path, title=meta["title"], subtitle=meta["subtitle"], notes=list(meta["notes"]),
               ics_names=meta["ics_names"], generated="2025-01-01", max_nodes=max_nodes)
    return path.read_text(encoding="utf-8")


def test_a_lean_graph_renders_the_same_map(sample_store: Path, tmp_path: Path, monkeypatch) -> None:
    """Above the roll-up threshold a lean graph has no profiles for the people the page folds into
    their organisations, and the page is the same; below it the graph is the same."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        eco = Ecosystem(store)
        plain, lean = ecosystem_graph(eco, "all"), ecosystem_graph(eco, "all", lean=True)
        assert sorted(plain.nodes(data=True)) == sorted(lean.nodes(data=True))  # not folded: all of it

        threshold = plain.number_of_nodes() // 2
        monkeypatch.setattr(ecosystem_module, "ROLLUP_THRESHOLD", threshold)
        lean = ecosystem_graph(eco, "all", lean=True)
        people = [n for n, d in plain.nodes(data=True) if d["label"] == "Person"]
        assert any(plain.nodes[p].get("why") != lean.nodes[p].get("why") for p in people)
        assert _render(lean, tmp_path / "lean.html", threshold) == _render(plain, tmp_path / "plain.html", threshold)


def test_the_picture_reuses_the_maps_roll_up(sample_store: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(picture_module, "PEOPLE_UP_TO", 50)  # the sample's map is rolled up in its picture
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        eco = Ecosystem(store)
        graph = prepare_map(eco)
        render_prepared(graph, tmp_path / "map.html", generated="2025-01-01")
        assert graph.graph.get(ROLLED_UP) is not None
        reused = map_picture(graph, caption="The whole ecosystem")
        del graph.graph[ROLLED_UP]
        assert map_picture(graph, caption="The whole ecosystem") == reused
        assert "picture-note" in reused  # drawn rolled up
