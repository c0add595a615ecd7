"""Random ecosystems in the ingest contract, of a different shape for every seed.

``random_ecosystem(seed)`` returns rows for every contract file (``model.LOAD_ORDER``),
as a coordinator would type them (text cells, flags as yes/no, kinds in several spellings),
so tests can load them through the real CSV path with :func:`ingest_rows` and compare what
Cypher finds with an independent computation on ``load_graph(store)``.

The shape varies with the seed: 1–4 ICSs; 5–40 organisations of varied kinds (always at
least one acute or teaching trust, one specialist trust, one health innovation network and
one primary or community care organisation); teams; 10–150 people, some organisations with
nobody recorded; ties from sparse to dense, sometimes kept inside each ICS or inside each
organisation so the ecosystem falls apart; formal and informal partnerships whose members
are organisations, teams and people; innovations developed by organisations, teams or
people; adoptions (some by the developer itself), champions and flags.

Any keyword of :data:`SHAPE_KEYS` fixes that part of the shape, e.g.
``random_ecosystem(3, n_ics=1, n_orgs=10, n_people=40, tie_degree=0.5)``.

``dated=True`` adds dated facts, drawn from a generator of their own so every other cell is
as without them: people who started and left, organisations that closed (some with a
successor), ties and partnerships that started and ended, adoptions made, ended and
abandoned, innovations withdrawn. :func:`rows_as_of` is the independent reading of the as-of
rules on such rows: the rows that count on a date.

Examples
--------
>>> rows = random_ecosystem(0)
>>> sorted(rows) == sorted(LOAD_ORDER)
True
>>> random_ecosystem(0) == rows       # the same seed gives the same ecosystem
True
>>> len(random_ecosystem(1, n_orgs=12)["organisations.csv"])
12
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ecograph import model
from ecograph.ingest import ingest
from ecograph.ingest.load import IngestSummary
from ecograph.store import GraphStore

LOAD_ORDER = model.LOAD_ORDER

#: Shape parameters a caller may fix; every other one is drawn from the seed.
SHAPE_KEYS = (
    "n_ics",            # 1..4 ICSs
    "n_orgs",           # 5..40 organisations
    "n_people",         # 10..150 people
    "n_teams",          # teams, spread over organisations
    "n_partnerships",   # partnerships
    "n_innovations",    # innovations
    "tie_degree",       # mean ties per person (0 = none)
    "tie_scope",        # "all", "ics" (ties stay inside each ICS) or "organisation"
    "p_lead",           # share of people who are innovation leads
    "p_formal",         # share of partnerships that are formal
    "p_empty_org",      # share of organisations with nobody recorded
    "hin_share",        # share of ICSs that have a health innovation network of their own
)

_REGIONS = ("London", "North West", "South West", "Midlands", "East of England", "North East and Yorkshire",
            "South East")
_PLACES = ("Ashford", "Bramley", "Carlton", "Denholme", "Elmswell", "Farley", "Glenfield", "Harwood",
           "Ingleby", "Kelsall", "Langley", "Marston", "Norbury", "Oakham", "Petworth", "Quarndon",
           "Radley", "Sandford", "Thornbury", "Upton", "Welford", "Yarwell")
_FIRST = ("Alex", "Sam", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace",
          "Hamid", "Isla", "Jon", "Kemi", "Liam", "Maya", "Niall", "Olu", "Rosa", "Siobhán", "Zoë")
_LAST = ("Adams", "Begum", "Clarke", "D'Souza", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
         "Khan", "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Quinn", "Reid", "Smith", "Taylor")
_FUNCTIONS = ("innovation", "R&D", "digital", "clinical service", "transformation", "")
_TITLES = ("Director of Innovation", "Consultant", "GP Partner", "Nurse Consultant", "Programme Manager",
           "Chief Clinical Information Officer", "Research Fellow", "Practice Manager", "Pharmacist",
           "Head of Digital", "Paramedic", "")

#: Kinds as a coordinator might type them (the contract accepts these synonyms).
_SPELLINGS = {
    "acute-trust": ("acute-trust", "Acute Trust", "acute"),
    "specialist-trust": ("specialist-trust", "Specialist Trust", "specialist"),
    "health-innovation-network": ("health-innovation-network", "AHSN", "HIN"),
    "gp-practice": ("gp-practice", "GP practice", "General Practice"),
}
#: Relative frequency of each organisation kind after the guaranteed ones.
_KIND_WEIGHTS = {
    "acute-trust": 6, "specialist-trust": 3, "teaching-trust": 2, "community-trust": 3,
    "mental-health-trust": 2, "ambulance-trust": 1, "gp-practice": 8, "primary-care-network": 3,
    "icb": 1, "health-innovation-network": 1, "innovation-hub": 1, "university": 2, "nihr-arc": 1,
    "nihr-brc": 1, "nihr-crn": 1, "industry": 2, "sme": 2, "charity": 1, "local-authority": 1,
    "social-care": 2, "national-body": 1, "other": 1,
}
_PRIMARY = model.PRIMARY_COMMUNITY_KINDS


def _yes_no(rng: random.Random, value: bool, blank_is_no: bool = True) -> str:
    if value:
        return rng.choice(("yes", "yes", "Yes", "y", "TRUE"))
    return rng.choice(("no", "no", "No", "n") + (("",) if blank_is_no else ()))


def _shape(rng: random.Random, given: dict[str, Any]) -> dict[str, Any]:
    unknown = set(given) - set(SHAPE_KEYS)
    if unknown:
        raise TypeError(f"unknown shape keys: {sorted(unknown)}; known: {', '.join(SHAPE_KEYS)}")
    n_orgs = given.get("n_orgs", rng.randint(5, 40))
    n_people = given.get("n_people", rng.randint(10, 150))
    shape = {
        "n_ics": rng.randint(1, 4),
        "n_orgs": n_orgs,
        "n_people": n_people,
        "n_teams": rng.randint(0, n_orgs),
        "n_partnerships": rng.randint(0, 10),
        "n_innovations": rng.randint(0, 12),
        "tie_degree": rng.choice((0.0, 0.3, 0.8, 1.5, 3.0, 6.0)) * rng.uniform(0.7, 1.3),
        "tie_scope": rng.choice(("all", "all", "all", "ics", "organisation")),
        "p_lead": rng.choice((0.0, 0.03, 0.1, 0.3)),
        "p_formal": rng.choice((0.2, 0.5, 0.8)),
        "p_empty_org": rng.choice((0.0, 0.1, 0.3)),
        "hin_share": rng.choice((0.5, 1.0, 1.0)),
    }
    shape.update(given)
    return shape


def random_ecosystem(seed: int, dated: bool = False, **shape: Any) -> dict[str, list[dict[str, str]]]:
    """Rows for every contract file (``model.LOAD_ORDER``) of a random ecosystem.

    Every cell is text, as read from a spreadsheet; ids are unique across all files. With
    ``dated``, dated facts are added (see the module docstring); without, the rows are the same
    as they always were for the seed.
    """
    rng = random.Random(seed)
    s = _shape(rng, shape)
    rows: dict[str, list[dict[str, str]]] = {f: [] for f in LOAD_ORDER}

    # ICSs -------------------------------------------------------------------------------
    ics_codes = [f"Q{seed % 100:02d}{chr(65 + i)}" for i in range(s["n_ics"])]
    for code in ics_codes:
        rows["ics.csv"].append({"code": code, "name": f"{rng.choice(_PLACES)} and {rng.choice(_PLACES)} ICS",
                                "region": rng.choice(_REGIONS)})

    # Organisations: the guaranteed kinds first, then a weighted draw ---------------------
    kinds = ["acute-trust", "specialist-trust", "health-innovation-network", rng.choice(_PRIMARY)]
    kinds += rng.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()), k=max(0, s["n_orgs"] - 4))
    kinds = kinds[: s["n_orgs"]]
    # Health innovation networks: one goes to each ICS that "has" one (more HINs go anywhere).
    with_hin = [c for c in ics_codes if rng.random() < s["hin_share"]] or [ics_codes[0]]
    others = [i for i in range(4, len(kinds)) if kinds[i] != "health-innovation-network"]
    rng.shuffle(others)
    while kinds.count("health-innovation-network") < len(with_hin) and others:
        kinds[others.pop()] = "health-innovation-network"
    with_hin = with_hin[: kinds.count("health-innovation-network")]
    hin_slots = list(with_hin)
    orgs: list[dict[str, str]] = []
    for i, kind in enumerate(kinds, start=1):
        if kind == "health-innovation-network" and hin_slots:
            ics = hin_slots.pop(0)
        elif kind == "health-innovation-network":
            ics = rng.choice(with_hin)
        else:
            ics = rng.choice(ics_codes)
        place = rng.choice(_PLACES)
        name = {
            "health-innovation-network": f"Health Innovation {place}",
            "gp-practice": f"{place} Surgery",
            "primary-care-network": f"{place} PCN",
            "specialist-trust": f"{place} Specialist Hospital, NHS FT",
        }.get(kind, f"{place} {kind.replace('-', ' ').title()} {i}")
        orgs.append({"id": f"R{seed % 1000:03d}{i:02d}", "name": name,
                     "kind": rng.choice(_SPELLINGS.get(kind, (kind,))), "ics": ics,
                     "region": rng.choice(("", rng.choice(_REGIONS)))})
    rows["organisations.csv"] = orgs
    org_ids = [o["id"] for o in orgs]
    org_ics = {o["id"]: o["ics"] for o in orgs}

    # Teams --------------------------------------------------------------------------------
    team_org: dict[str, str] = {}
    for i in range(1, s["n_teams"] + 1):
        org = rng.choice(org_ids)
        tid = f"T{seed % 1000:03d}{i:02d}"
        team_org[tid] = org
        function = rng.choice(_FUNCTIONS)
        rows["teams.csv"].append({"id": tid, "name": f"{function or 'General'} team {i}".capitalize(),
                                  "organisation": org, "function": function})
    teams_of: dict[str, list[str]] = {}
    for tid, org in team_org.items():
        teams_of.setdefault(org, []).append(tid)

    # People: some organisations have nobody recorded ---------------------------------------
    staffed = [o for o in org_ids if rng.random() >= s["p_empty_org"]] or org_ids[:1]
    # A few large organisations and many small ones.
    weights = [rng.paretovariate(1.2) for _ in staffed]
    person_org: dict[str, str] = {}
    for i in range(1, s["n_people"] + 1):
        pid = f"P{seed % 1000:03d}{i:03d}"
        org = rng.choices(staffed, weights=weights)[0]
        person_org[pid] = org
        team = rng.choice(teams_of[org]) if org in teams_of and rng.random() < 0.6 else ""
        rows["people.csv"].append({
            "id": pid, "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "organisation": org, "team": team,
            "job_title": rng.choice(_TITLES),
            "innovation_lead": _yes_no(rng, rng.random() < s["p_lead"]),
            "clinical_champion": _yes_no(rng, rng.random() < 0.15),
            "innovation_scout": _yes_no(rng, rng.random() < 0.05),
        })
    people = list(person_org)
    people_of: dict[str, list[str]] = {}
    for pid, org in person_org.items():
        people_of.setdefault(org, []).append(pid)

    # Ties: within organisations mostly, across them less, across ICSs least ------------------
    n_ties = int(round(s["tie_degree"] * len(people) / 2))
    ties: set[frozenset[str]] = set()
    attempts = 0
    while len(ties) < n_ties and attempts < 20 * n_ties + 100:
        attempts += 1
        a = rng.choice(people)
        local = rng.random()
        if s["tie_scope"] == "organisation" or local < 0.5:
            pool = people_of[person_org[a]]
        elif s["tie_scope"] == "ics" or local < 0.85:
            pool = [p for p in people if org_ics[person_org[p]] == org_ics[person_org[a]]]
        else:
            pool = people
        b = rng.choice(pool)
        if a != b:
            ties.add(frozenset((a, b)))
    for pair in sorted(ties, key=sorted):
        a, b = sorted(pair)
        if rng.random() < 0.5:
            a, b = b, a  # either order in the file: the ingest stores a tie once
        rows["ties.csv"].append({"person_a": a, "person_b": b,
                                 "context": rng.choice(("", "board", "network", "project", "trained together"))})

    # Partnerships: formal and informal, members of all three kinds -----------------------------
    def member_of(org: str) -> str:
        """The organisation itself, one of its teams or one of its people."""
        choice = rng.random()
        if choice < 0.25 and org in teams_of:
            return rng.choice(teams_of[org])
        if choice < 0.5 and org in people_of:
            return rng.choice(people_of[org])
        return org

    hins = [o["id"] for o in orgs if model.canonical_kind(o["kind"]) == "health-innovation-network"]
    specialists = [o["id"] for o in orgs if model.canonical_kind(o["kind"]) == "specialist-trust"]
    all_members = org_ids + list(team_org) + people
    for i in range(1, s["n_partnerships"] + 1):
        formal = rng.random() < s["p_formal"]
        members: list[str] = []
        if rng.random() < 0.4:  # the recommended kind: a specialist trust with a HIN (maybe not its own)
            members += [member_of(rng.choice(specialists)), member_of(rng.choice(hins))]
        members += rng.sample(all_members, k=min(len(all_members), rng.randint(1, 6)))
        members = list(dict.fromkeys(members))
        start = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-01"
        rows["partnerships.csv"].append({
            "id": f"PS{seed % 1000:03d}{i:02d}", "name": f"Partnership {i}",
            "formal": _yes_no(rng, formal, blank_is_no=False), "start": rng.choice((start, "")),
            "end": rng.choice(("", "", "2026-03-31")), "programme": rng.choice(("", "IHI", "NIA", "Test beds")),
        })
        for j, member in enumerate(members):
            rows["memberships.csv"].append({"partnership": f"PS{seed % 1000:03d}{i:02d}", "member": member,
                                            "role": "lead" if j == 0 and rng.random() < 0.7
                                            else rng.choice(("member", ""))})

    # Innovations, adoptions, champions ----------------------------------------------------------
    innovation_kinds = list(model.INNOVATION_KINDS)
    for i in range(1, s["n_innovations"] + 1):
        iid = f"INN{seed % 1000:03d}{i:02d}"
        developers = rng.sample(all_members, k=rng.choice((0, 1, 1, 1, 2, 3)))
        rows["innovations.csv"].append({
            "id": iid, "name": f"Innovation {i}", "kind": rng.choice(innovation_kinds),
            "stage": rng.choice(("", "pilot", "spread", "evidence")), "evidence": rng.choice(("", "NICE MTG52")),
            "developed_by": ";".join(developers),
        })
        adopters: set[str] = set()
        for _ in range(rng.choice((0, 0, 1, 2, 3, 5))):
            adopters.add(rng.choice(org_ids))
        if developers and rng.random() < 0.3:  # the developer adopts its own innovation
            d = developers[0]
            adopters.add(d if d in org_ics else team_org.get(d) or person_org[d])
        for org in sorted(adopters):
            rows["adoptions.csv"].append({"organisation": org, "innovation": iid,
                                          "stage": rng.choice(("", "piloting", "adopted", "embedded")),
                                          "date": rng.choice(("", "2024-01-15", "15/06/2023"))})
        champions: set[str] = set()
        for org in sorted(adopters):  # sometimes someone at the adopter champions it
            if org in people_of and rng.random() < 0.5:
                champions.add(rng.choice(people_of[org]))
        for _ in range(rng.choice((0, 0, 1, 2))):
            champions.add(rng.choice(people))
        rows["champions.csv"] += [{"person": p, "innovation": iid} for p in sorted(champions)]

    # Coverage and barriers, from their own generator so the rest stays as it was per seed ----------
    extra = random.Random(f"coverage-{seed}")
    hubs = [o["id"] for o in orgs if model.canonical_kind(o["kind"]) in ("health-innovation-network", "innovation-hub")]
    for hub in hubs:
        for code in sorted(extra.sample(ics_codes, k=extra.randint(0, len(ics_codes)))):
            rows["coverage.csv"].append({"organisation": hub, "ics": code,
                                         "start": extra.choice(("", "2023-04-01")),
                                         "end": extra.choice(("", "", "2024-03-31", "2099-03-31")),
                                         "reference": extra.choice(("", "test coverage"))})
    subjects = org_ids + [i["id"] for i in rows["innovations.csv"]] + [p["id"] for p in rows["partnerships.csv"]]
    spellings = [s for k, syn in model.BARRIER_CATEGORIES.items() for s in (k,) + syn[:1]]
    for i in range(1, extra.randint(0, 5) + 1):
        rows["barriers.csv"].append({"id": f"B{seed % 1000:03d}{i:02d}", "ics": extra.choice(ics_codes),
                                     "subject": extra.choice([""] + subjects), "category": extra.choice(spellings),
                                     "description": f"Barrier {i}", "agreed_by": extra.choice(("", "board")),
                                     "date": extra.choice(("", "2025-01-31"))})
    if dated:
        _add_dates(random.Random(f"dates-{seed}"), rows)
    return rows


#: The years dated facts fall in.
_YEARS = (2016, 2027)


def _day(rng: random.Random, after: str = "") -> str:
    """A random ISO date in :data:`_YEARS`, after ``after`` when given (may then be next year)."""
    lo = int(after[:4]) if after else _YEARS[0]
    year = rng.randint(lo, max(lo, _YEARS[1]))
    text = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return text if not after or text > after else f"{int(after[:4]) + 1}{after[4:]}"


def _add_dates(rng: random.Random, rows: dict[str, list[dict[str, str]]]) -> None:
    """Dated facts on a random ecosystem's rows (in place): starts, ends, closures, successors,
    withdrawals and abandoned adoptions, each on a share of the rows."""
    for person in rows["people.csv"]:
        start = _day(rng) if rng.random() < 0.4 else ""
        person["start"] = start
        person["left"] = _day(rng, start or "2015-12-31") if rng.random() < 0.25 else ""
    organisations = rows["organisations.csv"]
    closing = [o for o in organisations if rng.random() < 0.15]
    open_ids = [o["id"] for o in organisations if o not in closing]
    for org in closing:
        org["closed"] = _day(rng)
        if open_ids and rng.random() < 0.6:  # a successor that never closes: no circle
            org["succeeded_by"] = rng.choice(open_ids)
    for tie in rows["ties.csv"]:
        start = _day(rng) if rng.random() < 0.3 else ""
        tie["start"] = start
        tie["end"] = _day(rng, start or "2015-12-31") if rng.random() < 0.25 else ""
    for partnership in rows["partnerships.csv"]:
        if rng.random() < 0.5:
            partnership["start"] = _day(rng)
            partnership["end"] = _day(rng, partnership["start"]) if rng.random() < 0.5 else ""
    for adoption in rows["adoptions.csv"]:
        adoption["date"] = _day(rng) if rng.random() < 0.7 else ""
        adoption["ended"] = _day(rng, adoption["date"] or "2015-12-31") if rng.random() < 0.2 else ""
        if rng.random() < 0.15:
            adoption["stage"] = rng.choice(("abandoned", "stopped"))
    for innovation in rows["innovations.csv"]:
        chance = rng.random()
        if chance < 0.15:
            innovation["withdrawn"] = _day(rng)
        elif chance < 0.2:
            innovation["stage"] = rng.choice(("withdrawn", "discontinued"))


def rows_as_of(rows: dict[str, list[dict[str, str]]], as_of: str) -> dict[str, list[dict[str, str]]]:
    """The rows that count on ``as_of``, by the rules of ``ecograph/asof.py`` read directly from
    the spreadsheet rows (the independent computation the as-of tests compare with), with every
    date blanked: what remains counts on any date.

    A closed organisation's adoptions pass to the open organisations its chain of successors
    (up to 5 steps) reaches; a developer who is no longer present hands the credit to their
    organisation when it is open.
    """
    def blank(value: str | None) -> bool:
        return not value

    def started(value: str | None) -> bool:
        return blank(value) or _iso(value) <= as_of

    closed = {o["id"] for o in rows["organisations.csv"] if not blank(o.get("closed")) and _iso(o["closed"]) <= as_of}
    successor = {o["id"]: o.get("succeeded_by") for o in rows["organisations.csv"] if o.get("succeeded_by")}
    team_org = {t["id"]: t["organisation"] for t in rows["teams.csv"]}
    person_org = {p["id"]: p["organisation"] for p in rows["people.csv"]}
    people = {p["id"] for p in rows["people.csv"] if started(p.get("start"))
              and (blank(p.get("left")) or _iso(p["left"]) > as_of) and p["organisation"] not in closed}
    teams = {t for t, o in team_org.items() if o not in closed}
    orgs = {o["id"] for o in rows["organisations.csv"]} - closed
    present = orgs | teams | people

    def runs(row: dict[str, str]) -> bool:
        return started(row.get("start")) and (blank(row.get("end")) or _iso(row["end"]) >= as_of)

    def withdrawn(row: dict[str, str]) -> bool:
        if blank(row.get("withdrawn")):
            return model.canonical_kind(row.get("stage") or "", "innovation-stage") == "withdrawn"
        return _iso(row["withdrawn"]) <= as_of

    def heirs(org: str) -> list[str]:
        found, node = [], org
        for _ in range(5):
            node = successor.get(node)
            if node is None:
                break
            if node in orgs:
                found.append(node)
        return found

    partnerships = {p["id"] for p in rows["partnerships.csv"] if runs(p)}
    innovations = {i["id"] for i in rows["innovations.csv"] if not withdrawn(i)}
    out: dict[str, list[dict[str, str]]] = {f: [] for f in rows}
    out["ics.csv"] = [dict(r) for r in rows["ics.csv"]]
    out["organisations.csv"] = [{**o, "closed": "", "succeeded_by": ""} for o in rows["organisations.csv"] if o["id"] in orgs]
    out["teams.csv"] = [dict(t) for t in rows["teams.csv"] if t["id"] in teams]
    out["people.csv"] = [{**p, "start": "", "left": ""} for p in rows["people.csv"] if p["id"] in people]
    out["ties.csv"] = [{**t, "start": "", "end": ""} for t in rows["ties.csv"]
                       if t["person_a"] in people and t["person_b"] in people and runs(t)]
    out["partnerships.csv"] = [{**p, "start": "", "end": ""} for p in rows["partnerships.csv"] if p["id"] in partnerships]
    out["memberships.csv"] = [dict(m) for m in rows["memberships.csv"]
                              if m["partnership"] in partnerships and m["member"] in present]
    for inn in rows["innovations.csv"]:
        if inn["id"] not in innovations:
            continue
        developers = []
        for d in filter(None, (x.strip() for x in inn.get("developed_by", "").split(";"))):
            if d not in present:  # gone: the credit stays with their organisation, if open
                d = person_org.get(d, "") if d in person_org else ""
            if d in present and d not in developers:
                developers.append(d)
        out["innovations.csv"].append({**inn, "withdrawn": "", "developed_by": ";".join(developers)})
    adopted: dict[tuple[str, str], dict[str, str]] = {}
    for a in rows["adoptions.csv"]:
        stage = model.canonical_kind(a.get("stage") or "", "adoption-stage")
        if (a["innovation"] not in innovations or stage == "abandoned" or not started(a.get("date"))
                or not (blank(a.get("ended")) or _iso(a["ended"]) > as_of)):
            continue
        for org in ([a["organisation"]] if a["organisation"] in orgs else heirs(a["organisation"])):
            adopted.setdefault((org, a["innovation"]), {**a, "organisation": org, "date": "", "ended": ""})
    out["adoptions.csv"] = list(adopted.values())
    out["champions.csv"] = [dict(c) for c in rows["champions.csv"] if c["person"] in people and c["innovation"] in innovations]
    out["coverage.csv"] = [{**c, "start": "", "end": ""} for c in rows["coverage.csv"] if c["organisation"] in orgs and runs(c)]
    out["barriers.csv"] = [{**b, "date": ""} for b in rows["barriers.csv"] if started(b.get("date"))
                           and (not b.get("subject") or b["subject"] in orgs | innovations | partnerships)]
    return out


def _iso(text: str) -> str:
    """ISO form of a contract date cell (YYYY-MM-DD or DD/MM/YYYY, as the rows write them)."""
    if "/" in text:
        day, month, year = text.split("/")
        return f"{year}-{month}-{day}"
    return text


def write_rows(folder: Path, rows: dict[str, list[dict[str, str]]]) -> Path:
    """Write ``rows`` as contract CSV files (header from the model) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for file, file_rows in rows.items():
        header = [c.name for c in model.columns_for(file)]
        for row in file_rows:
            header += [k for k in row if k not in header]
        with open(folder / file, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(file_rows)
    return folder


def ingest_rows(store: GraphStore, rows: dict[str, list[dict[str, str]]]) -> IngestSummary:
    """Load ``rows`` through the CSV contract: write them into a temporary folder, ingest it."""
    folder = Path(tempfile.mkdtemp(prefix="ecograph-rows-"))
    try:
        write_rows(folder, rows)
        return ingest(store, [folder])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
