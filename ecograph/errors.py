"""Domain exceptions. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass


class EcographError(Exception):
    """Base class of every error ecograph reports to a user."""

    #: What the user can do next; the CLI prints it under the message.
    hint: str = ""

    def __init__(self, *args: object, hint: str = ""):
        super().__init__(*args)
        if hint:  # a hint for this case, instead of the class's
            self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One problem with one cell (or row, or file) of the input."""

    file: str
    row: int | None  # spreadsheet row number as the user sees it (header = 1)
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    #: "error" blocks the write; "warning" is reported and does not block.
    severity: str = "error"
    #: How many rows this line stands for (more than one: a repeated problem, see :func:`collapse`).
    count: int = 1

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value not in (None, ""):
            text += f" (value: {self.value!r})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


def warning(file: str, row: int | None, column: str | None, value: str | None, message: str,
            fix: str = "") -> Problem:
    """A :class:`Problem` that is reported but does not stop an ingest."""
    return Problem(file, row, column, value, message, fix, severity="warning")


def split_problems(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """``(errors, warnings)`` of a mixed list, each in its original order."""
    return [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]


#: How many rows of one repeated problem are shown before "and N more rows".
EXAMPLES_SHOWN = 3


def collapse(problems: list[Problem], shown: int = EXAMPLES_SHOWN) -> list[Problem]:
    """One cause, reported once: problems repeating the same (file, column, message) beyond
    ``shown`` rows become the first ``shown`` and one line "and N more rows".

    The order of first appearance is kept.
    """
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.file, problem.column, problem.message, problem.severity), []).append(problem)
    out: list[Problem] = []
    for (file, column, message, severity), group in groups.items():
        out.extend(group[:shown])
        rest = group[shown:]
        if len(rest) > 1:
            rows = [p.row for p in rest if p.row is not None]
            span = f" (rows {rows[0]} to {rows[-1]})" if rows else ""
            out.append(Problem(file, None, column, None,
                               f"and {len(rest)} more rows{span} with the same problem: {message}",
                               fix if len(fixes := {p.fix for p in rest}) == 1 and (fix := fixes.pop()) else "",
                               severity, count=sum(p.count for p in rest)))
        else:
            out.extend(rest)
    return out


def count(problems: list[Problem]) -> int:
    """How many problems a (possibly collapsed) list reports."""
    return sum(p.count for p in problems)


class OverwriteError(EcographError):
    """Writing would replace files that already exist; nothing was written."""

    hint = "Nothing was written. Choose another folder, or pass --force to replace them."

    def __init__(self, paths: list, hint: str = ""):
        self.paths = list(paths)
        what = (f"{self.paths[0]} already exists" if len(self.paths) == 1
                else "these files exist already: " + ", ".join(map(str, self.paths)))
        super().__init__(what, hint=hint)


class InputError(EcographError):
    """The input has problems; nothing was written."""

    hint = "Nothing was written. Fix the problems above and run the command again."

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        n = count(problems)
        #: Every problem, a cause repeated on many rows shown once (see :func:`collapse`).
        self.problems = collapse(list(problems))
        self.warnings = collapse(list(warnings or []))
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input")


class UnknownIdError(EcographError):
    """An id or code given on the command line is not in the store."""

    hint = "Run `ecograph query` or `ecograph stats` to see what the store holds."

    def __init__(self, what: str, value: str, closest: list[str], hint: str = ""):
        self.what, self.value, self.closest = what, value, closest
        text = f"No {what} with id {value!r} in the store"
        if closest:
            text += "; closest: " + ", ".join(closest)
        super().__init__(text, hint=hint)


class StoreUnavailable(EcographError):
    """The graph store cannot be opened or reached."""

    hint = ("Load data first (`ecograph demo` or `ecograph ingest FOLDER`), or point --store / "
            "ECOGRAPH_STORE at an existing store, or --neo4j-uri / NEO4J_URI at a running Neo4j.")


class QueryError(EcographError):
    """A Cypher statement failed."""

    hint = "Check the query text and its parameters."


class ReadOnlyError(QueryError):
    """A write was attempted in a read-only query."""

    hint = "Add --write to allow the query to change the store."


class ExportError(EcographError):
    """An export cannot be written as asked: an unknown format, an existing file without
    --force, a folder that cannot be written..."""

    hint = "Choose another -o, or add --force to replace an existing file."


class OutputError(EcographError):
    """An output file or folder cannot be written; nothing was written there."""

    hint = "Nothing was written there. Choose a path in a folder you can write to, on a disk with free space."


class ExtensionRefused(QueryError):
    """A statement would install or load a database extension (native code)."""

    hint = ("Extensions run native code with your permissions. If you trust this one, run the "
            "query again with --write --allow-extensions.")


class ServerUnavailable(StoreUnavailable):
    """A Neo4j server cannot be reached, or refuses the URI, the credentials or the database.

    Each case carries its own next step (the store-level hint about loading data would mislead).
    """

    def __init__(self, message: str, hint: str):
        super().__init__(message, hint=hint)


class StoreMissing(StoreUnavailable):
    """There is no store (or no data in it) where one was expected."""

    hint = ("Load data first (`ecograph demo` or `ecograph ingest FOLDER --store PATH`), or point --store / "
            "ECOGRAPH_STORE at an existing store.")


class StoreDamaged(StoreUnavailable):
    """The store's files exist but cannot be read as a database."""

    hint = ("Restore the store folder from a backup, or ingest your data again into a new folder "
            "(`ecograph ingest FOLDER --store NEW_PATH`).")


class StoreVersionMismatch(StoreUnavailable):
    """The store was written by a LadybugDB whose storage format this one cannot read."""


class StoreBusy(StoreUnavailable):
    """Another process holds the store."""

    hint = "Wait for the other ecograph command to finish, then run this one again."


class StoreNotWritable(StoreUnavailable):
    """The store's folder cannot be written: read-only, no permission, or a file in the way."""

    hint = "Nothing was written. Make the folder writable, or choose another --store folder."


class StoreFull(StoreUnavailable):
    """The disk holding the store ran out of space during a write."""

    hint = ("Nothing was written: the store holds what it held before. Free some disk space (a write "
            "needs about twice the store's size) and run the command again.")


class WriteInterrupted(EcographError):
    """A signal (Ctrl-C, SIGTERM) arrived while writing; the message says whether the write finished."""

    def __init__(self, signal_name: str, committed: bool, store: str):
        self.signal_name, self.committed = signal_name, committed
        if committed:
            text = (f"Interrupted ({signal_name}) after the write had committed: it finished, "
                    f"the {store} holds the new data")
        else:
            text = (f"Interrupted ({signal_name}): the write was rolled back, "
                    f"the {store} holds what it held before")
        super().__init__(text)


class StorePathInvalid(StoreUnavailable):
    """The store path is a file, or lies under one."""

    hint = "Point --store (or ECOGRAPH_STORE) at a folder; it is created when missing."


class OptionError(EcographError):
    """An option's value is not one ecograph understands."""

    hint = "Run the command with --help to see the accepted values."


class NotOursError(EcographError):
    """A command would replace or delete files that it did not make."""

    hint = ("Nothing was changed. Choose an empty or new folder, move those files away, or pass "
            "--force to replace them.")


class SyncScopeError(EcographError):
    """A sync cannot tell which part of the store its files speak for."""

    hint = ("Nothing was written. Include ics.csv listing the ICSs your files describe, or name them "
            "with --ics CODE (repeat it for several); `ecograph ingest --help` explains what a sync covers.")


class Cancelled(EcographError):
    """The user declined a removal, or could not be asked."""

    hint = "Nothing was written."


class AmbiguousIdError(EcographError):
    """An id given on the command line belongs to entities of more than one kind."""

    hint = "Say which with --label LABEL."

    def __init__(self, value: str, labels: list[str]):
        self.value, self.labels = value, list(labels)
        super().__init__(f"{value!r} is the id of more than one entity: " + " and ".join(self.labels))


class RemovalRefused(EcographError):
    """Removing an entity would leave other records pointing at nothing; nothing was written."""

    hint = ("Nothing was written. Remove those records first, or give them another one in the spreadsheets "
            "and ingest them.")


class InnovationWithdrawn(EcographError):
    """An innovation withdrawn by the as-of date has no spread targets."""

    def __init__(self, innovation_id: str, name: str, withdrawn: str | None, as_of: str):
        self.innovation_id, self.withdrawn, self.as_of = innovation_id, withdrawn, as_of
        when = f"on {withdrawn}" if withdrawn else "(its stage is 'withdrawn', with no date)"
        super().__init__(f"{name} ({innovation_id}) was withdrawn {when}, so it has no spread targets "
                         f"as of {as_of}")
        self.hint = (f"To see the routes it had before, give an earlier date: --as-of {_day_before(withdrawn)}."
                     if withdrawn else
                     "It has no withdrawn date: record one in innovations.csv (column 'withdrawn') to see "
                     "its routes before it with --as-of.")


def _day_before(iso: str) -> str:
    import datetime as dt
    try:
        return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()
    except ValueError:  # a month (YYYY-MM): its day before is the last day of the month before
        return (dt.date.fromisoformat(iso + "-01") - dt.timedelta(days=1)).isoformat()
