"""rank_brokers and bridges_on_one_person (ecograph.analysis.brokers) on graphs
with known answers, against NetworkX as the reference."""

from __future__ import annotations

import doctest
import math
import random

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from ecograph.analysis import _kernels as K
from ecograph.analysis import brokers
from ecograph.analysis._synthetic import clustered_people_graph
from ecograph.analysis.brokerage import brokerage_roles
from ecograph.analysis.brokers import bridges_on_one_person, rank_brokers

ROW_KEYS = {
    "rank", "id", "name", "label", "group", "betweenness", "betweenness_bound", "rank_certified",
    "constraint", "effective_size", "degree", "linked_contact_pairs",
    "coordinator", "gatekeeper", "itinerant", "liaison",
    "z_coordinator", "z_gatekeeper", "z_itinerant", "z_liaison",
    "articulation_point", "splits", "split_examples", "method", "why",
}
BACKENDS = ["auto", "networkx"]
needs_igraph = pytest.mark.skipif(not K.have_igraph(), reason="igraph not installed")
needs_networkit = pytest.mark.skipif(not K.have_networkit(), reason="networkit not installed")


def by_id(rows: list[dict]) -> dict:
    return {r["id"]: r for r in rows}


def pieces_without(G: nx.Graph, v) -> list[int]:
    """Brute force: component sizes of v's component once v is removed."""
    comp = nx.node_connected_component(G, v) - {v}
    H = G.subgraph(comp)
    return sorted((len(c) for c in nx.connected_components(H)), reverse=True)


def check_against_networkx(G: nx.Graph, rows: list[dict]) -> None:
    bc = nx.betweenness_centrality(G)
    cons = nx.constraint(G)
    es = nx.effective_size(G)
    aps = set(nx.articulation_points(G))
    for r in rows:
        v = r["id"]
        assert r["betweenness"] == pytest.approx(bc[v], abs=1e-9)
        if math.isnan(cons[v]):
            assert r["constraint"] is None and r["effective_size"] is None
        else:
            assert r["constraint"] == pytest.approx(cons[v], abs=1e-9)
            assert r["effective_size"] == pytest.approx(es[v], abs=1e-9)
        assert r["degree"] == G.degree(v)
        assert r["articulation_point"] == (v in aps)
        if v in aps:
            assert r["splits"] == pieces_without(G, v)[1:]
        else:
            assert r["splits"] == [] and r["split_examples"] == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_florentine_families(backend: str) -> None:
    G = nx.florentine_families_graph()
    rows = rank_brokers(G, backend=backend)
    assert len(rows) == G.number_of_nodes()
    assert set(rows[0]) == ROW_KEYS
    assert rows[0]["id"] == "Medici" and rows[0]["rank"] == 1
    assert rows[0]["method"].startswith("exact")
    check_against_networkx(G, rows)
    medici = rows[0]
    assert medici["splits"] == [2, 1]  # Pazzi and Salviati; Acciaiuoli
    assert medici["split_examples"] == ["Salviati", "Acciaiuoli", "Pazzi"]  # best connected first
    assert medici["why"].startswith("Sits on 52% of shortest paths")
    assert "the only link to 2 separate clusters of 3 nodes" in medici["why"]
    # ranked by betweenness, then effective size, then name
    keys = [(-r["betweenness"], -(r["effective_size"] or -1e9), r["name"]) for r in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize("backend", BACKENDS)
def test_krackhardt_kite(backend: str) -> None:
    names = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike", "Jane"]
    G = nx.krackhardt_kite_graph()
    nx.set_node_attributes(G, dict(enumerate(names)), "name")
    nx.set_node_attributes(G, "Person", "label")
    rows = rank_brokers(G, backend=backend)
    assert rows[0]["id"] == 7 and rows[0]["name"] == "Heather"
    assert max(rows, key=lambda r: r["degree"])["name"] == "Diane"
    check_against_networkx(G, rows)
    ids = by_id(rows)
    assert ids[7]["splits"] == [2] and ids[7]["split_examples"] == ["Ike", "Jane"]
    assert ids[8]["splits"] == [1] and ids[8]["split_examples"] == ["Jane"]
    assert "the only link between 2 people and the rest (7)" in ids[7]["why"]
    assert not ids[3]["articulation_point"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_barbell_articulation_points_and_groups(backend: str) -> None:
    G = nx.barbell_graph(5, 1)  # K5 (0-4) - 5 - K5 (6-10)
    nx.set_node_attributes(G, {v: "QE1" if v < 5 else "QMJ" for v in G}, "ics")
    rows = rank_brokers(G, "ics", backend=backend)
    check_against_networkx(G, rows)
    ids = by_id(rows)
    assert rows[0]["id"] == 5
    assert {r["id"] for r in rows if r["articulation_point"]} == {4, 5, 6}
    assert ids[5]["splits"] == [5]
    assert ids[4]["splits"] == [4] and ids[6]["splits"] == [4]
    # node 5 (QMJ) sits between 4 (QE1) and 6 (QMJ): one pair with one end in its ICS
    # (gatekeeper and representative are one role on undirected links, reported once)
    assert (ids[5]["gatekeeper"], ids[5]["liaison"]) == (1, 0) and "representative" not in ids[5]
    # node 4 (QE1) between four clique mates (QE1) and 5 (QMJ)
    assert ids[4]["gatekeeper"] == 4 and ids[4]["coordinator"] == 0
    assert "connects 2 ICSs" in ids[4]["why"]
    assert "the only link between 4 nodes in QE1 and the rest (6)" in ids[4]["why"]
    assert all(r["group"] in ("QE1", "QMJ") for r in rows)


def test_barbell_bridges() -> None:
    G = nx.barbell_graph(5, 1)
    rows = bridges_on_one_person(G)
    assert {frozenset((r["u"], r["v"])) for r in rows} == {frozenset(e) for e in nx.bridges(G)}
    sides = {(r["u"], r["v"]): (r["u_side"], r["v_side"]) for r in rows}
    sides.update({(v, u): (sv, su) for (u, v), (su, sv) in list(sides.items())})
    assert sides[4, 5] == (5, 6) and sides[6, 5] == (5, 6)
    assert all(r["smaller_side"] == 5 for r in rows)


@pytest.mark.parametrize("backend", BACKENDS)
def test_bridges_against_brute_force(backend: str) -> None:
    rng = random.Random(7)
    for _ in range(30):
        G = nx.gnp_random_graph(rng.randint(2, 30), rng.uniform(0.03, 0.2), seed=rng.randrange(10**6))
        rows = bridges_on_one_person(G, backend=backend)
        assert {frozenset((r["u"], r["v"])) for r in rows} == {frozenset(e) for e in nx.bridges(G)}
        for r in rows:
            H = G.copy()
            H.remove_edge(r["u"], r["v"])
            assert r["u_side"] == len(nx.node_connected_component(H, r["u"]))
            assert r["v_side"] == len(nx.node_connected_component(H, r["v"]))
        big = bridges_on_one_person(G, min_side=2, backend=backend)
        assert big == [r for r in rows if r["smaller_side"] >= 2]


@pytest.mark.parametrize("backend", BACKENDS)
def test_random_graphs_against_networkx(backend: str) -> None:
    rng = random.Random(11)
    for _ in range(15):
        n = rng.randint(1, 40)
        G = nx.gnp_random_graph(n, rng.uniform(0.02, 0.3), seed=rng.randrange(10**6))
        for v in G:
            G.nodes[v]["group"] = rng.choice("ABC")
        rows = rank_brokers(G, backend=backend)
        assert len(rows) == n
        check_against_networkx(G, rows)
        roles = brokerage_roles(G, "group", pairs="unordered")
        for r in rows:
            assert {k: r[k] for k in brokers.ROLES} == {k: roles[r["id"]][k] for k in brokers.ROLES}
            assert roles[r["id"]]["representative"] == r["gatekeeper"]


def test_top_isolates_multigraph_and_directed() -> None:
    G = nx.MultiGraph([(1, 2), (1, 2), (2, 3), (3, 3)])
    G.add_node(4)
    rows = rank_brokers(G, top=2)
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[0]["betweenness"] == pytest.approx(1 / 3)  # (1, 3) of the 3 pairs without 2
    iso = by_id(rank_brokers(G))[4]
    assert iso["constraint"] is None and iso["effective_size"] is None and iso["degree"] == 0
    assert iso["why"].endswith("no contacts.")
    assert rank_brokers(nx.Graph()) == []
    with pytest.raises(nx.NetworkXNotImplemented):
        rank_brokers(nx.DiGraph([(1, 2)]))
    with pytest.raises(nx.NetworkXNotImplemented):
        bridges_on_one_person(nx.DiGraph([(1, 2)]))


@needs_igraph
def test_parallel_exact_kernel_matches_networkx() -> None:
    G = clustered_people_graph(300, 1_500, seed=3)
    IG = K.index_graph(G)
    fast = K.exact_betweenness_igraph(IG, n_jobs=2, min_work=0)  # worker process path
    ref = nx.betweenness_centrality(G)
    assert np.max(np.abs(fast - np.array([ref[v] for v in IG.nodes]))) < 1e-9


@needs_igraph
@pytest.mark.parametrize("weighted", [False, True])
def test_betweenness_worker_computes_its_share(weighted: bool) -> None:
    """The worker interpreter itself (not the fallback that computes a failed worker's share
    here): its partial sums are this process's for the same sources."""
    import subprocess
    import sys

    G = clustered_people_graph(200, 900, seed=4)
    for i, (u, v) in enumerate(G.edges()):
        G.edges[u, v]["strength"] = 1.0 + i % 3
    IG = K.index_graph(G, weight="strength" if weighted else None)
    done = subprocess.run([sys.executable, "-c", K._WORKER, str(IG.n), "1", "3"], input=K._worker_input(IG),
                          capture_output=True, timeout=60, check=True)
    assert "numpy" not in done.stderr.decode()
    part = np.frombuffer(done.stdout, dtype=np.float64)
    assert np.allclose(part, K._igraph_partial(IG, 1, 3), rtol=0, atol=1e-9)
    assert part.sum() > 0


@needs_networkit
def test_sampled_betweenness_top50_overlap() -> None:
    G = clustered_people_graph(600, 3_000, seed=5)
    exact = nx.betweenness_centrality(G)
    top_exact = set(sorted(exact, key=exact.get, reverse=True)[:50])
    rows = rank_brokers(G, top=50, exact_threshold=0, seed=1)
    assert rows[0]["method"].startswith("sampled, k=")
    assert "error bound ±" in rows[0]["method"] and "epsilon=0.005" in rows[0]["method"]
    assert rows[0]["why"].startswith("Sits on about ")
    overlap = len(top_exact & {r["id"] for r in rows}) / 50
    assert overlap >= 0.9
    for r in rows:  # within the stated bound (it holds with probability 0.9; here by far)
        assert abs(r["betweenness"] - exact[r["id"]]) < 0.005
    again = rank_brokers(G, top=50, exact_threshold=0, seed=1)
    assert [r["id"] for r in again] == [r["id"] for r in rows]  # reproducible for a seed
    # ... however the graph was read: a store may return nodes and ties in another order
    import random
    shuffled = nx.Graph()
    nodes = list(G)
    random.Random(2).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    edges = [(v, u) if i % 2 else (u, v) for i, (u, v) in enumerate(G.edges())]
    random.Random(3).shuffle(edges)
    shuffled.add_edges_from(edges)
    other = rank_brokers(shuffled, top=50, exact_threshold=0, seed=1)
    assert [(r["id"], r["method"]) for r in other] == [(r["id"], r["method"]) for r in rows]


@needs_networkit
def test_dense_graph_under_the_node_limit_is_sampled_above_the_work_limit() -> None:
    """Exactness follows Brandes' cost (nodes times links), not the node count alone: a graph
    of few nodes but many links is sampled once nodes x links exceed ``exact_work``."""
    G = clustered_people_graph(600, 3_000, seed=5)
    work = G.number_of_nodes() * G.number_of_edges()
    under = rank_brokers(G, top=3, exact_work=work)
    over = rank_brokers(G, top=3, exact_work=work - 1)
    unlimited = rank_brokers(G, top=3, exact_work=None)
    assert under[0]["method"].startswith("exact") and unlimited[0]["method"] == under[0]["method"]
    assert over[0]["method"].startswith("sampled, k=")
    exact = nx.betweenness_centrality(G)
    assert [round(r["betweenness"], 9) for r in under] == sorted((round(b, 9) for b in exact.values()),
                                                                 reverse=True)[:3]
    for r in over:  # the sample's bound holds (with probability 0.9; here by far)
        assert abs(r["betweenness"] - exact[r["id"]]) < 0.005


def test_sampled_networkx_fallback_says_so() -> None:
    G = nx.florentine_families_graph()
    rows = rank_brokers(G, top=1, exact_threshold=0, backend="networkx", pivots=15)
    assert rows[0]["method"] == "sampled, k=15 source pivots (networkx), no error bound"
    assert rows[0]["id"] == "Medici"


def test_docstring_examples() -> None:
    result = doctest.testmod(brokers)
    assert result.attempted > 0 and result.failed == 0


def test_backends_agree_row_for_row() -> None:
    rng = random.Random(3)
    graphs = [nx.florentine_families_graph(), nx.krackhardt_kite_graph(), nx.barbell_graph(4, 2)]
    graphs += [nx.gnp_random_graph(30, 0.1, seed=rng.randrange(10**6)) for _ in range(5)]
    for G in graphs:
        for v in G:
            G.nodes[v]["group"] = rng.choice("AB")
        fast, ref = rank_brokers(G), rank_brokers(G, backend="networkx")
        assert [r["id"] for r in fast] == [r["id"] for r in ref]
        for a, b in zip(fast, ref):
            for key in ROW_KEYS - {"method", "betweenness", "constraint", "effective_size"}:
                assert a[key] == b[key], key
            for key in ("betweenness", "constraint", "effective_size"):
                assert a[key] == pytest.approx(b[key], abs=1e-9)


@needs_networkit
def test_sampling_a_graph_of_cliques_is_exact_zero() -> None:
    """No shortest path has a middle node: every score is exactly 0 (networkit's KADABRA would
    sample such a graph for ever)."""
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (5, 6)])
    G.add_node(9)
    rows = rank_brokers(G, exact_threshold=0)
    assert all(r["betweenness"] == 0 and r["method"].startswith("exact") for r in rows)
    assert all("no shortest path" in r["why"] for r in rows)


def test_weighted_clique_still_has_a_middle() -> None:
    """Weighted, a triangle's weak side is the long way round: the shortcut for cliques is
    unweighted only, exact or sampled."""
    W = nx.Graph()
    W.add_weighted_edges_from([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.1)], weight="strength")
    assert rank_brokers(W, weight="strength", top=1)[0]["betweenness"] == 1.0
    sampled = rank_brokers(W, weight="strength", top=1, exact_threshold=0, pivots=3)
    assert sampled[0]["id"] == 1 and sampled[0]["betweenness"] > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_top_rows_are_the_first_rows_of_the_whole_ranking(seed: int, weighted: bool) -> None:
    """Constraint, triangles and effective size are computed only for the nodes the top rows
    need (effective size breaks betweenness ties): the rows must be those of the full ranking,
    through the tier of nodes tied at zero betweenness (leaves), exact and sampled."""
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(120, 2, 0.3, seed=seed)
    for leaf in range(120, 160):  # leaves: betweenness 0, told apart by effective size and name
        G.add_edge(leaf, rng.randrange(120))
    for u, v in G.edges:
        G.edges[u, v]["strength"] = rng.choice([0.5, 1.0, 2.0])
    weight = "strength" if weighted else None
    for threshold in (10_000, 0):
        def rows(top: int | None) -> list[dict]:
            # sampled, ``method`` says how many of the top rows are certain: the rest must agree
            found = rank_brokers(G, top=top, weight=weight, exact_threshold=threshold, seed=seed, epsilon=0.02)
            return [{k: v for k, v in row.items() if k != "method"} for row in found]

        whole = rows(None)
        for top in (1, 5, 100, 150):
            assert rows(top) == whole[:top]


def test_kernels_for_chosen_nodes_equal_networkx() -> None:
    rng = random.Random(3)
    G = nx.powerlaw_cluster_graph(80, 3, 0.4, seed=3)
    G.add_node(80)  # isolated
    for u, v in G.edges:
        G.edges[u, v]["strength"] = rng.choice([0.25, 1.0, 3.0])
    IG = K.index_graph(G, "strength")
    chosen = np.array([80, 0, 5, 17, 42])
    nodes = [IG.nodes[i] for i in chosen]
    c, e, t = (nx.constraint(G, nodes, weight="strength"), nx.effective_size(G, nodes, weight="strength"),
               nx.triangles(G, nodes))
    np.testing.assert_allclose(K.constraint(IG, chosen), [c[v] for v in nodes], equal_nan=True)
    np.testing.assert_allclose(K.weighted_effective_size(IG, chosen), [e[v] for v in nodes], equal_nan=True)
    assert K.triangles(IG, chosen).tolist() == [t[v] for v in nodes]
    # the chosen rows alone give what the whole graph's rows give
    np.testing.assert_array_equal(K.weighted_effective_size(IG)[chosen], K.weighted_effective_size(IG, chosen))
    np.testing.assert_allclose(K.constraint(IG)[chosen], K.constraint(IG, chosen), equal_nan=True)
    assert K.triangles(IG)[chosen].tolist() == K.triangles(IG, chosen).tolist()
    plain = K.index_graph(G)
    every = nx.constraint(G)
    np.testing.assert_allclose(K.constraint(plain), [every[v] for v in plain.nodes], equal_nan=True)


def test_blocks_and_components_equal_networkx() -> None:
    rng = random.Random(5)
    for trial in range(40):
        G = nx.gnp_random_graph(rng.randint(5, 70), rng.choice([0.02, 0.05, 0.1]), seed=trial)
        IG = K.index_graph(G)
        blocks = K.biconnected_blocks(IG, use_igraph=True)
        assert sorted(map(sorted, blocks)) == sorted(sorted(b) for b in nx.biconnected_components(G))
        igraph_blocks = ig.GraphBase.biconnected_components(IG.igraph(), False)
        assert blocks == [np.unique(IG.edges[np.asarray(t, dtype=np.int64)]).tolist() for t in igraph_blocks]
        labels = IG.components()
        for part in nx.connected_components(G):
            assert len({labels[IG.nodes.index(v)] for v in part}) == 1
        assert len(set(labels.tolist())) == nx.number_connected_components(G)
