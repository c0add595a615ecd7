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
import numpy as np

__all__ = ["BROKERAGE_ROLES", "brokerage_roles", "brokerage_z_scores", "role_counts", "group_codes", "as_unordered"]

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
    The graph is read once into index arrays; the counting
    (:func:`role_counts`) is compiled with numba: for broker ``b``, one walk
    over each in-neighbour's out-neighbours, so the total is of the order of
    the number of two-paths (wedges) through the brokers asked for. For
    large graphs, ask only for the nodes you will report.

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
    everyone = list(G)
    index = {v: i for i, v in enumerate(everyone)}
    if nodes is None:
        nodes = everyone
    else:
        nodes = list(nodes)
        for v in nodes:
            if v not in index:
                raise nx.NetworkXError(f"node {v!r} is not in the graph")
    codes = group_codes([gof(v) for v in everyone])
    succ = _compressed(G._succ if directed else G._adj, everyone, index)
    pred = succ if not directed else _compressed(G._pred, everyone, index)
    found = role_counts(succ, pred, codes, np.fromiter((index[v] for v in nodes), np.int64, len(nodes)),
                        pairs=pairs)
    return {v: dict(zip(BROKERAGE_ROLES, row)) for v, row in zip(nodes, found.tolist())}


def group_codes(groups: Iterable[Any]) -> np.ndarray:
    """Each node's group as a small integer (equal groups, equal codes; ``-1`` for None)."""
    groups = list(groups)
    code = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    code[None] = -1
    return np.array([code[g] for g in groups], dtype=np.int64)


def _compressed(adjacency: Mapping[Any, Mapping[Any, Any]], nodes: list[Any], index: Mapping[Any, int]
                ) -> tuple[np.ndarray, np.ndarray]:
    """NetworkX adjacency as compressed rows (each neighbour once, in the graph's order)."""
    lengths = np.fromiter((len(adjacency[v]) for v in nodes), np.int64, len(nodes))
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter((index[u] for v in nodes for u in adjacency[v]), np.int64, int(indptr[-1]))
    return indptr, indices


def role_counts(succ: tuple[np.ndarray, np.ndarray], pred: tuple[np.ndarray, np.ndarray],
                codes: np.ndarray, brokers: np.ndarray, *,
                pairs: Literal["ordered", "unordered"] = "ordered") -> np.ndarray:
    """The role counts of :func:`brokerage_roles` on index arrays: one row per broker, columns
    in the order of :data:`BROKERAGE_ROLES`.

    ``succ`` and ``pred`` are each node's out- and in-neighbours as compressed rows
    ``(indptr, indices)`` (the same rows twice for an undirected graph; a neighbour listed once),
    ``codes`` each node's group (:func:`group_codes`, ``-1``: none), ``brokers`` the node
    indices wanted. The work is the number of two-step paths through the brokers, compiled
    with numba (plain Python without it)."""
    out = np.zeros((len(brokers), len(BROKERAGE_ROLES)), dtype=np.int64)
    if len(brokers):
        groups = int(codes.max()) + 1 if len(codes) else 0
        # index arrays as they come (int32 or int64: numba compiles each once), no copies
        from ._sampling import compiled

        compiled(_count_roles)(*(np.ascontiguousarray(a) for a in (*succ, *pred)),
                        np.ascontiguousarray(codes, dtype=np.int64), max(groups, 1),
                        np.ascontiguousarray(brokers, dtype=np.int64), out)
    return as_unordered(out) if pairs == "unordered" else out


def as_unordered(counts: np.ndarray) -> np.ndarray:
    """Ordered role counts (:func:`role_counts`) of an undirected graph as ``pairs="unordered"``
    counts them: each open pair was seen from both ends."""
    out = counts.copy()
    for role in ("coordinator", "itinerant", "liaison"):
        out[:, BROKERAGE_ROLES.index(role)] //= 2
    return out


def _count_roles(succ_ptr, succ_idx, pred_ptr, pred_idx, codes, n_groups, brokers, out):  # pragma: no cover
    """For each broker ``b``: every pair (in-neighbour ``a``, out-neighbour ``c``) by the groups
    of ``a``, ``b`` and ``c``, then the pairs that are not brokered removed: ``a == c``, and
    ``a -> c`` (found by marking ``b``'s out-neighbours and walking each ``a``'s)."""
    n = len(codes)
    mark = np.full(n, -1, np.int64)
    per_group = np.zeros(n_groups, np.int64)
    for k in range(len(brokers)):
        b = brokers[k]
        gb = codes[b]
        if gb < 0:
            continue
        ns_in = 0
        ns_all = 0
        for e in range(succ_ptr[b], succ_ptr[b + 1]):
            c = succ_idx[e]
            if c != b and codes[c] >= 0 and mark[c] != k:
                mark[c] = k
                ns_all += 1
                per_group[codes[c]] += 1
                if codes[c] == gb:
                    ns_in += 1
        np_in = 0
        np_all = 0
        same_other = 0
        for e in range(pred_ptr[b], pred_ptr[b + 1]):
            a = pred_idx[e]
            ga = codes[a]
            if a != b and ga >= 0:
                np_all += 1
                if ga == gb:
                    np_in += 1
                else:
                    same_other += per_group[ga]
        np_out = np_all - np_in
        ns_out = ns_all - ns_in
        coord = np_in * ns_in
        gate = np_out * ns_in
        rep = np_in * ns_out
        itin = same_other
        liaison = np_out * ns_out - same_other
        if np_all > 0 and ns_all > 0:
            for e in range(pred_ptr[b], pred_ptr[b + 1]):
                a = pred_idx[e]
                ga = codes[a]
                if a == b or ga < 0:
                    continue
                if mark[a] == k:  # a == c is not a pair
                    if ga == gb:
                        coord -= 1
                    else:
                        itin -= 1
                n_in = 0
                n_all = 0
                n_a = 0
                for f in range(succ_ptr[a], succ_ptr[a + 1]):
                    c = succ_idx[f]
                    if c != a and mark[c] == k:
                        n_all += 1
                        gc = codes[c]
                        if gc == gb:
                            n_in += 1
                        if gc == ga:
                            n_a += 1
                if ga == gb:
                    coord -= n_in
                    rep -= n_all - n_in
                else:
                    gate -= n_in
                    itin -= n_a
                    liaison -= n_all - n_in - n_a
            out[k, 0] = coord
            out[k, 1] = gate
            out[k, 2] = rep
            out[k, 3] = itin
            out[k, 4] = liaison
        for e in range(succ_ptr[b], succ_ptr[b + 1]):
            c = succ_idx[e]
            if codes[c] >= 0:
                per_group[codes[c]] = 0


def brokerage_z_scores(
    G: nx.Graph | None,
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
    G : graph or None
        Directed or undirected (an undirected tie is two arcs). Only nodes with a group
        count: ``N`` and the group sizes are over them, and arcs among them give ``d``.
        None if ``group`` is a mapping and ``counts`` and ``population`` are given.
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
