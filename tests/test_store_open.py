"""Opening the embedded store: each way it can be missing, damaged or unusable gets its own
one-line message and fix, exit 1, no traceback; leftovers of a killed write are harmless."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.store import StoreConfig, open_store
from ecograph.store.ladybug_store import DATABASE_FILE, INFO_FILE, STAGING_FOLDER

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
DATA = Path(__file__).parent / "data"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def error_of(result) -> tuple[str, str]:
    """The one ``Error:`` line and the hint under it; fails on a traceback or a zero exit."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [i for i, line in enumerate(lines) if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return lines[errors[0]], " ".join(lines[errors[0] + 1:])


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    assert run("ingest", SAMPLE, "--store", store).exit_code == 0
    return store


def copy_of(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(store, target)
    return target


def test_no_store_says_load_data_first(tmp_path: Path) -> None:
    line, hint = error_of(run("stats", "--store", tmp_path / "nothing"))
    assert "No store at" in line and str(tmp_path / "nothing") in line
    assert "Load data first" in hint


def test_empty_folder_says_it_holds_no_store(tmp_path: Path) -> None:
    line, hint = error_of(run("brokers", "--store", tmp_path))
    assert "holds no store" in line and "Load data first" in hint


def test_zero_byte_file_is_named_and_an_ingest_replaces_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / DATABASE_FILE).write_bytes(b"")
    line, hint = error_of(run("stats", "--store", store))
    assert "is empty (0 bytes)" in line and DATABASE_FILE in line
    assert "Load data first" in hint and "does not exist" not in line
    assert run("ingest", SAMPLE, "--store", store).exit_code == 0
    assert run("stats", "--store", store).exit_code == 0


def test_garbage_file_is_a_damaged_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / DATABASE_FILE).write_bytes(b"not a database " * 1000)
    line, hint = error_of(run("stats", "--store", store))
    assert "is damaged" in line and "Load data first" not in hint
    assert "Restore" in hint and "new folder" in hint
    # a writer must not build on it either, nor replace it
    line, _ = error_of(run("ingest", SAMPLE, "--store", store))
    assert "is damaged" in line
    assert (store / DATABASE_FILE).read_bytes() == b"not a database " * 1000


def test_other_storage_version_names_both_versions(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    data = bytearray((store / DATABASE_FILE).read_bytes())
    assert data[:4] == b"LBUG"
    current = int.from_bytes(data[4:12], "little")
    data[4:12] = (current + 1).to_bytes(8, "little")  # the storage version, after the magic bytes
    (store / DATABASE_FILE).write_bytes(bytes(data))
    (store / INFO_FILE).write_text(json.dumps({"ecograph": "9.9.9", "ladybug": "9.9.0"}))
    line, hint = error_of(run("stats", "--store", store))
    assert f"storage version {current + 1}" in line and f"reads storage version {current}" in line
    assert "ecograph 9.9.9 with LadybugDB 9.9.0" in line
    assert "ladybug==9.9.0" in hint and "new folder" in hint and "Load data first" not in hint
    (store / INFO_FILE).unlink()  # a store written before the info file existed
    line, hint = error_of(run("stats", "--store", store))
    assert f"storage version {current + 1}" in line and "release that wrote it" in hint


def test_store_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    for command in (["stats"], ["ingest", SAMPLE]):
        line, hint = error_of(run(*command, "--store", blocker / "store"))
        assert str(blocker) in line and "is a file" in line and "folder" in hint
    result = run("stats", "--store", blocker)  # the path itself a file: click refuses it
    assert result.exit_code != 0 and "Traceback" not in result.output and "is a file" in result.output


def test_second_writer_is_told_to_wait(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    with open_store(StoreConfig(path=store)):
        line, hint = error_of(run("ingest", SAMPLE, "--store", store))
    assert "in use by another ecograph process" in line and "Wait" in hint


def test_leftovers_of_a_killed_write_are_ignored_then_removed(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    staging = store / STAGING_FOLDER
    staging.mkdir()
    (staging / DATABASE_FILE).write_bytes(b"half a database")
    (staging / (DATABASE_FILE + ".wal")).write_bytes(b"half a log")
    before = run("stats", "--store", store, "--format", "json")
    assert before.exit_code == 0, before.output
    assert run("ingest", DATA / "good", "--store", store).exit_code == 0
    assert not staging.exists()


def _old_style_pending_write(database: Path) -> None:
    """What an older ecograph killed after COMMIT leaves: committed rows only in graph.lbug.wal."""
    code = ("import ladybug, os, sys\n"
            "db = ladybug.Database(sys.argv[1], auto_checkpoint=False)\n"
            "ladybug.Connection(db).execute(\"MERGE (:ICS {code: 'QZZ', name: 'Pending'})\")\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(database)], check=True)
    assert database.with_name(DATABASE_FILE + ".wal").exists()


def test_a_pending_log_from_an_older_version_is_kept(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    _old_style_pending_write(store / DATABASE_FILE)
    query = "MATCH (i:ICS {code: 'QZZ'}) RETURN i.name AS name"
    assert "Pending" in run("query", query, "--store", store).output
    # a staged write first folds the log into the file, so the copy it builds on loses nothing
    assert run("ingest", DATA / "good", "--store", store).exit_code == 0
    assert not (store / (DATABASE_FILE + ".wal")).exists()
    assert "Pending" in run("query", query, "--store", store).output


def test_a_damaged_log_says_which_file(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    _old_style_pending_write(store / DATABASE_FILE)
    wal = store / (DATABASE_FILE + ".wal")
    wal.write_bytes(wal.read_bytes()[:60])
    line, hint = error_of(run("stats", "--store", store))
    assert "is damaged" in line and str(wal) in hint and "move that file" in hint


def test_query_write_is_staged_too(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    result = run("query", "--write", "--store", store, "MERGE (i:ICS {code: 'QXX'}) RETURN i.code AS code")
    assert result.exit_code == 0 and "QXX" in result.output
    assert "QXX" in run("query", "--store", store, "MATCH (i:ICS) RETURN i.code AS code").output
    assert sorted(p.name for p in store.iterdir()) == sorted([".lock", DATABASE_FILE, INFO_FILE])
