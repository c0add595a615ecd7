"""The demo's map and atlas in headless Debian chromium (Playwright as a driver only): the
network draws what the store holds, nothing leaves the page, nothing logs an error, search
finds a node, markup in a name stays text, every atlas page opens offline and every link
resolves. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.demo import run_demo, sample_folder
from ecograph.graph import counts
from ecograph.maps.render import map_data
from ecograph.store import StoreConfig, open_store
from present import present_counts

try:
    from browser import XSS_NAME, chromium, open_page, screenshot
except ImportError:  # tests/ imported as a package
    from tests.browser import XSS_NAME, chromium, open_page, screenshot

pytestmark = pytest.mark.browser

MAP_LABELS = ("Organisation", "Team", "Person", "Partnership", "Innovation")


def _store_nodes(store: Path) -> int:
    """Nodes a level-"all" map of the whole store draws: every node but the ICSs that is
    present today (people in post, open organisations, running partnerships)."""
    return sum(present_counts(store).values())


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
                physics: e.network.physics.options.enabled, level: e.level,
                drawn: Object.keys(e.network.getPositions()).length, visible: e.visible.size,
                routes: e.edges.get({filter: x => x.info && x.info.route}).length}; }""")


def _show_people(page) -> None:
    """Switch a map that opened at the organisation level to the people level."""
    if page.evaluate("() => window.ecograph.level") == "org":
        page.click("#toggle-level")


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
    assert state["nodes"] == expected  # the page holds every node of the store...
    assert state["level"] == "org" and state["drawn"] == state["visible"] < expected  # ...and opens on the organisations
    screenshot(page, "demo-map.png")
    _show_people(page)
    state = _state(page)
    assert state["level"] == "people" and state["drawn"] == expected  # people one click away
    assert page.inner_text("#visible-count") == f"Showing {expected:,} of {expected:,}"
    assert log.foreign_requests(url) == [], "the map fetched something"
    assert log.console_errors == [] and log.page_errors == []
    page.close()


def test_demo_map_search_finds_a_broker(browser, demo) -> None:
    page, log, url = open_page(browser, demo.outputs["map"])
    assert _search(page, "Morag Dew") == "Morag Dewhurst"  # a person: the search shows the people
    info = page.inner_text("#info-body")
    assert "The #1 connector of the" in info and "Innovation Agency" in info
    assert "betweenness" not in info.lower() and "constraint" not in info.lower()  # method words stay folded
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
    assert state["nodes"] == _store_nodes(demo.store) and state["drawn"] == state["visible"]
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
                 ["map", "--store", str(store), "--view", "network", "-o", str(out)]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    page, log, url = open_page(browser, out)
    state = _state(page)
    assert state["nodes"] == _store_nodes(store)
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
        shared = {p.resolve().as_uri() for p in (folder / "assets").iterdir()}  # the maps' one library, script, styles
        assert set(log.foreign_requests(url)) == (shared if is_map else set()), (path, log.foreign_requests(url))
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


# --- issue 9: what a leader sees at first sight ------------------------------------------------

#: Label boxes measured independently of the page's own placement arithmetic: each label is
#: anchored to its node's position from vis-network (getPositions, canvasToDOM) at the offset the
#: page chose, sized with canvas measureText in the label's font; node discs come from the same
#: positions and the node sizes times the zoom. Also: which pixels of the canvas are ink.
MEASURE = """() => {
  const e = window.ecograph, net = e.network, scale = net.getScale();
  const ids = Array.from(e.visible), pos = net.getPositions(ids);
  const ctx = document.createElement('canvas').getContext('2d');
  const dom = id => net.canvasToDOM(pos[id]);
  const discs = ids.map(id => { const n = e.nodes.get(id), p = dom(id);
    return {id, x: p.x, y: p.y, r: (n.size || 10) * scale}; });
  const labels = e.labels.map(l => {
    ctx.font = l.font;
    const p = dom(l.id), w = Math.max(...l.lines.map(t => ctx.measureText(t).width));
    const x0 = p.x + (l.x0 - l.nx) + 3, y0 = p.y + (l.y0 - l.ny) + 1;
    const px = Number(/(\\d+(?:\\.\\d+)?)px/.exec(l.font)[1]);
    return {id: l.id, name: e.nodes.get(l.id).info.name, px, x0, y0, x1: x0 + w, y1: y0 + l.lines.length * px * 1.15};
  });
  const hulls = e.hullLabels.map(h => ({name: h.text, x0: h.x0, y0: h.y0, x1: h.x1, y1: h.y1}));
  const canvas = document.querySelector('#network canvas');
  const g = canvas.getContext('2d'), img = g.getImageData(0, 0, canvas.width, canvas.height).data;
  const ratio = canvas.width / canvas.clientWidth;
  const ink = b => { let dark = 0;
    for (let y = Math.floor(b.y0 * ratio); y < b.y1 * ratio; y += 1)
      for (let x = Math.floor(b.x0 * ratio); x < b.x1 * ratio; x += 1) {
        const i = 4 * (y * canvas.width + x);
        if (img[i + 3] > 200 && img[i] + img[i + 1] + img[i + 2] < 300) dark++; }
    return dark; };
  let drawn = 0;
  for (let i = 0; i < img.length; i += 4 * 97) if (img[i + 3] > 0 && img[i] + img[i + 1] + img[i + 2] < 720) drawn++;
  const rect = canvas.getBoundingClientRect();
  const overlays = [...document.querySelectorAll('.vis-navigation .vis-button, .canvas-tools button, #visible-count')]
    .map(el => el.getBoundingClientRect()).filter(r => r.width)
    .map(r => ({name: 'a button', x0: r.left - rect.left, y0: r.top - rect.top, x1: r.right - rect.left, y1: r.bottom - rect.top}));
  return {labels: labels.map(l => Object.assign(l, {ink: ink(l)})), hulls, discs, scale, drawn, overlays,
          canvas: {w: rect.width, h: rect.height, top: rect.top}, viewport: {w: innerWidth, h: innerHeight}};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def _hits_disc(box: dict, disc: dict) -> bool:
    nx_ = min(max(disc["x"], box["x0"]), box["x1"])
    ny_ = min(max(disc["y"], box["y0"]), box["y1"])
    return (nx_ - disc["x"]) ** 2 + (ny_ - disc["y"]) ** 2 < disc["r"] ** 2


def _check_first_view(m: dict) -> list[str]:
    """What the map shows at its fitted zoom: readable labels, none on another or on a node."""
    labels, discs = m["labels"], m["discs"]
    assert len(labels) >= 15, f"only {len(labels)} labels at the fitted zoom"
    assert all(l["px"] >= 11 for l in labels)
    for i, a in enumerate(labels):
        assert a["ink"] > 20, f"label {a['name']} is not drawn"
        for b in labels[i + 1:] + m["hulls"] + m["overlays"]:
            assert not _overlap(a, b), (a["name"], b["name"])
        for d in discs:
            assert not _hits_disc(a, d), (a["name"], d["id"])
    for h in m["hulls"]:
        assert not any(_hits_disc(h, d) for d in discs), f"the ICS name {h['name']} is on a node"
    return [l["name"] for l in labels]


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844), (768, 1024)])
def test_first_view_is_readable(browser, demo, width: int, height: int) -> None:
    """At the fitted zoom at least 15 labels of 11 px or more, none overlapping another label, an
    ICS name or a node; the brokers named; the canvas has ink and most of the screen; nothing
    sticks out of the page."""
    page, log, url = open_page(browser, demo.outputs["map"], width=width, height=height)
    m = page.evaluate(MEASURE)
    names = _check_first_view(m)
    brokers = page.evaluate("() => window.ecograph.nodes.get({filter: n => n.info.broker && !n.hidden}).map(n => n.info.name)")
    assert brokers and set(brokers) <= set(names), set(brokers) - set(names)
    assert len(m["hulls"]) == 2  # Cheshire and Merseyside, North Central London
    assert m["drawn"] > 200, "the canvas is blank"
    assert m["canvas"]["h"] >= 0.6 * height and m["canvas"]["w"] >= 0.55 * width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # nothing clipped sideways
    tools = page.eval_on_selector_all(".canvas-tools button", "bs => bs.map(b => b.getBoundingClientRect().right)")
    if width >= 768:
        assert max(tools) <= width
    print(f"\n{width}x{height}: {len(names)} labels, 0 overlaps, canvas {m['canvas']['w']:.0f}x{m['canvas']['h']:.0f}")
    screenshot(page, f"demo-map-{width}x{height}.png")
    assert log.foreign_requests(url) == [] and log.console_errors == [] and log.page_errors == []
    page.close()


def test_people_level_labels_do_not_overlap(browser, demo) -> None:
    page, _, _ = open_page(browser, demo.outputs["map"], width=1440, height=900)
    _show_people(page)
    page.wait_for_timeout(200)
    names = _check_first_view(page.evaluate(MEASURE))
    assert "Morag Dewhurst" in names  # the top people broker
    screenshot(page, "demo-map-people-1440x900.png")
    page.close()


def test_legend_counts_organisations_of_the_store(browser, demo) -> None:
    from ecograph.graph import load_graph
    with open_store(StoreConfig(path=demo.store), read_only=True) as s:
        orgs = sum(r["count"] for r in counts(s) if r["name"] == "Organisation")
        people = present_counts(demo.store)["Person"]  # in post today: the map is as of today
        kinds = Counter(d.get("kind") for _, d in load_graph(s).nodes(data=True) if d.get("label") == "Organisation")
    page, _, _ = open_page(browser, demo.outputs["map"])
    shown = page.eval_on_selector_all(".count[data-kind]", "cs => cs.map(c => [c.dataset.kind, Number(c.textContent)])")
    assert dict(shown) == dict(kinds) and sum(n for _, n in shown) == orgs
    ics = page.eval_on_selector_all(".count[data-ics]", "cs => cs.map(c => Number(c.textContent))")
    assert sum(ics) == orgs
    assert f"{orgs} organisations" in page.inner_text(".header-stats")
    assert f"{people} people" in page.inner_text(".header-stats")
    assert "organisations only" in page.inner_text("#count-note")
    page.close()


def test_one_gap_count_per_page(browser, demo, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["gaps", "--store", str(demo.store), "--format", "json"])
    expected = len(json.loads(result.output))
    out = tmp_path / "gaps.html"
    result = CliRunner().invoke(main, ["map", "--store", str(demo.store), "--highlight", "gaps", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page, log, url = open_page(browser, out)
    text = page.inner_text("header") + "\n" + page.inner_text(".notes")
    counted = {int(n.replace(",", "")) for n in re.findall(r"([\d,]+) gaps?\b", text)}
    assert counted == {expected}, text
    assert page.inner_text("#gap-badge") == f"{expected} gaps"
    # the gap mark is magenta and dashed, and no kind is drawn in that colour
    marks = page.evaluate("""() => { const e = window.ecograph, lg = JSON.parse(document.getElementById('ecograph-data').textContent).legend;
        const gap = e.nodes.get({filter: n => n.info.gap});
        return {gap: lg.marks.gap_border, borders: [...new Set(gap.map(n => n.color.border))],
                dashed: gap.every(n => n.shapeProperties && n.shapeProperties.borderDashes),
                kinds: Object.values(lg.kindColours)}; }""")
    assert marks["borders"] == [marks["gap"]] and marks["dashed"] and marks["gap"] not in marks["kinds"]
    screenshot(page, "demo-gaps-map-1440x900.png")
    assert log.console_errors == [] and log.page_errors == []
    page.close()


def test_focus_route_and_table(browser, demo) -> None:
    page, log, _ = open_page(browser, demo.outputs["map"])
    _search(page, "Alder Hey Children")
    dim = page.evaluate("() => window.ecograph.nodes.get({filter: n => !n.hidden && n.opacity < 1}).length")
    assert dim > 20  # beyond one step, faded
    page.select_option("#hops", "2")
    assert page.evaluate("() => window.ecograph.nodes.get({filter: n => !n.hidden && n.opacity < 1}).length") < dim
    _show_people(page)
    route = page.evaluate("""() => window.ecograph.showPath("Oisin Sutcliffe", "Great Ormond Street Hospital for Children NHS Foundation Trust")""")
    assert "knows" in route or "works there" in route, route
    assert not re.search(r"KNOWS|WORKS_FOR|MEMBER_OF", route)
    page.click("#path-clear")
    page.select_option("#hops", "0")
    page.click("#fit")
    page.select_option("#areas", "community")  # communities of people who work together, shaded
    page.wait_for_timeout(600)
    m = page.evaluate(MEASURE)
    assert len(m["hulls"]) >= 2 and all(h["name"].startswith("Community ") for h in m["hulls"])
    _check_first_view_overlaps(m)
    page.click("#toggle-table")
    rows = page.eval_on_selector_all("#table-body tr", "rs => rs.length")
    assert rows == page.evaluate("() => window.ecograph.visible.size")
    page.click("#toggle-table")
    page.check("#hide-unconnected")
    assert page.evaluate("""() => window.ecograph.nodes.get({filter: n => !n.hidden}).every(n =>
        window.ecograph.network.getConnectedEdges(n.id).some(id => !window.ecograph.edges.get(id).hidden))""")
    assert log.console_errors == [] and log.page_errors == []
    page.close()


def test_png_and_pdf_export_offline(browser, demo) -> None:
    page, log, url = open_page(browser, demo.outputs["map"])
    with page.expect_download() as png:
        page.click("#save-png")
    with page.expect_download() as pdf:
        page.click("#save-pdf")
    png_bytes = Path(png.value.path()).read_bytes()
    pdf_bytes = Path(pdf.value.path()).read_bytes()
    assert png_bytes[:8] == b"\x89PNG\r\n\x1a\n" and len(png_bytes) > 20_000
    assert pdf_bytes.startswith(b"%PDF-1.4") and pdf_bytes.rstrip().endswith(b"%%EOF") and b"/DCTDecode" in pdf_bytes
    assert len(pdf_bytes) > 20_000
    xref = int(pdf_bytes.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf_bytes[xref:xref + 4] == b"xref"  # the cross-reference table is where the file says
    (ARTIFACTS_DIR := screenshot(page, "demo-map-before-export.png").parent)
    (ARTIFACTS_DIR / "demo-export.png").write_bytes(png_bytes)
    (ARTIFACTS_DIR / "demo-export.pdf").write_bytes(pdf_bytes)
    assert log.foreign_requests(url) == [] and log.console_errors == [] and log.page_errors == []
    page.close()


def test_link_reopens_the_view(browser, demo) -> None:
    page, _, url = open_page(browser, demo.outputs["map"])
    _search(page, "Great Ormond Street Hospital")
    page.uncheck("input.filter-ics[value='QYG']")
    page.check("#hide-unconnected")
    page.wait_for_timeout(400)
    view = page.evaluate("""() => ({hash: location.hash, selected: window.ecograph.selected,
        scale: window.ecograph.network.getScale(), at: window.ecograph.network.getViewPosition()})""")
    assert "node=" in view["hash"] and "hide-ics=QYG" in view["hash"]
    # the link opened in a new tab, and pasted into a tab that already shows the map (only the
    # fragment changes, so the page is not loaded again): both show the same view
    fresh, _, _ = open_page(browser, demo.outputs["map"], fragment=view["hash"])
    pasted, _, _ = open_page(browser, demo.outputs["map"])
    assert pasted.evaluate("() => window.ecograph.selected") is None
    pasted.goto(url + view["hash"])
    for again in (fresh, pasted):
        again.wait_for_selector("#info-body .info-name", state="attached", timeout=5_000)
        back = again.evaluate("""() => ({selected: window.ecograph.selected, scale: window.ecograph.network.getScale(),
            at: window.ecograph.network.getViewPosition(), unconnected: document.getElementById('hide-unconnected').checked,
            qyg: document.querySelector("input.filter-ics[value='QYG']").checked,
            info: document.querySelector('#info-body .info-name').textContent})""")
        assert back["selected"] == view["selected"] and back["info"].startswith("Great Ormond Street")
        assert back["unconnected"] and not back["qyg"]
        assert abs(back["scale"] - view["scale"]) < 0.01 and abs(back["at"]["x"] - view["at"]["x"]) < 2
    # a link with no node selected clears the selection
    pasted.goto(url + "#zoom=1.000&at=0,0")
    pasted.wait_for_selector("#info-body .info-name", state="detached", timeout=5_000)
    assert pasted.evaluate("() => window.ecograph.selected") is None
    for p in (page, fresh, pasted):
        p.close()


def test_print_is_one_landscape_page_with_the_key(browser, demo) -> None:
    page, _, _ = open_page(browser, demo.outputs["map"])
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    box = page.locator("#print-view").bounding_box()
    assert box and box["width"] > 500 and box["width"] > box["height"]
    hidden = page.evaluate("() => ['.map-layout', '.page-header', '.page-footer'].map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 3  # only the picture: title, map, key, date and source
    pdf = page.pdf(landscape=True, format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one page
    page.close()


JARGON = re.compile(r"\b(KNOWS|MEMBER_OF|WORKS_FOR|WORKS_IN|PART_OF|ADOPTED|DEVELOPED|CHAMPIONS|IN_ICS|"
                    r"betweenness|Louvain|Leiden|KADABRA|constraint|score \d|[a-z]+_[a-z_]+|[a-z]+-trust)\b")


def test_plain_words_for_leaders(demo, tmp_path: Path) -> None:
    """Tooltips, details and notes never show relationship type names, method or parameter
    names or bare scores; those stay in each node's and each page's "How this was worked out"."""
    gaps = tmp_path / "gaps.html"
    CliRunner().invoke(main, ["map", "--store", str(demo.store), "--highlight", "gaps", "-o", str(gaps)])
    spread = demo.outputs["atlas"].parent / "innovations" / "INN-005-map.html"
    for path in (demo.outputs["map"], gaps, spread):
        html = path.read_text(encoding="utf-8")
        data = map_data(html)
        texts = [n["info"].get(k, "") for n in data["nodes"] for k in ("why", "gap")]
        texts += [e["info"].get("title", "") for e in data["edges"]]
        texts += re.findall(r"<li(?: data-level=\"\w+\")?>(.*?)</li>", html) + [data["meta"]["subtitle"]]
        found = {m for t in texts for m in JARGON.findall(t)}
        assert not found, (path.name, found)
        assert any(n["info"].get("method") for n in data["nodes"])  # the method is still there
        assert "How this was worked out" in html
    html = demo.outputs["map"].read_text(encoding="utf-8")
    assert "others rely on it to reach 25 organisations in North Central London" in html  # Alder Hey


def test_keyboard_zoom_and_more_labels_on_zoom(browser, demo) -> None:
    """The map takes the keyboard (vis-network's keys on its focusable frame); zooming in
    labels more nodes, still without overlap."""
    page, log, _ = open_page(browser, demo.outputs["map"])
    first = page.evaluate(MEASURE)
    page.focus("#network .vis-network")
    page.keyboard.down("PageUp")
    page.wait_for_timeout(600)
    page.keyboard.up("PageUp")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ecograph.network.getScale()") > first["scale"] * 1.2
    page.evaluate("() => window.ecograph.network.moveTo({scale: window.ecograph.fitScale * 3})")
    page.wait_for_timeout(300)
    closer = page.evaluate(MEASURE)
    def share(m: dict) -> float:  # labelled nodes / nodes in view
        w, h = m["canvas"]["w"], m["canvas"]["h"]
        return len(m["labels"]) / max(1, sum(0 <= d["x"] <= w and 0 <= d["y"] <= h for d in m["discs"]))
    assert share(closer) > 1.5 * share(first), (share(first), share(closer))  # the rest are labelled on zoom
    _check_first_view_overlaps(closer)
    assert page.locator(".vis-navigation .vis-button").count() > 0  # zoom buttons on a laptop
    assert log.console_errors == [] and log.page_errors == []
    page.close()


def _check_first_view_overlaps(m: dict) -> None:
    for i, a in enumerate(m["labels"]):
        for b in m["labels"][i + 1:] + m["hulls"] + m["overlays"]:
            assert not _overlap(a, b), (a["name"], b["name"])
        for d in m["discs"]:
            assert not _hits_disc(a, d), (a["name"], d["id"])
