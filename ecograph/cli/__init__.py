"""The ``ecograph`` command. Commands are thin: parse options, call the library, print."""

from __future__ import annotations

import gc
import os
import sys

import click

from ..errors import EcographError, InputError


class _Group(click.Group):
    """Turns the library's domain errors into a message and a next step, never a traceback;
    imports a command's module only when that command runs (:data:`COMMAND_MODULE`)."""

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        """Every command, all modules imported (help, suggestions for a mistyped name, callers)."""
        _register(COMMAND_MODULES)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._commands:
            _register((COMMAND_MODULE[cmd_name],) if cmd_name in COMMAND_MODULE else COMMAND_MODULES)
        return self._commands.get(cmd_name)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.secho(f"Error: {exc}:", fg="red", err=True)
            for problem in exc.problems:
                click.echo(f"  - {problem}", err=True)
            for problem in exc.warnings:
                click.echo(f"  - warning: {problem}", err=True)
            click.echo(exc.hint, err=True)
            ctx.exit(1)
        except EcographError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            if exc.hint:
                click.echo(exc.hint, err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ecograph")
def main() -> None:
    """Map a health-innovation ecosystem as a knowledge graph: brokers, gaps and spread routes."""
    # A command holds large tables for its whole run and allocates millions of small objects:
    # with CPython's default thresholds (700, 10, 10) the cyclic collector re-scans those tables
    # thousands of times (the 20,000-person atlas: 9,964 collections, 6.3 CPU-s; 83 -> 75 CPU-s
    # with these). Cycles are still collected, in larger batches.
    gc.set_threshold(50_000, 20, 100)
    # numpy's OpenBLAS starts a thread per core whose spare threads spin for a while (~0.05 CPU-s
    # a command on two cores); no command does dense linear algebra (the products are scipy's
    # sparse ones). Set before numpy first loads; a choice made in the environment wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


#: Modules under ecograph/cli/ that define commands (each has a COMMANDS list).
COMMAND_MODULES = ("data_cmds", "brokers_cmd", "gaps_cmd", "spread_cmds", "map_cmds", "generate_cmd",
                   "export_cmd", "hubs_cmds", "sync_cmds", "history_cmds")
#: The module of each command, so that running one imports only its own (``spread`` does not
#: need the ingest code); a command missing here is found by importing them all.
COMMAND_MODULE = {
    **dict.fromkeys(("template", "validate", "ingest", "import-ods", "stats", "query", "kinds", "demo",
                     "upgrade-store"), "data_cmds"),
    "brokers": "brokers_cmd", "gaps": "gaps_cmd", "spread": "spread_cmds", "partners": "spread_cmds",
    "map": "map_cmds", "atlas": "map_cmds", "generate": "generate_cmd", "export": "export_cmd",
    "hubs": "hubs_cmds", "barriers": "hubs_cmds", "remove": "sync_cmds", "diffusion": "history_cmds",
    "changes": "history_cmds",
}
_registered: set[str] = set()


def _register(modules: tuple[str, ...]) -> None:
    """Add the commands of ``modules`` to :func:`main` (once each)."""
    import importlib
    import importlib.util
    for name in modules:
        if name in _registered:
            continue
        _registered.add(name)
        if importlib.util.find_spec(f"{__name__}.{name}") is None:
            continue  # not written yet
        for command in importlib.import_module(f"{__name__}.{name}").COMMANDS:
            main._commands[command.name] = command


if __name__ == "__main__":
    sys.exit(main())
