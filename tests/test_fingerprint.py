"""Fingerprints: an unchanged re-ingest skips the read-back and compare, and never skips a
store that something else has changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

import ladybug
import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.ingest import ingest
from ecograph.ingest import fingerprints as fp
from ecograph.store import StoreConfig, open_store

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    return folder


def _ingest(store_path: Path, folder: Path, **kwargs):
    with open_store(StoreConfig(path=store_path)) as store:
        summary = ingest(store, [folder], **kwargs)
        return summary, store.write_version()


def _person(store_path: Path, pid: str) -> dict:
    with open_store(StoreConfig(path=store_path), read_only=True) as store:
        return store.run("MATCH (p:Person {id: $id}) RETURN p.name AS name, p.job_title AS job_title",
                         {"id": pid})[0]


def _totals(summary) -> dict[str, int]:
    return {name: c.created + c.updated + c.unchanged for name, c in summary.counts.items()}


def _edit_people(folder: Path, old: str, new: str) -> None:
    path = folder / "people.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_unchanged_reingest_writes_nothing_and_reports_every_row(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    first, version = _ingest(store, data)
    again, version_after = _ingest(store, data)
    assert again.changed == 0
    assert version_after == version  # no write at all, not even of the bookkeeping
    assert _totals(again) == _totals(first)
    assert all(c.unchanged == n for c, n in zip(again.counts.values(), _totals(first).values()))


def test_one_changed_file_is_compared_and_written(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    first, _ = _ingest(store, data)
    _edit_people(data, "Head of Adoption and Spread", "Head of Spread")
    summary, _ = _ingest(store, data)
    assert summary.counts["Person"].updated == 1
    assert summary.changed == 1
    assert _person(store, "P001")["job_title"] == "Head of Spread"
    assert _totals(summary) == _totals(first)  # the files skipped still count, as unchanged
    # a file that now matches again (the same bytes as the first time) is compared, not trusted
    _edit_people(data, "Head of Spread", "Head of Adoption and Spread")
    summary, _ = _ingest(store, data)
    assert summary.counts["Person"].updated == 1
    assert _person(store, "P001")["job_title"] == "Head of Adoption and Spread"


def test_a_write_through_query_outdates_the_fingerprints(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    _, version = _ingest(store, data)
    result = CliRunner().invoke(main, ["query", "MATCH (p:Person {id: 'P001'}) SET p.name = 'Changed'",
                                       "--write", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert _person(store, "P001")["name"] == "Changed"
    summary, version_after = _ingest(store, data)
    assert version_after > version + 1  # the query's write, then this ingest's
    assert summary.counts["Person"].updated == 1
    assert _person(store, "P001")["name"] == "Morag Dewhurst"


def test_a_change_made_outside_ecograph_is_not_skipped(tmp_path: Path, data: Path) -> None:
    """A program that writes the database file directly raises no version; the counts recorded
    with the fingerprints still tell the store changed."""
    store = tmp_path / "store"
    _ingest(store, data)
    db = ladybug.Database(str(store / "graph.lbug"))
    conn = ladybug.Connection(db)
    conn.execute("MATCH (:Person {id: 'P001'})-[k:KNOWS]->() DELETE k")
    conn.close()
    db.close()
    summary, _ = _ingest(store, data)
    assert summary.counts["KNOWS"].created >= 1
    with open_store(StoreConfig(path=store), read_only=True) as opened:
        assert opened.run("MATCH (:Person {id: 'P001'})-[k:KNOWS]-() RETURN count(k) AS n")[0]["n"] >= 1


def test_another_ingest_in_between_outdates_the_fingerprints(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    _ingest(store, data)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(data / "people.csv", other / "people.csv")
    _edit_people(other, "Morag Dewhurst", "Morag Other")
    _ingest(store, other)
    assert _person(store, "P001")["name"] == "Morag Other"
    summary, _ = _ingest(store, data)  # the same bytes as the first ingest: compared again
    assert summary.counts["Person"].updated == 1
    assert _person(store, "P001")["name"] == "Morag Dewhurst"


def test_dry_run_records_nothing_and_without_fingerprints_everything_is_compared(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    dry, version = _ingest(store, data, dry_run=True)
    assert dry.changed > 0
    summary, _ = _ingest(store, data)
    assert summary.changed == dry.changed  # the dry run wrote nothing, fingerprints included
    full, version_after = _ingest(store, data, use_fingerprints=False)
    assert full.changed == 0 and _totals(full) == _totals(summary)
    assert version_after == _ingest(store, data)[1]  # and the skip still holds after it


def test_warnings_are_reported_again_when_skipped(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    (data / "notes.csv").write_text("a,b\n1,2\n")  # skipped with a warning by the reader
    with open(data / "people.csv", "a") as people:  # the same name at the same organisation: a warning
        people.write("P999,Morag Dewhurst,AHSN-IA,,Analyst,no,no,no\n")
    first, _ = _ingest(store, data)
    assert {w.file for w in first.warnings} >= {"notes.csv", "people.csv"}
    again, _ = _ingest(store, data)
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    _edit_people(data, "Head of Adoption and Spread", "Head of Spread")  # people compared, the rest skipped
    partly, _ = _ingest(store, data)
    assert sorted(map(str, partly.warnings)) == sorted(map(str, first.warnings))


def test_forget_makes_the_next_ingest_compare(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    _ingest(store, data)
    with open_store(StoreConfig(path=store)) as opened:
        fp.forget(opened)
        recorded = fp.read_recorded(opened)
    assert not recorded.files and recorded.input is None
    summary, _ = _ingest(store, data)
    assert summary.changed == 0 and sum(c.unchanged for c in summary.counts.values()) > 0


def test_table_digest_sees_every_cell(data: Path) -> None:
    from ecograph.ingest.reader import read_sources
    tables, _ = read_sources([data])
    before = {t.file: fp.table_digest(t) for t in tables}
    _edit_people(data, "Morag Dewhurst", "Morag Dewhurst ")  # trailing space: stripped by the reader
    _edit_people(data, "Head of Adoption", "Head of adoption")
    tables, _ = read_sources([data])
    after = {t.file: fp.table_digest(t) for t in tables}
    assert [f for f in before if before[f] != after[f]] == ["people.csv"]


def _sync_result(store_path: Path, folder: Path, **kwargs):
    from ecograph.ingest.sync import sync
    with open_store(StoreConfig(path=store_path)) as store:
        done = sync(store, [folder], **kwargs)
        return done.as_json(), [str(w) for w in done.warnings], store.write_version()


def _full_sync_plan(store_path: Path, folder: Path, **kwargs):
    """What a sync works out by reading and comparing every file (no fingerprint consulted)."""
    from ecograph.ingest import read_sources
    from ecograph.ingest.sync import plan_sync
    with open_store(StoreConfig(path=store_path)) as store:
        tables, problems = read_sources([folder])
        done = plan_sync(store, tables, read_problems=problems, **kwargs)
        done.dry_run = False
        return done.as_json(), [str(w) for w in done.warnings]


@pytest.mark.parametrize("ics", [None, ("QYG",)])
def test_sync_of_the_files_just_ingested_is_known_unchanged(tmp_path: Path, data: Path, ics) -> None:
    from ecograph.ingest import sync as sync_module
    store = tmp_path / "store"
    _, version = _ingest(store, data)
    with open_store(StoreConfig(path=store)) as opened:
        assert sync_module.unchanged_sync(opened, [data], "utf-8-sig", ics) is not None  # the shortcut applies
    full = _full_sync_plan(store, data, ics=ics)
    result, warnings, version_after = _sync_result(store, data, ics=ics)
    assert (result, warnings) == full
    assert not result["removals"]["nodes"] and result["changed"] == 0
    assert version_after == version  # nothing written


def test_sync_reads_the_files_when_the_store_holds_more_than_they_list(tmp_path: Path, data: Path) -> None:
    """The same bytes as the last ingest, but the store also holds a person an earlier ingest
    gave: the sync must read the files and remove her."""
    from ecograph.ingest import sync as sync_module
    store = tmp_path / "store"
    people = (data / "people.csv").read_text().splitlines()
    extra = people[1].split(",")
    extra[0], extra[1] = "P-EXTRA", "Extra Person"
    (data / "people.csv").write_text("\n".join(people + [",".join(extra)]) + "\n")
    _ingest(store, data)
    (data / "people.csv").write_text("\n".join(people) + "\n")
    _ingest(store, data)  # the last ingest's bytes, but P-EXTRA stays in the store
    with open_store(StoreConfig(path=store)) as opened:
        assert sync_module.unchanged_sync(opened, [data], "utf-8-sig") is None
    result, _, _ = _sync_result(store, data, dry_run=True)
    assert {"label": "Person", "id": "P-EXTRA", "name": "Extra Person"} in result["removals"]["nodes"]


def test_a_sync_that_wrote_is_known_unchanged_the_next_time(tmp_path: Path, data: Path) -> None:
    """A sync that removed a person records the files' fingerprint with its write: the same
    sync again, and a plain ingest of the same files, change nothing without reading them."""
    from ecograph.ingest import sync as sync_module
    store = tmp_path / "store"
    _ingest(store, data)
    people = (data / "people.csv").read_text().splitlines()
    gone = people.pop().split(",")[0]
    (data / "people.csv").write_text("\n".join(people) + "\n")
    result, _, version = _sync_result(store, data)
    assert {"label": "Person", "id": gone} in [{k: n[k] for k in ("label", "id")} for n in result["removals"]["nodes"]]
    with open_store(StoreConfig(path=store)) as opened:
        assert sync_module.unchanged_sync(opened, [data], "utf-8-sig") is not None
    full = _full_sync_plan(store, data)
    again, warnings, version_after = _sync_result(store, data)
    assert (again, warnings) == full and again["changed"] == 0 and version_after == version
    summary, version_after = _ingest(store, data)
    compared, _ = _ingest(store, data, use_fingerprints=False)
    assert summary.rows() == compared.rows() and summary.changed == 0
    assert [str(w) for w in summary.warnings] == [str(w) for w in compared.warnings]


def test_the_fingerprint_is_the_same_whichever_way_utf8_is_named(tmp_path: Path, data: Path) -> None:
    """The library's default encoding ("utf-8-sig") and the CLI's (none given) read the files
    alike, so a store ingested by one is known unchanged by the other; another codec is not."""
    from ecograph.ingest import sync as sync_module
    store = tmp_path / "store"
    _ingest(store, data)  # the library's default
    with open_store(StoreConfig(path=store)) as opened:
        for name in (None, "utf-8", "UTF8", "utf-8-sig"):
            assert sync_module.unchanged_sync(opened, [data], name) is not None, name
        assert sync_module.unchanged_sync(opened, [data], "cp1252") is None
    done = CliRunner().invoke(main, ["ingest", str(data), "--store", str(store), "--sync", "--yes"])
    assert done.exit_code == 0, done.output
    assert fp.input_digest([data], None) == fp.input_digest([data], "utf-8-sig") != fp.input_digest([data], "latin-1")


def test_an_unchanged_ingest_records_the_whole_input_once_so_sync_can_skip_it(tmp_path: Path, data: Path) -> None:
    """Every file unchanged, but the input as a whole not recorded (here: a note added to the
    folder changes its digest; also a store from an earlier version): the ingest writes nothing
    but that record, once, and then ``ingest --sync`` knows the files unchanged."""
    from ecograph.ingest import sync as sync_module
    store = tmp_path / "store"
    _ingest(store, data)
    (data / "notes.txt").write_text("not a spreadsheet\n")
    with open_store(StoreConfig(path=store)) as opened:
        assert sync_module.unchanged_sync(opened, [data], "utf-8-sig") is None
    summary, version = _ingest(store, data)
    assert not any(c.created or c.updated for c in summary.counts.values())
    with open_store(StoreConfig(path=store)) as opened:
        assert sync_module.unchanged_sync(opened, [data], "utf-8-sig") is not None
    again, version_again = _ingest(store, data)
    assert version_again == version  # recorded once: the next unchanged ingest writes nothing
    assert _totals(again) == _totals(summary)
