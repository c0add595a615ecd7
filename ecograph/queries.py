"""Load the Cypher statements in ``cypher/``: every statement ecograph runs lives there."""

from __future__ import annotations

from functools import lru_cache

from .errors import EcographError
from .resources import resource_path


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """Text of ``cypher/<name>.cypher``, e.g. ``load("gaps/no_innovation_lead")``."""
    path = resource_path("cypher", f"{name}.cypher")
    if not path.is_file():
        raise EcographError(f"No Cypher file cypher/{name}.cypher")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a multi-statement DDL file, comments removed."""
    body = "\n".join(line for line in load(name).splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


def header(name: str) -> dict[str, str]:
    """The ``// Purpose:``, ``// Parameters:``, ``// Returns:`` fields of a query file."""
    fields: dict[str, str] = {}
    for line in load(name).splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line[2:].strip().partition(":")
        if key in ("Purpose", "Parameters", "Returns"):
            fields[key.lower()] = value.strip()
    return fields
