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
``partnerships`` (number shared) and ``weight`` (their sum).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable

from ..store import GraphStore

if TYPE_CHECKING:
    import networkx as nx

LEVELS = ("person", "team", "organisation")


def _add_link(graph: nx.Graph, a: str, b: str, via: str, amount: int = 1) -> None:
    if a == b or a not in graph or b not in graph:
        return
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, via=set(), ties=0, partnerships=0, weight=0)
    data = graph.edges[a, b]
    data["via"].add(via)
    if via == "tie":
        data["ties"] += amount
    elif via == "partnership":
        data["partnerships"] += amount
    data["weight"] += amount


def _link_shared_partnerships(graph: nx.Graph, memberships: Iterable[dict[str, Any]]) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    for row in memberships:
        if row["member"] in graph:
            members[row["partnership"]].add(row["member"])
    for group in members.values():
        for a, b in combinations(sorted(group), 2):
            _add_link(graph, a, b, "partnership")


def project(store: GraphStore, level: str = "person", ics: str | None = None) -> nx.Graph:
    """The undirected projection at ``level`` ("person", "team" or "organisation").

    With ``ics``, only the nodes of that ICS and the links among them.

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

    graph = nx.Graph(level=level, ics=ics)
    label = {"person": "Person", "team": "Team", "organisation": "Organisation"}[level]
    plural = {"person": "people", "team": "teams", "organisation": "organisations"}[level]
    for row in store.read_rows(f"projection/{plural}", {"ics": ics}):
        graph.add_node(row["id"], label=label, **{k: v for k, v in row.items() if k != "id"})
    if level == "person":
        for row in store.read_rows("projection/person_ties"):
            _add_link(graph, row["source"], row["target"], "tie")
        for row in store.read_rows("projection/person_shared_teams"):
            _add_link(graph, row["source"], row["target"], "team")
        _link_shared_partnerships(graph, store.read_rows("projection/person_memberships"))
    else:
        for row in store.read_rows(f"projection/{level}_ties"):
            _add_link(graph, row["source"], row["target"], "tie", row["ties"])
        _link_shared_partnerships(graph, store.read_rows(f"projection/{level}_memberships"))
    return graph
