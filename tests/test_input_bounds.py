"""Input bounds (issue 12, item 4): no input hangs ecograph, exhausts its memory or shows a traceback.

Each case runs the real command against a real store in tmp_path and reads the store back:
one clear message naming the file and the fix, exit 1, nothing written. Cases that used to
hang (a FIFO, /dev/zero, a zip bomb) run in a subprocess with a timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from test_ingest import DATA, snapshot
from test_reader_traps import invoke, problem_lines, workbook

REPO = Path(__file__).resolve().parents[1]


def run_ecograph(*args: object, timeout: float = 60, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess:
    """`python -m ecograph ARGS` in a subprocess that may not outlive ``timeout``; the result's
    ``peak_mb`` is that process's own peak resident memory.

    The command runs under a small Python parent that reports its child's peak: Linux counts the
    memory of the process that forked into a child's peak, and here that would be pytest's.
    """
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    parent = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
              "print(f'PEAK_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr); "
              "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", parent, sys.executable, "-m", "ecograph", *map(str, args)],
                            capture_output=True, text=True, timeout=timeout, env=environment, cwd=REPO)
    stderr, _, peak = result.stderr.rpartition("PEAK_KB=")
    result.stderr = stderr
    result.peak_mb = int(peak) / 1024  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    assert invoke("ingest", DATA / "good", "--store", path).exit_code == 0
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The good files, without people.csv (each test puts its own thing there)."""
    path = tmp_path / "in"
    shutil.copytree(DATA / "good", path)
    (path / "people.csv").unlink()
    return path


def assert_refused(store: Path, before: object, output: str, *parts: str) -> None:
    lines = problem_lines(output)
    assert len(lines) == 1, output
    assert all(part in lines[0] for part in parts), (parts, lines[0])
    assert snapshot(store) == before


# --- only regular files ----------------------------------------------------------------------

@pytest.mark.parametrize("target", ["fifo", "folder", "dangling", "dev-zero"])
def test_only_regular_files_are_read(store: Path, folder: Path, target: str) -> None:
    before = snapshot(store)
    people = folder / "people.csv"
    if target == "fifo":
        os.mkfifo(people)  # opening it for reading would wait for a writer forever
    elif target == "folder":
        people.mkdir()
    elif target == "dangling":
        people.symlink_to(folder / "gone.csv")
    else:
        people.symlink_to("/dev/zero")  # endless: 6.5 GB in 30 s before
    expected = {"fifo": "named pipe (FIFO)", "folder": "a folder", "dangling": "which does not exist",
                "dev-zero": "a character device"}[target]
    started = time.monotonic()
    for args in ([folder], [people]):  # found in a folder, or given by name
        result = run_ecograph("ingest", *args, "--store", store, timeout=60)
        assert result.returncode == 1, result.stderr
        assert_refused(store, before, result.stderr, "people.csv", expected)
    assert time.monotonic() - started < 60


# --- sizes -----------------------------------------------------------------------------------

def test_file_size_limit_from_the_environment(store: Path, folder: Path) -> None:
    before = snapshot(store)
    rows = [f"X{i:03d},Person {i},RBS" for i in range(100)]
    (folder / "people.csv").write_text("id,name,organisation\n" + "\n".join(rows) + "\n")  # 1.9 KB
    result = invoke("ingest", folder, "--store", store, env={"ECOGRAPH_MAX_INPUT_MB": "0.001"})
    assert result.exit_code == 1
    assert_refused(store, before, result.output, "people.csv", "the file is 1.9 KB, over the 1.0 KB input limit",
                   "ECOGRAPH_MAX_INPUT_MB")
    result = invoke("ingest", folder, "--store", store, env={"ECOGRAPH_MAX_INPUT_MB": "lots"})
    assert result.exit_code == 1 and "ECOGRAPH_MAX_INPUT_MB: not a positive number" in result.output
    assert invoke("ingest", folder, "--store", store, env={"ECOGRAPH_MAX_INPUT_MB": "1"}).exit_code == 0


def test_long_cells_are_read_and_an_unclosed_quote_is_named(store: Path, folder: Path) -> None:
    text = (DATA / "good" / "people.csv").read_text()
    long_title = "Director of " + "very " * 40_000  # 200,000 characters: over Python's csv default
    (folder / "people.csv").write_text(text.replace("Director of Innovation", long_title))
    result = invoke("ingest", folder, "--store", store)
    assert result.exit_code == 0, result.output
    nodes, _ = snapshot(store)
    assert nodes["P001"]["job_title"] == long_title.strip()
    before = snapshot(store)
    broken = text.replace("Jo Madeup", '"Jo Madeup') + ("x" * 80 + "\n") * 13_000  # never closed
    (folder / "people.csv").write_text(broken)
    result = invoke("ingest", folder, "--store", store)
    assert result.exit_code == 1
    assert_refused(store, before, result.output, "people.csv, row 3", "longer than 1,000,000 characters",
                   "never closed")


# --- workbooks -------------------------------------------------------------------------------

def _rewrite(source: Path, target: Path, member: str, edit) -> None:
    """Copy a workbook, passing one member's bytes through ``edit`` (bytes -> bytes or chunks)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename != member:
                zout.writestr(item, data)
                continue
            with zout.open(item.filename, "w") as handle:
                for chunk in edit(data):
                    handle.write(chunk)


def _people_sheet_member(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index("people") + 1
    return f"xl/worksheets/sheet{index}.xml"


@pytest.mark.slow
def test_zip_bomb_is_refused_from_the_zip_directory(store: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    book = workbook(DATA / "good", tmp_path / "eco.xlsx")
    book.save(tmp_path / "eco.xlsx")
    bomb = tmp_path / "bomb.xlsx"

    def pad(data: bytes):  # 250 MB of whitespace inside <sheetData>: valid XML, compresses ~1000:1
        head, tail = data.split(b"<sheetData>", 1)
        yield head + b"<sheetData>"
        for _ in range(250):
            yield b" " * 1_000_000
        yield tail

    _rewrite(tmp_path / "eco.xlsx", bomb, _people_sheet_member(tmp_path / "eco.xlsx"), pad)
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    result = run_ecograph("ingest", bomb, "--store", store, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert_refused(store, before, result.stderr, "bomb.xlsx", "unpacks to 250.", "over the 200.0 MB input limit")
    assert elapsed < 30  # 374 s before
    assert result.peak_mb < 600  # 2.5 GB before


@pytest.mark.parametrize("member", ["people", "xl/workbook.xml"])
def test_entity_expansion_dtd_is_refused(store: Path, tmp_path: Path, member: str) -> None:
    before = snapshot(store)
    book = workbook(DATA / "good", tmp_path / "eco.xlsx")
    book.save(tmp_path / "eco.xlsx")
    target = _people_sheet_member(tmp_path / "eco.xlsx") if member == "people" else member
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{laughs}]>'.encode()

    def billion_laughs(data: bytes):
        declaration, _, rest = data.rpartition(b"?>")  # after the XML declaration, if there is one
        yield declaration + _ + dtd + rest

    _rewrite(tmp_path / "eco.xlsx", tmp_path / "laughs.xlsx", target, billion_laughs)
    result = run_ecograph("ingest", tmp_path / "laughs.xlsx", "--store", store, timeout=60)
    assert result.returncode == 1
    assert_refused(store, before, result.stderr, "laughs.xlsx", "declares XML entities", "save it again")


def test_openpyxl_parses_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import iterparse
    assert DEFUSEDXML and iterparse.__module__.startswith("defusedxml")
