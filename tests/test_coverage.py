"""Coverage: the HIN × ICS reference table, import-ods loading it with the networks, and the
rules that mean "its network" using it; ended partnerships count for no rule; organisations
with nothing recorded are one summary per ICS and kind."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from ecograph.analysis.gaps import find_gaps
from ecograph.errors import InputError
from ecograph.ingest import ingest
from ecograph.ods import HIN_COVERAGE_SOURCE, hin_id, import_ods, load_hin_coverage, load_hins, load_icbs
from ecograph.store import StoreConfig, open_store

NHS = Path(__file__).parent / "data" / "nhs"
TRUSTS = NHS / "ods_etr_trusts_2025.csv"
PRACTICES = NHS / "ods_epraccur_gp_practices_2025_subset.csv"
REFERENCE = REPO_ROOT / "ingest" / "reference"


def test_reference_covers_every_ics_with_the_15_networks() -> None:
    rows = load_hin_coverage()
    assert {c.ics for c in rows} == {i.code for i in load_icbs()}
    assert {c.hin for c in rows} == {h.acronym for h in load_hins()}
    assert len({(c.hin, c.ics) for c in rows}) == len(rows)
    by = {(c.hin, c.ics) for c in rows}
    assert {("NWC", "QYG"), ("NWC", "QE1"), ("UCLP", "QMJ"), ("UCLP", "QMF"), ("UCLP", "QH8"),
            ("UCLP", "QM7")} <= by
    # an ICS split between two networks is marked uncertain, and so is every part
    split = [ics for ics, n in Counter(c.ics for c in rows).items() if n > 1]
    assert split and all(not c.certain for c in rows if c.ics in split or c.extent == "part")
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    assert "hin_ics_coverage.csv" in readme and "2026-11-30" in HIN_COVERAGE_SOURCE


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(folder / name, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def ods_store(tmp_path_factory):
    """The ODS test data with the networks, and for every specialist trust a formal partnership
    with a network covering its ICS, preferring one based in another ICS; one trust's only
    partnership has ended."""
    root = tmp_path_factory.mktemp("ods-coverage")
    with open_store(StoreConfig(path=root / "s")) as store:
        import_ods(store, TRUSTS, PRACTICES, networks=True)
        # open ones: import-ods keeps the closed ones as history, and they count for no rule today
        organisations = {r["id"]: r for r in store.run(
            "MATCH (o:Organisation)-[:IN_ICS]->(i:ICS) WHERE coalesce(o.closed, '') = '' "
            "RETURN o.id AS id, o.kind AS kind, i.code AS ics")}
        covering: dict[str, list[str]] = {}
        for c in load_hin_coverage():
            covering.setdefault(c.ics, []).append(hin_id(c.hin))
        specialists = sorted(o for o, r in organisations.items() if r["kind"] == "specialist-trust")
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        partnerships, memberships = [], []
        for k, trust in enumerate(specialists):
            ics = organisations[trust]["ics"]
            away = [h for h in covering[ics] if organisations[h]["ics"] != ics] or covering[ics]
            end = yesterday if k == 0 else ""
            partnerships.append([f"PS-{k}", f"Partnership {k}", "yes", "2023-04-01", end])
            memberships += [[f"PS-{k}", trust, "member"], [f"PS-{k}", away[0], "lead"]]
        folder = root / "in"
        folder.mkdir()
        _write(folder, "partnerships.csv", ["id", "name", "formal", "start", "end"], partnerships)
        _write(folder, "memberships.csv", ["partnership", "member", "role"], memberships)
        ingest(store, [folder])
        yield store, specialists, organisations


def test_specialists_partnered_with_their_covering_network_are_not_flagged(ods_store) -> None:
    store, specialists, organisations = ods_store
    assert len(specialists) > 5
    flagged = {r["subject_id"] for r in find_gaps(store, rules="specialist_without_hin_partnership")}
    assert flagged == {specialists[0]}  # its only partnership ended yesterday
    # some of them are partnered with a network based in another ICS: coverage made the difference
    hosted_elsewhere = {t for t in specialists
                        if all(organisations[h]["ics"] != organisations[t]["ics"]
                               for h in (hin_id(c.hin) for c in load_hin_coverage()
                                         if c.ics == organisations[t]["ics"]))}
    assert hosted_elsewhere


def test_nothing_recorded_is_one_summary(ods_store) -> None:
    store, specialists, organisations = ods_store
    rows = find_gaps(store, rules=["not_yet_mapped", "no_route_to_support"])
    mapped = [r for r in rows if r["rule"] == "not_yet_mapped"]
    assert len({(r["subject_id"], r["details"]["kind"]) for r in mapped}) == len(mapped)
    unrecorded = sum(r["details"]["count"] for r in mapped)
    # every organisation but the specialist trusts and their networks has nothing recorded
    partnered = set(specialists) | {h for h, r in organisations.items() if r["kind"] == "health-innovation-network"}
    # an ended partnership is no record of the present (ecograph.asof): its members are unrecorded
    in_partnerships = {r["id"] for r in store.run(
        "MATCH (o:Organisation)-[:MEMBER_OF]->(p:Partnership) WHERE coalesce(p.`end`, '') = '' "
        "RETURN DISTINCT o.id AS id")}
    assert unrecorded == len(organisations) - len(in_partnerships) and in_partnerships <= partnered
    # one row per ICS and kind, not one per organisation
    groups = Counter((r["ics"], r["kind"]) for o, r in organisations.items() if o not in in_partnerships)
    assert {(r["subject_id"], r["details"]["kind"]): r["details"]["count"] for r in mapped} == dict(groups)
    assert len(mapped) < unrecorded / 4
    assert all(r["rule"] != "no_route_to_support" or r["subject_id"] in in_partnerships for r in rows)
    gp = next(r for r in mapped if r["details"]["kind"] == "gp-practice")
    assert f"{gp['details']['count']} organisations of kind gp-practice" in gp["explanation"]


def test_import_ods_is_idempotent_with_coverage(ods_store, tmp_path) -> None:
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        import_ods(store, TRUSTS, None, ics="QE1", networks=True)
        again, _ = import_ods(store, TRUSTS, None, ics="QE1", networks=True)
        assert again.changed == 0
        rows = store.run("MATCH (h:Organisation)-[c:COVERS]->(i:ICS) RETURN h.id AS h, i.code AS i, h.kind AS kind")
    # Lancashire and South Cumbria: Health Innovation North West Coast, based in Cheshire and
    # Merseyside, which is not loaded: it is placed in the ICS that is
    assert rows == [{"h": "HIN-NWC", "i": "QE1", "kind": "health-innovation-network"}]


def test_bad_coverage_and_barrier_rows_name_file_row_and_column(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "ics.csv", ["code", "name"], [["QYG", "Cheshire and Merseyside"]])
    _write(folder, "organisations.csv", ["id", "name", "kind", "ics"],
           [["HIN-1", "Health Innovation Test", "AHSN", "QYG"]])
    _write(folder, "coverage.csv", ["organisation", "ics", "start", "end", "reference"],
           [["HIN-1", "QYX", "2023-04-01", "", ""], ["HIN-1", "QYG", "not a date", "", ""]])
    _write(folder, "barriers.csv", ["id", "ics", "subject", "category", "description"],
           [["B1", "QYG", "", "weather", "Rain"], ["B2", "QYG", "HIN-1", "policy", "Rules"]])
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        with pytest.raises(InputError) as caught:
            ingest(store, [folder])
        assert store.run("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "coverage.csv" in text and "row 2" in text and "QYX" in text and "QYG" in text
    assert "row 3" in text and "start" in text
    assert "barriers.csv" in text and "category" in text and "weather" in text
    assert "B2" not in text  # a synonym ("policy") is accepted
