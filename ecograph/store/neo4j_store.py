"""Neo4j through the official driver, for a shared, multi-user or national graph.

Also any server that speaks Bolt and openCypher (the test suite runs on ArcadeDB's Bolt plugin).
Nothing here trusts the server to enforce what ecograph promises:

* read-only: a statement runs without ``write`` only when the server itself classifies it as
  a read (``summary.query_type == "r"``), and always inside a read transaction that is rolled
  back, so a write that gets through anyway is undone (see :meth:`Neo4jStore.run`);
* all or nothing: an ingest is one explicit transaction, committed only at the end;
* secrets: the URI is shown with its user-info redacted, and driver error texts (which may
  quote the URI) are never shown.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from .. import queries
from ..errors import QueryError, ReadOnlyError, ServerUnavailable
from . import credentials_from_uri, describe_neo4j, redact_uri
from .base import GraphStore, Row, Transaction

#: URI schemes of the Bolt protocol; the driver's preview HTTP support is not used.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: ``summary.query_type`` of a statement that only reads ("w" write, "rw" both, "s" schema).
READ_ONLY_TYPE = "r"

DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"


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


def _first_line(message: str | None) -> str:
    """A server message fit for a one-line error (syntax errors quote the query over lines)."""
    return (message or "").strip().split("\n", 1)[0]


def _rows(result: neo4j.Result) -> list[Row]:
    return [{k: plain(v) for k, v in record.items()} for record in result]


class _DriverTransaction(Transaction):
    """Statements sent as they come inside one explicit transaction, committed by the store at
    the end of the block: a failure (or Ctrl-C) before the commit rolls back on the server."""

    def __init__(self, tx: neo4j.Transaction) -> None:
        self._tx = tx

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return _rows(self._tx.run(cypher, params or {}))


class Neo4jStore(GraphStore):
    """A Neo4j database reached with the official ``neo4j`` driver (bolt, neo4j, neo4j+s).

    A user and password written into the URI (``bolt://user:password@host``) win over ``user``
    and ``password``; the driver gets the URI without them, messages show it redacted.
    """

    engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None,
                 read_only: bool = False):
        plain_uri, uri_user, uri_password = credentials_from_uri(uri)
        user, password = uri_user or user, password if uri_password is None else uri_password
        self.uri, self.user, self.database, self.read_only = uri, user, database, read_only
        #: Whether the server classifies a statement through ``EXPLAIN`` (None: not asked yet).
        self._explain_classifies: bool | None = None
        scheme = plain_uri.partition("://")[0].lower() if "://" in plain_uri else ""
        if scheme not in BOLT_SCHEMES:
            raise ServerUnavailable(
                f"{redact_uri(uri)} is not a Neo4j Bolt URI",
                "Use bolt://HOST:7687, neo4j://HOST:7687 or neo4j+s://HOST (Aura) in --neo4j-uri or "
                "NEO4J_URI; ecograph talks to Neo4j over Bolt, not HTTP.")
        self._driver: neo4j.Driver | None = None
        with self._translated():
            self._driver = neo4j.GraphDatabase.driver(plain_uri, auth=(user, password))
            try:
                self._driver.verify_connectivity()
                # verify_connectivity does not open the database: a wrong NEO4J_DATABASE shows here.
                with self._session(read=True) as session:
                    session.run("RETURN 1").consume()
            except BaseException:
                self._driver.close()
                raise

    def describe(self) -> str:
        return describe_neo4j(self.uri, self.database)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Driver and server errors as ecograph's, each with its next step.

        Driver error texts can quote the URI (and so a password typed into it): only the
        server's own messages are passed on.
        """
        where = self.describe()
        try:
            yield
        except neo4j_errors.AuthError:
            raise ServerUnavailable(
                f"{where} refused the credentials of user {self.user!r}",
                "Check NEO4J_USERNAME and NEO4J_PASSWORD (or the user:password written in the URI).") from None
        except neo4j_errors.ClientError as exc:
            if exc.code == DATABASE_NOT_FOUND:
                raise ServerUnavailable(
                    f"{where}: there is no database {self.database!r}",
                    "Set NEO4J_DATABASE to a database the server has (or unset it for the server's "
                    "default), or create that database first.") from None
            if exc.code == ACCESS_MODE:
                raise ReadOnlyError("The query tries to change the store; it ran read-only") from None
            raise QueryError(f"Neo4j: {_first_line(exc.message)}") from None
        except neo4j_errors.IncompleteCommit:
            raise ServerUnavailable(
                f"Lost the connection to {where} while it committed: the write may or may not have "
                "been applied",
                "Run `ecograph stats` to see the state; re-running the same ingest completes it "
                "(an ingest writes only what differs).") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise ServerUnavailable(
                f"Cannot reach {where} ({type(exc).__name__}); nothing was written",
                "Check that the server is running and that the host and port are right.") from None
        except neo4j_errors.TransientError as exc:
            if "MemoryPoolOutOfMemoryError" in (exc.code or ""):
                raise QueryError(
                    "The write is larger than one transaction may be on this server "
                    f"({exc.code}); nothing was written. Raise the server's transaction memory "
                    "(dbms.memory.transaction.total.max, db.memory.transaction.max) or ingest the "
                    "files in parts: each part is all or nothing") from None
            raise QueryError(f"Neo4j could not finish now ({exc.code}); nothing was written. "
                             "Run the command again") from None
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(f"Neo4j: {exc.code}: {_first_line(exc.message)}") from None
        except (neo4j_errors.DriverError, ValueError, OSError, ImportError) as exc:
            raise ServerUnavailable(
                f"Cannot use {where} ({type(exc).__name__})",
                "Check the URI in --neo4j-uri or NEO4J_URI, e.g. bolt://localhost:7687.") from None

    def _session(self, read: bool) -> neo4j.Session:
        assert self._driver is not None
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def ensure_schema(self) -> None:
        with self._translated(), self._session(read=False) as session:
            for statement in queries.statements("neo4j/constraints"):
                session.run(statement).consume()

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
            allow_extensions: bool = False) -> list[Row]:  # Neo4j loads no extensions from a query
        """Run one statement; without ``write``, only a statement the server classifies as a read.

        A read is checked twice by the server's own classification: before it runs, from
        ``EXPLAIN``'s ``query_type`` (on servers whose ``EXPLAIN`` reports one, as Neo4j's does),
        and after, from the run's own summary. It runs in a read transaction that is always
        rolled back, so what the server let through is undone. ArcadeDB reports every
        ``EXPLAIN`` as a write and ignores the access mode; there the server's parser first
        refuses what a rollback could not undo (:meth:`_parse_as_subquery`), then the second
        check and the rollback do the work.
        """
        if write and self.read_only:
            raise ReadOnlyError("The store was opened read-only")
        params = params or {}
        with self._translated():
            if write:
                with self._session(read=False) as session:
                    # Counted first, in its own transaction (a schema statement cannot share one):
                    # a failed write then leaves an extra count, never a stale fingerprint valid.
                    session.execute_write(lambda tx: tx.run(queries.load("meta/bump_version")).consume())
                    return session.execute_write(lambda tx: _rows(tx.run(cypher, params)))
            return self._read(cypher, params)

    def _read(self, cypher: str, params: dict[str, Any]) -> list[Row]:
        with self._session(read=True) as session:
            tx = session.begin_transaction()
            try:
                if self._explains(tx):
                    self._refuse_unless_read(tx.run("EXPLAIN " + cypher, params).consume().query_type,
                                             "it was not run")
                else:
                    self._parse_as_subquery(tx, cypher, params)
                result = tx.run(cypher, params)
                rows = _rows(result)
                self._refuse_unless_read(result.consume().query_type, "it was rolled back")
                return rows
            finally:
                tx.close()  # never committed: a read has nothing to commit, anything else is undone

    def _explains(self, tx: neo4j.Transaction) -> bool:
        """Whether ``EXPLAIN`` classifies statements on this server: it must call a plain
        ``RETURN 1`` a read (Neo4j does; ArcadeDB calls every ``EXPLAIN`` a write)."""
        if self._explain_classifies is None:
            self._explain_classifies = tx.run("EXPLAIN RETURN 1").consume().query_type == READ_ONLY_TYPE
        return self._explain_classifies

    @staticmethod
    def _parse_as_subquery(tx: neo4j.Transaction, cypher: str, params: dict[str, Any]) -> None:
        """On a server that classifies only after running (ArcadeDB), let its parser refuse what
        no rollback could undo. Inside ``CALL { }`` a statement can only be made of clauses, so
        schema and administration statements (which ArcadeDB applies at once, outside the
        transaction, even under ``EXPLAIN``) and a second statement after ``;`` are syntax
        errors there; and ``EXPLAIN`` plans the clauses without running them."""
        try:
            tx.run(f"EXPLAIN CALL {{\n{cypher}\n}} RETURN *", params).consume()
        except neo4j_errors.CypherSyntaxError as exc:
            raise ReadOnlyError(
                "This server can classify a query only by running it, so without --write only a "
                "query that returns its results runs (RETURN x AS name; a procedure as CALL p() "
                f"YIELD x RETURN x); its parser rejected this one ({_first_line(exc.message)}); "
                "it was not run") from None

    @staticmethod
    def _refuse_unless_read(query_type: str | None, outcome: str) -> None:
        if query_type != READ_ONLY_TYPE:
            kind = {"w": "a write", "rw": "a read and write", "s": "a schema change"}.get(
                query_type or "", f"of unknown kind ({query_type!r})")
            raise ReadOnlyError(f"The server classifies the query as {kind}; {outcome}")

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        if self.read_only:
            raise ReadOnlyError("The store was opened read-only")
        with self._translated(), self._session(read=False) as session:
            tx = session.begin_transaction()
            try:
                wrapper = _DriverTransaction(tx)
                wrapper.version = int(_rows(tx.run(queries.load("meta/bump_version")))[0]["version"])
                yield wrapper
                tx.commit()
            finally:
                tx.close()  # rolls back unless committed

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
