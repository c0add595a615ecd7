"""The abstract store: run a named or literal Cypher statement, in a transaction when writing."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any

from .. import queries

Row = dict[str, Any]


class Transaction(ABC):
    """A write transaction: everything run in it commits together or not at all."""

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run one statement inside the transaction."""

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.run(queries.load(name), params)


class GraphStore(ABC):
    """A graph database that speaks the Cypher in ``cypher/``."""

    #: "ladybug" or "neo4j": picks engine-specific files (schema DDL).
    engine: str = ""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables or constraints that do not exist yet."""

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[Row]:
        """Run one statement and return its rows as dicts, values as plain Python.

        Nodes come back as dicts of their properties plus ``_label``; relationships as
        dicts of their properties plus ``_type``. With ``write=False`` a statement that
        tries to change the store raises :class:`~ecograph.errors.ReadOnlyError`.
        """

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run the read query ``cypher/<name>.cypher``."""
        return self.run(queries.load(name), params)

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write transaction; it rolls back if the block raises."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for messages (no secrets)."""

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
