"""Read workbook sheets into text rows, keeping what Excel shows and noting cells that lie.

Excel changes what people type: 00123 becomes the number 123 (shown as 00123 only through a
number format), "1-3" becomes a date, and a formula saved by a program that does not compute
it has no value at all. Each such cell is noted, so the reader can refuse it where it
matters (an id, a reference) instead of storing the wrong text or a blank.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Literal

from ..errors import Problem
from .bounds import Refused, check_workbook_archive

#: Suffixes read as workbooks.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: A number format that pads with zeros, optionally with a quoted prefix/suffix ("00000", '"P"0000').
_PADDED_FORMAT = re.compile(r'^(?:"([^"]*)")?(0+)(?:"([^"]*)")?$')
#: A formula element in a worksheet part (``<f>``, ``<f t="shared" …/>``, ``<x:f>``).
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")

NoteKind = Literal["date", "number", "formula"]


@dataclass(frozen=True)
class CellNote:
    """A cell whose text is not what the user typed: a date, a number, a formula with no value."""

    kind: NoteKind
    coordinate: str  # e.g. "B7"
    shown: str  # the text read, or the formula


@dataclass
class Sheet:
    """One sheet's non-empty rows as text, with notes on cells that may not be what was typed."""

    title: str
    rows: list[tuple[int, list[str]]]  # (row number, cell texts)
    notes: dict[tuple[int, int], CellNote] = field(default_factory=dict)  # (row number, column index)
    hidden: bool = False


def _shown_number(value: int | float, number_format: str | None) -> tuple[str, bool]:
    """The text Excel shows for a number, and whether a zero-padding format decided it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    padded = _PADDED_FORMAT.match(number_format or "")
    if isinstance(value, int) and value >= 0 and padded:
        prefix, zeros, suffix = padded.groups()
        return f"{prefix or ''}{str(value).zfill(len(zeros))}{suffix or ''}", True
    return str(value), False


def _text(cell, formula: str | None) -> tuple[str, NoteKind | None]:
    """The text of one cell (read-only openpyxl cell) and the note it deserves, if any."""
    value = cell.value
    if value is None:
        return "", "formula" if formula else None
    if isinstance(value, bool):
        return ("yes" if value else "no"), None
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")), "date"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), "date"
    if isinstance(value, (int, float)):
        text, padded = _shown_number(value, getattr(cell, "number_format", None))
        return text, None if padded else "number"
    return str(value).strip(), None


def _formula_cells(book) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet title -> (row, column index) -> formula, for every formula cell."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    found.setdefault(sheet.title, {})[(cell.row, index)] = str(cell.value)
    return found


def _sheets(book, formulas: dict[str, dict[tuple[int, int], str]]) -> list[Sheet]:
    from openpyxl.utils import get_column_letter
    sheets = []
    for sheet in book.worksheets:
        # A workbook written by another program may declare a smaller range than it holds;
        # reading the declared range would silently drop rows.
        sheet.reset_dimensions()
        out = Sheet(sheet.title, [], hidden=getattr(sheet, "sheet_state", "visible") != "visible")
        sheet_formulas = formulas.get(sheet.title, {})
        for cells in sheet.iter_rows():
            number = next((c.row for c in cells if getattr(c, "row", None)), None)
            if number is None:
                continue
            texts = []
            for index, cell in enumerate(cells):
                formula = sheet_formulas.get((number, index))
                text, note = _text(cell, formula)
                texts.append(text)
                if note:
                    coordinate = f"{get_column_letter(index + 1)}{number}"
                    out.notes[(number, index)] = CellNote(note, coordinate, formula if note == "formula" else text)
            if any(texts) or any((number, i) in out.notes for i in range(len(texts))):
                out.rows.append((number, texts))
        sheets.append(out)
    return sheets


def _chain(exc: BaseException | None):
    """An exception and those it was raised from or during (openpyxl re-raises as ValueError)."""
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def read_workbook(data: bytes, name: str, limit: int) -> list[Sheet]:
    """The sheets of an .xlsx workbook held in ``data``.

    The zip directory is checked against ``limit`` before openpyxl opens anything, and XML
    entity declarations are refused (openpyxl parses through ``defusedxml`` when it is
    installed, as it is with ecograph).

    Raises
    ------
    Refused
        When the workbook is not a workbook, too big unpacked, or declares XML entities.
    """
    def refuse(message: str, fix: str = "open it in Excel and save it again as .xlsx, or save each sheet as CSV"
               ) -> Refused:
        return Refused(Problem(name, None, None, None, message, fix))

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_workbook_archive(archive, name, limit)
            has_formulas = any(_FORMULA_ELEMENT.search(archive.read(member))
                               for member in archive.namelist() if member.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise refuse(f"the workbook cannot be read (not an .xlsx file: {exc})") from None

    import openpyxl
    from openpyxl.xml import DEFUSEDXML
    if not DEFUSEDXML:
        raise refuse("the workbook cannot be read safely: the defusedxml package is missing or "
                     "disabled (OPENPYXL_DEFUSEDXML)",
                     "install ecograph's dependencies (pip install defusedxml) and unset OPENPYXL_DEFUSEDXML")
    from defusedxml import DefusedXmlException

    books = []
    try:
        books.append(openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True))
        if has_formulas:
            books.append(openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False))
        formulas = _formula_cells(books[1]) if has_formulas else {}
        return _sheets(books[0], formulas)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file, and wraps some
        if not any(isinstance(e, DefusedXmlException) for e in _chain(exc)):
            reason = " ".join(str(exc).split())  # one line: openpyxl's messages span several
            raise refuse(f"the workbook cannot be read ({type(exc).__name__}: {reason})") from None
        raise refuse("the workbook declares XML entities (a DTD), which ecograph does not read: "
                     "they can expand to gigabytes",
                     "open it in Excel and save it again as .xlsx, or save each sheet as CSV") from None
    finally:
        for book in books:
            book.close()
