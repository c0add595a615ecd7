"""The whole store as a NetworkX graph: for maps, tests and analyses that need every node."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from typing import TYPE_CHECKING

from . import asof, model
from .ingest.load import read_state
from .store import GraphStore

if TYPE_CHECKING:
    from .analysis.record import DatedRecord


def node_key(label: str, node_id: str) -> Hashable:
    """The key of a node in :func:`load_graph`: its id, except an ICS's, ``("ICS", code)``.

    ICS codes are a namespace of their own: an ICS and its ICB organisation share the ODS
    code (QYG is both NHS Cheshire and Merseyside ICB and the Cheshire and Merseyside ICS).
    """
    return ("ICS", node_id) if label == "ICS" else node_id


def load_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Every node (keyed by :func:`node_key`, with ``label``, ``id`` and its properties) and
    relationship.

    Edges carry ``relationship`` (the type) and their properties; KNOWS is stored once per
    pair, in one direction, though it means "work together" both ways. ``IN_ICS`` edges end
    at ``("ICS", code)``.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
    ...     load_graph(store).number_of_nodes()
    0
    """
    state = read_state(store)
    graph = nx.MultiDiGraph()
    for label, rows in state.nodes.items():
        key = model.NODE_BY_LABEL[label].key
        for node_id, props in rows.items():
            graph.add_node(node_key(label, node_id), label=label, **{k: v for k, v in props.items() if k != key},
                           id=node_id, **({key: node_id} if label == "ICS" else {}))
    for (rel_type, source_label, target_label), pairs in state.rels.items():
        for (source, target), props in pairs.items():
            graph.add_edge(node_key(source_label, source), node_key(target_label, target), key=rel_type,
                           relationship=rel_type, **props)
    return graph


def counts(store: GraphStore, as_of: str | None = None,
           record: "DatedRecord | None" = None) -> list[dict[str, object]]:
    """Nodes per label and relationships per type: rows of name, kind, count.

    Parameters
    ----------
    store
        The store.
    as_of
        None: everything stored, history included. An ISO date: what was present that day
        (:func:`present_on`), as the maps and every analysis of that date see it.
    record
        The store's :func:`~ecograph.analysis.record.read_record`, when the caller has read it
        already (the atlas): with ``as_of``, counted from it instead of read again.
    """
    node_labels = {spec.label for spec in model.NODES}
    if as_of is None:
        (row,) = store.run_named("read/stats")
    else:
        from .analysis.record import read_record
        row = present_on(record if record is not None else read_record(store), as_of)
    return [{"name": name, "kind": "node" if name in node_labels else "relationship", "count": count}
            for name, count in row.items()]


#: How many steps of ``succeeded_by`` a closed adopter's adoptions are followed (ecograph.asof).
SUCCESSION_STEPS = 5


def present_on(record: "DatedRecord", day: str) -> dict[str, int]:
    """Nodes per label and relationships per type present on ``day``, by the rules of
    :mod:`ecograph.asof` (through the :class:`~ecograph.analysis.record.DatedRecord`'s methods):

    - ICSs: all; organisations: open; teams: of an open organisation; people: in post at an
      open organisation; partnerships: running; innovations: not withdrawn; barriers: agreed
      by then (or undated);
    - a relationship is present when both its ends are, and its own dates hold: ties
      (``KNOWS``) and coverage running, memberships of a running partnership, adoptions that
      count (made, not ended, not abandoned, of an innovation not withdrawn), once per
      organisation holding them (a closed adopter's pass to the open organisations its chain
      of successors reaches, up to 5 steps), successions (``SUCCEEDED_BY``) whose organisation
      has closed. A barrier goes with the organisation, innovation or partnership it is about.
    """
    organisations = {o for o in record.nodes.get("Organisation", {}) if record.is_open(o, day)}
    present: dict[str, set[str]] = {
        "ICS": set(record.nodes.get("ICS", {})),
        "Organisation": organisations,
        "Team": {t for t in record.nodes.get("Team", {}) if record.team_org.get(t) in organisations},
        "Person": {p for p in record.nodes.get("Person", {})
                   if record.in_post(p, day) and record.person_org.get(p) in organisations},
        "Innovation": {i for i in record.nodes.get("Innovation", {}) if not record.withdrawn(i, day)},
        "Partnership": {p for p in record.nodes.get("Partnership", {}) if record.runs(p, day)},
    }
    subject = {b: t for b, t, _ in record.rels.get("CONCERNS", [])}
    about = present["Organisation"] | present["Innovation"] | present["Partnership"] | {""}
    present["Barrier"] = {b for b, props in record.nodes.get("Barrier", {}).items()
                          if asof.runs(props.get("date"), None, day) and subject.get(b, "") in about}

    def adopters(org: str) -> list[str]:
        """Who holds an adoption of ``org``: itself when open, else the open organisations its
        chain of successors reaches."""
        if org in organisations:
            return [org]
        heirs = []
        for _ in range(SUCCESSION_STEPS):
            org = record.successor.get(org)
            if org is None:
                break
            heirs += [org] if org in organisations else []
        return heirs

    def holds(rel: str, sources: set[str], targets: set[str], source: str, target: str, props: dict) -> bool:
        if rel == "SUCCEEDED_BY":
            return not record.is_open(source, day)
        if source not in sources or target not in targets:
            return False
        if rel in ("KNOWS", "COVERS"):
            return asof.runs(props.get("start"), props.get("end"), day)
        return True

    row = {spec.label: len(present.get(spec.label, ())) for spec in model.NODES}
    for spec in model.RELATIONSHIPS:
        sources = set().union(*(present.get(a, set()) for a, _ in spec.endpoints))
        targets = set().union(*(present.get(b, set()) for _, b in spec.endpoints))
        row[spec.type] = sum(holds(spec.type, sources, targets, s, t, props)
                             for s, t, props in record.rels.get(spec.type, []))
    # an adoption counts once per organisation holding it (its own, or passed to a successor)
    row["ADOPTED"] = len({(org, innovation) for source, innovation, props in record.rels.get("ADOPTED", [])
                          if innovation in present["Innovation"] and record.adoption_counts(props, day)
                          for org in adopters(source)})
    return row
