"""``ecograph generate``: a synthetic national-scale ecosystem in the ingest contract."""

from __future__ import annotations

from pathlib import Path

import click

from .options import emit, format_option, output_path


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=str), callback=output_path)
@click.option("--people", type=click.IntRange(1), default=100_000, show_default=True,
              help="Number of fictional people (about ten ties each).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: the same seed writes the same bytes.")
@click.option("--ics", "ics_code", default=None, metavar="CODE", help="One ICS only (its ICB code, e.g. QYG).")
@click.option("--trusts", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A newer ODS etr extract [default: ECOGRAPH_NHS_DATA's, else the 2025 one shipped with ecograph].")
@click.option("--gp-practices", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A newer ODS epraccur extract [default: as --trusts].")
@click.option("--force", is_flag=True, help="Replace contract files that exist in FOLDER already.")
@format_option
def generate(folder: Path, people: int, seed: int, ics_code: str | None, trusts: Path | None,
             gp_practices: Path | None, force: bool, fmt: str) -> None:
    """Write a synthetic ecosystem into FOLDER, ready for `ecograph ingest FOLDER`: the real
    42 ICSs, trusts and GP practices from the NHS ODS extracts, with fictional people, teams,
    ties (clustered in organisations and ICSs, few long-range, heavy-tailed), partnerships,
    innovations, adoptions and champions."""
    from ..generate import generate as write_ecosystem

    written = write_ecosystem(folder, people=people, seed=seed, ics=ics_code, trusts=trusts,
                              gp_practices=gp_practices, force=force)
    emit([{"file": name, "rows": n} for name, n in written.items()], fmt)
    if fmt == "table":
        click.echo(f"\nLoad it with: {_load_command(Path(folder), list(written))}", err=True)


def _load_command(folder: Path, names: list[str]) -> str:
    """The ingest command for the written files, raising the input limit when a file is over it
    (``--people 1000000`` writes a 370 MB ties.csv; the default limit is 200 MB)."""
    from ..ingest.bounds import LIMIT_ENV, Refused, limit_bytes

    largest = max(((folder / name).stat().st_size for name in names if (folder / name).is_file()), default=0)
    try:
        over = largest > limit_bytes()
    except Refused:  # a bad limit is reported by ingest itself
        over = False
    prefix = f"{LIMIT_ENV}={-(-largest // 100_000_000) * 100} " if over else ""
    return f"{prefix}ecograph ingest {folder}"


COMMANDS = [generate]
