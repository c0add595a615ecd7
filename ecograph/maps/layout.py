"""A cheap starting layout, so the browser's physics only has to polish.

vis-network's physics costs about N log N per iteration in JavaScript; from random positions a
1,500-node map needs hundreds of iterations. Here, in numpy: people and teams sit in a disc
around their organisation, organisations are laid out per ICS with a small dense
Fruchterman-Reingold, the ICS clusters are packed on a sunflower spiral, and partnerships or
innovations with no ICS sit among the things they link.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import networkx as nx

try:  # numpy makes the per-ICS force layout fast; without it, a plain sunflower per ICS
    import numpy as np
except ImportError:  # pragma: no cover
    np = None  # type: ignore[assignment]

GOLDEN = math.pi * (3 - math.sqrt(5))
SPRING = 80.0  # px: about vis-network's springLength, so the polish keeps the scale


def _unit(key: Any) -> float:
    """A stable pseudo-random number in [0, 1) for ``key``."""
    return int.from_bytes(hashlib.sha1(repr(key).encode()).digest()[:6], "big") / 2**48


def _anchor(graph: nx.Graph, node: Hashable, data: dict[str, Any]) -> Hashable:
    """What a node is placed around: people and teams go with their organisation."""
    org = data.get("organisation")
    if data.get("label") in ("Person", "Team") and org is not None and org in graph and org != node:
        return org
    return node


def fruchterman_reingold(adj: "np.ndarray", mass: "np.ndarray", iterations: int = 60, seed: int = 1) -> "np.ndarray":
    """Dense force-directed layout (n x n weights); heavier nodes repel more. Unit-ish scale."""
    n = len(adj)
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    heavy = np.outer(mass, mass) / float(np.mean(mass) ** 2)
    repel = k * k * heavy  # once, not per iteration (the same numbers)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dx, dy = delta[..., 0], delta[..., 1]
        dist = np.sqrt(dx * dx + dy * dy)  # (delta ** 2).sum(-1), bit for bit, without the strided sum
        np.clip(dist, 0.01, None, out=dist)
        force = repel / dist ** 2 - adj * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.sqrt((disp ** 2).sum(-1))
        length = np.where(length < 0.01, 0.1, length)
        pos += disp * (t / length)[:, None]
        t -= dt
    return pos - pos.mean(axis=0)


def _group_layout(ns: list[Hashable], weight: dict[tuple, float], radius: dict[Hashable, float],
                  max_dense: int) -> list[tuple[float, float]]:
    """Offsets of one ICS's anchors: force-directed when small enough, else a sunflower."""
    m = len(ns)
    if np is not None and 1 < m <= max_dense:
        index = {n: i for i, n in enumerate(ns)}
        adj = np.zeros((m, m))
        for (a, b), w in weight.items():
            if a in index and b in index:
                adj[index[a], index[b]] = math.log1p(w)
        mass = np.array([radius[n] for n in ns])
        xy = fruchterman_reingold(adj, mass, iterations=60 if m <= 400 else 30, seed=m)
        return [(float(x), float(y)) for x, y in xy]
    order = sorted(range(m), key=lambda i: -radius[ns[i]])  # heaviest in the middle
    out = [(0.0, 0.0)] * m
    for rank, i in enumerate(order):
        r = math.sqrt(rank + 0.5)
        out[i] = (r * math.cos(rank * GOLDEN), r * math.sin(rank * GOLDEN))
    return out


def initial_layout(graph: nx.Graph, max_dense: int = 900) -> dict[Hashable, tuple[float, float]]:
    """Positions (vis pixels) for every node of ``graph``."""
    nodes = dict(graph.nodes(data=True))
    anchor = {n: _anchor(graph, n, d) for n, d in nodes.items()}
    members: dict[Hashable, list[Hashable]] = defaultdict(list)
    for n, a in anchor.items():
        if a != n:
            members[a].append(n)
    anchors = [n for n in nodes if anchor[n] == n]

    # Anchors with no ICS but with neighbours (partnerships, innovations) are placed later.
    def ics_of(n: Hashable) -> str:
        return str(nodes[n].get("ics") or "")

    floating = {n for n in anchors if not ics_of(n) and graph.degree(n) > 0}
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for n in anchors:
        if n not in floating:
            groups[ics_of(n)].append(n)

    # anchor-to-anchor weights (ties between people become ties between their organisations)
    weight: dict[tuple, float] = defaultdict(float)
    for u, v in graph.edges():
        a, b = anchor[u], anchor[v]
        if a != b:
            weight[(a, b)] += 1.0
            weight[(b, a)] += 1.0
    radius = {a: 22.0 + 11.0 * math.sqrt(len(members[a])) for a in anchors}  # footprint with its people

    pos: dict[Hashable, tuple[float, float]] = {}
    placed = []  # (group members, their offsets, group radius)
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        ns = sorted(groups[key], key=repr)
        xy = _group_layout(ns, weight, radius, max_dense)
        # scale so that the group's area fits its members' footprints
        area = sum(math.pi * (radius[n] + SPRING * 0.35) ** 2 for n in ns)
        group_r = math.sqrt(area / math.pi)
        rms = math.sqrt(sum(x * x + y * y for x, y in xy) / len(xy)) or 1.0
        f = group_r / (1.6 * rms)
        placed.append((ns, [(x * f, y * f) for x, y in xy], group_r))

    # pack the ICS groups on a sunflower spiral, biggest in the middle
    total = 0.0
    for g_index, (ns, xy, group_r) in enumerate(placed):
        if g_index == 0:
            cx = cy = 0.0
        else:
            dist = math.sqrt(total / math.pi) + group_r * 1.15
            angle = g_index * GOLDEN
            cx, cy = dist * math.cos(angle), dist * math.sin(angle)
        total += math.pi * (group_r * 1.25) ** 2 * (4 if g_index == 0 else 1.6)
        for n, (x, y) in zip(ns, xy):
            pos[n] = (cx + x, cy + y)

    # floating anchors: among their neighbours' anchors (two passes for chains)
    for _ in range(2):
        for n in sorted(floating, key=repr):
            near = [pos[anchor[m]] for m in graph.neighbors(n) if anchor[m] in pos and anchor[m] != n]
            if near:
                jitter = 40 * _unit(n) - 20, 40 * _unit((n, 1)) - 20
                pos[n] = (sum(p[0] for p in near) / len(near) + jitter[0],
                          sum(p[1] for p in near) / len(near) + jitter[1])
    for i, n in enumerate(sorted((n for n in floating if n not in pos), key=repr)):
        pos[n] = (i * SPRING, -SPRING)

    # people and teams: a disc around their organisation
    for a, ms in members.items():
        ax, ay = pos[a]
        turn = _unit(a) * 2 * math.pi
        for rank, n in enumerate(sorted(ms, key=repr)):
            r = 20.0 + 10.0 * math.sqrt(rank + 0.5)
            pos[n] = (ax + r * math.cos(turn + rank * GOLDEN), ay + r * math.sin(turn + rank * GOLDEN))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def layout_groups(graph: nx.Graph) -> dict[Hashable, str]:
    """The ICS each node is laid out with: its own ``ics``; a person's or team's
    organisation's; for a node with neither (a partnership, an innovation), the commonest
    among its neighbours' ("" when none has one).

    The map gives links between two groups no spring (they are drawn, but do not pull), so the
    physics polish keeps the ICS clusters of :func:`initial_layout` apart instead of folding
    them into one ball; each partnership or innovation settles into its commonest ICS.
    """
    nodes = dict(graph.nodes(data=True))
    group: dict[Hashable, str] = {}
    for n, d in nodes.items():
        a = _anchor(graph, n, d)
        group[n] = str(nodes[a].get("ics") or d.get("ics") or "")
    for n in [n for n, g in group.items() if not g]:
        near = [group[m] for m in graph.neighbors(n) if group.get(m)]
        if near:
            counts: dict[str, int] = defaultdict(int)
            for g in near:
                counts[g] += 1
            group[n] = max(sorted(counts), key=lambda g: counts[g])
    return group
