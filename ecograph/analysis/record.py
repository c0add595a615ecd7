"""The dated record: every fact in the store with its dates, and what held on a given day.

:func:`read_record` reads the whole store once (the generated ``cypher/read/`` queries, the same
as an ingest reads) into a :class:`DatedRecord`. Its methods say whether a fact held on a day
``d`` (an ISO date, ``YYYY-MM-DD``; ISO dates compare as text), with the rules every as-of
analysis uses:

- a **person is in post** when ``start`` is blank or on or before ``d``, and ``left`` is blank
  or after ``d``;
- an **organisation is open** when ``closed`` is blank or after ``d``;
- a **partnership runs** when ``start`` is blank or on or before ``d``, and ``end`` is blank or
  on or after ``d``;
- a **tie holds** when both people are in post and its own ``start``/``end`` allow, as for a
  partnership;
- an **adoption counts** when its ``date`` is blank or on or before ``d``, ``ended`` is blank or
  after ``d``, and its stage is not ``abandoned``;
- an **innovation is withdrawn** when ``withdrawn`` is on or before ``d``, or its stage is
  ``withdrawn`` with no date.

:meth:`DatedRecord.partners` gives an organisation's partners on a day: two open
organisations are **partners** when a person in post at one knows (a tie that holds) a person
in post at the other, or when both are members of a partnership that runs that day (the
organisation itself, one of its teams, or one of its people in post, as in
:mod:`ecograph.analysis.projection`).

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     record = read_record(store)
>>> record.partners("RBS", "2025-01-01")
{}
>>> in_window("2024-01-01", "", "2024-06-30"), in_window("2024-01-01", "2024-03-31", "2024-06-30")
(True, False)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..store import GraphStore

#: The adoption stage that means the organisation stopped (it never counts as adopted).
ABANDONED = "abandoned"
#: The innovation stage that means withdrawn (when no withdrawal date is given).
WITHDRAWN = "withdrawn"


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def in_window(start: Any, end: Any, day: str, end_inclusive: bool = True) -> bool:
    """True when ``day`` lies between ``start`` (blank: always was) and ``end`` (blank: still
    is); the end day itself counts when ``end_inclusive`` (partnerships, ties), not otherwise
    (a person's ``left``, an adoption's ``ended``, an organisation's ``closed``)."""
    if not _blank(start) and str(start) > day:
        return False
    if _blank(end):
        return True
    return str(end) >= day if end_inclusive else str(end) > day


@dataclass(frozen=True)
class Link:
    """Why two organisations are partners on a day: a tie between two of their people, or a
    partnership both are members of."""

    via: str            # "tie" or "partnership"
    through: tuple[str, ...]  # the two people (one of each organisation, in that order) or the partnership id


@dataclass
class DatedRecord:
    """Every node (by label and key) and relationship (by type, as (source, target, properties))."""

    nodes: dict[str, dict[str, dict[str, Any]]]
    rels: dict[str, list[tuple[str, str, dict[str, Any]]]]
    person_org: dict[str, str] = field(default_factory=dict)
    team_org: dict[str, str] = field(default_factory=dict)
    org_ics: dict[str, str] = field(default_factory=dict)
    successor: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.person_org = {s: t for s, t, _ in self.rels.get("WORKS_FOR", [])}
        self.team_org = {s: t for s, t, _ in self.rels.get("PART_OF", [])}
        self.org_ics = {s: t for s, t, _ in self.rels.get("IN_ICS", [])}
        self.successor = {s: t for s, t, _ in self.rels.get("SUCCEEDED_BY", [])}

    # --- what held on a day -------------------------------------------------------------
    def node(self, label: str, key: str) -> dict[str, Any]:
        return self.nodes.get(label, {}).get(key, {})

    def in_post(self, person: str, day: str) -> bool:
        p = self.node("Person", person)
        return in_window(p.get("start"), p.get("left"), day, end_inclusive=False)

    def is_open(self, organisation: str, day: str) -> bool:
        return in_window(None, self.node("Organisation", organisation).get("closed"), day, end_inclusive=False)

    def runs(self, partnership: str, day: str) -> bool:
        p = self.node("Partnership", partnership)
        return in_window(p.get("start"), p.get("end"), day)

    def tie_holds(self, a: str, b: str, props: dict[str, Any], day: str) -> bool:
        return self.in_post(a, day) and self.in_post(b, day) and in_window(props.get("start"), props.get("end"), day)

    @staticmethod
    def adoption_counts(props: dict[str, Any], day: str) -> bool:
        return (str(props.get("stage") or "").strip().lower() != ABANDONED
                and in_window(props.get("date"), props.get("ended"), day, end_inclusive=False))

    def withdrawn(self, innovation: str, day: str) -> bool:
        i = self.node("Innovation", innovation)
        if _blank(i.get("withdrawn")):
            return str(i.get("stage") or "").strip().lower() == WITHDRAWN
        return str(i["withdrawn"]) <= day

    def member_organisation(self, member: str, day: str) -> str | None:
        """The organisation a partnership member stands for on ``day`` (None: a person not in post)."""
        if member in self.nodes.get("Organisation", {}):
            return member
        if member in self.team_org:
            return self.team_org[member]
        if member in self.person_org and self.in_post(member, day):
            return self.person_org[member]
        return None

    def _index(self) -> None:
        """Who works where, each person's ties, and each organisation's partnerships (its own
        membership, its teams' and its people's), built on first use."""
        if hasattr(self, "_ties_of"):
            return
        self._people_of: dict[str, list[str]] = defaultdict(list)
        for person, org in sorted(self.person_org.items()):
            self._people_of[org].append(person)
        self._ties_of: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for a, b, props in self.rels.get("KNOWS", []):
            self._ties_of[a].append((b, props))
            self._ties_of[b].append((a, props))
        self._members: dict[str, list[str]] = defaultdict(list)
        self._partnerships_of: dict[str, set[str]] = defaultdict(set)
        for member, partnership, _ in self.rels.get("MEMBER_OF", []):
            self._members[partnership].append(member)
            org = member if member in self.nodes.get("Organisation", {}) else \
                self.team_org.get(member) or self.person_org.get(member)
            if org:
                self._partnerships_of[org].add(partnership)

    def partners(self, organisation: str, day: str) -> dict[str, list[Link]]:
        """``organisation``'s partners on ``day`` (see the module docstring), each with why:
        the ties between their people (``through``: its person, then theirs) and the
        partnerships both are members of. Empty when it is closed that day."""
        self._index()
        found: dict[str, list[Link]] = defaultdict(list)
        if not self.is_open(organisation, day):
            return {}
        for person in self._people_of.get(organisation, []):
            if not self.in_post(person, day):
                continue
            for other, props in self._ties_of.get(person, []):
                org = self.person_org.get(other)
                if org and org != organisation and self.is_open(org, day) and self.tie_holds(person, other, props, day):
                    found[org].append(Link("tie", (person, other)))
        for partnership in sorted(self._partnerships_of.get(organisation, ())):
            if not self.runs(partnership, day):
                continue
            orgs = {self.member_organisation(m, day) for m in self._members[partnership]}
            if organisation not in orgs:
                continue  # only through someone no longer in post
            for org in sorted(o for o in orgs if o and o != organisation and self.is_open(o, day)):
                found[org].append(Link("partnership", (partnership,)))
        return dict(found)

    def name(self, label: str, key: str) -> str:
        return str(self.node(label, key).get("name") or key)


def read_record(store: GraphStore) -> DatedRecord:
    """Read the whole store into a :class:`DatedRecord` (one query per node label and
    relationship type and endpoint pair)."""
    from ..ingest.load import read_state

    state = read_state(store)
    rels: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for (rel_type, _, _), pairs in sorted(state.rels.items()):
        rels[rel_type] += [(s, t, props) for (s, t), props in sorted(pairs.items())]
    return DatedRecord(nodes=state.nodes, rels=dict(rels))
