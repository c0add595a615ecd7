"""The ODS reader, on real NHS extracts (tests/data/nhs/, Open Government Licence v3.0)."""

from __future__ import annotations

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
    assert (stats["ICS"], stats["Organisation"], stats["IN_ICS"]) == (42, 202 + 6253, 6455)
    assert stats["COVERS"] == 0
    assert "trusts: 210 read, 202 kept" in done.output
    # the 15 Health Innovation Networks (not in ODS) with the ICSs they cover, on request
    # (44 rows: two ICSs are split between networks)
    done = CliRunner().invoke(main, ["import-ods", "--with-networks", "--store", str(store)])
    assert done.exit_code == 0, done.output
    stats = _stats(store)
    assert (stats["Organisation"], stats["IN_ICS"], stats["COVERS"]) == (6455 + 15, 6455 + 15, 44)


def test_import_ods_newer_download_for_one_extract(tmp_path, monkeypatch):
    """--gp-practices takes another file; the trusts still come from the shipped extract."""
    from click.testing import CliRunner

    from ecograph.cli import main
    monkeypatch.delenv("ECOGRAPH_NHS_DATA", raising=False)
    store = tmp_path / "qyg"
    done = CliRunner().invoke(main, ["import-ods", "--gp-practices", str(PRACTICES), "--ics", "qyg",
                                     "--store", str(store)])
    assert done.exit_code == 0, done.output
    assert "GP practices: 1111 read, 339 kept" in done.output  # the test subset, not the shipped file
    assert _stats(store)["Organisation"] == 16 + 339


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
