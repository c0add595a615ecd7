"""The demo's map and atlas in headless Debian chromium (Playwright as a driver only): the
network draws what the store holds, nothing leaves the page, nothing logs an error, search
finds a node, markup in a name stays text, every atlas page opens offline and every link
resolves. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.demo import run_demo, sample_folder
from ecograph.graph import counts
from ecograph.store import StoreConfig, open_store

try:
    from browser import XSS_NAME, chromium, open_page, screenshot
except ImportError:  # tests/ imported as a package
    from tests.browser import XSS_NAME, chromium, open_page, screenshot

pytestmark = pytest.mark.browser

MAP_LABELS = ("Organisation", "Team", "Person", "Partnership", "Innovation")


def _store_nodes(store: Path) -> int:
    """Nodes a level-"all" map of the whole store draws: every node but the ICSs."""
    with open_store(StoreConfig(path=store), read_only=True) as s:
        return sum(r["count"] for r in counts(s) if r["name"] in MAP_LABELS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return run_demo(tmp_path_factory.mktemp("demo") / "demo")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _state(page) -> dict:
    return page.evaluate("""() => { const e = window.ecograph;
        return {settled: e.settled, nodes: e.nodes.length, edges: e.edges.length,
                physics: e.network.physics.options.enabled,
                drawn: Object.keys(e.network.getPositions()).length,
                routes: e.edges.get({filter: x => x.info && x.info.route}).length}; }""")


def _search(page, text: str) -> str:
    page.fill("#search", text)
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-focused]:not([data-focused=''])", state="attached")
    return page.inner_text("#info-body .info-name")


def test_demo_map_draws_the_store_offline(browser, demo) -> None:
    expected = _store_nodes(demo.store)
    page, log, url = open_page(browser, demo.outputs["map"])
    state = _state(page)
    assert state["settled"] and state["physics"] is False
    assert state["nodes"] == state["drawn"] == expected
    assert page.inner_text("#visible-count") == f"Showing {expected:,} of {expected:,}"
    screenshot(page, "demo-map.png")
    assert log.foreign_requests(url) == [], "the map fetched something"
    assert log.console_errors == [] and log.page_errors == []
    page.close()


def test_demo_map_search_finds_a_broker(browser, demo) -> None:
    page, log, url = open_page(browser, demo.outputs["map"])
    assert _search(page, "Morag Dew") == "Morag Dewhurst"
    info = page.inner_text("#info-body")
    assert "Broker #1 of 211 people" in info and "Innovation Agency" in info
    assert page.evaluate("() => window.ecograph.network.getSelectedNodes().length") == 1
    screenshot(page, "demo-map-search.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


def test_spread_map_of_the_untapped_story(browser, demo, tmp_path) -> None:
    # the whole-store spread map (`ecograph map --innovation`); the atlas's own is focused on
    # the innovation (tests/test_atlas.py)
    from ecograph.maps.ecosystem import write_map
    with open_store(StoreConfig(path=demo.store), read_only=True) as s:
        path = write_map(s, tmp_path / "INN-005-map.html", innovation="INN-005")
    page, log, url = open_page(browser, path)
    state = _state(page)
    assert state["nodes"] == state["drawn"] == _store_nodes(demo.store)
    assert state["routes"] >= 10  # the warm routes, drawn over the map
    assert _search(page, "Great Ormond Street Hospital") == "Great Ormond Street Hospital for Children NHS Foundation Trust"
    info = page.inner_text("#info-body")
    assert "Could adopt next" in info and "Oisin Sutcliffe" in info  # role, and the tie behind the route
    page.click("#fit")
    page.wait_for_timeout(500)
    screenshot(page, "demo-spread-INN-005.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


def test_markup_in_an_organisation_name_is_text(browser, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    with open(extra / "organisations.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "name", "kind", "ics"], ["SME-XSS", XSS_NAME, "sme", "QYG"]])
    with open(extra / "people.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "name", "organisation", "job_title"], ["P900", "Xavier Test", "SME-XSS", "CEO"]])
    with open(extra / "ties.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["person_a", "person_b", "context"], ["P900", "P001", XSS_NAME]])
    store, out = tmp_path / "store", tmp_path / "xss.html"
    runner = CliRunner()
    for args in (["ingest", str(sample_folder()), "--store", str(store)], ["ingest", str(extra), "--store", str(store)],
                 ["map", "--store", str(store), "-o", str(out)]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    page, log, url = open_page(browser, out)
    state = _state(page)
    assert state["nodes"] == state["drawn"] == _store_nodes(store)
    assert _search(page, "<img") == XSS_NAME
    point = page.evaluate("""() => { const e = window.ecograph;
        return e.network.canvasToDOM(e.network.getPosition(e.selected)); }""")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#tooltip:not([hidden])")
    assert page.inner_text("#tooltip .tt-name") == XSS_NAME
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert log.dialogs == [], "a name ran script"
    screenshot(page, "demo-map-markup-name.png")
    assert log.foreign_requests(url) == [] and log.console_errors == [] and log.page_errors == []
    page.close()


def test_every_atlas_page_opens_offline_and_links_resolve(browser, demo) -> None:
    index = demo.outputs["atlas"]
    folder = index.parent
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        is_map = 'id="ecograph-data"' in path.read_text(encoding="utf-8")
        page, log, url = open_page(browser, path, wait_settled=is_map)
        assert page.inner_text("h1").strip(), path
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert hrefs, f"{path} links nowhere"
        for href in hrefs:
            parts = urlsplit(href)
            assert parts.scheme == "file", (path, href)
            assert Path(unquote(parts.path)).is_file(), (path, href)
        if path == index:
            screenshot_full(page, "atlas-index.png")
        elif path.name == "INN-005.html":
            screenshot_full(page, "atlas-innovation-INN-005.png")
        elif path.name == "QMJ.html":
            screenshot(page, "atlas-ics-QMJ.png")
        shared = (folder / "assets" / "vis-network.min.js").resolve().as_uri()  # the maps' one library
        assert [r for r in log.foreign_requests(url) if r != shared] == [], (path, log.foreign_requests(url))
        assert log.console_errors == [] and log.page_errors == [], path
        page.close()


def test_atlas_index_links_every_ics_and_innovation(browser, demo) -> None:
    page, log, url = open_page(browser, demo.outputs["atlas"], wait_settled=False)
    hrefs = {urlsplit(h).path.rsplit("/", 2)[-2:][-1] for h in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")}
    assert {"QYG.html", "QMJ.html", "map.html", "brokers.html", "gaps.html", "gaps-map.html"} <= hrefs
    assert {f"INN-{i:03d}.html" for i in range(1, 13)} <= hrefs
    text = page.inner_text("body")
    assert "Morag Dewhurst" in text and "No innovation lead" in text
    page.close()


def screenshot_full(page, name: str) -> Path:
    """A full-page PNG under test-artifacts/."""
    out = screenshot(page, name)
    page.screenshot(path=str(out), full_page=True)
    return out
