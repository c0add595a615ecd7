"""Spread routes: where could an innovation go next, and through whom.

For one innovation, every organisation that has not adopted it is a *candidate*. For each
candidate :func:`spread_routes` finds the best **warm route** from the innovation's side of
the ecosystem to it, hop by hop through people, teams and partnerships, and ranks the
candidates by a documented score. :func:`find_partners` lists the people to contact.

Definitions
-----------
Route relationships
    A route walks these relationships, in either direction: ``WORKS_FOR`` (person -
    organisation), ``WORKS_IN`` (person - team), ``PART_OF`` (team - organisation), ``KNOWS``
    (person - person) and ``MEMBER_OF`` (organisation, team or person - partnership). It never
    walks ``IN_ICS`` (sharing an ICS is not a warm tie) nor the innovation relationships.
    Examples: ``adopter <-WORKS_FOR- person -KNOWS- person -WORKS_FOR-> candidate`` (3 hops);
    ``adopter -MEMBER_OF-> partnership <-MEMBER_OF- candidate`` (2 hops).
Sources (where a route starts)
    The organisations that ADOPTED the innovation, and its developers: the organisations,
    teams and people that DEVELOPED it, and the *origin organisations* (an organisation that
    developed it, or whose team or person did).
Candidates
    Every organisation that is neither an adopter nor an origin organisation (with ``ics``:
    only those in that ICS; routes may pass through any ICS).
Best route
    The shortest route from any source (``route_length`` = number of relationships); among
    the shortest, the strongest; then the smallest ids, so the answer is deterministic.
    Found by a breadth-first search from all sources at once, level by level, on the route
    graph read once as arrays (:mod:`ecograph.analysis.spread_graph`: one scan of each
    relationship table, ``cypher/spread/route_*.cypher``, the ties' dates apart when some tie
    is not running that day, kept by :class:`SharedReads` for
    every innovation): each level keeps the nodes not seen before, each with its best parent
    (the last level only looks for organisations). Its cost is linear in the part of the graph
    within ``max_hops``, and a route found this way is always a simple path (no walks back and
    forth). The search stops early once every candidate is reached.
Route strength
    The product of the strength of every *bridge* on the route: a formal partnership 1.0,
    an informal partnership 0.6, a personal tie (``KNOWS``) 0.4. Employment and team membership
    (``WORKS_FOR``, ``WORKS_IN``, ``PART_OF``) are not bridges and count 1.0. So a formal
    partnership beats an informal one, which beats a personal tie, and two ties (0.16) are
    weaker than one.
As of a date
    ``as_of`` (``--as-of``; default today) gives the routes of the ecosystem as it stood that
    day (:mod:`ecograph.asof`): a route walks only people in post, teams and organisations that
    are open, ties that hold and partnerships that run that day (an ended partnership is no
    route at all); adopters are the organisations whose adoption counts that day (made by
    then, not ended, not abandoned; a closed adopter's adoption passes to its open successor);
    candidates are the open organisations. A withdrawn innovation (withdrawn by then, or at
    stage "withdrawn" with no date) has no spread targets:
    :class:`~ecograph.errors.InnovationWithdrawn`.
Untapped
    A route of at most ``max_hops`` exists and the organisation has not adopted. Candidates
    with no such route are listed after the reachable ones, with ``untapped`` false and an
    empty route (they are not omitted: they still have exposure and similarity).
Partners of an organisation
    The organisations linked to it in the organisation projection
    (:mod:`ecograph.analysis.projection`, read here with ``cypher/spread/partner_*.cypher``,
    a test keeps the two equal): their people know each other (``KNOWS``), or they share a
    partnership (as members themselves, or through their teams or people).
Exposure (Valente)
    The share of the candidate's partners that have adopted; 0 when it has no partners.
Similarity
    ``0.5 * same_kind + 0.5 * jaccard``: ``same_kind`` is 1 when the candidate's kind is the
    kind of some adopter; ``jaccard`` is the largest Jaccard index between the candidate's
    partner set and one adopter's partner set (how alike its position is to the most alike
    adopter). ``shared_partners`` counts the candidate's partners that are also partners of
    some adopter.
Champion / lead at the far end
    ``champion_at_far_end``: someone who works for the candidate champions this innovation
    (``CHAMPIONS``) or is flagged ``clinical_champion``. ``lead_at_far_end``: someone who
    works for it is flagged ``innovation_lead``.
Score (0 to 1, higher first)
    ``0.30 * proximity + 0.20 * route_strength + 0.20 * exposure + 0.15 * similarity
    + 0.10 * champion + 0.05 * lead``, where ``proximity = 1 / route_length`` (0 with no
    route), ``champion`` is 1 for a champion of this innovation, 0.5 for a clinical champion
    only, and ``lead`` is 1 when an innovation lead works there. Reachable candidates come
    first, by score, then the unreachable ones, by score.

JSON keys of a spread row (stable)
----------------------------------
``id``, ``name``, ``kind``, ``ics``, ``rank``, ``score``, ``untapped`` (bool),
``route_length`` (int or null), ``route_strength``, ``exposure``, ``similarity``,
``shared_partners`` (int), ``champion_at_far_end`` (bool), ``lead_at_far_end`` (bool),
``from_adopter`` (id of the source the route starts at: an adopter, or a developing
organisation, team or person; null with no route), ``route`` (list of hops, each ``id``,
``name``, ``label``, ``relationship``: the type of the relationship used to reach this hop,
null for the first; its direction follows from the model, see :func:`route_arrow_text`),
``route_text`` (e.g. ``"Alder Hey → (WORKS_FOR) Oisin Sutcliffe →
(KNOWS) Ottilie Cottingham → (WORKS_FOR) Great Ormond Street"``), ``why`` (plain words: the
route and its bridges, how many partners adopted, similarity, the people at the candidate who
know people on the innovation's side, the champions and innovation leads there).

Keys of a partners row
----------------------
``rank``, ``id``, ``name``, ``job_title``, ``organisation``, ``organisation_name``, ``role``
(one or more of 'tie to adopter', 'champion', 'innovation lead at candidate', joined by
"; "), ``why`` (plain words naming the adopter contact).
"""

from __future__ import annotations

import gc
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, wraps
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from ..asof import is_withdrawn, resolve_as_of
from ..errors import InnovationWithdrawn
from ..ids import resolve_id
from ..store import GraphStore

if TYPE_CHECKING:  # numpy and pyarrow load with the route graph
    from collections.abc import Callable, Iterable

    import numpy as np

    from .spread_graph import RouteGraph

__all__ = ["spread_routes", "find_partners", "SharedReads", "ROUTE_RELATIONSHIPS", "BRIDGE_STRENGTH",
           "SCORE_WEIGHTS", "route_arrow_text"]

#: Relationship types a route may walk (in either direction).
ROUTE_RELATIONSHIPS = ("WORKS_FOR", "WORKS_IN", "PART_OF", "KNOWS", "MEMBER_OF")

#: Strength of each kind of bridge on a route (see the module docstring).
BRIDGE_STRENGTH = {"formal": 1.0, "informal": 0.6, "tie": 0.4}
#: Weights of the score terms; they add up to 1.
SCORE_WEIGHTS = {"proximity": 0.30, "strength": 0.20, "exposure": 0.20, "similarity": 0.15,
                 "champion": 0.10, "lead": 0.05}

Node = tuple[str, str]  # (label, id)
T = TypeVar("T")


def _collector_paused(analysis: Callable[..., T]) -> Callable[..., T]:
    """``analysis`` with the cyclic garbage collector paused (as it was after): spread and
    partners build thousands of acyclic rows, whose allocations would otherwise set off
    collections that re-scan every object the shared tables hold."""
    @wraps(analysis)
    def paused(*args: Any, **kwargs: Any) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return analysis(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return paused


# --- checks --------------------------------------------------------------------------------

def _check_innovation(store: GraphStore, innovation_id: str) -> dict[str, Any]:
    innovations = {r["id"]: r for r in store.read_rows("spread/innovations")}
    innovation_id = resolve_id(innovation_id, {i: r["name"] for i, r in innovations.items()}, "innovation")
    return innovations[innovation_id]


def _check_ics(store: GraphStore, ics: str | None) -> str | None:
    """The ICS code as stored, whatever the case and spacing typed."""
    if ics is None:
        return None
    return resolve_id(ics, {r["code"]: r["name"] for r in store.read_rows("spread/ics")}, "ICS", code=True)


# --- what the analysis reads -----------------------------------------------------------------

class _Tables:
    """What the spread and partners of every innovation read alike on one date: the open
    organisations, the running partnerships, the route graph as arrays, and every innovation's
    sources, origins and champions and the people of note (who is present and where they work
    taken from the graph). Read once per date through :class:`SharedReads`; each innovation then
    only looks itself up."""

    def __init__(self, store: GraphStore, as_of: str):
        import numpy as np

        from .spread_graph import ORGANISATION, RouteGraph

        dated = {"as_of": as_of}
        self.as_of = as_of
        self.organisations = {r["id"]: r for r in store.read_rows("spread/organisations", dated)}
        self.partnerships = {r["id"]: r for r in store.read_rows("spread/partnerships", dated)}
        self.graph = graph = RouteGraph(store, as_of, self.organisations, self.partnerships)
        #: innovation -> (label, id, role) of each source, as sources are defined on the date
        self.sources: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        #: innovation -> (developing team or person, its organisation)
        self.origins: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in store.read_rows("spread/adopters", dated):
            self.sources[row["innovation"]].append(("Organisation", row["id"], "adopter"))
        developed = store.read_rows("spread/developed")
        people_of_note, champions = store.read_rows("spread/people_of_note"), store.read_rows("spread/champions")
        # where the developers, people of note and champions work: looked up at once
        people = list(dict.fromkeys(chain((r["id"] for r in developed if r["label"] == "Person"),
                                          (r["id"] for r in people_of_note), (r["id"] for r in champions))))
        in_post, present, employers = graph.employers(people)
        #: person -> (in post, present, the open organisations they work for)
        self._person = person = {p: (i, h, e) for p, i, h, e in zip(people, in_post.tolist(), present.tolist(),
                                                                   employers)}
        teams = [r["id"] for r in developed if r["label"] == "Team"]
        team_orgs = dict(zip(teams, graph.team_organisations(teams)))
        for row in developed:
            innovation, label, node_id = row["innovation"], row["label"], row["id"]
            if label == "Organisation":
                orgs, counts = [], node_id in self.organisations
            elif label == "Team":
                orgs = team_orgs[node_id]
                counts = bool(orgs)
            else:
                in_post, counts, orgs = person[node_id]
                orgs = orgs if in_post else []
            if counts:
                self.sources[innovation].append((label, node_id, "developer"))
            self.origins[innovation] += [(node_id, org) for org in orgs]
        #: innovation -> its champions in post (working for no closed organisation)
        self.champions = _by_innovation(self._at_work(champions, present_only=True))
        #: the people flagged clinical champions (in post or not)
        self.clinical = {r["id"] for r in chain(people_of_note, champions) if r.get("clinical_champion")}
        #: the open organisations' ids by their number in the graph (sorted, as candidates are listed)
        self.organisation_ids: list[str] = graph.block_ids[ORGANISATION].to_pylist()
        self.organisation_number = dict(zip(self.organisation_ids, range(len(self.organisation_ids))))
        kinds: dict[Any, int] = {}
        #: each organisation's kind, as a code (one per kind)
        self.kind_code = np.array([kinds.setdefault(self.organisations[o]["kind"], len(kinds))
                                   for o in self.organisation_ids], dtype=np.int64)
        self._kinds = kinds
        self._in_ics: dict[str, np.ndarray] = {}
        # The innovation leads and clinical champions in post (every innovation's people of note
        # but its champions, which _read_context adds): by person (the first open organisation
        # they work for), and by organisation, with whether one there is a clinical champion or lead.
        self.people_of_note: dict[str, dict[str, Any]] = {}
        self.notable_at: dict[str, list[str]] = {}
        for row in self._at_work(people_of_note, present_only=False):
            if row["id"] not in self.people_of_note:
                self.people_of_note[row["id"]] = {**row, "champions": False}
                if row["organisation"]:
                    self.notable_at.setdefault(row["organisation"], []).append(row["id"])
        self.notable_flags = self.flags_at(self.people_of_note, self.notable_at, self.notable_at)

    def flags_at(self, people_of_note: dict[str, dict[str, Any]], notable_at: dict[str, list[str]],
                 organisations: Iterable[str], flags: np.ndarray | None = None) -> np.ndarray:
        """Per organisation number (rows: a champion of the innovation, a clinical champion, an
        innovation lead works there), set for ``organisations`` from their people of note (in
        a copy of ``flags``; all false when None)."""
        import numpy as np

        flags = np.zeros((3, len(self.organisation_ids)), dtype=bool) if flags is None else flags.copy()
        for org in organisations:
            notable = [people_of_note[p] for p in notable_at.get(org, ())]
            flags[:, self.organisation_number[org]] = (any(p["champions"] for p in notable),
                                                       any(p.get("clinical_champion") for p in notable),
                                                       any(p.get("innovation_lead") for p in notable))
        return flags

    @cached_property
    def organisation_columns(self) -> tuple[list[str], list[Any], list[Any], list[Any]]:
        """The open organisations' ids, names, kinds and ICS codes, by organisation number."""
        found = [self.organisations[o] for o in self.organisation_ids]
        return (self.organisation_ids, [o["name"] for o in found], [o["kind"] for o in found],
                [o["ics"] for o in found])

    def numbers(self, organisations: Iterable[str]) -> np.ndarray:
        """The numbers of open organisations (others are left out), ascending."""
        import numpy as np

        number = self.organisation_number
        return np.array(sorted(number[o] for o in organisations if o in number), dtype=np.int64)

    def in_ics(self, ics: str | None) -> np.ndarray:
        """Per organisation number: in the ICS ``ics`` (every one when None)."""
        import numpy as np

        if ics is None:
            return np.ones(len(self.organisation_ids), dtype=bool)
        if ics not in self._in_ics:
            self._in_ics[ics] = np.array([self.organisations[o]["ics"] == ics for o in self.organisation_ids],
                                         dtype=bool)
        return self._in_ics[ics]

    def same_kind(self, organisations: np.ndarray, adopters: set[str]) -> np.ndarray:
        """Per organisation number in ``organisations``: its kind is the kind of some adopter."""
        import numpy as np

        kinds = {self.organisations[a]["kind"] for a in adopters if a in self.organisations}
        return np.isin(self.kind_code[organisations], [self._kinds[k] for k in kinds])

    def _at_work(self, rows: list[dict[str, Any]], present_only: bool) -> list[dict[str, Any]]:
        """The rows of people in post, once per open organisation they work for (``organisation``).
        ``present_only``: only people working for no closed organisation, and those working
        for none once with None; otherwise only people working for an open one."""
        found = []
        for row in rows:
            posted, here, orgs = self._person[row["id"]]
            if present_only:
                if here:
                    found += [{**row, "organisation": org} for org in orgs or [None]]
            elif posted:
                found += [{**row, "organisation": org} for org in orgs]
        return found


def _by_innovation(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by their ``innovation`` (dropped from each row), in the order read."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row.pop("innovation")].append(row)
    return grouped


@dataclass
class _Context:
    innovation: dict[str, Any]
    organisations: dict[str, dict[str, Any]]
    adopters: set[str]
    origins: set[str]                       # organisations that developed it (or whose team/person did)
    sources: set[Node]                      # where routes start
    developers: set[Node]
    partnerships: dict[str, dict[str, Any]]
    developer_org: dict[str, str]           # developing team or person -> its organisation
    as_of: str                              # the date the ecosystem is seen as of
    tables: _Tables
    # the people of note (tables.people_of_note and the innovation's champions), by person
    people_of_note: dict[str, dict[str, Any]] = field(default_factory=dict)
    # organisation id -> ids of people of note there
    notable_at: dict[str, list[str]] = field(default_factory=dict)
    # per organisation number: a champion of it, a clinical champion, an innovation lead works there
    notable_flags: np.ndarray | None = None
    _ties: tuple[np.ndarray, ...] | None = None

    def source_ties(self) -> tuple[np.ndarray, ...]:
        """People ties from the innovation's side (people in post at adopter or origin
        organisations, and developers in person) to people in post elsewhere at open
        organisations, as positions (:meth:`RouteGraph.source_ties`), worked out once."""
        if self._ties is None:
            developers = sorted(i for label, i in self.developers if label == "Person")
            self._ties = self.tables.graph.source_ties(sorted(self.adopters | self.origins), developers)
        return self._ties

    def ties_to(self, organisations: np.ndarray) -> list[tuple[str, str | None, str, str]]:
        """The source ties to people working at some organisations (a mask over their numbers),
        by id: (contact, contact's organisation or None, person, person's organisation)."""
        contact, contact_org, person, org = self.source_ties()
        keep = organisations[org]
        return self.tables.graph.tie_ids(contact[keep], contact_org[keep], person[keep], org[keep])


def _read_context(store: GraphStore, innovation_id: str, as_of: str) -> _Context:
    """What one innovation's spread and partners read: kept by ``store`` when it is a
    :class:`SharedReads` until another innovation or date is read (the atlas asks for the
    spread, then the partners, of each innovation)."""
    innovation = _check_innovation(store, innovation_id)
    innovation_id = innovation["id"]  # as stored, however it was typed
    if is_withdrawn(innovation.get("withdrawn"), innovation.get("stage"), as_of):
        raise InnovationWithdrawn(innovation_id, innovation["name"], innovation.get("withdrawn"), as_of)
    if not isinstance(store, SharedReads):
        return _new_context(store, innovation, as_of)
    key = ("context", innovation_id, as_of)
    last = store.kept("context", lambda: [None, None])
    if last[0] != key:
        last[:] = key, _new_context(store, innovation, as_of)
    return last[1]


def _new_context(store: GraphStore, innovation: dict[str, Any], as_of: str) -> _Context:
    innovation_id = innovation["id"]
    tables = _tables(store, as_of)
    adopters: set[str] = set()
    origins: set[str] = set()
    sources: set[Node] = set()
    developers: set[Node] = set()
    for label, node_id, role in tables.sources.get(innovation_id, ()):
        node = (label, node_id)
        sources.add(node)
        if role == "adopter":
            adopters.add(node_id)
        else:
            developers.add(node)
            if label == "Organisation":
                origins.add(node_id)
    developer_org = dict(tables.origins.get(innovation_id, ()))
    origins |= set(developer_org.values())
    origins -= adopters
    sources |= {("Organisation", o) for o in origins}
    # the people of note of every innovation, and its champions (changed or added: copies)
    people_of_note, notable_at = tables.people_of_note, tables.notable_at
    changed: set[str] = set()
    for row in tables.champions.get(innovation_id, ()):
        person = people_of_note.get(row["id"])
        if person is not None and person["champions"]:
            continue
        if people_of_note is tables.people_of_note:
            people_of_note = dict(people_of_note)
        if person is None:
            person = {**row, "champions": True}
            if row["organisation"]:
                if notable_at is tables.notable_at:
                    notable_at = dict(notable_at)
                notable_at[row["organisation"]] = [*notable_at.get(row["organisation"], ()), row["id"]]
        else:
            person = {**person, "champions": True}
        people_of_note[row["id"]] = person
        if person["organisation"]:
            changed.add(person["organisation"])
    flags = tables.flags_at(people_of_note, notable_at, changed, tables.notable_flags)
    return _Context(innovation, tables.organisations, adopters, origins, sources, developers,
                    tables.partnerships, developer_org, as_of, tables, people_of_note, notable_at, flags)


def _candidates(context: _Context, ics: str | None) -> np.ndarray:
    """Per organisation number: a candidate (open, neither an adopter nor an origin
    organisation; in ``ics`` when given)."""
    tables = context.tables
    candidate = tables.in_ics(ics).copy()
    candidate[tables.numbers(context.adopters | context.origins)] = False
    return candidate


# --- the route search --------------------------------------------------------------------------

@dataclass
class _Search:
    """Breadth-first search result (:meth:`RouteGraph.search`): per node number, the level it
    was reached at, the strength of its route, its parent and the relationship from it."""

    graph: RouteGraph
    distance: np.ndarray
    strength: np.ndarray
    parent: np.ndarray
    relationship: np.ndarray

    def routes(self, ends: list[int], partnerships: dict[str, dict[str, Any]]
               ) -> tuple[list[list[dict[str, Any]]], list[str], list[tuple[str, ...]]]:
        """The route from its source to each node in ``ends``: as hops (``id``, ``name``,
        ``label``, ``relationship`` used to reach it: None for the first), as text (the names
        and relationships, ``route_text``), and its bridges in words (the ties and the formal or
        informal ``partnerships`` it passes)."""
        import numpy as np

        from .spread_graph import LABELS, RELATIONSHIPS

        graph = self.graph
        # walk back from every end at once: one column per step
        steps = [np.asarray(ends, dtype=np.int64)]
        while True:
            back = self.parent[np.maximum(steps[-1], 0)]
            back[steps[-1] < 0] = -1
            if not (back >= 0).any():
                break
            steps.append(back)
        nodes = np.column_stack(steps)[:, ::-1] if ends else np.zeros((0, 1), dtype=np.int64)
        used = np.unique(nodes[nodes >= 0])
        ids, names = graph.describe(used)
        hop = {n: {"id": i, "name": name, "label": LABELS[label],
                   "relationship": RELATIONSHIPS[rel] if parent >= 0 else None}
               for n, i, name, label, rel, parent in zip(used.tolist(), ids, names, graph.label_of(used).tolist(),
                                                         self.relationship[used].tolist(), self.parent[used].tolist())}
        # the text and bridges up to each node, once (routes share their beginnings)
        text: dict[int, str] = {}
        bridges: dict[int, tuple[str, ...]] = {}
        for path in nodes.tolist():
            before = -1
            for n in path:
                if n < 0:
                    continue
                if n not in text:
                    here = hop[n]
                    if before < 0:
                        text[n], bridges[n] = here["name"], ()
                    else:
                        text[n] = f"{text[before]} → ({here['relationship']}) {here['name']}"
                        bridges[n] = bridges[before]
                        if here["relationship"] == "KNOWS":
                            bridges[n] += (f"{hop[before]['name']} knows {here['name']}",)
                        elif here["label"] == "Partnership":
                            kind = "formal" if partnerships.get(here["id"], {}).get("formal") else "informal"
                            bridges[n] += (f"the {kind} partnership {here['name']}",)
                before = n
        last = nodes[:, -1].tolist()
        return ([[hop[n].copy() for n in path if n >= 0] for path in nodes.tolist()],
                [text[n] for n in last], [bridges[n] for n in last])


def _search(context: _Context, targets: np.ndarray, max_hops: int) -> _Search:
    """The shortest, then strongest, route from any source to every node within ``max_hops``
    (stopping once every target organisation, by number, is reached)."""
    graph = context.tables.graph
    found = graph.search(graph.numbers(context.sources), targets, max_hops, 0)
    return _Search(graph, *found)


def route_arrow_text(route: list[dict[str, Any]]) -> str:
    """A compact route with ids and the real direction of each relationship.

    >>> route_arrow_text([{"id": "RBS", "label": "Organisation", "relationship": None},
    ...                   {"id": "P015", "label": "Person", "relationship": "WORKS_FOR"},
    ...                   {"id": "P147", "label": "Person", "relationship": "KNOWS"},
    ...                   {"id": "RP4", "label": "Organisation", "relationship": "WORKS_FOR"}])
    'RBS <-WORKS_FOR- P015 -KNOWS- P147 -WORKS_FOR-> RP4'
    """
    if not route:
        return ""
    parts = [route[0]["id"]]
    for before, hop in zip(route, route[1:]):
        rel = hop["relationship"]
        if rel == "KNOWS":
            parts.append(f"-{rel}-")
        elif _points_forward(before["label"], rel, hop["label"]):
            parts.append(f"-{rel}->")
        else:
            parts.append(f"<-{rel}-")
        parts.append(hop["id"])
    return " ".join(parts)


def _points_forward(a: str, rel: str, b: str) -> bool:
    """Whether ``rel`` is stored from ``a`` to ``b`` (the model's direction)."""
    order = {"WORKS_FOR": ("Person", "Organisation"), "WORKS_IN": ("Person", "Team"),
             "PART_OF": ("Team", "Organisation")}
    if rel == "MEMBER_OF":
        return b == "Partnership"
    return order.get(rel, (a, b)) == (a, b)


# --- partners, exposure, similarity --------------------------------------------------------------

def _partner_sets(store: GraphStore, as_of: str) -> dict[str, set[str]]:
    """Each open organisation's partners on ``as_of`` (the organisation projection: people's
    ties and shared partnerships, through the organisation itself or its teams or people), as
    sets: for the tests (the analysis keeps them as index arrays, :class:`~ecograph.analysis.spread_graph.Links`)."""
    tables = _tables(store, resolve_as_of(as_of))
    graph = tables.graph
    partners = graph.partners
    ids = graph.block_ids[0].to_pylist()
    return {ids[i]: {ids[j] for j in partners.indices[partners.indptr[i]:partners.indptr[i + 1]]}
            for i in range(len(ids)) if partners.indptr[i + 1] > partners.indptr[i]}


def _exposure_and_similarity(graph: RouteGraph, candidates: np.ndarray, adopters: np.ndarray
                             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate (organisation numbers): its number of partners, of partners that
    adopted, the largest Jaccard index of its partners with one adopter's, and the number of
    its partners that are partners of some adopter."""
    import numpy as np

    from .spread_graph import distinct

    partners = graph.partners
    degree = partners.degree
    n_candidates = len(candidates)
    is_adopter = np.zeros(partners.shape[0], dtype=bool)
    is_adopter[adopters] = True
    which, their_partners = partners.expand(candidates)
    adopted = np.bincount(which[is_adopter[their_partners]], minlength=n_candidates)
    best = np.zeros(n_candidates)
    shared = np.zeros(n_candidates, dtype=np.int64)
    if len(adopters):
        # partners in common of each candidate and adopter: a partner p of adopter k makes each
        # partner of p a pair with k (the organisation projection is symmetric)
        adopter, middle = partners.expand(adopters)
        owner, far = partners.expand(middle)
        candidate_of = np.full(partners.shape[0], -1, dtype=np.int64)
        candidate_of[candidates] = np.arange(n_candidates)
        row = candidate_of[far]
        mine = row >= 0
        pair, common = distinct(row[mine] * len(adopters) + adopter[owner[mine]])
        row, col = np.divmod(pair, len(adopters))
        n = common.astype(float)
        jaccard = n / (degree[candidates][row] + degree[adopters][col] - n)
        np.maximum.at(best, row, jaccard)
        near = np.zeros(partners.shape[0], dtype=bool)
        near[middle] = True
        shared = np.bincount(which[near[their_partners]], minlength=n_candidates)
    return degree[candidates], adopted, best, shared


# --- spread -----------------------------------------------------------------------------------------

def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _why(row: dict[str, Any], context: _Context, bridges: tuple[str, ...], exposure_counts: tuple[int, int],
         same_kind: bool, champions: list[str], leads: list[str], ties: list[str], max_hops: int) -> str:
    parts: list[str] = []
    if row["route"]:
        start = row["route"][0]
        role = ("an adopter" if start["id"] in context.adopters and start["label"] == "Organisation"
                else "a developer")
        through = f" through {' and '.join(bridges)}" if bridges else ""
        parts.append(f"{_plural(row['route_length'], 'step')} from {start['name']} ({role}){through}")
    else:
        parts.append(f"no warm route within {_plural(max_hops, 'step')}")
    adopted, total = exposure_counts
    if total:
        parts.append(f"{adopted} of its {_plural(total, 'partner')} adopted")
    else:
        parts.append("no partners recorded")
    if same_kind:
        parts.append(f"same kind as an adopter ({row['kind']})")
    if row["shared_partners"]:
        parts.append(f"shares {_plural(row['shared_partners'], 'partner')} with adopters")
    if ties:
        parts.append("people ties to the innovation's side: " + _some(ties))
    if champions:
        parts.append("champion there: " + _some(champions))
    if leads:
        parts.append("innovation lead there: " + _some(leads))
    return "; ".join(parts)


def _some(items: list[str], n: int = 3) -> str:
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


@_collector_paused
def spread_routes(store: GraphStore, innovation_id: str, ics: str | None = None, max_hops: int = 4,
                  top: int | None = None, as_of: str | None = None, *,
                  reads: SharedReads | None = None,
                  explain: Callable[[list[dict[str, Any]]], Iterable[str]] | None = None,
                  brief: bool = False) -> list[dict[str, Any]]:
    """Rank the organisations that have not adopted an innovation by how well it could reach them.

    Parameters
    ----------
    store
        An open graph store.
    innovation_id
        The innovation's id.
    ics
        Only candidates in this ICS (by code); routes may still pass through any ICS.
    max_hops
        Longest route searched, in relationships (at least 1).
    top
        Return only the first ``top`` rows.
    as_of
        The date (YYYY-MM-DD or DD/MM/YYYY; None: today) the ecosystem is seen as of
        (:mod:`ecograph.asof`): routes only through people in post, open organisations, ties
        that hold and partnerships that run that day; adopters whose adoption counts that day.
    reads
        What many calls read alike (:class:`SharedReads` of this store): the atlas reads it
        once for every innovation. The rows are the same with or without.
    explain
        Given the rows ranked (without ``route``, ``route_text``, ``from_adopter`` and
        ``why``), the ids of those to spell these out for (the few a map draws, of the
        thousands a national store ranks); the others keep them empty. None: every row.
    brief
        With ``explain``: the rows it does not name, and the rows it is given, carry only
        ``id``, ``rank``, ``score``, ``untapped`` and ``ics`` (what choosing the few to draw and
        counting the reachable ones needs: the atlas, thousands of rows per innovation at national
        size); the rows it names have every key, as without.

    Returns
    -------
    list of dict
        One row per candidate organisation, best first, with the keys listed in the module
        docstring. The score is
        ``0.30 * (1 / route_length) + 0.20 * route_strength + 0.20 * exposure
        + 0.15 * similarity + 0.10 * champion + 0.05 * lead``:
        route strength is the product of the bridges on the route (formal partnership 1.0,
        informal 0.6, personal tie 0.4); exposure is the share of the
        candidate's partners that adopted; similarity is ``0.5 * same kind as an adopter +
        0.5 * largest Jaccard index of partner sets with one adopter``; champion is 1 for a
        champion of this innovation working there, 0.5 for a clinical champion only; lead is 1
        when an innovation lead works there. Reachable candidates (``untapped``) come first.

    Raises
    ------
    UnknownIdError
        The innovation id or ICS code is not in the store (with the closest ones).
    InnovationWithdrawn
        The innovation was withdrawn on or before ``as_of`` (or is at stage "withdrawn").
    OptionError
        ``as_of`` is not a date.
    ValueError
        ``max_hops`` is below 1.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
    ...     spread_routes(store, "INN-1")
    Traceback (most recent call last):
    ...
    ecograph.errors.UnknownIdError: No innovation with id 'INN-1' in the store
    """
    import numpy as np

    if max_hops < 1:
        raise ValueError("max_hops must be at least 1")
    store = _reader(store, reads)
    ics = _check_ics(store, ics)
    context = _read_context(store, innovation_id, resolve_as_of(as_of))
    tables = context.tables
    candidates = np.flatnonzero(_candidates(context, ics))  # organisation numbers: ids ascending
    search = _search(context, candidates, max_hops)
    graph = search.graph

    # the score of every candidate, as arrays (the terms in the order the docstring adds them)
    distance = search.distance[candidates].astype(np.int64)
    reached = distance >= 0
    route_strength = np.where(reached, search.strength[candidates], 0.0)
    n_partners, n_adopted, best_jaccard, n_shared = _exposure_and_similarity(
        graph, candidates, tables.numbers(context.adopters))
    exposure = np.divide(n_adopted, n_partners, out=np.zeros(len(candidates)), where=n_partners > 0)
    same_kind = tables.same_kind(candidates, context.adopters)
    similarity = 0.5 * same_kind + 0.5 * best_jaccard
    champions, clinical, leads = context.notable_flags[:, candidates]
    w = SCORE_WEIGHTS
    score = (w["proximity"] * np.divide(1.0, distance, out=np.zeros(len(candidates)), where=distance > 0)
             + w["strength"] * route_strength + w["exposure"] * exposure + w["similarity"] * similarity
             + w["champion"] * np.where(champions, 1.0, np.where(clinical, 0.5, 0.0)) + w["lead"] * leads)
    score = _rounded(score)
    # reachable first, by score, then the shorter route, then by id
    order = np.lexsort((np.arange(len(candidates)), np.where(reached, distance, 0), -score, ~reached))
    if top is not None:
        order = order[:max(top, 0)]

    # The rows, ranked: built from columns of Python values taken at once. Brief rows (the
    # atlas: thousands ranked per innovation, a few drawn) carry only what choosing and counting
    # them needs; the explained ones are built whole below.
    organisations = context.organisations
    ranked = candidates[order].tolist()
    ids, _, _, ics_of = tables.organisation_columns
    row_ids, row_ics = _pick(ids, ranked), _pick(ics_of, ranked)
    scores, untapped = score[order].tolist(), reached[order].tolist()
    ranks = range(1, len(order) + 1)

    def whole(positions: list[int]) -> list[dict[str, Any]]:
        """The rows at some positions of the ranking, with every key (routes and reasons empty)."""
        at = order[positions]
        numbers = candidates[at].tolist()
        _, names, kinds, _ = tables.organisation_columns
        return [
            {"id": c, "name": name, "kind": kind, "ics": row_ics[i], "rank": i + 1, "score": scores[i],
             "untapped": hops >= 0, "route_length": hops if hops >= 0 else None, "route_strength": strength,
             "exposure": exposed, "similarity": alike, "shared_partners": shared,
             "champion_at_far_end": champion, "lead_at_far_end": lead, "from_adopter": None, "route": [],
             "route_text": "", "why": ""}
            for i, c, name, kind, hops, strength, exposed, alike, shared, champion, lead in zip(
                positions, _pick(row_ids, positions), _pick(names, numbers), _pick(kinds, numbers),
                distance[at].tolist(), _rounded(route_strength[at]).tolist(), _rounded(exposure[at]).tolist(),
                _rounded(similarity[at]).tolist(), n_shared[at].tolist(), (champions | clinical)[at].tolist(),
                leads[at].tolist())]

    rows: list[dict[str, Any]]
    if brief and explain is not None:
        rows = [{"id": c, "rank": rank, "score": value, "untapped": hops, "ics": where}
                for c, rank, value, hops, where in zip(row_ids, ranks, scores, untapped, row_ics)]
    else:
        rows = whole(list(range(len(order))))

    # Spell out the routes of the rows returned (or explained), with names, and their people ties.
    if explain is None:
        explained = list(range(len(rows)))
    else:
        asked = set(explain(rows))
        explained = [i for i, c in enumerate(row_ids) if c in asked]
        if brief:
            for i, row in zip(explained, whole(explained)):
                rows[i] = row
    which = order[explained]  # the explained rows' candidates, by position in ``candidates``
    returned = np.zeros(len(ids), dtype=bool)
    returned[candidates[which]] = True
    ties: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for contact, contact_org, person, org in context.ties_to(returned):
        ties[org].append((contact, contact_org, person))
    on_route = [(i, n) for i, n in zip(explained, candidates[which].tolist()) if rows[i]["untapped"]]
    bridges: dict[int, tuple[str, ...]] = {}  # by row
    for (i, _), route, text, words in zip(on_route, *search.routes([n for _, n in on_route], context.partnerships)):
        row = rows[i]
        row["route"] = route
        row["from_adopter"] = route[0]["id"]
        row["route_text"] = text
        bridges[i] = words
    names = graph.person_names({p for found in ties.values() for contact, _, person in found
                                for p in (contact, person)})
    for i, k, adopted, partners, alike in zip(explained, which.tolist(), n_adopted[which].tolist(),
                                              n_partners[which].tolist(), same_kind[which].tolist()):
        row = rows[i]
        found = ties.get(row["id"])
        tie_words = [
            f"{names.get(contact, contact)} "
            f"({organisations.get(org, {}).get('name') or org or 'no organisation'}) "
            f"knows {names.get(person, person)}"
            for contact, org, person in sorted(set(found))] if found else []
        champion_words, lead_words = _notable_words(context, row["id"]) if row["id"] in context.notable_at \
            else ([], [])
        row["why"] = _why(row, context, bridges.get(i, ()), (adopted, partners), alike, champion_words, lead_words,
                          tie_words, max_hops)
    return rows


def _pick(values: list[T], positions: list[int]) -> list[T]:
    """The values at some positions."""
    return list(map(values.__getitem__, positions))


def _rounded(values: np.ndarray, digits: int = 4) -> np.ndarray:
    """``round(value, digits)`` of each value, as Python rounds: numpy's rounding (scale,
    round to an integer, scale back) gives the same double except where the scaled value is
    within rounding error of a half, which Python rounds from its exact decimal value."""
    import numpy as np

    rounded = np.round(values, digits)
    scaled = values * 10.0 ** digits
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        rounded[i] = round(float(values[i]), digits)
    return rounded


def _notable_words(context: _Context, organisation: str) -> tuple[list[str], list[str]]:
    """The champions (this innovation's, then clinical champions) and innovation leads working
    at an organisation, as the why of its row names them."""
    notable = [context.people_of_note[p] for p in context.notable_at.get(organisation, ())]
    shown = sorted((p for p in notable if p["champions"]), key=lambda p: p["id"]) + sorted(
        (p for p in notable if p.get("clinical_champion") and not p["champions"]), key=lambda p: p["id"])
    return ([p["name"] + (" (champions it)" if p["champions"] else " (clinical champion)") for p in shown],
            [p["name"] for p in sorted((p for p in notable if p.get("innovation_lead")), key=lambda p: p["id"])])


# --- partners ----------------------------------------------------------------------------------------

ROLE_ORDER = ("tie to adopter", "champion", "innovation lead at candidate")


@_collector_paused
def find_partners(store: GraphStore, innovation_id: str, ics: str | None = None,
                  top: int | None = None, as_of: str | None = None, *,
                  reads: SharedReads | None = None) -> list[dict[str, Any]]:
    """The people to contact to spread an innovation.

    Three kinds of people, one row each (a person with several reasons gets one row, the
    reasons joined in ``role``):

    - **tie to adopter**: people working for a candidate organisation (not an adopter nor an
      origin organisation) who know (``KNOWS``) someone working for an adopter or origin
      organisation, or a person who developed it (**tie to developer** when none of those
      contacts works for an adopter);
    - **champion**: people who champion the innovation (``CHAMPIONS``), wherever they work;
    - **innovation lead at candidate**: people flagged ``innovation_lead`` who work for a
      candidate organisation.

    With ``ics``, only people working for an organisation in that ICS.

    Parameters
    ----------
    store
        An open graph store.
    innovation_id
        The innovation's id.
    ics
        Only people working in this ICS (by code).
    top
        Return only the first ``top`` rows.
    as_of
        The date (YYYY-MM-DD or DD/MM/YYYY; None: today) the ecosystem is seen as of
        (:mod:`ecograph.asof`): only people in post at open organisations, ties that hold, and
        adopters whose adoption counts that day.
    reads
        As in :func:`spread_routes`.

    Returns
    -------
    list of dict
        Keys ``rank``, ``id``, ``name``, ``job_title``, ``organisation``,
        ``organisation_name``, ``role``, ``why``. Ranked by
        ``3 * tie to adopter + 2 * champion + 1 * innovation lead at candidate
        + 0.5 * clinical champion + 0.1 * (their contacts on the innovation's side, at most 5)
        + 0.02 * (people ties between their organisation and the innovation's side, at most 10)``
        (so among innovation leads, those at organisations already warm to it come first),
        then by name and id.

    Raises
    ------
    UnknownIdError
        The innovation id or ICS code is not in the store (with the closest ones).
    InnovationWithdrawn
        The innovation was withdrawn on or before ``as_of`` (or is at stage "withdrawn").
    """
    store = _reader(store, reads)
    ics = _check_ics(store, ics)
    context = _read_context(store, innovation_id, resolve_as_of(as_of))
    innovation_id = context.innovation["id"]
    tables = context.tables
    in_scope, candidate = tables.in_ics(ics), _candidates(context, ics)  # per organisation number
    number = tables.organisation_number

    found: dict[str, dict[str, Any]] = {}

    def entry(person_id: str) -> dict[str, Any]:
        return found.setdefault(person_id, {"roles": set(), "contacts": {}, "organisation": None})

    for contact, contact_org, person_id, org in context.ties_to(candidate):
        item = entry(person_id)
        item["roles"].add("tie to adopter")
        item["organisation"] = org
        item["contacts"].setdefault(contact, contact_org)
    for person_id, person in context.people_of_note.items():
        org = person["organisation"]
        at = number.get(org)  # None: no open organisation
        if person["champions"] and (ics is None or (at is not None and in_scope[at])):
            item = entry(person_id)
            item["roles"].add("champion")
            item["organisation"] = org
        if person.get("innovation_lead") and at is not None and candidate[at]:
            item = entry(person_id)
            item["roles"].add("innovation lead at candidate")
            item["organisation"] = org

    contacts = {c for item in found.values() for c in item["contacts"]}
    org_ties: dict[str, int] = defaultdict(int)  # people ties per organisation to the innovation's side
    for item in found.values():
        if item["contacts"]:
            org_ties[item["organisation"]] += len(item["contacts"])

    # The details of the people ranked (name, job title, organisation), read from the store for
    # those shown and their contacts; their names (in post: in the route graph) and whether they
    # are clinical champions (tables.clinical) rank them.
    people: dict[str, dict[str, Any]] = {}

    def read(ids: Iterable[str]) -> None:
        wanted = sorted(set(ids) - people.keys())
        if wanted:
            people.update({r["id"]: r for r in store.read_rows("spread/people",
                                                                {"people": wanted, "as_of": context.as_of})})

    def org_of(person_id: str) -> str | None:
        return found[person_id]["organisation"] or people.get(person_id, {}).get("organisation")

    def score(person_id: str) -> float:
        item = found[person_id]
        return (3 * ("tie to adopter" in item["roles"]) + 2 * ("champion" in item["roles"])
                + 1 * ("innovation lead at candidate" in item["roles"])
                + 0.5 * (person_id in tables.clinical)
                + 0.1 * min(len(item["contacts"]), 5)
                + 0.02 * min(org_ties.get(org_of(person_id), 0), 10))

    if top is None:
        names = tables.graph.person_names(found)
        read(chain(found, contacts))
        scores = {p: score(p) for p in found}
    else:
        # Those with no organisation found here are ranked by the one read; then only those
        # that can be among the first ``top`` (by score) need the names that order them.
        read(p for p, item in found.items() if item["organisation"] is None)
        scores = {p: score(p) for p in found}
        first = max(top, 0)
        cut = heapq.nlargest(first, scores.values())[-1] if 0 < first < len(scores) else None
        scores = {p: value for p, value in scores.items() if first and (cut is None or value >= cut)}
        names = tables.graph.person_names(scores)
        read(p for p in scores if p not in names)
    ranked = sorted(((-value, (people[p].get("name") if p in people else names.get(p)) or "", p)
                     for p, value in scores.items()))
    if top is not None:
        ranked = ranked[:max(top, 0)]
        read(chain((p for _, _, p in ranked), (c for _, _, p in ranked for c in found[p]["contacts"])))
    organisations = context.organisations

    def org_name(org_id: str | None) -> str:
        return organisations.get(org_id, {}).get("name") or (org_id or "no organisation recorded")

    def contact_words(contact_id: str, org_id: str | None) -> str:
        person = people.get(contact_id, {})
        notes = []
        if org_id in context.adopters:
            notes.append("adopter")
        elif org_id in context.origins:
            notes.append("developer")
        if ("Person", contact_id) in context.developers:
            notes.append("developed it")
        if context.people_of_note.get(contact_id, {}).get("champions"):
            notes.append("champions it")
        title = f", {person['job_title']}" if person.get("job_title") else ""
        text = f"{person.get('name', contact_id)}{title} at {org_name(org_id)}"
        return text + (f" ({', '.join(notes)})" if notes else "")

    rows: list[dict[str, Any]] = []
    for rank, (_, _, person_id) in enumerate(ranked, start=1):
        item = found[person_id]
        person = people.get(person_id, {})
        org = org_of(person_id)
        # a person who knows only the developers' people is a tie to a developer, not to an adopter
        at_adopter = any(o in context.adopters for o in item["contacts"].values())
        roles = [("tie to adopter" if at_adopter else "tie to developer") if r == "tie to adopter" else r
                 for r in ROLE_ORDER if r in item["roles"]]
        why: list[str] = []
        if "tie to adopter" in item["roles"]:
            words = [contact_words(c, o) for c, o in sorted(item["contacts"].items())]
            shown = "; ".join(words[:3]) + (f"; and {len(words) - 3} more" if len(words) > 3 else "")
            why.append(f"knows {shown}")
        if "champion" in item["roles"]:
            where = ("an adopter" if org in context.adopters else
                     "where it was developed" if org in context.origins else "which has not adopted it")
            why.append(f"champions {context.innovation['name']} ({innovation_id}) at {org_name(org)}, {where}")
        if "innovation lead at candidate" in item["roles"]:
            warm = org_ties.get(org, 0)
            why.append(f"innovation lead at {org_name(org)}, which has not adopted it"
                       + (f" ({_plural(warm, 'people tie')} from there to the innovation's side)"
                          if warm else ""))
        rows.append({"rank": rank, "id": person_id, "name": person.get("name"),
                     "job_title": person.get("job_title"), "organisation": org,
                     "organisation_name": org_name(org) if org else None,
                     "role": "; ".join(roles), "why": "; ".join(why)})
    return rows


# --- reading once for many innovations ------------------------------------------------------------

#: Queries whose rows are the same for every innovation: read once by :class:`SharedReads`.
_SHARED_QUERIES = frozenset({"spread/innovations", "spread/ics"})


class SharedReads:
    """A store seen by many :func:`spread_routes` and :func:`find_partners` calls (the atlas:
    one of each per innovation), reading what they all read only once: the innovations and
    ICSs, and for each as-of date the organisations, partnerships, every innovation's sources,
    origins and champions, the people of note, and the route graph as arrays
    (:class:`~ecograph.analysis.spread_graph.RouteGraph`). Each innovation then only looks
    itself up; the names on its routes and the details of its people to contact are read for
    it. The rows are the same with or without.

    The store must not change while it is in use (answers are kept, not re-read).

    Parameters
    ----------
    store
        The open graph store the calls read.
    """

    def __init__(self, store: GraphStore):
        self.store = store
        self._kept: dict[Any, Any] = {}

    def read_rows(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The store's rows for the query ``name``, read once when they do not depend on the
        innovation or the date. The rows are shared: callers must not change them."""
        if name in _SHARED_QUERIES and not params:
            return self.kept(name, lambda: self.store.read_rows(name, params))
        return self.store.read_rows(name, params)

    def kept(self, key: Any, make: Any) -> Any:
        """``make()``, computed once per key."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def __getattr__(self, name: str) -> Any:  # anything else is the store's own
        if name == "store":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.store, name)


def _reader(store: GraphStore, reads: SharedReads | None) -> SharedReads:
    """``reads`` in place of ``store`` when given (it must wrap that store); else a new one,
    so that one call reads each table once."""
    if reads is None:
        return store if isinstance(store, SharedReads) else SharedReads(store)
    if reads.store is not store and reads is not store:
        raise ValueError("reads wraps another store than the one given")
    return reads


def _tables(store: GraphStore, as_of: str) -> _Tables:
    """What every innovation reads alike on ``as_of``: kept by ``store`` when it is a
    :class:`SharedReads`."""
    if isinstance(store, SharedReads):
        return store.kept(("tables", as_of), lambda: _Tables(store.store, as_of))
    return _Tables(store, as_of)
