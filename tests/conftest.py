"""Shared test helpers: external prerequisites and the fixtures that check them.

A test that needs something outside the Python package (Debian's chromium,
node with the Cypher parser installed, a Neo4j server) asks for it through
:func:`require` (or one of the fixtures below), never by calling
``pytest.skip`` itself:

* normally a missing prerequisite skips the test, with the reason shown in
  pytest's ``-ra`` summary;
* with ``ECOGRAPH_REQUIRE_ALL=1`` in the environment (``.ci/run`` sets it) a
  missing prerequisite *fails* the test instead, so CI can't go green by
  silently skipping.

Use it directly::

    from conftest import require

    def test_x():
        require(shutil.which("dot") is not None, "graphviz 'dot' not installed")

or through the fixture of the same name (``def test_x(require): ...``).
Store fixtures and other domain fixtures live in their own modules
(e.g. ``tests/fixtures_*.py``), not here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: Fixture modules: a live Bolt server for the Neo4j store (``neo4j_env``).
pytest_plugins = ["fixtures_neo4j"]

REPO_ROOT = Path(__file__).resolve().parents[1]
REQUIRE_ALL_ENV = "ECOGRAPH_REQUIRE_ALL"

CHROMIUM = Path("/usr/bin/chromium")
CYPHER_LINT_DIR = REPO_ROOT / "tools" / "cypher-lint"
CYPHER_LINT_SCRIPT = CYPHER_LINT_DIR / "lint.mjs"
CYPHER_LINT_PACKAGE = CYPHER_LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"


def require_all() -> bool:
    """True when every prerequisite must be present (``ECOGRAPH_REQUIRE_ALL=1``)."""
    return os.environ.get(REQUIRE_ALL_ENV) == "1"


def require(condition: bool, reason: str) -> None:
    """Go on if ``condition`` holds; otherwise skip the test, or fail it under
    ``ECOGRAPH_REQUIRE_ALL=1``.

    ``reason`` says what is missing and, ideally, how to get it
    (e.g. "node not found: apt-get install nodejs npm").
    """
    __tracebackhide__ = True  # report the calling test's line, not this one
    if condition:
        return
    if require_all():
        pytest.fail(
            f"missing prerequisite: {reason} ({REQUIRE_ALL_ENV}=1, so this is a failure, not a skip)",
            pytrace=False,
        )
    pytest.skip(reason)


@pytest.fixture(name="require", scope="session")
def require_fixture():
    """The :func:`require` function, for tests that prefer a fixture to an import."""
    return require


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's chromium ("/usr/bin/chromium"), for playwright's
    ``executable_path`` (we never run ``playwright install``).

    Skips (fails under ``ECOGRAPH_REQUIRE_ALL=1``) when it is not installed:
    ``apt-get install --no-install-recommends chromium``.
    """
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"{CHROMIUM} not found: apt-get install --no-install-recommends chromium",
    )
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def node_lint() -> Path:
    """Path of ``tools/cypher-lint/lint.mjs`` (Neo4j's Cypher parser), checked
    to be runnable: ``node`` on PATH and the npm packages installed.

    Run it as ``[shutil.which("node"), str(node_lint), *files]``; it prints a
    JSON list of ``{file, diagnostics: [{message, severity, line, column}]}``
    and exits 1 when any diagnostic is an error. Skips (fails under
    ``ECOGRAPH_REQUIRE_ALL=1``) when node or the packages are missing:
    ``make node-tools``.
    """
    require(shutil.which("node") is not None, "node not found: apt-get install nodejs npm")
    require(CYPHER_LINT_SCRIPT.is_file(), f"{CYPHER_LINT_SCRIPT} is missing")
    require(
        (CYPHER_LINT_PACKAGE / "package.json").is_file(),
        f"npm packages not installed in {CYPHER_LINT_DIR}: run `make node-tools`",
    )
    return CYPHER_LINT_SCRIPT
