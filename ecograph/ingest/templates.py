"""Spreadsheet templates and the column reference, derived from the model."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import model
from ..fileio import atomic_writer, make_folder

# The ties example needs a second person, so people.csv gets two example rows.
_MORE_EXAMPLES = {"people.csv": [{"id": "P0002", "name": "Sam Sample", "organisation": "RBS",
                                  "job_title": "Consultant Nurse", "clinical_champion": "yes"}]}


def _example_rows(file: str) -> list[list[str]]:
    columns = model.columns_for(file)
    rows = [[c.example for c in columns]]
    rows += [[extra.get(c.name, "") for c in columns] for extra in _MORE_EXAMPLES.get(file, [])]
    return rows


def write_templates(folder: Path, workbook: bool = False) -> list[Path]:
    """Write one CSV per contract file (or one .xlsx) with headers and example rows that load."""
    folder = make_folder(folder)
    if workbook:
        import openpyxl
        book = openpyxl.Workbook()
        book.remove(book.active)
        for file in model.LOAD_ORDER:
            sheet = book.create_sheet(file.removesuffix(".csv"))
            columns = model.columns_for(file)
            sheet.append([c.name for c in columns])
            for row in _example_rows(file):
                sheet.append(row)
        path = folder / "ecosystem.xlsx"
        with atomic_writer(path, binary=True) as handle:
            book.save(handle)
        return [path]
    written = []
    for file in model.LOAD_ORDER:
        columns = model.columns_for(file)
        path = folder / file
        with atomic_writer(path, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in columns])
            writer.writerows(_example_rows(file))
        written.append(path)
    return written


def column_reference() -> str:
    """The ingest contract as Markdown (the README's 'Ingest contract' tables)."""
    out = []
    for file in model.LOAD_ORDER:
        spec = model.NODE_BY_FILE.get(file) or model.LINK_BY_FILE[file]
        out.append(f"**`{file}`** — {spec.description}\n")
        out.append("| column | required | meaning | example |\n|---|---|---|---|")
        for c in model.columns_for(file):
            out.append(f"| `{c.name}` | {'yes' if c.required else ''} | {c.description} | {c.example} |")
        out.append("")
    return "\n".join(out)
