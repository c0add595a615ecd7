"""Neo4j through the official driver, for a shared, multi-user or national graph."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from .. import queries
from ..errors import QueryError, ReadOnlyError, StoreUnavailable
from .base import GraphStore, Row, Transaction


def plain(value: Any) -> Any:
    """Driver values as plain Python, in the same shape as the LadybugDB store gives."""
    if isinstance(value, Node):
        out = {k: plain(v) for k, v in value.items()}
        out["_label"] = next(iter(value.labels), "")
        return out
    if isinstance(value, Relationship):
        out = {k: plain(v) for k, v in value.items()}
        out["_type"] = value.type
        return out
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


class _BufferedTransaction(Transaction):
    """Collects statements; the store runs them all in one managed write transaction.

    The driver's managed transactions retry on transient errors, so the work is given as a
    function; every write ecograph does is a MERGE, so a retry is safe.
    """

    def __init__(self) -> None:
        self.statements: list[tuple[str, dict[str, Any]]] = []

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        self.statements.append((cypher, params or {}))
        return []


class Neo4jStore(GraphStore):
    """A Neo4j database reached with the official ``neo4j`` driver (bolt, neo4j, neo4j+s)."""

    engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None,
                 read_only: bool = False):
        self.uri, self.database, self.read_only = uri, database, read_only
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self._driver.verify_connectivity()
        except neo4j_errors.AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials of user {user!r}: check NEO4J_USERNAME "
                "and NEO4J_PASSWORD") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.ConfigurationError,
                ValueError, OSError) as exc:
            raise StoreUnavailable(f"Cannot reach Neo4j at {uri}: {type(exc).__name__}") from None
        except neo4j_errors.Neo4jError as exc:
            raise StoreUnavailable(f"Neo4j at {uri} refused the connection: {exc.code}") from None

    def _session(self, read: bool) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def ensure_schema(self) -> None:
        with self._session(read=False) as session:
            for statement in queries.statements("neo4j/constraints"):
                session.run(statement).consume()

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
            allow_extensions: bool = False) -> list[Row]:  # Neo4j loads no extensions from a query
        if write and self.read_only:
            raise ReadOnlyError("The store was opened read-only")

        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            result = tx.run(cypher, params or {})
            return [{k: plain(v) for k, v in record.items()} for record in result]

        try:
            with self._session(read=not write) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except neo4j_errors.ClientError as exc:
            if "AccessMode" in (exc.code or "") or "write" in (exc.message or "").lower() and not write:
                raise ReadOnlyError("The query tries to change the store; it ran read-only") from None
            raise QueryError(f"Neo4j: {exc.message}") from None
        except neo4j_errors.ServiceUnavailable:
            raise StoreUnavailable(f"Lost the connection to Neo4j at {self.uri}") from None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        buffered = _BufferedTransaction()
        yield buffered

        def work(tx: neo4j.ManagedTransaction) -> None:
            for cypher, params in buffered.statements:
                tx.run(cypher, params).consume()

        try:
            with self._session(read=False) as session:
                session.execute_write(work)
        except neo4j_errors.ClientError as exc:
            raise QueryError(f"Neo4j: {exc.message}") from None
        except neo4j_errors.ServiceUnavailable:
            raise StoreUnavailable(f"Lost the connection to Neo4j at {self.uri}") from None

    def close(self) -> None:
        self._driver.close()

    def describe(self) -> str:
        return f"Neo4j at {self.uri}" + (f" (database {self.database})" if self.database else "")
