"""The part of the store a map of one ICS draws, read without loading the rest.

:func:`read_ics` gives what :func:`ecograph.graph.load_graph` gives, enriched as
:class:`ecograph.maps.ecosystem.Ecosystem` enriches it (organisations with their ``ics``;
teams and people with their ``organisation``, ``organisation_name``, ``kind`` and ``ics``),
but only for:

- the ICS's organisations, their teams and the people who work for them (read with
  ``cypher/overview/scope_*.cypher``: the people and their ties are the big tables, so they
  are looked up by ICS, never read whole);
- every relationship that has one of those at an end, and the node at its other end (a
  partnership, an innovation, a person elsewhere they work with);
- every relationship into those partnerships and innovations (their other members, adopters,
  developers and champions), so that what a map says about them ("a formal partnership of 12
  members", "adopted by 9 organisations") counts the whole store.

Organisations, teams, partnerships and innovations are a few thousand even at national size
and are read whole; people and their ties, the bulk of a national store, only for the ICS.
Within :func:`ecograph.analysis.projection.tables_shared` (the ICS maps of ``ecograph map`` on
a national store) what is read whole is read once for every ICS, not once per ICS.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from .. import model
from ..graph import node_key
from ..ingest.load import all_rel_keys
from ..store import GraphStore

__all__ = ["read_ics"]

#: Node labels read whole (small at any size); people are read for the ICS only.
_WHOLE_LABELS = ("Organisation", "Team", "Partnership", "Innovation")
#: Relationships read for the ICS's people only (the rest are small and read whole).
_BY_PEOPLE = {("KNOWS", "Person", "Person"): "overview/scope_ties",
              ("WORKS_IN", "Person", "Team"): "overview/scope_works_in"}
_INTO_GROUPS = ("Partnership", "Innovation")


def _props(label: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row's stored properties without its key (as load_graph keeps them)."""
    keep = _PROPERTIES[label]
    return {k: v for k, v in row.items() if k in keep}


_PROPERTIES = {spec.label: frozenset(model.stored_properties(spec.label)) - {spec.key} for spec in model.NODES}


def _read_whole(store: GraphStore) -> dict[str, Any]:
    """What :func:`read_ics` reads whole: the small node tables by id, each organisation's ICS,
    each team's organisation and the rows of the small relationship tables. Read once per store
    within ``tables_shared()``."""
    from ..analysis.projection import shared_value

    def read() -> dict[str, Any]:
        rels = {}
        for rel in all_rel_keys():
            rel_type, source_label, target_label = rel
            if (rel_type in ("IN_ICS", "COVERS") or "Barrier" in rel or rel in _BY_PEOPLE
                    or rel in (("WORKS_FOR", "Person", "Organisation"), ("PART_OF", "Team", "Organisation"))):
                continue
            rels[rel] = store.read_rows(f"read/rel_{rel_type.lower()}_{source_label.lower()}_{target_label.lower()}")
        return {
            "nodes": {label: {r[model.NODE_BY_LABEL[label].key]: r
                              for r in store.read_rows(f"read/node_{label.lower()}")} for label in _WHOLE_LABELS},
            "org_ics": {r["source"]: r["target"] for r in store.read_rows("read/rel_in_ics_organisation_ics")},
            "team_org": {r["source"]: r["target"] for r in store.read_rows("read/rel_part_of_team_organisation")},
            "rels": rels,
        }

    return shared_value(store, "scope: whole tables", read)


def read_ics(store: GraphStore, ics: str) -> nx.MultiDiGraph:
    """The ICS ``ics`` (a code as stored) and what touches it, as a MultiDiGraph keyed like
    :func:`ecograph.graph.load_graph` (see the module docstring for what is in it)."""
    read = _read_whole(store)
    whole, org_ics, team_org = read["nodes"], read["org_ics"], read["team_org"]
    people = {r["id"]: r for r in store.read_rows("overview/scope_people", {"ics": ics})}
    orgs = {o for o, c in org_ics.items() if c == ics}
    members: dict[str, set[str]] = {"Organisation": orgs, "Person": set(people),
                                    "Team": {t for t, o in team_org.items() if o in orgs}}

    graph = nx.MultiDiGraph()

    def add(label: str, node_id: str, props: dict[str, Any] | None = None) -> Hashable:
        key = node_key(label, node_id)
        if key not in graph:
            graph.add_node(key, label=label, id=node_id, **(props or {}))
        return key

    for label, ids in members.items():
        rows = people if label == "Person" else whole[label]
        for node_id in sorted(ids):  # sorted: the same map every time
            add(label, node_id, _props(label, rows[node_id]))

    # Relationships touching the ICS, then those into its partnerships and innovations.
    rows_of: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    people_ids = sorted(people)
    for rel in all_rel_keys():
        rel_type, source_label, target_label = rel
        if rel_type in ("IN_ICS", "COVERS") or "Barrier" in rel:  # the ICS is an attribute here
            continue
        if rel == ("WORKS_FOR", "Person", "Organisation"):
            rows_of[rel] = [{"source": p, "target": r["organisation"]} for p, r in people.items()]
        elif rel == ("PART_OF", "Team", "Organisation"):
            rows_of[rel] = [{"source": t, "target": o} for t, o in team_org.items()]
        elif rel in _BY_PEOPLE:
            rows_of[rel] = store.read_rows(_BY_PEOPLE[rel], {"people": people_ids}) if people_ids else []
        else:
            rows_of[rel] = read["rels"][rel]
    groups: set[tuple[str, str]] = set()
    for (rel_type, source_label, target_label), rows in rows_of.items():
        mine_s, mine_t = members.get(source_label, set()), members.get(target_label, set())
        for r in rows:
            if (r["source"] in mine_s or r["target"] in mine_t) and target_label in _INTO_GROUPS:
                groups.add((target_label, r["target"]))
    for (rel_type, source_label, target_label), rows in rows_of.items():
        mine_s, mine_t = members.get(source_label, set()), members.get(target_label, set())
        props = model.REL_BY_TYPE[rel_type].properties
        for r in rows:
            if r["source"] in mine_s or r["target"] in mine_t or (target_label, r["target"]) in groups:
                for label, end in ((source_label, r["source"]), (target_label, r["target"])):
                    add(label, end, _props(label, whole[label][end]) if label in whole and end in whole[label] else None)
                graph.add_edge(node_key(source_label, r["source"]), node_key(target_label, r["target"]),
                               key=rel_type, relationship=rel_type, **{p: r.get(p) for p in props})

    # People elsewhere (a tie, a developer, a champion, a partnership member): their names.
    others = [d["id"] for _, d in graph.nodes(data=True) if d["label"] == "Person" and "name" not in d]
    if others:
        for r in store.read_rows("spread/node_names", {"organisations": [], "people": others, "teams": [],
                                                      "partnerships": []}):
            graph.nodes[node_key("Person", r["id"])]["name"] = r["name"]

    # What Ecosystem adds to every node: an organisation's ICS, a team's or person's organisation.
    for org in graph:
        d = graph.nodes[org]
        if d["label"] == "Organisation" and d["id"] in org_ics:
            d["ics"] = org_ics[d["id"]]
    for p, r in people.items():
        graph.nodes[p]["organisation"] = r["organisation"]
    for t, o in team_org.items():
        if t in graph:
            graph.nodes[t]["organisation"] = o
    for n, d in graph.nodes(data=True):
        org = d.get("organisation")
        if d["label"] in ("Person", "Team") and org in graph:
            o = graph.nodes[org]
            d.update(organisation_name=o.get("name"), kind=o.get("kind"), ics=o.get("ics"))
    return graph
