"""Render an in-memory NetworkX graph as ONE self-contained, offline HTML map.

pyvis builds the vis-network node/edge data and options; our own Jinja2 template
(``visualisations/map.html.j2``) inlines the vendored vis-network build, the CSS, the page
script and the data, so the file makes no network request at all. Names and every other
text reach the page as JSON inside ``<script type="application/json">`` and are only ever
put into the DOM with ``textContent``: a name is shown as text, never parsed as HTML.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from ecograph.fileio import write_text_atomic
from ecograph.maps.layout import initial_layout, layout_groups
from ecograph.model import ORGANISATION_KINDS
from ecograph.resources import resource_path

VIS_NETWORK_VERSION = "10.1.5"
#: Above this many nodes, people are rolled up into their organisations.
ROLLUP_THRESHOLD = 1500
ROLES = ("developer", "adopter", "candidate", "route")
_ORG_LIKE = ("Organisation", "Person", "Team")  # coloured by organisation kind
#: Zoomed-out on-screen font size (px) under which a label is not drawn: people's labels
#: appear only when zoomed in, organisations' stay longest.
LABEL_THRESHOLD = {"Person": 10, "Team": 8}
TOP_LABELS = 40  # organisations labelled at any zoom; the others from about 60% zoom


# --- assets ------------------------------------------------------------------------------

def visualisations_dir() -> Path:
    """The folder holding templates, styles, legend and vendored JavaScript."""
    return resource_path("visualisations")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    text = (visualisations_dir() / name).read_text(encoding="utf-8")
    if name.endswith((".js", ".css")) and re.search(r"</(script|style)|<!--", text, re.I):
        raise ValueError(f"{name} cannot be inlined safely: it contains a closing tag")
    return text


@lru_cache(maxsize=None)
def legend() -> dict[str, Any]:
    """Colours, shapes and labels (visualisations/legend.json)."""
    data = json.loads(_asset("legend.json"))
    data["family_of"] = {k: f for f in data["families"] for k in f["kinds"]}
    return data


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(visualisations_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source for one inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def content_security_policy(scripts: Iterable[str] = ()) -> str:
    """No network at all; only our own inline scripts run (no inline event handlers)."""
    script_src = " ".join(csp_hash(s) for s in scripts) or "'none'"
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {script_src}; base-uri 'none'; form-action 'none'")


# --- redaction ---------------------------------------------------------------------------

def person_role(graph: nx.Graph, data: Mapping[str, Any]) -> str:
    """'Job title at organisation' for a person: what a redacted map shows instead of a name."""
    title = str(data.get("job_title") or "").strip() or "Person"
    org = str(data.get("organisation_name") or "").strip()
    if not org and data.get("organisation") in graph:
        org = str(graph.nodes[data["organisation"]].get("name") or "").strip()
    return f"{title} at {org}" if org else title


def name_replacements(graph: nx.Graph) -> dict[str, str]:
    """Every person's name -> 'role at organisation'. A name shared by people with different
    roles maps to 'a person' (text mentioning it cannot say which one is meant)."""
    out: dict[str, str] = {}
    for _, d in graph.nodes(data=True):
        name = str(d.get("name") or "").strip()
        if d.get("label") != "Person" or not name:
            continue
        role = person_role(graph, d)
        out[name] = role if out.get(name, role) == role else "a person"
    return out


def redact_text(text: str, mapping: Mapping[str, str]) -> str:
    """Replace each name in ``mapping`` found as a whole word in ``text`` (longest first)."""
    if not text or not mapping:
        return text
    names = tuple(n for n in mapping if n)
    return _name_pattern(names).sub(lambda m: mapping[m.group(0)], text) if names else text


@lru_cache(maxsize=16)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern:
    """One regex for a set of names (built once per mapping: redaction calls it per text)."""
    ordered = sorted((n for n in names if n), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def _redact_value(value: Any, mapping: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, mapping)
    if isinstance(value, (list, tuple)):
        return type(value)(_redact_value(v, mapping) for v in value)
    return value


def redact_people(graph: nx.Graph, mapping: Mapping[str, str] | None = None) -> nx.Graph:
    """A copy with each person's name replaced by 'role at organisation', and every name
    mentioned in any text attribute (why, title, gap...) of any node or edge replaced too.
    A person whose node id is their name gets a neutral id."""
    mapping = dict(name_replacements(graph) if mapping is None else mapping)
    out = graph.copy()
    for node, d in out.nodes(data=True):
        if d.get("label") == "Person" and d.get("name"):
            d["name"] = mapping.get(str(d["name"]).strip(), person_role(graph, d))
        for key, value in list(d.items()):
            if not (key == "name" and d.get("label") == "Person"):
                d[key] = _redact_value(value, mapping)
    for *_, d in out.edges(data=True):
        for key, value in list(d.items()):
            d[key] = _redact_value(value, mapping)
    for key, value in list(out.graph.items()):
        out.graph[key] = _redact_value(value, mapping)
    renames = {n: f"person-{i}" for i, n in enumerate(out.nodes)
               if isinstance(n, str) and n.strip() in mapping}
    return nx.relabel_nodes(out, renames) if renames else out


# --- rollup ------------------------------------------------------------------------------

def roll_up_people(graph: nx.Graph) -> nx.Graph:
    """Fold Person nodes into their organisation (node attribute ``organisation``).

    Ties between people in different organisations become one edge per pair of
    organisations with ``weight`` = number of ties; links from a person to anything else
    (a partnership, an innovation) move to their organisation. Each organisation gets
    ``people`` (how many were folded in) and ``people_brokers``. People with no
    organisation stay. ``graph.graph['rolled_up']`` says how many went where.
    """
    out = nx.Graph()
    out.graph.update(graph.graph)
    owner: dict[Any, Any] = {}
    for n, d in graph.nodes(data=True):
        if d.get("label") == "Person" and d.get("organisation") is not None:
            owner[n] = d["organisation"]
        else:
            out.add_node(n, **d)
    people: Counter = Counter()
    brokers: Counter = Counter()
    for p, org in owner.items():
        d = graph.nodes[p]
        if org not in out:  # organisation not in the graph: make a placeholder for it
            out.add_node(org, label="Organisation", name=d.get("organisation_name") or str(org),
                         kind=d.get("kind"), ics=d.get("ics"), placeholder=True)
        people[org] += 1
        brokers[org] += bool(d.get("broker"))
    for org, count in people.items():
        out.nodes[org]["people"] = out.nodes[org].get("people", 0) + count
        out.nodes[org]["people_brokers"] = brokers[org]

    links: dict[tuple, dict[str, Any]] = {}
    internal: Counter = Counter()
    for u, v, d in graph.edges(data=True):
        a, b = owner.get(u, u), owner.get(v, v)
        if a == b:
            internal[a] += u in owner or v in owner
            continue
        key = (a, b) if (a, b) in links or (b, a) not in links else (b, a)
        link = links.setdefault(key, {"weight": 0, "rels": Counter(), "route": False,
                                      "dashed": True, "titles": []})
        link["weight"] += float(d.get("weight", 1) or 1)
        link["rels"][d.get("relationship") or "LINK"] += 1
        link["route"] |= bool(d.get("route"))
        link["dashed"] &= bool(d.get("dashed"))
        if d.get("title") and not (u in owner or v in owner) and len(link["titles"]) < 3:
            link["titles"].append(str(d["title"]))
    for (a, b), link in links.items():
        rels = link["rels"]
        weight = link["weight"]
        summary = ", ".join(f"{n} {r}" for r, n in rels.most_common())
        title = "; ".join(link["titles"]) or f"{_num(weight)} link(s) between the organisations' people and teams: {summary}"
        out.add_edge(a, b, weight=weight, relationship="/".join(sorted(rels)), route=link["route"],
                     dashed=link["dashed"], title=title, rolled_up=True)
    for org, count in internal.items():
        if org in out and count:
            out.nodes[org]["internal_ties"] = count
    out.graph["rolled_up"] = {"people": len(owner), "organisations": len(people)}
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.3g}"


# --- styling -----------------------------------------------------------------------------

def _kind_of(graph: nx.Graph, data: Mapping[str, Any]) -> str | None:
    kind = data.get("kind")
    if data.get("label") in ("Person", "Team") and kind not in ORGANISATION_KINDS:
        org = data.get("organisation")
        if org in graph:
            kind = graph.nodes[org].get("kind")
    return kind


def _colour_object(fill: str, border: str) -> dict[str, Any]:
    return {"background": fill, "border": border,
            "highlight": {"background": fill, "border": legend()["marks"]["highlight"]}}


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _fill(info: Mapping[str, Any], mode: str) -> str:
    """Fill colour of a node, by organisation kind or by role (map.js has the same rule)."""
    lg = legend()
    if mode == "role":
        return lg["roles"][info.get("role") or "none"]["colour"]
    if info["type"] in _ORG_LIKE:
        return lg["family_of"][info["kind"]]["colour"]
    return lg["entities"][info["type"]]["colour"]


def _border(info: Mapping[str, Any]) -> str:
    marks = legend()["marks"]
    return marks["gap_border"] if info.get("gap") else marks["broker_border"] if info.get("broker") else marks["node_border"]


def build_network(graph: nx.Graph, *, redacted: bool = False,
                  iterations: int | None = None) -> tuple[Network, dict[str, Any]]:
    """The pyvis Network for ``graph`` and the facts the page needs (legend, filters).

    Each vis node carries ``info``: plain-text fields for tooltips, the info panel, search
    and filters. No node or edge gets a vis ``title`` (vis would parse it as HTML).
    """
    lg = legend()
    marks, entities = lg["marks"], lg["entities"]
    roles_present = any(d.get("role") in ROLES for _, d in graph.nodes(data=True))
    mode = "role" if roles_present else "kind"
    ics_names = {str(d.get("code") or n): str(d.get("name") or d.get("code") or n)
                 for n, d in graph.nodes(data=True) if d.get("label") == "ICS"}

    # Node size: betweenness when there is any, else degree.
    between = {n: _float(d.get("betweenness")) or 0.0 for n, d in graph.nodes(data=True)}
    if not any(between.values()):
        between = {n: float(graph.degree(n)) for n in graph.nodes}
    top = max(between.values(), default=0.0) or 1.0
    positions = initial_layout(graph)
    # Zoomed out, only the most central organisations keep their labels.
    orgs = sorted((n for n, d in graph.nodes(data=True) if d.get("label", "Organisation") == "Organisation"),
                  key=lambda n: -between[n])
    quiet_labels = set(orgs[TOP_LABELS:])

    net = Network(height="100%", width="100%", directed=False, bgcolor="#ffffff")
    ids = {n: i for i, n in enumerate(graph.nodes)}
    counts: dict[str, Counter] = {"kind": Counter(), "ics": Counter(), "label": Counter(), "role": Counter()}
    flags: Counter = Counter()
    for n, d in graph.nodes(data=True):
        label = d.get("label") if d.get("label") in entities else "Organisation"
        ent = entities[label]
        kind = _kind_of(graph, d)
        if label in _ORG_LIKE:
            kind = kind if kind in ORGANISATION_KINDS else "other"
        role = d.get("role") if d.get("role") in ROLES else None
        name = str(d.get("name") or "").strip() or str(n)
        info = {
            "name": name, "type": label, "kind": kind if label in _ORG_LIKE else str(d.get("kind") or ""),
            "ics": str(d.get("ics") or (d.get("code") or n if label == "ICS" else "")), "organisation": str(d.get("organisation_name") or ""),
            "jobTitle": str(d.get("job_title") or ""), "betweenness": _float(d.get("betweenness")),
            "score": _float(d.get("score")), "broker": bool(d.get("broker")), "why": str(d.get("why") or ""),
            "role": role or "", "gap": str(d.get("gap") or "").strip(), "people": d.get("people"),
            "stage": str(d.get("stage") or ""),
            "key": "" if redacted and label == "Person" else str(d.get("id", d.get("code", n))),
        }
        info = {k: v for k, v in info.items() if v not in (None, "", False)}
        weight = math.sqrt(max(between[n], 0.0) / top)
        lo, hi = ent["size"]
        size = lo + (hi - lo) * weight
        width = 1.5
        if info.get("broker"):  # a ring that still shows the fill of small nodes
            width = max(2.5, min(float(marks["broker_width"]), size * 0.15))
        if info.get("gap"):
            width = max(width, float(marks["gap_width"]))
        font: dict[str, Any] = {"size": round(ent["font"] + (12 * weight if label == "Organisation" else 0), 1)}
        if label == "ICS":
            font.update(strokeWidth=0, bold=True)
        extra: dict[str, Any] = {}
        if info.get("gap"):  # a pink halo
            extra["shadow"] = {"enabled": True, "color": marks["gap_halo"], "size": 16, "x": 0, "y": 0}
        if label in LABEL_THRESHOLD or n in quiet_labels:
            extra["scaling"] = {"label": {"drawThreshold": LABEL_THRESHOLD.get(label, 11)}}
        if d.get("people"):
            extra["mass"] = round(1 + min(4.0, d["people"] / 20), 2)
        x, y = positions[n]
        net.add_node(
            ids[n], label=name if len(name) <= 40 else name[:38] + "…", shape=ent["shape"],
            size=round(size, 1), color=_colour_object(_fill(info, mode), _border(info)),
            borderWidth=round(width, 1), borderWidthSelected=round(width + 2, 1), font=font, x=x, y=y,
            info=info, **extra,
        )
        counts["kind"][kind if label in _ORG_LIKE else f"label:{label}"] += 1
        counts["ics"][info.get("ics", "")] += 1
        counts["label"][label] += 1
        counts["role"][role or "none"] += 1
        flags["broker"] += bool(info.get("broker"))
        flags["gap"] += bool(info.get("gap"))

    # Edges: pyvis's Edge, appended directly (Network.add_edge is quadratic in edge count).
    # Plain ties take the defaults in the options; only routes, suggestions and weights differ.
    max_w = max((_float(d.get("weight")) or 1.0 for *_, d in graph.edges(data=True)), default=1.0)
    group = layout_groups(graph)
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        w = _float(d.get("weight"))
        route, dashed = bool(d.get("route")), bool(d.get("dashed"))
        info = {"relationship": str(d.get("relationship") or ""), "title": str(d.get("title") or ""),
                "weight": w, "route": route, "dashed": dashed}
        opts: dict[str, Any] = {"info": {k: v for k, v in info.items() if v not in (None, "", False)}}
        if w is not None and max_w > 1:
            opts["width"] = round(1 + 5 * math.log1p(w) / math.log1p(max_w), 2)
        if route:
            opts["width"] = max(opts.get("width", 0), 5)
            opts["color"] = {"color": marks["edge_route"], "opacity": 0.95}
        elif dashed:
            opts["dashes"] = [6, 5]
            opts["color"] = {"color": marks["edge_suggested"], "opacity": 0.8}
        if _float(d.get("length")):  # spring rest length (px), e.g. looser links to innovations
            opts["length"] = _float(d.get("length"))
        if d.get("physics") is False or (group[u] and group[v] and group[u] != group[v]):
            opts["physics"] = False  # drawn, but no spring: ICS clusters stay apart (layout_groups)
        net.edges.append(Edge(ids[u], ids[v], False, id=i, **opts).options)
        flags["route"] += route
        flags["dashed"] += dashed

    net.options = map_options(graph.number_of_nodes(), graph.number_of_edges(), iterations)
    facts = {"counts": counts, "flags": flags, "roles_present": roles_present, "ics_names": ics_names}
    return net, facts


def default_iterations(n_nodes: int) -> int:
    """Stabilisation budget: the starting layout is good, so big maps need only a polish."""
    return int(min(300, max(30, 40_000 // max(n_nodes, 1))))


def map_options(n_nodes: int, n_edges: int, iterations: int | None = None) -> dict[str, Any]:
    """vis-network options: forceAtlas2 physics that stabilises then stops (the page turns
    physics off after stabilizationIterationsDone)."""
    big = n_nodes > 600 or n_edges > 2500
    small = n_nodes <= 120
    marks = legend()["marks"]
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"borderWidth": 1.5, "shadow": False,
                  "font": {"color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "face": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"}},
        "edges": {"smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.25},
                  "width": 1.2, "selectionWidth": 1.5, "hoverWidth": 0.5,
                  "color": {"color": marks["edge"], "opacity": 0.3 if big else 0.5, "highlight": marks["highlight"],
                            "hover": marks["highlight"]}},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            # weak central gravity: the starting layout's ICS clusters stay apart (links between
            # ICSs have no spring, see layout_groups); small maps get room for their labels
            "forceAtlas2Based": {"theta": 0.7, "gravitationalConstant": -35 if not small else -110,
                                 "centralGravity": 0.004, "springLength": 80 if not small else 130,
                                 "springConstant": 0.08 if not small else 0.05, "damping": 0.6,
                                 "avoidOverlap": 0.5 if not small else 1.0},
            "maxVelocity": 40, "minVelocity": 1.0, "timestep": 0.4, "adaptiveTimestep": True,
            "stabilization": {"enabled": True, "updateInterval": 10, "fit": True,
                              "iterations": iterations or default_iterations(n_nodes)},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }


# --- the page ----------------------------------------------------------------------------

def render_map(
    graph: nx.Graph,
    path: str | Path,
    *,
    title: str,
    subtitle: str = "",
    notes: Iterable[str] = (),
    redact: bool = False,
    rollup: bool | None = None,
    max_nodes: int = ROLLUP_THRESHOLD,
    physics_iterations: int | None = None,
    ics_names: Mapping[str, str] | None = None,
    generated: str | None = None,
    nav: Iterable[Any] = (),
) -> Path:
    """Write ``graph`` as one self-contained HTML map at ``path`` and return the path.

    redact: show people as 'role at organisation' everywhere (names are personal data).
    rollup: fold people into organisations; None = only when more than ``max_nodes`` nodes.
    physics_iterations: stabilisation budget in the browser (default: by size).
    ics_names: ICS code -> name, for ICSs the graph has no ICS node for.
    generated: the date shown in the footer (default: today).
    nav: links (:class:`ecograph.maps.Link`, relative) shown in the header, e.g. back to an atlas.
    """
    notes = [str(n) for n in notes]
    if redact:
        mapping = name_replacements(graph)
        graph = redact_people(graph, mapping)
        title, subtitle = redact_text(title, mapping), redact_text(subtitle, mapping)
        notes = [redact_text(n, mapping) for n in notes]
    has_people = any(d.get("label") == "Person" for _, d in graph.nodes(data=True))
    if rollup or (rollup is None and has_people and graph.number_of_nodes() > max_nodes):
        original = graph.number_of_nodes()
        graph = roll_up_people(graph)
        info = graph.graph["rolled_up"]
        orgs = f"{info['organisations']:,} organisation" + ("" if info["organisations"] == 1 else "s")
        notes.insert(0, f"People rolled up into {orgs} to keep the map responsive "
                        f"({info['people']:,} people, {original:,} nodes before rollup).")
    net, facts = build_network(graph, redacted=redact, iterations=physics_iterations)
    facts["ics_names"] = {**dict(ics_names or {}), **facts["ics_names"]}
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    if not isinstance(options, str):
        options = json.dumps(options)

    page = _page_context(graph, facts, title=title, subtitle=subtitle, notes=notes, generated=generated)
    page["nav"] = list(nav)
    lg = legend()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options),
            "legend": {"roles": lg["roles"], "marks": lg["marks"], "kindLabels": lg["kind_labels"],
                       "kindColours": {k: f["colour"] for k, f in lg["family_of"].items()},
                       "entityColours": {k: e.get("colour") for k, e in lg["entities"].items()},
                       "orgLike": list(_ORG_LIKE), "icsNames": facts["ics_names"]},
            "rolesPresent": facts["roles_present"]}
    vis_js, map_js = _asset("vendor/vis-network.min.js"), _asset("map.js")
    html = _environment().get_template("map.html.j2").render(
        **page, css=_asset("base.css") + "\n" + _asset("map.css"), vis_js=vis_js, map_js=map_js,
        data_json=json_for_script(data), csp=content_security_policy([vis_js, map_js]),
        vis_version=VIS_NETWORK_VERSION,
    )
    return write_text_atomic(path, html)


def _page_context(graph: nx.Graph, facts: dict[str, Any], *, title: str, subtitle: str,
                  notes: list[str], generated: str | None) -> dict[str, Any]:
    """Legend, filters and header for the template (all text escaped by Jinja)."""
    lg = legend()
    counts = facts["counts"]
    families = []
    for fam in lg["families"]:
        kinds = [{"key": k, "label": lg["kind_labels"].get(k, k), "count": counts["kind"][k]}
                 for k in fam["kinds"] if counts["kind"][k]]
        if kinds:
            families.append({"label": fam["label"], "colour": fam["colour"], "kinds": kinds})
    others = [{"key": f"label:{lab}", "label": lg["entities"][lab]["label"], "colour": lg["entities"][lab]["colour"],
               "shape": lg["entities"][lab]["shape"], "count": counts["kind"][f"label:{lab}"]}
              for lab in ("Innovation", "Partnership", "ICS") if counts["kind"][f"label:{lab}"]]
    shapes = [{"label": lg["entities"][lab]["label"], "shape": lg["entities"][lab]["shape"], "count": c}
              for lab, c in counts["label"].items() if lab in _ORG_LIKE]
    ics = [{"key": k, "label": f"{facts['ics_names'][k]} ({k})" if k in facts["ics_names"] else k or "No ICS",
            "count": c} for k, c in counts["ics"].items()]
    ics.sort(key=lambda r: (r["key"] == "", r["label"].lower()))
    roles = [{"key": r, "label": v["label"], "colour": v["colour"], "count": counts["role"][r]}
             for r, v in lg["roles"].items() if counts["role"][r]] if facts["roles_present"] else []
    return {
        "title": title, "subtitle": subtitle, "notes": notes, "families": families, "others": others,
        "shapes": shapes, "ics_options": ics, "roles": roles, "flags": facts["flags"], "marks": lg["marks"],
        "n_nodes": graph.number_of_nodes(), "n_edges": graph.number_of_edges(),
        "generated": generated if generated is not None else _dt.date.today().isoformat(),
    }
