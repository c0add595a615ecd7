"""Generate a national-scale synthetic health-innovation ecosystem in the ingest contract.

The organisation layer is real: the 42 ICSs, the open NHS trusts and the active GP practices
of England, read from NHS ODS extracts by :mod:`ecograph.ods`, and the 15 Health Innovation
Networks. Everything else is synthetic and fictional: each ICS's ICB organisation and
innovation hub, universities, NIHR bodies, companies, charities, councils, care providers and
primary care networks, and all people, teams, ties, partnerships, innovations, adoptions and
champions. Person names are invented (common first names, made-up surnames).

The 2025 ODS extracts ship with the package (``ingest/reference/``) and are read by default;
:func:`generate` also takes the paths of newer downloads, or finds them in the folder named by
``$ECOGRAPH_NHS_DATA`` (file names ``ods_etr_trusts_2025.csv`` / ``etr.csv`` and
``ods_epraccur_gp_practices_2025.csv`` / ``epraccur.csv``).

Structure of the people network (``ties.csv``), about ten ties per person at national scale
(100,000 people: 1,000,000 ties, about 70% within organisations, 2.5% across ICSs):

- dense within teams, and within small organisations (GP practices, SMEs);
- sparser across teams of one organisation;
- fewer between organisations of one ICS (PCN meetings, partnerships, local programmes);
- very few across ICSs (national networks), carried mostly by network and hub staff;
- heavy-tailed degrees: every person has a Pareto-distributed activity, and innovation leads,
  scouts, champions and network staff are boosted.

History (issue 10): people start (most with a date, some undated: in post before the record
began) and some leave; ties start when the later of their two people started; partnerships
start and some end; adoptions spread over several years with stages (piloting, adopted,
sustained; a few abandoned, with the date they ended); a few organisations close, most with a
successor of the same kind in their ICS (their people leave that day); a few innovations are
withdrawn. These come from a second generator seeded from ``seed`` (``history-<seed>``), so the
rest of the ecosystem is what it was without them.

Output is deterministic per seed: one ``random.Random(seed)`` drives every choice, and
nothing depends on set or hash order, so the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from array import array
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ecograph import model
from ecograph.fileio import atomic_writer, check_output_path, make_folder, refuse_overwrite
from ecograph.ods import Hin, default_extracts, load_hins, read_ods

__all__ = ["generate", "HIN_COVERAGE"]

#: Ties per person (so about 1,000,000 ties for 100,000 people).
TIES_PER_PERSON = 10
#: Share of all ties that cross ICS boundaries.
NATIONAL_SHARE = 0.025
#: Mean degree within a team or a small organisation (capped by its possible pairs).
TEAM_DEGREE = 14
#: Mean cross-team degree in an organisation with teams.
ORG_DEGREE = 6
#: Cross-organisation ties filled in per ICS at most this multiple of the intra-organisation ties.
ICS_FILL_CAP = 0.6
#: Organisations with at least this many people are split into teams.
TEAM_MIN_PEOPLE = 10
#: Mean team size.
TEAM_MEAN = 18

#: Approximate ICSs covered by each Health Innovation Network (AHSN acronym -> ICB codes).
#: Drawn from public geography for the synthetic map only; real boundaries overlap.
HIN_COVERAGE: dict[str, tuple[str, ...]] = {
    "NENC": ("QHM",),
    "YHAHSN": ("QOQ", "QWO", "QF7"),
    "NWC": ("QYG", "QE1"),
    "HInM": ("QOP",),
    "EMAHSN": ("QJ2", "QK1", "QJM", "QPM", "QT1"),
    "WMAHSN": ("QHL", "QUA", "QWU", "QGH", "QOC", "QNC"),
    "EAST": ("QHG", "QUE", "QM7", "QH8", "QMM", "QJG"),
    "Oxford": ("QU9",),
    "UCLP": ("QMJ", "QMF"),
    "ICHP": ("QRV",),
    "HIN": ("QKK", "QWE"),
    "KSS": ("QKS", "QXU", "QNX", "QNQ"),
    "Wessex": ("QRL", "QVV"),
    "WEAHSN": ("QUY", "QOX", "QR1"),
    "SWAHSN": ("QT6", "QJK", "QSL"),
}

# People per organisation at national scale (mean, lognormal sigma); rescaled to ``people``.
_SIZE: dict[str, tuple[float, float]] = {
    "acute-trust": (330, 0.45), "teaching-trust": (480, 0.45), "specialist-trust": (210, 0.4),
    "mental-health-trust": (260, 0.4), "community-trust": (180, 0.4), "ambulance-trust": (220, 0.35),
    "gp-practice": (4.2, 0.45), "primary-care-network": (1.6, 0.4), "icb": (60, 0.3),
    "innovation-hub": (10, 0.3), "health-innovation-network": (40, 0.3), "university": (90, 0.6),
    "nihr-arc": (18, 0.3), "nihr-brc": (22, 0.4), "nihr-crn": (28, 0.3), "industry": (30, 0.8),
    "sme": (5, 0.7), "charity": (6, 0.6), "local-authority": (22, 0.5), "social-care": (5, 0.5),
}
# Kinds that always get at least one person (when there are enough people).
_CORE = frozenset(model.TRUST_KINDS) | {"icb", "innovation-hub", "health-innovation-network"}
# Kinds that adopt innovations.
_ADOPTERS = frozenset(model.TRUST_KINDS) | {"gp-practice", "primary-care-network", "icb",
                                           "social-care", "local-authority"}
_CLINICAL = frozenset(model.TRUST_KINDS) | {"gp-practice", "primary-care-network"}
# Probability that an organisation of a kind has an innovation lead ("some missing").
_LEAD_P = {"icb": 0.95, "innovation-hub": 1.0, "health-innovation-network": 1.0, "university": 0.4,
           "nihr-arc": 0.7, "nihr-brc": 0.6, "nihr-crn": 0.5, "industry": 0.3, "sme": 0.15,
           "charity": 0.1, "local-authority": 0.2, "social-care": 0.05, "gp-practice": 0.02,
           "primary-care-network": 0.1}
_TRUST_LEAD_P = 0.85
# Activity boosts (ICS-level, national) by organisation kind.
_KIND_BOOST = {"health-innovation-network": (3.0, 8.0), "innovation-hub": (3.0, 4.0),
               "icb": (2.0, 1.0), "nihr-arc": (2.0, 4.0), "nihr-brc": (1.5, 3.0),
               "nihr-crn": (1.5, 3.0), "university": (1.2, 3.0), "industry": (1.0, 3.0),
               "sme": (1.0, 1.5), "gp-practice": (1.0, 0.3), "primary-care-network": (2.0, 0.5)}

# --- vocabularies for synthetic names ------------------------------------------------------

_FIRST = ("Alex", "Sam", "Jordan", "Priya", "Amir", "Chloe", "Daniel", "Fatima", "Grace", "Hannah",
          "Imran", "Jack", "Kiran", "Laura", "Mohammed", "Nadia", "Oliver", "Olivia", "Ravi",
          "Sarah", "Tom", "Uma", "Victoria", "William", "Yasmin", "Zara", "Aisha", "Ben", "Carys",
          "David", "Ella", "Femi", "George", "Hui", "Isla", "James", "Kemi", "Liam", "Maya",
          "Noah", "Orla", "Peter", "Rosa", "Sophie", "Tariq", "Wei", "Ana", "Callum", "Deepa",
          "Ewan", "Freya", "Gareth", "Harriet", "Ibrahim", "Joanna", "Kwame", "Leah", "Mei",
          "Niamh", "Owen", "Poppy", "Rhys", "Sana", "Theo", "Valentina", "Zoe")
_LAST = ("Ashbourne", "Brackwell", "Candlewick", "Dunmore", "Elderfield", "Fernsby", "Gallowmere",
         "Hartwell", "Ivybridge", "Juniper", "Kestrelford", "Larkspur", "Marrowby", "Nettleford",
         "Oakhanger", "Pennyworth", "Quillfeather", "Rookwood", "Saltmarsh", "Thistlewood",
         "Underhill", "Vanecroft", "Wrenfield", "Yarrowby", "Ambervale", "Birchmoor", "Cobbleton",
         "Dovecote", "Emberley", "Foxglove", "Greymantle", "Hollowell", "Inkwater", "Jessamy",
         "Kingsmere", "Lindenfall", "Moorcroft", "Northwick", "Orchardson", "Pebbleford",
         "Quarrington", "Ravensdale", "Stonebridge", "Tallowby", "Umberfield", "Violetstone",
         "Whitlock", "Yewcombe", "Alderwood", "Brambleton", "Copperfield", "Drystone", "Elmsworth",
         "Flintmere", "Goldhawk", "Heatherby", "Ironside", "Kettleby", "Lowmoor", "Millbrook")
_SYLLABLES = ("Ara", "Bio", "Cor", "Dyn", "Evo", "Flux", "Gen", "Helix", "Iso", "Kine", "Lumo",
              "Medi", "Neo", "Opti", "Pulse", "Qua", "Rena", "Sana", "Thera", "Vita", "Xeno", "Zen")
_ENDINGS = ("ra", "nix", "gen", "vance", "logic", "metrics", "sense", "path", "cura", "wave")
_SME_SUFFIX = ("Health", "Medical", "Digital", "Diagnostics", "Labs", "AI", "Care Tech", "Devices")

_TEAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "acute": (("Research and Development", "R&D"), ("Digital", "digital"),
              ("Emergency Department", "clinical service"), ("Cardiology", "clinical service"),
              ("Respiratory", "clinical service"), ("Frailty", "clinical service"),
              ("Diabetes and Endocrinology", "clinical service"), ("Maternity", "clinical service"),
              ("Paediatrics", "clinical service"), ("Oncology", "clinical service"),
              ("Orthopaedics", "clinical service"), ("Stroke", "clinical service"),
              ("Renal", "clinical service"), ("Radiology", "clinical service"),
              ("Pathology", "clinical service"), ("Pharmacy", "clinical service"),
              ("Therapies", "clinical service"), ("Critical Care", "clinical service"),
              ("Theatres", "clinical service"), ("Outpatients", "clinical service"),
              ("Quality Improvement", "quality improvement"), ("Operations", "management")),
    "mental-health": (("Research and Development", "R&D"), ("Digital", "digital"),
                      ("Crisis Resolution", "clinical service"), ("Adult Community Mental Health", "clinical service"),
                      ("CAMHS", "clinical service"), ("Early Intervention in Psychosis", "clinical service"),
                      ("Older People's Mental Health", "clinical service"), ("Eating Disorders", "clinical service"),
                      ("Learning Disabilities", "clinical service"), ("Perinatal Mental Health", "clinical service"),
                      ("Talking Therapies", "clinical service"), ("Inpatient Wards", "clinical service"),
                      ("Quality Improvement", "quality improvement"), ("Operations", "management")),
    "community": (("Research and Development", "R&D"), ("Digital", "digital"),
                  ("District Nursing", "clinical service"), ("Intermediate Care", "clinical service"),
                  ("Virtual Ward", "clinical service"), ("Podiatry", "clinical service"),
                  ("Speech and Language Therapy", "clinical service"), ("Community Therapies", "clinical service"),
                  ("Sexual Health", "clinical service"), ("Children's Community Services", "clinical service"),
                  ("Operations", "management")),
    "ambulance": (("Research and Development", "R&D"), ("Digital", "digital"),
                  ("Emergency Operations Centre", "clinical service"), ("NHS 111", "clinical service"),
                  ("Paramedic Practice", "clinical service"), ("Clinical Hub", "clinical service"),
                  ("Hazardous Area Response", "clinical service"), ("Fleet and Logistics", "management")),
    "icb": (("Innovation and Research", "innovation"), ("Transformation", "management"),
            ("Digital and Data", "digital"), ("Population Health", "public health"),
            ("Primary Care Commissioning", "commissioning"), ("Quality and Safety", "quality improvement"),
            ("Finance", "management")),
    "health-innovation-network": (("Adoption and Spread", "innovation"), ("Industry Partnerships", "commercial"),
                                  ("Patient Safety", "quality improvement"), ("Evaluation", "R&D"),
                                  ("Digital", "digital")),
    "innovation-hub": (("Hub Coordination", "innovation"), ("Partnerships", "innovation")),
    "university": (("Knowledge Exchange", "innovation"), ("Medical School", "education"),
                   ("Nursing and Midwifery", "education"), ("Biomedical Engineering", "R&D"),
                   ("Health Data Science", "R&D"), ("Business School", "education"),
                   ("Public Health", "R&D"), ("Pharmacy", "education")),
    "nihr": (("Implementation Science", "R&D"), ("Patient and Public Involvement", "R&D"),
             ("Methods", "R&D"), ("Research Delivery", "R&D")),
    "industry": (("Research and Development", "R&D"), ("Market Access", "commercial"),
                 ("Medical Affairs", "clinical service"), ("Product", "digital"), ("Sales", "commercial")),
    "local-authority": (("Public Health", "public health"), ("Adult Social Care", "social care"),
                        ("Children's Services", "social care"), ("Housing", "management")),
    "other": (("Services", "management"), ("Operations", "management")),
}

_TITLES: dict[str, tuple[str, ...]] = {
    "clinical service": ("Consultant", "Staff Nurse", "Specialist Nurse", "Registrar", "Ward Sister",
                         "Physiotherapist", "Occupational Therapist", "Pharmacist", "Healthcare Assistant",
                         "Clinical Lead", "Matron", "Service Manager", "Advanced Practitioner"),
    "innovation": ("Innovation Manager", "Project Manager", "Innovation Fellow", "Programme Lead",
                   "Evaluation Analyst", "Partnerships Manager"),
    "R&D": ("Research Nurse", "Research Manager", "Clinical Trials Coordinator", "Research Fellow",
            "Senior Research Fellow", "Data Manager"),
    "digital": ("Chief Clinical Information Officer", "Digital Project Manager", "Data Analyst",
                "Software Developer", "Clinical Safety Officer", "Business Analyst"),
    "management": ("Operations Manager", "Programme Director", "Transformation Lead", "Analyst",
                   "Business Manager", "Administrator"),
    "commissioning": ("Commissioning Manager", "Head of Primary Care", "Contracts Manager", "Analyst"),
    "quality improvement": ("Quality Improvement Lead", "Patient Safety Lead", "Improvement Advisor"),
    "public health": ("Public Health Consultant", "Public Health Analyst", "Health Improvement Officer"),
    "social care": ("Social Worker", "Care Manager", "Occupational Therapist", "Commissioning Officer"),
    "education": ("Professor", "Senior Lecturer", "Lecturer", "PhD Student", "Teaching Fellow"),
    "commercial": ("Account Manager", "Market Access Manager", "Business Development Manager",
                   "Industry Adviser"),
    "gp-practice": ("GP Partner", "Salaried GP", "Practice Manager", "Practice Nurse", "Clinical Pharmacist",
                    "Healthcare Assistant", "Paramedic Practitioner", "Receptionist"),
    "primary-care-network": ("PCN Clinical Director", "PCN Manager", "Social Prescriber", "Care Coordinator"),
    "sme": ("Chief Executive", "Chief Technology Officer", "Product Manager", "Software Engineer",
            "Clinical Specialist", "Commercial Director"),
    "charity": ("Chief Executive", "Volunteer Coordinator", "Project Worker", "Policy Officer"),
    "social-care": ("Registered Manager", "Care Worker", "Senior Carer", "Deputy Manager"),
}
_LEAD_TITLES = ("Director of Innovation", "Head of Innovation", "Chief Innovation Officer",
                "Innovation Lead", "Associate Director of Research and Innovation")

_CONDITIONS = ("frailty", "heart failure", "COPD", "type 2 diabetes", "atrial fibrillation", "asthma",
               "sepsis", "stroke", "dementia", "depression", "hypertension", "chronic kidney disease",
               "falls", "childhood asthma", "early cancer diagnosis", "chronic pain", "psoriasis",
               "long COVID", "obesity", "anxiety", "maternity care", "wound care", "polypharmacy",
               "hip fracture", "eating disorders", "dermatology referrals", "glaucoma", "epilepsy")
_PRODUCTS = {
    "digital": ("Remote monitoring app", "AI triage tool", "Self-management platform", "Virtual ward platform",
                "Digital referral tool", "Predictive risk model", "Video consultation service"),
    "device": ("Wearable sensor", "Home monitoring kit", "Smart inhaler", "Point-of-care monitor",
               "Pressure-relief device"),
    "diagnostic": ("Rapid test", "Point-of-care test", "Genomic screen", "Imaging decision aid",
                   "Blood biomarker test"),
    "medicine": ("Long-acting injection", "Combination therapy", "Medicines optimisation review",
                 "Inhaled therapy"),
    "pathway": ("Integrated care pathway", "Nurse-led clinic", "Community hub model", "Same-day pathway",
                "Anticipatory care model"),
    "workforce": ("Advanced practitioner role", "Training programme", "Peer support worker role",
                  "Simulation training"),
    "other": ("Patient passport", "Community outreach scheme"),
}
_INNOVATION_KIND_WEIGHTS = (("digital", 30), ("pathway", 20), ("device", 14), ("diagnostic", 12),
                            ("medicine", 10), ("workforce", 10), ("other", 4))
_EVIDENCE = ("", "", "local evaluation", "service evaluation", "randomised controlled trial",
             "NICE early value assessment", "NICE medical technologies guidance", "real-world evidence study",
             "case series")
_PROGRAMMES = ("Innovation for Healthcare Inequalities", "NHS Innovation Accelerator",
               "Clinical Entrepreneur Programme", "MedTech Funding Mandate", "AI in Health and Care Award",
               "Patient Safety Collaborative", "Accelerated Access Collaborative", "Digital Pathways",
               "Frailty Network", "Cancer Alliance", "")
_TOPICS = ("digital health", "frailty", "mental health", "diabetes", "respiratory", "cancer",
           "maternity", "children and young people", "health inequalities", "workforce", "research",
           "medicines", "urgent care", "cardiovascular", "social prescribing", "data and AI")
_CHARITY_CAUSES = ("Carers' Network", "Heart Support Group", "Mind Matters", "Healthwatch Forum",
                   "Community Action", "Age Partnership", "Young People's Trust", "Disability Forum")

_CONTEXT_TEAM = "same team"
_CONTEXT_ORG = "same organisation"
_CONTEXT_PCN = "primary care network"
_CONTEXT_PARTNERSHIP = "partnership"
_CONTEXTS_ICS = ("ICS programme board", "clinical network", "joint project", "referral pathway",
                 "training programme", "local system meeting")
_CONTEXTS_NATIONAL = ("national network", "national programme", "conference", "professional network")

_START = date(2016, 1, 1).toordinal()
_END = date(2025, 6, 30).toordinal()


# --- internal records ----------------------------------------------------------------------


@dataclass
class _Org:
    id: str
    name: str
    kind: str
    ics: str
    region: str
    people: list[int] = field(default_factory=list)
    teams: list[int] = field(default_factory=list)


@dataclass
class _Team:
    id: str
    name: str
    org: int
    function: str
    people: list[int] = field(default_factory=list)


class _Ties:
    """Undirected ties without duplicates, kept in generation order."""

    def __init__(self, n_people: int):
        self.n = n_people
        self.a = array("i")
        self.b = array("i")
        self.ctx = array("b")
        self.contexts: list[str] = []
        self._ctx_index: dict[str, int] = {}
        self._seen: set[int] = set()

    def __len__(self) -> int:
        return len(self.a)

    def context(self, text: str) -> int:
        """Index of a context string (added on first use)."""
        if text not in self._ctx_index:
            self._ctx_index[text] = len(self.contexts)
            self.contexts.append(text)
        return self._ctx_index[text]

    def add(self, x: int, y: int, ctx: int) -> bool:
        """Add the tie x-y; False for a self-tie or a duplicate."""
        if x == y:
            return False
        if x > y:
            x, y = y, x
        key = x * self.n + y
        if key in self._seen:
            return False
        self._seen.add(key)
        self.a.append(x)
        self.b.append(y)
        self.ctx.append(ctx)
        return True


# --- helpers ---------------------------------------------------------------------------------


def _split(n: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``n`` into integer parts proportional to ``weights`` (largest remainder)."""
    if not weights:
        return []
    parts = [minimum] * len(weights) if n >= minimum * len(weights) else [0] * len(weights)
    rest = n - sum(parts)
    total = sum(weights) or 1.0
    exact = [rest * w / total for w in weights]
    floors = [int(e) for e in exact]
    parts = [p + f for p, f in zip(parts, floors)]
    left = rest - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _company_name(rng: random.Random) -> str:
    return rng.choice(_SYLLABLES) + rng.choice(_ENDINGS)


def _date(rng: random.Random, lo: int = _START, hi: int = _END) -> int:
    return rng.randint(lo, max(lo, hi))


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _team_kind(kind: str) -> str:
    if kind in ("acute-trust", "teaching-trust", "specialist-trust"):
        return "acute"
    if kind == "mental-health-trust":
        return "mental-health"
    if kind == "community-trust":
        return "community"
    if kind == "ambulance-trust":
        return "ambulance"
    if kind.startswith("nihr-"):
        return "nihr"
    if kind in ("industry", "sme"):
        return "industry"
    return kind if kind in _TEAMS else "other"


def _hin_coverage(hins: list[Hin], ics_rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """HIN acronym -> covered ICS codes (only ICSs present); uncovered ICSs join a HIN of their region."""
    present = [r["code"] for r in ics_rows]
    region = {r["code"]: r["region"] for r in ics_rows}
    cover = {h.acronym: [c for c in HIN_COVERAGE.get(h.acronym, ()) if c in region] for h in hins}
    covered = {c for codes in cover.values() for c in codes}
    for code in present:
        if code not in covered:
            same = [a for a, codes in cover.items() if any(region[c] == region[code] for c in codes)]
            cover[(same or [hins[0].acronym])[0]].append(code)
    return cover


# --- the generator -----------------------------------------------------------------------------


def generate(out_dir: Path, people: int = 100_000, seed: int = 0, ics: str | None = None,
             trusts: Path | None = None, gp_practices: Path | None = None, force: bool = False) -> dict[str, int]:
    """Write a synthetic ecosystem, all ten contract files, into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write ``ics.csv`` ... ``champions.csv`` into (created if missing).
    people
        Number of (fictional) people; ties are about ten per person (fewer when people are
        spread so thinly that most organisations have only one or two).
    seed
        Random seed; the same seed gives byte-identical files.
    ics
        One ICS code: generate that ICS only (e.g. ``people=5000`` for a one-ICS map).
    trusts, gp_practices
        ODS ``etr`` and ``epraccur`` extracts. Default: a newer download in
        ``$ECOGRAPH_NHS_DATA``, else the 2025 extracts shipped with the package (see
        :func:`ecograph.ods.default_extracts`).
    force
        Replace contract files that exist in ``out_dir`` already.

    Returns
    -------
    dict[str, int]
        Rows written per file, in load order.

    Raises
    ------
    OdsError
        The ODS extracts cannot be found, or ``ics`` is not one of the 42 codes.
    OutputError
        ``out_dir`` or a file in it cannot be written (each file is written whole or not at all).
    OverwriteError
        A contract file exists in ``out_dir`` and ``force`` is false; nothing is written.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    check_output_path(out_dir, "folder")  # before the work: a path that can never be a folder fails at once
    refuse_overwrite([Path(out_dir) / file for file in model.LOAD_ORDER], force)
    trusts, gp_practices = default_extracts(trusts, gp_practices)
    ods = read_ods(trusts, gp_practices, ics)
    rng = random.Random(seed)
    builder = _Builder(rng, ods["ics.csv"], ods["organisations.csv"], people)
    builder.add_history(random.Random(f"history-{seed}"))
    return builder.write(Path(out_dir))


class _Builder:
    """Builds the synthetic ecosystem in memory, then writes it."""

    def __init__(self, rng: random.Random, ics_rows: list[dict[str, str]],
                 real_orgs: list[dict[str, str]], people: int):
        self.rng = rng
        self.ics_rows = ics_rows
        self.ics_codes = [r["code"] for r in ics_rows]
        self.ics_index = {c: i for i, c in enumerate(self.ics_codes)}
        self.n_people = people
        self.orgs: list[_Org] = []
        self.org_index: dict[str, int] = {}
        self.teams: list[_Team] = []
        self._build_organisations(real_orgs)
        self._build_people()
        self.ties = _Ties(people)
        self.partnerships: list[list[str]] = []
        self.memberships: list[tuple[str, str, str]] = []
        self.innovations: list[list[str]] = []
        self.adoptions: list[tuple[str, ...]] = []  # (organisation, innovation, stage, date[, ended])
        self.champions: list[tuple[str, str]] = []
        # history (add_history): start and left ordinals per person (0: no date), closed organisations
        self.p_start = array("i", [0]) * people
        self.p_left = array("i", [0]) * people
        self.o_closed: dict[int, tuple[int, str]] = {}
        self._intra_org_ties()
        self._pcn_ties()
        self._build_partnerships()
        self._national_ties()
        self._ics_ties()
        self._build_innovations()

    # organisations ------------------------------------------------------------------------

    def _add_org(self, id: str, name: str, kind: str, ics: str) -> int:
        region = self.ics_rows[self.ics_index[ics]]["region"]
        self.org_index[id] = len(self.orgs)
        self.orgs.append(_Org(id, name, kind, ics, region))
        return len(self.orgs) - 1

    def _build_organisations(self, real_orgs: list[dict[str, str]]) -> None:
        rng = self.rng
        by_ics: dict[str, list[dict[str, str]]] = {c: [] for c in self.ics_codes}
        for o in real_orgs:
            by_ics[o["ics"]].append(o)
        for o in real_orgs:
            self.org_index[o["id"]] = len(self.orgs)
            self.orgs.append(_Org(o["id"], o["name"], o["kind"], o["ics"], o["region"]))

        hins = load_hins()
        self.hin_cover = {a: codes for a, codes in _hin_coverage(hins, self.ics_rows).items() if codes}
        self.ics_hin: dict[str, str] = {c: a for a, codes in self.hin_cover.items() for c in codes}
        for h in hins:
            codes = self.hin_cover.get(h.acronym)
            if codes:
                self._add_org(f"HIN-{h.acronym.upper()}", h.name, "health-innovation-network", codes[0])
                area = h.name.removeprefix("Health Innovation ").removeprefix("Innovation Agency ")
                self._add_org(f"ARC-{h.acronym.upper()}", f"NIHR ARC {area}", "nihr-arc", codes[0])
        regions_done: set[str] = set()
        for r in self.ics_rows:
            if r["region"] and r["region"] not in regions_done:
                regions_done.add(r["region"])
                self._add_org(f"CRN-{r['code']}", f"NIHR Research Delivery Network {r['region']}",
                              "nihr-crn", r["code"])

        self.pcn_members: dict[int, list[int]] = {}
        sme_n = company_n = charity_n = care_n = 0
        for r in self.ics_rows:
            code, name = r["code"], r["name"]
            local = by_ics[code]
            teaching = sum(o["kind"] in ("teaching-trust", "specialist-trust") for o in local)
            self._add_org(f"ICB-{code}", f"NHS {name} Integrated Care Board", "icb", code)
            self._add_org(f"HUB-{code}", f"{name} Innovation Hub", "innovation-hub", code)
            if teaching and rng.random() < 0.6:
                self._add_org(f"BRC-{code}", f"NIHR {name} Biomedical Research Centre", "nihr-brc", code)
            for k in range(1 + min(teaching, 2) + (rng.random() < 0.3)):
                label = ("University", "Institute of Health Sciences", "Metropolitan University",
                         "College of Medicine")[k]
                self._add_org(f"UNI-{code}-{k + 1}", f"{name} {label}", "university", code)
            london_se = r["region"] in ("London", "South East", "East of England")
            for _ in range(rng.randint(1, 4) + (3 if london_se else 0)):
                company_n += 1
                self._add_org(f"IND-{company_n:04d}", f"{_company_name(rng)} plc", "industry", code)
            for _ in range(rng.randint(10, 30) + (10 if london_se else 0)):
                sme_n += 1
                self._add_org(f"SME-{sme_n:04d}", f"{_company_name(rng)} {rng.choice(_SME_SUFFIX)} Ltd",
                              "sme", code)
            for cause in rng.sample(_CHARITY_CAUSES, rng.randint(3, 6)):
                charity_n += 1
                self._add_org(f"CHA-{charity_n:04d}", f"{name} {cause}", "charity", code)
            for k in range(rng.randint(2, 7)):
                self._add_org(f"LA-{code}-{k + 1}", f"{name} Local Authority {k + 1}", "local-authority", code)
            for _ in range(rng.randint(3, 8)):
                care_n += 1
                self._add_org(f"SC-{care_n:04d}", f"{rng.choice(_LAST)} {rng.choice(('Care Homes', 'Home Care', 'Care Services'))} Ltd",
                              "social-care", code)
            # Primary care networks: runs of about six practices, in ODS code order.
            practices = [self.org_index[o["id"]] for o in local if o["kind"] == "gp-practice"]
            practices.sort(key=lambda i: self.orgs[i].id)
            n_pcn = max(1, round(len(practices) / 6)) if practices else 0
            start = 0
            for k, size in enumerate(_split(len(practices), [1.0] * n_pcn)):
                pcn = self._add_org(f"PCN-{code}-{k + 1:02d}", f"{name} Primary Care Network {k + 1:02d}",
                                    "primary-care-network", code)
                self.pcn_members[pcn] = practices[start:start + size]
                start += size

    # people and teams ---------------------------------------------------------------------------

    def _build_people(self) -> None:
        rng, orgs = self.rng, self.orgs
        weights = []
        for o in orgs:
            mean, sigma = _SIZE.get(o.kind, (5, 0.5))
            weights.append(rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma))
        core = [i for i, o in enumerate(orgs) if o.kind in _CORE]
        sizes = [0] * len(orgs)
        budget = self.n_people
        if budget >= 2 * len(core):
            for i in core:
                sizes[i] = 1
            budget -= len(core)
        for i, s in enumerate(_split(budget, weights)):
            sizes[i] += s

        n = self.n_people
        self.p_org = array("i", [0]) * n
        self.p_team = array("i", [-1]) * n
        self.p_name: list[str] = [""] * n
        self.p_title: list[str] = [""] * n
        self.p_lead = bytearray(n)
        self.p_champ = bytearray(n)
        self.p_scout = bytearray(n)
        self.p_ics = array("i", [0]) * n
        self.w_org = [1.0] * n  # activity within the organisation
        self.w_ics = [1.0] * n  # activity towards the ICS
        self.w_nat = [1.0] * n  # activity towards other ICSs
        firsts, lasts = _FIRST, _LAST
        pid = 0
        for oi, o in enumerate(orgs):
            size = sizes[oi]
            if size == 0:
                continue
            members = list(range(pid, pid + size))
            pid += size
            o.people = members
            tk = _team_kind(o.kind)
            is_trust = o.kind in model.TRUST_KINDS
            # Teams: an innovation team in most trusts, then the kind's usual teams.
            if size >= TEAM_MIN_PEOPLE:
                names = list(_TEAMS[tk])
                if is_trust and rng.random() < 0.8:
                    names.insert(0, ("Innovation", "innovation"))
                n_teams = max(2, round(size / TEAM_MEAN))
                spec = [names[k % len(names)] + ((k // len(names)) + 1,) for k in range(n_teams)]
                tw = [rng.paretovariate(1.6) for _ in spec]
                if spec[0][1] == "innovation":
                    tw[0] = min(tw[0], 0.3)  # innovation teams are small
                start = 0
                for k, tsize in enumerate(_split(size, tw, minimum=2)):
                    if tsize == 0:
                        continue
                    tname, function, rep = spec[k]
                    suffix = "INNOV" if function == "innovation" and k == 0 else f"T{k + 1:02d}"
                    label = tname if rep == 1 else f"{tname} {rep}"
                    ti = len(self.teams)
                    self.teams.append(_Team(f"{o.id}-{suffix}", f"{o.name} {label}", oi, function,
                                            members[start:start + tsize]))
                    o.teams.append(ti)
                    for p in members[start:start + tsize]:
                        self.p_team[p] = ti
                    start += tsize
            # Per person: name, title, flags, activity.
            lead_p = _TRUST_LEAD_P if is_trust else _LEAD_P.get(o.kind, 0.0)
            n_leads = (2 if o.kind == "health-innovation-network" and size > 3 else 1) if rng.random() < lead_p else 0
            b_ics, b_nat = _KIND_BOOST.get(o.kind, (1.0, 1.0))
            clinical = o.kind in _CLINICAL
            network = o.kind in ("health-innovation-network", "innovation-hub")
            ics_i = self.ics_index[o.ics]
            for rank, p in enumerate(members):
                self.p_org[p] = oi
                self.p_ics[p] = ics_i
                self.p_name[p] = f"{rng.choice(firsts)} {rng.choice(lasts)}"
                ti = self.p_team[p]
                function = self.teams[ti].function if ti >= 0 else ""
                act = min(rng.paretovariate(2.0), 10.0)  # heavy tail, clipped: roles make the hubs
                boost = 1.0
                if rank < n_leads:
                    self.p_lead[p] = 1
                    self.p_title[p] = rng.choice(_LEAD_TITLES)
                    boost = 10.0
                else:
                    if ti >= 0:
                        titles = _TITLES.get(function, _TITLES["management"])
                    else:
                        titles = _TITLES.get(o.kind, _TITLES["management"])
                    self.p_title[p] = rng.choice(titles)
                    if clinical and rng.random() < 0.02:
                        self.p_champ[p] = 1
                        boost = 3.0
                    if rng.random() < (0.12 if network else 0.004):
                        self.p_scout[p] = 1
                        boost = max(boost, 4.0)
                    if function == "innovation":
                        boost = max(boost, 3.0)
                self.w_org[p] = act * (2.0 if boost > 1 else 1.0)
                self.w_ics[p] = act * boost * b_ics
                self.w_nat[p] = act * boost * b_nat * (2.0 if network else 1.0)
        self.person_ids = [f"P{i + 1:0{max(6, len(str(n)))}d}" for i in range(n)]

    # ties -------------------------------------------------------------------------------------

    def _sample_within(self, members: list[int], q: int, ctx: int, weights: list[float] | None = None) -> int:
        """Add up to ``q`` new ties between ``members`` (uniform, or weighted by ``weights``)."""
        n = len(members)
        if n < 2 or q <= 0:
            return 0
        rng, ties = self.rng, self.ties
        total = n * (n - 1) // 2
        q = min(q, total)
        added = 0
        if weights is None and q * 3 >= total:  # dense: draw from all pairs
            for x, y in rng.sample(list(itertools.combinations(members, 2)), q):
                added += ties.add(x, y, ctx)
            return added
        cum = list(itertools.accumulate(weights[p] for p in members)) if weights is not None else None
        for _ in range(6):
            k = (q - added) * 2 + 8
            xs = rng.choices(members, cum_weights=cum, k=k)
            ys = rng.choices(members, cum_weights=cum, k=k)
            for x, y in zip(xs, ys):
                if ties.add(x, y, ctx):
                    added += 1
                    if added >= q:
                        return added
        return added

    def _intra_org_ties(self) -> None:
        team_ctx = self.ties.context(_CONTEXT_TEAM)
        org_ctx = self.ties.context(_CONTEXT_ORG)
        for o in self.orgs:
            if not o.teams:
                self._sample_within(o.people, len(o.people) * TEAM_DEGREE // 2, team_ctx)
                continue
            for ti in o.teams:
                members = self.teams[ti].people
                self._sample_within(members, len(members) * TEAM_DEGREE // 2, team_ctx)
            self._sample_within(o.people, len(o.people) * ORG_DEGREE // 2, org_ctx, self.w_org)
        self.intra_org = len(self.ties)

    def _pcn_ties(self) -> None:
        """A PCN's staff and one or two people from each member practice meet regularly."""
        ctx = self.ties.context(_CONTEXT_PCN)
        for pcn, practices in self.pcn_members.items():
            group = list(self.orgs[pcn].people)
            for pr in practices:
                group.extend(self.orgs[pr].people[:2])
            for x, y in itertools.combinations(group, 2):
                self.ties.add(x, y, ctx)

    def _national_ties(self) -> None:
        if len(self.ics_codes) < 2:
            return
        # A small share of the budget, and never more than a sliver of the local network.
        target = min(round(NATIONAL_SHARE * self.n_people * TIES_PER_PERSON), round(0.05 * self.intra_org))
        a, b, p_ics = self.ties.a, self.ties.b, self.p_ics
        have = sum(1 for x, y in zip(a, b) if p_ics[x] != p_ics[y])
        ctxs = [self.ties.context(c) for c in _CONTEXTS_NATIONAL]
        everyone = list(range(self.n_people))
        cum = list(itertools.accumulate(self.w_nat))
        rng, ties = self.rng, self.ties
        need = target - have
        for _ in range(6):
            if need <= 0:
                break
            k = need * 2 + 8
            xs = rng.choices(everyone, cum_weights=cum, k=k)
            ys = rng.choices(everyone, cum_weights=cum, k=k)
            cs = rng.choices(ctxs, k=k)
            for x, y, c in zip(xs, ys, cs):
                if p_ics[x] != p_ics[y] and ties.add(x, y, c):
                    need -= 1
                    if need <= 0:
                        break

    def _ics_ties(self) -> None:
        """Fill the tie budget with ties between organisations of one ICS."""
        remaining = self.n_people * TIES_PER_PERSON - len(self.ties)
        # When people are spread thinly (few per organisation), keep ties mostly local
        # rather than padding the budget with cross-organisation ties.
        remaining = min(remaining, round(ICS_FILL_CAP * self.intra_org))
        if remaining <= 0:
            return
        by_ics: list[list[int]] = [[] for _ in self.ics_codes]
        for p in range(self.n_people):
            by_ics[self.p_ics[p]].append(p)
        ctxs = [self.ties.context(c) for c in _CONTEXTS_ICS]
        p_org, rng, ties, w = self.p_org, self.rng, self.ties, self.w_ics
        quotas = _split(remaining, [float(len(m)) for m in by_ics])
        for members, q in zip(by_ics, quotas):
            if len(members) < 2 or q <= 0:
                continue
            cum = list(itertools.accumulate(w[p] for p in members))
            added = 0
            for _ in range(20):  # small ICSs saturate: stop after a few fruitless rounds
                k = (q - added) * 2 + 8
                xs = rng.choices(members, cum_weights=cum, k=k)
                ys = rng.choices(members, cum_weights=cum, k=k)
                cs = rng.choices(ctxs, k=k)
                before = added
                for x, y, c in zip(xs, ys, cs):
                    if p_org[x] != p_org[y] and ties.add(x, y, c):
                        added += 1
                        if added >= q:
                            break
                if added >= q or added == before:
                    break

    # partnerships -------------------------------------------------------------------------------

    def _new_partnership(self, name: str, formal: bool, programme: str) -> str:
        rng = self.rng
        pid = f"PS-{len(self.partnerships) + 1:04d}"
        start = _date(rng)
        end = _iso(_date(rng, start + 180, _END + 365)) if rng.random() < 0.15 else ""
        self.partnerships.append([pid, name, "yes" if formal else "no", _iso(start), end, programme])
        return pid

    def _member(self, pid: str, member: str, role: str = "member") -> None:
        self.memberships.append((pid, member, role))
        self.org_partnerships.setdefault(member, []).append(pid)

    def _build_partnerships(self) -> None:
        rng, orgs = self.rng, self.orgs
        self.org_partnerships: dict[str, list[str]] = {}
        by_ics_kind: dict[tuple[str, str], list[int]] = {}
        for i, o in enumerate(orgs):
            by_ics_kind.setdefault((o.ics, o.kind), []).append(i)

        def of(code: str, *kinds: str) -> list[int]:
            return [i for k in kinds for i in by_ics_kind.get((code, k), [])]

        trust_kinds = model.TRUST_KINDS
        person_groups: list[tuple[str, list[int]]] = []  # (partnership, person members) for ties
        leads_of = lambda i: [p for p in orgs[i].people if self.p_lead[p]]  # noqa: E731

        # 1. One formal innovation partnership per ICS, led by its hub.
        for r in self.ics_rows:
            code = r["code"]
            pid = self._new_partnership(f"{r['name']} Innovation Partnership", True,
                                        "Health Innovation Network programme")
            self._member(pid, f"HUB-{code}", "lead")
            people: list[int] = []
            members = of(code, "icb", *trust_kinds, "university", "local-authority")
            hin = self.ics_hin.get(code)
            if hin:
                members += [self.org_index[f"HIN-{hin.upper()}"]]
            for i in members:
                if rng.random() < 0.9:
                    self._member(pid, orgs[i].id)
                    people += leads_of(i)
            person_groups.append((pid, people + leads_of(self.org_index[f"HUB-{code}"])))
        # 2. HIN partnerships with specialist trusts (some missing: a gap to find).
        for acronym, codes in self.hin_cover.items():
            hin_id = f"HIN-{acronym.upper()}"
            for code in codes:
                for i in of(code, "specialist-trust"):
                    if rng.random() < 0.75:
                        pid = self._new_partnership(f"{orgs[i].name} and {orgs[self.org_index[hin_id]].name} partnership",
                                                    True, "")
                        self._member(pid, hin_id, "lead")
                        self._member(pid, orgs[i].id)
        # 3. The rest: programmes, industry collaborations, clinical networks, communities.
        target = len(self.partnerships) + max(20, min(4000, self.n_people // 40))
        pools: dict[str, tuple[list[int], list[float]]] = {}

        def ics_pool(code: str) -> tuple[list[int], list[float]]:
            if code not in pools:
                ics_i = self.ics_index[code]
                members = [p for p in range(self.n_people) if self.p_ics[p] == ics_i]
                pools[code] = (members, list(itertools.accumulate(self.w_ics[p] for p in members)))
            return pools[code]

        ics_weights = [max(1.0, float(len(of(c, *trust_kinds)))) for c in self.ics_codes]
        while len(self.partnerships) < target:
            code = rng.choices(self.ics_codes, weights=ics_weights)[0]
            ics_name = self.ics_rows[self.ics_index[code]]["name"]
            roll = rng.random()
            if roll < 0.25:  # HIN programme with local adopters
                hin = self.ics_hin.get(code)
                programme = rng.choice(_PROGRAMMES[:-1])
                pid = self._new_partnership(f"{ics_name} {programme} cohort", True, programme)
                if hin:
                    self._member(pid, f"HIN-{hin.upper()}", "lead")
                pool = of(code, *trust_kinds, "gp-practice", "primary-care-network", "social-care")
                for i in rng.sample(pool, min(len(pool), rng.randint(2, 10))):
                    self._member(pid, orgs[i].id)
            elif roll < 0.45:  # industry collaboration
                lead = of(code, *trust_kinds, "university")
                firms = of(code, "sme", "industry")
                if not lead or not firms:
                    continue
                li = rng.choice(lead)
                pid = self._new_partnership(f"{orgs[li].name} industry collaboration {len(self.partnerships) + 1}",
                                            rng.random() < 0.6, rng.choice(_PROGRAMMES))
                self._member(pid, orgs[li].id, "lead")
                for i in rng.sample(firms, min(len(firms), rng.randint(1, 3))):
                    self._member(pid, orgs[i].id)
                teams = [t for t in orgs[li].teams if self.teams[t].function in ("innovation", "R&D", "digital")]
                if teams:
                    self._member(pid, self.teams[rng.choice(teams)].id)
            elif roll < 0.6:  # clinical network of teams
                topic = rng.choice(_TOPICS)
                pool = [t for i in of(code, *trust_kinds) for t in orgs[i].teams
                        if self.teams[t].function == "clinical service"]
                if len(pool) < 2:
                    continue
                pid = self._new_partnership(f"{ics_name} {topic} network", rng.random() < 0.3, "")
                chosen = rng.sample(pool, min(len(pool), rng.randint(2, 8)))
                for k, t in enumerate(chosen):
                    self._member(pid, self.teams[t].id, "lead" if k == 0 else "member")
                group = [p for t in chosen for p in self.teams[t].people[:2]]
                person_groups.append((pid, group))
            else:  # informal community of practice of people, a few from other ICSs
                topic = rng.choice(_TOPICS)
                pool, cum = ics_pool(code)
                if len(pool) < 3:
                    continue
                pid = self._new_partnership(f"{ics_name} {topic} community of practice", False, "")
                size = min(len(pool), rng.randint(4, 20))
                group = list(dict.fromkeys(rng.choices(pool, cum_weights=cum, k=size)))
                if len(self.ics_codes) > 1 and rng.random() < 0.3:
                    visitor = rng.randrange(self.n_people)
                    if visitor not in group:
                        group.append(visitor)
                for k, p in enumerate(group):
                    self._member(pid, self.person_ids[p], "lead" if k == 0 else "member")
                person_groups.append((pid, group))
        self.memberships = list({(m[0], m[1]): m for m in reversed(self.memberships)}.values())[::-1]
        # People in the same partnership know each other (small groups fully, large ones partly).
        ctx = self.ties.context(_CONTEXT_PARTNERSHIP)
        for _, group in person_groups:
            group = list(dict.fromkeys(group))
            if len(group) <= 12:
                for x, y in itertools.combinations(group, 2):
                    self.ties.add(x, y, ctx)
            else:
                self._sample_within(group, len(group) * 3, ctx)

    # innovations, adoptions, champions ---------------------------------------------------------

    def _build_innovations(self) -> None:
        rng, orgs = self.rng, self.orgs
        n = max(10, min(400, self.n_people // 330))
        developers = {
            "trust": [i for i, o in enumerate(orgs) if o.kind in model.TRUST_KINDS],
            "university": [i for i, o in enumerate(orgs) if o.kind == "university"],
            "company": [i for i, o in enumerate(orgs) if o.kind in ("sme", "industry")],
            "primary": [i for i, o in enumerate(orgs) if o.kind in ("gp-practice", "primary-care-network")],
            "network": [i for i, o in enumerate(orgs) if o.kind in ("health-innovation-network", "innovation-hub")],
        }
        dev_kinds = [k for k in developers if developers[k]]
        dev_weights = [{"trust": 35, "university": 20, "company": 30, "primary": 8, "network": 7}[k] for k in dev_kinds]
        adopters_by_ics: dict[str, list[int]] = {c: [] for c in self.ics_codes}
        for i, o in enumerate(orgs):
            if o.kind in _ADOPTERS:
                adopters_by_ics[o.ics].append(i)
        team_org = {t.id: orgs[t.org].id for t in self.teams}
        org_partners: dict[str, list[str]] = {}  # partnership -> member organisation ids
        for pid, member, _ in self.memberships:
            org_id = member if member in self.org_index else team_org.get(member)
            if org_id:
                org_partners.setdefault(pid, []).append(org_id)
        kinds = [k for k, _ in _INNOVATION_KIND_WEIGHTS]
        kind_w = [w for _, w in _INNOVATION_KIND_WEIGHTS]
        names_seen: dict[str, int] = {}
        for k in range(n):
            iid = f"INN-{k + 1:04d}"
            kind = rng.choices(kinds, weights=kind_w)[0]
            name = f"{rng.choice(_PRODUCTS[kind])} for {rng.choice(_CONDITIONS)}"
            names_seen[name] = names_seen.get(name, 0) + 1
            if names_seen[name] > 1:
                name += f" ({names_seen[name]})"
            dev = rng.choice(developers[rng.choices(dev_kinds, weights=dev_weights)[0]])
            developed_by = [orgs[dev].id]
            roll = rng.random()
            if roll < 0.35 and orgs[dev].teams:
                developed_by.append(self.teams[rng.choice(orgs[dev].teams)].id)
            elif roll < 0.6 and orgs[dev].people:
                developed_by.append(self.person_ids[rng.choice(orgs[dev].people)])
            if rng.random() < 0.25 and developers.get("university"):
                partner = rng.choice(developers["university"])
                if orgs[partner].id not in developed_by:
                    developed_by.append(orgs[partner].id)
            stuck = rng.random() < 0.25
            stage = rng.choice(("idea", "development", "evaluation")) if rng.random() < 0.15 else (
                "adoption" if stuck else rng.choice(("adoption", "spread", "spread")))
            self.innovations.append([iid, name, kind, stage, rng.choice(_EVIDENCE), ";".join(developed_by)])
            if stage in ("idea", "development"):
                continue
            # Adoption: start near the developer, spread along ICS, partnership and HIN structure.
            home = orgs[dev].ics
            local = adopters_by_ics[home]
            if not local:
                continue
            first = dev if orgs[dev].kind in _ADOPTERS else rng.choice(local)
            want = 1 if stuck or stage == "evaluation" else min(300, int(rng.paretovariate(1.1) * 3) + 1)
            adopted = [first]
            done = {first}
            day = _date(rng, date(2018, 1, 1).toordinal(), date(2024, 6, 30).toordinal())
            dates = [day]
            attempts = 0
            while len(adopted) < want and attempts < want * 6:
                attempts += 1
                src = orgs[rng.choice(adopted)]
                mode = rng.random()
                pool: list[int] = []
                if mode < 0.55:
                    pool = adopters_by_ics[src.ics]
                elif mode < 0.8:
                    pids = self.org_partnerships.get(src.id, [])
                    if pids:
                        pool = [self.org_index[m] for m in org_partners.get(rng.choice(pids), [])
                                if orgs[self.org_index[m]].kind in _ADOPTERS]
                elif mode < 0.95:
                    hin = self.ics_hin.get(src.ics)
                    if hin:
                        pool = adopters_by_ics[rng.choice(self.hin_cover[hin])]
                else:
                    pool = adopters_by_ics[rng.choice(self.ics_codes)]
                if not pool:
                    continue
                cand = rng.choice(pool)
                if cand in done:
                    continue
                done.add(cand)
                adopted.append(cand)
                day = min(_END, day + rng.randint(0, 60))
                dates.append(day)
            for oi, d in zip(adopted, dates):
                stage_a = rng.choices(("piloting", "adopted", "sustained"), weights=(25, 50, 25))[0]
                self.adoptions.append((orgs[oi].id, iid, stage_a, _iso(d)))
                staff = orgs[oi].people
                if staff and rng.random() < 0.4:
                    champs = [p for p in staff if self.p_champ[p]]
                    self.champions.append((self.person_ids[rng.choice(champs or staff)], iid))
        self.champions = list(dict.fromkeys(self.champions))

    # history ----------------------------------------------------------------------------------------

    def add_history(self, rng: random.Random) -> None:
        """Dates for people, organisations, adoptions and innovations (see the module docstring),
        drawn from ``rng`` alone. Kept as arrays of ordinals (0: no date) at national size."""
        n = self.n_people
        first, recent = date(2005, 1, 1).toordinal(), date(2020, 1, 1).toordinal()
        for p in range(n):
            if rng.random() < 0.7:  # the rest were in post before the record began
                start = _date(rng, first, _END)
                self.p_start[p] = start
            if rng.random() < 0.08:
                self.p_left[p] = _date(rng, max(recent, self.p_start[p] + 90), _END + 150)
        # a few organisations close, most handing their work to one of the same kind in their ICS
        by_kind_ics: dict[tuple[str, str], list[int]] = {}
        for i, o in enumerate(self.orgs):
            by_kind_ics.setdefault((o.kind, o.ics), []).append(i)
        closable = [i for i, o in enumerate(self.orgs) if o.kind in ("gp-practice", "community-trust", "acute-trust")]
        for i in sorted(rng.sample(closable, k=min(len(closable), max(2, len(closable) // 200)))):
            heirs = [h for h in by_kind_ics[(self.orgs[i].kind, self.orgs[i].ics)] if h != i and h not in self.o_closed]
            closed = _date(rng, recent, _END)
            self.o_closed[i] = (closed, self.orgs[rng.choice(heirs)].id if heirs and rng.random() < 0.8 else "")
            for p in self.orgs[i].people:  # nobody stays in post at a closed organisation
                if not self.p_left[p] or self.p_left[p] > closed:
                    self.p_left[p] = closed
                if self.p_start[p] > closed:
                    self.p_start[p] = 0
        # some adoptions were abandoned, a few innovations withdrawn after their first adoption
        first_adoption: dict[str, str] = {}
        for k, (org, iid, stage, day) in enumerate(self.adoptions):
            first_adoption[iid] = min(first_adoption.get(iid, day), day)
            if rng.random() < 0.05:
                ended = _iso(min(_END + 150, date.fromisoformat(day).toordinal() + rng.randint(60, 720)))
                self.adoptions[k] = (org, iid, "abandoned", day, ended)
        spread = [k for k, row in enumerate(self.innovations) if row[0] in first_adoption]
        for k in sorted(rng.sample(spread, k=min(len(spread), max(1, len(spread) // 30)))):
            start = date.fromisoformat(first_adoption[self.innovations[k][0]]).toordinal()
            self.innovations[k] = self.innovations[k][:3] + ["withdrawn"] + self.innovations[k][4:] + [
                _iso(_date(rng, start + 180, _END + 150))]

    # output -----------------------------------------------------------------------------------------

    def write(self, out_dir: Path) -> dict[str, int]:
        make_folder(out_dir)
        pids, orgs, teams = self.person_ids, self.orgs, self.teams
        yes = ("no", "yes")

        def people_rows():
            for p in range(self.n_people):
                ti = self.p_team[p]
                yield (pids[p], self.p_name[p], orgs[self.p_org[p]].id, teams[ti].id if ti >= 0 else "",
                       self.p_title[p], yes[self.p_lead[p]], yes[self.p_champ[p]], yes[self.p_scout[p]],
                       day(starts[p]), day(lefts[p]))

        starts, lefts, closed = self.p_start, self.p_left, self.o_closed
        day = lambda ordinal: _iso(ordinal) if ordinal else ""  # noqa: E731

        def tie_rows():
            ctx = self.ties.contexts
            for x, y, c in zip(self.ties.a, self.ties.b, self.ties.ctx):
                # they started working together when the later of the two started (unknown if either is)
                yield (pids[x], pids[y], ctx[c], day(max(starts[x], starts[y]) if starts[x] and starts[y] else 0))

        content = {
            "ics.csv": ((r["code"], r["name"], r["region"]) for r in self.ics_rows),
            "organisations.csv": ((o.id, o.name, o.kind, o.ics, o.region, day(closed.get(i, (0, ""))[0]),
                                   closed.get(i, (0, ""))[1]) for i, o in enumerate(orgs)),
            "teams.csv": ((t.id, t.name, orgs[t.org].id, t.function) for t in teams),
            "people.csv": people_rows(),
            "innovations.csv": self.innovations,
            "partnerships.csv": self.partnerships,
            "memberships.csv": self.memberships,
            "adoptions.csv": self.adoptions,
            "ties.csv": tie_rows(),
            "champions.csv": self.champions,
            "barriers.csv": (),
            # the coverage the generator drew its ties and partnerships from
            "coverage.csv": [(f"HIN-{a.upper()}", code, "2023-04-01", "", "synthetic: ecograph generate (HIN_COVERAGE)")
                             for a, codes in self.hin_cover.items() for code in codes],
        }
        counts: dict[str, int] = {}
        for file in model.LOAD_ORDER:
            with atomic_writer(out_dir / file, newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow([c.name for c in model.columns_for(file)])
                writer.writerows(content[file])
        sizes = {"ics.csv": len(self.ics_rows), "organisations.csv": len(orgs), "teams.csv": len(teams),
                 "people.csv": self.n_people, "innovations.csv": len(self.innovations),
                 "partnerships.csv": len(self.partnerships), "memberships.csv": len(self.memberships),
                 "adoptions.csv": len(self.adoptions), "ties.csv": len(self.ties),
                 "champions.csv": len(self.champions), "barriers.csv": 0,
                 "coverage.csv": sum(len(codes) for codes in self.hin_cover.values())}
        for file in model.LOAD_ORDER:
            counts[file] = sizes[file]
        return counts
