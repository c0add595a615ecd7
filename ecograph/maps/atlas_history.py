"""The ecosystem over time in the atlas: the adoption chart of an innovation's page and the
"What changed" page.

:func:`curve_svg` draws an innovation's cumulative adoption curve
(:class:`~ecograph.analysis.diffusion.Diffusion`) as inline SVG: no script, no external request,
presentation attributes only (the pages' content security policy allows no inline style).
:func:`diffusion_section` is the section the innovation page shows. :func:`changes_page` writes
``changes.html``: what changed in the year up to the atlas's as-of date, in plain words for a
system leader, from :func:`~ecograph.analysis.changes.changes`.
"""

from __future__ import annotations

import weakref
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .atlas_pages import Link, Section, Stat, Table

__all__ = ["curve_svg", "diffusion_section", "changes_page", "CHANGES_PAGE"]

CHANGES_PAGE = "changes.html"
#: The most rows a table of the "What changed" page lists (the rest are counted).
MAX_ROWS = 100
_W, _H = 640.0, 220.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 44.0, 16.0, 14.0, 34.0
_INK, _LINE, _FADED, _GRID = "#1f2933", "#1b6ca8", "#8fb8d8", "#d9dee3"


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def curve_svg(diffusion: Any) -> Markup:
    """The cumulative adoption curve of ``diffusion`` as an inline SVG (escaped markup): a step
    line of organisations that had adopted by each date, a fainter one of those still using it,
    years along the bottom. A paragraph instead when no adoption is dated."""
    curve = diffusion.curve
    if not curve:
        return Markup('<p class="muted">No adoption of it has a date, so the record cannot draw how it '
                      'spread.</p>')
    first, last = _ordinal(curve[0]["date"]), max(_ordinal(curve[-1]["date"]), date.today().toordinal())
    span = max(last - first, 1)
    top = max(c["adopters"] for c in curve)
    x = lambda day: _LEFT + (_ordinal(day) - first) / span * (_W - _LEFT - _RIGHT)  # noqa: E731
    y = lambda n: _H - _BOTTOM - n / top * (_H - _TOP - _BOTTOM)  # noqa: E731
    end = _LEFT + (last - first) / span * (_W - _LEFT - _RIGHT)

    def steps(key: str) -> str:
        points = [f"{x(curve[0]['date']):.1f},{y(0):.1f}"]
        for c in curve:
            px = x(c["date"])
            points += [f"{px:.1f},{float(points[-1].split(',')[1]):.1f}", f"{px:.1f},{y(c[key]):.1f}"]
        points.append(f"{end:.1f},{float(points[-1].split(',')[1]):.1f}")
        return " ".join(points)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {_H:.0f}" width="100%" role="img" '
             f'aria-label="{escape(diffusion.name)}: organisations that had adopted it, by date">',
             f"<title>{escape(diffusion.name)}: {top} organisation{'s' if top != 1 else ''} adopted it between "
             f"{escape(curve[0]['date'])} and {escape(curve[-1]['date'])}</title>"]
    for n in sorted({0, top, *(range(0, top + 1, max(1, top // 4)))}):
        parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="{_GRID}"/>'
                     f'<text x="{_LEFT - 6}" y="{y(n) + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="{_INK}">{n}</text>')
    for year in range(date.fromordinal(first).year + 1, date.fromordinal(last).year + 1):
        px = x(f"{year}-01-01")
        parts.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{_TOP}" y2="{_H - _BOTTOM}" stroke="{_GRID}"/>'
                     f'<text x="{px:.1f}" y="{_H - _BOTTOM + 16:.1f}" text-anchor="middle" font-size="11" '
                     f'fill="{_INK}">{year}</text>')
    dashed = any(c["in_use"] != c["adopters"] for c in curve)
    if dashed:
        parts.append(f'<polyline points="{steps("in_use")}" fill="none" stroke="{_FADED}" stroke-width="2" '
                     f'stroke-dasharray="5 3"><title>still using it</title></polyline>')
    parts.append(f'<polyline points="{steps("adopters")}" fill="none" stroke="{_LINE}" stroke-width="2.5">'
                 f'<title>had adopted it</title></polyline>')
    for c in curve:
        parts.append(f'<circle cx="{x(c["date"]):.1f}" cy="{y(c["adopters"]):.1f}" r="3.5" fill="{_LINE}">'
                     f'<title>{escape(c["date"])}: {c["adopters"]} had adopted it ({c["new"]} that day)</title>'
                     f'</circle>')
    still = " (solid) and still use it (dashed)" if dashed else ""
    parts.append(f'<text x="{_LEFT}" y="{_H - 2}" font-size="11" fill="{_INK}">Organisations that had adopted '
                 f'it{still}, by date</text></svg>')
    return Markup("".join(parts))


#: Every innovation's diffusion, computed once per atlas (keyed by the atlas's page writer).
_DIFFUSIONS: "weakref.WeakKeyDictionary[Any, dict[str, Any]]" = weakref.WeakKeyDictionary()


def diffusion_section(w: Any, innovation: str) -> Section:
    """The "How it spread" section of ``innovation``'s atlas page (``w``: the atlas's page
    writer): the chart and the adopters in date order with how many of their partners had
    adopted before them."""
    from ..analysis.diffusion import Diffusion, diffusion

    if w not in _DIFFUSIONS:
        _DIFFUSIONS[w] = {d.innovation: d for d in diffusion(w.eco.store, record=w.eco.record, as_of=w.eco.as_of)}
    found = _DIFFUSIONS[w].get(innovation) or Diffusion(innovation, innovation, False)
    table = [{"Organisation": a["organisation_name"], "Date": a["date"] or "no date",
              "Days after the first": "" if a["days_after_first"] is None else a["days_after_first"],
              "Partners who had it already": "" if a["partners"] is None
              else f"{a['adopted_partners']} of {a['partners']}",
              "Came from": a["route_from_name"] + (f" ({a['route']})" if a["route"] else "")}
             for a in found.adopters]
    undated = found.undated
    text = ("Each organisation that took it up, in date order, with how many of the organisations it works "
            "with (through people who know each other or a shared partnership, on that day) already had it, "
            "and the earlier adopter it was linked to.")
    if undated:
        text += f" {undated} adoption{'s have' if undated != 1 else ' has'} no date: the record cannot tell when."
    return Section("How it spread", text=text, picture=curve_svg(found),
                   table=Table(w.rows(table)) if table else None)


_HEADINGS = (
    ("person", "People who started or left"),
    ("tie", "Working relationships"),
    ("partnership", "Partnerships"),
    ("coverage", "Innovation network coverage"),
    ("adoption", "Innovations taken up or stopped"),
    ("organisation", "Organisations closed or merged"),
    ("innovation", "Innovations withdrawn"),
)


def changes_page(w: Any, since: str | None = None, until: str | None = None) -> Path:
    """Write ``changes.html`` with ``w`` (the atlas's page writer): what changed in the year up
    to the atlas's as-of date (``w.eco.as_of``; its date, ``w.generated``, without one), and
    return its path."""
    from ..analysis.changes import UNDATED, changes
    from .atlas import plain_kinds, rule_heading  # the atlas's plain words (imported here: atlas imports us)

    until = until or getattr(w.eco, "as_of", None) or w.generated
    if not since:
        end = date.fromisoformat(until)
        since = (end.replace(year=end.year - 1) if (end.month, end.day) != (2, 29)
                 else end.replace(year=end.year - 1, day=28)).isoformat()
    # the atlas found the gaps and ranked the brokers of its own date already: only the start of
    # the period is worked out
    today = until == w.eco.as_of
    if today:
        w.eco.brokers("person")
    rows = changes(w.eco.store, since, until, record=w.eco.record, until_gaps=w.eco.gaps(None) if today else None,
                   until_brokers=w.eco.ranking("person") if today else None)
    facts = [r for r in rows if r["what"] not in ("gap", "broker") and r["change"] != UNDATED]
    opened = [r for r in rows if r["what"] == "gap" and r["change"] == "opened"]
    closed = [r for r in rows if r["what"] == "gap" and r["change"] == "closed"]
    moved = [r for r in rows if r["what"] == "broker" and r["change"] != "same"]
    sections = [Section("In short", stats=[
        Stat("Things that happened", len(facts), note="with a date in the period"),
        Stat("Gaps closed", len(closed), tone="good" if closed else ""),
        Stat("Gaps opened", len(opened), tone="warn" if opened else ""),
        Stat("Connectors who moved", len(moved), note="among the people who link the most others")],
        text=f"From {since} to {until}, read from the dates in the spreadsheets.",
        links=[Link("Every gap today", "gaps.html"), Link("Who connects the system", "brokers.html")])]
    for what, heading in _HEADINGS:
        mine = [{"Date": r["date"], "What happened": r["detail"]} for r in facts if r["what"] == what]
        if mine:  # the latest first; a national record lists thousands, so the page keeps the latest
            more = f"{len(mine):,} in all; the latest {MAX_ROWS:,} are listed." if len(mine) > MAX_ROWS else ""
            sections.append(Section(heading, text=more, table=Table(w.rows(mine[::-1][:MAX_ROWS]))))
    if not facts:
        sections.append(Section("What happened", text="Nothing recorded has a date in this period."))
    for heading, found, none in (("Gaps that closed", closed, "No gap closed."),
                                 ("Gaps that opened", opened, "No new gap opened.")):
        table = [{"Gap": rule_heading(r["id"].split(":")[0]), "About": r["name"],
                  "What was missing": plain_kinds(r["detail"].removeprefix("No longer: "))} for r in found[:MAX_ROWS]]
        more = f"{len(found):,} in all; the first {MAX_ROWS:,} are listed." if len(found) > MAX_ROWS else ""
        sections.append(Section(heading, table=Table(w.rows(table)) if table else None,
                                text=more if table else none))
    sections.append(Section("People who link the most others", text=(
        "How the people who sit on the most routes between others moved up or down, comparing the start and "
        "the end of the period." if moved else "The people who link the most others are the same, in the same "
                                                "order."),
        table=Table(w.rows([{"Change": r["detail"]} for r in moved])) if moved else None))
    regrouped = [r["detail"] for r in rows if r["what"] == "gap" and r["change"] == "changed"]
    if regrouped:
        sections.append(Section("Groups of people with no tie between them", text=regrouped))
    undated = [r["detail"] for r in rows if r["change"] == UNDATED]
    if undated:
        sections.append(Section("What the record cannot date", text=[
            "Some facts have no date, so they may have begun in this period or long before. They are counted, "
            "not guessed:", *undated]))
    return w.page(CHANGES_PAGE, title="What changed", subtitle=f"{since} to {until}", sections=sections)
