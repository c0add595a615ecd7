"""Fingerprints: what each contract file last wrote, kept in the store, so an unchanged file
costs a read and a hash instead of a read-back and a compare.

A fingerprint is a SHA-256 of a file's parsed rows (header, row numbers, cells) salted with
the contract and the validator's code, stored with the store's *write version*: a counter
that every write through ecograph (an ingest, ``import-ods``, ``query --write``, a schema
change) raises in the same commit (see :meth:`ecograph.store.GraphStore.write_version`).
The fingerprints an ingest writes are stamped with the version its own commit makes, so they
match only while nothing else has written since. Beside them the store's node and
relationship counts are recorded; a change made outside ecograph (Neo4j Browser, another
program) that adds or removes anything also stops them matching.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .. import model
from ..errors import Problem, QueryError
from ..store import GraphStore, Transaction
from .reader import Table
from .validate import Dataset

#: Bookkeeping keys: one row per contract file, the last ingest's whole input (its files'
#: bytes), and the counts the fingerprints were taken with.
FILE_PREFIX = "file:"
INPUT_KEY = "input"
COUNTS_KEY = "counts"
STORE_KEY = "store"


@lru_cache(maxsize=1)
def _salt() -> bytes:
    """Changes whenever what a row means could: the contract or the validator's code."""
    from . import columnar, validate
    parts = [repr(model.NODES), repr(model.LINKS), repr(model.RELATIONSHIPS), inspect.getsource(validate),
             inspect.getsource(columnar)]
    return hashlib.sha256("\x00".join(parts).encode()).digest()


def table_digest(table: Table) -> str:
    """SHA-256 of a table's parsed rows (row numbers and cells, in order) and header; of the
    file's bytes for a table read as columns (they decide its rows)."""
    h = hashlib.sha256(_salt())
    h.update(repr((table.file, table.header)).encode())
    if table.source_digest:
        h.update(repr(("columns", table.source_digest)).encode())
        return h.hexdigest()
    for start in range(0, len(table.rows), 10_000):
        h.update(repr(table.rows[start:start + 10_000]).encode())
    return h.hexdigest()


def input_digest(paths: list[Path], encoding: str | None) -> str:
    """SHA-256 of everything an ingest of ``paths`` reads: the names of the entries of each
    folder (a skipped file's name gives a warning), the bytes of every spreadsheet file, the
    encoding and the size limit. Equal digests mean equal tables and warnings, so an unchanged
    input is recognised before anything is parsed."""
    from .bounds import limit_bytes
    from .reader import CSV_SUFFIXES, WORKBOOK_SUFFIXES, fallback_codec
    h = hashlib.sha256(_salt())
    try:
        limit = limit_bytes()
        # the codec the reader would fall back to, not how it was named: the CLI's default
        # (none), the library's "utf-8-sig" and "UTF8" read files alike
        fallback = fallback_codec(encoding)
    except Exception:  # noqa: BLE001 - a bad setting: the reader reports it; never a match
        return ""
    h.update(repr((fallback, limit)).encode())
    for path in map(Path, paths):
        entries = sorted(path.iterdir()) if path.is_dir() else [path]
        h.update(repr(("path", path.name, path.is_dir())).encode())
        for entry in entries:
            h.update(repr(("entry", entry.name)).encode())
            if entry.suffix.lower() in CSV_SUFFIXES + WORKBOOK_SUFFIXES and entry.is_file():
                with open(entry, "rb") as f:
                    h.update(hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


def _file_types() -> dict[str, tuple[str, ...]]:
    """Contract file -> the node labels and relationship types its rows become."""
    types: dict[str, tuple[str, ...]] = {}
    for spec in model.NODES:
        refs = tuple(rel for (label, _), rel in model.REFERENCE_RELS.items() if label == spec.label)
        types[spec.file] = (spec.label, *refs)
    for link in model.LINKS:
        types[link.file] = (link.rel,)
    return types


FILE_TYPES = _file_types()


@dataclass
class Fingerprint:
    """What one contract file last wrote: its digest, the write version it was stamped with,
    how many nodes and relationships of each type it gave, and its validation warnings."""

    digest: str
    version: int
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    #: For the whole input: the contract files it gave, and the ICS codes its ics.csv lists
    #: (what a sync of the same files would cover); None when not recorded.
    files: list[str] | None = None
    ics: list[str] | None = None

    def info(self) -> str:
        import orjson

        # (a Problem holds only plain values: its __dict__ is asdict's answer, 20 times sooner)
        info: dict = {"counts": self.counts, "warnings": [dict(vars(w)) for w in self.warnings]}
        if self.files is not None:
            info.update(files=self.files, ics=self.ics or [])
        return orjson.dumps(info).decode()

    @classmethod
    def parse(cls, digest: str, version: int, info: str | None) -> "Fingerprint":
        import orjson

        data = orjson.loads(info or "{}")
        return cls(digest, version, data.get("counts", {}), [Problem(**w) for w in data.get("warnings", [])],
                   data.get("files"), data.get("ics"))

    def covers_store(self, store_counts: dict[str, int]) -> bool:
        """Whether the store holds exactly this input's rows of every kind its files give
        (no node or relationship of those kinds that the files do not list): true right after
        an ingest of the input into a store that held nothing else of those kinds."""
        if self.files is None:
            return False
        kinds = {name for file in self.files for name in FILE_TYPES.get(file, ())}
        return all(store_counts.get(name, 0) == self.counts.get(name, 0) for name in kinds)


@dataclass
class Recorded:
    """The store's bookkeeping as read before an ingest."""

    version: int = 0
    #: Each file's fingerprint row (digest, version, info), parsed when :attr:`files` is first
    #: read: an unchanged whole input needs only :attr:`input` (a million people's files hold
    #: 185,000 warnings, a third of an unchanged re-ingest's time to parse).
    rows: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)
    #: The last ingest's whole input (``digest``: :func:`input_digest`) and its summary.
    input: Fingerprint | None = None
    #: (version, counts) recorded with the last fingerprints.
    counts: tuple[int, dict[str, int]] | None = None

    @cached_property
    def files(self) -> dict[str, Fingerprint]:
        """Each contract file's fingerprint."""
        return {f: Fingerprint.parse(*row) for f, row in self.rows.items()}

    def valid(self, store: GraphStore) -> bool:
        """Whether fingerprints stamped with the current version can be trusted: they exist,
        and the store's counts are still those recorded with them."""
        if self.counts is None or self.counts[0] != self.version:
            return False
        return store_counts(store) == self.counts[1]

    def same_input(self, digest: str) -> bool:
        """Whether the last ingest read exactly these bytes, at the current version."""
        return bool(digest) and self.input is not None and self.input.digest == digest \
            and self.input.version == self.version

    def unchanged(self, digests: dict[str, str]) -> set[str]:
        """Files whose digest is the one recorded at the current version."""
        return {f for f, d in digests.items()
                if (row := self.rows.get(f)) is not None and row[0] == d and row[1] == self.version}


def store_counts(store: GraphStore | Transaction) -> dict[str, int]:
    rows = store.run_named("read/stats")
    return {k: int(v or 0) for k, v in (rows[0] if rows else {}).items()}


def read_recorded(store: GraphStore) -> Recorded:
    """The store's write version and fingerprints (none in a store that predates them)."""
    try:
        rows = store.read_rows("meta/read")
    except QueryError:  # no bookkeeping table: an older store opened read-only
        return Recorded()
    recorded = Recorded()
    for row in rows:
        key, version = row["key"], int(row["version"] or 0)
        if key == STORE_KEY:
            recorded.version = version
        elif key == INPUT_KEY:
            recorded.input = Fingerprint.parse(row["digest"], version, row["info"])
        elif key == COUNTS_KEY:
            recorded.counts = (version, json.loads(row["info"] or "{}"))
        elif key.startswith(FILE_PREFIX):
            recorded.rows[key[len(FILE_PREFIX):]] = (row["digest"], version, row["info"])
    return recorded


def file_fingerprints(tables: list[Table], digests: dict[str, str], data: Dataset,
                      warnings: list[Problem]) -> dict[str, Fingerprint]:
    """Fingerprints of the files just validated (version filled in at the commit)."""
    by_source = {t.source: t.file for t in tables}
    out: dict[str, Fingerprint] = {}
    for table in tables:
        counts = {name: data.size(name) for name in FILE_TYPES.get(table.file, ())}
        out[table.file] = Fingerprint(digests[table.file], 0, counts)
    for w in warnings:
        owner = by_source.get(w.file)
        if owner is None and out:
            owner = next(iter(out))  # a warning about several files: kept once, with the first
        if owner is not None:
            out[owner].warnings.append(w)
    return out


def record(tx: Transaction, fingerprints: dict[str, Fingerprint], whole: Fingerprint | None = None) -> None:
    """Write ``fingerprints`` (and ``whole``, the input's), with the store's counts, stamped with
    the version ``tx`` commits."""
    rows = [{"key": FILE_PREFIX + f, "version": tx.version, "digest": fp.digest, "info": fp.info()}
            for f, fp in fingerprints.items()]
    if whole is not None:
        rows.append({"key": INPUT_KEY, "version": tx.version, "digest": whole.digest, "info": whole.info()})
    rows.append({"key": COUNTS_KEY, "version": tx.version, "digest": "", "info": json.dumps(store_counts(tx))})
    tx.run_named("meta/write", {"rows": rows})


def forget(store: GraphStore) -> None:
    """Drop every fingerprint: the next ingest reads back and compares every file.

    Not needed after a write through ecograph (each one already outdates them); for a sync
    or a repair that wants to say so explicitly.
    """
    with store.transaction() as tx:
        tx.run_named("meta/forget")


def summary_counts(fingerprints: dict[str, Fingerprint]) -> dict[str, int]:
    """Rows per node label and relationship type that the skipped files hold (unchanged)."""
    order = [n.label for n in model.NODES] + [r.type for r in model.RELATIONSHIPS]
    total = dict.fromkeys(order, 0)
    for fp in fingerprints.values():
        for name, n in fp.counts.items():
            total[name] = total.get(name, 0) + n
    return {name: n for name, n in total.items() if n}


__all__ = ["Fingerprint", "Recorded", "table_digest", "input_digest", "read_recorded", "file_fingerprints", "record",
           "forget", "summary_counts", "store_counts"]
