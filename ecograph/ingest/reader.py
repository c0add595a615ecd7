"""Read the contract's spreadsheets: a folder, single CSV/XLSX files, or one workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..errors import Problem


@dataclass
class Table:
    """The rows of one contract file, as the user wrote them (strings, stripped)."""

    file: str  # contract file name, e.g. "people.csv"
    source: str  # where it came from, for messages, e.g. "ics.xlsx › people"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, cells)


def _contract_name(stem: str) -> str | None:
    """Map a file or sheet name onto a contract file name ("People" -> "people.csv")."""
    name = stem.strip().lower().replace(" ", "_")
    name = name.removesuffix(".csv")
    aliases = {"organizations": "organisations", "person": "people", "tie": "ties",
               "partnership_members": "memberships", "members": "memberships"}
    name = aliases.get(name, name)
    candidate = f"{name}.csv"
    return candidate if candidate in model.LOAD_ORDER else None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(file: str, source: str, raw_rows: list[list[str]], problems: list[Problem]) -> Table | None:
    rows = [r for r in raw_rows]
    # The header is the first row with anything in it.
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if start is None:
        problems.append(Problem(source, None, None, None, "the file is empty",
                                f"add a header row with the columns of {file} (`ecograph template DIR` writes one)"))
        return None
    header = [h.strip().lower().replace(" ", "_") for h in rows[start]]
    table = Table(file, source, header)
    for offset, values in enumerate(rows[start + 1:], start=start + 2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            problems.append(Problem(source, offset, None, None,
                                    f"the row has {len(values)} cells but the header has {len(header)}",
                                    "remove the extra cells or quote values that contain commas"))
        cells = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h}
        table.rows.append((offset, cells))
    return table


def _read_csv(path: Path, file: str, encoding: str, problems: list[Problem]) -> Table | None:
    data = path.read_bytes()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(path.name, line, None, repr(data[exc.start:exc.start + 1]),
                                f"the file is not {encoding.removesuffix('-sig').upper()} text",
                                "save it as 'CSV UTF-8' from Excel, or pass --encoding cp1252 "
                                "(or the encoding it was saved in)"))
        return None
    if not text.strip():
        problems.append(Problem(path.name, None, None, None, "the file is empty",
                                f"add a header row with the columns of {file} (`ecograph template DIR` writes one)"))
        return None
    first_line = text.splitlines()[0]
    delimiter = max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(file, path.name, list(reader), problems)


def _read_workbook(path: Path, problems: list[Problem]) -> list[Table]:
    import openpyxl
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        problems.append(Problem(path.name, None, None, None,
                                f"the workbook cannot be read ({type(exc).__name__}: {exc})",
                                "open it in Excel and save it again as .xlsx, or save each sheet as CSV"))
        return []
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.title.strip().lower() == model.INSTRUCTIONS_SHEET.lower():
                continue  # the template's guide
            file = _contract_name(sheet.title)
            if file is None:
                problems.append(Problem(f"{path.name} › {sheet.title}", None, None, sheet.title,
                                        "the sheet name is not a contract file",
                                        "name sheets after the files: " + ", ".join(
                                            f.removesuffix(".csv") for f in model.LOAD_ORDER)))
                continue
            raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            table = _table(file, f"{path.name} › {sheet.title}", raw, problems)
            if table:
                tables.append(table)
    finally:
        book.close()
    return tables


def read_sources(paths: list[Path], encoding: str = "utf-8-sig") -> tuple[list[Table], list[Problem]]:
    """Read every contract table from folders, files and workbooks.

    Returns the tables and the problems found while reading; the caller decides whether to
    go on. ``encoding`` applies to CSV files ("utf-8-sig" accepts a BOM).
    """
    problems: list[Problem] = []
    tables: list[Table] = []
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx")
                           and (_contract_name(p.stem) or p.suffix.lower() == ".xlsx"))
            if not found:
                problems.append(Problem(str(path), None, None, None, "the folder holds no contract files",
                                        "put ics.csv, organisations.csv... in it (`ecograph template DIR`)"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, None, "no such file or folder",
                                    "check the path"))
    for path in files:
        if path.suffix.lower() == ".xlsx":
            tables.extend(_read_workbook(path, problems))
            continue
        file = _contract_name(path.stem)
        if file is None:
            problems.append(Problem(path.name, None, None, None, "not a contract file name",
                                    "name it one of: " + ", ".join(model.LOAD_ORDER)))
            continue
        table = _read_csv(path, file, encoding, problems)
        if table:
            tables.append(table)
    seen: dict[str, str] = {}
    for table in tables:
        if table.file in seen:
            problems.append(Problem(table.source, None, None, None,
                                    f"{table.file} is given twice (also {seen[table.file]})",
                                    "give each contract file once"))
        seen[table.file] = table.source
    return tables, problems
