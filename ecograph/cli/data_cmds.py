"""Commands that build the graph: template, validate, ingest, import-ods, stats, query, kinds, demo,
upgrade-store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import model
from ..ingest import check, ingest, write_templates
from ..ingest.load import IngestSummary
from ..output import wrap_text
from .options import AS_OF_HELP, as_of_option, emit, format_option, opened, output_path, progress_bar, store_options
from .sync_cmds import Confirmation, print_plan, yes_option

# Paths are checked by the reader, which names a missing file, a broken link or a FIFO
# in the same list as every other problem (exit 1), instead of click's usage error.
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
encoding_option = click.option(
    "--encoding", default=None, metavar="NAME",
    help="Encoding for CSV files that are not UTF-8, e.g. cp1252 for files saved by older Excel. "
         "UTF-8 files (with or without a BOM) are always read as UTF-8; a warning names each file "
         "that needed NAME.")


def print_warnings(warnings) -> None:
    for problem in warnings:
        click.secho(f"  - warning: {problem}", fg="yellow", err=True)


def _print_summary(summary: IngestSummary, fmt: str) -> None:
    print_warnings(summary.warnings)
    if fmt == "json":  # one object, so the warnings travel with the counts
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        return
    emit(summary.rows(), fmt)
    if fmt == "table":
        verb = "would change" if summary.dry_run else "changed"
        click.echo(f"\n{summary.store}: {verb} {summary.changed} nodes and relationships.", err=True)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=str), callback=output_path)
@click.option("--xlsx", is_flag=True, help="Write one workbook with a sheet per file instead of CSVs.")
@click.option("--force", is_flag=True, help="Replace template files that exist already.")
def template(folder: Path, xlsx: bool, force: bool) -> None:
    """Write the ingest templates into FOLDER: headers, example rows to delete (ids starting
    EXAMPLE-) and a guide (README.md, or the workbook's Instructions sheet with dropdowns and
    column notes). Existing files are never replaced without --force."""
    for path in write_templates(folder, workbook=xlsx, force=force):
        click.echo(path)


@click.command()
@paths_argument
@encoding_option
@store_options
def validate(paths: tuple[Path, ...], encoding: str, config) -> None:
    """Check spreadsheets without writing; report every problem (exit 1 if any).

    References may point at entities already in the store when it exists.
    """
    store_exists = bool(config.neo4j_uri) or (config.path / "graph.lbug").exists()
    if store_exists:
        with opened(config, read_only=True) as store:
            counts, problems = check(list(paths), encoding=encoding, store=store)
    else:
        counts, problems = check(list(paths), encoding=encoding)
    from ..errors import count, split_problems
    problems, warnings = split_problems(problems)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    print_warnings(warnings)
    if problems:
        click.secho(f"{count(problems)} problem(s) found.", fg="red", err=True)
        raise SystemExit(1)
    tail = f", {count(warnings)} warning(s)" if warnings else ""
    click.echo(f"OK: {sum(counts.values())} rows in {len(counts)} files, no problems{tail}.")


@click.command(name="ingest")
@paths_argument
@encoding_option
@click.option("--dry-run", is_flag=True, help="Validate and report what would change; write nothing.")
@click.option("--sync", "sync_mode", is_flag=True,
              help="Treat the files as complete for what they cover: also remove what they no longer list "
                   "(see 'Keeping the store up to date' in the README). Asks before removing anything.")
@click.option("--ics", "ics_codes", multiple=True, metavar="CODE",
              help="With --sync: the ICSs the files speak for (repeat for several) [default: those in ics.csv].")
@yes_option
@store_options
@format_option
def ingest_command(paths: tuple[Path, ...], encoding: str, dry_run: bool, sync_mode: bool,
                   ics_codes: tuple[str, ...], yes: bool, config, fmt: str) -> None:
    """Load a folder, CSV files or an .xlsx workbook into the store, all or nothing.

    Plain ingest only adds and updates. With --sync the files are the truth for what they cover
    (the ICSs in ics.csv or given with --ics, the kinds of file given): entities and links they no
    longer list are removed too; --dry-run lists exactly what would go."""
    if (ics_codes or yes) and not sync_mode:
        raise click.UsageError("--ics and --yes apply to --sync only")
    if sync_mode:
        from ..ingest.sync import sync
        confirm = Confirmation(yes, fmt)
        with opened(config, create=True) as store:
            done = sync(store, list(paths), encoding=encoding, ics=ics_codes or None, dry_run=dry_run,
                        confirm=confirm, progress=progress_bar)
        print_plan(done, fmt, confirm.shown)
        return
    with opened(config, create=True) as store:
        summary = ingest(store, list(paths), encoding=encoding, dry_run=dry_run, progress=progress_bar)
    _print_summary(summary, fmt)


@click.command(name="import-ods")
@click.option("--trusts", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A newer ODS etr extract (NHS trusts) [default: the 2025 one shipped with ecograph].")
@click.option("--gp-practices", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A newer ODS epraccur extract (GP practices) [default: as --trusts].")
@click.option("--ics", "ics_code", default=None, help="Take one ICS only (its ICB code, e.g. QYG).")
@click.option("--with-networks", "networks", is_flag=True,
              help="Also load the 15 Health Innovation Networks and the ICSs each covers (not in ODS; "
                   "the reference table shipped with ecograph, see ingest/reference/README.md).")
@store_options
@format_option
def import_ods(trusts: Path | None, gp_practices: Path | None, ics_code: str | None, networks: bool,
               config, fmt: str) -> None:
    """Load the 42 ICSs, trusts and GP practices from NHS ODS extracts (with no file given, all
    of England from the 2025 extracts shipped with ecograph).

    Closed trusts and practices are loaded with their close date (`closed`): they stay as
    history and drop out of every analysis from that date (see --as-of). The extracts have no
    successor column, so who took over a closed organisation's work (`succeeded_by`) comes
    from your organisations.csv. Running it again changes nothing that has not changed."""
    from ..ods import import_ods as run_import
    with opened(config, create=True) as store:
        summary, skipped = run_import(store, trusts, gp_practices, ics_code, progress=progress_bar,
                                       networks=networks)
    _print_summary(summary, fmt)
    for line in skipped.lines():
        click.echo(line, err=True)


#: What ``stats --as-of`` counts, said once (its help and the line over its table).
STATS_AS_OF_HELP = (AS_OF_HELP.replace("[default: today]", "[default: everything stored, history included]")
                    + " A map's header counts what stats --as-of its date counts.")


@click.command()
@as_of_option(today=False, help=STATS_AS_OF_HELP)
@store_options
@format_option
def stats(as_of: str | None, config, fmt: str) -> None:
    """Count the nodes of each label and relationships of each type: everything stored (people
    who have left, closed organisations, ended partnerships... included), or with --as-of what
    was present that day, as every analysis and map of that date sees it."""
    from ..graph import counts
    with opened(config, read_only=True) as store:
        rows = counts(store, as_of)
    if fmt == "table":
        click.echo(wrap_text(f"Present on {as_of} (people in post, organisations open, partnerships running, "
                             "adoptions that count, innovations not withdrawn):" if as_of else
                             "Everything stored, history included (--as-of DATE: what was present that day):"))
    emit(rows, fmt)


def _parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: write NAME=VALUE", param_hint="-p")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


@click.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME); VALUE is read as JSON when it parses, else text.")
@click.option("--write", is_flag=True, help="Allow the query to change the store, and to read or write files.")
@click.option("--allow-extensions", is_flag=True,
              help="With --write: allow INSTALL and LOAD EXTENSION (they run native code).")
@store_options
@format_option
def query(cypher: str, params: tuple[str, ...], write: bool, allow_extensions: bool, config, fmt: str) -> None:
    """Run a Cypher query. Without --write only statements that read the graph run: no
    changes, no file reads or writes, no extensions, no settings."""
    if allow_extensions and not write:
        raise click.UsageError("--allow-extensions needs --write")
    values = dict(_parameter(p) for p in params)
    with opened(config, read_only=not write, create=write) as store:
        emit(store.run(cypher, values, write=write, allow_extensions=allow_extensions), fmt)


@click.command(name="upgrade-store")
@store_options
def upgrade_store(config) -> None:
    """Bring a store made by an older ecograph up to date: add the columns newer versions
    record (dates, successors...), empty. Your data is kept; nothing else changes."""
    with opened(config) as store:  # opening for writing adds what the schema lacks
        click.echo(f"Up to date: {store.describe()}")


@click.command()
@format_option
def kinds(fmt: str) -> None:
    """List the organisation and innovation kinds, barrier categories, innovation and adoption
    stages, and the spellings accepted for each."""
    rows = [{"vocabulary": vocabulary, "kind": kind, "also accepted": ", ".join(synonyms)}
            for vocabulary, table in model.VOCABULARIES.items() for kind, synonyms in table.items()]
    emit(rows, fmt)


@click.command()
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=str), default="ecograph-demo",
              show_default=True, callback=output_path, help="Folder for the demo store and its outputs.")
@click.option("--force", is_flag=True,
              help="Use the folder even though `ecograph demo` did not make it: its store, atlas and "
                   "map.html are replaced (nothing else is touched).")
def demo(folder: Path, force: bool) -> None:
    """Load the sample ecosystem into a fresh embedded store, write its map and atlas, and show
    the top brokers, the gaps and where one innovation could spread next.

    The demo reuses only a folder it made itself (it leaves a .ecograph-demo.json there); any
    other non-empty folder is refused unless --force."""
    from ..demo import run_demo
    from ..output import shell_command, to_table, wrap_text
    result = run_demo(folder, progress=progress_bar, force=force)
    emit(result.summary.rows(), "table")
    store = result.store
    out = result.outputs
    click.echo(f"\nThe sample ecosystem is in the embedded store at {store.resolve()}")
    if out.get("map"):
        click.echo(f"Map of the whole ecosystem:  {Path(out['map']).resolve()}")
        click.echo(f"Atlas (open index.html):     {Path(out['atlas']).resolve()}")
        click.echo(f"What changed in the year:    {(Path(out['atlas']).parent / 'changes.html').resolve()}")
    if out.get("brokers"):
        click.secho("\nTop brokers (people on the most shortest paths between others):", bold=True)
        click.echo(to_table([{k: r[k] for k in ("rank", "name", "organisation", "ics", "betweenness")}
                             for r in out["brokers"]]))
    if "gaps" in out:
        click.secho("\nGaps:", bold=True)
        click.echo(to_table(out["gaps"]) if out["gaps"] else "none found")
    if out.get("spread"):
        click.secho("\n" + wrap_text(f"Where could {out['innovation_name']} ({out['innovation']}) spread next? "
                                     "The best candidates, and the best in each other ICS, with the warm route "
                                     "to each:"), bold=True)
        click.echo(to_table([{"rank": r["rank"], "name": r["name"], "ics": r["ics"], "score": r["score"],
                              "route": r["path"]} for r in out["spread"]]))
        for r in out.get("new_ics", []):
            click.echo("\n" + wrap_text(f"Untapped, in an ICS where nobody has adopted it yet: {r['name']} "
                                        f"({r['id']}, {r['ics']})"))
            click.echo(wrap_text(r["why"], indent="  "))
    innovation, at = out.get("innovation", "INN-005"), ["--store", str(store)]
    click.echo("\nNext, try:")
    for args in (["stats", *at], ["brokers", *at, "--top", "10"], ["gaps", *at],
                 ["spread", innovation, *at, "--top", "10"],
                 ["changes", *at, "--since", "2025-11-30", "--until", "2026-11-30"], ["diffusion", "INN-002", *at],
                 ["map", *at, "--innovation", innovation, "-o", "inn-005.html", "--open"],
                 ["query", *at, "MATCH (o:Organisation) RETURN o.name, o.kind LIMIT 5"]):
        click.echo(shell_command(["ecograph", *args], indent="  "))


COMMANDS = [template, validate, ingest_command, import_ods, stats, query, kinds, demo, upgrade_store]
