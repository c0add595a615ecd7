"""Kill a real bulk `ecograph ingest` at random moments and check the store each time.

    python -m benchmarks.kill_ingest                  # 50 kills (SIGKILL, some SIGTERM/SIGINT)
    python -m benchmarks.kill_ingest --kills 10 --people 2500 --seed 7

The ingest loads a generated ICS (a few thousand people: big enough that people and ties go
through LadybugDB's bulk COPY) on top of the sample store. Before the kills, the two allowed
states are recorded by reading every node, every relationship and every property back:
*before* (the sample) and *after* (sample + generated ICS). After each kill, ``ecograph stats``
must run (exit 0, no traceback) and the store must equal one of the two states exactly.
Every few kills the ingest is run again on the killed store, which must then reach *after*.
Prints a Markdown table on stdout, progress on stderr; tests/test_crash_safety.py runs it with
a bounded count.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "ingest" / "sample"
NHS_DATA = REPO_ROOT / "tests" / "data" / "nhs"
NHS = {"trusts": NHS_DATA / "ods_etr_trusts_2025.csv",
       "gp_practices": NHS_DATA / "ods_epraccur_gp_practices_2025_subset.csv"}
#: Where a write stages its copy: present while the ingest is writing.
STAGING = ".staging"


def _env() -> dict[str, str]:
    paths = [str(REPO_ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def ecograph(*args: str | Path, timeout: float = 300, **popen: Any) -> subprocess.CompletedProcess:
    """Run the ecograph command in a new process, as a user would."""
    options = {"cwd": REPO_ROOT, **popen}
    return subprocess.run([sys.executable, "-m", "ecograph", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=_env(), **options)


# --- reading a store back --------------------------------------------------------------------

def read_everything(store_path: Path) -> dict[str, Any]:
    """Every node and relationship with every property, in a canonical order, plus its digest
    and counts. Opens the store read-only; raises what opening it raises."""
    from ecograph import model
    from ecograph.store import StoreConfig, open_store

    def key(node: dict[str, Any]) -> list[str]:
        return [node["_label"], node[model.NODE_BY_LABEL[node["_label"]].key]]

    with open_store(StoreConfig(path=store_path), read_only=True) as store:
        nodes = sorted(json.dumps(n["n"], sort_keys=True) for n in store.run("MATCH (n) RETURN n"))
        rels = sorted(json.dumps([key(r["a"]), r["r"], key(r["b"])], sort_keys=True)
                      for r in store.run("MATCH (a)-[r]->(b) RETURN a, r, b"))
    digest = hashlib.sha256("\n".join(nodes + ["--"] + rels).encode()).hexdigest()
    counts = Counter(json.loads(n)["_label"] for n in nodes) + Counter(json.loads(r)[1]["_type"] for r in rels)
    return {"digest": digest, "counts": dict(sorted(counts.items())), "nodes": len(nodes), "rels": len(rels)}


def _check(store_path: str) -> dict[str, Any]:
    """``ecograph stats`` (the first command after a kill), then :func:`read_everything`."""
    from click.testing import CliRunner

    from ecograph.cli import main
    stats = CliRunner().invoke(main, ["stats", "--store", store_path])
    out: dict[str, Any] = {"stats": {"exit": stats.exit_code, "output": stats.output,
                                     "traceback": not isinstance(stats.exception, (SystemExit, type(None)))}}
    try:
        out.update(read_everything(Path(store_path)))
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def snapshot(store_path: Path) -> dict[str, Any]:
    """:func:`_check` in a separate process, so a damaged store cannot take the caller down:
    ``stats`` (exit code, output, whether it raised) and every node and relationship, or
    ``{"error": ...}`` when the store does not open."""
    code = "import json, sys; from benchmarks.kill_ingest import _check; print(json.dumps(_check(sys.argv[1])))"
    done = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True,
                          timeout=300, env=_env(), cwd=REPO_ROOT)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}", "stats": {"exit": None}}
    return json.loads(done.stdout)


# --- the scenario ----------------------------------------------------------------------------

@dataclass
class Scenario:
    """The base store, the files the killed ingest loads, and the two allowed states."""

    root: Path
    base: Path
    data: Path
    before: dict[str, Any]
    after: dict[str, Any]
    #: Seconds from starting the ingest process to its end, and the window in which it staged.
    duration: float
    write_window: tuple[float, float]
    #: How long writes took (calibration, then every write-timed kill that came too late):
    #: write-timed kills draw their moment within the median of the last few.
    write_durations: list[float] = field(default_factory=list)

    @property
    def write_length(self) -> float:
        return statistics.median(self.write_durations[-5:])


def _watch(proc: subprocess.Popen, store: Path) -> tuple[float, float, float]:
    """Poll a running ingest: (end, first and last moment the staging folder was seen)."""
    start, seen = time.monotonic(), []
    while proc.poll() is None:
        if (store / STAGING).exists():
            seen.append(time.monotonic() - start)
        time.sleep(0.002)
    end = time.monotonic() - start
    return end, (seen[0] if seen else end), (seen[-1] if seen else end)


def _start_ingest(data: Path, store: Path, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-m", "ecograph", "ingest", str(data), "--store", str(store),
                                 "--format", "json"], stdout=out, stderr=subprocess.STDOUT,
                                env=_env(), cwd=REPO_ROOT)


def prepare(root: Path, people: int = 2_500, seed: int = 1) -> Scenario:
    """Build the sample store and a generated ICS on top of it; record both states."""
    from ecograph.generate import generate

    root.mkdir(parents=True, exist_ok=True)
    base, data = root / "base", root / "data"
    generate(data, people=people, seed=seed, ics="QYG", **NHS)
    done = ecograph("ingest", SAMPLE, "--store", base)
    if done.returncode != 0:
        raise RuntimeError(f"ingest of the sample failed: {done.stderr}")
    full = root / "after"
    shutil.copytree(base, full)
    proc = _start_ingest(data, full, root / "calibration.log")
    end, first, last = _watch(proc, full)
    if proc.returncode != 0:
        raise RuntimeError(f"calibration ingest failed: {(root / 'calibration.log').read_text()[-2000:]}")
    scenario = Scenario(root, base, data, snapshot(base), snapshot(full), end, (first, last), [last - first])
    if scenario.before["digest"] == scenario.after["digest"]:
        raise RuntimeError("the generated ICS changed nothing: the two states are the same")
    return scenario


# --- one kill ----------------------------------------------------------------------------------

@dataclass
class Kill:
    number: int
    signal: str
    #: Seconds after ``anchor``: "start" (the process started) or "write" (its staging appeared).
    delay: float
    anchor: str = "start"
    #: "starting" (no write yet), "writing" (staging present), "committed" (staging come and gone,
    #: the process not yet ended) or "done" (exited before the signal).
    phase: str = ""
    exit_code: int | None = None
    message: str = ""
    state: str = ""
    stats_ok: bool = False
    traceback: bool = False
    reingest: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    return (errors or lines or [""])[-1][:160]


def kill_once(scenario: Scenario, number: int, sig: signal.Signals, delay: float, reingest: bool,
              anchor: str = "start") -> Kill:
    """Copy the base store, start the ingest, signal it ``delay`` s after ``anchor`` (its start,
    or the moment its write began), then check the store."""
    kill = Kill(number, sig.name, round(delay, 3), anchor)
    store = scenario.root / "runs" / f"kill-{number:03d}"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(scenario.base, store)
    log = store.parent / f"kill-{number:03d}.log"
    proc = _start_ingest(scenario.data, store, log)
    while anchor == "write" and proc.poll() is None and not (store / STAGING).exists():
        time.sleep(0.001)
    write_began = time.monotonic()
    deadline = write_began + delay
    staged = anchor == "write"
    while time.monotonic() < deadline and proc.poll() is None:
        staged = staged or (store / STAGING).exists()
        time.sleep(0.001)
    if proc.poll() is None:
        kill.phase = "writing" if (store / STAGING).exists() else "committed" if staged else "starting"
        proc.send_signal(sig)
    else:
        kill.phase = "done"
        if anchor == "write":  # the write was shorter than thought: learn from it
            scenario.write_durations.append(time.monotonic() - write_began)
    kill.exit_code = proc.wait(timeout=300)
    output = log.read_text(errors="replace")
    kill.message = ("exit 0" if kill.exit_code == 0 else "killed" if kill.exit_code == -signal.SIGKILL
                    else _last_line(output))
    kill.traceback = "Traceback" in output

    seen = snapshot(store)
    stats = seen["stats"]
    kill.stats_ok = stats["exit"] == 0 and not stats.get("traceback")
    if seen.get("digest") == scenario.before["digest"]:
        kill.state = "before"
    elif seen.get("digest") == scenario.after["digest"]:
        kill.state = "after"
    else:
        kill.state = "OTHER"
        kill.problems.append(f"store matches neither state: {seen}")
    expected = {"before": scenario.before, "after": scenario.after}.get(kill.state)
    if not kill.stats_ok:
        kill.problems.append(f"stats failed: {str(stats.get('output'))[-300:]}")
    elif expected is not None and stats["output"] != expected["stats"]["output"]:
        kill.problems.append("stats counts differ from the state's")
    if kill.exit_code == 0 and kill.state != "after":
        kill.problems.append("ingest said it succeeded but the store is not the new state")
    if kill.traceback and sig != signal.SIGINT:
        kill.problems.append("traceback in the ingest output")
    if sig != signal.SIGKILL and kill.phase == "writing":
        # The write was under way: the command must say whether it finished or rolled back.
        said = "rolled back" if "rolled back" in kill.message else "finished" if "it finished" in kill.message else ""
        if kill.traceback:
            kill.problems.append("traceback after a signal during the write")
        if said == "rolled back" and (kill.state != "before" or kill.exit_code == 0):
            kill.problems.append(f"said rolled back, store is {kill.state}, exit {kill.exit_code}")
        if said == "finished" and kill.state != "after":
            kill.problems.append(f"said finished, store is {kill.state}")
        if not said and kill.exit_code != 0:
            kill.problems.append(f"no rolled back / finished message: {kill.message!r}")
    if reingest:
        again = ecograph("ingest", scenario.data, "--store", store, "--format", "json")
        after = snapshot(store)
        kill.reingest = "after" if again.returncode == 0 and after.get("digest") == scenario.after["digest"] else "FAILED"
        if kill.reingest != "after":
            kill.problems.append(f"ingest again did not reach the new state: {again.stderr[-300:]}")
    if kill.ok:
        shutil.rmtree(store, ignore_errors=True)
    return kill


def moments(scenario: Scenario, count: int, rng: random.Random) -> list[tuple[str, float]]:
    """``(anchor, x)`` for each kill: a third at ``x`` s anywhere in the run; two thirds inside
    the write (where it matters), timed from the moment it began (start-up time varies with
    load) at the fraction ``x`` of :attr:`Scenario.write_length`."""
    return [("start", rng.uniform(0.05, scenario.duration)) if i % 3 == 0 else ("write", rng.uniform(0, 1.05))
            for i in range(count)]


def run_kills(scenario: Scenario, count: int, seed: int = 0, reingest_every: int = 5,
              signals: tuple[signal.Signals, ...] = (signal.SIGKILL,) * 6 + (signal.SIGTERM,) * 2 + (signal.SIGINT,) * 2,
              progress: bool = True) -> list[Kill]:
    rng = random.Random(seed)
    kills = []
    for number, (anchor, x) in enumerate(moments(scenario, count, rng), start=1):
        delay = x * scenario.write_length if anchor == "write" else x
        kill = kill_once(scenario, number, signals[(number - 1) % len(signals)], delay,
                         reingest=reingest_every > 0 and number % reingest_every == 0, anchor=anchor)
        kills.append(kill)
        if progress:
            print(f"kill {number}/{count}: {kill.signal} {kill.delay:.2f}s after {kill.anchor} ({kill.phase})"
                  f" -> {kill.state}"
                  f"{'' if kill.ok else '  PROBLEM: ' + '; '.join(kill.problems)}", file=sys.stderr)
    return kills


def table(scenario: Scenario, kills: list[Kill]) -> str:
    """The result as Markdown: a summary, then one row per kill."""
    by = Counter((k.signal, k.phase, k.state) for k in kills)
    lines = [f"Ingest of {scenario.after['nodes'] - scenario.before['nodes']:,} nodes and "
             f"{scenario.after['rels'] - scenario.before['rels']:,} relationships on top of the sample; "
             f"a whole run takes {scenario.duration:.2f} s, the write {scenario.write_window[0]:.2f}–"
             f"{scenario.write_window[1]:.2f} s after start.", "",
             "| signal | moment | store after | kills |", "|---|---|---|---|"]
    lines += [f"| {s} | {p} | {st} | {n} |" for (s, p, st), n in sorted(by.items())]
    bad = [k for k in kills if not k.ok]
    lines += ["", f"**{len(kills)} kills: {sum(k.state == 'before' for k in kills)} left the old state, "
                  f"{sum(k.state == 'after' for k in kills)} the new, {sum(k.state == 'OTHER' for k in kills)} "
                  f"neither; {len(bad)} with a problem.** Re-ingest after a kill reached the new state "
                  f"{sum(k.reingest == 'after' for k in kills)}/{sum(bool(k.reingest) for k in kills)} times.", "",
              "| # | signal | at (s after) | moment | exit | says | store | stats | problems |",
              "|---|---|---|---|---|---|---|---|---|"]
    for k in kills:
        lines.append(f"| {k.number} | {k.signal} | {k.delay:.2f} ({k.anchor}) | {k.phase} | {k.exit_code} | "
                     f"{k.message.replace('|', '/')} | {k.state} | {'ok' if k.stats_ok else 'FAILED'} | "
                     f"{'; '.join(k.problems) or '-'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--people", type=int, default=2_500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reingest-every", type=int, default=5, help="Ingest again after every Nth kill.")
    parser.add_argument("--dir", type=Path, default=None, help="Work folder (default: a temporary one).")
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="ecograph-kills-"))
    started = time.monotonic()
    scenario = prepare(root, people=args.people, seed=args.seed + 1)
    kills = run_kills(scenario, args.kills, seed=args.seed, reingest_every=args.reingest_every)
    print(table(scenario, kills))
    print(f"\n{time.monotonic() - started:.0f} s in all; stores with a problem kept under {root / 'runs'}")
    if args.dir is None and all(k.ok for k in kills):
        shutil.rmtree(root, ignore_errors=True)
    return 0 if all(k.ok for k in kills) else 1


if __name__ == "__main__":
    sys.exit(main())
