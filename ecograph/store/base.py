"""The abstract store: run a named or literal Cypher statement, in a transaction when writing."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Callable

from .. import queries

if TYPE_CHECKING:
    import pyarrow

Row = dict[str, Any]


class Transaction(ABC):
    """A write transaction: everything run in it commits together or not at all."""

    #: The store's write version once this transaction commits (see :meth:`GraphStore.write_version`):
    #: what a fingerprint written in the transaction is stamped with.
    version: int = 0

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run one statement inside the transaction."""

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.run(queries.load(name), params)

    def write_rows(self, name: str, rows: list[Row], batch: int = 10_000,
                   progress: Callable[[int], object] | None = None) -> None:
        """Run the write query ``cypher/write/<name>`` over ``rows`` in ``UNWIND $rows`` batches."""
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            self.run_named(f"write/{name}", {"rows": chunk})
            if progress:
                progress(len(chunk))

    def create_rows(self, name: str, rows: "list[Row] | pyarrow.Table", columns: dict[str, str],
                    progress: Callable[[int], object] | None = None) -> None:
        """Write rows known to be new. Engines with a bulk loader override this.

        ``name`` is the stem shared by ``write/<name>`` and ``ladybug/copy_<name>``;
        ``columns`` maps each column, in table order, to "text" or "flag". ``rows`` may be
        an Arrow table with those columns.
        """
        if not isinstance(rows, list):  # an Arrow table
            rows = rows.select(list(columns)).to_pylist()
        self.write_rows(name, rows, progress=progress)


class GraphStore(ABC):
    """A graph database that speaks the Cypher in ``cypher/``."""

    #: "ladybug" or "neo4j": picks engine-specific files (schema DDL).
    engine: str = ""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables or constraints that do not exist yet."""

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
            allow_extensions: bool = False) -> list[Row]:
        """Run one statement and return its rows as dicts, values as plain Python.

        Nodes come back as dicts of their properties plus ``_label``; relationships as
        dicts of their properties plus ``_type``. With ``write=False`` a statement that
        does more than read the graph (changes the store, reads or writes a file, loads an
        extension, changes a setting) raises :class:`~ecograph.errors.ReadOnlyError` before
        anything runs. Installing or loading an engine extension (native code) raises
        :class:`~ecograph.errors.ExtensionRefused` unless ``write`` and ``allow_extensions``.
        """

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run the read query ``cypher/<name>.cypher``."""
        return self.run(queries.load(name), params)

    def read_rows(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Like :meth:`run_named` for queries returning plain values; engines may read faster."""
        return self.run_named(name, params)

    def read_table(self, name: str, params: dict[str, Any] | None = None, *,
                   any_order: bool = False) -> "pyarrow.Table":
        """The rows of :meth:`read_rows` as an Arrow table (engines that can, without Python rows).

        With no rows the table may have no columns: callers look columns up by name.
        ``any_order``: the caller takes the rows in any order and the query returns no nulls
        (ids): an engine may then export them faster (LadybugDB, for a query without parameters)."""
        import pyarrow as pa

        return pa.Table.from_pylist(self.read_rows(name, params))

    def write_version(self) -> int:
        """How many writes the store has counted (0 for a store that predates the counter).

        Every write through ecograph (an ingest, ``import-ods``, ``query --write``, a schema
        change) adds one in the same commit, so a fingerprint stamped with an older version
        says something else wrote to the store since.
        """
        from ..errors import QueryError
        try:
            rows = self.run_named("meta/version")
        except QueryError:  # a store from before the counter, opened read-only: no table yet
            return 0
        return int(rows[0]["version"]) if rows else 0

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write transaction; it rolls back if the block raises."""

    @abstractmethod
    def close(self) -> None: ...

    def release_memory(self) -> None:
        """Let go of what the engine caches for reading (its page buffers), when a caller has
        read all it needs and goes on computing. The store stays usable: a later read opens it
        again, and may then see a newer committed version. Nothing to do by default."""

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for messages (no secrets)."""

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
