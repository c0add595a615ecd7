"""Gaps: the recommendations of the source reports as checkable rules, and structural gaps.

Each rule names the organisations, ICSs, innovations, adoptions, ties or communities that
break it, in plain words, with the recommendation it comes from, and the barrier category
(of the review of the Accelerated Access Review) it is evidence of. Three rules are one Cypher
query each (``cypher/gaps/<rule>.cypher``, the same text on LadybugDB and Neo4j):
``no_innovation_lead``, ``innovation_never_left_origin`` and ``adoption_without_champion``.
The seven about partnerships and the shape of the network are computed in Python over the
people and organisation graphs, read once per call as Arrow tables into numpy index arrays
with the projection queries the brokers use (``cypher/projection/``: people, their ties,
teams and personal partnerships, organisations and their partnerships),
``cypher/gaps/innovators.cypher`` and ``cypher/gaps/covering_networks.cypher``:
``specialist_without_hin_partnership``, ``not_yet_mapped``, ``no_route_to_support`` (a
breadth-first search from the support organisations), ``primary_care_cut_off``,
``disconnected_ics_pairs``, ``disconnected_communities`` (igraph's Leiden) and
``single_person_bridges`` (igraph's biconnected components). No Python object is made per
tie, and a team or partnership costs its members, not their pairs, so the national graph at
a million people fits in memory.

Words used by the definitions (see :data:`RULES` for each rule's exact definition):

- **member of a partnership**: an organisation is a member when it, one of its teams
  (``PART_OF``) or one of its people (``WORKS_FOR``) is ``MEMBER_OF`` the partnership.
- **organisation graph**: organisations, one hop apart when a person who works for one knows
  (``KNOWS``) a person who works for the other, or when both are members of the same
  partnership, formal or not. The same graph as the brokers' organisation projection.
- **people graph**: people, linked by ``KNOWS``.
- **developer** of an innovation: an organisation that ``DEVELOPED`` it, or whose team or
  person did.
- **innovator**: an organisation that ``ADOPTED`` or developed an innovation.
- **as of** a date (``as_of``, ``--as-of``; default today): every rule sees the ecosystem as it
  stood that day (:mod:`ecograph.asof`): people in post, organisations open, partnerships and
  coverage running, ties holding, adoptions made by then and not ended or abandoned.
  Retired people, closed organisations and ended partnerships count for no rule.
- **current** partnership: one running on the as-of date (started, and no end date or one
  not before it).
- **covering network** of an ICS: an open health innovation network that ``COVERS`` it (the
  ``coverage`` file; running on the as-of date) or is based in it (``IN_ICS``).
- **recorded**: an organisation has something recorded when somebody works for it, it (or a
  team or person of its) is a member of a partnership, or it adopted or developed an
  innovation. Organisations with nothing recorded are one ``not_yet_mapped`` row per ICS and
  kind, and no other rule about routes reports them.

Every row has the keys of :data:`ROW_KEYS`: ``rule``; the ``subject_*`` (and, for rules about
a pair, the ``object_*``) it is about; ``ics`` (ICS codes, ``;`` between several);
``explanation`` in plain words; ``recommendation``; ``suggested_links`` (``[id, id]`` pairs a
map can draw dashed: links that would close the gap); and ``details`` (the rule's evidence).

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     find_gaps(store)
[]
>>> sorted(RULES)[:2]
['adoption_without_champion', 'disconnected_communities']
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING, Any, Callable, Iterable

import networkx as nx
import numpy as np

from .. import model
from ..asof import resolve_as_of
from ..ids import resolve_id
from ..store import GraphStore
from . import _kernels as K
from .projection import _column, _indices, _shared_groups, tie_ends

if TYPE_CHECKING:
    import pyarrow as pa

from .gap_rules import (  # noqa: F401  (re-exported: the rules belong to this module's API)
    DEFAULT_MAX_HOPS,
    MAX_HOPS,
    COMMUNITY_SEED,
    LOUVAIN_SEED,
    COMMUNITY_MIN_SIZE,
    COMMUNITY_PAIR_CAP,
    PEOPLE_MIN_SIDE,
    SPECIALIST_KIND,
    HIN_KIND,
    ROW_KEYS,
    Rule,
    RULES,
    KIND_WORDS,
    rule_rows,
    check_rules,
)


def check_ics(store: GraphStore, ics: str | None) -> str | None:
    """The ICS code ``ics`` stands for (case and spaces do not matter), or UnknownIdError with
    the closest codes (by code or by name)."""
    if ics is None:
        return None
    known = {r["code"]: r.get("name") or "" for r in store.run_named("read/node_ics")}
    return resolve_id(ics, known, "ICS", code=True)


# --- rows -------------------------------------------------------------------------------------

def _row(rule: str, subject_id: str, subject_name: str | None, subject_label: str, ics: Iterable[str] | str,
         explanation: str, *, object_id: str | None = None, object_name: str | None = None,
         object_label: str | None = None, suggested_links: list[list[str]] | None = None,
         details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"rule": rule, "subject_id": subject_id, "subject_name": subject_name or subject_id,
            "subject_label": subject_label, "object_id": object_id, "object_name": object_name,
            "object_label": object_label, "ics": _ics_field(ics), "explanation": explanation,
            "recommendation": RULES[rule].recommendation, "barrier_category": RULES[rule].category,
            "suggested_links": suggested_links or [],
            "details": details or {}}


def _ics_field(ics: Iterable[str] | str) -> str:
    """A row's ``ics``: one code as given, or several, each once, sorted, ``;`` between them."""
    return ics if isinstance(ics, str) else ";".join(sorted(set(c for c in ics if c)))


def _org(name: str | None, kind: str | None, ics: str | None) -> str:
    inside = ", ".join(x for x in (kind, ics) if x)
    return f"{name} ({inside})" if inside else str(name)


def _nodes(values: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Node dicts from a collect(), without nulls, sorted by id."""
    return sorted((v for v in values or () if v and v.get("id") is not None), key=lambda v: v["id"])


def _names(nodes: list[dict[str, Any]], limit: int = 5) -> str:
    names = [str(n.get("name") or n["id"]) for n in nodes]
    if len(names) > limit:
        names = names[:limit] + [f"{len(nodes) - limit} more"]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _or_names(nodes: list[dict[str, Any]]) -> str:
    return _names(nodes).replace(" and ", " or ") if len(nodes) <= 5 else _names(nodes)


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _support_first(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Support organisations, health innovation networks first, then by kind and id."""
    order = {k: i for i, k in enumerate(model.INNOVATION_SUPPORT_KINDS)}
    return sorted(nodes, key=lambda n: (order.get(n.get("kind"), 99), n["id"]))


@dataclass
class Organisations:
    """The open organisations (``projection/organisations``), sorted by id, as columns: ``ids``,
    ``names``, ``kinds`` and ``ics`` (each organisation's ICS code), in the same order."""

    ids: list[str]
    names: list[str | None]
    kinds: list[str | None]
    ics: list[str]

    @property
    def n(self) -> int:
        return len(self.ids)

    def node(self, i: int) -> dict[str, Any]:
        """Organisation ``i`` as the node dict a rule's text and links use."""
        return {"id": self.ids[i], "name": self.names[i], "kind": self.kinds[i]}

    def of_kinds(self, kinds: Iterable[str]) -> np.ndarray:
        wanted = set(kinds)
        return np.fromiter((k in wanted for k in self.kinds), dtype=bool, count=self.n)


def _sorted_table(table: "pa.Table") -> "pa.Table":
    """``table`` sorted by its ``id`` column, each id once (the first row of an id read twice)."""
    import pyarrow.compute as pc

    if not table.num_rows:
        return table
    table = table.take(pc.sort_indices(table, [("id", "ascending")]))
    ids = table.column("id").combine_chunks()
    first = np.ones(len(ids), dtype=bool)
    first[1:] = pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)
    return table if first.all() else table.filter(first)


def _strings(table: "pa.Table", name: str) -> list[Any]:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


class GapContext:
    """What the rules of one find_gaps call share: the store, the filters, and the people and
    organisation graphs, read once as Arrow tables and index arrays (no Python object per tie)."""

    def __init__(self, store: GraphStore, ics: str | None, max_hops: int, as_of: str):
        self.store, self.ics, self.max_hops, self.as_of = store, ics, max_hops, as_of
        self.dated = {"as_of": as_of}

    def run(self, rule: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of ``rule``'s query, read as the engine reads plain values fastest
        (:meth:`~ecograph.store.GraphStore.read_rows`; on LadybugDB through Arrow, where a node
        is a dict of its properties: the rules read only their ``id``, ``name`` and ``kind``)."""
        return self.store.read_rows(RULES[rule].query, {"ics": self.ics, "as_of": self.as_of, **params})

    @cached_property
    def ics_names(self) -> dict[str, str | None]:
        return {r["code"]: r.get("name") for r in self.store.read_rows("read/node_ics")}

    @cached_property
    def organisations(self) -> Organisations:
        table = _sorted_table(self.store.read_table("projection/organisations", {"ics": None, **self.dated}))
        return Organisations(_strings(table, "id"), _strings(table, "name"), _strings(table, "kind"),
                             _strings(table, "ics"))

    @cached_property
    def _org_ids(self) -> "pa.Array":
        import pyarrow as pa

        return pa.array(self.organisations.ids, pa.string())

    @cached_property
    def _people(self) -> "pa.Table":
        """The people in post at open organisations, sorted by id."""
        return _sorted_table(self.store.read_table("gaps/people", self.dated))

    @cached_property
    def _person_ids(self) -> "pa.Array":
        import pyarrow as pa

        table = self._people
        return table.column("id").combine_chunks() if table.num_rows else pa.array([], pa.string())

    @cached_property
    def person_organisation(self) -> np.ndarray:
        """Each person's organisation (an index in :attr:`organisations`), people in id order."""
        return _indices(_column(self._people, "organisation"), self._org_ids)

    @cached_property
    def person_ics(self) -> tuple[list[str], np.ndarray]:
        """The ICS codes of the organisations, sorted, and each person's ICS as an index in them
        (people in id order)."""
        codes, of_org = np.unique(np.asarray(self.organisations.ics, dtype=object), return_inverse=True)
        return [str(c) for c in codes], np.asarray(of_org, dtype=np.int64).reshape(-1)[self.person_organisation]

    @cached_property
    def tie_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The ties holding on the as-of date between people in post at open organisations, one
        per stored ``KNOWS`` (:func:`~ecograph.analysis.projection.tie_ends`), as the indices of
        their two people in id order."""
        return tie_ends(self.store, self.dated["as_of"], self._person_ids)

    @cached_property
    def people_graph(self) -> PeopleGraph:
        table = self._people
        src, dst = self.tie_ends
        inside = (src >= 0) & (dst >= 0)
        return PeopleGraph(_index_graph(self._person_ids.to_pylist(), src[inside], dst[inside]),
                           self.person_organisation, self.organisations,
                           table.column("name") if table.num_rows else None)

    @cached_property
    def person_groups(self) -> tuple[np.ndarray, np.ndarray]:
        """The teams and current personal partnerships of the people: (person index, group
        index) pairs, teams and partnerships numbered apart."""
        import pyarrow.compute as pc

        ids = self._person_ids
        who, group, offset = [], [], 0
        for query, column in (("projection/person_teams", "team"), ("projection/person_memberships", "partnership")):
            table = self.store.read_table(query, self.dated)
            if not table.num_rows:
                continue
            codes = pc.dictionary_encode(table.column(column)).combine_chunks()
            who.append(_indices(table.column("member"), ids))
            group.append(np.asarray(codes.indices.to_numpy(), dtype=np.int64) + offset)
            offset += len(codes.dictionary)
        if not who:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        who_, group_ = np.concatenate(who), np.concatenate(group)
        return who_[who_ >= 0], group_[who_ >= 0]

    @cached_property
    def memberships(self) -> "pa.Table":
        """Organisation -> current partnership (itself, a team or a person in post a member)."""
        return self.store.read_table("projection/organisation_memberships", self.dated)

    @cached_property
    def partnerships(self) -> tuple[np.ndarray, np.ndarray]:
        """(organisation index, partnership index) pairs of :attr:`memberships`, each once."""
        import pyarrow.compute as pc

        table = self.memberships
        if not table.num_rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        codes = pc.dictionary_encode(table.column("partnership")).combine_chunks()
        org = _indices(table.column("member"), self._org_ids)
        part = np.asarray(codes.indices.to_numpy(), dtype=np.int64)
        keys = np.unique(org[org >= 0] * max(len(codes.dictionary), 1) + part[org >= 0])
        return keys // max(len(codes.dictionary), 1), keys % max(len(codes.dictionary), 1)

    @cached_property
    def organisation_graph(self) -> tuple[K.IndexGraph, dict[int, tuple[int, int]]]:
        """The organisation graph and its lone ties (:func:`organisation_links`)."""
        return organisation_links(self.people_graph, self.organisations,
                                  _shared_groups(self.memberships, "member", "partnership", self._org_ids)[0])

    @cached_property
    def innovator(self) -> np.ndarray:
        """Per organisation: it adopted (an adoption that counts) or developed an innovation."""
        table = self.store.read_table("gaps/innovators", self.dated)
        found = _indices(_column(table, "id"), self._org_ids)
        out = np.zeros(self.organisations.n, dtype=bool)
        out[found[found >= 0]] = True
        return out

    @cached_property
    def recorded(self) -> np.ndarray:
        """Per organisation: somebody in post works there, it is a member of a current
        partnership (itself, a team or a person), or it is an innovator."""
        n = self.organisations.n
        staffed = np.bincount(self.person_organisation, minlength=n)[:n] > 0
        partnered = np.zeros(n, dtype=bool)
        partnered[self.partnerships[0]] = True
        return staffed | partnered | self.innovator

    @cached_property
    def networks(self) -> dict[str, list[dict[str, Any]]]:
        """ICS code -> the open health innovation networks covering it: those that COVER it
        (coverage running on the as-of date), then those based in it (one can be both)."""
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.store.read_rows("gaps/covering_networks", {"hin_kind": HIN_KIND, **self.dated}):
            found[r["ics"]].append(r)
        orgs = self.organisations
        for h in np.flatnonzero(orgs.of_kinds((HIN_KIND,))).tolist():
            found[orgs.ics[h]].append(orgs.node(h))
        return found

    def in_scope(self, codes: Iterable[str]) -> bool:
        return self.ics is None or self.ics in codes


# --- the rules computed from the organisation graph ------------------------------------------

def _not_yet_mapped(ctx: GapContext) -> list[dict[str, Any]]:
    orgs = ctx.organisations
    groups: dict[tuple[str, Any], list[str]] = defaultdict(list)
    for i in np.flatnonzero(~ctx.recorded).tolist():
        if ctx.in_scope((orgs.ics[i],)):
            groups[(orgs.ics[i], orgs.kinds[i])].append(orgs.ids[i])
    out = []
    for (code, kind_value), ids in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] is None, g[0][1] or "")):
        kind = kind_value or "unknown kind"
        name = ctx.ics_names.get(code)
        text = (f"{_plural(len(ids), 'organisation')} of kind {kind} in {name} ({code}) "
                f"{'has' if len(ids) == 1 else 'have'} nothing recorded yet: nobody working there, no "
                f"partnership, no innovation adopted or developed ({_names([{'id': i} for i in ids])})")
        out.append(_row("not_yet_mapped", code, name, "ICS", code, text,
                        object_id=kind, object_name=kind, object_label="kind",
                        details={"kind": kind, "count": len(ids), "organisations": ids}))
    return out


def _within(graph: K.IndexGraph, sources: np.ndarray, hops: int) -> np.ndarray:
    """The nodes at most ``hops`` links from a node of the mask ``sources`` (a breadth-first
    search, one sparse product per hop)."""
    links = graph.links() if graph.n else None
    reached, frontier = sources.copy(), sources.copy()
    for _ in range(hops):
        if links is None or not frontier.any():
            break
        frontier = (links @ frontier.astype(np.int32) > 0) & ~reached  # (int8 sums could wrap)
        reached |= frontier
    return reached


def _no_route_to_support(ctx: GapContext) -> list[dict[str, Any]]:
    orgs = ctx.organisations
    support = orgs.of_kinds(model.INNOVATION_SUPPORT_KINDS)
    graph, _ = ctx.organisation_graph
    far = ~_within(graph, support, ctx.max_hops) & ctx.recorded
    local: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for h in np.flatnonzero(support).tolist():
        local[orgs.ics[h]].append(orgs.node(h))
    out = []
    for i in sorted(np.flatnonzero(far).tolist(), key=lambda i: (orgs.ics[i], orgs.ids[i])):
        if not ctx.in_scope((orgs.ics[i],)):
            continue
        here = _support_first(local[orgs.ics[i]])
        text = (f"{_org(orgs.names[i], orgs.kinds[i], orgs.ics[i])} has no route of "
                f"{_plural(ctx.max_hops, 'hop')} or fewer to a health innovation network, innovation hub "
                f"or NIHR body (organisations are one hop apart when their people know each other or "
                f"they share a current partnership)")
        if here:
            first = here[0]
            text += f"; innovation support in its own ICS: {first.get('name')} ({KIND_WORDS.get(first.get('kind'), first.get('kind'))})"
        out.append(_row("no_route_to_support", orgs.ids[i], orgs.names[i], "Organisation", orgs.ics[i], text,
                        suggested_links=[[orgs.ids[i], here[0]["id"]]] if here else [],
                        details={"kind": orgs.kinds[i], "max_hops": ctx.max_hops,
                                 "local_support": [n["id"] for n in here]}))
    return out


def _primary_care_cut_off(ctx: GapContext) -> list[dict[str, Any]]:
    orgs = ctx.organisations
    primary = orgs.of_kinds(model.PRIMARY_COMMUNITY_KINDS)
    graph, _ = ctx.organisation_graph
    innovator = ctx.innovator
    reaches = innovator.copy()  # an innovator itself, or one link from another innovator
    if graph.m:
        reaches |= graph.links() @ innovator.astype(np.int32) > 0
    by_ics: dict[str, list[int]] = defaultdict(list)
    for i in np.flatnonzero(primary).tolist():
        by_ics[orgs.ics[i]].append(i)
    cut_off = sorted(c for c, pcs in by_ics.items() if ctx.in_scope((c,)) and not reaches[pcs].any())
    if not cut_off:
        return []
    out = []
    for code in cut_off:
        pcs, networks = _nodes(orgs.node(i) for i in by_ics[code]), _nodes(ctx.networks[code])
        where = f"{ctx.ics_names.get(code)} ({code})"
        if len(pcs) > 1:
            text = (f"None of the {len(pcs)} primary and community care organisations of {where} "
                    f"({_names(pcs)}) adopted or developed an innovation, or shares a current partnership "
                    f"or a tie with an organisation that did")
        else:
            text = (f"The only primary or community care organisation of {where}, {_names(pcs)}, adopted "
                    f"or developed no innovation and shares no current partnership or tie with an "
                    f"organisation that did")
        out.append(_row("primary_care_cut_off", code, ctx.ics_names.get(code), "ICS", code, text,
                        suggested_links=[[p["id"], networks[0]["id"]] for p in pcs] if networks else [],
                        details={"primary_care": [p["id"] for p in pcs], "hins": [h["id"] for h in networks]}))
    return out


def _disconnected_ics_pairs(ctx: GapContext) -> list[dict[str, Any]]:
    orgs = ctx.organisations
    graph, _ = ctx.organisation_graph
    codes = sorted(set(orgs.ics))
    place = {c: k for k, c in enumerate(codes)}
    where = np.fromiter((place[c] for c in orgs.ics), dtype=np.int64, count=orgs.n)
    a, b = where[graph.edges[:, 0]], where[graph.edges[:, 1]]
    linked = set(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist()))
    based: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for h in np.flatnonzero(orgs.of_kinds((HIN_KIND,))).tolist():
        based[orgs.ics[h]].append(orgs.node(h))
    out = []
    for x, y in combinations(range(len(codes)), 2):
        sa, sb = codes[x], codes[y]
        if (x, y) in linked or not ctx.in_scope((sa, sb)):
            continue
        na, nb = ctx.ics_names.get(sa), ctx.ics_names.get(sb)
        a_hins, b_hins = _nodes(based[sa]), _nodes(based[sb])
        text = (f"Nobody in {na} ({sa}) knows anybody in {nb} "
                f"({sb}), and no current partnership includes organisations of both")
        link = [a_hins[0]["id"], b_hins[0]["id"]] if a_hins and b_hins else [sa, sb]
        out.append(_row("disconnected_ics_pairs", sa, na, "ICS", [sa, sb],
                        text, object_id=sb, object_name=nb, object_label="ICS",
                        suggested_links=[link]))
    return out


# --- the Cypher rules -----------------------------------------------------------------------------

def _no_innovation_lead(ctx: GapContext) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("no_innovation_lead", trust_kinds=list(model.TRUST_KINDS)):
        if r["people"] > 1:
            who = f"none of the {r['people']} people recorded there is marked as an innovation lead"
        elif r["people"] == 1:
            who = "the one person recorded there is not marked as an innovation lead"
        else:
            who = "nobody is recorded as working there"
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "Organisation", r["ics"],
                        f"{_org(r['subject_name'], r['subject_kind'], r['ics'])} has no innovation lead: {who}",
                        details={"kind": r["subject_kind"], "people": r["people"]}))
    return out


def _specialist_without_hin_partnership(ctx: GapContext) -> list[dict[str, Any]]:
    orgs = ctx.organisations
    table = ctx.memberships
    members: dict[str, set[str]] = defaultdict(set)  # current formal partnership -> member organisations
    formal: dict[str, set[str]] = defaultdict(set)  # organisation -> its current formal partnerships
    if table.num_rows:
        for org, partnership, is_formal in zip(*(table.column(c).to_pylist() for c in ("member", "partnership", "formal"))):
            if is_formal is True:
                members[partnership].add(org)
                formal[org].add(partnership)
    out = []
    trusts = [i for i in range(orgs.n) if orgs.kinds[i] == SPECIALIST_KIND and ctx.in_scope((orgs.ics[i],))]
    for i in sorted(trusts, key=lambda i: (orgs.ics[i], orgs.ids[i])):
        subject, code = orgs.ids[i], orgs.ics[i]
        hins = _nodes({h["id"]: h for h in ctx.networks[code]}.values())
        local = {h["id"] for h in hins}
        if any(members[p] & local for p in formal[subject]):
            continue
        who = _org(orgs.names[i], orgs.kinds[i], code)
        where = ctx.ics_names.get(code) or code
        if hins:
            covering = "the health innovation network" if len(hins) == 1 else "the health innovation networks"
            text = (f"{who} has no current formal partnership that includes {_or_names(hins)}, "
                    f"{covering} covering {where}")
        else:
            text = (f"{who} has no current formal partnership with a health innovation network, and no "
                    f"health innovation network is recorded as covering {where}")
        out.append(_row("specialist_without_hin_partnership", subject, orgs.names[i], "Organisation", code, text,
                        suggested_links=[[subject, h["id"]] for h in hins],
                        details={"kind": orgs.kinds[i], "hins": [h["id"] for h in hins]}))
    return out


def _innovation_never_left_origin(ctx: GapContext) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("innovation_never_left_origin"):
        developers, adopters = _nodes(r["developers"]), _nodes(r["adopters"])
        ids = ", ".join(d["id"] for d in developers)
        text = f"{r['subject_name']} ({r['subject_id']}) has not been adopted outside {_names(developers)} ({ids}), which developed it"
        text += f": adopted by {_names(adopters)} only" if adopters else ": nobody has adopted it"
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "Innovation", r["ics_codes"] or [], text,
                        details={"kind": r["subject_kind"], "developers": [d["id"] for d in developers],
                                 "adopters": [a["id"] for a in adopters]}))
    return out


def _adoption_without_champion(ctx: GapContext) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("adoption_without_champion"):
        candidates = _nodes(r["candidates"])
        text = (f"{_org(r['subject_name'], r['subject_kind'], r['ics'])} adopted {r['object_name']} "
                f"({r['object_id']}), but nobody who works there champions it")
        if candidates:
            text += f"; clinical champions there: {_names(candidates)}"
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "Organisation", r["ics"], text,
                        object_id=r["object_id"], object_name=r["object_name"], object_label="Innovation",
                        suggested_links=[[c["id"], r["object_id"]] for c in candidates],
                        details={"stage": r["stage"], "candidates": [c["id"] for c in candidates]}))
    return out



# --- the structural rules computed in Python ---------------------------------------------------------

def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass
class PeopleGraph:
    """The people graph: ``index`` holds the ties as an index graph (numpy) on the sorted person
    ids (``index.nodes``), so that the national graph (100,000 people, 850,000 ties) is built
    in a second and the seeded community search sees the same graph every time; ``organisation`` is each
    person's index in ``organisations``, and ``names`` their names (an Arrow column or a list)."""

    index: K.IndexGraph
    organisation: np.ndarray
    organisations: Organisations
    names: Any

    @property
    def ids(self) -> list[str]:
        return self.index.nodes

    def position(self, person: str) -> int:
        i = bisect_left(self.ids, person)
        if i == len(self.ids) or self.ids[i] != person:
            raise KeyError(person)
        return i

    def name(self, i: int) -> str | None:
        value = self.names[i] if self.names is not None else None
        return value.as_py() if hasattr(value, "as_py") else value

    def organisation_id(self, i: int) -> str:
        return self.organisations.ids[self.organisation[i]]

    def organisation_name(self, i: int) -> str | None:
        return self.organisations.names[self.organisation[i]]

    def ics(self, i: int) -> str:
        return self.organisations.ics[self.organisation[i]]

    def degree(self, person: str) -> int:
        return int(self.index.degree[self.position(person)])


def _index_graph(nodes: Any, src: np.ndarray, dst: np.ndarray) -> K.IndexGraph:
    """:func:`~ecograph.analysis._kernels.index_graph_from_pairs` (the same graph: self-loops
    dropped, each edge once as ``(i, j)``, ``i < j``, sorted) by sorting the pair keys:
    ``np.unique`` without ``return_*`` hashes in numpy 2.4, 80 times slower on a million keys."""
    n = max(len(nodes), 1)
    src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    keys = np.sort(lo[lo != hi] * n + hi[lo != hi])
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    edges = np.column_stack((keys // n, keys % n)).astype(np.int64)
    return K.IndexGraph(nodes, edges, np.bincount(edges.ravel(), minlength=len(nodes)).astype(np.int64))


def people_graph(people: list[dict[str, Any]]) -> PeopleGraph:
    """The :class:`PeopleGraph` of ``gaps/projection_people`` rows (``person_id``,
    ``person_name``, ``organisation_id``, ``organisation_name``, ``ics``, ``knows``); ties to
    people outside the rows are left out."""
    rows = {r["person_id"]: r for r in people}
    ids = sorted(rows)
    position = {p: i for i, p in enumerate(ids)}
    org_rows = {rows[p]["organisation_id"]: rows[p] for p in ids}
    org_ids = sorted(org_rows)
    organisations = Organisations(org_ids, [org_rows[o]["organisation_name"] for o in org_ids],
                                  [org_rows[o].get("organisation_kind") for o in org_ids],
                                  [org_rows[o]["ics"] for o in org_ids])
    org_position = {o: i for i, o in enumerate(org_ids)}
    pairs = [(position[r["person_id"]], position[q]) for r in people for q in r["knows"] or () if q in position]
    src, dst = (np.array(x, dtype=np.int64) for x in zip(*pairs)) if pairs else (np.zeros(0, np.int64),) * 2
    organisation = np.array([org_position[rows[p]["organisation_id"]] for p in ids], dtype=np.int64)
    return PeopleGraph(_index_graph(ids, src, dst), organisation, organisations,
                       [rows[p]["person_name"] for p in ids])


def organisation_links(people: PeopleGraph, organisations: Organisations, shared: np.ndarray
                       ) -> tuple[K.IndexGraph, dict[int, tuple[int, int]]]:
    """The organisation graph (organisations one hop apart when their people share a tie or
    they share a partnership) as an index graph on the organisations' indices (in
    ``organisations``), and its *lone ties*: each pair of organisations ``a < b`` joined by exactly one tie (one pair of people)
    and no partnership, as the key ``a * n + b`` (``n`` organisations), mapped to that tie
    (two person indices). ``shared`` holds the pairs of organisations that share a current
    partnership, as keys too."""
    n = max(organisations.n, 1)
    org = people.organisation
    src, dst = people.index.edges[:, 0], people.index.edges[:, 1]  # each pair of people once
    oa, ob = org[src], org[dst]
    across = oa != ob
    src, dst, oa, ob = src[across], dst[across], oa[across], ob[across]
    keys, first, count = np.unique(np.minimum(oa, ob) * n + np.maximum(oa, ob),
                                   return_index=True, return_counts=True)
    shared = np.asarray(shared, dtype=np.int64)
    every = np.union1d(keys, shared)
    graph = _index_graph(range(organisations.n), every // n, every % n)
    alone = (count == 1) & ~np.isin(keys, shared)
    lone = dict(zip(keys[alone].tolist(), zip(src[first[alone]].tolist(), dst[first[alone]].tolist())))
    return graph, lone


def bridge_sides(graph: nx.Graph | K.IndexGraph) -> dict[tuple[Any, Any], tuple[int, int]]:
    """Every bridge ``(u, v)`` of a simple undirected ``graph`` (the edges ``networkx.bridges``
    finds) with the number of nodes on u's side and on v's side once it is removed
    (:func:`_bridge_sides`, in linear time, so it scales to the national people graph where
    ``networkx.bridges`` and a search per bridge would not).

    >>> sorted(bridge_sides(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5)])).items())
    [((3, 4), (3, 2)), ((4, 5), (4, 1))]
    """
    IG = graph if isinstance(graph, K.IndexGraph) else K.index_graph(graph)
    nodes = IG.nodes
    return {(nodes[u], nodes[v]): (su, sv) for u, v, su, sv in _bridge_sides(IG).tolist()}


def _person(graph: PeopleGraph, i: int) -> str:
    return f"{graph.name(i) or graph.ids[i]} ({graph.organisation_name(i)}, {graph.organisation_id(i)})"


def _bridge_edges(graph: K.IndexGraph) -> np.ndarray:
    """The positions in ``graph.edges`` of its bridges, ascending (igraph's C search, or the
    blocks of two nodes among the biconnected components without igraph)."""
    if K.have_igraph():
        return np.sort(np.asarray(graph.igraph().bridges(), dtype=np.int64))
    found = np.array([b for b in K.biconnected_blocks(replace(graph, nodes=range(graph.n)), use_igraph=False)
                      if len(b) == 2], dtype=np.int64).reshape(-1, 2)
    n = max(graph.n, 1)
    keys = graph.edges.min(axis=1) * n + graph.edges.max(axis=1)
    order = np.argsort(keys, kind="stable")
    return np.sort(order[np.searchsorted(keys[order], found.min(axis=1) * n + found.max(axis=1))])


def _components(edges: np.ndarray, n: int) -> tuple[int, np.ndarray]:
    """The connected components of ``n`` nodes joined by ``edges`` (index pairs): their number
    and each node's label."""
    import scipy.sparse as sp
    import scipy.sparse.csgraph as csgraph

    A = sp.csr_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    count, label = csgraph.connected_components(A, directed=False)
    return int(count), np.asarray(label, dtype=np.int64)


def _bridge_sides(IG: K.IndexGraph) -> np.ndarray:
    """The bridges of an index graph, one row ``(u, v, side_u, side_v)`` each, as and in the
    order of ``IG.edges``: the number of nodes left on u's and on v's side once the bridge is
    removed.

    Without its bridges the graph falls into pieces, and the bridges join the pieces into a
    forest (a tree per connected component): a bridge's side away from the root of its tree
    holds the nodes of the pieces below it, the other side the rest of the component. One
    bridge search, two labellings of components, one breadth-first search and one pass up the
    forest: linear in the graph, with no Python object per tie."""
    import scipy.sparse as sp
    import scipy.sparse.csgraph as csgraph

    bridges = _bridge_edges(IG)
    if not len(bridges):
        return np.zeros((0, 4), dtype=np.int64)
    n = IG.n
    keep = np.ones(IG.m, dtype=bool)
    keep[bridges] = False
    pieces, piece = _components(IG.edges[keep], n)
    ends = IG.edges[bridges]
    a, b = piece[ends[:, 0]], piece[ends[:, 1]]
    # the pieces and the bridges: a tree per connected component of the graph; each tree that
    # holds a bridge is rooted at its first piece, and the roots are joined to one extra node
    _, tree = _components(np.column_stack((a, b)), pieces)
    first = np.unique(tree, return_index=True)[1]  # each tree's first piece
    roots = first[np.unique(tree[a])]
    root = pieces
    forest = sp.csr_matrix((np.ones(len(a) + len(roots), dtype=np.int8),
                            (np.concatenate((a, np.full(len(roots), root))), np.concatenate((b, roots)))),
                           shape=(pieces + 1, pieces + 1))
    order, parent = csgraph.breadth_first_order(forest, root, directed=False, return_predecessors=True)
    size = np.bincount(piece, minlength=pieces + 1).tolist()  # nodes in the piece, then in its subtree
    upward = order[::-1][:-1]  # children before their parents; the extra root left out
    for x, p in zip(upward.tolist(), parent[upward].tolist()):
        size[p] += size[x]
    below = np.array(size, dtype=np.int64)
    total = below[first[tree[a]]]  # under the root of the bridge's tree: every node of the tree
    a_below = parent[a] == b  # a is the child: its subtree is a's side
    side_a = np.where(a_below, below[a], total - below[b])
    return np.column_stack((ends, side_a, total - side_a)).astype(np.int64)


def projection_bridges(people: PeopleGraph, members: np.ndarray, groups: np.ndarray) -> set[tuple[str, str]]:
    """The ties that are bridges of the person projection too: the people graph plus a link
    between people who share a team or a (current, personal) partnership (person ``members[k]``
    is in group ``groups[k]``). A tie that is a bridge of the people graph but not of this
    one is the only tie between its two sides, not the only link.

    The groups are nodes of their own (each member linked to its group), not cliques of their
    members: a tie is a bridge of one graph exactly when it is a bridge of the other (both
    join the same people), and a large team costs its members, not their pairs. Only a bridge
    of the people graph can be one of the projection, so the pieces the people graph falls
    into without its bridges (no tie is a bridge inside one) are taken as one node each: the
    search runs on the pieces, the bridges and the groups, not on every tie."""
    import scipy.sparse as sp
    import scipy.sparse.csgraph as csgraph

    IG = people.index
    bridges = _bridge_edges(IG)
    if not len(bridges):
        return set()
    keep = np.ones(IG.m, dtype=bool)
    keep[bridges] = False
    rest = IG.edges[keep]
    pieces, piece = csgraph.connected_components(
        sp.csr_matrix((np.ones(len(rest), dtype=np.int8), (rest[:, 0], rest[:, 1])), shape=(IG.n, IG.n)),
        directed=False)
    ends = IG.edges[bridges]
    tie_of = {(min(a, b), max(a, b)): (u, v)
              for (u, v), a, b in zip(ends.tolist(), piece[ends[:, 0]].tolist(), piece[ends[:, 1]].tolist())}
    size = pieces + (int(groups.max()) + 1 if len(groups) else 0)
    edges = np.concatenate([piece[ends], np.column_stack((piece[members], groups + pieces))]) \
        if len(groups) else piece[ends]
    condensed = _index_graph(range(size), edges[:, 0], edges[:, 1])
    found = condensed.edges[_bridge_edges(condensed)].tolist()
    ids = people.ids
    return {_pair(ids[tie_of[a, b][0]], ids[tie_of[a, b][1]]) for a, b in found if b < pieces}


def _bridge_ties(ctx: GapContext) -> dict[tuple[str, str], dict[str, list[int]]]:
    """The ties single_person_bridges reports, as pairs of person ids (smaller first), with
    the sides they hold apart: ``people_sides`` in the people graph, ``organisation_sides``
    in the organisation graph (each in the pair's order)."""
    people = ctx.people_graph
    orgs, lone_ties = ctx.organisation_graph
    found: dict[tuple[str, str], dict[str, list[int]]] = {}
    for (u, v), (su, sv) in bridge_sides(people.index).items():
        if min(su, sv) >= PEOPLE_MIN_SIDE:
            key = _pair(u, v)
            sides = (su, sv) if key == (u, v) else (sv, su)
            found.setdefault(key, {})["people_sides"] = list(sides)
    n = max(ctx.organisations.n, 1)
    for (a, b), (sa, sb) in bridge_sides(orgs).items():
        tie = lone_ties.get(min(a, b) * n + max(a, b))
        if tie is not None:
            iu, iv = tie
            key = _pair(people.ids[iu], people.ids[iv])
            a_first = people.organisation[people.position(key[0])] == a
            found.setdefault(key, {})["organisation_sides"] = [sa, sb] if a_first else [sb, sa]
    return found


def _bridge_codes(people: PeopleGraph, u: str, v: str) -> list[str]:
    """The ICSs of the two people of a tie."""
    return [people.ics(people.position(u)), people.ics(people.position(v))]


def _single_person_bridges(ctx: GapContext) -> list[dict[str, Any]]:
    people = ctx.people_graph
    found = _bridge_ties(ctx)
    only_link = projection_bridges(people, *ctx.person_groups) if found else set()
    out = []
    for (u, v), sides in sorted(found.items()):
        iu, iv = people.position(u), people.position(v)
        ou, ov = people.organisation_id(iu), people.organisation_id(iv)
        codes = _bridge_codes(people, u, v)
        if not ctx.in_scope(codes):
            continue
        parts = []
        joined = (u, v) not in only_link  # a shared team or partnership still joins the two sides
        if "people_sides" in sides:
            a, b = sides["people_sides"]
            parts.append(f"the only {'tie' if joined else 'link'} between {_plural(a, 'person', 'people')} on "
                         f"one side and {_plural(b, 'person', 'people')} on the other"
                         + (" (a shared team or partnership still joins the two sides)" if joined else ""))
        if "organisation_sides" in sides:
            a, b = sides["organisation_sides"]
            parts.append(f"the only link between {_plural(a, 'organisation')} on one side and "
                         f"{_plural(b, 'organisation')} on the other (no other tie or current partnership "
                         f"joins {people.organisation_name(iu)} and {people.organisation_name(iv)})")
        text = f"The tie between {_person(people, iu)} and {_person(people, iv)} is " + "; and ".join(parts)
        out.append(_row("single_person_bridges", u, people.name(iu), "Person", codes, text,
                        object_id=v, object_name=people.name(iv), object_label="Person",
                        suggested_links=[[ou, ov]] if ou != ov else [],
                        details={"people": [u, v], "organisations": [ou, ov],
                                 "people_sides": sides.get("people_sides"),
                                 "organisation_sides": sides.get("organisation_sides"),
                                 "only_link": not joined}))
    return out


def _community_indices(IG: K.IndexGraph) -> list[np.ndarray]:
    """Communities (:func:`~ecograph.analysis._kernels.communities`; node indices, ascending) of at least COMMUNITY_MIN_SIZE nodes of an
    index graph whose nodes are sorted, largest first (ties by smallest node)."""
    if IG.m == 0:
        return []
    found = K.communities(IG, COMMUNITY_SEED, use_igraph=K.have_igraph())
    kept = [np.sort(np.asarray(c, dtype=np.int64)) for c in found if len(c) >= COMMUNITY_MIN_SIZE]
    return sorted(kept, key=lambda c: (-len(c), IG.nodes[c[0]]))


def communities(graph: nx.Graph | PeopleGraph) -> list[list[str]]:
    """Communities of the people graph (igraph's Leiden, or NetworkX's Louvain without igraph;
    seed :data:`COMMUNITY_SEED`) with at least COMMUNITY_MIN_SIZE people, largest first (ties by
    smallest id), each sorted. A NetworkX graph is taken in the same canonical order as a
    :class:`PeopleGraph`, so both give the same communities.

    >>> [len(c) for c in communities(nx.karate_club_graph())]
    [12, 11, 6, 5]
    """
    IG = graph.index if isinstance(graph, PeopleGraph) else K.canonical_index_graph(graph)
    nodes = IG.nodes
    return [[nodes[i] for i in c.tolist()] for c in _community_indices(IG)]


def _sparse_pairs(rows: np.ndarray, cols: np.ndarray, k: int) -> Any:
    """The ``k x k`` pattern of row pairs that share a column: (community, thing) incidences in."""
    import scipy.sparse as sp

    if not len(rows):
        return sp.csr_matrix((k, k), dtype=np.int64)
    B = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(k, int(cols.max()) + 1))
    B.data[:] = 1  # duplicates summed: back to a pattern
    return (B @ B.T).tocsr()


def _home_ics(found: list[np.ndarray], code_of: np.ndarray) -> np.ndarray:
    """Each community's ICS: the most common among its members' (``code_of``: each person's),
    the first met in member order among equally common ones (as ``Counter.most_common``)."""
    sizes = np.array([len(c) for c in found], dtype=np.int64)
    k, K = len(found), int(code_of.max()) + 1 if len(code_of) else 1
    community = np.repeat(np.arange(k, dtype=np.int64), sizes)
    keys, first, count = np.unique(community * K + code_of[np.concatenate(found)], return_index=True,
                                   return_counts=True)
    order = np.lexsort((first, -count, keys // K))  # by community, most common first, then first met
    best = keys[order]
    starts = np.concatenate(([True], best[1:] // K != best[:-1] // K))
    return best[starts] % K


def _disconnected_communities(ctx: GapContext) -> list[dict[str, Any]]:
    import scipy.sparse as sp

    people = ctx.people_graph
    found = _community_indices(people.index)
    k = len(found)
    if k < 2:
        return []
    member = np.full(people.index.n, -1, dtype=np.int64)
    for c, members in enumerate(found):
        member[members] = c
    ties = people.index.edges
    a, b = member[ties[:, 0]], member[ties[:, 1]]
    across = (a >= 0) & (b >= 0) & (a != b)
    tied = sp.csr_matrix((np.ones(int(across.sum()), dtype=np.int64), (a[across], b[across])), shape=(k, k))
    inside = member >= 0
    who, org = member[inside], people.organisation[inside]
    org_part, part = ctx.partnerships
    # the partnerships of each community: those of its members' organisations
    by_org = sp.csr_matrix((np.ones(len(org_part), dtype=np.int64), (org_part, part)),
                           shape=(ctx.organisations.n, int(part.max()) + 1 if len(part) else 1))
    in_org = sp.csr_matrix((np.ones(len(who), dtype=np.int64), (who, org)), shape=(k, ctx.organisations.n))
    parts = (in_org @ by_org).tocoo()
    linked = (tied + tied.T + _sparse_pairs(who, org, k) + _sparse_pairs(parts.row, parts.col, k)).tocsr()
    size = np.array([len(c) for c in found], dtype=np.int64)
    names, code_of = ctx.person_ics
    home = _home_ics(found, code_of)
    touches = np.ones(k, dtype=bool)  # the community has somebody in the ICS asked for
    if ctx.ics is not None:
        target = names.index(ctx.ics) if ctx.ics in names else -1
        touches = np.array([bool((code_of[c] == target).any()) for c in found])
    total, pool = 0, []
    for x in range(k - 1):
        free = np.ones(k, dtype=bool)
        free[:x + 1] = False
        free[linked.indices[linked.indptr[x]:linked.indptr[x + 1]]] = False
        if not touches[x]:
            free &= touches
        ys = np.flatnonzero(free)
        total += len(ys)
        if len(ys):
            # pairs inside one ICS first (those are the surprising ones), then the largest communities
            order = np.lexsort((ys, -(size[x] + size[ys]), home[ys] != home[x]))[:COMMUNITY_PAIR_CAP]
            pool += [(bool(home[y] != home[x]), -int(size[x] + size[y]), x, int(y)) for y in ys[order]]
    listed = sorted(pool)[:COMMUNITY_PAIR_CAP]
    out = []
    ids = people.ids

    def describe(i: int) -> tuple[str, str, str]:
        members = found[i].tolist()
        top_org, n = Counter(people.organisation_name(p) for p in members).most_common(1)[0]
        hub = ids[members[int(np.argmax(people.index.degree[found[i]]))]]  # best connected, smallest id
        name = f"community {i + 1} ({_plural(len(members), 'person', 'people')}, " + \
               (f"all at {top_org})" if n == len(members) else f"mostly at {top_org})")
        return f"C{i + 1}", name, hub

    for _, _, a_, b_ in listed:
        (ida, namea, huba), (idb, nameb, hubb) = describe(a_), describe(b_)
        text = (f"{namea[0].upper()}{namea[1:]} and {nameb} have no tie: nobody in one knows anybody in the "
                f"other, and they share no organisation or partnership")
        if total > len(listed):
            text += (f" ({total} such pairs were found; {len(listed)} are listed: pairs in the same ICS "
                     f"first, then the largest communities)")
        codes_ab = {names[c] for c in np.unique(code_of[np.concatenate((found[a_], found[b_]))]).tolist()}
        out.append(_row("disconnected_communities", ida, namea, "Community", codes_ab, text,
                        object_id=idb, object_name=nameb, object_label="Community",
                        suggested_links=[[huba, hubb]],
                        details={"subject_members": [ids[p] for p in found[a_].tolist()],
                                 "object_members": [ids[p] for p in found[b_].tolist()],
                                 "pairs_found": total, "pairs_listed": len(listed)}))
    return out


_RUNNERS: dict[str, Callable[[GapContext], list[dict[str, Any]]]] = {
    "no_innovation_lead": _no_innovation_lead,
    "specialist_without_hin_partnership": _specialist_without_hin_partnership,
    "not_yet_mapped": _not_yet_mapped,
    "no_route_to_support": _no_route_to_support,
    "primary_care_cut_off": _primary_care_cut_off,
    "innovation_never_left_origin": _innovation_never_left_origin,
    "adoption_without_champion": _adoption_without_champion,
    "disconnected_ics_pairs": _disconnected_ics_pairs,
    "disconnected_communities": _disconnected_communities,
    "single_person_bridges": _single_person_bridges,
}


def _count_single_person_bridges(ctx: GapContext) -> Counter[str]:
    """The ``ics`` of each single_person_bridges row, without the search for what else joins
    the sides (it changes the words of a row, not whether there is one)."""
    people = ctx.people_graph
    found = (_bridge_codes(people, u, v) for u, v in _bridge_ties(ctx))
    return Counter(_ics_field(codes) for codes in found if ctx.in_scope(codes))


#: Rules counted without writing their rows (the others are counted from their rows).
_COUNTERS: dict[str, Callable[[GapContext], Counter[str]]] = {
    "single_person_bridges": _count_single_person_bridges,
}


def gap_context(store: GraphStore, ics: str | None = None, max_hops: int = DEFAULT_MAX_HOPS,
                as_of: str | None = None) -> GapContext:
    """What the gap rules read from ``store`` (read when first needed, then kept): pass it to
    :func:`count_gaps`, or read its people and ties (:attr:`GapContext.tie_ends`) for other
    counts without reading them again. The arguments are :func:`find_gaps`'s.

    Raises OptionError, UnknownIdError or ValueError as :func:`find_gaps` does."""
    if not 1 <= int(max_hops) <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    return GapContext(store, check_ics(store, ics), int(max_hops), resolve_as_of(as_of))


def count_gaps(context: GapContext, rules: str | Iterable[str] | None = None) -> Counter[str]:
    """How many rows :func:`find_gaps` gives with the same arguments (the context's and
    ``rules``) for each value of their ``ics`` column (one ICS code, or several joined by
    ``;``), without writing the rows where that costs: what the national overview needs.

    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "store")) as store:
    ...     count_gaps(gap_context(store))
    Counter()
    """
    counts: Counter[str] = Counter()
    for name in check_rules(rules):
        if name in _COUNTERS:
            counts.update(_COUNTERS[name](context))
        else:
            counts.update(row["ics"] for row in _RUNNERS[name](context))
    return counts


def find_gaps(store: GraphStore, ics: str | None = None, rules: str | Iterable[str] | None = None,
              max_hops: int = DEFAULT_MAX_HOPS, as_of: str | None = None) -> list[dict[str, Any]]:
    """Every gap the rules find, as rows with the keys of :data:`ROW_KEYS`, rule by rule.

    Parameters
    ----------
    ics
        An ICS code: only gaps about that ICS (its organisations, innovations developed there,
        pairs that include it). None: every ICS.
    rules
        A rule name or names (see :data:`RULES`); None: every rule.
    max_hops
        The longest route that counts for ``no_route_to_support``, 1 to :data:`MAX_HOPS`.
    as_of
        The date (YYYY-MM-DD or DD/MM/YYYY) the ecosystem is seen as of (:mod:`ecograph.asof`):
        people who left, organisations closed, partnerships and coverage ended, adoptions ended
        or abandoned by then count for no rule. None: today.

    Raises
    ------
    OptionError
        ``as_of`` is not a date.
    UnknownIdError
        ``ics`` is not an ICS in the store, or a rule name is unknown (with the closest matches).
    ValueError
        ``max_hops`` is out of range.
    """
    names = check_rules(rules)
    ctx = gap_context(store, ics, max_hops, as_of)
    rows: list[dict[str, Any]] = []
    for name in names:
        rows += _RUNNERS[name](ctx)
    return rows
