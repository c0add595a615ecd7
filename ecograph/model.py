"""The domain model: the one source of truth for labels, files, columns and relationships.

Schema DDL, the generated write queries in ``cypher/write/``, validation, the spreadsheet
templates and the column reference in the README are all derived from the tables below.
Change the model here and regenerate (``python -m ecograph.codegen``); a test fails while
anything derived is out of date.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "flag", "date", "kind", "ref", "refs", "role"]


@dataclass(frozen=True)
class Column:
    """One spreadsheet column.

    ``type`` decides how a cell is checked and stored:
    text (free text), flag (yes/no), date (YYYY-MM-DD or DD/MM/YYYY, stored ISO),
    kind (one of a controlled list, synonyms accepted), ref (the id of another entity),
    refs (ids separated by ``;``), role (lead or member).
    """

    name: str
    type: ColumnType = "text"
    required: bool = False
    description: str = ""
    example: str = ""
    # For ``ref``/``refs``: which labels the id may belong to.
    targets: tuple[str, ...] = ()
    # For ``kind``: which vocabulary.
    vocabulary: str = ""
    # For ``text``: the usual values, offered in the workbook template's dropdown (others are kept).
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeSpec:
    """A node label loaded from one file. The first column is the key (``id`` or ``code``)."""

    label: str
    file: str
    columns: tuple[Column, ...]
    description: str = ""

    @property
    def key(self) -> str:
        return self.columns[0].name

    @property
    def properties(self) -> tuple[str, ...]:
        """Columns stored as node properties (references become relationships)."""
        return tuple(c.name for c in self.columns if c.type not in ("ref", "refs"))


@dataclass(frozen=True)
class RelSpec:
    """A relationship type. ``source`` is a node file column or a link file."""

    type: str
    endpoints: tuple[tuple[str, str], ...]  # (from label, to label) pairs
    properties: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class LinkSpec:
    """A file whose rows are relationships, not nodes (memberships, adoptions, ties...)."""

    file: str
    rel: str
    from_column: str
    to_column: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    description: str = ""


# --- controlled vocabularies -------------------------------------------------------------

#: Canonical organisation kinds, each with the spellings people actually type.
ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    "acute-trust": ("acute", "acute trust", "nhs acute trust", "acute hospital", "hospital trust"),
    "specialist-trust": ("specialist", "specialist trust", "specialist acute trust", "acute - specialist"),
    "teaching-trust": ("teaching", "teaching trust", "teaching hospital", "acute - teaching"),
    "community-trust": ("community", "community trust", "community provider", "community health"),
    "mental-health-trust": ("mental health", "mental health trust", "mh trust", "mental health and learning disability"),
    "ambulance-trust": ("ambulance", "ambulance trust", "ambulance service"),
    "gp-practice": ("gp", "gp practice", "general practice", "practice", "gp surgery", "surgery"),
    "primary-care-network": ("pcn", "primary care network"),
    "icb": ("icb", "integrated care board", "ccg", "sub-icb"),
    "health-innovation-network": (
        "ahsn", "academic health science network", "health innovation network", "hin",
        "health innovation",
    ),
    "innovation-hub": ("innovation hub", "hub", "ics innovation hub"),
    "university": ("university", "higher education", "hei", "academia", "academic"),
    "nihr-arc": ("arc", "nihr arc", "applied research collaboration"),
    "nihr-brc": ("brc", "nihr brc", "biomedical research centre"),
    "nihr-crn": ("crn", "nihr crn", "clinical research network", "rrdn", "nihr rrdn"),
    "industry": ("industry", "company", "commercial", "pharma", "life sciences", "medtech"),
    "sme": ("sme", "small business", "start-up", "startup", "small and medium enterprise"),
    "charity": ("charity", "voluntary", "vcse", "third sector", "not for profit"),
    "local-authority": ("local authority", "council", "la", "public health"),
    "social-care": ("social care", "care home", "care provider", "domiciliary care"),
    "national-body": ("national body", "nhs england", "nhse", "nice", "dhsc", "arm's length body"),
    "other": ("other",),
}

#: Groups of kinds that the analyses reason about.
TRUST_KINDS = ("acute-trust", "specialist-trust", "teaching-trust", "community-trust",
               "mental-health-trust", "ambulance-trust")
PRIMARY_COMMUNITY_KINDS = ("gp-practice", "primary-care-network", "community-trust", "social-care")
INNOVATION_SUPPORT_KINDS = ("health-innovation-network", "innovation-hub", "nihr-arc",
                            "nihr-brc", "nihr-crn")

INNOVATION_KINDS: dict[str, tuple[str, ...]] = {
    "medicine": ("medicine", "drug", "medicines", "pharmaceutical"),
    "device": ("device", "medical device", "medtech"),
    "diagnostic": ("diagnostic", "diagnostics", "test", "point of care test"),
    "digital": ("digital", "software", "app", "ai", "digital health"),
    "pathway": ("pathway", "care pathway", "service model", "model of care"),
    "workforce": ("workforce", "training", "education", "role"),
    "other": ("other",),
}

#: The four categories of barrier to adoption and spread of the review of the Accelerated
#: Access Review (each with the spellings people type).
BARRIER_CATEGORIES: dict[str, tuple[str, ...]] = {
    "incentives-and-accountabilities": (
        "incentives and accountabilities", "incentives", "accountabilities", "incentives, accountabilities"),
    "network-bottlenecks": (
        "network bottlenecks", "network bottlenecks to sharing information and evidence",
        "bottlenecks", "sharing information and evidence", "information and evidence"),
    "capacities-skills-and-leadership": (
        "capacities, skills and leadership", "capacities skills and leadership", "capacities", "capacity",
        "skills", "leadership"),
    "policy-environment-process-and-pathway": (
        "policy, environment, process and pathway", "policy environment process and pathway", "policy",
        "environment", "process", "pathway"),
}

#: The stages of an innovation's life; "withdrawn" takes it out of the present (ecograph.asof).
INNOVATION_STAGES: dict[str, tuple[str, ...]] = {
    "idea": ("concept", "horizon scanning", "early idea"),
    "development": ("developing", "in development", "proof of concept", "prototype", "design", "discovery"),
    "pilot": ("piloting", "trial", "trialling", "feasibility", "testing", "test bed"),
    "evaluation": ("evaluating", "evaluated", "assessment", "evidence", "evidence generation", "real world evaluation"),
    "adoption": ("adopting", "adopted", "implementation", "implementing"),
    "spread": ("spreading", "scale", "scaling", "scale up", "scaling up", "roll out", "rollout", "national spread"),
    "withdrawn": ("withdraw", "discontinued", "decommissioned", "retired", "obsolete"),
}

#: The stages of one organisation's adoption; "abandoned" stops it counting (ecograph.asof).
ADOPTION_STAGES: dict[str, tuple[str, ...]] = {
    "exploring": ("explore", "interested", "considering", "scoping", "exploration"),
    "piloting": ("pilot", "trial", "trialling", "testing", "pilot site"),
    "adopted": ("adopt", "adopting", "implemented", "in use", "live", "adoption"),
    "sustained": ("embedded", "sustaining", "business as usual", "bau", "mainstream", "routine"),
    "abandoned": ("stopped", "discontinued", "withdrawn", "ended", "decommissioned", "abandon"),
}

VOCABULARIES = {"organisation": ORGANISATION_KINDS, "innovation": INNOVATION_KINDS,
                "barrier": BARRIER_CATEGORIES, "innovation-stage": INNOVATION_STAGES,
                "adoption-stage": ADOPTION_STAGES}

#: What one value of each vocabulary is called in messages and lists.
VOCABULARY_NOUNS = {"organisation": "organisation kind", "innovation": "innovation kind",
                    "barrier": "barrier category", "innovation-stage": "innovation stage",
                    "adoption-stage": "adoption stage"}

#: Dated columns that come in order, by file: (earlier, later, strict). ``later`` may not be
#: before ``earlier``; with ``strict`` it may not be the same day either (someone who leaves on
#: the day they start was never in post; an adoption ended the day it was made never counted).
DATE_ORDER: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "people.csv": (("start", "left", True),),
    "partnerships.csv": (("start", "end", False),),
    "adoptions.csv": (("date", "ended", True),),
    "ties.csv": (("start", "end", False),),
    "coverage.csv": (("start", "end", False),),
}

FLAG_TRUE = {"yes", "y", "true", "t", "1"}
FLAG_FALSE = {"no", "n", "false", "f", "0", ""}
ROLES = ("lead", "member")


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).replace("&", "and")


def _words(text: str) -> str:
    """Lower-case words separated by single spaces, apostrophes dropped ("Children's" -> "childrens")."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['\u2019`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def canonical_kind(value: str, vocabulary: str = "organisation") -> str | None:
    """Return the canonical kind for ``value``, accepting common spellings, or None.

    >>> canonical_kind("Specialist Trust")
    'specialist-trust'
    >>> canonical_kind("AHSN")
    'health-innovation-network'
    >>> canonical_kind("spaceship") is None
    True
    """
    kinds = VOCABULARIES[vocabulary]
    wanted = _norm(value)
    for kind, synonyms in kinds.items():
        if wanted == _norm(kind) or wanted in (_norm(s) for s in synonyms):
            return kind
    return None


#: How people describe organisations and innovations, most specific first: the first rule with
#: a phrase found (as whole words) in a value gives the kinds to suggest. More than one kind
#: means the phrase is ambiguous: the message lists them instead of guessing.
KIND_PHRASES: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "organisation": (
        (("mental health", "mental healthcare", "learning disability", "learning disabilities",
          "mh trust", "partnership nhs foundation trust"), ("mental-health-trust",)),
        (("ambulance",), ("ambulance-trust",)),
        (("community health", "community healthcare", "community services", "community trust",
          "community nhs trust", "community provider"), ("community-trust",)),
        (("childrens", "children", "specialist", "orthopaedic", "cancer", "heart", "eye hospital",
          "womens", "neurology", "neurosurgery"), ("specialist-trust",)),
        (("teaching",), ("teaching-trust",)),
        (("acute",), ("acute-trust",)),
        (("university hospital", "university hospitals", "university teaching hospital",
          "university nhs", "university teaching nhs"), ("acute-trust", "teaching-trust")),
        (("nhs trust", "foundation trust", "nhs foundation", "nhs ft", "hospital", "hospitals",
          "hospital trust"), TRUST_KINDS),
        (("primary care network", "pcn"), ("primary-care-network",)),
        (("ahsn", "academic health science", "health innovation network", "health innovation",
          "innovation agency"), ("health-innovation-network",)),
        (("ccg", "clinical commissioning group", "icb", "integrated care board", "integrated care system",
          "ics", "commissioner", "commissioning"), ("icb",)),
        (("innovation hub", "hub"), ("innovation-hub",)),
        (("applied research collaboration", "arc"), ("nihr-arc",)),
        (("biomedical research centre", "brc"), ("nihr-brc",)),
        (("clinical research network", "crn", "research delivery network", "rrdn"), ("nihr-crn",)),
        (("gp", "surgery", "medical centre", "health centre", "medical practice", "group practice",
          "family practice", "general practitioner"), ("gp-practice",)),
        (("university", "college", "school of medicine", "medical school"), ("university",)),
        (("council", "borough", "county", "city of", "local government", "public health"), ("local-authority",)),
        (("care home", "nursing home", "home care", "domiciliary", "social care", "social services"),
         ("social-care",)),
        (("hospice", "cic", "community interest company", "charitable", "voluntary",
          "third sector", "not for profit"), ("charity",)),
        (("start up", "startup", "spin out", "spinout", "small company"), ("sme",)),
        (("ltd", "limited", "plc", "llp", "inc", "company", "pharma", "pharmaceutical", "medtech"),
         ("sme", "industry")),
        (("nhs england", "nhs digital", "department of health", "nice", "national"), ("national-body",)),
        (("trust",), TRUST_KINDS),
    ),
    "innovation": (
        (("remote monitoring", "remote patient monitoring", "telemonitoring", "telehealth",
          "telecare", "wearable monitoring"), ("digital", "device")),
        (("virtual ward", "hospital at home"), ("pathway", "digital")),
        (("e learning", "elearning", "simulation training"), ("workforce", "digital")),
        (("app", "apps", "software", "ai", "artificial intelligence", "machine learning", "algorithm",
          "platform", "online", "digital", "electronic", "ehr", "epr", "website", "portal", "video",
          "chatbot"), ("digital",)),
        (("device", "wearable", "sensor", "implant", "equipment", "monitor", "kit", "robot",
          "robotic", "prosthesis"), ("device",)),
        (("test", "testing", "screening", "assay", "scan", "scanning", "imaging", "diagnosis",
          "diagnostics", "point of care", "biomarker", "genomic", "genomics"), ("diagnostic",)),
        (("drug", "drugs", "medicine", "medicines", "medication", "vaccine", "vaccination",
          "tablet", "injection", "biologic", "prescribing"), ("medicine",)),
        (("training", "education", "workforce", "staff", "role", "roles", "skills", "apprenticeship",
          "recruitment", "retention", "course"), ("workforce",)),
        (("pathway", "service", "clinic", "model", "care model", "protocol", "programme", "referral",
          "triage", "outreach", "self management", "prevention"), ("pathway",)),
    ),
}


def suggest_kinds(value: str, vocabulary: str = "organisation") -> tuple[str, ...]:
    """The kinds an unrecognised spelling probably means, for a 'did you mean'.

    A near spelling of a kind or synonym (a typo) gives that kind; otherwise the first rule of
    :data:`KIND_PHRASES` whose phrase appears in ``value`` gives its kinds (several when the
    phrase is ambiguous). Empty when nothing fits.

    >>> suggest_kinds("Specialst Trust")
    ('specialist-trust',)
    >>> suggest_kinds("Foundation Trust")[:2]
    ('acute-trust', 'specialist-trust')
    >>> suggest_kinds("University Hospitals of Derby and Burton NHS Foundation Trust")
    ('acute-trust', 'teaching-trust')
    >>> suggest_kinds("remote monitoring", "innovation")
    ('digital', 'device')
    """
    kinds = VOCABULARIES[vocabulary]
    spellings = {_words(k): k for k in kinds}
    for kind, synonyms in kinds.items():
        spellings.update({_words(s): kind for s in synonyms})
    words = _words(value)
    typo = difflib.get_close_matches(words, list(spellings), n=1, cutoff=0.85)
    if typo:
        return (spellings[typo[0]],)
    padded = f" {words} "
    for phrases, choices in KIND_PHRASES.get(vocabulary, ()):
        if any(f" {phrase} " in padded for phrase in phrases):
            return choices
    return ()


# --- template example rows -------------------------------------------------------------

#: Ids in the templates' example rows start with this; rows with such ids are refused on ingest.
EXAMPLE_PREFIX = "EXAMPLE-"
#: Names in the templates' example rows end with this.
EXAMPLE_NAME_SUFFIX = "(delete this row)"


def is_example_value(value: str) -> bool:
    """True for a template example id or name (``EXAMPLE-...``, ``... (delete this row)``)."""
    return value[:len(EXAMPLE_PREFIX)].upper() == EXAMPLE_PREFIX or value.rstrip().endswith(EXAMPLE_NAME_SUFFIX)


#: The workbook template's first sheet, explaining the others; ingest skips it.
INSTRUCTIONS_SHEET = "Instructions"


# --- the model ---------------------------------------------------------------------------

NODES: tuple[NodeSpec, ...] = (
    NodeSpec("ICS", "ics.csv", (
        Column("code", required=True, description="ODS code of the ICS's Integrated Care Board", example="QYG"),
        Column("name", required=True, description="ICS name", example="Cheshire and Merseyside"),
        Column("region", description="NHS England region", example="North West"),
    ), "Integrated Care Systems"),
    NodeSpec("Organisation", "organisations.csv", (
        Column("id", required=True, description="ODS code where it has one, else your own unique id", example="RBS"),
        Column("name", required=True, description="Organisation name", example="Alder Hey Children's NHS Foundation Trust"),
        Column("kind", "kind", True, "Organisation kind (`ecograph kinds` lists them)", "specialist-trust", vocabulary="organisation"),
        Column("ics", "ref", True, "Code of the ICS it belongs to", "QYG", targets=("ICS",)),
        Column("region", description="NHS England region", example="North West"),
        Column("closed", "date", description="Date it closed or merged (blank = open)", example=""),
        Column("succeeded_by", "ref", False, "Id of the organisation that took over its work when it closed or merged",
               "", targets=("Organisation",)),
    ), "Trusts, practices, universities, companies, networks..."),
    NodeSpec("Team", "teams.csv", (
        Column("id", required=True, description="Unique id", example="RBS-INNOV"),
        Column("name", required=True, description="Team name", example="Alder Hey Innovation Hub"),
        Column("organisation", "ref", True, "Id of the organisation it is part of", "RBS", targets=("Organisation",)),
        Column("function", description="innovation, R&D, digital, clinical service...", example="innovation"),
    ), "Teams inside organisations"),
    NodeSpec("Person", "people.csv", (
        Column("id", required=True, description="Unique id (not an email address)", example="P0001"),
        Column("name", required=True, description="Full name (personal data)", example="Alex Example"),
        Column("organisation", "ref", True, "Id of the organisation they work for", "RBS", targets=("Organisation",)),
        Column("team", "ref", False, "Id of their team, in that organisation", "RBS-INNOV", targets=("Team",)),
        Column("job_title", description="Job title", example="Director of Innovation"),
        Column("innovation_lead", "flag", description="Senior innovation post: yes/no", example="yes"),
        Column("clinical_champion", "flag", description="Clinical champion: yes/no", example="no"),
        Column("innovation_scout", "flag", description="Innovation scout: yes/no", example="no"),
        Column("start", "date", description="Date they started in this post", example="2022-09-01"),
        Column("left", "date", description="Date they left this post (blank = still in post)", example=""),
    ), "People (fictional in the sample)"),
    NodeSpec("Innovation", "innovations.csv", (
        Column("id", required=True, description="Unique id", example="INN-001"),
        Column("name", required=True, description="Innovation name", example="Virtual ward for frailty"),
        Column("kind", "kind", True, "medicine, device, diagnostic, digital, pathway, workforce or other", "pathway", vocabulary="innovation"),
        Column("stage", "kind", False, "Development stage: idea, development, pilot, evaluation, adoption, spread "
               "or withdrawn", "spread", vocabulary="innovation-stage"),
        Column("evidence", description="Evidence, e.g. a NICE guidance reference", example="NICE MTG52"),
        Column("developed_by", "refs", False, "Ids of the organisations, teams or people that developed it, separated by ;", "RBS", targets=("Organisation", "Team", "Person")),
        Column("withdrawn", "date", description="Date it was withdrawn (blank = not withdrawn)", example=""),
    ), "Innovations: medicines, devices, pathways..."),
    NodeSpec("Partnership", "partnerships.csv", (
        Column("id", required=True, description="Unique id", example="PS-001"),
        Column("name", required=True, description="Partnership name", example="Cheshire and Merseyside Innovation Partnership"),
        Column("formal", "flag", True, "Formal (contract, MoU) or informal: yes/no", "yes"),
        Column("start", "date", description="Start date", example="2023-04-01"),
        Column("end", "date", description="End date", example=""),
        Column("programme", description="Programme it belongs to", example="Innovation for Healthcare Inequalities"),
    ), "Partnerships, networks and programmes (many members each)"),
    NodeSpec("Barrier", "barriers.csv", (
        Column("id", required=True, description="Unique id", example="BAR-001"),
        Column("ics", "ref", True, "Code of the ICS whose stakeholders agreed it", "QYG", targets=("ICS",)),
        Column("subject", "ref", False, "Id of the organisation, innovation or partnership it is about "
               "(blank = the ICS as a whole)", "RBS", targets=("Organisation", "Innovation", "Partnership")),
        Column("category", "kind", True, "incentives-and-accountabilities, network-bottlenecks, "
               "capacities-skills-and-leadership or policy-environment-process-and-pathway",
               "network-bottlenecks", vocabulary="barrier"),
        Column("description", required=True, description="The barrier, in the words agreed",
               example="No shared way to pass evidence of a pilot to other trusts"),
        Column("agreed_by", description="Who agreed it (a meeting, board or group)",
               example="C&M innovation hub stakeholder workshop"),
        Column("date", "date", description="Date agreed", example="2025-03-12"),
    ), "Barriers to adoption and spread agreed with stakeholders"),
)

LINKS: tuple[LinkSpec, ...] = (
    LinkSpec("memberships.csv", "MEMBER_OF", "member", "partnership", (
        Column("partnership", "ref", True, "Partnership id", "PS-001", targets=("Partnership",)),
        Column("member", "ref", True, "Id of a member organisation, team or person", "RBS", targets=("Organisation", "Team", "Person")),
        Column("role", "role", False, "lead or member (blank = member)", "lead"),
    ), "Who is in each partnership"),
    LinkSpec("adoptions.csv", "ADOPTED", "organisation", "innovation", (
        Column("organisation", "ref", True, "Id of the adopting organisation", "RBS", targets=("Organisation",)),
        Column("innovation", "ref", True, "Innovation id", "INN-001", targets=("Innovation",)),
        Column("stage", "kind", False, "Adoption stage: exploring, piloting, adopted, sustained or abandoned "
               "(abandoned: it no longer counts)", "adopted", vocabulary="adoption-stage"),
        Column("date", "date", description="Date adopted", example="2024-01-15"),
        Column("ended", "date", description="Date it stopped being used (blank = still in use)", example=""),
    ), "Which organisation adopted which innovation"),
    LinkSpec("ties.csv", "KNOWS", "person_a", "person_b", (
        Column("person_a", "ref", True, "Person id", "P0001", targets=("Person",)),
        Column("person_b", "ref", True, "Person id", "P0002", targets=("Person",)),
        Column("context", description="How they know each other", example="co-chair of the digital board"),
        Column("start", "date", description="Date they started working together", example="2023-01-10"),
        Column("end", "date", description="Date they stopped (blank = still do)", example=""),
    ), "People who work together (undirected)"),
    LinkSpec("champions.csv", "CHAMPIONS", "person", "innovation", (
        Column("person", "ref", True, "Person id", "P0001", targets=("Person",)),
        Column("innovation", "ref", True, "Innovation id", "INN-001", targets=("Innovation",)),
    ), "Who champions which innovation"),
    LinkSpec("coverage.csv", "COVERS", "organisation", "ics", (
        Column("organisation", "ref", True, "Id of the health innovation network or innovation hub", "RBS",
               targets=("Organisation",)),
        Column("ics", "ref", True, "Code of an ICS it covers", "QYG", targets=("ICS",)),
        Column("start", "date", description="Date it started covering the ICS", example="2023-04-01"),
        Column("end", "date", description="Date it stopped (blank = still covers it)", example=""),
        # Not "source": that name is taken by the relationship's own ends in the write queries.
        Column("reference", description="Where the coverage comes from", example="NHS England HIN licence 2023"),
    ), "Which ICSs each health innovation network or innovation hub covers"),
)

#: Relationship types, with every (from, to) pair the schema allows, and their properties.
RELATIONSHIPS: tuple[RelSpec, ...] = (
    RelSpec("IN_ICS", (("Organisation", "ICS"),), description="organisation is in an ICS"),
    RelSpec("SUCCEEDED_BY", (("Organisation", "Organisation"),),
            description="a closed or merged organisation's work passed to another"),
    RelSpec("PART_OF", (("Team", "Organisation"),), description="team is part of an organisation"),
    RelSpec("WORKS_FOR", (("Person", "Organisation"),), description="person works for an organisation"),
    RelSpec("WORKS_IN", (("Person", "Team"),), description="person works in a team"),
    RelSpec("KNOWS", (("Person", "Person"),), ("context", "start", "end"), "people who work together"),
    RelSpec("MEMBER_OF", (("Organisation", "Partnership"), ("Team", "Partnership"), ("Person", "Partnership")),
            ("role",), "member of a partnership"),
    RelSpec("DEVELOPED", (("Organisation", "Innovation"), ("Team", "Innovation"), ("Person", "Innovation")),
            description="developed an innovation"),
    RelSpec("ADOPTED", (("Organisation", "Innovation"),), ("stage", "date", "ended"), "adopted an innovation"),
    RelSpec("CHAMPIONS", (("Person", "Innovation"),), description="champions an innovation"),
    RelSpec("COVERS", (("Organisation", "ICS"),), ("start", "end", "reference"),
            "a health innovation network or innovation hub covers an ICS"),
    RelSpec("BARRIER_IN", (("Barrier", "ICS"),), description="a barrier agreed by the stakeholders of an ICS"),
    RelSpec("CONCERNS", (("Barrier", "Organisation"), ("Barrier", "Innovation"), ("Barrier", "Partnership")),
            description="the organisation, innovation or partnership a barrier is about"),
)

#: Node-file reference columns that become relationships: (label, column) -> rel type.
REFERENCE_RELS: dict[tuple[str, str], str] = {
    ("Organisation", "ics"): "IN_ICS",
    ("Organisation", "succeeded_by"): "SUCCEEDED_BY",
    ("Team", "organisation"): "PART_OF",
    ("Person", "organisation"): "WORKS_FOR",
    ("Person", "team"): "WORKS_IN",
    ("Innovation", "developed_by"): "DEVELOPED",
    ("Barrier", "ics"): "BARRIER_IN",
    ("Barrier", "subject"): "CONCERNS",
}

#: Files in the order they must be loaded (references point backwards).
LOAD_ORDER: tuple[str, ...] = tuple(n.file for n in NODES) + tuple(l.file for l in LINKS)

NODE_BY_LABEL = {n.label: n for n in NODES}
NODE_BY_FILE = {n.file: n for n in NODES}
LINK_BY_FILE = {l.file: l for l in LINKS}
REL_BY_TYPE = {r.type: r for r in RELATIONSHIPS}

#: Extra spreadsheet columns are kept, as a JSON object in this property.
EXTRA_PROPERTY = "extra"


def columns_for(file: str) -> tuple[Column, ...]:
    """The columns of a contract file."""
    if file in NODE_BY_FILE:
        return NODE_BY_FILE[file].columns
    return LINK_BY_FILE[file].columns


def stored_properties(label: str) -> tuple[str, ...]:
    """Every property stored on a node of ``label``, the key first."""
    return NODE_BY_LABEL[label].properties + (EXTRA_PROPERTY,)
