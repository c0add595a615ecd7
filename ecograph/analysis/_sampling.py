"""KADABRA sampled betweenness with a diameter bound computed in linear time (private).

networkit 11.3's ``KadabraBetweenness`` computes the graph's exact diameter before sampling, in
one thread, and takes no bound from the caller: 1 s at 100,000 people but 79 s at 300,000, and
growing faster than the edges. The sample size only needs an *upper* bound on the diameter
(Borassi and Natale 2016, as Riondato and Kornaropoulos 2016): here, for the component that
holds the pair, twice the eccentricity of one node found by one breadth-first search (every
two nodes are within ``ecc(x)`` of ``x``), and for a smaller component its number of nodes
minus one. A looser bound only raises the cap on the samples (by its logarithm); the adaptive
stopping rule, which decides the sample size in practice, is KADABRA's own.

The rule stops when every node's confidence interval ``[b - f, b + g]`` is within ``epsilon``;
those intervals hold for all nodes at once (probability ``1 - delta``), and below the top they
are much narrower than ``epsilon`` (``f`` and ``g`` grow like the square root of the score).
They are returned, so the broker ranking can certify more of its order than the uniform bound.

The sampler is KADABRA's: a pair ``(s, t)``, ``s != t``, drawn uniformly; a balanced
bidirectional breadth-first search from both ends (the side whose frontier has fewer edges grows
a level) that counts shortest paths; one shortest path drawn uniformly (each meeting edge with
probability proportional to the paths through it, then each predecessor in proportion to its
paths); every node inside the path gains one. After ``omega / 100`` pairs the per-node failure
probabilities are set (KADABRA's ``computeDeltaGuess``, absolute case), then pairs are drawn in
steps of ``STEP`` until every node's Chernoff-style bounds ``f`` and ``g`` are below ``epsilon``
or ``omega`` pairs are reached. The estimate of each node is the share of pairs whose sampled
path passes through it: within ``epsilon`` of the share of ordered pairs ``(s, t)`` whose
shortest paths pass through it, with probability at least ``1 - delta`` (networkit's formula
for ``omega``, with the bound above for its diameter).

The loops run compiled by numba; one thread and numba's own generator, seeded per call, so a
seed repeats its samples on the same (canonical) graph.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: pairs drawn between two checks of the stopping rule (networkit draws 1,000 per step on one thread)
STEP = 1000
#: the first phase draws omega / START_FACTOR pairs (networkit's default startFactor)
START_FACTOR = 100
#: networkit's share of delta kept for the nodes' floor (balancingFactor)
BALANCING = 0.001


def have_numba() -> bool:
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


_compiled: dict[str, object] = {}
_jitted: dict[object, object] = {}


def compiled(function):  # type: ignore[no-untyped-def]
    """``function`` compiled by numba (once, cached on disk; it releases the GIL), or as it is
    without numba: for loops over index arrays written as plain Python."""
    if function not in _jitted:
        try:
            from numba import njit
        except ImportError:  # pragma: no cover - numba is a dependency
            _jitted[function] = function
        else:
            _jitted[function] = njit(cache=True, nogil=True)(function)
    return _jitted[function]


def _kernels() -> dict[str, object]:
    """The numba functions, compiled (or loaded from numba's cache) on first use."""
    if _compiled:
        return _compiled
    from numba import njit

    @njit(cache=True)
    def seed(value):
        np.random.seed(value)

    @njit(cache=True, nogil=True)
    def eccentricity(indptr, indices, source, dist):
        """Distance from ``source`` to the farthest node of its component (``dist`` is scratch,
        all -1 on entry and on exit)."""
        n = len(indptr) - 1
        queue = np.empty(n, np.int32)
        queue[0] = source
        dist[source] = 0
        head, tail = 0, 1
        far = 0
        while head < tail:
            x = queue[head]
            head += 1
            for k in range(indptr[x], indptr[x + 1]):
                y = indices[k]
                if dist[y] < 0:
                    dist[y] = dist[x] + 1
                    if dist[y] > far:
                        far = dist[y]
                    queue[tail] = y
                    tail += 1
        for i in range(tail):
            dist[queue[i]] = -1
        return far

    @njit(cache=True, nogil=True)
    def sample(indptr, indices, component, pairs, hits, level, sigma, queue, meet_a, meet_b):
        """Draw ``pairs`` pairs and add one to ``hits`` of every node inside each sampled path.

        ``level`` holds, for each node reached, its distance plus one from ``u``'s end, or minus
        (distance plus one) from ``v``'s end (0: not reached): one array read per link scanned
        tells both which search reached the node and how far it is."""
        n = len(indptr) - 1
        for _ in range(pairs):
            u = np.random.randint(0, n)
            v = np.random.randint(0, n - 1)
            if v >= u:
                v += 1
            if component[u] != component[v]:
                continue
            queue[0] = u
            queue[1] = v
            level[u] = 1
            level[v] = -1
            sigma[u] = 1.0
            sigma[v] = 1.0
            end = 2
            start_u, end_u, start_v, end_v = 0, 1, 1, 2
            degs_u, degs_v = 0, 0
            found = 0
            while found == 0:
                if degs_u <= degs_v:
                    sign, lo, hi = 1, start_u, end_u
                    start_u = end
                else:
                    sign, lo, hi = -1, start_v, end_v
                    start_v = end
                degs = 0
                for q in range(lo, hi):
                    x = queue[q]
                    if found > 0:
                        # the two balls have met: this level is the last, and only its meeting
                        # links matter (nodes it would reach are never used)
                        for k in range(indptr[x], indptr[x + 1]):
                            y = indices[k]
                            if level[y] * sign < 0:
                                meet_a[found] = x
                                meet_b[found] = y
                                found += 1
                        continue
                    next_level = level[x] + sign
                    paths = sigma[x]
                    for k in range(indptr[x], indptr[x + 1]):
                        y = indices[k]
                        seen = level[y]
                        if seen == 0:
                            level[y] = next_level
                            sigma[y] = paths
                            queue[end] = y
                            end += 1
                            degs += indptr[y + 1] - indptr[y]
                        elif seen == next_level:
                            sigma[y] += paths
                        elif seen * sign < 0:
                            meet_a[found] = x
                            meet_b[found] = y
                            found += 1
                if sign == 1:
                    end_u = end
                    degs_u = degs
                else:
                    end_v = end
                    degs_v = degs
                if found == 0 and degs == 0:
                    break  # pragma: no cover - a pair in one component always meets
            if found > 0:
                total = 0.0
                for e in range(found):
                    total += sigma[meet_a[e]] * sigma[meet_b[e]]
                pick = np.random.random() * total
                chosen = found - 1
                acc = 0.0
                for e in range(found):
                    acc += sigma[meet_a[e]] * sigma[meet_b[e]]
                    if acc > pick:
                        chosen = e
                        break
                for w in (meet_a[chosen], meet_b[chosen]):
                    # walk back to the end the search came from, each step in proportion to paths
                    while level[w] != 1 and level[w] != -1:
                        hits[w] += 1
                        pick = np.random.random() * sigma[w]
                        acc = 0.0
                        nxt = -1
                        back = level[w] - 1 if level[w] > 0 else level[w] + 1
                        for k in range(indptr[w], indptr[w + 1]):
                            p = indices[k]
                            if level[p] == back:
                                nxt = p
                                acc += sigma[p]
                                if acc > pick:
                                    break
                        w = nxt
            for q in range(end):
                level[queue[q]] = 0

    _compiled.update(seed=seed, eccentricity=eccentricity, sample=sample)
    return _compiled


def diameter_bound(indptr: np.ndarray, indices: np.ndarray, component: np.ndarray) -> int:
    """An upper bound on the diameter (in links) of every component: ``2 ecc(x)`` from one
    breadth-first search per component that could be wider than the bound so far (from its
    best-connected node), ``size - 1`` for the others."""
    ecc = _kernels()["eccentricity"]
    sizes = np.bincount(component)
    degree = np.diff(indptr)
    dist = np.full(len(degree), -1, dtype=np.int32)
    bound = 0
    for c in np.argsort(-sizes, kind="stable"):
        if sizes[c] - 1 <= bound:
            break
        members = np.flatnonzero(component == c)
        hub = members[np.argmax(degree[members])]
        bound = max(bound, min(int(sizes[c]) - 1, 2 * int(ecc(indptr, indices, hub, dist))))
    return bound


@dataclass
class Kadabra:
    #: share of ordered pairs whose sampled shortest path passes through each node
    shares: np.ndarray
    samples: int
    diameter_bound: int
    #: each node's confidence interval is ``[shares - below, shares + above]``, all at once with
    #: probability at least ``1 - delta``; both at most ``epsilon``
    below: np.ndarray
    above: np.ndarray


def _f(share: np.ndarray, pairs: int, omega: float, log_delta: np.ndarray) -> np.ndarray:
    """KADABRA's lower error bound ``f`` (networkit's computeF), per node."""
    t = omega / pairs - 1.0 / 3.0
    err = log_delta / pairs * (-t + np.sqrt(t * t + 2.0 * share * omega / log_delta))
    return np.minimum(err, share)


def _g(share: np.ndarray, pairs: int, omega: float, log_delta: np.ndarray) -> np.ndarray:
    """KADABRA's upper error bound ``g`` (networkit's computeG), per node."""
    t = omega / pairs + 1.0 / 3.0
    err = log_delta / pairs * (t + np.sqrt(t * t + 2.0 * share * omega / log_delta))
    return np.minimum(err, 1.0 - share)


def _delta_guess(share: np.ndarray, epsilon: float, delta: float) -> np.ndarray:
    """Each node's failure probability (networkit's computeDeltaGuess, absolute case): the
    largest ``c`` with ``sum 2 exp(-c eps^2 / b_v) < delta / 2 (1 - balancing)``, by bisection."""
    n = len(share)
    with np.errstate(divide="ignore"):
        scaled = np.where(share > 0, epsilon * epsilon / share, np.inf)
    a, b = 0.0, 1.0 / epsilon / epsilon * math.log(n * 4 * (1 - BALANCING) / delta)
    while b - a > epsilon / 10.0:
        c = (a + b) / 2.0
        if 2.0 * np.exp(-c * scaled).sum() >= delta / 2.0 * (1 - BALANCING):
            a = c
        else:
            b = c
    return np.exp(-b * scaled) + delta * BALANCING / 4.0 / n


def kadabra(indptr: np.ndarray, indices: np.ndarray, epsilon: float, delta: float, seed: int,
            component: np.ndarray | None = None) -> Kadabra:
    """KADABRA on the undirected graph given by its compressed rows (each link both ways), whose
    connected components (any labels) are ``component`` if known.

    Returns each node's estimated share of ordered pairs and the number of pairs drawn.
    """
    k = _kernels()
    n = len(indptr) - 1
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int32)
    if component is None:
        import scipy.sparse as sp
        import scipy.sparse.csgraph as csgraph

        matrix = sp.csr_matrix((np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(n, n))
        component = csgraph.connected_components(matrix, directed=False)[1]
    component = np.ascontiguousarray(component, dtype=np.int32)
    bound = max(diameter_bound(indptr, indices, component), 2)
    omega = 0.5 / epsilon / epsilon * (math.log2(bound - 1) + 1 + math.log(0.5 / delta)) if bound > 2 \
        else 0.5 / epsilon / epsilon * (1 + math.log(0.5 / delta))
    # signed level (which end reached the node, and how far), number of shortest paths, visit
    # order, meeting links
    scratch = (np.zeros(n, np.int32), np.zeros(n, np.float64), np.zeros(n, np.int32),
               np.zeros(len(indices) + 1, np.int32), np.zeros(len(indices) + 1, np.int32))
    k["seed"](seed)
    tau = int(omega / START_FACTOR)
    hits = np.zeros(n, dtype=np.int64)
    k["sample"](indptr, indices, component, tau, hits, *scratch)
    log_delta = np.log(1.0 / _delta_guess(hits / max(tau, 1), epsilon, delta))
    hits[:] = 0
    pairs = 0
    while pairs < omega:
        k["sample"](indptr, indices, component, STEP, hits, *scratch)
        pairs += STEP
        share = hits / pairs
        below, above = _f(share, pairs, omega, log_delta), _g(share, pairs, omega, log_delta)
        if np.all(below < epsilon) and np.all(above < epsilon):
            break
    # Stopped by the rule, every node's own interval holds (KADABRA's per-node failure
    # probabilities add up to delta); stopped at omega, the uniform epsilon holds as well.
    return Kadabra(share, pairs + tau, bound, np.minimum(below, epsilon), np.minimum(above, epsilon))
