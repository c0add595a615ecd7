"""The national overview's counts equal what the full analyses give.

* ``count_gaps`` (gap rows per value of their ``ics`` column, without writing the rows) equals
  the same count over ``find_gaps``'s rows: on generated ecosystems (``ecograph generate``,
  real NHS organisations, dated people, ties, partnerships and adoptions) at a few seeds and
  as-of dates, and on dated random ecosystems, where every rule finds something on some seed.
* ``read_overview``'s gaps per ICS are those of the rows, and its people per ICS and ties per
  pair of ICSs are those counted straight from the generated spreadsheet rows that hold on the date
  (``rows_as_of``). (The Cypher the overview used before, one pattern from ICS to ICS through
  both people, gave fewer on past dates: LadybugDB 0.22 drops rows of such date-filtered
  patterns.)
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ecograph import model
from ecograph.analysis.gaps import RULES, count_gaps, find_gaps, gap_context
from ecograph.generate import generate
from ecograph.ingest import ingest
from ecograph.maps.overview import read_overview
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem, rows_as_of

DATA = Path(__file__).parent / "data" / "nhs"
NHS = {"trusts": DATA / "ods_etr_trusts_2025.csv", "gp_practices": DATA / "ods_epraccur_gp_practices_2025_subset.csv"}
#: None: today; the others fall among the generated start, left and end dates.
AS_OF = (None, "2015-06-30", "2021-01-01")

def _by_ics(rows: list[dict]) -> Counter:
    return Counter(r["ics"] for r in rows)


@pytest.fixture(scope="module", params=[1, 2])
def generated(request, tmp_path_factory) -> Path:
    """A generated ecosystem of 1,500 people (the seed is the parameter), ingested: the
    store's path (its spreadsheets are in ``csv`` beside it)."""
    folder = tmp_path_factory.mktemp(f"gen{request.param}")
    generate(folder / "csv", people=1_500, seed=request.param, **NHS)
    path = folder / "store"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [folder / "csv"])
    return path


def _rows(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for file in model.LOAD_ORDER:
        with open(folder / file, encoding="utf-8", newline="") as f:
            out[file] = list(csv.DictReader(f))
    return out


def _people_by_ics(rows: dict[str, list[dict[str, str]]], as_of: str) -> Counter:
    """ICS -> people in post on ``as_of`` at its open organisations, from the spreadsheet rows."""
    now = rows_as_of(rows, as_of)
    ics = {o["id"]: o["ics"] for o in now["organisations.csv"]}
    return Counter(ics[p["organisation"]] for p in now["people.csv"])


def _ties_by_ics(rows: dict[str, list[dict[str, str]]], as_of: str) -> Counter:
    """(ICS of the first person, ICS of the second) -> ties holding on ``as_of`` between people
    in post at open organisations, from the spreadsheet rows."""
    now = rows_as_of(rows, as_of)
    ics = {o["id"]: o["ics"] for o in now["organisations.csv"]}
    where = {p["id"]: ics[p["organisation"]] for p in now["people.csv"]}
    return Counter((where[t["person_a"]], where[t["person_b"]]) for t in now["ties.csv"])


@pytest.mark.slow
@pytest.mark.parametrize("as_of", AS_OF)
def test_counts_equal_the_rows_on_generated_ecosystems(generated: Path, as_of: str | None) -> None:
    with open_store(StoreConfig(path=generated), read_only=True) as store:
        rows = find_gaps(store, as_of=as_of)
        assert len(rows) > 0
        assert count_gaps(gap_context(store, as_of=as_of)) == _by_ics(rows)
        for rule in ("single_person_bridges", "no_route_to_support"):  # one rule, one ICS, a longer route
            code = rows[0]["ics"].split(";")[0]
            assert count_gaps(gap_context(store, ics=code, max_hops=4, as_of=as_of), rule) == \
                _by_ics(find_gaps(store, ics=code, rules=rule, max_hops=4, as_of=as_of))


@pytest.mark.slow
@pytest.mark.parametrize("as_of", AS_OF)
def test_overview_counts_on_generated_ecosystems(generated: Path, as_of: str | None) -> None:
    """Gaps per ICS (shared ones under each ICS), people per ICS and ties per pair of ICSs."""
    with open_store(StoreConfig(path=generated), read_only=True) as store:
        overview = read_overview(store, "gaps", as_of=as_of)
        date = gap_context(store, as_of=as_of).as_of
        rows = find_gaps(store, as_of=date)
        assert overview.gaps_total == len(rows)
        for s in overview.ics:
            mine = [r for r in rows if s.code in r["ics"].split(";")]
            assert (s.gaps, s.shared_gaps) == (len(mine), sum(1 for r in mine if ";" in r["ics"])), s.code
        rows_then = _rows(generated.parent / "csv")
        ties = _ties_by_ics(rows_then, date)
        assert {s.code: s.people for s in overview.ics if s.people} == _people_by_ics(rows_then, date)
        inside = {s.code: s.ties_inside for s in overview.ics if s.ties_inside}
        assert inside == {a: n for (a, b), n in ties.items() if a == b}
        between = Counter()
        for (a, b), n in ties.items():
            if a != b:
                between[tuple(sorted((a, b)))] += n
        assert {k: v["ties"] for k, v in overview.links.items() if v["ties"]} == dict(between)
        assert sum(between.values()) > 0 and sum(inside.values()) > 0


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("counts") / "store")) as store:
        yield store


@pytest.mark.slow
def test_counts_equal_the_rows_on_dated_random_ecosystems(shared_store) -> None:
    """Every rule finds something on some of these seeds (checked), so no rule is compared
    only between empty counts."""
    found: set[str] = set()
    for seed in range(12):
        shared_store.run("MATCH (n) DETACH DELETE n", write=True)
        ingest_rows(shared_store, random_ecosystem(seed, dated=True))
        for as_of in (None, "2020-01-01"):
            max_hops = 1 + seed % 4
            rows = find_gaps(shared_store, max_hops=max_hops, as_of=as_of)
            found |= {r["rule"] for r in rows}
            assert count_gaps(gap_context(shared_store, max_hops=max_hops, as_of=as_of)) == _by_ics(rows), seed
    assert found == set(RULES)


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_overview_is_the_same_on_a_neo4j_store(neo4j_env, tmp_path: Path) -> None:
    """The overview's reads (Arrow tables on LadybugDB, rows through the driver on Neo4j or
    ArcadeDB) give the same overview and the same gap counts on the sample."""
    import dataclasses

    from ecograph.demo import sample_folder

    remote = StoreConfig(neo4j_uri=neo4j_env["NEO4J_URI"], neo4j_user=neo4j_env["NEO4J_USERNAME"],
                         neo4j_password=neo4j_env["NEO4J_PASSWORD"], neo4j_database=neo4j_env["NEO4J_DATABASE"])
    answers = []
    for config in (StoreConfig(path=tmp_path / "embedded"), remote):
        with open_store(config) as store:
            store.run("MATCH (n) DETACH DELETE n", write=True)
            ingest(store, [sample_folder()])
            overview = read_overview(store, "gaps")
            answers.append((dataclasses.asdict(overview), count_gaps(gap_context(store))))
    assert answers[0] == answers[1]
    assert answers[0][0]["gaps_total"] > 0 and any(s["ties_inside"] for s in answers[0][0]["ics"])
