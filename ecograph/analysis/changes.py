"""What changed between two dates, computed from the dated record (no snapshot files).

:func:`changes` lists, for the window after ``since`` up to and including ``until``:

- **facts with a date in the window** (:func:`dated_changes`): people who started or left a
  post; ties (people working together) that started or ended; partnerships that started or
  ended; adoptions made or ended; organisations that closed (with the organisation that took
  over their work, where the record names one); innovations withdrawn; coverage of an ICS by a
  health innovation network or hub that started or ended;
- **gaps that opened and closed**: :func:`~ecograph.analysis.gaps.find_gaps` as of ``since`` and
  as of ``until``, matched by rule, subject and object. A gap found on ``until`` and not on
  ``since`` opened; the other way round, it closed;
- **how the top brokers moved**: the ranks of
  :func:`~ecograph.analysis.ecosystem_brokers.find_brokers` as of both dates, for the top
  ``top`` on either date;
- **what the record cannot date**: a fact whose start has no date (a person with no ``start``,
  a tie or partnership with no ``start``, an adoption with no ``date``) may have appeared in the
  window or long before. It is not guessed: one "undated" row per kind gives the count.

Every row has the keys of :data:`CHANGE_COLUMNS`: ``what`` (person, tie, partnership,
adoption, organisation, innovation, coverage, gap, broker), ``change`` (started, left, ended,
made, closed, withdrawn, opened, rose, fell, new, dropped, same, undated), ``date`` (blank for
gaps and brokers: the record says by when, not when), ``id`` (a relationship's is its two ends,
``source:target``; a gap's ``rule:subject[:object]``), ``name`` and ``detail``, a sentence in
plain words.

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     changes(store, "2024-01-01", "2025-01-01")
[]
>>> in_period("2024-06-01", "2024-01-01", "2025-01-01"), in_period("2024-01-01", "2024-01-01", "2025-01-01")
(True, False)
"""

from __future__ import annotations

from typing import Any, Iterable

from ..asof import resolve_as_of
from ..errors import OptionError
from ..store import GraphStore
from .record import DatedRecord, read_record

CHANGE_COLUMNS = ("what", "change", "date", "id", "name", "detail")
#: The order kinds of change are listed in after the dated facts.
WHATS = ("person", "tie", "partnership", "adoption", "organisation", "innovation", "coverage", "gap", "broker")
UNDATED = "undated"
#: What an undated row says.
UNDATED_WORDS = "the record cannot tell when"


def in_period(day: Any, since: str, until: str) -> bool:
    """True when ``day`` (an ISO date) is after ``since`` and on or before ``until``."""
    return bool(day) and since < str(day) <= until


def check_period(since: str, until: str | None) -> tuple[str, str]:
    """``since`` and ``until`` (default today) as ISO dates (YYYY-MM-DD or DD/MM/YYYY given),
    ``since`` before ``until``.

    Raises
    ------
    OptionError
        A date is not a date, or ``since`` is not before ``until``.
    """
    since, until = resolve_as_of(since), resolve_as_of(until)
    if since >= until:
        raise OptionError(f"--since {since} is not before --until {until}",
                          hint="Give an earlier --since, or a later --until (it defaults to today).")
    return since, until


def _row(what: str, change: str, day: Any, ident: str, name: str, detail: str) -> dict[str, Any]:
    return {"what": what, "change": change, "date": str(day or ""), "id": ident, "name": name, "detail": detail}


def _undated(what: str, count: int, plural: str, missing: str) -> dict[str, Any]:
    noun = what if count == 1 else plural
    return _row(what, UNDATED, "", "", "", f"{count} {noun} with no {missing}: {UNDATED_WORDS} "
                                           f"{'it' if count == 1 else 'they'} began")


def dated_changes(record: DatedRecord, since: str, until: str) -> list[dict[str, Any]]:
    """The facts of ``record`` dated in the window, then one undated row per kind that has
    facts with no start date (see the module docstring)."""
    rows: list[dict[str, Any]] = []
    undated: dict[str, int] = {}
    org = lambda o: record.name("Organisation", o)  # noqa: E731
    person = lambda p: record.name("Person", p)  # noqa: E731

    for pid, p in sorted(record.nodes.get("Person", {}).items()):
        if in_period(p.get("start"), since, until):
            where = org(record.person_org.get(pid, ""))
            rows.append(_row("person", "started", p["start"], pid, person(pid), f"{person(pid)} started at {where}"))
        if in_period(p.get("left"), since, until):
            where = org(record.person_org.get(pid, ""))
            rows.append(_row("person", "left", p["left"], pid, person(pid), f"{person(pid)} left {where}"))
        if not p.get("start"):
            undated["person"] = undated.get("person", 0) + 1
    for a, b, t in record.rels.get("KNOWS", []):
        start, end = t.get("start"), t.get("end")
        if not start:
            undated["tie"] = undated.get("tie", 0) + 1
        started, ended = in_period(start, since, until), in_period(end, since, until)
        if not (started or ended):  # most ties: no words worked out for them
            continue
        pair = f"{a}:{b}"
        words = f"{person(a)} ({org(record.person_org.get(a, ''))}) and {person(b)} " \
                f"({org(record.person_org.get(b, ''))})"
        if started:
            rows.append(_row("tie", "started", start, pair, f"{person(a)}, {person(b)}",
                             f"{words} started working together"))
        if ended:
            rows.append(_row("tie", "ended", end, pair, f"{person(a)}, {person(b)}",
                             f"{words} stopped working together"))
    for pid, p in sorted(record.nodes.get("Partnership", {}).items()):
        name = record.name("Partnership", pid)
        if in_period(p.get("start"), since, until):
            rows.append(_row("partnership", "started", p["start"], pid, name, f"The partnership {name} started"))
        if in_period(p.get("end"), since, until):
            rows.append(_row("partnership", "ended", p["end"], pid, name, f"The partnership {name} ended"))
        if not p.get("start"):
            undated["partnership"] = undated.get("partnership", 0) + 1
    for o, i, a in record.rels.get("ADOPTED", []):
        inn = record.name("Innovation", i)
        if in_period(a.get("date"), since, until):
            stage = f" ({a['stage']})" if a.get("stage") else ""
            rows.append(_row("adoption", "made", a["date"], f"{o}:{i}", inn, f"{org(o)} took up {inn}{stage}"))
        if in_period(a.get("ended"), since, until):
            rows.append(_row("adoption", "ended", a["ended"], f"{o}:{i}", inn, f"{org(o)} stopped using {inn}"))
        if not a.get("date"):
            undated["adoption"] = undated.get("adoption", 0) + 1
    for oid, o in sorted(record.nodes.get("Organisation", {}).items()):
        if in_period(o.get("closed"), since, until):
            heir = record.successor.get(oid)
            then = f"; its work passed to {org(heir)}" if heir else ""
            rows.append(_row("organisation", "closed", o["closed"], oid, org(oid), f"{org(oid)} closed{then}"))
    for iid, i in sorted(record.nodes.get("Innovation", {}).items()):
        if in_period(i.get("withdrawn"), since, until):
            name = record.name("Innovation", iid)
            rows.append(_row("innovation", "withdrawn", i["withdrawn"], iid, name, f"{name} was withdrawn"))
    ics_names = {c: str(n.get("name") or c) for c, n in record.nodes.get("ICS", {}).items()}
    for o, code, c in record.rels.get("COVERS", []):
        ics = ics_names.get(code, code)
        for key, change, verb in (("start", "started", "started covering"), ("end", "ended", "stopped covering")):
            if in_period(c.get(key), since, until):
                rows.append(_row("coverage", change, c[key], f"{o}:{code}", org(o), f"{org(o)} {verb} {ics}"))
    rows.sort(key=lambda r: (r["date"], WHATS.index(r["what"]), r["id"]))
    plurals = {"person": ("people", "start date"), "tie": ("ties", "start date"),
               "partnership": ("partnerships", "start date"), "adoption": ("adoptions", "date")}
    rows += [_undated(what, n, *plurals[what]) for what, n in undated.items() if n]
    return rows


def _gap_key(gap: dict[str, Any]) -> tuple[str, str, str]:
    return gap["rule"], str(gap.get("subject_id") or ""), str(gap.get("object_id") or "")


#: Communities are found afresh on each date (their numbers and edges move), and only the
#: first pairs are listed: their gaps are compared by how many pairs were found, not one by one.
COMMUNITY_RULE = "disconnected_communities"


def _community_pairs(gaps: list[dict[str, Any]]) -> int:
    return max((int((g.get("details") or {}).get("pairs_found") or 0) for g in gaps
                if g["rule"] == COMMUNITY_RULE), default=0)


def gap_changes(before: Iterable[dict[str, Any]], after: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gaps in ``after`` and not in ``before`` (opened) and the other way round (closed),
    matched by rule, subject and object. Undated: the record says by when, not when.

    Pairs of communities with no tie are one row, ``changed``, when their number differs: a
    community of one date is not the same group as the community with its number on another."""
    before, after = list(before), list(after)
    rows = []
    pairs = _community_pairs(before), _community_pairs(after)
    if pairs[0] != pairs[1]:
        rows.append(_row("gap", "changed", "", COMMUNITY_RULE, "Groups of people with no tie between them",
                         f"Pairs of groups of people who work closely together but have no tie between them: "
                         f"{pairs[0]} before, {pairs[1]} after (the groups are worked out afresh on each date, so "
                         "only their number is compared)"))
    old = {_gap_key(g): g for g in before if g["rule"] != COMMUNITY_RULE}
    new = {_gap_key(g): g for g in after if g["rule"] != COMMUNITY_RULE}
    for key in sorted(new.keys() - old.keys()):
        g = new[key]
        rows.append(_row("gap", "opened", "", ":".join(k for k in key if k), g.get("subject_name") or key[1],
                         f"{g['explanation']}"))
    for key in sorted(old.keys() - new.keys()):
        g = old[key]
        rows.append(_row("gap", "closed", "", ":".join(k for k in key if k), g.get("subject_name") or key[1],
                         f"No longer: {g['explanation']}"))
    return rows


def broker_changes(before: list[dict[str, Any]], after: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """How the ranks of the top ``top`` on either date moved (rows of ``find_brokers`` as of
    each date, every node ranked)."""
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    wanted = [r["id"] for r in after if r["rank"] <= top]
    wanted += [r["id"] for r in before if r["rank"] <= top and r["id"] not in wanted]
    rows = []
    for ident in wanted:
        o, n = old.get(ident), new.get(ident)
        name = str((n or o or {}).get("name") or ident)
        if o is None:
            change, detail = "new", f"{name} was not there before and now ranks {n['rank']}"
        elif n is None:
            change, detail = "dropped", f"{name} ranked {o['rank']} and is no longer there"
        elif n["rank"] < o["rank"]:
            change, detail = "rose", f"{name} rose from {o['rank']} to {n['rank']}"
        elif n["rank"] > o["rank"]:
            change, detail = "fell", f"{name} fell from {o['rank']} to {n['rank']}"
        else:
            change, detail = "same", f"{name} stayed at {n['rank']}"
        rows.append(_row("broker", change, "", ident, name, detail))
    return rows


#: How deep each date's broker ranking is read first: brokerage roles and splits cost per row
#: returned, and the ranks beyond the top matter only for a broker of the other date.
RANK_DEPTH = 100


class _Ranking:
    """The broker ranking of one date, read only as deep as needed.

    Its rows are those of :func:`~ecograph.analysis.ecosystem_brokers.find_brokers` with
    ``top=None`` that anyone asks for: the first ``depth`` at once (the order of the first
    rows does not depend on how many are returned), or the first rows of ``find_brokers``
    given as ``rows``; every row when a node of the projection ranks below them."""

    def __init__(self, store: GraphStore, level: str, as_of: str, depth: int,
                 rows: list[dict[str, Any]] | None = None):
        self.store, self.level, self.as_of = store, level, as_of
        self._projection: Any = None
        self.rows = self._rank(depth) if rows is None else list(rows)
        self.complete = len(self.rows) < max(depth, 1) or (rows is None and depth >= self.projection.n)

    @property
    def projection(self) -> Any:
        if self._projection is None:
            from .projection import read_projection
            self._projection = read_projection(self.store, self.level, as_of=self.as_of)
        return self._projection

    def _rank(self, top: int | None) -> list[dict[str, Any]]:
        from .brokers import rank_brokers
        from .ecosystem_brokers import default_grouping, ranking_options

        if not self.projection.n:
            return []
        group_by = default_grouping(self.level, None)
        return rank_brokers(self.projection, group_attr=group_by, top=top,
                            group_noun={"ics": "ICS", "kind": "organisation kind"}[group_by], **ranking_options())

    def of(self, wanted: Iterable[str]) -> list[dict[str, Any]]:
        """The rows of the ``wanted`` ids (those in the projection), ranked afresh in full if one
        is below the rows read."""
        missing = set(wanted) - {r["id"] for r in self.rows}
        if not self.complete and missing and missing & set(self.projection.ids):
            self.rows, self.complete = self._rank(None), True
        return self.rows


def broker_rankings(store: GraphStore, level: str, since: str, until: str, top: int,
                    depth: int = RANK_DEPTH, until_rows: list[dict[str, Any]] | None = None
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The broker rows as of ``since`` and ``until`` that :func:`broker_changes` reads: every
    row of the top ``top`` on either date, and the rows of those nodes on the other date (the
    same ranks as ``find_brokers(..., top=None)``, without working out the roles of every node).

    until_rows: the first rows of ``find_brokers(store, level, top=k, as_of=until)`` (``k`` more
    than ``top``), when the caller has them."""
    depth = max(depth, top + 1)
    before = _Ranking(store, level, since, depth)
    if until_rows is not None and len(until_rows) <= top:  # too few to say who is in the top
        until_rows = None
    after = _Ranking(store, level, until, depth if until_rows is None else len(until_rows), until_rows)
    wanted = [r["id"] for r in (*before.rows, *after.rows) if r["rank"] <= top]
    return before.of(wanted), after.of(wanted)


def changes(store: GraphStore, since: str, until: str | None = None, level: str = "person",
            top: int = 10, record: DatedRecord | None = None, *,
            until_gaps: Iterable[dict[str, Any]] | None = None,
            until_brokers: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Everything that changed after ``since`` up to ``until`` (default today): dated facts,
    gaps opened and closed, the top ``top`` brokers at ``level`` and how they moved, and the
    undated counts (see the module docstring).

    ``record`` (:func:`~ecograph.analysis.record.read_record`), ``until_gaps`` (the rows of
    ``find_gaps(store, as_of=until)``) and ``until_brokers`` (the first rows, more than ``top``,
    of ``find_brokers(store, level, top=k, as_of=until)``) may be given by a caller that has
    them already (the atlas, whose date is ``until``): they are then not worked out again.

    Raises
    ------
    OptionError
        A date is not a date, or ``since`` is not before ``until``.
    """
    from .gaps import find_gaps

    since, until = check_period(since, until)
    record = record or read_record(store)
    rows = dated_changes(record, since, until)
    facts = [r for r in rows if r["change"] != UNDATED]
    undated = [r for r in rows if r["change"] == UNDATED]
    if not any(record.nodes.values()):
        return []
    after = find_gaps(store, as_of=until) if until_gaps is None else until_gaps
    gaps = gap_changes(find_gaps(store, as_of=since), after)
    brokers = broker_changes(*broker_rankings(store, level, since, until, top, until_rows=until_brokers), top)
    return facts + gaps + brokers + undated

