"""`ecograph demo --dir D` only replaces what an earlier demo made there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.demo import MARKER, run_demo
from ecograph.graph import counts
from ecograph.store import StoreConfig, open_store


def _demo(folder: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["demo", "--dir", str(folder), *extra])
    return result.exit_code, result.output


def test_a_folder_the_demo_did_not_make_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    (folder / "store").mkdir(parents=True)
    (folder / "store" / "graph.lbug").write_text("someone's store")
    (folder / "atlas").mkdir()
    (folder / "atlas" / "index.html").write_text("someone's atlas")
    code, out = _demo(folder)
    assert code == 1 and "not made by `ecograph demo`" in out and "--force" in out and "Traceback" not in out
    assert (folder / "store" / "graph.lbug").read_text() == "someone's store"
    assert (folder / "atlas" / "index.html").read_text() == "someone's atlas"
    assert not (folder / MARKER).exists()


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    code, out = _demo(target)
    assert code != 0 and "Traceback" not in out
    assert target.read_text() == "keep me"


@pytest.mark.slow
def test_the_demo_replaces_its_own_folder_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    run_demo(folder, maps=True)
    assert json.loads((folder / MARKER).read_text())["made_by"] == "ecograph demo"
    (folder / "my-notes.txt").write_text("mine")
    again = run_demo(folder, maps=True)  # its own folder: replaced, not refused
    with open_store(StoreConfig(path=again.store), read_only=True) as s:
        people = {r["name"]: r["count"] for r in counts(s)}["Person"]
    assert people > 0 and (folder / "my-notes.txt").read_text() == "mine"
    atlas = folder / "atlas"
    total = sum(p.stat().st_size for p in atlas.rglob("*") if p.is_file())
    assert total < 20 * 2**20  # the demo atlas can be emailed
    # a file someone put into the demo's atlas is not deleted: the demo refuses first
    (atlas / "comments.html").write_text("theirs")
    code, out = _demo(folder)
    assert code == 1 and "comments.html" in out
    assert (atlas / "comments.html").read_text() == "theirs"


@pytest.mark.slow
def test_force_replaces_the_store_and_keeps_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    (folder / "store").mkdir(parents=True)
    (folder / "store" / "old.txt").write_text("old")
    (folder / "report.docx").write_text("keep")
    result = run_demo(folder, maps=False, force=True)
    assert not (folder / "store" / "old.txt").exists() and result.summary.changed > 0
    assert (folder / "report.docx").read_text() == "keep"
    assert (folder / MARKER).is_file()
