"""The route graph of ``spread`` and ``partners`` as arrays: read once per store and date.

Every innovation's routes walk the same graph, so it is read from the store once (one scan per
relationship table, ``cypher/spread/route_*.cypher``) and kept as index arrays; each
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

if TYPE_CHECKING:  # numpy, scipy and pyarrow load when a graph is read
    import numpy as np
    import pyarrow as pa
    import scipy.sparse as sp

    from ..store import GraphStore

__all__ = ["RouteGraph", "LABELS", "RELATIONSHIPS"]

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


def _indices(values: "pa.ChunkedArray | pa.Array", ids: "pa.Array") -> "np.ndarray":
    """The position of each value in ``ids`` (``-1`` where it is not there)."""
    import numpy as np
    import pyarrow.compute as pc

    found = pc.index_in(values, value_set=ids)
    return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


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


def _column(table: "pa.Table", name: str) -> "pa.ChunkedArray":
    """A column of a query's table (an empty one when the query found no rows)."""
    import pyarrow as pa

    return table.column(name) if name in table.column_names else pa.chunked_array([], pa.string())


def _aligned(table: "pa.Table", key: str, value: str, ids: "pa.Array") -> list[Any]:
    """``value`` of the first row of ``table`` with each of ``ids`` as its ``key``."""
    import pyarrow as pa

    if not len(ids):
        return []
    return table.column(value).take(pa.array(_indices(ids, _column(table, key).combine_chunks()))).to_pylist()


def _expand(indptr: "np.ndarray", rows: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """For rows of a CSR structure: (which of ``rows`` each entry comes from, entry positions)."""
    import numpy as np

    start = indptr[rows]
    count = indptr[rows + 1] - start
    total = int(count.sum())
    owner = np.repeat(np.arange(len(rows)), count)
    position = np.arange(total) + np.repeat(start - (np.cumsum(count) - count), count)
    return owner, position


def _csr(rows: "np.ndarray", cols: "np.ndarray", shape: tuple[int, int]) -> "sp.csr_matrix":
    """A 0/1 matrix with a one at each (row, col) (repeated pairs count once)."""
    import numpy as np
    import scipy.sparse as sp

    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _holds(start: "pa.ChunkedArray", end: "pa.ChunkedArray", as_of: str) -> "np.ndarray":
    """Whether each tie holds on ``as_of`` (:mod:`ecograph.asof`: its ``start`` is blank or on
    or before the date, its ``end`` blank or on or after it), on Arrow columns."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def blank(column: "pa.ChunkedArray") -> "pa.ChunkedArray":
        return pc.or_kleene(pc.is_null(column), pc.equal(column, ""))

    start, end = start.cast(pa.string()), end.cast(pa.string())  # all-null columns may come untyped
    holds = pc.and_kleene(pc.or_kleene(blank(start), pc.less_equal(start, as_of)),
                          pc.or_kleene(blank(end), pc.greater_equal(end, as_of)))
    return np.asarray(pc.fill_null(holds, False).to_numpy(zero_copy_only=False), dtype=bool)


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

        self.store, self.as_of = store, as_of
        dated = {"as_of": as_of}
        people = store.read_table("spread/route_people", dated)
        employment = store.read_table("spread/route_employment", dated)
        teams = store.read_table("spread/route_teams", dated)
        blocks = [_sorted_ids(list(organisations)), _sorted_ids(list(partnerships)),
                  _sorted_ids(_column(people, "id")), _sorted_ids(_column(teams, "team"))]
        self.block_ids = blocks
        #: the names of the nodes of each block, in the order of their ids
        self.block_names = [[organisations[i]["name"] for i in blocks[ORGANISATION].to_pylist()],
                            [partnerships[i]["name"] for i in blocks[PARTNERSHIP].to_pylist()],
                            _aligned(people, "id", "name", blocks[PERSON]),
                            _aligned(teams, "team", "name", blocks[TEAM])]
        del people
        self.size = np.array([len(b) for b in blocks], dtype=np.int64)
        self.start = np.concatenate(([0], np.cumsum(self.size)))
        self.n = int(self.start[-1])
        n_people, n_orgs = int(self.size[PERSON]), int(self.size[ORGANISATION])

        formal = np.array([bool((partnerships.get(p) or {}).get("formal")) for p in blocks[PARTNERSHIP].to_pylist()],
                          dtype=bool)
        #: 1.0 for a formal partnership, 0.6 for an informal one (the strength of entering it)
        self.partnership_code = np.where(formal, 0, 2).astype(np.int8)

        # who works where: open organisations only; a person working for a closed one has left
        person = _indices(_column(employment, "person"), blocks[PERSON])
        org = _indices(_column(employment, "organisation"), blocks[ORGANISATION])
        is_open = (np.asarray(_column(employment, "open").to_numpy(zero_copy_only=False), dtype=bool)
                   if employment.num_rows else np.zeros(0, dtype=bool))
        del employment
        at_closed = np.zeros(n_people, dtype=bool)
        at_closed[person[(person >= 0) & ~is_open]] = True
        #: people in post a route may enter other than from their own organisation (working for
        #: no closed organisation)
        self.present = ~at_closed
        keep = (person >= 0) & (org >= 0)
        #: person x open organisation they work for (people in post)
        self.employment = _csr(person[keep], org[keep], (n_people, n_orgs))

        team = _indices(_column(teams, "team"), blocks[TEAM])
        team_org = _indices(_column(teams, "organisation"), blocks[ORGANISATION])
        keep = (team >= 0) & (team_org >= 0)
        #: team x open organisation it is part of
        self.team_orgs = _csr(team[keep], team_org[keep], (int(self.size[TEAM]), n_orgs))
        del teams

        ties = store.read_table("spread/route_ties")
        holds = _holds(_column(ties, "start"), _column(ties, "end"), as_of)
        tie_a = _indices(_column(ties, "source"), blocks[PERSON])
        tie_b = _indices(_column(ties, "target"), blocks[PERSON])
        del ties
        keep = holds & (tie_a >= 0) & (tie_b >= 0)
        #: ties that hold between people in post, as stored (person x person)
        self.ties = _csr(tie_a[keep], tie_b[keep], (n_people, n_people))

    @cached_property
    def memberships(self) -> dict[str, "sp.csr_matrix"]:
        """Running partnership memberships of open organisations, their teams, people in post:
        for each member label, member x partnership."""
        import numpy as np

        blocks = self.block_ids
        members = self.store.read_table("spread/route_memberships")
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
        return {label: _csr(member[labels == label], partnership[labels == label],
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
        team_members = self.store.read_table("spread/route_team_members")
        who = _indices(_column(team_members, "person"), self.block_ids[PERSON])
        which = _indices(_column(team_members, "team"), self.block_ids[TEAM])
        del team_members
        keep = (who >= 0) & (which >= 0)
        works_in = _csr(who[keep], which[keep], (int(self.size[PERSON]), int(self.size[TEAM])))
        present = self.present
        parts = [(PERSON, ORGANISATION, self.employment, None),
                 (PERSON, TEAM, works_in, None),
                 (PERSON, PERSON, self._known, present),
                 (PERSON, PARTNERSHIP, memberships["Person"], None),
                 (TEAM, ORGANISATION, self.team_orgs, None),
                 (TEAM, PERSON, works_in.T.tocsr(), present),
                 (TEAM, PARTNERSHIP, memberships["Team"], None),
                 (ORGANISATION, PERSON, self._by_organisation.T.tocsr(), None),
                 (ORGANISATION, TEAM, self.team_orgs.T.tocsr(), None),
                 (ORGANISATION, PARTNERSHIP, memberships["Organisation"], None),
                 (PARTNERSHIP, ORGANISATION, memberships["Organisation"].T.tocsr(), None),
                 (PARTNERSHIP, TEAM, memberships["Team"].T.tocsr(), None),
                 (PARTNERSHIP, PERSON, memberships["Person"].T.tocsr(), present)]
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

    def _row_ids(self, matrix: "sp.csr_matrix", rows: "np.ndarray") -> list[list[str]]:
        """The organisation ids in each row of an (anything x organisation) matrix (none for -1)."""
        orgs = self.block_ids[ORGANISATION].to_pylist() if len(rows) else []
        indptr, indices = matrix.indptr, matrix.indices
        return [[orgs[j] for j in indices[indptr[r]:indptr[r + 1]]] if r >= 0 else [] for r in rows.tolist()]

    # --- nodes ----------------------------------------------------------------------------------

    @cached_property
    def _position(self) -> list[dict[str, int]]:
        """Each block's ids, with their positions in it."""
        return [dict(zip(block.to_pylist(), range(len(block)))) for block in self.block_ids]

    def positions(self, ids: Iterable[str | None], block: int) -> "np.ndarray":
        """The position of each id in a block (-1 where it is not there): a few lists of a few
        thousand ids per innovation, looked up without hashing the block's ids again each time."""
        import numpy as np

        position = self._position[block]
        return np.array([position.get(i, -1) for i in ids], dtype=np.int64)

    @cached_property
    def ids(self) -> list[str]:
        """Every node's id, by number."""
        return [i for block in self.block_ids for i in block.to_pylist()]

    @cached_property
    def names(self) -> list[str | None]:
        """Every node's name, by number."""
        return [name for block in self.block_names for name in block]

    def label_of(self, nodes: "np.ndarray") -> "np.ndarray":
        """The label code (position in :data:`LABELS`) of each node number."""
        import numpy as np

        return np.searchsorted(self.start[1:], nodes, side="right")

    def person_names(self, people: Iterable[str]) -> dict[str, str | None]:
        """The names of people in post, by id."""

        people = list(people)
        where = self.positions(people, PERSON)
        names = self.block_names[PERSON]
        return {p: names[w] for p, w in zip(people, where.tolist()) if w >= 0}

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

    def source_ties(self, organisations: Iterable[str], developers: Iterable[str],
                    only: Iterable[str] | None = None) -> list[tuple[str, str | None, str, str]]:
        """People ties from an innovation's side.

        ``(contact, contact's organisation, person, person's organisation)`` for every tie that
        holds between a contact and someone else in post working for an open organisation (one
        row per organisation they work for; with ``only``, for those organisations alone). The
        contacts are the people in post at ``organisations`` (the adopters and origin
        organisations), and ``developers`` (people who developed it in person) with each
        organisation they work for (None when none).
        """
        import numpy as np
        import pyarrow as pa

        employment = self.employment
        orgs = self.organisations(organisations)
        working = self._by_organisation[:, orgs].tocoo()
        contact, contact_org = [working.row.astype(np.int64)], [orgs[working.col]]
        people = self.positions(developers, PERSON)
        people = people[people >= 0]
        owner, position = _expand(employment.indptr, people)
        contact += [people[owner], people[np.diff(employment.indptr)[people] == 0]]
        contact_org += [employment.indices[position].astype(np.int64),
                        np.full(len(contact[-1]), -1, dtype=np.int64)]
        contact, contact_org = np.concatenate(contact), np.concatenate(contact_org)
        known = self._known
        owner, position = _expand(known.indptr, contact)
        person = known.indices[position].astype(np.int64)
        keep = person != contact[owner]
        owner, person = owner[keep], person[keep]
        works, position = _expand(employment.indptr, person)
        org = employment.indices[position].astype(np.int64)
        row, person = owner[works], person[works]
        if only is not None:
            wanted = np.zeros(int(self.size[ORGANISATION]), dtype=bool)
            wanted[self.organisations(only)] = True
            keep = wanted[org]
            row, person, org = row[keep], person[keep], org[keep]
        people_ids, org_ids = self.block_ids[PERSON], self.block_ids[ORGANISATION]
        their_org = contact_org[row]
        named_org = org_ids.take(pa.array(np.maximum(their_org, 0))).to_pylist() if len(org_ids) else []
        return list(zip(people_ids.take(pa.array(contact[row])).to_pylist(),
                        [o if i >= 0 else None for o, i in zip(named_org, their_org.tolist())],
                        people_ids.take(pa.array(person)).to_pylist(),
                        org_ids.take(pa.array(org)).to_pylist()))

    @cached_property
    def _by_organisation(self) -> "sp.csc_matrix":
        """Who works where, by organisation (columns)."""
        return self.employment.tocsc()

    @cached_property
    def _known(self) -> "sp.csr_matrix":
        """Who knows whom, in either direction (ties that hold between people in post)."""
        return (self.ties + self.ties.T).tocsr()

    @cached_property
    def partners(self) -> "sp.csr_matrix":
        """Organisation x organisation, true where two open organisations are partners (the
        organisation projection): their people in post know each other, or they share a
        running partnership, as members themselves or through their teams or people in post."""
        import scipy.sparse as sp

        employment = self.employment.astype(float)
        by_ties = employment.T @ self.ties.astype(float) @ employment
        memberships = (self.memberships["Organisation"].astype(float)
                       + self.team_orgs.T.astype(float) @ self.memberships["Team"].astype(float)
                       + employment.T @ self.memberships["Person"].astype(float))
        memberships.data[:] = 1.0
        linked = (by_ties + by_ties.T + memberships @ memberships.T).tocsr()
        linked = (linked - sp.diags(linked.diagonal())).tocsr()  # no organisation is its own partner
        linked.eliminate_zeros()
        return sp.csr_matrix(linked, dtype=bool)
