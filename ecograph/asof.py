"""One definition of "as of": the ecosystem as it stood on a date.

Every analysis, map and the atlas takes an ``as_of`` date (``--as-of DATE`` on the command
line; default today) and keeps only what held that day. The rules, for a date ``D`` (all
dates are ISO strings, compared as text; a blank date is no limit):

- a **person** is in post when ``start`` is blank or ≤ D, and ``left`` is blank or > D (the
  day they leave they are gone);
- an **organisation** is open when ``closed`` is blank or > D. A closed organisation, its
  people and its teams drop out of the present. Its adoptions pass to its successors: the
  open organisations its ``succeeded_by`` chain leads to (up to 5 steps; normally the one
  open organisation at the end of the chain) count as adopters of what it had adopted, in
  every gap rule and in spread and partners. Its partnership
  memberships end with it (they are not carried over: a merged trust's partnerships are
  recorded anew for the successor by the coordinator, since not every one continues);
- a **partnership** or a **coverage** (``COVERS``) runs when ``start`` is blank or ≤ D, and
  ``end`` is blank or ≥ D (it still runs on its last day);
- a **tie** (``KNOWS``) holds when both people are in post and its own ``start`` is blank or
  ≤ D and ``end`` blank or ≥ D;
- a **membership** counts when the partnership runs and the member is present (an open
  organisation, a team of an open organisation, a person in post at an open organisation);
- an **adoption** counts when its ``date`` is blank or ≤ D, ``ended`` is blank or > D, its
  ``stage`` is not ``abandoned``, and the adopter is open (or its adoption passed to an open
  successor, see above);
- an **innovation** is withdrawn when ``withdrawn`` ≤ D, or its ``stage`` is ``withdrawn`` and it
  has no ``withdrawn`` date. A withdrawn innovation gets no spread targets.

The Cypher queries hold the same rules as predicates on ``$as_of`` (see ``cypher/``); the
functions below are their Python twins, used where the analyses finish in Python and by the
tests' independent computation.
"""

from __future__ import annotations

import datetime as dt

from .errors import OptionError

__all__ = ["resolve_as_of", "in_post", "is_open", "runs", "adoption_counts", "is_withdrawn",
           "DATE_FORMATS"]

#: The spellings of a date that ``--as-of`` accepts.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def resolve_as_of(value: str | dt.date | None) -> str:
    """The ISO date (YYYY-MM-DD) of an ``as_of`` argument: today when None or blank.

    Parameters
    ----------
    value
        ``YYYY-MM-DD``, ``DD/MM/YYYY``, a :class:`datetime.date`, or None.

    Raises
    ------
    OptionError
        ``value`` is not a date in one of those forms.

    Examples
    --------
    >>> resolve_as_of("31/03/2024")
    '2024-03-31'
    >>> resolve_as_of("2024-03-31")
    '2024-03-31'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return dt.date.today().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    raise OptionError(f"{text!r} is not a date: give the as-of date as YYYY-MM-DD or DD/MM/YYYY",
                      hint="For example --as-of 2024-03-31 (or 31/03/2024); leave it out for today.")


def _blank(value: object) -> bool:
    return value is None or value == ""


def _started(start: str | None, as_of: str) -> bool:
    return _blank(start) or str(start) <= as_of


def in_post(start: str | None, left: str | None, as_of: str) -> bool:
    """A person is in post on ``as_of``: started (or no start) and not yet left."""
    return _started(start, as_of) and (_blank(left) or str(left) > as_of)


def is_open(closed: str | None, as_of: str) -> bool:
    """An organisation is open on ``as_of``: no close date, or one after it."""
    return _blank(closed) or str(closed) > as_of


def runs(start: str | None, end: str | None, as_of: str) -> bool:
    """A partnership, coverage or tie runs on ``as_of``: started, and its end (if any) not before it."""
    return _started(start, as_of) and (_blank(end) or str(end) >= as_of)


def adoption_counts(date: str | None, ended: str | None, stage: str | None, as_of: str) -> bool:
    """An adoption counts on ``as_of``: made by then, not yet ended, and not abandoned."""
    return _started(date, as_of) and (_blank(ended) or str(ended) > as_of) and stage != "abandoned"


def is_withdrawn(withdrawn: str | None, stage: str | None, as_of: str) -> bool:
    """An innovation is withdrawn on ``as_of``: its withdrawn date has come, or it is at stage
    "withdrawn" with no date."""
    if _blank(withdrawn):
        return stage == "withdrawn"
    return str(withdrawn) <= as_of
