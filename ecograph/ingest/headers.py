"""Recognise contract files, sheets, header rows and columns under the names people give them.

Three degrees of match, each with its own consequence:

* exact, after case and spaces ("Job Title" is ``job_title``): used silently;
* confident, after punctuation ("Innovation Lead?", "Clinical Champion (Y/N)"): used as that
  column, with a warning saying so;
* fuzzy ("Inovation Lead", "Person ID" for ``id``): only a warning (or, for a missing
  required column, named in the error), since guessing wrong would store wrong data.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .. import model

#: Other names people give contract files and sheets.
_FILE_ALIASES = {"organizations": "organisations", "orgs": "organisations", "person": "people",
                 "tie": "ties", "partnership_members": "memberships", "members": "memberships",
                 "innovation": "innovations", "partnership": "partnerships", "team": "teams",
                 "adoption": "adoptions", "champion": "champions", "organisation": "organisations",
                 "organization": "organisations", "membership": "memberships", "icss": "ics"}
#: "(Y/N)", "(yes/no)"... after a flag's name.
_YES_NO_HINT = re.compile(r"\(\s*(?:y\s*/\s*n|yes\s*/\s*no|y\s+or\s+n|yes\s+or\s+no)\s*\)")
#: How many non-empty rows from the top may hold a title above the header.
HEADER_SEARCH_ROWS = 20


def exact_name(text: str) -> str:
    """A header as the contract spells it when only case and spaces differ ("Job Title" -> job_title)."""
    return re.sub(r"\s+", "_", text.strip().lower())


def loose_name(text: str) -> str:
    """A header without its punctuation and US spelling ("Clinical Champion (Y/N)" ->
    clinical_champion, "Organization" -> organisation)."""
    text = _YES_NO_HINT.sub(" ", text.strip().lower()).replace("organization", "organisation")
    return re.sub(r"[\W_]+", "_", text).strip("_")


def _tokens(text: str) -> list[str]:
    return [t for t in loose_name(text).split("_") if t]


def contract_file(stem: str) -> str | None:
    """The contract file a file or sheet name stands for ("People" -> people.csv), or None."""
    for name in (exact_name(stem).removesuffix(".csv"), loose_name(stem.removesuffix(".csv"))):
        name = _FILE_ALIASES.get(name, name)
        if f"{name}.csv" in model.LOAD_ORDER:
            return f"{name}.csv"
    return None


def closest_file(stem: str) -> str | None:
    """The contract file a non-contract name most likely meant ("GM ties v3" -> ties.csv)."""
    for token in _tokens(stem):
        token = _FILE_ALIASES.get(token, token)
        if f"{token}.csv" in model.LOAD_ORDER:
            return f"{token}.csv"
    stems = [f.removesuffix(".csv") for f in model.LOAD_ORDER]
    match = difflib.get_close_matches(loose_name(stem), stems, n=1, cutoff=0.75)
    return f"{match[0]}.csv" if match else None


def _column_score(row: list[str], file: str, required_only: bool = False) -> int:
    names = {c.name for c in model.columns_for(file) if c.required or not required_only}
    return sum(1 for cell in row if cell and (exact_name(cell) in names or loose_name(cell) in names))


def find_header(rows: list[list[str]], file: str) -> int:
    """Index of the header among ``rows`` (non-empty rows, top first).

    The header is the first row naming a contract column, so a title above it is passed
    over; when no row names one, the first row (whose problems are then reported).
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _column_score(row, file):
            return index
    return 0


def guess_file(rows: list[list[str]]) -> str | None:
    """The contract file whose columns a sheet with another name has, if it clearly has them:
    two of its required columns at least (a sheet of dropdown lists with "kind" and "stage"
    is not the innovations)."""
    best, best_key = None, (0, 0, 0.0)
    for file in model.LOAD_ORDER:
        columns = model.columns_for(file)
        top = rows[:HEADER_SEARCH_ROWS]
        required = max((_column_score(row, file, required_only=True) for row in top), default=0)
        score = max((_column_score(row, file) for row in top), default=0)
        key = (required, score, score / len(columns))
        if required >= 2 and key > best_key:
            best, best_key = file, key
    return best


@dataclass
class Header:
    """The columns a header row stands for, and what was noticed on the way."""

    names: list[str]  # contract or extra column name for each header cell ('' for a blank cell)
    confident: dict[int, str] = field(default_factory=dict)  # cell index -> column, read after normalising
    near: dict[int, str] = field(default_factory=dict)  # cell index -> column it looks like (not used)
    missing: list[str] = field(default_factory=list)  # required columns absent
    #: missing column -> header cell index that probably means it
    stand_ins: dict[str, int] = field(default_factory=dict)


def _stands_in_for(cell: str, column: model.Column, columns: tuple[model.Column, ...]) -> bool:
    """Whether a header probably means a missing ``column`` ("Person ID" for id, "Full name" for name)."""
    tokens = _tokens(cell)
    key = columns[0].name
    if column.name == key and tokens and tokens[-1] == key:
        # "Person ID" is the key; "Organisation ID" is the organisation column, not the key.
        return not any(c.name in tokens for c in columns[1:])
    wanted = column.name.split("_")
    if all(t in tokens for t in wanted):
        return True
    return difflib.SequenceMatcher(None, loose_name(cell), column.name).ratio() >= 0.75


def map_header(cells: list[str], file: str) -> Header:
    """Match the cells of a header row to the columns of ``file``."""
    columns = model.columns_for(file)
    known = {c.name for c in columns}
    names = [exact_name(c) for c in cells]
    header = Header(names)
    taken = set(names) & known
    for index, cell in enumerate(cells):
        if not cell.strip() or names[index] in known:
            continue
        loose = loose_name(cell)
        if loose in known and loose not in taken:
            names[index] = loose
            header.confident[index] = loose
            taken.add(loose)
            continue
        near = difflib.get_close_matches(loose, sorted(known - taken), n=1, cutoff=0.8)
        if near:
            header.near[index] = near[0]
    for column in columns:
        if column.required and column.name not in taken:
            header.missing.append(column.name)
            stand_in = next((i for i, cell in enumerate(cells) if cell.strip() and names[i] not in known
                             and _stands_in_for(cell, column, columns)), None)
            if stand_in is not None:
                header.stand_ins[column.name] = stand_in
    return header
