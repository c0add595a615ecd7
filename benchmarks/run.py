"""ecograph benchmark: ingest, re-ingest, brokers (against exact networkx betweenness), gaps
and spread, from one ICS to national scale.

    python -m benchmarks.run                      # ics, mid, national; medians of 3 runs
    python -m benchmarks.run --sizes ics,mid --repeat 5
    python -m benchmarks.run --national-repeat 1  # national steps once (said in the table)
    python -m benchmarks.run --quick              # smoke run: a tiny ICS, 1 run

Prints a Markdown table on stdout (progress goes to stderr) and writes the full results as
JSON under ``benchmarks/out/``. See ``benchmarks/README.md`` for what each column means.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.steps import REFERENCE_MAX_WORK

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "out"
SEED = 0
TOP = 50


@dataclass(frozen=True)
class Size:
    name: str
    people: int
    ics: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.ics})" if self.ics else self.name

    @property
    def key(self) -> str:
        return f"p{self.people}-{self.ics or 'england'}-s{SEED}"


SIZES = {
    "tiny": Size("tiny", 300, "QYG"),
    "ics": Size("ics", 5_000, "QYG"),
    "mid": Size("mid", 25_000),
    "national": Size("national", 100_000),
    "million": Size("million", 1_000_000),
    "atlas": Size("atlas", 20_000),  # the 20,000-person national ecosystem of the atlas targets
}
#: Sizes whose atlas is written (once, by `ecograph atlas`): the two sizes with atlas targets.
ATLAS_SIZES = ("atlas", "national")
DEFAULT_SIZES = "ics,mid,national"
QUICK_SIZES = "tiny"


def parse_size(text: str) -> Size:
    """A named size (tiny, ics, mid, national) or PEOPLE[@ICS], e.g. ``2000@QYG`` or ``50000``."""
    text = text.strip()
    if text in SIZES:
        return SIZES[text]
    people, _, ics = text.partition("@")
    try:
        n = int(people.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown size {text!r}: use {', '.join(SIZES)} or PEOPLE[@ICS] (e.g. 2000@QYG)") from None
    return Size(text, n, ics.upper() or None)


# --- targets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str
    size: str
    metric: str  # a key of the size's summary; its wall-time twin, if any, is shown beside it
    limit: float
    unit: str
    at_least: bool = False

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g} {self.unit}".rstrip()


#: Issue 14's targets (CPU seconds of the command or step; memory is peak RSS), issue 9's
#: 20,000-person atlas, and the one-ICS exact brokers.
TARGETS = (
    Target("ingest", "national", "ingest_cpu", 10, "CPU s"),
    Target("ingest peak RSS", "national", "peak_gb", 1.5, "GB"),
    Target("re-ingest unchanged", "national", "reingest_cpu", 3, "CPU s"),
    Target("`brokers` end to end", "national", "cmd_brokers_cpu", 10, "CPU s"),
    Target("`brokers` peak RSS", "national", "cmd_brokers_gb", 0.6, "GB"),
    Target("brokers top-50 overlap with exact", "national", "overlap", 0.94, "", at_least=True),
    Target("`gaps`", "national", "cmd_gaps_cpu", 8, "CPU s"),
    Target("`spread`", "national", "cmd_spread_cpu", 2, "CPU s"),
    Target("`map` national overview", "national", "cmd_map_cpu", 5, "CPU s"),
    Target("`map` national overview size", "national", "cmd_map_mb", 5, "MB"),
    Target("`atlas`", "national", "cmd_atlas_cpu", 300, "CPU s"),
    Target("`atlas` size", "national", "cmd_atlas_mb", 100, "MB"),
    Target("ingest", "million", "ingest_cpu", 120, "CPU s"),
    Target("ingest peak RSS", "million", "peak_gb", 12, "GB"),
    Target("re-ingest unchanged", "million", "reingest_cpu", 30, "CPU s"),
    Target("`brokers` end to end", "million", "cmd_brokers_cpu", 180, "CPU s"),
    Target("`brokers` peak RSS", "million", "cmd_brokers_gb", 8, "GB"),
    Target("`gaps`", "million", "cmd_gaps_cpu", 90, "CPU s"),
    Target("`spread`", "million", "cmd_spread_cpu", 20, "CPU s"),
    Target("`map` national overview", "million", "cmd_map_cpu", 30, "CPU s"),
    Target("`atlas` (issue 9)", "atlas", "cmd_atlas_cpu", 120, "CPU s"),
    Target("`atlas` size (issue 9)", "atlas", "cmd_atlas_mb", 60, "MB"),
    Target("one-ICS `brokers` (exact)", "ics", "cmd_brokers_cpu", 5, "CPU s"),
)


# --- running one step in its own process ------------------------------------------------------

class Runner:
    def __init__(self, out: Path, verbose: bool = True, profile_dir: Path | None = None):
        self.out = out
        self.logs = out / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.verbose = verbose
        self.profile_dir = profile_dir
        self.counter = 0

    def say(self, text: str) -> None:
        if self.verbose:
            print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def _spawn(self, cmd: list[str], stem: str, timeout: float | None) -> tuple[int, Any, float, bool, Path]:
        """Run ``cmd`` (log to ``logs/STEM.log``); its exit code, rusage, wall time, whether it was killed."""
        log_path = self.logs / f"{stem}.log"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(REPO_ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
        # as an installed ecograph runs: from compiled bytecode (a shell that sets
        # PYTHONDONTWRITEBYTECODE would make every command compile its modules, ~0.2 CPU s)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.monotonic()
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT, env=env)
            killed = False
            try:
                while True:
                    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                    if pid:
                        break
                    if timeout is not None and time.monotonic() - started > timeout:
                        proc.kill()
                        pid, status, usage = os.wait4(proc.pid, 0)
                        killed = True
                        break
                    time.sleep(0.05)
            except BaseException:  # interrupted (Ctrl-C, SIGTERM): take the step down too
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise
        proc.returncode = os.waitstatus_to_exitcode(status)
        return proc.returncode, usage, time.monotonic() - started, killed, log_path

    def _stem(self, step: str, tag: str) -> str:
        self.counter += 1
        return f"{self.counter:03d}-{step}{'-' + tag if tag else ''}"

    def run(self, step: str, args: dict[str, Any], timeout: float | None = None,
            tag: str = "") -> dict[str, Any]:
        """Run ``benchmarks.steps STEP`` in a fresh process; add its peak RSS and wall time.

        Returns the step's JSON result plus ``peak_rss`` (bytes, from ``os.wait4``) and
        ``wall`` (seconds, process start to exit); on failure ``error`` holds the log's tail.
        """
        stem = self._stem(step, tag)
        result_path = self.logs / f"{stem}.json"
        result_path.unlink(missing_ok=True)
        if self.profile_dir is not None:
            self.profile_dir.mkdir(parents=True, exist_ok=True)
            args = {**args, "profile": str(self.profile_dir / f"{stem}.prof")}
        cmd = [sys.executable, "-m", "benchmarks.steps", step, json.dumps(args), str(result_path)]
        code, usage, wall, killed, log_path = self._spawn(cmd, stem, timeout)
        peak = usage.ru_maxrss * 1024  # KiB on Linux
        if killed:
            return {"error": f"killed after {timeout:g} s", "killed": True, "wall": wall, "peak_rss": peak}
        if code != 0 or not result_path.exists():
            return {"error": _tail(log_path) or f"exit code {code}", "wall": wall, "peak_rss": peak}
        result = json.loads(result_path.read_text())
        result.update(wall=wall, peak_rss=peak)
        return result

    def run_cli(self, name: str, argv: list[str], timeout: float | None = None, tag: str = "",
                output: Path | None = None) -> dict[str, Any]:
        """Run ``python -m ecograph ARGV`` as a user does: a new process, imports and store
        opening included. CPU time is the process's own (user + system, all threads, from
        ``os.wait4``); ``bytes`` is the size of ``output`` (a file or folder) when given."""
        stem = self._stem("cli-" + name, tag)
        cmd = [sys.executable, "-m", "ecograph", *argv]
        code, usage, wall, killed, log_path = self._spawn(cmd, stem, timeout)
        result: dict[str, Any] = {"command": "ecograph " + " ".join(argv), "wall": wall,
                                  "seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                                  "peak_rss": usage.ru_maxrss * 1024}
        if killed:
            result.update(error=f"killed after {timeout:g} s", killed=True)
        elif code != 0:
            result["error"] = _tail(log_path) or f"exit code {code}"
        elif output is not None and output.exists():
            files = [output] if output.is_file() else [p for p in output.rglob("*") if p.is_file()]
            result["bytes"] = sum(p.stat().st_size for p in files)
            result["files"] = len(files)
        return result


def _tail(log_path: Path, lines: int = 12) -> str:
    return "\n".join(log_path.read_text(errors="replace").strip().splitlines()[-lines:])


# --- one size ---------------------------------------------------------------------------------

def ensure_data(runner: Runner, size: Size, data_root: Path) -> dict[str, Any]:
    """Generate the size's contract files once (cached by people, ICS and seed)."""
    folder = data_root / size.key
    marker = folder / ".complete.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        info["cached"] = True
        return info
    shutil.rmtree(folder, ignore_errors=True)
    runner.say(f"{size.label}: generating {size.people:,} people")
    result = runner.run("generate", {"data": str(folder), "people": size.people, "seed": SEED,
                                     "ics": size.ics}, tag=size.name)
    if "error" in result:
        raise SystemExit(f"generate failed for {size.label}:\n{result['error']}")
    info = {"folder": str(folder), "rows": result["rows"], "generate_seconds": result["seconds"]}
    marker.write_text(json.dumps(info))
    return info


def _seconds(runs: list[dict[str, Any]]) -> float | None:
    ok = [r["seconds"] for r in runs if "error" not in r]
    return statistics.median(ok) if ok else None


def _cpu(runs: list[dict[str, Any]]) -> float | None:
    ok = [r["cpu_seconds"] for r in runs if "error" not in r and "cpu_seconds" in r]
    return statistics.median(ok) if ok else None


def _first_error(runs: list[dict[str, Any]]) -> str | None:
    return next((r["error"] for r in runs if "error" in r), None)


def bench_size(runner: Runner, size: Size, repeat: int, opts: argparse.Namespace) -> dict[str, Any]:
    data = ensure_data(runner, size, opts.out / "data")
    store_root = opts.out / "stores" / size.key
    shutil.rmtree(store_root, ignore_errors=True)
    store_root.mkdir(parents=True)
    res: dict[str, Any] = {"size": size.label, "people": size.people, "ics": size.ics, "repeat": repeat,
                           "data": data}
    step_timeout = opts.step_timeout
    res["skipped"] = sorted(opts.skip) + (["exact"] if opts.no_exact else [])
    raised = raise_input_limit(Path(data["folder"]))
    if raised:
        res["input_limit_mb"] = raised

    # Ingest into a fresh store, `repeat` times; keep the last store for the other steps.
    runs = []
    store = None
    for i in range(repeat):
        if store is not None:
            shutil.rmtree(store, ignore_errors=True)
        store = store_root / f"store-{i}"
        runner.say(f"{size.label}: ingest {i + 1}/{repeat}")
        runs.append(runner.run("ingest", {"store": str(store), "data": data["folder"]}, step_timeout, size.name))
        runner.say(f"  {_fmt_run(runs[-1])}")
    res["ingest"] = runs
    if _seconds(runs) is None:
        res["fatal"] = "ingest failed: " + (_first_error(runs) or "")
        return res
    ok = next(r for r in reversed(runs) if "error" not in r)
    res["nodes"], res["relationships"] = ok["nodes"], ok["relationships"]
    args = {"store": str(store), "data": data["folder"]}

    # The kernels: the library call alone, in a process that did the set-up untimed.
    for step in ("reingest", "brokers", "gaps", "spread"):
        if step in opts.skip or f"{step}-kernel" in opts.skip:
            continue
        runs = []
        for i in range(repeat):
            runner.say(f"{size.label}: {step} {i + 1}/{repeat}")
            step_args = {**args, "as_of": opts.as_of} if step == "spread" else args
            runs.append(runner.run(step, step_args, step_timeout, size.name))
            runner.say(f"  {_fmt_run(runs[-1])}")
            if "error" in runs[-1] and i == 0:
                break  # a step that fails (or is missing) fails every time
        res[step] = runs

    res["cli"] = bench_commands(runner, size, repeat, Path(store), data["folder"], res, opts)

    if not opts.no_exact and "brokers" not in opts.skip:
        res["exact"] = exact_baseline(runner, size, args, opts)
    elif "brokers" not in opts.skip and opts.reference != "never":  # a committed reference still gives the overlap
        res["exact"] = exact_reference(runner, size, args, opts, max_work=0)
    if "certified" not in opts.skip and "brokers" not in opts.skip:
        runner.say(f"{size.label}: certified ranks")
        res["certified"] = runner.run("certified", args, step_timeout, size.name)
    return res


def raise_input_limit(folder: Path) -> int | None:
    """Raise ecograph's input size limit (``ECOGRAPH_MAX_INPUT_MB``, for this run's steps and
    commands) when a generated file is larger than it, as a user loading those files must;
    returns the new limit in MB, or None when the files fit."""
    from ecograph.ingest.bounds import LIMIT_ENV, limit_bytes
    largest = max((p.stat().st_size for p in folder.glob("*.csv")), default=0)
    if largest <= limit_bytes():
        return None
    megabytes = int(largest / 1e6 * 1.1) + 1
    os.environ[LIMIT_ENV] = str(megabytes)
    return megabytes


def _options(command: str) -> set[str]:
    """The options ``ecograph COMMAND`` takes in this version (read from the click command,
    as ``ecograph COMMAND --help`` lists them)."""
    from ecograph.cli import main as cli
    found = cli.commands.get(command) if hasattr(cli, "commands") else None
    return {opt for param in getattr(found, "params", []) for opt in getattr(param, "opts", [])
            + getattr(param, "secondary_opts", [])}


def data_end(data: str) -> str | None:
    """The generated data's end: the latest adoption date in its adoptions.csv (None: none)."""
    import csv
    path = Path(data) / "adoptions.csv"
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return max((r.get("date") or "" for r in csv.DictReader(handle)), default="") or None


def year_before(day: str) -> str:
    """The same day a year earlier (28 February for 29 February)."""
    earlier = int(day[:4]) - 1
    return f"{earlier}{day[4:]}" if day[5:] != "02-29" else f"{earlier}-02-28"


def commands(size: Size, store: Path, data: str, innovation: str | None, work: Path, as_of: str | None = None
             ) -> list[tuple[str, list[str], Path | None, bool]]:
    """The commands a user runs, as (name, argv, output written, run once): the analyses as
    they print them (projection, ranking and output included), the national overview map,
    the atlas (at the atlas sizes), and, where this version has those options, ``ingest
    --sync``, ``brokers``/``gaps``/``spread --as-of`` the run's date (``as_of``; today) and
    ``changes`` over the generated data's last year (:func:`data_end`)."""
    at = ["--store", str(store)]
    out: list[tuple[str, list[str], Path | None, bool]] = [
        ("brokers", ["brokers", "--format", "json", *at], None, False),
        ("gaps", ["gaps", "--format", "json", *at], None, False),
    ]
    if innovation:
        out.append(("spread", ["spread", innovation, "--format", "json", *at], None, False))
    map_options = _options("map")
    overview = ["--view", "overview"] if "--view" in map_options and not size.ics else []
    if "--no-drill-down" in map_options and overview:
        overview.append("--no-drill-down")
    out.append(("map", ["map", *overview, "-o", str(work / "map.html"), *at], work / "map.html", True))
    if size.name in ATLAS_SIZES:
        out.append(("atlas", ["atlas", "-o", str(work / "atlas"), *at], work / "atlas", True))
    if "--sync" in _options("ingest"):
        out.append(("sync", ["ingest", data, "--sync", *at], None, False))
    today = as_of or datetime.now().date().isoformat()
    for command in ("brokers", "gaps", "spread"):
        if "--as-of" in _options(command) and (command != "spread" or innovation):
            head = [command, innovation] if command == "spread" else [command]
            out.append((f"{command} --as-of", [*head, "--as-of", today, "--format", "json", *at], None, False))
    end = data_end(data)
    if "--since" in _options("changes") and end:
        out.append(("changes --since", ["changes", "--since", year_before(end), "--until", end, "--format", "json",
                                        *at], None, False))
    return out


#: Placeholders reported "not available" when this version's CLI lacks the option.
OPTIONAL_COMMANDS = ("sync", "brokers --as-of", "gaps --as-of", "spread --as-of", "changes --since")


def bench_commands(runner: Runner, size: Size, repeat: int, store: Path, data: str, res: dict[str, Any],
                   opts: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    spread = [r for r in res.get("spread", []) if "error" not in r]
    innovation = spread[0]["innovation"] if spread else None
    work = opts.out / "stores" / size.key / "outputs"
    results: dict[str, list[dict[str, Any]]] = {}
    for name, argv, output, once in commands(size, store, data, innovation, work, opts.as_of):
        if name in opts.skip or name.split()[0] in opts.skip:
            continue
        runs = []
        for i in range(1 if once else repeat):
            if output is not None:
                shutil.rmtree(output, ignore_errors=True) if output.is_dir() else output.unlink(missing_ok=True)
                output.parent.mkdir(parents=True, exist_ok=True)
            runner.say(f"{size.label}: `{name}` {i + 1}/{1 if once else repeat}")
            runs.append(runner.run_cli(name.replace(" ", ""), argv, opts.step_timeout, size.name, output))
            runner.say(f"  {_fmt_run(runs[-1])}")
            if "error" in runs[-1]:
                break
        results[name] = runs
    return results


def exact_baseline(runner: Runner, size: Size, args: dict[str, Any], opts: argparse.Namespace) -> dict[str, Any]:
    """The exact baselines: networkx's and igraph's exact betweenness, measured where they
    finish in time, else estimated from a sample of sources (t_k × n / k, CPU and wall), and the
    exact reference top 50 for the overlap.

    The networkx exact run is tried when its estimate is within 1.5 × ``--exact-timeout`` (or
    ``--exact-always``). The reference is igraph's exact betweenness (the same measure, in C):
    read from ``benchmarks/reference/<size>.json`` (committed) when its projection hash is this
    projection's, computed when small enough or ``--reference always``; a reference of another
    projection is reported as stale, never used.
    """
    out: dict[str, Any] = {}
    runner.say(f"{size.label}: networkx betweenness on a sample of sources (estimate)")
    sample = runner.run("exact_sample", {**args, "budget": opts.sample_budget}, opts.step_timeout, size.name)
    out["sample"] = sample
    if "error" not in sample:
        runner.say(f"  k={sample['k']} of n={sample['n']}: {sample['sample_seconds']:.1f} s "
                   f"-> estimate {sample['estimate']:.0f} s")
    runner.say(f"{size.label}: igraph betweenness on a sample of sources (estimate)")
    out["igraph_sample"] = runner.run("igraph_sample", {**args, "budget": opts.sample_budget}, opts.step_timeout,
                                      size.name)
    estimate = sample.get("estimate")
    if opts.exact_always or estimate is None or estimate <= 1.5 * opts.exact_timeout:
        runner.say(f"{size.label}: networkx exact betweenness (timeout {opts.exact_timeout:g} s)")
        exact = runner.run("exact", {**args, "timeout": opts.exact_timeout},
                           opts.exact_timeout + opts.step_timeout, size.name)
        out["exact"] = exact
        runner.say(f"  {'timed out' if exact.get('timed_out') else _fmt_run(exact)}")
    else:
        runner.say(f"  estimate > 1.5 × {opts.exact_timeout:g} s: exact run skipped")
        out["exact"] = {"skipped": True}
    finished = "error" not in out["exact"] and not out["exact"].get("skipped") and not out["exact"].get("timed_out")
    if finished:
        out["seconds"], out["estimated"], out["top"] = out["exact"]["seconds"], False, out["exact"]["top"]
        out["reference"] = "networkx"
    else:
        out["seconds"], out["estimated"] = estimate, True
    if opts.reference != "never" and not finished:
        out.update(exact_reference(runner, size, args, opts, REFERENCE_MAX_WORK))
    return out


def exact_reference(runner: Runner, size: Size, args: dict[str, Any], opts: argparse.Namespace,
                    max_work: float) -> dict[str, Any]:
    """The exact reference top 50 for the overlap: the committed one when it is of this
    projection, else computed when ``nodes × edges ≤ max_work`` or ``--reference always``."""
    runner.say(f"{size.label}: exact reference top 50 (igraph; committed in benchmarks/reference/)")
    ref_args = {**args, "cache": str(reference_cache(opts.out, size.key)),
                "max_work": None if opts.reference == "always" else max_work, "jobs": opts.reference_jobs}
    timeout = None if opts.reference == "always" else opts.reference_timeout
    ref = runner.run("exact_reference", ref_args, timeout, size.name)
    out: dict[str, Any] = {"reference_run": ref}
    runner.say(f"  {'cached' if ref.get('cached') else 'stale' if ref.get('stale') else 'missing' if ref.get('missing') else _fmt_run(ref)}")
    if "error" not in ref and ref.get("top"):
        out["top"], out["reference"] = ref["top"], ref["engine"].split()[0]
    return out


REFERENCES = REPO_ROOT / "benchmarks" / "reference"


def reference_cache(out: Path, key: str) -> Path:
    """Where the exact reference of a size is kept: committed in ``benchmarks/reference/``
    (small: the top ranks with their values and the projection's hash)."""
    return REFERENCES / f"{key}.json"


def _fmt_run(r: dict[str, Any]) -> str:
    if "error" in r:
        return "ERROR: " + r["error"].splitlines()[-1][:200]
    extra = f", project {r['project_seconds']:.1f} s" if "project_seconds" in r else ""
    return f"{r.get('seconds', 0):.2f} s{extra}, peak {r['peak_rss'] / 2**20:,.0f} MiB, wall {r['wall']:.1f} s"


# --- summary ----------------------------------------------------------------------------------

def _key(name: str) -> str:
    """A command's name as a summary key: "brokers --as-of" -> "brokers_as_of"."""
    return name.replace(" --", "_").replace("-", "_").replace(" ", "_")


def summarise(res: dict[str, Any]) -> dict[str, Any]:
    """Medians and derived figures for one size."""
    s: dict[str, Any] = {"size": res["size"], "people": res["people"], "repeat": res["repeat"],
                         "relationships": res.get("relationships"), "nodes": res.get("nodes")}
    s["ingest"] = _seconds(res.get("ingest", []))
    s["ingest_cpu"] = _cpu(res.get("ingest", []))
    peaks = [r["peak_rss"] for r in res.get("ingest", []) if "error" not in r]
    s["peak_gb"] = max(peaks) / 1e9 if peaks else None
    for step in ("reingest", "brokers", "gaps", "spread"):
        s[step] = _seconds(res.get(step, []))
        s[f"{step}_cpu"] = _cpu(res.get(step, []))
        err = _first_error(res.get(step, []))
        if s[step] is None and err:
            s[f"{step}_error"] = err.splitlines()[-1][:160]
    changed = [r.get("changed") for r in res.get("reingest", []) if "error" not in r]
    s["reingest_changed"] = max(changed) if changed else None
    s["cmd_names"] = list(res.get("cli", {}))
    for name, runs in res.get("cli", {}).items():
        k = f"cmd_{_key(name)}"
        ok = [r for r in runs if "error" not in r]
        s[f"{k}_cpu"], s[f"{k}_wall"] = _cpu(runs), _seconds(runs)
        s[f"{k}_gb"] = max(r["peak_rss"] for r in ok) / 1e9 if ok else None
        s[f"{k}_mb"] = ok[0]["bytes"] / 1e6 if ok and "bytes" in ok[0] else None
        s[f"{k}_files"] = ok[0].get("files") if ok else None
        s[f"{k}_command"] = runs[0]["command"] if runs else None
        if not ok and runs:
            s[f"{k}_error"] = runs[0]["error"].splitlines()[-1][:160]
    brokers_ok = [r for r in res.get("brokers", []) if "error" not in r]
    s["project"] = statistics.median(r["project_seconds"] for r in brokers_ok) if brokers_ok else None
    s["brokers_method"] = brokers_ok[0].get("method") if brokers_ok else None
    s["graph"] = (brokers_ok[0]["nodes"], brokers_ok[0]["edges"]) if brokers_ok else None
    ex = res.get("exact") or {}
    s["exact"], s["exact_estimated"] = ex.get("seconds"), ex.get("estimated")
    s["exact_cpu"] = ((ex.get("sample") or {}).get("cpu_estimate") if ex.get("estimated")
                      else (ex.get("exact") or {}).get("cpu_seconds"))
    ref = ex.get("reference_run") or {}
    isample = ex.get("igraph_sample") or {}
    if ref.get("cpu_seconds") and not ref.get("stale"):
        s["igraph_cpu"], s["igraph_estimated"] = ref["cpu_seconds"], False
    else:
        s["igraph_cpu"] = isample.get("cpu_estimate")
        s["igraph_estimated"] = isample.get("k") != isample.get("n")  # every source: measured
    command_cpu = s.get("cmd_brokers_cpu")
    s["speedup"] = s["exact_cpu"] / command_cpu if s["exact_cpu"] and command_cpu else None
    s["speedup_igraph"] = s["igraph_cpu"] / command_cpu if s["igraph_cpu"] and command_cpu else None
    s["overlap"], s["overlap_reference"] = None, ex.get("reference")
    s["reference_stale"] = bool(ref.get("stale"))
    s["reference_missing"] = bool(ref.get("missing"))
    if ex.get("top") and brokers_ok:
        ours = set(brokers_ok[0]["top"][:TOP])
        theirs = set(ex["top"][:TOP])
        s["overlap"] = len(ours & theirs) / max(1, min(TOP, len(theirs)))
    s["skipped"] = res.get("skipped", [])
    spread_ok = [r for r in res.get("spread", []) if "error" not in r]
    s["spread_innovation"] = (spread_ok[0]["innovation"], spread_ok[0]["adopters"]) if spread_ok else None
    s["spread_as_of"] = spread_ok[0].get("as_of") if spread_ok else None
    return s


def _num(x: float | None, fmt: str = "{:,.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def _secs(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


COLUMNS = ("size", "people", "relationships", "runs", "ingest s", "peak RSS GB", "re-ingest s",
           "`brokers` s", "kernel s", "project s", "exact igraph s", "× igraph", "exact nx s", "× nx",
           "top-50 overlap", "`gaps` s", "kernel s", "`spread` s", "kernel s", "`map` s", "map MB")


def _cell(s: dict[str, Any], key: str) -> str:
    """A CPU-time cell: the value, ERR when the step failed, — when it did not run."""
    value = s.get(key)
    if value is not None:
        return _secs(value)
    base = key.removesuffix("_cpu")
    return "ERR" if s.get(f"{base}_error") else "—"


def _times(ratio: float | None) -> str:
    if not ratio:
        return "—"
    return f"×{ratio:,.0f}" if ratio >= 10 else f"×{ratio:.2g}"


def _overlap(s: dict[str, Any]) -> str:
    if s["overlap"] is not None:
        return f"{s['overlap']:.2f}" + ("" if s["overlap_reference"] == "networkx"
                                       else f" (vs {s['overlap_reference']} exact)")
    return "stale reference" if s.get("reference_stale") else "—"


def table(summaries: list[dict[str, Any]], reduced: list[bool]) -> str:
    """CPU seconds: of the command as a user runs it (`brokers` …) and of its kernel alone."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for s, fewer in zip(summaries, reduced):
        runs = str(s["repeat"]) + (" (--national-repeat)" if fewer else "")
        nx_est = "est. " if s["exact_estimated"] else ""
        ig_est = "est. " if s.get("igraph_estimated") else ""
        reingest = _cell(s, "reingest_cpu") + ("" if not s.get("reingest_changed")
                                               else f" ({s['reingest_changed']} changed!)")
        cells = [s["size"], f"{s['people']:,}", _num(s["relationships"], "{:,}"), runs, _cell(s, "ingest_cpu"),
                 _num(s["peak_gb"], "{:.2f}"), reingest, _cell(s, "cmd_brokers_cpu"), _cell(s, "brokers_cpu"),
                 _secs(s["project"]),
                 ig_est + _secs(s.get("igraph_cpu")) if s.get("igraph_cpu") else "—",
                 ig_est + _times(s.get("speedup_igraph")),
                 nx_est + _secs(s["exact_cpu"]) if s.get("exact_cpu") else "—",
                 nx_est + _times(s.get("speedup")),
                 _overlap(s), _cell(s, "cmd_gaps_cpu"), _cell(s, "gaps_cpu"), _cell(s, "cmd_spread_cpu"),
                 _cell(s, "spread_cpu"), _cell(s, "cmd_map_cpu"), _num(s.get("cmd_map_mb"), "{:,.2f}")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


WALL_COLUMNS = ("size", "ingest", "re-ingest", "`brokers`", "`gaps`", "`spread`", "`map`", "`atlas`",
                "`ingest --sync`", "`brokers --as-of`", "`gaps --as-of`", "`spread --as-of`", "`changes --since`")
WALL_KEYS = ("ingest", "reingest", "cmd_brokers_wall", "cmd_gaps_wall", "cmd_spread_wall", "cmd_map_wall",
             "cmd_atlas_wall", "cmd_sync_wall", "cmd_brokers_as_of_wall", "cmd_gaps_as_of_wall",
             "cmd_spread_as_of_wall", "cmd_changes_since_wall")
#: The commands of the dated record (issue 10), in their own CPU table: (command, summary key).
DATED_COMMANDS = (("`ingest --sync`", "cmd_sync"), ("`brokers --as-of`", "cmd_brokers_as_of"),
                  ("`gaps --as-of`", "cmd_gaps_as_of"), ("`spread --as-of`", "cmd_spread_as_of"),
                  ("`changes --since`", "cmd_changes_since"))


def dated_table(summaries: list[dict[str, Any]], reduced: list[bool]) -> str | None:
    """CPU seconds and peak RSS of the dated-record commands, medians of each size's runs."""
    if not any(s.get(f"{key}_cpu") is not None or s.get(f"{key}_error") for s in summaries for _, key in DATED_COMMANDS):
        return None
    head = ["size", "runs"] + [f"{name} s" for name, _ in DATED_COMMANDS] + [f"{name} GB" for name, _ in DATED_COMMANDS]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for s, fewer in zip(summaries, reduced):
        runs = str(s["repeat"]) + (" (--national-repeat)" if fewer else "")
        cells = [s["size"], runs] + [_cell(s, f"{key}_cpu") for _, key in DATED_COMMANDS]
        cells += [_num(s.get(f"{key}_gb"), "{:.2f}") for _, key in DATED_COMMANDS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def wall_table(summaries: list[dict[str, Any]]) -> str:
    """Wall seconds of the same steps and commands (inflated when the machine is shared)."""
    lines = ["| " + " | ".join(WALL_COLUMNS) + " |", "|" + "|".join("---" for _ in WALL_COLUMNS) + "|"]
    for s in summaries:
        lines.append("| " + " | ".join([s["size"]] + [_secs(s.get(k)) for k in WALL_KEYS]) + " |")
    return "\n".join(lines)


#: Steps whose growth between sizes is reported: (label, summary key).
GROWTH = (("ingest", "ingest_cpu"), ("ingest peak RSS", "peak_gb"), ("re-ingest", "reingest_cpu"),
          ("`brokers`", "cmd_brokers_cpu"), ("brokers kernel", "brokers_cpu"), ("project", "project"),
          ("`gaps`", "cmd_gaps_cpu"), ("`spread`", "cmd_spread_cpu"), ("`map`", "cmd_map_cpu"),
          ("`map` MB", "cmd_map_mb"))


#: Issue 14: every step grows at most this fast (exponent b of people^b) from 100,000 to a million.
GROWTH_LIMIT = 1.2


def growth_exponent(a: dict[str, Any], b: dict[str, Any], key: str) -> float | None:
    """b in cost ∝ people^b between two sizes' summaries, or None where either lacks ``key``."""
    x, y = a.get(key), b.get(key)
    if not x or not y or b["people"] == a["people"]:
        return None
    return math.log(y / x) / math.log(b["people"] / a["people"])


def growth_table(summaries: list[dict[str, Any]]) -> str | None:
    """The exponent b of cost ∝ people^b between consecutive sizes (by people): 1 is linear."""
    ordered = sorted(summaries, key=lambda s: s["people"])
    pairs = [(a, b) for a, b in zip(ordered, ordered[1:]) if b["people"] > a["people"]]
    if not pairs:
        return None
    head = ["step"] + [f"{a['size']} → {b['size']}" for a, b in pairs]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for label, key in GROWTH:
        cells = []
        for a, b in pairs:
            e = growth_exponent(a, b, key)
            cells.append("—" if e is None else f"{e:.2f}" + (" MISS" if e > GROWTH_LIMIT else ""))
        if any(c != "—" for c in cells):
            lines.append("| " + " | ".join([label] + cells) + " |")
    return "\n".join(lines)


def evaluate_targets(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_name = {s["size"].split(" ")[0]: s for s in summaries}
    rows = []
    for t in TARGETS:
        s = by_name.get(t.size)
        value = s.get(t.metric) if s else None
        row = {"target": f"{t.name} ({t.size})", "limit": t.describe(), "value": value, "unit": t.unit}
        if s is None:
            row["result"], row["measured"] = "not run", "—"
        elif value is None:
            row["measured"] = "—"
            step = "brokers" if t.metric == "overlap" else t.metric.split("_")[1 if t.metric.startswith("cmd_") else 0]
            row["result"] = ("skipped (--skip)" if step in s.get("skipped", []) or (
                                t.metric == "overlap" and "exact" in s.get("skipped", []))
                             else "stale reference" if t.metric == "overlap" and s.get("reference_stale")
                             else "no exact reference" if t.metric == "overlap" and s.get("reference_missing")
                             else "ERR" if s.get(t.metric.removesuffix("_cpu").removesuffix("_gb")
                                                 .removesuffix("_mb") + "_error") else "n/a")
        else:
            ok = value >= t.limit if t.at_least else value <= t.limit
            row["measured"] = f"{value:,.2f} {t.unit}".rstrip()
            wall = s.get(t.metric.replace("_cpu", "_wall")) if t.metric.endswith("_cpu") else None
            if t.metric == "ingest_cpu":
                wall = s.get("ingest")
            elif t.metric == "reingest_cpu":
                wall = s.get("reingest")
            if wall is not None:
                row["measured"] += f" (wall {_secs(wall)} s)"
            if t.metric == "overlap" and s.get("overlap_reference"):
                row["measured"] += f" vs {s['overlap_reference']}"
            row["result"] = "PASS" if ok else "MISS"
            if not ok and not t.at_least and t.limit:
                row["result"] += f" (×{value / t.limit:.1f})"
        rows.append(row)
    rows += growth_targets(by_name)
    return rows


def growth_targets(by_name: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 14's "growth exponents ≤ 1.2 for every step from 100,000 to 1,000,000 people": one row
    per step measured at both sizes (the memory row is ingest's peak RSS)."""
    a, b = by_name.get("national"), by_name.get("million")
    if not a or not b:
        return []
    rows = []
    for label, key in GROWTH:
        e = growth_exponent(a, b, key)
        if e is None:
            continue
        rows.append({"target": f"growth of {label} (national → million)", "limit": f"≤ {GROWTH_LIMIT}",
                     "value": e, "unit": "", "measured": f"{e:.2f}",
                     "result": "PASS" if e <= GROWTH_LIMIT else "MISS"})
    return rows


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| target | limit | measured | result |", "|---|---|---|---|"]
    lines += [f"| {r['target']} | {r['limit']} | {r['measured']} | {r['result']} |" for r in rows]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    for mod in ("ladybug", "networkx", "networkit", "pyarrow"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - optional
            pass
    try:
        git = ["git", "-C", str(REPO_ROOT)]
        info["commit"] = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                        text=True, timeout=10).stdout.strip()
        info["uncommitted"] = [line[3:] for line in subprocess.run(
            git + ["status", "--porcelain", "--", "ecograph", "cypher"], capture_output=True, text=True,
            timeout=10).stdout.splitlines()]
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        info["memory_gb"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError):
        pass
    return info


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", help=f"comma-separated: {', '.join(SIZES)} or PEOPLE[@ICS] "
                                    f"(default {DEFAULT_SIZES}; with --quick {QUICK_SIZES})")
    p.add_argument("--repeat", type=int, help="runs per step; the table shows medians (default 3; --quick 1)")
    p.add_argument("--national-repeat", type=int,
                   help="runs per step for sizes of ≥ 100,000 people (fewer than --repeat; said in the table)")
    p.add_argument("--quick", action="store_true", help="smoke run: tiny size, 1 run, short exact budgets")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default benchmarks/out)")
    p.add_argument("--exact-timeout", type=float, default=600, help="networkx exact betweenness time limit, s")
    p.add_argument("--exact-always", action="store_true", help="try networkx exact even when the estimate is far over")
    p.add_argument("--no-exact", action="store_true", help="skip the networkx baseline")
    p.add_argument("--sample-budget", type=float, default=20,
                   help="seconds to spend on the sampled networkx run that estimates exact time")
    p.add_argument("--reference", choices=("auto", "always", "never"), default="auto",
                   help="exact betweenness with igraph for the top-50 overlap where networkx's exact run "
                        "does not finish. auto: when cached, or when nodes × edges ≤ 2e10 (mid size); "
                        "always: compute it whatever the size, no time limit (national: about 90 "
                        "CPU-minutes, then cached); never")
    p.add_argument("--reference-jobs", type=int, default=os.cpu_count() or 1,
                   help="processes for the exact reference (default: CPU count)")
    p.add_argument("--reference-timeout", type=float, default=1800)
    p.add_argument("--report", type=Path, metavar="JSON",
                   help="print the tables of a saved run again (filling in top-50 overlaps from exact "
                        "references cached since, marked as such); runs nothing")
    p.add_argument("--step-timeout", type=float, default=1800, help="any other step is killed after this, s")
    p.add_argument("--profile", action="store_true", help="write a cProfile .prof per step (slows runs)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--skip", default="", help="comma-separated steps or commands not to run: reingest, "
                                              "brokers, gaps, spread, map, atlas, sync, changes; NAME-kernel "
                                              "skips only the kernel (e.g. gaps-kernel)")
    opts = p.parse_args(argv)
    if opts.quick:
        opts.sizes = opts.sizes or QUICK_SIZES
        opts.repeat = opts.repeat or 1
        opts.sample_budget = min(opts.sample_budget, 1.0)
        opts.exact_timeout = min(opts.exact_timeout, 60)
        opts.reference = "never" if opts.reference == "auto" else opts.reference
    opts.sizes = [parse_size(x) for x in (opts.sizes or DEFAULT_SIZES).split(",") if x.strip()]
    opts.skip = {x.strip() for x in opts.skip.split(",") if x.strip()}
    opts.repeat = opts.repeat or 3
    if opts.repeat < 1 or (opts.national_repeat is not None and opts.national_repeat < 1):
        p.error("repeats must be at least 1")
    opts.out = opts.out.resolve()
    opts.as_of = datetime.now().date().isoformat()  # the run's date: spread and --as-of commands
    return opts


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.report:
        report = json.loads(opts.report.read_text())
        fill_references(report, opts.report.resolve().parent)
        print_report(report, opts.report)
        return 0
    signal.signal(signal.SIGTERM, _terminate)
    opts.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    runner = Runner(opts.out, verbose=not opts.quiet,
                    profile_dir=opts.out / "profiles" / stamp if opts.profile else None)
    started = time.time()
    info = machine()
    runner.say(f"benchmark: sizes {', '.join(s.label for s in opts.sizes)}; repeat {opts.repeat}; "
               f"{info['cpus']} CPUs, load {info['load_average'][0]:.1f}")
    results = []
    speed = [yardstick(runner, "at the start")]
    for size in opts.sizes:
        repeat = opts.repeat
        if opts.national_repeat is not None and size.people >= 100_000:
            repeat = opts.national_repeat
        res = bench_size(runner, size, repeat, opts)
        res["key"] = size.key
        res["reduced_repeat"] = repeat != opts.repeat
        results.append(res)
        speed.append(yardstick(runner, f"after {size.label}"))
    summaries = [summarise(r) for r in results]
    report = {"started": datetime.fromtimestamp(started).isoformat(timespec="seconds"),
              "elapsed_seconds": time.time() - started, "machine": info,
              "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(opts).items() if k != "sizes"},
              "sizes": [vars(s) for s in opts.sizes], "summary": summaries,
              "targets": evaluate_targets(summaries), "results": results, "yardstick": speed}
    info["load_average_end"] = os.getloadavg()
    json_path = opts.out / f"benchmark-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=1, default=str))
    shutil.copyfile(json_path, opts.out / "latest.json")
    print_report(report, json_path)
    return 0


#: The yardstick's CPU seconds on the development machine when quiet: the lowest medians of three
#: runs measured on 2026-11-30 (1.30, 1.35; at other times that day 1.52 with the machine idle and
#: 1.78 with load 4). The run's own medians are compared with it.
YARDSTICK_QUIET = 1.30
YARDSTICK_RUNS = 3


def yardstick(runner: Runner, when: str) -> dict[str, Any]:
    """How fast the machine is now: the median CPU time of :data:`YARDSTICK_RUNS` runs of a
    fixed workload (``benchmarks.steps`` ``yardstick``), each in its own process."""
    runner.say(f"yardstick {when}")
    runs = [runner.run("yardstick", {}) for _ in range(YARDSTICK_RUNS)]
    cpu = _cpu(runs)
    runner.say(f"  {_secs(cpu)} CPU s" + (f" (×{cpu / YARDSTICK_QUIET:.2f} the quiet machine's)" if cpu else ""))
    return {"when": when, "cpu_seconds": cpu, "runs": runs}


def speed_note(speed: list[dict[str, Any]]) -> str | None:
    """What the yardstick said of the machine during the run, in a sentence."""
    known = [s for s in speed if s.get("cpu_seconds")]
    if not known:
        return None
    said = "; ".join(f"{s['when']} {s['cpu_seconds']:.2f} s (×{s['cpu_seconds'] / YARDSTICK_QUIET:.2f})"
                     for s in known)
    worst = max(s["cpu_seconds"] for s in known) / YARDSTICK_QUIET
    return (f"Machine speed. A fixed workload (the yardstick: Python dicts, a numpy sort and igraph's "
            f"weighted betweenness, medians of {YARDSTICK_RUNS} runs) took {said}, against "
            f"{YARDSTICK_QUIET:.2f} s on this machine when quiet. "
            + ("The machine ran at its quiet speed: the CPU times above are not inflated."
               if worst < 1.1 else
               f"CPU times above may be up to ×{worst:.2f} what a quiet machine gives; targets are judged "
               f"on them as measured."))


def fill_references(report: dict[str, Any], out: Path) -> None:
    """Top-50 lists of exact references computed after the run (``--reference always``), for
    sizes that had none; used only when the reference is of the same projection (its hash)."""
    for res in report["results"]:
        ex = res.get("exact") or {}
        ref_run = ex.get("reference_run") or {}
        cache = reference_cache(out, str(res.get("key")))
        if ex.get("top") or not cache.exists() or not ref_run.get("digest"):
            continue
        ref = json.loads(cache.read_text())
        if ref.get("digest") == ref_run["digest"]:
            ex["top"] = ref["top"]
            ex["reference"], ex["reference_after_run"] = ref["engine"].split()[0], True
            ex["reference_run"] = {k: v for k, v in ref.items() if k not in ("top", "ranks")}
            res["exact"] = ex


def notes(summaries: list[dict[str, Any]], results: list[dict[str, Any]]) -> list[str]:
    out = []
    for s, res in zip(summaries, results):
        name = s["size"]
        for step in ("brokers", "gaps", "spread", "reingest"):
            if s.get(f"{step}_error"):
                out.append(f"- {name}: {step} kernel failed: {s[f'{step}_error']}")
        for cmd in s.get("cmd_names", []):
            if s.get(f"cmd_{_key(cmd)}_error"):
                out.append(f"- {name}: `{cmd}` failed: {s[f'cmd_{_key(cmd)}_error']}")
        present = set(s.get("cmd_names", []))
        skipped = set(res.get("skipped") or ())
        missing = [c for c in OPTIONAL_COMMANDS if c not in present and c not in skipped
                   and c.split()[0] not in skipped]
        if missing and res.get("cli") is not None:
            out.append(f"- {name}: not available in this version: " + ", ".join(
                {"sync": "`ingest --sync`"}.get(c, f"`{c}`") for c in missing))
        if res.get("input_limit_mb"):
            out.append(f"- {name}: a generated file is over ecograph's default input limit: the run set "
                       f"ECOGRAPH_MAX_INPUT_MB={res['input_limit_mb']}")
        if s.get("brokers_method"):
            out.append(f"- {name}: brokers kernel method: {s['brokers_method']}")
        if s.get("graph"):
            out.append(f"- {name}: person projection {s['graph'][0]:,} nodes, {s['graph'][1]:,} edges")
        if s.get("cmd_atlas_mb") is not None:
            out.append(f"- {name}: atlas: {s['cmd_atlas_mb']:,.1f} MB in {s['cmd_atlas_files']:,} files, "
                       f"{_secs(s['cmd_atlas_cpu'])} CPU s, {_secs(s['cmd_atlas_wall'])} s wall")
        ex = res.get("exact") or {}
        ref = ex.get("reference_run") or {}
        if ref.get("stale"):
            out.append(f"- {name}: the committed exact reference is stale (it is of another projection: "
                       f"{ref.get('cached_nodes') or 0:,} nodes, {ref.get('cached_edges') or 0:,} edges, hash "
                       f"{str(ref.get('cached_digest'))[:12]}; this one {ref.get('nodes') or 0:,} nodes, "
                       f"{ref.get('edges') or 0:,} edges, hash {str(ref.get('digest'))[:12]}): no overlap reported; "
                       f"recompute it with --reference always")
        elif ex.get("reference") and ex["reference"] != "networkx":
            what = f"exact reference for the overlap: {ref.get('engine', ex['reference'])}"
            if ref.get("cpu_seconds"):
                what += f", {ref['cpu_seconds']:,.0f} CPU s"
            if ref.get("cached"):
                what += " (committed, same projection hash)"
            if ex.get("reference_after_run"):
                what += " (computed after the run)"
            out.append(f"- {name}: {what}")
        elif ref.get("missing"):
            out.append(f"- {name}: {ref['message']}")
        elif ref.get("error"):
            out.append(f"- {name}: no exact reference: {ref['error'].splitlines()[-1][:200]}")
        sample = ex.get("igraph_sample") or {}
        if s.get("igraph_estimated") and sample.get("k") and s.get("igraph_cpu"):
            out.append(f"- {name}: igraph exact estimated from {sample['k']:,} of {sample['n']:,} sources "
                       f"({sample['sample_seconds']:.1f} s)")
        if s.get("spread_innovation"):
            out.append(f"- {name}: spread for {s['spread_innovation'][0]} ({s['spread_innovation'][1]} adopters "
                       f"as of {s.get('spread_as_of') or 'the run'}: the most adopted innovation not withdrawn)")
    return out


def certified_table(results: list[dict[str, Any]]) -> str | None:
    """One row per size, ε and bound from the ``certified`` step (issue 13 item 5)."""
    head = ("size", "ε", "bound", "CPU s", "samples", "in order", "surely in", "could be in", "median range")
    lines = []
    for r in results:
        for row in (r.get("certified") or {}).get("rows", []):
            lines.append([r["size"], f"{row['epsilon']:g}", row["bound"], _num(row["cpu"]), f"{row['samples']:,}",
                          str(row["order_certified"]), str(row["surely_top"]), f"{row['could_be_top']:,}",
                          f"{row['median_range']:,.0f}"])
    if not lines:
        return None
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [list(head), ["---"] * len(head), *lines])


def print_report(report: dict[str, Any], json_path: Path) -> None:
    results, info = report["results"], report["machine"]
    summaries = [summarise(r) for r in results]
    report["summary"], report["targets"] = summaries, evaluate_targets(summaries)
    started = datetime.fromisoformat(report["started"])
    exact_timeout = report["options"].get("exact_timeout", 600)
    load = info["load_average"][0]
    end = info.get("load_average_end")
    print(f"## ecograph benchmark ({started:%Y-%m-%d %H:%M}, {info['cpus']} CPUs, load average "
          f"{load:.1f} at start{f', {end[0]:.1f} at the end' if end else ''}; "
          f"{report['elapsed_seconds'] / 60:.0f} min)\n")
    print(table(summaries, [r.get("reduced_repeat", False) for r in results]))
    print(f"\nCPU seconds (user + system, all threads and worker processes), medians of each size's runs "
          f"(`runs`). A name in backquotes is the command as a user runs it (`python -m ecograph brokers "
          f"--format json`…: a new process, imports, store opening, projection and output included); "
          f"`kernel s` is the library call alone (`rank_brokers` on a projection read outside the timing, "
          f"`find_gaps`, `spread_routes`). `exact igraph s` and `exact nx s` are exact betweenness on the same "
          f"projection (`est.`: CPU time of k sampled sources × n / k; networkx's exact run is tried when "
          f"its estimate is under {exact_timeout:g} s); `× igraph` and `× nx` are those CPU times over "
          f"`brokers`'s. Peak RSS is the largest of the ingest processes'.")
    found = notes(summaries, results)
    if found:
        print("\n" + "\n".join(found))
    dated = dated_table(summaries, [r.get("reduced_repeat", False) for r in results])
    if dated:
        print("\nThe dated record (issue 10): CPU seconds and peak RSS of the commands as a user runs them, "
              "medians of each size's runs (`ingest --sync` of the unchanged files; `--as-of` the run's date; "
              "`changes` over the generated data's last year):\n")
        print(dated)
    print("\nWall seconds (medians; several times the CPU time when the machine is shared):\n")
    print(wall_table(summaries))
    growth = growth_table(summaries)
    if growth:
        print("\nGrowth exponent b (CPU time, or memory, ∝ people^b) between consecutive sizes; 1 is linear:\n")
        print(growth)
    print("\n### Targets (issue 14; CPU time, wall beside)\n")
    print(targets_table(report["targets"]))
    said = speed_note(report.get("yardstick") or [])
    if said:
        print("\n" + said)
    certified = certified_table(results)
    if certified:
        print("\n### What the sampled ranking certifies about the top 50 (issue 13)\n")
        print(certified)
        print("\nKADABRA on the person projection (δ = 0.1, seed 0). `uniform`: every score within ±ε; "
              "`per node`: KADABRA's own interval for each node (the ranking uses these). `in order`: the "
              "first ranks certified in order; `surely in`: how many of the top 50 are in it whatever the "
              "errors; `could be in`: how many nodes could be; `median range`: the median width of the top "
              "50's certified rank ranges.")
    print(f"\nJSON: {json_path}")


if __name__ == "__main__":
    sys.exit(main())
