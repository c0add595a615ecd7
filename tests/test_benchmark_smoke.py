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
from benchmarks.run import COLUMNS, WALL_COLUMNS  # noqa: E402


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
    wall = next(line for line in lines if line.startswith("| 150@QYG ") and line is not row)
    wall_cells = dict(zip(WALL_COLUMNS, (c.strip() for c in wall.strip("|").split("|"))))
    for name, column in (("`ingest --sync`", "`ingest --sync`"), ("`gaps --as-of`", "`gaps --as-of`")):
        assert wall_cells[column] != "—" or name in proc.stdout.split("not available in this version:")[-1]
    reports = list(out.glob("benchmark-*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert report["summary"][0]["people"] == 150
    assert report["summary"][0]["ingest"] > 0
