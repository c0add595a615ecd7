"""Templates (issue 11): never overwrite a user's files, example rows that cannot be loaded by
mistake, a workbook worth filling in (Instructions sheet, dropdowns, notes, frozen header) and a
README beside the CSV templates, all derived from the model."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ecograph import model
from ecograph.cli import main
from ecograph.ingest.templates import csv_readme

NHS = Path(__file__).parent / "data" / "nhs"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def counts(store: Path) -> dict[str, int]:
    result = invoke("stats", "--store", store, "--format", "json")
    return {r["name"]: r["count"] for r in json.loads(result.stdout)}


# --- nothing a user wrote is lost ------------------------------------------------------------

def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "gm"
    folder.mkdir()
    filled = "id,name,organisation\n" + "".join(f"P{i:03d},Person {i},RBV\n" for i in range(60))
    (folder / "people.csv").write_text(filled)
    (folder / "ties.csv").write_text("person_a,person_b\nP001,P002\n")
    result = invoke("template", folder)
    assert result.exit_code == 1
    assert "people.csv" in result.output and "ties.csv" in result.output and "--force" in result.output
    assert (folder / "people.csv").read_text() == filled  # 61 lines, not 3
    assert sorted(p.name for p in folder.iterdir()) == ["people.csv", "ties.csv"]  # nothing else written
    forced = invoke("template", folder, "--force")
    assert forced.exit_code == 0
    assert (folder / "people.csv").read_text() != filled and (folder / "ics.csv").exists()


def test_workbook_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    assert invoke("template", tmp_path, "--xlsx").exit_code == 0
    book = tmp_path / "ecosystem.xlsx"
    before = book.read_bytes()
    result = invoke("template", tmp_path, "--xlsx")
    assert result.exit_code == 1 and "ecosystem.xlsx" in result.output
    assert book.read_bytes() == before
    assert invoke("template", tmp_path, "--xlsx", "--force").exit_code == 0


def test_generate_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "people.csv").write_text("id,name,organisation\nP1,Mine,RBV\n")
    args = ["generate", folder, "--people", "20", "--ics", "QYG",
            "--trusts", NHS / "ods_etr_trusts_2025.csv",
            "--gp-practices", NHS / "ods_epraccur_gp_practices_2025_subset.csv"]
    result = invoke(*args)
    assert result.exit_code == 1 and "people.csv" in result.output and "--force" in result.output
    assert (folder / "people.csv").read_text() == "id,name,organisation\nP1,Mine,RBV\n"
    assert sorted(p.name for p in folder.iterdir()) == ["people.csv"]
    assert invoke(*args, "--force").exit_code == 0
    assert (folder / "people.csv").read_text().count("\n") == 21


# --- example rows -----------------------------------------------------------------------------

def test_example_rows_are_refused_once_per_file(tmp_path: Path) -> None:
    """The coordinator typed underneath the example rows: the examples are refused, with one
    message per file, and nothing is written; once deleted, the rest loads."""
    folder = tmp_path / "gm"
    assert invoke("template", folder).exit_code == 0
    mine = {"ics.csv": "QOP,Greater Manchester,North West\n",
            "organisations.csv": "RBV,The Christie,specialist-trust,QOP,North West\n",
            "people.csv": "P1,Morag Dewhurst,RBV,,Director of Innovation,yes,no,no\n"}
    for file, row in mine.items():
        with (folder / file).open("a") as handle:
            handle.write(row)
    store = tmp_path / "store"
    result = invoke("ingest", folder, "--store", store)
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if "example row" in l]
    assert len(lines) == len(model.LOAD_ORDER)  # one per file, not one per row
    assert any("people.csv, row 2" in l and "2 example rows from the template (rows 2, 3)" in l and "delete" in l for l in lines)
    assert "no person has this id" not in result.output  # no follow-on errors about EXAMPLE- ids
    assert not (store / "graph.lbug").exists() or counts(store)["Person"] == 0
    for file in model.LOAD_ORDER:
        path = folder / file
        path.write_text("".join(l for l in path.read_text().splitlines(keepends=True) if "EXAMPLE-" not in l))
    result = invoke("ingest", folder, "--store", store)
    assert result.exit_code == 0, result.output
    found = counts(store)
    assert found["ICS"] == found["Organisation"] == found["Person"] == 1 and found["Team"] == 0


# --- the workbook -----------------------------------------------------------------------------

def _validation_values(book: openpyxl.Workbook, sheet, column: str) -> list[str]:
    """The values a cell's dropdown offers, read from where its list points."""
    (check,) = [dv for dv in sheet.data_validations.dataValidation if f"{column}2" in str(dv.sqref).split(":")[0]
                or str(dv.sqref).startswith(f"{column}2")]
    assert check.type == "list"
    ref = check.formula1
    if ref.startswith('"'):
        return ref.strip('"').split(",")
    sheet_name, cells = ref.split("!")
    start, end = cells.replace("$", "").split(":")
    return [c.value for row in book[sheet_name][start:end] for c in row]


def test_workbook_has_instructions_dropdowns_notes_and_frozen_header(tmp_path: Path) -> None:
    assert invoke("template", tmp_path, "--xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "ecosystem.xlsx")
    assert book.sheetnames[0] == model.INSTRUCTIONS_SHEET
    assert book.sheetnames[1:] == [f.removesuffix(".csv") for f in model.LOAD_ORDER]
    for file in model.LOAD_ORDER:
        sheet = book[file.removesuffix(".csv")]
        assert sheet.freeze_panes == "A2"
        for index, column in enumerate(model.columns_for(file), start=1):
            header = sheet.cell(row=1, column=index)
            assert header.value == column.name
            assert header.comment is not None and column.description in header.comment.text
    orgs, people, innovations = book["organisations"], book["people"], book["innovations"]
    assert _validation_values(book, orgs, "C") == list(model.ORGANISATION_KINDS)
    assert _validation_values(book, innovations, "C") == list(model.INNOVATION_KINDS)
    assert _validation_values(book, innovations, "D") == list(model.INNOVATION_STAGES)
    assert _validation_values(book, book["adoptions"], "C") == list(model.ADOPTION_STAGES)
    assert _validation_values(book, book["memberships"], "C") == list(model.ROLES)
    assert _validation_values(book, book["partnerships"], "C") == ["yes", "no"]
    for letter in "FGH":  # innovation_lead, clinical_champion, innovation_scout
        assert _validation_values(book, people, letter) == ["yes", "no"]
    kinds = next(dv for dv in orgs.data_validations.dataValidation if str(dv.sqref).startswith("C2"))
    stages = next(dv for dv in innovations.data_validations.dataValidation if str(dv.sqref).startswith("D2"))
    assert kinds.errorStyle == "stop" and stages.errorStyle == "stop"  # stages are controlled, like kinds
    guide = "\n".join(str(c.value) for row in book[model.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "EXAMPLE-" in guide and all(c.description in guide for f in model.LOAD_ORDER for c in model.columns_for(f))


def test_filled_in_workbook_ingests_and_instructions_are_skipped(tmp_path: Path) -> None:
    assert invoke("template", tmp_path, "--xlsx").exit_code == 0
    path = tmp_path / "ecosystem.xlsx"
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets[1:]:
        sheet.delete_rows(2, sheet.max_row)
    book["ics"].append(["qop", "Greater Manchester", "North West"])
    book["organisations"].append(["RBV", "The Christie", "specialist-trust", "QOP", "North West"])
    book["organisations"].append(["RM3", "Northern Care Alliance", "acute-trust", "QOP", "North West"])
    book["teams"].append(["RBV-INN", "Christie Innovation", "RBV", "innovation"])
    book["people"].append(["P1", "Morag Dewhurst", "RBV", "RBV-INN", "Director of Innovation", "yes", "no", "no"])
    book["people"].append(["P2", "Siobhán O'Brien", "RM3", None, "Nurse consultant", "no", "yes", None])
    book["ties"].append(["P1", "P2", "digital board"])
    book.save(path)
    store = tmp_path / "store"
    result = invoke("ingest", path, "--store", store)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "Instructions" not in result.output
    found = counts(store)
    assert (found["ICS"], found["Organisation"], found["Person"], found["KNOWS"], found["WORKS_IN"]) == (1, 2, 2, 1, 1)


# --- the CSV templates' README ----------------------------------------------------------------

def test_csv_templates_have_a_readme_from_the_model(tmp_path: Path) -> None:
    result = invoke("template", tmp_path)
    assert result.exit_code == 0 and "README.md" in result.output
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme == csv_readme()
    for file in model.LOAD_ORDER:
        assert f"`{file}`" in readme
        for column in model.columns_for(file):
            assert f"`{column.name}`" in readme and column.description in readme
    assert all(kind in readme for kind in model.ORGANISATION_KINDS) and "EXAMPLE-" in readme
    # the README does not get in the way of ingesting the folder
    for file in model.LOAD_ORDER:
        path = tmp_path / file
        path.write_text(path.read_text().splitlines()[0] + "\n")
    result = invoke("validate", tmp_path, "--store", tmp_path / "none")
    assert result.exit_code == 0 and "README" not in result.output
