"""Gould–Fernandez brokerage roles (ecograph.analysis.brokerage).

Checked against a published worked example (the strike network, as computed
by the R ``sna`` package's ``brokerage()``), hand-made triads for each role,
and an independent brute-force count on random small graphs.
"""

from __future__ import annotations

import doctest
import itertools
import random

import networkx as nx
import pytest

from ecograph.analysis import brokerage
from ecograph.analysis.brokerage import BROKERAGE_ROLES, brokerage_roles

# Michael's (1997) strike network: communication among 24 employees of a
# wood-processing plant about a new compensation package, in three groups
# (1: younger Spanish-speaking, 2: younger English-speaking, 3: older
# English-speaking). Data from de Nooy, Mrvar and Batagelj, "Exploratory
# Social Network Analysis with Pajek" (Strike.net, Strikegroups). 38 ties.
STRIKE_GROUPS = {
    "Xavier": 3, "Utrecht": 3, "Frank": 2, "Domingo": 1, "Norm": 3, "Hal": 2,
    "Russ": 3, "Karl": 2, "Bob": 2, "Quint": 3, "Wendle": 3, "Ozzie": 3,
    "Ike": 2, "Ted": 3, "Sam": 3, "Vern": 3, "Gill": 2, "Lanny": 2, "Mike": 2,
    "Carlos": 1, "Alejandro": 1, "Paul": 3, "Eduardo": 1, "John": 2,
}
STRIKE_TIES = [
    ("Xavier", "Wendle"), ("Xavier", "Sam"), ("Utrecht", "Norm"), ("Utrecht", "Russ"),
    ("Utrecht", "Quint"), ("Utrecht", "Sam"), ("Frank", "Gill"), ("Domingo", "Carlos"),
    ("Domingo", "Alejandro"), ("Domingo", "Eduardo"), ("Norm", "Bob"), ("Norm", "Ozzie"),
    ("Norm", "Sam"), ("Norm", "Vern"), ("Norm", "Paul"), ("Hal", "Bob"), ("Hal", "Gill"),
    ("Hal", "John"), ("Russ", "Quint"), ("Russ", "Ted"), ("Karl", "Ozzie"), ("Karl", "Lanny"),
    ("Karl", "John"), ("Bob", "Ike"), ("Bob", "Lanny"), ("Bob", "Mike"), ("Bob", "Alejandro"),
    ("Bob", "John"), ("Quint", "Paul"), ("Wendle", "Sam"), ("Ike", "Gill"), ("Ike", "Mike"),
    ("Ted", "Vern"), ("Gill", "John"), ("Lanny", "John"), ("Carlos", "Alejandro"),
    ("Carlos", "Eduardo"), ("Alejandro", "Eduardo"),
]
# sna::brokerage(strike, groups)$raw.nli, columns w_I, w_O, b_IO, b_OI, b_O:
# coordinator, itinerant, gatekeeper, representative, liaison (ordered pairs).
STRIKE_SNA = {
    "Xavier": (0, 0, 0, 0, 0), "Utrecht": (8, 0, 0, 0, 0), "Frank": (0, 0, 0, 0, 0),
    "Domingo": (0, 0, 0, 0, 0), "Norm": (18, 0, 5, 5, 0), "Hal": (2, 0, 0, 0, 0),
    "Russ": (4, 0, 0, 0, 0), "Karl": (0, 0, 2, 2, 0), "Bob": (14, 0, 10, 10, 2),
    "Quint": (4, 0, 0, 0, 0), "Wendle": (0, 0, 0, 0, 0), "Ozzie": (0, 0, 1, 1, 0),
    "Ike": (4, 0, 0, 0, 0), "Ted": (2, 0, 0, 0, 0), "Sam": (8, 0, 0, 0, 0),
    "Vern": (2, 0, 0, 0, 0), "Gill": (10, 0, 0, 0, 0), "Lanny": (2, 0, 0, 0, 0),
    "Mike": (0, 0, 0, 0, 0), "Carlos": (0, 0, 0, 0, 0), "Alejandro": (0, 0, 3, 3, 0),
    "Paul": (2, 0, 0, 0, 0), "Eduardo": (0, 0, 0, 0, 0), "John": (12, 0, 0, 0, 0),
}


def strike_graph() -> nx.Graph:
    G = nx.Graph(STRIKE_TIES)
    nx.set_node_attributes(G, STRIKE_GROUPS, "group")
    return G


def brute_force(G: nx.Graph, group: str = "group") -> dict:
    """Count every ordered triple (a, b, c) straight from the definition."""
    directed = G.is_directed()

    def tie(x, y):
        return G.has_edge(x, y) if directed else (G.has_edge(x, y) or G.has_edge(y, x))

    out = {}
    for b in G:
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        for a, c in itertools.permutations(G, 2):
            if b in (a, c) or not (tie(a, b) and tie(b, c)) or tie(a, c):
                continue
            ga, gb, gc = (G.nodes[x].get(group) for x in (a, b, c))
            if None in (ga, gb, gc):
                continue
            if ga == gb == gc:
                counts["coordinator"] += 1
            elif ga == gc:
                counts["itinerant"] += 1
            elif gb == gc:
                counts["gatekeeper"] += 1
            elif ga == gb:
                counts["representative"] += 1
            else:
                counts["liaison"] += 1
        out[b] = counts
    return out


def test_strike_network_matches_sna() -> None:
    G = strike_graph()
    assert G.number_of_nodes() == 24 and G.number_of_edges() == 38
    got = brokerage_roles(G)
    order = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    assert {v: tuple(got[v][r] for r in order) for v in G} == STRIKE_SNA
    # the same network as a directed graph with both arcs of every tie
    assert brokerage_roles(G.to_directed()) == got


def test_strike_network_unordered_pairs() -> None:
    G = strike_graph()
    ordered = brokerage_roles(G)
    unordered = brokerage_roles(G, pairs="unordered")
    for v in G:
        o, u = ordered[v], unordered[v]
        assert o["gatekeeper"] == o["representative"]  # always, in an undirected graph
        for role in ("coordinator", "itinerant", "liaison"):
            assert o[role] % 2 == 0 and u[role] == o[role] // 2
        assert u["gatekeeper"] == u["representative"] == o["gatekeeper"]
    # Bob: 7 pairs inside his group, 10 pairs with one end in it, 1 liaison pair
    assert unordered["Bob"] == {"coordinator": 7, "gatekeeper": 10, "representative": 10,
                                "itinerant": 0, "liaison": 1}


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ("XXX", "coordinator"),
        ("YXX", "gatekeeper"),
        ("XXY", "representative"),
        ("XYX", "itinerant"),
        ("XYZ", "liaison"),
    ],
)
def test_each_role_on_one_directed_triad(groups: str, role: str) -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, dict(zip("abc", groups)), "group")
    roles = brokerage_roles(G)
    assert roles["b"] == {r: int(r == role) for r in BROKERAGE_ROLES}
    assert sum(roles["a"].values()) == sum(roles["c"].values()) == 0
    G.add_edge("a", "c")  # closed: nobody brokers
    assert sum(brokerage_roles(G)["b"].values()) == 0
    G.remove_edge("a", "c")
    G.add_edge("c", "a")  # the reverse tie does not close a -> c
    assert brokerage_roles(G)["b"][role] == 1


def test_missing_groups_are_left_out() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "b")])
    nx.set_node_attributes(G, {"a": "X", "b": "Y", "c": "Z"}, "group")  # d has none
    assert brokerage_roles(G)["b"]["liaison"] == 1
    G.nodes["d"]["group"] = None
    assert sum(brokerage_roles(G)["b"].values()) == 1
    G.nodes["b"]["group"] = None
    assert sum(brokerage_roles(G)["b"].values()) == 0


def test_group_mapping_and_node_subset() -> None:
    G = strike_graph()
    mapping = {v: f"g{g}" for v, g in STRIKE_GROUPS.items()}
    full = brokerage_roles(G, mapping)
    assert full == brokerage_roles(G)
    assert brokerage_roles(G, mapping, nodes=["Bob", "Norm"]) == {"Bob": full["Bob"], "Norm": full["Norm"]}


def test_errors() -> None:
    with pytest.raises(nx.NetworkXError):
        brokerage_roles(nx.DiGraph([(1, 2)]), pairs="unordered")
    with pytest.raises(ValueError):
        brokerage_roles(nx.path_graph(3), pairs="both")  # type: ignore[arg-type]
    with pytest.raises(nx.NetworkXError):
        brokerage_roles(nx.path_graph(3), nodes=[7])
    with pytest.raises(TypeError):
        brokerage_roles(nx.path_graph(3), group=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("directed", [False, True])
def test_random_graphs_against_brute_force(directed: bool) -> None:
    rng = random.Random(20240601 + directed)
    for _ in range(120):
        n = rng.randint(0, 11)
        G = nx.gnp_random_graph(n, rng.random(), seed=rng.randrange(10**9), directed=directed)
        if n and rng.random() < 0.3:
            G.add_edge(0, 0)  # self-loops are ignored
        groups = ["A", "B", "C", None] if rng.random() < 0.3 else ["A", "B", "C"]
        for v in G:
            G.nodes[v]["group"] = rng.choice(groups)
        assert brokerage_roles(G) == brute_force(G)


def test_multigraph_counts_parallel_edges_once() -> None:
    G = nx.MultiGraph(STRIKE_TIES + STRIKE_TIES[:5])
    nx.set_node_attributes(G, STRIKE_GROUPS, "group")
    assert brokerage_roles(G) == brokerage_roles(strike_graph())


def test_docstring_examples() -> None:
    result = doctest.testmod(brokerage, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --- z-scores against what group sizes and density would give -----------------------------------

def simulated_moments(sizes: list[int], d: float, samples: int, seed: int) -> dict:
    """Mean and variance of each role count for a broker of each group, by simulating the null
    (every arc present independently with probability d): independent of sna's formulas."""
    import numpy as np

    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(len(sizes)), sizes)
    n = len(group)
    A = rng.random((samples, n, n)) < d
    A[:, np.arange(n), np.arange(n)] = False
    out = {}
    for g in range(len(sizes)):
        b = int(np.flatnonzero(group == g)[0])
        # open two-paths a -> b -> c, a != c, both different from b
        X = A[:, :, b][:, :, None] & A[:, b, :][:, None, :] & ~A
        keep = np.ones((n, n), dtype=bool)
        keep[np.arange(n), np.arange(n)] = False
        keep[b, :] = keep[:, b] = False
        ga, gc = group[:, None], group[None, :]
        masks = {
            "coordinator": (ga == g) & (gc == g),
            "gatekeeper": (ga != g) & (gc == g),
            "representative": (ga == g) & (gc != g),
            "itinerant": (ga == gc) & (ga != g),
            "liaison": (ga != gc) & (ga != g) & (gc != g),
        }
        out[g] = {}
        for role, mask in masks.items():
            counts = (X & (mask & keep)).sum(axis=(1, 2))
            out[g][role] = (counts.mean(), counts.var(ddof=1), samples)
    return out


def test_z_score_moments_match_simulation() -> None:
    sizes, d = [3, 4, 2], 0.3
    G = nx.complete_graph(sum(sizes), create_using=nx.DiGraph)  # only sizes and d matter: set d below
    groups = [g for g, k in enumerate(sizes) for _ in range(k)]
    nx.set_node_attributes(G, dict(enumerate(groups)), "group")
    # a directed graph with exactly the density d has the same null moments
    H = nx.DiGraph()
    H.add_nodes_from(G.nodes(data=True))
    arcs = [(u, v) for u in G for v in G if u != v]
    random.Random(1).shuffle(arcs)
    H.add_edges_from(arcs[: round(d * len(arcs))])
    d = H.number_of_edges() / len(arcs)
    z = brokerage.brokerage_z_scores(H)
    sim = simulated_moments(sizes, d, 40_000, seed=2)
    for v in H:
        g = groups[v]
        for role in BROKERAGE_ROLES:
            mean, var, k = sim[g][role]
            got = z[v][role]
            assert got["expected"] == pytest.approx(mean, abs=5 * (var / k) ** 0.5 + 1e-9), (g, role)
            assert got["sd"] ** 2 == pytest.approx(var, rel=0.08, abs=1e-9), (g, role)


def test_strike_network_z_scores() -> None:
    """z = (count - E) / sd with E and sd simulated here for the strike network's group sizes
    and density; the counts are sna's published ones."""
    G = strike_graph()
    z = brokerage.brokerage_z_scores(G)
    sizes = [sum(1 for g in STRIKE_GROUPS.values() if g == k) for k in (1, 2, 3)]
    d = 2 * G.number_of_edges() / (24 * 23)
    sim = simulated_moments(sizes, d, 6_000, seed=3)
    order = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    for v, counts in STRIKE_SNA.items():
        g = STRIKE_GROUPS[v] - 1
        for role, count in zip(order, counts):
            mean, var, _ = sim[g][role]
            assert z[v][role]["count"] == count
            assert z[v][role]["z"] == pytest.approx((count - mean) / var**0.5, rel=0.1, abs=0.1), (v, role)
    # Bob stands out as a gatekeeper/representative between the English-speaking groups
    assert z["Bob"]["gatekeeper"]["z"] > 2 and z["Bob"]["gatekeeper"]["z"] == z["Bob"]["representative"]["z"]
    # a single group: no variance to compare against
    one = nx.path_graph(4)
    nx.set_node_attributes(one, "A", "group")
    assert brokerage.brokerage_z_scores(one)[1]["liaison"]["z"] is None
