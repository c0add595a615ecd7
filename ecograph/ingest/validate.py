"""Check every row of every table against the model and turn it into nodes and relationships.

Every problem is collected (not just the first) so a coordinator fixes a file in one go.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Any, Callable

import pyarrow as pa
import pyarrow.compute as pc

from .. import ids as idtools
from .. import model
from ..errors import Problem, warning
from . import columnar
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
    #: Rows checked by column (see :mod:`.columnar`), besides ``nodes`` and ``rels``: label ->
    #: the given properties (the key included), and relationship -> ``source``, ``target`` and
    #: the given properties. Only for kinds the store holds none of, so they own nothing.
    column_nodes: dict[str, pa.Table] = field(default_factory=dict)
    column_rels: dict[RelKey, pa.Table] = field(default_factory=dict)

    def count(self) -> int:
        return (sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))
                + sum(t.num_rows for t in self.column_nodes.values())
                + sum(t.num_rows for t in self.column_rels.values()))

    def size(self, name: str) -> int:
        """Nodes of a label, or relationships of a type, in the dataset."""
        if name in model.NODE_BY_LABEL:
            table = self.column_nodes.get(name)
            return len(self.nodes.get(name, {})) + (table.num_rows if table is not None else 0)
        return sum(len(v) for k, v in self.rels.items() if k[0] == name) + sum(
            t.num_rows for k, t in self.column_rels.items() if k[0] == name)

    def node_keys(self, label: str) -> set[str]:
        """The keys of the nodes of ``label``, checked by row or by column."""
        keys = set(self.nodes.get(label, {}))
        if label in self.column_nodes:
            keys.update(self.column_nodes[label][model.NODE_BY_LABEL[label].key].to_pylist())
        return keys

    def pairs(self, key: RelKey) -> dict[str, str]:
        """Source -> target of a single-valued relationship, checked by row or by column."""
        out = {a: b for a, b in self.rels.get(key, {})}
        if key in self.column_rels:
            table = self.column_rels[key]
            out.update(zip(table["source"].to_pylist(), table["target"].to_pylist()))
        return out


@dataclass
class StoredState:
    """What the store holds that an ingest could touch (see :func:`ecograph.ingest.load.read_state`)."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    rels: dict[RelKey, dict[tuple[str, str], dict[str, Any]]] = field(default_factory=dict)

    def keys(self) -> dict[str, set[str]]:
        return {label: set(rows) for label, rows in self.nodes.items()}

    def targets(self, rel: str, source: str, target: str) -> dict[str, str]:
        """Source id -> target id of a single-valued stored relationship (a person's team)."""
        return {a: b for a, b in self.rels.get((rel, source, target), {})}


#: Parsed cells are cached: a column holds few distinct dates, flags and kinds among many rows.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def parse_flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in model.FLAG_TRUE:
        return True
    if value in model.FLAG_FALSE:
        return False
    return None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@lru_cache(maxsize=_CACHE)
def parse_date(text: str) -> str | None:
    """ISO date from YYYY-MM-DD, DD/MM/YYYY or YYYY-MM; None if it is not a date."""
    value = text.strip()
    if _ISO_DATE.fullmatch(value):  # the common form, without strptime's cost
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass  # not a real day: the formats below decide, as for any other text
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


def _kind_fix(text: str, vocabulary: str) -> str:
    """'did you mean X?', or the choices when the phrase could mean several kinds."""
    choices = [f"'{k}'" for k in model.suggest_kinds(text, vocabulary)]
    values = model.VOCABULARIES[vocabulary]
    listed = (f"write one of {', '.join(values)} (`ecograph kinds` lists the spellings accepted)"
              if vocabulary.endswith("-stage") else "`ecograph kinds` lists the valid kinds")
    if len(choices) == 1:
        return f"did you mean {choices[0]}? {listed}"
    if choices:
        return f"it could be {', '.join(choices[:-1])} or {choices[-1]}: write the one that fits ({listed})"
    return listed


@lru_cache(maxsize=_CACHE)
def _canonical_kind(text: str, vocabulary: str) -> str | None:
    return model.canonical_kind(text, vocabulary)


def _parse_role(text: str) -> str | None:
    value = text.strip().lower()
    return value if value in model.ROLES else None


#: Column type -> (parser returning None for a bad value, problem, fix).
_PARSERS: dict[str, tuple[Any, str, str]] = {
    "flag": (parse_flag, "not a yes/no value", "write yes or no (also accepted: true/false, 1/0, or blank for no)"),
    "date": (parse_date, "not a date", "write the date as YYYY-MM-DD, e.g. 2024-04-01 (DD/MM/YYYY is accepted too)"),
    "role": (_parse_role, "unknown role", "write lead or member (blank means member)"),
}


#: Column types whose non-blank cells are parsed (the rest are kept as written).
_CHECKED = frozenset({"kind", *_PARSERS})


def _blank(column: model.Column) -> Any:
    """The value of an optional cell left blank: no for a flag, else nothing."""
    return False if column.type == "flag" else None


def _parser(column: model.Column) -> Callable[[str], Any]:
    """The function :meth:`_Checker.cell` checks a non-blank cell of ``column`` with."""
    if column.type == "kind":
        vocabulary = column.vocabulary
        return lambda text: _canonical_kind(text, vocabulary)
    return _PARSERS[column.type][0]


def _id_columns(file: str) -> list[model.Column]:
    """The columns of a contract file that hold ids or codes: its key and its references."""
    columns = model.columns_for(file)
    keys = [columns[0]] if file in model.NODE_BY_FILE else []
    return keys + [c for c in columns if c.type in ("ref", "refs")]


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:5]))
    return f"row {shown}" if len(rows) == 1 else f"rows {shown}" + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


class _Checker:
    def __init__(self, tables: list[Table], stored: StoredState):
        self.tables = {t.file: t for t in tables}
        self.stored = stored
        self.existing = stored.keys()  # label -> keys already in the store
        self.problems: list[Problem] = []
        self.data = Dataset()
        # every id in the input: id -> (label, file, row). ICS codes are a namespace of their
        # own: an ICS is coded by its ICB's ODS code, which is also the ICB organisation's id.
        self.ids: dict[str, tuple[str, str, int]] = {}
        self.ics_codes: dict[str, tuple[str, str, int]] = {}
        # code form -> id as given or stored, for references written in any case ("rbv")
        self.by_code: dict[bool, dict[str, str]] = {}

    # -- rows read as columns (see .columnar) ----------------------------------------------
    # Whole-column checks find the rows that are certainly clean; every other row moves to
    # ``table.rows``, in row order, before the per-row pass that reports it runs. A clean row
    # gives no problem, so the problems and their order are those of the per-row path.

    def prepare_columns(self) -> None:
        """Keep columns only where the column checks apply: a kind the store holds none of (so
        no row can update or own a stored one), no extra columns; and set aside for the
        per-row checks the rows that could be the template's examples."""
        for file, table in self.tables.items():
            if table.columns is None:
                continue
            if file in model.NODE_BY_FILE:
                spec = model.NODE_BY_FILE[file]
                stored = bool(self.stored.nodes.get(spec.label))
                known = {c.name for c in spec.columns}
                extra = any(h not in known for h in table.header)
            else:
                rel = model.LINK_BY_FILE[file].rel
                stored = any(pairs for key, pairs in self.stored.rels.items() if key[0] == rel)
                extra = False
            if table.blocked or stored or extra:
                columnar.materialise(table)
                continue
            columns = table.columns
            masks = [pc.match_substring(pc.utf8_lower(columns[c.name]), "xample-")
                     for c in _id_columns(file) if c.name in table.header]
            if "name" in table.header:
                masks += [pc.match_substring(columns["name"], model.EXAMPLE_NAME_SUFFIX),
                          pc.starts_with(pc.utf8_upper(columns["name"]), model.EXAMPLE_PREFIX)]
            columnar.move_rows(table, columnar.any_of(masks, columns.num_rows))

    def column_ids(self) -> None:
        """Before the ids are collected, set aside for the per-row pass the rows of node tables
        read as columns whose id is blank, or shares its code form (" rbv" is RBV) with another
        id of the input or the store: the per-row pass reports them, and every id left is
        unique whatever the form a reference writes it in."""
        tables = [(spec, self.tables[spec.file]) for spec in model.NODES
                  if spec.file in self.tables and self.tables[spec.file].columns is not None]
        if not tables:
            return
        others = [idtools.code_form(k) for label, keys in self.existing.items() if label != "ICS" for k in keys]
        for spec in model.NODES:
            table = self.tables.get(spec.file)
            if spec.label != "ICS" and table is not None and spec.key in table.header:
                others += [idtools.code_form(c[spec.key]) for _, c in table.rows if c.get(spec.key)]
        forms = [columnar.code_form(table.columns[spec.key]) for spec, table in tables]
        twice = columnar.repeated(columnar.concat(forms + [pa.array(others, pa.string())]))
        for (spec, table), form in zip(tables, forms):
            columnar.move_rows(table, pc.or_(pc.is_in(form, value_set=twice), pc.equal(form, "")))

    def add_column_ids(self) -> None:
        """The ids of the rows left as columns (unique: see :meth:`column_ids`)."""
        for spec in model.NODES:
            table = self.tables.get(spec.file)
            if table is not None and table.columns is not None:
                columns = table.columns
                self.ids.update(zip(columns[spec.key].to_pylist(),
                                    zip(repeat(spec.label), repeat(table.source), columns[columnar.ROW].to_pylist())))

    def id_set(self, label: str) -> pa.Array:
        """The ids a reference to a ``label`` resolves as written: the input's ids of that
        kind, and the store's that the input does not use for something else."""
        found = [k for k, v in self.ids.items() if v[0] == label]
        found += [k for k in self.existing.get(label, ()) if k not in self.ids]
        return pa.array(found, pa.string())

    def check_columns(self, table: Table, columns: tuple[model.Column, ...]
                      ) -> tuple[dict[str, pa.Array], list[pa.Array]]:
        """The values of a table's columns as the per-row checks would make them, and masks of
        the rows those checks would report (a blank required cell, a value that does not parse,
        a reference that is not an id of the right kind, dates out of order)."""
        data = table.columns
        values: dict[str, pa.Array] = {}
        bad: list[pa.Array] = []
        for column in columns:
            if column.name not in table.header:
                continue
            text = data[column.name]
            blank = pc.equal(text, "")
            if column.required:
                bad.append(blank)
            if column.type == "ref":
                bad.append(pc.and_(pc.invert(blank), pc.invert(pc.is_in(text, value_set=self.id_set(column.targets[0])))))
                values[column.name] = text
            elif column.type in _CHECKED:
                flag = column.type == "flag"
                parsed, wrong = columnar.parse_column(text, _parser(column), pa.bool_() if flag else pa.string())
                bad.append(wrong)
                values[column.name] = parsed.fill_null(False) if flag else parsed
            else:
                values[column.name] = pc.if_else(blank, pa.scalar(None, pa.string()), text)
        for earlier, later, strict in model.DATE_ORDER.get(table.file, ()):
            if earlier in values and later in values:
                first, last = values[earlier], values[later]
                wrong = pc.less_equal(last, first) if strict else pc.less(last, first)
                bad.append(wrong.fill_null(False))
        return values, bad

    def check_node_columns(self, spec: model.NodeSpec, table: Table) -> None:
        """Node rows read as columns: the clean ones become ``data.column_nodes`` and their
        references ``data.column_rels``; the rest move to the per-row pass."""
        values, bad = self.check_columns(table, spec.columns)
        keep = pc.invert(columnar.any_of(bad, table.columns.num_rows))
        key = values[spec.key]
        refs = [c for c in spec.columns if c.type == "ref" and c.name in values]
        props = {name: v for name, v in values.items() if name not in {c.name for c in refs}}
        self.data.column_nodes[spec.label] = pa.table(props).filter(keep)
        for column in refs:
            rel = model.REFERENCE_RELS[(spec.label, column.name)]
            given = pc.and_(keep, pc.not_equal(values[column.name], ""))
            self.add_column_rels((rel, spec.label, column.targets[0]),
                                 pa.table({"source": key, "target": values[column.name]}).filter(given))
        columnar.move_rows(table, pc.invert(keep))
        table.columns = None

    def add_column_rels(self, key: RelKey, rels: pa.Table) -> None:
        earlier = self.data.column_rels.get(key)
        self.data.column_rels[key] = rels if earlier is None else pa.concat_tables([earlier, rels])

    def check_link_columns(self, spec: model.LinkSpec, table: Table) -> None:
        """Link rows read as columns: the clean ones become ``data.column_rels``; the rest
        (and every row of a link listed twice) move to the per-row pass."""
        values, bad = self.check_columns(table, spec.columns)
        source, target = values[spec.from_column], values[spec.to_column]
        a, b = columnar.code_form(source), columnar.code_form(target)
        written = [(idtools.code_form(c.get(spec.from_column, "")), idtools.code_form(c.get(spec.to_column, "")))
                   for _, c in table.rows]
        if spec.rel == "KNOWS":  # a tie is undirected: (a, b) is (b, a), and a tie to oneself is wrong
            bad.append(pc.equal(a, b))
            swap = pc.less(target, source)
            source, target = pc.if_else(swap, target, source), pc.if_else(swap, source, target)
            a, b = pc.if_else(pc.less(b, a), b, a), pc.if_else(pc.less(b, a), a, b)
            written = [tuple(sorted(pair)) for pair in written]
        pair = pc.binary_join_element_wise(a, b, "\x00")
        others = pa.array(["\x00".join(p) for p in written], pa.string())
        twice = columnar.repeated(columnar.concat([pair, others]))
        bad.append(pc.is_in(pair, value_set=twice))
        keep = pc.invert(columnar.any_of(bad, table.columns.num_rows))
        if spec.rel == "MEMBER_OF" and "role" in values:
            values["role"] = values["role"].fill_null("member")
        rel_props = model.REL_BY_TYPE[spec.rel].properties
        props = {p: values[p] for p in rel_props if p in values}
        from_label = next(c for c in spec.columns if c.name == spec.from_column).targets[0]
        to_label = next(c for c in spec.columns if c.name == spec.to_column).targets[0]
        self.add_column_rels((spec.rel, from_label, to_label),
                             pa.table({"source": source, "target": target, **props}).filter(keep))
        columnar.move_rows(table, pc.invert(keep))
        table.columns = None

    # -- before anything else: codes, example rows, unsafe characters ------------------------

    def screen(self) -> None:
        """Store ICS and ODS codes upper-case, and set aside the rows no check should see:
        the template's example rows (one problem per file) and rows whose ids hide invisible
        or look-alike characters (one problem per cell, naming the character)."""
        for file, table in self.tables.items():
            id_names = [c.name for c in _id_columns(file) if c.name in table.header]
            examples: list[int] = []
            kept = []
            codes = file in ("ics.csv", "organisations.csv")
            for row, cells in table.rows:
                if codes:
                    self.normalise_codes(file, cells)
                ids = [cells[name] for name in id_names]
                name = cells.get("name", "")
                # quick tests first: most rows are neither examples nor hold odd characters
                maybe = "xample-" in "|".join(ids).lower()
                if (maybe or name[:1] in ("e", "E") or model.EXAMPLE_NAME_SUFFIX in name) and (
                        model.is_example_value(name) or maybe and any(map(model.is_example_value, ids))):
                    examples.append(row)
                    continue
                plain = "".join(cells.values())
                if not (plain.isascii() and plain.isprintable()) and self.unsafe(table, row, cells, id_names):
                    continue
                kept.append((row, cells))
            table.rows = kept
            if examples:
                self.problem(table, examples[0], None, None,
                             f"{len(examples)} example row{'s' if len(examples) > 1 else ''} from the template "
                             f"({_rows_text(examples)}), recognised by ids starting {model.EXAMPLE_PREFIX} or "
                             f"names ending '{model.EXAMPLE_NAME_SUFFIX}'",
                             "delete the example rows, keep the header and your own rows, and run again")

    @staticmethod
    def normalise_codes(file: str, cells: dict[str, str]) -> None:
        if file == "ics.csv" and cells.get("code"):
            cells["code"] = idtools.code_form(cells["code"])
        if file == "organisations.csv":
            if cells.get("id"):
                cells["id"] = idtools.organisation_key(cells["id"])
            if cells.get("ics"):
                cells["ics"] = idtools.code_form(cells["ics"])

    def unsafe(self, table: Table, row: int, cells: dict[str, str], id_names: list[str]) -> bool:
        """Report ids with invisible or look-alike characters, and NUL anywhere; True if any."""
        found = False
        for name, text in cells.items():
            is_id = name in id_names
            if is_id:
                reasons = idtools.suspicious_characters(text)
            elif "\x00" in text:
                reasons = ["U+0000 NULL is invisible"]
            else:
                continue
            if reasons:
                found = True
                self.problem(table, row, name, text.replace("\x00", "\\0"),
                             ("the id" if is_id else "the value") + " contains " + "; ".join(reasons),
                             "retype it with plain letters and digits (a copy from a web page or "
                             "another system can bring hidden or foreign characters)")
        return found

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
            return True, _blank(column)
        if column.type == "kind":
            value = _canonical_kind(text, column.vocabulary)
            message = f"unknown {model.VOCABULARY_NOUNS[column.vocabulary]}"
            fix = _kind_fix(text, column.vocabulary) if value is None else ""
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

    def code_index(self, ics: bool) -> dict[str, str]:
        """Code form -> id, of every id in the input and the store (ICS codes or the rest)."""
        if ics not in self.by_code:
            keys = list(self.ics_codes if ics else self.ids)
            keys += [k for label, ks in self.existing.items() if (label == "ICS") == ics for k in ks]
            self.by_code[ics] = {idtools.code_form(k): k for k in keys}
        return self.by_code[ics]

    def resolve(self, table: Table, row: int, column: model.Column, ref: str) -> tuple[str, str] | None:
        """``(id, label)`` of the entity ``ref`` names, or None (with a problem recorded).

        ICS and ODS codes match whatever their case and spacing (" rbv" is RBV)."""
        is_ics = column.targets == ("ICS",)
        ids = self.ics_codes if is_ics else self.ids
        known = ids.get(ref)
        if known is not None and known[0] in column.targets:
            return ref, known[0]  # the common case: an id of the input, of the right kind
        existing = {l: k for l, k in self.existing.items() if (l == "ICS") == is_ics}
        if ref not in ids and not any(ref in keys for keys in existing.values()) and (
                is_ics or idtools.is_ods_code(ref)):
            ref = self.code_index(is_ics).get(idtools.code_form(ref), ref)
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
            files = [model.NODE_BY_LABEL[t].file for t in column.targets]
            unread = [f for f in files if f in self.tables and model.NODE_BY_FILE[f].key not in self.tables[f].header]
            absent = not any(f in self.tables for f in files) and not any(self.existing.get(t) for t in column.targets)
            cause = (f" ({' and '.join(unread)} could not be read: see {'their' if len(unread) > 1 else 'its'} "
                     "problem above)" if unread else
                     f" (the input has no {' or '.join(files)} and the store none either)" if absent else "")
            self.problem(table, row, column.name, ref, f"no {what} has this id, here or in the store" + cause,
                         (f"did you mean {', '.join(near)}? " if near else "")
                         + "add it to " + " or ".join(files) + " or correct the id")
            return None
        if label not in column.targets:
            wanted = " or ".join(column.targets)
            self.problem(table, row, column.name, ref, f"this id is {_a(label)}, not {_a(wanted)}",
                         f"use the id of {_a(wanted)}")
            return None
        return ref, label

    def add_rel(self, rel: str, source_label: str, target_label: str, source: str, target: str,
                props: dict[str, Any], table: Table, row: int, rows_seen: dict) -> None:
        key = (rel, source_label, target_label)
        pair = (source, target)
        if (key, pair) in rows_seen:
            self.duplicate_link(table, row, pair, rows_seen[(key, pair)])
            return
        rows_seen[(key, pair)] = row
        self.data.rels.setdefault(key, {})[pair] = props

    def duplicate_link(self, table: Table, row: int, pair: tuple[str, str], first: int) -> None:
        self.problem(table, row, None, f"{pair[0]} → {pair[1]}",
                     f"the same link is listed twice (also row {first})", "delete one of the rows")

    def check_nodes(self) -> None:
        for spec in model.NODES:
            table = self.tables.get(spec.file)
            if table is None or table.blocked or not self.columns_present(table, spec.columns):
                continue  # a blocked table's cause is reported once, by the reader
            known = {c.name for c in spec.columns}
            extras = [h for h in table.header if h and h not in known]
            present = [(c, c.name, c.type in ("ref", "refs"), c.type in _CHECKED) for c in spec.columns
                       if c.name in table.header]
            if table.columns is not None:
                self.check_node_columns(spec, table)
            ordered = spec.file in model.DATE_ORDER
            seen_rels: dict = {}
            nodes = self.data.nodes.setdefault(spec.label, {})
            for row, cells in table.rows:
                props: dict[str, Any] = {}
                refs: list[tuple[model.Column, str]] = []
                ok = True
                for column, name, is_ref, checked in present:
                    text = cells.get(name, "")
                    if is_ref:
                        if column.required and not text:
                            self.cell(table, row, column, text)
                            ok = False
                        refs.append((column, text))
                        continue
                    if text and not checked:
                        props[name] = text  # plain text: nothing to check
                        continue
                    if not text and not column.required:
                        props[name] = _blank(column)
                        continue
                    good, value = self.cell(table, row, column, text)
                    ok &= good
                    props[name] = value
                if extras:
                    extra = {h: cells[h] for h in extras if cells.get(h)}
                    props[model.EXTRA_PROPERTY] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
                ok = ok and (not ordered or self.dates_in_order(table, row, props))
                key = props.get(spec.key)
                ids = self.ics_codes if spec.label == "ICS" else self.ids
                if not ok or not key or ids.get(key, ("",))[1:] != (table.source, row):
                    continue  # a bad row, or the second use of an id (already reported)
                for column, text in refs:
                    rel = model.REFERENCE_RELS[(spec.label, column.name)]
                    self.data.owned.setdefault((rel, spec.label), set()).add(key)
                    targets = [t.strip() for t in text.split(";") if t.strip()] if column.type == "refs" else [text] if text else []
                    for target in targets:
                        found = self.resolve(table, row, column, target)
                        if found is None:
                            continue
                        target, label = found
                        if rel == "SUCCEEDED_BY" and not self.successor_fits(table, row, column, key, target, props):
                            continue
                        if rel == "DEVELOPED":  # developed_by points from the developer
                            self.add_rel(rel, label, spec.label, target, key, {}, table, row, seen_rels)
                        else:
                            self.add_rel(rel, spec.label, label, key, target, {}, table, row, seen_rels)
                nodes[key] = props

    def check_links(self) -> None:
        """Each link row becomes a relationship. Most rows are clean: their cells are read
        inline (an id of the input of the right kind, a plain or parseable value); any other
        cell goes through :meth:`cell` and :meth:`resolve`, which report it."""
        for spec in model.LINKS:
            table = self.tables.get(spec.file)
            if table is None or table.blocked or not self.columns_present(table, spec.columns):
                continue
            if table.columns is not None:
                self.check_link_columns(spec, table)
            present = [(c, c.name, c.type == "ref", c.type in _CHECKED, _PARSERS.get(c.type, (None,))[0],
                        self.ics_codes if c.targets == ("ICS",) else self.ids, c.targets, c.name == spec.from_column)
                       for c in spec.columns if c.name in table.header]
            rel_props = model.REL_BY_TYPE[spec.rel].properties
            given = [name for _, name, is_ref, *_ in present if not is_ref]
            # the row's values are the relationship's properties as they stand (no copy needed)
            as_is = given == [p for p in rel_props if p in given]
            orders = model.DATE_ORDER.get(spec.file, ())
            seen_rows: dict[RelKey, dict[tuple[str, str], int]] = {}  # the row that gave each link
            rels: dict[RelKey, dict[tuple[str, str], dict[str, Any]]] = {}
            for row, cells in table.rows:
                props: dict[str, Any] = {}
                source = target = None
                for column, name, is_ref, checked, parse, ids, targets, is_from in present:
                    text = cells.get(name, "")
                    if is_ref:
                        known = ids.get(text)
                        if known is not None and known[0] in targets:
                            end = (text, known[0])  # what resolve() gives, without the call
                        else:
                            good = bool(text) or self.cell(table, row, column, text)[0]
                            end = self.resolve(table, row, column, text) if good else None
                        if is_from:
                            source = end
                        else:
                            target = end
                    elif text and not checked:
                        props[name] = text  # plain text: nothing to check
                    elif text and parse is not None and (value := parse(text)) is not None:
                        props[name] = value  # a good date, flag or role (a bad one: self.cell reports it)
                    elif not text and not column.required:
                        props[name] = _blank(column)
                    else:
                        good, value = self.cell(table, row, column, text)
                        props[name] = value if good else None
                if not source or not target:
                    continue
                for earlier, later, strict in orders:
                    first, last = props.get(earlier), props.get(later)
                    if first and last and (last <= first if strict else last < first):
                        break
                else:
                    first = None
                if first is not None and not self.dates_in_order(table, row, props):
                    continue
                if spec.rel == "MEMBER_OF" and "role" in props and props["role"] is None:
                    props["role"] = "member"
                if spec.rel == "KNOWS":
                    if source[0] == target[0]:
                        self.problem(table, row, spec.to_column, target[0], "a person is tied to themselves",
                                     "remove the row or correct one of the ids")
                        continue
                    if target < source:
                        source, target = target, source  # a tie is undirected: store it once
                key = (spec.rel, source[1], target[1])
                pair = (source[0], target[0])
                if key not in rels:
                    rels[key] = self.data.rels.setdefault(key, {})
                    seen_rows[key] = {}
                first = seen_rows[key].setdefault(pair, row)
                if first != row:
                    self.duplicate_link(table, row, pair, first)
                    continue
                rels[key][pair] = props if as_is else {p: props.get(p) for p in rel_props if p in props}

    # -- dates and successors ----------------------------------------------------------------

    def dates_in_order(self, table: Table, row: int, props: dict[str, Any]) -> bool:
        """The row's dated columns come in order (:data:`ecograph.model.DATE_ORDER`); a problem
        naming the later column when not."""
        ok = True
        for earlier, later, strict in model.DATE_ORDER.get(table.file, ()):
            first, last = props.get(earlier), props.get(later)
            if not first or not last or (last > first if strict else last >= first):
                continue
            ok = False
            self.problem(table, row, later, last,
                         f"{later} is {'not after' if strict and last == first else 'before'} {earlier} ({first})",
                         f"correct one of the dates: {later} must be after {earlier}"
                         + ("" if strict else " or the same day"))
        return ok

    def successor_fits(self, table: Table, row: int, column: model.Column, key: str, target: str,
                       props: dict[str, Any]) -> bool:
        """An organisation does not succeed itself (a problem); a successor with no close date is
        a warning (the organisation still counts as open)."""
        if target == key:
            self.problem(table, row, column.name, target, "an organisation cannot succeed itself",
                         "give the id of the organisation that took over its work, or leave it blank")
            return False
        if not props.get("closed"):
            self.problems.append(warning(
                table.source, row, column.name, target,
                "a successor is given but no close date: the organisation still counts as open",
                "fill in 'closed' with the date it closed or merged (or blank succeeded_by)"))
        return True

    def check_successor_cycles(self) -> None:
        """Successors may not go round in a circle (A succeeded by B, B by A), counting what the
        store holds for organisations this input does not list."""
        successor = self.final("SUCCEEDED_BY", "Organisation", "Organisation")
        reported: set[str] = set()
        for start in sorted(successor):
            chain, node = [start], successor.get(start)
            while node is not None and node not in chain and node not in reported:
                chain.append(node)
                node = successor.get(node)
            if node is None or node not in chain:
                reported.update(chain)
                continue
            cycle = chain[chain.index(node):]
            reported.update(chain)
            here = next((o for o in cycle if o in self.data.nodes.get("Organisation", {})), cycle[0])
            _, source, row = self.ids.get(here, ("", "organisations.csv", None))
            self.problems.append(Problem(
                source, row, "succeeded_by", here,
                "successors go round in a circle: " + " → ".join(cycle + [cycle[0]]),
                "each organisation's successor must be one that did not close into it: correct succeeded_by"))

    # -- the whole picture -------------------------------------------------------------------

    def final(self, rel: str, source: str, target: str) -> dict[str, str]:
        """Source id -> target id of a single-valued relationship once this input is loaded:
        the input's rows, and the stored ones of sources whose rows do not name it."""
        owned = self.data.owned.get((rel, source), set())
        result = {a: b for a, b in self.stored.targets(rel, source, target).items() if a not in owned}
        result.update(self.data.pairs((rel, source, target)))
        return result

    def check_teams_and_organisations(self) -> None:
        """A person's team is part of the person's organisation, whether the people, the teams
        or both are in this input and the rest is in the store."""
        team_org = self.final("PART_OF", "Team", "Organisation")
        person_org = self.final("WORKS_FOR", "Person", "Organisation")
        person_team = self.final("WORKS_IN", "Person", "Team")
        people = self.data.node_keys("Person")
        teams = self.data.node_keys("Team")
        team_given = self.data.owned.get(("WORKS_IN", "Person"), set())
        stranded: dict[str, list[str]] = {}
        for person, team in sorted(person_team.items()):
            org, owner = person_org.get(person), team_org.get(team)
            if not org or not owner or org == owner:
                continue
            if person in people:
                _, source, row = self.ids[person]
                where = "" if team in teams else " (in the store)"
                if person in team_given:
                    self.problems.append(Problem(
                        source, row, "team", team, f"team {team}{where} is part of organisation {owner}, not {org}",
                        "correct the team or the organisation"))
                else:
                    self.problems.append(Problem(
                        source, row, "organisation", org,
                        f"{person} would work for {org} but stay in team {team} of {owner}{where}",
                        "add a team column: their team at the new organisation, or blank to leave the team"))
            elif team in teams:
                stranded.setdefault(team, []).append(f"{person} (works for {org})")
        for team, members in stranded.items():
            _, source, row = self.ids[team]
            shown = ", ".join(members[:10]) + (f" and {len(members) - 10} more" if len(members) > 10 else "")
            self.problems.append(Problem(
                source, row, "organisation", team_org[team],
                f"moving team {team} to organisation {team_org[team]} would leave its members, stored as "
                f"working elsewhere, in a team of another organisation: {shown}",
                f"move them too (list them in people.csv with organisation {team_org[team]}, or with another "
                "team or a blank team), or keep the team's organisation"))

    def check_duplicate_people(self) -> None:
        """Warn about two ids for one probable person: the same name (ignoring case, accents,
        spaces and punctuation) at the same organisation, here or in the store."""
        people: Any = self.data.nodes.get("Person", {})
        column = self.data.column_nodes.get("Person")
        if not people and column is None:
            return
        org_of = self.final("WORKS_FOR", "Person", "Organisation")
        stored = self.stored.nodes.get("Person", {})
        names = {p: r.get("name") for p, r in stored.items()}
        names.update({p: props.get("name") for p, props in people.items()})
        if column is not None:  # none stored: only people sharing a name and an organisation matter
            keys = column["id"].to_pylist() + list(people)
            given = columnar.concat([column["name"].fill_null(""),
                                      pa.array([str(names[p] or "") for p in people], pa.string())])
            name_keys, _ = columnar.parse_column(given, lambda name: "=" + idtools.name_key(name), pa.string())
            orgs = pa.array([org_of.get(p) for p in keys], pa.string())
            pair = pc.binary_join_element_wise(name_keys, orgs, "\x00")  # null when either is missing
            shared = pc.is_in(pair, value_set=columnar.repeated(pair.drop_null())).to_pylist()
            names = {p: names.get(p) for p, hit in zip(keys, shared) if hit and p in people}
            names.update((p, n) for p, n, hit in zip(keys, given.to_pylist(), shared) if hit)
            people = dict.fromkeys(names)
        seen: dict[tuple[str, str], str] = {}
        # stored people first, then the input's in row order: the later one gets the warning
        order = [p for p in stored if p not in people] + sorted(people, key=lambda p: self.ids[p][1:])
        for person in order:
            name, org = names.get(person), org_of.get(person)
            if not name or not org:
                continue
            key = (idtools.name_key(str(name)), org)
            first = seen.setdefault(key, person)
            if first == person or person not in people:
                continue
            _, source, row = self.ids[person]
            where = f"{self.ids[first][1]} row {self.ids[first][2]}" if first in people else "in the store"
            self.problems.append(warning(
                source, row, "name", f"{name}; {first} at {org} is '{names[first]}' ({where})",
                "probably the same person as another id at the same organisation",
                "if it is one person, keep one id (with their ties) and delete the other row; if not, ignore this"))


def validate(tables: list[Table], existing: dict[str, set[str]] | None = None,
             stored: StoredState | None = None) -> tuple[Dataset, list[Problem]]:
    """Check ``tables`` against the model and against what the store holds.

    ``stored`` (from :func:`ecograph.ingest.load.read_state`) lets references point into the
    store and keeps the stored picture consistent (a person's team stays in the person's
    organisation, people already stored are compared for duplicates); ``existing`` (label ->
    keys in the store) is enough when only references matter.

    Returns the normalised dataset and every problem found (warnings included; empty when the
    input is good).
    """
    if stored is None:
        stored = StoredState({label: dict.fromkeys(keys, {}) for label, keys in (existing or {}).items()})
    checker = _Checker(tables, stored)
    checker.prepare_columns()
    checker.screen()
    checker.column_ids()
    checker.collect_ids()
    checker.add_column_ids()
    checker.check_nodes()
    checker.check_links()
    checker.check_successor_cycles()
    checker.check_teams_and_organisations()
    checker.check_duplicate_people()
    return checker.data, checker.problems
