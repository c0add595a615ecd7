"""The atlas: a static, offline site about one store's ecosystem.

::

    index.html              the ecosystem in numbers, ICSs, top brokers, gaps per rule, innovations
    map.html                the whole ecosystem (brokers ringed)
    brokers.html            top brokers: people, organisations, and in each ICS
    brokers-map.html        the map with more brokers ringed and explained
    gaps.html               every gap, by rule, with suggested links
    gaps-map.html           the map with the gaps marked and suggested links dashed
    ics/<CODE>.html         one map per ICS
    innovations/<ID>.html   one page per innovation: adopters, candidates, people to contact
    innovations/<ID>-map.html  its spread map

Pages have no script at all; maps are the self-contained files of :func:`write_map`. Every
link is relative, so the folder works offline, from a USB stick or a zip. With ``redact``
every person is shown by job title and organisation, on every page and map.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..fileio import make_folder
from ..graph import counts
from ..store import GraphStore
from .atlas_hubs import barriers_page, hubs_page
from .atlas_pages import Link, Section, Stat, Table, render_page
from .ecosystem import (
    TOP_BROKERS,
    TOP_CANDIDATES,
    Ecosystem,
    broker_rows,
    chosen_candidates,
    gap_rows,
    rule_title,
    write_map,
)
from .render import redact_text

__all__ = ["write_atlas", "rule_descriptions"]

_LABEL_WORDS = {"ICS": "Integrated care systems", "Organisation": "Organisations", "Team": "Teams",
                "Person": "People", "Innovation": "Innovations", "Partnership": "Partnerships"}


def _slug(value: str) -> str:
    """A file name for an id (ODS codes and our ids are already safe)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(value)).strip(".") or "_"


def rule_descriptions() -> dict[str, dict[str, str]]:
    """Gap rule -> {"definition", "recommendation"}, from :data:`ecograph.analysis.gaps.RULES`."""
    try:
        from ..analysis.gaps import RULES
    except ImportError:  # pragma: no cover - the gaps analysis is part of the package
        return {}
    return {name: {"definition": str(getattr(rule, "description", "") or ""),
                   "recommendation": str(getattr(rule, "recommendation", "") or "")}
            for name, rule in RULES.items()}


class _Writer:
    def __init__(self, eco: Ecosystem, folder: Path, redact: bool, generated: str):
        self.eco, self.folder, self.redact, self.generated = eco, folder, redact, generated
        self.mapping = eco.people_names() if redact else {}
        self.written: list[Path] = []

    # text ------------------------------------------------------------------------------
    def text(self, value: Any) -> Any:
        if self.redact and isinstance(value, str):
            return redact_text(value, self.mapping)
        return value

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{k: self.text(v) for k, v in r.items()} for r in rows]

    def nav(self, depth: int) -> list[Link]:
        up = "../" * depth
        return [Link("Atlas", f"{up}index.html"), Link("Whole ecosystem map", f"{up}map.html"),
                Link("Brokers", f"{up}brokers.html"), Link("Gaps", f"{up}gaps.html")]

    def page(self, rel: str, *, title: str, sections: list[Section], subtitle: str = "",
             notes: Sequence[str] = ()) -> Path:
        depth = rel.count("/")
        notes = list(notes)
        if self.redact:
            notes.append("People are shown by job title and organisation, not by name.")
        path = render_page(self.folder / rel, title=self.text(title), subtitle=self.text(subtitle),
                           sections=sections, nav=self.nav(depth), notes=[self.text(n) for n in notes],
                           generated=self.generated)
        self.written.append(path)
        return path

    def map(self, rel: str, **options: Any) -> Path:
        depth = rel.count("/")
        up = "../" * depth
        path = write_map(self.eco, self.folder / rel, redact=self.redact, generated=self.generated,
                         nav=[Link("← Atlas", f"{up}index.html"), Link("Brokers", f"{up}brokers.html"),
                              Link("Gaps", f"{up}gaps.html")], **options)
        self.written.append(path)
        return path


def write_atlas(store: GraphStore | Ecosystem, folder: str | Path, redact: bool = False,
                generated: str | None = None) -> Path:
    """Write the atlas into ``folder`` (created if needed) and return the index page's path."""
    eco = store if isinstance(store, Ecosystem) else Ecosystem(store)
    folder = make_folder(folder)
    w = _Writer(eco, folder, redact, generated or _dt.date.today().isoformat())
    ics_codes = sorted(eco.ics_names, key=lambda c: eco.ics_names[c].lower())
    innovations = sorted(eco.innovations)

    # maps -------------------------------------------------------------------------------
    w.map("map.html")
    w.map("brokers-map.html", highlight="brokers")
    w.map("gaps-map.html", highlight="gaps")
    for code in ics_codes:
        w.map(f"ics/{_slug(code)}.html", ics=code)
    for inn in innovations:
        w.map(f"innovations/{_slug(inn)}-map.html", innovation=inn)

    # pages ------------------------------------------------------------------------------
    gaps = gap_rows(eco)
    _brokers_page(w, ics_codes)
    _gaps_page(w, gaps)
    hubs_page(w)
    barriers_page(w)
    spread_summary = {inn: _innovation_page(w, inn) for inn in innovations}
    return _index_page(w, ics_codes, innovations, gaps, spread_summary, store if isinstance(store, GraphStore) else eco.store)


def _index_page(w: _Writer, ics_codes: list[str], innovations: list[str], gaps: list[dict[str, Any]],
                spread: dict[str, dict[str, Any]], store: GraphStore) -> Path:
    eco = w.eco
    rows = counts(store)
    node_counts = {r["name"]: r["count"] for r in rows if r["kind"] == "node"}
    links = sum(r["count"] for r in rows if r["kind"] == "relationship")
    stats = [Stat(_LABEL_WORDS.get(label, label), n) for label, n in node_counts.items()]
    stats.append(Stat("Relationships", links))
    stats.append(Stat("Gaps found", len(gaps), note="by the rules below", tone="warn" if gaps else "good"))

    full = eco.full
    per_ics: dict[str, Counter] = {c: Counter() for c in ics_codes}
    for _, d in full.nodes(data=True):
        if d.get("label") in ("Organisation", "Person", "Team") and d.get("ics") in per_ics:
            per_ics[d["ics"]][d["label"]] += 1
    gaps_per_ics = Counter(code for g in gaps for code in set(str(g["ics"]).split(";")) if code)
    ics_table = []
    for code in ics_codes:
        top = eco.brokers("person", code, top=1) or eco.brokers("organisation", code, top=1)
        ics_table.append({
            "ICS": Link(f"{eco.ics_names[code]} ({code})", f"ics/{_slug(code)}.html"),
            "Organisations": per_ics[code]["Organisation"], "Teams": per_ics[code]["Team"],
            "People": per_ics[code]["Person"], "Gaps": gaps_per_ics.get(code, 0),
            "Top broker": w.text(_broker_name(top[0])) if top else "",
        })

    people = w.rows(broker_rows(eco, "person", top=TOP_BROKERS))
    orgs = w.rows(broker_rows(eco, "organisation", top=5))
    descriptions = rule_descriptions()
    per_rule = Counter(g["rule"] for g in gaps)
    rules = list(dict.fromkeys([*descriptions, *per_rule]))
    rule_table = [{"Rule": Link(rule_title(r), "gaps.html"),
                   "Recommendation": descriptions.get(r, {}).get("recommendation", ""),
                   "Gaps": per_rule.get(r, 0)} for r in rules]

    innovation_table = []
    for inn in innovations:
        d = full.nodes[inn]
        s = spread[inn]
        innovation_table.append({
            "Innovation": Link(f"{d.get('name') or inn} ({inn})", f"innovations/{_slug(inn)}.html"),
            "Kind": d.get("kind") or "", "Stage": d.get("stage") or "", "Adopters": s["adopters"],
            "Reachable": s["reachable"], "Best next": w.text(s["best"]),
        })

    sections = [
        Section("The ecosystem in numbers", stats=stats),
        Section("Maps", text="Interactive maps: search by name, filter by kind and ICS, hover or click "
                             "for details. Each is one file that works offline.",
                links=[Link("The whole ecosystem", "map.html", "brokers ringed, sized by betweenness"),
                       Link("Brokers", "brokers-map.html", "who connects groups that are otherwise apart"),
                       Link("Gaps", "gaps-map.html", "what each gap rule names, and the links that would close them"),
                       *[Link(f"{eco.ics_names[c]} ({c})", f"ics/{_slug(c)}.html") for c in ics_codes]]),
        Section("Integrated care systems", table=Table(ics_table)),
        Section("Top brokers: people",
                text="People on many of the shortest paths between others (betweenness in the network of "
                     "people who work together, share a team or a partnership)." if people else
                     "No ties between people are recorded yet, so none brokers.",
                table=Table([_broker_table_row(r) for r in people]) if people else None,
                links=[Link("All brokers, and the top ones in each ICS", "brokers.html")]),
        Section("Top brokers: organisations",
                text="" if orgs else "No links between organisations are recorded yet (ties between their people, "
                                     "or shared partnerships), so none brokers.",
                table=Table([_broker_table_row(r) for r in orgs]) if orgs else None),
        Section("Gaps by rule", text="Checks drawn from the recommendations for innovation hubs and health "
                                     "innovation networks.",
                table=Table(rule_table), links=[Link("Every gap, with suggested links", "gaps.html")]),
        Section("Hubs and barriers", links=[Link("Hubs", "hubs.html", "coordination, spreading, partnerships"),
                                            Link("Barriers", "barriers.html", "agreed, with the gaps behind them")]),
        Section("Innovations", text="Reachable: organisations that have not adopted it but can be reached by a "
                                    "warm route (people and partnerships) from its adopters or developers.",
                table=Table(innovation_table))
        if innovation_table else
        Section("Innovations", text="No innovations are recorded yet: add them with `ecograph template` and "
                                    "`ecograph ingest`."),
    ]
    where = ", ".join(f"{eco.ics_names[c]} ({c})" for c in ics_codes[:4]) + (
        f" and {len(ics_codes) - 4} more" if len(ics_codes) > 4 else "")
    return w.page("index.html", title="Innovation ecosystem atlas", subtitle=where, sections=sections)


def _broker_name(row: Mapping[str, Any]) -> str:
    org = row.get("organisation_name")
    return f"{row['name']} ({org})" if org and org != row["name"] else str(row["name"])


def _broker_table_row(r: Mapping[str, Any]) -> dict[str, Any]:
    out = {"#": r["rank"], "Name": r["name"]}
    if "organisation" in r:
        out["Organisation"] = r["organisation"]
    out.update({"ICS": r["ics"], "Betweenness": r["betweenness"], "Why": r["why"]})
    return out


def _brokers_page(w: _Writer, ics_codes: list[str]) -> Path:
    eco = w.eco

    def table(rows: list[dict[str, Any]]) -> Table | None:
        return Table([_broker_table_row(r) for r in rows]) if rows else None

    people = w.rows(broker_rows(eco, "person", top=25))
    orgs = w.rows(broker_rows(eco, "organisation", top=15))
    none = "Nobody yet: no links are recorded."
    sections = [
        Section("People", text="Betweenness in the network of people (work together, same team, same "
                               "partnership), for all ICSs together." if people else none,
                table=table(people), links=[Link("Map with the brokers ringed", "brokers-map.html")]),
        Section("Organisations", text="Betweenness in the network of organisations (their people work together, "
                                      "or they share a partnership)." if orgs else none,
                table=table(orgs)),
    ]
    if len(ics_codes) > 1:
        for code in ics_codes:
            rows = w.rows(broker_rows(eco, "person", code, top=5)) or w.rows(broker_rows(eco, "organisation", code, top=5))
            if rows:
                sections.append(Section(f"In {eco.ics_names[code]} ({code})",
                                        text="Betweenness within the ICS's own network.", table=table(rows),
                                        links=[Link("Map of this ICS", f"ics/{_slug(code)}.html")]))
    return w.page("brokers.html", title="Brokers", subtitle="Who connects groups that are otherwise apart",
                  sections=sections)


def _gaps_page(w: _Writer, gaps: list[dict[str, Any]]) -> Path:
    descriptions = rule_descriptions()
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for g in gaps:
        by_rule.setdefault(g["rule"], []).append(g)
    rules = list(dict.fromkeys([*descriptions, *by_rule]))
    sections = [Section("Summary", stats=[Stat(rule_title(r), len(by_rule.get(r, [])),
                                               tone="warn" if by_rule.get(r) else "good") for r in rules],
                        links=[Link("Map with the gaps marked and the suggested links dashed", "gaps-map.html")])]
    for rule in rules:
        rows = by_rule.get(rule, [])
        about = descriptions.get(rule, {})
        table = [{"Subject": r["subject"], **({"With": r["object"]} if any(x["object"] for x in rows) else {}),
                  "ICS": r["ics"], "Explanation": r["explanation"], "Suggested links": r["suggested links"]}
                 for r in w.rows(rows)]
        text = [t for t in (about.get("recommendation", ""), f"Rule: {about['definition']}" if about.get("definition") else "") if t]
        sections.append(Section(f"{rule_title(rule)} ({len(rows)})", text=text,
                                table=Table(table) if table else None,
                                stats=[] if table else [Stat("Gaps", 0, note="none found", tone="good")]))
    return w.page("gaps.html", title="Gaps", subtitle=f"{len(gaps):,} gaps found by {len(rules)} rules",
                  sections=sections)


def _innovation_page(w: _Writer, inn: str) -> dict[str, Any]:
    from ..analysis.spread import find_partners
    eco = w.eco
    full = eco.full
    d = full.nodes[inn]
    name = str(d.get("name") or inn)
    rows = eco.spread(inn)
    chosen = chosen_candidates(rows, TOP_CANDIDATES)
    adopters, developers = [], []
    for u, _, e in full.in_edges(inn, data=True):
        o = full.nodes[u]
        if e.get("relationship") == "ADOPTED":
            adopters.append({"Organisation": o.get("name") or u, "ICS": o.get("ics") or "",
                             "Stage": e.get("stage") or "", "Date": e.get("date") or ""})
        elif e.get("relationship") == "DEVELOPED":
            developers.append({"Developer": o.get("name") or u, "What": o.get("label"),
                               "Organisation": o.get("organisation_name") or "", "ICS": o.get("ics") or ""})
    reachable = [r for r in rows if r.get("untapped")]
    candidate_table = [{"#": r["rank"], "Organisation": r["name"], "ICS": r.get("ics") or "", "Score": r["score"],
                        "Hops": r.get("route_length"), "Warm route": r.get("route_text") or "", "Why": r.get("why") or ""}
                       for r in w.rows(chosen)]
    partners = w.rows(find_partners(eco.store, inn, top=10))
    partner_table = [{"#": p["rank"], "Name": p["name"], "Job title": p.get("job_title") or "",
                      "Organisation": p.get("organisation_name") or "", "Why contact them": p.get("role") or "",
                      "Detail": p.get("why") or ""} for p in partners]
    facts = [d.get("kind"), d.get("stage") and f"stage: {d['stage']}", d.get("evidence") and f"evidence: {d['evidence']}"]
    sections = [
        Section("At a glance", stats=[
            Stat("Adopters", len(adopters)), Stat("Developers", len(developers)),
            Stat("Reachable, not adopted", len(reachable), note="by a warm route",
                 tone="warn" if reachable and len(adopters) <= 1 else ""),
            Stat("Candidates on the map", len(chosen))],
            links=[Link("Spread map: adopters, candidates and warm routes", f"{_slug(inn)}-map.html")]),
        Section("Candidate adopters", text="The best organisations by spread score (warm route length and "
                                           "strength, exposure through partners, similarity to the adopters, a "
                                           "champion or innovation lead there), and the best in every other ICS.",
                table=Table(candidate_table) if candidate_table else None,
                stats=[] if candidate_table else [Stat("Candidates", 0, note="no warm route found")]),
        Section("People to contact", table=Table(partner_table) if partner_table else None,
                text="" if partner_table else "Nobody found."),
        Section("Adopters", table=Table(w.rows(adopters)) if adopters else None,
                text="" if adopters else "Nobody has adopted it yet."),
        Section("Developed by", table=Table(w.rows(developers)) if developers else None,
                text="" if developers else "No developer recorded."),
    ]
    w.page(f"innovations/{_slug(inn)}.html", title=f"{name} ({inn})",
           subtitle=" · ".join(str(f) for f in facts if f), sections=sections)
    best = chosen[0]["name"] if chosen else ""
    return {"adopters": len(adopters), "reachable": len(reachable), "best": best}
