"""The route graph of ``spread`` and ``partners`` as arrays: read once per store and date.

Every innovation's routes walk the same graph, so it is read from the store once (one scan per
relationship table, ``cypher/spread/route_*.cypher``; the ties' dates apart, and only when some
tie is not running that day) and kept as index arrays in numpy alone (:class:`Links`); each
innovation then only indexes into them. Nodes are numbered in blocks by label, in the order of
:data:`LABELS`, and by id within a block, so comparing two numbers compares their
``(label, id)`` pairs: the tie-break of the route search.

Which relationships a route may walk on the date (:mod:`ecograph.asof`), as the search's
definition in :mod:`ecograph.analysis.spread` says: into an organisation when it is open, a
partnership when it runs, a team when it belongs to an open organisation, a person when they are
in post and work for no closed organisation (from their own organisation: when in post), over a
tie (``KNOWS``) when it holds.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable

from .projection import _column, _indices, tie_ends

if TYPE_CHECKING:  # numpy and pyarrow load when a graph is read
    import numpy as np
    import pyarrow as pa

    from ..store import GraphStore

__all__ = ["RouteGraph", "LABELS", "RELATIONSHIPS"]

#: Id lookups per block through Arrow before a dict of the block is kept (see RouteGraph.positions).
_ARROW_LOOKUPS = 4

#: Node labels in the order of their blocks of numbers (sorted, as the tie-break compares them).
LABELS = ("Organisation", "Partnership", "Person", "Team")
ORGANISATION, PARTNERSHIP, PERSON, TEAM = range(4)
#: Relationship types a route walks, by code.
RELATIONSHIPS = ("WORKS_FOR", "WORKS_IN", "PART_OF", "KNOWS", "MEMBER_OF")
WORKS_FOR, WORKS_IN, PART_OF, KNOWS, MEMBER_OF = range(5)
#: The relationship between two labels (there is at most one type for each pair); -1: none.
_RELATIONSHIP = (
    # to: Organisation, Partnership, Person,    Team
    (-1, MEMBER_OF, WORKS_FOR, PART_OF),          # from Organisation
    (MEMBER_OF, -1, MEMBER_OF, MEMBER_OF),        # from Partnership
    (WORKS_FOR, MEMBER_OF, KNOWS, WORKS_IN),      # from Person
    (PART_OF, MEMBER_OF, WORKS_IN, -1),           # from Team
)


def _sorted_ids(values: "pa.ChunkedArray | pa.Array | list[str]") -> "pa.Array":
    """Distinct ids, sorted as Python sorts strings (UTF-8 byte order is code point order)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, list):
        values = pa.array(values, pa.string())
    unique = pc.unique(values.cast(pa.string()))
    if isinstance(unique, pa.ChunkedArray):
        unique = unique.combine_chunks()
    unique = unique.drop_null()
    return unique.take(pc.sort_indices(unique))


def _sorted_ids_and(table: "pa.Table", key: str, value: str) -> tuple["pa.Array", "pa.Array"]:
    """The distinct ids in the column ``key`` (:func:`_sorted_ids`), and the ``value`` of the
    first row with each (a plain sort when the ids are distinct already, as people's are)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not table.num_rows:
        return pa.array([], pa.string()), pa.array([], pa.string())
    keys = table.column(key).cast(pa.string()).combine_chunks()
    order = pc.sort_indices(keys)
    ids = keys.take(order)
    if not keys.null_count and not pc.any(pc.equal(ids[1:], ids[:-1])).as_py():
        return ids, table.column(value).take(order).combine_chunks()
    ids = _sorted_ids(keys)
    return ids, table.column(value).take(pa.array(_indices(ids, keys))).combine_chunks()


def _expand(indptr: "np.ndarray", rows: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """For rows of a CSR structure: (which of ``rows`` each entry comes from, entry positions)."""
    import numpy as np

    start = indptr[rows]
    count = indptr[rows + 1] - start
    total = int(count.sum())
    owner = np.repeat(np.arange(len(rows)), count)
    position = np.arange(total) + np.repeat(start - (np.cumsum(count) - count), count)
    return owner, position


def distinct(values: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """The distinct integers in ``values``, ascending, and how many times each occurs (numpy
    2.4's ``np.unique`` takes ten times as long as this sort and mask)."""
    import numpy as np

    values = np.sort(values)
    first = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1]))) if len(values) else \
        np.zeros(0, dtype=np.int64)
    return values[first], np.diff(np.append(first, len(values)))


class Links:
    """A 0/1 matrix as compressed rows: ``indptr`` and ``indices`` (the columns of each row,
    ascending, once each), with the few operations the route graph needs, in numpy alone
    (importing scipy.sparse cost ``spread`` 0.15 CPU-s, a tenth of the command).

    Parameters
    ----------
    rows, cols
        The position of each one (a repeated pair counts once).
    shape
        (rows, columns).
    """

    __slots__ = ("indptr", "indices", "shape")

    def __init__(self, rows: "np.ndarray", cols: "np.ndarray", shape: tuple[int, int]):
        import numpy as np

        n_cols = int(shape[1])
        key = np.asarray(rows, dtype=np.int64) * n_cols
        key += np.asarray(cols, dtype=np.int64)
        self._keep(key, (int(shape[0]), n_cols))

    @classmethod
    def symmetric(cls, a: "np.ndarray", b: "np.ndarray", n: int) -> "Links":
        """The n x n matrix with a one at ``(a[k], b[k])`` and at ``(b[k], a[k])`` for every k,
        built in one array (who knows whom: two million ones at national size)."""
        import numpy as np

        m = len(a)
        key = np.empty(2 * m, dtype=np.int64)
        for rows, cols, part in ((a, b, key[:m]), (b, a, key[m:])):
            np.multiply(rows, n, out=part)
            part += cols
        links = cls.__new__(cls)
        links._keep(key, (n, n))
        return links

    def _keep(self, key: "np.ndarray", shape: tuple[int, int]) -> None:
        """Keep the ones given as ``row * n_cols + col`` (``key``, a new array: sorted and
        changed in place, no other array of its size made but the indices)."""
        import numpy as np

        n_rows, n_cols = shape
        key.sort()
        if len(key):
            new = np.empty(len(key), dtype=bool)
            new[0] = True
            np.not_equal(key[1:], key[:-1], out=new[1:])
            if not new.all():
                key = key[new]
        # the rows' bounds by search (no division of every key), then each key less its row's start
        row_start = np.arange(n_rows + 1, dtype=np.int64) * n_cols
        self.indptr = np.searchsorted(key, row_start)
        key -= np.repeat(row_start[:-1], np.diff(self.indptr))
        self.indices = key.astype(np.int32)
        self.shape = (n_rows, n_cols)

    @property
    def degree(self) -> "np.ndarray":
        """The number of ones in each row."""
        import numpy as np

        return np.diff(self.indptr)

    def rows(self) -> "np.ndarray":
        """The row of each one, in the order of ``indices``."""
        import numpy as np

        return np.repeat(np.arange(self.shape[0]), self.degree)

    @property
    def T(self) -> "Links":
        """The transpose."""
        return Links(self.indices, self.rows(), (self.shape[1], self.shape[0]))

    def expand(self, rows: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
        """The ones of some rows: (which of ``rows`` each comes from, its column), row by row in
        the order given, columns ascending."""
        owner, position = _expand(self.indptr, rows)
        return owner, self.indices[position]

    def compose(self, other: "Links") -> "Links":
        """The ones of the product ``self @ other`` (a path of two steps)."""
        owner, far = other.expand(self.indices)
        return Links(self.rows()[owner], far, (self.shape[0], other.shape[1]))

    def union(self, *others: "Links") -> "Links":
        """The ones of any of them (same shape)."""
        import numpy as np

        return Links(np.concatenate([m.rows() for m in (self, *others)]),
                     np.concatenate([m.indices for m in (self, *others)]), self.shape)


class RouteGraph:
    """The graph spread routes walk on one date, and what partners and exposure need, as arrays.

    Parameters
    ----------
    store
        The open graph store.
    as_of
        The ISO date the ecosystem is seen as of.
    organisations
        The organisations open that day, by id, with ``name``.
    partnerships
        The partnerships running that day, by id, with ``name`` and ``formal``.

    Notes
    -----
    The people, their organisations and ties are read at once; the teams' people and the
    partnership memberships when a route is first searched or partners first counted.
    :class:`~ecograph.analysis.spread.SharedReads` keeps the graph for every innovation; the
    store must not change while it is in use.
    """

    def __init__(self, store: "GraphStore", as_of: str, organisations: dict[str, dict[str, Any]],
                 partnerships: dict[str, dict[str, Any]]):
        import numpy as np
        import pyarrow as pa

        self.store, self.as_of = store, as_of
        dated = {"as_of": as_of}
        people = store.read_table("spread/route_people", dated)
        employment = store.read_table("spread/route_employment", any_order=True)
        teams = store.read_table("spread/route_teams", dated)
        (person_ids, person_names), (team_ids, team_names) = (_sorted_ids_and(people, "id", "name"),
                                                              _sorted_ids_and(teams, "team", "name"))
        blocks = [_sorted_ids(list(organisations)), _sorted_ids(list(partnerships)), person_ids, team_ids]
        self.block_ids = blocks
        #: the names of the nodes of each block (Arrow arrays), in the order of their ids
        self.block_names = [pa.array([organisations[i]["name"] for i in blocks[ORGANISATION].to_pylist()], pa.string()),
                            pa.array([partnerships[i]["name"] for i in blocks[PARTNERSHIP].to_pylist()], pa.string()),
                            person_names, team_names]
        del people
        #: per block: how many times ids were looked up, and their positions by id once kept
        self._lookups: list[int] = [0] * len(LABELS)
        self._kept_positions: list[dict[str, int] | None] = [None] * len(LABELS)
        self.size = np.array([len(b) for b in blocks], dtype=np.int64)
        self.start = np.concatenate(([0], np.cumsum(self.size)))
        self.n = int(self.start[-1])
        n_people, n_orgs = int(self.size[PERSON]), int(self.size[ORGANISATION])

        formal = np.array([bool((partnerships.get(p) or {}).get("formal")) for p in blocks[PARTNERSHIP].to_pylist()],
                          dtype=bool)
        #: 1.0 for a formal partnership, 0.6 for an informal one (the strength of entering it)
        self.partnership_code = np.where(formal, 0, 2).astype(np.int8)

        # who works where: open organisations only; a person working for another (closed) one has left
        person = _indices(_column(employment, "person"), blocks[PERSON])
        org = _indices(_column(employment, "organisation"), blocks[ORGANISATION])
        del employment
        at_closed = np.zeros(n_people, dtype=bool)
        at_closed[person[(person >= 0) & (org < 0)]] = True
        #: people in post a route may enter other than from their own organisation (working for
        #: no closed organisation)
        self.present = ~at_closed
        keep = (person >= 0) & (org >= 0)
        #: person x open organisation they work for (people in post)
        self.employment = Links(person[keep], org[keep], (n_people, n_orgs))

        team = _indices(_column(teams, "team"), blocks[TEAM])
        team_org = _indices(_column(teams, "organisation"), blocks[ORGANISATION])
        keep = (team >= 0) & (team_org >= 0)
        #: team x open organisation it is part of
        self.team_orgs = Links(team[keep], team_org[keep], (int(self.size[TEAM]), n_orgs))
        del teams

        tie_a, tie_b = self._tie_pairs(store, as_of)
        #: the ties that hold between people in post, once per stored tie (positions)
        self.ties = (tie_a, tie_b)
        #: who knows whom, in either direction
        self.known = Links.symmetric(tie_a, tie_b, n_people)

    def _tie_pairs(self, store: "GraphStore", as_of: str) -> tuple["np.ndarray", "np.ndarray"]:
        """The ties that hold on ``as_of`` between people in post (positions, as stored):
        :func:`~ecograph.analysis.projection.tie_ends`."""
        return tie_ends(store, as_of, self.block_ids[PERSON])

    @cached_property
    def memberships(self) -> dict[str, "Links"]:
        """Running partnership memberships of open organisations, their teams, people in post:
        for each member label, member x partnership."""
        import numpy as np

        blocks = self.block_ids
        members = self.store.read_table("spread/route_memberships", any_order=True)
        labels = np.asarray(_column(members, "label").to_numpy(zero_copy_only=False))
        partnership = _indices(_column(members, "partnership"), blocks[PARTNERSHIP])
        member = np.full(len(labels), -1, dtype=np.int64)
        member_column = _column(members, "member")
        for block, label in ((ORGANISATION, "Organisation"), (TEAM, "Team"), (PERSON, "Person")):
            rows = np.flatnonzero(labels == label)
            if len(rows):
                member[rows] = _indices(member_column.take(rows), blocks[block])
        keep = (member >= 0) & (partnership >= 0)
        labels, member, partnership = labels[keep], member[keep], partnership[keep]
        return {label: Links(member[labels == label], partnership[labels == label],
                            (int(self.size[block]), int(self.size[PARTNERSHIP])))
                for block, label in ((ORGANISATION, "Organisation"), (TEAM, "Team"), (PERSON, "Person"))}

    @cached_property
    def routes(self) -> list[tuple[int, int, "np.ndarray", "np.ndarray", "np.ndarray | None"]]:
        """The route graph, one part per pair of labels and direction: (from label, to label,
        indptr and indices of a from x to adjacency by position in the blocks, which far ends
        may be entered or None for all). Every relationship is walked in both directions; a
        person may be entered from their organisation when in post, otherwise when present;
        only open organisations, running partnerships and teams of open organisations are
        numbered."""
        memberships = self.memberships
        team_members = self.store.read_table("spread/route_team_members", any_order=True)
        who = _indices(_column(team_members, "person"), self.block_ids[PERSON])
        which = _indices(_column(team_members, "team"), self.block_ids[TEAM])
        del team_members
        keep = (who >= 0) & (which >= 0)
        works_in = Links(who[keep], which[keep], (int(self.size[PERSON]), int(self.size[TEAM])))
        present = self.present
        parts = [(PERSON, ORGANISATION, self.employment, None),
                 (PERSON, TEAM, works_in, None),
                 (PERSON, PERSON, self.known, present),
                 (PERSON, PARTNERSHIP, memberships["Person"], None),
                 (TEAM, ORGANISATION, self.team_orgs, None),
                 (TEAM, PERSON, works_in.T, present),
                 (TEAM, PARTNERSHIP, memberships["Team"], None),
                 (ORGANISATION, PERSON, self._by_organisation, None),
                 (ORGANISATION, TEAM, self.team_orgs.T, None),
                 (ORGANISATION, PARTNERSHIP, memberships["Organisation"], None),
                 (PARTNERSHIP, ORGANISATION, memberships["Organisation"].T, None),
                 (PARTNERSHIP, TEAM, memberships["Team"].T, None),
                 (PARTNERSHIP, PERSON, memberships["Person"].T, present)]
        return [(a, b, m.indptr, m.indices, mask) for a, b, m, mask in parts]

    def employers(self, people: list[str]) -> tuple["np.ndarray", "np.ndarray", list[list[str]]]:
        """For each person id: in post, present (in post, working for no closed organisation),
        and the open organisations they work for."""
        import numpy as np

        where = self.positions(people, PERSON)
        in_post = where >= 0
        present = in_post & self.present[np.maximum(where, 0)]
        return in_post, present, self._row_ids(self.employment, where)

    def team_organisations(self, teams: list[str]) -> list[list[str]]:
        """For each team id, the open organisations it is part of."""

        return self._row_ids(self.team_orgs, self.positions(teams, TEAM))

    def _row_ids(self, matrix: "Links", rows: "np.ndarray") -> list[list[str]]:
        """The organisation ids in each row of an (anything x organisation) matrix (none for -1)."""
        orgs = self.block_ids[ORGANISATION].to_pylist() if len(rows) else []
        indptr, indices = matrix.indptr, matrix.indices
        return [[orgs[j] for j in indices[indptr[r]:indptr[r + 1]]] if r >= 0 else [] for r in rows.tolist()]

    # --- nodes ----------------------------------------------------------------------------------

    def positions(self, ids: Iterable[str | None], block: int) -> "np.ndarray":
        """The position of each id in a block (-1 where it is not there): the first few times
        through Arrow (one command: no need to hash the 92,000 person ids in Python), then
        through a dict of the block kept for the next innovations (the atlas)."""
        import numpy as np
        import pyarrow as pa

        ids = ids if isinstance(ids, list) else list(ids)
        position = self._kept_positions[block]
        if position is None and ids:
            self._lookups[block] += 1
            if self._lookups[block] <= _ARROW_LOOKUPS:  # the block's ids probe a hash of those wanted
                wanted = list(dict.fromkeys(ids))
                found = _indices(self.block_ids[block], pa.array(wanted, pa.string()))
                hit = np.flatnonzero(found >= 0)
                where = np.full(len(wanted), -1, dtype=np.int64)
                where[found[hit]] = hit
                number = dict(zip(wanted, range(len(wanted))))
                return where[[number[i] for i in ids]]
            ids_in_block = self.block_ids[block].to_pylist()
            position = self._kept_positions[block] = dict(zip(ids_in_block, range(len(ids_in_block))))
        return np.array([position.get(i, -1) for i in ids] if position else [-1] * len(ids), dtype=np.int64)

    def describe(self, nodes: "np.ndarray") -> tuple[list[str], list[str | None]]:
        """The id and the name of each node number (``nodes`` ascending)."""
        import numpy as np
        import pyarrow as pa

        bounds = np.searchsorted(nodes, self.start)
        ids: list[str] = []
        names: list[str | None] = []
        for block in range(len(LABELS)):
            positions = pa.array(nodes[bounds[block]:bounds[block + 1]] - self.start[block], pa.int64())
            ids += self.block_ids[block].take(positions).to_pylist()
            names += self.block_names[block].take(positions).to_pylist()
        return ids, names

    def label_of(self, nodes: "np.ndarray") -> "np.ndarray":
        """The label code (position in :data:`LABELS`) of each node number."""
        import numpy as np

        return np.searchsorted(self.start[1:], nodes, side="right")

    def person_names(self, people: Iterable[str]) -> dict[str, str | None]:
        """The names of people in post, by id."""

        import pyarrow as pa

        people = list(people)
        where = self.positions(people, PERSON)
        found = where >= 0
        names = self.block_names[PERSON].take(pa.array(where[found], pa.int64())).to_pylist()
        return dict(zip((p for p, here in zip(people, found.tolist()) if here), names))

    def numbers(self, nodes: Iterable[tuple[str, str]]) -> "np.ndarray":
        """The numbers of ``(label, id)`` nodes (those not in the graph are left out)."""
        import numpy as np

        by_label: dict[int, list[str]] = {}
        for label, node_id in nodes:
            by_label.setdefault(LABELS.index(label), []).append(node_id)
        found = [np.zeros(0, dtype=np.int64)]
        for block, ids in by_label.items():
            where = self.positions(ids, block)
            found.append(where[where >= 0] + self.start[block])
        return np.unique(np.concatenate(found))

    def organisations(self, ids: Iterable[str]) -> "np.ndarray":
        """The numbers of organisations (those not open are left out), in the order given."""
        import numpy as np

        where = self.positions(ids, ORGANISATION)
        return where[where >= 0].astype(np.int64)

    # --- the route search -------------------------------------------------------------------------

    def search(self, sources: "np.ndarray", ends: "np.ndarray", max_hops: int, min_levels: int
               ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]:
        """Breadth-first search from every source at once, level by level.

        A node first reached at a level keeps, of the edges reaching it there, the one giving the
        strongest route (strength rounded to 9 decimals), then the one from the smallest
        ``(label, id)``. Stops after ``max_hops`` levels, or once every organisation in
        ``ends`` is reached and at least ``min_levels`` levels ran. The last level only
        looks for organisations.

        Returns
        -------
        distance, strength, parent, relationship
            Per node number: the level it was reached at (-1: not reached), the strength of its
            route, the node it was reached from (-1 for sources and unreached nodes), and the
            code of the relationship (:data:`RELATIONSHIPS`) used.
        """
        import numpy as np

        from .spread import BRIDGE_STRENGTH

        factors = (1.0, BRIDGE_STRENGTH["tie"], BRIDGE_STRENGTH["informal"])
        tie = 1  # codes into factors; a partnership has its own (partnership_code)
        distance = np.full(self.n, -1, dtype=np.int16)
        strength = np.zeros(self.n)
        parent = np.full(self.n, -1, dtype=np.int64)
        relationship = np.full(self.n, -1, dtype=np.int8)
        frontier = np.unique(sources)
        distance[frontier] = 0
        strength[frontier] = 1.0
        wanted = np.zeros(self.n, dtype=bool)
        wanted[ends] = True
        remaining = int(np.count_nonzero(wanted & (distance < 0)))
        start = self.start
        relationship_table = np.array(_RELATIONSHIP, dtype=np.int8)
        for level in range(1, max_hops + 1):
            if not len(frontier) or (not remaining and level > min_levels):
                break
            # the strength each edge gives its far end: a few distinct values, rounded in Python
            levels, code = np.unique(strength[frontier], return_inverse=True)
            table = np.array([[round(float(s) * f, 9) for f in factors] for s in levels])
            bounds = np.searchsorted(frontier, start)  # the frontier is sorted: one slice per label
            found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (source, target, value)
            for a, b, indptr, indices, may_enter in self.routes:
                if level == max_hops and b != ORGANISATION:  # a route ends at an organisation
                    continue
                lo, hi = bounds[a], bounds[a + 1]
                if lo == hi:
                    continue
                owner, position = _expand(indptr, frontier[lo:hi] - start[a])
                far = indices[position].astype(np.int64)
                keep = distance[start[b] + far] < 0
                if may_enter is not None:
                    keep &= may_enter[far]
                owner, far = owner[keep] + lo, far[keep]
                if b == PARTNERSHIP:
                    factor = self.partnership_code[far]
                else:
                    factor = np.full(len(far), tie if (a, b) == (PERSON, PERSON) else 0, dtype=np.int8)
                found.append((frontier[owner], start[b] + far, table[code[owner], factor]))
            if not found:
                break
            source, target, value = (np.concatenate(x) for x in zip(*found))
            if not len(target):
                break
            # per far end: the strongest, then the smallest source
            order = np.lexsort((source, -value, target))
            target = target[order]
            first = np.ones(len(target), dtype=bool)
            first[1:] = target[1:] != target[:-1]
            chosen = order[first]
            reached = target[first]
            distance[reached] = level
            strength[reached] = value[chosen]
            parent[reached] = source[chosen]
            relationship[reached] = relationship_table[self.label_of(source[chosen]), self.label_of(reached)]
            remaining -= int(np.count_nonzero(wanted[reached]))
            frontier = reached
        return distance, strength, parent, relationship

    # --- people ties and partners --------------------------------------------------------------------

    def source_ties(self, organisations: Iterable[str], developers: Iterable[str]
                    ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]:
        """People ties from an innovation's side, as node positions in their blocks.

        ``(contact, contact's organisation, person, person's organisation)`` for every tie that
        holds between a contact and someone else in post working for an open organisation (one
        row per organisation they work for). The contacts are the people in post at
        ``organisations`` (the adopters and origin organisations, in the order given), and
        ``developers`` (people who developed it in person) with each organisation they work for
        (-1 when none). :meth:`tie_ids` names them.
        """
        import numpy as np

        employment = self.employment
        orgs = self.organisations(organisations)
        owner, working = self._by_organisation.expand(orgs)  # organisation by organisation
        contact, contact_org = [working.astype(np.int64)], [orgs[owner]]
        people = self.positions(developers, PERSON)
        people = people[people >= 0]
        owner, position = _expand(employment.indptr, people)
        contact += [people[owner], people[np.diff(employment.indptr)[people] == 0]]
        contact_org += [employment.indices[position].astype(np.int64),
                        np.full(len(contact[-1]), -1, dtype=np.int64)]
        contact, contact_org = np.concatenate(contact), np.concatenate(contact_org)
        known = self.known
        owner, position = _expand(known.indptr, contact)
        person = known.indices[position].astype(np.int64)
        keep = person != contact[owner]
        owner, person = owner[keep], person[keep]
        works, position = _expand(employment.indptr, person)
        org = employment.indices[position].astype(np.int64)
        row, person = owner[works], person[works]
        return contact[row], contact_org[row], person, org

    def tie_ids(self, contact: "np.ndarray", contact_org: "np.ndarray", person: "np.ndarray",
                org: "np.ndarray") -> list[tuple[str, str | None, str, str]]:
        """:meth:`source_ties` rows (or some of them) by id: (contact, contact's organisation or
        None, person, person's organisation)."""
        import numpy as np
        import pyarrow as pa

        people_ids, org_ids = self.block_ids[PERSON], self.block_ids[ORGANISATION]
        named_org = org_ids.take(pa.array(np.maximum(contact_org, 0))).to_pylist() if len(org_ids) else []
        return list(zip(people_ids.take(pa.array(contact)).to_pylist(),
                        [o if i >= 0 else None for o, i in zip(named_org, contact_org.tolist())],
                        people_ids.take(pa.array(person)).to_pylist(),
                        org_ids.take(pa.array(org)).to_pylist()))

    @cached_property
    def _by_organisation(self) -> Links:
        """Who works where, by organisation (organisation x person)."""
        return self.employment.T

    @cached_property
    def partners(self) -> Links:
        """Organisation x organisation, true where two open organisations are partners (the
        organisation projection): their people in post know each other, or they share a
        running partnership, as members themselves or through their teams or people in post."""
        import numpy as np

        employment = self.employment
        n_orgs = employment.shape[1]
        # each pair of organisations tied by their people, once, lower number first
        one, other = self.ties
        degree = employment.degree
        if degree.max(initial=0) <= 1:  # one organisation each at most (usual): no expansion
            employer = np.full(employment.shape[0], -1, dtype=np.int64)
            employer[degree > 0] = employment.indices
            one, other = employer[one], employer[other]
            both = (one >= 0) & (other >= 0)
            one, other = one[both], other[both]
        else:
            tie, one = employment.expand(one)
            far, other = employment.expand(other[tie])
            one = one[far].astype(np.int64)
        low, high = np.minimum(one, other), np.maximum(one, other)
        by_ties, _ = distinct(low * n_orgs + high)
        low, high = np.divmod(by_ties, max(n_orgs, 1))
        memberships = self.memberships["Organisation"].union(
            self.team_orgs.T.compose(self.memberships["Team"]),
            self._by_organisation.compose(self.memberships["Person"]))
        shared = memberships.compose(memberships.T)
        rows = np.concatenate((low, high, shared.rows()))
        cols = np.concatenate((high, low, shared.indices))
        apart = rows != cols  # no organisation is its own partner
        return Links(rows[apart], cols[apart], (n_orgs, n_orgs))
