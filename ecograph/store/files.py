"""File-system pieces of a crash-safe store: the writer's lock, durable renames, and OS errors
turned into messages that say what to do."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import StoreBusy, StoreFull, StoreNotWritable, StorePathInvalid, StoreUnavailable

try:
    import fcntl
except ImportError:  # Windows: no advisory lock; LadybugDB's own file lock still refuses a 2nd writer
    fcntl = None  # type: ignore[assignment]

#: Errors that mean "no room to write": a full disk, a quota, a file-size limit.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
#: Errors that mean "this folder cannot be written".
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
#: How LadybugDB words the same errors inside its RuntimeError text.
_FULL_TEXT = ("no space left", "disk quota exceeded", "file too large")
_READ_ONLY_TEXT = ("read-only file system", "permission denied", "operation not permitted")


def check_store_path(path: Path) -> None:
    """Refuse a store path that is a file, or lies under one, before anything touches it."""
    for folder in (path, *path.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                what = "is a file" if folder == path else f"is under {folder}, which is a file"
                raise StorePathInvalid(f"The store path {path} {what}, not a folder")
            return


def write_failure(exc: BaseException, path: Path, doing: str) -> StoreUnavailable | None:
    """The message for an OS or engine error met while writing under ``path``, or None when
    the error is not about the file system (a bad statement, say)."""
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    if number in _FULL or any(t in text for t in _FULL_TEXT):
        return StoreFull(f"No room to write under {path} (disk full or a size limit reached): {doing} was rolled back")
    if number in _READ_ONLY or any(t in text for t in _READ_ONLY_TEXT):
        return StoreNotWritable(f"The store folder {path} cannot be written (read-only or no permission): "
                                f"{doing} was rolled back")
    return None


def fsync(path: Path) -> None:
    """Flush a file, or a folder's entries (so a rename in it survives a power cut)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(source: Path, target: Path) -> None:
    """``rename(2)`` ``source`` over ``target`` (atomic: a reader sees one or the other), then
    flush the folder so the new name is on disk."""
    os.replace(source, target)
    fsync(target.parent)


class WriterLock:
    """An exclusive advisory lock on ``folder/.lock``, held by the one process writing the store
    from its opening to its closing, so no second writer interleaves with a staged write."""

    FILE = ".lock"

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None

    def acquire(self) -> "WriterLock":
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.folder / self.FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            failure = write_failure(exc, self.folder, "the write")
            if isinstance(failure, StoreFull):
                raise failure from exc
            if failure is not None:
                raise StoreNotWritable(f"The store folder {self.folder} cannot be written "
                                       "(read-only or no permission)") from exc
            raise StoreUnavailable(f"Cannot open the store folder {self.folder}: {exc.strerror}") from exc
        if fcntl is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                self.release()
                raise StoreBusy(f"The store at {self.folder} is in use by another ecograph process") from exc
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
