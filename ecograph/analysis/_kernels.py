"""Fast kernels behind :mod:`ecograph.analysis.brokers` (private).

Each kernel works on a simple undirected graph given as an index graph
(:class:`IndexGraph`: nodes ``0 .. n-1`` and an ``(m, 2)`` edge array) and
returns plain numpy arrays. The C libraries are optional at import time:

* ``igraph`` (C): exact betweenness (Brandes), Burt's constraint, local
  transitivity (for effective size), biconnected components. Exact
  betweenness is split over worker processes by source node, since
  python-igraph holds the GIL.
* ``networkit`` (C++/OpenMP): KADABRA sampled betweenness with an
  (epsilon, delta) guarantee, for graphs too large for exact betweenness.

The public functions in :mod:`ecograph.analysis.brokers` keep NetworkX as
the reference: the tests check these kernels against NetworkX.
"""

from __future__ import annotations

import os
from itertools import chain
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

__all__ = [
    "IndexGraph",
    "BlockCutTree",
    "have_igraph",
    "have_networkit",
    "index_graph",
]


def have_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def have_numba() -> bool:
    from ._sampling import have_numba as have

    return have()


def have_networkit() -> bool:
    try:
        import networkit  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class IndexGraph:
    """A simple undirected graph on ``0 .. n-1``: ``nodes[i]`` is the
    original node, ``edges`` has one row ``(i, j)``, ``i < j``, per edge."""

    nodes: list[Any]
    edges: np.ndarray
    degree: np.ndarray
    _ig: Any = None
    #: tie strength of each edge (same order as ``edges``), or None: unweighted
    strength: np.ndarray | None = None
    _links: Any = None
    _components: Any = None

    @property
    def distance(self) -> np.ndarray | None:
        """Length of each edge for weighted shortest paths: ``1 / strength``."""
        return None if self.strength is None else 1.0 / self.strength

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.edges)

    def networkx(self) -> nx.Graph:
        """The same graph as a ``networkx.Graph`` on ``0 .. n-1``, edges in order."""
        H = nx.Graph()
        H.add_nodes_from(range(self.n))
        H.add_edges_from(self.edges.tolist())
        return H

    def canonical(self, key: Any = None) -> tuple["IndexGraph", np.ndarray]:
        """The same graph with its nodes numbered in sorted order (by ``key`` of each node)
        and its edges sorted, and ``rank``: old index -> new index. Two index graphs of one
        graph, however it was read, have the same canonical form, so seeded algorithms on
        it repeat."""
        keys = [key(v) for v in self.nodes] if key else self.nodes
        if all(a <= b for a, b in zip(keys, keys[1:])):  # in order already: no sort
            if _sorted_edges(self.edges):
                return self, np.arange(self.n)  # already canonical (a projection read by id)
            order = list(range(self.n))
        else:
            order = sorted(range(self.n), key=keys.__getitem__)
        rank = np.empty(self.n, dtype=np.int64)
        rank[order] = np.arange(self.n)
        canonical = index_graph_from_pairs([self.nodes[i] for i in order],
                                           rank[self.edges[:, 0]], rank[self.edges[:, 1]])
        return canonical, rank

    def links(self) -> Any:
        """The adjacency matrix (compressed rows, each link both ways, ones as ``int8``,
        ``int32`` indices), built once and shared by the kernels."""
        if self._links is None:
            self._links = _adjacency(self, np.ones(self.m, dtype=np.int8))
        return self._links

    def components(self) -> np.ndarray:
        """Each node's connected component (``int32`` labels), found once."""
        if self._components is None:
            A = self.links()
            from ._sampling import compiled, have_numba

            if have_numba():
                labels = np.full(self.n, -1, dtype=np.int32)
                compiled(_label_components)(A.indptr, A.indices, labels)
            else:  # scipy's works on a float copy of the matrix (~20 MB per million links)
                import scipy.sparse.csgraph as csgraph

                labels = csgraph.connected_components(A, directed=False)[1].astype(np.int32)
            self._components = labels
        return self._components

    def igraph(self) -> Any:
        """The same graph as an ``igraph.Graph`` (built once)."""
        if self._ig is None:
            import igraph as ig

            g = ig.Graph(n=self.n)
            # python-igraph converts a numpy array value by value (numpy scalars): two lists of
            # Python ints convert in about half the time (4.0 -> 2.3 CPU-s for the 8.4 million
            # ties of a million people). One call: each add_edges re-indexes the whole graph.
            g.add_edges(zip(self.edges[:, 0].tolist(), self.edges[:, 1].tolist()))
            self._ig = g
        return self._ig


def _label_components(indptr, indices, labels):  # pragma: no cover - compiled by numba
    """Label the connected components ``0, 1, ...`` in order of their lowest node (breadth
    first from it); ``labels`` is all -1 on entry."""
    n = len(indptr) - 1
    queue = np.empty(n, np.int64)
    count = 0
    for root in range(n):
        if labels[root] >= 0:
            continue
        labels[root] = count
        queue[0] = root
        head, tail = 0, 1
        while head < tail:
            x = queue[head]
            head += 1
            for k in range(indptr[x], indptr[x + 1]):
                y = indices[k]
                if labels[y] < 0:
                    labels[y] = count
                    queue[tail] = y
                    tail += 1
        count += 1


def _sorted_edges(edges: np.ndarray) -> bool:
    """Whether every edge is ``(i, j)``, ``i < j``, each once, in sorted order."""
    if len(edges) == 0:
        return True
    if not np.all(edges[:, 0] < edges[:, 1]):
        return False
    a, b = edges[:-1], edges[1:]
    return bool(np.all((a[:, 0] < b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] < b[:, 1]))))


def index_graph(G: nx.Graph, weight: str | None = None) -> IndexGraph:
    """Index an undirected NetworkX graph; self-loops are dropped and
    parallel edges counted once. With ``weight``, each edge's value of that
    attribute (a positive tie strength) is kept in ``strength``."""
    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    adj = G._adj
    lens = np.fromiter(map(len, map(adj.__getitem__, nodes)), np.int64, count=len(nodes))
    total = int(lens.sum())
    src = np.repeat(np.arange(len(nodes), dtype=np.int64), lens)
    dst = np.fromiter(
        map(idx.__getitem__, chain.from_iterable(map(adj.__getitem__, nodes))),
        np.int64,
        count=total,
    )
    keep = src < dst  # each undirected edge appears once each way
    edges = np.column_stack((src[keep], dst[keep]))
    deg = np.bincount(edges.ravel(), minlength=len(nodes)).astype(np.int64)
    strength = None
    if weight is not None:
        strength = np.fromiter((adj[nodes[i]][nodes[j]].get(weight, 1.0) for i, j in edges.tolist()),
                               float, count=len(edges))
        if len(strength) and not np.all(strength > 0):
            raise ValueError(f"edge attribute {weight!r} must be positive on every edge")
    return IndexGraph(nodes, edges, deg, strength=strength)


def index_graph_from_pairs(nodes: list[Any], src: np.ndarray, dst: np.ndarray) -> IndexGraph:
    """The simple graph on ``nodes`` with an edge per index pair ``(src[k], dst[k])``:
    self-loops dropped, each edge once as ``(i, j)``, ``i < j``, edges sorted. With
    ``nodes`` sorted, two calls on the same graph give the same index graph whatever
    the order of the pairs, so seeded algorithms on it repeat."""
    n = len(nodes)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    keys = np.unique(lo[lo != hi] * max(n, 1) + hi[lo != hi])
    edges = np.column_stack((keys // max(n, 1), keys % max(n, 1))).astype(np.int64)
    deg = np.bincount(edges.ravel(), minlength=n).astype(np.int64)
    return IndexGraph(nodes, edges, deg)


def canonical_index_graph(G: nx.Graph) -> IndexGraph:
    """The canonical index graph (:meth:`IndexGraph.canonical`) of a NetworkX graph."""
    return index_graph(G).canonical()[0]


# --------------------------------------------------------------------------
# communities


def communities(IG: IndexGraph, seed: int, use_igraph: bool) -> list[list[int]]:
    """Communities of maximal modularity (resolution 1) as lists of node indices.

    igraph's Leiden (``community_leiden``, modularity objective, C) with its random
    generator seeded for the call, or NetworkX's Louvain (``louvain_communities`` with
    ``seed``) without igraph. Leiden refines Louvain: its communities are always internally
    connected, and it is several times faster: one iteration takes 9 CPU seconds on the
    million-person people graph where Louvain took 54, with modularity 0.950 for both (a
    second iteration adds 0.0003 for 4 seconds more). The two break ties differently,
    so their partitions can differ a little (the tests compare their modularity).
    """
    if IG.m == 0:
        return [[i] for i in range(IG.n)]
    if use_igraph:
        import random

        import igraph as ig

        # Leiden draws random numbers per node: it runs on the linked nodes only, so people
        # without ties (each a community of one anyway) do not change everybody else's.
        linked = np.flatnonzero(IG.degree > 0)
        graph = IG.igraph()  # (shared: the bridge search builds it too)
        if len(linked) < IG.n:
            graph = graph.induced_subgraph(linked.tolist(), implementation="create_from_scratch")
        ig.set_random_number_generator(random.Random(seed))
        try:
            clusters = graph.community_leiden(objective_function="modularity", n_iterations=1)
        finally:
            ig.set_random_number_generator(random)
        alone = np.flatnonzero(IG.degree == 0).tolist()
        return [linked[c].tolist() for c in clusters] + [[i] for i in alone]
    return [sorted(c) for c in nx.community.louvain_communities(IG.networkx(), seed=seed)]


# --------------------------------------------------------------------------
# betweenness


def _nx_scale(n: int) -> float:
    """Factor from igraph's undirected betweenness (each unordered pair once)
    to NetworkX's normalised value."""
    return 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


# A worker in a fresh interpreter (not multiprocessing: that would re-run the
# caller's __main__ script, or fork a process that may hold threads). It reads
# n, start, step from argv and, from stdin, the edge count, the edges (int64
# pairs), the length count and the lengths (float64), in this machine's byte
# order, and writes the partial Brandes sums over sources start, start+step,
# ... (float64). It imports igraph only: numpy would add 0.15 CPU-s a worker,
# and an atlas starts one per ICS.
_WORKER = """
import array
import sys
import igraph as ig
n, start, step = (int(a) for a in sys.argv[1:4])
data = memoryview(sys.stdin.buffer.read())
m = int.from_bytes(data[:8], sys.byteorder)
edges = array.array("q")
edges.frombytes(data[8:8 + 16 * m])
k = int.from_bytes(data[8 + 16 * m:16 + 16 * m], sys.byteorder)
lengths = array.array("d")
lengths.frombytes(data[16 + 16 * m:16 + 16 * m + 8 * k])
g = ig.Graph(n=n)
pairs = iter(edges)
g.add_edges(list(zip(pairs, pairs)))
out = g.betweenness(directed=False, sources=range(start, n, step), weights=lengths.tolist() if k else None)
sys.stdout.buffer.write(array.array("d", out).tobytes())
"""


def _worker_input(IG: IndexGraph) -> bytes:
    """What :data:`_WORKER` reads from stdin: the graph's edges and link lengths."""
    import sys

    lengths = np.zeros(0) if IG.strength is None else np.ascontiguousarray(IG.distance, dtype=np.float64)
    return b"".join((IG.m.to_bytes(8, sys.byteorder), np.ascontiguousarray(IG.edges, dtype=np.int64).tobytes(),
                     len(lengths).to_bytes(8, sys.byteorder), lengths.tobytes()))


def _lengths(IG: IndexGraph) -> list[float] | None:
    return None if IG.strength is None else IG.distance.tolist()


def _igraph_partial(IG: IndexGraph, start: int, step: int) -> np.ndarray:
    sources = range(start, IG.n, step)
    return np.asarray(IG.igraph().betweenness(directed=False, sources=sources, weights=_lengths(IG)),
                      dtype=float)


def exact_betweenness_igraph(
    IG: IndexGraph, n_jobs: int | None = None, min_work: int = 20_000_000
) -> np.ndarray:
    """Exact normalised betweenness (NetworkX scale) with igraph.

    If the index graph has tie strengths, shortest paths are weighted with
    length ``1 / strength`` (Dijkstra); otherwise every edge has length 1.

    python-igraph holds the GIL, so on a large enough graph the sources are
    split between this process and ``n_jobs - 1`` worker interpreters; the
    partial sums add up to the full Brandes sums. If a worker fails its share
    is computed here. Graphs with ``n * m < min_work`` (well under a second
    of work) stay in this process.
    """
    import subprocess
    import sys

    n = IG.n
    if n < 3 or IG.m == 0:
        return np.zeros(n)
    if n_jobs is None:
        n_jobs = min(os.cpu_count() or 1, 8)
    if n_jobs <= 1 or n * IG.m < min_work:
        b = IG.igraph().betweenness(directed=False, weights=_lengths(IG))
        return np.asarray(b, dtype=float) * _nx_scale(n)
    payload = _worker_input(IG)
    procs: list[tuple[int, subprocess.Popen | None]] = []
    for k in range(1, n_jobs):
        try:
            p = subprocess.Popen(
                [sys.executable, "-c", _WORKER, str(n), str(k), str(n_jobs)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert p.stdin is not None
            p.stdin.write(payload)
            p.stdin.close()
        except OSError:  # pragma: no cover - cannot start processes here
            p = None
        procs.append((k, p))
    total = _igraph_partial(IG, 0, n_jobs)
    for k, p in procs:
        part = None
        if p is not None:
            assert p.stdout is not None
            out = p.stdout.read()
            p.stdout.close()
            if p.wait() == 0:
                part = np.frombuffer(out, dtype=np.float64) if len(out) == 8 * n else None
        if part is None or part.shape != (n,):  # pragma: no cover
            part = _igraph_partial(IG, k, n_jobs)
        total += part
    return total * _nx_scale(n)


@dataclass
class SampledBetweenness:
    scores: np.ndarray
    samples: int
    bound: float  # additive error bound on the NetworkX scale
    delta: float
    #: the diameter bound that sized the sample: ours, or None for networkit's exact diameter
    diameter_bound: int | None = None
    #: each node's own error below and above its score (same scale), or None: ``bound``
    below: np.ndarray | None = None
    above: np.ndarray | None = None


def kadabra_betweenness(
    IG: IndexGraph, epsilon: float, delta: float, seed: int
) -> SampledBetweenness:
    """KADABRA (Borassi & Natale 2016) sampled betweenness with networkit.

    networkit guarantees each score within ``epsilon`` of the exact fraction
    of ordered pairs ``(s, t)`` whose shortest paths pass through ``v``, with
    probability at least ``1 - delta``. networkit reports twice that fraction
    for undirected graphs; NetworkX's normalised value is the fraction times
    ``n / (n - 2)``. The bound is converted likewise.

    With numba installed, the sampling is :mod:`ecograph.analysis._sampling`'s: the same
    algorithm and guarantee, with a diameter bound from one breadth-first search instead of
    networkit's exact (serial, superlinear) diameter.
    """
    n = IG.n
    if n < 3 or IG.m == 0:
        return SampledBetweenness(np.zeros(n), 0, 0.0, delta)
    # The samples depend on node numbering and edge order, and a store may return the
    # projection in another order each time: number the nodes by id and sort the edges,
    # so that a seed gives the same ranking for the same graph however it was read.
    canonical, rank = IG.canonical(key=str)
    factor = n / (n - 2)
    if have_numba():
        from ._sampling import kadabra

        A = canonical.links()
        found = kadabra(A.indptr, A.indices, epsilon, delta, seed, canonical.components())
        return SampledBetweenness(found.shares[rank] * factor, found.samples, epsilon * factor, delta,
                                  found.diameter_bound, found.below[rank] * factor, found.above[rank] * factor)
    import networkit as nk

    H = nk.GraphFromCoo((canonical.edges[:, 0], canonical.edges[:, 1]), n=n, directed=False)
    # networkit 11.3's "deterministic" KADABRA still stops after a varying
    # number of samples when several OpenMP threads sample (measured: 67,851
    # to 72,615 for one seed), so the same seed would rank differently from
    # run to run. One thread makes a seed reproducible; the caller keeps the
    # other core busy with the local measures meanwhile. The OpenMP thread
    # count is per calling thread, so it is restored for the caller.
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)
    try:
        nk.engineering.setSeed(seed, True)
        alg = nk.centrality.KadabraBetweenness(H, err=epsilon, delta=delta, deterministic=True)
        alg.run()
    finally:
        nk.setNumberOfThreads(threads)
    scores = np.asarray(alg.scores(), dtype=float)[rank] / 2.0 * factor
    return SampledBetweenness(scores, int(alg.getNumberOfIterations()), epsilon * factor, delta)


# --------------------------------------------------------------------------
# structural holes


def effective_size_from_triangles(degree: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Borgatti's effective size ``n - 2t/n`` of an unweighted undirected
    ego network (``n`` contacts, ``t`` ties among them); NaN for isolates.
    This is the formula NetworkX uses for such graphs."""
    d = degree.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        es = d - 2.0 * triangles / d
    es[degree == 0] = np.nan
    return es


def _adjacency(IG: IndexGraph, values: np.ndarray) -> Any:
    import scipy.sparse as sp

    index = np.int32 if IG.n < 2**31 else np.int64  # half the scratch of int64 pairs
    lo, hi = IG.edges[:, 0].astype(index), IG.edges[:, 1].astype(index)
    rows, cols = np.concatenate((lo, hi)), np.concatenate((hi, lo))
    del lo, hi
    return sp.csr_matrix((np.concatenate((values, values)), (rows, cols)), shape=(IG.n, IG.n))


def _rows_of(IG: IndexGraph, values: np.ndarray, rows: np.ndarray) -> Any:
    """The weighted adjacency matrix holding only the links of ``rows`` (the others are empty):
    the same rows as the whole matrix, without building it."""
    import scipy.sparse as sp

    if len(rows) == IG.n:
        return _adjacency(IG, values)
    inside = np.zeros(IG.n, dtype=bool)
    inside[rows] = True
    forward, backward = inside[IG.edges[:, 0]], inside[IG.edges[:, 1]]
    index = np.int32 if IG.n < 2**31 else np.int64
    lo, hi = IG.edges[:, 0].astype(index), IG.edges[:, 1].astype(index)
    return sp.csr_matrix((np.concatenate((values[forward], values[backward])),
                          (np.concatenate((lo[forward], hi[backward])), np.concatenate((hi[forward], lo[backward])))),
                         shape=(IG.n, IG.n))


def _with_contacts(IG: IndexGraph, chosen: np.ndarray) -> np.ndarray:
    """``chosen`` and every contact of theirs (all nodes if ``chosen`` is all of them)."""
    if len(chosen) == IG.n:
        return chosen
    A = IG.links()
    keep = np.zeros(IG.n, dtype=bool)
    keep[chosen] = True
    keep[A[chosen].indices] = True
    return np.flatnonzero(keep)


def _blocks(work: np.ndarray, chunk_work: float) -> Any:
    """``(start, stop)`` of consecutive blocks whose ``work`` adds up to at most ``chunk_work``
    (at least one item each)."""
    start = 0
    while start < len(work):
        stop, acc = start, 0.0
        while stop < len(work) and (stop == start or acc + work[stop] <= chunk_work):
            acc += work[stop]
            stop += 1
        yield start, stop
        start = stop


def weighted_effective_size(IG: IndexGraph, vertices: np.ndarray | None = None,
                            chunk_work: int = 4_000_000) -> np.ndarray:
    """Burt's effective size with tie strengths of every node, or of ``vertices`` (NaN for
    isolates), as NetworkX's ``effective_size(G, weight=...)`` defines it for an undirected graph:

    ``sum over contacts j of (1 - sum over q of p_iq m_jq)``, with ``p_iq = w_iq / sum_k w_ik``
    (i's share of its ties to q) and ``m_jq = w_jq / max_k w_jk`` (j's tie to q against
    j's strongest). Summed over j, the redundancy is ``sum_q p_iq (A M)_iq``, computed
    with sparse products a block of rows at a time (the work is the number of two-step
    paths from the block, at most ``chunk_work`` per block), over the rows of the chosen
    nodes and their contacts only.
    """
    n = IG.n
    if IG.strength is None:
        raise ValueError("weighted_effective_size needs tie strengths")
    chosen = np.arange(n) if vertices is None else np.asarray(vertices, dtype=np.int64)
    W = _rows_of(IG, IG.strength, _with_contacts(IG, chosen))
    A = IG.links()
    total = np.asarray(W.sum(axis=1)).ravel()
    strongest = W.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        M = _scale_rows(W, np.where(strongest > 0, 1.0 / strongest, 0.0))
    degree = IG.degree
    work = np.asarray(A[chosen] @ degree.astype(float)).ravel()  # two-step paths from each node
    redundancy = np.zeros(len(chosen))
    for start, stop in _blocks(work, chunk_work):
        rows = chosen[start:stop]
        with np.errstate(divide="ignore"):
            share = _scale_rows(W[rows], np.where(total[rows] > 0, 1.0 / total[rows], 0.0))
        block = (A[rows] @ M).multiply(share)
        redundancy[start:stop] = np.asarray(block.sum(axis=1)).ravel()
    es = degree[chosen].astype(float) - redundancy
    es[degree[chosen] == 0] = np.nan
    return es


def constraint(IG: IndexGraph, vertices: np.ndarray | None = None, chunk_work: int = 4_000_000) -> np.ndarray:
    """Burt's constraint of every node, or of ``vertices`` (NaN for isolated nodes), with the
    tie strengths as weights if the index graph has them: NetworkX's ``constraint``,
    ``sum over contacts j of (p_ij + sum over q of p_iq p_qj)^2`` with ``p_ij = w_ij / sum_k w_ik``.
    Sparse products a block of rows at a time, over the rows of the chosen nodes and their
    contacts only (igraph's needs the strength of every link as a Python list)."""
    n = IG.n
    chosen = np.arange(n) if vertices is None else np.asarray(vertices, dtype=np.int64)
    values = np.ones(IG.m) if IG.strength is None else IG.strength
    W = _rows_of(IG, values, _with_contacts(IG, chosen))
    total = np.asarray(W.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        P = _scale_rows(W, np.where(total > 0, 1.0 / total, 0.0)).tocsr()
    A = IG.links()
    work = np.asarray(A[chosen] @ IG.degree.astype(float)).ravel()
    out = np.zeros(len(chosen))
    for start, stop in _blocks(work, chunk_work):
        rows = chosen[start:stop]
        own = P[rows]
        local = (own + own @ P).multiply(A[rows])  # only contacts j count
        out[start:stop] = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    out[IG.degree[chosen] == 0] = np.nan
    return out


def triangles(IG: IndexGraph, vertices: np.ndarray | None = None, chunk_work: int = 4_000_000) -> np.ndarray:
    """Number of links among the contacts of every node, or of ``vertices`` (sparse products,
    a block of rows at a time)."""
    chosen = np.arange(IG.n) if vertices is None else np.asarray(vertices, dtype=np.int64)
    A = IG.links()
    work = np.asarray(A[chosen] @ IG.degree.astype(float)).ravel()
    out = np.zeros(len(chosen), dtype=np.int64)
    for start, stop in _blocks(work, chunk_work):
        own = A[chosen[start:stop]].astype(np.int64)
        out[start:stop] = np.asarray((own @ A).multiply(own).sum(axis=1)).ravel() // 2
    return out


def _scale_rows(X: Any, factor: np.ndarray) -> Any:
    import scipy.sparse as sp

    return sp.diags(factor) @ X


class Neighbours:
    """The neighbours of each node of an index graph (compressed rows): ``nb[i]`` is an array."""

    def __init__(self, IG: IndexGraph) -> None:
        A = IG.links()
        self.indptr, self.indices = A.indptr, A.indices

    def __getitem__(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i]:self.indptr[i + 1]]


def neighbours(IG: IndexGraph) -> Neighbours:
    """:class:`Neighbours` of ``IG``."""
    return Neighbours(IG)


def component_pairs(IG: IndexGraph) -> int:
    """The number of connected pairs: the sum over components of ``n_c (n_c - 1) / 2``."""
    if IG.n == 0:
        return 0
    sizes = np.bincount(IG.components()).astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


# --------------------------------------------------------------------------
# articulation points and bridges


def _biconnected(indptr, indices, block_of_pos, members):  # pragma: no cover - compiled by numba
    """Hopcroft and Tarjan's blocks, by an iterative depth-first search from each node in
    turn (neighbours in row order, as igraph's): each block's nodes go to ``members``, its
    end to ``block_of_pos``. Returns the number of blocks and of member entries."""
    n = len(indptr) - 1
    disc = np.full(n, -1, np.int64)
    low = np.zeros(n, np.int64)
    parent = np.full(n, -1, np.int64)
    nxt = indptr[:-1].copy()
    stack = np.empty(n, np.int64)  # the search path
    visited = np.empty(n, np.int64)  # nodes not yet given to a block, in order of discovery
    clock = 0
    blocks = 0
    filled = 0
    for root in range(n):
        if disc[root] >= 0 or indptr[root + 1] == indptr[root]:
            continue
        disc[root] = low[root] = clock
        clock += 1
        depth = 1
        stack[0] = root
        seen = 1
        visited[0] = root
        while depth:
            v = stack[depth - 1]
            if nxt[v] < indptr[v + 1]:
                w = indices[nxt[v]]
                nxt[v] += 1
                if disc[w] < 0:
                    parent[w] = v
                    disc[w] = low[w] = clock
                    clock += 1
                    stack[depth] = w
                    depth += 1
                    visited[seen] = w
                    seen += 1
                elif w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
                continue
            depth -= 1
            p = parent[v]
            if p < 0:
                continue
            if low[v] < low[p]:
                low[p] = low[v]
            if low[v] >= disc[p]:  # p separates v's subtree: a block
                while True:
                    seen -= 1
                    u = visited[seen]
                    members[filled] = u
                    filled += 1
                    if u == v:
                        break
                members[filled] = p
                filled += 1
                block_of_pos[blocks] = filled
                blocks += 1
    return blocks, filled


def biconnected_blocks(IG: IndexGraph, use_igraph: bool) -> list[list[int]]:
    """Biconnected components (blocks) as lists of node indices, each sorted, in igraph's order.

    With numba, a compiled depth-first search over the index graph's rows (no igraph graph:
    ~50 MB and 0.6 CPU-s at 100,000 people); else igraph's, or NetworkX's."""
    from ._sampling import compiled, have_numba

    if use_igraph and have_numba():
        A = IG.links()
        ends = np.zeros(IG.n + 1, dtype=np.int64)
        # every block has at least two nodes; a node is in at most its degree's blocks
        members = np.empty(max(2 * IG.m, 1), dtype=np.int64)
        count, filled = compiled(_biconnected)(A.indptr, A.indices, ends, members)
        return [np.sort(block).tolist() for block in np.split(members[:filled], ends[:count - 1])] if count else []
    if use_igraph:
        import igraph as ig

        # igraph gives each block as the edge ids of a spanning tree; its Python wrapper turns
        # them into nodes through a list of every edge (~100 bytes per edge), the index arrays do not
        trees = ig.GraphBase.biconnected_components(IG.igraph(), False)
        return [np.unique(IG.edges[np.asarray(tree, dtype=np.int64)]).tolist() for tree in trees]
    return [list(b) for b in nx.biconnected_components(IG.networkx())]


class BlockCutTree:
    """The block-cut tree of a simple undirected graph.

    Tree nodes are the blocks (biconnected components, ids ``0 .. B-1``) and
    the cut vertices (articulation points, ids ``B + k``). A block weighs the
    number of its graph nodes that are not cut vertices, a cut vertex weighs
    one, so the weight of a part of the tree is its number of graph nodes.
    Removing a cut vertex from the graph leaves one piece per tree neighbour.
    """

    def __init__(self, n: int, blocks: list[list[int]]) -> None:
        self.n = n
        self.blocks = blocks
        count = np.zeros(n, dtype=np.int64)
        for b in blocks:
            count[b] += 1
        cuts = np.flatnonzero(count > 1)
        B = len(blocks)
        self.cut_id = {int(v): B + k for k, v in enumerate(cuts)}
        self.cut_vertex = [int(v) for v in cuts]
        size = B + len(cuts)
        self.adj: list[list[int]] = [[] for _ in range(size)]
        self.weight = np.zeros(size, dtype=np.int64)
        self.weight[B:] = 1
        for i, b in enumerate(blocks):
            for v in b:
                t = self.cut_id.get(v)
                if t is None:
                    self.weight[i] += 1
                else:
                    self.adj[i].append(t)
                    self.adj[t].append(i)
        # root every tree at a block; iterative DFS for parents and weights
        self.parent = np.full(size, -1, dtype=np.int64)
        self.root = np.full(size, -1, dtype=np.int64)
        self.subtree = self.weight.copy()
        seen = np.zeros(size, dtype=bool)
        for r in range(B):
            if seen[r]:
                continue
            order = [r]
            seen[r] = True
            self.root[r] = r
            stack = [r]
            while stack:
                x = stack.pop()
                for y in self.adj[x]:
                    if not seen[y]:
                        seen[y] = True
                        self.parent[y] = x
                        self.root[y] = r
                        order.append(y)
                        stack.append(y)
            for x in reversed(order[1:]):
                self.subtree[self.parent[x]] += self.subtree[x]

    def is_cut(self, v: int) -> bool:
        return v in self.cut_id

    def component_size(self, tree_node: int) -> int:
        return int(self.subtree[self.root[tree_node]])

    def pieces(self, v: int) -> list[tuple[int, int]]:
        """The pieces left when cut vertex ``v`` is removed, as
        ``(size, neighbouring block id)``, largest first."""
        t = self.cut_id[v]
        total = self.component_size(t)
        out = []
        for b in self.adj[t]:
            if b == self.parent[t]:
                out.append((total - int(self.subtree[t]), b))
            else:
                out.append((int(self.subtree[b]), b))
        out.sort(key=lambda p: -p[0])
        return out

    def piece_nodes(self, v: int, block: int, limit: int | None = None) -> list[int]:
        """Graph nodes of the piece reached from ``block`` once cut vertex
        ``v`` is removed (at most ``limit`` of them)."""
        t_v = self.cut_id[v]
        B = len(self.blocks)
        found: list[int] = []
        seen = {t_v, block}
        stack = [block]
        while stack:
            x = stack.pop()
            if x < B:
                found.extend(u for u in self.blocks[x] if u not in self.cut_id)
            else:
                found.append(self.cut_vertex[x - B])
            if limit is not None and len(found) >= limit:
                return found[:limit]
            for y in self.adj[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        return found

    def bridges(self) -> list[tuple[int, int, int, int]]:
        """Every bridge as ``(u, v, side_u, side_v)``: the sizes of the two
        parts left when the edge ``u - v`` is removed."""
        out = []
        for i, b in enumerate(self.blocks):
            if len(b) != 2:
                continue
            u, v = b
            total = self.component_size(i)

            def side(x: int) -> int | None:
                t = self.cut_id.get(x)
                if t is None:
                    return 1
                if t == self.parent[i]:
                    return None  # the rest of the tree, found by difference
                return int(self.subtree[t])

            su, sv = side(u), side(v)
            if su is None:
                su = total - sv
            if sv is None:
                sv = total - su
            out.append((u, v, su, sv))
        return out
