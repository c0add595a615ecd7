"""The ``ecograph`` command. Commands are thin: parse options, call the library, print."""

from __future__ import annotations

import sys

import click

from ..errors import EcographError, InputError


class _Group(click.Group):
    """Turns the library's domain errors into a message and a next step, never a traceback."""

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


#: Modules under ecograph/cli/ that define commands (each has a COMMANDS list).
COMMAND_MODULES = ("data_cmds", "brokers_cmd", "gaps_cmd", "spread_cmds", "map_cmds", "generate_cmd",
                   "export_cmd", "hubs_cmds", "sync_cmds", "history_cmds")


def _register() -> None:
    import importlib
    import importlib.util
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(f"{__name__}.{name}") is None:
            continue  # not written yet
        for command in importlib.import_module(f"{__name__}.{name}").COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":
    sys.exit(main())
