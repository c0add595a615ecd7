"""Spreadsheet traps from issue 11, through the CSV/xlsx contract, on a real embedded store.

Each test builds (or reads from tests/data/traps/) the messy file a coordinator would have,
runs `ecograph validate`/`ingest`, and reads the store back.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ecograph.cli import main
from test_ingest import DATA, snapshot

TRAPS = DATA / "traps"


def invoke(*args: object, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  - ") and "warning:" not in line]


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  - warning:")]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    result = invoke("ingest", DATA / "good", "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A copy of the good folder to make messy."""
    folder = tmp_path / "in"
    shutil.copytree(DATA / "good", folder)
    return folder


def workbook(folder: Path, path: Path) -> openpyxl.Workbook:
    """A workbook with one sheet per CSV file of ``folder`` (text cells), not yet saved."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for file in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(file.stem)
        with file.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    return book


def column_of(sheet, name: str) -> int:
    return next(c.column for c in sheet[1] if c.value == name)


# --- encodings -------------------------------------------------------------------------------

def test_each_csv_is_decoded_on_its_own(store: Path, good: Path) -> None:
    """--encoding cp1252 for one old file leaves the UTF-8 files (BOM or not) as they are."""
    organisations = (good / "organisations.csv").read_text(encoding="utf-8-sig")
    (good / "organisations.csv").write_text(organisations.replace("Innovation Agency", "Zoë's Café CIC"),
                                            encoding="utf-8-sig")  # with a BOM
    teams = (good / "teams.csv").read_text(encoding="utf-8")
    (good / "teams.csv").write_text(teams.replace("UCLH Digital", "Équipe numérique"), encoding="utf-8")
    shutil.copy(TRAPS / "people-gm-cp1252.csv", good / "people.csv")
    result = invoke("ingest", good, "--store", store, "--encoding", "cp1252")
    assert result.exit_code == 0, result.output
    nodes, _ = snapshot(store)
    assert nodes["AHSN-IA"]["name"] == "Zoë's Café CIC"
    assert nodes["RRV-DIG"]["name"] == "Équipe numérique"
    assert nodes["P002"]["name"] == "Siobhán O’Brien"  # cp1252 0x92 is the curly apostrophe
    fallback = [w for w in warning_lines(result.output) if "read as cp1252" in w]
    assert len(fallback) == 1 and "people.csv" in fallback[0]


def test_not_utf8_names_file_line_byte_and_the_option(store: Path, good: Path) -> None:
    before = snapshot(store)
    shutil.copy(TRAPS / "people-gm-cp1252.csv", good / "people.csv")
    result = invoke("ingest", good, "--store", store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 5" in line and "byte 0xE1 on line 5" in line and "--encoding cp1252" in line
    # Neither UTF-8 nor the fallback: 0x81 is undefined in cp1252.
    (good / "people.csv").write_bytes(b"id,name,organisation\nP009,Bad \x81 byte,RBS\n")
    result = invoke("validate", good / "people.csv", "--encoding", "cp1252", "--store", store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 2" in line and "neither UTF-8 nor cp1252" in line and "0x81" in line
    assert snapshot(store) == before


def test_excel_unicode_text_is_read(store: Path, good: Path) -> None:
    """Excel's "Unicode Text" is UTF-16 with a BOM, tab-separated."""
    text = (good / "people.csv").read_text().replace(",", "\t").replace("Jo Madeup", "Jo Ñandú")
    (good / "people.csv").write_text(text, encoding="utf-16")
    result = invoke("ingest", good, "--store", store)
    assert result.exit_code == 0, result.output
    assert snapshot(store)[0]["P002"]["name"] == "Jo Ñandú"


def test_unknown_encoding_is_a_clear_error(store: Path) -> None:
    result = invoke("ingest", DATA / "good", "--store", store, "--encoding", "cp-1252x")
    assert result.exit_code == 1
    assert "--encoding: unknown text encoding" in result.output and "cp1252" in result.output
    result = invoke("validate", DATA / "good", "--encoding", "base64")  # a codec, not a text encoding
    assert result.exit_code == 1 and "unknown text encoding" in result.output


# --- headers ---------------------------------------------------------------------------------

def test_title_row_and_near_miss_headers(store: Path, good: Path) -> None:
    shutil.copy(TRAPS / "people-gm-cp1252.csv", good / "people.csv")
    result = invoke("ingest", good, "--store", store, "--encoding", "cp1252")
    assert result.exit_code == 0, result.output
    warnings = warning_lines(result.output)
    assert any("header is on row 3" in w and "1 row above it" in w for w in warnings), warnings
    assert any("'Innovation Lead?' is read as innovation_lead" in w for w in warnings), warnings
    assert any("'Clinical Champion (Y/N)' is read as clinical_champion" in w for w in warnings), warnings
    assert any("'Inovation Scout' looks like innovation_scout" in w for w in warnings), warnings
    nodes, _ = snapshot(store)
    # The punctuated headers are the flags, not extras: the gap counts see them.
    assert nodes["P003"]["innovation_lead"] is True and nodes["P002"]["innovation_lead"] is False
    assert nodes["P002"]["clinical_champion"] is True and nodes["P001"]["clinical_champion"] is False
    # The fuzzy match is only a warning: kept as it was written.
    assert json.loads(nodes["P001"]["extra"]) == {"inovation_scout": "yes"}
    assert nodes["P001"]["innovation_scout"] is False


def test_rows_below_a_title_keep_their_spreadsheet_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Staff list\nid,name,Organization,innovation_lead\nP1,A,RBS,yes\nP2,B,RBS,maybe\n")
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert any("'Organization' is read as organisation" in w for w in warning_lines(result.output))
    assert any("people.csv, row 4, column 'innovation_lead'" in line for line in problem_lines(result.output))
    assert not any("add a column headed 'id'" in line for line in result.output.splitlines())


def test_person_id_header_is_one_cause_not_hundreds(store: Path, good: Path) -> None:
    before = snapshot(store)
    people = ["Person ID,Name,Organisation"] + [f"G{i:03d},Person {i},RBS" for i in range(61)]
    ties = ["person_a,person_b"] + [f"G{i:03d},G{(i + 1) % 61:03d}" for i in range(61)]
    (good / "people.csv").write_text("\n".join(people) + "\n")
    (good / "ties.csv").write_text("\n".join(ties) + "\n")
    (good / "champions.csv").write_text("person,innovation\nG001,INN-1\n")
    result = invoke("ingest", good, "--store", store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 1, column 'id'" in line and "'Person ID' looks like id" in line
    assert "61 rows not checked" in line and "rename the header 'Person ID' to 'id'" in line
    assert snapshot(store) == before


def test_missing_column_without_a_look_alike(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "organisations.csv").write_text("id,name,kind\nRBS,Alder Hey,acute\n")
    (folder / "people.csv").write_text("name,organisation\nAlex,RBS\n")
    (folder / "ties.csv").write_text("person_a,person_b\nP1,P2\n")
    result = invoke("validate", folder)
    lines = problem_lines(result.output)
    assert result.exit_code == 1 and len(lines) == 2, lines  # one per table; ties not blamed
    assert any("organisations.csv" in line and "column 'ics'" in line and "1 row not checked" in line for line in lines)
    assert any("people.csv" in line and "column 'id'" in line and "add a column headed 'id'" in line for line in lines)


# --- files and sheets ------------------------------------------------------------------------

def test_files_named_after_no_contract_are_warned_with_the_closest(store: Path, good: Path) -> None:
    (good / "people.csv").rename(good / "People.csv")
    shutil.copy(good / "People.csv", good / "people (1).csv")
    shutil.copy(good / "ties.csv", good / "GM ties v3.csv")
    shutil.copy(TRAPS / "people-gm-cp1252.csv", good / "people old.csv")  # not UTF-8, skipped anyway
    (good / "~$people.xlsx").write_bytes(b"\x00lock")  # Excel has the workbook open
    (good / ".~lock.people.csv#").write_text("user,host")
    (good / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = invoke("ingest", good, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = warning_lines(result.output)
    assert any("people (1).csv: did you mean people.csv?" in w and "skipped" in w for w in warnings), warnings
    assert any("GM ties v3.csv: did you mean ties.csv?" in w for w in warnings), warnings
    assert any("people old.csv: did you mean people.csv?" in w and "nor can it be read" in w for w in warnings)
    # the same warnings travel in the JSON output, with their parts
    reported = json.loads(result.stdout)["warnings"]
    assert {w["text"] for w in reported} == {w.removeprefix("  - warning: ") for w in warnings}
    assert any(w["file"] == "people (1).csv" and "did you mean people.csv" in w["message"] for w in reported)
    assert any("old.xls" in w and "save it as .xlsx" in w for w in warnings), warnings
    assert not any("lock" in w or "~$" in w for w in warnings), warnings
    counts = {r["type"]: r for r in json.loads(result.stdout)["changes"]}
    assert counts["Person"]["unchanged"] == 4  # People.csv was read


def test_misnamed_file_when_the_contract_file_is_missing(good: Path) -> None:
    (good / "people.csv").rename(good / "people (1).csv")
    result = invoke("validate", good)
    (line,) = problem_lines(result.output)  # no follow-on errors from ties, champions, memberships
    assert "people (1).csv" in line and "columns of people.csv" in line and "4 rows not read" in line
    assert "rename the file 'people.csv'" in line


def test_workbook_notes_sheet_is_a_warning_and_staff_sheet_one_error(store: Path, good: Path, tmp_path: Path) -> None:
    book = workbook(good, tmp_path / "eco.xlsx")
    book.create_sheet("Notes").append(["Remember to add the Salford teams"])
    book.create_sheet("Instructions").append(["sheet", "column", "meaning"])
    lists = book.create_sheet("lists")  # the source of dropdowns: kind and stage, not innovations
    lists.append(["kind", "stage", "role"])
    lists.sheet_state = "hidden"
    book.create_sheet("Kinds").append(["kind", "stage", "name"])  # visible: warned, not guessed
    book.save(tmp_path / "eco.xlsx")
    result = invoke("ingest", tmp_path / "eco.xlsx", "--store", store)
    assert result.exit_code == 0, result.output
    warnings = warning_lines(result.output)
    assert any("eco.xlsx › Notes" in w and "skipped" in w for w in warnings), warnings
    assert not any("Notes" in w and "did you mean" in w for w in warnings), warnings
    assert any("eco.xlsx › Kinds" in w and "skipped" in w for w in warnings), warnings
    assert len(warnings) == 2, warnings  # the instructions and the hidden lists are not data

    before = snapshot(store)
    people = book["people"]
    for i in range(5, 65):
        people.append([f"S{i:03d}", f"Staff {i}", "RBS"])
        book["ties"].append([f"S{i:03d}", "P001"])
    people.title = "Staff"
    book.save(tmp_path / "eco.xlsx")
    result = invoke("ingest", tmp_path / "eco.xlsx", "--store", store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "eco.xlsx › Staff" in line and "columns of people.csv" in line and "64 rows not read" in line
    assert "rename the sheet 'people'" in line
    assert snapshot(store) == before


# --- workbook cells --------------------------------------------------------------------------

def test_zero_padded_numbers_keep_their_displayed_form(tmp_path: Path, good: Path) -> None:
    book = workbook(good, tmp_path / "eco.xlsx")
    people, ties = book["people"], book["ties"]
    cell = people.cell(row=2, column=1, value=123)  # P001 becomes 00123, typed as a number
    cell.number_format = "00000"
    prefixed = people.cell(row=3, column=1, value=7)
    prefixed.number_format = '"P"0000'  # shows P0007
    for row in ties.iter_rows(min_row=2):
        for c in row[:2]:
            c.value = {"P001": "00123", "P002": "P0007"}.get(c.value, c.value)
    book["champions"]["A2"] = "P0007"
    book.save(tmp_path / "eco.xlsx")
    store = tmp_path / "s"
    result = invoke("ingest", tmp_path / "eco.xlsx", "--store", store)
    assert result.exit_code == 0, result.output
    nodes, edges = snapshot(store)
    assert nodes["00123"]["name"] == "Robin Fictional" and nodes["P0007"]["name"] == "Jo Madeup"
    assert ("00123", "P0007", "KNOWS") in {(u, v, k) for u, v, k, _ in edges}


def test_date_and_number_cells_in_id_columns_are_errors(store: Path, good: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    book = workbook(good, tmp_path / "eco.xlsx")
    people = book["people"]
    people["A3"] = dt.datetime(2024, 3, 1)  # "1-3" typed, Excel made it a date
    people["A3"].number_format = "d-mmm"
    people["A5"] = 123
    people["C4"] = 1234  # a reference column
    book.save(tmp_path / "eco.xlsx")
    result = invoke("ingest", tmp_path / "eco.xlsx", "--store", store)
    assert result.exit_code == 1
    lines = problem_lines(result.output)
    assert any("eco.xlsx › people, row 3, column 'id'" in line and "1 date cell in the id column (people › A3)"
               in line and "format the column as Text" in line for line in lines), lines
    assert any("row 5, column 'id'" in line and "1 number cell" in line and "people › A5" in line for line in lines)
    assert any("column 'organisation'" in line and "people › C4" in line for line in lines), lines
    assert snapshot(store) == before


def test_formula_without_saved_value_is_an_error_not_a_blank(store: Path, good: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    assert before[0]["P001"]["job_title"] == "Director of Innovation"
    book = workbook(good, tmp_path / "eco.xlsx")
    people = book["people"]
    title = column_of(people, "job_title")
    people.cell(row=2, column=title, value='=IF(B2="","",VLOOKUP(B2,Titles!A:B,2,FALSE))')
    book.save(tmp_path / "eco.xlsx")  # openpyxl, like many scripts, saves formulas without values
    result = invoke("ingest", tmp_path / "eco.xlsx", "--store", store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "eco.xlsx › people, row 2, column 'job_title'" in line and "people › E2" in line
    assert "1 formula cell with no saved value" in line and "save it" in line
    assert snapshot(store) == before


def test_workbook_declaring_a_smaller_range_is_read_whole(tmp_path: Path, good: Path) -> None:
    """Some writers declare A1:A1; reading only the declared range would drop rows silently."""
    import zipfile
    book = workbook(good, tmp_path / "eco.xlsx")
    book.save(tmp_path / "eco.xlsx")
    source, target = tmp_path / "eco.xlsx", tmp_path / "lying.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data)
            zout.writestr(item, data)
    a, b = tmp_path / "a", tmp_path / "b"
    assert invoke("ingest", source, "--store", a).exit_code == 0
    result = invoke("ingest", target, "--store", b)
    assert result.exit_code == 0, result.output
    assert snapshot(a) == snapshot(b)
