"""All or nothing under faults: a real `ecograph ingest` process killed at random moments, sent
SIGINT/SIGTERM while writing, run on a full disk and into a read-only folder. Afterwards the
store must open and hold exactly the state before or exactly the state after, every node,
relationship and property compared (benchmarks/kill_ingest.py reads them all back)."""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import require

from benchmarks.kill_ingest import Scenario, ecograph, prepare, run_kills, snapshot
from ecograph.store.ladybug_store import STAGING_FOLDER

pytestmark = pytest.mark.slow

#: Random kills in CI (the benchmark does 50: `python -m benchmarks.kill_ingest`).
KILLS = 10


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    """The sample store, a generated ICS of 2,500 people to load on top, and both states."""
    return prepare(tmp_path_factory.mktemp("kills"), people=2_500, seed=1)


def fresh_copy(scenario: Scenario, folder: Path) -> Path:
    store = folder / "store"
    shutil.copytree(scenario.base, store)
    return store


def assert_clean_error(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 1, no traceback, one ``Error:`` line containing ``words``; returns that line."""
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    assert "Traceback" not in output
    errors = [line for line in output.replace("\r", "\n").splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output[-2000:]
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def assert_state(store: Path, expected: dict) -> None:
    stats = ecograph("stats", "--store", store)
    assert stats.returncode == 0 and "Traceback" not in stats.stderr, stats.stderr
    assert snapshot(store)["digest"] == expected["digest"]
    assert not (store / STAGING_FOLDER).exists()  # the failed or interrupted write cleaned up


def test_random_kills_leave_the_old_or_the_new_state(scenario: Scenario) -> None:
    kills = run_kills(scenario, KILLS, seed=12, reingest_every=5, progress=False)
    problems = [(k.number, k.signal, k.delay, k.phase, k.problems) for k in kills if not k.ok]
    assert not problems
    assert all(k.state in ("before", "after") for k in kills)
    # half the moments are drawn inside the write window measured on this machine
    assert any(k.phase == "writing" for k in kills), [(k.delay, k.phase) for k in kills]
    assert all(k.reingest == "after" for k in kills if k.reingest)


def _signal_during_write(scenario: Scenario, folder: Path, sig: signal.Signals) -> tuple[subprocess.Popen, Path, str]:
    store = fresh_copy(scenario, folder)
    proc = subprocess.Popen([sys.executable, "-m", "ecograph", "ingest", str(scenario.data), "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    while proc.poll() is None and not (store / STAGING_FOLDER).exists():
        time.sleep(0.002)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=300)
    return proc, store, out + err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_the_write_rolls_back_or_finishes_and_says_which(scenario: Scenario, tmp_path: Path,
                                                                       sig: signal.Signals) -> None:
    proc, store, output = _signal_during_write(scenario, tmp_path, sig)
    assert "Traceback" not in output
    errors = [line for line in output.replace("\r", "\n").splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output[-2000:]
    assert f"Interrupted ({sig.name})" in errors[0]
    assert proc.returncode != 0
    if "rolled back" in errors[0]:
        assert_state(store, scenario.before)
    else:
        assert "it finished" in errors[0]
        assert_state(store, scenario.after)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    """A size-limited tmpfs at ``folder`` (root with mount rights), else False.
    ``ECOGRAPH_TEST_NO_MOUNT=1`` pretends mount is refused, to run the fallbacks."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount") or os.environ.get("ECOGRAPH_TEST_NO_MOUNT") == "1":
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True)


def _file_size_limit(limit: int):
    """For a child process: writes beyond ``limit`` bytes fail with EFBIG (SIGXFSZ ignored)."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


@pytest.mark.parametrize("what", ["bulk", "small"])
def test_full_disk_leaves_the_old_state_and_says_so(scenario: Scenario, tmp_path: Path, what: str) -> None:
    """A bulk ingest that outgrows the disk, and a small one on a disk too full for its copy."""
    disk = tmp_path / "disk"
    base_size = sum(p.stat().st_size for p in scenario.base.iterdir())
    if _mount_tmpfs(disk, "12m"):
        how = "tmpfs of 12 MB"
        try:
            store = fresh_copy(scenario, disk)
            if what == "small":  # leave less room than the copy of the store needs
                free = shutil.disk_usage(disk).free
                (disk / "filler").write_bytes(b"\0" * (free - base_size // 2))
            data = scenario.data if what == "bulk" else Path(__file__).parent / "data" / "good"
            done = ecograph("ingest", data, "--store", store)
            (disk / "filler").unlink(missing_ok=True)
            assert_clean_error(done, "No room to write", "rolled back")
            assert_state(store, scenario.before)
        finally:
            _umount(disk)
    else:
        how = "injected write failure (RLIMIT_FSIZE): mount refused"
        store = fresh_copy(scenario, disk)
        limit = 8 << 20 if what == "bulk" else base_size // 2
        data = scenario.data if what == "bulk" else Path(__file__).parent / "data" / "good"
        done = ecograph("ingest", data, "--store", store, preexec_fn=_file_size_limit(limit))
        assert_clean_error(done, "No room to write", "rolled back")
        assert_state(store, scenario.before)
    print(f"full disk simulated with: {how}")


def _nobody_can_run_ecograph(root: Path) -> dict | None:
    """``subprocess`` options that run as the unprivileged user "nobody", if it can start ecograph
    (the interpreter and the checkout must be readable by others); else None."""
    try:
        user = pwd.getpwnam("nobody")
    except KeyError:
        return None
    popen = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "cwd": root}
    try:
        done = ecograph("--help", **popen)
    except OSError:
        return None
    return popen if done.returncode == 0 else None


def test_read_only_folder_refuses_the_write_and_still_reads(scenario: Scenario) -> None:
    # Under /tmp with open permissions, so that the unprivileged fallback can read it.
    root = Path(tempfile.mkdtemp(prefix="ecograph-ro-", dir="/tmp"))
    root.chmod(0o755)
    disk = root / "disk"
    mounted = _mount_tmpfs(disk, "40m")
    store = fresh_copy(scenario, disk)
    data = root / "data"
    shutil.copytree(scenario.data, data)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (store / ".lock").unlink(missing_ok=True)  # as in a store copied from elsewhere
    popen: dict | None = {}
    try:
        if mounted:
            how = "read-only tmpfs"
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        elif os.geteuid() != 0:
            how = "folder without write permission"
            store.chmod(0o555)
        else:
            how = "unprivileged user 'nobody' on a folder owned by root (mount refused)"
            popen = _nobody_can_run_ecograph(root)
            require(popen is not None, "as root without mount rights, the read-only test runs ecograph as "
                                       "'nobody', who cannot start it here (interpreter or checkout not readable)")
        done = ecograph("ingest", data, "--store", store, **popen)
        assert_clean_error(done, "cannot be written", str(store))
        stats = ecograph("stats", "--store", store, **popen)
        assert stats.returncode == 0 and "Traceback" not in stats.stderr, stats.stderr
        assert snapshot(store)["digest"] == scenario.before["digest"]
        print(f"read-only folder simulated with: {how}")
    finally:
        if mounted:
            _umount(disk)
        shutil.rmtree(root, ignore_errors=True)
