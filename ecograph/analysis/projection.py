"""One-mode projections of the ecosystem, read with the queries in ``cypher/projection/``.

The broker analyses run on these undirected graphs:

- **person**: people, linked when they work together (a KNOWS tie), share a team, or are
  members of the same partnership in their own name;
- **team**: teams, linked by their people's ties and by shared partnerships (the team's own
  membership or its people's);
- **organisation**: organisations, linked by their people's ties and by shared partnerships
  (the organisation's own membership, or its teams' or people's).

Every node carries ``name``, ``label``, ``ics``, ``kind`` (organisation kind) and, for people
and teams, ``organisation`` and ``organisation_name``. Every edge carries ``via`` (the set
of reasons: "tie", "team", "partnership"), ``ties`` (number of people ties),
``teams`` and ``partnerships`` (numbers shared), ``weight`` (their plain sum, as drawn on maps),
and ``strength`` and ``distance``, which the weighted broker measures use.

Strength of a link
------------------
A shared team or partnership is a group, and a group of ``n`` members links all
``n (n - 1) / 2`` pairs of them: read as unweighted cliques, one 40-member programme outweighs
every working tie. So each shared group adds ``1 / (n - 1)`` to the link (Newman's collaboration
weighting, Newman 2001, *Phys. Rev. E* 64, 016132): a member's links from one group add up to 1,
however large the group. ``n`` is the group's whole membership at this level (people, teams or
organisations), also when ``--ics`` shows only part of it. Each people tie adds 1 (at the team
and organisation levels, the number of ties between their people), so::

    strength = ties + sum over shared teams and partnerships of 1 / (n - 1)

A tie and a two-person group weigh the same; a shared 11-member partnership weighs a tenth of a
tie. ``distance = 1 / strength`` is the length of the link for shortest paths (weighted
betweenness): a strong link is short. Constraint and effective size use ``strength`` as the tie
weight (Burt's definitions for valued ties).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterator

from ..asof import resolve_as_of
from ..store import GraphStore

if TYPE_CHECKING:  # numpy, scipy, pyarrow and NetworkX load when a projection is read
    import networkx as nx
    import numpy as np
    import pyarrow as pa

    from ._kernels import IndexGraph

LEVELS = ("person", "team", "organisation")
LABELS = {"person": "Person", "team": "Team", "organisation": "Organisation"}
_PLURAL = {"person": "people", "team": "teams", "organisation": "organisations"}
#: what each count of a link is called in ``via``
_VIA = (("ties", "tie"), ("teams", "team"), ("partnerships", "partnership"))


@dataclass
class Projection:
    """A projection as arrays: nodes ``0 .. n-1`` (sorted by id), one row per link.

    ``edges`` holds each link once as ``(i, j)``, ``i < j``, sorted; ``ties``, ``teams``,
    ``partnerships`` and ``strength`` are per link, in the same order (see the module
    documentation). ``nodes`` is the table of node rows (``id`` and the attributes read by
    ``cypher/projection/<level>.cypher``), in node order.
    """

    level: str
    ics: str | None
    nodes: "pa.Table"
    edges: np.ndarray
    ties: np.ndarray
    teams: np.ndarray
    partnerships: np.ndarray
    strength: np.ndarray
    _columns: dict[str, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return self.nodes.num_rows

    @property
    def m(self) -> int:
        return len(self.edges)

    @property
    def label(self) -> str:
        return LABELS[self.level]

    def is_directed(self) -> bool:
        """False: a projection is undirected (as NetworkX graphs say)."""
        return False

    def is_multigraph(self) -> bool:
        return False

    @cached_property
    def ids(self) -> list[str]:
        return self.column("id")

    def column(self, name: str) -> list[Any]:
        """A node attribute as a list in node order (``label`` included; None if not read)."""
        if name not in self._columns:
            if name == "label":
                values: list[Any] = [self.label] * self.n
            elif name in self.nodes.column_names:
                values = self.nodes.column(name).to_pylist()
            else:
                values = [None] * self.n
            self._columns[name] = values
        return self._columns[name]

    def index(self, node_id: str) -> int:
        """The index of a node id (KeyError if it is not in the projection)."""
        import numpy as np

        i = int(np.searchsorted(self._sorted_ids, node_id))
        if i >= self.n or self._sorted_ids[i] != node_id:
            raise KeyError(node_id)
        return i

    @cached_property
    def _sorted_ids(self) -> np.ndarray:
        import numpy as np

        return np.asarray(self.ids, dtype=object)

    def attributes(self, i: int) -> dict[str, Any]:
        """The attributes of node ``i`` (without ``id``), as on :func:`project`'s nodes."""
        out = {"label": self.label}
        out.update({c: self.column(c)[i] for c in self.nodes.column_names if c != "id"})
        return out

    @property
    def weight(self) -> np.ndarray:
        """The plain number of reasons per link (ties + shared teams + shared partnerships)."""
        return self.ties + self.teams + self.partnerships

    def index_graph(self, weight: str | None = None) -> "IndexGraph":
        """The kernels' index graph: no copy of the links; ``weight`` ("strength", "weight",
        "ties", ...) picks the link values kept as strengths (None: unweighted)."""
        import numpy as np

        from ._kernels import IndexGraph

        strength = None
        if weight is not None:
            strength = np.asarray(getattr(self, weight), dtype=float)
        degree = np.bincount(self.edges.ravel(), minlength=self.n).astype(np.int64)
        return IndexGraph(self.ids, self.edges, degree, strength=strength)

    def networkx(self) -> "nx.Graph":
        """The same projection as an undirected ``networkx.Graph`` (see :func:`project`)."""
        import networkx as nx

        graph = nx.Graph(level=self.level, ics=self.ics)
        ids = self.ids
        graph.add_nodes_from((ids[i], self.attributes(i)) for i in range(self.n))
        counts = {name: getattr(self, name).tolist() for name, _ in _VIA}
        strength = self.strength.tolist()
        for k, (i, j) in enumerate(self.edges.tolist()):
            data = {name: counts[name][k] for name, _ in _VIA}
            graph.add_edge(ids[i], ids[j], via={via for name, via in _VIA if data[name]},
                           weight=sum(data.values()), strength=strength[k],
                           distance=1.0 / strength[k], **data)
        return graph


def _column(table: "pa.Table", name: str) -> "pa.ChunkedArray":
    import pyarrow as pa

    return table.column(name) if name in table.column_names else pa.chunked_array([], pa.string())


def _indices(values: "pa.ChunkedArray", ids: "pa.Array") -> np.ndarray:
    """The node index of each value (``-1`` where it is not a node of the projection)."""
    import numpy as np
    import pyarrow.compute as pc

    found = pc.index_in(values, value_set=ids)
    return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _upper(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs as keys ``lo * n + hi`` (self-pairs and unknown nodes dropped) with their values."""
    import numpy as np

    keep = (rows >= 0) & (cols >= 0) & (rows != cols)
    lo, hi = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
    return lo * n + hi, values[keep]


def _unit_ties(a: np.ndarray, b: np.ndarray, people: "pa.Array", units: "pa.Table", unit: str,
               ids: "pa.Array") -> tuple[np.ndarray, np.ndarray]:
    """Pairs of units (teams or organisations) linked by their people's ties (``a[k]`` and
    ``b[k]``: positions in ``people``), as keys ``lo * n + hi`` with the number of ties: a tie
    between ``m`` and ``n`` counts once for each unit ``x`` of ``m`` and ``y`` of ``n`` with
    ``x != y`` (people in two teams link both)."""
    import numpy as np
    import scipy.sparse as sp

    n = len(ids)
    if not len(a) or not units.num_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    where = _indices(units.column(unit), ids)
    who = _indices(units.column("member"), people)
    inside = where >= 0
    M = sp.csr_matrix((np.ones(int(inside.sum())), (who[inside], where[inside])), shape=(len(people), n))
    ones = np.ones(len(a))
    S = sp.csr_matrix((ones, (np.arange(len(a)), a)), shape=(len(a), len(people))) @ M
    T = sp.csr_matrix((ones, (np.arange(len(b)), b)), shape=(len(b), len(people))) @ M
    C = (S.T @ T).tocsr()
    C = sp.triu(C + C.T, k=1).tocoo()  # the unordered pair: ties from x to y and from y to x
    return C.row.astype(np.int64) * n + C.col, np.rint(C.data).astype(np.int64)


def _shared_groups(table: "pa.Table", member: str, group: str, ids: "pa.Array", block_pairs: int = 4_000_000
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of nodes sharing groups: keys, the number of groups each pair shares and the sum
    of ``1 / (size - 1)`` over them, ``size`` counting every member of the group (in the
    projection or not). Sparse products over the node x group incidence: the work grows with
    the pairs found, not with Python objects per pair."""
    import numpy as np
    import pyarrow.compute as pc
    import scipy.sparse as sp

    n = len(ids)
    pairs = table.select([member, group]).group_by([member, group]).aggregate([]) if table.num_rows else table
    if not pairs.num_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    codes = pc.dictionary_encode(pairs.column(group)).combine_chunks()
    g = np.asarray(codes.indices.to_numpy(), dtype=np.int64)
    size = np.bincount(g, minlength=len(codes.dictionary)).astype(float)
    share = np.divide(1.0, size - 1, out=np.zeros_like(size), where=size > 1)
    who = _indices(pairs.column(member), ids)
    inside = who >= 0
    B = sp.csr_matrix((np.ones(int(inside.sum())), (who[inside], g[inside])), shape=(n, len(size)))
    # One product gives both: each group weighs 1 + i/(n - 1), so a pair's real part counts its
    # shared groups and its imaginary part sums their shares (B holds ones: the sums are exact).
    # A block of rows at a time, keeping the pairs above the diagonal: the whole symmetric
    # product would hold every pair twice, as complex numbers, at once.
    weighted = (B @ sp.diags(1.0 + 1j * share)).tocsr()
    others = B.T.astype(complex).tocsr()
    work = np.asarray(B @ size).ravel()  # at most this many pairs from each row
    cumulative = np.cumsum(work)
    keys, counts, shares = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
    start = 0
    while start < n:
        done = cumulative[start - 1] if start else 0.0
        stop = max(start + 1, int(np.searchsorted(cumulative, done + block_pairs, side="right")))
        part = (weighted[start:stop] @ others).tocoo()
        row = part.row.astype(np.int64) + start
        above = part.col > row
        keys.append(row[above] * n + part.col[above])
        counts.append(np.rint(part.data.real[above]).astype(np.int64))
        shares.append(np.ascontiguousarray(part.data.imag[above]))
        start = stop
    return np.concatenate(keys), np.concatenate(counts), np.concatenate(shares)


_SHARED_TABLES: "ContextVar[dict[tuple, Any] | None]" = ContextVar("ecograph_projection_tables", default=None)


@contextmanager
def tables_shared() -> Iterator[None]:
    """Within this block, the whole-store tables of the projections (ties, who works where, group
    memberships) are read once per store, query and date and shared by every projection read:
    for a job that reads one ICS's projection after another (the ICS maps of ``ecograph map``
    on a national store), which would otherwise read the whole store's ties for each."""
    token = _SHARED_TABLES.set({})
    try:
        yield
    finally:
        _SHARED_TABLES.reset(token)


def _whole_table(store: GraphStore, query: str, params: dict[str, Any], any_order: bool = False) -> "pa.Table":
    """``query``'s table, read once within :func:`tables_shared` (:func:`shared_value`)."""
    return shared_value(store, (query, tuple(sorted(params.items()))),
                        lambda: store.read_table(query, params, any_order=any_order))


def tie_ends(store: GraphStore, as_of: str, people: "pa.Array") -> tuple[np.ndarray, np.ndarray]:
    """The ties between people (one per stored ``KNOWS``) that hold on ``as_of`` (a resolved
    YYYY-MM-DD date: begun by then, not ended before) between two of ``people`` (ids), as
    their positions in ``people``, in the stored direction and in no particular order.

    Every tie is read without its dates (``projection/person_ties``; read whole once within
    :func:`tables_shared`); only when some tie starts after the date or ends before it
    (``projection/person_tie_dates``) are those ties read apart (``person_ties_off``) and
    taken away, one stored tie for each (a pair tied twice keeps the tie that holds)."""
    import numpy as np

    def ends(table: "pa.Table") -> tuple[np.ndarray, np.ndarray]:
        import pyarrow as pa

        columns = [_column(table, "source").cast(pa.string()), _column(table, "target").cast(pa.string())]
        both = _indices(pa.chunked_array(columns[0].chunks + columns[1].chunks, pa.string()), people)  # one hash
        a, b = both[:len(columns[0])], both[len(columns[0]):]
        keep = (a >= 0) & (b >= 0)
        return a[keep], b[keep]

    a, b = ends(_whole_table(store, "projection/person_ties", {}, any_order=True))
    dates = store.read_rows("projection/person_tie_dates")
    latest_start, earliest_end = (dates[0]["latest_start"], dates[0]["earliest_end"]) if dates else (None, None)
    if (latest_start or "") <= as_of and (earliest_end in (None, "") or earliest_end >= as_of):
        return a, b  # every tie holds that day
    off_a, off_b = ends(store.read_table("projection/person_ties_off", {"as_of": as_of}))
    n = max(len(people), 1)
    key = a * n + b
    off, count_off = np.unique(off_a * n + off_b, return_counts=True)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    occurrence = np.arange(len(ordered)) - np.searchsorted(ordered, ordered, "left")  # 0, 1, ... per pair
    at = np.minimum(np.searchsorted(off, ordered), max(len(off) - 1, 0))
    gone = (off[at] == ordered) & (occurrence < count_off[at]) if len(off) else np.zeros(len(ordered), bool)
    keep = np.ones(len(key), dtype=bool)
    keep[order[gone]] = False
    return a[keep], b[keep]


def shared_value(store: GraphStore, name: Hashable, read: "Callable[[], Any]") -> Any:
    """``read()``, kept under ``name`` for ``store`` within :func:`tables_shared` (read once for
    the block: what each ICS map of a national store reads whole, say); outside, read each time."""
    cache = _SHARED_TABLES.get()
    if cache is None:
        return read()
    key = (id(store), name)
    if key not in cache:
        cache[key] = read()
    return cache[key]


def read_projection(store: GraphStore, level: str = "person", ics: str | None = None,
                    as_of: str | None = None, *, release: bool = False) -> Projection:
    """The projection at ``level`` ("person", "team" or "organisation") as arrays.

    With ``ics``, only the nodes of that ICS and the links among them (a group's size still
    counts all its members). ``as_of`` (YYYY-MM-DD or DD/MM/YYYY; None: today) gives the
    ecosystem as it stood that day (:mod:`ecograph.asof`): only people in post, teams and
    organisations of open organisations, ties that hold, and partnerships running that day with
    their present members. See :class:`Projection`.

    ``release=True`` lets the store drop its read caches (:meth:`GraphStore.release_memory`)
    once the tables are read, before they become arrays: for a caller that reads nothing else.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    dated = {"as_of": resolve_as_of(as_of)}
    if level == "person":
        groups = [("teams", "person_teams", "team"), ("partnerships", "person_memberships", "partnership")]
    else:
        groups = [("partnerships", f"{level}_memberships", "partnership")]
    # the tables are small (~30 MB at 100,000 people); the store's page buffers are not
    nodes = store.read_table(f"projection/{_PLURAL[level]}", {"ics": ics, **dated})
    # teams and organisations are linked by their people's ties, counted here from the person
    # ties and who works where: one query over the undirected pattern (person)-[KNOWS]-(person)
    # with the dates of both ends lost rows on LadybugDB 0.22 (a past --as-of missed links)
    units = _whole_table(store, f"projection/person_{_PLURAL[level]}", dated) if level != "person" else None
    group_tables = {name: _whole_table(store, f"projection/{query}", dated) for name, query, _ in groups}
    if nodes.num_rows:
        nodes = nodes.take(pc.sort_indices(nodes, [("id", "ascending")]))
        ids = nodes.column("id").combine_chunks()
        # a node read twice (several rows) keeps its last row, as adding it twice would
        last = np.ones(len(ids), dtype=bool)
        id_list = ids.to_pylist()
        last[:-1] = [a != b for a, b in zip(id_list[:-1], id_list[1:])]
        if not last.all():
            nodes = nodes.filter(last)
            ids = nodes.column("id").combine_chunks()
    else:
        ids = pa.array([], pa.string())
    n = len(ids)
    # the ties between the nodes (people), or between the people of the units
    people = ids if units is None else (
        pc.unique(units.column("member").combine_chunks()) if units.num_rows else pa.array([], pa.string()))
    tie_a, tie_b = tie_ends(store, dated["as_of"], people)
    if release:
        store.release_memory()
    if units is None:
        keys, counts = _upper(tie_a, tie_b, np.ones(len(tie_a), dtype=np.int64), n)
    else:
        keys, counts = _unit_ties(tie_a, tie_b, people, units, LABELS[level].lower(), ids)
    del tie_a, tie_b, units
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {"ties": (keys, counts, counts.astype(float))}
    for name, _, group in groups:
        parts[name] = _shared_groups(group_tables.pop(name), "member", group, ids)
    every = np.concatenate([k for k, _, _ in parts.values()])
    unique, where = np.unique(every, return_inverse=True)
    found: dict[str, np.ndarray] = {}
    strength = np.zeros(len(unique))
    start = 0
    for name, (k, c, s) in parts.items():
        slot = where[start:start + len(k)]
        start += len(k)
        found[name] = np.bincount(slot, weights=c, minlength=len(unique)).astype(np.int64)
        strength += np.bincount(slot, weights=s, minlength=len(unique))
    edges = np.column_stack((unique // max(n, 1), unique % max(n, 1))).astype(np.int64)
    zero = np.zeros(len(unique), dtype=np.int64)
    del every, unique, where, parts
    if release:
        _return_free_memory()
    return Projection(level, ics, nodes, edges, found["ties"], found.get("teams", zero),
                      found.get("partnerships", zero), strength)


def cut_projection(whole: Projection, keep: "np.ndarray", ics: str | None = None) -> Projection:
    """The projection on the nodes of ``whole`` where ``keep`` (a boolean mask in node order) and
    the links among them, in the same order, with the same counts and strengths: for a group the
    size counts all its members, in the cut or not, as :func:`read_projection` counts it with
    ``ics``. ``ics`` names the cut (the ICS it is of; None: as ``whole``)."""
    import numpy as np
    import pyarrow as pa

    keep = np.asarray(keep, dtype=bool)
    new = np.cumsum(keep) - 1  # the new index of each kept node (increasing: links stay sorted)
    both = keep[whole.edges[:, 0]] & keep[whole.edges[:, 1]] if whole.m else np.zeros(0, dtype=bool)
    edges = new[whole.edges[both]].reshape(-1, 2).astype(np.int64)
    nodes = whole.nodes.filter(pa.array(keep)) if whole.n else whole.nodes
    return Projection(whole.level, ics if ics is not None else whole.ics, nodes, edges, whole.ties[both],
                      whole.teams[both], whole.partnerships[both], whole.strength[both])


def ics_projection(whole: Projection, ics: str) -> Projection:
    """The projection of one ICS cut from the whole store's (:func:`cut_projection`): its nodes
    and the links among them, as ``read_projection(store, level, ics)`` reads them."""
    import numpy as np
    import pyarrow.compute as pc

    if not whole.n:
        return cut_projection(whole, np.zeros(0, dtype=bool), ics)
    same = pc.fill_null(pc.equal(whole.nodes.column("ics"), ics), False)
    return cut_projection(whole, np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool), ics)


def read_ics_projection(store: GraphStore, level: str, ics: str | None, as_of: str | None = None) -> Projection:
    """``read_projection(store, level, ics, as_of)``; within :func:`tables_shared`, cut from the
    whole store's projection, read once per store, level and date: for a job that reads the
    projection of one ICS after another (the ICS maps of a national store), each costs its cut."""
    if ics is None or _SHARED_TABLES.get() is None:
        return read_projection(store, level, ics, as_of)
    whole = shared_value(store, f"projection {level} as of {resolve_as_of(as_of)}",
                         lambda: read_projection(store, level, None, as_of))
    return ics_projection(whole, ics)


def _return_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    The sparse products and sorts above free more than they keep (~150 MB at 100,000 people),
    but the C heap keeps it, and a thread that ranks next (KADABRA) allocates from its own heap:
    without this the freed memory still counts in the process's peak."""
    import ctypes
    import ctypes.util

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def project(store: GraphStore, level: str = "person", ics: str | None = None,
            as_of: str | None = None) -> nx.Graph:
    """The undirected projection at ``level`` ("person", "team" or "organisation").

    With ``ics``, only the nodes of that ICS and the links among them; ``as_of`` as for
    :func:`read_projection`. The same graph as
    :func:`read_projection`, as a ``networkx.Graph``: for small graphs and for callers that
    need NetworkX; the broker ranking takes the :class:`Projection` itself.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
    ...     project(store, "organisation").number_of_nodes()
    0
    """
    return read_projection(store, level, ics, as_of).networkx()
