"""`ecograph atlas`: pages that read without script, one gap count, plain words, focused
innovation maps, collision-free page names, a folder it only cleans up after itself, and a
size that can be emailed. Read back against the store and the analyses."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import XSS_NAME, chromium, open_page, screenshot
from ecograph.analysis.gaps import find_gaps
from ecograph.analysis.spread import spread_routes
from ecograph.cli import main
from ecograph.demo import sample_folder
from ecograph.errors import NotOursError
from ecograph.ingest import ingest
from ecograph.maps.atlas import plain_route, write_atlas
from ecograph.maps.atlas_pages import OwnedFolder, page_name, unique_names
from ecograph.maps.ecosystem import TOP_CANDIDATES, chosen_candidates
from ecograph.maps.render import map_data
from ecograph.store import StoreConfig, open_store
from test_maps_cli import sample_store  # noqa: F401  (the sample in a store, once per module)

#: Ids that collide under a naive slug, a "-map" suffix, case folding or Windows' reserved names.
AWKWARD_IDS = ["INN/9", "INN_9", "inn_9", "INN 9", "INN-9", "INN-9-map", "INN-9-MAP", "CON", "con",
               "../etc", "a" * 120, "a" * 121, "INN-9.map", "ÄÖ-1", "ao-1"]


def _run(*args: object, code: int = 0) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def atlas(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atlas") / "atlas"
    _run("atlas", "--store", sample_store, "-o", folder)
    return folder


def _pages(folder: Path) -> list[Path]:
    """The atlas's pages (not its interactive maps)."""
    return [p for p in folder.rglob("*.html") if not p.name.endswith("-map.html") and p.name != "map.html"]


# --- names ------------------------------------------------------------------------------------

def test_page_names_never_collide() -> None:
    names = unique_names(AWKWARD_IDS)
    stems = [names[i] for i in AWKWARD_IDS] + [names[i] + "-map" for i in AWKWARD_IDS]
    assert len({s.lower() for s in stems}) == len(stems)  # distinct even where case is ignored
    for stem in stems:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", stem) and not stem.startswith(".")
        assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert page_name("QYG") == "QYG" and page_name("INN-005") == "INN-005"  # plain ids stay readable


def test_atlas_of_awkward_ids_writes_one_page_each(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    ids = ["INN/9", "INN_9", "INN-9", "INN-9-map", "inn-9"]
    with open(data / "innovations.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "kind"])
        for i, ident in enumerate(ids):
            w.writerow([ident, f"Innovation number {i}", "digital"])
    store = tmp_path / "store"
    with open_store(StoreConfig(path=store)) as s:
        ingest(s, [sample_folder()])
        ingest(s, [data])
    folder = tmp_path / "atlas"
    _run("atlas", "--store", store, "-o", folder)
    for i, ident in enumerate(ids):
        page = folder / "innovations" / f"{page_name(ident)}.html"
        assert f"Innovation number {i}" in page.read_text(encoding="utf-8"), ident
        assert (folder / "innovations" / f"{page_name(ident)}-map.html").is_file()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="innovations/{page_name(i)}.html"' in index for i in ids)


# --- the folder ---------------------------------------------------------------------------------

def test_owned_folder_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    first = OwnedFolder(folder, "atlas")
    first.path("a.html").write_text("a")
    first.path("sub/b.html").write_text("b")
    first.finish()
    second = OwnedFolder(folder, "atlas")
    second.path("a.html").write_text("a2")
    assert second.finish() == ["a.html"]
    assert (folder / "a.html").read_text() == "a2" and not (folder / "sub").exists()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(NotOursError, match="notes.txt"):
        OwnedFolder(folder, "atlas")
    forced = OwnedFolder(folder, "atlas", force=True)
    forced.finish()
    assert (folder / "notes.txt").read_text() == "mine"  # kept, even with force


def test_atlas_refuses_a_folder_with_other_files(sample_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "budget.xlsx").write_text("not an atlas")
    out = _run("atlas", "--store", sample_store, "-o", folder, code=1)
    assert "budget.xlsx" in out and "--force" in out and "Traceback" not in out
    assert sorted(p.name for p in folder.iterdir()) == ["budget.xlsx"]  # nothing written


def test_rewriting_an_atlas_removes_its_stale_pages(sample_store: Path, atlas: Path, tmp_path: Path) -> None:
    import shutil
    folder = tmp_path / "again"
    shutil.copytree(atlas, folder)
    manifest = folder / ".ecograph-atlas.json"
    data = json.loads(manifest.read_text())
    data["files"].append("innovations/INN-OLD.html")  # a page an earlier atlas wrote
    manifest.write_text(json.dumps(data))
    (folder / "innovations" / "INN-OLD.html").write_text("old")
    _run("atlas", "--store", sample_store, "-o", folder)
    assert not (folder / "innovations" / "INN-OLD.html").exists()
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == \
        sorted(json.loads(manifest.read_text())["files"] + [".ecograph-atlas.json"])


# --- what the pages say -----------------------------------------------------------------------

def test_every_page_opens_with_a_picture_of_its_map(atlas: Path) -> None:
    # index, brokers, gaps; 2 ICSs; 12 innovations (hubs, barriers and what changed are tables, with no map)
    pages = [p for p in _pages(atlas) if p.name not in ("hubs.html", "barriers.html", "changes.html")]
    assert len(pages) == 3 + 2 + 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        main = html[html.index('<main'):]
        first = main.index('<section')
        assert main.index("<svg", first) < main.index("</section>", first), page  # in the first section
        assert "<script" not in html


def test_one_gap_count_equal_to_ecograph_gaps(sample_store: Path, atlas: Path) -> None:
    with open_store(StoreConfig(path=sample_store), read_only=True) as s:
        gaps = find_gaps(s)
    listed = json.loads(_run("gaps", "--store", sample_store, "--format", "json"))
    assert len(listed) == len(gaps)
    index = (atlas / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<div class="value">{len(gaps):,}</div>\s*<div class="label">Gaps found</div>', index)
    gaps_page = (atlas / "gaps.html").read_text(encoding="utf-8")
    assert f"{len(gaps):,} gaps found" in gaps_page
    for code in ("QYG", "QMJ"):
        mine = [g for g in gaps if code in str(g["ics"]).split(";")]
        page = (atlas / "ics" / f"{code}.html").read_text(encoding="utf-8")
        counts = set(re.findall(r"([\d,]+) gaps name this ICS", page))
        assert counts == {f"{len(mine):,}"}, code
    cross = [g for g in gaps if ";" in str(g["ics"])]
    if cross:
        assert f"{len(cross):,} of the gaps are between two ICSs" in gaps_page


def _visible_text(html: str) -> str:
    """Page text outside the closed "How this was worked out" section."""
    html = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_speak_plainly(atlas: Path) -> None:
    for page in _pages(atlas):
        text = _visible_text(page.read_text(encoding="utf-8"))
        for jargon in ("KNOWS", "MEMBER_OF", "WORKS_FOR", "betweenness", "Betweenness", "constraint",
                       "KADABRA", "Louvain", "Leiden", "spread score", "acute-trust", "specialist-trust"):
            assert jargon not in text, (page.name, jargon)
        assert ">Score<" not in page.read_text(encoding="utf-8")  # no column of raw scores
    inn = (atlas / "innovations" / "INN-005.html").read_text(encoding="utf-8")
    assert "How this was worked out" in inn and "<details" in inn
    assert "Children&#39;s Hospitals Digital Alliance (a partnership they are in) → Great Ormond Street" in inn


def test_plain_route() -> None:
    route = [{"id": "RBS", "name": "Alder Hey", "label": "Organisation", "relationship": None},
             {"id": "P015", "name": "Oisin Sutcliffe", "label": "Person", "relationship": "WORKS_FOR"},
             {"id": "P147", "name": "Ottilie Cottingham", "label": "Person", "relationship": "KNOWS"},
             {"id": "RP4", "name": "Great Ormond Street", "label": "Organisation", "relationship": "WORKS_FOR"}]
    assert plain_route(route) == ("Alder Hey → Oisin Sutcliffe (works there) → knows Ottilie Cottingham → "
                                  "Great Ormond Street (where they work)")


def test_innovation_maps_hold_only_what_matters(sample_store: Path, atlas: Path) -> None:
    with open_store(StoreConfig(path=sample_store), read_only=True) as s:
        for inn in ("INN-005", "INN-001"):
            rows = spread_routes(s, inn)
            adoption = s.run("MATCH (o)-[r]->(n:Innovation) WHERE n.id = $id RETURN o.id AS id", {"id": inn})
            wanted = {inn} | {r["id"] for r in adoption}
            for r in chosen_candidates(rows, TOP_CANDIDATES):
                wanted |= {h["id"] for h in r["route"]}
            html = (atlas / "innovations" / f"{inn}-map.html").read_text(encoding="utf-8")
            data = map_data(html)
            keys = {n["info"]["key"] for n in data["nodes"]}
            # developers may be teams or people: their organisation is drawn too
            extra = keys - wanted
            assert all(n["info"].get("role") == "developer" for n in data["nodes"] if n["info"]["key"] in extra), extra
            assert len(keys) < 80


def test_names_are_text_in_pictures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "organisations.csv").write_text(f'id,name,kind,ics\nXSS1,"{XSS_NAME}",acute-trust,QYG\n', encoding="utf-8")
    (data / "people.csv").write_text("id,name,organisation,job_title\nPX1,Ann Example,XSS1,Lead\n", encoding="utf-8")
    (data / "ties.csv").write_text("person_a,person_b\nPX1,P001\n", encoding="utf-8")
    store = tmp_path / "store"
    with open_store(StoreConfig(path=store)) as s:
        ingest(s, [sample_folder()])
        ingest(s, [data])
        write_atlas(s, tmp_path / "atlas")
    for page in (tmp_path / "atlas").rglob("*.html"):
        assert "<img src=x" not in page.read_text(encoding="utf-8"), page


def test_sample_atlas_is_small(atlas: Path) -> None:
    total = sum(p.stat().st_size for p in atlas.rglob("*") if p.is_file())
    assert total < 20 * 2**20, total
    shared = [atlas / "assets" / name for name in ("vis-network.min.js", "map.js", "map.css")]
    assert all(f.is_file() for f in shared)
    maps = [p for p in atlas.rglob("*.html") if 'id="ecograph-data"' in p.read_text(encoding="utf-8")]
    assert len(maps) > 10
    for page in maps:  # one copy of the library, script and styles, not one per map
        html = page.read_text(encoding="utf-8")
        assert all(f.read_text(encoding="utf-8")[:2000] not in html for f in shared), page
        up = "../" * len(page.relative_to(atlas).parts[:-1])
        assert f'<script src="{up}assets/map.js">' in html and f'href="{up}assets/map.css"' in html, page


@pytest.mark.browser
def test_atlas_pages_and_maps_in_a_browser(atlas: Path) -> None:
    with chromium() as browser:
        for width, height in ((1440, 900), (390, 844)):
            for rel, shot in (("innovations/INN-005.html", "atlas-innovation"), ("ics/QMJ.html", "atlas-ics"),
                              ("index.html", "atlas-index")):
                page, log, url = open_page(browser, atlas / rel, width=width, height=height, wait_settled=False)
                box = page.locator("svg.map-picture").first.bounding_box()
                assert box and box["width"] > 300 and box["height"] > 150
                # the picture scales to the width: a phone never scrolls the page sideways
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                assert box["x"] >= 0 and box["x"] + box["width"] <= width
                assert log.console_errors == [] and log.page_errors == [] and log.foreign_requests(url) == []
                screenshot(page, f"{shot}-{width}x{height}.png")
                page.close()
        # a map loads the shared library and draws
        page, log, url = open_page(browser, atlas / "innovations" / "INN-005-map.html", timeout_ms=120_000)
        assert log.console_errors == [] and log.page_errors == []
        assets = {p.resolve().as_uri() for p in (atlas / "assets").iterdir()}
        assert set(log.foreign_requests(url)) == assets  # the shared library, script and styles only
        page.close()


def test_an_innovations_adopters_are_listed_by_date(sample_store: Path, atlas: Path) -> None:
    """Each innovation page lists its adopters by the date they adopted it (then by name), not
    in the order the store returns them, which may change from one run to the next."""
    import re
    checked = 0
    for page in sorted((atlas / "innovations").glob("INN-*.html")):
        if page.name.endswith("-map.html"):
            continue
        html = page.read_text(encoding="utf-8")
        section = html.split("<h2>Adopted by</h2>", 1)[1].split("</section>", 1)[0]
        rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)]
        rows = [r for r in rows if r]
        keys = [(r[-1], r[0].lower()) for r in rows]  # Date is the last column, Organisation the first
        assert keys == sorted(keys), page.name
        checked += len(rows) > 1 and len({r[-1] for r in rows}) > 1
    assert checked  # some page lists adopters on different dates
