"""Ctrl-C and SIGTERM during a write: roll back before its point of no return, finish after it."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType, TracebackType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Raised by the signal handler inside the write; a BaseException so no ``except Exception``
    on the way swallows it. The store turns it into :class:`~ecograph.errors.WriteInterrupted`."""

    def __init__(self, signal_name: str):
        super().__init__(signal_name)
        self.signal_name = signal_name


class WriteGuard:
    """While active, SIGINT and SIGTERM raise :class:`Interrupted` once, until
    :meth:`point_of_no_return`; after it they are only recorded (``received``), so the write
    finishes and the caller can say so.

    Signal handlers can only be set from the main thread; elsewhere the guard does nothing and
    signals keep their usual effect.
    """

    def __init__(self) -> None:
        self.received: str | None = None
        self._cancellable = True
        self._raised = False
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        self.received = self.received or name
        if self._cancellable and not self._raised:
            self._raised = True
            raise Interrupted(name)

    def point_of_no_return(self) -> None:
        """From here on a signal no longer cancels the write."""
        self._cancellable = False

    def _unraisable(self, info: "sys.UnraisableHookArgs") -> None:
        # The handler raises wherever the main thread is, a finaliser (__del__) included, where
        # Python cannot propagate it and prints "Exception ignored in ... Traceback". The write
        # then simply goes on to its end, which the caller reports from ``received``: nothing to
        # print here.
        if not isinstance(info.exc_value, Interrupted):
            self._previous_unraisable(info)

    def __enter__(self) -> "WriteGuard":
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
            self._previous_unraisable, sys.unraisablehook = sys.unraisablehook, self._unraisable
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        if self._previous:
            sys.unraisablehook = self._previous_unraisable
