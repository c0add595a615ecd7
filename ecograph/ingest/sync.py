"""Keep the store in line with the spreadsheets: ``ingest --sync`` and ``remove``.

A plain ingest only adds and updates. A sync treats the given files as complete for what they
*cover* and also removes what they no longer list; everything they do not cover is untouched.

What a set of files covers
--------------------------
The **scope** is a set of ICS codes: those named with ``--ics`` (``ics=`` here), otherwise the
codes listed in the files' ``ics.csv``. With neither, a sync refuses to run
(:class:`~ecograph.errors.SyncScopeError`). Every stored entity has a set of *home ICSs*:

========================  ======================================================================
ICS                       itself
Organisation              the ICS it is in
Team, Person              the ICS of its organisation
Barrier                   the ICS whose stakeholders agreed it
Innovation                the home ICSs of everyone who developed it
Partnership               the home ICSs of all its members
========================  ======================================================================

An entity is **in scope** when it has home ICSs and all of them are in the scope; an entity with
none (an innovation nobody is recorded as developing, a partnership with no members) is in scope
only when the scope holds every ICS in the store (the files speak for the whole store).

For each **node file** given, the stored nodes of its kind that are in scope and not listed are
removed, with every relationship they have. For each **link file** given, the stored links of its
kind whose *owner* is in scope and that are not listed are removed; the owner is the member
(memberships), the adopting organisation (adoptions), the champion (champions), the ICS covered
(coverage), and both people for a tie. A node row always owns its reference columns, sync or not
(a person listed with a new organisation loses the old ``WORKS_FOR``). Kinds whose file is not
given are never removed, except the relationships of a node that goes.

A sync refuses (nothing written) when its removals would leave something dangling: a row of the
files that refers to a removed entity (reported as an unknown id), or a stored entity outside the
files whose required reference (a person's organisation, an organisation's ICS, a team's
organisation, a barrier's ICS) would be removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import ids as idtools
from .. import model
from ..errors import (AmbiguousIdError, Cancelled, InputError, Problem, RemovalRefused, SyncScopeError,
                      UnknownIdError, collapse, split_problems)
from ..store import GraphStore
from . import fingerprints as fp
from .load import Counts, IngestSummary, Plan, ProgressFactory, all_rel_keys, plan, read_state, write_plan
from .reader import Table, bulk_rows, read_sources
from .validate import RelKey, StoredState, closest, validate

Node = tuple[str, str]  # (label, key)

#: Node ids per ``WHERE n.id IN $ids`` statement.
NODE_BATCH = 10_000

#: The end of a link file's relationship that decides whether the link is in scope.
LINK_OWNER: dict[str, str] = {"MEMBER_OF": "source", "ADOPTED": "source", "CHAMPIONS": "source",
                              "COVERS": "target", "KNOWS": "both"}

#: Reference columns every node must have: removing their target would leave the node dangling.
REQUIRED_REFS: tuple[tuple[str, str, str], ...] = tuple(
    (rel, label, column) for (label, column), rel in model.REFERENCE_RELS.items()
    if next(c for c in model.NODE_BY_LABEL[label].columns if c.name == column).required)


@dataclass
class Removals:
    """What a sync or a ``remove`` takes out of the store."""

    #: label -> keys of the nodes removed (each with every relationship it has)
    nodes: dict[str, list[str]] = field(default_factory=dict)
    #: relationship -> (source, target) pairs removed on their own (their nodes stay)
    rels: dict[RelKey, list[tuple[str, str]]] = field(default_factory=dict)
    #: relationship -> pairs that go because one of their nodes goes
    detached: dict[RelKey, list[tuple[str, str]]] = field(default_factory=dict)
    #: (label, key) -> name, for the listing
    names: dict[Node, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(map(len, self.nodes.values())) + self.relationship_count

    @property
    def relationship_count(self) -> int:
        return sum(map(len, self.rels.values())) + sum(map(len, self.detached.values()))

    def node_rows(self) -> list[dict[str, Any]]:
        return [{"label": label, "id": key, "name": self.names.get((label, key)) or ""}
                for label, keys in self.nodes.items() for key in keys]

    def relationship_rows(self) -> list[dict[str, Any]]:
        rows = []
        for reason, part in (("not listed", self.rels), ("its node goes", self.detached)):
            for (rel, source_label, target_label), pairs in part.items():
                rows += [{"type": rel, "source_label": source_label, "source": a, "target_label": target_label,
                          "target": b, "why": reason} for a, b in pairs]
        return rows

    def rows(self) -> list[dict[str, Any]]:
        """One row per thing removed, for a table: ``remove``, ``kind``, ``id``, ``name``."""
        out = [{"remove": "node", "kind": r["label"], "id": r["id"], "name": r["name"]} for r in self.node_rows()]
        for r in self.relationship_rows():
            names = (self.names.get((r["source_label"], r["source"])), self.names.get((r["target_label"], r["target"])))
            out.append({"remove": "relationship", "kind": r["type"], "id": f"{r['source']} → {r['target']}",
                        "name": " → ".join(n or "?" for n in names) if any(names) else ""})
        return out

    def as_json(self) -> dict[str, Any]:
        return {"nodes": self.node_rows(), "relationships": self.relationship_rows()}

    def counts(self) -> dict[str, int]:
        """Removed per node label and relationship type."""
        out: dict[str, int] = {}
        for label, keys in self.nodes.items():
            out[label] = out.get(label, 0) + len(keys)
        for part in (self.rels, self.detached):
            for (rel, _, _), pairs in part.items():
                out[rel] = out.get(rel, 0) + len(pairs)
        return out


@dataclass
class SyncPlan:
    """Everything a sync (or a ``remove``) will write, computed before anything is written."""

    store: str
    #: The ICS codes the files speak for (empty for ``remove``).
    scope: tuple[str, ...]
    #: True when the scope holds every ICS in the store.
    whole_store: bool
    #: The contract files the sync covers.
    files: tuple[str, ...]
    work: Plan
    removals: Removals
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = True
    #: The whole input's fingerprint, recorded with the write (see :func:`unchanged_sync`).
    fingerprint: fp.Fingerprint | None = None

    def summary(self) -> IngestSummary:
        """Counts per label and type, in the shape an ingest reports (``removed`` included)."""
        # ``removed`` is recounted from the removal list, the one truth of what goes.
        counts = {k: replace(v, removed=0) for k, v in self.work.summary.items()}
        for name, n in self.removals.counts().items():
            counts.setdefault(name, Counts()).removed = n
        counts = {k: v for k, v in counts.items() if any(vars(v).values())}
        return IngestSummary(self.store, counts, self.dry_run, self.warnings)

    def as_json(self) -> dict[str, Any]:
        """The ingest summary's JSON with ``scope``, ``whole_store``, ``files`` and ``removals``
        (``{"nodes": [{label, id, name}], "relationships": [{type, source_label, source,
        target_label, target, why}]}``)."""
        return {**self.summary().as_json(), "scope": list(self.scope), "whole_store": self.whole_store,
                "files": list(self.files), "removals": self.removals.as_json()}


# -- where things live ------------------------------------------------------------------------

def home_ics(state: StoredState) -> dict[Node, frozenset[str]]:
    """The home ICSs of every stored node (see the module docstring)."""
    def targets(rel: str, source: str, target: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for a, b in state.rels.get((rel, source, target), {}):
            out.setdefault(a, set()).add(b)
        return out

    home: dict[Node, frozenset[str]] = {("ICS", code): frozenset({code}) for code in state.nodes.get("ICS", {})}
    org_ics = targets("IN_ICS", "Organisation", "ICS")
    for org in state.nodes.get("Organisation", {}):
        home[("Organisation", org)] = frozenset(org_ics.get(org, ()))

    def via(rel: str, label: str, target: str) -> None:
        links = targets(rel, label, target)
        for key in state.nodes.get(label, {}):
            home[(label, key)] = frozenset().union(*(home.get((target, t), frozenset()) for t in links.get(key, ())))

    via("PART_OF", "Team", "Organisation")
    via("WORKS_FOR", "Person", "Organisation")
    via("BARRIER_IN", "Barrier", "ICS")
    for label, rel in (("Innovation", "DEVELOPED"), ("Partnership", "MEMBER_OF")):
        found: dict[str, set[str]] = {}
        for (rel_type, source_label, target_label), pairs in state.rels.items():
            if rel_type == rel and target_label == label:
                for a, b in pairs:
                    found.setdefault(b, set()).update(home.get((source_label, a), ()))
        for key in state.nodes.get(label, {}):
            home[(label, key)] = frozenset(found.get(key, ()))
    return home


def _in_scope(node: Node, home: dict[Node, frozenset[str]], scope: frozenset[str], whole_store: bool) -> bool:
    places = home.get(node, frozenset())
    return places <= scope if places else whole_store


def _listed_keys(table: Table) -> set[str]:
    """The keys a node file lists, in the form the store keeps them (codes upper-case)."""
    spec = model.NODE_BY_FILE[table.file]
    form = {"ICS": idtools.code_form, "Organisation": idtools.organisation_key}.get(spec.label, str.strip)
    return {form(cells[spec.key]) for _, cells in table.rows if cells.get(spec.key, "").strip()}


def resolve_scope(tables: list[Table], state: StoredState, ics: Iterable[str] | None) -> tuple[str, ...]:
    """The ICS codes a sync speaks for: ``ics`` when given (each must be in the store or the
    files), else the codes in the files' ics.csv. Raises SyncScopeError when there are none."""
    listed = set().union(*(_listed_keys(t) for t in tables if t.file == "ics.csv"))
    return _scope(listed, state.nodes.get("ICS", {}), ics)


def _scope(listed: set[str], stored: Iterable[str], ics: Iterable[str] | None) -> tuple[str, ...]:
    """:func:`resolve_scope` from the codes ics.csv lists and the ICS codes in the store."""
    if ics:
        known = set(stored) | listed
        scope = [idtools.code_form(code) for code in ics]
        for code in scope:
            if code not in known:
                raise UnknownIdError("ICS", code, closest(code, sorted(known)),
                                     hint="Nothing was written. Give the code of an ICS in the store or in ics.csv.")
        return tuple(sorted(set(scope)))
    if not listed:
        raise SyncScopeError("A sync needs to know which ICSs the files speak for: they have no ics.csv "
                             "rows and no --ics was given")
    return tuple(sorted(listed))


# -- planning -----------------------------------------------------------------------------------

def _prune(state: StoredState, gone: dict[str, set[str]]) -> StoredState:
    """``state`` without the ``gone`` nodes and every relationship touching them."""
    nodes = {label: {k: v for k, v in rows.items() if k not in gone.get(label, ())}
             for label, rows in state.nodes.items()}
    rels = {key: {pair: props for pair, props in pairs.items()
                  if pair[0] not in gone.get(key[1], ()) and pair[1] not in gone.get(key[2], ())}
            for key, pairs in state.rels.items()}
    return StoredState(nodes, rels)


def _detached(state: StoredState, gone: dict[str, set[str]]) -> dict[RelKey, list[tuple[str, str]]]:
    out: dict[RelKey, list[tuple[str, str]]] = {}
    for key, pairs in state.rels.items():
        hit = sorted(p for p in pairs if p[0] in gone.get(key[1], ()) or p[1] in gone.get(key[2], ()))
        if hit:
            out[key] = hit
    return out


def _names(state: StoredState, nodes: Iterable[Node]) -> dict[Node, str]:
    return {(label, key): str(state.nodes.get(label, {}).get(key, {}).get("name") or "") for label, key in nodes}


def dangling(state: StoredState, gone: dict[str, set[str]], listed: dict[str, set[str]]
             ) -> list[tuple[Node, str, str, list[str]]]:
    """Stored entities outside ``listed`` that would keep a required reference to a removed
    one (a person whose organisation goes while the person stays): ``((label, key) removed,
    the referring label, the reference column, the referring keys)`` per removed entity."""
    found = []
    for rel, label, column in REQUIRED_REFS:
        for (rel_type, source_label, target_label), pairs in state.rels.items():
            if rel_type != rel or source_label != label:
                continue
            held: dict[str, list[str]] = {}
            for a, b in pairs:
                if b in gone.get(target_label, ()) and a not in gone.get(label, ()) and a not in listed.get(label, ()):
                    held.setdefault(b, []).append(a)
            found += [((target_label, b), label, column, sorted(keys)) for b, keys in sorted(held.items())]
    return found


def _few(keys: list[str], shown: int = 5) -> str:
    return ", ".join(keys[:shown]) + (f" and {len(keys) - shown} more" if len(keys) > shown else "")


def _noun(label: str) -> str:
    return label if label.isupper() else label.lower()


def _dangling_problems(found: list[tuple[Node, str, str, list[str]]]) -> list[Problem]:
    problems = []
    for (label, key), owner, column, keys in found:
        spec = model.NODE_BY_LABEL[label]
        problems.append(Problem(
            spec.file, None, spec.key, key,
            f"this {_noun(label)} is not listed, so the sync would remove it, but {len(keys)} stored "
            f"{_noun(owner)} record(s) outside the files still have it as their {column}: {_few(keys)}",
            f"keep its row; or list {model.NODE_BY_LABEL[owner].file} in the sync too, without them or with "
            f"another {column}; or remove them first with `ecograph remove ID`"))
    return problems


def _unlisted_links(given: dict[str, Table], listed: dict[RelKey, dict], state: StoredState,
                    home: dict[Node, frozenset[str]], scope: frozenset[str], whole_store: bool
                    ) -> dict[RelKey, list[tuple[str, str]]]:
    """Stored links of the given link files that the files do not list and whose owner is in scope."""
    out: dict[RelKey, list[tuple[str, str]]] = {}
    for link in model.LINKS:
        if link.file not in given:
            continue
        owner = LINK_OWNER[link.rel]
        for key in all_rel_keys():
            if key[0] != link.rel:
                continue
            for pair in state.rels.get(key, {}):
                ends = {"source": [(key[1], pair[0])], "target": [(key[2], pair[1])],
                        "both": [(key[1], pair[0]), (key[2], pair[1])]}[owner]
                if pair not in listed.get(key, {}) and all(_in_scope(e, home, scope, whole_store) for e in ends):
                    out.setdefault(key, []).append(pair)
    return out


def plan_sync(store: GraphStore, tables: list[Table], *, ics: Iterable[str] | None = None,
              read_problems: list[Problem] | None = None, input_digest: str = "") -> SyncPlan:
    """Validate ``tables`` as complete for what they cover and work out every write, removals
    included, without writing. Raises InputError (every problem), SyncScopeError or UnknownIdError.

    ``input_digest`` (:func:`ecograph.ingest.fingerprints.input_digest` of the files) makes the
    plan carry the input's fingerprint, recorded with its write.
    """
    read_problems = list(read_problems or [])
    state = read_state(store)
    if split_problems(read_problems)[0]:  # a file could not be read: what the files cover is unknown
        _, more = validate(tables, stored=state)
        raise InputError(*split_problems(read_problems + more))
    scope = frozenset(resolve_scope(tables, state, ics))
    whole_store = set(state.nodes.get("ICS", {})) <= scope
    home = home_ics(state)
    given = {t.file: t for t in tables if not t.blocked}

    gone: dict[str, set[str]] = {}
    listed: dict[str, set[str]] = {}
    for spec in model.NODES:
        if spec.file in given:
            listed[spec.label] = _listed_keys(given[spec.file])
            gone[spec.label] = {key for key in state.nodes.get(spec.label, {})
                                if key not in listed[spec.label]
                                and _in_scope((spec.label, key), home, scope, whole_store)}
    pruned = _prune(state, gone)
    data, problems = validate(tables, stored=pruned)
    problems = read_problems + problems + _dangling_problems(dangling(state, gone, listed))
    errors, warnings = split_problems(problems)
    if errors:
        raise InputError(errors, warnings)

    work = plan(data, pruned)
    removals = Removals(nodes={label: sorted(keys) for label, keys in gone.items() if keys})
    removals.rels = {key: sorted((r["source"], r["target"]) for r in rows) for key, rows in work.rel_delete.items()}
    for key, pairs in _unlisted_links(given, data.rels, pruned, home, scope, whole_store).items():
        removals.rels[key] = sorted(set(removals.rels.get(key, [])) | set(pairs))
    removals.detached = _detached(state, gone)
    involved = [(label, k) for label, keys in removals.nodes.items() for k in keys]
    for part in (removals.rels, removals.detached):
        for (_, a_label, b_label), pairs in part.items():
            involved += [(a_label, a) for a, _b in pairs] + [(b_label, b) for _a, b in pairs]
    removals.names = _names(state, involved)
    work.rel_delete = {key: [{"source": a, "target": b} for a, b in pairs] for key, pairs in removals.rels.items()}
    files = tuple(f for f in model.LOAD_ORDER if f in given)
    fingerprint = None
    if input_digest:  # what a plain ingest of the files records: every row is in the store after the write
        listed_ics = set().union(*(_listed_keys(t) for t in tables if t.file == "ics.csv"))
        fingerprint = fp.Fingerprint(input_digest, 0, {name: c.created + c.updated + c.unchanged
                                                       for name, c in work.summary.items()}, warnings,
                                     files=sorted(given), ics=sorted(listed_ics))
    return SyncPlan(store.describe(), tuple(sorted(scope)), whole_store, files, work, removals,
                    collapse(warnings), fingerprint=fingerprint)


def apply_removals(store: GraphStore, sync_plan: SyncPlan, progress: ProgressFactory | None = None) -> None:
    """Write a plan in one transaction: relationships removed on their own, then nodes (with their
    relationships), then the ingest's creates and updates. All or nothing."""
    work, removals = sync_plan.work, sync_plan.removals
    total = work.total + sum(map(len, removals.nodes.values()))
    if not total:
        return  # nothing to change: no write at all (a write copies the embedded store)
    bar = progress(total, "writing") if progress else None
    step = bar.update if bar is not None else None
    try:
        with store.transaction() as tx:
            # Relationships first, as an ingest does; then nodes (a removed node cannot be
            # named by anything written after it: validation refused that).
            write_plan(tx, Plan(rel_delete=work.rel_delete), step)
            for label, keys in removals.nodes.items():
                for start in range(0, len(keys), NODE_BATCH):
                    chunk = keys[start:start + NODE_BATCH]
                    tx.run_named(f"sync/delete_node_{label.lower()}", {"ids": chunk})
                    if step:
                        step(len(chunk))
            write_plan(tx, Plan(node_create=work.node_create, node_update=work.node_update,
                                rel_create=work.rel_create, rel_update=work.rel_update), step)
            if sync_plan.fingerprint is not None:
                fp.record(tx, {}, sync_plan.fingerprint)
    finally:
        if bar is not None and hasattr(bar, "close"):
            bar.close()


#: ``confirm(plan)`` is asked before anything is removed; False cancels (nothing written).
Confirm = Callable[[SyncPlan], bool]


def _finish(store: GraphStore, sync_plan: SyncPlan, dry_run: bool, confirm: Confirm | None,
            progress: ProgressFactory | None) -> SyncPlan:
    sync_plan.dry_run = dry_run
    if dry_run:
        return sync_plan
    if sync_plan.removals.total and confirm is not None and not confirm(sync_plan):
        raise Cancelled("Cancelled: nothing was removed or written")
    apply_removals(store, sync_plan, progress)
    return sync_plan


@bulk_rows()
def sync(store: GraphStore, paths: list[Path], *, encoding: str = "utf-8-sig", ics: Iterable[str] | None = None,
         dry_run: bool = False, confirm: Confirm | None = None,
         progress: ProgressFactory | None = None) -> SyncPlan:
    """Make the store equal to the files for what they cover (module docstring), all or nothing.

    ``confirm`` is called with the plan before anything is removed (not when nothing would be);
    returning False raises :class:`~ecograph.errors.Cancelled`. With ``dry_run`` nothing is
    written and ``confirm`` is not called. Returns the plan, ``removals`` listing exactly what
    was (or would be) removed.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ics.csv").write_text("code,name\\nQYG,Cheshire and Merseyside\\n")
    >>> _ = (folder / "organisations.csv").write_text("id,name,kind,ics\\nRBS,Alder Hey,specialist,QYG\\n")
    >>> with open_store(StoreConfig(path=folder / "store")) as store:
    ...     _ = sync(store, [folder])
    ...     _ = (folder / "organisations.csv").write_text("id,name,kind,ics\\n")
    ...     done = sync(store, [folder])
    >>> done.removals.node_rows()
    [{'label': 'Organisation', 'id': 'RBS', 'name': 'Alder Hey'}]
    """
    digest = fp.input_digest(paths, encoding)
    sync_plan = unchanged_sync(store, paths, encoding, ics, digest=digest)
    if sync_plan is None:
        tables, problems = read_sources(paths, encoding)
        sync_plan = plan_sync(store, tables, ics=ics, read_problems=problems, input_digest=digest)
    return _finish(store, sync_plan, dry_run, confirm, progress)


def unchanged_sync(store: GraphStore, paths: list[Path], encoding: str | None,
                   ics: Iterable[str] | None = None, *, digest: str | None = None) -> SyncPlan | None:
    """The plan of a sync that has nothing to do, known from the fingerprints without reading
    the files; None when that is not known (then the files are read and compared).

    Nothing to do: the files are byte for byte those of the last ingest or sync that wrote,
    nothing has written to the store since, and the store holds no node or relationship, of the kinds the files
    give, that they do not list (its counts of those kinds are the files'). Then every row is
    unchanged and nothing is unlisted, so nothing is removed, whatever the scope.
    """
    digest = fp.input_digest(paths, encoding) if digest is None else digest
    if not digest:
        return None
    recorded = fp.read_recorded(store)
    last = recorded.input
    if last is None or not recorded.same_input(digest) or not recorded.valid(store):
        return None
    assert recorded.counts is not None  # valid() checked them
    if not last.covers_store(recorded.counts[1]) or not (ics or last.ics):
        return None  # a sync could remove something, or has no scope (plan_sync says so)
    stored_ics = {r["code"] for r in store.read_rows("read/node_ics")}
    scope = _scope(set(last.ics or ()), stored_ics, ics)
    files = tuple(f for f in model.LOAD_ORDER if f in (last.files or ()))
    work = Plan(summary={name: Counts(unchanged=n) for name, n in last.counts.items() if n})
    return SyncPlan(store.describe(), scope, stored_ics <= set(scope), files, work, Removals(),
                    collapse(last.warnings))


def find_entity(state: StoredState, key: str, label: str | None = None) -> Node:
    """``(label, key)`` of the stored entity with id (or ICS code) ``key``.

    Raises UnknownIdError (with the closest ids) or AmbiguousIdError (an ICS code that is also
    its ICB organisation's id) unless ``label`` settles it."""
    labels = [label] if label else [spec.label for spec in model.NODES]
    found = [l for l in labels if key in state.nodes.get(l, {})]
    if not found:  # codes are stored upper-case
        code = idtools.code_form(key)
        found = [l for l in labels if code in state.nodes.get(l, {})]
        key = code if found else key
    if len(found) > 1:
        raise AmbiguousIdError(key, found)
    if not found:
        pool = sorted(k for l in labels for k in state.nodes.get(l, {}))
        what = label.lower() if label and not label.isupper() else label or "entity"
        raise UnknownIdError(what, key, closest(key, pool))
    return found[0], key


def plan_remove(store: GraphStore, key: str, label: str | None = None) -> SyncPlan:
    """What removing one entity (by id, or code for an ICS) takes with it, without writing.

    Raises UnknownIdError, AmbiguousIdError, or InputError when stored entities need it (a
    person's organisation): they must be removed or moved first."""
    state = read_state(store)
    label, key = find_entity(state, key, label)
    gone = {label: {key}}
    needed = dangling(state, gone, {})
    if needed:
        raise RemovalRefused(f"{label} {key} cannot be removed: " + "; ".join(
            f"{len(keys)} {_noun(owner)} record(s) have it as their {column} ({_few(keys)})"
            for _, owner, column, keys in needed))
    removals = Removals(nodes={label: [key]}, detached=_detached(state, gone))
    involved = [(label, key)] + [(l, k) for (_, a, b), pairs in removals.detached.items()
                                 for pair in pairs for l, k in ((a, pair[0]), (b, pair[1]))]
    removals.names = _names(state, involved)
    return SyncPlan(store.describe(), (), False, (), Plan(), removals)


def remove(store: GraphStore, key: str, *, label: str | None = None, dry_run: bool = False,
           confirm: Confirm | None = None, progress: ProgressFactory | None = None) -> SyncPlan:
    """Remove one entity with all its relationships (see :func:`plan_remove`), all or nothing;
    ``confirm`` and ``dry_run`` as for :func:`sync`."""
    return _finish(store, plan_remove(store, key, label), dry_run, confirm, progress)
