"""Domain exceptions. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass


class EcographError(Exception):
    """Base class of every error ecograph reports to a user."""

    #: What the user can do next; the CLI prints it under the message.
    hint: str = ""


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


class InputError(EcographError):
    """The input has problems; nothing was written."""

    hint = "Nothing was written. Fix the problems above and run the command again."

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input")


class UnknownIdError(EcographError):
    """An id or code given on the command line is not in the store."""

    def __init__(self, what: str, value: str, closest: list[str]):
        self.what, self.value, self.closest = what, value, closest
        text = f"No {what} with id {value!r} in the store"
        if closest:
            text += "; closest: " + ", ".join(closest)
        super().__init__(text)
        self.hint = f"Run `ecograph query` or `ecograph stats` to see what the store holds."


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
