"""Helpers for browser tests: headless Debian chromium through Playwright, and random
clustered ecosystem graphs built in memory (no database).

Playwright is used only as a driver for /usr/bin/chromium: never run `playwright install`.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ecograph.model import ORGANISATION_KINDS

try:  # the shared helper, when tests/conftest.py provides it
    from conftest import require  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - local equivalent
    def require(condition: object, reason: str) -> None:
        """Skip the test when ``condition`` is false; fail instead when ECOGRAPH_REQUIRE_ALL=1."""
        if condition:
            return
        if os.environ.get("ECOGRAPH_REQUIRE_ALL") == "1":
            pytest.fail(f"required but missing: {reason}")
        pytest.skip(reason)

CHROMIUM = os.environ.get("ECOGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
XSS_NAME = "<img src=x onerror=alert(1)>"


def browser_available() -> tuple[bool, str]:
    """(available, why not)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return False, f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False, "playwright is not installed (pip install playwright; never `playwright install`)"
    return True, ""


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian chromium (Playwright Browser); skips when unavailable."""
    ok, why = browser_available()
    require(ok, why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """Everything a page did that a test may want to check."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self, own_url: str) -> list[str]:
        """Requests to anything but the page itself and data: URLs."""
        return [u for u in self.requests if u != own_url and not u.startswith("data:")]


def open_page(browser: Any, path: Path, *, width: int = 1400, height: int = 900,
              wait_settled: bool = True, timeout_ms: int = 180_000,
              bypass_csp: bool = False, fragment: str = "") -> tuple[Any, PageLog, str]:
    """Open a file in a new page, recording requests, console errors and dialogs.
    Returns (page, log, url). With wait_settled, waits until the map's physics stopped.
    bypass_csp: ignore the page's Content-Security-Policy, to check that escaping alone
    keeps text as text. fragment: open the page at this ``#...`` (a shared link); the url
    returned is still the file's own."""
    page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    log = PageLog()
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    url = path.resolve().as_uri()
    page.goto(url + fragment, wait_until="load")
    if wait_settled:
        # a selector, not wait_for_function: the page's CSP forbids the eval that needs
        page.wait_for_selector("body[data-settled=true]", state="attached", timeout=timeout_ms)
    return page, log, url


def screenshot(page: Any, name: str) -> Path:
    """Save a PNG under test-artifacts/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / name
    page.screenshot(path=str(out))
    return out


# --- test graphs -------------------------------------------------------------------------

ICS_NAMES = {
    "QYG": "Cheshire and Merseyside", "QE1": "Lancashire and South Cumbria", "QOP": "Greater Manchester",
    "QHM": "North East and North Cumbria", "QWE": "South West London", "QRV": "North West London",
    "QUE": "Cambridgeshire and Peterborough", "QJK": "Devon",
}
FIRST = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Ella", "Farah", "George",
         "Hannah", "Imran", "Jess", "Kofi", "Laura", "Mo", "Nina", "Owen", "Ruth", "Sian", "Yusuf"]
LAST = ["Patel", "Smith", "Jones", "Khan", "Taylor", "Brown", "Okafor", "Evans", "Wilson", "Ahmed",
        "Walker", "Hughes", "Roberts", "Nguyen", "Clarke", "Murphy", "Singh", "Lewis", "Reid", "Hall"]
TITLES = ["Director of Innovation", "Clinical Lead", "Head of Digital", "R&D Manager", "Consultant",
          "Practice Manager", "Programme Lead", "Chief Nurse", "Innovation Scout", "Data Scientist"]
ORG_WORDS = ["North", "South", "Royal", "City", "Valley", "Riverside", "St Mary's", "Central", "Coastal", "Moor"]


def clustered_graph(n_orgs: int = 60, people_per_org: float = 4.0, *, n_ics: int = 6, seed: int = 1,
                    ties_per_person: float = 2.5, cross_ics: float = 0.08, extras: bool = True,
                    betweenness_k: int | None = None) -> nx.Graph:
    """A random clustered ecosystem: organisations of every kind in ``n_ics`` ICSs, people in
    them (node attribute ``organisation``) with KNOWS ties mostly inside their ICS,
    optionally partnerships and an innovation; betweenness, brokers and a few gaps set."""
    rng = random.Random(seed)
    kinds = list(ORGANISATION_KINDS)
    icss = (list(ICS_NAMES) + [f"Q{i:02d}" for i in range(n_ics)])[:n_ics]
    ics_name = lambda c: ICS_NAMES.get(c, f"ICS {c}")  # noqa: E731
    g = nx.Graph()
    orgs_by_ics: dict[str, list[str]] = {c: [] for c in icss}
    for i in range(n_orgs):
        ics = icss[i % n_ics]
        kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(kinds)
        oid = f"ORG{i:04d}"
        name = f"{rng.choice(ORG_WORDS)} {kind.replace('-', ' ').title()} {i}"
        g.add_node(oid, label="Organisation", id=oid, name=name, kind=kind, ics=ics)
        orgs_by_ics[ics].append(oid)
    people_by_ics: dict[str, list[str]] = {c: [] for c in icss}
    n_people = int(n_orgs * people_per_org)
    orgs = list(orgs_by_ics[c][j] for c in icss for j in range(len(orgs_by_ics[c])))
    for i in range(n_people):
        org = orgs[i % len(orgs)] if i < len(orgs) else rng.choice(orgs)
        od = g.nodes[org]
        pid = f"P{i:05d}"
        g.add_node(pid, label="Person", id=pid, name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                   organisation=org, organisation_name=od["name"], kind=od["kind"], ics=od["ics"],
                   job_title=rng.choice(TITLES))
        g.add_edge(pid, org, relationship="WORKS_FOR")
        people_by_ics[od["ics"]].append(pid)
    everyone = [p for c in icss for p in people_by_ics[c]]
    for p in everyone:
        ics = g.nodes[p]["ics"]
        for _ in range(max(1, int(rng.expovariate(1 / ties_per_person)))):
            pool = everyone if rng.random() < cross_ics else people_by_ics[ics]
            q = rng.choice(pool)
            if q != p:
                g.add_edge(p, q, relationship="KNOWS", title="worked together on a programme board")
    if extras:
        for c in icss:
            ps = f"PS-{c}"
            g.add_node(ps, label="Partnership", id=ps, name=f"{ics_name(c)} innovation partnership")
            for org in rng.sample(orgs_by_ics[c], min(4, len(orgs_by_ics[c]))):
                g.add_edge(org, ps, relationship="MEMBER_OF")
        g.add_node("INN-001", label="Innovation", id="INN-001", name="Virtual ward for frailty", kind="pathway")
        for org in rng.sample(orgs, min(3, len(orgs))):
            g.add_edge(org, "INN-001", relationship="ADOPTED")
    bc = nx.betweenness_centrality(g, k=betweenness_k, seed=seed) if g.number_of_nodes() else {}
    cut = sorted(bc.values(), reverse=True)[max(0, len(bc) // 25)] if bc else 0
    for n, b in bc.items():
        g.nodes[n]["betweenness"] = round(b, 6)
        if b > 0 and b >= cut:
            g.nodes[n]["broker"] = True
            g.nodes[n]["why"] = "Connects people across organisations that otherwise have no tie"
    for org in orgs[:: max(1, len(orgs) // 5)]:
        g.nodes[org]["gap"] = "No innovation lead"
    return g
