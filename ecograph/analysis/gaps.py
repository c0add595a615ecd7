"""Gaps: the recommendations of the source reports as checkable rules, and structural gaps.

Each rule names the organisations, ICSs, innovations, adoptions, ties or communities that
break it, in plain words, with the recommendation it comes from, and the barrier category
(of the review of the Accelerated Access Review) it is evidence of. Seven rules are one Cypher
query each (``cypher/gaps/<rule>.cypher``, the same text on LadybugDB and Neo4j); the
structural rules ``disconnected_communities`` and ``single_person_bridges`` are computed in
Python (igraph's C kernels for Louvain and biconnected components) from two projections
read in Cypher (``cypher/gaps/projection_people.cypher`` and
``cypher/gaps/projection_organisations.cypher``). ``disconnected_ics_pairs`` is Cypher too.

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

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Callable, Iterable

import networkx as nx
import numpy as np

from .. import model
from ..asof import resolve_as_of
from ..ids import resolve_id
from ..store import GraphStore
from . import _kernels as K

from .gap_rules import (  # noqa: F401  (re-exported: the rules belong to this module's API)
    DEFAULT_MAX_HOPS,
    MAX_HOPS,
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
    codes = [ics] if isinstance(ics, str) else sorted(set(c for c in ics if c))
    return {"rule": rule, "subject_id": subject_id, "subject_name": subject_name or subject_id,
            "subject_label": subject_label, "object_id": object_id, "object_name": object_name,
            "object_label": object_label, "ics": ";".join(codes), "explanation": explanation,
            "recommendation": RULES[rule].recommendation, "barrier_category": RULES[rule].category,
            "suggested_links": suggested_links or [],
            "details": details or {}}


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


class _Context:
    """What the rules of one find_gaps call share: the store, the filters, the projections."""

    def __init__(self, store: GraphStore, ics: str | None, max_hops: int, as_of: str):
        self.store, self.ics, self.max_hops, self.as_of = store, ics, max_hops, as_of
        self._people: list[dict[str, Any]] | None = None
        self._organisations: list[dict[str, Any]] | None = None
        self._people_graph: PeopleGraph | None = None

    def run(self, rule: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.run_named(RULES[rule].query, {"ics": self.ics, "as_of": self.as_of, **params})

    @property
    def people(self) -> list[dict[str, Any]]:
        if self._people is None:
            self._people = self.store.run_named("gaps/projection_people", {"as_of": self.as_of})
        return self._people

    @property
    def people_graph(self) -> PeopleGraph:
        if self._people_graph is None:
            self._people_graph = people_graph(self.people)
        return self._people_graph

    @property
    def organisations(self) -> list[dict[str, Any]]:
        if self._organisations is None:
            self._organisations = self.store.run_named("gaps/projection_organisations", {"as_of": self.as_of})
        return self._organisations


# --- the Cypher rules -----------------------------------------------------------------------------

def _no_innovation_lead(ctx: _Context) -> list[dict[str, Any]]:
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


def _specialist_without_hin_partnership(ctx: _Context) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("specialist_without_hin_partnership", specialist_kind=SPECIALIST_KIND, hin_kind=HIN_KIND,):
        hins = _nodes(r["hins"])
        who = _org(r["subject_name"], r["subject_kind"], r["ics"])
        where = r["ics_name"] or r["ics"]
        if hins:
            covering = "the health innovation network" if len(hins) == 1 else "the health innovation networks"
            text = (f"{who} has no current formal partnership that includes {_or_names(hins)}, "
                    f"{covering} covering {where}")
        else:
            text = (f"{who} has no current formal partnership with a health innovation network, and no "
                    f"health innovation network is recorded as covering {where}")
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "Organisation", r["ics"], text,
                        suggested_links=[[r["subject_id"], h["id"]] for h in hins],
                        details={"kind": r["subject_kind"], "hins": [h["id"] for h in hins]}))
    return out


def _not_yet_mapped(ctx: _Context) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("not_yet_mapped"):
        ids = sorted(r["organisations"])
        kind = r["kind"] or "unknown kind"
        text = (f"{_plural(len(ids), 'organisation')} of kind {kind} in {r['subject_name']} ({r['ics']}) "
                f"{'has' if len(ids) == 1 else 'have'} nothing recorded yet: nobody working there, no "
                f"partnership, no innovation adopted or developed ({_names([{'id': i} for i in ids])})")
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "ICS", r["ics"], text,
                        object_id=kind, object_name=kind, object_label="kind",
                        details={"kind": kind, "count": len(ids), "organisations": ids}))
    return out


def _no_route_to_support(ctx: _Context) -> list[dict[str, Any]]:
    out = []
    rows = ctx.run("no_route_to_support", max_hops=ctx.max_hops,
                   support_kinds=list(model.INNOVATION_SUPPORT_KINDS))
    for r in rows:
        local = _support_first(_nodes(r["local_support"]))
        text = (f"{_org(r['subject_name'], r['subject_kind'], r['ics'])} has no route of "
                f"{_plural(ctx.max_hops, 'hop')} or fewer to a health innovation network, innovation hub "
                f"or NIHR body (organisations are one hop apart when their people know each other or "
                f"they share a current partnership)")
        if local:
            first = local[0]
            text += f"; innovation support in its own ICS: {first.get('name')} ({KIND_WORDS.get(first.get('kind'), first.get('kind'))})"
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "Organisation", r["ics"], text,
                        suggested_links=[[r["subject_id"], local[0]["id"]]] if local else [],
                        details={"kind": r["subject_kind"], "max_hops": ctx.max_hops,
                                 "local_support": [n["id"] for n in local]}))
    return out


def _primary_care_cut_off(ctx: _Context) -> list[dict[str, Any]]:
    out = []
    rows = ctx.run("primary_care_cut_off", primary_kinds=list(model.PRIMARY_COMMUNITY_KINDS), hin_kind=HIN_KIND,)
    for r in rows:
        pcs, hins = _nodes(r["primary_care"]), _nodes(r["hins"])
        where = f"{r['subject_name']} ({r['ics']})"
        if len(pcs) > 1:
            text = (f"None of the {len(pcs)} primary and community care organisations of {where} "
                    f"({_names(pcs)}) adopted or developed an innovation, or shares a current partnership "
                    f"or a tie with an organisation that did")
        else:
            text = (f"The only primary or community care organisation of {where}, {_names(pcs)}, adopted "
                    f"or developed no innovation and shares no current partnership or tie with an "
                    f"organisation that did")
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "ICS", r["ics"], text,
                        suggested_links=[[p["id"], hins[0]["id"]] for p in pcs] if hins else [],
                        details={"primary_care": [p["id"] for p in pcs], "hins": [h["id"] for h in hins]}))
    return out


def _innovation_never_left_origin(ctx: _Context) -> list[dict[str, Any]]:
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


def _adoption_without_champion(ctx: _Context) -> list[dict[str, Any]]:
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


def _disconnected_ics_pairs(ctx: _Context) -> list[dict[str, Any]]:
    out = []
    for r in ctx.run("disconnected_ics_pairs", hin_kind=HIN_KIND):
        a_hins, b_hins = _nodes(r["subject_hins"]), _nodes(r["object_hins"])
        text = (f"Nobody in {r['subject_name']} ({r['subject_id']}) knows anybody in {r['object_name']} "
                f"({r['object_id']}), and no current partnership includes organisations of both")
        link = [a_hins[0]["id"], b_hins[0]["id"]] if a_hins and b_hins else [r["subject_id"], r["object_id"]]
        out.append(_row(r["rule"], r["subject_id"], r["subject_name"], "ICS", [r["subject_id"], r["object_id"]],
                        text, object_id=r["object_id"], object_name=r["object_name"], object_label="ICS",
                        suggested_links=[link]))
    return out


# --- the structural rules computed in Python ---------------------------------------------------------

def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass
class PeopleGraph:
    """The people graph from ``gaps/projection_people`` rows: ``ids`` sorted, ``info`` per id
    (name, organisation, organisation_name, ics) and the ties as an index graph (numpy), so
    that the national graph (100,000 people, 1.5 million ties) is built in a second and the
    seeded Louvain sees the same graph every time."""

    ids: list[str]
    position: dict[str, int]  # id -> its index in ``ids`` and in ``index``
    info: dict[str, dict[str, Any]]
    index: K.IndexGraph

    def degree(self, person: str) -> int:
        return int(self.index.degree[self.position[person]])


def people_graph(people: list[dict[str, Any]]) -> PeopleGraph:
    """The :class:`PeopleGraph` of ``gaps/projection_people`` rows (ties to people outside the
    rows are left out)."""
    ids = sorted(r["person_id"] for r in people)
    position = {p: i for i, p in enumerate(ids)}
    info = {r["person_id"]: {"name": r["person_name"], "organisation": r["organisation_id"],
                             "organisation_name": r["organisation_name"], "ics": r["ics"]}
            for r in people}
    src: list[int] = []
    dst: list[int] = []
    for r in people:
        i = position[r["person_id"]]
        for q in r["knows"] or ():
            j = position.get(q)
            if j is not None:
                src.append(i)
                dst.append(j)
    return PeopleGraph(ids, position, info, K.index_graph_from_pairs(ids, np.array(src), np.array(dst)))


def organisation_links(people: PeopleGraph, organisations: list[dict[str, Any]]
                       ) -> tuple[K.IndexGraph, dict[tuple[str, str], tuple[str, str]]]:
    """The organisation graph (organisations one hop apart when their people share a tie or
    they share a partnership) as an index graph on the sorted organisation ids, and its *lone
    ties*: each pair of organisations joined by exactly one tie (one pair of people) and no
    partnership, mapped to that tie (a sorted pair of person ids)."""
    ids = sorted({r["organisation_id"] for r in organisations}
                 | {d["organisation"] for d in people.info.values()})
    n = max(len(ids), 1)
    position = {o: i for i, o in enumerate(ids)}
    org = np.array([position[people.info[p]["organisation"]] for p in people.ids], dtype=np.int64)
    src, dst = people.index.edges[:, 0], people.index.edges[:, 1]  # each pair of people once
    oa, ob = org[src], org[dst]
    across = oa != ob
    src, dst, oa, ob = src[across], dst[across], oa[across], ob[across]
    keys, first, count = np.unique(np.minimum(oa, ob) * n + np.maximum(oa, ob),
                                   return_index=True, return_counts=True)
    members: dict[str, set[int]] = defaultdict(set)
    for r in organisations:
        for p in r["partnerships"] or ():
            members[p].add(position[r["organisation_id"]])
    shared = {a * n + b for orgs in members.values() for a, b in combinations(sorted(orgs), 2)}
    every = np.union1d(keys, np.fromiter(shared, dtype=np.int64, count=len(shared)))
    graph = K.index_graph_from_pairs(ids, every // n, every % n)
    lone = {(ids[k // n], ids[k % n]): _pair(people.ids[src[f]], people.ids[dst[f]])
            for k, f in zip(keys[count == 1].tolist(), first[count == 1].tolist()) if k not in shared}
    return graph, lone


def bridge_sides(graph: nx.Graph | K.IndexGraph) -> dict[tuple[Any, Any], tuple[int, int]]:
    """Every bridge ``(u, v)`` of a simple undirected ``graph`` (the edges ``networkx.bridges``
    finds) with the number of nodes on u's side and on v's side once it is removed.

    Read off the block-cut tree (biconnected components in igraph, or NetworkX without it),
    in linear time, so it scales to the national people graph where ``networkx.bridges`` and
    a search per bridge would not.

    >>> sorted(bridge_sides(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5)])).items())
    [((3, 4), (3, 2)), ((4, 5), (4, 1))]
    """
    IG = graph if isinstance(graph, K.IndexGraph) else K.index_graph(graph)
    tree = K.BlockCutTree(IG.n, K.biconnected_blocks(IG, use_igraph=K.have_igraph()))
    nodes = IG.nodes
    return {(nodes[u], nodes[v]): (su, sv) for u, v, su, sv in tree.bridges()}


def _person(graph: PeopleGraph, p: str) -> str:
    d = graph.info[p]
    return f"{d.get('name') or p} ({d.get('organisation_name')}, {d.get('organisation')})"


def projection_bridges(people: PeopleGraph, rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The ties that are bridges of the person projection too: the people graph plus a link
    between people who share a team or a (current, personal) partnership, from
    ``gaps/projection_people`` rows. A tie that is a bridge of the people graph but not of this
    one is the only tie between its two sides, not the only link."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in rows:
        i = people.position[r["person_id"]]
        for t in r.get("teams") or ():
            groups[("team", t)].append(i)
        for s in r.get("partnerships") or ():
            groups[("partnership", s)].append(i)
    src = [int(x) for x in people.index.edges[:, 0]]
    dst = [int(x) for x in people.index.edges[:, 1]]
    shared: set[tuple[str, str]] = set()  # pairs a team or partnership joins besides any tie
    for members in groups.values():
        for a, b in combinations(sorted(set(members)), 2):
            src.append(a)
            dst.append(b)
            shared.add(_pair(people.ids[a], people.ids[b]))
    graph = K.index_graph_from_pairs(people.ids, np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64))
    return {_pair(u, v) for u, v in bridge_sides(graph)} - shared


def _single_person_bridges(ctx: _Context) -> list[dict[str, Any]]:
    people = ctx.people_graph
    orgs, lone_ties = organisation_links(people, ctx.organisations)
    only_link = projection_bridges(people, ctx.people)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for (u, v), (su, sv) in bridge_sides(people.index).items():
        if min(su, sv) >= PEOPLE_MIN_SIDE:
            key = tuple(sorted((u, v)))
            sides = (su, sv) if key == (u, v) else (sv, su)
            found.setdefault(key, {})["people_sides"] = list(sides)
    for (a, b), (sa, sb) in bridge_sides(orgs).items():
        key = lone_ties.get(_pair(a, b))
        if key is not None:
            a_first = people.info[key[0]]["organisation"] == a
            found.setdefault(key, {})["organisation_sides"] = [sa, sb] if a_first else [sb, sa]
    out = []
    for (u, v), sides in sorted(found.items()):
        pu, pv = people.info[u], people.info[v]
        ou, ov = pu["organisation"], pv["organisation"]
        codes = [pu["ics"], pv["ics"]]
        if ctx.ics is not None and ctx.ics not in codes:
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
                         f"joins {pu['organisation_name']} and {pv['organisation_name']})")
        text = f"The tie between {_person(people, u)} and {_person(people, v)} is " + "; and ".join(parts)
        out.append(_row("single_person_bridges", u, pu["name"], "Person", codes, text,
                        object_id=v, object_name=pv["name"], object_label="Person",
                        suggested_links=[[ou, ov]] if ou != ov else [],
                        details={"people": [u, v], "organisations": [ou, ov],
                                 "people_sides": sides.get("people_sides"),
                                 "organisation_sides": sides.get("organisation_sides"),
                                 "only_link": not joined}))
    return out


def communities(graph: nx.Graph | PeopleGraph) -> list[list[str]]:
    """Louvain communities of the people graph (igraph's, or NetworkX's without igraph; seed
    :data:`LOUVAIN_SEED`) with at least COMMUNITY_MIN_SIZE people, largest first (ties by
    smallest id), each sorted. A NetworkX graph is taken in the same canonical order as a
    :class:`PeopleGraph`, so both give the same communities.

    >>> [len(c) for c in communities(nx.karate_club_graph())]
    [12, 11, 6, 5]
    """
    IG = graph.index if isinstance(graph, PeopleGraph) else K.canonical_index_graph(graph)
    if IG.m == 0:
        return []
    found = K.louvain(IG, LOUVAIN_SEED, use_igraph=K.have_igraph())
    kept = [sorted(IG.nodes[i] for i in c) for c in found if len(c) >= COMMUNITY_MIN_SIZE]
    return sorted(kept, key=lambda c: (-len(c), c[0]))


def _disconnected_communities(ctx: _Context) -> list[dict[str, Any]]:
    people = ctx.people_graph
    info = people.info
    found = communities(people)
    partnerships = {r["organisation_id"]: set(r["partnerships"] or ()) for r in ctx.organisations}
    member = np.full(len(people.ids), -1, dtype=np.int64)
    for k, c in enumerate(found):
        member[[people.position[p] for p in c]] = k
    a, b = member[people.index.edges[:, 0]], member[people.index.edges[:, 1]]
    across = (a >= 0) & (b >= 0) & (a != b)
    linked = {(int(x), int(y)) for x, y in zip(np.minimum(a, b)[across], np.maximum(a, b)[across])}
    orgs = [{info[p]["organisation"] for p in c} for c in found]
    parts = [set().union(*(partnerships.get(o, set()) for o in os)) for os in orgs]
    pairs = []
    for a, b in combinations(range(len(found)), 2):
        if (a, b) in linked or orgs[a] & orgs[b] or parts[a] & parts[b]:
            continue
        codes = {info[p]["ics"] for p in found[a] + found[b]}
        if ctx.ics is not None and ctx.ics not in codes:
            continue
        pairs.append((a, b, codes))
    total = len(pairs)
    # Pairs inside one ICS first (those are the surprising ones), then the largest communities.
    home = [Counter(info[p]["ics"] for p in c).most_common(1)[0][0] for c in found]
    pairs.sort(key=lambda x: (home[x[0]] != home[x[1]], -(len(found[x[0]]) + len(found[x[1]])), x[0], x[1]))
    listed = pairs[:COMMUNITY_PAIR_CAP]
    out = []

    def describe(i: int) -> tuple[str, str, str]:
        members = found[i]
        top_org, n = Counter(info[p]["organisation_name"] for p in members).most_common(1)[0]
        hub = min(members, key=lambda p: (-people.degree(p), p))  # best connected
        name = f"community {i + 1} ({_plural(len(members), 'person', 'people')}, " + \
               (f"all at {top_org})" if n == len(members) else f"mostly at {top_org})")
        return f"C{i + 1}", name, hub

    for a, b, codes in listed:
        (ida, namea, huba), (idb, nameb, hubb) = describe(a), describe(b)
        text = (f"{namea[0].upper()}{namea[1:]} and {nameb} have no tie: nobody in one knows anybody in the "
                f"other, and they share no organisation or partnership")
        if total > len(listed):
            text += (f" ({total} such pairs were found; {len(listed)} are listed: pairs in the same ICS "
                     f"first, then the largest communities)")
        out.append(_row("disconnected_communities", ida, namea, "Community", codes, text,
                        object_id=idb, object_name=nameb, object_label="Community",
                        suggested_links=[[huba, hubb]],
                        details={"subject_members": found[a], "object_members": found[b],
                                 "pairs_found": total, "pairs_listed": len(listed)}))
    return out


_RUNNERS: dict[str, Callable[[_Context], list[dict[str, Any]]]] = {
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
    if not 1 <= int(max_hops) <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    ctx = _Context(store, check_ics(store, ics), int(max_hops), resolve_as_of(as_of))
    rows: list[dict[str, Any]] = []
    for name in names:
        rows += _RUNNERS[name](ctx)
    return rows
