"""Removing things from the store: ``remove`` here, and the confirmation and listing that
``ingest --sync`` shares with it."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from .. import model
from ..errors import Cancelled

if TYPE_CHECKING:
    from ..ingest.sync import SyncPlan
from .options import emit, format_option, opened, progress_bar, store_options

yes_option = click.option("--yes", "-y", is_flag=True,
                          help="Remove without asking (needed when not run from a terminal).")


def interactive() -> bool:
    """Whether a person can answer a question: stdin and stderr are a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _what(sync_plan: "SyncPlan") -> str:
    removals = sync_plan.removals
    nodes = sum(map(len, removals.nodes.values()))
    return f"{nodes} node(s) and {removals.relationship_count} relationship(s)"


def _show_removals(sync_plan: "SyncPlan", fmt: str) -> None:
    """The removal list as a table, on stdout for a table and on stderr otherwise (the data
    goes to stdout once, at the end)."""
    from ..output import to_table
    click.echo(to_table(sync_plan.removals.rows()), err=fmt != "table")


class Confirmation:
    """The question asked before anything is removed: none with ``--yes``; a terminal prompt
    after the list; an error saying to add --yes when nobody can answer."""

    def __init__(self, yes: bool, fmt: str):
        self.yes, self.fmt = yes, fmt
        #: Whether the removal list was shown with the question (so it is not shown twice).
        self.shown = False

    def __call__(self, sync_plan: "SyncPlan") -> bool:
        if self.yes:
            return True
        if not interactive():
            raise Cancelled(f"The write would remove {_what(sync_plan)} from {sync_plan.store}, and there is "
                            "no terminal to ask for confirmation",
                            hint="Nothing was written. Check the list with --dry-run, then run again with --yes.")
        _show_removals(sync_plan, self.fmt)
        self.shown = True
        return click.confirm(f"\nRemove these {_what(sync_plan)} from {sync_plan.store}?", default=False, err=True)


def print_plan(sync_plan: "SyncPlan", fmt: str, shown: bool = False) -> None:
    """What a sync or remove did (or would do): the removal list (unless ``shown`` already with
    the question), then the counts."""
    from .data_cmds import print_warnings
    summary = sync_plan.summary()
    print_warnings(summary.warnings)
    if fmt == "json":
        click.echo(json.dumps(sync_plan.as_json(), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        emit(sync_plan.removals.rows(), fmt, ["remove", "kind", "id", "name"])
        return
    if sync_plan.removals.total and not shown:
        click.secho("Would remove:" if sync_plan.dry_run else "Removed:", bold=True)
        _show_removals(sync_plan, fmt)
        click.echo()
    if summary.rows():
        emit(summary.rows(), fmt)
    verb = "would remove" if sync_plan.dry_run else "removed"
    changed = summary.changed - sync_plan.removals.total
    tail = f", {'would change' if sync_plan.dry_run else 'changed'} {changed} more" if changed else ""
    click.echo(f"\n{sync_plan.store}: {verb} {_what(sync_plan)}{tail}.", err=True)
    if sync_plan.dry_run and sync_plan.removals.total:
        click.echo("Nothing was written (--dry-run). Run again without --dry-run to apply.", err=True)


@click.command()
@click.argument("entity_id", metavar="ID")
@click.option("--label", type=click.Choice([n.label for n in model.NODES]), default=None,
              help="The kind of entity, when the id names more than one (an ICS code is also its ICB's id).")
@click.option("--dry-run", is_flag=True, help="List what would go; write nothing.")
@yes_option
@store_options
@format_option
def remove(entity_id: str, label: str | None, dry_run: bool, yes: bool, config, fmt: str) -> None:
    """Remove one entity (person, organisation, team, innovation, partnership, barrier or ICS)
    by its id, with every relationship it has.

    Lists what would go and asks for confirmation first (--yes skips the question; without a
    terminal --yes is required). Refused while other records need it, e.g. the people of an
    organisation: remove or move them first. Better still, edit the spreadsheets and run
    `ecograph ingest --sync`, so the next ingest does not bring it back."""
    from ..ingest.sync import remove as run_remove
    confirm = Confirmation(yes, fmt)
    with opened(config) as store:
        done = run_remove(store, entity_id, label=label, dry_run=dry_run, confirm=confirm, progress=progress_bar)
    print_plan(done, fmt, confirm.shown)


COMMANDS = [remove]
