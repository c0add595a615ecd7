"""The ODS reader, on real NHS extracts (tests/data/nhs/, Open Government Licence v3.0)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ecograph import model
from ecograph.ods import (
    OdsError, default_extracts, find_nhs_data, load_hins, load_icbs, load_regions, read_ods, resolve_ics, title_case,
    trust_kind,
)

DATA = Path(__file__).parent / "data" / "nhs"
TRUSTS = DATA / "ods_etr_trusts_2025.csv"
PRACTICES = DATA / "ods_epraccur_gp_practices_2025_subset.csv"


@pytest.fixture(scope="module")
def rows():
    return read_ods(TRUSTS, PRACTICES)


@pytest.fixture(scope="module")
def orgs(rows):
    return {o["id"]: o for o in rows["organisations.csv"]}


def test_reference_lists_ship_with_the_package():
    assert len(load_icbs()) == 42
    assert sorted(load_regions()) == ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]
    hins = load_hins()
    assert len(hins) == 15 and all(h.name for h in hins)  # blank 2023 names fall back


def test_42_ics_with_names_and_regions(rows):
    ics = {r["code"]: r for r in rows["ics.csv"]}
    assert len(ics) == 42 and rows.summary.ics == 42
    assert ics["QYG"] == {"code": "QYG", "name": "Cheshire and Merseyside", "region": "North West"}
    assert ics["QOX"]["name"] == "Bath and North East Somerset, Swindon and Wiltshire"
    assert ics["QT6"]["name"] == "Cornwall and the Isles of Scilly"
    assert ics["QNC"]["name"] == "Staffordshire and Stoke-on-Trent"
    assert ics["QMJ"]["region"] == "London"
    assert {r["region"] for r in ics.values()} == set(load_regions().values())


def test_regions_from_trusts_alone_match(rows):
    trusts_only = read_ods(TRUSTS, None)
    assert trusts_only["ics.csv"] == rows["ics.csv"]
    assert not read_ods(None, None)["organisations.csv"]
    assert all(r["region"] == "" for r in read_ods(None, None)["ics.csv"])


def test_rows_are_contract_rows(rows):
    assert all(list(r) == [c.name for c in model.columns_for("ics.csv")] for r in rows["ics.csv"])
    cols = [c.name for c in model.columns_for("organisations.csv")]
    for r in rows["organisations.csv"]:
        assert list(r) == [c for c in cols if c in r]  # contract columns, in contract order
        assert {"id", "name", "kind", "ics", "region"} <= set(r)
        assert all(isinstance(r[c], str) and r[c] for c in ("id", "name", "kind", "ics", "region"))
        assert model.canonical_kind(r["kind"]) == r["kind"]
    assert isinstance(rows, dict)


def test_trusts_open_english_only(rows, orgs):
    s = rows.summary.trusts
    assert (s.read, s.kept) == (210, 202)
    assert s.skipped == {"closed": 5, "no English ICB": 3}
    for closed in ("R1C", "RAP", "RRP", "RY9", "RYK"):
        assert closed not in orgs
    for welsh in ("RQF", "RT4", "RYT"):
        assert welsh not in orgs
    assert sum(o["kind"] in model.TRUST_KINDS for o in orgs.values()) == 202


def test_gp_practices_active_only(rows, orgs):
    s = rows.summary.gp_practices
    assert (s.read, s.kept) == (1111, 456)
    assert s.skipped == {"not a GP practice": 592, "not active": 48, "no English ICB": 15}
    practices = [o for o in orgs.values() if o["kind"] == "gp-practice"]
    assert len(practices) == 456
    assert {o["ics"] for o in practices} == {"QYG", "QSL", "QT6"}
    assert "L82009" not in orgs  # Carnewater Practice: closed 2023
    assert "N82670" not in orgs  # Park View: dormant (StatusCode D)
    assert "A99943" not in orgs  # a breast screening centre, not a GP practice
    assert "ALD200" not in orgs  # Alderney: no English ICB


def test_quoted_fields_with_commas(orgs):
    # Address "4TH FLOOR, EAST WING" must not shift the positional columns.
    assert orgs["G6V2S"]["ics"] == "QMJ" and orgs["G6V2S"]["region"] == "London"
    assert orgs["RCX"]["name"] == "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust"


def test_headerless_bom_crlf_and_short_rows(tmp_path, rows):
    """The original ODS layout has no header; exports may carry a BOM and CRLF."""
    lines = TRUSTS.read_text(encoding="utf-8").splitlines()[1:]
    raw = tmp_path / "etr.csv"
    raw.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    again = read_ods(raw, None)
    assert again["organisations.csv"] == read_ods(TRUSTS, None)["organisations.csv"]
    assert again.summary.trusts.kept == 202
    short = tmp_path / "short.csv"
    short.write_text("RBS,ALDER HEY CHILDREN'S NHS FOUNDATION TRUST,Y62,QYG\n\nRXX\n", encoding="utf-8")
    got = read_ods(short, None)
    assert [o["id"] for o in got["organisations.csv"]] == ["RBS"]
    assert got.summary.trusts.skipped == {"malformed row": 1}


def test_windows_1252_file(tmp_path):
    path = tmp_path / "etr.csv"
    path.write_bytes("RBS,ALDER HEY CHILDREN\u2019S NHS FOUNDATION TRUST,Y62,QYG\n".encode("cp1252"))
    assert read_ods(path, None)["organisations.csv"][0]["name"] == "Alder Hey Children\u2019s NHS Foundation Trust"


def test_ics_filter(rows):
    one = read_ods(TRUSTS, PRACTICES, ics="qyg")
    assert [r["code"] for r in one["ics.csv"]] == ["QYG"]
    assert one["ics.csv"][0]["region"] == "North West"
    assert {o["ics"] for o in one["organisations.csv"]} == {"QYG"}
    assert one.summary.trusts.kept == 16
    assert one.summary.trusts.skipped["other ICS"] == 202 - 16
    assert one.summary.gp_practices.kept == 339


def test_unknown_ics_lists_closest():
    with pytest.raises(OdsError) as err:
        read_ods(TRUSTS, PRACTICES, ics="QYX")
    assert "QYG" in err.value.closest and "QYG (Cheshire and Merseyside)" in str(err.value)
    assert isinstance(err.value, ValueError)
    with pytest.raises(OdsError) as err:
        resolve_ics("Cheshire")
    assert err.value.closest[0] == "QYG"
    assert resolve_ics(" qe1 ") == "QE1"


def test_missing_file():
    with pytest.raises(OdsError, match="not found"):
        read_ods(DATA / "nope.csv", None)


def test_find_nhs_data(tmp_path, monkeypatch):
    (tmp_path / "etr.csv").write_bytes(TRUSTS.read_bytes())
    (tmp_path / "epraccur.csv").write_bytes(PRACTICES.read_bytes())
    assert find_nhs_data(tmp_path) == (tmp_path / "etr.csv", tmp_path / "epraccur.csv")
    monkeypatch.setenv("ECOGRAPH_NHS_DATA", str(tmp_path))
    assert find_nhs_data() == (tmp_path / "etr.csv", tmp_path / "epraccur.csv")
    assert find_nhs_data(tmp_path / "empty") == (None, None)


# --- the extracts shipped with the package ------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[1] / "ecograph"


def test_shipped_extracts_found_with_no_setting(monkeypatch):
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    trusts, practices = find_nhs_data()
    assert trusts is not None and practices is not None
    assert trusts.parent.parts[-2:] == ("ingest", "reference") == practices.parent.parts[-2:]
    assert default_extracts() == (trusts, practices)
    # A newer download given for one extract leaves the other at the shipped one.
    assert default_extracts(trusts=TRUSTS) == (TRUSTS, practices)


def test_env_folder_wins_over_shipped(tmp_path, monkeypatch):
    (tmp_path / "etr.csv").write_bytes(TRUSTS.read_bytes())
    monkeypatch.setenv("ECOGRAPH_NHS_DATA", str(tmp_path))
    trusts, practices = find_nhs_data()
    assert trusts == tmp_path / "etr.csv"
    assert practices is not None and practices.parent.name == "reference"  # not in the folder: shipped


def test_no_default_points_at_a_development_machine():
    for path in PACKAGE.rglob("*.py"):
        assert "/work/" not in path.read_text(encoding="utf-8"), path


def test_shipped_attribution_kept():
    readme = (PACKAGE.parent / "ingest" / "reference" / "README.md").read_text(encoding="utf-8")
    assert "ods_etr_trusts_2025.csv" in readme and "ods_epraccur_gp_practices_2025.csv" in readme
    assert "Open Government Licence v3.0" in readme


def _stats(store: Path) -> dict[str, int]:
    from ecograph.graph import counts
    from ecograph.store import StoreConfig, open_store
    with open_store(StoreConfig(path=store), read_only=True) as s:
        return {r["name"]: r["count"] for r in counts(s)}


def test_import_ods_with_no_files_loads_all_of_england(tmp_path, monkeypatch):
    """A fresh clone: `ecograph import-ods` and nothing else gives 42 ICSs and every open
    trust and active GP practice (2025 extracts: 202 + 6,253)."""
    from click.testing import CliRunner

    from ecograph.cli import main
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    store = tmp_path / "england"
    done = CliRunner().invoke(main, ["import-ods", "--store", str(store)])
    assert done.exit_code == 0, done.output
    stats = _stats(store)
    # the closed ones too, as history (5 trusts, 686 practices in an English ICB)
    stored = 202 + 6253 + 5 + 686
    assert (stats["ICS"], stats["Organisation"], stats["IN_ICS"]) == (42, stored, stored)
    assert stats["COVERS"] == 0
    assert "trusts: 210 read, 207 kept (5 of them closed, with their close date)" in done.output
    # today's present: the open ones
    present = CliRunner().invoke(main, ["stats", "--store", str(store), "--as-of", "2025-12-01", "--format", "json"])
    assert {r["name"]: r["count"] for r in json.loads(present.stdout)}["Organisation"] == 6455
    # the 15 Health Innovation Networks (not in ODS) with the ICSs they cover, on request
    # (44 rows: two ICSs are split between networks)
    done = CliRunner().invoke(main, ["import-ods", "--with-networks", "--store", str(store)])
    assert done.exit_code == 0, done.output
    stats = _stats(store)
    assert (stats["Organisation"], stats["IN_ICS"], stats["COVERS"]) == (stored + 15, stored + 15, 44)


def test_import_ods_newer_download_for_one_extract(tmp_path, monkeypatch):
    """--gp-practices takes another file; the trusts still come from the shipped extract."""
    from click.testing import CliRunner

    from ecograph.cli import main
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    store = tmp_path / "qyg"
    done = CliRunner().invoke(main, ["import-ods", "--gp-practices", str(PRACTICES), "--ics", "qyg",
                                     "--store", str(store)])
    assert done.exit_code == 0, done.output
    assert "GP practices: 1111 read, 366 kept (27 of them closed" in done.output  # the test subset, not the shipped file
    assert _stats(store)["Organisation"] == 16 + 366


def test_generate_needs_no_data_path(tmp_path, monkeypatch):
    from ecograph.generate import generate
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    written = generate(tmp_path, people=60, seed=1, ics="QSL")
    assert written["ics.csv"] == 1 and written["people.csv"] == 60


@pytest.mark.parametrize("upper, readable", [
    ("ALDER HEY CHILDREN'S NHS FOUNDATION TRUST", "Alder Hey Children's NHS Foundation Trust"),
    ("THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
     "The Newcastle upon Tyne Hospitals NHS Foundation Trust"),
    ("LANCASHIRE & SOUTH CUMBRIA NHS FOUNDATION TRUST", "Lancashire & South Cumbria NHS Foundation Trust"),
    ("GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
     "Great Ormond Street Hospital for Children NHS Foundation Trust"),
    ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
    ("THE DENSHAM SURGERY", "The Densham Surgery"),
    ("NHS CORNWALL AND THE ISLES OF SCILLY ICB", "NHS Cornwall and the Isles of Scilly ICB"),
    ("UK GP CARE 2ND FLOOR", "UK GP Care 2nd Floor"),
    ("DR O'BRIEN & PARTNERS", "Dr O'Brien & Partners"),
    ("MCKENZIE  HOUSE", "McKenzie House"),
])
def test_title_case(upper, readable):
    assert title_case(upper) == readable


def test_real_names_title_cased(orgs):
    assert orgs["RBS"]["name"] == "Alder Hey Children's NHS Foundation Trust"
    assert orgs["RX7"]["name"] == "North West Ambulance Service NHS Trust"
    assert orgs["RXY"]["name"] == "Kent and Medway NHS and Social Care Partnership Trust"


@pytest.mark.parametrize("code, kind", [
    ("RBS", "specialist-trust"),      # Alder Hey Children's (EPR: Acute)
    ("RP4", "specialist-trust"),      # Great Ormond Street
    ("RBV", "specialist-trust"),      # The Christie
    ("RBQ", "specialist-trust"),      # Liverpool Heart and Chest
    ("RX7", "ambulance-trust"),       # North West Ambulance Service
    ("RRU", "ambulance-trust"),       # London Ambulance Service
    ("RGD", "mental-health-trust"),   # Leeds and York Partnership (EPR: Mental Health)
    ("RW4", "mental-health-trust"),   # Mersey Care (EPR: combined)
    ("RYX", "community-trust"),       # Central London Community Healthcare (EPR: combined)
    ("RY2", "community-trust"),       # Bridgewater Community Healthcare
    ("RHQ", "teaching-trust"),        # Sheffield Teaching Hospitals
    ("RCF", "acute-trust"),           # Airedale
    ("G6V2S", "mental-health-trust"),  # North London NHS FT: not in the EPR sheet
])
def test_trust_kinds(orgs, code, kind):
    assert orgs[code]["kind"] == kind


def test_trust_kind_name_heuristic():
    assert trust_kind("X1", "SOMEWHERE AMBULANCE SERVICE NHS TRUST") == "ambulance-trust"
    assert trust_kind("X2", "SOMEWHERE MENTAL HEALTH NHS TRUST") == "mental-health-trust"
    assert trust_kind("X3", "SOMEWHERE PARTNERSHIP NHS TRUST") == "mental-health-trust"
    assert trust_kind("TAH", "SHEFFIELD HEALTH & SOCIAL CARE NHS FOUNDATION TRUST") == "mental-health-trust"
    assert trust_kind("X4", "SOMEWHERE COMMUNITY HEALTH SERVICES NHS TRUST") == "community-trust"
    assert trust_kind("X5", "SOMEWHERE CHILDREN'S HOSPITAL NHS TRUST") == "specialist-trust"
    assert trust_kind("X6", "SOMEWHERE INTEGRATED CARE NHS FOUNDATION TRUST") == "acute-trust"
    assert trust_kind("X7", "SOMEWHERE HOSPITALS NHS TRUST") == "acute-trust"


# --- closed organisations: history from the extracts' close dates -----------------------------

def _closed_in_extract(path: Path, practices: bool) -> dict[str, str]:
    """Code -> close date (ISO) of every organisation of an extract with one, in one of the 42
    ICBs (GP practices only, for epraccur), read with the csv module alone."""
    icbs = {i.code for i in load_icbs()}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[1:]
    return {r[0]: f"{r[11][:4]}-{r[11][4:6]}-{r[11][6:8]}" for r in rows
            if r[11] and r[3] in icbs and (not practices or r[25] == "4")}


def test_closed_organisations_kept_with_their_close_date(rows):
    history = read_ods(TRUSTS, PRACTICES, closed=True)
    got = {o["id"]: o for o in history["organisations.csv"]}
    expected = _closed_in_extract(TRUSTS, False) | _closed_in_extract(PRACTICES, True)
    assert len(_closed_in_extract(TRUSTS, False)) == 5 and expected["RAP"] == "2024-12-31"
    assert {o: r["closed"] for o, r in got.items() if r["closed"]} == expected
    # the open ones are those read without closed=True, unchanged but for a blank close date
    assert {o: {k: v for k, v in r.items() if k != "closed"} for o, r in got.items() if not r["closed"]} == \
        {o["id"]: o for o in rows["organisations.csv"]}
    assert history.summary.trusts.closed == 5 and history.summary.trusts.skipped == {"no English ICB": 3}
    assert history.summary.gp_practices.closed == len(expected) - 5
    # without it (ecograph generate): open organisations only, no closed column
    assert all("closed" not in o for o in rows["organisations.csv"])


def test_a_closed_trust_drops_out_of_the_present_and_stays_in_the_past(tmp_path, monkeypatch):
    """North Middlesex University Hospital (RAP) closed on 2024-12-31 in the real extract: absent
    from gaps and the map today, present as of a day before; the import is idempotent, and a close
    date recorded by the coordinator for an organisation the extract lists as open is kept."""
    from click.testing import CliRunner

    from ecograph.cli import main
    from ecograph.maps.render import map_data
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    store = tmp_path / "s"
    args = ["import-ods", "--trusts", str(TRUSTS), "--gp-practices", str(PRACTICES), "--ics", "QMJ",
            "--store", str(store), "--format", "json"]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0

    def gap_subjects(*as_of: str) -> set[str]:
        done = runner.invoke(main, ["gaps", "--store", str(store), "--rule", "no_innovation_lead",
                                    "--format", "json", *as_of])
        assert done.exit_code == 0, done.output
        return {r["subject_id"] for r in json.loads(done.stdout)}

    def drawn(*as_of: str) -> set[str]:
        out = tmp_path / f"map{len(as_of)}.html"
        done = runner.invoke(main, ["map", "--store", str(store), "--ics", "QMJ", "-o", str(out), *as_of])
        assert done.exit_code == 0, done.output
        return {n["info"].get("key") for n in map_data(out.read_text(encoding="utf-8"))["nodes"]}

    assert "RAP" not in gap_subjects() and "RAP" not in drawn()
    assert "RAP" in gap_subjects("--as-of", "2024-12-30") and "RAP" in drawn("--as-of", "2024-12-30")
    assert "RAP" not in gap_subjects("--as-of", "2024-12-31")  # gone on its close date
    assert "RAL" in gap_subjects() and "RAL" in drawn()  # an open trust of the ICS stays

    again = json.loads(runner.invoke(main, args).stdout)
    assert sum(r["created"] + r["updated"] + r["removed"] for r in again["changes"]) == 0

    # the coordinator records a merger the extract does not show yet, with its successor
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "organisations.csv").write_text(
        "id,name,kind,ics,closed,succeeded_by\n"
        "RKE,Whittington Health NHS Trust,acute-trust,QMJ,2025-06-30,RAL\n"
        "RAP,North Middlesex University Hospital NHS Trust,teaching-trust,QMJ,2024-12-31,RAL\n",
        encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(folder), "--store", str(store)]).exit_code == 0
    assert runner.invoke(main, args).exit_code == 0
    from ecograph.store import StoreConfig, open_store
    with open_store(StoreConfig(path=store), read_only=True) as s:
        closed = {r["id"]: (r["closed"], r["successor"]) for r in s.run(
            "MATCH (o:Organisation) WHERE coalesce(o.closed, '') <> '' "
            "OPTIONAL MATCH (o)-[:SUCCEEDED_BY]->(n:Organisation) RETURN o.id AS id, o.closed AS closed, "
            "n.id AS successor")}
    assert closed == {"RKE": ("2025-06-30", "RAL"), "RAP": ("2024-12-31", "RAL"), "RRP": ("2024-10-31", None)}
