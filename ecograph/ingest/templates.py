"""Spreadsheet templates, their instructions and the column reference, derived from the model."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import model
from ..fileio import atomic_writer, make_folder, refuse_overwrite, write_text_atomic

#: The workbook template's file name.
WORKBOOK = "ecosystem.xlsx"
#: The CSV templates' guide, beside them.
CSV_README = "README.md"

# The ties example needs a second person, so people.csv gets two example rows.
_MORE_EXAMPLES = {"people.csv": [{"id": "P0002", "organisation": "RBS", "job_title": "Consultant Nurse",
                                  "clinical_champion": "yes"}]}

_GUIDE = (
    "Fill in one sheet (or CSV file) per kind of thing: each row is one ICS, organisation, team, "
    "person, innovation or partnership, or one link between them (memberships, adoptions, ties, champions).",
    f"The rows whose ids start {model.EXAMPLE_PREFIX} show what goes where: delete them before loading "
    "(`ecograph ingest` refuses them).",
    "Keep the header row as it is. Required columns must be filled in on every row; other columns may be "
    "left blank. Any column you add is kept with the row.",
    "References use ids: a person's organisation is the organisation's id, a tie names two people's ids. "
    "A reference may point at something loaded before. Use ODS codes as organisation ids where they "
    "exist; ICS and ODS codes may be typed in any case.",
    "Check everything with `ecograph validate FOLDER-OR-WORKBOOK`, then load it with `ecograph ingest`.",
)


def _example_rows(file: str) -> list[list[str]]:
    """Example rows that cannot be mistaken for data: EXAMPLE- ids, '(delete this row)' names."""
    columns = model.columns_for(file)
    spec = model.NODE_BY_FILE.get(file)
    noun = "" if spec is None else (spec.label if spec.label.isupper() else spec.label.lower())
    rows = [{c.name: c.example for c in columns}] + _MORE_EXAMPLES.get(file, [])
    out = []
    for number, values in enumerate(rows, start=1):
        row = []
        for index, column in enumerate(columns):
            value = values.get(column.name, "")
            if value and (column.type in ("ref", "refs") or (spec is not None and index == 0)):
                value = ";".join(model.EXAMPLE_PREFIX + v for v in value.split(";"))
            elif column.name == "name" and spec is not None:
                value = f"Example {noun}{f' {number}' if number > 1 else ''} {model.EXAMPLE_NAME_SUFFIX}"
            row.append(value)
        out.append(row)
    return out


def _lists() -> dict[str, tuple[str, ...]]:
    """The values offered in dropdowns, by the name shown above each list."""
    return {**{_vocabulary_list(v): tuple(kinds) for v, kinds in model.VOCABULARIES.items()},
            "roles": model.ROLES,
            "yes/no": ("yes", "no")}


def _vocabulary_list(vocabulary: str) -> str:
    """The name of a vocabulary's dropdown list: "organisation kinds", "barrier categories"."""
    noun = model.VOCABULARY_NOUNS[vocabulary]
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _list_of(file: str, column: model.Column) -> str | None:
    """Which of :func:`_lists` a column's dropdown offers, if any."""
    if column.type == "kind":
        return _vocabulary_list(column.vocabulary)
    if column.type == "flag":
        return "yes/no"
    if column.type == "role":
        return "roles"
    return None


def _note(column: model.Column) -> str:
    need = "Required." if column.required else "Optional."
    example = f" Example: {column.example}" if column.example else ""
    return f"{column.description}. {need}{example}"


def template_paths(folder: Path, workbook: bool = False) -> list[Path]:
    """The files :func:`write_templates` writes into ``folder``."""
    folder = Path(folder)
    if workbook:
        return [folder / WORKBOOK]
    return [folder / f for f in model.LOAD_ORDER] + [folder / CSV_README]


def write_templates(folder: Path, workbook: bool = False, force: bool = False) -> list[Path]:
    """Write one CSV per contract file and a README (or one .xlsx) with headers and example rows.

    Raises
    ------
    OverwriteError
        A file it would write exists already and ``force`` is false; nothing is written.
    """
    folder = Path(folder)
    refuse_overwrite(template_paths(folder, workbook), force)
    folder = make_folder(folder)
    if workbook:
        path = folder / WORKBOOK
        with atomic_writer(path, binary=True) as handle:
            _workbook().save(handle)
        return [path]
    written = []
    for file in model.LOAD_ORDER:
        path = folder / file
        with atomic_writer(path, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in model.columns_for(file)])
            writer.writerows(_example_rows(file))
        written.append(path)
    readme = folder / CSV_README
    write_text_atomic(readme, csv_readme())
    return written + [readme]


def csv_readme() -> str:
    """The guide written beside the CSV templates: what each file and column holds."""
    lists = "\n".join(f"- **{name}**: {', '.join(values)}" for name, values in _lists().items())
    return ("# Ecosystem templates\n\n" + "\n\n".join(_GUIDE) + "\n\n"
            "Files load in the order below. Each column's meaning:\n\n" + column_reference()
            + "\n## Valid values\n\n" + lists + "\n\nKinds accept common spellings too "
            "(`ecograph kinds` lists them); stages other than these are kept as written.\n")


def _workbook():
    """The template workbook: Instructions first, then a sheet per file with dropdowns,
    column notes and a frozen header row."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = model.INSTRUCTIONS_SHEET
    guide.append(["How to fill in this workbook"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in _GUIDE:  # each paragraph wrapped across the guide's five columns
        guide.append([line.replace("`", "")])
        row = guide.max_row
        guide.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        guide.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        guide.row_dimensions[row].height = 32
    guide.append([])
    guide.append(["sheet", "column", "required", "meaning", "example"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for file in model.LOAD_ORDER:
        for column in model.columns_for(file):
            guide.append([file.removesuffix(".csv"), column.name, "yes" if column.required else "",
                          column.description, column.example])
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 20
    guide.column_dimensions["D"].width = 70
    # The dropdowns' lists, to the right of the guide (an inline list is limited to 255 characters).
    ranges = {}
    first = 8
    for offset, (name, values) in enumerate(_lists().items()):
        letter = get_column_letter(first + offset)
        guide[f"{letter}1"] = name
        guide[f"{letter}1"].font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            guide[f"{letter}{row}"] = value
        guide.column_dimensions[letter].width = max(len(name), *(len(v) for v in values)) + 2
        ranges[name] = f"{model.INSTRUCTIONS_SHEET}!${letter}$2:${letter}${len(values) + 1}"

    for file in model.LOAD_ORDER:
        sheet = book.create_sheet(file.removesuffix(".csv"))
        columns = model.columns_for(file)
        sheet.append([c.name for c in columns])
        for row in _example_rows(file):
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            header = sheet.cell(row=1, column=index)
            header.font = Font(bold=True)
            header.comment = Comment(_note(column), "ecograph", width=300, height=120)
            sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
            listed = _list_of(file, column)
            if listed is None:
                continue
            strict = not column.choices  # stages are suggestions: other values are kept
            check = DataValidation(type="list", formula1=ranges[listed], allow_blank=True,
                                   showErrorMessage=True, errorStyle="stop" if strict else "warning",
                                   errorTitle=column.name,
                                   error=f"Choose one of the {listed} (see the {model.INSTRUCTIONS_SHEET} sheet).")
            check.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(check)
    return book


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
