"""The dated record: every fact in the store with its dates, and what held on a given day.

:func:`read_record` reads the whole store once (the generated ``cypher/read/`` queries, the same
as an ingest reads) into a :class:`DatedRecord`. Its methods say whether a fact held on a day
``d`` (an ISO date, ``YYYY-MM-DD``), with the rules every as-of analysis uses, from
:mod:`ecograph.asof`: a person in post, an organisation open, a partnership running, a tie
holding (both people in post, and its own dates as a partnership's), an adoption counting, an
innovation withdrawn.

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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import asof
from ..store import GraphStore

#: The adoption stage that means the organisation stopped (it never counts as adopted).
ABANDONED = "abandoned"


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
        return asof.in_post(p.get("start"), p.get("left"), day)

    def is_open(self, organisation: str, day: str) -> bool:
        return asof.is_open(self.node("Organisation", organisation).get("closed"), day)

    def runs(self, partnership: str, day: str) -> bool:
        p = self.node("Partnership", partnership)
        return asof.runs(p.get("start"), p.get("end"), day)

    def tie_holds(self, a: str, b: str, props: dict[str, Any], day: str) -> bool:
        return self.in_post(a, day) and self.in_post(b, day) and asof.runs(props.get("start"), props.get("end"), day)

    @staticmethod
    def adoption_counts(props: dict[str, Any], day: str) -> bool:
        return asof.adoption_counts(props.get("date"), props.get("ended"), props.get("stage"), day)

    def withdrawn(self, innovation: str, day: str) -> bool:
        i = self.node("Innovation", innovation)
        return asof.is_withdrawn(i.get("withdrawn"), i.get("stage"), day)

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
        open_on: dict[str, bool] = {}  # an organisation of thousands has ties into the same few
        for person in self._people_of.get(organisation, []):
            if not self.in_post(person, day):
                continue
            for other, props in self._ties_of.get(person, []):
                org = self.person_org.get(other)
                if not org or org == organisation:
                    continue
                if org not in open_on:
                    open_on[org] = self.is_open(org, day)
                # tie_holds(person, other, props, day), ``person`` being in post already
                if open_on[org] and self.in_post(other, day) and asof.runs(props.get("start"), props.get("end"), day):
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
