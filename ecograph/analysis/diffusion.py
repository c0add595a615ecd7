"""Diffusion over time: how each innovation spread, adopter by adopter, from the dated record.

For each innovation, from its ``ADOPTED`` relationships with a date:

- the **cumulative adoption curve**: on each adoption date, how many organisations had adopted
  it by then (``adopters``, never falling, as netdiffuseR's ``cumulative_adopt_count``), and how
  many of them still used it (``in_use``: adoptions whose ``ended`` date had not come);
- the **time from the first adoption** to each later one, in days;
- each adopter's **exposure at adoption** (Valente's network threshold): the share of its
  network partners, on the day it adopted, that had adopted the innovation before it and still
  used it that day. **Partners** are the organisation network of
  :meth:`~ecograph.analysis.record.DatedRecord.partners` on that day: open
  organisations linked because a person in post at one knows a person in post at the other (a
  tie that holds that day), or because both are members (themselves, a team, or a person in
  post) of a partnership running that day. An adopter with no partners that day has no exposure
  (blank), not 0;
- its **threshold class** and **adopter class**, as netdiffuseR's ``classify_adopters``
  (Valente 1995): with the mean ``m`` and sample standard deviation ``s`` of the innovation's
  exposures, "very low" when exposure ≤ m − s, "low" when ≤ m, "high" when ≤ m + s, else "very
  high"; and by the days from the first adoption, "early adopter", "early majority", "late
  majority", "laggard" on the same cut points. As netdiffuseR does by default
  (``include_censored=FALSE``) the first adopters (adopting on the first adoption date: left
  censored, nobody could have been before them) get no threshold class;
- the **route** it travelled, where the record shows one: an earlier adopter among its partners,
  with the link (people who knew each other, or a shared partnership) on the adoption day. The
  earliest such adopter is named, a tie before a partnership.

Each adopter row (:data:`ADOPTER_COLUMNS`) has a ``status``: "first" (adopted on the first
adoption date), "later", "undated" or "abandoned". Adoptions whose stage is ``abandoned`` are
not adoptions (as in every as-of analysis). Undated adoptions are listed with nothing
computed: the record cannot tell when they happened, so they are not guessed. Rows come dated
first, by date, then the others by organisation.

Definitions follow netdiffuseR (``R/stats.R``, https://github.com/USCCANA/netdiffuseR):
``exposure`` is ``E(t) = (S(t) %*% [x(t) * A(t)]) / (S(t) %*% x(t))`` with ``S(t)`` the network at
time ``t``, ``x`` ones and ``A(t)`` the cumulative adopters; ``threshold`` is each vertex's exposure
at its time of adoption. Here a period is a day, and ``A`` is taken on the day before the
adoption (netdiffuseR's ``threshold(..., lags = 1)``): "before it", so organisations adopting on the
same day do not expose each other. The network is undirected, so incoming and outgoing ties agree.

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     diffusion(store)
[]
>>> classify([0.0, 0.5, 1.0], THRESHOLD_CLASSES)
['very low', 'low', 'high']
>>> classify([0.0, 0.0, 0.0, 1.0], THRESHOLD_CLASSES)
['low', 'low', 'low', 'very high']
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from ..asof import resolve_as_of
from ..ids import resolve_id
from ..store import GraphStore
from .record import ABANDONED, DatedRecord, Link, read_record

THRESHOLD_CLASSES = ("very low", "low", "high", "very high")
ADOPTER_CLASSES = ("early adopter", "early majority", "late majority", "laggard")

#: Keys of every adopter row (:func:`adopter_rows`).
ADOPTER_COLUMNS = ("innovation", "innovation_name", "organisation", "organisation_name", "ics", "date",
                   "status", "stage", "ended", "days_after_first", "partners", "adopted_partners", "exposure",
                   "threshold_class", "adopter_class", "route_from", "route_from_name", "route")
#: Keys of every curve row (:func:`curve_rows`).
CURVE_COLUMNS = ("innovation", "innovation_name", "date", "adopters", "in_use", "new")


@dataclass
class Diffusion:
    """One innovation's diffusion: its adopters (dated first, by date, then undated) and curve."""

    innovation: str
    name: str
    withdrawn: bool
    adopters: list[dict[str, Any]] = field(default_factory=list)
    curve: list[dict[str, Any]] = field(default_factory=list)

    @property
    def undated(self) -> int:
        return sum(1 for a in self.adopters if a["status"] == "undated")


def classify(values: Sequence[float], labels: Sequence[str]) -> list[str]:
    """netdiffuseR's four classes of ``classify_adopters``: ``value <= m - s``, ``<= m``,
    ``<= m + s``, above (``m`` the mean, ``s`` the sample standard deviation). Fewer than two
    values: no class (empty strings), as R's ``sd`` of one value is NA."""
    if len(values) < 2:
        return [""] * len(values)
    m, s = statistics.fmean(values), statistics.stdev(values)
    cuts = (m - s, m, m + s)
    return [next((label for cut, label in zip(cuts, labels) if v <= cut + 1e-12), labels[-1]) for v in values]


def _abandoned(adoption: dict[str, Any]) -> bool:
    return str(adoption.get("stage") or "").strip().lower() == ABANDONED


def _day_before(day: str) -> str:
    return date.fromordinal(date.fromisoformat(day).toordinal() - 1).isoformat()


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def describe_link(record: DatedRecord, link: Link) -> str:
    """A link in plain words: "Ann Smith knows Bob Jones" or "both in Partnership X"."""
    if link.via == "tie":
        a, b = link.through
        return f"{record.name('Person', a)} knows {record.name('Person', b)}"
    return f"both in {record.name('Partnership', link.through[0])}"


def known_on(adoptions: list[tuple[str, dict[str, Any]]], as_of: str) -> list[tuple[str, dict[str, Any]]]:
    """The adoptions as the record stood on ``as_of``: those dated after it had not happened
    (left out), an ``ended`` date after it had not come (blanked). Undated ones are kept: the
    record cannot tell when they happened.

    >>> known_on([("A", {"date": "2024-01-01", "ended": "2025-01-01"}), ("B", {"date": "2024-07-01"}),
    ...           ("C", {"date": None})], "2024-06-30")
    [('A', {'date': '2024-01-01', 'ended': None}), ('C', {'date': None})]
    """
    known = []
    for org, props in adoptions:
        if props.get("date") and str(props["date"]) > as_of:
            continue
        if props.get("ended") and str(props["ended"]) > as_of:
            props = {**props, "ended": None}
        known.append((org, props))
    return known


def _innovation(record: DatedRecord, innovation: str, adoptions: list[tuple[str, dict[str, Any]]],
                as_of: str) -> Diffusion:
    result = Diffusion(innovation, record.name("Innovation", innovation), record.withdrawn(innovation, as_of))
    made = [(org, p) for org, p in adoptions if not _abandoned(p)]
    dated = sorted(((str(p["date"]), org, p) for org, p in made if p.get("date")), key=lambda t: (t[0], t[1]))
    first = dated[0][0] if dated else ""
    adopted_on = {org: (day, p) for day, org, p in dated}
    for day, org, p in dated:
        before = _day_before(day)
        partners = record.partners(org, day)
        earlier = sorted((adopted_on[j][0], j) for j in partners
                         if j in adopted_on and record.adoption_counts(adopted_on[j][1], before))
        route_from = ""
        route = ""
        if earlier:
            route_from = earlier[0][1]
            ways = sorted(partners[route_from], key=lambda link: (link.via != "tie", link.through))
            route = describe_link(record, ways[0])
        result.adopters.append({
            "innovation": innovation, "innovation_name": result.name, "organisation": org,
            "organisation_name": record.name("Organisation", org), "ics": record.org_ics.get(org, ""),
            "date": day, "status": "first" if day == first else "later", "stage": p.get("stage") or "",
            "ended": p.get("ended") or "", "days_after_first": _days(first, day), "partners": len(partners),
            "adopted_partners": len(earlier),
            "exposure": round(len(earlier) / len(partners), 4) if partners else None,
            "threshold_class": "", "adopter_class": "", "route_from": route_from,
            "route_from_name": record.name("Organisation", route_from) if route_from else "", "route": route})
    later = [a for a in result.adopters if a["status"] == "later" and a["exposure"] is not None]
    for a, label in zip(later, classify([a["exposure"] for a in later], THRESHOLD_CLASSES)):
        a["threshold_class"] = label
    for a, label in zip(result.adopters, classify([a["days_after_first"] for a in result.adopters], ADOPTER_CLASSES)):
        a["adopter_class"] = label
    for org, p in sorted(adoptions, key=lambda t: (t[0], str(t[1].get("date") or ""))):
        abandoned = _abandoned(p)
        if p.get("date") and not abandoned:
            continue  # dated: above
        result.adopters.append({k: "" for k in ADOPTER_COLUMNS} | {
            "innovation": innovation, "innovation_name": result.name, "organisation": org,
            "organisation_name": record.name("Organisation", org), "ics": record.org_ics.get(org, ""),
            "date": p.get("date") or "", "status": "abandoned" if abandoned else "undated",
            "stage": p.get("stage") or "", "ended": p.get("ended") or "", "days_after_first": None,
            "partners": None, "adopted_partners": None, "exposure": None})
    days = sorted({day for day, _, _ in dated})
    for day in days:
        result.curve.append({
            "innovation": innovation, "innovation_name": result.name, "date": day,
            "adopters": sum(1 for d, _, _ in dated if d <= day),
            "in_use": sum(1 for _, _, p in dated if record.adoption_counts(p, day)),
            "new": sum(1 for d, _, _ in dated if d == day)})
    return result


def diffusion(store: GraphStore, innovation: str | None = None,
              record: DatedRecord | None = None, as_of: str | None = None) -> list[Diffusion]:
    """The diffusion of ``innovation`` (an id; any case), or of every
    innovation with an adoption, by id (see the module docstring), as the record stood on
    ``as_of`` (YYYY-MM-DD or DD/MM/YYYY): adoptions dated after it are not counted, an end
    after it had not come (:func:`known_on`), and ``withdrawn`` is as of it. None: the whole
    record, every dated adoption (``withdrawn`` as of today).

    Raises
    ------
    UnknownIdError
        ``innovation`` is not an innovation in the store (with the closest matches).
    """
    whole = as_of is None
    as_of = resolve_as_of(as_of)
    record = record or read_record(store)
    innovations = record.nodes.get("Innovation", {})
    if innovation is not None:
        innovation = resolve_id(innovation, {i: str(n.get("name") or i) for i, n in innovations.items()},
                                "innovation")
    by_innovation: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for org, inn, props in record.rels.get("ADOPTED", []):
        by_innovation.setdefault(inn, []).append((org, props))
    if not whole:  # the adoptions known on the date
        by_innovation = {i: known for i, adoptions in by_innovation.items() if (known := known_on(adoptions, as_of))}
    wanted = [innovation] if innovation else sorted(i for i in innovations if i in by_innovation)
    return [_innovation(record, i, by_innovation.get(i, []), as_of) for i in wanted]


def adopter_rows(results: Sequence[Diffusion]) -> list[dict[str, Any]]:
    """Every adopter of every innovation, one row each (keys :data:`ADOPTER_COLUMNS`)."""
    return [dict(a) for d in results for a in d.adopters]


def curve_rows(results: Sequence[Diffusion]) -> list[dict[str, Any]]:
    """Every point of every cumulative adoption curve (keys :data:`CURVE_COLUMNS`)."""
    return [dict(c) for d in results for c in d.curve]
