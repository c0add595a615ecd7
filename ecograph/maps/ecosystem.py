"""The graphs the maps draw, built from the store and the analyses.

:func:`ecosystem_graph` returns an undirected NetworkX graph whose node and edge attributes
are the ones :func:`ecograph.maps.render_map` reads; :func:`write_map` renders it as one
self-contained, offline HTML file.

Levels
------
``all``
    Organisations, teams, people, partnerships and innovations with every relationship
    between them except ``IN_ICS``: the ICS is each node's ``ics`` attribute (a filter in
    the map, and the name drawn over each cluster), not a node, so the map has one node per
    organisation, team, person, partnership and innovation in the store (or in the ICS).
``organisation``
    The organisation projection (:func:`ecograph.analysis.projection.project`): organisations
    linked when their people work together or they share a partnership; ``weight`` = ties +
    shared partnerships.
``person``
    The person projection: people linked when they work together (``KNOWS``), share a team or
    are members of the same partnership in their own name.

With an ICS, only that ICS's organisations (and their teams and people; partnerships and
innovations linked to them) and the links among them.

What the map shows
------------------
Size
    Betweenness centrality, measured in the projection of the node's own kind (people in the
    person network, organisations in the organisation network, teams in the team network),
    for the whole store or the ICS: the same numbers as the broker analysis. Up to :data:`EXACT_BETWEENNESS` nodes every node has one;
    above it only the top :data:`HIGHLIGHT_BROKERS`. Partnerships, innovations and nodes
    without one are drawn at their smallest size.
Brokers (``broker``, a thick ring)
    The top :data:`TOP_BROKERS` people and :data:`TOP_ORGANISATION_BROKERS` organisations of
    the broker ranking (``--highlight brokers``: :data:`HIGHLIGHT_BROKERS` and more detail).
``--innovation ID``
    ``role`` = developer (developed it, or the organisation whose team or person did),
    adopter, candidate (the best :data:`TOP_CANDIDATES` organisations by spread score, plus
    the best in every ICS that has none among them) or route (on a candidate's warm route).
    Each route is drawn over the map (``route`` edges, added when the map has no such link,
    with any person or partnership on it that the level does not show). Every candidate in
    the map carries its ``score``; the chosen ones their ``why``. At the person level a
    person takes the role of their organisation.
``--highlight gaps``
    Every node a gap names (:func:`gap_nodes`: its subject and object, or for a gap between
    ICSs or communities the ends of its suggested links) gets ``gap`` (the rule and its
    explanation), and is added to the map when the level does not show it; each gap's
    ``suggested_links`` are drawn dashed.
Tooltips
    Name, kind, ICS, betweenness, spread score, and ``why``: broker, role and gap reasons,
    then a short profile (what it adopted, developed, champions, its partnerships...).
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import networkx as nx

from ..analysis.projection import Projection, cut_projection, ics_projection, read_ics_projection, read_projection
from ..asof import resolve_as_of
from ..errors import InnovationWithdrawn
from ..ids import resolve_id
from ..graph import load_graph
from ..store import GraphStore
from .atlas_pages import Link
from .render import (ROLLUP_THRESHOLD, name_replacements, people_folded_away, redact_people, redact_text, render_map,
                     route_words, short_name)

if TYPE_CHECKING:
    import numpy as np

    from .scope import StoreTables

__all__ = ["LEVELS", "HIGHLIGHTS", "rule_title", "gap_nodes", "suggested_links", "TOP_BROKERS", "TOP_ORGANISATION_BROKERS", "HIGHLIGHT_BROKERS",
           "TOP_CANDIDATES", "Ecosystem", "ecosystem_graph", "write_map", "broker_rows", "gap_rows",
           "spread_rows", "chosen_candidates", "map_title", "prepare_map", "render_prepared", "ics_members"]

LEVELS = ("all", "organisation", "person")
HIGHLIGHTS = ("brokers", "gaps")
#: Brokers ringed on every map, per level of the broker ranking.
TOP_BROKERS = 10
TOP_ORGANISATION_BROKERS = 5
#: ... and with ``highlight="brokers"``.
HIGHLIGHT_BROKERS = 25
#: Candidate adopters drawn with their warm route (plus the best one in each other ICS).
TOP_CANDIDATES = 10
#: Up to this many nodes every node's betweenness is kept (for node sizes: an ICS's
#: organisations, the people of a small ICS); above it (a national network, the people of an
#: ICS of a national store) only the top brokers', so that the ranking works out the brokerage
#: roles and splits of those rows only: for every node they cost more than the betweenness.
EXACT_BETWEENNESS = 1_000

_MAP_LABELS = ("Organisation", "Team", "Person", "Partnership", "Innovation")
_PROJECTED = {"person": "Person", "team": "Team", "organisation": "Organisation"}
_PLURAL = {"Person": "people", "Team": "teams", "Organisation": "organisations"}
_SINGULAR = {"people": "person", "teams": "team", "organisations": "organisation"}
_EDGE_WORDS = {
    "WORKS_FOR": "works for", "WORKS_IN": "works in the team", "PART_OF": "team of",
    "KNOWS": "work together", "MEMBER_OF": "member of the partnership", "DEVELOPED": "developed",
    "ADOPTED": "adopted", "CHAMPIONS": "champions",
}
_LEVEL_TEXT = {
    "all": "Organisations, teams, people, partnerships and innovations, and how they are linked",
    "organisation": "Organisations, linked when their people work together or they share a partnership",
    "person": "People, linked when they work together, share a team or share a partnership",
}


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _some(items: Sequence[str], n: int = 3) -> str:
    items = list(items)
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


# --- what the store holds, read once ---------------------------------------------------------

class Ecosystem:
    """The store's contents and analyses, read once and shared by several maps (the atlas).

    ``full`` is :func:`ecograph.graph.load_graph` with, on every organisation, its ``ics``;
    on every team and person, its ``organisation``, ``organisation_name``, ``kind`` (the
    organisation's) and ``ics``.

    scope: an ICS code. Then ``full`` holds only what a map of that ICS draws
    (:func:`ecograph.maps.scope.read_ics`) and the projections are that ICS's, read from the
    store for it: a map of one ICS of a national store costs what the ICS holds. Such an
    Ecosystem draws that ICS only (maps of the whole store, or of an innovation's routes
    through other ICSs, need the whole one).
    """

    def __init__(self, store: GraphStore, as_of: str | None = None, scope: str | None = None):
        self.store, self.as_of = store, resolve_as_of(as_of)  # the analyses' date (ecograph.asof)
        self.ics_names: dict[str, str] = {r["code"]: r["name"] for r in store.read_rows("spread/ics")}
        self.scope = self.check_ics(scope)
        self._full: nx.MultiDiGraph | None = None
        self._names: dict[str, str] = {}
        self._projections: dict[tuple[str, str | None], nx.Graph] = {}
        self._arrays: dict[tuple[str, str | None], Projection] = {}
        self._counts: dict[tuple, int] = {}
        self._brokers: dict[tuple, tuple[list[dict[str, Any]], dict[Hashable, float]]] = {}
        self._gaps: dict[str | None, list[dict[str, Any]]] = {}
        self._spread: dict[tuple, list[dict[str, Any]]] = {}
        self._spread_reads: Any = None
        self._innovations: dict[str, str] | None = None
        self._rankings: dict[str, list[dict[str, Any]]] = {}
        self._record: Any = None
        self._tables: Any = None
        #: None: spread rows spell out every candidate's route and reasons. A number: only those of
        #: the candidates a map of that many draws (:func:`chosen_candidates`; the atlas, which
        #: draws nothing else of the thousands ranked per innovation at national size).
        self.explained: int | None = None
        # per-Ecosystem caches of the maps (ecosystem_graph's helpers); a view keeps the
        # analyses' ones and has its own of what depends on its graph
        self._communities: dict[str | None, Any] = {}
        self._link_orders: dict[Hashable, dict[Hashable, int]] = {}
        self._profiles: dict[Hashable, str] = {}
        self._ics_members: dict[str, list[Hashable]] | None = None

    # the whole graph ---------------------------------------------------------------------
    @property
    def full(self) -> nx.MultiDiGraph:
        if self._full is None:
            if self.scope is not None:
                from .scope import read_ics
                full = read_ics(self.store, self.scope)
            else:
                full = _enriched(load_graph(self.store))
            # names of everyone, before those who had left go: redaction covers the history too
            self._names = name_replacements(full)
            self._full = as_it_stood(full, self.as_of)
        return self._full

    def nodes_of(self, label: str) -> list[Hashable]:
        return [n for n, d in self.full.nodes(data=True) if d.get("label") == label]

    @property
    def tables(self) -> "StoreTables":
        """The whole store as tables and arrays, as it stood on the date
        (:class:`~ecograph.maps.scope.StoreTables`), read once: the maps of one ICS or one
        innovation draw from :meth:`view` of it, not from a graph of the whole store."""
        if self._tables is None:
            if self.scope is not None:
                raise ValueError(f"this Ecosystem holds the ICS {self.scope} only")
            from .scope import StoreTables
            self._tables = StoreTables(self.store, self.as_of)
        return self._tables

    def view(self, members: Iterable[Hashable]) -> "Ecosystem":
        """This Ecosystem with ``full`` holding only ``members`` (present on the date), every
        link they have and the nodes at the other ends (:meth:`StoreTables.around
        <ecograph.maps.scope.StoreTables.around>`). It shares the analyses (projections,
        rankings, gaps, spread) read so far and to come. A map that draws only members draws the
        same from the view as from the whole Ecosystem, at the cost of what it draws."""
        self.innovations  # noqa: B018 -- of the whole store, before the view has its own graph
        view = copy.copy(self)
        view._full = self.tables.around(members)
        view._names = self.people_names()
        view._link_orders, view._profiles, view._ics_members = {}, {}, None
        return view

    def ics_view(self, ics: str) -> "Ecosystem":
        """:meth:`view` of what the map of ``ics`` draws: its organisations, teams and people and
        the partnerships and innovations linked to them."""
        return self.view(self.tables.ics_members(self.check_ics(ics) or ""))

    def innovation_view(self, *innovations: str) -> "Ecosystem":
        """:meth:`view` of what the focused maps of ``innovations`` draw (``ecosystem_graph(...,
        innovation, focus=True)``): each, its developers (and their organisations), adopters and
        chosen candidates and the nodes on their warm routes. One view for several maps (the
        atlas's, a batch at a time) is read once, and so are the links of the organisations
        they share."""
        tables = self.tables
        members: set[Hashable] = set()
        for innovation in map(self.check_innovation, innovations):
            members.add(innovation)
            for source, rel in tables.linked_into(innovation):
                if rel in ("DEVELOPED", "ADOPTED"):
                    members.add(source)
                    i = tables.node(source)
                    if i is not None and tables.employer[i] >= 0:  # a developer's organisation
                        members.add(tables.ids[tables.employer[i]])
            for r in chosen_candidates(self.spread(innovation), TOP_CANDIDATES):
                members.add(r["id"])
                members.update(h["id"] for h in r.get("route") or ())
        return self.view(members)

    def node_name(self, node: Hashable) -> str:
        """A node's name (its id when it has none, or is not in the store on the date)."""
        if self.scope is None and self._full is None:
            return str(self.tables.name(node))
        d = self.full.nodes[node] if node in self.full else {}
        return str(d.get("name") or node)

    def node_attributes(self, node: Hashable) -> dict[str, Any]:
        """A node's attributes as ``full`` has them (read from :attr:`tables` when the whole
        graph is not loaded)."""
        if self.scope is None and self._full is None:
            i = self.tables.node(node)
            if i is None:
                raise KeyError(node)
            return self.tables.attributes(i)
        return self.full.nodes[node]

    @property
    def innovations(self) -> dict[str, str]:
        """Innovation id -> name (worked out once: every innovation map checks its id)."""
        if self._innovations is None:
            if self.scope is None and self._full is None:  # every one, whatever the date (as in full)
                self._innovations = {r["id"]: str(r.get("name") or r["id"])
                                     for r in self.store.read_rows("read/node_innovation")}
            else:
                self._innovations = {n: str(d.get("name") or n) for n, d in self.full.nodes(data=True)
                                     if d.get("label") == "Innovation"}
        return self._innovations

    @property
    def record(self) -> Any:
        """The store's dated record (:func:`ecograph.analysis.record.read_record`), read once:
        the atlas's "What changed" page and its adoption charts both read it."""
        if self._record is None:
            from ..analysis.record import read_record
            self._record = read_record(self.store)
        return self._record

    def check_ics(self, ics: str | None) -> str | None:
        """The ICS code as stored (case and spaces do not matter), or UnknownIdError with the closest."""
        return None if ics is None else resolve_id(ics, self.ics_names, "ICS", code=True)

    def check_innovation(self, innovation: str) -> str:
        """The innovation id as stored (case does not matter when one id matches), or
        UnknownIdError with the closest."""
        return resolve_id(innovation, self.innovations, "innovation")

    def people_names(self) -> dict[str, str]:
        """Every person's name in the store, whether in post or not on the as-of date ->
        'job title at organisation' (for redaction)."""
        if self.scope is None and self._full is None:
            if not self._names:
                self._names = self.tables.people_names()
            return self._names
        self.full  # noqa: B018 -- reading the graph records the names
        return self._names

    # projections and analyses ------------------------------------------------------------
    def arrays(self, level: str, ics: str | None = None) -> Projection:
        """The projection at ``level`` ("person", "team", "organisation"), of one ICS or all, as
        arrays (:class:`~ecograph.analysis.projection.Projection`): what the rankings and the
        maps read, with no Python object per link."""
        key = (level, ics)
        if key not in self._arrays:
            if self.scope is not None:
                if ics != self.scope:
                    raise ValueError(f"this Ecosystem holds the ICS {self.scope} only, not {ics or 'the whole store'}")
                # within projection.tables_shared() (the ICS maps of `ecograph map`): cut from the
                # whole store's projection, read once for them all
                self._arrays[key] = read_ics_projection(self.store, level, ics, as_of=self.as_of)
            elif ics is None:
                self._arrays[key] = read_projection(self.store, level, as_of=self.as_of)
            else:  # cut from the whole projection (read once for many ICSs: the atlas)
                self._arrays[key] = ics_projection(self.arrays(level), ics)
        return self._arrays[key]

    def projection(self, level: str, ics: str | None = None) -> nx.Graph:
        """The projection at ``level`` as a NetworkX graph: for a map that draws it (``--level
        person`` or ``organisation``) and the communities of an ICS's people; the rankings read
        :meth:`arrays`, so a national projection is never built as a graph for them."""
        key = (level, ics)
        if key not in self._projections:
            self._projections[key] = self.arrays(level, ics).networkx()
        return self._projections[key]

    def linked(self, level: str, ics: str | None = None) -> int:
        """How many nodes of the projection have links (what broker ranks and shares count)."""
        key = ("linked", level, ics)
        if key not in self._counts:
            self._counts[key] = int(_linked(self.arrays(level, ics)).sum())
        return self._counts[key]

    def _analysis(self, level: str, ics: str | None) -> tuple[list[dict[str, Any]], dict[Hashable, float]]:
        key = (level, ics)
        if key not in self._brokers:
            arrays = self.arrays(level, ics)
            if ics is None and self.scope is None and arrays.n > EXACT_BETWEENNESS:
                self._brokers[key] = self._whole_ranking(level)
            else:
                self._brokers[key] = _rank_brokers(arrays, level, ics, HIGHLIGHT_BROKERS)
        return self._brokers[key]

    def _whole_ranking(self, level: str) -> tuple[list[dict[str, Any]], dict[Hashable, float]]:
        """The top brokers of the whole store as ``ecograph brokers`` ranks them (the same
        projection, as arrays: sampled above 10,000 nodes or 500 million nodes times links, the
        same sample), and their betweenness. The first :data:`~ecograph.analysis.changes.RANK_DEPTH` rows are kept for
        the atlas's "What changed" page (:meth:`ranking`)."""
        from ..analysis.brokers import rank_brokers
        from ..analysis.changes import RANK_DEPTH
        from ..analysis.ecosystem_brokers import ranking_options

        # find_brokers(store, level, top=k, as_of=...) on the projection already read
        arrays = self.arrays(level)
        rows = rank_brokers(arrays, group_attr="ics", top=max(RANK_DEPTH, HIGHLIGHT_BROKERS), group_noun="ICS",
                            **ranking_options()) if arrays.n else []
        for row in rows:
            data = arrays.attributes(arrays.index(row["id"]))
            row.update({k: data.get(k) for k in ("ics", "kind", "organisation_name") if k in data})
        self._rankings[level] = rows
        out = []
        for r in rows[:HIGHLIGHT_BROKERS]:
            if not r["betweenness"]:
                break
            out.append(r)
        linked = self.arrays(level).m > 0  # else nobody is ranked (as _rank_brokers)
        return out, {r["id"]: float(r["betweenness"] or 0.0) for r in rows[:HIGHLIGHT_BROKERS] if linked}

    def ranking(self, level: str) -> list[dict[str, Any]] | None:
        """The first rows of ``find_brokers(store, level, top=k, as_of=self.as_of)`` when the
        whole store's brokers at ``level`` were ranked that way (a national store), else None."""
        return self._rankings.get(level)

    def brokers(self, level: str, ics: str | None = None, top: int = TOP_BROKERS) -> list[dict[str, Any]]:
        """The top brokers of the ``level`` projection (of one ICS or all), best first."""
        return self._analysis(level, ics)[0][:top]

    def betweenness(self, level: str, ics: str | None = None) -> dict[Hashable, float]:
        """Betweenness of every node of the ``level`` projection (of one ICS or all)."""
        return self._analysis(level, ics)[1]

    def gaps(self, ics: str | None = None) -> list[dict[str, Any]]:
        if ics not in self._gaps:
            self._gaps[ics] = _find_gaps(self.store, ics, self.as_of)
        return self._gaps[ics]

    @property
    def spread_reads(self) -> Any:
        """:class:`ecograph.analysis.spread.SharedReads` of the store: what the spread and
        partners of every innovation read alike, read once (the atlas asks for each)."""
        if self._spread_reads is None:
            from ..analysis.spread import SharedReads
            self._spread_reads = SharedReads(self.store)
        return self._spread_reads

    def spread(self, innovation: str, ics: str | None = None) -> list[dict[str, Any]]:
        key = (innovation, ics)
        if key not in self._spread:
            from ..analysis.spread import spread_routes
            top = self.explained
            explain = None if top is None else (
                lambda rows: [r["id"] for r in _best_and_each_ics([r for r in rows if r["untapped"]], top)])
            try:
                self._spread[key] = spread_routes(self.store, innovation, ics=ics, as_of=self.as_of,
                                                  reads=self.spread_reads, explain=explain, brief=top is not None)
            except InnovationWithdrawn:  # withdrawn by the as-of date: no spread targets
                self._spread[key] = []
        return self._spread[key]

    def forget_spread(self, innovation: str) -> None:
        """Let go of an innovation's spread rows once its page is written (a national store has
        thousands of rows an innovation and hundreds of innovations: gigabytes if all kept)."""
        for key in [k for k in self._spread if k[0] == innovation]:
            del self._spread[key]

    def partners(self, innovation: str, top: int | None = None) -> list[dict[str, Any]]:
        """:func:`ecograph.analysis.spread.find_partners` as of the date; none once withdrawn."""
        from ..analysis.spread import find_partners
        try:
            return find_partners(self.store, innovation, top=top, as_of=self.as_of, reads=self.spread_reads)
        except InnovationWithdrawn:
            return []


def as_it_stood(graph: nx.MultiDiGraph, as_of: str) -> nx.MultiDiGraph:
    """``graph`` as it stood on ``as_of`` (:mod:`ecograph.asof`), changed in place: people in
    post, open organisations with their teams and people, running partnerships; ties, coverage
    and adoptions that held then. What is left out is history: ``ecograph changes`` tells it."""
    from ..asof import adoption_counts, in_post, is_open, runs

    gone = set()
    for node, data in graph.nodes(data=True):
        label = data.get("label")
        if (label == "Person" and not in_post(data.get("start"), data.get("left"), as_of)
                or label == "Organisation" and not is_open(data.get("closed"), as_of)
                or label == "Partnership" and not runs(data.get("start"), data.get("end"), as_of)):
            gone.add(node)
    # the teams and people of a closed organisation go with it
    gone |= {u for u, v, key in graph.edges(keys=True) if key in ("PART_OF", "WORKS_FOR") and v in gone}
    graph.remove_nodes_from(gone)
    graph.remove_edges_from([
        (u, v, key) for u, v, key, data in graph.edges(keys=True, data=True)
        if key in ("KNOWS", "COVERS") and not runs(data.get("start"), data.get("end"), as_of)
        or key == "ADOPTED" and not adoption_counts(data.get("date"), data.get("ended"), data.get("stage"), as_of)])
    return graph


def _enriched(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Give organisations their ICS, and teams and people their organisation's id, name,
    kind and ICS (the attributes the maps, rollup and redaction read)."""
    for u, v, d in full.edges(data=True):
        rel = d.get("relationship")
        if rel == "IN_ICS":
            full.nodes[u]["ics"] = full.nodes[v]["code"]
        elif rel in ("WORKS_FOR", "PART_OF"):
            full.nodes[u]["organisation"] = v
    for n, d in full.nodes(data=True):
        if d.get("label") in ("Person", "Team") and d.get("organisation") in full:
            org = full.nodes[d["organisation"]]
            d["organisation_name"] = org.get("name")
            d["kind"] = org.get("kind")
            d["ics"] = org.get("ics")
    return full


def _linked(proj: Projection) -> "np.ndarray":
    """Which nodes of the projection have a link (its links join two different nodes)."""
    import numpy as np

    return np.bincount(proj.edges.ravel(), minlength=proj.n) > 0


def _rank_brokers(proj: Projection, level: str, ics: str | None, top: int) -> tuple[list[dict[str, Any]], dict[Hashable, float]]:
    """The broker ranking of :func:`ecograph.analysis.brokers.rank_brokers` over the projection's
    arrays, grouped as ``ecograph brokers`` groups it (across ICSs, or across organisation kinds
    within one), and the betweenness of every node. Rows get ``organisation_name`` and ``ics``."""
    from ..analysis.brokers import rank_brokers
    from ..analysis.ecosystem_brokers import default_grouping, ranking_options

    if proj.n == 0:
        return [], {}
    group_by = default_grouping(level, ics)
    noun = {"ics": "ICS", "kind": "organisation kind", "organisation": "organisation"}[group_by]
    every = proj.n <= EXACT_BETWEENNESS
    # Ranked over the nodes that have links (a national organisation projection is a third
    # isolated): the others lie on no path and rank below every linked node, and betweenness
    # normalised over the connected pairs does not count them, so no value changes.
    linked = _linked(proj)
    ranked = proj if linked.all() else cut_projection(proj, linked)
    rows = rank_brokers(ranked, group_attr=group_by, top=None if every else top, group_noun=noun,
                        **ranking_options()) if ranked.n else []
    bc = {r["id"]: float(r["betweenness"] or 0.0) for r in rows}
    if every:  # every node has its value, as when all were ranked
        bc.update((n, 0.0) for n in proj.ids if n not in bc)
    out = []
    for r in rows[:top]:
        if not r["betweenness"]:
            break
        d = ranked.attributes(ranked.index(r["id"]))
        out.append({**r, "organisation_name": d.get("organisation_name"), "ics": d.get("ics"),
                    "kind": d.get("kind")})
    return out, bc


def _find_gaps(store: GraphStore, ics: str | None, as_of: str | None = None) -> list[dict[str, Any]]:
    try:
        from ..analysis.gaps import find_gaps  # type: ignore[import-not-found]
    except ImportError:
        return []
    rows = find_gaps(store, ics=ics, as_of=as_of)
    return rows.to_dict("records") if hasattr(rows, "to_dict") else [dict(r) for r in rows]


# --- gap rows ----------------------------------------------------------------------------------

def rule_title(rule: str) -> str:
    """'no_innovation_lead' -> 'No innovation lead'."""
    text = str(rule).replace("_", " ").replace(" hin ", " health innovation network ")
    return text[:1].upper() + text[1:]


def _gap_text(row: Mapping[str, Any]) -> str:
    """'Rule title: explanation' (find_gaps rows: rule, explanation)."""
    title = rule_title(str(row.get("rule") or "gap"))
    detail = _kind_words(str(row.get("explanation") or ""))
    return f"{title}: {detail}" if detail else title


def suggested_links(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (id, id) pairs a gap row suggests linking."""
    out = []
    for link in row.get("suggested_links") or ():
        ends = [str(x) for x in list(link)[:2] if x is not None]
        if len(ends) == 2 and ends[0] != ends[1]:
            out.append((ends[0], ends[1]))
    return out


def gap_nodes(row: Mapping[str, Any], known: Iterable[Hashable] | Mapping | nx.Graph) -> list[str]:
    """The map nodes a gap row names: its subject and object when they are nodes of the store
    (organisations, people, innovations...); for a gap about ICSs or communities, which are
    not nodes of the map, the ends of its suggested links."""
    # An ICS code can also be an organisation's id (the ICB's): go by the row's label.
    named = [str(row[f"{k}_id"]) for k in ("subject", "object")
             if row.get(f"{k}_id") is not None and row.get(f"{k}_label") not in ("ICS", "Community")
             and row[f"{k}_id"] in known]
    if not named:
        named = [i for pair in suggested_links(row) for i in pair if i in known]
    return list(dict.fromkeys(named))


# --- building the graph -------------------------------------------------------------------------

_KEEP = ("label", "name", "kind", "ics", "organisation", "organisation_name", "job_title", "stage",
         "function", "formal", "end", "evidence", "innovation_lead", "clinical_champion", "innovation_scout", "id")


def _node_attrs(eco: Ecosystem, node: Hashable) -> dict[str, Any]:
    d = eco.full.nodes[node]
    return {k: d[k] for k in _KEEP if d.get(k) is not None}


def _add_from_full(graph: nx.Graph, eco: Ecosystem, node: Hashable) -> bool:
    """Add ``node`` (from the store) with its links to nodes already in ``graph``: by the node at
    their other end (out-edges, then in-edges, as the store graph lists them), except IN_ICS."""
    if node in graph:
        return True
    full = eco.full
    if node not in full or full.nodes[node].get("label") not in _MAP_LABELS:
        return False
    graph.add_node(node, **_node_attrs(eco, node))
    succ, pred = full._succ[node], full._pred[node]  # the raw adjacency: no views link by link
    order = _link_order(eco, node)
    if len(graph) < len(order):  # an organisation of thousands drawn among a few nodes
        others = sorted((m for m in graph if m in order and m != node), key=order.__getitem__)
    else:
        others = [m for m in order if m in graph and m != node]
    for other in others:
        for d in succ.get(other, {}).values():
            if d.get("relationship") != "IN_ICS":
                _merge_edge(graph, node, other, d)
        for d in pred.get(other, {}).values():
            if d.get("relationship") != "IN_ICS":
                _merge_edge(graph, other, node, d)
    return True


def _link_order(eco: Ecosystem, node: Hashable) -> dict[Hashable, int]:
    """The nodes ``node`` links to or from in ``eco.full`` -> their position (out-edges first,
    then in-edges, as the store graph lists them). Kept per Ecosystem: the atlas draws the same
    adopters and candidates on page after page, and an organisation can have thousands of people."""
    cache = eco._link_orders
    if node not in cache:
        full = eco.full
        cache[node] = {m: i for i, m in enumerate(dict.fromkeys(chain(full._succ[node], full._pred[node])))}
    return cache[node]


def _edge_title(rel: str, d: Mapping[str, Any]) -> str:
    if rel == "KNOWS":
        return str(d.get("context") or "work together")
    if rel == "MEMBER_OF":
        return "lead of the partnership" if d.get("role") == "lead" else "member of the partnership"
    if rel == "ADOPTED":
        bits = [str(d[k]) for k in ("stage", "date") if d.get(k)]
        return "adopted" + (f" ({', '.join(bits)})" if bits else "")
    return _EDGE_WORDS.get(rel, rel.lower().replace("_", " "))


def _merge_edge(graph: nx.Graph, u: Hashable, v: Hashable, d: Mapping[str, Any]) -> None:
    rel = str(d.get("relationship") or "")
    title = _edge_title(rel, d)
    if graph.has_edge(u, v):
        _merge_into(graph.edges[u, v], rel, title)
    else:
        graph.add_edge(u, v, relationship=rel, title=title)


def _merge_into(e: dict[str, Any], rel: str, title: str) -> None:
    """A second relationship between the same two nodes: one edge says both."""
    if rel and rel not in e["relationship"].split("/"):
        e["relationship"] = "/".join(sorted(e["relationship"].split("/") + [rel]))
        e["title"] = f"{e['title']}; {title}"


def _add_merged(graph: nx.Graph, links: Iterable[tuple[Hashable, Hashable, Mapping[str, Any]]]) -> None:
    """:func:`_merge_edge` of every link in turn, merged first and added at once (the same graph,
    its edges in the same order: an ICS of a national store has tens of thousands)."""
    merged: dict[tuple[Hashable, Hashable], dict[str, Any]] = {}
    for u, v, d in links:
        rel = str(d.get("relationship") or "")
        title = _edge_title(rel, d)
        e = merged.get((u, v)) or merged.get((v, u))
        if e is None:
            merged[(u, v)] = {"relationship": rel, "title": title}
        else:
            _merge_into(e, rel, title)
    graph.add_edges_from((u, v, e) for (u, v), e in merged.items())


def ics_members(eco: Ecosystem) -> dict[str, list[Hashable]]:
    """ICS code -> its organisations, teams and people in store order (read once per
    Ecosystem), so that a map of one ICS costs what the ICS holds, not the whole store."""
    cached = eco._ics_members
    if cached is None:
        cached = defaultdict(list)
        for n, d in eco.full.nodes(data=True):
            if d.get("label") in ("Organisation", "Team", "Person") and d.get("ics"):
                cached[d["ics"]].append(n)
        eco._ics_members = cached
    return cached


def _ics_graph(eco: Ecosystem, ics: str) -> nx.Graph:
    """Level "all" for one ICS: the same graph as the whole-store scan, read from the ICS's
    own nodes and their links only."""
    full = eco.full
    keep = list(ics_members(eco).get(ics, ()))
    kept = set(keep)
    for n in keep:
        for m in nx.all_neighbors(full, n):
            if m not in kept and full.nodes[m].get("label") in ("Partnership", "Innovation"):
                kept.add(m)
                keep.append(m)
    keep.sort(key=_store_order(full))
    graph = nx.Graph()
    for n in keep:
        graph.add_node(n, **_node_attrs(eco, n))
    _add_merged(graph, ((u, v, d) for u in keep for v, keyed in full._succ[u].items()  # as full.out_edges(u)
                        if v in kept and u != v for d in keyed.values() if d.get("relationship") != "IN_ICS"))
    return graph


def _store_order(full: nx.MultiDiGraph) -> Callable[[Hashable], int]:
    """Sort key putting nodes in the store's order (as the whole-store scan meets them)."""
    index = getattr(full, "_node_index", None)
    if index is None:
        index = {n: i for i, n in enumerate(full)}
        full._node_index = index  # type: ignore[attr-defined]
    return index.__getitem__


def _whole_graph(eco: Ecosystem, ics: str | None) -> nx.Graph:
    """Level "all": every organisation, team, person, partnership and innovation (of the ICS)."""
    if ics is not None:
        return _ics_graph(eco, ics)
    full = eco.full
    keep = {n for n, d in full.nodes(data=True)
            if d.get("label") in ("Organisation", "Team", "Person") and (ics is None or d.get("ics") == ics)}
    for n, d in full.nodes(data=True):
        if d.get("label") in ("Partnership", "Innovation"):
            if ics is None or any(m in keep for m in nx.all_neighbors(full, n)):
                keep.add(n)
    graph = nx.Graph()
    for n in full:  # store order, so the map is the same every time
        if n in keep:
            graph.add_node(n, **_node_attrs(eco, n))
    _add_merged(graph, ((u, v, d) for u, v, d in full.edges(data=True)
                        if u in keep and v in keep and u != v and d.get("relationship") != "IN_ICS"))
    return graph


def _projection_graph(eco: Ecosystem, level: str, ics: str | None) -> nx.Graph:
    proj = eco.projection(level, ics)
    graph = nx.Graph()
    for n, d in proj.nodes(data=True):
        attrs = {**_node_attrs(eco, n), **{k: v for k, v in d.items() if v is not None and k != "group"}}
        graph.add_node(n, **attrs)
    for u, v, d in proj.edges(data=True):
        bits = []
        if d.get("ties"):
            bits.append(_plural(int(d["ties"]), "tie") + " between their people" if level != "person" else "work together")
        if "team" in d.get("via", ()):
            bits.append("same team")
        if d.get("partnerships"):
            bits.append(_plural(int(d["partnerships"]), "shared partnership"))
        via = sorted(d.get("via", ()))
        graph.add_edge(u, v, weight=d.get("weight", 1), relationship="/".join(v_.upper() for v_ in via),
                       title="; ".join(bits))
    return graph


def _profile(eco: Ecosystem, node: Hashable) -> str:
    """A short description of what a node does in the ecosystem, from the store (worked out once
    per Ecosystem: the atlas draws the same adopters and candidates on page after page)."""
    cache = eco._profiles
    if node not in cache:
        cache[node] = _describe(eco.full, node)
    return cache[node]


def _describe(full: nx.MultiDiGraph, node: Hashable) -> str:
    d = full.nodes[node]
    label = d.get("label")
    # The store graph keys each link by its relationship (load_graph, read_ics, StoreTables.around):
    # links are counted from the raw adjacency's keys, not one by one through networkx's views (an
    # organisation has thousands of people), and only the few named are listed.
    succ, pred = full._succ[node], full._pred[node]
    out_n: Counter = Counter(chain.from_iterable(succ.values()))
    in_n: Counter = Counter(chain.from_iterable(pred.values()))

    def ends(adjacent: Mapping[Hashable, Mapping[str, Any]], rel: str) -> list[Hashable]:
        return [m for m, keyed in adjacent.items() if rel in keyed]

    def names(ids: Iterable) -> list[str]:
        # Sorted: which few are named must not depend on the order the store returned rows in.
        return sorted(str(full.nodes[i].get("name") or i) for i in ids)

    parts: list[str] = []
    if label == "Person":
        flags = [w for k, w in (("innovation_lead", "innovation lead"), ("clinical_champion", "clinical champion"),
                                ("innovation_scout", "innovation scout")) if d.get(k)]
        if flags:
            parts.append(_some(flags).capitalize())
        if out_n["CHAMPIONS"]:
            parts.append("champions " + _some(names(ends(succ, "CHAMPIONS")), 2))
        if out_n["DEVELOPED"]:
            parts.append("developed " + _some(names(ends(succ, "DEVELOPED")), 2))
        ties = out_n["KNOWS"] + in_n["KNOWS"]
        if ties:
            parts.append(f"works with {_plural(ties, 'person', 'people')}")
    elif label in ("Organisation", "Team"):
        if label == "Organisation":
            people = in_n["WORKS_FOR"]
            if people:
                parts.append(_plural(people, "person", "people") + " recorded")
        else:
            if d.get("function"):
                parts.append(f"{d['function']} team")
            if in_n["WORKS_IN"]:
                parts.append(_plural(in_n["WORKS_IN"], "person", "people"))
        if out_n["ADOPTED"]:
            parts.append("adopted " + _some(names(ends(succ, "ADOPTED")), 2))
        if out_n["DEVELOPED"]:
            parts.append("developed " + _some(names(ends(succ, "DEVELOPED")), 2))
        if out_n["MEMBER_OF"]:
            parts.append("in " + _plural(out_n["MEMBER_OF"], "partnership"))
    elif label == "Partnership":
        kind = "Formal" if d.get("formal") else "Informal"
        parts.append(f"{kind} partnership of {_plural(in_n['MEMBER_OF'], 'member')}")
        if d.get("end"):
            parts.append(f"ends {d['end']}")
    elif label == "Innovation":
        if in_n["DEVELOPED"]:
            parts.append("developed by " + _some(names(ends(pred, "DEVELOPED")), 2))
        parts.append("adopted by " + _plural(in_n["ADOPTED"], "organisation"))
        if in_n["CHAMPIONS"]:
            parts.append(_plural(in_n["CHAMPIONS"], "champion"))
        if d.get("evidence"):
            parts.append(f"evidence: {d['evidence']}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _add_why(d: dict[str, Any], text: str, first: bool = False, key: str = "_why") -> None:
    """Add a plain-words reason (``_why``) or a technical one (``_method``) to a node."""
    if not text:
        return
    have = d.get(key, [])
    if text not in have:
        d[key] = [text, *have] if first else [*have, text]


def _share(fraction: float) -> str:
    pct = round(100 * fraction)
    return "less than 1%" if pct < 1 else f"{min(pct, 100)}%"


def _broker_words(row: Mapping[str, Any], proj: Projection, eco: Ecosystem, noun: str, linked: int) -> str:
    """Why a broker matters, in words a leader reads: 'The #2 connector of the 52 organisations
    that have links here; others rely on it to reach 25 organisations in North Central London;
    50% of the shortest connections between other organisations pass through it; links Cheshire
    and Merseyside with North Central London'. No scores, no method names (they go in
    ``method``)."""
    them = "them" if noun == "people" else "it"
    parts = [f"the #{row['rank']} connector of the {linked:,} {noun} that have links here"]
    cut = sum(int(x) for x in row.get("splits") or ())
    ics_of = proj.column("ics")
    if row.get("articulation_point") and cut:
        names = set(row.get("split_examples") or ())
        where = Counter(str(c) for name, c in zip(proj.column("name"), ics_of)
                        if name in names and c).most_common(1)
        place = f" in {eco.ics_names.get(where[0][0], where[0][0])}" if where else ""
        parts.append(f"others rely on {them} to reach {cut:,} {noun if cut != 1 else _SINGULAR[noun]}{place}")
    parts.append(f"{_share(float(row['betweenness'] or 0))} of the shortest connections between "
                 f"other {noun} pass through {them}")
    try:
        i = proj.index(row["id"])
    except KeyError:
        i = None
    own = ics_of[i] if i is not None else None
    others = sorted({str(ics_of[m]) for m in _neighbours(proj, i) if ics_of[m]} - {own}) if i is not None else []
    if own and others:
        parts.append("links " + eco.ics_names.get(own, own) + " with " +
                     " and ".join(eco.ics_names.get(c, c) for c in others))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _neighbours(proj: Projection, i: int) -> list[int]:
    """The nodes linked to node ``i`` of the projection."""
    edges = proj.edges
    return [*edges[edges[:, 0] == i, 1].tolist(), *edges[edges[:, 1] == i, 0].tolist()]


def _mark_brokers(graph: nx.Graph, eco: Ecosystem, level: str, ics: str | None, highlight: str | None) -> list[dict]:
    """Set betweenness on every node of the projected kinds, and ``broker`` on the top ones,
    with why in plain words (ranks and shares over the nodes that have links) and the
    analysis' own words as ``method``."""
    # Only the projections whose betweenness sizes what the map draws: at level "all" its
    # people, teams and organisations (teams are ringed with --highlight brokers only).
    levels = ["person", "team", "organisation"] if level == "all" else [level]
    marked = []
    for lev in levels:
        top = HIGHLIGHT_BROKERS if highlight == "brokers" else (
            TOP_ORGANISATION_BROKERS if lev == "organisation" and level == "all" else TOP_BROKERS)
        if lev == "team":
            top = 0 if highlight != "brokers" else TOP_ORGANISATION_BROKERS
        rows = eco.brokers(lev, ics, top=top)
        bc = eco.betweenness(lev, ics)
        for n, b in bc.items():
            if n in graph and graph.nodes[n].get("label") == _PROJECTED[lev]:
                graph.nodes[n]["betweenness"] = round(float(b), 4)
        if not rows:
            continue
        proj = eco.arrays(lev, ics)
        noun = _PLURAL[_PROJECTED[lev]]
        # ranked over the nodes that have links; shares are of the connected pairs already
        linked = eco.linked(lev, ics)
        for r in rows:
            if r["id"] in graph:
                d = graph.nodes[r["id"]]
                d["broker"] = True
                d["betweenness"] = round(float(r["betweenness"]), 4)
                _add_why(d, _broker_words(r, proj, eco, noun, linked), first=True)
                _add_why(d, f"Broker #{r['rank']} of {linked:,} {noun} with links: {r['why']}", key="_method")
                marked.append({**r, "level": lev})
    return marked


def _innovation_overlay(graph: nx.Graph, eco: Ecosystem, innovation: str, ics: str | None, level: str,
                        top: int) -> dict[str, Any]:
    eco.check_innovation(innovation)
    full = eco.full
    inn = full.nodes[innovation]
    adopters = [u for u, _, e in full.in_edges(innovation, data=True) if e.get("relationship") == "ADOPTED"]
    adoption = {u: e for u, _, e in full.in_edges(innovation, data=True) if e.get("relationship") == "ADOPTED"}
    developers = [u for u, _, e in full.in_edges(innovation, data=True) if e.get("relationship") == "DEVELOPED"]
    origins = {u if full.nodes[u].get("label") == "Organisation" else full.nodes[u].get("organisation")
               for u in developers} - {None}
    rows = eco.spread(innovation, ics)
    chosen = chosen_candidates(rows, top)
    role: dict[Hashable, str] = {}
    name = str(inn.get("name") or innovation)

    def give(node: Hashable, r: str, why: str) -> None:
        if node is None or not _add_from_full(graph, eco, node):
            return
        d = graph.nodes[node]
        if node not in role:
            role[node] = r
            d["role"] = r
        _add_why(d, why, first=role[node] == r)  # what it is drawn as is said first

    if _add_from_full(graph, eco, innovation):
        graph.nodes[innovation]["subject"] = True  # what the map is about: labelled first
    for n in developers:
        if level == "organisation" and full.nodes[n].get("label") != "Organisation":
            continue
        give(n, "developer", f"Developed {name}")
    for o in origins:
        give(o, "developer", f"Developed {name} (its own team or people did)" if o not in developers else f"Developed {name}")
    for a in adopters:
        e = adoption[a]
        bits = [str(e[k]) for k in ("stage", "date") if e.get(k)]
        if level == "person" and a not in graph:
            role.setdefault(a, "adopter")  # its people take the role below
            continue
        give(a, "adopter", f"Adopted {name}" + (f" ({', '.join(bits)})" if bits else ""))
        if a in graph:
            graph.nodes[a]["adopted"] = True  # counted as an adopter even when drawn as its developer
    for r in rows:
        if r["id"] in graph and r.get("score") is not None:
            graph.nodes[r["id"]]["score"] = r["score"]
    routes = [(r, r.get("route") or []) for r in chosen]
    for r, hops in routes:  # every chosen candidate is drawn as one, even when on another's route
        route = route_words(hops)
        give(r["id"], "candidate", f"Could adopt {name} next (the #{r['rank']} candidate): {_kind_words(r['why'])}"
             + (f" Warm route: {route}." if route else ""))
        graph.nodes[r["id"]]["score"] = r["score"]
        _add_why(graph.nodes[r["id"]], f"Spread score {r['score']:.2f} (rank {r['rank']})", key="_method")
    for r, hops in routes:
        route = route_words(hops)
        for h in hops[1:-1]:
            give(h["id"], "route", f"On the warm route to {r['name']}: {route}")
        for a, b in zip(hops, hops[1:]):
            if a["id"] in graph and b["id"] in graph:
                if graph.has_edge(a["id"], b["id"]):
                    e = graph.edges[a["id"], b["id"]]
                    e["route"] = True
                    e["title"] = f"Warm route to {r['name']}" + (f"; {e['title']}" if e.get("title") else "")
                else:
                    graph.add_edge(a["id"], b["id"], relationship=b.get("relationship") or "", route=True,
                                   title=f"Warm route to {r['name']}")
    if level == "person":  # people take the role of their organisation
        org_roles = {**{a: "adopter" for a in adopters}, **{o: "developer" for o in origins},
                     **{r["id"]: "candidate" for r in chosen}}
        for n, d in graph.nodes(data=True):
            if d.get("label") == "Person" and "role" not in d and d.get("organisation") in org_roles:
                d["role"] = org_roles[d["organisation"]]
    # the innovation itself: linked to its developers and adopters in the map
    for u, v, e in list(full.in_edges(innovation, data=True)):
        if u in graph and e.get("relationship") in ("DEVELOPED", "ADOPTED") and not graph.has_edge(u, v):
            _merge_edge(graph, u, v, e)
    reach = [r for r in rows if r.get("untapped")]
    return {"innovation": innovation, "name": name, "adopters": len(adopters), "candidates": chosen,
            "reachable": len(reach), "rows": rows}


def _kind_words(text: str) -> str:
    """Organisation kinds in words: '(specialist-trust, QYG)' -> '(specialist trust, QYG)'."""
    from .render import legend
    labels = legend()["kind_labels"]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")(?![\w-])")
    return pattern.sub(lambda m: labels[m.group(1)][:1].lower() + labels[m.group(1)][1:], text)


def chosen_candidates(rows: Sequence[Mapping[str, Any]], top: int = TOP_CANDIDATES) -> list[dict[str, Any]]:
    """The candidates a spread map draws: the best ``top`` reachable ones by score, then the
    best reachable one of every ICS that has none among them (where it could cross next)."""
    # copies of the chosen few only (a national innovation has thousands of rows)
    return [dict(r) for r in _best_and_each_ics([r for r in rows if r.get("untapped") and r.get("route")], top)]


def _best_and_each_ics(rows: Sequence[Mapping[str, Any]], top: int) -> list[Any]:
    """The first ``top`` rows, then the first of every ICS that has none among them."""
    chosen = list(rows[:top])
    seen = {r.get("ics") for r in chosen}
    for r in rows[top:]:
        if r.get("ics") not in seen:
            chosen.append(r)
            seen.add(r.get("ics"))
    return chosen


def _gap_overlay(graph: nx.Graph, eco: Ecosystem, ics: str | None) -> dict[str, Any]:
    rows = eco.gaps(ics)
    per_rule: Counter = Counter()
    suggested = 0
    texts: dict[Hashable, list[str]] = defaultdict(list)
    for row in rows:
        per_rule[str(row.get("rule") or "gap")] += 1
        text = _gap_text(row)
        for node in gap_nodes(row, eco.full):
            if _add_from_full(graph, eco, node) and text not in texts[node]:
                texts[node].append(text)
        for a, b in suggested_links(row):
            if not (_add_from_full(graph, eco, a) and _add_from_full(graph, eco, b)):
                continue
            title = f"Suggested by the rule '{rule_title(str(row.get('rule')))}': {row.get('recommendation') or ''}".strip()
            if graph.has_edge(a, b):
                e = graph.edges[a, b]
                if title not in e.get("title", ""):
                    e["title"] = f"{e.get('title', '')}; {title}".strip("; ")
            else:
                graph.add_edge(a, b, relationship="SUGGESTED", dashed=True, title=title)
                suggested += 1
    for node, found in texts.items():
        shown = found[:3] + ([f"and {len(found) - 3} more gaps"] if len(found) > 3 else [])
        graph.nodes[node]["gap"] = " | ".join(shown)
    across = sum(1 for row in rows if ";" in str(row.get("ics") or ""))
    return {"gaps": len(rows), "per_rule": dict(per_rule), "suggested": suggested, "marked": len(texts),
            "across_ics": across}


def ecosystem_graph(store: GraphStore | Ecosystem, level: str = "all", ics: str | None = None,
                    innovation: str | None = None, highlight: str | None = None, *,
                    candidates: int = TOP_CANDIDATES, focus: bool = False, lean: bool = False) -> nx.Graph:
    """The graph a map draws (see the module docstring for levels, sizes, rings and roles).

    ``store`` may be an :class:`Ecosystem` already read (several maps of one store). Raises
    :class:`~ecograph.errors.UnknownIdError` for an ICS or innovation not in the store, and
    ValueError for an unknown level or highlight. ``graph.graph`` holds ``title``,
    ``subtitle``, ``notes`` and ``ics_names`` for :func:`write_map`.

    focus: with ``innovation``, only what matters to it: its developers, adopters and
    candidates and the nodes on their warm routes (the atlas's innovation pages), not the
    whole store around them.

    lean: leave out what a map rendered from the graph never shows: the profiles (in ``why``)
    of the people and teams that :func:`~ecograph.maps.render.render_map` folds into their
    organisations when a map has more than :data:`~ecograph.maps.render.ROLLUP_THRESHOLD`
    nodes (an ICS of a national store: thousands of people).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if highlight not in (None, *HIGHLIGHTS):
        raise ValueError(f"highlight must be one of {', '.join(HIGHLIGHTS)}, not {highlight!r}")
    eco = store if isinstance(store, Ecosystem) else Ecosystem(store)
    ics = eco.check_ics(ics)
    if eco.scope is not None and (ics != eco.scope or innovation is not None or highlight == "gaps"):
        raise ValueError(f"this Ecosystem holds the network of the ICS {eco.scope} only")
    if innovation is not None:
        innovation = eco.check_innovation(innovation)

    if focus and innovation is not None:
        graph = nx.Graph()
    else:
        graph = _whole_graph(eco, ics) if level == "all" else _projection_graph(eco, level, ics)
    brokers = _mark_brokers(graph, eco, level, ics, highlight)
    spread = _innovation_overlay(graph, eco, innovation, ics, level, candidates) if innovation else None
    gaps = _gap_overlay(graph, eco, ics) if highlight == "gaps" else None

    folded = lean and level == "all" and people_folded_away(
        graph.number_of_nodes(), sum(1 for _, d in graph.nodes(data=True) if d.get("label") == "Person"),
        max_nodes=ROLLUP_THRESHOLD)
    for n, d in graph.nodes(data=True):
        if folded and d.get("label") in ("Person", "Team") and d.get("organisation") is not None:
            profile = ""  # folded into its organisation: render_map drops it with its why
        else:
            profile = _profile(eco, n) if n in eco.full else ""
        parts = d.pop("_why", [])
        if profile:
            parts.append(profile)
        if parts:
            d["why"] = " · ".join(parts)
        method = d.pop("_method", [])
        if method:
            d["method"] = " · ".join(method)
        if d.get("label") == "Person" and not d.get("job_title"):
            d.pop("job_title", None)

    title, subtitle, notes = map_title(eco, level, ics, spread, gaps, highlight)
    notes.extend(broker_notes(brokers))
    community_names = _mark_communities(graph, eco, ics) if level != "organisation" else {}
    graph.graph.update(title=title, subtitle=subtitle, notes=notes, ics_names=dict(eco.ics_names),
                       level=level, ics=ics, innovation=innovation, highlight=highlight,
                       brokers=brokers, spread=spread, gaps=gaps, community_names=community_names)
    return graph


#: Above this many people the map does not look for communities (Leiden on the whole
#: national people graph takes longer than the rest of the map).
COMMUNITY_PEOPLE_LIMIT = 20_000


def _mark_communities(graph: nx.Graph, eco: Ecosystem, ics: str | None) -> dict[str, str]:
    """Give each person the community of people who work together that they belong to (the
    same communities as the gap rules), and each organisation the community most of its
    people are in. Returns community -> a name a reader recognises, after the organisation most
    of its people work at ("Community 2 (Alder Hey Children's)")."""
    found = _communities(eco, ics)
    if found is None:
        return {}
    names, person_community, org_community = found
    for n in graph:
        k = org_community.get(n) or person_community.get(n)
        if k is not None:
            graph.nodes[n]["community"] = k
    return dict(names)


def _communities(eco: Ecosystem, ics: str | None) -> tuple[dict[str, str], dict, dict] | None:
    """The communities of ``ics``'s people (of the whole store with None), worked out once per
    Ecosystem (an atlas draws sixty maps of the national people): their names, each person's
    community and each organisation's (the one most of its people are in). None: no people, or
    too many."""
    from ..analysis.gaps import PeopleGraph, communities

    cache = eco._communities
    if ics in cache:
        return cache[ics]
    people = eco.arrays("person", ics)
    if not 0 < people.n <= COMMUNITY_PEOPLE_LIMIT:
        cache[ics] = None
        return None
    # the projection's index graph is canonical (ids sorted, links sorted): the communities of
    # the same graph as a NetworkX one, without building it
    found = communities(PeopleGraph(people.index_graph(), None, None, None))  # type: ignore[arg-type]
    where = {p: i for i, p in enumerate(people.ids)}
    org_names, org_ids = people.column("organisation_name"), people.column("organisation")
    names: dict[str, str] = {}
    person_community: dict[Hashable, str] = {}
    by_org: dict[Hashable, Counter] = defaultdict(Counter)
    for k, members in enumerate(found, start=1):
        orgs = Counter(org_names[where[p]] for p in members if org_names[where[p]])
        top = orgs.most_common(1)[0][0] if orgs else ""
        names[str(k)] = f"Community {k}" + (f" ({short_name(top)})" if top else "")
        for p in members:
            person_community[p] = str(k)
            org = org_ids[where[p]]
            if org is not None:
                by_org[org][str(k)] += 1
    org_community = {org: votes.most_common(1)[0][0] for org, votes in by_org.items()}
    cache[ics] = names, person_community, org_community
    return cache[ics]


def map_title(eco: Ecosystem, level: str, ics: str | None, spread: Mapping[str, Any] | None,
              gaps: Mapping[str, Any] | None, highlight: str | None) -> tuple[str, str, list[str]]:
    names = sorted(eco.ics_names.values())
    if ics:
        where = f"{eco.ics_names[ics]} ({ics})"
    elif 1 <= len(names) <= 3:
        where = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    else:
        where = f"all {len(names)} ICSs" if names else "the whole store"
    notes: list[str] = []
    if spread:
        title = f"Where could {spread['name']} ({spread['innovation']}) spread next?"
        subtitle = (f"{where}: {_plural(spread['adopters'], 'adopter')}, the best "
                    f"{_plural(len(spread['candidates']), 'candidate adopter')} and the warm route to each")
        notes.append(f"{_plural(spread['reachable'], 'organisation')} that have not adopted it can be reached "
                     "by a warm route (people who know each other, or shared partnerships); thick orange lines "
                     "are the best routes to the candidates shown.")
    elif gaps is not None:
        title = f"Gaps in the innovation ecosystem: {where}"
        rules = ", ".join(f"{rule_title(r).lower()} {n}" for r, n in sorted(gaps["per_rule"].items()))
        subtitle = f"{_plural(gaps['gaps'], 'gap')}" + (f" ({rules})" if rules else "")
        notes.append(f"Dashed magenta rings: the {_plural(gaps['marked'], 'organisation, person or innovation', 'organisations, people and innovations')} "
                     f"these {_plural(gaps['gaps'], 'gap')} name; hover one for the gap and why.")
        if gaps.get("across_ics"):
            notes.append(f"{gaps['across_ics']:,} of these {_plural(gaps['gaps'], 'gap')} span two ICSs: counted once "
                         "here, and listed under each ICS on its own page.")
        if gaps["suggested"]:
            notes.append(f"Dashed lines: {_plural(gaps['suggested'], 'suggested link')} that would close a gap.")
    else:
        title = f"Innovation ecosystem: {where}"
        subtitle = _LEVEL_TEXT[level]
        if highlight == "brokers":
            title = f"Brokers of the innovation ecosystem: {where}"
    return title, subtitle, notes


def write_map(store: GraphStore | Ecosystem, path: str | Path, *, level: str = "all", ics: str | None = None,
              innovation: str | None = None, highlight: str | None = None, redact: bool = False,
              title: str | None = None, nav: Sequence[Link] = (), candidates: int = TOP_CANDIDATES,
              generated: str | None = None, as_of: str | None = None) -> Path:
    """Build the graph (:func:`ecosystem_graph`) and write it as one offline HTML map.

    redact: every person's name, wherever it appears (names, why texts, routes), becomes
    'job title at organisation'. nav: links shown in the map's header (the atlas uses them).
    as_of: the date of the analyses (:mod:`ecograph.asof`; None: today) when ``store`` is a
    store (an Ecosystem has its own).
    """
    if isinstance(store, Ecosystem):
        eco = store
    else:  # one ICS's network is read alone; routes and gaps can reach into other ICSs
        eco = Ecosystem(store, as_of, scope=ics if innovation is None and highlight != "gaps" else None)
    graph = prepare_map(eco, level=level, ics=ics, innovation=innovation, highlight=highlight, redact=redact,
                        title=title, candidates=candidates)
    return render_prepared(graph, path, nav=nav, generated=generated)


def prepare_map(eco: Ecosystem, *, level: str = "all", ics: str | None = None, innovation: str | None = None,
                highlight: str | None = None, redact: bool = False, title: str | None = None,
                candidates: int = TOP_CANDIDATES, focus: bool = False) -> nx.Graph:
    """The graph of :func:`write_map`, redacted when asked, with the page's ``heading``,
    ``subtitle``, ``notes`` and ``redact`` in ``graph.graph`` (for :func:`render_prepared`,
    and for the atlas's static pictures of the same map)."""
    graph = ecosystem_graph(eco, level, ics, innovation, highlight, candidates=candidates, focus=focus, lean=True)
    meta = graph.graph
    heading, subtitle, notes = title or meta["title"], meta["subtitle"], list(meta["notes"])
    if redact:
        mapping = eco.people_names()
        graph = redact_people(graph, mapping)
        heading, subtitle = redact_text(heading, mapping), redact_text(subtitle, mapping)
        notes = [(redact_text(n[0], mapping), n[1]) if isinstance(n, tuple) else redact_text(n, mapping) for n in notes]
        notes.append("People are shown by role and organisation, not by name.")
    graph.graph.update(heading=heading, subtitle=subtitle, notes=notes, redact=redact, level=level,
                       source=_source(eco.store), people_command=_people_command(eco.store, ics))
    return graph


def render_prepared(graph: nx.Graph, path: str | Path, *, nav: Sequence[Link] = (),
                    generated: str | None = None, assets: str | None = None) -> Path:
    """Write a graph from :func:`prepare_map` as one offline HTML map (its script and styles
    inline, or with ``assets`` from that shared folder: :func:`ecograph.maps.render.render_map`)."""
    meta = graph.graph
    kwargs: dict[str, Any] = {"nav": list(nav)} if nav else {}
    if assets is not None:
        kwargs["assets"] = assets
    gaps = meta.get("gaps")
    if meta.get("level") == "person" and graph.number_of_nodes() <= ROLLUP_THRESHOLD:
        kwargs["rollup"] = False  # asked for the people: no organisation level by default
    return render_map(graph, path, title=meta["heading"], subtitle=meta["subtitle"], notes=list(meta["notes"]),
                      redact=meta["redact"], ics_names=meta["ics_names"], generated=generated,
                      gap_count=gaps["gaps"] if gaps is not None else None, source=meta["source"],
                      method=method_notes(meta), people_command=meta["people_command"],
                      community_names=meta.get("community_names") or {}, **kwargs)


def _source(store: GraphStore) -> str:
    """Where the data came from, without a full path (it may name a user)."""
    path = getattr(store, "path", None)
    return f"the ecograph store ‘{Path(path).name}’" if path else "an ecograph database"


def _people_command(store: GraphStore, ics: str | None) -> str:
    return f"ecograph map --level person --ics {ics or 'CODE'}"


def broker_notes(brokers: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The map's notes about brokers, each for the level that draws them: at the organisation
    level only organisations are named (people are folded in)."""
    orgs = [str(b["name"]) for b in brokers if b.get("level") == "organisation"]
    people = [str(b["name"]) for b in brokers if b.get("level") == "person"]
    teams = [str(b["name"]) for b in brokers if b.get("level") == "team"]
    size = "Bigger shapes: others rely on them more to connect them."
    out = []
    org_text = (f"Thick black rings: the {_plural(len(orgs), 'organisation')} others rely on most to connect them "
                f"({_some(orgs, 3)}).") if orgs else ""
    if people or teams:
        named = _some(people + teams, 3)
        out.append((" ".join(t for t in (org_text or "Thick black rings:",
                                        f"{'Also the' if orgs else 'The'} {_plural(len(people), 'person', 'people')}"
                                        f"{' and ' + _plural(len(teams), 'team') if teams else ''} who do ({named}).",
                                        size) if t), "people"))
        out.append((" ".join(t for t in (org_text, f"“Show people” to see the {_plural(len(people), 'person', 'people')} "
                                                  "who broker most.", size) if t), "org"))
    elif org_text:
        out.append((f"{org_text} {size}", ""))
    return out


def method_notes(meta: Mapping[str, Any]) -> list[str]:
    """The map's "How this was worked out" paragraphs (names of methods belong here, not in
    the notes and tooltips)."""
    out = ["Who connects others (size and black rings): betweenness centrality, the share of shortest "
           "paths between other nodes that pass through a node, in the network of people, of teams or of "
           "organisations (igraph; exact up to 10,000 nodes and 500 million nodes times links, above that "
           "estimated by KADABRA sampling within a stated error). Brokers are ranked by it, then by "
           "effective size; Burt's constraint says how far a broker's contacts know each other. Ranks and "
           "percentages count only the nodes that have links. `ecograph brokers` gives the same ranking."]
    if meta.get("gaps") is not None:
        out.append("Gaps: the rules of `ecograph gaps` (`ecograph gaps --list` gives each rule's definition and "
                   "the recommendation it comes from); disconnected communities are found with Leiden "
                   "community detection; a gap between two ICSs is counted once.")
    if meta.get("spread"):
        out.append("Spread: candidate adopters are ranked by a score from 0 to 1 that combines the length and "
                   "strength of the warm route from an adopter, exposure to adopters, similarity to them and "
                   "shared partners (`ecograph spread`). A warm route is a shortest path through people who "
                   "know each other and shared partnerships.")
    out.append("Shaded areas: each organisation's ICS as recorded (people and teams take their organisation's); "
               "or, if you choose, communities of people who work together, found with Leiden community "
               "detection (the same communities as the gap rules; an organisation is drawn in the community "
               "most of its people are in).")
    return out


# --- rows for tables (atlas, demo, CLI) -------------------------------------------------------

def broker_rows(eco: Ecosystem, level: str = "person", ics: str | None = None,
                top: int = TOP_BROKERS) -> list[dict[str, Any]]:
    """The top brokers at ``level`` as table rows: rank, name, organisation, ICS, betweenness, why."""
    ics = eco.check_ics(ics)
    out = []
    for r in eco.brokers(level, ics, top=top):
        row = {"rank": r["rank"], "id": r["id"], "name": r["name"]}
        if level != "organisation":
            row["organisation"] = r.get("organisation_name") or ""
        row.update(ics=r.get("ics") or "", betweenness=round(float(r["betweenness"]), 3),
                   why=r["why"])
        out.append(row)
    return out


def gap_rows(eco: Ecosystem, ics: str | None = None) -> list[dict[str, Any]]:
    """Every gap as a table row: rule, id (of its subject), subject, object, ics, explanation,
    recommendation, suggested links (by name)."""
    ics = eco.check_ics(ics)
    out = []
    for row in eco.gaps(ics):
        links = [f"{eco.node_name(a)} – {eco.node_name(b)}" for a, b in suggested_links(row)]
        out.append({"rule": str(row.get("rule") or ""), "id": str(row.get("subject_id") or ""),
                    "subject": str(row.get("subject_name") or row.get("subject_id") or ""),
                    "object": str(row.get("object_name") or ""), "ics": str(row.get("ics") or ""),
                    "explanation": str(row.get("explanation") or ""),
                    "recommendation": str(row.get("recommendation") or ""),
                    "suggested links": "; ".join(links), "object_id": str(row.get("object_id") or "")})
    return out


def spread_rows(eco: Ecosystem, innovation: str, ics: str | None = None,
                top: int = TOP_CANDIDATES) -> list[dict[str, Any]]:
    """The candidates a spread map draws, as table rows: rank, id, name, ics, score, hops,
    path (ids and arrows), route (names), why."""
    from ..analysis.spread import route_arrow_text
    innovation = eco.check_innovation(innovation)
    ics = eco.check_ics(ics)
    out = []
    for r in chosen_candidates(eco.spread(innovation, ics), top):
        out.append({"rank": r["rank"], "id": r["id"], "name": r["name"], "ics": r.get("ics") or "",
                    "score": r["score"], "hops": r.get("route_length"), "path": route_arrow_text(r.get("route") or []),
                    "route": r.get("route_text") or "",
                    "why": r.get("why") or ""})
    return out


def _dumps(value: Any) -> str:  # pragma: no cover - debugging aid
    return json.dumps(value, default=str, indent=1)
