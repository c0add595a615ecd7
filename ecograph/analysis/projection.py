"""One-mode projections of the ecosystem, read with the queries in ``cypher/projection/``.

The broker analyses run on these undirected graphs:

- **person**: people, linked when they work together (a KNOWS tie), share a team, or are
  members of the same partnership in their own name;
- **team**: teams, linked by their people's ties and by shared partnerships (the team's own
  membership or its people's);
- **organisation**: organisations, linked by their people's ties and by shared partnerships
  (the organisation's own membership, or its teams' or people's).

Every node carries ``name``, ``label``, ``ics``, ``kind`` (organisation kind) and, for people
and teams, ``organisation`` and ``organisation_name``. Every edge carries ``via`` (the set
of reasons: "tie", "team", "partnership"), ``ties`` (number of people ties),
``teams`` and ``partnerships`` (numbers shared), ``weight`` (their plain sum, as drawn on maps),
and ``strength`` and ``distance``, which the weighted broker measures use.

Strength of a link
------------------
A shared team or partnership is a group, and a group of ``n`` members links all
``n (n - 1) / 2`` pairs of them: read as unweighted cliques, one 40-member programme outweighs
every working tie. So each shared group adds ``1 / (n - 1)`` to the link (Newman's collaboration
weighting, Newman 2001, *Phys. Rev. E* 64, 016132): a member's links from one group add up to 1,
however large the group. ``n`` is the group's whole membership at this level (people, teams or
organisations), also when ``--ics`` shows only part of it. Each people tie adds 1 (at the team
and organisation levels, the number of ties between their people), so::

    strength = ties + sum over shared teams and partnerships of 1 / (n - 1)

A tie and a two-person group weigh the same; a shared 11-member partnership weighs a tenth of a
tie. ``distance = 1 / strength`` is the length of the link for shortest paths (weighted
betweenness): a strong link is short. Constraint and effective size use ``strength`` as the tie
weight (Burt's definitions for valued ties).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable

from ..asof import resolve_as_of
from ..store import GraphStore

if TYPE_CHECKING:
    import networkx as nx

LEVELS = ("person", "team", "organisation")


def _add_link(graph: nx.Graph, a: str, b: str, via: str, amount: int = 1,
              strength: float | None = None) -> None:
    if a == b or a not in graph or b not in graph:
        return
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, via=set(), ties=0, teams=0, partnerships=0, weight=0, strength=0.0)
    data = graph.edges[a, b]
    data["via"].add(via)
    data[{"tie": "ties", "team": "teams", "partnership": "partnerships"}[via]] += amount
    data["weight"] += amount
    data["strength"] += amount if strength is None else strength


def _link_groups(graph: nx.Graph, groups: dict[str, set[str]], via: str) -> None:
    """Link every two members of each group (in the graph), each pair by ``1 / (n - 1)``."""
    for group in groups.values():
        share = 1.0 / (len(group) - 1) if len(group) > 1 else 0.0
        for a, b in combinations(sorted(m for m in group if m in graph), 2):
            _add_link(graph, a, b, via, strength=share)


def _groups(rows: Iterable[dict[str, Any]], group: str, *members: str) -> dict[str, set[str]]:
    """The members of each group: ``rows[group]`` -> the set of ``rows[m]`` for each ``m``."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row[group]].update(row[m] for m in members)
    return out


def _set_distances(graph: nx.Graph) -> None:
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["strength"]


def project(store: GraphStore, level: str = "person", ics: str | None = None,
            as_of: str | None = None) -> nx.Graph:
    """The undirected projection at ``level`` ("person", "team" or "organisation").

    With ``ics``, only the nodes of that ICS and the links among them. ``as_of`` (YYYY-MM-DD or
    DD/MM/YYYY; None: today) gives the ecosystem as it stood that day (:mod:`ecograph.asof`):
    only people in post, teams and organisations of open organisations, ties that hold, and
    partnerships running that day with their present members.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
    ...     project(store, "organisation").number_of_nodes()
    0
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    import networkx as nx  # imported when used: the command line starts faster

    as_of = resolve_as_of(as_of)
    graph = nx.Graph(level=level, ics=ics, as_of=as_of)
    dated = {"as_of": as_of}
    label = {"person": "Person", "team": "Team", "organisation": "Organisation"}[level]
    plural = {"person": "people", "team": "teams", "organisation": "organisations"}[level]
    for row in store.read_rows(f"projection/{plural}", {"ics": ics, **dated}):
        graph.add_node(row["id"], label=label, **{k: v for k, v in row.items() if k != "id"})
    if level == "person":
        for row in store.read_rows("projection/person_ties", dated):
            _add_link(graph, row["source"], row["target"], "tie")
        # every pair of team mates is a row, so the rows give each team's members
        _link_groups(graph, _groups(store.read_rows("projection/person_shared_teams", dated), "via",
                                    "source", "target"), "team")
        _link_groups(graph, _groups(store.read_rows("projection/person_memberships", dated), "partnership",
                                    "member"), "partnership")
    else:
        for row in store.read_rows(f"projection/{level}_ties", dated):
            _add_link(graph, row["source"], row["target"], "tie", row["ties"])
        _link_groups(graph, _groups(store.read_rows(f"projection/{level}_memberships", dated), "partnership",
                                    "member"), "partnership")
    _set_distances(graph)
    return graph
