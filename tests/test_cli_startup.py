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


def test_every_command_is_listed_with_its_module() -> None:
    """COMMAND_MODULE names each command's module (a command missing there would still run,
    after importing every module)."""
    import importlib

    from ecograph.cli import COMMAND_MODULE, COMMAND_MODULES
    found = {command.name: module for module in COMMAND_MODULES
             for command in importlib.import_module(f"ecograph.cli.{module}").COMMANDS}
    assert found == COMMAND_MODULE


def test_a_command_imports_only_its_own_module(tmp_path) -> None:
    """``spread`` runs without importing the ingest code or the other commands' modules, and
    the help still lists every command."""
    store = str(tmp_path / "s")
    code = ("from click.testing import CliRunner\nfrom ecograph.cli import main\n"
            f"r = CliRunner().invoke(main, ['spread', 'INN-001', '--store', {store!r}])\n"
            "assert r.exit_code == 1 and 'No store' in r.output, r.output\n"
            "import sys\nprint(' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "ecograph.cli.spread_cmds" in out
    assert not {m for m in out if m.startswith(("ecograph.ingest", "ecograph.cli.data_cmds", "ecograph.cli.map_cmds"))}
    from click.testing import CliRunner

    from ecograph.cli import COMMAND_MODULE, main
    listed = CliRunner().invoke(main, ["--help"]).output
    assert all(f"  {name} " in listed for name in COMMAND_MODULE)


def test_numpy_gets_one_blas_thread_unless_the_environment_chose(tmp_path) -> None:
    """Commands run numpy with one OpenBLAS thread (its spare threads only spin: no command does
    dense linear algebra), set before numpy loads; OPENBLAS_NUM_THREADS set by the user wins."""
    import os

    store = str(tmp_path / "s")
    code = ("from click.testing import CliRunner\nfrom ecograph.cli import main\n"
            f"r = CliRunner().invoke(main, ['ingest', {str(REPO_ROOT / 'tests' / 'data' / 'good')!r}, '--store', {store!r}])\n"
            "assert r.exit_code == 0, r.output\n"
            "import os\nprint(os.environ['OPENBLAS_NUM_THREADS'])")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    run = lambda extra: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,  # noqa: E731
                                       env={**env, **extra}).stdout.split()
    assert run({})[0] == "1"
    assert run({"OPENBLAS_NUM_THREADS": "2"})[0] == "2"
