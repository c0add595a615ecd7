"""What changed between two dates (ecograph.analysis.changes, ecograph changes, the atlas page).

* On random dated ecosystems loaded through the CSV contract, the dated facts and the undated
  counts equal an independent computation from the spreadsheet rows; the gap and broker rows
  are exactly the differences between ``find_gaps`` / ``find_brokers`` as of each date.
* A hand-made ecosystem where a formal partnership with the health innovation network ends and
  an innovation lead starts: one gap opens, another closes.
* The sample's year of history (ingest/sample/README.md), the command in every format and the
  atlas "What changed" page in plain words.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from random_ecosystem import ingest_rows, random_ecosystem

from ecograph.analysis.changes import CHANGE_COLUMNS, changes, dated_changes
from ecograph.analysis.ecosystem_brokers import find_brokers
from ecograph.analysis.gaps import find_gaps
from ecograph.analysis.record import read_record
from ecograph.cli import main
from ecograph.errors import OptionError
from ecograph.ingest import ingest
from ecograph.maps.atlas import write_atlas
from ecograph.store import StoreConfig, open_store

SAMPLE = REPO_ROOT / "ingest" / "sample"
SINCE, UNTIL = "2025-11-30", "2026-11-30"  # the sample's year of history


def expected_facts(rows: dict[str, list[dict[str, str]]], since: str, until: str) -> tuple[set, dict]:
    """(what, change, date, id) of every fact dated in the window, and the undated counts, from the rows."""
    inside = lambda day: bool(day) and since < day <= until  # noqa: E731
    facts = set()
    for p in rows["people.csv"]:
        facts |= {("person", c, p.get(k, ""), p["id"]) for k, c in (("start", "started"), ("left", "left"))
                  if inside(p.get(k, ""))}
    for t in rows["ties.csv"]:
        pair = frozenset((t["person_a"], t["person_b"]))
        facts |= {("tie", c, t.get(k, ""), pair) for k, c in (("start", "started"), ("end", "ended"))
                  if inside(t.get(k, ""))}
    for p in rows["partnerships.csv"]:
        facts |= {("partnership", c, p[k], p["id"]) for k, c in (("start", "started"), ("end", "ended"))
                  if inside(p[k])}
    for a in rows["adoptions.csv"]:
        key = f"{a['organisation']}:{a['innovation']}"
        facts |= {("adoption", c, a.get(k, ""), key) for k, c in (("date", "made"), ("ended", "ended"))
                  if inside(a.get(k, ""))}
    facts |= {("organisation", "closed", o["closed"], o["id"]) for o in rows["organisations.csv"]
              if inside(o.get("closed", ""))}
    facts |= {("innovation", "withdrawn", i["withdrawn"], i["id"]) for i in rows["innovations.csv"]
              if inside(i.get("withdrawn", ""))}
    for c in rows["coverage.csv"]:
        facts |= {("coverage", ch, c[k], f"{c['organisation']}:{c['ics']}")
                  for k, ch in (("start", "started"), ("end", "ended")) if inside(c[k])}
    undated = {"person": sum(not p.get("start") for p in rows["people.csv"]),
               "tie": sum(not t.get("start") for t in rows["ties.csv"]),
               "partnership": sum(not p["start"] for p in rows["partnerships.csv"]),
               "adoption": sum(not a.get("date") for a in rows["adoptions.csv"])}
    return facts, {k: n for k, n in undated.items() if n}


def _fact(row: dict) -> tuple:
    ident = frozenset(row["id"].split(":")) if row["what"] == "tie" else row["id"]
    return row["what"], row["change"], row["date"], ident


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_random_dated_ecosystems_match_an_independent_computation(tmp_path, seed):
    rows = random_ecosystem(seed, dated=True)
    since, until = "2022-06-30", "2024-12-31"
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        found = changes(store, since, until, top=5)
        gaps = [find_gaps(store, as_of=day) for day in (since, until)]
        brokers = [find_brokers(store, "person", top=None, as_of=day)[0] for day in (since, until)]
    facts, undated = expected_facts(rows, since, until)
    dated = [r for r in found if r["what"] not in ("gap", "broker") and r["change"] != "undated"]
    assert {_fact(r) for r in dated} == facts and len(dated) == len(facts)
    assert [r["date"] for r in dated] == sorted(r["date"] for r in dated)
    assert {r["what"]: int(r["detail"].split()[0]) for r in found if r["change"] == "undated"} == undated
    # gaps: exactly the difference between the two dates, matched by rule, subject and object
    keys = [{(g["rule"], g["subject_id"] or "", g["object_id"] or "") for g in day
             if g["rule"] != "disconnected_communities"} for day in gaps]
    # pairs of communities (found afresh on each date) are compared by their number
    pairs = [max([g["details"]["pairs_found"] for g in day if g["rule"] == "disconnected_communities"] or [0])
             for day in gaps]
    community = [r for r in found if r["id"] == "disconnected_communities"]
    assert ([r["change"] for r in community] == ["changed"]) == (pairs[0] != pairs[1])
    assert all(f"{pairs[0]} before, {pairs[1]} after" in r["detail"] for r in community)
    as_id = lambda k: ":".join(part for part in k if part)  # noqa: E731
    assert {r["id"] for r in found if r["change"] == "opened"} == {as_id(k) for k in keys[1] - keys[0]}
    assert {r["id"] for r in found if r["what"] == "gap" and r["change"] == "closed"} == {
        as_id(k) for k in keys[0] - keys[1]}
    # brokers: the top five on either date, each with its move
    rank = [{r["id"]: r["rank"] for r in day} for day in brokers]
    top = {i for day in rank for i, k in day.items() if k <= 5}
    moved = {r["id"]: r["change"] for r in found if r["what"] == "broker"}
    assert set(moved) == top
    for ident, change in moved.items():
        before, after = rank[0].get(ident), rank[1].get(ident)
        assert change == ("new" if before is None else "dropped" if after is None else "rose" if after < before
                          else "fell" if after > before else "same")
    assert all(set(r) == set(CHANGE_COLUMNS) for r in found)


# --- by hand: a partnership ends, a lead starts ------------------------------------------------------

def hand_rows() -> dict[str, list[dict[str, str]]]:
    return {
        "ics.csv": [{"code": "QXX", "name": "Test ICS"}],
        "organisations.csv": [
            {"id": "HIN", "name": "Test Health Innovation", "kind": "health-innovation-network", "ics": "QXX"},
            {"id": "SPEC", "name": "Test Specialist Trust", "kind": "specialist-trust", "ics": "QXX"},
            {"id": "ACUTE", "name": "Test General Hospital", "kind": "acute-trust", "ics": "QXX"},
            {"id": "OLD", "name": "Old Surgery", "kind": "gp-practice", "ics": "QXX", "closed": "2024-05-01",
             "succeeded_by": "NEW"},
            {"id": "NEW", "name": "New Surgery", "kind": "gp-practice", "ics": "QXX"}],
        "people.csv": [
            {"id": "P1", "name": "Ada Lead", "organisation": "SPEC", "innovation_lead": "yes"},
            {"id": "P2", "name": "Bo Newcomer", "organisation": "ACUTE", "innovation_lead": "yes",
             "start": "2024-03-01"},
            {"id": "P3", "name": "Cy Network", "organisation": "HIN", "start": "2018-01-01", "left": "2024-09-30"}],
        "ties.csv": [{"person_a": "P1", "person_b": "P3", "start": "2020-01-01"}],
        "partnerships.csv": [{"id": "PS1", "name": "Specialist Compact", "formal": "yes", "start": "2020-01-01",
                              "end": "2024-06-30"}],
        "memberships.csv": [{"partnership": "PS1", "member": "SPEC"}, {"partnership": "PS1", "member": "HIN"}],
        "innovations.csv": [{"id": "INN-1", "name": "Test pathway", "kind": "pathway", "withdrawn": "2024-08-01"}],
        "adoptions.csv": [{"organisation": "SPEC", "innovation": "INN-1", "date": "2024-02-01", "stage": "adopted"}],
    }


@pytest.fixture(scope="module")
def hand_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "hand"
    with open_store(StoreConfig(path=path)) as store:
        ingest_rows(store, hand_rows())
    return path


def test_hand_built_year(hand_path):
    with open_store(StoreConfig(path=hand_path), read_only=True) as store:
        rows = changes(store, "2023-12-31", "2024-12-31")
    by = {(r["what"], r["change"], r["id"]): r for r in rows}
    assert [(r["what"], r["change"], r["date"]) for r in rows if r["date"]] == [
        ("adoption", "made", "2024-02-01"), ("person", "started", "2024-03-01"),
        ("organisation", "closed", "2024-05-01"), ("partnership", "ended", "2024-06-30"),
        ("innovation", "withdrawn", "2024-08-01"), ("person", "left", "2024-09-30")]
    assert by[("organisation", "closed", "OLD")]["detail"] == "Old Surgery closed; its work passed to New Surgery"
    assert ("gap", "opened", "specialist_without_hin_partnership:SPEC") in by  # the compact ended
    assert ("gap", "closed", "no_innovation_lead:ACUTE") in by  # its first lead started
    undated = [r for r in rows if r["change"] == "undated"]
    assert [(r["what"], r["detail"]) for r in undated] == [
        ("person", "1 person with no start date: the record cannot tell when it began")]


def test_bad_periods_are_refused(hand_path):
    with open_store(StoreConfig(path=hand_path), read_only=True) as store:
        with pytest.raises(OptionError):
            changes(store, "2024-12-31", "2024-01-01")
        with pytest.raises(OptionError):
            changes(store, "last year")
        assert changes(store, "31/12/2023", "2024-12-31") == changes(store, "2023-12-31", "2024-12-31")
    result = CliRunner().invoke(main, ["changes", "--since", "soon", "--store", str(hand_path)])
    assert result.exit_code == 1 and "is not a date" in result.output and "Traceback" not in result.output


# --- the sample's year ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "sample"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [SAMPLE])
    return path


def test_sample_tells_its_year(sample_path):
    """What ingest/sample/README.md says happened in the sample's year of history."""
    runner = CliRunner()
    result = runner.invoke(main, ["changes", "--since", SINCE, "--until", UNTIL, "--format", "json",
                                  "--store", str(sample_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    facts = {(r["what"], r["change"], r["id"]) for r in rows}
    assert {("person", "started", "P066"), ("person", "left", "P212"), ("partnership", "ended", "PS-020"),
            ("adoption", "made", "REM:INN-002"), ("adoption", "made", "RBN:INN-002")} <= facts
    assert ("gap", "opened", "specialist_without_hin_partnership:RET") in facts
    assert ("gap", "closed", "no_innovation_lead:RBT") in facts
    assert ("broker", "rose", "P001") in facts  # Mid Cheshire's new lead reaches the network through P001
    with open_store(StoreConfig(path=sample_path), read_only=True) as store:
        record = read_record(store)
        ics_of = record.org_ics
        adopted = [(o, props["date"]) for o, i, props in record.rels["ADOPTED"] if i == "INN-002"]
    # INN-002 spread to a second ICS in the year: all its adopters were in one ICS before
    assert {ics_of[o] for o, day in adopted if day <= SINCE} == {"QMJ"}
    assert {ics_of[o] for o, day in adopted if SINCE < day <= UNTIL} == {"QYG"}
    table = runner.invoke(main, ["changes", "--since", SINCE, "--until", UNTIL, "--store", str(sample_path)],
                          env={"COLUMNS": "80"})
    assert table.exit_code == 0 and all(len(line) <= 80 for line in table.stdout.splitlines())
    assert "cannot tell when they began" in table.stdout
    as_csv = list(csv.DictReader(io.StringIO(runner.invoke(
        main, ["changes", "--since", SINCE, "--until", UNTIL, "--format", "csv", "--store", str(sample_path)]).stdout)))
    assert [r["id"] for r in as_csv] == [r["id"] for r in rows]


def test_dated_changes_need_no_store_writes(sample_path):
    """The record is read, never written: a read-only store answers."""
    with open_store(StoreConfig(path=sample_path), read_only=True) as store:
        assert dated_changes(read_record(store), "2000-01-01", "2001-01-01")[-1]["change"] == "undated"


@pytest.mark.slow
def test_atlas_page_in_plain_words(tmp_path):
    rows = hand_rows()
    rows["innovations.csv"][0]["withdrawn"] = ""  # the atlas's spread page of a withdrawn innovation is not ours
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        write_atlas(store, tmp_path / "atlas", as_of="2024-12-31")
    index = (tmp_path / "atlas" / "index.html").read_text(encoding="utf-8")
    assert 'href="changes.html"' in index
    page = (tmp_path / "atlas" / "changes.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S))
    for words in ("2023-12-31 to 2024-12-31", "Old Surgery closed; its work passed to New Surgery",
                  "The partnership Specialist Compact ended", "Cy Network left Test Health Innovation",
                  "Gaps that closed", "Gaps that opened", "the record cannot tell when"):
        assert words in " ".join(text.split()), words
    for jargon in ("Cypher", "betweenness", "centrality", "MATCH", "projection", "node"):
        assert jargon.lower() not in text.lower(), jargon
    inn = (tmp_path / "atlas" / "innovations" / "INN-1.html").read_text(encoding="utf-8")
    assert "How it spread" in inn and "<svg" in inn


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_shallow_rankings_and_given_gaps_change_nothing(tmp_path, seed):
    """Broker ranks read only as deep as needed (ranked in full when a broker of the other date
    is below the rows read) and the gaps of ``until`` passed in (the atlas has them) give the
    rows that full rankings and fresh gaps give."""
    from ecograph.analysis.changes import broker_changes, broker_rankings

    rows = random_ecosystem(seed, dated=True)
    since, until = "2022-06-30", "2024-12-31"
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        full = [find_brokers(store, "person", top=None, as_of=day)[0] for day in (since, until)]
        for depth in (1, 3, 1000):
            shallow = broker_rankings(store, "person", since, until, top=2, depth=depth)
            assert broker_changes(*shallow, 2) == broker_changes(*full, 2)
        assert changes(store, since, until, until_gaps=find_gaps(store, as_of=until)) == changes(store, since, until)


def test_atlas_passes_its_own_ranking_and_gaps(sample_path, monkeypatch):
    """A national atlas ranks the whole store's brokers as `ecograph brokers` does and hands that
    ranking, its gaps and its record to the "What changed" page: the rows are those worked out
    afresh, however few ranks it hands over."""
    import ecograph.maps.ecosystem as ecosystem

    monkeypatch.setattr(ecosystem, "EXACT_BETWEENNESS", 10)  # rank the sample as a national store is ranked
    with open_store(StoreConfig(path=sample_path), read_only=True) as store:
        eco = ecosystem.Ecosystem(store, UNTIL)
        top = eco.brokers("person", top=25)
        expected = [r for r in find_brokers(store, "person", top=25, as_of=UNTIL)[0] if r["betweenness"]]
        assert top and [(r["id"], r["rank"], r["betweenness"]) for r in top] == [
            (r["id"], r["rank"], r["betweenness"]) for r in expected]
        fresh = changes(store, SINCE, UNTIL)
        for ranked in (eco.ranking("person"), eco.ranking("person")[:11]):
            assert changes(store, SINCE, UNTIL, record=eco.record, until_gaps=eco.gaps(None),
                           until_brokers=ranked) == fresh
