"""The embedded default: LadybugDB (formerly Kuzu), a folder on disk, no server."""

from __future__ import annotations

import json
import re
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import ladybug

if TYPE_CHECKING:
    import pyarrow

from .. import queries
from ..errors import (QueryError, ReadOnlyError, StoreBusy, StoreDamaged, StoreMissing, StoreUnavailable,
                      StoreVersionMismatch, WriteInterrupted)
from .base import GraphStore, Row, Transaction
from .files import WriterLock, check_store_path, fsync, replace_durably, write_failure
from .interrupts import Interrupted, WriteGuard

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

    def create_rows(self, name: str, rows: "list[Row] | pyarrow.Table", columns: dict[str, str],
                    progress: Callable[[int], object] | None = None) -> None:
        """New rows in bulk with COPY from an Arrow table (~100x faster than MERGE)."""
        if len(rows) < COPY_THRESHOLD:
            return super().create_rows(name, rows, columns, progress)
        import pyarrow as pa
        types = {"flag": pa.bool_(), "text": pa.string()}
        if isinstance(rows, pa.Table):
            table = pa.table({c: rows[c].cast(types[t]) for c, t in columns.items()})
        else:
            table = pa.table({c: pa.array([r.get(c) for r in rows], type=types[t]) for c, t in columns.items()})
        self.run_named(f"ladybug/copy_{name}", {"rows": table})
        if progress:
            progress(len(rows))


#: The database file inside the store folder. LadybugDB keeps beside it ``graph.lbug.wal`` (its
#: write-ahead log, gone after a clean close) and, during a checkpoint, ``graph.lbug.shadow``.
DATABASE_FILE = "graph.lbug"
#: Where a write builds the next version of the database; a killed write leaves it behind and the
#: next writer removes it. It is inside the store folder so the final rename stays on one disk.
STAGING_FOLDER = ".staging"
#: Which ecograph and LadybugDB last wrote the store, for the message when a version cannot read it.
INFO_FILE = "store-info.json"
_SIDE_FILES = (".wal", ".shadow")


def _ecograph_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("ecograph")
    except PackageNotFoundError:
        return "unknown"


class LadybugStore(GraphStore):
    """A LadybugDB database in a folder; a new one appears, with its schema, at its first commit.

    Every write is staged: the database file is copied inside the store folder, the write runs
    and is checkpointed on the copy, and the copy is renamed over the live file. A kill, a full
    disk or a failed statement at any moment leaves the live file as it was; the rename is the
    commit. Readers never block on a writer and see the old or the new database, nothing between.
    """

    engine = "ladybug"

    def __init__(self, path: Path, read_only: bool = False, create: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        self.database = self.path / DATABASE_FILE
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        self._lock: WriterLock | None = None
        #: A new store lives in the staging folder until its first commit renames it into place.
        self._new = False
        check_store_path(self.path)
        if not self._has_database() and (read_only or not create):
            raise self._missing()
        try:
            if not read_only:
                self._lock = WriterLock(self.path).acquire()
                shutil.rmtree(self.path / STAGING_FOLDER, ignore_errors=True)  # a killed write's leftovers
            if self._has_database():
                self._connection()
                if read_only and not self._tables():
                    raise StoreMissing(f"The store at {self.path.resolve()} holds no ecograph data")
                if read_only and (missing := self._missing_columns()):
                    names = ", ".join(f"{table}.{column}" for table, column, _ in missing[:6])
                    raise StoreVersionMismatch(
                        f"The store at {self.path.resolve()} was made by an older ecograph: it lacks "
                        f"{len(missing)} newer column(s) ({names}{', ...' if len(missing) > 6 else ''})",
                        hint=f"Bring it up to date once (your data is kept; the new columns start empty): "
                             f"ecograph upgrade-store --store {self.path}")
        except BaseException:
            self.close()  # the lock and the database, whichever was taken
            raise

    # -- opening -----------------------------------------------------------------------------

    def _has_database(self) -> bool:
        """A database file with something in it (a 0-byte file is what a failed first write leaves)."""
        try:
            return self.database.stat().st_size > 0
        except OSError:
            return False

    def _missing(self) -> StoreMissing:
        where = self.path.resolve()
        if self.database.is_file():
            return StoreMissing(f"The store file {self.database.resolve()} is empty (0 bytes): it holds no data")
        if self.path.is_dir():
            return StoreMissing(f"The folder {where} holds no store")
        return StoreMissing(f"No store at {where}")

    def _connection(self) -> "ladybug.Connection":
        """The open connection, opening the live database on first use (and after a write).
        Only a staged write's rename ever creates the live file, never an opening."""
        if self._conn is None:
            if not self._has_database():
                raise self._missing()
            try:
                self._db = ladybug.Database(str(self.database), read_only=self.read_only)
                self._conn = ladybug.Connection(self._db)
            except RuntimeError as exc:
                raise self._open_failure(exc) from None
        return self._conn

    def _open_failure(self, exc: RuntimeError) -> StoreUnavailable:
        text = str(exc).removeprefix("Runtime exception: ")
        where = self.path.resolve()
        if "lock" in text.lower():
            return StoreBusy(f"The store at {where} is in use by another ecograph process")
        version = re.search(r"different version\. Database file version: (\d+), "
                            r"Current build storage version: (\d+)", text)
        if version:
            return self._version_mismatch(int(version.group(1)), int(version.group(2)))
        if "permission denied" in text.lower():
            return StoreUnavailable(f"Cannot read the store at {where}: permission denied")
        damaged = StoreDamaged(f"The store at {where} is damaged and cannot be opened (LadybugDB: {text})")
        wal = self._side_file(self.database, ".wal")
        if "wal" in text.lower() and wal.exists():
            damaged.hint = (f"Its write-ahead log {wal} (an unfinished write by an older ecograph) is damaged: "
                            "move that file out of the folder to open the store as it was before that write, "
                            "or restore the folder from a backup.")
        return damaged

    def _version_mismatch(self, found: int, supported: int) -> StoreVersionMismatch:
        try:
            info = json.loads((self.path / INFO_FILE).read_text())
            made_by = f"ecograph {info['ecograph']} with LadybugDB {info['ladybug']}, "
        except (OSError, ValueError, KeyError, TypeError):
            info, made_by = {}, ""
        again = "ingest your data again into a new folder with this version (`ecograph ingest FOLDER --store NEW_PATH`)"
        if info.get("ladybug"):
            hint = f"Open it with LadybugDB {info['ladybug']} (`pip install 'ladybug=={info['ladybug']}'`), or {again}."
        else:
            hint = f"Open it with the LadybugDB release that wrote it, or {again}."
        return StoreVersionMismatch(
            f"The store at {self.path.resolve()} was written by {made_by}LadybugDB storage version {found}; "
            f"this ecograph uses LadybugDB {ladybug.__version__}, which reads storage version {supported}",
            hint=hint)

    def _tables(self) -> set[str]:
        rows = self._connection().execute("CALL show_tables() RETURN name").get_all()
        return {row[0] for row in rows}

    def ensure_schema(self) -> None:
        """Create missing tables; a new store is built staged, so it appears whole or not at all."""
        statements = queries.statements("ladybug/schema") + queries.statements("ladybug/meta_schema")
        if not self._has_database() and not self._new:
            self._start_new_store(statements)
            return
        existing = self._tables()
        statements = [s for s in statements if _table_name(s) not in existing]
        # A store made by an older ecograph gains the model's newer columns, empty.
        statements += [f"ALTER TABLE {table} ADD `{column}` {kind}" for table, column, kind in self._missing_columns()]
        if statements:
            with self._staged() as conn:
                for statement in statements:
                    conn.execute(statement)

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        """``(table, column, type)`` in the schema that the store's existing tables lack."""
        existing = self._tables()
        missing = []
        for statement in queries.statements("ladybug/schema"):
            table = _table_name(statement)
            if table not in existing:
                continue
            rows = self._connection().execute(f"CALL table_info('{table}') RETURN name").get_all()
            have = {row[0] for row in rows}
            missing += [(table, column, kind) for column, kind in re.findall(r"`(\w+)` (\w+)", statement)
                        if column not in have]
        return missing

    def _start_new_store(self, schema: list[str]) -> None:
        """Build a new store in the staging folder. This process reads and writes it there; it
        becomes the store, whole, at the first commit, and vanishes if none comes (a failed or
        killed first ingest leaves no store, as before it)."""
        staging = self.path / STAGING_FOLDER
        try:
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            self._db = ladybug.Database(str(staging / DATABASE_FILE))
            self._conn = ladybug.Connection(self._db)
            for statement in schema:
                self._conn.execute(statement)
        except (OSError, RuntimeError) as exc:
            self._discard_staging()
            failure = write_failure(exc, self.path, "creating the store")
            if failure is None:
                raise
            raise failure from exc
        self._new = True

    def _discard_staging(self) -> None:
        self._new = False
        with suppress(BaseException):  # the staged copy is thrown away: its state does not matter
            self._close_database()
        shutil.rmtree(self.path / STAGING_FOLDER, ignore_errors=True)

    # -- reading and writing -------------------------------------------------------------------

    def _execute(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        try:
            result = self._connection().execute(cypher, params or {})
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
        return self.read_table(name, params).to_pylist()

    def read_table(self, name: str, params: dict[str, Any] | None = None, *,
                   any_order: bool = False) -> "pyarrow.Table":
        """The result as LadybugDB's own Arrow table: no Python object per value.

        ``any_order`` without parameters: through LadybugDB's native Arrow export, about 40%
        of the CPU for a million rows, whose rows come in any order and whose null texts come
        back as '' or another row's value (LadybugDB 0.22): only for queries returning no nulls."""
        try:
            native = getattr(self._connection(), "query_as_arrow", None) if any_order and not params else None
            if native is not None:
                return native(queries.load(name), 1 << 16).get_as_arrow()
            result = self._connection().execute(queries.load(name), params or {})
        except RuntimeError as exc:
            raise QueryError(f"LadybugDB: {exc}") from exc
        return result.get_as_arrow()

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
            allow_extensions: bool = False) -> list[Row]:
        if write and self.read_only:
            raise ReadOnlyError("The store was opened read-only")
        from .statement_guard import checked_statements, ladybug_explainer

        def run_checked() -> list[Row]:
            rows: list[Row] = []
            for statement in checked_statements(cypher, ladybug_explainer(self._connection(), params),
                                                 write=write, allow_extensions=allow_extensions):
                rows = self._execute(statement, params)  # several statements: keep the last one's rows
            return rows

        if write:  # staged like an ingest, so a killed `query --write` cannot damage the store
            with self._staged():
                return run_checked()
        return run_checked()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All or nothing, also under kills and full disks: see :meth:`_staged`."""
        if self.read_only:
            raise ReadOnlyError("The store was opened read-only")
        with self._staged() as conn:
            tx = _LadybugTransaction(self)
            tx.version = self.write_version() + 1  # what _staged's count makes it at the commit
            _control(conn, "BEGIN TRANSACTION")
            yield tx
            _control(conn, "COMMIT")

    @contextmanager
    def _staged(self) -> Iterator["ladybug.Connection"]:
        """A connection to a private copy of the database that replaces the live file, by one
        rename, only if the block and the checkpoint succeed.

        SIGINT and SIGTERM before the rename roll back; after it they let the write finish.
        Either way :class:`~ecograph.errors.WriteInterrupted` then says which. A full disk or a
        read-only folder raises :class:`~ecograph.errors.StoreFull` or
        :class:`~ecograph.errors.StoreNotWritable`; the live file is untouched.
        """
        staging = self.path / STAGING_FOLDER
        staged = staging / DATABASE_FILE
        committed = False
        with WriteGuard() as guard:
            try:
                try:
                    if not self._new:  # else the new store is already open in the staging folder
                        self._close_database()  # checkpoints the live file: no WAL to copy or lose
                        if any(self._side_file(self.database, s).exists() for s in _SIDE_FILES):
                            raise StoreDamaged(f"The store at {self.path.resolve()} could not be "
                                               "checkpointed before writing")
                        shutil.rmtree(staging, ignore_errors=True)
                        staging.mkdir()
                        shutil.copyfile(self.database, staged)
                        self._db = ladybug.Database(str(staged))
                        self._conn = ladybug.Connection(self._db)
                    yield self._conn
                    _control(self._conn, queries.load("meta/bump_version"))  # in the staged copy: commits with the write
                    _control(self._conn, "CHECKPOINT")
                    self._close_database()
                    if any(self._side_file(staged, s).exists() for s in _SIDE_FILES):
                        raise StoreDamaged("The staged copy of the store could not be checkpointed")
                    fsync(staged)
                    self._write_info(staging / INFO_FILE)
                    guard.point_of_no_return()
                    replace_durably(staged, self.database)
                    committed = True
                    with suppress(OSError):  # the info file only helps a later version message
                        replace_durably(staging / INFO_FILE, self.path / INFO_FILE)
                finally:
                    guard.point_of_no_return()  # signals during the clean-up are only recorded
                    self._discard_staging()
            except Interrupted as exc:
                raise WriteInterrupted(exc.signal_name, committed, self.describe()) from None
            except BaseException as exc:
                failure = None if committed else write_failure(exc, self.path, "the write")
                if failure is not None:
                    raise failure from exc
                raise
        if guard.received:
            raise WriteInterrupted(guard.received, committed, self.describe())

    @staticmethod
    def _side_file(database: Path, suffix: str) -> Path:
        return database.with_name(database.name + suffix)

    @staticmethod
    def _write_info(target: Path) -> None:
        info = {"ecograph": _ecograph_version(), "ladybug": ladybug.__version__}
        target.write_text(json.dumps(info) + "\n")
        fsync(target)

    @property
    def connection(self) -> "ladybug.Connection":
        """The raw connection, for bulk loading with COPY."""
        return self._connection()

    def _close_database(self) -> None:
        conn, db, self._conn, self._db = self._conn, self._db, None, None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    def release_memory(self) -> None:
        """A read-only store closes its database, whose buffer pool keeps every page read
        (~200 MB after reading the 100,000-person projection); the next read reopens it.
        A writable store keeps its database (it may be inside a staged write)."""
        if self.read_only:
            self._close_database()

    def close(self) -> None:
        try:
            if self._new:  # a new store that was never committed: there is no store
                self._discard_staging()
            self._close_database()
        finally:
            if self._lock is not None:
                self._lock.release()

    def describe(self) -> str:
        return f"embedded store at {self.path.resolve()}"


def _control(conn: "ladybug.Connection", statement: str) -> None:
    """Run a statement of ecograph's own (transaction control, checkpoint): its failure is the
    engine's, reported as a rolled-back write (a full disk is recognised from the text later)."""
    try:
        conn.execute(statement)
    except RuntimeError as exc:
        raise QueryError(f"LadybugDB: {exc}; the write was rolled back",
                         hint="Nothing was written. Run the command again; if it fails again, report this "
                              "message.") from exc


def _table_name(statement: str) -> str:
    """The table a ``CREATE … TABLE IF NOT EXISTS Name(…)`` statement makes."""
    match = re.search(r"TABLE\s+IF\s+NOT\s+EXISTS\s+`?(\w+)", statement, re.IGNORECASE)
    return match.group(1) if match else statement
