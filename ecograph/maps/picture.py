"""Static pictures of maps: an inline SVG drawn on the server from the map's starting layout,
so an atlas page reads at once, without script, in any mail client or printout.

The picture is the graph :func:`ecograph.maps.ecosystem.ecosystem_graph` builds (people rolled
up into their organisations on big maps, as the interactive map does), placed by
:func:`ecograph.maps.layout.initial_layout`, coloured as the map's legend says (by role on an
innovation's map, else by organisation kind), sized by betweenness, with the most important
nodes named: brokers, gap subjects, developers, adopters and candidates, then the largest
organisations. Labels never overlap each other or a node; the others are left out of the
picture (the interactive map has them). Every name is escaped text.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
from markupsafe import Markup, escape

from .layout import initial_layout
from .render import ROLLED_UP, legend, roll_up_people

__all__ = ["map_picture", "place_labels", "Box"]

WIDTH = 1000.0
#: Nodes and edges beyond these are left out of a picture (the interactive map has them all).
MAX_EDGES = 3000
MAX_LABELS = 18
#: Above this many nodes a picture shows organisations, with their people rolled up into them.
PEOPLE_UP_TO = 500
#: Pictures of up to this many nodes get a spring polish of the starting layout (cheap at this size).
POLISH_UP_TO = 400
FONT = 13.0
_CHAR = 0.56  # average glyph width of a system sans-serif, in ems
_ROLE_ORDER = {"developer": 0, "adopter": 1, "candidate": 2, "route": 4}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box, pad: float = 1.5) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _circle_box(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


def place_labels(items: Iterable[tuple[Hashable, str, float, float, float]], obstacles: Iterable[Box],
                 bounds: Box, font: float = FONT, limit: int = MAX_LABELS,
                 rings: Sequence[float] = (0,)) -> dict[Hashable, tuple[float, float, str, Box]]:
    """Greedy label placement: for each (key, text, x, y, radius), in the order given, the
    first of eight spots around the node (at each distance of ``rings`` beyond its edge, nearest
    first) whose box stays inside ``bounds`` and overlaps no node (``obstacles``, except its
    own) and no label placed before. Returns key -> (x, y, text-anchor, box) for the labels
    placed, at most ``limit``."""
    import numpy as np

    placed: dict[Hashable, tuple[float, float, str, Box]] = {}
    boxes: list[Box] = []
    # every node's box as columns: each spot is checked against all of them at once
    x0s, y0s, x1s, y1s = np.asarray(list(obstacles), dtype=float).reshape(-1, 4).T
    height = font * 1.15
    for key, text, x, y, r in items:
        if len(placed) >= limit:
            break
        w = len(text) * font * _CHAR
        spots = []
        for gap in [r + 3 + extra for extra in rings]:
            spots += [  # (anchor x, baseline y, text-anchor)
                (x + gap, y + font * 0.35, "start"), (x - gap, y + font * 0.35, "end"),
                (x, y - gap - font * 0.25, "middle"), (x, y + gap + font * 0.9, "middle"),
                (x + gap * 0.7, y - gap * 0.7, "start"), (x - gap * 0.7, y - gap * 0.7, "end"),
                (x + gap * 0.7, y + gap * 0.7 + font * 0.7, "start"), (x - gap * 0.7, y + gap * 0.7 + font * 0.7, "end"),
            ]
        own = _circle_box(x, y, r)
        others = ~((x0s == own[0]) & (y0s == own[1]) & (x1s == own[2]) & (y1s == own[3]))
        for tx, ty, anchor in spots:
            x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (x0, ty - font * 0.85, x0 + w, ty - font * 0.85 + height)
            if box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] or box[3] > bounds[3]:
                continue
            if any(_overlaps(box, b) for b in boxes):
                continue
            # _overlaps(box, o, 0.5) for each obstacle o other than its own node
            if np.any(others & (box[0] < x1s + 0.5) & (x0s < box[2] + 0.5) & (box[1] < y1s + 0.5) & (y0s < box[3] + 0.5)):
                continue
            placed[key] = (tx, ty, anchor, box)
            boxes.append(box)
            break
    return placed


def _short(name: str, n: int = 34) -> str:
    return name if len(name) <= n else name[: n - 1].rstrip() + "…"


def _fill(d: Mapping[str, Any], by_role: bool) -> str:
    lg = legend()
    label = d.get("label") or "Organisation"
    if by_role:
        return lg["roles"].get(d.get("role") or "none", lg["roles"]["none"])["colour"]
    if label in ("Organisation", "Person", "Team"):
        family = lg["family_of"].get(d.get("kind") or "other") or lg["family_of"]["other"]
        return family["colour"]
    return lg["entities"].get(label, {}).get("colour") or "#999999"


def _importance(n: Hashable, d: Mapping[str, Any]) -> tuple:
    """Sort key: what a reader should see named first."""
    role = _ROLE_ORDER.get(d.get("role") or "", 5)
    return (role, 0 if d.get("broker") else 1, 0 if d.get("gap") else 1, 0 if d.get("label") == "Innovation" else 1,
            -(float(d.get("betweenness") or 0)), -(d.get("people") or 0), str(n))


def _pull_in_outliers(pos: dict[Hashable, tuple[float, float]]) -> dict[Hashable, tuple[float, float]]:
    """Clamp the few nodes far outside the rest (a small separate group flung away by the
    layout) to just beyond the box holding 96% of them, so they do not shrink the picture."""
    if len(pos) < 20:
        return pos
    xs = sorted(p[0] for p in pos.values())
    ys = sorted(p[1] for p in pos.values())
    k = max(1, len(xs) // 50)
    x0, x1, y0, y1 = xs[k], xs[-k - 1], ys[k], ys[-k - 1]
    mx, my = (x1 - x0) * 0.08 or 1.0, (y1 - y0) * 0.08 or 1.0
    return {n: (min(max(x, x0 - mx), x1 + mx), min(max(y, y0 - my), y1 + my)) for n, (x, y) in pos.items()}


def map_picture(graph: nx.Graph, *, caption: str, max_labels: int = MAX_LABELS) -> Markup:
    """An inline SVG of ``graph`` (a map graph) and a small legend, as escaped markup."""
    lg = legend()
    known = graph.graph.get("layout") or {}  # the interactive map's starting layout, when it was written
    if graph.number_of_nodes() > PEOPLE_UP_TO and any(d.get("label") == "Person" for _, d in graph.nodes(data=True)):
        # a picture of that many people is a ball: show their organisations (as the map rolled them up)
        rolled = graph.graph.get(ROLLED_UP)
        graph = rolled if rolled is not None else roll_up_people(graph)
    # nodes with no link and nothing to say are counted, not drawn (a ring of dots otherwise)
    quiet = [n for n, d in graph.nodes(data=True) if graph.degree(n) == 0
             and not (d.get("role") or d.get("broker") or d.get("gap") or d.get("people"))]
    if quiet and len(quiet) < graph.number_of_nodes():
        drop = set(quiet)
        graph = graph.subgraph([n for n in graph if n not in drop]).copy()
    else:
        quiet = []
    if graph.number_of_nodes() == 0:
        return Markup('<p class="muted">Nothing to draw: no organisations or links are recorded here yet.</p>')
    pos = {n: known[n] for n in graph} if all(n in known for n in graph) else initial_layout(graph)
    if graph.number_of_nodes() <= POLISH_UP_TO:  # small maps: a short spring polish evens them out
        polished = nx.spring_layout(graph, pos={n: (x / 400.0, y / 400.0) for n, (x, y) in pos.items()},
                                    iterations=40, seed=1, weight=None)
        pos = {n: (float(x), float(y)) for n, (x, y) in polished.items()}
    by_role = any(d.get("role") for _, d in graph.nodes(data=True))
    pos = _pull_in_outliers(pos)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    height = min(640.0, max(360.0, WIDTH * span_y / span_x))
    margin = 28.0
    scale = min((WIDTH - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    ox = (WIDTH - span_x * scale) / 2 - min(xs) * scale
    oy = (height - span_y * scale) / 2 - min(ys) * scale

    between = {n: float(d.get("betweenness") or 0) for n, d in graph.nodes(data=True)}
    top = max(between.values(), default=0) or 1.0
    shrink = max(0.18, min(1.0, scale))
    xy: dict[Hashable, tuple[float, float, float]] = {}
    for n, d in graph.nodes(data=True):
        entity = lg["entities"].get(d.get("label") or "Organisation", lg["entities"]["Organisation"])
        lo, hi = entity["size"]
        size = (lo + (hi - lo) * math.sqrt(max(between[n], 0.0) / top)) * 0.45 * shrink
        if d.get("people"):
            size = max(size, min(14.0, 2.5 + math.sqrt(d["people"])) * shrink)
        r = max(4.0 if graph.number_of_nodes() <= 250 else 2.2, min(16.0, size))
        xy[n] = (pos[n][0] * scale + ox, pos[n][1] * scale + oy, r)

    # in the order of the nodes' ids, not of the store's rows (which may come in another order
    # each time): the same ecosystem gives the same picture, byte for byte
    edges = sorted(((u, v, e) if str(u) <= str(v) else (v, u, e) for u, v, e in graph.edges(data=True)),
                   key=lambda t: (str(t[0]), str(t[1])))
    if len(edges) > MAX_EDGES:
        edges.sort(key=lambda e: (not e[2].get("route"), not e[2].get("dashed"), -float(e[2].get("weight") or 1)))
        edges = edges[:MAX_EDGES]
    marks = lg["marks"]
    parts = [f'<div class="picture-scroll"><svg class="map-picture" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
             f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(caption)}</title>",
             '<g class="edges" stroke-linecap="round">']
    plain, special = [], []
    for u, v, e in edges:
        (x1, y1, _), (x2, y2, _) = xy[u][:3], xy[v][:3]
        seg = f'M{x1:.0f} {y1:.0f}L{x2:.0f} {y2:.0f}'
        if e.get("route"):
            special.append(f'<path d="{seg}" stroke="{marks["edge_route"]}" stroke-width="3.5" opacity="0.9"/>')
        elif e.get("dashed"):
            special.append(f'<path d="{seg}" stroke="{marks["edge_suggested"]}" stroke-width="1.6" stroke-dasharray="5 4"/>')
        else:
            plain.append(seg)
    if plain:  # one path for all plain links: small files
        parts.append(f'<path d="{"".join(plain)}" stroke="{marks["edge"]}" stroke-width="0.8" opacity="0.45" fill="none"/>')
    parts.extend(special)
    # nodes: the plain ones share one white outline (set on the group); brokers and gap
    # subjects get their ring. Coordinates in whole units keep a picture of 1,500 nodes small.
    nodes_at = len(parts)
    parts.append('</g><g class="nodes" stroke="#ffffff" stroke-width="0.6">')
    order = sorted(graph.nodes(data=True), key=lambda nd: (-_importance(nd[0], nd[1])[0], str(nd[0])))  # important on top
    rings = {"gap": f' stroke="{marks["gap_border"]}" stroke-width="2.2"',
             "broker": f' stroke="{marks["broker_border"]}" stroke-width="2.2"'}
    for n, d in order:
        x, y, r = xy[n]
        ring = rings["gap"] if d.get("gap") else rings["broker"] if d.get("broker") else ""
        shape = d.get("label")
        fill = _fill(d, by_role)
        if shape == "Innovation":
            star = []
            for k in range(10):
                a = -math.pi / 2 + k * math.pi / 5
                rr = r * 1.4 if k % 2 == 0 else r * 0.6
                star.append(f"{x + rr * math.cos(a):.0f},{y + rr * math.sin(a):.0f}")
            parts.append(f'<polygon points="{" ".join(star)}" fill="{fill}"{ring}/>')
        elif shape == "Partnership":
            parts.append(f'<polygon points="{x:.0f},{y - r:.0f} {x + r:.0f},{y + r * 0.8:.0f} {x - r:.0f},{y + r * 0.8:.0f}" '
                         f'fill="{fill}"{ring}/>')
        elif shape == "Person":
            parts.append(f'<polygon points="{x:.0f},{y - r:.0f} {x + r:.0f},{y:.0f} {x:.0f},{y + r:.0f} {x - r:.0f},{y:.0f}" '
                         f'fill="{fill}"{ring}/>')
        elif shape == "Team":
            parts.append(f'<rect x="{x - r * 0.8:.0f}" y="{y - r * 0.8:.0f}" width="{r * 1.6:.0f}" height="{r * 1.6:.0f}" '
                         f'fill="{fill}"{ring}/>')
        else:
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.1f}" fill="{fill}"{ring}/>')
    parts.append("</g>")

    ranked = sorted(graph.nodes(data=True), key=lambda nd: _importance(*nd))
    wanted = [(n, _short(str(d.get("name") or n)), *xy[n]) for n, d in ranked
              if d.get("label") not in ("Person", "Team") or d.get("broker") or d.get("role") or d.get("gap")]
    labels = place_labels(wanted, [_circle_box(*v) for v in xy.values()], (2, 2, WIDTH - 2, height - 2),
                          limit=max_labels, rings=(0, 18, 40, 70, 110, 150))
    parts.append(f'<g class="labels" font-size="{FONT:.0f}" paint-order="stroke" stroke="#ffffff" stroke-width="3.5" '
                 'stroke-linejoin="round" fill="#1f2933">')
    texts = {k: t for k, t, *_ in wanted}
    leaders = []
    for n, (tx, ty, anchor, box) in labels.items():
        parts.append(f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(texts[n])}</text>')
        x, y, r = xy[n]
        # a label set away from its node gets a thin line to it, from the nearest point of its box
        px, py = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
        if math.hypot(px - x, py - y) > r + 12:
            leaders.append(f"M{x:.0f} {y:.0f}L{px:.0f} {py:.0f}")
    if leaders:
        parts.insert(nodes_at,
                     f'<path d="{"".join(leaders)}" stroke="#52606d" stroke-width="0.9" fill="none"/>')
    parts.append("</g></svg></div>")
    parts.append(_legend(graph, by_role))
    if quiet:
        parts.append(f'<p class="picture-note">{len(quiet):,} organisations with no links recorded are not drawn.</p>')
    if graph.graph.get("rolled_up"):
        parts.append('<p class="picture-note">People are drawn inside their organisations; the map shows each person.</p>')
    return Markup("".join(parts))


def _legend(graph: nx.Graph, by_role: bool) -> str:
    """Swatches for the colours the picture uses, with counts of organisations."""
    lg = legend()
    items: list[tuple[str, str]] = []
    if by_role:
        present = {d.get("role") for _, d in graph.nodes(data=True) if d.get("role")}
        items = [(v["colour"], v["label"]) for k, v in lg["roles"].items() if k in present]
    else:
        kinds = {d.get("kind") or "other" for _, d in graph.nodes(data=True) if d.get("label") == "Organisation"}
        items = [(f["colour"], f["label"]) for f in lg["families"] if kinds & set(f["kinds"])]
    marks = lg["marks"]
    extras = []
    if any(d.get("broker") for _, d in graph.nodes(data=True)):
        extras.append('<li><span class="ring broker"></span>broker (dark ring)</li>')
    if any(d.get("gap") for _, d in graph.nodes(data=True)):
        extras.append(f'<li><span class="ring" style="border-color:{marks["gap_border"]}"></span>named by a gap</li>')
    if any(e.get("route") for *_, e in graph.edges(data=True)):
        extras.append(f'<li><span class="line" style="background:{marks["edge_route"]}"></span>warm route</li>')
    swatches = "".join(f'<li><span class="swatch" style="background:{c}"></span>{escape(t)}</li>' for c, t in items)
    return f'<ul class="picture-legend">{swatches}{"".join(extras)}</ul>'
