"""The map renderer and atlas pages: self-contained files, text never parsed as HTML,
rollup, redaction; and in headless chromium: offline, draws, search, filters, physics stops."""

from __future__ import annotations

import re
import time
from html import unescape
from pathlib import Path

import networkx as nx
import pytest

from ecograph.maps import (
    Link,
    Section,
    Stat,
    Table,
    name_replacements,
    redact_people,
    redact_text,
    render_map,
    render_page,
    roll_up_people,
)
from ecograph.maps.render import _asset, legend, map_data, shared_assets
from ecograph.model import ORGANISATION_KINDS
from ecograph.resources import resource_path

try:
    from browser import XSS_NAME, chromium, clustered_graph, open_page, screenshot
except ImportError:  # tests/ imported as a package
    from tests.browser import XSS_NAME, chromium, clustered_graph, open_page, screenshot


def _data(html: str) -> dict:
    """The JSON the page embeds, its edges unpacked."""
    return map_data(html)


@pytest.fixture(scope="module")
def small_graph() -> nx.Graph:
    g = clustered_graph(40, 3.5, n_ics=4, seed=3)  # 140 people: the map opens on the people
    g.nodes["ORG0003"]["name"] = XSS_NAME
    g.nodes["ORG0003"]["why"] = "Bridges <b>two</b> systems & more"
    return g


@pytest.fixture(scope="module")
def small_map(small_graph: nx.Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_map(small_graph, tmp_path_factory.mktemp("maps") / "small.html",
                      title="Sample <ecosystem>", subtitle="Fictional data", notes=["A note & more"])


# --- without a browser -------------------------------------------------------------------

def test_legend_covers_every_organisation_kind() -> None:
    lg = legend()
    families = [k for f in lg["families"] for k in f["kinds"]]
    assert sorted(families) == sorted(ORGANISATION_KINDS)  # each kind in exactly one family
    assert set(lg["kind_labels"]) == set(ORGANISATION_KINDS)
    assert len({f["colour"] for f in lg["families"]}) == len(lg["families"])


def test_resources_are_found() -> None:
    for name in ("map.html.j2", "page.html.j2", "map.js", "map.css", "base.css", "legend.json",
                 "vendor/vis-network.min.js", "vendor/LICENSE-vis-network.txt"):
        assert resource_path("visualisations", *name.split("/")).is_file(), name


def test_map_is_one_self_contained_file(small_map: Path, small_graph: nx.Graph) -> None:
    html = small_map.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)
    data = _data(html)
    assert len(data["nodes"]) == small_graph.number_of_nodes()
    # both levels: the graph's own links, and its organisations' links with people folded in
    assert sum(e["info"]["layer"] == "people" for e in data["edges"]) == small_graph.number_of_edges()
    assert sum(e["info"]["layer"] == "org" for e in data["edges"]) == roll_up_people(small_graph).number_of_edges()
    assert not any("title" in n for n in data["nodes"] + data["edges"])  # vis would parse it as HTML
    assert not any("label" in n for n in data["nodes"])  # the page places the labels itself


def test_text_is_escaped_in_the_file(small_map: Path) -> None:
    html = small_map.read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "<b>two</b>" not in html
    assert "Sample &lt;ecosystem&gt;" in html and "A note &amp; more" in html
    names = {n["info"]["name"] for n in _data(html)["nodes"]}
    assert XSS_NAME in names  # the JSON decodes back to exactly the name


def test_roll_up_people_weights_ties_between_organisations() -> None:
    g = nx.Graph()
    g.add_node("A", label="Organisation", name="Org A", kind="acute-trust", ics="QE1")
    g.add_node("B", label="Organisation", name="Org B", kind="university", ics="QE1")
    for p, org in [("p1", "A"), ("p2", "A"), ("p3", "B"), ("p4", "C")]:
        g.add_node(p, label="Person", name=p.upper(), organisation=org, organisation_name=f"Org {org}",
                   kind="sme", ics="QE1", broker=p == "p1")
        if org in g:
            g.add_edge(p, org, relationship="WORKS_FOR")
    g.add_node("PS", label="Partnership", name="P")
    g.add_edges_from([("p1", "p3"), ("p2", "p3"), ("p1", "p2"), ("p3", "p4")], relationship="KNOWS")
    g.add_edge("p1", "PS", relationship="MEMBER_OF")
    r = roll_up_people(g)
    assert not [n for n, d in r.nodes(data=True) if d.get("label") == "Person"]
    assert r.edges["A", "B"]["weight"] == 2
    assert r.nodes["A"]["people"] == 2 and r.nodes["A"]["people_brokers"] == 1
    assert r.nodes["C"]["placeholder"] and r.nodes["C"]["name"] == "Org C"  # org not in the graph
    assert r.edges["B", "C"]["weight"] == 1 and r.has_edge("A", "PS")
    assert r.nodes["A"]["internal_ties"] >= 1
    assert r.graph["rolled_up"] == {"people": 4, "organisations": 3}


def test_redact_people_everywhere(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("O", label="Organisation", name="Royal Trust", kind="acute-trust", ics="QE1")
    g.add_node("p1", label="Person", name="Alex Example", job_title="Clinical Lead", organisation="O",
               organisation_name="Royal Trust", why="Alex Example bridges teams", broker=True)
    g.add_node("p2", label="Person", name="Sam", organisation="O", why="Knows Alex Example's team")
    g.add_edge("p1", "p2", relationship="KNOWS", title="Alex Example and Sam co-chair the board")
    assert name_replacements(g) == {"Alex Example": "Clinical Lead at Royal Trust", "Sam": "Person at Royal Trust"}
    r = redact_people(g)
    assert r.nodes["p1"]["name"] == "Clinical Lead at Royal Trust"
    assert r.nodes["p2"]["why"] == "Knows Clinical Lead at Royal Trust's team"
    assert "Alex Example" not in r.edges["p1", "p2"]["title"]
    assert g.nodes["p1"]["name"] == "Alex Example"  # the input is untouched
    html = render_map(g, tmp_path / "r.html", title="Map of Alex Example's network", redact=True).read_text()
    ours = html.replace(_asset("vendor/vis-network.min.js"), "")  # what we wrote, not the library
    assert "Alex Example" not in ours and not re.search(r"\bSam\b", ours)
    assert "Clinical Lead at Royal Trust" in html


def test_redact_text_whole_words_only() -> None:
    m = {"Ann": "Nurse at X", "Ann Lee": "GP at Y"}
    assert redact_text("Ann Lee met Ann, not Anne or Joanna.", m) == "GP at Y met Nurse at X, not Anne or Joanna."


def test_render_map_rolls_up_above_threshold(tmp_path: Path) -> None:
    g = clustered_graph(30, 4, n_ics=3, seed=5, extras=False)
    html = render_map(g, tmp_path / "m.html", title="t", max_nodes=50).read_text()
    assert "People rolled up into 30 organisations to keep the map readable and responsive" in html
    assert "ecograph map --level person --ics CODE" in html  # which command draws the people
    assert len(_data(html)["nodes"]) == 30 and not _data(html)["levels"]["both"]
    html = render_map(g, tmp_path / "m.html", title="t", max_nodes=50, rollup=False).read_text()
    assert "People rolled up" not in html and len(_data(html)["nodes"]) == g.number_of_nodes()


def test_people_are_one_click_away(tmp_path: Path) -> None:
    """Over PEOPLE_TANGLE people the map opens at the organisation level and holds the people
    level too; under it, it opens on the people. Legend counts are organisations only."""
    from ecograph.maps.render import PEOPLE_TANGLE
    few = clustered_graph(20, 4, n_ics=2, seed=5, extras=False)  # 80 people
    many = clustered_graph(60, 4, n_ics=3, seed=5, extras=False)  # 240 people
    assert sum(d["label"] == "Person" for _, d in few.nodes(data=True)) <= PEOPLE_TANGLE
    assert sum(d["label"] == "Person" for _, d in many.nodes(data=True)) > PEOPLE_TANGLE
    for g, start in ((few, "people"), (many, "org")):
        html = render_map(g, tmp_path / "m.html", title="t").read_text()
        data = _data(html)
        assert data["levels"] == {"both": True, "start": start}
        assert 'id="toggle-level"' in html
        people = [n for n in data["nodes"] if n["info"]["type"] == "Person"]
        assert people and all(n["info"]["layer"] == "people" for n in people)
        orgs = sum(d["label"] == "Organisation" for _, d in g.nodes(data=True))
        assert sum(data["meta"]["counts"]["kinds"].values()) == orgs == data["meta"]["counts"]["organisations"]


def test_words_for_leaders() -> None:
    from ecograph.maps.render import link_words, route_words, short_name
    assert link_words("KNOWS/MEMBER_OF") == "work together; member of the partnership"
    hops = [{"name": "Alder Hey", "label": "Organisation", "relationship": None},
            {"name": "Oisin Sutcliffe", "label": "Person", "relationship": "WORKS_FOR"},
            {"name": "Ottilie Cottingham", "label": "Person", "relationship": "KNOWS"},
            {"name": "Great Ormond Street", "label": "Organisation", "relationship": "WORKS_FOR"}]
    assert route_words(hops) == ("Alder Hey → Oisin Sutcliffe (works there) → knows Ottilie Cottingham "
                                 "→ Great Ormond Street")
    assert short_name("Great Ormond Street Hospital for Children NHS Foundation Trust") == \
        "Great Ormond Street Hospital for Children"


def test_role_and_marks_are_drawn(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("A", label="Organisation", name="A", kind="acute-trust", role="adopter", gap="No innovation lead")
    g.add_node("B", label="Organisation", name="B", kind="gp-practice", role="candidate", broker=True)
    g.add_node("I", label="Innovation", name="Virtual ward", kind="pathway", role="developer")
    g.add_edge("A", "B", route=True, relationship="KNOWS")
    g.add_edge("A", "I", dashed=True, relationship="ADOPTED")
    html = render_map(g, tmp_path / "i.html", title="Spread").read_text()
    nodes = {n["info"]["name"]: n for n in _data(html)["nodes"]}
    lg = legend()
    assert nodes["A"]["color"]["background"] == lg["roles"]["adopter"]["colour"]  # coloured by role
    assert nodes["A"]["color"]["border"] == lg["marks"]["gap_border"] and nodes["A"]["shadow"]["enabled"]
    assert nodes["B"]["color"]["border"] == lg["marks"]["broker_border"]
    edges = _data(html)["edges"]
    assert any(e.get("dashes") for e in edges) and any(e["info"].get("route") for e in edges)
    assert 'id="colour-by"' in html and "Could adopt next" in html


def test_render_page_escapes_and_links(tmp_path: Path) -> None:
    path = render_page(tmp_path / "p.html", title="Atlas <index>", subtitle="All ICSs", nav=[Link("Home", "index.html")],
                       sections=[
                           Section("At a glance", text="Names & <tags> stay text",
                                   stats=[Stat("Organisations", 1200), Stat("Gaps", 7, tone="warn")]),
                           {"heading": "ICSs", "table": [{"ICS": Link("Devon", "ics/QJK.html"), "Brokers": 4,
                                                          "Note": XSS_NAME}]},
                           {"heading": "Maps", "links": [{"text": "Spread map", "href": "innovations/INN-001.html"}]},
                       ])
    html = path.read_text()
    assert "Atlas &lt;index&gt;" in html and "<img" not in html and "&lt;tags&gt;" in html
    assert '<a href="ics/QJK.html">Devon</a>' in html and "1,200" in html
    assert "<script" not in html and "default-src 'none'" in unescape(html)
    with pytest.raises(ValueError):
        Link("x", "javascript:alert(1)")


@pytest.fixture(scope="module")
def shared_map(small_graph: nx.Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small map as an atlas writes its maps: script and styles in a shared assets folder."""
    folder = tmp_path_factory.mktemp("shared")
    for name, text in shared_assets().items():
        (folder / "assets").mkdir(exist_ok=True)
        (folder / "assets" / name).write_text(text, encoding="utf-8")
    (folder / "maps").mkdir()
    return render_map(small_graph, folder / "maps" / "small.html", title="Sample <ecosystem>",
                      subtitle="Fictional data", notes=["A note & more"], assets="../assets/")


def _csp(html: str) -> dict[str, str]:
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split(";") if d.strip()}


def test_a_map_with_shared_assets_inlines_no_code(shared_map: Path, small_map: Path) -> None:
    html, whole = shared_map.read_text(encoding="utf-8"), small_map.read_text(encoding="utf-8")
    assert _asset("map.js")[:500] not in html and _asset("map.css")[:500] not in html
    assert _asset("vendor/vis-network.min.js")[:500] not in html
    # every script is a file of the assets folder or the (inert) data; no inline style element
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert sorted(attrs for attrs, body in scripts if body) == [' type="application/json" id="ecograph-data"']
    assert {re.search(r'src="([^"]*)"', a).group(1) for a, _ in scripts if "src=" in a} == {
        "../assets/vis-network.min.js", "../assets/map.js"}
    assert "<style>" not in html and 'href="../assets/map.css"' in html
    assert _csp(html)["script-src"] == "'self'" and "unsafe" not in _csp(html)["script-src"]
    assert _csp(html)["default-src"] == "'none'"
    assert len(html) < len(whole) - 600_000  # the same page without its ~730 KB of code
    assert map_data(html) == map_data(whole)  # and the same map
    with pytest.raises(ValueError):
        render_map(nx.Graph(), shared_map.with_name("x.html"), title="t", assets="https://example.org/")


# --- in headless chromium ----------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _settled_state(page) -> dict:
    return page.evaluate("""() => { const e = window.ecograph;
        return {settled: e.settled, ms: e.settleMs, nodes: e.nodes.length, edges: e.edges.length,
                physics: e.network.physics.options.enabled, drawn: Object.keys(e.network.getPositions()).length}; }""")


@pytest.mark.browser
def test_map_offline_draws_and_settles(browser, small_map: Path, small_graph: nx.Graph) -> None:
    page, log, url = open_page(browser, small_map)
    state = _settled_state(page)
    assert state["settled"] and state["physics"] is False  # stabilised, then physics off
    assert state["nodes"] == state["drawn"] == small_graph.number_of_nodes()
    assert page.evaluate("() => window.ecograph.edges.get({filter: e => !e.hidden}).length") == small_graph.number_of_edges()
    positions = page.evaluate("() => JSON.stringify(window.ecograph.network.getPositions())")
    page.wait_for_timeout(300)
    assert page.evaluate("() => JSON.stringify(window.ecograph.network.getPositions())") == positions
    screenshot(page, "map-small.png")
    assert log.foreign_requests(url) == [], "the map fetched something"
    assert log.console_errors == [] and log.page_errors == []
    page.close()


@pytest.mark.browser
def test_search_selects_and_focuses(browser, small_map: Path, small_graph: nx.Graph) -> None:
    page, log, url = open_page(browser, small_map)
    name = small_graph.nodes["ORG0010"]["name"]
    page.fill("#search", name[:-1])
    assert name in page.inner_text("#search-results")
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-focused]:not([data-focused=''])", state="attached")
    selected = page.evaluate("() => window.ecograph.network.getSelectedNodes()")
    assert len(selected) == 1
    assert page.evaluate(f"() => window.ecograph.nodes.get({selected[0]}).info.name") == name
    assert page.inner_text("#info-body .info-name") == name
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_markup_in_a_name_is_shown_as_text(browser, small_map: Path, bypass_csp: bool) -> None:
    page, log, url = open_page(browser, small_map, bypass_csp=bypass_csp)
    page.fill("#search", "<img")
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-focused]:not([data-focused=''])", state="attached")
    assert page.inner_text("#info-body .info-name") == XSS_NAME
    assert "Bridges <b>two</b> systems & more" in page.inner_text("#info-body")
    # hover the node: the tooltip shows the same text
    point = page.evaluate("""() => { const e = window.ecograph;
        return e.network.canvasToDOM(e.network.getPosition(e.selected)); }""")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#tooltip:not([hidden])")
    assert page.inner_text("#tooltip .tt-name") == XSS_NAME
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelectorAll('img, b').length") == 0
    assert log.dialogs == [], "a name ran script"
    if not bypass_csp:
        screenshot(page, "map-markup-name.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


@pytest.mark.browser
def test_a_map_with_shared_assets_draws_from_file_and_keeps_names_as_text(browser, shared_map: Path) -> None:
    page, log, url = open_page(browser, shared_map)  # waits until its physics settled: map.js ran
    assets = {p.resolve().as_uri() for p in (shared_map.parent.parent / "assets").iterdir()}
    assert set(log.foreign_requests(url)) == assets  # the three shared files, nothing else
    assert page.evaluate("() => getComputedStyle(document.querySelector('.map-layout')).display") == "flex"  # map.css
    page.fill("#search", "<img")
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-focused]:not([data-focused=''])", state="attached")
    assert page.inner_text("#info-body .info-name") == XSS_NAME
    assert page.evaluate("() => document.querySelectorAll('img, b').length") == 0
    assert log.dialogs == [] and log.console_errors == [] and log.page_errors == []
    page.close()


@pytest.mark.browser
def test_filters_hide_and_show(browser, small_map: Path, small_graph: nx.Graph) -> None:
    page, _, _ = open_page(browser, small_map)
    total = small_graph.number_of_nodes()
    in_ics = sum(1 for _, d in small_graph.nodes(data=True) if d.get("ics") == "QYG")
    page.uncheck("input.filter-ics[value='QYG']")
    hidden = page.evaluate("() => window.ecograph.nodes.get({filter: n => n.hidden}).length")
    assert hidden == in_ics
    assert page.inner_text("#visible-count") == f"Showing {total - in_ics:,} of {total:,}"
    page.click("button[data-none='kind']")
    assert page.evaluate("() => window.ecograph.nodes.get({filter: n => !n.hidden}).length") == 0
    page.click("button[data-all='kind']")
    page.click("button[data-all='ics']")
    assert page.evaluate("() => window.ecograph.nodes.get({filter: n => n.hidden}).length") == 0
    page.close()


@pytest.mark.browser
def test_rollup_page_says_so(browser, tmp_path: Path) -> None:
    g = clustered_graph(200, 7, n_ics=8, seed=11, extras=True, betweenness_k=20)
    assert g.number_of_nodes() > 1500
    path = render_map(g, tmp_path / "big.html", title="A big ecosystem")
    page, log, url = open_page(browser, path)
    notes = page.inner_text(".notes")
    assert "People rolled up into 200 organisations to keep the map readable and responsive" in notes
    state = _settled_state(page)
    assert state["nodes"] == state["drawn"] == 200 + 8 + 1  # organisations, partnerships, innovation
    assert state["physics"] is False
    screenshot(page, "map-rollup.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


@pytest.mark.browser
def test_atlas_page_offline(browser, tmp_path: Path) -> None:
    path = render_page(tmp_path / "atlas.html", title="Ecosystem atlas", subtitle="Fictional sample",
                       sections=[Section("At a glance", stats=[Stat("ICSs", 8), Stat("Gaps", 12, tone="warn")]),
                                 Section("ICSs", table=Table([{"ICS": Link("Devon", "QJK.html"), "Organisations": 31}]))])
    page, log, url = open_page(browser, path, wait_settled=False)
    assert page.inner_text("h1") == "Ecosystem atlas"
    screenshot(page, "atlas-page.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("n_orgs,per_org,n_ics,rolled", [(200, 6.4, 8, False), (1200, 7.3, 30, True)],
                         ids=["1500-nodes", "10000-nodes-rolled-up"])
def test_big_maps_settle(browser, tmp_path: Path, n_orgs: int, per_org: float, n_ics: int, rolled: bool) -> None:
    g = clustered_graph(n_orgs, per_org, n_ics=n_ics, seed=2, betweenness_k=100)
    start = time.perf_counter()
    path = render_map(g, tmp_path / "big.html", title=f"{g.number_of_nodes():,} nodes")
    render_s = time.perf_counter() - start
    start = time.perf_counter()
    page, log, url = open_page(browser, path)
    open_s = time.perf_counter() - start
    state = _settled_state(page)
    print(f"\n{g.number_of_nodes():,} nodes -> {state['nodes']:,} drawn: render {render_s:.1f}s, "
          f"settled {state['ms'] / 1000:.1f}s after the script started, {open_s:.1f}s after navigation, "
          f"{path.stat().st_size / 1e6:.1f} MB")
    assert ("People rolled up" in page.inner_text("body")) == rolled
    assert state["physics"] is False and open_s < 120
    screenshot(page, f"map-{g.number_of_nodes()}.png")
    assert log.foreign_requests(url) == [] and log.console_errors == []
    page.close()


@pytest.mark.parametrize("vision", ["normal", "deuteranomaly", "protanomaly", "achromatopsia"])
def test_kinds_stay_apart_in_any_colour_vision(vision: str) -> None:
    """Few colour families, each with its own shape: two families drawn in the same shape are
    far apart in colour (CAM02-UCS distance, Machado 2009 simulation at full severity; grey for
    achromatopsia); the gap mark is no family's colour."""
    colorspacious = pytest.importorskip("colorspacious")
    lg = legend()
    families = lg["families"]
    assert len(families) <= 6

    def seen(hex_colour: str):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        if vision == "achromatopsia":
            grey = colorspacious.cspace_convert(rgb, "sRGB1", "JCh")[0]
            return colorspacious.cspace_convert([grey, 0, 0], "JCh", "sRGB1").clip(0, 1)
        if vision == "normal":
            return rgb
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        return colorspacious.cspace_convert(rgb, cvd, "sRGB1").clip(0, 1)

    for i, a in enumerate(families):
        for b in families[i + 1:]:
            if a["shape"] == b["shape"]:
                assert colorspacious.deltaE(seen(a["colour"]), seen(b["colour"])) > 20, (a["label"], b["label"])
    shapes = [f["shape"] for f in families if f["id"] != "other"]
    assert len(set(shapes)) == len(shapes)  # shape is the second cue
    assert lg["marks"]["gap_border"].lower() not in {f["colour"].lower() for f in families}
