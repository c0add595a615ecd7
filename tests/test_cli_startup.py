"""The command line starts fast: the heavy analysis libraries load only for the command that
needs them, so `ecograph --help`, `validate` or `gaps --list` answer at once."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO_ROOT

HEAVY = ("networkx", "numpy", "igraph", "networkit", "pyvis", "pyarrow", "neo4j")


def _imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    return {m for m in out if m.split(".")[0] in HEAVY}


def test_loading_the_commands_imports_no_analysis_library() -> None:
    assert _imported_after("import ecograph.cli") == set()


def test_gap_rules_are_data_without_the_analysis() -> None:
    assert _imported_after("from ecograph.analysis.gap_rules import RULES; assert len(RULES) == 10") == set()


def test_the_command_still_imports_what_it_needs(tmp_path) -> None:
    store = str(tmp_path / "s")
    code = ("from click.testing import CliRunner\nfrom ecograph.cli import main\n"
            f"r = CliRunner().invoke(main, ['ingest', {str(REPO_ROOT / 'tests' / 'data' / 'good')!r}, '--store', {store!r}])\n"
            "assert r.exit_code == 0, r.output\n"
            f"r = CliRunner().invoke(main, ['brokers', '--store', {store!r}])\n"
            "assert r.exit_code == 0, r.output")
    assert {"networkx"} <= {m.split(".")[0] for m in _imported_after(code)}
