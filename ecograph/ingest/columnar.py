"""Large, plain CSV files read and checked by column instead of row by row.

A contract file of many rows (people, ties) is read once with ``pyarrow.csv`` into columns of
strings. Whole-column checks (pyarrow.compute, and each parser run once per *distinct* value)
find the rows that are certainly clean; only the others become per-row dicts and go through
the per-row checks of :mod:`.validate`, which word every problem. A clean row would have given
no problem there, so the problems, their order and the stored result are those of the per-row
path; the clean rows stay columns all the way to the store's bulk loader.

The column path is taken only when it cannot differ from the row path, else the file is read
row by row as before: the file is UTF-8 with no quote marks, no blank lines and no bare
carriage returns; its first line is a header naming every required column once, with no blank
or repeated cell; every row has as many cells as the header. A row with a character outside
printable ASCII, or one that could be a template example, is checked row by row.
"""

from __future__ import annotations

import codecs
import heapq
import io
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import model
from . import headers
from .bounds import MAX_CELL_CHARS

#: Below this size a file is read row by row: the columns' fixed cost is not worth it.
MIN_BYTES = 1 << 20
#: The row number column of a columnar table (the other columns are the header's names).
ROW = "__row"
#: Printable ASCII and line ends: a file of only these needs no check of its cells' characters.
_PRINTABLE = bytes(range(0x20, 0x7F)) + b"\r\n"


def _eligible_files() -> frozenset[str]:
    """Contract files whose rows can be checked by column: every reference names one kind of
    node (not an ICS: codes are normalised) and holds one id, and ids are not ODS codes."""
    files = set()
    for file in model.LOAD_ORDER:
        if file in ("ics.csv", "organisations.csv"):
            continue
        refs = [c for c in model.columns_for(file) if c.type in ("ref", "refs")]
        if all(c.type == "ref" and len(c.targets) == 1 and c.targets != ("ICS",) for c in refs):
            files.add(file)
    return frozenset(files)


ELIGIBLE_FILES = _eligible_files()


@dataclass
class Columns:
    """A CSV file read as columns: its header cells and names, the rows to check by column
    (stripped, with :data:`ROW`), and the rows to check one by one, as the reader gives them."""

    cells: list[str]
    header: headers.Header
    clean: pa.Table
    rows: list[tuple[int, dict[str, str]]]


def read_columns(data: bytes, file: str | None) -> Columns | None:
    """``data`` (a CSV file's bytes) as columns, or None when the file must be read row by row."""
    if file not in ELIGIBLE_FILES or len(data) < MIN_BYTES:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if (b'"' in data or b"\n\n" in data or b"\r\n\r\n" in data or data.startswith((b"\n", b"\r"))
            or b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    end = data.find(b"\n")
    first_line = (data if end < 0 else data[:end]).rstrip(b"\r").decode("utf-8", "replace")
    delimiter = max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    cells = first_line.split(delimiter)
    header = headers.map_header(cells, file)
    names = header.names
    if (headers.find_header([cells], file) != 0 or not headers._column_score(cells, file) or header.missing
            or not all(names) or len(set(names)) != len(names) or ROW in names):
        return None
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, pa.py_buffer(np.array([0, len(data)], np.int64)),
                                                         pa.py_buffer(data)])
    try:
        whole.validate(full=True)  # UTF-8
    except pa.ArrowInvalid:
        return None  # the row reader words the problem
    lines = pc.split_pattern(whole, "\n").flatten()[1:]
    if len(lines) and lines[len(lines) - 1].as_py() == "":
        lines = lines[:-1]
    lines = pc.utf8_rtrim(lines.cast(pa.string()), "\r")
    # Short rows are padded with blanks, as the row reader does; a long one it reports.
    width = len(names)
    cells_of = pc.split_pattern(pc.binary_join_element_wise(lines, delimiter * (width - 1), ""), delimiter)
    if len(lines) and pc.max(pc.list_value_length(cells_of)).as_py() > 2 * width - 1:
        return None
    columns = [pc.list_element(cells_of, i) for i in range(width)]
    del cells_of, lines
    if any(len(c) and pc.max(pc.binary_length(c)).as_py() > MAX_CELL_CHARS // 4 for c in columns):
        return None  # a huge cell (UTF-8 bytes, not characters): the row reader decides whether it is too long
    number = pa.array(np.arange(2, len(columns[0]) + 2, dtype=np.int64))
    if data.translate(None, _PRINTABLE + delimiter.encode()):  # some cell holds another character
        plain = _all(pc.match_substring_regex(c, r"^[ -~]*$") for c in columns)
    else:
        plain = pa.array(np.ones(len(number), dtype=bool))
    spaced = (data.startswith(b" ") or data.endswith(b" ")
              or any(p in data for p in (b" " + delimiter.encode(), delimiter.encode() + b" ", b" \n", b"\n ", b" \r")))
    stripped = [pc.utf8_trim(c, " ") for c in columns] if spaced else columns  # no cell starts or ends with a space
    blank = _all(pc.equal(c, "") for c in stripped)
    keep = pc.invert(blank)
    clean = pa.table([*stripped, number], names=[*names, ROW]).filter(pc.and_(plain, keep))
    odd = pa.table([*columns, number], names=[*names, ROW]).filter(pc.and_(pc.invert(plain), keep))
    rows = [(r.pop(ROW), {k: v.strip() for k, v in r.items()}) for r in odd.to_pylist()]
    rows = [(number, cells) for number, cells in rows if "".join(cells.values())]  # blank, as str.strip sees it
    return Columns(cells, header, clean, rows)


def _all(masks: Any) -> pa.Array:
    """Element-wise and of one or more boolean arrays."""
    out = None
    for mask in masks:
        out = mask if out is None else pc.and_(out, mask)
    return out


def any_of(masks: Any, length: int) -> pa.Array:
    """Element-wise or of boolean arrays (all False when there are none)."""
    out = pa.array(np.zeros(length, dtype=bool))
    for mask in masks:
        out = pc.or_(out, mask)
    return out


def move_rows(table: Any, mask: pa.Array) -> None:
    """Move the columnar rows of ``table`` (a reader Table) where ``mask`` holds to its per-row
    rows, in row order."""
    if table.columns is None or not pc.any(mask).as_py():
        return
    moved = table.columns.filter(mask)
    table.columns = table.columns.filter(pc.invert(mask))
    rows = [(r.pop(ROW), r) for r in moved.to_pylist()]
    table.rows = list(heapq.merge(table.rows, rows, key=lambda r: r[0]))


def materialise(table: Any) -> None:
    """All of ``table``'s rows as per-row dicts (the row path checks them all)."""
    if table.columns is not None:
        move_rows(table, pa.array([True] * table.columns.num_rows, pa.bool_()))
        table.columns = None


def code_form(column: pa.Array) -> pa.Array:
    """:func:`ecograph.ids.code_form` of printable ASCII text, by column."""
    if not pc.any(pc.match_substring_regex(column, "[ a-z]")).as_py():
        return column  # the common case: already in code form
    return pc.utf8_upper(pc.replace_substring(column, " ", ""))


def parse_column(column: pa.Array, parse: Callable[[str], Any], kind: pa.DataType
                 ) -> tuple[pa.Array, pa.Array]:
    """``parse`` applied to each distinct non-blank value: (values, where the value is bad);
    blank cells give null and are not bad."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    distinct = encoded.dictionary.to_pylist()
    values = [parse(v) if v else None for v in distinct]
    bad = [bool(v) and value is None for v, value in zip(distinct, values)]
    return (pc.take(pa.array(values, kind), encoded.indices),
            pc.take(pa.array(bad, pa.bool_()), encoded.indices))


def concat(arrays: list[Any], kind: pa.DataType = pa.string()) -> pa.ChunkedArray:
    """Arrays and chunked arrays as one chunked array."""
    chunks = [c for a in arrays for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
    return pa.chunked_array(chunks, kind)


def repeated(values: Any) -> pa.Array:
    """The values found more than once in ``values``."""
    counts = pc.value_counts(values)
    return counts.field("values").filter(pc.greater(counts.field("counts"), 1))
