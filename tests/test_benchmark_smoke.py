"""Smoke test of the benchmark: ``python -m benchmarks.run --quick`` on a tiny ICS.

Runs the whole command in a subprocess (every step is itself a subprocess), then checks that
the Markdown table has every column and a row for the size, the targets table prints, and the
JSON report is written. Steps that are missing or fail show as ERR in the table: the table
must still print. It takes 30-90 s on a loaded machine, hence ``slow``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO_ROOT, require

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from benchmarks.run import COLUMNS, DATED_COMMANDS, WALL_COLUMNS, year_before  # noqa: E402
from benchmarks.steps import spread_innovation  # noqa: E402


@pytest.mark.slow
def test_quick_benchmark_prints_the_table(tmp_path):
    from ecograph.ods import find_nhs_data
    trusts, practices = find_nhs_data()
    require(trusts is not None and practices is not None,
            "NHS ODS extracts not found: set ECOGRAPH_NHS_DATA (see ecograph.generate)")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--sizes", "150@QYG", "--quiet", "--out", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| size |"))
    assert [c.strip() for c in header.strip("|").split("|")] == list(COLUMNS)
    row = next(line for line in lines if line.startswith("| 150@QYG "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == len(COLUMNS)
    assert cells[1] == "150"
    float(cells[COLUMNS.index("ingest s")])  # ingest and re-ingest always measure
    float(cells[COLUMNS.index("re-ingest s")].split()[0])
    float(cells[COLUMNS.index("`brokers` s")])  # the command as a user runs it, beside its kernel
    float(cells[COLUMNS.index("kernel s")])
    float(cells[COLUMNS.index("`map` s")])
    assert "### Targets" in proc.stdout
    assert "| `map` national overview (national) | ≤ 5 CPU s |" in proc.stdout
    assert "| `atlas` (issue 9) (atlas) | ≤ 120 CPU s |" in proc.stdout
    # each optional command either ran (a wall time) or is said to be missing
    wall_header = lines.index("| " + " | ".join(WALL_COLUMNS) + " |")
    wall = lines[wall_header + 2]
    assert wall.startswith("| 150@QYG ")
    wall_cells = dict(zip(WALL_COLUMNS, (c.strip() for c in wall.strip("|").split("|"))))
    for column in ("`ingest --sync`", "`brokers --as-of`", "`gaps --as-of`", "`spread --as-of`", "`changes --since`"):
        assert wall_cells[column] != "—" or column in proc.stdout.split("not available in this version:")[-1]
    # the dated-record commands have their CPU medians, and spread found an innovation to measure
    dated_header = next(i for i, line in enumerate(lines) if line.startswith("| size | runs | `ingest --sync` s"))
    dated = dict(zip([c.strip() for c in lines[dated_header].strip("|").split("|")],
                     (c.strip() for c in lines[dated_header + 2].strip("|").split("|"))))
    for name, _ in DATED_COMMANDS:
        float(dated[f"{name} s"])
    assert "kernel failed" not in proc.stdout and "failed:" not in proc.stdout
    reports = list(out.glob("benchmark-*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert report["summary"][0]["people"] == 150
    assert report["summary"][0]["ingest"] > 0
    # the machine's speed was measured before and after, and said beside the targets
    assert [s["when"] for s in report["yardstick"]] == ["at the start", "after 150@QYG (QYG)"]
    assert all(s["cpu_seconds"] > 0 and len(s["runs"]) == 3 for s in report["yardstick"])
    assert "Machine speed. A fixed workload" in proc.stdout


def test_spread_is_measured_for_an_innovation_not_withdrawn_with_adopters(tmp_path):
    """The most adopted innovation is withdrawn, the next one's adoptions mostly come later or
    ended: the benchmark measures spread for the one with the most adopters that day."""
    from random_ecosystem import ingest_rows

    from ecograph.store import StoreConfig, open_store
    orgs = [f"R{k}" for k in range(6)]
    rows = {"ics.csv": [{"code": "QXX", "name": "Test ICS"}],
            "organisations.csv": [{"id": o, "name": f"Trust {o}", "kind": "acute-trust", "ics": "QXX"} for o in orgs],
            "innovations.csv": [{"id": "INN-1", "name": "Withdrawn", "kind": "pathway", "withdrawn": "2024-01-01"},
                                {"id": "INN-2", "name": "Mostly later", "kind": "pathway"},
                                {"id": "INN-3", "name": "Two now", "kind": "pathway"}],
            "adoptions.csv": [{"organisation": o, "innovation": "INN-1", "date": "2023-01-01"} for o in orgs]
            + [{"organisation": o, "innovation": "INN-2", "date": "2025-01-01"} for o in orgs[:3]]
            + [{"organisation": orgs[3], "innovation": "INN-2", "date": "2020-01-01", "ended": "2023-06-30"},
               {"organisation": orgs[4], "innovation": "INN-2", "date": "2020-01-01"}]
            + [{"organisation": o, "innovation": "INN-3", "date": "2021-01-01"} for o in orgs[:2]]}
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        assert spread_innovation(store, "2023-12-31") == ("INN-1", 6)
        assert spread_innovation(store, "2024-06-30") == ("INN-3", 2)  # INN-1 withdrawn; INN-2: one
        assert spread_innovation(store, "2025-06-30") == ("INN-2", 4)
        assert spread_innovation(store, "2019-01-01") is None
    assert year_before("2025-06-30") == "2024-06-30" and year_before("2024-02-29") == "2023-02-28"


def test_speed_note_says_how_much_slower_than_quiet_the_machine_ran():
    from benchmarks.run import YARDSTICK_QUIET, speed_note

    assert speed_note([]) is None
    quiet = speed_note([{"when": "at the start", "cpu_seconds": YARDSTICK_QUIET}])
    assert "quiet speed" in quiet and "×1.00" in quiet
    slow = speed_note([{"when": "at the start", "cpu_seconds": YARDSTICK_QUIET},
                       {"when": "after national", "cpu_seconds": YARDSTICK_QUIET * 1.4}])
    assert "up to ×1.40" in slow and "after national" in slow


def test_growth_between_national_and_million_is_judged_against_issue_14s_limit():
    from benchmarks.run import GROWTH_LIMIT, evaluate_targets, growth_table
    national = {"size": "national (100,000 people)", "people": 100_000, "ingest_cpu": 10.0, "cmd_gaps_cpu": 8.0}
    # ingest ×10 for ×10 people (b = 1), gaps ×20 (b = 1.30)
    million = {"size": "million (1,000,000 people)", "people": 1_000_000, "ingest_cpu": 100.0, "cmd_gaps_cpu": 160.0}
    rows = {r["target"]: r for r in evaluate_targets([national, million]) if r["target"].startswith("growth")}
    assert rows["growth of ingest (national → million)"]["result"] == "PASS"
    assert rows["growth of ingest (national → million)"]["measured"] == "1.00"
    gaps = rows["growth of `gaps` (national → million)"]
    assert gaps["result"] == "MISS" and gaps["value"] > GROWTH_LIMIT and gaps["measured"] == "1.30"
    assert not any("spread" in t for t in rows)  # measured at neither size: no row
    assert "1.30 MISS" in growth_table([national, million])
    assert not [r for r in evaluate_targets([national]) if r["target"].startswith("growth")]
