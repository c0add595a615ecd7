"""``ingest --sync`` and ``remove`` on the real embedded store, through the CSV contract.

The property test edits random ecosystems as a coordinator would (deletes rows, moves people,
changes who developed what), syncs a random set of the files, and compares the store with a
fresh ingest of what the files should now say, computed here independently of ecograph's
scope code: a deleted row goes with every row that refers to it, and an innovation nobody
developed (or a partnership with no members) is in scope only when the files speak for every
ICS in the store.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecograph import model
from ecograph.cli import main
from ecograph.errors import Cancelled, InputError, SyncScopeError
from ecograph.ingest import ingest
from ecograph.ingest.load import read_state
from ecograph.ingest.sync import remove, sync
from ecograph.store import StoreConfig, open_store
from random_ecosystem import random_ecosystem, write_rows

Rows = dict[str, list[dict[str, str]]]
SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
NODE_FILES = [n.file for n in model.NODES]
#: Reference columns of every file: (file, column) -> labels it may name.
REF_COLUMNS = {(f, c.name): c for f in model.LOAD_ORDER for c in model.columns_for(f) if c.type in ("ref", "refs")}


# -- an independent oracle --------------------------------------------------------------------

def _key_column(file: str) -> str:
    return model.NODE_BY_FILE[file].key


def cascade(rows: Rows, deleted: set[str]) -> Rows:
    """``rows`` without the node rows whose key is ``deleted``, every link row naming one, and
    optional references to them cleared: what a careful coordinator's files say after deleting.
    A node row that loses a required reference (a person whose organisation goes) goes too."""
    deleted = set(deleted)
    while True:
        out = _cascade_once(rows, deleted)
        more = {row[_key_column(f)] for f in model.NODE_BY_FILE for row in rows[f]} - deleted - {
            row[_key_column(f)] for f in model.NODE_BY_FILE for row in out[f]}
        if not more:
            return out
        deleted |= more


def _cascade_once(rows: Rows, deleted: set[str]) -> Rows:
    out: Rows = {}
    for file, file_rows in rows.items():
        kept = []
        for row in file_rows:
            if file in model.NODE_BY_FILE and row[_key_column(file)] in deleted:
                continue
            row = dict(row)
            drop = False
            for (f, name), column in REF_COLUMNS.items():
                if f != file or not row.get(name):
                    continue
                if column.type == "refs":
                    row[name] = ";".join(x for x in row[name].split(";") if x not in deleted)
                elif row[name] in deleted:
                    drop = drop or column.required
                    row[name] = ""
            if not drop:
                kept.append(row)
        out[file] = kept
    return out


def unanchored(rows: Rows) -> set[str]:
    """Innovations nobody developed and partnerships with no members: they belong to no ICS."""
    developed = {i["id"] for i in rows["innovations.csv"] if i["developed_by"]}
    with_members = {m["partnership"] for m in rows["memberships.csv"]}
    return ({i["id"] for i in rows["innovations.csv"]} - developed
            | {p["id"] for p in rows["partnerships.csv"]} - with_members)


def edit(rows: Rows, rng: random.Random, synced: list[str], whole_store: bool) -> tuple[Rows, Rows]:
    """Random edits confined to the ``synced`` files, cascaded to every file: ``(the files as
    edited, what the store should then hold)``. The two differ by the rows of unanchored
    entities deleted from a file when the files do not speak for the whole store: they stay."""
    rows = copy.deepcopy(rows)
    deleted: set[str] = set()
    never = set() if whole_store else unanchored(rows)
    out_of_scope: dict[str, list[dict[str, str]]] = {}
    needs = {"organisations.csv": {"teams.csv", "people.csv"}}  # their rows need an organisation
    for file in synced:
        if file == "ics.csv":
            continue  # an ICS goes only with --ics (tested on its own)
        file_rows = rows[file]
        if file in model.NODE_BY_FILE:
            if needs.get(file, set()) - set(synced):
                continue
            for row in rng.sample(file_rows, k=min(len(file_rows), rng.randint(0, 3))):
                if row[_key_column(file)] not in never:
                    deleted.add(row[_key_column(file)])
                else:  # out of scope: its row leaves the file, it stays in the store
                    out_of_scope.setdefault(file, []).append(row)
        else:
            for row in rng.sample(file_rows, k=min(len(file_rows), rng.randint(0, 4))):
                file_rows.remove(row)
    rows = cascade(rows, deleted)
    orgs = [o["id"] for o in rows["organisations.csv"]]
    teams_of: dict[str, list[str]] = {}
    for team in rows["teams.csv"]:
        teams_of.setdefault(team["organisation"], []).append(team["id"])
    if "people.csv" in synced and orgs:  # people move, to another organisation and one of its teams
        for person in rng.sample(rows["people.csv"], k=min(len(rows["people.csv"]), rng.randint(0, 3))):
            person["organisation"] = rng.choice(orgs)
            person["team"] = rng.choice(teams_of.get(person["organisation"], [""]))
    if "innovations.csv" in synced:  # who developed an innovation changes (anchored ones only)
        developers = orgs + [t["id"] for t in rows["teams.csv"]]
        for innovation in rows["innovations.csv"]:
            if innovation["developed_by"] and rng.random() < 0.3:
                innovation["developed_by"] = rng.choice(developers)
    listed = {f: [r for r in file_rows if r not in out_of_scope.get(f, [])] for f, file_rows in rows.items()}
    return listed, rows


def merged(*datasets: Rows) -> Rows:
    """Several ecosystems' rows as one set of files (their ids and codes differ)."""
    return {f: [row for rows in datasets for row in rows[f]] for f in model.LOAD_ORDER}


def state_of(rows: Rows, folder: Path) -> Any:
    """The store a fresh ingest of ``rows`` gives."""
    with open_store(StoreConfig(path=folder / "store")) as store:
        ingest(store, [write_rows(folder / "in", rows)])
        return read_state(store)


def removed_between(before: Any, after: Any) -> tuple[set, set]:
    nodes = {(label, key) for label, rows in before.nodes.items() for key in rows
             if key not in after.nodes.get(label, {})}
    rels = {(k, pair) for k, pairs in before.rels.items() for pair in pairs if pair not in after.rels.get(k, {})}
    return nodes, rels


def listed(plan) -> tuple[set, set]:
    nodes = {(label, key) for label, keys in plan.removals.nodes.items() for key in keys}
    rels = {(k, pair) for part in (plan.removals.rels, plan.removals.detached) for k, pairs in part.items()
            for pair in pairs}
    return nodes, rels


def small(seed: int, **shape: Any) -> Rows:
    shape = {"n_orgs": 8, "n_people": 20, "n_teams": 4, "n_partnerships": 3, "n_innovations": 4, **shape}
    return random_ecosystem(seed, **shape)


# -- the property -----------------------------------------------------------------------------

@pytest.mark.slow
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 99), edit_seed=st.integers(0, 2**16), other_ics=st.booleans(),
       files=st.sets(st.sampled_from(NODE_FILES[1:] + [l.file for l in model.LINKS]), min_size=1))
def test_sync_equals_a_fresh_ingest_of_the_edited_files(tmp_path_factory, seed: int, edit_seed: int,
                                                        other_ics: bool, files: set[str]) -> None:
    tmp = tmp_path_factory.mktemp("sync")
    mine = small(seed, n_ics=random.Random(seed).randint(1, 2))
    # Another ICS's data in the same store (another seed: other ids and codes), never covered.
    others = [small((seed + 50) % 100, n_ics=1)] if other_ics else []
    synced = sorted(files | {"ics.csv"}, key=model.LOAD_ORDER.index)
    edited, expected = edit(mine, random.Random(edit_seed), synced, whole_store=not other_ics)

    with open_store(StoreConfig(path=tmp / "store")) as store:
        ingest(store, [write_rows(tmp / "load", merged(*others, mine))])
        before = read_state(store)
        folder = write_rows(tmp / "edited", {f: edited[f] for f in synced})
        preview = sync(store, [folder], dry_run=True)
        assert read_state(store) == before  # a dry run writes nothing
        done = sync(store, [folder])
        after = read_state(store)

    assert listed(preview) == listed(done) == removed_between(before, after)
    assert after == state_of(merged(*others, expected), tmp / "fresh")


# -- examples a reader can follow -------------------------------------------------------------

@pytest.fixture
def sample_store(tmp_path: Path):
    store = open_store(StoreConfig(path=tmp_path / "store"))
    ingest(store, [SAMPLE])
    yield store
    store.close()


def sample_rows() -> Rows:
    return {f: list(csv.DictReader(open(SAMPLE / f, encoding="utf-8"))) for f in model.LOAD_ORDER}


def test_a_person_deleted_from_the_files_goes_with_her_ties(sample_store, tmp_path: Path) -> None:
    rows = cascade(sample_rows(), {"P001"})
    before = read_state(sample_store)
    plain = ingest(sample_store, [write_rows(tmp_path / "e", rows)])
    assert plain.changed == 0 and read_state(sample_store) == before  # plain ingest stays additive
    done = sync(sample_store, [tmp_path / "e"])
    after = read_state(sample_store)
    assert "P001" not in after.nodes["Person"]
    assert not [p for k, pairs in after.rels.items() for p in pairs if "P001" in p]
    assert done.removals.nodes == {"Person": ["P001"]}
    assert listed(done) == removed_between(before, after)


def test_a_person_who_moves_loses_the_old_organisation(sample_store, tmp_path: Path) -> None:
    rows = sample_rows()
    person = next(p for p in rows["people.csv"] if p["organisation"] != "RBS")
    old = person["organisation"]
    person.update(organisation="RBS", team="")
    sync(sample_store, [write_rows(tmp_path / "e", rows)])
    works_for = read_state(sample_store).rels[("WORKS_FOR", "Person", "Organisation")]
    assert (person["id"], "RBS") in works_for and (person["id"], old) not in works_for


def test_only_what_the_files_cover_is_touched(tmp_path: Path) -> None:
    """A coordinator of one ICS syncs only her people: other kinds and the other ICS stay."""
    rows = sample_rows()
    with open_store(StoreConfig(path=tmp_path / "store")) as store:
        ingest(store, [SAMPLE])
        before = read_state(store)
        people = [p for p in rows["people.csv"] if p["id"] not in ("P001", "P100", "P150")]
        org_ics = {o["id"]: o["ics"] for o in rows["organisations.csv"]}
        # Her file lists her ICS's people only (minus one), so she scopes the sync to QYG.
        mine = [p for p in people if org_ics[p["organisation"]] == "QYG"]
        folder = write_rows(tmp_path / "e", {"people.csv": mine})
        with pytest.raises(SyncScopeError):  # no ics.csv and no --ics: which ICS is this?
            sync(store, [folder], dry_run=True)
        done = sync(store, [folder], ics=["qyg"])
        after = read_state(store)
    gone = {k for k in before.nodes["Person"] if k not in after.nodes["Person"]}
    expected = {p["id"] for p in rows["people.csv"] if org_ics[p["organisation"]] == "QYG"} - {p["id"] for p in mine}
    assert gone == expected and gone  # people of QMJ were not in her file, and stay
    assert {l for l, keys in done.removals.nodes.items() if keys} == {"Person"}
    for label in ("Organisation", "Innovation", "Partnership", "Team", "ICS"):
        assert after.nodes[label] == before.nodes[label]


def test_removing_an_organisation_its_people_still_name_is_refused(sample_store, tmp_path: Path) -> None:
    rows = sample_rows()
    rows["organisations.csv"] = [o for o in rows["organisations.csv"] if o["id"] != "RBS"]
    before = read_state(sample_store)
    with pytest.raises(InputError) as caught:
        sync(sample_store, [write_rows(tmp_path / "e", rows)], dry_run=True)
    text = "\n".join(map(str, caught.value.problems))
    assert "people.csv" in text and "'RBS'" in text  # the rows naming it, with file and row
    # Without people.csv and teams.csv in the sync, the stored people who work there are named.
    only = write_rows(tmp_path / "o", {"ics.csv": rows["ics.csv"], "organisations.csv": rows["organisations.csv"]})
    with pytest.raises(InputError) as caught:
        sync(sample_store, [only])
    assert any(p.value == "RBS" and "stored person" in p.message for p in caught.value.problems)
    assert read_state(sample_store) == before


class _FailAfterFirstBatch:
    """A progress bar that fails once the write has started."""

    def __init__(self, total: int, description: str) -> None:
        pass

    def update(self, n: int) -> None:
        raise KeyboardInterrupt("killed in the middle of the write")


def test_a_failed_sync_writes_nothing(sample_store, tmp_path: Path) -> None:
    rows = cascade(sample_rows(), {"P001", "P002", "RBS-INNOV"})
    rows["people.csv"].append({"id": "P999", "name": "New Person", "organisation": "RBS"})
    folder = write_rows(tmp_path / "e", rows)
    before = read_state(sample_store)
    with pytest.raises(KeyboardInterrupt):
        sync(sample_store, [folder], progress=_FailAfterFirstBatch)
    assert read_state(sample_store) == before
    (folder / "ties.csv").write_text("person_a,person_b\nP001,P003\n")  # names a person the sync removes
    with pytest.raises(InputError):
        sync(sample_store, [folder])
    assert read_state(sample_store) == before
    (folder / "ties.csv").write_text("person_a,person_b\n")
    with pytest.raises(Cancelled):
        sync(sample_store, [folder], confirm=lambda plan: False)
    assert read_state(sample_store) == before


def test_an_ics_goes_only_when_named(sample_store, tmp_path: Path) -> None:
    rows = sample_rows()
    qmj = {o["id"] for o in rows["organisations.csv"] if o["ics"] == "QMJ"}
    rows = cascade(rows, qmj | {"QMJ"})
    rows["ics.csv"] = [i for i in rows["ics.csv"] if i["code"] != "QMJ"]
    folder = write_rows(tmp_path / "e", rows)
    kept = sync(sample_store, [folder], dry_run=True)  # scope from ics.csv: QYG only
    assert "QMJ" not in kept.removals.nodes.get("ICS", []) and not kept.removals.nodes.get("Organisation")
    gone = sync(sample_store, [folder], ics=["QYG", "QMJ"])
    state = read_state(sample_store)
    assert "QMJ" not in state.nodes["ICS"] and not qmj & set(state.nodes["Organisation"])
    assert gone.removals.nodes["ICS"] == ["QMJ"]


# -- the commands -------------------------------------------------------------------------------

def run(args: list[str], store: Path, input: str | None = None):
    return CliRunner().invoke(main, [*map(str, args), "--store", str(store)], input=input,
                              env={"NEO4J_URI": None})


def test_ingest_sync_command(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run(["ingest", SAMPLE], store).exit_code == 0
    folder = write_rows(tmp_path / "e", cascade(sample_rows(), {"P001"}))
    preview = run(["ingest", "--sync", folder, "--dry-run", "--format", "json"], store)
    assert preview.exit_code == 0, preview.output
    data = json.loads(preview.stdout)
    assert data["dry_run"] and data["removals"]["nodes"] == [{"label": "Person", "id": "P001",
                                                               "name": "Morag Dewhurst"}]
    asked = run(["ingest", "--sync", folder], store)  # no terminal, no --yes: refused
    assert asked.exit_code == 1 and "--yes" in asked.output
    assert run(["ingest", "--sync", folder, "--dry-run"], store).exit_code == 0
    done = run(["ingest", "--sync", folder, "--yes", "--format", "json"], store)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["removals"] == data["removals"]
    again = run(["ingest", "--sync", folder, "--format", "json"], store)  # nothing left to remove
    assert again.exit_code == 0 and json.loads(again.stdout)["removals"]["nodes"] == []
    assert run(["ingest", folder, "--yes"], store).exit_code == 2  # --yes means nothing without --sync


def test_confirmation_on_a_terminal(tmp_path: Path, monkeypatch) -> None:
    from ecograph.cli import sync_cmds
    store = tmp_path / "store"
    run(["ingest", SAMPLE], store)
    monkeypatch.setattr(sync_cmds, "interactive", lambda: True)  # CliRunner has no terminal
    declined = run(["remove", "P001"], store, input="n\n")
    assert declined.exit_code == 1 and "Morag Dewhurst" in declined.output
    with open_store(StoreConfig(path=store), read_only=True) as opened:
        assert "P001" in read_state(opened).nodes["Person"]
    accepted = run(["remove", "P001"], store, input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert accepted.output.count("Morag Dewhurst") >= 1
    with open_store(StoreConfig(path=store), read_only=True) as opened:
        assert "P001" not in read_state(opened).nodes["Person"]


def test_remove_command(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(["ingest", SAMPLE], store)
    preview = run(["remove", "INN-005", "--dry-run", "--format", "json"], store)
    data = json.loads(preview.stdout)
    assert data["removals"]["nodes"][0]["id"] == "INN-005"
    kinds = {r["type"] for r in data["removals"]["relationships"]}
    assert {"ADOPTED", "CHAMPIONS"} <= kinds
    ambiguous = run(["remove", "QYG", "--yes"], store)  # the ICS and its ICB organisation
    assert ambiguous.exit_code == 1 and "--label" in ambiguous.output
    needed = run(["remove", "RBS", "--yes"], store)
    assert needed.exit_code == 1 and "person record(s)" in needed.output
    unknown = run(["remove", "INN-05", "--yes"], store)
    assert unknown.exit_code == 1 and "INN-005" in unknown.output
    done = run(["remove", "INN-005", "--yes", "--format", "json"], store)
    assert done.exit_code == 0 and json.loads(done.stdout)["removals"] == data["removals"]
    with open_store(StoreConfig(path=store), read_only=True) as opened:
        state = read_state(opened)
    assert "INN-005" not in state.nodes["Innovation"]
    assert not [p for k, pairs in state.rels.items() if k[2] == "Innovation" for p in pairs if p[1] == "INN-005"]


# -- the Neo4j store (ArcadeDB's Bolt server, or a real Neo4j with NEO4J_URI) ---------------------

@pytest.mark.neo4j
@pytest.mark.slow
def test_sync_and_remove_on_the_driver_store(neo4j_env: dict[str, str], tmp_path: Path) -> None:
    config = StoreConfig(neo4j_uri=neo4j_env["NEO4J_URI"], neo4j_user=neo4j_env["NEO4J_USERNAME"],
                         neo4j_password=neo4j_env["NEO4J_PASSWORD"], neo4j_database=neo4j_env["NEO4J_DATABASE"])
    rows = cascade(sample_rows(), {"P001", "INN-003"})
    rows["people.csv"][0].update(organisation="RBS", team="")  # a person moves
    folder = write_rows(tmp_path / "e", rows)
    with open_store(config) as store:
        store.run("MATCH (n) DETACH DELETE n", write=True)
        ingest(store, [SAMPLE])
        before = read_state(store)
        with pytest.raises(KeyboardInterrupt):  # a failed sync writes nothing here too
            sync(store, [folder], progress=_FailAfterFirstBatch)
        assert read_state(store) == before
        preview = sync(store, [folder], dry_run=True)
        done = sync(store, [folder])
        after = read_state(store)
        assert listed(preview) == listed(done) == removed_between(before, after)
        assert {"P001", "INN-003"} <= {key for _, key in listed(done)[0]}
        assert after == state_of(rows, tmp_path / "fresh")  # the same as the embedded store's fresh ingest
        remove(store, "P002")
        assert "P002" not in read_state(store).nodes["Person"]


@pytest.mark.slow
def test_a_killed_sync_leaves_the_old_store_or_the_new(tmp_path: Path) -> None:
    """A real `ecograph ingest --sync` process killed (SIGKILL) at several moments."""
    rows = cascade(sample_rows(), {"P001", "P002", "INN-005"})
    folder = write_rows(tmp_path / "e", rows)
    base = tmp_path / "base"
    with open_store(StoreConfig(path=base)) as store:
        ingest(store, [SAMPLE])
        old = read_state(store)
    new_copy = tmp_path / "new"
    shutil.copytree(base, new_copy)
    with open_store(StoreConfig(path=new_copy)) as store:
        sync(store, [folder])
        new = read_state(store)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "NEO4J_URI": ""}
    for i, delay in enumerate((0.5, 1.0, 1.5, 2.0, 3.0)):
        store_path = tmp_path / f"kill{i}"
        shutil.copytree(base, store_path)
        process = subprocess.Popen([sys.executable, "-m", "ecograph", "ingest", "--sync", str(folder), "--yes",
                                    "--store", str(store_path)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with open_store(StoreConfig(path=store_path)) as store:
            state = read_state(store)
        assert state == old or state == new, f"killed after {delay} s: neither the old nor the new store"
    assert old != new
