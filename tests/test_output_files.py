"""Every output-file failure is one clear line, exit 1, and nothing half-written (issue 12, item 4).

Real failures, no mocks: a path under a regular file, an empty path, a device (/dev/full), a
folder where files cannot be created (/sys, or a read-only folder when not root), and a disk
that fills up mid-write (a subprocess with a file-size limit, so the write really fails).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from ecograph.cli import main
from ecograph.errors import OutputError
from ecograph.fileio import atomic_writer, write_text_atomic

SAMPLE = REPO_ROOT / "ingest" / "sample"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("files") / "store"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def fails_cleanly(args: list[str], *expected: str) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    first = result.output.splitlines()[0]
    assert first.startswith("Error: ") and all(e in first for e in expected), result.output
    return first


@pytest.fixture()
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.txt"
    path.write_text("not a folder")
    return path


def test_map_under_a_file_empty_or_device(store: Path, a_file: Path) -> None:
    base = ["map", "--store", str(store), "-o"]
    fails_cleanly(base + [str(a_file / "map.html")], str(a_file), "is a file, not a folder")
    fails_cleanly(base + [""], "empty")
    fails_cleanly(base + ["/dev/full"], "/dev/full", "not a regular file")
    assert Path("/dev/full").is_char_device()  # never replaced by a rename


def test_map_into_a_folder_that_refuses_new_files(store: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root ignores permission bits; sysfs refuses new files even to root
        folder = Path("/sys")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    fails_cleanly(["map", "--store", str(store), "-o", str(folder / "ecograph-map.html")], "permission denied")
    assert not (folder / "ecograph-map.html").exists()
    assert not [p for p in os.listdir(folder) if p.startswith(".ecograph-map.html.")]


@pytest.mark.slow
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("the old map")

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    # the network view: one file (the overview of the two sample ICSs writes a folder of maps too)
    proc = subprocess.run([sys.executable, "-m", "ecograph", "map", "--store", str(store), "--view", "network",
                           "-o", str(target)],
                          preexec_fn=small_disk, capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"Error: Cannot write {target}") and "Traceback" not in proc.stderr
    assert target.read_text() == "the old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_atlas_template_generate_demo_under_a_file_or_empty(store: Path, a_file: Path) -> None:
    under = str(a_file / "out")
    for args in (["atlas", "--store", str(store), "-o", under], ["template", under],
                 ["generate", under, "--people", "10"], ["demo", "--dir", under]):
        fails_cleanly(args, "is a file, not a folder")
    for args in (["atlas", "--store", str(store), "-o", ""], ["template", ""],
                 ["generate", "", "--people", "10"], ["demo", "--dir", ""]):
        fails_cleanly(args, "empty")
    assert a_file.read_text() == "not a folder"


def test_store_under_a_file_is_a_message(a_file: Path) -> None:
    fails_cleanly(["ingest", str(SAMPLE), "--store", str(a_file / "store")], "is a file, not a folder")
    fails_cleanly(["stats", "--store", str(a_file / "store")], "No store")


@pytest.mark.slow
@pytest.mark.parametrize("view", ["network", "overview"])
def test_map_still_writes_and_replaces(store: Path, tmp_path: Path, view: str) -> None:
    """Written twice over itself, a map leaves its own files only (no temporary ones), with the
    usual permissions: the network one file, the overview of the two sample ICSs that file and
    a folder of the ICSs' maps beside it."""
    target = tmp_path / "new" / "map.html"
    for _ in range(2):
        result = CliRunner().invoke(main, ["map", "--store", str(store), "--view", view, "-o", str(target)])
        assert result.exit_code == 0, result.output
    assert target.read_text().startswith("<!")
    if view == "network":
        assert sorted(os.listdir(target.parent)) == ["map.html"]
    else:
        assert sorted(os.listdir(target.parent)) == ["map-ics", "map.html"]
        maps = sorted(p.name for p in (target.parent / "map-ics").iterdir())
        assert maps == [".ecograph-map.json", "QMJ.html", "QYG.html"], maps
        assert all(p.read_text().startswith("<!") for p in (target.parent / "map-ics").glob("*.html"))
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_error_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = write_text_atomic(tmp_path / "a.txt", "old")
    with pytest.raises(ZeroDivisionError):
        with atomic_writer(target) as handle:
            handle.write("half of the new")
            1 / 0
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["a.txt"]
    with pytest.raises(OutputError, match="it is a folder"):
        write_text_atomic(tmp_path, "x")
