"""Find the top-level folders (cypher/, ingest/, visualisations/) in a checkout or a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("cypher", "gaps")``.

    In a checkout (or an editable install) the folders sit next to the package; an installed
    wheel carries them in ``ecograph/_data/``.
    """
    checkout = _PACKAGE.parent.joinpath(*parts)
    if checkout.exists():
        return checkout
    return _PACKAGE.joinpath("_data", *parts)
