"""Format result rows as a terminal table, CSV (safe to open in a spreadsheet) or JSON.

Tables fit the terminal: long text wraps inside its column (nothing is cut), and when even
wrapped columns cannot fit, each row becomes a block of ``key  value`` lines. tabulate draws
the wrapped grids; the plain one-line-per-row and block layouts are simple padding, kept here
because they must stay fast for results of 100,000 rows. Cells are
stripped of terminal control characters first, so a name cannot move the cursor, change
colours, hide text, open a link or reverse the text direction. CSV cells that a spreadsheet
would run as a formula are prefixed with ``'``, and every cell with a line break is quoted.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import unicodedata
from typing import Any, Iterable, Sequence

FORMATS = ("table", "csv", "json")

#: Characters that start a formula in Excel, LibreOffice or Google Sheets (OWASP's list), and
#: the ones NFKC folds onto them (fullwidth ＝＋－＠, small ﹦﹢﹣﹫, super/subscript ⁺₊⁼₌), plus
#: the minus sign U+2212 that NFKC keeps.
_FORMULA_CHARS = frozenset("=+-@\u2212")
#: A cell starting with these is a formula trigger whatever follows (OWASP: tab, carriage return).
_FORMULA_LEADS = ("\t", "\r", "\n")

#: Escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST, e.g. OSC-8 links), DCS/SOS/PM/APC
#: strings, two-character escapes; and their 8-bit C1 forms.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")
#: Line and field breaks of every kind become one space in a terminal cell.
_BREAKS = re.compile(r"[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]+")
#: Joiners kept: emoji sequences and several scripts need them; they move nothing.
_KEEP_FORMAT = frozenset("\u200c\u200d")

#: Fewest characters a wrapped column gets (values up to this long are never wrapped, and words
#: up to twice this long are not broken); when the columns cannot have this much, rows become
#: blocks of ``key  value`` lines instead.
MIN_COLUMN = 20
#: Width used when there is no terminal and COLUMNS is not set.
DEFAULT_WIDTH = 80
#: Spaces tabulate pads each grid heading with (its MIN_PADDING; tabulate is imported only for grids).
GRID_PADDING = 2


def terminal_safe(text: str) -> str:
    """``text`` without anything a terminal would act on: escape sequences (colours, cursor
    moves, OSC-8 links, title changes), C0 and C1 controls, bidirectional overrides and other
    invisible format characters. Line breaks and tabs become spaces.

    >>> terminal_safe("Dr \\x1b[31mRed\\x1b[0m \\x1b]8;;http://x\\x1b\\\\link\\x1b]8;;\\x1b\\\\ \\u202eevil")
    'Dr Red link evil'
    """
    if text.isprintable():
        return text  # no control, format or separator character but the space: nothing to strip (fast)
    text = _BREAKS.sub(" ", _ESCAPE_SEQUENCE.sub("", text))
    return "".join(c for c in text if c in _KEEP_FORMAT or unicodedata.category(c) not in ("Cc", "Cf"))


def _formula_like(text: str) -> bool:
    if text.startswith(_FORMULA_LEADS):
        return True
    # spreadsheets skip leading spaces (and invisible characters) before a formula
    rest = text.lstrip()
    while rest and unicodedata.category(rest[0]) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        rest = rest[1:].lstrip()
    return bool(rest) and (rest[0] in _FORMULA_CHARS or unicodedata.normalize("NFKC", rest[0]) in _FORMULA_CHARS)


def excel_safe(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula (CSV injection).

    >>> excel_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> excel_safe("\\uff1dcmd"), excel_safe(" \\u200b+1"), excel_safe("Mid")
    ("'＝cmd", "' \\u200b+1", 'Mid')
    >>> excel_safe(-0.5)
    -0.5
    """
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def _text(value: Any) -> str:
    """A value as table text: lists and objects compactly (``a, b``; ``key: value``), floats to
    4 significant digits, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        nested = any(isinstance(v, (dict, list, tuple)) for v in value)
        return ("; " if nested else ", ").join(
            f"({_text(v)})" if isinstance(v, (list, tuple)) and nested else _text(v) for v in value)
    return str(value)


def _cell(value: Any) -> str:
    """A value as a table cell: :func:`_text`, made :func:`terminal_safe`."""
    if type(value) is str and value.isprintable():
        return value  # most cells: nothing to format or strip
    return terminal_safe(_text(value))


def _csv_text(value: Any) -> str:
    """A CSV cell: lists and objects as JSON (a program reading the file can parse them)."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return _text(value)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV (RFC 4180 line ends, so a cell holding a bare CR or LF is quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    columns = _columns(rows)
    writer.writerow([excel_safe(c) for c in columns])
    for row in rows:
        values = (row.get(c) for c in columns)
        writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) else excel_safe(_csv_text(v))
                         for v in values])
    return out.getvalue()


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else :data:`DEFAULT_WIDTH`."""
    return max(20, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def wrap_text(text: str, indent: str = "", width: int | None = None) -> str:
    """A paragraph for the terminal: control characters stripped, wrapped to ``width``
    (default: :func:`terminal_width`), every line starting with ``indent``."""
    import textwrap
    return textwrap.fill(terminal_safe(text), width=width or terminal_width(), initial_indent=indent,
                         subsequent_indent=indent)


def shell_command(args: list[str], indent: str = "", width: int | None = None) -> str:
    """A command to copy into a shell, quoted, continued with ``\\`` over as many lines as
    ``width`` needs (never splitting an argument)."""
    import shlex
    width = width or terminal_width()
    lines, line = [], indent
    for word in (shlex.quote(terminal_safe(a)) for a in args):
        if line.strip() and len(line) + 1 + len(word) + 2 > width:
            lines.append(line + " \\")
            line = indent + "    "
        line += ("" if not line.strip() else " ") + word
    return "\n".join([*lines, line])


#: Characters one column wide for sure.
_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7f)))


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    from wcwidth import wcwidth
    return wcwidth(char)


def _narrow(text: str) -> bool:
    """Whether every character of ``text`` takes one column (ASCII, and such as ``é`` or ``→``):
    its width is then its length."""
    return text.isascii() or all(_char_width(c) == 1 for c in set(text).difference(_PRINTABLE_ASCII))


def _display_width(text: str) -> int:
    if _narrow(text):
        return len(text)
    from wcwidth import wcswidth
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _fit(natural: list[int], minimum: list[int], volume: list[int], room: int) -> list[int] | None:
    """Column widths within ``room``: each at least its minimum and at most its natural width,
    the space left shared in proportion to how much text each column holds (so the long
    explanations get the room, not the medium-length names). None when the minimums do not fit."""
    if sum(minimum) > room:
        return None
    widths = list(minimum)
    spare = room - sum(widths)
    while spare > 0:
        growing = [i for i in range(len(widths)) if widths[i] < natural[i]]
        if not growing:
            break
        total = sum(volume[i] for i in growing) or len(growing)
        given = 0
        for i in growing:
            share = max(1, spare * (volume[i] or 1) // total)
            grant = min(natural[i] - widths[i], share, spare - given)
            widths[i] += grant
            given += grant
        spare -= given
        if given == 0:
            break
    return widths


def to_table(rows: list[dict[str, Any]], columns: Sequence[str] | None = None, width: int | None = None) -> str:
    """Rows as a table that fits ``width`` (default: :func:`terminal_width`) and loses nothing:
    the text of :func:`table_layout`."""
    return table_layout(rows, columns, width)[1]


def table_layout(rows: list[dict[str, Any]], columns: Sequence[str] | None = None,
                 width: int | None = None) -> tuple[str, str]:
    """Rows as a table that fits ``width`` (default: :func:`terminal_width`) and loses nothing,
    with the layout it took.

    Parameters
    ----------
    rows
        The rows; every key of every row is shown.
    columns
        Keys to show first, in this order; the others follow in the rows' order.
    width
        Characters per line.

    Returns
    -------
    tuple of str
        The layout and the text: ``"lines"``, one line per row, when everything fits;
        ``"grid"``, long text wrapped in its column (in a grid, so rows stay apart), when
        wrapping makes it fit; otherwise ``"blocks"``, one block of ``key  value`` lines per
        row, values wrapped (``"empty"`` for no rows).
    """
    if not rows:
        return "empty", "(no rows)"
    width = width or terminal_width()
    present = _columns(rows)
    keys = [c for c in (columns or ()) if c in present]
    keys += [c for c in present if c not in keys]
    headers = [terminal_safe(k).replace("_", " ") for k in keys]
    cells = [[_cell(r.get(k)) for k in keys] for r in rows]
    cell_widths = [[len(c) if c.isascii() else _display_width(c) for c in row] for row in cells]
    widest = [max(column) for column in zip(*cell_widths)]
    whole = [max(_display_width(h), w) for h, w in zip(headers, widest)]
    if sum(whole) + 2 * (len(keys) - 1) <= width:
        return "lines", _one_line_per_row(headers, cells, whole)
    # wrapped: a heading may take several lines, so only its longest word sets the width
    natural = [max(max(map(_display_width, h.split()), default=0) + GRID_PADDING, w) for h, w in zip(headers, widest)]
    room = width - 3 * (len(keys) - 1) - 4  # "│ " + " │ " between + " │"
    # every column gets at least min(natural, MIN_COLUMN): when even that does not fit, no grid
    # will (the blocks of a long result are decided without looking at every word)
    if sum(min(n, MIN_COLUMN) for n in natural) > room:
        return "blocks", _records(headers, cells, cell_widths, width)
    longest_word = [max((_display_width(w) for row in cells for w in row[i].split()), default=0)
                    for i in range(len(keys))]
    minimum = [min(n, max(MIN_COLUMN, min(w, 2 * MIN_COLUMN))) for n, w in zip(natural, longest_word)]
    volume = [sum(column) for column in zip(*cell_widths)]
    widths = _fit(natural, minimum, volume, room)
    if widths is not None:
        from tabulate import tabulate

        # cells wrapped here (faster than tabulate's ANSI-aware wrapping), laid out by tabulate
        return "grid", tabulate([["\n".join(_wrap(c, w)) for c, w in zip(row, widths)] for row in cells],
                                ["\n".join(_wrap(h, max(1, w - GRID_PADDING))) for h, w in zip(headers, widths)],
                                tablefmt="simple_grid", disable_numparse=True)
    return "blocks", _records(headers, cells, cell_widths, width)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _one_line_per_row(headers: list[str], cells: list[list[str]], widths: list[int]) -> str:
    """Columns padded to their widest cell (the plain layout, fast for long results)."""
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


@functools.lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    """The longest run of at most ``width`` characters that ends before a space or at the end."""
    return re.compile(r"(.{1,%d})(?: |$)" % width)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, at spaces where it can."""
    if _display_width(text) <= width:
        return [text]
    if _narrow(text) and text.isprintable():
        words = text.split(" ")
        if all(words) and max(map(len, words)) <= width:  # single spaces, no word to break
            return _line_pattern(width).findall(text)  # what textwrap (and tabulate) give, ten times faster
    if text.isascii():
        import textwrap
        return textwrap.wrap(text, width, break_on_hyphens=False)
    from tabulate import tabulate  # measures wide characters (CJK, emoji) as the terminal does
    return [line.rstrip() for line in tabulate([[text]], tablefmt="plain", disable_numparse=True,
                                               maxcolwidths=[width], break_on_hyphens=False).splitlines()]


def _records(headers: list[str], cells: list[list[str]], cell_widths: list[list[int]], width: int) -> str:
    """One block per row: ``key  value`` lines, values wrapped, empty values left out, a blank
    line between blocks (``cell_widths``: the display width of each cell)."""
    key_width = min(max(_display_width(h) for h in headers), width // 3)
    value_width = max(10, width - key_width - 2)
    keys = [[_pad(line, key_width) + "  " for line in _wrap(h, key_width)] for h in headers]
    blank = " " * (key_width + 2)
    blocks = []
    for row, row_widths in zip(cells, cell_widths):
        lines = []
        for key, value, value_size in zip(keys, row, row_widths):
            if not value:
                continue
            if value_size <= value_width and len(key) == 1:  # the usual line: one key, one value
                lines.append((key[0] + value).rstrip())
                continue
            values = [value] if value_size <= value_width else _wrap(value, value_width)
            for i in range(max(len(key), len(values))):
                left = key[i] if i < len(key) else blank
                lines.append((left + (values[i] if i < len(values) else "")).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


#: Characters json.dumps leaves raw that a terminal may act on: C1 controls, bidi controls.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The UTF-8 bytes every match of :data:`_JSON_UNSAFE` starts with.
_JSON_UNSAFE_LEADS = (b"\x7f", b"\xc2", b"\xe2\x80", b"\xe2\x81")


def _json_default(value: Any) -> Any:
    """What json's ``default=str`` gives: numbers for float subclasses (numpy's float64), text
    for anything else JSON has no type for."""
    return float(value) if isinstance(value, float) else str(value)


def to_json(rows: list[dict[str, Any]]) -> str:
    """Rows as an indented JSON list of objects; every character a terminal could act on is
    escaped (``\\u001b``, ``\\u202e``…), so the data is intact and printing it is harmless.

    orjson writes it (json indents in pure Python: half a second for 10,000 spread rows, against
    a thirtieth); json only for what orjson refuses (integers beyond 64 bits)."""
    return json_bytes(rows).decode()


def json_bytes(rows: list[dict[str, Any]]) -> bytes:
    """:func:`to_json` as UTF-8 bytes, for writing out without a round trip through text
    (national spread's 11 MB: decoding and encoding again cost more than orjson writing it)."""
    import orjson

    options = (orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
               | orjson.OPT_PASSTHROUGH_DATACLASS)
    try:
        data = orjson.dumps(rows, default=_json_default, option=options)
        # Most output holds no byte an unsafe character starts with in UTF-8 (DEL, C1 controls
        # after \xc2, bidi controls after \xe2\x80 or \xe2\x81): four byte searches instead of the
        # expression over the text (0.07 CPU-s for national spread's 11 MB)
        if not any(lead in data for lead in _JSON_UNSAFE_LEADS):
            return data
        text = data.decode()
    except orjson.JSONEncodeError:
        text = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode()


def format_rows(rows: Iterable[dict[str, Any]], fmt: str = "table", columns: Sequence[str] | None = None) -> str:
    """Rows (dicts) as ``table``, ``csv`` or ``json`` (a list of objects); ``columns`` orders
    the table's first columns."""
    rows = list(rows)
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows)
    return to_table(rows, columns)
