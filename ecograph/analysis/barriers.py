"""Barriers agreed with stakeholders, beside the structural gaps that support them: one agenda
a hub can bring to its stakeholders.

The ``barriers`` file records barriers to adoption and spread that an ICS's stakeholders
agreed, each in one of the four categories of the review of the Accelerated Access Review
(:data:`ecograph.model.BARRIER_CATEGORIES`). Every gap rule names the category its gaps are
evidence of (``barrier_category``, :mod:`ecograph.analysis.gap_rules`). A gap **supports** a
barrier when it is about the same subject (the organisation, innovation or partnership the
barrier concerns is the gap's subject or object; for a barrier about a whole ICS, a gap whose
subject is that ICS), or when it evidences the same category in the barrier's ICS.

:func:`agenda` gives one row per agreed barrier with the gaps that support it, then one row per
category with gaps in an ICS and no agreed barrier there (``id`` empty): gaps to put to the
stakeholders. Rows are ordered by ICS and category, agreed barriers first. Keys:
:data:`AGENDA_COLUMNS`.

Examples
--------
>>> from ecograph.store import StoreConfig, open_store
>>> import tempfile, pathlib
>>> with open_store(StoreConfig(path=pathlib.Path(tempfile.mkdtemp()) / "s")) as store:
...     agenda(store)
[]
>>> CATEGORY_WORDS["network-bottlenecks"]
'network bottlenecks to sharing information and evidence'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .. import model
from ..asof import resolve_as_of
from ..store import GraphStore
from .gaps import check_ics, find_gaps

#: The categories as the review words them.
CATEGORY_WORDS = {
    "incentives-and-accountabilities": "incentives and accountabilities",
    "network-bottlenecks": "network bottlenecks to sharing information and evidence",
    "capacities-skills-and-leadership": "capacities, skills and leadership",
    "policy-environment-process-and-pathway": "policy, environment, process and pathway",
}
assert set(CATEGORY_WORDS) == set(model.BARRIER_CATEGORIES)

AGENDA_COLUMNS = ("ics", "category", "id", "subject_id", "subject_name", "subject_label", "description",
                  "agreed_by", "date", "same_subject", "same_category", "evidence", "gaps")


def _ref(gap: dict[str, Any]) -> dict[str, Any]:
    return {"rule": gap["rule"], "subject_id": gap["subject_id"], "object_id": gap["object_id"],
            "explanation": gap["explanation"]}


def _evidence(gaps: list[dict[str, Any]]) -> str:
    """'no_innovation_lead ×2, adoption_without_champion ×1' (by count, then name)."""
    count: dict[str, int] = defaultdict(int)
    for g in gaps:
        count[g["rule"]] += 1
    return ", ".join(f"{rule} ×{n}" for rule, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])))


def agenda(store: GraphStore, ics: str | None = None, as_of: str | None = None,
           gaps: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Agreed barriers with the gaps that support them, and the categories with gaps and no
    agreed barrier, by ICS and category (see the module docstring).

    Parameters
    ----------
    ics
        An ICS code: only its barriers and gaps. None: every ICS.
    as_of
        The date (YYYY-MM-DD or DD/MM/YYYY) the ecosystem is seen as of (:mod:`ecograph.asof`):
        barriers agreed by then, and the gaps of :func:`~ecograph.analysis.gaps.find_gaps` on
        that day. None: today.
    gaps
        The rows of ``find_gaps`` if already computed (every rule, the same ``ics``).

    Raises
    ------
    UnknownIdError
        ``ics`` is not an ICS in the store.
    """
    ics = check_ics(store, ics)
    as_of = resolve_as_of(as_of)
    barriers = store.run_named("barriers/agreed", {"ics": ics, "as_of": as_of})
    if gaps is None:
        gaps = find_gaps(store, ics=ics, as_of=as_of)
    rows: list[dict[str, Any]] = []
    agreed: set[tuple[str, str]] = set()
    for b in barriers:
        subject = b["subject"] or {}
        subject_id = subject.get("id")
        same_subject = [g for g in gaps if (subject_id and subject_id in (g["subject_id"], g["object_id"]))
                        or (not subject_id and g["subject_label"] == "ICS" and g["subject_id"] == b["ics"])]
        same_category = [g for g in gaps if g["barrier_category"] == b["category"]
                         and b["ics"] in g["ics"].split(";") and g not in same_subject]
        agreed.add((b["ics"], b["category"]))
        rows.append({"ics": b["ics"], "category": b["category"], "id": b["id"],
                     "subject_id": subject_id or b["ics"], "subject_name": subject.get("name") or b["ics_name"],
                     "subject_label": subject.get("_label") or "ICS", "description": b["description"],
                     "agreed_by": b["agreed_by"], "date": b["date"], "same_subject": len(same_subject),
                     "same_category": len(same_category), "evidence": _evidence(same_subject + same_category),
                     "gaps": [_ref(g) for g in same_subject + same_category]})
    unagreed: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for g in gaps:
        for code in g["ics"].split(";"):
            if g["barrier_category"] and code and (ics is None or code == ics) \
                    and (code, g["barrier_category"]) not in agreed:
                unagreed[(code, g["barrier_category"])].append(g)
    for (code, category), found in sorted(unagreed.items()):
        rows.append({"ics": code, "category": category, "id": "", "subject_id": code, "subject_name": "",
                     "subject_label": "ICS",
                     "description": f"No barrier agreed yet: {len(found)} gap{'s' if len(found) != 1 else ''} "
                                    f"in {CATEGORY_WORDS[category]}",
                     "agreed_by": "", "date": "", "same_subject": 0, "same_category": len(found),
                     "evidence": _evidence(found), "gaps": [_ref(g) for g in found]})
    # one agenda per ICS: its categories in turn, the agreed barriers before the unagreed gaps
    return sorted(rows, key=lambda r: (r["ics"], r["category"], r["id"] == "", r["id"]))
