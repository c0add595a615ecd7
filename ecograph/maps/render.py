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
from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import networkx as nx

if TYPE_CHECKING:
    from pyvis.network import Network

from ecograph.fileio import write_text_atomic
from ecograph.maps.layout import initial_layout, layout_groups
from ecograph.model import ORGANISATION_KINDS
from ecograph.resources import resource_path

VIS_NETWORK_VERSION = "10.1.5"
#: Above this many nodes, people are rolled up into their organisations (and the page holds
#: only the organisation level: two levels of a bigger map would be too slow to lay out).
ROLLUP_THRESHOLD = 1500
#: Above this many people the people level is a tangle nobody reads at first sight: at the
#: fitted zoom of a 1440x900 screen about 250 nodes leave room between them for 20 labels, and
#: people are most of a map's nodes (the demo: 211 people, 340 nodes). The map then opens at the
#: organisation level, and people are one click away ("Show people").
PEOPLE_TANGLE = 150
#: Where :func:`render_map` leaves :func:`roll_up_people` of the graph it drew (in ``graph.graph``),
#: for the static picture of the same map.
ROLLED_UP = "_rolled_up_graph"
ROLES = ("developer", "adopter", "candidate", "route")
_ORG_LIKE = ("Organisation", "Person", "Team")  # coloured by organisation kind


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


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    """One environment, so that each template is compiled once (an atlas renders a hundred maps)."""
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


#: Edge attributes packed column-wise are the top-level ones and those of ``info`` (every edge has one).
_NESTED = "info"


def pack_edges(edges: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The map's edges column by column (map.js's ``unpackEdges`` and :func:`unpack_edges`
    restore them): a big map's edges are most of its bytes, and as objects every edge repeats
    every key name.

    ``{"n": count, "columns": [...]}``; one column per attribute (``key`` is its path:
    ``["from"]``, ``["info", "title"]``), holding either ``values`` or, when few values repeat
    often, ``dict`` (the distinct values) and ``codes`` (an index into it per edge). A column
    that most edges lack lists the edges that have it in ``rows``; otherwise it has an entry
    for every edge, ``null`` (``values``) or ``-1`` (``codes``) where the edge lacks it.
    """
    n = len(edges)
    cells: dict[tuple[str, ...], list[tuple[int, Any]]] = {}
    for i, edge in enumerate(edges):
        for key, value in edge.items():
            if key == _NESTED and isinstance(value, Mapping):
                for sub, v in value.items():
                    cells.setdefault((key, sub), []).append((i, v))
            else:
                cells.setdefault((key,), []).append((i, value))
    columns = []
    for key, present in cells.items():
        column: dict[str, Any] = {"key": list(key)}
        # equal values share a code: plain values by type and value (True is not 1), others as JSON
        text = [(type(v), v) if v is None or isinstance(v, (str, int, float)) else
                (dict, json.dumps(v, sort_keys=True)) for _, v in present]
        first = dict(zip(text, (v for _, v in present)))  # one value per key, in order
        dense = 2 * len(present) > n and all(v is not None for _, v in present)
        if not dense:
            column["rows"] = [i for i, _ in present]
        if 4 * len(first) <= len(present):
            code = {t: c for c, t in enumerate(first)}
            column["dict"] = list(first.values())
            codes = [code[t] for t in text]
            if dense:
                full = [-1] * n
                for (i, _), c in zip(present, codes):
                    full[i] = c
                codes = full
            column["codes"] = codes
        else:
            values = [v for _, v in present]
            if dense:
                full_values: list[Any] = [None] * n
                for (i, _), v in zip(present, values):
                    full_values[i] = v
                values = full_values
            column["values"] = values
        columns.append(column)
    return {"n": n, "columns": columns}


def unpack_edges(packed: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The edges of :func:`pack_edges` as objects again (as map.js's ``unpackEdges``)."""
    edges: list[dict[str, Any]] = [{_NESTED: {}} for _ in range(packed["n"])]
    for column in packed["columns"]:
        key = column["key"]
        if "codes" in column:
            values = [None if c == -1 else column["dict"][c] for c in column["codes"]]
        else:
            values = column["values"]
        rows = column.get("rows")
        for i, value in zip(rows if rows is not None else range(packed["n"]), values):
            if rows is None and value is None:  # a full column marks the edges that lack it
                continue
            target = edges[i][key[0]] if len(key) == 2 else edges[i]
            # no two edges share an object
            target[key[-1]] = json.loads(json.dumps(value)) if isinstance(value, (dict, list)) else value
    return edges


def map_data(html: str) -> dict[str, Any]:
    """The data a map page embeds (``<script id="ecograph-data">``), its edges unpacked."""
    match = re.search(r'<script type="application/json" id="ecograph-data">(.*?)</script>', html, re.S)
    if match is None:
        raise ValueError("not an ecograph map page: no embedded data")
    data = json.loads(match.group(1))
    if isinstance(data.get("edges"), Mapping):
        data["edges"] = unpack_edges(data["edges"])
    return data


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source for one inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def content_security_policy(scripts: Iterable[str] = (), shared: bool = False) -> str:
    """No network at all; only our own inline scripts run (no inline event handlers).

    shared: the page loads its script and styles from files beside it (:func:`shared_assets`),
    and only those: ``'self'``, never ``'unsafe-inline'`` for script."""
    script_src = "'self'" if shared else " ".join(csp_hash(s) for s in scripts) or "'none'"
    style_src = "'self' 'unsafe-inline'" if shared else "'unsafe-inline'"
    return (f"default-src 'none'; img-src data:; style-src {style_src}; "
            f"script-src {script_src}; base-uri 'none'; form-action 'none'")


def _map_css() -> str:
    return _asset("base.css") + "\n" + _asset("map.css")


def shared_assets() -> dict[str, str]:
    """What every map inlines, as files for many maps to share (an atlas's ``assets/``
    folder; :func:`render_map` with ``assets``): file name -> text. A map is mostly these
    (about 730 KB); written once, a folder of maps holds them once."""
    return {"vis-network.min.js": _asset("vendor/vis-network.min.js"), "map.js": _asset("map.js"),
            "map.css": _map_css()}


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
    """Fold people and teams into their organisation (node attribute ``organisation``).

    Ties between people in different organisations become one edge per pair of
    organisations with ``weight`` = number of ties; links from a person or team to anything
    else (a partnership, an innovation) move to their organisation. Each organisation gets
    ``people`` (how many people were folded in), ``teams`` and ``people_brokers``. People and
    teams with no organisation stay. ``graph.graph['rolled_up']`` says how many people went
    into how many organisations.
    """
    out = nx.Graph()
    out.graph.update(graph.graph)
    owner: dict[Any, Any] = {}
    for n, d in graph.nodes(data=True):
        if d.get("label") in ("Person", "Team") and d.get("organisation") is not None:
            owner[n] = d["organisation"]
        else:
            out.add_node(n, **d)
    people: Counter = Counter()
    teams: Counter = Counter()
    brokers: Counter = Counter()
    for p, org in owner.items():
        d = graph.nodes[p]
        if org not in out:  # organisation not in the graph: make a placeholder for it
            out.add_node(org, label="Organisation", name=d.get("organisation_name") or str(org),
                         kind=d.get("kind"), ics=d.get("ics"), placeholder=True)
        people[org] += d.get("label") == "Person"
        teams[org] += d.get("label") == "Team"
        brokers[org] += bool(d.get("broker")) and d.get("label") == "Person"
    for org in set(people) | set(teams):
        if people[org]:
            out.nodes[org]["people"] = out.nodes[org].get("people", 0) + people[org]
            out.nodes[org]["people_brokers"] = brokers[org]
        if teams[org]:
            out.nodes[org]["teams"] = teams[org]

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
        rel = d.get("relationship") or "LINK"
        link["rels"]["TIES" if rel == "KNOWS" else rel] += 1  # people's ties: their organisations' ties
        link["route"] |= bool(d.get("route"))
        link["dashed"] &= bool(d.get("dashed"))
        if d.get("title") and not (u in owner or v in owner) and len(link["titles"]) < 3:
            link["titles"].append(str(d["title"]))
    for (a, b), link in links.items():
        rels = link["rels"]
        weight = link["weight"]
        summary = "; ".join(f"{link_words(r)} ({n})" for r, n in rels.most_common())
        title = "; ".join(link["titles"]) or f"{_num(weight)} link{'' if weight == 1 else 's'}: {summary}"
        out.add_edge(a, b, weight=weight, relationship="/".join(sorted(rels)), route=link["route"],
                     dashed=link["dashed"], title=title, rolled_up=True)
    for org, count in internal.items():
        if org in out and count:
            out.nodes[org]["internal_ties"] = count
    out.graph["rolled_up"] = {"people": sum(people.values()), "organisations": sum(1 for c in people.values() if c)}
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


def _shape(label: str, kind: str | None) -> str:
    """Organisations, and their people and teams, take their family's shape (the second cue
    after colour); partnerships, innovations and ICSs their own."""
    shape = legend()["entities"][label]["shape"]
    return legend()["family_of"][kind]["shape"] if shape == "family" else shape


def _border(info: Mapping[str, Any]) -> str:
    marks = legend()["marks"]
    return marks["gap_border"] if info.get("gap") else marks["broker_border"] if info.get("broker") else marks["node_border"]


#: Name endings a map label can do without (the full name is in the tooltip and details).
_SHORTER = ((" NHS Foundation Trust", ""), (" NHS Trust", ""), (" Foundation Trust", ""),
            (" Integrated Care Board", " ICB"), ("NHS ", ""), (" Primary Care Network", " PCN"))


def short_name(name: str) -> str:
    """A map label for ``name``: common endings dropped, a trailing '(...)' too.

    >>> short_name("Alder Hey Children's NHS Foundation Trust")
    "Alder Hey Children's"
    >>> short_name("Innovation Agency (Health Innovation North West Coast)")
    'Innovation Agency'
    """
    out = name
    for long, short in _SHORTER:
        out = out.replace(long, short)
    out = re.sub(r"\s*\([^()]*\)$", "", out).strip()
    return out or name


def link_words(relationship: str) -> str:
    """'KNOWS/MEMBER_OF' -> 'work together; member of the partnership' (never the type names)."""
    words = legend()["link_words"]
    parts = [p for p in str(relationship or "").split("/") if p]
    return "; ".join(dict.fromkeys(words.get(p, p.lower().replace("_", " ")) for p in parts))


def route_words(hops: Sequence[Mapping[str, Any]]) -> str:
    """A route in plain words: 'Alder Hey → Oisin Sutcliffe (works there) → knows Ottilie
    Cottingham → Great Ormond Street'. ``hops``: dicts with ``name``, ``label`` and the
    ``relationship`` used to reach them (None for the first). map.js's routeWords() reads the
    same table (legend.json ``hop_words``) for the routes it finds in the page.

    >>> route_words([{"name": "Alder Hey", "label": "Organisation", "relationship": None},
    ...              {"name": "Oisin", "label": "Person", "relationship": "WORKS_FOR"},
    ...              {"name": "Ottilie", "label": "Person", "relationship": "KNOWS"},
    ...              {"name": "GOSH", "label": "Organisation", "relationship": "WORKS_FOR"}])
    'Alder Hey → Oisin (works there) → knows Ottilie → GOSH'
    """
    table = legend()["hop_words"]
    out = []
    for i, hop in enumerate(hops):
        name = str(hop.get("name") or hop.get("id") or "")
        if i == 0:
            out.append(name)
            continue
        words = table.get(str(hop.get("relationship") or ""), {})
        after = words.get("to_" + str(hop.get("label") or "").lower(), words.get("other"))
        text = f"{words['before']} {name}" if words.get("before") else name
        out.append(text + (f" ({after})" if after and not words.get("before") else ""))
    return " → ".join(out)


def _importance(info: Mapping[str, Any], weight: float) -> float:
    """Label priority: brokers, the subjects of gaps, developers, adopters and candidates first
    (the page labels the first ~20 it can place), then by betweenness; organisations before
    people at equal weight."""
    key = (bool(info.get("broker")) + bool(info.get("gap")) + 2 * bool(info.get("subject"))
           + (info.get("role") in ("developer", "adopter", "candidate")) + 0.3 * (info.get("role") == "route"))
    weight *= 0.4 if info["type"] == "Team" else 1.0  # a team's name means little without its organisation's
    return round(3 * key + weight + 0.2 * (info["type"] == "Organisation") + 0.1 * (info["type"] == "Innovation"), 4)


def _node_info(graph: nx.Graph, n: Hashable, d: Mapping[str, Any], label: str, kind: str | None,
               redacted: bool) -> dict[str, Any]:
    """The plain-text facts a node carries into the page (tooltips, details, search, filters)."""
    role = d.get("role") if d.get("role") in ROLES else None
    name = str(d.get("name") or "").strip() or str(n)
    info = {
        "name": name, "short": short_name(name), "type": label,
        "kind": kind if label in _ORG_LIKE else str(d.get("kind") or ""),
        "ics": str(d.get("ics") or (d.get("code") or n if label == "ICS" else "")),
        "organisation": str(d.get("organisation_name") or ""),
        "jobTitle": str(d.get("job_title") or ""), "betweenness": _float(d.get("betweenness")),
        "score": _float(d.get("score")), "broker": bool(d.get("broker")), "why": str(d.get("why") or ""),
        "method": str(d.get("method") or ""), "role": role or "", "gap": str(d.get("gap") or "").strip(),
        "adopted": bool(d.get("adopted")) and role != "adopter", "subject": bool(d.get("subject")),
        "people": d.get("people"), "stage": str(d.get("stage") or ""), "community": str(d.get("community") or ""),
        "key": "" if redacted and label == "Person" else str(d.get("id", d.get("code", n))),
    }
    return {k: v for k, v in info.items() if v not in (None, "", False)}


def build_network(graph: nx.Graph, *, redacted: bool = False, iterations: int | None = None,
                  rolled: nx.Graph | None = None) -> tuple[Network, dict[str, Any]]:
    """The pyvis Network for ``graph`` and the facts the page needs (legend, filters).

    Each vis node carries ``info``: plain-text fields for tooltips, the info panel, search
    and filters. No node or edge gets a vis ``title`` (vis would parse it as HTML), nor a vis
    ``label``: the page draws the labels itself, placed so that they never overlap.

    rolled: the same graph with people folded into their organisations
    (:func:`roll_up_people`); when given, the page holds both levels: people carry
    ``info.layer = "people"``, the edges of ``graph`` ``layer = "people"`` and those of
    ``rolled`` ``layer = "org"``, and the page shows one level at a time.
    """
    from pyvis.edge import Edge  # pyvis (and the IPython it imports) only when a network is drawn
    from pyvis.network import Network

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
    extra_nodes = [n for n in (rolled or ()) if n not in graph]  # placeholder organisations

    net = Network(height="100%", width="100%", directed=False, bgcolor="#ffffff")
    ids = {n: i for i, n in enumerate([*graph.nodes, *extra_nodes])}
    counts: dict[str, Counter] = {"kind": Counter(), "ics": Counter(), "label": Counter(), "role": Counter(),
                                  "kind_people": Counter(), "ics_people": Counter(), "ics_any": Counter()}
    flags: Counter = Counter()
    for n in ids:
        d = graph.nodes[n] if n in graph else rolled.nodes[n]  # type: ignore[union-attr]
        if rolled is not None and n in rolled:  # people, teams rolled in, ties inside
            d = {**d, **{k: rolled.nodes[n][k] for k in ("people", "people_brokers", "internal_ties")
                         if k in rolled.nodes[n]}}
        label = d.get("label") if d.get("label") in entities else "Organisation"
        ent = entities[label]
        kind = _kind_of(graph, d)
        if label in _ORG_LIKE:
            kind = kind if kind in ORGANISATION_KINDS else "other"
        info = _node_info(graph, n, d, label, kind, redacted)
        if rolled is not None and n not in rolled:  # a person or team, folded in at the organisation level
            info["layer"] = "people"
        elif rolled is not None and n not in graph:
            info["layer"] = "org"
        weight = math.sqrt(max(between.get(n, 0.0), 0.0) / top)
        info["prio"] = _importance(info, weight)
        lo, hi = ent["size"]
        size = lo + (hi - lo) * weight
        width = 1.0 if label == "Person" else 1.5
        if info.get("broker"):  # a ring that still shows the fill of small nodes
            width = max(2.5, min(float(marks["broker_width"]), size * 0.15))
        if info.get("gap"):
            width = max(width, float(marks["gap_width"]))
        extra: dict[str, Any] = {}
        if info.get("gap"):  # a magenta halo and a dashed ring (see map.js), no kind is magenta
            extra["shadow"] = {"enabled": True, "color": marks["gap_halo"], "size": 16, "x": 0, "y": 0}
            extra["shapeProperties"] = {"borderDashes": [5, 3]}
        if d.get("people"):
            extra["mass"] = round(1 + min(4.0, d["people"] / 20), 2)
        x, y = positions.get(n) or positions.get(d.get("organisation"), (0.0, 0.0))
        net.add_node(
            ids[n], label=" ", shape=_shape(label, kind),
            size=round(size, 1), color=_colour_object(_fill(info, mode), _border(info)),
            borderWidth=round(width, 1), borderWidthSelected=round(width + 2, 1), x=x, y=y,
            info=info, **extra,
        )
        # the legend counts organisations only (people and teams follow their organisation's kind)
        if label == "Organisation":
            counts["kind"][kind] += 1
            counts["ics"][info.get("ics", "")] += 1
        elif label in _ORG_LIKE:
            counts["kind_people"][kind] += 1
            counts["ics_people"][info.get("ics", "")] += 1
        else:
            counts["kind"][f"label:{label}"] += 1
        counts["label"][label] += 1
        counts["ics_any"][info.get("ics", "")] += 1
        if label not in ("Person", "Team"):  # like the kinds: people and teams take their organisation's
            counts["role"][role_key(info)] += 1
            counts["role"]["adopter"] += bool(info.get("adopted"))
        flags["broker"] += bool(info.get("broker"))
        flags[f"broker:{label}"] += bool(info.get("broker"))
        flags["gap"] += bool(info.get("gap"))

    if not counts["label"]["Organisation"]:
        # no organisation on the map (a person-level map): count people by their organisation's kind
        counts["kind"].update(counts["kind_people"])
        counts["ics"].update(counts["ics_people"])
        counts["noun"] = Counter(people=1)

    # Edges: pyvis's Edge, appended directly (Network.add_edge is quadratic in edge count).
    # Plain ties take the defaults in the options; only routes, suggestions and weights differ.
    layers = [(graph, "people" if rolled is not None else "")]
    if rolled is not None:
        layers.append((rolled, "org"))
    for layer_graph, layer in layers:
        max_w = max((_float(d.get("weight")) or 1.0 for *_, d in layer_graph.edges(data=True)), default=1.0)
        group = layout_groups(layer_graph)
        for u, v, d in layer_graph.edges(data=True):
            w = _float(d.get("weight"))
            route, dashed = bool(d.get("route")), bool(d.get("dashed"))
            rel = str(d.get("relationship") or "")
            # A title that only says what the relationship is, and the edge's id (its index), are
            # left out of the file and restored by map.js: a tenth of a big map's bytes.
            title = str(d.get("title") or "")
            info = {"relationship": rel, "title": "" if title == link_words(rel) else title,
                    "weight": w, "route": route, "dashed": dashed, "layer": layer}
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
            if d.get("physics") is False or layer == "org" or (group[u] and group[v] and group[u] != group[v]):
                opts["physics"] = False  # drawn, but no spring: ICS clusters stay apart (layout_groups)
            net.edges.append(Edge(ids[u], ids[v], False, **opts).options)
            if layer != "org":
                flags["route"] += route
                flags["dashed"] += dashed

    net.options = map_options(graph.number_of_nodes(), graph.number_of_edges(), iterations)
    facts = {"counts": counts, "flags": flags, "roles_present": roles_present, "ics_names": ics_names,
             "positions": positions}
    return net, facts


def role_key(info: Mapping[str, Any]) -> str:
    """The legend's role key of a node ("none" without one)."""
    return str(info.get("role") or "none")


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
                        "navigationButtons": True, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
    }


# --- the page ----------------------------------------------------------------------------

def people_folded_away(nodes: int, people: int, rollup: bool | None = None,
                       max_nodes: int = ROLLUP_THRESHOLD) -> bool:
    """Whether :func:`render_map` draws a graph of ``nodes`` nodes, ``people`` of them people,
    with its people folded into their organisations and not drawn at all (no "Show people"):
    asked (``rollup``), or, by default, more than ``max_nodes`` nodes."""
    return bool(people) and (rollup is True or (rollup is None and nodes > max_nodes))


def render_map(
    graph: nx.Graph,
    path: str | Path,
    *,
    title: str,
    subtitle: str = "",
    notes: Iterable[str | tuple[str, str]] = (),
    redact: bool = False,
    rollup: bool | None = None,
    max_nodes: int = ROLLUP_THRESHOLD,
    physics_iterations: int | None = None,
    ics_names: Mapping[str, str] | None = None,
    generated: str | None = None,
    nav: Iterable[Any] = (),
    gap_count: int | None = None,
    source: str = "",
    method: Iterable[str] = (),
    people_command: str = "ecograph map --level person --ics CODE",
    community_names: Mapping[str, str] | None = None,
    assets: str | None = None,
) -> Path:
    """Write ``graph`` as one self-contained HTML map at ``path`` and return the path.

    redact: show people as 'role at organisation' everywhere (names are personal data).
    rollup: fold people into organisations. None (default): the map opens at the organisation
    level when the people would be a tangle (more than :data:`PEOPLE_TANGLE` people), and
    holds the people level too, one click away ("Show people"), when the whole graph has at
    most ``max_nodes`` nodes; above that only the organisations are drawn and a note gives
    ``people_command``. True: organisations only. False: people only.
    physics_iterations: stabilisation budget in the browser (default: by size).
    ics_names: ICS code -> name, for ICSs the graph has no ICS node for.
    generated: the date shown in the footer and on saved pictures (default: today).
    nav: links (:class:`ecograph.maps.Link`, relative) shown in the header, e.g. back to an atlas.
    gap_count: the number of gaps the map is about (the one gap count the page shows).
    source: where the data came from, written on saved pictures and in the footer.
    method: paragraphs for the page's "How this was worked out" section.
    notes: plain strings, or (text, level) with level "org" or "people": a note shown only
    when the page shows that level.
    community_names: community (node attribute ``community``) -> its name; the page can shade
    communities instead of ICSs.
    assets: None (default): the page is one file, its script and styles inline. Else the
    relative URL of a folder holding the files of :func:`shared_assets` (``"../assets/"``;
    the caller writes them, once for many maps): the page loads them from there and its
    Content-Security-Policy allows scripts from its own folder tree only.
    """
    if assets is not None and not re.fullmatch(r"(?:\.\./)*(?:[\w.-]+/)*", assets):
        raise ValueError(f"assets must be a relative folder URL ending in '/', not {assets!r}")
    notes = [n if isinstance(n, tuple) else (str(n), "") for n in notes]
    given = graph
    if redact:
        mapping = name_replacements(graph)
        graph = redact_people(graph, mapping)
        title, subtitle = redact_text(title, mapping), redact_text(subtitle, mapping)
        notes = [(redact_text(t, mapping), v) for t, v in notes]
    n_people = sum(1 for _, d in graph.nodes(data=True) if d.get("label") == "Person")
    too_big = graph.number_of_nodes() > max_nodes
    fold = bool(n_people) and (rollup if rollup is not None else (too_big or n_people > PEOPLE_TANGLE))
    rolled = roll_up_people(graph) if n_people and rollup is None and not too_big else None
    start = "org" if fold else "people"
    if people_folded_away(graph.number_of_nodes(), n_people, rollup, max_nodes):  # organisations only
        original = graph.number_of_nodes()
        graph = roll_up_people(graph)
        info = graph.graph["rolled_up"]
        orgs = f"{info['organisations']:,} organisation" + ("" if info["organisations"] == 1 else "s")
        notes.insert(0, (f"People rolled up into {orgs} to keep the map readable and responsive "
                         f"({info['people']:,} people, {original:,} nodes before rollup). For the people, "
                         f"write a map of one ICS: {people_command}.", ""))
    elif rolled is not None:
        info = rolled.graph["rolled_up"]
        reason = f" (more than {PEOPLE_TANGLE:,} people make an unreadable tangle)" if fold else ""
        notes.insert(0, (f"Organisation level: {info['people']:,} people folded into their "
                         f"{info['organisations']:,} organisations{reason}. “Show people” draws them.", "org"))
    net, facts = build_network(graph, redacted=redact, iterations=physics_iterations, rolled=rolled)
    # the starting layout, kept for a static picture of the same map (laid out once, not twice)
    given.graph["layout"] = facts["positions"]
    if not redact and (rolled is not None or graph is not given):
        # and the organisation level, which the picture of a big map draws (rolled up once)
        given.graph[ROLLED_UP] = rolled if rolled is not None else graph
    facts["ics_names"] = {**dict(ics_names or {}), **facts["ics_names"]}
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    if not isinstance(options, str):
        options = json.dumps(options)
    for node in nodes:  # the page draws the labels (placed so that they never overlap)
        node.pop("label", None)

    generated = generated if generated is not None else _dt.date.today().isoformat()
    page = _page_context(graph, facts, title=title, subtitle=subtitle, notes=notes, generated=generated)
    page.update(nav=list(nav), gap_count=gap_count, source=source, method=list(method),
                levels=rolled is not None, start_level=start, communities=bool(community_names))
    lg = legend()
    data = {"nodes": nodes, "edges": pack_edges(edges), "options": json.loads(options),
            "legend": {"roles": lg["roles"], "marks": lg["marks"], "kindLabels": lg["kind_labels"],
                       "kindColours": {k: f["colour"] for k, f in lg["family_of"].items()},
                       "kindShapes": {k: f["shape"] for k, f in lg["family_of"].items()},
                       "families": [{k: f[k] for k in ("label", "colour", "shape")} for f in page["families"]],
                       "entities": {k: {"label": e["label"], "colour": e.get("colour"), "shape": e["shape"]}
                                    for k, e in lg["entities"].items()},
                       "hopWords": lg["hop_words"], "linkWords": lg["link_words"],
                       "orgLike": list(_ORG_LIKE), "icsNames": facts["ics_names"],
                       "communityNames": dict(community_names or {})},
            "rolesPresent": facts["roles_present"],
            "levels": {"both": rolled is not None, "start": start},
            "meta": {"title": title, "subtitle": subtitle, "generated": generated, "source": source,
                     "gapCount": gap_count, "countNoun": page["count_noun"], "counts": page["legend_counts"]}}
    vis_js, map_js = _asset("vendor/vis-network.min.js"), _asset("map.js")
    html = _environment().get_template("map.html.j2").render(
        **page, css=_map_css(), vis_js=vis_js, map_js=map_js, assets=assets,
        data_json=json_for_script(data), csp=content_security_policy([vis_js, map_js], shared=assets is not None),
        vis_version=VIS_NETWORK_VERSION,
    )
    return write_text_atomic(path, html)


def _page_context(graph: nx.Graph, facts: dict[str, Any], *, title: str, subtitle: str,
                  notes: list[tuple[str, str]], generated: str) -> dict[str, Any]:
    """Legend, filters and header for the template (all text escaped by Jinja)."""
    lg = legend()
    counts = facts["counts"]
    noun = "people" if counts.get("noun") else "organisations"
    families = []
    for fam in lg["families"]:
        kinds = [{"key": k, "label": lg["kind_labels"].get(k, k), "count": counts["kind"][k]}
                 for k in fam["kinds"] if counts["kind"][k] or counts["kind_people"][k]]
        if kinds:
            families.append({"label": fam["label"], "colour": fam["colour"], "shape": fam["shape"], "kinds": kinds})
    others = [{"key": f"label:{lab}", "label": lg["entities"][lab]["label"], "colour": lg["entities"][lab]["colour"],
               "shape": lg["entities"][lab]["shape"], "count": counts["kind"][f"label:{lab}"]}
              for lab in ("Innovation", "Partnership", "ICS") if counts["kind"][f"label:{lab}"]]
    keys = set(counts["ics_any"])
    ics = [{"key": k, "label": f"{facts['ics_names'][k]} ({k})" if k in facts["ics_names"] else k or "No ICS",
            "count": counts["ics"][k]} for k in keys]
    ics.sort(key=lambda r: (r["key"] == "", r["label"].lower()))
    roles = [{"key": r, "label": v["label"], "colour": v["colour"], "count": counts["role"][r]}
             for r, v in lg["roles"].items() if counts["role"][r]] if facts["roles_present"] else []
    label_counts = counts["label"]
    return {
        "title": title, "subtitle": subtitle, "notes": notes, "families": families, "others": others,
        "ics_options": ics, "roles": roles, "flags": facts["flags"], "marks": lg["marks"],
        "count_noun": noun, "n_organisations": label_counts["Organisation"], "n_people": label_counts["Person"],
        "n_teams": label_counts["Team"], "n_nodes": graph.number_of_nodes(),
        "legend_counts": {"organisations": label_counts["Organisation"], "people": label_counts["Person"],
                          "kinds": {k: v for k, v in counts["kind"].items() if not k.startswith("label:")},
                          "ics": dict(counts["ics"])},
        "generated": generated,
    }
