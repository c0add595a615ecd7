"""Maps: self-contained, offline HTML maps of the ecosystem graph, and atlas page blocks."""

from ecograph.maps.atlas_pages import Link, Section, Stat, Table, render_page
from ecograph.maps.render import (
    ROLLUP_THRESHOLD,
    name_replacements,
    person_role,
    redact_people,
    redact_text,
    render_map,
    roll_up_people,
)

__all__ = [
    "ROLLUP_THRESHOLD", "Link", "Section", "Stat", "Table", "name_replacements", "person_role",
    "redact_people", "redact_text", "render_map", "render_page", "roll_up_people",
]
