"""``ecograph gaps``: the recommendation rules and structural gaps, with what would close them."""

from __future__ import annotations

import click

from ..analysis.gap_rules import DEFAULT_MAX_HOPS, MAX_HOPS, RULES, rule_rows
from ..output import wrap_text
from .options import as_of_option, emit, format_option, opened, store_options

#: The first columns of the terminal table (every other key follows: the table loses nothing).
TABLE_COLUMNS = ("rule", "subject_id", "subject_name", "ics", "explanation")


@click.command()
@click.option("--ics", "ics", default=None, metavar="CODE", help="Only gaps about this ICS (its ICB code, e.g. QYG).")
@click.option("--rule", "rules", multiple=True, metavar="NAME",
              help="Only this rule (repeat for several); --list shows them.")
@click.option("--max-hops", type=click.IntRange(1, MAX_HOPS), default=DEFAULT_MAX_HOPS, show_default=True,
              help="no_route_to_support: the longest route to innovation support that counts, in hops "
                   "of the organisation graph.")
@click.option("--list", "list_rules", is_flag=True, help="List the rules, their definitions and recommendations.")
@as_of_option
@store_options
@format_option
def gaps(ics: str | None, rules: tuple[str, ...], max_hops: int, list_rules: bool, as_of: str, config,
         fmt: str) -> None:
    """Find gaps: trusts with no innovation lead, specialist trusts with no current formal
    partnership with a health innovation network covering their ICS, organisations not yet
    mapped (a count per ICS and kind), organisations out of reach of innovation support,
    primary care cut off, innovations that never left their origin, adoptions with no champion,
    and ICSs, communities or people the ecosystem hangs on. Every rule sees the ecosystem as of
    a date (--as-of, default today): people who had left, closed organisations, ended
    partnerships and coverage, and adoptions ended or abandoned by then count for none.

    Each row names the rule, what it is about, why, the recommendation it comes from and the
    barrier category it evidences; csv and json add the links that would close the gap
    (suggested_links) and the evidence.
    """
    if list_rules:
        emit(rule_rows(), fmt)  # each rule's full definition, recommendation and source
        return
    from ..analysis.gaps import find_gaps  # numpy, NetworkX, igraph: only when used

    with opened(config, read_only=True) as store:
        rows = find_gaps(store, ics=ics, rules=list(rules) or None, max_hops=max_hops, as_of=as_of)
    emit(rows, fmt, TABLE_COLUMNS)
    if fmt != "table":
        return
    found = list(dict.fromkeys(r["rule"] for r in rows))
    if found:
        click.echo("\nRecommendations:")
        for name in found:
            click.echo(wrap_text(f"{name}: {RULES[name].recommendation}", indent="  "))
    click.echo(f"\n{len(rows)} gap{'s' if len(rows) != 1 else ''} found.", err=True)


COMMANDS = [gaps]
