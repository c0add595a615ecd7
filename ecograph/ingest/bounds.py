"""Input bounds: only regular files are read, and none beyond a size limit.

A FIFO named ``people.csv`` would block ``open`` forever, a link to ``/dev/zero`` never
ends, and an 800 KB zip can unpack to gigabytes: every input is checked before it is read
(and while it is read), so no input can hang ecograph or exhaust its memory.
"""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import zipfile
from pathlib import Path
from typing import Iterator

from ..errors import Problem

#: Environment variable that overrides :data:`DEFAULT_LIMIT_MB`.
LIMIT_ENV = "ECOGRAPH_MAX_INPUT_MB"
#: Largest input file, and largest unpacked workbook, read by default (megabytes).
DEFAULT_LIMIT_MB = 200
#: Longest CSV cell (characters). Python's default (131,072) fails with a bare ``_csv.Error``;
#: a longer cell is almost always a quote that opens and never closes.
MAX_CELL_CHARS = 1_000_000
#: Most members a workbook may hold (a real one has a few dozen).
MAX_WORKBOOK_MEMBERS = 10_000

_CHUNK = 1 << 20


class Refused(Exception):
    """An input that is not read; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _raise_limit_fix() -> str:
    return f"split it into smaller files, or set {LIMIT_ENV} (megabytes, default {DEFAULT_LIMIT_MB}) higher"


def limit_bytes() -> int:
    """The input size limit in bytes, from ``ECOGRAPH_MAX_INPUT_MB`` or the default.

    Raises
    ------
    Refused
        When the variable is set to something that is not a positive number.
    """
    text = os.environ.get(LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_LIMIT_MB * 1_000_000
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1
    if not megabytes > 0:
        raise Refused(Problem(LIMIT_ENV, None, None, text, "not a positive number of megabytes",
                              f"set it to e.g. {DEFAULT_LIMIT_MB * 2}, or unset it for {DEFAULT_LIMIT_MB}"))
    return int(megabytes * 1_000_000)


def _megabytes(size: int) -> str:
    """A size for people: "250.0 MB", "2.1 KB"."""
    return f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{size / 1000:,.1f} KB"


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((text for test, text in kinds if test(mode)), None if stat.S_ISREG(mode) else "not a regular file")


def read_bytes(path: Path, name: str, limit: int) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes.

    The file is checked with ``stat`` before it is opened (a FIFO, device, folder or broken
    link is refused without blocking), opened non-blocking, checked again on the open
    descriptor, and read no further than ``limit`` bytes.

    Raises
    ------
    Refused
        Naming the file and the fix.
    """
    def refuse(message: str, fix: str) -> Refused:
        return Refused(Problem(name, None, None, None, message, fix))

    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise refuse(f"a link to {os.readlink(path)!r}, which does not exist",
                         "point the link at the spreadsheet, or give the spreadsheet itself") from None
        raise refuse("no such file or folder", "check the path") from None
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror})", "check the path and its permissions") from None
    what = _not_regular(info.st_mode)
    if what:
        raise refuse(f"{what}, not a spreadsheet file", "give the path of a .csv or .xlsx file")
    if info.st_size > limit:
        raise refuse(f"the file is {_megabytes(info.st_size)}, over the {_megabytes(limit)} input limit",
                     _raise_limit_fix())
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise refuse(f"cannot be opened ({exc.strerror})", "check its permissions") from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise refuse("not a regular file", "give the path of a .csv or .xlsx file")
        chunks, total = [], 0
        while total <= limit:
            chunk = handle.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > limit:
        raise refuse(f"the file grew past the {_megabytes(limit)} input limit while being read", _raise_limit_fix())
    return b"".join(chunks)


def check_workbook_archive(archive: zipfile.ZipFile, name: str, limit: int) -> None:
    """Refuse a workbook whose members unpack to more than ``limit`` bytes, from its zip directory.

    ``zipfile`` never inflates a member past the size its directory declares (it stops and
    reports a bad CRC), so checking the declared sizes bounds the memory openpyxl can use.
    """
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_WORKBOOK_MEMBERS or unpacked > limit:
        raise Refused(Problem(
            name, None, None, None,
            f"the workbook unpacks to {_megabytes(unpacked)} in {len(members):,} parts, over the "
            f"{_megabytes(limit)} input limit (a real workbook of this size would be unusual: it may be a zip bomb)",
            "save the sheets as CSV files, or " + _raise_limit_fix()))


@contextlib.contextmanager
def csv_cell_limit(chars: int = MAX_CELL_CHARS) -> Iterator[None]:
    """Let the csv module read cells up to ``chars`` long, restoring the previous limit after."""
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
