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

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from .. import model
from ..graph import node_key
from ..ingest.load import all_rel_keys
from ..store import GraphStore

__all__ = ["read_ics", "StoreTables"]

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


# --- the whole store as tables, and the graph around a few nodes ------------------------------

#: The labels a map draws, in the store's order (``load_graph`` adds nodes label by label).
_DRAWN = tuple(spec.label for spec in model.NODES if spec.label in ("Organisation", "Team", "Person",
                                                                       "Innovation", "Partnership"))
#: Where a team or person works (what ``Ecosystem.full`` gives each its organisation from).
_EMPLOYER = (("PART_OF", "Team", "Organisation"), ("WORKS_FOR", "Person", "Organisation"))


class StoreTables:
    """Every organisation, team, person, partnership and innovation and every relationship
    between them, read once as rows and numpy arrays, as they stood on ``as_of``
    (:func:`ecograph.maps.ecosystem.as_it_stood`'s rules): what the atlas's maps of one ICS or
    one innovation draw from (:meth:`around`), without a graph of the whole store. ICSs,
    barriers and the ICS links (``IN_ICS``, ``COVERS``) are not nodes or links here (maps never
    draw them): an organisation's ICS is its ``ics``, as in ``Ecosystem.full``.

    :meth:`around` gives the graph ``Ecosystem.full`` gives around some nodes: the same
    attributes, every link of those nodes with the same data, and the nodes at their other
    ends, all in the same order (so the maps drawn from it are the same).
    """

    def __init__(self, store: GraphStore, as_of: str):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..asof import adoption_counts, in_post, is_open, runs
        from ..ingest.load import rel_query_name

        # nodes label by label, each in the order of its ids (the store may return its rows in
        # another order each time; maps drawn from these tables are then the same every time)
        self.rows: list[dict[str, Any]] = []
        label_code: list[int] = []
        self.start: dict[str, int] = {}
        for code, label in enumerate(_DRAWN):
            key = model.NODE_BY_LABEL[label].key
            rows = sorted(store.read_rows(f"read/node_{label.lower()}"), key=lambda r: str(r[key]))
            self.start[label] = len(self.rows)
            self.rows.extend(rows)
            label_code.extend([code] * len(rows))
        self.n = n = len(self.rows)
        self.label = np.asarray(label_code, dtype=np.int8)
        self.ids: list[str] = [r[model.NODE_BY_LABEL[_DRAWN[c]].key] for r, c in zip(self.rows, label_code)]
        self.index: dict[str, int] = {}
        for i, node in enumerate(self.ids):
            self.index.setdefault(node, i)
        id_array = pa.array(self.ids, type=pa.string())

        def positions(column: Any, label: str) -> "np.ndarray":
            """Node positions of the ids in ``column`` (-1: not a node of ``label``)."""
            first = self.start[label]
            within = id_array.slice(first, self._count(label))
            found = pc.index_in(column.cast(pa.string()), value_set=within)
            return np.asarray(pc.fill_null(pc.add(found, first), -1).to_numpy(zero_copy_only=False), dtype=np.int64)

        # each organisation's ICS, each team's and person's organisation (as Ecosystem.full)
        ics: list[str | None] = [None] * n
        for r in store.read_rows("read/rel_in_ics_organisation_ics"):
            i = self.index.get(r["source"])
            if i is not None and _DRAWN[self.label[i]] == "Organisation":
                ics[i] = r["target"]
        self.employer = np.full(n, -1, dtype=np.int64)
        employed_by: list[tuple["np.ndarray", "np.ndarray"]] = []

        # relationships: one row per link that holds on the date, ends as node positions
        self.rel_keys: list[tuple[str, str, str]] = []
        self.rel_props: list[dict[str, list[Any]]] = []
        src, dst, kind, row = [], [], [], []
        for rel in _read_rels():
            table = store.read_table(f"read/rel_{rel_query_name(*rel)}")
            if not table.num_rows:
                continue
            table = table.sort_by([("source", "ascending"), ("target", "ascending")])
            s, t = positions(table.column("source"), rel[1]), positions(table.column("target"), rel[2])
            keep = (s >= 0) & (t >= 0)
            if rel in _EMPLOYER:
                self.employer[s[keep]] = t[keep]  # the last row wins, as in Ecosystem.full
                employed_by.append((s[keep], t[keep]))
            props = {p: table.column(p).to_pylist() if p in table.column_names else [None] * table.num_rows
                     for p in model.REL_BY_TYPE[rel[0]].properties}
            if rel[0] == "KNOWS":  # ties and adoptions that hold on the date
                keep &= np.fromiter((runs(a, b, as_of) for a, b in zip(props["start"], props["end"])),
                                    dtype=bool, count=table.num_rows)
            elif rel[0] == "ADOPTED":
                keep &= np.fromiter((adoption_counts(a, b, c, as_of) for a, b, c in
                                     zip(props["date"], props["ended"], props["stage"])),
                                    dtype=bool, count=table.num_rows)
            rows = np.flatnonzero(keep)
            src.append(s[rows])
            dst.append(t[rows])
            kind.append(np.full(len(rows), len(self.rel_keys), dtype=np.int16))
            row.append(rows)
            self.rel_keys.append(rel)
            self.rel_props.append(props)
        for i in np.flatnonzero(self.employer >= 0).tolist():
            ics[i] = ics[self.employer[i]]
        self.ics = np.asarray(ics, dtype=object)

        # who was there on the date: people in post, open organisations with their teams and
        # people, running partnerships
        gone = np.zeros(n, dtype=bool)
        for label, test, fields in (("Person", in_post, ("start", "left")), ("Organisation", is_open, ("closed",)),
                                    ("Partnership", runs, ("start", "end"))):
            first = self.start[label]
            gone[first:first + self._count(label)] = [
                not test(*(r.get(f) for f in fields), as_of) for r in self.rows[first:first + self._count(label)]]
        with_them = gone.copy()
        for s, t in employed_by:
            with_them[s[gone[t]]] = True
        self.present = ~with_them
        if src:
            s, t = np.concatenate(src), np.concatenate(dst)
            both = self.present[s] & self.present[t]
            self.src, self.dst = s[both], t[both]
            self.kind, self.row = np.concatenate(kind)[both], np.concatenate(row)[both]
        else:
            self.src = self.dst = self.row = np.zeros(0, dtype=np.int64)
            self.kind = np.zeros(0, dtype=np.int16)

    def _count(self, label: str) -> int:
        later = [self.start[lab] for lab in _DRAWN[_DRAWN.index(label) + 1:]]
        return (later[0] if later else self.n) - self.start[label]

    def attributes(self, i: int) -> dict[str, Any]:
        """Node ``i``'s attributes as ``Ecosystem.full`` has them."""
        label = _DRAWN[self.label[i]]
        key = model.NODE_BY_LABEL[label].key
        out: dict[str, Any] = {"label": label, **{k: v for k, v in self.rows[i].items() if k != key},
                               "id": self.ids[i]}
        if label == "Organisation":
            if self.ics[i] is not None:
                out["ics"] = self.ics[i]
        elif label in ("Team", "Person") and self.employer[i] >= 0:
            org = self.rows[self.employer[i]]
            out.update(organisation=self.ids[self.employer[i]], organisation_name=org.get("name"),
                       kind=org.get("kind"), ics=self.ics[self.employer[i]])
        return out

    def node(self, node_id: Any) -> int | None:
        """The position of a node present on the date, or None."""
        i = self.index.get(node_id)
        return i if i is not None and self.present[i] else None

    def name(self, node_id: Any) -> Any:
        """A present node's name (or its id, without one); any other id as it is."""
        i = self.node(node_id)
        return node_id if i is None else str(self.rows[i].get("name") or node_id)

    def of_label(self, label: str) -> list[str]:
        """The present nodes of ``label``, in store order."""
        first = self.start[label]
        return [self.ids[i] for i in range(first, first + self._count(label)) if self.present[i]]

    def people_names(self) -> dict[str, str]:
        """Every person's name, in post on the date or not -> 'job title at organisation'
        (:func:`ecograph.maps.render.name_replacements` over ``Ecosystem.full`` before the
        date's rules)."""
        out: dict[str, str] = {}
        first = self.start["Person"]
        for i in range(first, first + self._count("Person")):
            d = self.rows[i]
            name = str(d.get("name") or "").strip()
            if not name:
                continue
            title = str(d.get("job_title") or "").strip() or "Person"
            org = str(self.rows[self.employer[i]].get("name") or "").strip() if self.employer[i] >= 0 else ""
            role = f"{title} at {org}" if org else title
            out[name] = role if out.get(name, role) == role else "a person"
        return out

    def linked_into(self, node_id: Any) -> list[tuple[str, str]]:
        """(id, relationship) of every link into a present node."""
        import numpy as np

        i = self.node(node_id)
        if i is None:
            return []
        return [(self.ids[self.src[e]], self.rel_keys[self.kind[e]][0]) for e in np.flatnonzero(self.dst == i).tolist()]

    def ics_members(self, ics: str) -> list[str]:
        """The organisations, teams and people of ``ics`` present on the date, and the
        partnerships and innovations linked to them: what its map draws."""
        import numpy as np

        groups = self.label > _DRAWN.index("Person")  # partnerships and innovations
        drawn = ~groups & self.present & (self.ics == ics)
        touching = drawn[self.src] | drawn[self.dst]
        drawn[self.src[touching & groups[self.src]]] = True
        drawn[self.dst[touching & groups[self.dst]]] = True
        return [self.ids[i] for i in np.flatnonzero(drawn).tolist()]

    def around(self, members: "Iterable[Any]") -> nx.MultiDiGraph:
        """``members`` (ids of present nodes; others are left out) with every link they have
        and the nodes at the other ends, as ``Ecosystem.full`` holds them (the nodes at the other
        ends with their label, id and name only: what a map says of a node it does not draw): a
        map that draws members only, with the links among them, and describes each by its own
        links, draws the same from this graph as from the whole store's."""
        import numpy as np

        mine = np.zeros(self.n, dtype=bool)
        for m in members:
            i = self.node(m)
            if i is not None:
                mine[i] = True
        links = np.flatnonzero(mine[self.src] | mine[self.dst])
        nodes = np.union1d(np.flatnonzero(mine), np.concatenate([self.src[links], self.dst[links]]))
        graph = nx.MultiDiGraph()
        for i in nodes.tolist():  # the store's order
            if mine[i]:
                graph.add_node(self.ids[i], **self.attributes(i))
            else:  # the thousands of people of an organisation drawn, say
                label = _DRAWN[self.label[i]]
                name = self.rows[i].get("name")
                graph.add_node(self.ids[i], label=label, **({} if name is None else {"name": name}), id=self.ids[i])
        for e in links.tolist():
            k, r = int(self.kind[e]), int(self.row[e])
            rel = self.rel_keys[k][0]
            graph.add_edge(self.ids[self.src[e]], self.ids[self.dst[e]], key=rel, relationship=rel,
                           **{p: v[r] for p, v in self.rel_props[k].items()})
        return graph


def _read_rels() -> list[tuple[str, str, str]]:
    """The relationships :class:`StoreTables` reads: every one between drawn labels, except
    the ICS links (an organisation's ICS is an attribute)."""
    return [rel for rel in all_rel_keys() if rel[1] in _DRAWN and rel[2] in _DRAWN]
