"""Options shared by several commands, defined once."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import click

from ..output import FORMATS, format_rows
from ..store import GraphStore, StoreConfig, open_store


def store_options(func: Callable) -> Callable:
    """--store PATH (embedded) and --neo4j-uri URI; the password only from NEO4J_PASSWORD."""
    @click.option("--store", "store_path", type=click.Path(file_okay=False), default=None,
                  help="Folder of the embedded store [env ECOGRAPH_STORE; default ./ecograph-store].")
    @click.option("--neo4j-uri", default=None, metavar="URI",
                  help="Use Neo4j instead (bolt://, neo4j://, neo4j+s://) [env NEO4J_URI]; "
                       "user and password from NEO4J_USERNAME and NEO4J_PASSWORD, "
                       "database from NEO4J_DATABASE.")
    @functools.wraps(func)
    def wrapper(*args: Any, store_path: str | None, neo4j_uri: str | None, **kwargs: Any) -> Any:
        return func(*args, config=StoreConfig.from_env(store_path, neo4j_uri), **kwargs)
    return wrapper


def output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """Callback of the options and arguments naming what a command writes (declared with
    ``path_type=str``, the parameter named ``folder`` for a folder): an empty path, or one under
    a file, is a clear error (an empty path is not the current folder)."""
    if value is None:
        return None
    from ..fileio import check_output_path
    return check_output_path(value, "folder" if param.name == "folder" else "file")


def format_option(func: Callable) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format; json is a list of objects.")(func)


@contextmanager
def opened(config: StoreConfig, read_only: bool = False, create: bool = False) -> Iterator[GraphStore]:
    store = open_store(config, read_only=read_only, create=create)
    try:
        yield store
    finally:
        store.close()


def emit(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Print rows in ``fmt``; a table fits the terminal and starts with ``columns``."""
    if fmt == "json":  # as bytes: megabytes of JSON need no round trip through text
        from ..output import json_bytes
        click.echo(json_bytes(rows))
        return
    text = format_rows(rows, fmt, columns)
    click.echo(text, nl=not text.endswith("\n"))  # CSV ends with its own line break


def progress_bar(total: int, description: str):
    """A tqdm bar on stderr for writes that take more than a moment."""
    from tqdm import tqdm
    return tqdm(total=total, desc=description, unit="rows", disable=total < 2_000,
                leave=False, file=sys.stderr)


#: What ``--as-of`` means, said once for every command that has it.
AS_OF_HELP = ("See the ecosystem as it stood on DATE (YYYY-MM-DD or DD/MM/YYYY) [default: today]: "
              "people in post, organisations open, partnerships, coverage and ties running, "
              "adoptions made by then and not ended or abandoned, innovations not withdrawn.")


def as_of_option(func: Callable | None = None, *, today: bool = True, help: str = AS_OF_HELP) -> Callable:
    """--as-of DATE, passed as ``as_of`` (an ISO date; today when not given). Used bare
    (``@as_of_option``), or as ``@as_of_option(today=False, help=...)`` for a command whose
    default is not a date (``as_of`` is then None when not given)."""
    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from ..asof import resolve_as_of  # raises OptionError, which the group turns into a message
        return None if value is None and not today else resolve_as_of(value)

    def decorate(f: Callable) -> Callable:
        return click.option("--as-of", "as_of", default=None, metavar="DATE", callback=resolve, help=help)(f)
    return decorate(func) if func is not None else decorate
