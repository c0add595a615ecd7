"""
Brokers: who holds the ecosystem together, and what breaks if they leave.

:func:`rank_brokers` ranks the nodes of an undirected graph (people, teams
or organisations) by how much they broker, with for each node:

* **betweenness** — the share of shortest paths between other nodes that
  pass through it (NetworkX's normalised betweenness);
* **Burt's constraint** and **effective size** — structural holes: a low
  constraint and an effective size close to the degree mean the node's
  contacts do not know each other (NetworkX's definitions);
* **Gould–Fernandez brokerage roles** across groups (ICS, organisation
  kind), from :mod:`ecograph.analysis.brokerage`, counting each open pair
  once (``pairs="unordered"``);
* whether it is an **articulation point** (a single point of failure) and,
  if so, the sizes of the pieces that would split off if it left;
* a plain-English ``why`` a coordinator can act on.

:func:`bridges_on_one_person` lists the bridges: ties whose loss splits the
network, with the size of each side.

Scale
-----
NetworkX's exact betweenness costs ``O(n m)`` in Python: fine for a few
hundred nodes, hours for the national graph (~100,000 people, ~1,000,000
ties). So the work is done by C kernels when they are installed:

* up to ``exact_threshold`` nodes (default 10,000: one ICS) and ``exact_work``
  node-links (nodes times links, default 500 million: about a quarter of a
  minute of Brandes), betweenness is **exact** (Brandes' algorithm in
  ``igraph``, split over worker processes); it agrees with NetworkX to
  rounding (1e-12). The work limit keeps a dense graph of few nodes (the
  whole store's 9,490 organisations with 114,558 links at 100,000 people:
  1.1 billion node-links, 41–53 CPU-s exact) from costing minutes;
* above either, betweenness is **sampled** with KADABRA (``networkit``): each
  score is within a stated additive error of the exact one with a stated
  probability, and the ``method`` of each row says so;
* constraint, triangles and effective size come from sparse products
  (scipy) over the rows of the nodes that need them and their contacts'
  (NetworkX's definitions; effective size from triangle counts with
  Borgatti's formula on unweighted graphs, exactly what NetworkX computes);
* articulation points, split sizes and bridges come from one block-cut
  tree (biconnected components by a compiled depth-first search, igraph's
  blocks in igraph's order; igraph's own without numba), in linear time;
* brokerage roles (:func:`~ecograph.analysis.brokerage.role_counts`,
  compiled), split examples and ``why`` are computed only for the
  returned rows (``top``).

Given a :class:`~ecograph.analysis.projection.Projection` (what
``ecograph brokers`` passes), everything above runs on its arrays: no
NetworkX graph is built, and on the sampled path no igraph graph either
(~50 MB and 0.6 CPU-s at 100,000 people). ``ecograph brokers`` also lets
the store close its database once the projection is read (its page buffers
held ~200 MB). Measured on the generated 100,000-person ecosystem (91,795
people in post, 1,314,680 links), ``ecograph brokers --format json`` end to
end, medians of runs interleaved with the previous version on the loaded
2-core machine: 8.2 CPU-s and 0.52 GB peak, against 9.9 CPU-s and 0.92 GB
(CPU time varies with the load: 7.3–10.0 against 9.6–10.4); KADABRA takes
about 4.5 CPU-s of it, reading the projection about 2.5.

Without ``igraph`` and ``networkit`` (or with ``backend="networkx"``) the
same results come from NetworkX alone: exact betweenness up to the
threshold, source-pivot sampling above it (no error bound).

Measured with ``make benchmark`` (``benchmarks/README.md``) on the 2-core
development machine, quiet, on the person projection of synthetic ecosystems
(``ecograph.generate``), ``top=50``, medians of 3 runs:

* one ICS, 5,000 nodes, 83,000 edges, exact: 2.5 s (4.6 s CPU over two
  processes); NetworkX's exact betweenness on the same graph: 253 s.
* national, 100,000 nodes, 1,568,000 edges, sampled (``epsilon=0.005``,
  57,155 shortest-path samples): 17.0 s (17.2 s CPU); 47 of the exact top
  50 found (0.94; 0.92–0.98 over seeds 0–4; exact reference from igraph,
  100 CPU-minutes). NetworkX's exact run is estimated at about 50 hours. Part of KADABRA's time was
  networkit's exact diameter (1 s here, 79 s at 300,000 people): networkit 11.3's
  ``KadabraBetweenness`` takes no diameter bound (its ``run`` always computes the
  diameter exactly, in one thread), so with numba installed KADABRA runs in
  :mod:`ecograph.analysis._sampling` instead, the same algorithm with a
  diameter bound from one breadth-first search. KADABRA runs on one thread, because with
  several threads networkit 11.3 stops after a varying number of samples and
  a seed would not reproduce its ranking; the local measures are computed on
  the other core meanwhile.

Weights
-------
With ``weight`` (the projection's ``strength``), betweenness follows
shortest paths with link length ``1 / strength`` (igraph's Dijkstra-based
Brandes; NetworkX with the same lengths as the reference), and constraint and
effective size use the strengths as Burt's tie weights (igraph's weighted
constraint; effective size from sparse products, NetworkX's node-by-node
definition). Without it, a multigraph's parallel edges count once; with it,
their strengths add up. Self-loops are ignored.

Sampled betweenness, told honestly
----------------------------------
A sampled score within its error bound of 0 cannot be told from 0: ``why``
says "below what the sample can measure", never "on no shortest path", and
``method`` names the leading ranks whose order the bound certifies (each score
more than twice the bound above the next). On the generated 25,000-person
ecosystem the bound (±0.005) certifies only the first few ranks.

How far the order can be trusted: KADABRA stops when every node's own
confidence interval (``b - f``, ``b + g``: all hold at once with probability
``1 - delta``) is within ``epsilon``; below the top these intervals are much
narrower than ``epsilon``. They are kept (``rank_certified``, the certified
order, and how many nodes could be in the top ``top``), at no extra sampling.
Measured with ``epsilon = 0.005`` and seed 0 (person projection, unweighted
links; uniform bound -> each node's own intervals): on the generated
25,000-person ecosystem, nodes that could be in the top 50: 25,000 -> 144;
top-50 rows certain: 10 -> 16; median certified rank range of the top 50:
192 -> 62 ranks; on the 100,000-person ecosystem: 100,000 -> 2,970 nodes that
could be in the top 50, median range 99,994 -> 228 ranks. A tighter
``epsilon = 0.0025`` costs 3.5 times the samples (16 CPU-s against 6 at
25,000 people; 40 against 13 at 100,000) and narrows the 25,000-person
ranges to 87 candidates, 29 certain and a median of 25 ranks. The first
ranks' order stays certified only to rank 2 either way: the top scores are
closer than their intervals.

Exact betweenness of the top candidates alone is not cheaper: the exact
score of even one node needs the shortest paths from every source (Brandes),
so "exact for the top 200" costs as much as exact for all (over 25 minutes at
25,000 people on the loaded 2-core machine). For an exact ranking, rank one
ICS (``--ics``, exact up to 10,000 nodes).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Literal

import networkx as nx
import numpy as np

from ecograph.analysis import _kernels as K
from ecograph.analysis.brokerage import BROKERAGE_ROLES, as_unordered, brokerage_z_scores, group_codes, role_counts
from ecograph.analysis.projection import Projection

__all__ = ["rank_brokers", "bridges_on_one_person", "constraint_words", "certified_order", "certified_ranks"]

#: The roles reported on undirected links: gatekeeper stands for gatekeeper and representative,
#: which are the same pairs there (see ``rank_brokers``).
ROLES = ("coordinator", "gatekeeper", "itinerant", "liaison")

Backend = Literal["auto", "networkx"]
Normalise = Literal["all", "connected"]


def _simple(G: nx.Graph, weight: str | None = None) -> nx.Graph:
    """The graph itself, or a simple copy if it has parallel edges or
    self-loops (with ``weight``, parallel edges' strengths add up)."""
    if G.is_multigraph() or nx.number_of_selfloops(G):
        H = nx.Graph()
        H.add_nodes_from(G.nodes(data=True))
        for u, v, d in G.edges(data=True):
            if u == v:
                continue
            if weight is None:
                H.add_edge(u, v)
            else:
                old = H[u][v][weight] if H.has_edge(u, v) else 0.0
                H.add_edge(u, v, **{weight: old + d.get(weight, 1.0)})
        return H
    return G


def _display(G: nx.Graph, v: Any) -> str:
    name = G.nodes[v].get("name")
    return str(v) if name is None else str(name)


def _plural(noun: str, k: int) -> str:
    if k == 1:
        return noun
    if noun == "person":
        return "people"
    return noun + "s"


def _pct(x: float) -> str:
    p = 100.0 * x
    if p >= 9.5:
        return f"{p:.0f}%"
    if p >= 0.95:
        return f"{p:.1f}%".replace(".0%", "%")
    return f"{p:.2g}%"


@dataclass
class _Betweenness:
    scores: np.ndarray  # NetworkX's normalised scale
    bound: float  # additive error bound on the same scale: 0 if exact, inf if none is known
    method: str
    #: each node's own bounds below and above its score (KADABRA's confidence intervals,
    #: each within ``bound``), or None: ``bound`` for every node
    below: np.ndarray | None = None
    above: np.ndarray | None = None


def _betweenness(
    graph: Callable[[], nx.Graph],
    IG: K.IndexGraph,
    *,
    fast: bool,
    exact: bool,
    backend: Backend,
    epsilon: float,
    delta: float,
    pivots: int,
    seed: int,
    weight: str | None,
    cliques_only: bool,
) -> _Betweenness:
    n = IG.n
    weighted = weight is not None
    how = "weighted: distance = 1/strength, " if weighted else ""
    # Every component a clique (as many links as connected pairs): unweighted, no shortest path
    # has a node between its ends, every score is exactly 0; and networkit's KADABRA never stops
    # sampling such a graph (weighted, the source pivots below sample it instead).
    if n < 3 or IG.m == 0 or (cliques_only and not weighted):
        return _Betweenness(np.zeros(n), 0.0, "exact (no path has a node between its ends)")
    if backend == "auto" and fast:
        if exact and K.have_igraph():
            return _Betweenness(K.exact_betweenness_igraph(IG), 0.0, f"exact ({how}igraph)")
        # numba's sampler first: importing networkit alone costs 0.6 CPU-s and 74 MB
        if not exact and (K.have_numba() or K.have_networkit()) and not cliques_only:
            s = K.kadabra_betweenness(IG, epsilon, delta, seed)
            unweighted = ("on the unweighted links (KADABRA has no weighted form), "
                          if weighted else "")
            sampler = ("networkit KADABRA" if s.diameter_bound is None
                       else f"KADABRA, diameter bound {s.diameter_bound}")
            return _Betweenness(s.scores, s.bound, (
                f"sampled, {unweighted}k={s.samples} shortest paths ({sampler}, "
                f"epsilon={epsilon:g}, delta={delta:g})"
            ), s.below, s.above)
    length = (lambda u, v, d: 1.0 / d.get(weight, 1.0)) if weighted else None
    G = graph()
    nodes = list(G)
    if exact:
        b = nx.betweenness_centrality(G, weight=length)
        return _Betweenness(np.array([b[v] for v in nodes]), 0.0, f"exact ({how}networkx)")
    k = min(pivots, n)
    b = nx.betweenness_centrality(G, k=k, seed=seed, weight=length)
    return _Betweenness(np.array([b[v] for v in nodes]), math.inf,
                        f"sampled, {how}k={k} source pivots (networkx), no error bound")


#: Nodes times links above which betweenness is sampled even under ``exact_threshold`` nodes:
#: exact weighted Brandes in igraph costs about 30-40 ns per node-link here, so this is about a
#: quarter of a minute. The largest ICS's people at 100,000 people (452 million) stay exact.
EXACT_WORK = 500_000_000

#: Burt's constraint, in words: at most LOW is "low", at least HIGH is "high". One node with
#: ``d`` equally strong contacts who are not linked has constraint ``1/d``: LOW is four such
#: contacts, HIGH two.
LOW_CONSTRAINT, HIGH_CONSTRAINT = 0.25, 0.5
#: A role's z-score is given in ``why`` from this value up: the count stands out against what
#: group sizes and density would give.
Z_STANDS_OUT = 2.0


def constraint_words(c: float) -> str:
    """"low constraint", "constraint" or "high constraint": one threshold each, for every row."""
    if c <= LOW_CONSTRAINT:
        return "low constraint"
    if c >= HIGH_CONSTRAINT:
        return "high constraint"
    return "constraint"


def _apart(scores: np.ndarray, below: float | np.ndarray, above: float | np.ndarray | None) -> np.ndarray:
    """In descending order of score: whether each score's interval lies wholly above the next's."""
    upper = scores + (below if above is None else above)
    lower = scores - below
    ranked = np.argsort(-scores, kind="stable")
    return lower[ranked][:-1] > upper[ranked][1:]


def certified_order(scores: np.ndarray, bound: float | np.ndarray,
                    above: float | np.ndarray | None = None) -> int:
    """How many of the first ranks the error bounds certify: the largest ``r`` such that each
    of the ``r`` highest scores stays above the next one whatever the errors.

    Each true score lies in ``[scores - bound, scores + above]`` (``above`` defaults to
    ``bound``; either may be one number or one per node): with a single ``bound``, each gap
    must exceed ``2 * bound``. Every rank if exact."""
    if np.all(np.asarray(bound) == 0) and (above is None or np.all(np.asarray(above) == 0)):
        return len(scores)
    if not np.all(np.isfinite(bound)):
        return 0
    wide = _apart(scores, bound, above)
    return len(scores) if wide.all() else int(np.argmin(wide))


def certified_ranks(scores: np.ndarray, bound: float | np.ndarray,
                    above: float | np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ranks each node can hold, whatever the errors (true score in
    ``[scores - bound, scores + above]``, ``above`` defaulting to ``bound``).

    Node ``u`` is surely above ``v`` when its lowest value exceeds ``v``'s highest, so ``v``
    ranks no better than one plus the nodes surely above it, and no worse than the nodes not
    surely below it (itself included). Returns ``(best, worst)`` per node, 1-based; both are
    the exact rank if the bounds are 0 and there are no ties."""
    upper = scores + (bound if above is None else above)
    lower = scores - bound
    n = len(scores)
    surely_above = n - np.searchsorted(np.sort(lower), upper, side="right")
    not_below = n - np.searchsorted(np.sort(upper), lower, side="left")
    return surely_above + 1, not_below


def _why(
    row: dict[str, Any],
    *,
    group_noun: str,
    n_groups: int,
    n_groups_around: int,
    split_groups: str | None,
    rest: int,
    member_noun: str,
    bound: float,
    between: str,
    tied_pairs: int,
) -> str:
    """The reasons, each phrase under a condition on the row that tests/test_sentences.py checks."""
    parts: list[str] = []
    b = row["betweenness"]
    if bound == 0:  # exact
        if b > 0:
            parts.append(f"Sits on {_pct(b)} of shortest paths {between}")
        else:
            parts.append(f"Sits on no shortest path {between}")
    elif b > bound:
        parts.append(f"Sits on about {_pct(b)} of shortest paths {between}")
    elif math.isfinite(bound):
        parts.append(f"Betweenness below what the sample can measure (±{_pct(bound)})")
    else:
        parts.append("Betweenness below what the sample can measure (no error bound)"
                     if b == 0 else f"Sits on about {_pct(b)} of shortest paths {between} (no error bound)")
    if row["articulation_point"]:
        splits = row["splits"]
        k = sum(splits)
        if len(splits) == 1:
            where = f" in {split_groups}" if split_groups else ""
            parts.append(
                f"the only link between {k:,} {_plural(member_noun, k)}{where} "
                f"and the rest ({rest:,})"
            )
        else:
            parts.append(
                f"the only link to {len(splits)} separate clusters of "
                f"{k:,} {_plural(member_noun, k)} in all (largest {splits[0]:,})"
            )
    if n_groups >= 2:
        def z(role: str) -> str:
            value = row.get(f"z_{role}")  # said only where the role stands out
            return f", z {value:+.1f}" if value is not None and value >= Z_STANDS_OUT else ""

        cross = []
        if row["liaison"]:
            cross.append(f"liaison in {row['liaison']:,} {_plural('pair', row['liaison'])}{z('liaison')}")
        if row["gatekeeper"]:
            cross.append(
                f"links its own {group_noun} to others in {row['gatekeeper']:,} "
                f"{_plural('pair', row['gatekeeper'])}{z('gatekeeper')}"
            )
        if row["itinerant"]:
            cross.append(
                f"brokers inside another {group_noun} in {row['itinerant']:,} "
                f"{_plural('pair', row['itinerant'])}{z('itinerant')}"
            )
        if n_groups_around >= 2 and b > 0:
            text = f"connects {n_groups_around} {_plural(group_noun, n_groups_around)}"
            if cross:
                text += " (" + "; ".join(cross) + ")"
            parts.append(text)
        elif cross:
            parts.append("; ".join(cross))
        if row["coordinator"] and not (n_groups_around >= 2 and b > 0):
            parts.append(
                f"coordinates within its {group_noun} "
                f"({row['coordinator']:,} {_plural('pair', row['coordinator'])}{z('coordinator')})"
            )
    elif row["coordinator"]:
        k = row["coordinator"]
        parts.append(f"links {k:,} {_plural('pair', k)} of its contacts who have no link of their own")
    c, d = row["constraint"], row["degree"]
    if c is not None and d > 1:
        pairs = d * (d - 1) // 2
        if tied_pairs == 0:
            contacts = "contacts do not know each other"
        elif tied_pairs == pairs:
            contacts = "every two of its contacts are linked"
        else:
            contacts = f"{tied_pairs:,} of {pairs:,} pairs of its contacts are linked"
        shown = f"{c:.2f}"  # the words follow the value shown, so equal numbers get equal words
        parts.append(f"{constraint_words(float(shown))} ({shown}): {contacts}")
    elif d == 1:
        parts.append("only one contact")
    elif d == 0:
        parts.append("no contacts")
    return "; ".join(parts) + "."


@nx.utils.not_implemented_for("directed")
def rank_brokers(
    G: nx.Graph | Projection,
    group_attr: str = "group",
    top: int | None = None,
    *,
    exact_threshold: int = 10_000,
    exact_work: int | None = EXACT_WORK,
    seed: int = 0,
    epsilon: float = 0.005,
    delta: float = 0.1,
    pivots: int = 500,
    backend: Backend = "auto",
    group_noun: str | None = None,
    max_examples: int = 3,
    weight: str | None = None,
    normalise: Normalise = "all",
) -> list[dict[str, Any]]:
    """Rank the nodes of an undirected graph as brokers.

    Parameters
    ----------
    G : undirected graph or Projection
        Nodes should have attributes ``name``, ``label`` (Person, Team,
        Organisation) and the group attribute. Parallel edges count once
        (with ``weight``, their strengths add up); self-loops are ignored.
        A :class:`~ecograph.analysis.projection.Projection` (the arrays of
        :func:`~ecograph.analysis.projection.read_projection`) is ranked without
        building a NetworkX graph (``weight`` names one of its link arrays,
        e.g. "strength"): the national projection costs arrays, not a Python
        object per link.
    group_attr : str, optional (default="group")
        Node attribute holding each node's group (e.g. ICS code, organisation
        kind) for the brokerage roles. Nodes without it take part in paths
        but in no brokerage role (see :mod:`ecograph.analysis.brokerage`).
    top : int, optional
        Return only the first ``top`` rows (default: every node). The
        ranking is over all nodes; brokerage roles and split details are
        computed for the returned rows only, so a small ``top`` is much
        faster on a national graph.
    exact_threshold : int, optional (default=10,000)
        Graphs with more nodes get sampled betweenness; up to it, exact.
        ``0`` forces sampling.
    exact_work : int or None, optional (default=500,000,000)
        Graphs whose nodes times links exceed it get sampled betweenness too
        (exact Brandes costs about that product); None: no such limit.
    seed : int, optional (default=0)
        Random seed of the sampling; results are reproducible for a seed.
    epsilon, delta : float, optional (defaults 0.005 and 0.1)
        Sampled betweenness (KADABRA): every score within ``epsilon``
        (on the normalised scale) of its exact value with probability at
        least ``1 - delta``. Smaller ``epsilon`` costs about ``1/epsilon**2``
        more samples.
    pivots : int, optional (default=500)
        Number of source pivots when sampling falls back to NetworkX.
    backend : {"auto", "networkx"}, optional
        ``"auto"`` uses ``igraph`` and ``networkit`` when installed;
        ``"networkx"`` uses NetworkX only (the reference; slow on large
        graphs).
    group_noun : str, optional
        What a group is called in ``why`` ("ICS", "organisation kind").
        Default: "ICS" if ``group_attr`` is "ics", else "group".
    max_examples : int, optional (default=3)
        Names given in ``split_examples``.
    weight : str, optional
        Edge attribute holding each link's strength (positive; e.g. the projection's
        ``strength``). Betweenness then follows the shortest paths with link length
        ``1 / strength`` (a strong link is short); constraint and effective size use the
        strengths as Burt's tie weights (NetworkX's ``constraint`` and ``effective_size``
        with ``weight``). Above ``exact_threshold`` KADABRA samples the unweighted links
        (it has no weighted form) and ``method`` says so. Default: unweighted.
    normalise : {"all", "connected"}, optional (default="all")
        ``"all"``: NetworkX's normalisation, over the ``(n - 1)(n - 2) / 2`` pairs of other
        nodes, counting pairs that are not connected at all (isolated nodes dilute every
        score). ``"connected"``: over the pairs that are connected, the sum over components
        of ``n_c (n_c - 1) / 2``: the share of all shortest-path connections in the network
        that pass through the node, comparable between a region and the whole country.

    Returns
    -------
    list of dict
        One row per node, best broker first: by betweenness, then effective
        size (larger first), then name. Keys:

        ``rank`` (1-based), ``id`` (the node), ``name``, ``label``, ``group``;
        ``betweenness`` (normalised as ``normalise`` says, 0–1);
        ``betweenness_bound`` (its additive error bound on the same scale: 0 if
        exact, ``inf`` if unknown); ``rank_certified`` (the error bounds keep this
        row apart from its neighbours in the ranking: with KADABRA, each node's own
        confidence interval, within the bound and narrower below the top);
        ``constraint`` and ``effective_size`` (Burt; ``None`` for a node with no
        contacts); ``degree``; ``linked_contact_pairs`` (pairs of its contacts
        linked to each other); ``coordinator``, ``gatekeeper``, ``itinerant``,
        ``liaison`` (Gould–Fernandez counts over distinct open pairs,
        ``pairs="unordered"``). On undirected links a gatekeeper pair and a
        representative pair are the same pair read in two directions, so the
        two roles are one: ``gatekeeper`` counts the pairs with exactly one end
        in the node's group, and there is no separate representative count.
        ``z_coordinator``, ``z_gatekeeper``, ``z_itinerant``, ``z_liaison``: each
        role's ordered count against what group sizes and density would give
        (:func:`~ecograph.analysis.brokerage.brokerage_z_scores`, as
        ``sna::brokerage``; ``None`` if the null has no variance);
        ``articulation_point`` (bool); ``splits`` (sizes of the pieces cut
        off from the largest remaining piece if the node left, largest
        first; empty if not an articulation point); ``split_examples``
        (up to ``max_examples`` names from those pieces, the best connected
        first, then by name); ``method`` ("exact, ..." or "sampled ...", with
        the normalisation, the error bound, the ranks it certifies and, sampled with
        ``top``, how many of the top rows are certain and how many nodes could be
        among them: see :func:`certified_ranks`); ``why``.

    Raises
    ------
    NetworkXNotImplemented
        If ``G`` is directed.

    See Also
    --------
    ecograph.analysis.brokerage.brokerage_roles
    networkx.betweenness_centrality, networkx.constraint,
    networkx.effective_size, networkx.articulation_points

    Examples
    --------
    In the Florentine families' marriage network the Medici are the broker:

    >>> import networkx as nx
    >>> G = nx.florentine_families_graph()
    >>> rows = rank_brokers(G, top=3)
    >>> [(r["id"], round(r["betweenness"], 3)) for r in rows]
    [('Medici', 0.522), ('Guadagni', 0.255), ('Albizzi', 0.212)]
    >>> rows[0]["articulation_point"], rows[0]["splits"], rows[0]["split_examples"]
    (True, [2, 1], ['Salviati', 'Acciaiuoli', 'Pazzi'])
    >>> rows[0]["method"].startswith("exact")
    True

    With groups, the roles show who links them. A team of five in one ICS
    and a team of three in another, joined through one person:

    >>> H = nx.complete_graph(5)
    >>> H.add_edges_from([(4, 5), (5, 6), (6, 7), (7, 8), (8, 6)])
    >>> nx.set_node_attributes(H, {v: "QE1" if v < 5 else "QMJ" for v in H}, "ics")
    >>> best = rank_brokers(H, "ics", top=2)
    >>> [(r["id"], r["splits"], r["gatekeeper"], r["liaison"]) for r in best]
    [(4, [4], 4, 0), (5, [3], 1, 0)]
    >>> best[1]["why"]
    'Sits on 54% of shortest paths between others; the only link between 3 nodes in QMJ and the rest (5); connects 2 ICSs (links its own ICS to others in 1 pair); high constraint (0.50): contacts do not know each other.'

    With link strengths, a strong tie is a short path. Here the direct link
    between 0 and 2 is weak (length 10), so the path through 1 is shorter:

    >>> W = nx.Graph()
    >>> W.add_weighted_edges_from([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.1)], weight="strength")
    >>> [(r["id"], r["betweenness"]) for r in rank_brokers(W, weight="strength", top=1)]
    [(1, 1.0)]
    """
    if backend not in ("auto", "networkx"):
        raise ValueError("backend must be 'auto' or 'networkx'")
    if normalise not in ("all", "connected"):
        raise ValueError("normalise must be 'all' or 'connected'")
    if isinstance(G, Projection):
        # arrays all the way: a NetworkX graph is built only if a NetworkX kernel needs one
        proj = G
        IG = proj.index_graph(weight)
        nodes: list[Any] = proj.ids
        names = [str(v) if name is None else str(name) for v, name in zip(nodes, proj.column("name"))]
        labels, groups = proj.column("label"), proj.column(group_attr)
        built: list[nx.Graph] = []

        def graph() -> nx.Graph:
            if not built:
                built.append(proj.networkx())
            return built[0]
    else:
        G = _simple(G, weight)
        IG = K.index_graph(G, weight)
        nodes = list(G)
        nd = G._node
        names = [_display(G, v) for v in nodes]
        labels = [nd[v].get("label") for v in nodes]
        groups = [nd[v].get(group_attr) for v in nodes]

        def graph() -> nx.Graph:
            return G
    n = IG.n
    if n == 0:
        return []
    if group_noun is None:
        group_noun = "ICS" if group_attr.lower() in ("ics", "ics_code") else "group"
    use_fast = backend == "auto" and K.have_igraph()
    exact = n <= exact_threshold and (exact_work is None or n * IG.m <= exact_work)
    if use_fast and exact:
        IG.igraph()  # exact betweenness needs it: built here, before the betweenness thread starts
    IG.links()  # shared by the kernels of both threads: built before them
    pairs = K.component_pairs(IG)
    # Betweenness runs in a thread: the C++ kernels release the GIL, so the
    # local measures below are computed meanwhile on the other core.
    with ThreadPoolExecutor(max_workers=1) as pool:
        if backend == "networkx":
            graph()  # built here, not in both threads
        future = pool.submit(
            _betweenness, graph, IG, fast=backend == "auto", exact=exact, backend=backend,
            epsilon=epsilon, delta=delta, pivots=pivots, seed=seed, weight=weight,
            cliques_only=pairs == IG.m,
        )
        degree = IG.degree
        blocks = K.biconnected_blocks(IG, use_igraph=use_fast)
        tree = K.BlockCutTree(n, blocks)
        found = future.result()

    bc, bound, method = found.scores, found.bound, found.method
    below = bound if found.below is None else found.below
    above = bound if found.above is None else found.above
    if normalise == "connected":
        factor = (n - 1) * (n - 2) / 2 / pairs if pairs else 0.0
        bc, bound, below, above = bc * factor, bound * factor, below * factor, above * factor
        between = "between connected pairs"
    else:
        between = "between others"
    certified = certified_order(bc, below, above)
    if bound and math.isfinite(bound):
        own = " with each node's own interval, narrower below the top," if found.below is not None else ""
        method += (f", error bound ±{bound:.2g} with probability ≥ {1 - delta:.0%} (it certifies{own} "
                   + (f"the order of ranks 1–{certified})" if certified else "no rank's order)"))
        if top is not None and 0 < top < n:
            best, worst = certified_ranks(bc, below, above)
            method += (f"; {int(np.count_nonzero(worst <= top))} of the top {top} are certain, "
                       f"{int(np.count_nonzero(best <= top)):,} nodes could be in it")
    if normalise == "connected":
        method += "; normalised over the connected pairs"
    # rounded so that ties do not depend on the kernel's last bits
    bc_key = np.round(bc, 12)
    # Effective size only breaks ties of betweenness: it is needed for the nodes that could be
    # among the returned rows and the one after them (its interval certifies the last row).
    if top is None or top + 1 >= n:
        needed = np.arange(n)
    else:
        threshold = np.partition(bc_key, n - (max(0, top) + 1))[n - (max(0, top) + 1)]
        needed = np.flatnonzero(bc_key >= threshold)
    tri = np.zeros(n, dtype=np.int64)
    esize = np.full(n, np.nan)
    if use_fast:
        tri[needed] = K.triangles(IG, needed)
    else:
        t = nx.triangles(graph(), nodes=[nodes[i] for i in needed])
        tri[needed] = [t[nodes[i]] for i in needed]
    if weight is None:
        esize[needed] = K.effective_size_from_triangles(degree[needed], tri[needed])
    elif use_fast:
        esize[needed] = K.weighted_effective_size(IG, needed)
    else:  # NetworkX's definition, node by node (its matrix shortcut mis-scales weights)
        e = nx.effective_size(graph(), nodes=[nodes[i] for i in needed], weight=weight)
        esize[needed] = [e[nodes[i]] for i in needed]
    es_key = np.where(np.isnan(esize), -np.inf, np.round(esize, 12))
    by_name = np.empty(len(needed), dtype=np.int64)
    by_name[np.argsort(np.asarray(names, dtype=object)[needed], kind="stable")] = np.arange(len(needed))
    order = needed[np.lexsort((by_name, -es_key[needed], -bc_key[needed]))].tolist()
    # each row's interval against its neighbours' in the ranking (KADABRA's own intervals,
    # narrower than the bound below the top)
    lower, upper = bc - below, bc + above
    gaps = (lower[order][:-1] - upper[order][1:]) if bound else None
    if top is not None:
        order = order[: max(0, top)]
    row_nodes = [nodes[i] for i in order]
    if use_fast:
        cons_of = dict(zip(order, K.constraint(IG, np.asarray(order, dtype=np.int64)).tolist()))
    else:
        c = nx.constraint(graph(), nodes=row_nodes, weight=weight)
        cons_of = {i: c[nodes[i]] for i in order}
    adjacency = K.neighbours(IG)
    # the roles from the index graph's rows (each link both ways): sna's ordered counts for the
    # z-scores, each open pair once for the rows
    links = (adjacency.indptr, adjacency.indices)
    ordered = role_counts(links, links, group_codes(groups), np.asarray(order, dtype=np.int64))

    def by_node(counts: np.ndarray) -> dict[Any, dict[str, int]]:
        return {v: dict(zip(BROKERAGE_ROLES, row)) for v, row in zip(row_nodes, counts.tolist())}

    roles = by_node(as_unordered(ordered))
    grouped = np.array([g is not None for g in groups], dtype=bool)
    arcs = 2 * int(np.count_nonzero(grouped[IG.edges[:, 0]] & grouped[IG.edges[:, 1]])) if IG.m else 0
    z_scores = brokerage_z_scores(None, {nodes[i]: groups[i] for i in order}, by_node(ordered),
                                  population=(Counter(g for g in groups if g is not None), arcs))
    n_groups = len(set(groups) - {None})
    member_noun = "person" if all(label == "Person" for label in labels) else "node"
    rows: list[dict[str, Any]] = []
    for rank, i in enumerate(order, start=1):
        v = nodes[i]
        cval, eval_ = cons_of[i], esize[i]
        if gaps is None:
            apart = True
        else:
            before = gaps[rank - 2] if rank > 1 else math.inf
            after = gaps[rank - 1] if rank - 1 < len(gaps) else math.inf
            apart = bool(min(before, after) > 0)
        row: dict[str, Any] = {
            "rank": rank,
            "id": v,
            "name": names[i],
            "label": labels[i],
            "group": groups[i],
            "betweenness": float(bc[i]),
            "betweenness_bound": float(bound),
            "rank_certified": apart,
            "constraint": None if math.isnan(cval) else float(cval),
            "effective_size": None if math.isnan(eval_) else float(eval_),
            "degree": int(degree[i]),
            "linked_contact_pairs": int(tri[i]),
        }
        for role in ROLES:
            row[role] = roles[v][role]
            row[f"z_{role}"] = z_scores[v][role]["z"]
        split_groups = None
        rest = 0
        if tree.is_cut(i):
            pieces = tree.pieces(i)
            rest = pieces[0][0]
            cut_off = pieces[1:]
            row["articulation_point"] = True
            row["splits"] = [s for s, _ in cut_off]
            members = [j for _, blk in cut_off for j in tree.piece_nodes(i, blk)]
            best = heapq.nsmallest(max_examples, members, key=lambda j: (-degree[j], names[j]))
            row["split_examples"] = [names[j] for j in best]
            if len(cut_off) == 1:
                gs = Counter(groups[j] for j in members)
                g, k = gs.most_common(1)[0]
                if g is not None and k * 2 > len(members):
                    split_groups = str(g)
        else:
            row["articulation_point"] = False
            row["splits"] = []
            row["split_examples"] = []
        row["method"] = method
        groups_around = {groups[u] for u in adjacency[i]}
        groups_around.add(groups[i])
        groups_around.discard(None)
        row["why"] = _why(
            row,
            group_noun=group_noun,
            n_groups=n_groups,
            n_groups_around=len(groups_around),
            split_groups=split_groups,
            rest=rest,
            member_noun=member_noun,
            bound=bound,
            between=between,
            tied_pairs=int(tri[i]),
        )
        rows.append(row)
    return rows


@nx.utils.not_implemented_for("directed")
def bridges_on_one_person(
    G: nx.Graph, min_side: int = 1, *, backend: Backend = "auto"
) -> list[dict[str, Any]]:
    """List the bridges of a graph: ties whose loss splits the network.

    A bridge (``networkx.bridges``) is an edge on no cycle. In a people
    graph it is a relationship that hangs on one person at each end: if
    either leaves, or the two stop talking, the two sides lose touch.

    Parameters
    ----------
    G : undirected graph
        Typically the people graph (``KNOWS`` ties). Nodes may have a
        ``name`` attribute. Parallel edges count once (so a doubled tie is
        still a bridge); self-loops are ignored.
    min_side : int, optional (default=1)
        Keep only bridges whose smaller side has at least this many nodes.
        ``2`` drops the ties to people known by nobody else.
    backend : {"auto", "networkx"}, optional
        ``"auto"`` finds the blocks with ``igraph`` when installed.

    Returns
    -------
    list of dict
        One row per bridge, the most consequential first (larger smaller
        side, then names): ``u``, ``v`` (nodes), ``u_name``, ``v_name``,
        ``u_side`` and ``v_side`` (nodes left on each end's side if the tie
        is cut), ``smaller_side``.

    Examples
    --------
    Two triangles joined by one tie, and a hanger-on:

    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4), (6, 7)])
    >>> [(r["u"], r["v"], r["u_side"], r["v_side"]) for r in bridges_on_one_person(G)]
    [(3, 4, 3, 4), (6, 7, 6, 1)]
    >>> len(bridges_on_one_person(G, min_side=2))
    1
    """
    G = _simple(G)
    IG = K.index_graph(G)
    use_ig = backend == "auto" and K.have_igraph()
    tree = K.BlockCutTree(IG.n, K.biconnected_blocks(IG, use_igraph=use_ig))
    nodes = IG.nodes
    rows = []
    for a, b, sa, sb in tree.bridges():
        if a > b:
            a, b, sa, sb = b, a, sb, sa
        if min(sa, sb) < min_side:
            continue
        u, v = nodes[a], nodes[b]
        rows.append(
            {
                "u": u,
                "v": v,
                "u_name": _display(G, u),
                "v_name": _display(G, v),
                "u_side": sa,
                "v_side": sb,
                "smaller_side": min(sa, sb),
            }
        )
    rows.sort(key=lambda r: (-r["smaller_side"], r["u_name"], r["v_name"]))
    return rows
