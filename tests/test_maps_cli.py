"""`ecograph map`, `ecograph atlas` and `ecograph demo` on the sample ecosystem, read back
against the store (no browser: tests/test_maps_browser.py opens the files in chromium)."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.demo import sample_folder
from ecograph.analysis.ecosystem_brokers import find_brokers
from ecograph.graph import counts, load_graph
from ecograph.ingest import ingest
from ecograph.maps.ecosystem import Ecosystem, ecosystem_graph, gap_nodes, gap_rows, suggested_links
from ecograph.maps.render import _asset, map_data
from ecograph.store import StoreConfig, open_store
from present import present_counts

XSS_NAME = "<img src=x onerror=alert(1)>"
MAP_LABELS = ("Organisation", "Team", "Person", "Partnership", "Innovation")


def _data(html: str) -> dict:
    return map_data(html)


def _ours(html: str) -> str:
    """The file without the vendored library (which is not ours to check for names)."""
    return html.replace(_asset("vendor/vis-network.min.js"), "")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "store"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [sample_folder()])
    return path


@pytest.fixture(scope="module")
def store_facts(sample_store: Path) -> dict:
    """What the store holds, read back with load_graph and stats."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        n = {r["name"]: r["count"] for r in counts(store) if r["kind"] == "node"}
        g = load_graph(store)
        eco = Ecosystem(store)
        people_brokers, _ = find_brokers(store, "person", top=10)  # what `ecograph brokers` says
        facts = {
            "counts": n,
            # the maps show the ecosystem as of today: people in post, organisations open...
            "present": present_counts(sample_store),
            "people": {d["name"] for _, d in g.nodes(data=True) if d.get("label") == "Person"},
            "adopters": {u for u, v, d in g.edges(data=True) if d["relationship"] == "ADOPTED" and v == "INN-005"},
            "in_qyg": {u for u, v, d in g.edges(data=True) if d["relationship"] == "IN_ICS" and v == ("ICS", "QYG")},
            "brokers": [r["id"] for r in people_brokers],
            "gaps": gap_rows(eco),
            "gap_named": {n for r in eco.gaps() for n in gap_nodes(r, g)},
            "suggested": {frozenset(p) for r in eco.gaps() for p in suggested_links(r)},
        }
    return facts


def _nodes(html: str) -> dict[str, dict]:
    return {n["info"].get("key", n["info"]["name"]): n for n in _data(html)["nodes"]}


# --- ecograph map -------------------------------------------------------------------------------

def test_ics_and_its_icb_stay_two_nodes(sample_store: Path) -> None:
    """The sample's ICB organisations share their ICS's code (QYG, QMJ): load_graph keeps the
    ICS and the organisation apart, and the ICB is IN_ICS its ICS."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        g = load_graph(store)
        eco = Ecosystem(store)
        full = eco.full
    for code in ("QYG", "QMJ"):
        assert g.nodes[("ICS", code)]["label"] == "ICS" and g.nodes[("ICS", code)]["code"] == code
        assert g.nodes[code]["label"] == "Organisation" and g.nodes[code]["kind"] == "icb"
        assert g.has_edge(code, ("ICS", code), key="IN_ICS")
        assert full.nodes[code]["ics"] == code
    gap = {"subject_id": "QYG", "subject_label": "ICS", "object_id": "QMJ", "object_label": "ICS",
           "suggested_links": [["RBS", "REN"]]}
    assert gap_nodes(gap, g) == ["RBS", "REN"]  # not the ICBs that share the codes


@pytest.mark.parametrize("level", ["all", "organisation", "person"])
def test_a_map_of_one_ics_reads_that_ics_alone_and_draws_the_same(sample_store: Path, level: str) -> None:
    """An Ecosystem scoped to an ICS (what `ecograph map --ics` and the overview's drill-down use)
    draws the same nodes, attributes and links as the whole store cut to that ICS, without the
    people of the other ICS in memory."""
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        whole = Ecosystem(store)
        for code in sorted(whole.ics_names):
            scoped = Ecosystem(store, scope=code)
            a, b = ecosystem_graph(whole, level, code), ecosystem_graph(scoped, level, code)
            assert set(a.nodes) == set(b.nodes) and a.number_of_nodes() > 10
            for n, d in a.nodes(data=True):
                assert {k: v for k, v in d.items() if k != "group"} == {k: v for k, v in b.nodes[n].items() if k != "group"}, n
            assert {frozenset(e[:2]): e[2] for e in a.edges(data=True)} == {frozenset(e[:2]): e[2] for e in b.edges(data=True)}
            assert a.graph["title"] == b.graph["title"] and a.graph["notes"] == b.graph["notes"]
            others = {n for n, d in whole.full.nodes(data=True) if d.get("label") == "Person" and d.get("ics") not in (code, None)}
            held = {n for n, d in scoped.full.nodes(data=True) if d.get("label") == "Person"}
            # of the other ICS's people, only those linked to what it holds (a tie, a shared
            # partnership, an innovation they developed or champion) are read, not everyone
            mine = [n for n in scoped.full if n not in others]
            contacts = {m for n in mine for m in nx.all_neighbors(whole.full, n)}
            assert held - others and held & others <= contacts and len(held & others) < len(others)
            with pytest.raises(ValueError):
                ecosystem_graph(scoped, level, None)


def test_map_all_has_every_node_of_the_store(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    printed = _run("map", "--store", sample_store, "--view", "network", "-o", out)  # two ICSs: else the overview
    assert str(out) in printed
    html = out.read_text(encoding="utf-8")
    data = _data(html)
    # one node per organisation, team, person, partnership, innovation present today (the sample's
    # history has someone who left and partnerships that ended)
    present = store_facts["present"]
    assert sum(present.values()) < sum(store_facts["counts"][label] for label in MAP_LABELS)
    assert len(data["nodes"]) == sum(present.values())
    types = {}
    for n in data["nodes"]:
        types[n["info"]["type"]] = types.get(n["info"]["type"], 0) + 1
    assert types == present
    assert "<script src" not in html and not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


@pytest.mark.parametrize("level,label", [("organisation", "Organisation"), ("person", "Person")])
def test_map_levels(sample_store: Path, store_facts: dict, tmp_path: Path, level: str, label: str) -> None:
    out = tmp_path / f"{level}.html"
    _run("map", "--store", sample_store, "--level", level, "-o", out)
    nodes = _data(out.read_text(encoding="utf-8"))["nodes"]
    assert len(nodes) == store_facts["present"][label]
    assert {n["info"]["type"] for n in nodes} == {label}


def test_brokers_are_ringed_and_sized_by_betweenness(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "people.html"
    _run("map", "--store", sample_store, "--level", "person", "-o", out)
    nodes = _nodes(out.read_text(encoding="utf-8"))
    ringed = {k for k, n in nodes.items() if n["info"].get("broker")}
    assert ringed == set(store_facts["brokers"])
    assert {"P001", "P015", "P147", "P124"} <= ringed  # the sample's story
    biggest = max(nodes.values(), key=lambda n: n["size"])
    assert biggest["info"]["key"] == "P001" and biggest["info"]["betweenness"] > 0.5
    assert biggest["info"]["why"].startswith("The #1 connector of the 211 people that have links here")
    assert biggest["info"]["method"].startswith("Broker #1 of 211 people with links: Sits on 51% of shortest paths "
                                                "between connected pairs")
    assert biggest["info"]["ics"] == "QYG" and biggest["info"]["kind"] == "health-innovation-network"


def test_map_of_one_ics(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "qyg.html"
    _run("map", "--store", sample_store, "--ics", "QYG", "--level", "organisation", "-o", out)
    html = out.read_text(encoding="utf-8")
    nodes = _nodes(html)
    assert set(nodes) == store_facts["in_qyg"]
    assert "Cheshire and Merseyside" in html


@pytest.mark.parametrize("args,closest", [(["--ics", "QYH"], "QYG"), (["--innovation", "INN-05"], "INN-005"),
                                          (["--innovation", "early warning"], "INN-005")])
def test_unknown_ids_name_the_closest(sample_store: Path, tmp_path: Path, args: list[str], closest: str) -> None:
    result = CliRunner().invoke(main, ["map", "--store", str(sample_store), *args, "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "No " in result.output and closest in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()


def test_innovation_map_roles_and_routes(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "inn5.html"
    _run("map", "--store", sample_store, "--innovation", "INN-005", "-o", out)
    html = out.read_text(encoding="utf-8")
    data = _data(html)
    nodes = _nodes(html)
    role = {k: n["info"].get("role") for k, n in nodes.items()}
    assert role["RBS"] == "developer" and role["RBS-DIGITAL"] == "developer" and role["P015"] == "developer"
    assert {k for k, r in role.items() if r == "adopter"} == store_facts["adopters"] - {"RBS"}
    candidates = {k for k, r in role.items() if r == "candidate"}
    assert "RP4" in candidates  # the untapped route into the other ICS
    assert 10 <= len(candidates) <= 12
    assert nodes["RP4"]["info"]["score"] > 0 and "Could adopt" in nodes["RP4"]["info"]["why"]
    routes = [e for e in data["edges"] if e["info"].get("route")]
    ids = {n["id"]: n["info"].get("key") for n in data["nodes"]}
    ends = {ids[e["from"]] for e in routes} | {ids[e["to"]] for e in routes}
    assert "RP4" in ends and candidates <= ends
    assert data["rolesPresent"] and "Could adopt next" in html
    assert "Where could Paediatric early warning score app (INN-005) spread next?" in html


def test_innovation_map_at_organisation_level_draws_routes_through_people(sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "inn4.html"
    _run("map", "--store", sample_store, "--innovation", "INN-004", "--level", "organisation", "-o", out)
    data = _data(out.read_text(encoding="utf-8"))
    types = {n["info"]["type"] for n in data["nodes"] if n["info"].get("role") == "route"}
    assert types  # the hops of the warm routes are on the map, whatever their kind
    assert any(e["info"].get("route") for e in data["edges"])


def test_highlight_gaps(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "gaps.html"
    _run("map", "--store", sample_store, "--highlight", "gaps", "-o", out)
    html = out.read_text(encoding="utf-8")
    data = _data(html)
    nodes = _nodes(html)
    marked = {k for k, n in nodes.items() if n["info"].get("gap")}
    assert marked == store_facts["gap_named"]
    for code in ("RJN", "RY2", "RNK", "RET", "RP6", "SC-RIVERSIDE", "INN-007", "P015", "P147"):  # the sample's story
        assert code in marked, code
    assert "No innovation lead: East Cheshire" in nodes["RJN"]["info"]["gap"]
    ids = {n["id"]: n["info"].get("key") for n in data["nodes"]}
    # the people level's own links (the organisation level draws the same suggestions between organisations)
    dashed = {frozenset((ids[e["from"]], ids[e["to"]])) for e in data["edges"]
              if e["info"].get("dashed") and e["info"].get("layer") != "org"}
    assert dashed and dashed <= store_facts["suggested"]
    assert frozenset(("RP6", "AHSN-UCLP")) in dashed  # Moorfields with its health innovation network
    assert all(e.get("dashes") for e in data["edges"] if e["info"].get("dashed"))
    assert "Gaps in the innovation ecosystem" in html


def test_highlight_brokers(sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "brokers.html"
    _run("map", "--store", sample_store, "--highlight", "brokers", "-o", out)
    nodes = _nodes(out.read_text(encoding="utf-8"))
    assert sum(1 for n in nodes.values() if n["info"].get("broker")) > 15


def test_redact_people_everywhere(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    out = tmp_path / "red.html"
    _run("map", "--store", sample_store, "--innovation", "INN-005", "--redact-people", "-o", out)
    html = _ours(out.read_text(encoding="utf-8"))
    leaked = [name for name in store_facts["people"] if name in html]
    assert leaked == []
    nodes = _data(out.read_text(encoding="utf-8"))["nodes"]
    p015 = next(n for n in nodes if n["info"]["type"] == "Person" and "Paediatric Intensive Care" in n["info"]["name"])
    assert p015["info"]["name"].endswith("at Alder Hey Children's NHS Foundation Trust")
    assert "key" not in p015["info"]  # not even the person's id
    rp4 = next(n for n in nodes if n["info"].get("key") == "RP4")
    assert "Consultant Paediatric Intensivist at Great Ormond Street" in rp4["info"]["why"]  # route text, redacted


def test_open_opens_the_file(sample_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url))
    out = tmp_path / "o.html"
    _run("map", "--store", sample_store, "--level", "organisation", "-o", out, "--open")
    assert opened == [out.resolve().as_uri()]


def test_markup_in_a_name_stays_text_in_the_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    with open(extra / "organisations.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "name", "kind", "ics"], ["SME-XSS", XSS_NAME, "sme", "QYG"]])
    store = tmp_path / "store"
    _run("ingest", sample_folder(), "--store", store)
    _run("ingest", extra, "--store", store)
    out = tmp_path / "xss.html"
    _run("map", "--store", store, "--view", "network", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert XSS_NAME in {n["info"]["name"] for n in _data(html)["nodes"]}


# --- ecograph atlas -----------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for k, v in attrs:
            if k == "href" and v is not None:
                self.hrefs.append(v)
            if k == "src" and v is not None:
                self.srcs.append(v)


def atlas_links(folder: Path) -> dict[Path, list[str]]:
    """Every page of an atlas and the links on it."""
    out = {}
    for page in sorted(folder.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        # the only scripts a page loads are the atlas's one copy of the map library and script
        assert {(page.parent / src).resolve() for src in parser.srcs} <= {
            (folder / "assets" / name).resolve() for name in ("vis-network.min.js", "map.js")}, (page, parser.srcs)
        out[page] = parser.hrefs
    return out


@pytest.fixture(scope="module")
def atlas_folder(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas") / "atlas"
    printed = _run("atlas", "--store", sample_store, "-o", folder)
    assert str(folder / "index.html") in printed
    return folder


def test_atlas_pages_and_links(atlas_folder: Path, store_facts: dict) -> None:
    pages = atlas_links(atlas_folder)
    names = {p.relative_to(atlas_folder).as_posix() for p in pages}
    innovations = store_facts["counts"]["Innovation"]
    assert {"index.html", "map.html", "brokers.html", "brokers-map.html", "gaps.html", "gaps-map.html",
            "ics/QYG.html", "ics/QMJ.html", "innovations/INN-005.html", "innovations/INN-005-map.html"} <= names
    assert {"hubs.html", "barriers.html"} <= names  # ecograph/maps/atlas_hubs.py
    assert "changes.html" in names  # ecograph/maps/atlas_history.py
    assert len(names) == 9 + 2 * store_facts["counts"]["ICS"] + 2 * innovations  # an ICS or innovation: a page and a map
    reached = {atlas_folder / "index.html"}
    for page, hrefs in pages.items():
        for href in hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (page, href)
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page, href)
            reached.add(target)
    assert {p.resolve() for p in pages} <= reached  # every page is linked from somewhere


def test_atlas_index_has_the_numbers(atlas_folder: Path, store_facts: dict, sample_store: Path) -> None:
    """The index counts what was present on its date (today), as `stats --as-of` today does."""
    import json
    from datetime import date

    html = (atlas_folder / "index.html").read_text(encoding="utf-8")
    done = CliRunner().invoke(main, ["stats", "--store", str(sample_store), "--as-of", date.today().isoformat(),
                                     "--format", "json"])
    present = {r["name"]: r["count"] for r in json.loads(done.stdout) if r["kind"] == "node"}
    assert present.keys() == store_facts["counts"].keys() and present != store_facts["counts"]  # someone left
    for label, n in present.items():
        assert f'<div class="value">{n:,}</div>' in html, label
    assert "Morag Dewhurst" in html and "Torin Turton" in html  # top brokers
    assert "Cheshire and Merseyside (QYG)" in html and "North Central London (QMJ)" in html
    assert 'href="innovations/INN-005.html"' in html and 'href="ics/QYG.html"' in html
    assert "Gaps by rule" in html
    page = (atlas_folder / "innovations" / "INN-005.html").read_text(encoding="utf-8")
    assert "Great Ormond Street Hospital for Children NHS Foundation Trust" in page
    assert 'href="INN-005-map.html"' in page and 'href="../index.html"' in page


def test_atlas_redacted_has_no_names(sample_store: Path, store_facts: dict, tmp_path: Path) -> None:
    folder = tmp_path / "red"
    _run("atlas", "--store", sample_store, "-o", folder, "--redact-people")
    leaks = {}
    for page in folder.rglob("*.html"):
        text = _ours(page.read_text(encoding="utf-8"))
        found = [n for n in store_facts["people"] if n in text]
        if found:
            leaks[page.name] = found[:3]
    assert leaks == {}
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Head of Adoption and Spread at Innovation Agency" in index  # P001, by role


def test_a_candidate_on_another_candidates_route_is_drawn_as_a_candidate(sample_store: Path) -> None:
    # CH-MERSEYMUMS is one of INN-006's best candidates in QYG and on the warm route to another:
    # it is drawn (and counted in the legend) as a candidate, its own reason said first
    from ecograph.maps.ecosystem import TOP_CANDIDATES, chosen_candidates
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        eco = Ecosystem(store)
        g = ecosystem_graph(eco, "all", "QYG", "INN-006")
        chosen = [r["id"] for r in chosen_candidates(eco.spread("INN-006", "QYG"), TOP_CANDIDATES) if r["id"] in g]
    on_routes = {n for n, d in g.nodes(data=True) if "On the warm route" in (d.get("why") or "")}
    assert "CH-MERSEYMUMS" in on_routes and "CH-MERSEYMUMS" in chosen
    assert sorted(n for n, d in g.nodes(data=True) if d.get("role") == "candidate") == sorted(chosen)
    assert g.nodes["CH-MERSEYMUMS"]["why"].startswith("Could adopt")


def test_library_graph_matches_the_cli(sample_store: Path) -> None:
    with open_store(StoreConfig(path=sample_store), read_only=True) as store:
        g = ecosystem_graph(store, "organisation", ics="QMJ", innovation="INN-005")
    assert g.graph["innovation"] == "INN-005" and g.nodes["RP4"]["role"] == "candidate"
    assert g.nodes["PS-016"]["role"] == "route" and g.nodes["RBS"]["role"] == "developer"  # from the other ICS
    assert {d["ics"] for n, d in g.nodes(data=True) if d["label"] == "Organisation" and "role" not in d} == {"QMJ"}
    with pytest.raises(ValueError):
        ecosystem_graph(Path("x"), "teams")  # type: ignore[arg-type]


# --- ecograph demo ------------------------------------------------------------------------------

def test_demo_writes_map_and_atlas_and_tells_the_story(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path / "demo")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    printed = result.output
    map_path, atlas_index = tmp_path / "demo" / "map.html", tmp_path / "demo" / "atlas" / "index.html"
    assert map_path.is_file() and atlas_index.is_file()
    assert str(map_path.resolve()) in printed and str(atlas_index.resolve()) in printed
    assert "Morag Dewhurst" in printed and "Oisin Sutcliffe" in printed  # top brokers
    assert "Gaps" in printed
    assert "INN-005" in printed and "RBS -MEMBER_OF-> PS-016 <-MEMBER_OF- RP4" in printed  # fits in 200
    words = " ".join(printed.split())  # paragraphs are wrapped to the width
    assert "Untapped, in an ICS where nobody has adopted it yet: Great Ormond Street" in words
    assert "Oisin Sutcliffe (Alder Hey Children's NHS Foundation Trust) knows Ottilie Cottingham" in words
    assert max(len(line) for line in printed.splitlines()) <= 200


def test_map_and_atlas_of_an_ods_only_store(tmp_path: Path) -> None:
    """Organisations from the ODS extracts only: no people, links, innovations or brokers."""
    nhs = Path(__file__).parent / "data" / "nhs"
    store = tmp_path / "ods"
    _run("import-ods", "--trusts", nhs / "ods_etr_trusts_2025.csv",
         "--gp-practices", nhs / "ods_epraccur_gp_practices_2025_subset.csv", "--ics", "QYG", "--store", store)
    orgs = present_counts(store)["Organisation"]  # open today: import-ods keeps the closed ones as history
    out = tmp_path / "ods.html"
    _run("map", "--store", store, "--level", "organisation", "-o", out)
    assert len(_data(out.read_text(encoding="utf-8"))["nodes"]) == orgs > 0
    folder = tmp_path / "atlas"
    _run("atlas", "--store", store, "-o", folder)
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "No innovations are recorded yet" in index and "so none brokers" in index
    for page, hrefs in atlas_links(folder).items():
        for href in hrefs:
            assert (page.parent / unquote(urlsplit(href).path)).is_file(), (page, href)


def test_ids_in_any_case(sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "lower.html"
    _run("map", "--store", sample_store, "--ics", "qmj", "--innovation", "inn-005", "--level", "organisation", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "(INN-005) spread next?" in html and "North Central London (QMJ)" in html
