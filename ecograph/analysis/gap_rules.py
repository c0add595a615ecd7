"""The gap rules as data: names, definitions, recommendations, sources and limits.

Kept apart from :mod:`ecograph.analysis.gaps` (which computes them, with numpy, SciPy and
igraph) so that the command line can offer ``--rule`` and ``--list`` without importing those.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from ..errors import UnknownIdError

#: The default and the largest ``max_hops`` of ``no_route_to_support`` (its query has one
#: block per hop, six blocks).
DEFAULT_MAX_HOPS = 3
MAX_HOPS = 6
#: disconnected_communities: the communities' seed (igraph's Leiden; NetworkX's Louvain, the
#: reference and the fallback without igraph), smallest community considered, most pairs listed.
COMMUNITY_SEED = 42
LOUVAIN_SEED = COMMUNITY_SEED
COMMUNITY_MIN_SIZE = 3
COMMUNITY_PAIR_CAP = 10
#: single_person_bridges: a people-graph bridge counts when each side has this many people.
PEOPLE_MIN_SIDE = 2

SPECIALIST_KIND = "specialist-trust"
HIN_KIND = "health-innovation-network"

ROW_KEYS = ("rule", "subject_id", "subject_name", "subject_label", "object_id", "object_name",
            "object_label", "ics", "explanation", "recommendation", "barrier_category", "suggested_links",
            "details")

#: What "its network" means: a health innovation network covers an ICS when it COVERS it (a
#: coverage row running on the as-of date) or is based in it (IN_ICS).
COVERING_WORDS = "a health innovation network covering the trust's ICS (one that COVERS it, from " \
                 "the coverage file, running on the as-of date, or one based in it)"


@dataclass(frozen=True)
class Rule:
    """A gap rule: what it checks, the recommendation behind it and where that comes from."""

    name: str
    kind: str  # "recommendation", "structural" or "mapping"
    subject: str  # what a row is about
    description: str  # the exact definition
    recommendation: str
    source: str  # the words of DESIGN.md ("What the source reports ask for", "Analyses")
    #: the Cypher file it runs, under cypher/ (for a rule computed in Python over the people or
    #: organisation graph, the query that reads what is particular to it)
    query: str
    #: The barrier category (review of the Accelerated Access Review; model.BARRIER_CATEGORIES)
    #: its gaps are evidence of; "" when it evidences none.
    category: str = ""


RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("no_innovation_lead", "recommendation", "trust",
         "A trust (kind in TRUST_KINDS: acute, specialist, teaching, community, mental-health or "
         "ambulance trust) where nobody who WORKS_FOR it is marked innovation_lead.",
         "Every trust should have a senior innovation post.",
         "every trust should have a senior innovation post",
         "gaps/no_innovation_lead", "capacities-skills-and-leadership"),
    Rule("specialist_without_hin_partnership", "recommendation", "specialist trust",
         "A specialist trust with no current formal partnership (formal = yes, not ended) whose "
         "members include both the trust and " + COVERING_WORDS + ". An organisation is a member "
         "when it, one of its teams or one of its people is MEMBER_OF the partnership. A trust whose "
         "ICS has no covering health innovation network recorded is reported too.",
         "Every specialist trust should have a formal partnership with its local AHSN (health "
         "innovation network).",
         "every specialist trust should have a formal partnership with its local AHSN; 21 "
         "specialist trusts are often the \"honest broker\" of their local system",
         "gaps/covering_networks", "network-bottlenecks"),
    Rule("not_yet_mapped", "mapping", "ICS and organisation kind",
         "Open organisations with nothing recorded on the as-of date: nobody in post WORKS_FOR them, "
         "neither they nor a team or person of theirs is MEMBER_OF a partnership running then, no "
         "adoption of theirs counts then, and they (themselves, a team or a person) DEVELOPED no "
         "innovation that is not withdrawn. One row per ICS and organisation kind, with "
         "the count: a mapping gap to fill, not a finding about the organisations.",
         "Map these organisations (people, partnerships, innovations) before judging their links: "
         "identify and map individuals, teams and organisations within the ICS involved in innovation.",
         "identify and map individuals, teams and organisations within the ICS involved in innovation",
         "gaps/innovators"),
    Rule("no_route_to_support", "recommendation", "organisation",
         "An organisation with something recorded (a person, a partnership, an innovation adopted or "
         "developed: organisations with nothing recorded are not_yet_mapped), not itself innovation "
         "support, with no route of at most N hops "
         "(--max-hops, default 3, at most 6) to an innovation-support organisation (health "
         "innovation network, innovation hub, NIHR ARC, BRC or CRN) in the organisation graph: "
         "two organisations are one hop apart when a person who works for one KNOWS a person who "
         "works for the other, or when both are members of the same current partnership (formal or not).",
         "Every organisation should be within reach of innovation support: a health innovation "
         "network, an innovation hub or an NIHR body.",
         "organisation with no route to innovation support; innovation hubs add value through "
         "central coordination, spreading information and catalysing partnerships",
         "gaps/innovators", "network-bottlenecks"),
    Rule("primary_care_cut_off", "recommendation", "ICS",
         "An ICS with primary and community care organisations (GP practices, primary care "
         "networks, community trusts, social care), none of which adopted or developed an "
         "innovation itself, or shares a current partnership (formal or not) or a tie (a KNOWS "
         "between their people) with another organisation, in any ICS, that adopted or developed one.",
         "Bring primary and community care into the innovation network: much innovation happens "
         "there and is ignored.",
         "much innovation happens in primary and community care and is ignored",
         "gaps/innovators", "network-bottlenecks"),
    Rule("innovation_never_left_origin", "recommendation", "innovation",
         "An innovation with a known developer that no organisation other than its developers "
         "has adopted (a developer is an organisation that DEVELOPED it, or whose team or person "
         "did). Innovations adopted by nobody at all are included.",
         "Spread innovations across organisations; silo working and budget boundaries block it.",
         "silo working and budget boundaries block spread across organisations",
         "gaps/innovation_never_left_origin", "incentives-and-accountabilities"),
    Rule("adoption_without_champion", "recommendation", "adoption",
         "An adoption (organisation ADOPTED innovation) where nobody who WORKS_FOR the adopting "
         "organisation CHAMPIONS that innovation.",
         "Every adoption needs a clinical or local champion for buy-in.",
         "clinical champions and local champions are needed for buy-in",
         "gaps/adoption_without_champion", "capacities-skills-and-leadership"),
    Rule("disconnected_ics_pairs", "structural", "pair of ICSs",
         "A pair of ICSs, each with at least one organisation, with no tie between them: nobody "
         "working for an organisation of one KNOWS anybody working for an organisation of the "
         "other, and no current partnership (formal or not) has member organisations in both.",
         "Connect ICSs: networks of clinicians spread innovation, and there is none between these.",
         "communities or ICSs with no tie between them; networks of clinicians spread innovation",
         "projection/organisation_memberships", "network-bottlenecks"),
    Rule("disconnected_communities", "structural", "pair of communities",
         f"A pair of communities of the people graph (Leiden, modularity with resolution 1: "
         f"igraph community_leiden, seed {COMMUNITY_SEED}; communities of at least {COMMUNITY_MIN_SIZE} people) with no tie between "
         f"them: nobody in one KNOWS anybody in the other, nobody in one works for an organisation "
         f"that somebody in the other works for, and no partnership has member organisations of "
         f"both. At most {COMMUNITY_PAIR_CAP} pairs are listed: pairs of communities mostly in the "
         f"same ICS first, then those of the largest communities; each row says how many pairs "
         f"were found.",
         "Connect communities that have no tie: networks of clinicians spread innovation.",
         "communities or ICSs with no tie between them; networks of clinicians spread innovation",
         "projection/person_ties", "network-bottlenecks"),
    Rule("single_person_bridges", "structural", "tie between two people",
         f"A tie (KNOWS) between two people that is a bridge: removing it splits "
         f"the people graph into two parts of at least {PEOPLE_MIN_SIDE} people each, or splits "
         f"the organisation graph in two (it is then the only link between two organisations, "
         f"with no other tie or shared current partnership, and that link is a bridge). Reported "
         f"with the size of each side. The text says \"the only link\" only when nothing else "
         f"joins the two sides in the projection (no other tie, shared team, organisation or "
         f"current partnership between a person of one side and a person of the other); "
         f"otherwise it says the tie is the only tie between them and names what else joins them.",
         "Back up links that hang on one person with a second tie or a partnership: bridges are "
         "single points of failure.",
         "articulation points and bridges (single points of failure); bridges that hang on one "
         "person",
         "projection/person_ties", "network-bottlenecks"),
)}

KIND_WORDS = {
    "health-innovation-network": "health innovation network",
    "innovation-hub": "innovation hub",
    "nihr-arc": "NIHR ARC", "nihr-brc": "NIHR BRC", "nihr-crn": "NIHR CRN",
}


# --- checking what the user typed ---------------------------------------------------------------

def rule_rows() -> list[dict[str, str]]:
    """The rules as rows (for ``ecograph gaps --list``)."""
    return [{"rule": r.name, "kind": r.kind, "subject": r.subject, "definition": r.description,
             "recommendation": r.recommendation, "barrier_category": r.category, "source": r.source,
             "query": f"cypher/{r.query}.cypher"}
            for r in RULES.values()]


def check_rules(rules: str | Iterable[str] | None) -> list[str]:
    """The rule names to run, in :data:`RULES` order; unknown names raise UnknownIdError."""
    if rules is None:
        return list(RULES)
    wanted = [rules] if isinstance(rules, str) else list(rules)
    for name in wanted:
        if name not in RULES:
            near = difflib.get_close_matches(name, list(RULES), n=3, cutoff=0.4)
            near += [r for r in RULES if name and name.lower() in r and r not in near]
            raise UnknownIdError("gap rule", name, near[:3] or list(RULES),
                                 hint="Run `ecograph gaps --list` to see the rules.")
    return [r for r in RULES if r in wanted]
