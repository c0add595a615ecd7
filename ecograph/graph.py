"""The whole store as a NetworkX graph: for maps, tests and analyses that need every node."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from . import model
from .ingest.load import read_state
from .store import GraphStore


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


def counts(store: GraphStore) -> list[dict[str, object]]:
    """Nodes per label and relationships per type: rows of name, kind, count."""
    (row,) = store.run_named("read/stats")
    node_labels = {spec.label for spec in model.NODES}
    return [{"name": name, "kind": "node" if name in node_labels else "relationship", "count": count}
            for name, count in row.items()]
