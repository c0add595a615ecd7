"""``ecograph diffusion`` and ``ecograph changes``: the ecosystem over time, from the dated record."""

from __future__ import annotations

import click

from ..output import table_layout, to_table, wrap_text
from .options import as_of_option, emit, format_option, opened, store_options

#: The terminal tables' columns: together they show every key csv and json have, wrapped to
#: the terminal. Each innovation has its tables under a line naming it (so they leave out its
#: id and name): its adopters (one table when it fits; in a wide terminal two, the figures then
#: who each adopter is and where it came from; in a narrow one a block per adopter); or its curve.
DIFFUSION_TABLE_COLUMNS = ("organisation", "date", "status", "stage", "ended", "days_after_first", "partners",
                           "adopted_partners", "exposure", "threshold_class", "adopter_class")
ROUTE_TABLE_COLUMNS = ("organisation", "organisation_name", "ics", "route_from", "route_from_name", "route")
CURVE_TABLE_COLUMNS = ("date", "new", "adopters", "in_use")
CHANGES_TABLE_COLUMNS = ("what", "change", "date", "id", "name", "detail")


def _plural(n: int, word: str, words: str) -> str:
    return f"{n} {word if n == 1 else words}"


@click.command()
@click.argument("innovation", required=False)
@click.option("--curve", is_flag=True,
              help="Print the cumulative adoption curve (one row per adoption date) instead of the adopters.")
@as_of_option(today=False, help="The diffusion as the record stood on DATE (YYYY-MM-DD or DD/MM/YYYY) "
                   "[default: the whole record]: adoptions dated after it are not counted, nor an end after "
                   "it; curves, exposures and classes are those of the adoptions known then.")
@store_options
@format_option
def diffusion(innovation: str | None, curve: bool, as_of: str | None, config, fmt: str) -> None:
    """How INNOVATION (its id; every innovation when none is given) spread over time:
    each adopter's date, days after the first adoption, its exposure when it adopted (the share
    of its partner organisations that had adopted before it, as netdiffuseR's threshold) and
    threshold class, and the route it came by where the record shows one (an earlier adopter it
    was linked to by people who knew each other or a shared partnership). `--curve`: the
    cumulative adoption curve. Undated adoptions are listed as undated, not guessed."""
    from ..analysis.diffusion import adopter_rows, curve_rows, diffusion as run_diffusion

    with opened(config, read_only=True) as store:
        results = run_diffusion(store, innovation, as_of=as_of)
    rows = curve_rows(results) if curve else adopter_rows(results)
    if fmt != "table":
        emit(rows, fmt)
        return
    for d in results:  # under the innovation's id and name
        click.echo("\n" + wrap_text(f"{d.innovation}  {d.name}" + ("  (withdrawn)" if d.withdrawn else "")))
        if curve:
            click.echo(to_table([{k: c[k] for k in CURVE_TABLE_COLUMNS} for c in d.curve])
                       if d.curve else "(no dated adoption)")
            continue
        click.echo(_adopters_table(d.adopters))
    undated = sum(d.undated for d in results)
    notes = [f"{f'As of {as_of}' if as_of else 'The whole record'}: "
             f"{_plural(len(results), 'innovation', 'innovations')} with adoptions."]
    if undated:
        notes.append(f"{_plural(undated, 'adoption has', 'adoptions have')} no date: the record cannot tell "
                     "when, so they are listed as undated and left out of the curve and exposures.")
    if not curve:
        notes.append("Exposure: the share of the organisation's partners that had adopted before it "
                     "(blank: no partners that day); threshold and adopter class: netdiffuseR's classes; "
                     "route from: the earlier adopter it was linked to, and how.")
    click.echo("\n" + wrap_text(" ".join(notes)), err=True)


def _adopters_table(adopters: list[dict]) -> str:
    """The adopters' figures as one table when it fits; otherwise the figures, then who each
    adopter is and where it came from, as two tables; one block per adopter (everything about
    it together) when even the figures would not fit as a table."""
    columns = [*ROUTE_TABLE_COLUMNS[:3], *DIFFUSION_TABLE_COLUMNS[1:], *ROUTE_TABLE_COLUMNS[3:]]
    layout, whole = table_layout([{k: a[k] for k in columns} for a in adopters])
    if layout != "blocks":
        return whole
    layout, figures = table_layout([{k: a[k] for k in DIFFUSION_TABLE_COLUMNS} for a in adopters])
    if layout == "blocks":
        return whole
    return "\n".join([figures, "Who they are, and where each came from:",
                      to_table([{k: a[k] for k in ROUTE_TABLE_COLUMNS} for a in adopters])])


@click.command()
@click.option("--since", required=True, metavar="DATE",
              help="Start of the period (YYYY-MM-DD or DD/MM/YYYY), not included.")
@click.option("--until", default=None, metavar="DATE",
              help="End of the period (YYYY-MM-DD or DD/MM/YYYY), included [default: today].")
@click.option("--level", type=click.Choice(("person", "team", "organisation")), default="person",
              show_default=True, help="Whose broker ranks to compare.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True,
              help="Compare the ranks of the top N brokers on either date.")
@store_options
@format_option
def changes(since: str, until: str | None, level: str, top: int, config, fmt: str) -> None:
    """What changed between --since and --until: people who started or left, ties, partnerships
    and coverage that started or ended, adoptions made or ended, organisations closed (and who
    took over), innovations withdrawn; which gaps opened and closed; how the top brokers moved.
    Facts with no date are counted as undated: the record cannot tell when."""
    from ..analysis.changes import changes as run_changes

    with opened(config, read_only=True) as store:
        rows = run_changes(store, since, until, level=level, top=top)
    if fmt != "table":
        emit(rows, fmt)
        return
    click.echo(to_table(rows, CHANGES_TABLE_COLUMNS))
    click.echo("\n" + wrap_text(f"{_plural(len(rows), 'row', 'rows')}."), err=True)


COMMANDS = [diffusion, changes]
