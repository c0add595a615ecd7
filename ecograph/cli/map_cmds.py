"""``ecograph map`` and ``ecograph atlas``: offline HTML maps and a static atlas of the ecosystem."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from .options import as_of_option, opened, output_path, store_options

redact_option = click.option(
    "--redact-people", "redact", is_flag=True,
    help="Show people by job title and organisation, never by name (names are personal data).")
open_option = click.option("--open", "open_it", is_flag=True, help="Open the result in a web browser.")


def _open(path: Path) -> None:
    webbrowser.open(path.resolve().as_uri())


force_option = click.option("--force", is_flag=True,
                            help="Write into the folder even though it holds files ecograph did not write there "
                                 "(they are kept unless the new files have the same names).")


@click.command(name="map")
@click.option("--ics", default=None, metavar="CODE", help="Only this ICS (its ICB code, e.g. QYG).")
@click.option("--level", type=click.Choice(("all", "organisation", "person")), default=None,
              help="all (the default): organisations, teams, people, partnerships and innovations; "
                   "organisation or person: the network of organisations or of people.")
@click.option("--view", type=click.Choice(("auto", "overview", "network")), default="auto", show_default=True,
              help="overview: one circle per ICS on a map of England, each opening its ICS's map; network: "
                   "every node. auto: the overview when the store holds more than one ICS, unless --ics, "
                   "--innovation, --highlight or --level is given.")
@click.option("--measure", default="gaps-per-organisation", show_default=True, metavar="MEASURE",
              help="What colours the overview: gaps-per-organisation, gaps, people, recorded-share, "
                   "ties-per-person, or adoption:INN-ID.")
@click.option("--drill-down/--no-drill-down", default=True, show_default=True,
              help="With the overview, also write the map of each ICS that has anything recorded, in the "
                   "folder OUTPUT-ics/ beside it (each read from the store for that ICS alone: about 5 CPU "
                   "seconds an ICS at 100,000 people).")
@force_option
@click.option("--innovation", default=None, metavar="ID",
              help="Show where this innovation could spread: developers, adopters, the best candidate "
                   "adopters and the warm route to each.")
@click.option("--highlight", type=click.Choice(("brokers", "gaps")), default=None,
              help="brokers: ring more brokers and say why; gaps: mark what each gap rule names and "
                   "draw the suggested links dashed.")
@redact_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default="ecograph-map.html",
              show_default=True, callback=output_path, help="The HTML file to write.")
@open_option
@as_of_option
@store_options
def map_command(ics: str | None, level: str | None, view: str, measure: str, drill_down: bool, force: bool,
                innovation: str | None, highlight: str | None, redact: bool, output: Path, open_it: bool,
                as_of: str, config) -> None:
    """Write an interactive map of the ecosystem: one self-contained HTML file that works offline.

    Colour by organisation kind (or by role, with --innovation), size by betweenness, brokers
    ringed; search, filters and details on hover. With more than 150 people the map opens at
    the organisation level, people one click away; above 1,500 nodes people are rolled up into
    their organisations. --as-of: the analyses (sizes, brokers, gaps, spread) as the ecosystem
    stood that day.
    """
    from ..maps.overview import parse_measure, wants_overview, write_map_overview
    parse_measure(measure)  # a bad --measure fails before anything is read
    focused = ics is not None or innovation is not None or highlight is not None or level is not None
    with opened(config, read_only=True) as store:
        if view == "overview" or (view == "auto" and not focused and wants_overview(store)):
            path, maps = write_map_overview(store, output, measure, drill_down=drill_down, redact=redact,
                                            force=force, as_of=as_of)
            if maps:
                click.echo(f"{len(maps)} ICS maps in {maps[0].parent}", err=True)
        else:
            from ..maps.ecosystem import write_map  # (not imported for the overview: a third of its time)
            path = write_map(store, output, level=level or "all", ics=ics, innovation=innovation,
                             highlight=highlight, redact=redact, as_of=as_of)
    click.echo(path)
    if open_it:
        _open(path)


@click.command()
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=str), default="ecograph-atlas",
              show_default=True, callback=output_path, help="The folder to write the atlas into.")
@redact_option
@force_option
@open_option
@as_of_option
@store_options
def atlas(folder: Path, redact: bool, force: bool, open_it: bool, as_of: str, config) -> None:
    """Write a static atlas: an index with the ecosystem in numbers, a map per ICS, the top
    brokers, the gaps, and a page per innovation with its spread map and candidates. Every
    page works offline; links are relative, so the folder can be zipped and sent.

    Into a folder that holds an earlier atlas, the new one replaces it (pages it no longer
    writes are removed); a folder with other files is refused unless --force. --as-of: every
    analysis in it as the ecosystem stood that day."""
    from ..maps.atlas import write_atlas
    with opened(config, read_only=True) as store:
        index = write_atlas(store, folder, redact=redact, force=force, as_of=as_of)
    pages = sum(1 for _ in index.parent.rglob("*.html"))
    click.echo(index)
    click.echo(f"{pages} pages in {index.parent}", err=True)
    if open_it:
        _open(index)


COMMANDS = [map_command, atlas]
