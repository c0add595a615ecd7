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

* up to ``exact_threshold`` nodes (default 10,000: one ICS), betweenness is
  **exact** (Brandes' algorithm in ``igraph``, split over worker processes);
  it agrees with NetworkX to rounding (1e-12);
* above it, betweenness is **sampled** with KADABRA (``networkit``): each
  score is within a stated additive error of the exact one with a stated
  probability, and the ``method`` of each row says so;
* constraint and effective size come from ``igraph`` for every node
  (constraint in C; effective size from triangle counts with Borgatti's
  formula, exactly what NetworkX computes for unweighted undirected graphs);
* articulation points, split sizes and bridges come from one block-cut
  tree (biconnected components in ``igraph``), in linear time;
* brokerage roles, split examples and ``why`` are computed only for the
  returned rows (``top``).

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
  100 CPU-minutes). NetworkX's exact run is estimated at about 50 hours. Part of KADABRA's time is
  networkit's exact diameter bound. KADABRA runs on one thread, because with
  several threads networkit 11.3 stops after a varying number of samples and
  a seed would not reproduce its ranking; the local measures are computed on
  the other core meanwhile.

Edges are unweighted: a multigraph's parallel edges count once and
self-loops are ignored.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import networkx as nx
import numpy as np

from ecograph.analysis import _kernels as K
from ecograph.analysis.brokerage import BROKERAGE_ROLES, brokerage_roles

__all__ = ["rank_brokers", "bridges_on_one_person"]

Backend = Literal["auto", "networkx"]


def _simple(G: nx.Graph) -> nx.Graph:
    """The graph itself, or a simple copy if it has parallel edges or
    self-loops."""
    if G.is_multigraph() or nx.number_of_selfloops(G):
        H = nx.Graph()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v) for u, v in G.edges() if u != v)
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


def _betweenness(
    G: nx.Graph,
    IG: K.IndexGraph | None,
    *,
    exact: bool,
    backend: Backend,
    epsilon: float,
    delta: float,
    pivots: int,
    seed: int,
) -> tuple[np.ndarray, str]:
    nodes = list(G)
    n = len(nodes)
    if backend == "auto" and IG is not None:
        if exact and K.have_igraph():
            return K.exact_betweenness_igraph(IG), "exact (igraph)"
        if not exact and K.have_networkit():
            s = K.kadabra_betweenness(IG, epsilon, delta, seed)
            return s.scores, (
                f"sampled, k={s.samples} shortest paths (networkit KADABRA, "
                f"epsilon={epsilon:g}, delta={delta:g}), error bound "
                f"±{s.bound:.2g} with probability ≥ {1 - delta:.0%}"
            )
    if exact:
        b = nx.betweenness_centrality(G)
        return np.array([b[v] for v in nodes]), "exact (networkx)"
    k = min(pivots, n)
    b = nx.betweenness_centrality(G, k=k, seed=seed)
    return np.array([b[v] for v in nodes]), (
        f"sampled, k={k} source pivots (networkx), no error bound"
    )


def _why(
    row: dict[str, Any],
    *,
    group_noun: str,
    n_groups_around: int,
    split_groups: str | None,
    rest: int,
    member_noun: str,
    approx: bool,
) -> str:
    parts: list[str] = []
    b = row["betweenness"]
    if b > 0:
        about = "about " if approx else ""
        parts.append(f"Sits on {about}{_pct(b)} of shortest paths between others")
    else:
        parts.append("Sits on no shortest path between others")
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
    cross = []
    if row["liaison"]:
        cross.append(f"liaison in {row['liaison']:,} {_plural('pair', row['liaison'])}")
    if row["gatekeeper"]:
        own = f"its own {group_noun}"
        cross.append(
            f"links {own} to others in {row['gatekeeper']:,} "
            f"{_plural('pair', row['gatekeeper'])}"
        )
    if row["itinerant"]:
        cross.append(
            f"brokers inside another {group_noun} in {row['itinerant']:,} "
            f"{_plural('pair', row['itinerant'])}"
        )
    if n_groups_around >= 2:
        text = f"connects {n_groups_around} {_plural(group_noun, n_groups_around)}"
        if cross:
            text += " (" + ", ".join(cross) + ")"
        parts.append(text)
    elif row["coordinator"]:
        parts.append(
            f"coordinates within its {group_noun} "
            f"({row['coordinator']:,} {_plural('pair', row['coordinator'])})"
        )
    c, es, d = row["constraint"], row["effective_size"], row["degree"]
    if c is not None and es is not None and d > 1:
        eff = es / d
        if eff >= 0.9:
            label = "low constraint" if c <= 0.25 else "constraint"
            parts.append(f"{label} ({c:.2f}): contacts do not know each other")
        elif eff >= 0.6:
            label = "low constraint" if c <= 0.25 else "constraint"
            parts.append(f"{label} ({c:.2f}): most contacts do not know each other")
        elif eff <= 0.35:
            parts.append(f"high constraint ({c:.2f}): contacts mostly know each other")
        else:
            parts.append(f"constraint ({c:.2f}): some contacts know each other")
    elif d == 1:
        parts.append("only one contact")
    elif d == 0:
        parts.append("no contacts")
    return "; ".join(parts) + "."


@nx.utils.not_implemented_for("directed")
def rank_brokers(
    G: nx.Graph,
    group_attr: str = "group",
    top: int | None = None,
    *,
    exact_threshold: int = 10_000,
    seed: int = 0,
    epsilon: float = 0.005,
    delta: float = 0.1,
    pivots: int = 500,
    backend: Backend = "auto",
    group_noun: str | None = None,
    max_examples: int = 3,
) -> list[dict[str, Any]]:
    """Rank the nodes of an undirected graph as brokers.

    Parameters
    ----------
    G : undirected graph
        Nodes should have attributes ``name``, ``label`` (Person, Team,
        Organisation) and the group attribute. Parallel edges count once;
        self-loops are ignored; edge weights are not used.
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

    Returns
    -------
    list of dict
        One row per node, best broker first: by betweenness, then effective
        size (larger first), then name. Keys:

        ``rank`` (1-based), ``id`` (the node), ``name``, ``label``, ``group``;
        ``betweenness`` (normalised, 0–1); ``constraint`` and
        ``effective_size`` (Burt; ``None`` for a node with no contacts);
        ``degree``; ``coordinator``, ``gatekeeper``, ``representative``,
        ``itinerant``, ``liaison`` (Gould–Fernandez counts over distinct
        open pairs, ``pairs="unordered"``: gatekeeper and representative
        both count pairs with one end in the node's group);
        ``articulation_point`` (bool); ``splits`` (sizes of the pieces cut
        off from the largest remaining piece if the node left, largest
        first; empty if not an articulation point); ``split_examples``
        (up to ``max_examples`` names from those pieces, the best connected
        first, then by name); ``method``
        ("exact (...)" or "sampled, k=..., error bound ..."); ``why``.

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
    'Sits on 54% of shortest paths between others; the only link between 3 nodes in QMJ and the rest (5); connects 2 ICSs (links its own ICS to others in 1 pair); constraint (0.50): contacts do not know each other.'
    """
    if backend not in ("auto", "networkx"):
        raise ValueError("backend must be 'auto' or 'networkx'")
    G = _simple(G)
    n = G.number_of_nodes()
    if n == 0:
        return []
    if group_noun is None:
        group_noun = "ICS" if group_attr.lower() in ("ics", "ics_code") else "group"
    use_fast = backend == "auto" and K.have_igraph()
    IG = K.index_graph(G) if backend == "auto" else None
    if use_fast:
        IG.igraph()  # build it here, before the betweenness thread starts
    nodes = list(G)
    exact = n <= exact_threshold
    # Betweenness runs in a thread: the C++ kernels release the GIL, so the
    # local measures below are computed meanwhile on the other core.
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(
            _betweenness, G, IG, exact=exact, backend=backend, epsilon=epsilon,
            delta=delta, pivots=pivots, seed=seed,
        )
        if IG is not None:
            degree = IG.degree
        else:
            degree = np.array([G.degree(v) for v in nodes], dtype=np.int64)
        if use_fast:
            tri = K.triangles_igraph(IG)
            cons = K.constraint_igraph(IG)
            blocks = K.biconnected_blocks(IG, use_igraph=True)
        else:
            t = nx.triangles(G)
            tri = np.array([t[v] for v in nodes], dtype=np.int64)
            blocks = K.biconnected_blocks(IG or K.index_graph(G), use_igraph=False)
        esize = K.effective_size_from_triangles(degree, tri)
        tree = K.BlockCutTree(n, blocks)
        names = [_display(G, v) for v in nodes]
        bc, method = future.result()

    # rounded so that ties do not depend on the kernel's last bits
    bc_key = np.round(bc, 12)
    es_key = np.where(np.isnan(esize), -np.inf, np.round(esize, 12))
    order = sorted(range(n), key=lambda i: (-bc_key[i], -es_key[i], names[i]))
    if top is not None:
        order = order[: max(0, top)]
    row_nodes = [nodes[i] for i in order]
    if use_fast:
        cons_of = {i: cons[i] for i in order}
    else:
        c = nx.constraint(G, nodes=row_nodes)
        cons_of = {i: c[nodes[i]] for i in order}
    roles = brokerage_roles(G, group_attr, row_nodes, pairs="unordered")

    nd = G._node
    member_noun = (
        "person" if all(d.get("label") == "Person" for d in nd.values()) else "node"
    )
    rows: list[dict[str, Any]] = []
    for rank, i in enumerate(order, start=1):
        v = nodes[i]
        attrs = nd[v]
        cval, eval_ = cons_of[i], esize[i]
        row: dict[str, Any] = {
            "rank": rank,
            "id": v,
            "name": names[i],
            "label": attrs.get("label"),
            "group": attrs.get(group_attr),
            "betweenness": float(bc[i]),
            "constraint": None if math.isnan(cval) else float(cval),
            "effective_size": None if math.isnan(eval_) else float(eval_),
            "degree": int(degree[i]),
        }
        row.update(roles[v])
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
                gs = Counter(nd[nodes[j]].get(group_attr) for j in members)
                g, k = gs.most_common(1)[0]
                if g is not None and k * 2 > len(members):
                    split_groups = str(g)
        else:
            row["articulation_point"] = False
            row["splits"] = []
            row["split_examples"] = []
        row["method"] = method
        groups_around = {nd[u].get(group_attr) for u in G._adj[v]}
        groups_around.add(attrs.get(group_attr))
        groups_around.discard(None)
        row["why"] = _why(
            row,
            group_noun=group_noun,
            n_groups_around=len(groups_around),
            split_groups=split_groups,
            rest=rest,
            member_noun=member_noun,
            approx=not method.startswith("exact"),
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
