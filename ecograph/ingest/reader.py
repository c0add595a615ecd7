"""Read the contract's spreadsheets: a folder, single CSV/XLSX files, or one workbook.

Reading never guesses silently. Each CSV file is decoded on its own (UTF-8 first, the
``--encoding`` fallback only for a file that is not UTF-8, and a warning says which);
files and sheets named after no contract file are reported with the closest name; a
header below a title row, or spelt with punctuation, is used and reported; a missing
required column is reported once for its table (whose rows are then not checked), not
once per row. Every input is bounded (see :mod:`.bounds`).
"""

from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import pyarrow

from .. import model
from ..errors import InputError, Problem, warning
from . import columnar, headers
from .bounds import Refused, csv_cell_limit, limit_bytes, read_bytes
from .xlsx import WORKBOOK_SUFFIXES, CellNote, Sheet, read_workbook

#: Suffixes read as CSV when found in a folder (any file given by name is read as CSV).
CSV_SUFFIXES = (".csv", ".tsv")
#: Sheets that explain a workbook rather than hold data (the template's own, or the user's),
#: skipped without a warning, as are hidden sheets (dropdown lists).
QUIET_SHEETS = ("instructions", "readme", "read_me", "about", "how_to", "guide")
#: Spreadsheet formats ecograph does not read, reported when found in a folder.
_OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers", ".xlsb")


@dataclass
class Table:
    """The rows of one contract file, as the user wrote them (strings, stripped)."""

    file: str  # contract file name, e.g. "people.csv"
    source: str  # where it came from, for messages, e.g. "ics.xlsx › people"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, cells)
    #: A reading error already explains this table (a missing required column, a sheet under
    #: the wrong name): validation collects its ids, so references to them do not fail too,
    #: but checks none of its rows.
    blocked: bool = False
    #: Rows read as columns (see :mod:`.columnar`), besides ``rows``: stripped strings named
    #: after the header, and the row number in ``columnar.ROW``. None for a table read by row.
    columns: "pyarrow.Table | None" = None
    #: SHA-256 of the file's bytes when the table was read as columns (its fingerprint basis).
    source_digest: str = ""

    @property
    def count(self) -> int:
        """How many rows the table holds, by row and as columns."""
        return len(self.rows) + (self.columns.num_rows if self.columns is not None else 0)


def _is_lock_file(path: Path) -> bool:
    """Excel (``~$people.xlsx``) and LibreOffice (``.~lock.people.csv#``) lock files: never data."""
    return path.name.startswith(("~$", ".~lock."))


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@contextmanager
def bulk_rows() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of rows are read and checked.

    The rows (lists, dicts, tuples of strings) hold no reference cycles, so reference counting
    frees them all; but the collector, triggered by every 700 new containers, walks the whole
    growing heap again and again: a third of an ingest's CPU at 100,000 people. Usable as a
    decorator; nested uses leave the collector as the outermost found it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- text ------------------------------------------------------------------------------------

def fallback_codec(encoding: str | None) -> str | None:
    """The codec to try on a CSV file that is not UTF-8, or None when there is none.

    Raises
    ------
    InputError
        When ``encoding`` is not a text encoding Python knows.
    """
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError([Problem("--encoding", None, None, encoding, "unknown text encoding",
                                  "give the encoding the files were saved in, e.g. cp1252 (Excel on "
                                  "Windows), latin-1, mac-roman or utf-16")])
    return None if info.name in ("utf-8", "utf-8-sig") else info.name


def _decode(data: bytes, name: str, fallback: str | None) -> tuple[str, str | None]:
    """The text of a CSV file, and the fallback encoding if it was needed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        attempts = ["utf-16"]
    else:
        attempts = ["utf-8-sig"] + ([fallback] if fallback else [])
    for encoding in attempts:
        try:
            return data.decode(encoding), (encoding if encoding == fallback else None)
        except UnicodeDecodeError as exc:
            failure = exc
    line = data[: failure.start].count(b"\n") + 1
    byte = f"0x{data[failure.start]:02X}"
    tried = " nor ".join(e.upper() if e.startswith("utf") else e for e in attempts).replace("UTF-8-SIG", "UTF-8")
    message = (f"the file is not {tried} text" if len(attempts) == 1 else f"the file is neither {tried} text")
    fix = ("save it as 'CSV UTF-8' from Excel, or pass --encoding cp1252 (or the encoding it was saved in)"
           if not fallback else "save it as 'CSV UTF-8' from Excel, or pass --encoding with the encoding it "
           "was saved in (e.g. latin-1, mac-roman)")
    raise Refused(Problem(name, line, None, byte, f"{message} (byte {byte} on line {line})", fix))


def _csv_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Non-empty records of a CSV text as (row number, cells); rows count records, as Excel does."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    rows: list[tuple[int, list[str]]] = []
    number = 0
    with csv_cell_limit():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                if "".join(values).strip():  # some cell is not blank
                    rows.append((number, values))
        except csv.Error as exc:
            row = number + 1
            if "field larger than field limit" in str(exc):
                raise Refused(Problem(
                    name, row, None, None,
                    f"a cell is longer than {csv.field_size_limit():,} characters (it starts on line "
                    f"{reader.line_num})",
                    'look for a quote mark (") that opens a cell and is never closed, and close it')) from None
            raise Refused(Problem(name, row, None, None, f"the file cannot be read as CSV ({exc})",
                                  "save it again as 'CSV UTF-8' from Excel")) from None
    return rows


# --- tables ----------------------------------------------------------------------------------

def _id_columns(file: str) -> set[str]:
    """Columns holding ids: the key of a node file and every reference column."""
    columns = model.columns_for(file)
    ids = {c.name for c in columns if c.type in ("ref", "refs")}
    if file in model.NODE_BY_FILE:
        ids.add(columns[0].name)
    return ids


def _cell_problems(table: Table, title: str, notes: dict[tuple[int, int], CellNote],
                   names: list[str], problems: list[Problem]) -> None:
    """One problem per column for date/number cells in id columns and formulas with no value."""
    ids = _id_columns(table.file)
    rows = {number for number, _ in table.rows}
    found: dict[tuple[str, str], list[tuple[int, CellNote]]] = {}
    for (number, index), note in sorted(notes.items()):
        column = names[index] if index < len(names) else ""
        if number not in rows or not column:
            continue
        if note.kind == "formula" or column in ids:
            found.setdefault((note.kind, column), []).append((number, note))
    for (kind, column), cells in found.items():
        first_row, first = cells[0]
        where = f"{title} › " + ", ".join(note.coordinate for _, note in cells[:5]) + (" …" if len(cells) > 5 else "")
        if kind == "formula":
            message = (f"{_plural(len(cells), 'formula cell')} with no saved value ({where}); "
                       "read as blank it would erase what the store holds")
            fix = ("open the workbook in Excel or LibreOffice and save it (that stores each formula's value), "
                   "or paste the values over the formulas")
        else:
            message = f"{_plural(len(cells), kind + ' cell')} in the {column} column ({where}): ids are text"
            fix = ("format the column as Text in Excel (Home › Number › Text) and retype these ids: Excel "
                   + ("turned them into dates" if kind == "date" else "drops leading zeros and rounds long numbers"))
        problems.append(Problem(table.source, first_row, column, first.shown, message, fix))


def _header_warnings(table: Table, cells: list[str], header: headers.Header, row: int,
                     problems: list[Problem]) -> None:
    for index, column in header.confident.items():
        problems.append(warning(table.source, row, column, None,
                                f"the header {cells[index].strip()!r} is read as {column}",
                                f"rename the header to '{column}' to silence this warning"))
    for index, column in header.near.items():
        problems.append(warning(table.source, row, header.names[index], None,
                                f"the header {cells[index].strip()!r} looks like {column}, but is kept as "
                                f"an extra column",
                                f"rename the header to '{column}' if that is what it holds"))


def _missing_columns(table: Table, cells: list[str], header: headers.Header, row: int) -> Problem:
    """One problem for a table's missing required columns, with the header that probably means each."""
    missing = header.missing
    columns = {c.name: c for c in model.columns_for(table.file)}
    look_alikes = [f"{cells[header.stand_ins[m]].strip()!r} looks like {m}" for m in missing if m in header.stand_ins]
    message = ("a required column is missing" if len(missing) == 1 else
               f"{len(missing)} required columns are missing: {', '.join(missing)}")
    if look_alikes:
        message += " (" + "; ".join(look_alikes) + ")"
    message += f"; {_plural(len(table.rows), 'row')} not checked"
    fixes = [f"rename the header {cells[header.stand_ins[m]].strip()!r} to '{m}'" if m in header.stand_ins else
             f"add a column headed '{m}' ({columns[m].description.lower()})" for m in missing]
    fix = "; ".join(fixes) + "; `ecograph template DIR` writes files with every column"
    return Problem(table.source, row, ", ".join(missing), None, message, fix)


def _table(file: str, source: str, rows: list[tuple[int, list[str]]], problems: list[Problem],
           sheet: Sheet | None = None) -> Table | None:
    """A contract table from the non-empty rows of a file or sheet; problems are appended."""
    if not rows:
        problems.append(Problem(source, None, None, None, "the file is empty",
                                f"add a header row with the columns of {file} (`ecograph template DIR` writes one)"))
        return None
    start = headers.find_header([values for _, values in rows], file)
    header_row, cells = rows[start]
    if start:
        problems.append(warning(source, header_row, None, None,
                                f"the header is on row {header_row}: {_plural(start, 'row')} above it "
                                "read as a title and skipped",
                                "delete the rows above the header if they hold data"))
    header = headers.map_header(cells, file)
    names = header.names
    table = Table(file, source, names)
    width = len(names)
    blanks = [""] * width
    every_named = all(names)
    for number, values in rows[start + 1:]:
        if len(values) > width and "".join(values[width:]).strip():
            problems.append(Problem(source, number, None, None,
                                    f"the row has {len(values)} cells but the header has {width}",
                                    "remove the extra cells or quote values that contain commas"))
        if every_named:  # the common case: one cell per header, missing ones blank
            if len(values) < width:
                values = values + blanks[len(values):]
            table.rows.append((number, dict(zip(names, map(str.strip, values)))))
        else:
            table.rows.append((number, {h: (values[i].strip() if i < len(values) else "")
                                        for i, h in enumerate(names) if h}))
    _header_warnings(table, cells, header, header_row, problems)
    if header.missing:
        problems.append(_missing_columns(table, cells, header, header_row))
        table.blocked = True
        # Read the probable stand-ins as the columns they stand for, so that references to
        # this table's ids resolve and its one problem is not followed by hundreds.
        for column, index in header.stand_ins.items():
            given, table.header[index] = table.header[index], column
            for _, row_cells in table.rows:
                row_cells[column] = row_cells.pop(given, "")
    if sheet is not None:
        _cell_problems(table, sheet.title, sheet.notes, names, problems)
    return table


# --- sources ---------------------------------------------------------------------------------

@dataclass
class _Source:
    """Rows read from one CSV file or one sheet, before they become a table."""

    name: str  # file or sheet name as the user gave it
    source: str  # for messages
    rows: list[tuple[int, list[str]]]
    sheet: Sheet | None = None
    encoding: str | None = None  # the fallback, when it was used
    columns: "columnar.Columns | None" = None  # a large plain CSV file, read as columns
    digest: str = ""


def _expand(paths: list[Path], problems: list[Problem]) -> list[tuple[Path, bool]]:
    """The files to read, each with whether it was found in a folder (rather than given by name)."""
    files: list[tuple[Path, bool]] = []
    for path in map(Path, paths):
        # A folder named people.csv is refused by name, as a file, not searched as a folder.
        if not path.is_dir() or path.suffix.lower() in CSV_SUFFIXES + WORKBOOK_SUFFIXES:
            if not _is_lock_file(path):
                files.append((path, False))
            continue
        found = []
        for entry in sorted(path.iterdir()):
            suffix = entry.suffix.lower()
            if entry.name.startswith(".") or _is_lock_file(entry):
                continue  # hidden files and lock files are never the user's data
            if suffix in CSV_SUFFIXES + WORKBOOK_SUFFIXES:
                found.append(entry)
            elif suffix in _OTHER_SPREADSHEETS:
                problems.append(warning(entry.name, None, None, None,
                                        f"{suffix} files are not read; skipped",
                                        "save it as .xlsx (a workbook) or as CSV UTF-8"))
        if not found:
            problems.append(Problem(str(path), None, None, None, "the folder holds no contract files",
                                    "put ics.csv, organisations.csv... in it (`ecograph template DIR`)"))
        files.extend((entry, True) for entry in found)
    return files


def _read_file(path: Path, fallback: str | None, limit: int, by_column: bool = False) -> list[_Source]:
    data = read_bytes(path, path.name, limit)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return [_Source(sheet.title, f"{path.name} › {sheet.title}", sheet.rows, sheet)
                for sheet in read_workbook(data, path.name, limit)]
    if by_column:  # pyarrow checks the bytes are UTF-8; any other file is decoded below
        read = columnar.read_columns(data, headers.contract_file(path.stem))
        if read is not None:
            return [_Source(path.stem, path.name, [], columns=read, digest=hashlib.sha256(data).hexdigest())]
    text, used = _decode(data, path.name, fallback)
    return [_Source(path.stem, path.name, _csv_rows(text, path.name), encoding=used)]


def _column_table(file: str, source: _Source, problems: list[Problem]) -> Table:
    """The table of a file read as columns (its header is on row 1 and names every column)."""
    read = source.columns
    assert read is not None
    table = Table(file, source.source, read.header.names, read.rows, columns=read.clean,
                  source_digest=source.digest)
    _header_warnings(table, read.cells, read.header, 1, problems)
    return table


def _unnamed(source: _Source, named: set[str], problems: list[Problem]) -> Table | None:
    """A file or sheet named after no contract file: a table if it clearly holds a missing one.

    A sheet "Staff" holding the people columns while no people sheet is given is an error
    (rename it) whose table is blocked, so the references to its ids do not fail as well;
    anything else is skipped with a warning naming the closest contract file.
    """
    kind = "sheet" if source.sheet is not None else "file"
    if source.sheet is not None and (source.sheet.hidden or headers.loose_name(source.name) in QUIET_SHEETS):
        return None
    guess = headers.guess_file([values for _, values in source.rows])
    if guess and guess not in named:
        table = _table(guess, source.source, source.rows, [], source.sheet)
        if table is not None:
            stem = guess.removesuffix(".csv")
            problems.append(Problem(
                source.source, None, None, source.name,
                f"the {kind} is named after no contract file, but has the columns of {guess}; "
                f"{_plural(len(table.rows), 'row')} not read",
                f"rename the {kind} '{stem if kind == 'sheet' else guess}', or remove it"))
            table.blocked = True
            return table
    _skipped(source, guess, problems)
    return None


def _skipped(source: _Source, guess: str | None, problems: list[Problem], why: str = "") -> None:
    """Warn that a file or sheet named after no contract file is skipped, naming the closest."""
    kind = "sheet" if source.sheet is not None else "file"
    closest = headers.closest_file(source.name) or guess
    hint = f"did you mean {closest if kind == 'file' else closest.removesuffix('.csv')}? " if closest else ""
    problems.append(warning(source.source, None, None, None,
                            f"{hint}skipped: the {kind} is named after no contract file{why}",
                            f"rename it after a contract file ({', '.join(model.LOAD_ORDER)}) to read it"
                            if kind == "file" else
                            "name a sheet after a contract file to read it: "
                            + ", ".join(f.removesuffix(".csv") for f in model.LOAD_ORDER)))


def _gather(paths: list[Path], fallback: str | None, limit: int, problems: list[Problem],
            by_column: bool = False) -> tuple[list[tuple[str, _Source]], list[_Source]]:
    """Read every file: the sources named after a contract file (with it), and the others."""
    named: list[tuple[str, _Source]] = []
    unnamed: list[_Source] = []
    for path, in_folder in _expand(paths, problems):
        try:
            sources = _read_file(path, fallback, limit, by_column)
        except Refused as exc:
            # A file in a folder that would be skipped anyway for its name is only a warning.
            if in_folder and path.suffix.lower() in CSV_SUFFIXES and not headers.contract_file(path.stem):
                _skipped(_Source(path.stem, path.name, []), None, problems,
                         f" (nor can it be read: {exc.problem.message})")
            else:
                problems.append(exc.problem)
            continue
        for source in sources:
            file = headers.contract_file(source.name)
            if file:
                named.append((file, source))
            else:
                unnamed.append(source)
    return named, unnamed


def read_sources(paths: list[Path], encoding: str | None = None, *, by_column: bool = False
                 ) -> tuple[list[Table], list[Problem]]:
    """Read every contract table from folders, files and workbooks.

    Parameters
    ----------
    paths
        Folders (their .csv, .tsv, .xlsx and .xlsm files are read), files and workbooks.
    encoding
        Fallback for a CSV file that is not valid UTF-8 (e.g. ``cp1252``); UTF-8 files, with
        or without a BOM, are always read as UTF-8. A warning names each file that used it.
    by_column
        Read large plain CSV files as columns (:mod:`.columnar`) when they can be: their
        tables' ``columns`` hold the rows the validator may check by column.

    Returns
    -------
    The tables, and the problems (errors and warnings) found while reading; the caller
    decides whether to go on. Input is bounded: see :mod:`ecograph.ingest.bounds`.

    Raises
    ------
    InputError
        When ``encoding`` is unknown, or the size limit setting is not a number.
    """
    fallback = fallback_codec(encoding)
    problems: list[Problem] = []
    try:
        limit = limit_bytes()
    except Refused as exc:
        raise InputError([exc.problem]) from None
    named, unnamed = _gather(paths, fallback, limit, problems, by_column)
    given = {file for file, _ in named}
    read = [(source, _column_table(file, source, problems) if source.columns is not None
             else _table(file, source.source, source.rows, problems, source.sheet)) for file, source in named]
    for source in unnamed:
        table = _unnamed(source, given, problems)
        if table:
            given.add(table.file)
        read.append((source, table))
    tables = []
    for source, table in read:
        if table is None:
            continue
        tables.append(table)
        if source.encoding:
            problems.append(warning(source.source, None, None, None,
                                    f"not UTF-8: read as {source.encoding} (--encoding)",
                                    "check that accented letters look right; saving it as 'CSV UTF-8' "
                                    "avoids the question"))
    seen: dict[str, str] = {}
    for table in tables:
        if table.file in seen:
            problems.append(Problem(table.source, None, None, None,
                                    f"{table.file} is given twice (also {seen[table.file]})",
                                    "give each contract file once"))
        seen[table.file] = table.source
    if not tables and not any(not p.is_warning for p in problems):
        problems.append(Problem(", ".join(str(p) for p in paths), None, None, None,
                                "no file or sheet is named after a contract file",
                                "name them after the contract files: " + ", ".join(model.LOAD_ORDER)))
    return tables, problems
