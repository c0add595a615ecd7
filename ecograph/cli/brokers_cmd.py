"""``ecograph brokers``: who holds the ecosystem together, and why."""

from __future__ import annotations

import click

from ..analysis.ecosystem_brokers import GROUPINGS, find_brokers
from ..analysis.projection import LEVELS
from ..output import wrap_text
from .options import as_of_option, emit, format_option, opened, store_options

#: The first columns of the table (every other key follows: the table loses nothing).
TABLE_COLUMNS = ("rank", "id", "name", "organisation_name", "ics", "betweenness", "constraint", "effective_size",
                 "articulation_point", "why")


@click.command()
@click.option("--ics", default=None, metavar="CODE", help="Only this ICS (its ICB code, e.g. QYG).")
@click.option("--level", type=click.Choice(LEVELS), default="person", show_default=True,
              help="Rank people, teams or organisations.")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many to show.")
@click.option("--group-by", type=click.Choice(GROUPINGS), default=None,
              help="Groups for brokerage roles [default: ICS, or organisation kind with --ics].")
@click.option("--unweighted", is_flag=True,
              help="Every link counts 1 and betweenness is normalised over all pairs (the earlier measure).")
@click.option("--exact", is_flag=True,
              help="Exact betweenness whatever the size. By default it is sampled, with a stated error bound, above "
                   "10,000 nodes or 500 million nodes times links (exact: about 45 CPU seconds for the 9,490 "
                   "organisations of a national store, about an hour for its 100,000 people).")
@as_of_option
@store_options
@format_option
def brokers(ics: str | None, level: str, top: int, group_by: str | None, unweighted: bool, exact: bool,
            as_of: str, config, fmt: str) -> None:
    """Rank brokers by betweenness, with Burt's constraint and effective size, Gould–Fernandez
    brokerage roles across groups, and the parts that disconnect if one leaves. Links weigh by
    strength (ties, and shared teams and partnerships by 1/(size-1)) unless --unweighted. --as-of
    ranks the ecosystem as it stood that day: people who had left, closed organisations and
    ended partnerships and ties neither broker nor link anyone."""
    with opened(config, read_only=True) as store:
        rows, grouping = find_brokers(store, level, ics, top, group_by, weighted=not unweighted, as_of=as_of,
                                      exact=exact)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    emit(rows, fmt, TABLE_COLUMNS)
    if fmt != "table":
        return
    method = rows[0]["method"] if rows else "exact"
    click.echo("\n" + wrap_text(f"Brokerage roles counted across groups by {grouping}; betweenness: {method}."),
               err=True)


COMMANDS = [brokers]
