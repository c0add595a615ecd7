"""KADABRA without networkit's exact diameter (ecograph.analysis._sampling).

* The diameter bound is an upper bound on every component's diameter (networkx's exact one),
  on random graphs with several components, paths and stars (worst cases for 2 ecc(x)).
* The estimates are within the stated error of the exact betweenness (igraph), repeat for a
  seed, and do not depend on the order the graph was given in.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from ecograph.analysis import _kernels as K
from ecograph.analysis import _sampling as S



def compressed(G: nx.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import scipy.sparse.csgraph as csgraph

    A = nx.to_scipy_sparse_array(G, nodelist=sorted(G), format="csr")
    _, component = csgraph.connected_components(A, directed=False)
    return A.indptr.astype(np.int64), A.indices.astype(np.int32), component.astype(np.int32)


def graphs() -> list[nx.Graph]:
    rng = random.Random(7)
    out = [nx.path_graph(30), nx.star_graph(12), nx.cycle_graph(17), nx.barbell_graph(6, 9)]
    for _ in range(6):
        G = nx.disjoint_union(nx.gnp_random_graph(rng.randint(20, 80), 0.06, seed=rng.randrange(10**6)),
                              nx.path_graph(rng.randint(2, 40)))
        out.append(G)
    return out


@pytest.mark.parametrize("G", graphs(), ids=lambda G: f"n{G.number_of_nodes()}")
def test_diameter_bound_is_an_upper_bound(G: nx.Graph) -> None:
    indptr, indices, component = compressed(G)
    exact = max(nx.diameter(G.subgraph(c)) for c in nx.connected_components(G))
    bound = S.diameter_bound(indptr, indices, component)
    assert exact <= bound <= 2 * exact + 1


def test_estimates_within_the_bound_and_reproducible() -> None:
    G = nx.disjoint_union(nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=3), nx.path_graph(5))
    IG = K.index_graph(G)
    exact = K.exact_betweenness_igraph(IG)
    first = K.kadabra_betweenness(IG, 0.01, 0.1, seed=4)
    assert first.diameter_bound is not None and first.samples > 0
    assert np.max(np.abs(first.scores - exact)) < first.bound
    # every node's own interval holds the exact value, and is no wider than the bound
    assert np.all(first.scores - first.below <= exact + 1e-12)
    assert np.all(exact <= first.scores + first.above + 1e-12)
    assert np.all(first.below <= first.bound) and np.all(first.above <= first.bound)
    assert np.median(first.above) < first.bound and first.above.min() < first.bound / 2  # narrower below the top
    again = K.kadabra_betweenness(IG, 0.01, 0.1, seed=4)
    assert np.array_equal(first.scores, again.scores) and first.samples == again.samples
    other = K.kadabra_betweenness(IG, 0.01, 0.1, seed=5)
    assert not np.array_equal(first.scores, other.scores)
    # the same graph given in another order: the same estimates for the same nodes
    nodes = list(G)
    random.Random(1).shuffle(nodes)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(sorted(G.edges(), key=lambda e: random.Random(hash(e)).random()))
    IH = K.index_graph(H)
    shuffled = K.kadabra_betweenness(IH, 0.01, 0.1, seed=4)
    by_node = dict(zip(IH.nodes, shuffled.scores))
    assert [by_node[v] for v in IG.nodes] == first.scores.tolist()


def test_certified_ranks() -> None:
    from ecograph.analysis.brokers import certified_ranks

    scores = np.array([0.5, 0.1, 0.3, 0.29, 0.0])
    best, worst = certified_ranks(scores, 0.0)
    assert best.tolist() == worst.tolist() == [1, 4, 2, 3, 5]
    best, worst = certified_ranks(scores, 0.02)  # 0.3 and 0.29 may swap; nothing else may
    assert best.tolist() == [1, 4, 2, 2, 5] and worst.tolist() == [1, 4, 3, 3, 5]
    # any true scores within the bound give a rank inside the range
    rng = np.random.default_rng(0)
    for _ in range(200):
        truth = scores + rng.uniform(-0.02, 0.02, len(scores))
        rank = np.argsort(np.argsort(-truth)) + 1
        assert np.all((best <= rank) & (rank <= worst))
