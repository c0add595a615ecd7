"""
Gould–Fernandez brokerage roles.

A node *b* brokers between *a* and *c* when there is a two-step path
``a -> b -> c`` (``a != c``) and no direct tie ``a -> c``: the only short way
from *a* to *c* goes through *b*. Gould and Fernandez (1989) split these
brokerage relations into five roles by the groups of the three people
(the broker is *b*, in the middle):

============== ================================= =====================
role           groups                            sna / UCINET notation
============== ================================= =====================
coordinator    a, b and c in the same group      ``w_I``
gatekeeper     b and c share a group, a differs  ``b_OI``
representative a and b share a group, c differs  ``b_IO``
itinerant      a and c share a group, b differs  ``w_O``
               (also called *consultant*)
liaison        a, b and c in three groups        ``b_O``
============== ================================= =====================

The counts are the numbers of such ordered pairs ``(a, c)`` for each broker,
exactly as in the R ``sna`` package's ``brokerage()`` (its ``raw.nli``
matrix) and UCINET.

Directed and undirected graphs
------------------------------
In a directed graph the path must follow the edge directions and the pair is
open when the edge ``a -> c`` is missing (``c -> a`` may exist). An
undirected graph is read as a directed graph with every edge in both
directions, as ``sna`` and UCINET do. Two consequences:

* each unordered open pair ``{a, c}`` is seen twice, as ``(a, c)`` and
  ``(c, a)``, so coordinator, itinerant and liaison counts are twice the
  number of distinct pairs;
* the two orders of a pair with one end in *b*'s group are one gatekeeper and
  one representative path, so the gatekeeper and representative counts of a
  node are always equal.

The default, ``pairs="ordered"``, keeps this convention, so that results
match published tables. ``pairs="unordered"`` (undirected graphs only)
counts each open pair once: coordinator, itinerant and liaison are halved,
and gatekeeper and representative both hold the number of distinct pairs
with exactly one end in *b*'s group (not halved: halving would give
half-pairs). In that mode the number of distinct open pairs through *b* is
``coordinator + gatekeeper + itinerant + liaison``; do not add
``representative`` as well.

Against what group sizes would give
-----------------------------------
Raw counts grow with degree: a well-connected coordinator brokers many pairs whatever the
groups. :func:`brokerage_z_scores` compares each count with its expectation in a random
directed graph of the same size and density in which every arc is present independently
(probability ``d = arcs / (N (N - 1))``), with the observed group sizes, as Gould and
Fernandez (1989) and ``sna::brokerage`` (its ``exp.nli``, ``sd.nli`` and ``z.nli``; R/models.R
in the ``sna`` sources) do. For a broker in a group of ``n_i`` of ``N`` nodes, with
``q = d^2 (1 - d)`` (a two-path that is open)::

    E[coordinator]    = q (n_i - 1)(n_i - 2)
    E[itinerant]      = q sum over other groups j of n_j (n_j - 1)
    E[gatekeeper]     = E[representative] = q (N - n_i)(n_i - 1)
    E[liaison]        = q sum over ordered pairs of other groups j != k of n_j n_k

with sna's variances (the extra term counts two-paths sharing an arc), and
``z = (count - E) / sd``. The counts are sna's ordered ones (``pairs="ordered"``), and an
undirected tie is read as two arcs, so ``d`` is the undirected density. The null treats the
two arcs of a tie as independent, so on undirected data the z-scores are approximate (as sna
warns, even on directed data the normal approximation is rough): read them as "stands out by
role, beyond what degree and group sizes give", not as p-values.

Missing groups
--------------
A node whose group is missing (no such node attribute, the value ``None``,
or not a key of the mapping passed as ``group``) cannot be placed in any
role. Every open pair in which *a*, *b* or *c* has no group is left out of
all five counts, so a node with no group has all-zero counts. Give such
nodes a placeholder group (e.g. ``"unknown"``) to count them instead.

Self-loops are ignored; parallel edges of a multigraph count once.

References
----------
.. [1] Gould, R. V. and Fernandez, R. M. (1989). "Structures of mediation:
   A formal approach to brokerage in transaction networks."
   *Sociological Methodology* 19: 89–126.
.. [2] Butts, C. T. ``sna``: Tools for Social Network Analysis, R package,
   function ``brokerage()``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Literal

import networkx as nx

__all__ = ["BROKERAGE_ROLES", "brokerage_roles", "brokerage_z_scores"]

#: The five Gould–Fernandez roles, in the order used for tables.
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "gatekeeper",
    "representative",
    "itinerant",
    "liaison",
)


def _group_lookup(G: nx.Graph, group: str | Mapping[Any, Hashable]) -> Callable[[Any], Any]:
    if isinstance(group, str):
        nodes = G._node
        return lambda v: nodes[v].get(group)
    if isinstance(group, Mapping):
        return lambda v: group.get(v)
    raise TypeError("group must be a node attribute name or a mapping node -> group")


def brokerage_roles(
    G: nx.Graph,
    group: str | Mapping[Any, Hashable] = "group",
    nodes: Iterable[Any] | None = None,
    *,
    pairs: Literal["ordered", "unordered"] = "ordered",
) -> dict[Any, dict[str, int]]:
    """Count the Gould–Fernandez brokerage roles of each node.

    For every broker ``b`` and every pair ``(a, c)`` with ``a -> b``,
    ``b -> c``, ``a != c`` and no edge ``a -> c``, the pair is counted in
    one of five roles according to the groups of ``a``, ``b`` and ``c``
    (see the module documentation for the table and for how undirected
    graphs and missing groups are handled).

    Parameters
    ----------
    G : graph
        A NetworkX graph, directed or undirected. Undirected edges are read
        as ties in both directions.
    group : str or mapping, optional (default="group")
        The node attribute holding each node's group (e.g. an ICS code), or a
        mapping from node to group. Groups are compared with ``==``.
    nodes : iterable, optional
        Compute the counts only for these brokers (default: every node).
        The counts of a node do not depend on which other nodes are asked
        for.
    pairs : {"ordered", "unordered"}, optional (default="ordered")
        ``"ordered"`` counts ordered pairs ``(a, c)`` as ``sna`` and UCINET
        do, so in an undirected graph each open pair counts twice.
        ``"unordered"`` (undirected graphs only) counts each open pair once:
        coordinator, itinerant and liaison are halved; gatekeeper and
        representative both count the pairs with exactly one end in the
        broker's group.

    Returns
    -------
    dict
        ``{node: {role: count}}`` with the roles of :data:`BROKERAGE_ROLES`.

    Raises
    ------
    NetworkXError
        If ``pairs="unordered"`` is asked of a directed graph, or a node in
        ``nodes`` is not in ``G``.

    Notes
    -----
    The work for broker ``b`` is one set intersection per in-neighbour, so
    the total is of the order of the number of two-paths (wedges) in the
    graph, done in C by Python's set operations. For large graphs, ask only
    for the nodes you will report.

    Examples
    --------
    A chain across three groups: the middle person is a liaison.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("ann", "bob"), ("bob", "cat")])
    >>> nx.set_node_attributes(G, {"ann": "X", "bob": "Y", "cat": "Z"}, "group")
    >>> brokerage_roles(G)["bob"]
    {'coordinator': 0, 'gatekeeper': 0, 'representative': 0, 'itinerant': 0, 'liaison': 1}

    If Ann and Cat are in the same group, Bob is an itinerant broker; once
    Ann reaches Cat directly, Bob brokers nothing.

    >>> G.nodes["cat"]["group"] = "X"
    >>> brokerage_roles(G)["bob"]["itinerant"]
    1
    >>> G.add_edge("ann", "cat")
    >>> sum(brokerage_roles(G)["bob"].values())
    0

    In an undirected graph each open pair is seen from both ends:

    >>> H = nx.path_graph(3)
    >>> nx.set_node_attributes(H, {0: "X", 1: "X", 2: "Z"}, "group")
    >>> brokerage_roles(H)[1]
    {'coordinator': 0, 'gatekeeper': 1, 'representative': 1, 'itinerant': 0, 'liaison': 0}
    >>> brokerage_roles(H, pairs="unordered")[1]["gatekeeper"]
    1
    """
    if pairs not in ("ordered", "unordered"):
        raise ValueError("pairs must be 'ordered' or 'unordered'")
    directed = G.is_directed()
    if pairs == "unordered" and directed:
        raise nx.NetworkXError("pairs='unordered' needs an undirected graph")
    gof = _group_lookup(G, group)
    succ = G._succ if directed else G._adj
    pred = G._pred if directed else G._adj
    if nodes is None:
        nodes = list(G)
    else:
        nodes = list(nodes)
        for v in nodes:
            if v not in G:
                raise nx.NetworkXError(f"node {v!r} is not in the graph")

    # Out-neighbour sets (self-loops removed, grouped nodes only), built once
    # for every node that is some broker's in-neighbour.
    succ_sets: dict[Any, set] = {}
    groups: dict[Any, Any] = {}

    def group_of(v: Any) -> Any:
        try:
            return groups[v]
        except KeyError:
            g = groups[v] = gof(v)
            return g

    def out_set(a: Any) -> set:
        s = succ_sets.get(a)
        if s is None:
            s = {c for c in succ[a] if c != a}
            succ_sets[a] = s
        return s

    result: dict[Any, dict[str, int]] = {}
    for b in nodes:
        gb = group_of(b)
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        result[b] = counts
        if gb is None:
            continue
        P = [a for a in pred[b] if a != b and group_of(a) is not None]
        S_by_group: dict[Any, set] = {}
        for c in succ[b]:
            if c != b:
                gc = group_of(c)
                if gc is not None:
                    S_by_group.setdefault(gc, set()).add(c)
        if not P or not S_by_group:
            continue
        cnt_p = Counter(groups[a] for a in P)
        cnt_s = {g: len(s) for g, s in S_by_group.items()}
        np_in, ns_in = cnt_p.get(gb, 0), cnt_s.get(gb, 0)
        np_out, ns_out = len(P) - np_in, sum(cnt_s.values()) - ns_in
        same_other = sum(k * cnt_s.get(g, 0) for g, k in cnt_p.items() if g != gb)
        # every pair in P x S, including a == c; closed pairs removed below
        coord = np_in * ns_in
        gate = np_out * ns_in
        rep = np_in * ns_out
        itin = same_other
        liaison = np_out * ns_out - same_other
        S_all: set = set().union(*S_by_group.values())
        S_in = S_by_group.get(gb, set())
        for a in P:
            ga = groups[a]
            if a in S_all:  # a == c is not a pair
                if ga == gb:
                    coord -= 1
                else:
                    itin -= 1
            out_a = out_set(a)
            n_in = len(out_a & S_in) if S_in else 0
            n_all = len(out_a & S_all)
            if ga == gb:
                coord -= n_in
                rep -= n_all - n_in
            else:
                S_a = S_by_group.get(ga)
                n_a = len(out_a & S_a) if S_a else 0
                gate -= n_in
                itin -= n_a
                liaison -= n_all - n_in - n_a
        if pairs == "unordered":
            coord //= 2
            itin //= 2
            liaison //= 2
        counts["coordinator"] = coord
        counts["gatekeeper"] = gate
        counts["representative"] = rep
        counts["itinerant"] = itin
        counts["liaison"] = liaison
    return result


def brokerage_z_scores(
    G: nx.Graph,
    group: str | Mapping[Any, Hashable] = "group",
    counts: Mapping[Any, Mapping[str, int]] | None = None,
    *,
    population: tuple[Mapping[Hashable, int], int] | None = None,
) -> dict[Any, dict[str, dict[str, float | None]]]:
    """Each node's role counts against what group sizes and density would give (sna's z-scores).

    The null model is ``sna::brokerage``'s (Gould and Fernandez 1989): a random directed
    graph with each arc present with probability ``d`` (the observed density, arcs over
    ``N (N - 1)``), group sizes as observed. See the module documentation for the
    expectations; the variances are sna's (R/models.R, ``brokerage``).

    Parameters
    ----------
    G : graph
        Directed or undirected (an undirected tie is two arcs). Only nodes with a group
        count: ``N`` and the group sizes are over them, and arcs among them give ``d``.
    group : str or mapping, optional
        As in :func:`brokerage_roles`.
    counts : mapping, optional
        Ordered role counts (``brokerage_roles(G, group)``) of the nodes wanted; computed
        for every node if not given.
    population : (mapping, int), optional
        The group sizes and the number of arcs among grouped nodes of the whole network,
        when ``G`` is only the part of it around the nodes of ``counts`` (their contacts and
        the links among them, which is all their counts depend on). Default: from ``G``.

    Returns
    -------
    dict
        ``{node: {role: {"count", "expected", "sd", "z"}}}`` for the roles of
        :data:`BROKERAGE_ROLES`; ``z`` is None where the null has no variance (e.g. a single
        group, an empty or complete graph); nodes without a group get None throughout.

    Examples
    --------
    A star across three groups: the centre brokers every pair of its leaves.

    >>> import networkx as nx
    >>> G = nx.star_graph(6)
    >>> nx.set_node_attributes(G, {v: "ABCABCA"[v] for v in G}, "group")
    >>> z = brokerage_z_scores(G)[0]
    >>> z["liaison"]["count"], round(z["liaison"]["expected"], 2), round(z["liaison"]["z"], 2)
    (8, 0.47, 9.93)
    """
    import math

    gof = _group_lookup(G, group)
    if counts is None:
        counts = brokerage_roles(G, group, [v for v in G if gof(v) is not None])
    if population is None:
        grouped = [v for v in G if gof(v) is not None]
        sizes: Mapping[Hashable, int] = Counter(gof(v) for v in grouped)
        inside = set(grouped)
        arcs = sum(1 for u, v in G.edges() if u != v and u in inside and v in inside)
        if not G.is_directed():
            arcs *= 2
    else:
        sizes, arcs = population
    N = sum(sizes.values())
    d = arcs / (N * (N - 1)) if N > 1 else 0.0
    q, r = d * d * (1 - d), d**3 * (1 - d) ** 3
    moments: dict[Any, dict[str, tuple[float, float]]] = {}
    for g, ni in sizes.items():
        others = [k for h, k in sizes.items() if h != g]
        e_coord = q * (ni - 1) * (ni - 2)
        e_itin = q * sum(k * (k - 1) for k in others)
        e_gate = q * (N - ni) * (ni - 1)
        e_liai = q * (sum(others) ** 2 - sum(k * k for k in others))
        moments[g] = {
            "coordinator": (e_coord, e_coord * (1 - q) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * r),
            "itinerant": (e_itin, e_itin * (1 - q) + 2 * sum(k * (k - 1) * (k - 2) for k in others) * r),
            "gatekeeper": (e_gate, e_gate * (1 - q) + 2 * ((ni - 1) * math.comb(N - ni, 2)
                                                          + (N - ni) * math.comb(ni - 1, 2)) * r),
            "liaison": (e_liai, e_liai * (1 - q) + 4 * sum(k * math.comb(N - k - ni, 2) for k in others) * r),
        }
        moments[g]["representative"] = moments[g]["gatekeeper"]
    out: dict[Any, dict[str, dict[str, float | None]]] = {}
    for v, roles in counts.items():
        g = gof(v)
        row: dict[str, dict[str, float | None]] = {}
        for role in BROKERAGE_ROLES:
            if g is None:
                row[role] = {"count": None, "expected": None, "sd": None, "z": None}
                continue
            mean, var = moments[g][role]
            sd = math.sqrt(var) if var > 0 else 0.0
            row[role] = {"count": roles[role], "expected": mean, "sd": sd,
                         "z": (roles[role] - mean) / sd if sd > 0 else None}
        out[v] = row
    return out
