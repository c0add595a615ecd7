"""``ecograph export``: the graph for Gephi, yEd, Cytoscape and Kumu, or as the ingest contract."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import FORMATS, LEVELS
from .map_cmds import redact_option
from .options import opened, store_options


@click.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS, case_sensitive=False))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The file to write: a folder (or name.csv) for csv; name.xlsx or a folder for "
                   "contract; name.xlsx or name.json for kumu.")
@click.option("--ics", default=None, metavar="CODE",
              help="Only this ICS (its ICB code, any case), with what its rows refer to.")
@click.option("--level", type=click.Choice(LEVELS), default="all", show_default=True,
              help="all: every node and relationship of the store; organisation or person: the "
                   "network of organisations or of people (as `ecograph map --level`).")
@click.option("--with-scores", is_flag=True,
              help="Add betweenness, constraint, effective size, brokerage roles and gap flags to nodes.")
@redact_option
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@store_options
def export_command(fmt: str, output: Path, ics: str | None, level: str, with_scores: bool, redact: bool,
                   force: bool, config) -> None:
    """Write the graph as FORMAT: graphml or gexf (Gephi, yEd, Cytoscape), kumu (Kumu's
    elements and connections workbook, or its JSON blueprint), json (node-link), csv (nodes
    and edges), or contract (the ingest spreadsheets: edit them and `ecograph ingest` them
    back; an unedited export changes nothing)."""
    from ..export import export

    with opened(config, read_only=True) as store:
        result = export(store, fmt, output, level=level, ics=ics, with_scores=with_scores, redact=redact,
                        force=force)
    for path in result.paths:
        click.echo(path)
    if result.format == "contract":
        click.echo(f"{result.nodes:,} node rows and {result.edges:,} link rows in the ingest contract.", err=True)
    else:
        click.echo(f"{result.nodes:,} nodes and {result.edges:,} edges.", err=True)


COMMANDS = [export_command]
