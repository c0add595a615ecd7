"""The embedded default: LadybugDB (formerly Kuzu), a folder on disk, no server."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import ladybug

from .. import queries
from ..errors import QueryError, ReadOnlyError, StoreUnavailable
from .base import GraphStore, Row, Transaction

_INTERNAL = {"_ID", "_SRC", "_DST"}


def plain(value: Any) -> Any:
    """LadybugDB values as plain Python: nodes and relationships become property dicts."""
    if isinstance(value, dict):
        if "_NODES" in value:  # a path
            return {"nodes": [plain(n) for n in value["_NODES"]],
                    "relationships": [plain(r) for r in value["_RELS"]]}
        if "_LABEL" in value:
            kind = "_type" if "_SRC" in value else "_label"
            out = {k: plain(v) for k, v in value.items() if k not in _INTERNAL and k != "_LABEL"}
            out[kind] = value["_LABEL"]
            return out
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


#: Below this many new rows, UNWIND … MERGE is fast enough and COPY's fixed cost is not worth it.
COPY_THRESHOLD = 2_000


class _LadybugTransaction(Transaction):
    def __init__(self, store: "LadybugStore"):
        self.store = store

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.store._execute(cypher, params)

    def create_rows(self, name: str, rows: list[Row], columns: dict[str, str],
                    progress: Callable[[int], object] | None = None) -> None:
        """New rows in bulk with COPY from an Arrow table (~100x faster than MERGE)."""
        if len(rows) < COPY_THRESHOLD:
            return super().create_rows(name, rows, columns, progress)
        import pyarrow as pa
        types = {"flag": pa.bool_(), "text": pa.string()}
        table = pa.table({c: pa.array([r.get(c) for r in rows], type=types[t]) for c, t in columns.items()})
        self.run_named(f"ladybug/copy_{name}", {"rows": table})
        if progress:
            progress(len(rows))


#: The database file inside the store folder (LadybugDB keeps a file and its write-ahead log).
DATABASE_FILE = "graph.lbug"


class LadybugStore(GraphStore):
    """A LadybugDB database in a folder, created with its schema on first use."""

    engine = "ladybug"

    def __init__(self, path: Path, read_only: bool = False, create: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        database = self.path / DATABASE_FILE
        if self.path.exists() and not self.path.is_dir():
            raise StoreUnavailable(f"{self.path.resolve()} is a file, not a store folder")
        if not database.exists() and (read_only or not create):
            raise StoreUnavailable(
                f"No store at {self.path.resolve()}",
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(str(database), read_only=read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreUnavailable(
                    f"The store at {self.path.resolve()} is in use by another ecograph process") from exc
            raise StoreUnavailable(f"Cannot open the store at {self.path.resolve()}: {text}") from exc

    def ensure_schema(self) -> None:
        for statement in queries.statements("ladybug/schema"):
            self._conn.execute(statement)

    def _execute(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            text = str(exc)
            if "read-only" in text.lower() or "read only" in text.lower():
                raise ReadOnlyError("The query tries to change the store, which is open read-only") from exc
            raise QueryError(f"LadybugDB: {text}") from exc
        if isinstance(result, list):  # several statements: keep the last one's rows
            result = result[-1]
        columns = result.get_column_names()
        return [dict(zip(columns, (plain(v) for v in row))) for row in result.get_all()]

    def read_rows(self, name: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Plain-valued results through Arrow: several times faster than row by row."""
        try:
            result = self._conn.execute(queries.load(name), params or {})
        except RuntimeError as exc:
            raise QueryError(f"LadybugDB: {exc}") from exc
        return result.get_as_arrow().to_pylist()

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
            allow_extensions: bool = False) -> list[Row]:
        if write and self.read_only:
            raise ReadOnlyError("The store was opened read-only")
        from .statement_guard import checked_statements, ladybug_explainer
        rows: list[Row] = []
        for statement in checked_statements(cypher, ladybug_explainer(self._conn, params), write=write,
                                             allow_extensions=allow_extensions):
            rows = self._execute(statement, params)  # several statements: keep the last one's rows
        return rows

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            yield _LadybugTransaction(self)
        except BaseException:
            try:
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # a failed statement already rolled the transaction back
            raise
        self._conn.execute("COMMIT")

    @property
    def connection(self) -> "ladybug.Connection":
        """The raw connection, for bulk loading with COPY."""
        return self._conn

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def describe(self) -> str:
        return f"embedded store at {self.path.resolve()}"
