"""As of a date: one definition (ecograph/asof.py), applied by every analysis.

Checked through the CSV contract on the real embedded store:

* on random dated ecosystems, ``find_gaps(store, as_of=D)`` names exactly what the independent
  computation of ``test_gaps`` finds on the rows that count on D (``rows_as_of``, a direct
  reading of the rules on the spreadsheet rows), and the person and organisation projections
  of ``project(store, level, as_of=D)`` have exactly the nodes and link strengths of those rows;
* on a hand-built ecosystem, ``--as-of`` a day before and a day after each end date (a
  partnership ends, a person leaves, an organisation closes into a successor, an adoption
  ends, an innovation is withdrawn) changes the gaps, the projections and spread as defined;
* dates and stages are checked on ingest, and a bad ``--as-of`` is a clear error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph import model
from ecograph.analysis.gaps import find_gaps
from ecograph.analysis.projection import project
from ecograph.analysis.spread import find_partners, spread_routes
from ecograph.asof import adoption_counts, in_post, is_open, is_withdrawn, resolve_as_of, runs
from ecograph.cli import main
from ecograph.errors import InnovationWithdrawn, OptionError
from ecograph.graph import load_graph
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem, rows_as_of, write_rows
from test_gaps import Eco, check_rows, clear
from test_weighted_brokers import expected_strengths

SEEDS = range(12)
DATES = ("2018-06-30", "2022-01-01", "2025-12-31")


# --- the definition ---------------------------------------------------------------------------------

def test_resolve_as_of_accepts_two_spellings_and_defaults_to_today() -> None:
    import datetime as dt
    assert resolve_as_of("2024-03-31") == resolve_as_of("31/03/2024") == "2024-03-31"
    assert resolve_as_of(None) == resolve_as_of("") == dt.date.today().isoformat()
    for bad in ("2024-02-30", "31-03-2024", "yesterday", "2024/03/31"):
        with pytest.raises(OptionError, match="not a date"):
            resolve_as_of(bad)


def test_predicates_at_their_edges() -> None:
    d = "2024-06-30"
    assert in_post(None, None, d) and in_post("2024-06-30", "2024-07-01", d)
    assert not in_post("2024-07-01", None, d) and not in_post(None, "2024-06-30", d)  # gone on the day
    assert is_open("", d) and is_open("2024-07-01", d) and not is_open("2024-06-30", d)
    assert runs("2024-06-30", "2024-06-30", d) and not runs(None, "2024-06-29", d)  # runs its last day
    assert adoption_counts("2024-06-30", None, "adopted", d)
    assert not adoption_counts(None, "2024-06-30", None, d) and not adoption_counts(None, None, "abandoned", d)
    assert is_withdrawn("2024-06-30", "spread", d) and not is_withdrawn("2024-07-01", "withdrawn", d)
    assert is_withdrawn(None, "withdrawn", d) and not is_withdrawn(None, "spread", d)


# --- random dated ecosystems against the rows that count -------------------------------------------

@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """Two embedded stores: the dated rows, and the rows that count on one date."""
    folder = tmp_path_factory.mktemp("asof")
    with open_store(StoreConfig(path=folder / "dated")) as dated, open_store(StoreConfig(path=folder / "flat")) as flat:
        yield dated, flat


def test_random_ecosystem_without_dates_is_unchanged() -> None:
    """``dated`` only adds: the other cells are those of the undated rows."""
    for seed in range(5):
        plain, dated = random_ecosystem(seed), random_ecosystem(seed, dated=True)
        assert plain.keys() == dated.keys()
        date_columns = {"start", "left", "end", "closed", "succeeded_by", "date", "ended", "withdrawn", "stage"}
        for file in plain:
            assert len(plain[file]) == len(dated[file])
            for a, b in zip(plain[file], dated[file]):
                assert {k: v for k, v in a.items() if k not in date_columns} == \
                       {k: v for k, v in b.items() if k not in date_columns}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_random_dated_gaps_and_projections(stores, seed: int) -> None:
    dated, flat = stores
    rows = random_ecosystem(seed, dated=True)
    clear(dated)
    ingest_rows(dated, rows)
    for as_of in DATES:
        kept = rows_as_of(rows, as_of)
        clear(flat)
        ingest_rows(flat, kept)
        check_rows(Eco(load_graph(flat)), find_gaps(dated, max_hops=3, as_of=as_of), None, 3)
        for level, file in (("person", "people.csv"), ("organisation", "organisations.csv")):
            graph = project(dated, level, as_of=as_of)
            assert set(graph) == {r["id"] for r in kept[file]}, (level, as_of)
            want = expected_strengths(kept, level)
            got = {frozenset((a, b)): d["strength"] for a, b, d in graph.edges(data=True)}
            assert got.keys() == want.keys(), (level, as_of)
            for pair, strength in want.items():
                assert got[pair] == pytest.approx(strength), (level, as_of, pair)


def test_random_dated_ecosystems_exercise_every_kind_of_date() -> None:
    """The comparisons above are not between ecosystems the dates leave alone."""
    changed = {"organisations.csv": 0, "people.csv": 0, "ties.csv": 0, "partnerships.csv": 0,
               "adoptions.csv": 0, "innovations.csv": 0}
    for seed in SEEDS:
        rows = random_ecosystem(seed, dated=True)
        for as_of in DATES:
            kept = rows_as_of(rows, as_of)
            for file in changed:
                changed[file] += len(kept[file]) < len(rows[file])
    assert all(n >= 3 for n in changed.values()), changed


# --- a hand-built ecosystem, a day before and after each end ---------------------------------------

def hand_rows() -> dict[str, list[dict[str, str]]]:
    """One ICS. Specialist trust S and network H share the formal partnership P (ends
    2022-03-31). S's innovation lead s1 leaves on 2023-01-01 (s2 stays). G (a GP practice)
    adopted I1 on 2021-05-01 and stopped on 2023-06-30; A adopted I1 on 2020-01-01 and closed on
    2024-01-01 into B. I1 was developed by D and withdrawn on 2025-01-01; I2 (developed by D) is
    adopted by nobody. a1 (at A) knows b1 (at B) and s2; d1 (at D) knows a1."""
    rows: dict[str, list[dict[str, str]]] = {f: [] for f in model.LOAD_ORDER}
    rows["ics.csv"] = [{"code": "QAA", "name": "One"}]
    orgs = [("S", "specialist-trust", "", ""), ("H", "health-innovation-network", "", ""),
            ("G", "gp-practice", "", ""), ("A", "acute-trust", "2024-01-01", "B"),
            ("B", "acute-trust", "", ""), ("D", "university", "", "")]
    rows["organisations.csv"] = [{"id": o, "name": f"Org {o}", "kind": k, "ics": "QAA", "closed": c,
                                  "succeeded_by": s} for o, k, c, s in orgs]
    people = [("s1", "S", "yes", "2023-01-01"), ("s2", "S", "no", ""), ("h1", "H", "no", ""),
              ("a1", "A", "yes", ""), ("b1", "B", "yes", ""), ("d1", "D", "no", ""), ("g1", "G", "no", "")]
    rows["people.csv"] = [{"id": p, "name": f"Person {p}", "organisation": o, "innovation_lead": lead,
                           "left": left} for p, o, lead, left in people]
    rows["ties.csv"] = [{"person_a": "a1", "person_b": "b1"}, {"person_a": "a1", "person_b": "s2"},
                        {"person_a": "d1", "person_b": "a1"}]
    rows["partnerships.csv"] = [{"id": "P", "name": "S with H", "formal": "yes", "start": "2019-04-01",
                                 "end": "2022-03-31"}]
    rows["memberships.csv"] = [{"partnership": "P", "member": "S"}, {"partnership": "P", "member": "h1"}]
    rows["innovations.csv"] = [{"id": "I1", "name": "Frailty ward", "kind": "pathway", "stage": "spread",
                                "developed_by": "D", "withdrawn": "2025-01-01"},
                               {"id": "I2", "name": "Unadopted app", "kind": "digital", "stage": "pilot",
                                "developed_by": "d1"}]
    rows["adoptions.csv"] = [{"organisation": "G", "innovation": "I1", "stage": "embedded",
                              "date": "2021-05-01", "ended": "2023-06-30"},
                             {"organisation": "A", "innovation": "I1", "stage": "adopted", "date": "2020-01-01"}]
    return rows


@pytest.fixture(scope="module")
def hand_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("asof-hand") / "store"
    with open_store(StoreConfig(path=path)) as store:
        ingest_rows(store, hand_rows())
    return path


@pytest.fixture()
def hand(hand_path):
    with open_store(StoreConfig(path=hand_path), read_only=True) as store:
        yield store


def subjects(store, rule: str, as_of: str) -> set:
    return {(r["subject_id"], r["object_id"]) if r["object_id"] else r["subject_id"]
            for r in find_gaps(store, rules=rule, as_of=as_of)}


def test_partnership_end(hand) -> None:
    """The formal partnership with the network clears the specialist trust's gap until its
    last day, and links S and H in the organisation projection only while it runs."""
    assert subjects(hand, "specialist_without_hin_partnership", "2022-03-31") == set()
    assert subjects(hand, "specialist_without_hin_partnership", "2022-04-01") == {"S"}
    assert subjects(hand, "specialist_without_hin_partnership", "2019-03-31") == {"S"}  # not yet started
    assert project(hand, "organisation", as_of="2022-03-31").has_edge("S", "H")
    assert not project(hand, "organisation", as_of="2022-04-01").has_edge("S", "H")


def test_person_left(hand) -> None:
    assert "S" not in subjects(hand, "no_innovation_lead", "2022-12-31")
    assert "S" in subjects(hand, "no_innovation_lead", "2023-01-01")  # gone on the day they leave
    assert "s1" in project(hand, "person", as_of="2022-12-31")
    assert "s1" not in project(hand, "person", as_of="2023-01-01")


def test_organisation_closed_passes_its_adoption_to_its_successor(hand) -> None:
    before, after = "2023-12-31", "2024-01-01"
    assert ("A", "I1") in subjects(hand, "adoption_without_champion", before)
    found = subjects(hand, "adoption_without_champion", after)
    assert ("A", "I1") not in found and ("B", "I1") in found  # B's people champion nothing
    assert "A" in project(hand, "organisation", as_of=before)
    assert "A" not in project(hand, "organisation", as_of=after)
    assert not project(hand, "person", as_of=after).has_edge("a1", "b1")  # a1 went with A
    adopters = lambda d: {r["from_adopter"] for r in spread_routes(hand, "I1", as_of=d) if r["untapped"]}  # noqa: E731
    assert "A" in adopters(before) and "B" not in {r["id"] for r in spread_routes(hand, "I1", as_of=after)}


def test_adoption_ended(hand) -> None:
    assert ("G", "I1") in subjects(hand, "adoption_without_champion", "2023-06-29")
    assert ("G", "I1") not in subjects(hand, "adoption_without_champion", "2023-06-30")
    assert ("G", "I1") not in subjects(hand, "adoption_without_champion", "2021-04-30")  # not yet made
    assert "G" in {r["id"] for r in spread_routes(hand, "I1", as_of="2023-06-30")}  # a candidate again


def test_innovation_withdrawn(hand) -> None:
    assert "I1" not in subjects(hand, "innovation_never_left_origin", "2024-12-31")
    assert spread_routes(hand, "I1", as_of="2024-12-31")
    with pytest.raises(InnovationWithdrawn, match="withdrawn on 2025-01-01") as caught:
        spread_routes(hand, "I1", as_of="2025-01-01")
    assert "--as-of 2024-12-31" in caught.value.hint
    with pytest.raises(InnovationWithdrawn):
        find_partners(hand, "I1", as_of="2025-01-01")
    assert "I1" not in subjects(hand, "innovation_never_left_origin", "2025-01-01")  # withdrawn: no rule
    assert "I2" in subjects(hand, "innovation_never_left_origin", "2025-01-01")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_as_of(hand_path) -> None:
    store = str(hand_path)
    before = json.loads(run("gaps", "--store", store, "--rule", "specialist_without_hin_partnership",
                            "--format", "json", "--as-of", "31/03/2022").output)
    after = json.loads(run("gaps", "--store", store, "--rule", "specialist_without_hin_partnership",
                           "--format", "json", "--as-of", "2022-04-01").output)
    assert before == [] and [r["subject_id"] for r in after] == ["S"]
    brokers = run("brokers", "--store", store, "--level", "organisation", "--as-of", "2024-01-01", "--format", "json")
    assert brokers.exit_code == 0 and "A" not in {r["id"] for r in json.loads(brokers.output)}
    withdrawn = CliRunner().invoke(main, ["spread", "I1", "--store", store, "--as-of", "2025-06-01"])
    assert withdrawn.exit_code == 1
    assert "withdrawn on 2025-01-01" in withdrawn.output and "--as-of 2024-12-31" in withdrawn.output
    assert "Traceback" not in withdrawn.output
    bad = CliRunner().invoke(main, ["gaps", "--store", store, "--as-of", "2022-13-01"])
    assert bad.exit_code == 1 and "not a date" in bad.output and "YYYY-MM-DD" in bad.output
    for command in ("brokers", "gaps", "spread", "partners", "hubs", "barriers", "map", "atlas"):
        assert "--as-of DATE" in run(command, "--help").output, command


def test_map_and_atlas_as_of(hand_path, tmp_path: Path) -> None:
    """The map and the atlas take --as-of; a withdrawn innovation's spread map has no candidates
    (no error), and the one of a day before has them."""
    from ecograph.maps.ecosystem import Ecosystem
    store = str(hand_path)
    with open_store(StoreConfig(path=hand_path), read_only=True) as opened:
        assert Ecosystem(opened, "2024-12-31").spread("I1")
        # b1 (at B) and s2 (at S) know a1 at the adopter A while A is open; after A closes a1 is gone too
        assert {r["id"] for r in Ecosystem(opened, "2023-12-31").partners("I1")} == {"b1", "s2"}
        assert Ecosystem(opened, "2024-12-31").partners("I1") == []
        assert Ecosystem(opened, "2025-06-01").spread("I1") == [] == Ecosystem(opened, "2025-06-01").partners("I1")
        assert "A" in Ecosystem(opened, "2023-12-31").projection("organisation")
        assert "A" not in Ecosystem(opened, "2024-01-01").projection("organisation")
    for as_of in ("2024-12-31", "2025-06-01"):
        out = tmp_path / f"map-{as_of}.html"
        result = run("map", "--store", store, "--innovation", "I1", "--as-of", as_of, "-o", str(out))
        assert result.exit_code == 0 and out.exists()
    atlas = run("atlas", "--store", store, "--as-of", "2023-01-01", "-o", str(tmp_path / "atlas"))
    assert atlas.exit_code == 0 and (tmp_path / "atlas" / "index.html").exists()


# --- dates and stages on ingest ----------------------------------------------------------------------

def validate(tmp_path: Path, rows: dict) -> tuple[int, str]:
    folder = write_rows(tmp_path / "in", rows)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    return result.exit_code, result.output


@pytest.mark.parametrize("file, row, column, value", [
    ("people.csv", 0, "left", "2018-01-01"),           # left before start
    ("adoptions.csv", 1, "ended", "2019-12-31"),       # ended before the adoption
    ("partnerships.csv", 0, "end", "2019-03-31"),      # end before start
])
def test_dates_out_of_order_are_errors(tmp_path: Path, file: str, row: int, column: str, value: str) -> None:
    rows = hand_rows()
    rows["people.csv"][0]["start"] = "2019-01-01"
    rows[file][row][column] = value
    code, output = validate(tmp_path, rows)
    assert code == 1
    assert f"{file}, row {row + 2}, column '{column}'" in output and "before" in output


def test_successors(tmp_path: Path) -> None:
    rows = hand_rows()
    rows["organisations.csv"][4]["succeeded_by"] = "B"  # B succeeds itself
    code, output = validate(tmp_path / "self", rows)
    assert code == 1 and "organisations.csv, row 6, column 'succeeded_by'" in output and "itself" in output
    rows = hand_rows()
    rows["organisations.csv"][4].update(closed="2025-01-01", succeeded_by="A")  # A -> B -> A
    code, output = validate(tmp_path / "circle", rows)
    assert code == 1 and "circle" in output and "A → B → A" in output
    rows = hand_rows()
    rows["organisations.csv"][3]["closed"] = ""
    code, output = validate(tmp_path / "open", rows)
    assert code == 0 and "warning" in output and "no close date" in output


def test_stages_are_controlled(tmp_path: Path) -> None:
    rows = hand_rows()
    rows["adoptions.csv"][1]["stage"] = "abandonned"
    rows["innovations.csv"][1]["stage"] = "moonshot"
    code, output = validate(tmp_path, rows)
    assert code == 1
    assert "unknown adoption stage" in output and "did you mean 'abandoned'?" in output
    assert "unknown innovation stage" in output and "idea, development, pilot" in output
    kinds = json.loads(run("kinds", "--format", "json").output)
    stages = {r["kind"]: r["also accepted"] for r in kinds if r["vocabulary"] == "adoption-stage"}
    assert list(stages) == list(model.ADOPTION_STAGES) and "embedded" in stages["sustained"]
    assert "stopped" in stages["abandoned"]


def test_synonym_stages_are_stored_canonical(hand) -> None:
    stages = {r["stage"] for r in hand.run("MATCH ()-[r:ADOPTED]->() RETURN r.stage AS stage")}
    assert stages == {"sustained", "adopted"}
