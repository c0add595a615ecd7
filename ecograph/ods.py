"""Read NHS Organisation Data Service (ODS) extracts into ingest-contract rows.

Two ODS extracts are read, in the layout published by NHS England (`etr` for NHS trusts,
`epraccur` for GP practices and other prescribing cost centres). Real extracts have no header
row and their columns are positional; copies with a header row added are read the same way,
by position. The 42 ICSs, the NHS England regions and the trust types come from small
reference lists shipped in ``ingest/reference/`` (Open Government Licence v3.0), and so do
the 2025 extracts themselves (:data:`SHIPPED_TRUSTS`, :data:`SHIPPED_GP_PRACTICES`): with no
file given, :func:`import_ods` loads all of England from them.

>>> title_case("ALDER HEY CHILDREN'S NHS FOUNDATION TRUST")
"Alder Hey Children's NHS Foundation Trust"
>>> ics_name("NHS CHESHIRE AND MERSEYSIDE INTEGRATED CARE BOARD")
'Cheshire and Merseyside'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import csv
import difflib
import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ecograph.errors import EcographError
from ecograph.ids import code_form
from ecograph.resources import resource_path

__all__ = [
    "OdsError", "OdsRows", "OdsSummary", "SourceSummary", "Icb", "Hin",
    "read_ods", "import_ods", "find_nhs_data", "default_extracts", "load_icbs", "load_regions",
    "load_hins", "load_trust_types", "load_hin_coverage", "network_rows", "HIN_COVERAGE_SOURCE",
    "resolve_ics", "title_case", "ics_name", "trust_kind",
]

#: Environment variable naming a folder of newer ODS extracts (it wins over the shipped ones).
NHS_DATA_ENV = "ECOGRAPH_NHS_DATA"
#: File names looked for in a data folder: our copies first, then ODS's own names.
TRUSTS_FILES = ("ods_etr_trusts_2025.csv", "etr.csv")
PRACTICES_FILES = ("ods_epraccur_gp_practices_2025.csv", "epraccur.csv")
#: The extracts shipped with the package (``ingest/reference/``, about July and May 2025).
SHIPPED_TRUSTS = ("ingest", "reference", TRUSTS_FILES[0])
SHIPPED_GP_PRACTICES = ("ingest", "reference", PRACTICES_FILES[0])

# Positional columns of the ODS extracts (0-based), shared by etr and epraccur (ODS's layout:
# code, name, national grouping, high level health geography, address lines 1-5, postcode,
# open date, close date; dates as YYYYMMDD). Neither extract has a successor column: ODS
# publishes succession separately (its ORD records), so a merged trust's successor comes from
# the coordinator's organisations.csv (``succeeded_by``).
_CODE, _NAME, _REGION, _ICB, _CLOSE = 0, 1, 2, 3, 11
# epraccur only.
_STATUS, _SETTING = 12, 25

GP_PRACTICE_SETTING = "4"  # PrescribingSetting 4 = GP practice
ACTIVE_STATUS = "A"
NO_ICB = {"", "Q99"}  # Q99 = no English ICB (Wales and other non-English organisations)

if TYPE_CHECKING:
    from .ingest.load import IngestSummary, ProgressFactory
    from .store import GraphStore

# Skip reasons, as reported in the summary.
SKIP_MALFORMED = "malformed row"
SKIP_CLOSED = "closed"
SKIP_INACTIVE = "not active"
SKIP_NOT_GP = "not a GP practice"
SKIP_NO_ICB = "no English ICB"
SKIP_UNKNOWN_ICB = "unknown ICB"
SKIP_OTHER_ICS = "other ICS"
SKIP_DUPLICATE = "duplicate code"


class OdsError(EcographError, ValueError):
    """An ODS file or an ICS code cannot be used.

    ``closest`` lists the nearest valid ICS codes when an unknown code was given.
    """

    def __init__(self, message: str, closest: list[str] | None = None, hint: str = ""):
        super().__init__(message, hint=hint)
        self.closest = list(closest or [])


# --- summary -----------------------------------------------------------------------------


@dataclass
class SourceSummary:
    """What happened to the rows of one extract."""

    read: int = 0
    kept: int = 0
    #: Of those kept, how many have a close date (kept with it, as history: see :func:`read_ods`).
    closed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        """Count one skipped row under ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def total_skipped(self) -> int:
        """Number of rows skipped for any reason."""
        return sum(self.skipped.values())

    def __str__(self) -> str:
        reasons = ", ".join(f"{n} {r}" for r, n in sorted(self.skipped.items(), key=lambda x: (-x[1], x[0])))
        closed = f" ({self.closed} of them closed, with their close date)" if self.closed else ""
        return f"{self.read} read, {self.kept} kept{closed}" + (f", skipped: {reasons}" if reasons else "")


@dataclass
class OdsSummary:
    """What :func:`read_ods` read, kept and skipped."""

    ics: int = 0
    trusts: SourceSummary = field(default_factory=SourceSummary)
    gp_practices: SourceSummary = field(default_factory=SourceSummary)

    def lines(self) -> list[str]:
        """One human-readable line per source."""
        return [f"ICSs: {self.ics}", f"trusts: {self.trusts}", f"GP practices: {self.gp_practices}"]


class OdsRows(dict[str, list[dict[str, str]]]):
    """Contract rows keyed by file name, with the :class:`OdsSummary` in ``.summary``."""

    summary: OdsSummary

    def __init__(self, rows: dict[str, list[dict[str, str]]], summary: OdsSummary):
        super().__init__(rows)
        self.summary = summary


# --- names -------------------------------------------------------------------------------

_KEEP_UPPER = frozenset({"NHS", "GP", "ICB", "ICS", "UK", "CCG", "PCN", "HQ", "CIC", "LLP",
                         "HMP", "YOI", "NHSE", "II", "III", "IV"})
_SMALL = frozenset({"and", "of", "the", "for", "in", "on", "at", "upon", "under", "by", "with",
                    "to", "super"})
_TOKEN = re.compile("[A-Za-z0-9][A-Za-z0-9'\u2019]*")


def title_case(text: str) -> str:
    """Turn an ODS UPPER CASE name into readable title case.

    Acronyms (NHS, GP, ICB, UK...) stay upper case, short joining words (and, of, the...)
    are lower case except at the start, ``&`` and punctuation are kept.

    >>> title_case("THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST")
    'The Newcastle upon Tyne Hospitals NHS Foundation Trust'
    >>> title_case("KENT AND MEDWAY NHS AND SOCIAL CARE PARTNERSHIP TRUST")
    'Kent and Medway NHS and Social Care Partnership Trust'
    >>> title_case("LANCASHIRE & SOUTH CUMBRIA NHS FOUNDATION TRUST")
    'Lancashire & South Cumbria NHS Foundation Trust'
    >>> title_case("STAFFORDSHIRE AND STOKE-ON-TRENT")
    'Staffordshire and Stoke-on-Trent'
    """
    text = " ".join(text.split())

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        upper = word.upper()
        if upper in _KEEP_UPPER:
            return upper
        lower = word.lower()
        if lower in _SMALL and match.start() > 0:
            return lower
        if word[0].isdigit():
            return lower  # 2ND -> 2nd
        if re.fullmatch("[A-Za-z]['\u2019][A-Za-z]{2,}", word) and lower[-2:] not in ("'s", "\u2019s"):
            return word[:2].upper() + word[2:].capitalize()  # O'BRIEN -> O'Brien
        if lower.startswith("mc") and len(word) > 3:
            return "Mc" + word[2:].capitalize()
        return lower.capitalize()

    return _TOKEN.sub(fix, text)


def ics_name(icb_name: str) -> str:
    """The ICS name from its ICB's ODS name.

    >>> ics_name("NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE INTEGRATED CARE BOARD")
    'Bath and North East Somerset, Swindon and Wiltshire'
    """
    name = " ".join(icb_name.split()).upper()
    name = re.sub(r"^NHS\s+", "", name)
    name = re.sub(r"\s+INTEGRATED CARE BOARD$", "", name)
    return title_case(name)


# --- trust kinds -------------------------------------------------------------------------

#: Trusts whose kind neither the EPR sheet nor the name gives.
_KIND_OVERRIDES = {
    # Formed Nov 2024 from two mental health trusts (Barnet, Enfield and Haringey; Camden
    # and Islington); too new for the EPR sheet, and its name carries no hint.
    "G6V2S": "mental-health-trust",
}
_SPECIALIST_WORDS = ("CHILDREN", "WOMEN'S", "CANCER", "HEART", "ORTHOPAEDIC", "EYE HOSPITAL",
                     "CHRISTIE", "MARSDEN", "PAPWORTH", "WALTON CENTRE",
                     "QUEEN VICTORIA HOSPITAL NHS")


def _acute_kind(name: str) -> str:
    if any(w in name for w in _SPECIALIST_WORDS):
        return "specialist-trust"
    if "TEACHING" in name or "UNIVERSITY" in name:
        return "teaching-trust"
    return "acute-trust"


def trust_kind(code: str, name: str, trust_type: str | None = None) -> str:
    """Canonical organisation kind of an NHS trust.

    Uses the NHS England EPR sheet's "Trust Type (Primary)" where known; acute trusts are
    split further by name into specialist (children's, cancer, heart, orthopaedic, eye...),
    teaching (TEACHING or UNIVERSITY in the name) and acute. Without a type, the name decides
    (AMBULANCE, MENTAL HEALTH, PARTNERSHIP, COMMUNITY, CARE...), else acute.

    >>> trust_kind("RBS", "ALDER HEY CHILDREN'S NHS FOUNDATION TRUST", "Acute")
    'specialist-trust'
    >>> trust_kind("RX7", "NORTH WEST AMBULANCE SERVICE NHS TRUST")
    'ambulance-trust'
    """
    if code.upper() in _KIND_OVERRIDES:
        return _KIND_OVERRIDES[code.upper()]
    upper = " ".join(name.upper().split())
    kind = " ".join((trust_type or "").lower().split())
    if kind == "ambulance":
        return "ambulance-trust"
    if kind == "community":
        return "community-trust"
    if kind.startswith("mental health and community"):
        # Combined trusts: community-only names (e.g. Central London Community Healthcare).
        if "COMMUNITY" in upper and "MENTAL" not in upper:
            return "community-trust"
        return "mental-health-trust"
    if kind.startswith("mental health"):
        return "mental-health-trust"
    if kind.startswith("acute"):
        return _acute_kind(upper)
    # No (usable) type: the name alone.
    if "AMBULANCE" in upper:
        return "ambulance-trust"
    if "MENTAL HEALTH" in upper or "PARTNERSHIP" in upper:
        return "mental-health-trust"
    if "COMMUNITY" in upper:
        return "community-trust"
    if "CARE" in upper.replace("HEALTHCARE", "") and "INTEGRATED CARE" not in upper:
        return "mental-health-trust"  # e.g. "... DISTRICT CARE", "HEALTH & SOCIAL CARE"
    return _acute_kind(upper)


# --- reading files -----------------------------------------------------------------------


def _read_text(path: Path) -> str:
    """File text, BOM removed; UTF-8, else Windows-1252 (older ODS downloads)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(path: Path) -> list[list[str]]:
    """All non-blank rows of a CSV file, cells stripped."""
    rows = csv.reader(io.StringIO(_read_text(path), newline=""))
    return [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]


_ODS_CODE = re.compile(r"[A-Z0-9]{3,10}")


def _ods_rows(path: Path, width: int) -> list[list[str]]:
    """Rows of a positional ODS extract, header row (if any) dropped, padded to ``width``."""
    rows = _csv_rows(path)
    if rows and not _ODS_CODE.fullmatch(rows[0][0].strip('"')):
        rows = rows[1:]  # a header row: its first cell is a column name, not an ODS code
    return [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]


def _reference(name: str) -> list[dict[str, str]]:
    """Rows of a shipped reference list, keyed by its header."""
    path = resource_path("ingest", "reference", name)
    if not path.exists():
        raise OdsError(f"Reference list {name} is missing (looked in {path.parent})")
    rows = _csv_rows(path)
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows[1:]]


@dataclass(frozen=True)
class Icb:
    """One of the 42 Integrated Care Boards (one per ICS)."""

    code: str
    gss_code: str
    ods_name: str

    @property
    def name(self) -> str:
        """The ICS name, e.g. "Cheshire and Merseyside"."""
        return ics_name(self.ods_name)


@dataclass(frozen=True)
class Hin:
    """A Health Innovation Network (formerly an AHSN)."""

    acronym: str
    ahsn_name: str
    name: str  # the 2023 "Health Innovation ..." name, else the AHSN name


def load_icbs() -> list[Icb]:
    """The 42 ICBs, in the order of ``icbs_42.csv``."""
    return [Icb(r["ods_code"].upper(), r["gss_code"], r["name"]) for r in _reference("icbs_42.csv")]


def load_regions() -> dict[str, str]:
    """NHS England region ODS code (Y56...) -> region name."""
    return {r["NHS_ENGLAND_REGION_CODE"].upper(): r["NHS_ENGLAND_REGION_NAME"]
            for r in _reference("nhs_england_regions.csv")}


def load_hins() -> list[Hin]:
    """The 15 Health Innovation Networks."""
    return [Hin(r["acronym_2021"], r["name_2021_ahsn"], r["name_2023_hin_rename"] or r["name_2021_ahsn"])
            for r in _reference("ahsn_health_innovation_networks_15.csv")]


#: Where ``hin_ics_coverage.csv`` comes from (the ``reference`` of every coverage row it gives).
HIN_COVERAGE_SOURCE = ("NHS England and Health Innovation Network footprints (HIN licences from "
                       "1 April 2023), transcribed 2026-11-30; ingest/reference/hin_ics_coverage.csv")


@dataclass(frozen=True)
class Coverage:
    """One ICS covered by a Health Innovation Network (a row of ``hin_ics_coverage.csv``)."""

    hin: str  # AHSN acronym, as in ``ahsn_health_innovation_networks_15.csv``
    ics: str
    extent: str  # "whole" or "part" of the ICS
    certain: bool  # False: the footprint splits or overlaps here; check locally
    start: str
    end: str
    note: str


def load_hin_coverage() -> list[Coverage]:
    """Which ICSs each of the 15 Health Innovation Networks covers (44 rows for the 42 ICSs:
    Frimley and Bedfordshire, Luton and Milton Keynes are split between two networks). Each
    network's first row is the ICS it is based in."""
    return [Coverage(r["hin"], r["ics"].upper(), r["extent"], r["certain"] == "yes", r["start"], r["end"], r["note"])
            for r in _reference("hin_ics_coverage.csv")]


def hin_id(acronym: str) -> str:
    """The organisation id ecograph gives a Health Innovation Network (no ODS code): HIN-<acronym>."""
    return f"HIN-{acronym.upper()}"


def network_rows(ics_rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """The Health Innovation Networks that cover the ICSs of ``ics_rows``, as ingest-contract
    rows: ``organisations.csv`` (kind health-innovation-network, id :func:`hin_id`, in the ICS
    it is based in, or in the first of ``ics_rows`` it covers when that ICS is not loaded) and
    ``coverage.csv`` (one row per covered ICS that is loaded, with :data:`HIN_COVERAGE_SOURCE`;
    rows marked uncertain in the reference say so in ``reference``)."""
    loaded = {r["code"]: r for r in ics_rows}
    names = {h.acronym: h.name for h in load_hins()}
    organisations: dict[str, dict[str, str]] = {}
    coverage: list[dict[str, str]] = []
    host: dict[str, str] = {}
    for c in load_hin_coverage():
        host.setdefault(c.hin, c.ics)
        if c.ics not in loaded:
            continue
        home = host[c.hin] if host[c.hin] in loaded else c.ics
        organisations.setdefault(c.hin, {"id": hin_id(c.hin), "name": names[c.hin],
                                         "kind": "health-innovation-network", "ics": home,
                                         "region": loaded[home].get("region", "")})
        note = "" if c.certain and c.extent == "whole" else f" (uncertain: {c.extent} of the ICS; {c.note})"
        coverage.append({"organisation": hin_id(c.hin), "ics": c.ics, "start": c.start, "end": c.end,
                         "reference": HIN_COVERAGE_SOURCE + note})
    return {"organisations.csv": list(organisations.values()), "coverage.csv": coverage}


def load_trust_types() -> dict[str, str]:
    """Trust ODS code -> "Trust Type (Primary)" from the NHS England EPR sheet."""
    return {r["Organisation Code"].upper(): r["Trust Type (Primary)"].strip()
            for r in _reference("nhse_trust_primary_epr_supplier.csv")}


def find_nhs_data(directory: Path | None = None) -> tuple[Path | None, Path | None]:
    """Locate the trusts and GP practices extracts.

    Looks in ``directory`` if given; else in ``$ECOGRAPH_NHS_DATA`` (a folder of newer
    downloads), then at the 2025 extracts shipped with the package. Returns
    ``(trusts, gp_practices)``, None for a file not found (only possible with ``directory``,
    or in a copy of ecograph whose ``ingest/reference/`` was removed).
    """
    if directory is not None:
        folders = [Path(directory)]
    else:
        folders = [Path(p) for p in [os.environ.get(NHS_DATA_ENV, "")] if p]
        folders.append(resource_path(*SHIPPED_TRUSTS[:-1]))

    def first(names: tuple[str, ...]) -> Path | None:
        for folder in folders:
            for name in names:
                if (folder / name).is_file():
                    return folder / name
        return None

    return first(TRUSTS_FILES), first(PRACTICES_FILES)


def default_extracts(trusts: Path | None = None, gp_practices: Path | None = None) -> tuple[Path, Path]:
    """The extracts to read: each one given, else found by :func:`find_nhs_data` (a newer
    download in ``$ECOGRAPH_NHS_DATA``, else the one shipped with the package).

    Raises :class:`OdsError` if one cannot be found.
    """
    found_trusts, found_practices = find_nhs_data()
    trusts, gp_practices = trusts or found_trusts, gp_practices or found_practices
    if trusts is None or gp_practices is None:
        raise OdsError("NHS ODS extracts (trusts and GP practices) not found: the copies shipped in "
                       "ingest/reference/ are missing",
                       hint=f"Pass --trusts and --gp-practices, or set {NHS_DATA_ENV} to the folder holding them.")
    return Path(trusts), Path(gp_practices)


def resolve_ics(code: str, icbs: list[Icb] | None = None) -> str:
    """The canonical (upper case) ICS code for ``code``; :class:`OdsError` if unknown.

    The error lists the closest valid codes, matching on codes and on ICS names.
    """
    icbs = icbs if icbs is not None else load_icbs()
    by_code = {i.code: i for i in icbs}
    wanted = code_form(code)  # any case and spacing: " q op" is QOP
    if wanted in by_code:
        return wanted
    closest = difflib.get_close_matches(wanted, list(by_code), n=3, cutoff=0.3)
    # A name (or part of one) typed instead of a code: those ICSs first.
    typed = code.strip().lower()
    names = {i.name.lower(): i.code for i in icbs}
    by_name = [c for n, c in names.items() if len(typed) >= 4 and typed in n]
    by_name += [names[n] for n in difflib.get_close_matches(typed, list(names), n=3, cutoff=0.6)]
    closest = list(dict.fromkeys(by_name + closest))[:3]
    shown = ", ".join(f"{c} ({by_code[c].name})" for c in closest)
    raise OdsError(
        f"Unknown ICS code {code!r}" + (f"; closest: {shown}" if shown else ""),
        closest,
        hint="ICS codes are the ODS codes of the 42 Integrated Care Boards, e.g. QYG.",
    )


# --- the reader --------------------------------------------------------------------------


def ods_date(text: str) -> str:
    """An ODS date (YYYYMMDD) as ISO (YYYY-MM-DD); anything else unchanged, for the ingest's
    validation to name.

    >>> ods_date("20241231"), ods_date(""), ods_date("2024-12-31")
    ('2024-12-31', '', '2024-12-31')
    """
    text = text.strip()
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if re.fullmatch(r"\d{8}", text) else text


def read_ods(trusts: Path | None, gp_practices: Path | None, ics: str | None = None,
             closed: bool = False) -> OdsRows:
    """Read ODS extracts into ingest-contract rows.

    Parameters
    ----------
    trusts
        The ``etr`` extract (NHS trusts), or None to read no trusts.
    gp_practices
        The ``epraccur`` extract (GP practices and other prescribing cost centres), or None.
    ics
        One ICS code (its ICB's ODS code, any case) to keep; None keeps all 42.
    closed
        Also keep the organisations with a close date (trusts and GP practices), each with it
        in ``closed`` (ISO date; blank for the open ones, whose rows then all carry the
        column): the history :mod:`ecograph.asof` reads. False (what ``ecograph generate``
        uses): open organisations only, with no ``closed`` column.

    Returns
    -------
    OdsRows
        ``{"ics.csv": [...], "organisations.csv": [...]}``, each row a dict of column ->
        string as a user's CSV would give it (ICS: code, name, region; organisation: id,
        name, kind, ics, region). ``.summary`` counts rows read, kept and skipped by reason.

    Raises
    ------
    OdsError
        ``ics`` is not one of the 42 codes (the message lists the closest), or a file is
        missing.

    Notes
    -----
    Trusts are kept when open (blank CloseDate) and in one of the 42 ICBs (Q99 = none, e.g.
    Wales, is skipped). GP practices are kept when PrescribingSetting is 4, StatusCode is A,
    CloseDate is blank and the ICB is one of the 42. With ``closed``, trusts and GP practices
    with a CloseDate are kept too (in one of the 42 ICBs; a practice closed before the ICBs
    existed often carries an old code and is skipped as "unknown ICB"); a practice neither
    active nor closed (dormant, proposed) is still skipped. An ICS's region is the majority
    region of the open organisations in it. The extracts name no successor: see the module
    notes.
    """
    icbs = load_icbs()
    regions = load_regions()
    trust_types = load_trust_types()
    wanted = resolve_ics(ics, icbs) if ics else None
    known_icbs = {i.code for i in icbs}
    summary = OdsSummary()

    for path in (trusts, gp_practices):
        if path is not None and not Path(path).is_file():
            raise OdsError(f"ODS extract not found: {path}",
                           hint=f"Pass the file's path or set {NHS_DATA_ENV} to its folder.")
    trust_rows = _ods_rows(Path(trusts), _CLOSE + 1) if trusts is not None else []
    practice_rows = _ods_rows(Path(gp_practices), _SETTING + 1) if gp_practices is not None else []

    # Region of each ICB: majority vote of its open organisations' region codes.
    votes: dict[str, Counter[str]] = {}
    for r in trust_rows + practice_rows:
        icb, region = r[_ICB].upper(), r[_REGION].upper()
        if not r[_CLOSE] and icb in known_icbs and region in regions:
            votes.setdefault(icb, Counter())[region] += 1
    icb_region = {icb: regions[min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]]
                  for icb, c in votes.items()}

    seen: set[str] = set()
    organisations: list[dict[str, str]] = []

    def keep(r: list[str], kind: str, tally: SourceSummary) -> None:
        code, icb = r[_CODE].upper(), r[_ICB].upper()
        if not code or not r[_NAME]:
            tally.skip(SKIP_MALFORMED)
        elif icb in NO_ICB:
            tally.skip(SKIP_NO_ICB)
        elif icb not in known_icbs:
            tally.skip(SKIP_UNKNOWN_ICB)
        elif wanted and icb != wanted:
            tally.skip(SKIP_OTHER_ICS)
        elif code in seen:
            tally.skip(SKIP_DUPLICATE)
        else:
            seen.add(code)
            tally.kept += 1
            region = regions.get(r[_REGION].upper()) or icb_region.get(icb, "")
            row = {"id": code, "name": title_case(r[_NAME]), "kind": kind, "ics": icb, "region": region}
            if closed:
                row["closed"] = ods_date(r[_CLOSE])
                tally.closed += bool(r[_CLOSE])
            organisations.append(row)

    for r in trust_rows:
        summary.trusts.read += 1
        if r[_CLOSE] and not closed:
            summary.trusts.skip(SKIP_CLOSED)
            continue
        code = r[_CODE].upper()
        keep(r, trust_kind(code, r[_NAME], trust_types.get(code)), summary.trusts)

    for r in practice_rows:
        summary.gp_practices.read += 1
        if r[_SETTING] != GP_PRACTICE_SETTING:
            summary.gp_practices.skip(SKIP_NOT_GP)
        elif r[_CLOSE] and closed:
            keep(r, "gp-practice", summary.gp_practices)
        elif r[_STATUS].upper() != ACTIVE_STATUS:
            summary.gp_practices.skip(SKIP_INACTIVE)
        elif r[_CLOSE]:
            summary.gp_practices.skip(SKIP_CLOSED)
        else:
            keep(r, "gp-practice", summary.gp_practices)

    ics_rows = [{"code": i.code, "name": i.name, "region": icb_region.get(i.code, "")}
                for i in icbs if wanted is None or i.code == wanted]
    summary.ics = len(ics_rows)
    return OdsRows({"ics.csv": ics_rows, "organisations.csv": organisations}, summary)


def import_ods(store: "GraphStore", trusts: Path | None = None, gp_practices: Path | None = None,
               ics: str | None = None, progress: "ProgressFactory | None" = None,
               networks: bool = False) -> tuple["IngestSummary", OdsSummary]:
    """Load the ICSs and organisations of NHS ODS extracts into ``store``, through the same
    validation and all-or-nothing, idempotent write as a spreadsheet ingest.

    An extract not given is the one :func:`default_extracts` finds: a newer download in
    ``$ECOGRAPH_NHS_DATA``, else the 2025 extract shipped with the package, so with no
    arguments all of England is loaded (42 ICSs, 6,455 open organisations and the closed ones). With ``networks``, the
    15 Health Innovation Networks (not in ODS) and the ICSs each covers are loaded too, from the
    reference table shipped with ecograph (:func:`network_rows`).

    Closed trusts and GP practices are loaded too, with their close date in ``closed``
    (:func:`read_ods` with ``closed``): they stay in the store as history and drop out of the
    present in every analysis (:mod:`ecograph.asof`). The extracts name no successor, so
    ``succeeded_by`` is left to organisations.csv. A close date already stored for an
    organisation the extract lists as open (a merger recorded before the extract shows it) is
    kept, not cleared; a close date in the extract replaces the stored one.
    """
    from .ingest import ingest_tables, tables_from_rows

    trusts, gp_practices = default_extracts(trusts, gp_practices)
    rows = read_ods(trusts, gp_practices, ics, closed=True)
    stored = {r["id"]: r["closed"] for r in store.run(
        "MATCH (o:Organisation) WHERE coalesce(o.closed, '') <> '' RETURN o.id AS id, o.closed AS closed")}
    for row in rows["organisations.csv"]:
        if not row["closed"] and row["id"] in stored:
            row["closed"] = str(stored[row["id"]])
    tables = dict(rows)
    if networks:
        extra = network_rows(tables["ics.csv"])
        tables["organisations.csv"] = tables["organisations.csv"] + extra["organisations.csv"]
        tables["coverage.csv"] = extra["coverage.csv"]
    summary = ingest_tables(store, tables_from_rows(tables, "ODS import"), progress=progress)
    return summary, rows.summary
