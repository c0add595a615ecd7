"""Brokers of the ecosystem in a store: a projection read with Cypher, ranked with the C kernels.

See :mod:`ecograph.analysis.projection` for what links two nodes at each level (and how
strong the link is) and :func:`ecograph.analysis.brokers.rank_brokers` for the scores and
the reasons.

By default the ranking is weighted: betweenness follows shortest paths with link length
``1 / strength``, constraint and effective size weigh each link by its strength, and
betweenness is normalised over the pairs of nodes that are connected (so organisations with
nobody recorded do not dilute it, and a region's scores compare with the country's).
``weighted=False`` (``ecograph brokers --unweighted``) gives the earlier measure: every link
counts 1 and betweenness is NetworkX's, normalised over every pair of other nodes.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import UnknownIdError
from ..store import GraphStore
from .projection import LEVELS, read_projection

GROUPINGS = ("ics", "kind", "organisation")


def default_grouping(level: str, ics: str | None) -> str:
    """Across ICSs when the whole graph is read; across organisation kinds within one ICS."""
    return "kind" if ics else "ics"


def check_ics(store: GraphStore, ics: str | None) -> str | None:
    """The ICS code as stored (case-insensitive), or UnknownIdError with the closest codes."""
    if ics is None:
        return None
    rows = store.read_rows("read/node_ics")
    codes = {r["code"].upper(): r["code"] for r in rows}
    if ics.upper() in codes:
        return codes[ics.upper()]
    names = {f"{r['code']} ({r['name']})": r["code"] for r in rows}
    near = difflib.get_close_matches(ics.upper(), list(codes), n=3, cutoff=0.3)
    near += [label for label in names if ics.lower() in label.lower()][:3]
    raise UnknownIdError("ICS", ics, list(dict.fromkeys(near)))


def ranking_options(weighted: bool = True) -> dict[str, Any]:
    """The keyword arguments of :func:`~ecograph.analysis.brokers.rank_brokers` for a projection:
    link strengths and connected-pairs normalisation, or (``weighted=False``) neither. Anything
    that ranks brokers of a projection (maps, atlas, export) passes these, so that it agrees with
    ``ecograph brokers``."""
    return {"weight": "strength", "normalise": "connected"} if weighted else {"weight": None, "normalise": "all"}


def find_brokers(store: GraphStore, level: str = "person", ics: str | None = None, top: int | None = 20,
                 group_by: str | None = None, weighted: bool = True,
                 as_of: str | None = None, exact: bool = False) -> tuple[list[dict[str, Any]], str]:
    """Rank the brokers at ``level`` ("person", "team" or "organisation").

    ``exact``: exact betweenness whatever the size (by default it is sampled above 10,000 nodes
    or :data:`~ecograph.analysis.brokers.EXACT_WORK` nodes times links: the whole store's
    organisations at 100,000 people take 41-53 CPU-s exact, its people hours).

    ``as_of`` (YYYY-MM-DD or DD/MM/YYYY; None: today) ranks the ecosystem as it stood that day
    (:mod:`ecograph.asof`): people who had left, closed organisations and ended partnerships
    and ties are not in the projection, so they neither broker nor link anyone.

    ``weighted=False`` ignores link strengths and normalises betweenness over every pair of
    other nodes (the earlier measure).

    Returns the rows of :func:`~ecograph.analysis.brokers.rank_brokers` (with ``ics``,
    ``kind`` and ``organisation_name`` added) and the grouping used for brokerage roles.

    Examples
    --------
    >>> from ecograph.store import StoreConfig, open_store
    >>> import tempfile, pathlib
    >>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
    ...     find_brokers(store, "organisation")
    ([], 'ics')
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    ics = check_ics(store, ics)
    group_by = group_by or default_grouping(level, ics)
    if group_by not in GROUPINGS or (group_by == "organisation" and level == "organisation"):
        raise ValueError(f"cannot group {level} brokers by {group_by}")
    projection = read_projection(store, level, ics, as_of=as_of, release=True)  # nothing else is read
    noun = {"ics": "ICS", "kind": "organisation kind", "organisation": "organisation"}[group_by]
    from . import brokers  # numpy, NetworkX, igraph: imported when ranking

    limits = ({"exact_threshold": projection.n, "exact_work": None} if exact
              else {"exact_work": brokers.EXACT_WORK})
    rows = (brokers.rank_brokers(projection, group_attr=group_by, top=top, group_noun=noun, **limits,
                         **ranking_options(weighted)) if projection.n else [])
    for row in rows:
        data = projection.attributes(projection.index(row["id"]))
        row.update({k: data.get(k) for k in ("ics", "kind", "organisation_name") if k in data})
    return rows, group_by
