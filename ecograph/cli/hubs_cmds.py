"""``ecograph hubs`` and ``ecograph barriers``: what a hub does, and the agenda it brings."""

from __future__ import annotations

import click

from ..output import to_table, wrap_text
from .options import as_of_option, emit, format_option, opened, store_options

#: Columns of the terminal table of ``barriers`` (csv and json carry every key, the gaps too).
BARRIER_TABLE_COLUMNS = ("ics", "category", "id", "subject_name", "description", "same_subject",
                         "same_category", "evidence")

_ICS_OPTION = click.option("--ics", "ics", default=None, metavar="CODE",
                           help="Only this ICS (its ICB code, e.g. QYG).")


@click.command()
@_ICS_OPTION
@as_of_option
@store_options
@format_option
def hubs(ics: str | None, as_of: str, config, fmt: str) -> None:
    """Score each health innovation network and innovation hub on central coordination (share
    of its ICSs' organisations within two hops), spreading information (organisations its
    people's ties reach) and catalysing partnerships (partnerships it leads or joined, and the
    organisation pairs only they connect). `--ics`: the hubs based in or covering that ICS.
    `--as-of`: as the ecosystem stood that day (partnerships, coverage and ties running then)."""
    from ..analysis.hubs import hubs as run_hubs

    with opened(config, read_only=True) as store:
        rows = run_hubs(store, ics=ics, as_of=as_of)
    emit(rows, fmt)
    if not rows:
        click.echo("No health innovation network or innovation hub found.", err=True)


@click.command()
@_ICS_OPTION
@as_of_option
@store_options
@format_option
def barriers(ics: str | None, as_of: str, config, fmt: str) -> None:
    """List the barriers agreed with stakeholders beside the gaps that support them (same
    subject, or same category in the same ICS), and the categories with gaps but no agreed
    barrier yet: one agenda per ICS. `--as-of`: barriers agreed by then, beside that day's gaps."""
    from ..analysis.barriers import agenda

    with opened(config, read_only=True) as store:
        rows = agenda(store, ics=ics, as_of=as_of)
    if fmt != "table":
        emit(rows, fmt)
        return
    click.echo(to_table([{k: r[k] for k in BARRIER_TABLE_COLUMNS} for r in rows]))
    agreed = sum(1 for r in rows if r["id"])
    click.echo("\n" + wrap_text(f"{agreed} agreed barrier{'s' if agreed != 1 else ''}; {len(rows) - agreed} "
                                f"categor{'ies' if len(rows) - agreed != 1 else 'y'} with gaps and no agreed barrier."),
               err=True)


COMMANDS = [hubs, barriers]
