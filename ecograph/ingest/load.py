"""Compare validated input with the store and write only the difference, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

import pyarrow as pa

from .. import ids as idtools
from .. import model
from ..codegen import rel_query_name
from ..errors import InputError, Problem, collapse, split_problems
from ..store import GraphStore, Transaction
from . import fingerprints as fp
from .reader import Table, bulk_rows, read_sources
from .validate import Dataset, RelKey, StoredState, validate

class Progress(Protocol):
    def update(self, n: int) -> object: ...


#: ``progress(total_rows, description)`` returns something with ``update(n)`` (e.g. tqdm).
ProgressFactory = Callable[[int, str], Progress]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class IngestSummary:
    """What an ingest did (or, with ``dry_run``, would do), per node label and relationship type."""

    store: str
    counts: dict[str, Counts] = field(default_factory=dict)
    dry_run: bool = False
    #: Problems that did not block the write (near-miss headers, skipped files...).
    warnings: list[Problem] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        return [{"type": name, **vars(c)} for name, c in self.counts.items()]

    def as_json(self) -> dict[str, Any]:
        """``{"store", "dry_run", "changed", "changes": rows(), "warnings": [...]}``; each
        warning has ``file``, ``row``, ``column``, ``value``, ``message``, ``fix`` and ``text``."""
        return {"store": self.store, "dry_run": self.dry_run, "changed": self.changed,
                "changes": self.rows(),
                "warnings": [{"file": w.file, "row": w.row, "column": w.column, "value": w.value,
                              "message": w.message, "fix": w.fix, "text": str(w)} for w in self.warnings]}

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated + c.removed for c in self.counts.values())


def all_rel_keys() -> list[RelKey]:
    return [(r.type, a, b) for r in model.RELATIONSHIPS for a, b in r.endpoints]


#: Stored relationships validation reads whatever the input (a person's organisation and team,
#: a team's organisation: see ``validate._Checker.check_teams_and_organisations``).
VALIDATION_RELS = frozenset({"PART_OF", "WORKS_FOR", "WORKS_IN"})


def read_state(store: GraphStore, rel_types: Iterable[str] | None = None, *,
               state: StoredState | None = None) -> StoredState:
    """Everything the store holds that an ingest could touch: every node, and the
    relationships of ``rel_types`` (default all), added to ``state`` when given."""
    if state is None:
        state = StoredState({}, {})
        for spec in model.NODES:
            rows = store.read_rows(f"read/node_{spec.label.lower()}")
            state.nodes[spec.label] = {r[spec.key]: r for r in rows}
    wanted = None if rel_types is None else set(rel_types)
    for key in all_rel_keys():
        if key in state.rels or (wanted is not None and key[0] not in wanted):
            continue
        rows = store.read_rows(f"read/rel_{rel_query_name(*key)}")
        props = model.REL_BY_TYPE[key[0]].properties
        state.rels[key] = {(r["source"], r["target"]): {p: r.get(p) for p in props} for r in rows}
    return state


@dataclass
class Plan:
    """The writes that bring the store in line with the input."""

    node_create: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    node_update: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rel_create: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)
    rel_update: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)
    rel_delete: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)
    summary: dict[str, Counts] = field(default_factory=dict)

    @property
    def total(self) -> int:
        parts = (self.node_create, self.node_update, self.rel_create, self.rel_update, self.rel_delete)
        return sum(len(v) for part in parts for v in part.values())


def _merge(stored: dict[str, Any] | None, given: dict[str, Any], fields: Iterable[str],
           flags: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The row to write: stored values, overwritten by the columns the input gave.

    A flag never given is written as False (blank means no), which also keeps every value in
    a batch of the column's type: LadybugDB types a parameter column from its values.
    """
    base = {f: (stored or {}).get(f) for f in fields}
    base.update({k: v for k, v in given.items() if k in base})
    for flag in flags:
        if base[flag] is None:
            base[flag] = False
    return base


def _flags(label: str) -> frozenset[str]:
    return frozenset(c.name for c in model.NODE_BY_LABEL[label].columns if c.type == "flag")


def _column_rows(given: "pa.Table", columns: dict[str, str], rows: list[dict[str, Any]]) -> "pa.Table":
    """New rows checked by column, with every one of ``columns`` (a flag not given is no, any
    other column nothing), followed by ``rows``."""
    types = {"flag": pa.bool_(), "text": pa.string()}
    n = given.num_rows
    table = pa.table({c: given[c].cast(types[t]) if c in given.column_names else
                      pa.array([False] * n if t == "flag" else [None] * n, types[t]) for c, t in columns.items()})
    if rows:
        table = pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)])
    return table


def plan(data: Dataset, state: StoredState, *, consume: bool = False) -> Plan:
    """The writes that bring ``state`` in line with ``data``. With ``consume``, each part of
    ``data`` is dropped once planned, so the input and the plan are never both whole in memory.

    Rows checked by column (``data.column_nodes``, ``data.column_rels``: only for kinds the
    store holds none of) are all new: they are written as one Arrow table with the new rows
    checked one by one, with no dict per row.
    """
    result = Plan()
    take = (lambda part, key: part.pop(key, {})) if consume else (lambda part, key: part.get(key, {}))
    for spec in model.NODES:
        fields = model.stored_properties(spec.label)
        counts = result.summary.setdefault(spec.label, Counts())
        stored_nodes = state.nodes.get(spec.label, {})
        flags = _flags(spec.label)
        column = take(data.column_nodes, spec.label) or None
        if column is not None and stored_nodes:  # not made by validate: compared row by row
            data.nodes.setdefault(spec.label, {}).update((r[spec.key], r) for r in column.to_pylist())
            column = None
        for key, given in take(data.nodes, spec.label).items():
            stored = stored_nodes.get(key)
            row = _merge(stored, given, fields, flags)
            if stored is None:
                counts.created += 1
                result.node_create.setdefault(spec.label, []).append(row)
            elif row == {f: stored.get(f) for f in fields}:
                counts.unchanged += 1
            else:
                counts.updated += 1
                result.node_update.setdefault(spec.label, []).append(row)
        if column is not None:
            counts.created += column.num_rows
            result.node_create[spec.label] = _column_rows(column, _columns(spec.label),
                                                          result.node_create.get(spec.label, []))
    for key in all_rel_keys():
        rel_type = key[0]
        fields = model.REL_BY_TYPE[rel_type].properties
        counts = result.summary.setdefault(rel_type, Counts())
        stored_rels = state.rels.get(key, {})
        given_rels = take(data.rels, key)
        column = take(data.column_rels, key) or None
        if column is not None and stored_rels:  # not made by validate: compared row by row
            given_rels = {**given_rels, **{(r.pop("source"), r.pop("target")): r for r in column.to_pylist()}}
            column = None
        if not stored_rels and given_rels:  # none stored (a new store): every row is new
            counts.created += len(given_rels)
            result.rel_create.setdefault(key, []).extend(
                {"source": source, "target": target, **{f: given.get(f) for f in fields}}
                for (source, target), given in given_rels.items())
            given_rels = {}
        if column is not None:
            counts.created += column.num_rows
            result.rel_create[key] = _column_rows(column, _rel_columns(rel_type), result.rel_create.get(key, []))
        for (source, target), given in given_rels.items():
            stored = stored_rels.get((source, target))
            row = {f: given.get(f) for f in fields} if stored is None else _merge(stored, given, fields)
            if stored is None:
                counts.created += 1
                result.rel_create.setdefault(key, []).append({"source": source, "target": target, **row})
            elif row == stored:
                counts.unchanged += 1
            else:
                counts.updated += 1
                result.rel_update.setdefault(key, []).append({"source": source, "target": target, **row})
        # A node row owns its reference relationships (a person's organisation): drop stale ones.
        owner_label = key[2] if rel_type == "DEVELOPED" else key[1]
        owned = data.owned.get((rel_type, owner_label), set())
        if owned:
            side = 1 if rel_type == "DEVELOPED" else 0
            for pair in stored_rels:
                if pair[side] in owned and pair not in given_rels:
                    counts.removed += 1
                    result.rel_delete.setdefault(key, []).append({"source": pair[0], "target": pair[1]})
    result.summary = {k: v for k, v in result.summary.items() if any(vars(v).values())}
    return result


def _columns(label: str) -> dict[str, str]:
    flags = _flags(label)
    return {p: "flag" if p in flags else "text" for p in model.stored_properties(label)}


def _rel_columns(rel_type: str) -> dict[str, str]:
    return {"source": "text", "target": "text", **{p: "text" for p in model.REL_BY_TYPE[rel_type].properties}}


def apply(store: GraphStore, work: Plan, progress: ProgressFactory | None = None,
          fingerprints: dict[str, fp.Fingerprint] | None = None, whole: fp.Fingerprint | None = None) -> None:
    """Write the plan in one transaction: deletes, then nodes, then relationships, then the
    ``fingerprints`` of the files it came from (stamped with the version this commit makes).

    New rows go through the engine's bulk path (COPY on LadybugDB), each batch dropped from
    ``work`` once written; changed rows through ``UNWIND $rows … MERGE … SET`` in batches.
    """
    if not work.total and not fingerprints:
        return  # nothing to change: no write at all (a write copies the embedded store)
    bar = progress(work.total, "writing") if progress else None
    step = bar.update if bar is not None else None
    try:
        with store.transaction() as tx:
            write_plan(tx, work, step)
            if fingerprints:
                fp.record(tx, fingerprints, whole)
    finally:
        if bar is not None and hasattr(bar, "close"):
            bar.close()  # before any error message, so the two do not share a line


def write_plan(tx: Transaction, work: Plan, step: Callable[[int], object] | None = None) -> None:
    """Run a plan's statements inside ``tx``: deletes, then nodes, then relationships (each
    bulk batch is released from the plan once written)."""
    for key, rows in work.rel_delete.items():
        tx.write_rows(f"delete_rel_{rel_query_name(*key)}", rows, progress=step)
    for label in list(work.node_create):
        tx.create_rows(f"node_{label.lower()}", work.node_create.pop(label), _columns(label), progress=step)
    for label, rows in work.node_update.items():
        tx.write_rows(f"node_{label.lower()}", rows, progress=step)
    for key in list(work.rel_create):
        tx.create_rows(f"rel_{rel_query_name(*key)}", work.rel_create.pop(key), _rel_columns(key[0]), progress=step)
    for key, rows in work.rel_update.items():
        tx.write_rows(f"rel_{rel_query_name(*key)}", rows, progress=step)


@bulk_rows()
def ingest_tables(store: GraphStore, tables: list[Table], *, dry_run: bool = False,
                  progress: ProgressFactory | None = None,
                  read_problems: list[Problem] | None = None,
                  use_fingerprints: bool = True, input_digest: str = "") -> IngestSummary:
    """Validate ``tables`` against the model and the store, then write the difference.

    A file whose rows are those it last wrote, with nothing else written to the store since
    (see :mod:`ecograph.ingest.fingerprints`), is not read back nor compared: its rows count
    as unchanged and its warnings are those it had. ``use_fingerprints=False`` compares every
    file and records no fingerprint. ``input_digest`` (from :func:`ingest`) is recorded as the
    whole input's, so the same files next time are recognised before they are parsed.

    The rows of ``tables`` are released once validated.

    Raises :class:`~ecograph.errors.InputError` listing every problem (``read_problems``, from
    reading the files, first); then nothing is written.
    """
    read_errors, read_warnings = split_problems(list(read_problems or []))
    digests = {t.file: fp.table_digest(t) for t in tables if not t.blocked} if use_fingerprints else {}
    recorded = fp.read_recorded(store) if digests and not read_errors else fp.Recorded()
    skipped = recorded.unchanged(digests)
    if skipped and not recorded.valid(store):
        skipped = set()
    kept = {f: recorded.files[f] for f in skipped}
    kept_warnings = [w for f in kept.values() for w in f.warnings]
    given_files = sorted(t.file for t in tables if not t.blocked)
    listed_ics = sorted({idtools.code_form(cells["code"]) for t in tables if t.file == "ics.csv"
                         for _, cells in t.rows if cells.get("code", "").strip()})
    if tables and len(skipped) == len(tables) and not read_errors:  # nothing to read back, compare or write
        counts = {name: Counts(unchanged=n) for name, n in fp.summary_counts(kept).items()}
        if input_digest and not dry_run and not recorded.same_input(input_digest):
            # every file is unchanged but the whole input was not recorded as such (a store
            # from an earlier version, the files given another way): record it once, so that
            # `ingest --sync` of these files knows them unchanged without reading them
            whole = fp.Fingerprint(input_digest, 0, {name: c.unchanged for name, c in counts.items()},
                                   collapse(read_warnings + kept_warnings), files=given_files, ics=listed_ics)
            apply(store, Plan(), None, kept, whole)
        return IngestSummary(store.describe(), counts, dry_run, collapse(read_warnings + kept_warnings))
    changed = [t for t in tables if t.file not in skipped]
    # Only the relationships the changed files can give are read back (the ties of a million
    # people stay in the store when only people.csv changed), and those validation checks.
    produced = {name for t in changed for name in fp.FILE_TYPES.get(t.file, ())}
    state = read_state(store, produced | VALIDATION_RELS)
    data, problems = validate(changed, stored=state)
    errors, warnings = split_problems(list(read_problems or []) + problems)
    if errors:
        raise InputError(errors, warnings)
    for table in changed:
        table.rows, table.columns = [], None  # validated: the dataset holds what is needed (memory grows with the input once, not twice)
    state = read_state(store, {key[0] for key in data.rels}, state=state)  # any the files gave beyond those
    fresh = whole = None
    if digests:
        validation_warnings = [w for w in warnings if w not in read_warnings]
        fresh = {**kept, **fp.file_fingerprints([t for t in changed if t.file in digests], digests, data,
                                                validation_warnings)}
        warnings += kept_warnings
    work = plan(data, state, consume=True)
    del state, data  # only the plan is needed for the write
    for name, n in fp.summary_counts(kept).items():
        work.summary.setdefault(name, Counts()).unchanged += n
    if fresh is not None:
        if input_digest:
            whole = fp.Fingerprint(input_digest, 0, {name: c.created + c.updated + c.unchanged
                                                     for name, c in work.summary.items()}, collapse(warnings),
                                   files=given_files, ics=listed_ics)
    if not dry_run:
        apply(store, work, progress, fresh, whole)
    return IngestSummary(store.describe(), work.summary, dry_run, collapse(warnings))


@bulk_rows()
def ingest(store: GraphStore, paths: list[Path], *, encoding: str = "utf-8-sig", dry_run: bool = False,
           progress: ProgressFactory | None = None, use_fingerprints: bool = True) -> IngestSummary:
    """Read folders, CSV files or workbooks in the ingest contract and load them into ``store``.

    When the files are byte for byte those the last ingest read, and nothing else has
    written to the store since, nothing is parsed: the summary is that ingest's, every row
    unchanged (``use_fingerprints=False`` reads and compares everything).

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ics.csv").write_text("code,name\\nQYG,Cheshire and Merseyside\\n")
    >>> with open_store(StoreConfig(path=folder / "store")) as store:
    ...     summary = ingest(store, [folder / "ics.csv"])
    >>> summary.counts["ICS"].created
    1
    """
    digest = fp.input_digest(paths, encoding) if use_fingerprints else ""
    if digest:
        recorded = fp.read_recorded(store)
        if recorded.same_input(digest) and recorded.valid(store):
            last = recorded.input
            assert last is not None
            return IngestSummary(store.describe(), {name: Counts(unchanged=n) for name, n in last.counts.items()},
                                 dry_run, collapse(last.warnings))
    tables, problems = read_sources(paths, encoding, by_column=True)
    return ingest_tables(store, tables, dry_run=dry_run, progress=progress, read_problems=problems,
                         use_fingerprints=use_fingerprints, input_digest=digest)


def tables_from_rows(rows_by_file: dict[str, list[dict[str, str]]], source: str) -> list[Table]:
    """Contract tables from rows built in code (the ODS import), numbered as a CSV would be."""
    tables = []
    for file, rows in rows_by_file.items():
        # Only the columns the rows give: a column left out is not "given blank" (it would clear
        # what an earlier ingest stored there).
        given = {k for row in rows for k in row}
        header = [c.name for c in model.columns_for(file) if c.name in given]
        header += sorted(given - set(header))
        tables.append(Table(file, f"{source} › {file}", header,
                            [(i, {k: str(v or "") for k, v in r.items()}) for i, r in enumerate(rows, start=2)]))
    return tables


@bulk_rows()
def check(paths: list[Path], *, encoding: str = "utf-8-sig", store: GraphStore | None = None
          ) -> tuple[dict[str, int], list[Problem]]:
    """Validate files without writing: rows per contract file, and every problem found
    (warnings included: see :attr:`~ecograph.errors.Problem.is_warning`).

    With a ``store``, references may point at what it already holds.
    """
    tables, problems = read_sources(paths, encoding)
    _, more = validate(tables, stored=read_state(store) if store is not None else None)
    return {t.file: t.count for t in tables}, collapse(problems + more)
