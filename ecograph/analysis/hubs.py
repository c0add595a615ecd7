"""Hubs: how each health innovation network and innovation hub does the three things the
source reports judge an innovation hub by, central coordination, spreading information and
catalysing partnerships, each measured on the ecosystem as recorded.

A **hub** is an organisation of kind ``health-innovation-network`` or ``innovation-hub``
(:data:`HUB_KINDS`). Its **ICSs** are the ICS it is based in (``IN_ICS``) and those it
``COVERS`` on the as-of date (the ``coverage`` file: running that day). The
**organisation graph** is the one the gap rules use: organisations one hop apart when a person
who works for one knows a person who works for the other, or when both are members of the same
current partnership (itself, or through a team or a person; a partnership is current when it
runs on the as-of date).

**As of** (``as_of``, ``--as-of``; default today): every measure sees the ecosystem as it stood
that day (:mod:`ecograph.asof`): only hubs open then, people in post, ties holding, partnerships
and coverage running; a hub's partnerships (``partnerships``, ``led``) are those started by
then, ended ones included (its history), and ``current`` those running that day.

Measures (the keys of every row, besides ``id``, ``name``, ``kind``, ``ics`` and ``covers``):

central coordination
    ``coordination_total``: organisations in the hub's ICSs, the hub itself left out.
    ``coordination_reach``: how many of them are within two hops of the hub in the
    organisation graph. ``coordination``: reach / total, rounded to 3 places (0 when the
    total is 0).
spreading information
    ``people``: people who work for the hub. ``ties_out``: their ``KNOWS`` ties to people of
    other organisations. ``organisations_reached``: the distinct other organisations those
    people work for. ``ics_reached``: the distinct ICSs of those organisations.
catalysing partnerships
    ``partnerships``: partnerships the hub is a member of, itself or through a team or person,
    ended ones included (its history). ``led``: those where one of these memberships has role
    ``lead``. ``current``: those not ended. ``pairs_connected``: pairs of other organisations
    that are both members of one of the hub's current partnerships and have no other link: no
    tie between their people, and no current partnership without the hub that has both as
    members. These are the links the hub's partnerships made that nothing else makes.

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     hubs(store)
[]
>>> HUB_KINDS
('health-innovation-network', 'innovation-hub')
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

from ..asof import resolve_as_of, runs
from ..store import GraphStore
from .gaps import check_ics

HUB_KINDS = ("health-innovation-network", "innovation-hub")

#: The columns of a hubs row, in order.
HUB_COLUMNS = ("id", "name", "kind", "ics", "covers", "coordination_reach", "coordination_total",
               "coordination", "people", "ties_out", "organisations_reached", "ics_reached",
               "partnerships", "led", "current", "pairs_connected")




class _Ecosystem:
    """What the measures need, read once: organisations and their ICS, people and their ties,
    current partnerships and their member organisations."""

    def __init__(self, store: GraphStore, as_of: str):
        people = store.run_named("gaps/projection_people", {"as_of": as_of})
        organisations = store.run_named("gaps/projection_organisations", {"as_of": as_of})
        self.ics = {r["organisation_id"]: r["ics"] for r in organisations}
        self.org_of = {r["person_id"]: r["organisation_id"] for r in people}
        self.ics.update({r["organisation_id"]: r["ics"] for r in people})
        self.people_of: dict[str, list[str]] = defaultdict(list)
        self.contacts: dict[str, set[str]] = defaultdict(set)
        for r in people:
            self.people_of[r["organisation_id"]].append(r["person_id"])
            for q in r["knows"] or ():
                if q in self.org_of:
                    self.contacts[r["person_id"]].add(q)
                    self.contacts[q].add(r["person_id"])
        self.members: dict[str, set[str]] = defaultdict(set)  # current partnership -> organisations
        self.partnerships_of: dict[str, set[str]] = defaultdict(set)  # and the other way round
        for r in organisations:
            for p in r["partnerships"] or ():
                self.members[p].add(r["organisation_id"])
                self.partnerships_of[r["organisation_id"]].add(p)
        org_of = self.org_of
        self.tied: set[frozenset[str]] = {  # contacts go both ways: each pair once (p < q)
            frozenset((org_of[p], org_of[q])) for p, qs in self.contacts.items() for q in qs
            if p < q and org_of[p] != org_of[q]}
        self.neighbours: dict[str, set[str]] = defaultdict(set)
        for pair in self.tied:
            a, b = tuple(pair)
            self.neighbours[a].add(b)
            self.neighbours[b].add(a)
        for orgs in self.members.values():
            for a, b in combinations(sorted(orgs), 2):
                self.neighbours[a].add(b)
                self.neighbours[b].add(a)

    def within_two(self, hub: str) -> set[str]:
        first = self.neighbours[hub]
        return (first | {o for n in first for o in self.neighbours[n]}) - {hub}


def _coordination(eco: _Ecosystem, hub: str, codes: set[str]) -> dict[str, Any]:
    inside = {o for o, c in eco.ics.items() if c in codes and o != hub}
    reach = len(inside & eco.within_two(hub))
    return {"coordination_reach": reach, "coordination_total": len(inside),
            "coordination": round(reach / len(inside), 3) if inside else 0.0}


def _spreading(eco: _Ecosystem, hub: str) -> dict[str, Any]:
    staff = eco.people_of.get(hub, [])
    outside = [q for p in staff for q in eco.contacts[p] if eco.org_of[q] != hub]
    reached = {eco.org_of[q] for q in outside}
    return {"people": len(staff), "ties_out": len(outside), "organisations_reached": len(reached),
            "ics_reached": len({eco.ics[o] for o in reached})}


def _catalysing(eco: _Ecosystem, hub: str, memberships: list[dict[str, Any]], as_of: str) -> dict[str, Any]:
    started = [r for r in memberships if runs(r["start"], None, as_of)]
    partnerships = {r["partnership"] for r in started}
    led = {r["partnership"] for r in started if r["role"] == "lead"}
    current = {r["partnership"] for r in started if runs(r["start"], r["end_date"], as_of)}
    pairs = set()
    for p in current:
        for a, b in combinations(sorted(eco.members.get(p, set()) - {hub}), 2):
            # not tied, and sharing no partnership but the hub's current ones
            if frozenset((a, b)) not in eco.tied and not (eco.partnerships_of[a] & eco.partnerships_of[b]) - current:
                pairs.add((a, b))
    return {"partnerships": len(partnerships), "led": len(led), "current": len(current),
            "pairs_connected": len(pairs)}


def hubs(store: GraphStore, ics: str | None = None, as_of: str | None = None) -> list[dict[str, Any]]:
    """Each hub's measures of the three functions (see the module docstring), one row per hub
    with the keys of :data:`HUB_COLUMNS`, by id.

    Parameters
    ----------
    ics
        An ICS code: only the hubs based in or covering it. None: every hub.
    as_of
        The date (YYYY-MM-DD or DD/MM/YYYY) the ecosystem is seen as of (:mod:`ecograph.asof`);
        None: today.

    Raises
    ------
    OptionError
        ``as_of`` is not a date.
    UnknownIdError
        ``ics`` is not an ICS in the store (with the closest codes).
    """
    ics = check_ics(store, ics)
    as_of = resolve_as_of(as_of)
    found = store.run_named("hubs/hubs", {"hub_kinds": list(HUB_KINDS), "as_of": as_of})
    if ics is not None:
        found = [h for h in found if ics == h["ics"] or ics in (h["covers"] or ())]
    if not found:
        return []
    eco = _Ecosystem(store, as_of)
    memberships: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.run_named("hubs/memberships", {"hub_kinds": list(HUB_KINDS), "as_of": as_of}):
        memberships[r["hub"]].append(r)
    rows = []
    for h in found:
        codes = {h["ics"], *(h["covers"] or ())}
        rows.append({"id": h["id"], "name": h["name"], "kind": h["kind"], "ics": h["ics"],
                     "covers": ";".join(sorted(codes)),
                     **_coordination(eco, h["id"], codes), **_spreading(eco, h["id"]),
                     **_catalysing(eco, h["id"], memberships[h["id"]], as_of)})
    return rows
