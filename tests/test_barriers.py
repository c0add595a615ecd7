"""Barriers agreed with stakeholders beside the gaps that support them: on the sample, on
random ecosystems (against a computation from the definition), and ``ecograph barriers``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from ecograph import model
from ecograph.analysis.barriers import AGENDA_COLUMNS, CATEGORY_WORDS, agenda
from ecograph.analysis.gap_rules import RULES
from ecograph.analysis.gaps import find_gaps
from ecograph.cli import main
from ecograph.ingest import ingest
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem

SAMPLE = REPO_ROOT / "ingest" / "sample"


def test_every_rule_names_a_category_but_the_mapping_gap() -> None:
    for rule in RULES.values():
        assert (rule.category in model.BARRIER_CATEGORIES) == (rule.kind != "mapping"), rule.name
    assert set(CATEGORY_WORDS) == set(model.BARRIER_CATEGORIES)


def expect(store, ics: str | None = None) -> dict[tuple[str, str, str], set]:
    """(ics, category, barrier id or "") -> the (rule, subject, object) of the gaps that support it."""
    gaps = find_gaps(store, ics=ics)
    barriers = store.run("MATCH (b:Barrier)-[:BARRIER_IN]->(i:ICS) OPTIONAL MATCH (b)-[:CONCERNS]->(x) "
                         "RETURN b.id AS id, i.code AS ics, b.category AS category, x.id AS subject")
    out = {}
    for b in barriers:
        if ics is not None and b["ics"] != ics:
            continue
        found = set()
        for g in gaps:
            about = b["subject"] in (g["subject_id"], g["object_id"]) if b["subject"] else \
                g["subject_label"] == "ICS" and g["subject_id"] == b["ics"]
            same = g["barrier_category"] == b["category"] and b["ics"] in g["ics"].split(";")
            if about or same:
                found.add((g["rule"], g["subject_id"], g["object_id"]))
        out[(b["ics"], b["category"], b["id"])] = found
    agreed = {(i, c) for i, c, _ in out}
    for g in gaps:
        for code in g["ics"].split(";"):
            if g["barrier_category"] and (ics is None or code == ics) and (code, g["barrier_category"]) not in agreed:
                out.setdefault((code, g["barrier_category"], ""), set()).add((g["rule"], g["subject_id"], g["object_id"]))
    return out


def check(store, ics: str | None = None) -> list[dict]:
    rows = agenda(store, ics=ics)
    assert all(tuple(r) == AGENDA_COLUMNS for r in rows)
    found = {(r["ics"], r["category"], r["id"]): {(g["rule"], g["subject_id"], g["object_id"]) for g in r["gaps"]}
             for r in rows}
    assert found == expect(store, ics)
    for r in rows:
        assert r["same_subject"] + r["same_category"] == len(r["gaps"])
        assert bool(r["id"]) or r["description"].startswith("No barrier agreed yet")
    assert rows == sorted(rows, key=lambda r: (r["ics"], r["category"], r["id"] == "", r["id"]))
    return rows


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("barriers") / "s"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [SAMPLE])
        yield store, path


def test_sample(sample) -> None:
    store, _ = sample
    rows = {r["id"]: r for r in check(store) if r["id"]}
    assert set(rows) == {"BAR-001", "BAR-002", "BAR-003", "BAR-004", "BAR-005"}
    # the Walton Centre's agreed barrier is supported by its own gap: no formal HIN partnership
    assert ("specialist_without_hin_partnership", "RET", None) in {
        (g["rule"], g["subject_id"], g["object_id"]) for g in rows["BAR-001"]["gaps"]}
    assert rows["BAR-001"]["same_subject"] >= 1 and rows["BAR-004"]["category"] == "network-bottlenecks"
    assert rows["BAR-003"]["subject_label"] == "ICS"  # about the ICS as a whole
    check(store, "QMJ")


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("random-barriers") / "s")) as store:
        yield store


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10))
def test_random_ecosystems(shared_store, seed: int) -> None:
    shared_store.run("MATCH (n) DETACH DELETE n", write=True)
    ingest_rows(shared_store, random_ecosystem(seed))
    check(shared_store)


def test_cli(sample) -> None:
    store, path = sample
    runner = CliRunner()
    done = runner.invoke(main, ["barriers", "--store", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert [r["id"] for r in json.loads(done.stdout)] == [r["id"] for r in agenda(store)]
    table = runner.invoke(main, ["barriers", "--store", str(path), "--ics", "QYG"])
    assert table.exit_code == 0 and "BAR-001" in table.output and "BAR-004" not in table.output
    assert "agreed barriers" in table.output


@pytest.mark.slow
def test_atlas_pages(tmp_path) -> None:
    """The atlas has a hubs and a barriers page, linked from the index; text is escaped."""
    from ecograph.maps.atlas import write_atlas
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "barriers.csv").write_text(
        "id,ics,subject,category,description\nBAR-X,QYG,RBS,skills,<script>alert(1)</script> & no time\n",
        encoding="utf-8")
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        ingest(store, [extra])
        index = write_atlas(store, tmp_path / "atlas")
    index_html = index.read_text(encoding="utf-8")
    assert 'href="hubs.html"' in index_html and 'href="barriers.html"' in index_html
    hubs_html = (tmp_path / "atlas" / "hubs.html").read_text(encoding="utf-8")
    assert "HUB-CM" in hubs_html and "27 of 33" in hubs_html
    barriers_html = (tmp_path / "atlas" / "barriers.html").read_text(encoding="utf-8")
    assert "BAR-001" in barriers_html and "capacities, skills and leadership" in barriers_html
    assert "<script>alert" not in barriers_html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; no time" in barriers_html
