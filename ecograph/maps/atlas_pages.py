"""Building blocks for the static atlas: plain, self-contained HTML pages (no script at all)
with headings, stat cards, tables and links, styled like the maps. Every value is escaped.

>>> from ecograph.maps.atlas_pages import Section, Stat, Table, Link
>>> sections = [Section("At a glance", stats=[Stat("Organisations", 120), Stat("Gaps", 7, tone="warn")]),
...             Section("ICSs", table=Table([{"ICS": Link("Cheshire", "ics/QYG.html"), "Brokers": 4}]))]
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from pathlib import Path
from typing import Any, Literal

from ecograph.fileio import write_text_atomic
from ecograph.maps.render import _asset, _environment

_SAFE_HREF = re.compile(r"^(?:https?:|mailto:|#|[^:]*$)", re.I)  # relative, web, mail or anchor


@dataclass(frozen=True)
class Link:
    """A link to another page (relative paths for atlas pages, so they work offline)."""

    text: str
    href: str
    note: str = ""

    def __post_init__(self) -> None:
        if not _SAFE_HREF.match(self.href.strip()):
            raise ValueError(f"unsafe link target: {self.href!r}")


@dataclass(frozen=True)
class Stat:
    """A stat card: a big number and what it counts. tone: '' | 'good' | 'warn'."""

    label: str
    value: Any
    note: str = ""
    tone: Literal["", "good", "warn"] = ""


@dataclass(frozen=True)
class Table:
    """Rows as dicts; columns default to the keys of the rows, in first-seen order.
    A cell may be a Link; numbers are right-aligned."""

    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str] | None = None
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """One block of a page. Any of text (a paragraph or a list of them), stats, table, links."""

    heading: str
    text: str | Sequence[str] = ""
    stats: Sequence[Stat] = ()
    table: Table | None = None
    links: Sequence[Link] = field(default_factory=tuple)


def _coerce(section: Section | Mapping[str, Any]) -> Section:
    """Accept plain dicts as well as dataclasses."""
    if isinstance(section, Section):
        return section
    s = dict(section)
    stats = [x if isinstance(x, Stat) else Stat(**x) for x in s.get("stats", ())]
    links = [x if isinstance(x, Link) else Link(**x) for x in s.get("links", ())]
    table = s.get("table")
    if table is not None and not isinstance(table, Table):
        table = Table(rows=table) if isinstance(table, (list, tuple)) else Table(**table)
    return Section(heading=s.get("heading", ""), text=s.get("text", ""), stats=stats, table=table, links=links)


def _cell(value: Any) -> dict[str, Any]:
    """A table cell: text (or a link), and whether it is a number (right-aligned)."""
    if isinstance(value, Link):
        return {"link": value, "text": value.text, "num": False}
    if isinstance(value, bool):
        text, num = ("yes" if value else "no"), False
    elif isinstance(value, Number):
        text, num = (f"{value:,}" if isinstance(value, int) else f"{value:,.3g}"), True
    elif value is None:
        text, num = "", False
    elif isinstance(value, (list, tuple, set)):
        text, num = "; ".join(str(v) for v in value), False
    else:
        text, num = str(value), False
    return {"link": None, "text": text, "num": num}


def _table_context(table: Table) -> dict[str, Any]:
    columns = list(table.columns or dict.fromkeys(k for row in table.rows for k in row))
    rows = [[_cell(row.get(c)) for c in columns] for row in table.rows]
    numeric = [bool(rows) and all(r[i]["num"] or r[i]["text"] == "" for r in rows) for i in range(len(columns))]
    return {"columns": columns, "rows": rows, "numeric": numeric, "caption": table.caption}


def _stat_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3g}"
    return str(value)


def render_page(
    path: str | Path,
    *,
    title: str,
    sections: Iterable[Section | Mapping[str, Any]],
    subtitle: str = "",
    nav: Sequence[Link] = (),
    notes: Sequence[str] = (),
    generated: str | None = None,
) -> Path:
    """Write one static, self-contained atlas page and return its path.

    sections: Section objects (or dicts with the same keys: heading, text, stats, table, links).
    nav: links shown above the sections (e.g. back to the atlas index).
    """
    blocks = []
    for s in map(_coerce, sections):
        blocks.append({
            "heading": s.heading,
            "paragraphs": [p for p in ([s.text] if isinstance(s.text, str) else s.text) if p],
            "stats": [{"label": x.label, "value": _stat_value(x.value), "note": x.note, "tone": x.tone} for x in s.stats],
            "table": _table_context(s.table) if s.table is not None else None,
            "links": list(s.links),
        })
    html = _environment().get_template("page.html.j2").render(
        title=title, subtitle=subtitle, nav=list(nav), notes=list(notes), sections=blocks,
        css=_asset("base.css"),
        generated=generated if generated is not None else _dt.date.today().isoformat(),
    )
    return write_text_atomic(path, html)
