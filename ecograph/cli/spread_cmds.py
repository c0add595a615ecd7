"""``ecograph spread`` and ``ecograph partners``: where an innovation could go next, and through whom."""

from __future__ import annotations

import click

from ..output import to_table
from .options import as_of_option, emit, format_option, opened, store_options

#: The first columns of the ``spread`` table (every other key follows: the table loses nothing).
_TABLE_COLUMNS = ("rank", "id", "name", "score", "route", "route_text", "route_length", "route_strength",
                  "exposure", "similarity", "champion_at_far_end", "lead_at_far_end")


def _spread_table(rows: list[dict]) -> str:
    """Every key; the route as ids with their kind and the real direction of each relationship
    (its names are in route_text)."""
    from ..analysis.spread import route_arrow_text

    def route_cell(route: list[dict]) -> str:
        return route_arrow_text([{**hop, "id": f"{hop['id']} ({hop['label']})"} for hop in route]) \
            if route else "(no route)"
    return to_table([{**row, "route": route_cell(row["route"])} for row in rows], _TABLE_COLUMNS)


@click.command()
@click.argument("innovation_id")
@click.option("--ics", default=None, metavar="CODE", help="Only candidate organisations in this ICS.")
@click.option("--max-hops", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Longest route searched, in relationships.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Show only the first N organisations.")
@as_of_option
@format_option
@store_options
def spread(innovation_id: str, ics: str | None, max_hops: int, top: int | None, as_of: str, fmt: str,
           config) -> None:
    """Where INNOVATION_ID could spread next: every organisation that has not adopted it, with
    the best warm route from an adopter (through people, teams and partnerships), network
    exposure, similarity to the adopters and a champion or innovation lead at the far end,
    ranked by score. Reachable ones ("untapped") first. --as-of: the routes of the ecosystem as
    it stood that day (ended partnerships, people who had left and closed organisations carry
    no route); an innovation withdrawn by then has no targets."""
    from ..analysis.spread import spread_routes  # numpy and pyarrow: only when used

    with opened(config, read_only=True) as store:
        rows = spread_routes(store, innovation_id, ics=ics, max_hops=max_hops, top=top, as_of=as_of)
    if fmt == "table":
        click.echo(_spread_table(rows))
    else:
        emit(rows, fmt)


@click.command()
@click.argument("innovation_id")
@click.option("--ics", default=None, metavar="CODE", help="Only people working in this ICS.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Show only the first N people.")
@as_of_option
@format_option
@store_options
def partners(innovation_id: str, ics: str | None, top: int | None, as_of: str, fmt: str, config) -> None:
    """The people to contact to spread INNOVATION_ID: people at organisations that have not
    adopted it who know someone at an adopter, its champions, and the innovation leads of
    organisations that have not adopted it. --as-of: as the ecosystem stood that day."""
    from ..analysis.spread import find_partners

    with opened(config, read_only=True) as store:
        rows = find_partners(store, innovation_id, ics=ics, top=top, as_of=as_of)
    emit(rows, fmt)


COMMANDS = [spread, partners]
