"""Format result rows as a terminal table, CSV (safe to open in Excel) or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

FORMATS = ("table", "csv", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: Any) -> Any:
    """Neutralise a text cell that Excel would run as a formula (CSV injection).

    >>> excel_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> excel_safe(-0.5)
    -0.5
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _columns(rows)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([excel_safe(_text(row.get(c)) if not isinstance(row.get(c), (int, float)) or
                                    isinstance(row.get(c), bool) else row.get(c)) for c in columns])
    return out.getvalue()


def to_table(rows: list[dict[str, Any]], max_width: int = 60) -> str:
    if not rows:
        return "(no rows)"
    columns = _columns(rows)
    cells = [[_text(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    cells = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in cells]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line.rstrip(), rule, *body])


def format_rows(rows: Iterable[dict[str, Any]], fmt: str = "table") -> str:
    """Rows (dicts) as ``table``, ``csv`` or ``json`` (a list of objects)."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        return to_csv(rows)
    return to_table(rows)
