"""The atlas: a static, offline site about one store's ecosystem, small enough to email.

::

    index.html                 a picture of the ecosystem (the national overview when the store
                               holds many ICSs), the numbers, ICSs, top brokers, gaps, innovations
    map.html                   the interactive map of the whole ecosystem (or the overview)
    brokers.html, brokers-map.html   who connects groups that are otherwise apart
    gaps.html, gaps-map.html   every gap, by rule, with the links that would close it
    ics/<NAME>.html            one page per ICS: its picture, numbers, brokers and gaps
    ics/<NAME>-map.html        its interactive map: that ICS only
    innovations/<NAME>.html    one page per innovation: adopters, candidates, people to contact
    innovations/<NAME>-map.html  its map: developers, adopters, candidates and the warm routes
    assets/vis-network.min.js, assets/map.js, assets/map.css
                               the maps' library, script and styles, once for every map
                               (not once per map)
    .ecograph-atlas.json       the files this atlas wrote (see below)

``<NAME>`` is :func:`ecograph.maps.atlas_pages.page_name`: the id itself for plain ids
(``QYG``, ``INN-005``), else a slug and a hash, so no two ids share a page.

Every page opens with a static picture of its map (server-side SVG: it reads without script
and prints), says things in plain words (the method is in a closed "How this was worked out"
section), and shows one gap count, the one ``ecograph gaps`` gives. Pages have no script; maps
run only the shared files of ``assets/`` (their Content-Security-Policy allows nothing else).
Every link is relative, so the folder works offline, from a USB stick or a zip. With
``redact`` every person is shown by job title and organisation, on every page and map.

Writing into a folder that holds an earlier atlas replaces it and removes the pages it no longer
writes (listed in ``.ecograph-atlas.json``); a folder with files no atlas wrote is refused
(:class:`~ecograph.errors.NotOursError`) unless ``force``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..fileio import write_text_atomic
from ..graph import counts
from ..store import GraphStore
from .atlas_history import CHANGES_PAGE, changes_page, diffusion_section
from .atlas_hubs import barriers_page, hubs_page
from .atlas_pages import MAP_SUFFIX, Link, OwnedFolder, Section, Stat, Table, render_page, unique_names
from .ecosystem import (
    TOP_BROKERS,
    TOP_CANDIDATES,
    Ecosystem,
    chosen_candidates,
    gap_rows,
    prepare_map,
    render_prepared,
)
from .picture import map_picture
from .render import legend, redact_text, shared_assets

__all__ = ["write_atlas", "rule_descriptions", "plain_route", "broker_words", "VENDOR_PATH"]

#: The folder of files every map of the atlas shares (:func:`~ecograph.maps.render.shared_assets`).
ASSETS = "assets"
VENDOR_PATH = f"{ASSETS}/vis-network.min.js"
#: Innovation pages written from one view of the store (their spread rows are kept meanwhile:
#: ~9,500 rows an innovation at 100,000 people).
INNOVATION_BATCH = 25
_LABEL_WORDS = {"ICS": "Integrated care systems", "Organisation": "Organisations", "Team": "Teams",
                "Person": "People", "Innovation": "Innovations", "Partnership": "Partnerships"}
_RULE_TITLES = {
    "no_innovation_lead": "No innovation lead in the trust",
    "specialist_without_hin_partnership": "Specialist trusts with no formal partnership with their health innovation network",
    "no_route_to_support": "Organisations with no route to innovation support",
    "primary_care_cut_off": "ICSs whose primary and community care is cut off from innovators",
    "innovation_never_left_origin": "Innovations never adopted outside where they were made",
    "adoption_without_champion": "Adoptions with no champion",
    "disconnected_ics_pairs": "Pairs of ICSs with no tie between their people",
    "disconnected_communities": "Groups of people with no tie between them",
    "single_person_bridges": "Ties the network hangs on",
}
_METHOD = [
    "Brokers: people (or organisations) on many of the shortest chains of contacts between others, in the "
    "network of people who work together, share a team or share a partnership. Measured by betweenness "
    "centrality (exact with igraph up to 10,000 nodes and 500 million nodes times links, sampled with KADABRA "
    "above: the organisations of a national store are sampled, `ecograph brokers --exact` ranks them exactly), "
    "with Burt's constraint and the Gould–Fernandez brokerage roles to say how they connect groups (`ecograph brokers`).",
    "Gaps: nine rules drawn from the recommendations for innovation hubs and health innovation networks, each a "
    "Cypher query or, for groups of people, Leiden communities and bridges (`ecograph gaps --list`).",
    "Where an innovation could spread: organisations that have not adopted it, reachable by a warm route (people "
    "who work together, shared teams and partnerships) from an adopter or developer, ranked by route length and "
    "strength, how many of their partners adopted it (Valente's exposure), how alike they are to the adopters, "
    "and whether a champion or innovation lead works there (`ecograph spread`).",
    "Pictures: the map's starting layout, drawn on the server; the interactive maps let you search, filter and "
    "see every name.",
]


def rule_descriptions() -> dict[str, dict[str, str]]:
    """Gap rule -> {"definition", "recommendation"}, from :data:`ecograph.analysis.gaps.RULES`."""
    try:
        from ..analysis.gaps import RULES
    except ImportError:  # pragma: no cover - the gaps analysis is part of the package
        return {}
    return {name: {"definition": str(getattr(rule, "description", "") or ""),
                   "recommendation": str(getattr(rule, "recommendation", "") or "")}
            for name, rule in RULES.items()}


def rule_heading(rule: str) -> str:
    """A plain title for a gap rule."""
    from .ecosystem import rule_title
    return _RULE_TITLES.get(rule) or rule_title(rule)


# --- plain words --------------------------------------------------------------------------

def plain_kinds(text: str) -> str:
    """Organisation kinds written as words: '(teaching-trust, QE1)' -> '(teaching trust, QE1)'."""
    labels = legend()["kind_labels"]
    return re.sub(r"\b(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")\b",
                  lambda m: labels[m.group(1)].lower() if not labels[m.group(1)][1:2].isupper() else labels[m.group(1)],
                  str(text)) if text else text


def plain_route(route: Sequence[Mapping[str, Any]]) -> str:
    """A warm route in words: 'Alder Hey → Oisin Sutcliffe (works there) → knows Ottilie
    Cottingham → Great Ormond Street (where they work)'."""
    if not route:
        return ""
    out = [str(route[0].get("name") or route[0].get("id"))]
    for before, hop in zip(route, route[1:]):
        name = str(hop.get("name") or hop.get("id"))
        rel, a, b = hop.get("relationship"), before.get("label"), hop.get("label")
        if rel == "KNOWS":
            out.append(f"knows {name}")
        elif rel == "WORKS_FOR":
            out.append(f"{name} (works there)" if b == "Person" else f"{name} (where they work)")
        elif rel == "WORKS_IN":
            out.append(f"{name} (in that team)" if b == "Person" else f"{name} (their team)")
        elif rel == "PART_OF":
            out.append(f"{name} (a team there)" if b == "Team" else f"{name} (the team's organisation)")
        elif rel == "MEMBER_OF":
            out.append(f"{name} (a partnership they are in)" if b == "Partnership" else f"{name} (also a member)")
        else:
            out.append(name)
    return " → ".join(out)


def broker_words(row: Mapping[str, Any], ics_names: Mapping[str, str], noun: str = "people") -> str:
    """Why a broker matters, in words (no measure names, every number with its meaning)."""
    parts = []
    splits = row.get("splits") or []
    if row.get("articulation_point") and splits:
        cut = sum(int(x) for x in splits)
        examples = [str(x) for x in (row.get("split_examples") or [])][:2]
        who = f" ({', '.join(examples)}…)" if examples else ""
        parts.append(f"Others rely on them to reach {cut:,} {noun}{who}: without them those would be cut off")
    share = float(row.get("betweenness") or 0) * 100
    if share >= 0.5:
        parts.append(f"{share:.0f}% of the shortest chains of contacts between other {noun} pass through them")
    crossings = sum(int(row.get(k) or 0) for k in ("gatekeeper", "representative", "liaison", "itinerant"))
    group = row.get("group")
    if crossings and group:
        where = ics_names.get(group) or plain_kinds(str(group))
        parts.append(f"links {where} with other groups")
    constraint = row.get("constraint")
    if constraint is not None and float(constraint) < 0.2 and int(row.get("degree") or 0) >= 4:
        parts.append(f"most of their {int(row['degree'])} contacts do not know each other")
    text = "; ".join(parts) or "Connects people who are otherwise further apart"
    return text[:1].upper() + text[1:] + "."


# --- the writer ---------------------------------------------------------------------------

class _Writer:
    def __init__(self, eco: Ecosystem, owned: OwnedFolder, redact: bool, generated: str):
        self.eco, self.owned, self.redact, self.generated = eco, owned, redact, generated
        self.folder = owned.folder
        self.mapping = eco.people_names() if redact else {}
        self.assets_written = False

    # text ------------------------------------------------------------------------------
    def text(self, value: Any) -> Any:
        if self.redact and isinstance(value, str):
            return redact_text(value, self.mapping)
        return value

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{k: self.text(v) for k, v in r.items()} for r in rows]

    def nav(self, depth: int) -> list[Link]:
        up = "../" * depth
        return [Link("Atlas", f"{up}index.html"), Link("Map", f"{up}map.html"),
                Link("Brokers", f"{up}brokers.html"), Link("Gaps", f"{up}gaps.html")]

    def page(self, rel: str, *, title: str, sections: list[Section], subtitle: str = "",
             notes: Sequence[str] = ()) -> Path:
        depth = rel.count("/")
        notes = list(notes)
        if self.redact:
            notes.append("People are shown by job title and organisation, not by name.")
        return render_page(self.owned.path(rel), title=self.text(title), subtitle=self.text(subtitle),
                           sections=sections, nav=self.nav(depth), notes=[self.text(n) for n in notes],
                           generated=self.generated)

    def map(self, rel: str, caption: str, eco: Ecosystem | None = None, **options: Any) -> Markup:
        """Write an interactive map (its script and styles from the atlas's one copy in
        ``assets/``) and return its picture. eco: a view of the atlas's Ecosystem holding
        what the map draws (:meth:`Ecosystem.view`)."""
        depth = rel.count("/")
        up = "../" * depth
        self._write_assets()
        graph = prepare_map(eco or self.eco, redact=self.redact, **options)
        render_prepared(graph, self.owned.path(rel), generated=self.generated, assets=f"{up}{ASSETS}/",
                        nav=[Link("← Atlas", f"{up}index.html"), Link("Brokers", f"{up}brokers.html"),
                             Link("Gaps", f"{up}gaps.html")])
        return map_picture(graph, caption=self.text(caption))

    def _write_assets(self) -> None:
        """The maps' library, script and styles, once for every map (about 730 KB a map)."""
        if not self.assets_written:
            for name, text in shared_assets().items():
                write_text_atomic(self.owned.path(f"{ASSETS}/{name}"), text)
            self.assets_written = True


def write_atlas(store: GraphStore | Ecosystem, folder: str | Path, redact: bool = False,
                generated: str | None = None, force: bool = False, as_of: str | None = None) -> Path:
    """Write the atlas into ``folder`` (created if needed) and return the index page's path.

    ``as_of`` (YYYY-MM-DD or DD/MM/YYYY; None: today): every analysis in it sees the ecosystem
    as it stood that day (:mod:`ecograph.asof`); ignored when ``store`` is an Ecosystem (its own).

    Raises :class:`~ecograph.errors.NotOursError` when the folder holds files that no
    earlier atlas wrote (unless ``force``: they are then kept, and replaced only where the
    atlas writes a file of the same name).
    """
    from .overview import is_national, read_overview

    if isinstance(store, Ecosystem):
        eco = store
    else:
        eco = Ecosystem(store, as_of)
        eco.explained = TOP_CANDIDATES  # the atlas draws and lists these candidates only
    owned = OwnedFolder(folder, "atlas", force=force)
    w = _Writer(eco, owned, redact, generated or _dt.date.today().isoformat())
    ics_codes = sorted(eco.ics_names, key=lambda c: eco.ics_names[c].lower())
    innovations = sorted(eco.innovations)
    ics_page = unique_names(ics_codes)
    inn_page = unique_names(innovations)
    national = is_national(eco.store)
    gaps = gap_rows(eco)

    # The whole ecosystem. At national size a network of every organisation is a hairball (and
    # megabytes a map): the overview of ICSs stands in for it, and the brokers and gaps pages
    # show the overview too, each ICS opening its page (whose map rings its brokers and gaps).
    if national:
        from .overview import overview_svg, write_overview
        overview = read_overview(eco.store, "gaps-per-organisation", gaps=eco.gaps(), as_of=eco.as_of)
        ties = read_overview(eco.store, "ties-per-person", as_of=eco.as_of)
        drill = lambda s: f"ics/{quote(ics_page[s.code])}.html"  # noqa: E731
        write_overview(overview, owned.path("map.html"), drill, nav=w.nav(0), generated=w.generated,
                       title="Innovation ecosystem: every integrated care system")
        whole_picture = gaps_picture = overview_svg(overview, drill, legend=True)
        brokers_picture = overview_svg(ties, drill, legend=True)
        brokers_map = gaps_map = "map.html"
    else:
        whole_picture = w.map("map.html", "The whole ecosystem: organisations coloured by kind, brokers ringed")
        brokers_picture = w.map("brokers-map.html", "Brokers ringed in the whole ecosystem", highlight="brokers")
        gaps_picture = w.map("gaps-map.html", "What the gaps name, with the links that would close them",
                             highlight="gaps")
        brokers_map, gaps_map = "brokers-map.html", "gaps-map.html"

    _brokers_page(w, ics_codes, ics_page, brokers_picture, brokers_map)
    _gaps_page(w, gaps, gaps_picture, gaps_map)
    hubs_page(w)
    barriers_page(w)
    changes_page(w)
    for code in ics_codes:
        _ics_page(w, code, ics_page[code], gaps)
    spread_summary = {}
    for start in range(0, len(innovations), INNOVATION_BATCH):
        batch = innovations[start:start + INNOVATION_BATCH]
        view = eco.innovation_view(*batch)  # what their maps and pages draw from, not the whole store
        spread_summary.update((inn, _innovation_page(w, inn, inn_page[inn], view)) for inn in batch)
    index = _index_page(w, ics_codes, ics_page, innovations, inn_page, gaps, spread_summary, whole_picture, national)
    owned.finish()
    return index


def _gaps_in(gaps: Sequence[Mapping[str, Any]], code: str) -> list[Mapping[str, Any]]:
    return [g for g in gaps if code in str(g["ics"]).split(";")]


def _index_page(w: _Writer, ics_codes: list[str], ics_page: dict[str, str], innovations: list[str],
                inn_page: dict[str, str], gaps: list[dict[str, Any]], spread: dict[str, dict[str, Any]],
                picture: Markup, national: bool) -> Path:
    from ..graph import counts
    eco = w.eco
    # what was present on the atlas's date, as its maps draw (from the record read once)
    rows = counts(eco.store, eco.as_of, record=eco.record)
    node_counts = {r["name"]: r["count"] for r in rows if r["kind"] == "node"}
    links = sum(r["count"] for r in rows if r["kind"] == "relationship")
    stats = [Stat(_LABEL_WORDS.get(label, label), n) for label, n in node_counts.items()]
    stats.append(Stat("Links", links, note=f"between them, of every kind, on {eco.as_of} "
                                           f"(`ecograph stats --as-of {eco.as_of}`)"))
    stats.append(Stat("Gaps found", len(gaps), note="the same as `ecograph gaps`", tone="warn" if gaps else "good"))

    from .overview import read_overview
    summary = {s.code: s for s in read_overview(eco.store, "people", as_of=eco.as_of).ics}
    ics_table = []
    shared = 0
    for code in ics_codes:
        s = summary.get(code)
        top = (eco.brokers("person", code, top=1) or eco.brokers("organisation", code, top=1)) if s and s.recorded else []
        mine = _gaps_in(gaps, code)
        shared += sum(1 for g in mine if ";" in str(g["ics"]))
        ics_table.append({
            "ICS": Link(f"{eco.ics_names[code]} ({code})", f"ics/{quote(ics_page[code])}.html"),
            "Organisations": s.organisations if s else 0, "People": s.people if s else 0,
            "Teams": s.teams if s else 0, "Gaps naming it": len(mine),
            "Top broker": w.text(_broker_name(top[0])) if top else "",
        })
    people = w.rows(_broker_rows(eco, "person", None, TOP_BROKERS))
    orgs = w.rows(_broker_rows(eco, "organisation", None, 5))
    per_rule = Counter(g["rule"] for g in gaps)
    rules = list(dict.fromkeys([*rule_descriptions(), *per_rule]))
    descriptions = rule_descriptions()
    rule_table = [{"Gap": Link(rule_heading(r), f"gaps.html#{r}"),
                   "Why it matters": descriptions.get(r, {}).get("recommendation", ""),
                   "How many": per_rule.get(r, 0)} for r in rules]
    innovation_table = []
    for inn in innovations:
        d = eco.node_attributes(inn)
        s = spread[inn]
        innovation_table.append({
            "Innovation": Link(str(d.get("name") or inn), f"innovations/{quote(inn_page[inn])}.html"),
            "Kind": d.get("kind") or "", "Adopted by": s["adopters"],
            "Could be reached": s["reachable"], "Best next": w.text(s["best"]),
        })
    caption = ("A gap between two ICSs names both, so this column adds up to more than the "
               f"{len(gaps):,} gaps found." if shared else "")
    sections = [
        Section("", picture=picture,
                links=[Link("Open the map" + (" (click an ICS for its page)" if national else
                                              ": search, filter, details on every node"), "map.html"),
                       *([] if national else [Link("The map with the brokers ringed", "brokers-map.html"),
                                              Link("The map with the gaps marked", "gaps-map.html")])]),
        Section("The ecosystem in numbers", stats=stats),
        Section("Integrated care systems", table=Table(ics_table, caption=caption)),
        Section("Who connects the ecosystem: people",
                text="People others rely on to reach groups they would otherwise not reach." if people else
                     "No ties between people are recorded yet, so none brokers.",
                table=Table([_broker_table_row(r) for r in people]) if people else None,
                links=[Link("All brokers, and the top ones in each ICS", "brokers.html")]),
        Section("Who connects the ecosystem: organisations",
                text="" if orgs else "No links between organisations are recorded yet (ties between their people, "
                                     "or shared partnerships), so none brokers.",
                table=Table([_broker_table_row(r) for r in orgs]) if orgs else None),
        Section("Gaps by rule", text=f"{len(gaps):,} gaps found, by what is missing.",
                table=Table(rule_table), links=[Link("Every gap, with the links that would close it", "gaps.html")]),
        Section("Hubs and barriers", links=[Link("Hubs", "hubs.html", "coordination, spreading, partnerships"),
                                            Link("Barriers", "barriers.html", "agreed, with the gaps behind them"),
                                            Link("What changed", CHANGES_PAGE, "in the last year")]),
        Section("Innovations", text="\"Could be reached\": organisations that have not adopted it but can be reached "
                                    "by a warm route (people and partnerships) from those that did or made it.",
                table=Table(innovation_table))
        if innovation_table else
        Section("Innovations", text="No innovations are recorded yet: add them with `ecograph template` and "
                                    "`ecograph ingest`."),
        Section("How this was worked out", text=_METHOD, collapsible=True),
    ]
    where = ", ".join(eco.ics_names[c] for c in ics_codes[:4]) + (
        f" and {len(ics_codes) - 4} more" if len(ics_codes) > 4 else "")
    return w.page("index.html", title="Innovation ecosystem atlas", subtitle=where, sections=sections)


def _broker_rows(eco: Ecosystem, level: str, ics: str | None, top: int) -> list[dict[str, Any]]:
    """Top brokers as table rows in plain words."""
    noun = {"person": "people", "organisation": "organisations", "team": "teams"}[level]
    out = []
    for r in eco.brokers(level, ics, top=top):
        row = {"rank": r["rank"], "name": r["name"], "organisation": r.get("organisation_name") or "",
               "ics": eco.ics_names.get(r.get("ics") or "", r.get("ics") or ""),
               "why": broker_words(r, eco.ics_names, noun)}
        if level == "organisation":
            row.pop("organisation")
        out.append(row)
    return out


def _broker_name(row: Mapping[str, Any]) -> str:
    org = row.get("organisation_name")
    return f"{row['name']} ({org})" if org and org != row["name"] else str(row["name"])


def _broker_table_row(r: Mapping[str, Any]) -> dict[str, Any]:
    out = {"#": r["rank"], "Name": r["name"]}
    if "organisation" in r:
        out["Organisation"] = r["organisation"]
    out.update({"ICS": r["ics"], "Why they matter": r["why"]})
    return out


def _brokers_page(w: _Writer, ics_codes: list[str], ics_page: dict[str, str], picture: Markup,
                  map_page: str) -> Path:
    eco = w.eco

    def table(rows: list[dict[str, Any]]) -> Table | None:
        return Table([_broker_table_row(r) for r in rows]) if rows else None

    people = w.rows(_broker_rows(eco, "person", None, 25))
    orgs = w.rows(_broker_rows(eco, "organisation", None, 15))
    none = "Nobody yet: no links are recorded."
    sections = [
        Section("", picture=picture, links=[Link("Open the map with the brokers ringed", map_page)
                                            if map_page != "map.html" else
                                            Link("Each ICS's page has its own map, with its brokers ringed", map_page)]),
        Section("People", text="People on many of the shortest chains of contacts between others (who work "
                               "together, share a team or a partnership), across every ICS." if people else none,
                table=table(people)),
        Section("Organisations", text="Organisations whose people link others, or that share partnerships with "
                                      "them." if orgs else none, table=table(orgs)),
        Section("In each ICS", text="The top brokers within each ICS are on its page.",
                links=[Link(eco.ics_names[c], f"ics/{quote(ics_page[c])}.html") for c in ics_codes]),
        Section("How this was worked out", text=_METHOD[:1], collapsible=True),
    ]
    return w.page("brokers.html", title="Brokers", subtitle="Who connects groups that are otherwise apart",
                  sections=sections)


def _gap_table(w: _Writer, rows: Sequence[Mapping[str, Any]], eco: Ecosystem) -> Table:
    names = eco.ics_names
    return Table([{"About": r["subject"], **({"And": r["object"]} if any(x["object"] for x in rows) else {}),
                   "ICS": ", ".join(names.get(c, c) for c in str(r["ics"]).split(";") if c),
                   "What is missing": plain_kinds(r["explanation"]),
                   "Links that would close it": r["suggested links"]} for r in w.rows(rows)])


def _gap_sections(w: _Writer, gaps: Sequence[Mapping[str, Any]], limit: int | None = None) -> list[Section]:
    descriptions = rule_descriptions()
    by_rule: dict[str, list[Mapping[str, Any]]] = {}
    for g in gaps:
        by_rule.setdefault(g["rule"], []).append(g)
    sections = []
    for rule in [r for r in dict.fromkeys([*descriptions, *by_rule]) if by_rule.get(r)]:
        rows = by_rule[rule]
        shown = rows if limit is None else rows[:limit]
        text = [descriptions.get(rule, {}).get("recommendation", "")]
        if len(shown) < len(rows):
            text.append(f"The first {len(shown):,} of {len(rows):,} are listed; `ecograph gaps --rule {rule}` lists all.")
        sections.append(Section(f"{rule_heading(rule)} ({len(rows):,})", text=[t for t in text if t],
                                table=_gap_table(w, shown, w.eco), anchor=rule))
    return sections


def _gaps_page(w: _Writer, gaps: list[dict[str, Any]], picture: Markup, map_page: str) -> Path:
    per_rule = Counter(g["rule"] for g in gaps)
    cross = sum(1 for g in gaps if ";" in str(g["ics"]))
    rules = list(dict.fromkeys([*rule_descriptions(), *per_rule]))
    sections = [Section("", picture=picture, links=[Link("Open the map with the gaps marked", map_page)
                                                    if map_page != "map.html" else
                                                    Link("Gaps per organisation in each ICS: open the overview", map_page)]),
                Section("Summary", table=Table([{"Gap": rule_heading(r), "How many": per_rule.get(r, 0)} for r in rules]))]
    sections += _gap_sections(w, gaps, limit=200)
    sections.append(Section("How this was worked out", text=[_METHOD[1]] + [
        f"{rule_heading(r)}: {d['definition']}" for r, d in rule_descriptions().items() if d.get("definition")],
        collapsible=True))
    notes = [f"{cross:,} of the gaps are between two ICSs; each is counted once here and listed on both ICSs' pages."] if cross else []
    return w.page("gaps.html", title="Gaps", subtitle=f"{len(gaps):,} gaps found", sections=sections, notes=notes)


def _ics_page(w: _Writer, code: str, name: str, gaps: Sequence[Mapping[str, Any]]) -> Path:
    eco = w.eco
    ics_name = eco.ics_names[code]
    # drawn from what it shows, not from a graph of the whole store
    picture = w.map(f"ics/{name}{MAP_SUFFIX}.html", f"{ics_name}: its organisations, teams and people",
                    eco=eco.ics_view(code), ics=code)
    mine = _gaps_in(gaps, code)
    cross = sum(1 for g in mine if ";" in str(g["ics"]))
    people = w.rows(_broker_rows(eco, "person", code, 10))
    orgs = w.rows(_broker_rows(eco, "organisation", code, 5))
    sections = [
        Section("", picture=picture, links=[Link("Open the map of this ICS", f"{quote(name)}{MAP_SUFFIX}.html")]),
        Section("Who connects this ICS", text="People others in the ICS rely on to reach each other." if people else
                "No ties between people are recorded here yet.",
                table=Table([_broker_table_row(r) for r in people]) if people else None),
        Section("Organisations that connect it", table=Table([_broker_table_row(r) for r in orgs]) if orgs else None,
                text="" if orgs else "No links between organisations are recorded here yet."),
    ]
    sections += _gap_sections(w, mine, limit=100)
    notes = [f"{len(mine):,} gaps name this ICS"
             + (f", {cross:,} of them between this ICS and another (listed on both ICSs' pages, counted once in the "
                f"atlas's total)" if cross else "") + "."]
    sections.append(Section("How this was worked out", collapsible=True, text=[
        "Brokers here are measured within the ICS's own network. Gaps are those that `ecograph gaps` finds for the "
        "whole store and that name this ICS; checked on its own (`ecograph gaps --ics " + code + "`), an ICS can "
        "show more gaps between groups of people inside it.", *_METHOD]))
    return w.page(f"ics/{name}.html", title=ics_name, subtitle=f"Integrated care system {code}", sections=sections,
                  notes=notes)


def _innovation_page(w: _Writer, inn: str, page: str, view: Ecosystem) -> dict[str, Any]:
    eco = w.eco
    full = view.full
    d = full.nodes[inn]
    name = str(d.get("name") or inn)
    rows = eco.spread(inn)
    chosen = chosen_candidates(rows, TOP_CANDIDATES)
    picture = w.map(f"innovations/{page}{MAP_SUFFIX}.html",
                    f"{name}: who made it, who adopted it, who could adopt it next and the warm routes",
                    eco=view, innovation=inn, focus=True)
    adopters, developers = [], []
    for u, _, e in full.in_edges(inn, data=True):
        o = full.nodes[u]
        if e.get("relationship") == "ADOPTED":
            adopters.append({"Organisation": o.get("name") or u, "ICS": eco.ics_names.get(o.get("ics") or "", ""),
                             "Stage": e.get("stage") or "", "Date": e.get("date") or ""})
        elif e.get("relationship") == "DEVELOPED":
            developers.append({"Developer": o.get("name") or u, "Organisation": o.get("organisation_name") or "",
                               "ICS": eco.ics_names.get(o.get("ics") or "", "")})
    # by date, then name: the store's rows may come in another order each time
    adopters.sort(key=lambda a: (str(a["Date"]), str(a["Organisation"]).lower()))
    developers.sort(key=lambda d: str(d["Developer"]).lower())
    reachable = [r for r in rows if r.get("untapped")]
    candidate_table = [{"#": i, "Organisation": r["name"], "ICS": eco.ics_names.get(r.get("ics") or "", ""),
                        "Warm route": w.text(plain_route(r.get("route") or [])),
                        "Why it could adopt it": plain_kinds(r.get("why") or "")}
                       for i, r in enumerate(w.rows(chosen), 1)]
    partners = w.rows(eco.partners(inn, top=10))
    partner_table = [{"Name": p["name"], "Job title": p.get("job_title") or "",
                      "Organisation": p.get("organisation_name") or "", "Why contact them": p.get("role") or "",
                      "Detail": p.get("why") or ""} for p in partners]
    facts = [d.get("kind"), d.get("stage") and f"stage: {d['stage']}", d.get("evidence") and f"evidence: {d['evidence']}"]
    sections = [
        Section("", picture=picture, links=[Link("Open the map of where it could spread", f"{quote(page)}{MAP_SUFFIX}.html")]),
        Section("At a glance", stats=[
            Stat("Adopted by", len(adopters), note="organisations"), Stat("Made by", len(developers)),
            Stat("Could be reached", len(reachable), note="organisations, by a warm route"),
            Stat("Best candidates", len(chosen), note="on the map")]),
        diffusion_section(w, inn),
        Section("Who could adopt it next", text="The best by how short and strong the warm route is, how many of "
                                                "their partners adopted it, how alike they are to the adopters and "
                                                "whether a champion or innovation lead works there; then the best in "
                                                "each other ICS.",
                table=Table(candidate_table) if candidate_table else None,
                stats=[] if candidate_table else [Stat("Candidates", 0, note="no warm route found")]),
        Section("People to contact", table=Table(partner_table) if partner_table else None,
                text="" if partner_table else "Nobody found."),
        Section("Adopted by", table=Table(w.rows(adopters)) if adopters else None,
                text="" if adopters else "Nobody has adopted it yet."),
        Section("Made by", table=Table(w.rows(developers)) if developers else None,
                text="" if developers else "No developer recorded."),
        Section("How this was worked out", text=_METHOD[2:], collapsible=True),
    ]
    w.page(f"innovations/{page}.html", title=name, subtitle=" · ".join(str(f) for f in [inn, *facts] if f),
           sections=sections)
    best = chosen[0]["name"] if chosen else ""
    eco.forget_spread(inn)  # the index needs only these counts
    return {"adopters": len(adopters), "reachable": len(reachable), "best": best}
