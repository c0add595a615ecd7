"""Building blocks for the static atlas: plain, self-contained HTML pages (no script at all)
with headings, stat cards, tables and links, styled like the maps. Every value is escaped.

>>> from ecograph.maps.atlas_pages import Section, Stat, Table, Link
>>> sections = [Section("At a glance", stats=[Stat("Organisations", 120), Stat("Gaps", 7, tone="warn")]),
...             Section("ICSs", table=Table([{"ICS": Link("Cheshire", "ics/QYG.html"), "Brokers": 4}]))]
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from pathlib import Path
from typing import Any, Literal

from ecograph.fileio import make_folder, write_text_atomic
from ecograph.errors import NotOursError
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
    """One block of a page. Any of text (a paragraph or a list of them), stats, table, links
    and a picture (an SVG made by :mod:`ecograph.maps.picture`, already escaped).
    collapsible: shown closed, as a "details" element (for the method behind the numbers)."""

    heading: str
    text: str | Sequence[str] = ""
    stats: Sequence[Stat] = ()
    table: Table | None = None
    links: Sequence[Link] = field(default_factory=tuple)
    picture: str = ""
    collapsible: bool = False
    anchor: str = ""


# --- file names and the folders ecograph writes -------------------------------------------

#: Ids used as file names unchanged: upper-case letters, digits, '-' and '_' (ODS codes, the
#: sample's ids). They stay distinct on case-insensitive file systems too.
_VERBATIM = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,63}$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
#: The suffix of a page's interactive map ("INN-005" -> "INN-005-map.html").
MAP_SUFFIX = "-map"


def page_name(identifier: Any) -> str:
    """A file name (without extension) for any id: different ids never share a name.

    An id of upper-case letters, digits, '-' and '_' is its own name (``QYG``, ``INN-005``),
    unless it ends in :data:`MAP_SUFFIX` or is a name Windows reserves. Any other id becomes a
    readable lower-case slug, a dot and 10 hex digits of the id's SHA-256 (``INN/9`` ->
    ``inn_9.<hash>``): the dot never occurs in a name kept as it is, the hash tells apart ids
    with the same slug, and lower case keeps names distinct where case is ignored.

    >>> page_name("QYG"), page_name("INN/9") != page_name("INN_9"), page_name("INN_9")
    ('QYG', True, 'INN_9')
    >>> page_name("INN-005-MAP").startswith("inn-005-map.")
    True
    """
    text = str(identifier)
    if _VERBATIM.match(text) and not text.endswith(MAP_SUFFIX.upper()) and text not in _WINDOWS_RESERVED:
        return text
    slug = re.sub(r"[^a-z0-9_-]+", "_", text.lower())[:40].strip("_-") or "id"
    if slug.upper() in _WINDOWS_RESERVED:
        slug = "_" + slug
    return f"{slug}.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


def unique_names(identifiers: Iterable[Any]) -> dict[Any, str]:
    """:func:`page_name` of each id, checked: two ids with one name (a hash collision, or
    ids equal but for case) raise ValueError instead of overwriting each other's pages."""
    names: dict[Any, str] = {}
    seen: dict[str, Any] = {}
    for ident in identifiers:
        name = page_name(ident)
        key = name.lower()
        if key in seen and seen[key] != ident:
            raise ValueError(f"ids {seen[key]!r} and {ident!r} would share the file name {name!r}")
        seen[key] = ident
        names[ident] = name
    return names


class OwnedFolder:
    """A folder that one ecograph command writes, with a manifest of the files it wrote.

    On opening: a missing or empty folder is fine; a folder whose every file is listed in the
    manifest of an earlier run of the same command is fine (those files are removed at
    :meth:`finish` unless written again); a folder with any other file is refused with
    :class:`~ecograph.errors.NotOursError` naming them, unless ``force`` (then those files
    are kept, and overwritten only where a new file has the same name).
    """

    def __init__(self, folder: str | Path, command: str, force: bool = False):
        self.folder = Path(folder)
        self.command = command
        self.manifest = self.folder / f".ecograph-{command}.json"
        self.written: list[str] = []
        self.earlier = self._earlier()
        if self.folder.exists() and not self.folder.is_dir():
            raise NotOursError(f"{self.folder} is a file, not a folder: `ecograph {command}` writes a folder")
        foreign = [p for p in self._files() if p not in self.earlier]
        if foreign and not force:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise NotOursError(f"{self.folder} holds files that `ecograph {command}` did not write ({shown}); "
                               "it will not replace or delete them")
        make_folder(self.folder)

    def _earlier(self) -> set[str]:
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        files = data.get("files") if isinstance(data, dict) else None
        return {str(f) for f in files if isinstance(f, str)} if isinstance(files, list) else set()

    def _files(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                      if (p.is_file() or p.is_symlink()) and p != self.manifest)

    def path(self, relative: str) -> Path:
        """Where to write ``relative`` (a '/' path inside the folder); records it as ours."""
        if relative.startswith("/") or ".." in relative.split("/"):
            raise ValueError(f"not a path inside the folder: {relative!r}")
        if relative not in self.written:
            self.written.append(relative)
        out = self.folder / relative
        make_folder(out.parent)
        return out

    def finish(self) -> list[str]:
        """Remove the files an earlier run wrote that this one did not, write the manifest,
        and return the files written (relative paths)."""
        now = set(self.written)
        for stale in sorted(self.earlier - now):
            target = self.folder / stale
            if target.is_file() or target.is_symlink():
                target.unlink()
            parent = target.parent
            while parent != self.folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        write_text_atomic(self.manifest, json.dumps({"written_by": f"ecograph {self.command}",
                                                     "files": sorted(now)}, indent=1))
        return sorted(now)


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
    legend: Mapping[str, Any] | None = None,
    page_class: str = "",
) -> Path:
    """Write one static, self-contained atlas page and return its path.

    sections: Section objects (or dicts with the same keys: heading, text, stats, table, links).
    nav: links shown above the sections (e.g. back to the atlas index).
    legend: shown beside the first section's picture (the overview's colour steps:
    ``title``, ``items`` of ``colour`` and ``text``, ``size``, ``links``, ``click``).
    """
    blocks = []
    for s in map(_coerce, sections):
        blocks.append({
            "heading": s.heading,
            "paragraphs": [p for p in ([s.text] if isinstance(s.text, str) else s.text) if p],
            "stats": [{"label": x.label, "value": _stat_value(x.value), "note": x.note, "tone": x.tone} for x in s.stats],
            "table": _table_context(s.table) if s.table is not None else None,
            "links": list(s.links),
            "picture": s.picture,
            "collapsible": s.collapsible,
            "anchor": s.anchor,
        })
    html = _environment().get_template("page.html.j2").render(
        title=title, subtitle=subtitle, nav=list(nav), notes=list(notes), sections=blocks,
        css=_asset("base.css"), legend=legend, page_class=page_class,
        generated=generated if generated is not None else _dt.date.today().isoformat(),
    )
    return write_text_atomic(path, html)
