"""The national overview (`ecograph map` on a store of many ICSs) on a store made by
`import-ods` from real NHS extracts plus the sample, read back against the store with Cypher
written here independently of cypher/overview/."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from browser import chromium, open_page, screenshot
from ecograph.cli import main
from ecograph.demo import sample_folder
from ecograph.maps.overview import parse_measure, read_overview, unrecorded_text, wants_overview
from ecograph.store import StoreConfig, open_store

NHS = Path(__file__).parent / "data" / "nhs"


def _run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def national_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """import-ods (every trust, the GP practices of three ICBs: the extracts' paths are
    arguments) plus the sample on top."""
    store = tmp_path_factory.mktemp("ods") / "store"
    _run("import-ods", "--trusts", NHS / "ods_etr_trusts_2025.csv",
         "--gp-practices", NHS / "ods_epraccur_gp_practices_2025_subset.csv", "--store", store)
    _run("ingest", sample_folder(), "--store", store)
    return store


@pytest.fixture(scope="module")
def overview_file(national_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("overview") / "england.html"
    _run("map", "--store", national_store, "-o", out)  # the default view of a national store
    return out


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.circles: list[dict[str, str]] = []
        self.drill: list[str] = []
        self.scripts = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "a" and "drill" in (a.get("class") or ""):
            self._href = a["href"]
            self.drill.append(a["href"])
        if tag == "circle" and "data-ics" in a:
            self.circles.append({**a, "href": self._href or ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def _map_nodes(path: Path) -> list[dict]:
    """The nodes an interactive map embeds."""
    m = re.search(r'<script type="application/json" id="ecograph-data">(.*?)</script>',
                  path.read_text(encoding="utf-8"), re.S)
    assert m, f"no map data in {path}"
    return json.loads(m.group(1))["nodes"]


def _parse(path: Path) -> _Svg:
    parser = _Svg()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _cypher(store: Path, text: str, **params: object) -> list[dict]:
    with open_store(StoreConfig(path=store), read_only=True) as s:
        return s.run(text, params)


def test_one_circle_per_ics_and_no_script(national_store: Path, overview_file: Path) -> None:
    codes = {r["code"] for r in _cypher(national_store, "MATCH (i:ICS) RETURN i.code AS code")}
    assert len(codes) == 42
    page = _parse(overview_file)
    assert sorted(c["data-ics"] for c in page.circles) == sorted(codes)
    assert page.scripts == 0  # a static page: opens at once


def test_unrecorded_organisations_equal_a_cypher_count(national_store: Path, overview_file: Path) -> None:
    # open organisations of each ICS with no relationship at all besides their IN_ICS (import-ods
    # keeps closed ones as history, closed before today: the overview counts what is open today)
    rows = _cypher(national_store, """
        MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
        WHERE coalesce(o.closed, '') = ''
        OPTIONAL MATCH (o)-[r]-(x)
        WITH i, o, count(r) AS links
        WHERE links = 1
        RETURN i.code AS code, o.kind AS kind, count(o) AS n""")
    expected: dict[str, dict[str, int]] = {}
    for r in rows:
        expected.setdefault(r["code"], {})[r["kind"]] = r["n"]
    with open_store(StoreConfig(path=national_store), read_only=True) as s:
        overview = read_overview(s, "people")
    got = {s.code: s.unrecorded for s in overview.ics if s.unrecorded}
    assert got == expected
    assert sum(sum(v.values()) for v in expected.values()) > 100  # the GP practices of three ICBs
    html = overview_file.read_text(encoding="utf-8")
    cornwall = next(s for s in overview.ics if s.code == "QT6")
    assert unrecorded_text(cornwall.unrecorded) in html  # "… GP practices … with no links recorded"
    assert re.search(r"\d[\d,]* GP practices", unrecorded_text(cornwall.unrecorded))


def test_drill_down_links_open_each_recorded_ics_map(national_store: Path, overview_file: Path) -> None:
    page = _parse(overview_file)
    with_people = {r["code"] for r in _cypher(national_store, """
        MATCH (i:ICS)<-[:IN_ICS]-(:Organisation)<-[:WORKS_FOR]-(:Person) RETURN DISTINCT i.code AS code""")}
    linked = {c["data-ics"] for c in page.circles if c["href"]}
    assert linked == with_people == {"QYG", "QMJ"}
    for circle in page.circles:
        if circle["href"]:
            target = overview_file.parent / unquote(circle["href"])
            assert target.is_file()
            html = target.read_text(encoding="utf-8")
            assert f"({circle['data-ics']})" in html  # that ICS's own map
            assert 'href="../england.html"' in html  # and back


def test_adoption_measure_counts_adopters(national_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "adoption.html"
    _run("map", "--store", national_store, "--measure", "adoption:inn-005", "--no-drill-down", "-o", out)
    rows = _cypher(national_store, """
        MATCH (o:Organisation)-[:ADOPTED]->(n:Innovation) WHERE n.id = $id
        MATCH (o)-[:IN_ICS]->(i:ICS) RETURN i.code AS code, count(o) AS n""", id="INN-005")
    expected = {r["code"]: r["n"] for r in rows}
    assert expected
    values = {c["data-ics"]: float(c["data-value"]) for c in _parse(out).circles}
    assert {k: v for k, v in values.items() if v} == expected
    assert "Organisations that adopted Paediatric early warning score app" in out.read_text(encoding="utf-8")
    assert not (tmp_path / "adoption-ics").exists()  # --no-drill-down


@pytest.mark.parametrize("measure, message", [("busiest", "Unknown measure 'busiest'"),
                                              ("adoption:", "needs an innovation id"),
                                              ("adoption:INN-999", "No innovation with id 'INN-999'")])
def test_bad_measures_are_messages(national_store: Path, tmp_path: Path, measure: str, message: str) -> None:
    result = CliRunner().invoke(main, ["map", "--store", str(national_store), "--measure", measure,
                                       "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_auto_view_is_the_overview_from_two_icss(tmp_path: Path) -> None:
    """Issue 9: with more than one ICS the default map is the ICS overview (the sample has two),
    each circle opening its ICS's map; one ICS stays a network."""
    store = tmp_path / "sample"
    _run("ingest", sample_folder(), "--store", store)
    with open_store(StoreConfig(path=store), read_only=True) as s:
        assert wants_overview(s)
        codes = sorted(r["code"] for r in s.read_rows("spread/ics"))
    assert len(codes) == 2
    out = tmp_path / "m.html"
    printed = _run("map", "--store", store, "-o", out)
    svg = _parse(out)
    assert len(svg.circles) == 2 and svg.scripts == 0
    assert sorted(unquote(d) for d in svg.drill) == [f"m-ics/{c}.html" for c in codes]
    assert "2 ICS maps" in printed
    for c in codes:  # each drill-down map is the network of that ICS alone
        nodes = _map_nodes(tmp_path / "m-ics" / f"{c}.html")
        assert nodes and {n["info"].get("ics") for n in nodes if n["info"].get("ics")} == {c}
    one = tmp_path / "one"
    (one / "in").mkdir(parents=True)
    (one / "in" / "ics.csv").write_text("code,name,region\nQYG,Cheshire and Merseyside,North West\n")
    _run("ingest", one / "in", "--store", one / "store")
    with open_store(StoreConfig(path=one / "store"), read_only=True) as s:
        assert not wants_overview(s)


def test_the_overview_loads_no_interactive_map_library() -> None:
    """The overview is static SVG: drawing it needs no pyvis (nor the IPython pyvis imports)."""
    import subprocess
    import sys
    code = "import sys, ecograph.cli, ecograph.maps.overview; print(' '.join(sorted(sys.modules)))"
    loaded = {m.split(".")[0] for m in subprocess.run([sys.executable, "-c", code], capture_output=True,
                                                      text=True, check=True).stdout.split()}
    assert not loaded & {"pyvis", "IPython"}


def test_measure_parsing() -> None:
    assert parse_measure("gaps-per-organisation").decimals == 2
    assert parse_measure("adoption:INN-005").argument == "INN-005"
    assert parse_measure("recorded-share").format(0.25) == "25%"


@pytest.mark.browser
def test_overview_opens_fast_and_draws(overview_file: Path) -> None:
    with chromium() as browser:
        for width, height in ((1440, 900), (390, 844)):
            page, log, url = open_page(browser, overview_file, width=width, height=height, wait_settled=False)
            # the browser's own clock: from the start of navigation to the end of the load event
            opened = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            box = page.locator("svg.overview-map").bounding_box()
            circles = page.locator("svg.overview-map circle").count()
            labels = page.locator("svg.overview-map .ics-labels text").count()
            screenshot(page, f"overview-{width}x{height}.png")
            assert opened < 3.0, opened
            assert circles == 42 and labels >= 30
            assert box and box["width"] > 300 and box["height"] > 300
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # scaled, never sideways
            assert box["x"] + box["width"] <= width
            assert log.console_errors == [] and log.page_errors == [] and log.foreign_requests(url) == []
            page.close()
