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


class OptionError(EcographError):
    """An option's value is not one ecograph understands."""

    hint = "Run the command with --help to see the accepted values."


class NotOursError(EcographError):
    """A command would replace or delete files that it did not make."""

    hint = ("Nothing was changed. Choose an empty or new folder, move those files away, or pass "
            "--force to replace them.")
