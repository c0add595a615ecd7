"""The write guard: Ctrl-C or SIGTERM during a store write, wherever the main thread is."""

from __future__ import annotations

import gc
import os
import signal
import sys
import time

import pytest

from ecograph.store.interrupts import Interrupted, WriteGuard


class _SignalsItselfWhenCollected:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs here, inside the finaliser


def test_a_signal_inside_a_finaliser_is_recorded_without_a_traceback(capfd, monkeypatch) -> None:
    # Python's own hook, as in the CLI (pytest's would catch what it prints)
    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)
    before = signal.getsignal(signal.SIGINT)
    with WriteGuard() as guard:
        _SignalsItselfWhenCollected()  # collected at once: __del__ runs inside the guard
        gc.collect()
    assert sys.unraisablehook is sys.__unraisablehook__
    err = capfd.readouterr().err
    assert guard.received == "SIGINT"  # the caller reports it (finished or rolled back)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert signal.getsignal(signal.SIGINT) is before


def test_a_signal_elsewhere_cancels_the_write_once() -> None:
    with pytest.raises(Interrupted):
        with WriteGuard() as guard:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
    assert guard.received == "SIGTERM"


def test_after_the_point_of_no_return_a_signal_is_only_recorded() -> None:
    with WriteGuard() as guard:
        guard.point_of_no_return()
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    assert guard.received == "SIGINT"
