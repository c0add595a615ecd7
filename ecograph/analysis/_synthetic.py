"""Synthetic people graphs with the shape of a national innovation ecosystem.

Private helper for tests and benchmarks of :mod:`ecograph.analysis.brokers`.
The real ecosystem is clustered and heavy-tailed: people sit in dense teams
and organisations of 20–200 people, a few people know many others, and only a
small share of ties cross organisations, and fewer still cross ICSs. This
module makes such graphs quickly (vectorised with numpy), so that the
national-scale timings can be measured and tested without real personal data.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

__all__ = ["clustered_people_graph"]


def _cluster_sizes(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    """Draw cluster sizes from a truncated power law (exponent 2) on [lo, hi]
    until they add up to exactly ``n``."""
    sizes: list[int] = []
    total = 0
    while total < n:
        # inverse CDF of p(s) ~ s^-2 on [lo, hi]
        u = rng.random()
        s = int(1.0 / (1.0 / lo - u * (1.0 / lo - 1.0 / hi)))
        s = min(s, n - total)
        if n - total - s < lo and n - total - s > 0:
            s = n - total  # fold a too-small remainder into this cluster
        sizes.append(s)
        total += s
    return np.asarray(sizes, dtype=np.int64)


def _sample_within(
    rng: np.random.Generator,
    cum: np.ndarray,
    block_start: np.ndarray,
    block_end: np.ndarray,
    which: np.ndarray,
) -> np.ndarray:
    """Sample one node per entry of ``which`` (a block id), with probability
    proportional to node weight inside that block. ``cum`` is the inclusive
    cumulative weight over all nodes (blocks are contiguous index ranges)."""
    lo = np.where(block_start[which] > 0, cum[block_start[which] - 1], 0.0)
    hi = cum[block_end[which] - 1]
    x = lo + rng.random(len(which)) * (hi - lo)
    idx = np.searchsorted(cum, x, side="right")
    return np.clip(idx, block_start[which], block_end[which] - 1)


def clustered_people_graph(
    n: int = 100_000,
    m: int = 1_000_000,
    *,
    n_groups: int = 42,
    cluster_min: int = 20,
    cluster_max: int = 200,
    external_share: float = 0.05,
    cross_group_share: float = 0.2,
    seed: int = 0,
) -> nx.Graph:
    """Return a random clustered, heavy-tailed people graph.

    Nodes ``0 .. n-1`` are people in clusters (teams / organisations) of
    ``cluster_min`` to ``cluster_max`` people (sizes from a truncated power
    law), clusters are spread over ``n_groups`` groups (ICSs). Each person has
    a Pareto-distributed activity weight; ties are drawn Chung–Lu style (ends
    chosen in proportion to weight). About ``1 - external_share`` of ties are
    inside a cluster; of the rest, ``cross_group_share`` cross groups and the
    others join clusters of the same group. The graph has about ``m`` edges
    (exactly ``m`` unless the clusters are too small to hold them).

    Node attributes: ``name`` ("Person 17"), ``label`` ("Person"), ``group``
    (an ICS-like code "G07"), ``cluster`` (int).

    Examples
    --------
    >>> G = clustered_people_graph(2_000, 20_000, seed=1)
    >>> G.number_of_nodes(), G.number_of_edges()
    (2000, 20000)
    >>> sorted(G.nodes[0])
    ['cluster', 'group', 'label', 'name']
    """
    rng = np.random.default_rng(seed)
    sizes = _cluster_sizes(rng, n, cluster_min, cluster_max)
    n_clusters = len(sizes)
    cl_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    cl_end = cl_start + sizes
    # clusters are numbered so that each group is a contiguous run of clusters
    cl_group = np.sort(rng.integers(0, n_groups, n_clusters))
    node_cluster = np.repeat(np.arange(n_clusters), sizes)
    node_group = cl_group[node_cluster]
    g_start = np.searchsorted(node_group, np.arange(n_groups), side="left")
    g_end = np.searchsorted(node_group, np.arange(n_groups), side="right")
    weight = rng.pareto(2.1, n) + 1.0
    cum = np.cumsum(weight)

    m_int = int(round(m * (1.0 - external_share)))
    m_ext = m - m_int
    # internal edges per cluster ~ s^1.5, capped at density 0.8
    cap = 0.8 * sizes * (sizes - 1) / 2.0
    lo_a, hi_a = 0.0, 100.0
    for _ in range(60):
        a = (lo_a + hi_a) / 2
        if np.minimum(cap, a * sizes**1.5).sum() < m_int:
            lo_a = a
        else:
            hi_a = a
    per_cluster = np.minimum(cap, hi_a * sizes**1.5)

    keys = np.empty(0, dtype=np.int64)

    def add(u: np.ndarray, v: np.ndarray, keys: np.ndarray) -> np.ndarray:
        ok = u != v
        a_, b_ = np.minimum(u[ok], v[ok]), np.maximum(u[ok], v[ok])
        return np.unique(np.concatenate((keys, a_ * n + b_)))

    # Internal ties: oversample, dedupe, then thin to the target per cluster.
    internal = np.empty(0, dtype=np.int64)
    for boost in (1.6, 2.5, 4.0):
        draws = rng.poisson(per_cluster * boost)
        which = np.repeat(np.arange(n_clusters), draws)
        u = _sample_within(rng, cum, cl_start, cl_end, which)
        v = _sample_within(rng, cum, cl_start, cl_end, which)
        internal = add(u, v, internal)
        if len(internal) >= m_int:
            break
    if len(internal) > m_int:
        internal = rng.choice(internal, m_int, replace=False)
    # External ties: one end by weight anywhere, the other by weight in the
    # same group (or anywhere, for cross-group ties); same-cluster pairs dropped.
    external = np.empty(0, dtype=np.int64)
    target_ext = m - len(internal)
    need = target_ext
    while need > 0:
        k = int(need * 1.3) + 10
        u = np.searchsorted(cum, rng.random(k) * cum[-1], side="right").clip(0, n - 1)
        cross = rng.random(k) < cross_group_share
        v = np.where(
            cross,
            np.searchsorted(cum, rng.random(k) * cum[-1], side="right").clip(0, n - 1),
            _sample_within(rng, cum, g_start, g_end, node_group[u]),
        )
        keep = node_cluster[u] != node_cluster[v]
        external = add(u[keep], v[keep], external)
        external = np.setdiff1d(external, internal, assume_unique=True)
        if len(external) > target_ext:
            external = rng.choice(external, target_ext, replace=False)
        need = m - len(internal) - len(external)
    keys = np.concatenate((internal, external))
    us, vs = (keys // n).tolist(), (keys % n).tolist()

    G = nx.Graph()
    G.add_nodes_from(
        (i, {"name": f"Person {i}", "label": "Person", "group": f"G{g:02d}", "cluster": c})
        for i, (g, c) in enumerate(zip(node_group.tolist(), node_cluster.tolist()))
    )
    G.add_edges_from(zip(us, vs))
    return G
