"""Atlas pages for the hubs and for the barriers agreed with stakeholders.

``hubs.html``: each health innovation network and innovation hub scored on the three functions
(:mod:`ecograph.analysis.hubs`). ``barriers.html``: one agenda per ICS, the agreed barriers
beside the gaps that support them, then the categories with gaps and no agreed barrier
(:mod:`ecograph.analysis.barriers`). Both take the atlas writer, like the other page functions
of :mod:`ecograph.maps.atlas`, and return the page's path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .atlas_pages import Link, Section, Stat, Table

__all__ = ["hubs_page", "barriers_page"]

HUBS_PAGE = "hubs.html"
BARRIERS_PAGE = "barriers.html"


def hubs_page(w: Any) -> Path:
    """Write ``hubs.html`` with ``w`` (the atlas's page writer) and return its path."""
    from ..analysis.hubs import hubs

    rows = hubs(w.eco.store, as_of=w.eco.as_of)
    table = [{"Hub": f"{r['name']} ({r['id']})", "Kind": r["kind"].replace("-", " "), "ICSs": r["covers"],
              "Within two hops": f"{r['coordination_reach']} of {r['coordination_total']}",
              "Coordination": r["coordination"], "People": r["people"], "Ties out": r["ties_out"],
              "Organisations reached": r["organisations_reached"], "Partnerships": r["partnerships"],
              "Led": r["led"], "Current": r["current"], "Pairs only they connect": r["pairs_connected"]}
             for r in rows]
    sections = [
        Section("How the hubs are measured", text=[
            "Central coordination: the share of the organisations in the ICSs a hub is based in or covers "
            "that are within two hops of it (their people know each other, or they share a current "
            "partnership).",
            "Spreading information: the ties of its people to people elsewhere, and the organisations "
            "those ties reach.",
            "Catalysing partnerships: the partnerships it leads or joined (ended ones included), the "
            "current ones, and the pairs of other organisations that only its partnerships connect."]),
        Section("Health innovation networks and innovation hubs", table=Table(table) if table else None,
                text="" if table else "No health innovation network or innovation hub is recorded yet.",
                stats=[] if table else [Stat("Hubs", 0)]),
    ]
    return w.page(HUBS_PAGE, title="Hubs", subtitle="Central coordination, spreading information, catalysing "
                                                    "partnerships", sections=sections)


def barriers_page(w: Any) -> Path:
    """Write ``barriers.html`` with ``w`` (the atlas's page writer) and return its path."""
    from ..analysis.barriers import CATEGORY_WORDS, agenda

    eco = w.eco
    rows = agenda(eco.store, gaps=eco.gaps(None), as_of=eco.as_of)
    agreed = sum(1 for r in rows if r["id"])
    sections = [Section("Summary", stats=[
        Stat("Agreed barriers", agreed),
        Stat("Categories with gaps and no agreed barrier", len(rows) - agreed, tone="warn" if len(rows) > agreed else "good")],
        text="Barriers agreed with stakeholders, in the four categories of the review of the Accelerated "
             "Access Review, beside the gaps that support them: gaps about the same subject, or evidence of "
             "the same category in the same ICS.",
        links=[Link("Every gap", "gaps.html")])]
    for code in dict.fromkeys(r["ics"] for r in rows):
        table: list[dict[str, Any]] = []
        for r in rows:
            if r["ics"] != code:
                continue
            table.append({"Category": CATEGORY_WORDS.get(r["category"], r["category"]),
                          "Barrier": r["id"] or "not agreed yet", "About": r["subject_name"] or r["ics"],
                          "Description": r["description"], "Agreed by": r["agreed_by"] or "", "Date": r["date"] or "",
                          "Gaps, same subject": r["same_subject"], "Gaps, same category": r["same_category"],
                          "Evidence": r["evidence"]})
        name = eco.ics_names.get(code, code)
        sections.append(Section(f"{name} ({code})", table=Table(w.rows(table))))
    if not rows:
        sections.append(Section("Agenda", text="No barriers are agreed and no gap evidences a category yet: "
                                               "record barriers in the barriers file and ingest it."))
    return w.page(BARRIERS_PAGE, title="Barriers", subtitle="Agreed with stakeholders, with the gaps that support "
                                                            "them", sections=sections)
