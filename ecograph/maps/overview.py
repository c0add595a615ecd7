"""The national overview: one node per ICS on a schematic map of England.

A store with many ICSs (the 42 of the NHS ODS extracts, a generated national ecosystem) is a
hairball as a network of people and organisations. The overview summarises it instead:

- one circle per ICS, at an approximate point inside its ICB's area
  (``ingest/reference/icb_positions.csv``; ICSs not listed there are set out in a row under
  the map), nudged apart so that none overlaps another, and grouped by NHS England region
  (shaded behind, named);
- sized by what is recorded there: people, teams and organisations with any link;
- coloured by a chosen measure (:data:`MEASURES`) on a five-step sequential palette that
  stays readable with any colour vision (ColorBrewer YlGnBu), with a legend;
- joined by lines weighted by the ties between the ICSs' people and the partnerships they
  share (the strongest :data:`MAX_LINKS` are drawn);
- organisations with nothing recorded are counted, by kind ("409 GP practices with no links
  recorded"), not drawn;
- each circle links to that ICS's own map (the caller says where: :func:`write_overview`'s
  ``drill``).

Everything is read with a few aggregate Cypher queries (``cypher/overview/``: organisations
and teams per ICS, the ICSs each partnership reaches) and the people and ties the gap rules
read as Arrow tables (:class:`~ecograph.analysis.gaps.GapContext`), counted per ICS and pair
of ICSs in numpy; the gaps are counted without writing them
(:func:`~ecograph.analysis.gaps.count_gaps`). The store is never loaded into memory as a
graph, so the overview of a 100,000-person store takes seconds, and the page is static SVG
(no script), so it opens at once.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..asof import resolve_as_of
from ..errors import OptionError, UnknownIdError
from ..resources import resource_path
from ..store import GraphStore

if TYPE_CHECKING:
    from ..analysis.gaps import GapContext

__all__ = ["MEASURES", "Measure", "IcsSummary", "Overview", "read_overview", "parse_measure", "overview_svg",
           "write_overview", "write_map_overview", "wants_overview", "is_national", "OVERVIEW_FROM_ICS", "PALETTE"]

#: ColorBrewer YlGnBu, 5 classes: sequential and safe for colour-blind readers.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_VALUE = "#e4e7eb"
MAX_LINKS = 40
#: ``ecograph map`` shows the overview by default from this many ICSs: a network of two ICSs
#: or more is already two clusters side by side, and the overview says more at first sight.
OVERVIEW_FROM_ICS = 2
#: The atlas stands the overview in for its whole-ecosystem maps from this many ICSs (or above
#: :data:`NATIONAL_FROM_NODES` people, teams and organisations): the sample's two ICSs keep
#: their network maps of brokers and gaps there.
NATIONAL_FROM_ICS = 4
NATIONAL_FROM_NODES = 1500
WIDTH, HEIGHT = 760.0, 880.0

MEASURES: dict[str, str] = {
    "gaps-per-organisation": "Gaps per organisation: the gaps that name the ICS, divided by its organisations",
    "gaps": "Gaps: how many gaps name the ICS",
    "people": "People recorded",
    "recorded-share": "Share of the ICS's organisations with anything recorded (people, teams, partnerships, innovations)",
    "ties-per-person": "Ties per person: ties between people recorded in the ICS, per person",
    "adoption:ID": "Organisations in the ICS that adopted the innovation ID (for example adoption:INN-005)",
}


@dataclass(frozen=True)
class Measure:
    """A colour measure: its key (``gaps-per-organisation``, ``adoption``...), its argument
    (the innovation id for ``adoption``), a title and how to print a value."""

    key: str
    argument: str = ""
    title: str = ""
    percent: bool = False
    decimals: int = 0

    def format(self, value: float | None) -> str:
        if value is None:
            return "no data"
        if self.percent:
            return f"{value * 100:.0f}%"
        return f"{value:,.{self.decimals}f}"


def parse_measure(text: str) -> Measure:
    """``gaps-per-organisation``, ``gaps``, ``people``, ``recorded-share``,
    ``ties-per-person`` or ``adoption:INN-ID`` as a :class:`Measure` (OptionError if not)."""
    key, _, argument = str(text).strip().partition(":")
    key = key.lower()
    if key == "adoption":
        if not argument.strip():
            raise OptionError("--measure adoption needs an innovation id: adoption:INN-005, say")
        return Measure("adoption", argument.strip(), "Organisations that adopted {name}")
    if argument or key not in MEASURES:
        raise OptionError(f"Unknown measure {text!r}; choose one of: " + ", ".join(MEASURES))
    return {
        "gaps-per-organisation": Measure(key, title="Gaps per organisation", decimals=2),
        "gaps": Measure(key, title="Gaps found"),
        "people": Measure(key, title="People recorded"),
        "recorded-share": Measure(key, title="Organisations with anything recorded", percent=True),
        "ties-per-person": Measure(key, title="Ties per person", decimals=1),
    }[key]


@dataclass
class IcsSummary:
    """What the store records about one ICS."""

    code: str
    name: str
    region: str = ""
    short_name: str = ""
    organisations: int = 0
    recorded_organisations: int = 0
    #: organisation kind -> organisations of that kind with nothing recorded
    unrecorded: dict[str, int] = field(default_factory=dict)
    people: int = 0
    teams: int = 0
    ties_inside: int = 0
    ties_out: int = 0
    partnerships: int = 0
    gaps: int | None = None
    #: gaps naming this ICS and another one (counted under both)
    shared_gaps: int = 0
    adopters: int | None = None
    value: float | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def recorded(self) -> int:
        """People, teams and organisations with any link: what the circle's size shows."""
        return self.people + self.teams + self.recorded_organisations

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class Overview:
    """The overview's data: ICSs, links between them, the measure and national totals."""

    ics: list[IcsSummary]
    #: (code a, code b) -> {"ties": n, "partnerships": n}
    links: dict[tuple[str, str], dict[str, int]]
    measure: Measure
    #: organisations in no ICS: kind -> (organisations, with nothing recorded)
    outside: dict[str, tuple[int, int]] = field(default_factory=dict)
    gaps_total: int | None = None
    innovation_name: str = ""

    @property
    def unrecorded(self) -> Counter:
        """Organisations with nothing recorded, by kind, in every ICS and outside any."""
        total: Counter = Counter()
        for s in self.ics:
            total.update(s.unrecorded)
        for kind, (_, none) in self.outside.items():
            total[kind] += none
        return +total


def _int(value: Any) -> int:
    return int(value or 0)


def _positions() -> dict[str, tuple[str, float, float]]:
    """ICB code -> (short name, lat, lon) from the shipped reference list."""
    path = resource_path("ingest", "reference", "icb_positions.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["ods_code"]: (r["short_name"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def read_overview(store: GraphStore, measure: str | Measure = "gaps-per-organisation",
                  gaps: Sequence[Mapping[str, Any]] | None = None, as_of: str | None = None) -> Overview:
    """Read the overview from the store, as of ``as_of`` (YYYY-MM-DD; None: today;
    :mod:`ecograph.asof`): organisations, teams and partnerships with the aggregate queries of
    ``cypher/overview/``; people and the ties between them as the gap rules read them (a
    :class:`~ecograph.analysis.gaps.GapContext`: Arrow tables and index arrays, no Python
    object per person or tie); for a gap measure, the gaps per ICS of the same context
    (:func:`ecograph.analysis.gaps.count_gaps`), unless the rows of ``find_gaps`` are given
    as ``gaps``.

    Raises OptionError for an unknown measure and UnknownIdError for an unknown innovation.
    """
    import numpy as np

    from ..analysis.gaps import gap_context

    m = parse_measure(measure) if isinstance(measure, str) else measure
    dated = {"as_of": resolve_as_of(as_of)}
    context = gap_context(store, as_of=dated["as_of"])
    places = _positions()
    summaries: dict[str, IcsSummary] = {}
    for r in store.read_rows("overview/ics"):
        code = str(r["code"])
        short, lat, lon = places.get(code, ("", None, None))
        summaries[code] = IcsSummary(code, str(r.get("name") or code), str(r.get("region") or ""), short,
                                     lat=lat, lon=lon)
    outside: dict[str, tuple[int, int]] = {}
    for r in _organisations(store, dated):
        n, recorded, kind = _int(r["organisations"]), _int(r["recorded"]), str(r["kind"])
        s = summaries.get(r["ics"]) if r["ics"] is not None else None
        if s is None:
            before = outside.get(kind, (0, 0))
            outside[kind] = (before[0] + n, before[1] + n - recorded)
            continue
        s.organisations += n
        s.recorded_organisations += recorded
        if n - recorded:
            s.unrecorded[kind] = s.unrecorded.get(kind, 0) + n - recorded
    codes, person_ics = context.person_ics
    for code, people in zip(codes, np.bincount(person_ics, minlength=len(codes)).tolist()):
        if code in summaries:
            summaries[code].people = people
    for r in store.read_rows("overview/teams", dated):
        if r["ics"] in summaries:
            summaries[r["ics"]].teams = _int(r["teams"])
    links: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"ties": 0, "partnerships": 0})
    for (a, b), n in _ties_between(context).items():
        if a == b:
            summaries[a].ties_inside += n
        elif a in summaries and b in summaries:
            links[tuple(sorted((a, b)))]["ties"] += n
            summaries[a].ties_out += n
            summaries[b].ties_out += n
    reach: dict[str, set[str]] = defaultdict(set)
    for r in store.read_rows("overview/partnership_ics", dated):
        reach[str(r["partnership"])].add(str(r["ics"]))
    for codes in reach.values():
        for c in codes:
            if c in summaries:
                summaries[c].partnerships += 1
        for a in codes:
            for b in codes:
                if a < b and a in summaries and b in summaries:
                    links[(a, b)]["partnerships"] += 1

    overview = Overview(sorted(summaries.values(), key=lambda s: s.name.lower()), dict(links), m, outside)
    if m.key in ("gaps", "gaps-per-organisation"):
        _count_gaps(context, overview, gaps)
    if m.key == "adoption":
        known = {str(r["id"]): str(r.get("name") or r["id"]) for r in store.read_rows("spread/innovations")}
        from ..ids import resolve_id
        wanted = resolve_id(m.argument, known, "innovation")
        overview.measure = Measure("adoption", wanted, f"Organisations that adopted {known[wanted]}")
        overview.innovation_name = known[wanted]
        for s in overview.ics:
            s.adopters = 0
        for r in store.read_rows("overview/adoption", {"innovation": wanted, **dated}):
            if r["ics"] in summaries:
                summaries[r["ics"]].adopters = _int(r["adopters"])
    for s in overview.ics:
        s.value = _value(s, overview.measure)
    return overview


def _organisations(store: GraphStore, dated: dict[str, str]) -> list[dict[str, Any]]:
    """Open organisations per ICS and kind: how many, and how many have anything recorded
    beyond their ICS (people in post, teams, running partnerships, adoptions that count,
    developments)."""
    staffed = {r["id"] for r in store.read_rows("overview/staffed", dated)}
    counts: dict[tuple[Any, str], list[int]] = {}
    for r in store.read_rows("overview/organisations", dated):
        n = counts.setdefault((r["ics"], str(r["kind"])), [0, 0])
        n[0] += 1
        n[1] += bool(_int(r["links"]) or r["id"] in staffed)
    return [{"ics": ics, "kind": kind, "organisations": n, "recorded": recorded}
            for (ics, kind), (n, recorded) in counts.items()]


def _ties_between(context: "GapContext") -> dict[tuple[str, str], int]:
    """Ties holding on the as-of date between people in post, one per stored ``KNOWS``, counted
    by the ICSs of the open organisations the two people work for (the first person's ICS
    first; the same code twice: ties inside one ICS). From the ties and people the gap rules
    read (:class:`~ecograph.analysis.gaps.GapContext`): one read serves both."""
    import numpy as np

    src, dst = context.tie_ends
    inside = (src >= 0) & (dst >= 0)
    codes, person_ics = context.person_ics
    k = len(codes)
    if not k:
        return {}
    counts = np.bincount(person_ics[src[inside]] * k + person_ics[dst[inside]], minlength=k * k)
    return {(codes[i // k], codes[i % k]): int(counts[i]) for i in np.flatnonzero(counts).tolist()}


def _count_gaps(context: "GapContext", overview: Overview, rows: Sequence[Mapping[str, Any]] | None) -> None:
    """Gaps per ICS from the gap rules (the rows of ``ecograph gaps``, counted without writing
    them unless they are given). A gap between two ICSs counts under each; the national total
    counts it once."""
    from ..analysis.gaps import count_gaps

    counts = count_gaps(context) if rows is None else Counter(str(row.get("ics") or "") for row in rows)
    overview.gaps_total = sum(counts.values())
    by_code = {s.code: s for s in overview.ics}
    for s in overview.ics:
        s.gaps = 0
    for field_, n in counts.items():
        codes = {c for c in field_.split(";") if c in by_code}
        for c in codes:
            by_code[c].gaps = (by_code[c].gaps or 0) + n
            if len(codes) > 1:
                by_code[c].shared_gaps += n


def _value(s: IcsSummary, m: Measure) -> float | None:
    if m.key == "gaps-per-organisation":
        return (s.gaps or 0) / s.organisations if s.organisations else None
    if m.key == "gaps":
        return float(s.gaps or 0)
    if m.key == "people":
        return float(s.people)
    if m.key == "recorded-share":
        return s.recorded_organisations / s.organisations if s.organisations else None
    if m.key == "ties-per-person":
        return s.ties_inside / s.people if s.people else None
    if m.key == "adoption":
        return float(s.adopters or 0)
    return None


def wants_overview(store: GraphStore) -> bool:
    """Whether ``ecograph map`` without --ics should show the overview: from
    :data:`OVERVIEW_FROM_ICS` ICSs (issue 9: with more than one ICS, the ICS overview)."""
    return len(store.read_rows("spread/ics")) >= OVERVIEW_FROM_ICS


def is_national(store: GraphStore) -> bool:
    """Whether the atlas shows the overview instead of whole-ecosystem networks: from
    :data:`NATIONAL_FROM_ICS` ICSs, or more than one ICS and more than
    :data:`NATIONAL_FROM_NODES` people, teams and organisations."""
    rows = store.read_rows("overview/people", {"as_of": resolve_as_of(None)})
    if len(rows) >= NATIONAL_FROM_ICS:
        return True
    if len(rows) < 2:
        return False
    people = sum(_int(r["people"]) + _int(r["teams"]) for r in rows)
    orgs = len(store.read_rows("overview/organisations", {"as_of": resolve_as_of(None)}))
    return people + orgs > NATIONAL_FROM_NODES


# --- drawing --------------------------------------------------------------------------------

def _bins(values: Sequence[float], m: Measure) -> list[float]:
    """Four thresholds splitting [min, max] into five equal steps (rounded for the legend)."""
    lo, hi = min(values), max(values)
    if hi <= lo:
        return [hi] * 4
    step = (hi - lo) / 5
    digits = 2 if m.percent else m.decimals
    return [round(lo + step * i, digits + 1) for i in range(1, 5)]


def _colour(value: float | None, bins: Sequence[float]) -> str:
    if value is None:
        return NO_VALUE
    for i, t in enumerate(bins):
        if value < t:
            return PALETTE[i]
    return PALETTE[-1]


def _project(lat: float, lon: float) -> tuple[float, float]:
    """England (lat 49.9-55.9, lon -5.8-1.9) onto the drawing, equirectangular at 53°N."""
    k = math.cos(math.radians(53.0))
    x = (lon + 5.9) * k / ((1.9 + 5.9) * k)
    y = (55.95 - lat) / (55.95 - 49.85)
    usable_w, usable_h = WIDTH - 120, HEIGHT - 130
    scale = min(usable_w / 1.0, usable_h / ((55.95 - 49.85) / ((1.9 + 5.9) * k)))
    return 60 + x * scale, 40 + y * scale * (55.95 - 49.85) / ((1.9 + 5.9) * k)


def _separate(points: dict[str, list[float]], radius: Mapping[str, float], anchors: Mapping[str, tuple[float, float]],
              rounds: int = 300) -> None:
    """Push overlapping circles apart, each pulled gently back towards its anchor."""
    codes = sorted(points)
    where = [points[c] for c in codes]  # the same lists: moving one moves the point
    sizes = [radius[c] for c in codes]
    home = [anchors[c] for c in codes]
    pairs = [(where[i], where[j], sizes[i] + sizes[j] + 9) for i in range(len(codes)) for j in range(i + 1, len(codes))]
    for _ in range(rounds):
        moved = False
        for pa, pb, need in pairs:
            dx, dy = pb[0] - pa[0], pb[1] - pa[1]
            if dx >= need or -dx >= need or dy >= need or -dy >= need:
                continue  # apart along one axis: apart (the distance is at least that)
            dist = math.hypot(dx, dy) or 0.01
            if dist < need:
                push = (need - dist) / 2
                ux, uy = (dx / dist, dy / dist) if dist > 0.01 else (1.0, 0.0)
                pa[0] -= ux * push
                pa[1] -= uy * push
                pb[0] += ux * push
                pb[1] += uy * push
                moved = True
        for p, (ax, ay) in zip(where, home):
            p[0] += (ax - p[0]) * 0.02
            p[1] += (ay - p[1]) * 0.02
        if not moved:
            break


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def layout(overview: Overview) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Code -> (x, y, radius) on the drawing, and the drawing's height."""
    biggest = max((s.recorded for s in overview.ics), default=0) or 1
    radius = {s.code: 6.0 + 16.0 * math.sqrt(s.recorded / biggest) for s in overview.ics}
    anchors: dict[str, tuple[float, float]] = {}
    unplaced = [s for s in overview.ics if s.lat is None or s.lon is None]
    for s in overview.ics:
        if s.lat is not None and s.lon is not None:
            anchors[s.code] = _project(s.lat, s.lon)
    if unplaced:  # ICSs with no known position: a row under the map
        per_row = 10
        for i, s in enumerate(unplaced):
            anchors[s.code] = (60 + (i % per_row) * (WIDTH - 120) / (per_row - 1 or 1), HEIGHT + 30 + 60 * (i // per_row))
    points = {c: [x, y] for c, (x, y) in anchors.items()}
    _separate(points, radius, anchors)
    if not points:
        return {}, 200.0
    # move the drawing to the top, leaving room for region names and labels
    top = min(p[1] - radius[c] for c, p in points.items())
    for p in points.values():
        p[1] -= top - 40
    height = max(p[1] + radius[c] for c, p in points.items()) + 40
    return {c: (p[0], p[1], radius[c]) for c, p in points.items()}, height


def overview_svg(overview: Overview, drill: Callable[[IcsSummary], str | None], legend: bool = False) -> Markup:
    """The overview as inline SVG: regions, links, ICS circles (each a link to ``drill(ics)``
    when that returns a target) and non-overlapping labels; with ``legend``, its colour steps
    under it (pages that have no legend beside the picture)."""
    from .picture import place_labels

    where, height = layout(overview)
    values = [s.value for s in overview.ics if s.value is not None]
    bins = _bins(values, overview.measure) if values else []
    parts = [f'<div class="picture-scroll"><svg class="overview-map" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
             f'aria-labelledby="overview-title" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="overview-title">{escape(_caption(overview))}</title>']
    # regions: a soft shape behind their ICSs, named
    regions: dict[str, list[str]] = defaultdict(list)
    for s in overview.ics:
        if s.region and s.lat is not None:
            regions[s.region].append(s.code)
    parts.append('<g class="regions">')
    for region, codes in sorted(regions.items()):
        ring = []
        for c in codes:
            x, y, r = where[c]
            ring += [(x + (r + 14) * math.cos(a * math.pi / 8), y + (r + 14) * math.sin(a * math.pi / 8)) for a in range(16)]
        hull = _hull(ring)
        d = "M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in hull) + "Z"
        parts.append(f'<path d="{d}" class="region"/>')
    parts.append("</g>")
    # links between ICSs: the strongest MAX_LINKS
    weights = {k: v["ties"] + v["partnerships"] for k, v in overview.links.items() if k[0] in where and k[1] in where}
    strongest = sorted(weights, key=lambda k: (-weights[k], k))[:MAX_LINKS]
    top = max((weights[k] for k in strongest), default=1) or 1
    parts.append('<g class="links">')
    for a, b in reversed(strongest):
        (x1, y1, _), (x2, y2, _) = where[a], where[b]
        w = 0.8 + 5.2 * math.log1p(weights[(a, b)]) / math.log1p(top)
        link = overview.links[(a, b)]
        tip = (f"{_name(overview, a)} – {_name(overview, b)}: {link['ties']:,} ties between their people, "
               f"{link['partnerships']:,} shared partnerships")
        parts.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke-width="{w:.1f}">'
                     f'<title>{escape(tip)}</title></line>')
    parts.append("</g>")
    # ICS circles
    parts.append('<g class="ics-nodes">')
    for s in sorted(overview.ics, key=lambda s: -where[s.code][2]):  # small ones on top
        x, y, r = where[s.code]
        target = drill(s)
        circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_colour(s.value, bins)}" '
                  f'data-ics="{escape(s.code)}" data-value="{"" if s.value is None else s.value}">'
                  f'<title>{escape(tooltip(s, overview))}</title></circle>')
        if target:
            parts.append(f'<a href="{escape(target)}" class="drill" aria-label="{escape(s.name)}: open its map">{circle}</a>')
        else:
            parts.append(circle)
    parts.append("</g>")
    # labels
    items = [(s.code, s.label, *where[s.code]) for s in sorted(overview.ics, key=lambda s: (-s.recorded, s.name))]
    obstacles = [(x - r, y - r, x + r, y + r) for x, y, r in where.values()]
    labels = place_labels(items, obstacles, (2, 2, WIDTH - 2, height - 2), font=12.5, limit=len(items),
                          rings=(0, 14, 30, 48))
    leaders = []
    for code, (_tx, _ty, _anchor, box) in labels.items():
        x, y, r = where[code]
        px, py = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
        if math.hypot(px - x, py - y) > r + 8:  # set away from its circle: a thin line to it
            leaders.append(f"M{x:.0f} {y:.0f}L{px:.0f} {py:.0f}")
    if leaders:
        parts.append(f'<path class="leaders" d="{"".join(leaders)}" stroke="#52606d" stroke-width="0.8" fill="none"/>')
    parts.append('<g class="ics-labels" font-size="12.5" paint-order="stroke" stroke="#ffffff" stroke-width="3.5" '
                 'stroke-linejoin="round">')
    for code, (tx, ty, anchor, _box) in labels.items():
        label = next(s.label for s in overview.ics if s.code == code)
        parts.append(f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" data-ics="{escape(code)}">{escape(label)}</text>')
    parts.append("</g>")
    taken = obstacles + [box for *_, box in labels.values()]
    parts.append('<g class="region-names">')
    for region, codes in sorted(regions.items(), key=lambda kv: -len(kv[1])):
        spot = _region_name_spot(region, [where[c] for c in codes], taken, (2, 2, WIDTH - 2, height - 2))
        if spot:
            x, y, box = spot
            taken.append(box)
            parts.append(f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle">{escape(region)}</text>')
    parts.append("</g></svg></div>")
    # crop the drawing to what is drawn
    x0 = min(b[0] for b in taken) - 12
    x1 = max(b[2] for b in taken) + 12
    y1 = max(b[3] for b in taken) + 12
    parts[0] = parts[0].replace(f'viewBox="0 0 {WIDTH:.0f} {height:.0f}"', f'viewBox="{x0:.0f} 0 {x1 - x0:.0f} {y1:.0f}"')
    if legend:
        steps = "".join(f'<li><span class="swatch" style="background:{i["colour"]}"></span>{escape(i["text"])}</li>'
                        for i in legend_items(overview))
        parts.append(f'<ul class="picture-legend"><li><strong>{escape(overview.measure.title)}:</strong></li>{steps}'
                     '<li>circle size: people, teams and organisations with links recorded</li></ul>')
    return Markup("".join(parts))


def _region_name_spot(region: str, circles: list[tuple[float, float, float]], taken: list, bounds: tuple,
                      font: float = 13.0) -> tuple[float, float, tuple] | None:
    """Where a region's name fits without covering a circle or a label: above the region's
    circles, below them, or beside them; None when nowhere is free."""
    from .picture import _overlaps
    w = len(region) * font * 0.72  # capitals, spaced
    xs = [x for x, _, _ in circles]
    cx = sum(xs) / len(xs)
    top = min(y - r for _, y, r in circles)
    bottom = max(y + r for _, y, r in circles)
    cy = sum(y for _, y, _ in circles) / len(circles)
    left = min(x - r for x, _, r in circles)
    right = max(x + r for x, _, r in circles)
    spots = [(cx, top - 10), (cx, bottom + font + 8), (left - w / 2 - 8, cy), (right + w / 2 + 8, cy)]
    for dy in (0, -14, 14, -28, 28):
        for x, y in spots:
            box = (x - w / 2, y + dy - font, x + w / 2, y + dy + 3)
            if box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] or box[3] > bounds[3]:
                continue
            if not any(_overlaps(box, b, 2) for b in taken):
                return x, y + dy, box
    return None


def _name(overview: Overview, code: str) -> str:
    return next((s.name for s in overview.ics if s.code == code), code)


def _caption(overview: Overview) -> str:
    return (f"{len(overview.ics)} integrated care systems, coloured by {overview.measure.title.lower()}, "
            "sized by the people, teams and organisations with links recorded")


def kind_words(kind: str, n: int) -> str:
    """'GP practice', 3 -> '3 GP practices'."""
    from .render import legend
    label = legend()["kind_labels"].get(kind, kind.replace("-", " "))
    if len(label) > 1 and not label[1].isupper():  # 'Acute trust' -> 'acute trust'; 'GP practice' stays
        label = label[0].lower() + label[1:]
    if n != 1:
        label = label[:-1] + "ies" if label.endswith("y") and not label.endswith("ay") else label + "s"
    return f"{n:,} {label}"


def unrecorded_text(counts: Mapping[str, int], limit: int = 3) -> str:
    """'409 GP practices and 3 acute trusts with no links recorded' ('' when none)."""
    items = sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return ""
    words = [kind_words(k, n) for k, n in items[:limit]]
    rest = sum(n for _, n in items[limit:])
    if rest:
        words.append(f"{rest:,} other organisation{'s' if rest != 1 else ''}")
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{text} with no links recorded"


def tooltip(s: IcsSummary, overview: Overview) -> str:
    """Plain words about one ICS: what is recorded, the measure, what is not recorded."""
    bits = [f"{s.name} ({s.region or 'no region'})",
            f"{s.people:,} people, {s.teams:,} teams and {s.recorded_organisations:,} of {s.organisations:,} "
            "organisations with links recorded",
            f"{overview.measure.title}: {overview.measure.format(s.value)}"]
    if s.gaps is not None:
        bits.append(f"{s.gaps:,} gaps" + (f" ({s.shared_gaps:,} shared with another ICS)" if s.shared_gaps else ""))
    none = unrecorded_text(s.unrecorded)
    if none:
        bits.append(none)
    return ". ".join(bits) + "."


# --- the page -----------------------------------------------------------------------------

def legend_items(overview: Overview) -> list[dict[str, str]]:
    """The colour steps of the legend, lowest first: colour and the range in words."""
    values = [s.value for s in overview.ics if s.value is not None]
    if not values:
        return [{"colour": NO_VALUE, "text": "no data"}]
    bins = _bins(values, overview.measure)
    m = overview.measure
    edges = [min(values), *bins, max(values)]
    out = []
    for i, colour in enumerate(PALETTE):
        lo, hi = edges[i], edges[i + 1]
        if len(set(edges)) <= 2:  # every ICS has the same value
            return [{"colour": _colour(values[0], bins), "text": f"{m.format(values[0])} (every ICS)"}]
        out.append({"colour": colour, "text": f"{m.format(lo)} to {m.format(hi)}"})
    if any(s.value is None for s in overview.ics):
        out.append({"colour": NO_VALUE, "text": "no data (no organisations or people)"})
    return out


def overview_rows(overview: Overview, drill: Callable[[IcsSummary], str | None]) -> list[dict[str, Any]]:
    """One table row per ICS, most recorded first."""
    from .atlas_pages import Link
    rows = []
    for s in sorted(overview.ics, key=lambda s: (-s.recorded, s.name.lower())):
        target = drill(s)
        strongest = max(((k, v) for k, v in overview.links.items() if s.code in k),
                        key=lambda kv: (kv[1]["ties"] + kv[1]["partnerships"], kv[0]), default=None)
        row: dict[str, Any] = {
            "ICS": Link(s.name, target) if target else s.name, "Region": s.region,
            "People": s.people, "Teams": s.teams,
            "Organisations with links": f"{s.recorded_organisations:,} of {s.organisations:,}",
            "Not recorded yet": unrecorded_text(s.unrecorded).replace(" with no links recorded", "") or "none",
        }
        if s.gaps is not None:
            row["Gaps"] = s.gaps
        row[overview.measure.title] = overview.measure.format(s.value)
        if strongest:
            other = strongest[0][0] if strongest[0][1] == s.code else strongest[0][1]
            row["Most linked with"] = f"{_name(overview, other)} ({strongest[1]['ties']:,} ties, {strongest[1]['partnerships']:,} partnerships)"
        else:
            row["Most linked with"] = "no links to other ICSs recorded"
        rows.append(row)
    return rows


def write_overview(overview: Overview, path: str | Path, drill: Callable[[IcsSummary], str | None], *,
                   title: str = "", nav: Sequence[Any] = (), generated: str | None = None,
                   notes: Sequence[str] = ()) -> Path:
    """Write the overview page (static HTML and SVG, no script) at ``path``.

    drill: the link target of each ICS (a relative path to its map or page), or None where
    there is nothing to map (no people, teams or links): those ICSs are counted in the table.
    """
    from .atlas_pages import Section, Stat, Table, render_page

    total_people = sum(s.people for s in overview.ics)
    total_teams = sum(s.teams for s in overview.ics)
    recorded_orgs = sum(s.recorded_organisations for s in overview.ics)
    organisations = sum(s.organisations for s in overview.ics) + sum(n for n, _ in overview.outside.values())
    with_records = sum(1 for s in overview.ics if s.recorded)
    none = unrecorded_text(overview.unrecorded)
    stats = [Stat("Integrated care systems", len(overview.ics), note=f"{with_records} with links recorded"),
             Stat("People", total_people), Stat("Teams", total_teams),
             Stat("Organisations with links", recorded_orgs, note=f"of {organisations:,} organisations")]
    if overview.gaps_total is not None:
        stats.append(Stat("Gaps found", overview.gaps_total, note="as `ecograph gaps` lists them", tone="warn"))
    shared = sum(s.shared_gaps for s in overview.ics) // 2
    page_notes = list(notes)
    if none:
        page_notes.append(f"Not drawn: {none}. They are in the store and counted in the table below.")
    if overview.gaps_total is not None and shared:
        page_notes.append(f"{shared:,} gaps are between two ICSs: the table counts each under both ICSs; "
                          f"the total of {overview.gaps_total:,} counts each once.")
    drawn = min(MAX_LINKS, len(overview.links))
    legend = {"items": legend_items(overview), "title": overview.measure.title,
              "links": ("Lines: ties between the ICSs' people plus partnerships they share, thicker for more"
                        + (f"; the {drawn} strongest of {len(overview.links):,} are drawn." if drawn < len(overview.links)
                           else ".")) if overview.links else
                       "No ties or partnerships between ICSs are recorded yet.",
              "size": "Circle size: people, teams and organisations with links recorded there.",
              "click": "Click an ICS to open its own map." if any(drill(s) for s in overview.ics) else ""}
    method = [
        "Each circle is one integrated care system (ICS), placed near the middle of its integrated care board's "
        "area (approximate positions, moved apart where circles would overlap) and grouped by NHS England region.",
        f"Colour: {MEASURES.get(overview.measure.key, MEASURES.get('adoption:ID'))}. Five equal steps from the "
        "lowest to the highest value; darker is more.",
        "Size: people and teams recorded in the ICS (through the organisation they work for or belong to) and "
        "organisations with any link recorded (people, teams, partnerships, innovations they adopted or developed).",
        "Lines: ties between people who work in different ICSs, plus partnerships with members in both ICSs.",
    ]
    if overview.gaps_total is not None:
        method.append("Gaps: the gap rules of `ecograph gaps` (`ecograph gaps --list` explains each rule). A gap "
                      "about two ICSs is counted under each of them.")
    sections = [
        Section("", picture=overview_svg(overview, drill), anchor="overview"),
        Section("England in numbers", stats=stats),
        Section("Every ICS", table=Table(overview_rows(overview, drill),
                                         caption="Most recorded first. \"Not recorded yet\": organisations of the ICS "
                                                 "with no people, teams, partnerships or innovations recorded.")),
        Section("How this was worked out", text=method, collapsible=True),
    ]
    return render_page(path, title=title or "Innovation ecosystem of England: every integrated care system",
                       subtitle=_caption(overview)[:1].upper() + _caption(overview)[1:], sections=sections,
                       nav=list(nav), notes=page_notes, generated=generated or _dt.date.today().isoformat(),
                       legend=legend, page_class="overview-page")


def write_map_overview(store: GraphStore, path: str | Path, measure: str = "gaps-per-organisation", *,
                       drill_down: bool = True, redact: bool = False, force: bool = False,
                       generated: str | None = None, as_of: str | None = None) -> tuple[Path, list[Path]]:
    """``ecograph map`` on a national store: the overview at ``path`` and, with
    ``drill_down``, the map of every ICS that has anything recorded in the folder
    ``<path stem>-ics/`` beside it (each circle opens its ICS's map; ICSs with nothing
    recorded have no map and are counted in the table). That folder is managed like an atlas:
    only files an earlier run wrote there are replaced or removed.

    Returns the overview's path and the ICS maps written.
    """
    from urllib.parse import quote

    from ..analysis.projection import tables_shared
    from .atlas_pages import Link, OwnedFolder, unique_names

    path = Path(path)
    overview = read_overview(store, measure, as_of=as_of)
    names = unique_names(s.code for s in overview.ics)
    folder = path.with_name(path.stem + "-ics")
    drillable = {s.code for s in overview.ics if s.recorded} if drill_down else set()
    written: list[Path] = []
    if drillable:
        from .ecosystem import write_map

        owned = OwnedFolder(folder, "map", force=force)
        back = [Link("← England overview", "../" + quote(path.name))]
        with tables_shared():  # the whole store's ties and groups read once, not once per ICS
            for s in overview.ics:
                if s.code in drillable:  # each ICS read alone: memory and time follow the ICS, not the store
                    written.append(write_map(store, owned.path(f"{names[s.code]}.html"), ics=s.code,
                                             redact=redact, nav=back, generated=generated, as_of=as_of))
        owned.finish()

    def drill(s: IcsSummary) -> str | None:
        return f"{quote(folder.name)}/{quote(names[s.code])}.html" if s.code in drillable else None

    path.parent.mkdir(parents=True, exist_ok=True)
    notes = [] if drill_down else ["ICS maps were not written (--no-drill-down): `ecograph map --ics CODE` writes one."]
    return write_overview(overview, path, drill, generated=generated, notes=notes), written
