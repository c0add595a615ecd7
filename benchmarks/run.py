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
    "atlas": Size("atlas", 20_000),  # the 20,000-person national ecosystem of the atlas targets
}
#: Sizes whose atlas is written (once): the target size, and mid in the default run (a
#: 100,000-person atlas is not a target; the quick run stays quick).
ATLAS_SIZES = ("atlas", "mid")
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
    metric: str
    limit: float
    unit: str

    def describe(self) -> str:
        return f"≤ {self.limit:g} {self.unit}"


TARGETS = (
    Target("national ingest", "national", "ingest", 120, "s"),
    Target("national peak RSS (ingest)", "national", "peak_gb", 4, "GB"),
    Target("national re-ingest", "national", "reingest", 60, "s"),
    Target("national brokers (+ top-50 overlap ≥ 0.9)", "national", "brokers", 60, "s"),
    Target("one-ICS brokers (exact)", "ics", "brokers", 5, "s"),
    Target("national gaps (all rules)", "national", "gaps", 30, "s"),
    Target("national spread (one innovation)", "national", "spread", 5, "s"),
    Target("20,000-person atlas written", "atlas", "atlas", 120, "s"),
    Target("20,000-person atlas size", "atlas", "atlas_mb", 60, "MB"),
)
OVERLAP_TARGET = 0.9


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

    def run(self, step: str, args: dict[str, Any], timeout: float | None = None,
            tag: str = "") -> dict[str, Any]:
        """Run ``benchmarks.steps STEP`` in a fresh process; add its peak RSS and wall time.

        Returns the step's JSON result plus ``peak_rss`` (bytes, from ``os.wait4``) and
        ``wall`` (seconds, process start to exit); on failure ``error`` holds the log's tail.
        """
        self.counter += 1
        stem = f"{self.counter:03d}-{step}{'-' + tag if tag else ''}"
        result_path = self.logs / f"{stem}.json"
        log_path = self.logs / f"{stem}.log"
        result_path.unlink(missing_ok=True)
        if self.profile_dir is not None:
            self.profile_dir.mkdir(parents=True, exist_ok=True)
            args = {**args, "profile": str(self.profile_dir / f"{stem}.prof")}
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(REPO_ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
        cmd = [sys.executable, "-m", "benchmarks.steps", step, json.dumps(args), str(result_path)]
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
        wall = time.monotonic() - started
        peak = usage.ru_maxrss * 1024  # KiB on Linux
        if killed:
            return {"error": f"killed after {timeout:g} s", "killed": True, "wall": wall, "peak_rss": peak}
        if proc.returncode != 0 or not result_path.exists():
            tail = log_path.read_text(errors="replace").strip().splitlines()[-12:]
            return {"error": "\n".join(tail) or f"exit code {proc.returncode}", "wall": wall, "peak_rss": peak}
        result = json.loads(result_path.read_text())
        result.update(wall=wall, peak_rss=peak)
        return result


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

    for step in ("reingest", "brokers", "gaps", "spread"):
        runs = []
        for i in range(repeat):
            runner.say(f"{size.label}: {step} {i + 1}/{repeat}")
            runs.append(runner.run(step, args, step_timeout, size.name))
            runner.say(f"  {_fmt_run(runs[-1])}")
            if "error" in runs[-1] and i == 0:
                break  # a step that fails (or is missing) fails every time
        res[step] = runs

    if size.name in ATLAS_SIZES:
        runner.say(f"{size.label}: atlas")
        res["atlas"] = [runner.run("atlas", {**args, "atlas": str(store_root / "atlas")}, step_timeout, size.name)]
        runner.say(f"  {_fmt_run(res['atlas'][-1])}")

    if not opts.no_exact:
        res["exact"] = exact_baseline(runner, size, args, opts)
    return res


def exact_baseline(runner: Runner, size: Size, args: dict[str, Any], opts: argparse.Namespace) -> dict[str, Any]:
    """networkx exact betweenness where it finishes in ``--exact-timeout`` s, else an estimate.

    First a sample of k sources gives an estimate (t_k × n / k). When the estimate is within
    1.5 × the timeout (or ``--exact-always``) the exact run is tried with that timeout.
    Where it does not finish, and ``--reference`` allows, igraph's exact betweenness (same
    measure, in C; cached beside the data) gives the top 50 for the overlap instead.
    """
    out: dict[str, Any] = {}
    runner.say(f"{size.label}: networkx betweenness on a sample of sources (estimate)")
    sample = runner.run("exact_sample", {**args, "budget": opts.sample_budget}, opts.step_timeout, size.name)
    out["sample"] = sample
    if "error" not in sample:
        runner.say(f"  k={sample['k']} of n={sample['n']}: {sample['sample_seconds']:.1f} s "
                   f"-> estimate {sample['estimate']:.0f} s")
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
        if opts.reference != "never":
            runner.say(f"{size.label}: exact reference top 50 (igraph; cached beside the data)")
            ref_args = {**args, "cache": str(reference_cache(opts.out, size.key)),
                        "max_work": None if opts.reference == "always" else REFERENCE_MAX_WORK,
                        "jobs": opts.reference_jobs}
            timeout = None if opts.reference == "always" else opts.reference_timeout
            ref = runner.run("exact_reference", ref_args, timeout, size.name)
            out["reference_run"] = ref
            runner.say(f"  {'cached' if ref.get('cached') else _fmt_run(ref)}")
            if "error" not in ref:
                out["top"], out["reference"] = ref["top"], ref["engine"].split()[0]
    return out


def reference_cache(out: Path, key: str) -> Path:
    """Where the exact reference of a size is cached: beside its generated data."""
    return out / "data" / key / "exact-reference.json"


def _fmt_run(r: dict[str, Any]) -> str:
    if "error" in r:
        return "ERROR: " + r["error"].splitlines()[-1][:200]
    extra = f", project {r['project_seconds']:.1f} s" if "project_seconds" in r else ""
    return f"{r.get('seconds', 0):.2f} s{extra}, peak {r['peak_rss'] / 2**20:,.0f} MiB, wall {r['wall']:.1f} s"


# --- summary ----------------------------------------------------------------------------------

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
    brokers_ok = [r for r in res.get("brokers", []) if "error" not in r]
    s["project"] = statistics.median(r["project_seconds"] for r in brokers_ok) if brokers_ok else None
    s["brokers_method"] = brokers_ok[0].get("method") if brokers_ok else None
    s["graph"] = (brokers_ok[0]["nodes"], brokers_ok[0]["edges"]) if brokers_ok else None
    ex = res.get("exact") or {}
    s["exact"], s["exact_estimated"] = ex.get("seconds"), ex.get("estimated")
    s["exact_cpu"] = ((ex.get("sample") or {}).get("cpu_estimate") if ex.get("estimated")
                      else (ex.get("exact") or {}).get("cpu_seconds"))
    s["speedup"] = s["exact"] / s["brokers"] if s["exact"] and s["brokers"] else None
    s["overlap"], s["overlap_reference"] = None, ex.get("reference")
    if ex.get("top") and brokers_ok:
        ours = set(brokers_ok[0]["top"][:TOP])
        theirs = set(ex["top"][:TOP])
        s["overlap"] = len(ours & theirs) / max(1, min(TOP, len(theirs)))
    spread_ok = [r for r in res.get("spread", []) if "error" not in r]
    s["spread_innovation"] = (spread_ok[0]["innovation"], spread_ok[0]["adopters"]) if spread_ok else None
    atlas_ok = [r for r in res.get("atlas", []) if "error" not in r]
    s["atlas"] = _seconds(res.get("atlas", []))
    s["atlas_cpu"] = _cpu(res.get("atlas", []))
    s["atlas_mb"] = atlas_ok[0]["bytes"] / 2**20 if atlas_ok else None
    s["atlas_files"] = (atlas_ok[0]["files"], atlas_ok[0]["maps"], atlas_ok[0]["largest"]) if atlas_ok else None
    return s


def _num(x: float | None, fmt: str = "{:,.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def _secs(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


COLUMNS = ("size", "people", "relationships", "runs", "ingest s", "peak RSS GB", "re-ingest s",
           "project s", "brokers s", "exact nx s", "speed-up", "top-50 overlap", "gaps s", "spread s")


def table(summaries: list[dict[str, Any]], reduced: list[bool]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for s, fewer in zip(summaries, reduced):
        runs = str(s["repeat"]) + (" (--national-repeat)" if fewer else "")
        est = "est. " if s["exact_estimated"] else ""
        exact = f"{est}{_secs(s['exact'])}" if s["exact"] is not None else "—"
        speed = f"{est}×{s['speedup']:,.0f}" if s["speedup"] else "—"
        if s["overlap"] is None:
            overlap = "—"
        else:
            overlap = f"{s['overlap']:.2f}" + ("" if s["overlap_reference"] == "networkx"
                                               else f" (vs {s['overlap_reference']} exact)")
        brokers = _secs(s["brokers"]) if s["brokers"] is not None else ("ERR" if s.get("brokers_error") else "—")
        gaps = _secs(s["gaps"]) if s["gaps"] is not None else ("ERR" if s.get("gaps_error") else "—")
        spread = _secs(s["spread"]) if s["spread"] is not None else ("ERR" if s.get("spread_error") else "—")
        reingest = _secs(s["reingest"]) + ("" if not s.get("reingest_changed") else f" ({s['reingest_changed']} changed!)")
        cells = [s["size"], f"{s['people']:,}", _num(s["relationships"], "{:,}"), runs, _secs(s["ingest"]),
                 _num(s["peak_gb"], "{:.2f}"), reingest, _secs(s["project"]), brokers, exact, speed,
                 overlap, gaps, spread]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


CPU_COLUMNS = ("size", "ingest", "re-ingest", "brokers", "exact nx", "gaps", "spread")


def cpu_table(summaries: list[dict[str, Any]]) -> str:
    """CPU seconds (all threads) of the same steps: steadier than wall time on a busy machine."""
    lines = ["| " + " | ".join(CPU_COLUMNS) + " |", "|" + "|".join("---" for _ in CPU_COLUMNS) + "|"]
    for s in summaries:
        est = "est. " if s["exact_estimated"] and s.get("exact_cpu") is not None else ""
        cells = [s["size"]] + [_secs(s.get(f"{k}_cpu")) for k in ("ingest", "reingest", "brokers")]
        cells += [est + _secs(s.get("exact_cpu"))] + [_secs(s.get(f"{k}_cpu")) for k in ("gaps", "spread")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evaluate_targets(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_name = {s["size"].split(" ")[0]: s for s in summaries}
    rows = []
    for t in TARGETS:
        s = by_name.get(t.size)
        value = s.get(t.metric) if s else None
        row = {"target": t.name, "limit": t.describe(), "value": value, "unit": t.unit}
        if s is None:
            row["result"], row["measured"] = "not run", "—"
        elif value is None:
            row["result"], row["measured"] = "n/a", "—"
        else:
            ok = value <= t.limit
            row["measured"] = f"{value:,.2f} {t.unit}"
            if s.get(f"{t.metric}_cpu") is not None:
                row["measured"] += f" (CPU {s[f'{t.metric}_cpu']:,.1f} s)"
            if t.metric == "brokers" and t.size == "national":
                if s["overlap"] is None:
                    row["measured"] += ", overlap n/a"
                    ok = ok and False
                    row["result"] = "MISS" if value > t.limit else "n/a (no exact)"
                else:
                    row["measured"] += f", overlap {s['overlap']:.2f}"
                    ok = ok and s["overlap"] >= OVERLAP_TARGET
            if t.metric == "brokers" and t.size == "ics" and s.get("brokers_method"):
                row["measured"] += f" ({s['brokers_method']})"
            row.setdefault("result", "PASS" if ok else "MISS")
            if row["result"] == "MISS" and value > t.limit:
                row["result"] += f" (×{value / t.limit:.1f})"
        rows.append(row)
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
    opts = p.parse_args(argv)
    if opts.quick:
        opts.sizes = opts.sizes or QUICK_SIZES
        opts.repeat = opts.repeat or 1
        opts.sample_budget = min(opts.sample_budget, 1.0)
        opts.exact_timeout = min(opts.exact_timeout, 60)
        opts.reference = "never" if opts.reference == "auto" else opts.reference
    opts.sizes = [parse_size(x) for x in (opts.sizes or DEFAULT_SIZES).split(",") if x.strip()]
    opts.repeat = opts.repeat or 3
    if opts.repeat < 1 or (opts.national_repeat is not None and opts.national_repeat < 1):
        p.error("repeats must be at least 1")
    opts.out = opts.out.resolve()
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
    for size in opts.sizes:
        repeat = opts.repeat
        if opts.national_repeat is not None and size.people >= 100_000:
            repeat = opts.national_repeat
        res = bench_size(runner, size, repeat, opts)
        res["key"] = size.key
        res["reduced_repeat"] = repeat != opts.repeat
        results.append(res)
    summaries = [summarise(r) for r in results]
    report = {"started": datetime.fromtimestamp(started).isoformat(timespec="seconds"),
              "elapsed_seconds": time.time() - started, "machine": info,
              "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(opts).items() if k != "sizes"},
              "sizes": [vars(s) for s in opts.sizes], "summary": summaries,
              "targets": evaluate_targets(summaries), "results": results}
    info["load_average_end"] = os.getloadavg()
    json_path = opts.out / f"benchmark-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=1, default=str))
    shutil.copyfile(json_path, opts.out / "latest.json")
    print_report(report, json_path)
    return 0


def fill_references(report: dict[str, Any], out: Path) -> None:
    """Top-50 lists of exact references computed after the run (``--reference always`` or by hand),
    for sizes that had none; used when the cached reference is of the same projection size."""
    for res in report["results"]:
        ex = res.get("exact") or {}
        key = res.get("key") or next((Size(**{k: v for k, v in sz.items() if k in ("name", "people", "ics")}).key
                                      for sz in report["sizes"] if sz["name"] == res["size"].split(" ")[0]), None)
        cache = reference_cache(out, str(key))
        brokers_ok = [r for r in res.get("brokers", []) if "error" not in r]
        if ex.get("top") or not cache.exists() or not brokers_ok:
            continue
        ref = json.loads(cache.read_text())
        if (ref.get("nodes"), ref.get("edges")) == (brokers_ok[0]["nodes"], brokers_ok[0]["edges"]):
            ex["top"] = ref["top"]
            ex["reference"], ex["reference_after_run"] = ref["engine"].split()[0], True
            ex["reference_run"] = {k: v for k, v in ref.items() if k != "top"}
            res["exact"] = ex


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
    print(table(summaries, [r["reduced_repeat"] if "reduced_repeat" in r else
                            bool(r["size"] == "national" and report["options"].get("national_repeat"))
                            for r in results]))
    print(f"\nTimes in seconds, medians of each size's runs (`runs`); peak RSS is the largest of the "
          f"ingest processes'. `exact nx s` is networkx's exact betweenness on the same projection "
          f"(`est.`: t(k sources) × n / k, where it would not finish in {exact_timeout:g} s); "
          f"`speed-up` = exact / brokers.")
    notes = []
    for s, res in zip(summaries, results):
        for step in ("brokers", "gaps", "spread", "reingest"):
            if s.get(f"{step}_error"):
                notes.append(f"- {s['size']}: {step} failed: {s[f'{step}_error']}")
        if s.get("brokers_method"):
            notes.append(f"- {s['size']}: brokers method: {s['brokers_method']}")
        if s.get("atlas_files"):
            files, maps, (largest, name) = s["atlas_files"]
            notes.append(f"- {s['size']}: atlas written in {_secs(s['atlas'])} s (CPU {_secs(s['atlas_cpu'])} s): "
                         f"{s['atlas_mb']:,.1f} MB in {files:,} files ({maps:,} maps; largest {name}, "
                         f"{largest / 2**20:,.1f} MB)")
        if s.get("graph"):
            notes.append(f"- {s['size']}: person projection {s['graph'][0]:,} nodes, {s['graph'][1]:,} edges")
        ex = res.get("exact") or {}
        ref = ex.get("reference_run") or {}
        if ex.get("reference") and ex["reference"] != "networkx":
            what = f"exact reference for the overlap: {ref.get('engine', ex['reference'])}"
            if ref.get("cpu_seconds"):
                what += f", {ref['cpu_seconds']:,.0f} CPU s"
            if ref.get("cached"):
                what += " (cached from an earlier run)"
            if ex.get("reference_after_run"):
                what += " (computed after the run)"
            notes.append(f"- {s['size']}: {what}")
        elif ref.get("error"):
            notes.append(f"- {s['size']}: no exact reference: {ref['error'].splitlines()[-1][:200]}")
        if s.get("spread_innovation"):
            notes.append(f"- {s['size']}: spread for {s['spread_innovation'][0]} "
                         f"({s['spread_innovation'][1]} adopters)")
    if notes:
        print("\n" + "\n".join(notes))
    print("\nCPU seconds of the same steps (process time of the step's process and its workers, all "
          "threads; medians). On a busy machine wall time can be several times this.\n")
    print(cpu_table(summaries))
    print("\n### Targets\n")
    print(targets_table(report["targets"]))
    print(f"\nJSON: {json_path}")


if __name__ == "__main__":
    sys.exit(main())
