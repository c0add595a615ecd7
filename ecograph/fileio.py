"""Writing output files safely: all or nothing, and a clear error instead of a traceback.

A file is written to a temporary file beside its target, flushed to disk and renamed over the
target, so a full disk, a signal or an error leaves the old file (or no file), never half of
a new one. Every failure raises :class:`~ecograph.errors.OutputError` naming the path and
what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

from .errors import OutputError, OverwriteError

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EEXIST: "part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "the folder does not exist",
}


def _error(path: str | Path, exc: OSError) -> OutputError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"Cannot write {Path(path).absolute()}: {reason}")


def under_a_file(path: Path) -> Path | None:
    """The first existing ancestor of ``path`` that is not a folder, if any."""
    for parent in reversed(path.absolute().parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def check_output_path(path: str | Path, what: str = "file") -> Path:
    """``path`` as a Path, or OutputError if it is empty or cannot be a ``what`` ("file" or
    "folder"): under a file, a folder where a file is wanted, or a device, pipe or socket."""
    if not str(path).strip():
        raise OutputError(f"No {what} name given (the output path is empty)")
    path = Path(path)
    blocker = under_a_file(path)
    if blocker is not None:
        raise OutputError(f"Cannot write {path.absolute()}: {blocker} is a file, not a folder")
    if path.exists() or path.is_symlink():
        mode = path.lstat().st_mode if path.is_symlink() else path.stat().st_mode
        if what == "file" and stat.S_ISDIR(mode):
            raise OutputError(f"Cannot write {path.absolute()}: it is a folder; give a file name")
        if what == "folder" and not stat.S_ISDIR(mode):
            raise OutputError(f"Cannot write into {path.absolute()}: it is a file, not a folder")
        if what == "file" and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise OutputError(f"Cannot write {path.absolute()}: it is not a regular file (a device, "
                              "pipe or socket); give the name of a file")
    return path


def refuse_overwrite(paths: Iterable[str | Path], force: bool = False, hint: str = "") -> None:
    """Raise :class:`~ecograph.errors.OverwriteError` naming every path that exists, unless ``force``
    (``hint``: the next step, when the command's own differs from the default)."""
    existing = [p for p in paths if Path(p).exists()]
    if existing and not force:
        raise OverwriteError(existing, hint=hint)


def make_folder(path: str | Path) -> Path:
    """Create the folder ``path`` (and its parents) if needed; OutputError if it cannot be."""
    path = check_output_path(path, "folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(path, exc) from None
    return path


@contextmanager
def atomic_writer(path: str | Path, encoding: str | None = "utf-8", newline: str | None = None,
                  binary: bool = False) -> Iterator[IO]:
    """A text (or, with ``binary``, bytes) handle whose content replaces ``path`` only when the
    block ends without error.

    Raises
    ------
    OutputError
        The path cannot be written (empty, under a file, a folder or device, no permission,
        disk full...). The target is then untouched and no temporary file is left.
    """
    path = check_output_path(path, "file")
    make_folder(path.parent)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        opened = (os.fdopen(descriptor, "wb") if binary
                  else os.fdopen(descriptor, "w", encoding=encoding, newline=newline))
        with opened as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise _error(path, exc) from None
    except BaseException:
        _remove(temporary)
        raise


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` all or nothing (see :func:`atomic_writer`); return the path."""
    with atomic_writer(path, encoding=encoding) as handle:
        handle.write(text)
    return Path(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
