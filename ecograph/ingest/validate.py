"""Check every row of every table against the model and turn it into nodes and relationships.

Every problem is collected (not just the first) so a coordinator fixes a file in one go.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..errors import Problem
from .reader import Table

RelKey = tuple[str, str, str]  # (type, source label, target label)


@dataclass
class Dataset:
    """Validated, normalised input, ready to compare with the store."""

    #: label -> key -> properties (the key included; only columns the input gave)
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: relationship -> (source id, target id) -> properties
    rels: dict[RelKey, dict[tuple[str, str], dict[str, Any]]] = field(default_factory=dict)
    #: reference relationships a node row owns: (type, source label) -> source ids.
    #: Stored relationships of that type from these nodes that the input no longer names go.
    owned: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))


def parse_flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in model.FLAG_TRUE:
        return True
    if value in model.FLAG_FALSE:
        return False
    return None


def parse_date(text: str) -> str | None:
    """ISO date from YYYY-MM-DD, DD/MM/YYYY or YYYY-MM; None if it is not a date."""
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return dt.datetime.strptime(value, "%Y-%m").date().isoformat()[:7]
    except ValueError:
        return None


def _a(noun: str) -> str:
    return ("an " if noun[0] in "AEIOU" else "a ") + noun


def closest(value: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates nearest to ``value``, for a 'did you mean'."""
    return difflib.get_close_matches(value, candidates, n=n, cutoff=0.5)


def _parse_role(text: str) -> str | None:
    value = text.strip().lower()
    return value if value in model.ROLES else None


#: Column type -> (parser returning None for a bad value, problem, fix).
_PARSERS: dict[str, tuple[Any, str, str]] = {
    "flag": (parse_flag, "not a yes/no value", "write yes or no (also accepted: true/false, 1/0, or blank for no)"),
    "date": (parse_date, "not a date", "write the date as YYYY-MM-DD, e.g. 2024-04-01 (DD/MM/YYYY is accepted too)"),
    "role": (_parse_role, "unknown role", "write lead or member (blank means member)"),
}


class _Checker:
    def __init__(self, tables: list[Table], existing: dict[str, set[str]]):
        self.tables = {t.file: t for t in tables}
        self.existing = existing  # label -> keys already in the store
        self.problems: list[Problem] = []
        self.data = Dataset()
        # every id in the input: id -> (label, file, row). ICS codes are a namespace of their
        # own: an ICS is coded by its ICB's ODS code, which is also the ICB organisation's id.
        self.ids: dict[str, tuple[str, str, int]] = {}
        self.ics_codes: dict[str, tuple[str, str, int]] = {}
        self.team_org: dict[str, str] = {}

    def problem(self, table: Table, row: int | None, column: str | None, value: str | None,
                message: str, fix: str = "") -> None:
        self.problems.append(Problem(table.source, row, column, value, message, fix))

    # -- cells ------------------------------------------------------------------------------

    def cell(self, table: Table, row: int, column: model.Column, text: str) -> tuple[bool, Any]:
        """Check one cell; returns (ok, normalised value)."""
        if not text:
            if column.required:
                self.problem(table, row, column.name, None, "a required value is empty",
                             f"fill in the {column.name} ({column.description.lower()})")
                return False, None
            return True, False if column.type == "flag" else None
        if column.type == "kind":
            value = model.canonical_kind(text, column.vocabulary)
            guess = model.closest_kind(text, column.vocabulary) if value is None else None
            message = f"unknown {column.vocabulary} kind"
            fix = (f"did you mean '{guess}'? " if guess else "") + "`ecograph kinds` lists the valid kinds"
        elif column.type in _PARSERS:
            parse, message, fix = _PARSERS[column.type]
            value = parse(text)
        else:
            return True, text
        if value is None:
            self.problem(table, row, column.name, text, message, fix)
            return False, None
        return True, value

    def columns_present(self, table: Table, columns: tuple[model.Column, ...]) -> bool:
        missing = [c for c in columns if c.required and c.name not in table.header]
        for column in missing:
            self.problem(table, 1, column.name, None, "a required column is missing",
                         f"add a column headed '{column.name}' ({column.description.lower()}); "
                         "`ecograph template DIR` writes files with every column")
        seen: set[str] = set()
        for name in table.header:
            if name and name in seen:
                self.problem(table, 1, name, None, "the column appears twice", "keep one of them")
            seen.add(name)
        return not missing

    # -- passes -----------------------------------------------------------------------------

    def collect_ids(self) -> None:
        """First pass: every id in every node file, so references can point forwards too."""
        for spec in model.NODES:
            table = self.tables.get(spec.file)
            if table is None or spec.key not in table.header:
                continue
            ids = self.ics_codes if spec.label == "ICS" else self.ids
            for row, cells in table.rows:
                key = cells.get(spec.key, "")
                if not key:
                    continue
                if key in ids:
                    label, file, first = ids[key]
                    self.problem(table, row, spec.key, key, f"the id is used twice (also {file} row {first})",
                                 "ids must be unique across all files: give one of them another id")
                    continue
                for other, keys in self.existing.items():
                    if other != spec.label and key in keys and "ICS" not in (other, spec.label):
                        self.problem(table, row, spec.key, key,
                                     f"the id already belongs to a {other} in the store",
                                     "ids must be unique across the whole graph: choose another id")
                ids[key] = (spec.label, table.source, row)
            if spec.label == "Team" and "organisation" in table.header:
                self.team_org.update({c["id"]: c["organisation"] for _, c in table.rows if c.get("id")})

    def resolve(self, table: Table, row: int, column: model.Column, ref: str) -> str | None:
        """The label of the entity ``ref`` names, or None (with a problem recorded)."""
        ids = self.ics_codes if column.targets == ("ICS",) else self.ids
        existing = {l: k for l, k in self.existing.items() if (l == "ICS") == (column.targets == ("ICS",))}
        if ref in ids:
            label = ids[ref][0]
        else:
            label = next((l for l in column.targets if ref in existing.get(l, ())), None)
            if label is None:
                label = next((l for l, keys in existing.items() if ref in keys), None)
        if label is None and any(getattr(self.tables.get(model.NODE_BY_LABEL[t].file), "blocked", False)
                                 for t in column.targets):
            return None  # the ids may be in a table the reader could not read: already reported
        if label is None:
            pool = [k for k, v in ids.items() if v[0] in column.targets]
            pool += [k for l in column.targets for k in self.existing.get(l, ())]
            near = closest(ref, pool)
            what = " or ".join(t if t.isupper() else t.lower() for t in column.targets)
            self.problem(table, row, column.name, ref, f"no {what} has this id, here or in the store",
                         (f"did you mean {', '.join(near)}? " if near else "")
                         + "add it to " + " or ".join(model.NODE_BY_LABEL[t].file for t in column.targets)
                         + " or correct the id")
            return None
        if label not in column.targets:
            wanted = " or ".join(column.targets)
            self.problem(table, row, column.name, ref, f"this id is {_a(label)}, not {_a(wanted)}",
                         f"use the id of {_a(wanted)}")
            return None
        return label

    def add_rel(self, rel: str, source_label: str, target_label: str, source: str, target: str,
                props: dict[str, Any], table: Table, row: int, rows_seen: dict) -> None:
        key = (rel, source_label, target_label)
        pair = (source, target)
        if (key, pair) in rows_seen:
            self.problem(table, row, None, f"{source} → {target}",
                         f"the same link is listed twice (also row {rows_seen[(key, pair)]})",
                         "delete one of the rows")
            return
        rows_seen[(key, pair)] = row
        self.data.rels.setdefault(key, {})[pair] = props

    def check_nodes(self) -> None:
        for spec in model.NODES:
            table = self.tables.get(spec.file)
            if table is None or table.blocked or not self.columns_present(table, spec.columns):
                continue  # a blocked table's cause is reported once, by the reader
            known = {c.name for c in spec.columns}
            extras = [h for h in table.header if h and h not in known]
            present = [c for c in spec.columns if c.name in table.header]
            seen_rels: dict = {}
            nodes = self.data.nodes.setdefault(spec.label, {})
            for row, cells in table.rows:
                props: dict[str, Any] = {}
                refs: list[tuple[model.Column, str]] = []
                ok = True
                for column in present:
                    text = cells.get(column.name, "")
                    if column.type in ("ref", "refs"):
                        if column.required and not text:
                            self.cell(table, row, column, text)
                            ok = False
                        refs.append((column, text))
                        continue
                    good, value = self.cell(table, row, column, text)
                    ok &= good
                    props[column.name] = value
                if extras:
                    extra = {h: cells[h] for h in extras if cells.get(h)}
                    props[model.EXTRA_PROPERTY] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
                key = props.get(spec.key)
                ids = self.ics_codes if spec.label == "ICS" else self.ids
                if not ok or not key or ids.get(key, ("",))[1:] != (table.source, row):
                    continue  # a bad row, or the second use of an id (already reported)
                for column, text in refs:
                    rel = model.REFERENCE_RELS[(spec.label, column.name)]
                    self.data.owned.setdefault((rel, spec.label), set()).add(key)
                    targets = [t.strip() for t in text.split(";") if t.strip()] if column.type == "refs" else [text] if text else []
                    for target in targets:
                        label = self.resolve(table, row, column, target)
                        if label is None:
                            continue
                        if rel == "DEVELOPED":  # developed_by points from the developer
                            self.add_rel(rel, label, spec.label, target, key, {}, table, row, seen_rels)
                        else:
                            self.add_rel(rel, spec.label, label, key, target, {}, table, row, seen_rels)
                if spec.label == "Person":
                    self.check_team_in_organisation(table, row, cells)
                nodes[key] = props

    def check_team_in_organisation(self, table: Table, row: int, cells: dict[str, str]) -> None:
        team, organisation = cells.get("team", ""), cells.get("organisation", "")
        owner = self.team_org.get(team)
        if team and organisation and owner and owner != organisation:
            self.problem(table, row, "team", team,
                         f"team {team} is part of organisation {owner}, not {organisation}",
                         "correct the team or the organisation")

    def check_links(self) -> None:
        for spec in model.LINKS:
            table = self.tables.get(spec.file)
            if table is None or table.blocked or not self.columns_present(table, spec.columns):
                continue
            present = [c for c in spec.columns if c.name in table.header]
            seen_rels: dict = {}
            for row, cells in table.rows:
                props: dict[str, Any] = {}
                ends: dict[str, tuple[str, str] | None] = {}
                for column in present:
                    text = cells.get(column.name, "")
                    if column.type == "ref":
                        good, _ = self.cell(table, row, column, text)
                        label = self.resolve(table, row, column, text) if good else None
                        ends[column.name] = (text, label) if label else None
                    else:
                        good, value = self.cell(table, row, column, text)
                        props[column.name] = value if good else None
                source, target = ends.get(spec.from_column), ends.get(spec.to_column)
                if not source or not target:
                    continue
                if spec.rel == "MEMBER_OF" and "role" in props and props["role"] is None:
                    props["role"] = "member"
                if spec.rel == "KNOWS":
                    if source[0] == target[0]:
                        self.problem(table, row, spec.to_column, target[0], "a person is tied to themselves",
                                     "remove the row or correct one of the ids")
                        continue
                    source, target = sorted((source, target))  # a tie is undirected: store it once
                self.add_rel(spec.rel, source[1], target[1], source[0], target[0],
                             {p: props.get(p) for p in model.REL_BY_TYPE[spec.rel].properties if p in props},
                             table, row, seen_rels)


def validate(tables: list[Table], existing: dict[str, set[str]] | None = None) -> tuple[Dataset, list[Problem]]:
    """Check ``tables`` against the model; ``existing`` holds the keys already in the store.

    Returns the normalised dataset and every problem found (empty when the input is good).
    """
    checker = _Checker(tables, existing or {})
    checker.collect_ids()
    checker.check_nodes()
    checker.check_links()
    return checker.data, checker.problems

