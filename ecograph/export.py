"""Export the graph for the tools people already use, and as the ingest contract.

Formats
-------
``graphml``, ``gexf``
    One file, written by NetworkX (``write_graphml``, ``write_gexf``); opens in Gephi, yEd and
    Cytoscape, and reads back with ``networkx.read_graphml`` / ``read_gexf``.
``json``
    Node-link JSON (``networkx.node_link_data``, edges under ``"edges"``); reads back with
    ``networkx.node_link_graph(data, edges="edges")``.
``kumu``
    Kumu's import format: a workbook (``.xlsx``) with an ``Elements`` sheet (``ID``, ``Label``,
    ``Type``, ``Description``, ``Tags``, then one column per field) and a ``Connections``
    sheet (``ID``, ``From``, ``To``, ``Type``, ``Direction``, then fields), or the same as a
    Kumu JSON blueprint (``.json``: ``{"elements": [...], "connections": [...]}``). Tags are
    the organisation or innovation kind, the person's flags (innovation lead, clinical
    champion, innovation scout) and, with scores, brokerage roles and gap rules; several are
    separated by ``|`` in the workbook, as Kumu reads them.
``csv``
    ``nodes.csv`` and ``edges.csv``, in a folder (``-o folder``) or as two files next to each
    other (``-o name.csv`` writes ``name-nodes.csv`` and ``name-edges.csv``). Cells Excel
    would run as formulas are neutralised, as in every CSV ecograph prints.
``contract``
    The ingest contract itself: one workbook (``-o name.xlsx``) with a sheet per contract
    file, or a folder of the ten CSV files. Every value is written as stored (flags as
    yes/no, references as ids, ``developed_by`` joined by ``;``, extra columns back as their
    own columns), so re-ingesting an unedited export changes nothing, into the same store or
    a fresh one.

What the graph formats hold
---------------------------
``--level all`` (the default) is the store as it is: one node per ICS, organisation, team,
person, innovation and partnership and one edge per relationship, so node and edge counts by
``type`` and ``relationship`` are those of ``ecograph stats``. A ``KNOWS`` tie is one edge per
pair (it means "work together", both ways). ``--level organisation`` and ``--level person``
are the undirected projections the broker analysis and ``ecograph map --level`` use
(:mod:`ecograph.analysis.projection`).

Node ids are the store's ids, except an ICS's, ``ICS:<code>`` (an ICS shares its code with its
ICB organisation). Each node has ``type`` (its label: Person, Organisation...), ``label``
(what a tool shows: the name) and the store's properties; organisations, teams and people
also ``ics`` and teams and people ``organisation`` (ids, from their relationships). A
partnership's ``start`` and ``end`` are ``start_date`` and ``end_date`` (GEXF reserves
``start``/``end`` for time intervals). Each edge has ``relationship`` and its properties.

GraphML and GEXF hold neither missing values nor lists, and every format follows the same
rule so they agree: a missing value (None) is left out, a list or set becomes its values
joined by ``;`` (sets sorted), a mapping becomes JSON text; text, numbers and yes/no
(booleans) are kept.

``--with-scores`` adds to people, teams and organisations (each measured in the projection of
its own kind, of the ICS with ``--ics``, as ``ecograph brokers`` measures them):
``betweenness``, ``constraint``, ``effective_size``, ``articulation_point`` and the
Gould–Fernandez role counts ``coordinator``, ``gatekeeper`` (on undirected links the same
pairs as a representative), ``itinerant``, ``liaison`` with their z-scores ``z_coordinator`` …
``z_liaison``; and to every node: ``gap_count`` (gaps naming it,
:mod:`ecograph.analysis.gaps`) and ``gaps`` (their rules, joined by ``;``).

``--ics CODE`` keeps the ICS, its organisations, their teams and people, the partnerships and
innovations linked to them, and everything those rows refer to (an innovation's developers
elsewhere, with their organisation and ICS), so the subset is self-contained: its contract
re-ingests into an empty store. ``--redact-people`` writes each person's name as their job
title and organisation, as ``ecograph map`` does, in names and in every text that mentions
them.

Every file is written to a temporary file in the same folder and renamed into place, so an
interrupted export never leaves half a file; an existing file is replaced only with
``force``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import model
from .errors import ExportError
from .fileio import atomic_writer, refuse_overwrite
from .store import GraphStore

if TYPE_CHECKING:
    import networkx as nx  # imported when an export runs: the command line starts faster

__all__ = ["FORMATS", "LEVELS", "ExportResult", "export", "export_graph", "contract_tables", "flat_value"]

FORMATS = ("graphml", "gexf", "kumu", "json", "csv", "contract")
LEVELS = ("all", "organisation", "person")

#: Attribute names a format reserves, and what the store's property is called instead.
_RENAMED = {"start": "start_date", "end": "end_date"}
#: Score attributes ``--with-scores`` copies from a broker ranking row.
SCORE_KEYS = ("betweenness", "constraint", "effective_size", "articulation_point", "coordinator",
              "gatekeeper", "itinerant", "liaison", "z_coordinator", "z_gatekeeper", "z_itinerant", "z_liaison")
_FLAG_TAGS = {"innovation_lead": "innovation lead", "clinical_champion": "clinical champion",
              "innovation_scout": "innovation scout"}
#: Excel's row limit, header included.
_EXCEL_ROWS = 1_048_576


@dataclass
class ExportResult:
    """What an export wrote: the files, and the nodes and edges (or contract rows) in them."""

    format: str
    paths: list[Path]
    nodes: int
    edges: int
    counts: dict[str, int] = field(default_factory=dict)  # per node type / relationship, or per file


# --- values ----------------------------------------------------------------------------------


def flat_value(value: Any) -> Any:
    """A value every format can hold, or None to leave it out.

    >>> flat_value({"tie", "team"}), flat_value(["a", 3]), flat_value({"k": 1}), flat_value(True)
    ('team;tie', 'a;3', '{"k": 1}', True)
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (set, frozenset)):
        return ";".join(sorted(str(v) for v in value))
    if isinstance(value, (list, tuple)):
        return ";".join(str(flat_value(v)) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        value = flat_value(value)
        if value is not None:
            out[key] = value
    return out


def _string_id(node: Hashable) -> str:
    """``("ICS", "QYG")`` -> ``"ICS:QYG"``; other ids unchanged."""
    if isinstance(node, tuple):
        return f"{node[0]}:{node[1]}"
    return str(node)


# --- which nodes ------------------------------------------------------------------------------

#: Relationships a node's own row holds (its organisation, team, ICS): (type, direction).
_OWNED = {"Organisation": (("IN_ICS", "out"),), "Team": (("PART_OF", "out"),),
          "Person": (("WORKS_FOR", "out"), ("WORKS_IN", "out")), "Innovation": (("DEVELOPED", "in"),)}


def _referred(graph: nx.MultiDiGraph, node: Hashable) -> list[Hashable]:
    label = graph.nodes[node].get("label")
    out = []
    for rel, direction in _OWNED.get(label, ()):
        edges = graph.out_edges(node, keys=True) if direction == "out" else graph.in_edges(node, keys=True)
        out += [v if direction == "out" else u for u, v, k in edges if k == rel]
    return out


def _ics_selection(graph: nx.MultiDiGraph, ics: str) -> set[Hashable]:
    """The ICS, its organisations, their teams and people, the partnerships and innovations
    linked to them, and everything their rows refer to (so the subset loads on its own)."""
    import networkx as nx

    ics_node = ("ICS", ics)
    core = {ics_node} | {u for u, _, k in graph.in_edges(ics_node, keys=True) if k == "IN_ICS"}
    core |= {u for org in list(core) for u, _, k in graph.in_edges(org, keys=True)
             if k in ("PART_OF", "WORKS_FOR")}
    keep = set(core)
    for node, data in graph.nodes(data=True):
        if data.get("label") in ("Partnership", "Innovation") and not core.isdisjoint(nx.all_neighbors(graph, node)):
            keep.add(node)
    todo = list(keep)
    while todo:
        for other in _referred(graph, todo.pop()):
            if other not in keep:
                keep.add(other)
                todo.append(other)
    return keep


def _add_memberships(graph: nx.MultiDiGraph) -> None:
    """Give organisations their ``ics``, and teams and people their ``organisation`` and ``ics``."""
    for u, v, key in graph.edges(keys=True):
        if key == "IN_ICS":
            graph.nodes[u]["ics"] = graph.nodes[v].get("code") or graph.nodes[v].get("id")
        elif key in ("WORKS_FOR", "PART_OF"):
            graph.nodes[u]["organisation"] = v
    for data in graph.nodes.values():
        org = data.get("organisation")
        if org is not None and org in graph:
            data["ics"] = graph.nodes[org].get("ics")


def _store_graph(store: GraphStore, ics: str | None) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The store's graph with :func:`_add_memberships`, and its part for ``ics`` (the same
    graph when ``ics`` is None)."""
    from .graph import load_graph

    whole = load_graph(store)
    _add_memberships(whole)
    return whole, (whole.subgraph(_ics_selection(whole, ics)).copy() if ics else whole)


# --- scores -----------------------------------------------------------------------------------


def _attach_scores(graph: nx.Graph, store: GraphStore, levels: Iterable[str], ics: str | None) -> None:
    """Broker scores of every node of ``levels`` (each in its own projection) and gap flags."""
    from .analysis.ecosystem_brokers import find_brokers
    from .analysis.gaps import find_gaps
    from .maps.ecosystem import gap_nodes

    for level in levels:
        rows, _ = find_brokers(store, level, ics, top=None)
        for row in rows:
            if row["id"] in graph:
                graph.nodes[row["id"]].update({k: row.get(k) for k in SCORE_KEYS})
    named: dict[Hashable, list[str]] = {n: [] for n in graph}
    for row in find_gaps(store, ics=ics):
        for node in gap_nodes(row, graph):
            named[node].append(str(row["rule"]))
    for node, rules in named.items():
        graph.nodes[node]["gap_count"] = len(rules)
        graph.nodes[node]["gaps"] = sorted(set(rules)) or None


# --- the export graph -------------------------------------------------------------------------


def _check_ics(store: GraphStore, ics: str | None) -> str | None:
    from .analysis.ecosystem_brokers import check_ics
    return check_ics(store, ics)


def _redacted(graph: nx.Graph, whole: nx.Graph) -> nx.Graph:
    from .maps.render import name_replacements, redact_people
    return redact_people(graph, name_replacements(whole))


def export_graph(store: GraphStore, *, level: str = "all", ics: str | None = None, with_scores: bool = False,
                 redact: bool = False) -> nx.MultiDiGraph | nx.Graph:
    """The graph the graph formats write, with string node ids and flat attributes.

    Parameters
    ----------
    level
        ``all`` (the store, a directed multigraph), ``organisation`` or ``person`` (the
        undirected projection).
    ics
        One ICS code (any case): that ICS and what its rows refer to.
    with_scores
        Attach broker scores and gap flags (see the module docstring).
    redact
        Replace people's names by their job title and organisation, everywhere.

    Raises
    ------
    ExportError
        ``level`` is unknown.
    UnknownIdError
        ``ics`` is not an ICS in the store (with the closest codes).
    """
    if level not in LEVELS:
        raise ExportError(f"Unknown level {level!r}", hint=f"Use one of: {', '.join(LEVELS)}.")
    ics = _check_ics(store, ics)
    if level == "all":
        whole, graph = _store_graph(store, ics)
        scored = ("person", "team", "organisation")
    else:
        from .analysis.projection import project
        graph = project(store, level, ics)
        whole, scored = graph, (level,)
    if with_scores:
        _attach_scores(graph, store, scored, ics)
    if redact:
        graph = _redacted(graph, whole)
    out = type(graph)()
    out.graph.update(_flat({"level": level, "ics": ics, "redacted": redact, "exported_by": "ecograph"}))
    for node, data in graph.nodes(data=True):
        attrs = {"type": data.get("label"), "label": data.get("name") or _string_id(node)}
        for key, value in data.items():
            if key not in ("label", "id"):  # the node id is the store's id (an ICS keeps its code)
                attrs.setdefault(_RENAMED.get(key, key), value)
        if "organisation" in attrs:
            attrs["organisation"] = _string_id(attrs["organisation"])
        out.add_node(_string_id(node), **_flat(attrs))
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            out.add_edge(_string_id(u), _string_id(v), key=key, **_flat(data))
    else:
        for u, v, data in graph.edges(data=True):
            out.add_edge(_string_id(u), _string_id(v), **_flat(data))
    return out


def _type_counts(graph: nx.Graph) -> dict[str, int]:
    """Nodes per ``type`` and edges per ``relationship`` (projection links: ``link``)."""
    found = Counter(str(d.get("type")) for _, d in graph.nodes(data=True))
    found.update(str(d.get("relationship") or "link") for *_, d in graph.edges(data=True))
    return dict(found)


# --- the contract -----------------------------------------------------------------------------


def _cell(column: model.Column | None, value: Any) -> str:
    if column is not None and column.type == "flag":
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _node_rows(graph: nx.MultiDiGraph, spec: model.NodeSpec) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a node file: the model's columns, references from the
    relationships, then the extra columns each row was ingested with."""
    nodes = [(n, d) for n, d in graph.nodes(data=True) if d.get("label") == spec.label]
    extras = [json.loads(d[model.EXTRA_PROPERTY]) if d.get(model.EXTRA_PROPERTY) else {} for _, d in nodes]
    extra_columns = list(dict.fromkeys(k for extra in extras for k in extra))
    rows = []
    for (node, data), extra in zip(nodes, extras):
        row = []
        for column in spec.columns:
            if column.name == spec.key:
                row.append(str(data["id"]))
            elif column.type in ("ref", "refs"):
                rel = model.REFERENCE_RELS[(spec.label, column.name)]
                if rel == "DEVELOPED":
                    ends = [u for u, _, k in graph.in_edges(node, keys=True) if k == rel]
                else:
                    ends = [v for _, v, k in graph.out_edges(node, keys=True) if k == rel]
                row.append(";".join(sorted(str(graph.nodes[e]["id"]) for e in ends)))
            else:
                row.append(_cell(column, data.get(column.name)))
        rows.append(row + [str(extra.get(k, "")) for k in extra_columns])
    return [c.name for c in spec.columns] + extra_columns, rows


def _link_rows(graph: nx.MultiDiGraph, spec: model.LinkSpec) -> tuple[list[str], list[list[str]]]:
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key != spec.rel:
            continue
        cells = {**data, spec.from_column: graph.nodes[u]["id"], spec.to_column: graph.nodes[v]["id"]}
        rows.append([_cell(c, cells.get(c.name)) for c in spec.columns])
    return [c.name for c in spec.columns], rows


def contract_tables(store: GraphStore, ics: str | None = None) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The store (or one ICS and what its rows refer to) as the ingest contract: contract
    file name -> (header, rows of text), in load order. Ingesting these rows into the same
    store changes nothing."""
    _, graph = _store_graph(store, _check_ics(store, ics))
    tables = {spec.file: _node_rows(graph, spec) for spec in model.NODES}
    tables.update({spec.file: _link_rows(graph, spec) for spec in model.LINKS})
    return {file: tables[file] for file in model.LOAD_ORDER}


# --- writing files ----------------------------------------------------------------------------


def _refuse_existing(paths: Iterable[Path], force: bool) -> None:
    paths = list(paths)
    for path in paths:
        if path.is_dir():
            raise ExportError(f"{path} is a folder, not a file",
                              hint="Give a file name with -o, or remove the folder.")
    refuse_overwrite(paths, force, hint="Add --force to replace it, or choose another -o.")


def _write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """``write(handle)`` into a temporary file that replaces ``path`` only when it succeeds
    (:func:`ecograph.fileio.atomic_writer`: an OutputError when ``path`` cannot be written)."""
    with atomic_writer(path, binary=True) as handle:
        write(handle)


def _write_text(path: Path, text: str) -> None:
    with atomic_writer(path, newline="") as handle:
        handle.write(text)


def _csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _write_workbook(path: Path, sheets: dict[str, tuple[list[str], list[list[Any]]]]) -> None:
    """One sheet per entry, header row frozen and bold; every text cell stays text (a value
    starting with = is not a formula, 00123 keeps its zeros)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils.exceptions import IllegalCharacterError

    for name, (_, rows) in sheets.items():
        if len(rows) + 1 > _EXCEL_ROWS:
            raise ExportError(f"The {name} sheet would have {len(rows):,} rows, more than Excel holds",
                              hint="Export to a folder of CSV files instead (-o a folder).")

    def text_safe(sheet: Any, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            return cell
        return value

    def write(handle: IO[bytes]) -> None:
        book = Workbook(write_only=True)
        for name, (header, rows) in sheets.items():
            sheet = book.create_sheet(name)
            sheet.freeze_panes = "A2"
            bold = []
            for title in header:
                cell = WriteOnlyCell(sheet, value=title)
                cell.font = Font(bold=True)
                bold.append(cell)
            sheet.append(bold)
            for number, row in enumerate(rows, start=2):
                try:
                    sheet.append([text_safe(sheet, v) for v in row])
                except IllegalCharacterError as exc:
                    raise ExportError(f"Sheet {name}, row {number}: a value holds a control character "
                                      "Excel cannot store",
                                      hint="Export to a folder of CSV files instead (-o a folder), "
                                           "or remove the character in the store.") from exc
        book.save(handle)

    _write_atomically(path, write)


# --- formats ----------------------------------------------------------------------------------


def _kumu(graph: nx.Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Kumu elements and connections (lists of fields) from an export graph."""
    elements = []
    for node, data in graph.nodes(data=True):
        tags = [data[k] for k in ("kind",) if data.get(k)]
        tags += [tag for key, tag in _FLAG_TAGS.items() if data.get(key) is True]
        tags += [role for role in SCORE_KEYS[4:] if data.get(role)]
        tags += [g for g in str(data.get("gaps") or "").split(";") if g]
        description = ", ".join(str(data[k]) for k in ("job_title", "function", "evidence", "programme")
                                if data.get(k))
        fields = {k: v for k, v in data.items() if k not in ("type", "label", "name")}  # Label holds the name
        elements.append({"id": node, "label": data.get("label"), "type": data.get("type"),
                         "description": description or None, "tags": tags, **fields})
    connections = []
    directed = graph.is_directed()
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        rel = data.get("relationship") or "link"
        undirected = not directed or rel == "KNOWS"
        connections.append({"id": f"{u}>{key or rel}>{v}", "from": u, "to": v, "type": rel,
                            "direction": "undirected" if undirected else "directed",
                            **{k: v_ for k, v_ in data.items() if k != "relationship"}})
    return elements, connections


#: Kumu's own column names.
_KUMU_COLUMNS = {"id": "ID", "label": "Label", "type": "Type", "description": "Description", "tags": "Tags",
                 "from": "From", "to": "To", "direction": "Direction"}


def _kumu_sheet(items: list[dict[str, Any]], first: list[str]) -> tuple[list[str], list[list[Any]]]:
    keys = list(dict.fromkeys(first + [k for item in items for k in item]))
    header = [_KUMU_COLUMNS[k] if k in first else k for k in keys]
    rows = [["|".join(item[k]) if k == "tags" else item.get(k) for k in keys] for item in items]
    return header, rows


def _write_kumu(graph: nx.Graph, output: Path) -> None:
    elements, connections = _kumu(graph)
    if output.suffix.lower() == ".json":
        blueprint = {"elements": [{k: v for k, v in e.items() if v not in (None, [])} for e in elements],
                     "connections": connections}
        _write_text(output, json.dumps(blueprint, ensure_ascii=False, indent=1))
        return
    _write_workbook(output, {
        "Elements": _kumu_sheet(elements, ["id", "label", "type", "description", "tags"]),
        "Connections": _kumu_sheet(connections, ["id", "from", "to", "type", "direction"]),
    })


def _table_rows(items: Iterable[dict[str, Any]], first: list[str]) -> list[dict[str, Any]]:
    return [{**{k: item.get(k) for k in first}, **item} for item in items]


def _csv_paths(output: Path) -> tuple[Path, Path]:
    if output.suffix.lower() == ".csv":
        stem = output.with_suffix("")
        return stem.with_name(stem.name + "-nodes.csv"), stem.with_name(stem.name + "-edges.csv")
    return output / "nodes.csv", output / "edges.csv"


def _write_csv(graph: nx.Graph, nodes_path: Path, edges_path: Path) -> None:
    from .output import to_csv

    nodes = _table_rows(({"id": n, **d} for n, d in graph.nodes(data=True)), ["id", "type", "label"])
    edges = _table_rows(({"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)),
                        ["source", "target", "relationship"])
    _write_text(nodes_path, to_csv(nodes) if nodes else "id,type,label\n")
    _write_text(edges_path, to_csv(edges) if edges else "source,target,relationship\n")


def _contract_paths(output: Path) -> list[Path]:
    if output.suffix.lower() == ".xlsx":
        return [output]
    if output.suffix and not output.is_dir():
        raise ExportError(f"The contract is written to a .xlsx workbook or a folder, not {output.name}",
                          hint="Use -o name.xlsx, or -o a folder for the CSV files.")
    return [output / file for file in model.LOAD_ORDER]


def _output_paths(fmt: str, output: Path) -> list[Path]:
    if fmt == "csv":
        return list(_csv_paths(output))
    if fmt == "contract":
        return _contract_paths(output)
    if fmt == "kumu" and output.suffix.lower() not in (".xlsx", ".json"):
        raise ExportError(f"Kumu imports a .xlsx workbook or a .json blueprint, not {output.name}",
                          hint="Use -o name.xlsx or -o name.json.")
    return [output]


def export(store: GraphStore, fmt: str, output: Path, *, level: str = "all", ics: str | None = None,
           with_scores: bool = False, redact: bool = False, force: bool = False) -> ExportResult:
    """Write the store (or one ICS) in ``fmt`` to ``output``.

    Parameters
    ----------
    fmt
        One of :data:`FORMATS` (any case); see the module docstring for each.
    output
        The file to write; a folder for ``csv`` and ``contract`` (or ``name.csv`` for two
        CSV files, ``name.xlsx`` for the contract workbook).
    level, ics, with_scores, redact
        As :func:`export_graph`. ``contract`` is always the whole model (level ``all``), with
        neither scores nor redaction: it is for editing and re-ingesting.
    force
        Replace existing files; without it an existing file is an error and nothing is written.

    Returns
    -------
    ExportResult
        The files written, and how many nodes and edges they hold (for ``contract``: rows
        of the node files, and rows of the link files: memberships, adoptions, ties, champions).

    Raises
    ------
    ExportError
        An unknown format or level, a combination that makes no sense, an existing file
        without ``force``, or a place that cannot be written.
    UnknownIdError
        ``ics`` is not an ICS in the store.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}", hint=f"Use one of: {', '.join(FORMATS)}.")
    output = Path(output)
    if fmt == "contract" and (level != "all" or with_scores or redact):
        raise ExportError("The contract export is the whole model, for editing and re-ingesting: it takes "
                          "no --level, --with-scores or --redact-people",
                          hint="Re-ingesting redacted names would overwrite the real ones; use json, csv "
                               "or graphml for a redacted or scored copy.")
    paths = _output_paths(fmt, output)
    _refuse_existing(paths, force)  # folders are made when the first file is written

    if fmt == "contract":
        tables = contract_tables(store, ics)
        if paths == [output]:
            _write_workbook(output, {file.removesuffix(".csv"): table for file, table in tables.items()})
        else:
            for path, (header, rows) in zip(paths, tables.values()):
                _write_text(path, _csv_text(header, rows))
        counts = {file: len(rows) for file, (_, rows) in tables.items()}
        nodes = sum(counts[spec.file] for spec in model.NODES)
        return ExportResult(fmt, paths, nodes, sum(counts.values()) - nodes, counts)

    import networkx as nx

    graph = export_graph(store, level=level, ics=ics, with_scores=with_scores, redact=redact)
    if fmt == "graphml":
        _write_atomically(output, lambda handle: nx.write_graphml(graph, handle))
    elif fmt == "gexf":
        _write_atomically(output, lambda handle: nx.write_gexf(graph, handle))
    elif fmt == "json":
        _write_text(output, json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1))
    elif fmt == "kumu":
        _write_kumu(graph, output)
    else:
        _write_csv(graph, *paths)
    return ExportResult(fmt, paths, graph.number_of_nodes(), graph.number_of_edges(), _type_counts(graph))
