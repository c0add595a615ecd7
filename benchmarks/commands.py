"""Time the analysis commands as a user runs them: a new ``ecograph`` process per run.

    python -m benchmarks.commands [--repeat 5] [--out benchmarks/out/commands]

Two stores are built first (outside the timing): the sample ecosystem, and the national ODS
organisation set (``ecograph import-ods`` of the NHS trusts and GP practices extracts: 42 ICSs,
about 6,500 organisations) with the sample ingested on top, as a hub would start. Prints a
Markdown table of median wall times (min–max) and the number of rows each command returned.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "ingest" / "sample"
ECOGRAPH = [sys.executable, "-m", "ecograph"]

COMMANDS = {
    "ecograph --version (start-up)": ["--version"],
    "brokers --top 10": ["brokers", "--top", "10"],
    "brokers --level organisation --top 10": ["brokers", "--level", "organisation", "--top", "10"],
    "brokers --ics QYG --top 10": ["brokers", "--ics", "QYG", "--top", "10"],
    "gaps": ["gaps"],
    "gaps --ics QYG": ["gaps", "--ics", "QYG"],
    "spread INN-005": ["spread", "INN-005"],
    "partners INN-005": ["partners", "INN-005"],
}


def _run(args: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run([*ECOGRAPH, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"ecograph {' '.join(args)} failed:\n{done.stderr}")
    return done


def build_stores(out: Path) -> dict[str, Path]:
    from ecograph.ods import find_nhs_data

    trusts, practices = find_nhs_data()
    if trusts is None or practices is None:
        raise SystemExit("NHS ODS extracts not found: set ECOGRAPH_NHS_DATA to their folder")
    shutil.rmtree(out, ignore_errors=True)
    sample, national = out / "sample", out / "national-ods"
    _run(["ingest", str(SAMPLE), "--store", str(sample)])
    _run(["import-ods", "--trusts", str(trusts), "--gp-practices", str(practices), "--store", str(national)])
    _run(["ingest", str(SAMPLE), "--store", str(national)])
    return {"sample": sample, "national ODS + sample": national}


def time_commands(stores: dict[str, Path], repeat: int) -> list[str]:
    lines = ["| command | " + " | ".join(stores) + " |", "|---|" + "---|" * len(stores)]
    for name, args in COMMANDS.items():
        cells = []
        for store in stores.values():
            extra = [] if args == ["--version"] else ["--store", str(store), "--format", "json"]
            times, rows = [], None
            for _ in range(repeat):
                start = time.perf_counter()
                done = _run([*args, *extra])
                times.append(time.perf_counter() - start)
                if extra:
                    rows = len(json.loads(done.stdout))
            cell = f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"
            cells.append(cell + (f", {rows:,} rows" if rows is not None else ""))
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command and store (median shown)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "commands")
    opts = parser.parse_args(argv)
    stores = build_stores(opts.out)
    load = os.getloadavg()[0]
    lines = time_commands(stores, opts.repeat)
    print(f"## ecograph commands, median of {opts.repeat} runs (new process each; "
          f"{os.cpu_count()} CPUs, load {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
