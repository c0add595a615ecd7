"""Every Cypher file in the repo, checked by Neo4j's own parser and for its header.

* ``cypher/**/*.cypher`` outside ``cypher/ladybug/`` (engine-specific DDL)
  must pass ``tools/cypher-lint/lint.mjs`` (``lintCypherQuery`` from
  ``@neo4j-cypher/language-support``) with no *error* diagnostic. Warnings
  (deprecations, cartesian products, unbounded shortest paths, ...) are
  reported as pytest warnings and don't fail.
* Each of those files holds exactly one statement (Neo4j runs one per
  query), except the schema scripts under ``cypher/neo4j/`` and
  ``cypher/ladybug/``, which may hold several ``;``-separated statements.
* Every ``cypher/**/*.cypher`` file, ``cypher/ladybug/`` included, starts
  with the header described in :func:`test_cypher_header`.
* The lint harness and the header check are themselves proven to work on
  known-good and known-bad queries written to a temp dir, so a green run
  never means "the checker checked nothing".
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import REPO_ROOT

CYPHER_DIR = REPO_ROOT / "cypher"
NEO4J_EXEMPT_DIR = CYPHER_DIR / "ladybug"
# Engine-specific schema scripts: several `;`-separated statements allowed.
SCRIPT_DIRS = (CYPHER_DIR / "neo4j", CYPHER_DIR / "ladybug")
HEADER_TAGS = ("// Purpose:", "// Parameters:", "// Returns:")
LINT_TIMEOUT_S = 600


class CypherLintWarning(UserWarning):
    """A non-error diagnostic from Neo4j's Cypher parser."""


def all_cypher_files() -> list[Path]:
    return sorted(CYPHER_DIR.glob("**/*.cypher"))


def neo4j_parsed_files() -> list[Path]:
    return [f for f in all_cypher_files() if NEO4J_EXEMPT_DIR not in f.parents]


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _file_params(files: list[Path], what: str) -> list:
    if not files:
        return [
            pytest.param(
                None,
                id="no-files",
                marks=pytest.mark.skip(reason=f"no {what} in the repo yet"),
            )
        ]
    return [pytest.param(f, id=_rel(f)) for f in files]


def run_lint(node_lint: Path, files: list[Path], *, stdin: bool = False) -> tuple[int, dict]:
    """Run lint.mjs on ``files``; return (exit status, {path string: result}),
    each result being ``{"file", "statements", "diagnostics"}``."""
    node = shutil.which("node")
    assert node, "node vanished from PATH"
    args = [node, str(node_lint)]
    paths = [str(f) for f in files]
    proc = subprocess.run(
        args if stdin else args + paths,
        input=json.dumps(paths) if stdin else None,
        capture_output=True,
        text=True,
        timeout=LINT_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode in (0, 1), (
        f"lint.mjs crashed (exit {proc.returncode}):\n{proc.stderr}\n{proc.stdout[:2000]}"
    )
    results = json.loads(proc.stdout)
    assert [r["file"] for r in results] == paths, "lint.mjs must answer for every file, in order"
    return proc.returncode, {r["file"]: r for r in results}


def errors_of(diagnostics: list[dict]) -> list[dict]:
    return [d for d in diagnostics if d["severity"] == "error"]


def format_diagnostics(path: Path, diagnostics: list[dict]) -> str:
    return "\n".join(
        f"{_rel(path)}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}" for d in diagnostics
    )


# --------------------------------------------------------------------------
# The repo's own Cypher files through Neo4j's parser

@pytest.fixture(scope="module")
def repo_lint(node_lint) -> dict:
    """lint.mjs run once over every Neo4j-parsed file of the repo."""
    files = neo4j_parsed_files()
    if not files:
        return {}
    _, results = run_lint(node_lint, files)
    return results


@pytest.mark.node
@pytest.mark.parametrize("path", _file_params(neo4j_parsed_files(), "Neo4j-parsed cypher/**/*.cypher files"))
def test_neo4j_parser_accepts(path: Path, repo_lint: dict) -> None:
    diagnostics = repo_lint[str(path)]["diagnostics"]
    errors = errors_of(diagnostics)
    others = [d for d in diagnostics if d not in errors]
    if others:
        report = format_diagnostics(path, others)
        print(report)
        warnings.warn(CypherLintWarning(report), stacklevel=1)
    assert not errors, "Neo4j's Cypher parser rejects this file:\n" + format_diagnostics(path, errors)
    if not any(d in path.parents for d in SCRIPT_DIRS):
        statements = repo_lint[str(path)]["statements"]
        assert statements == 1, (
            f"{_rel(path)}: {statements} statements; one query per file "
            f"(only {', '.join(_rel(d) + '/' for d in SCRIPT_DIRS)} may hold several)"
        )


# --------------------------------------------------------------------------
# The lint harness itself, on known-bad and known-good queries

HEADER = "// Purpose: sample for the lint harness test\n// Parameters: $id\n// Returns: name\n"

# name -> (query, substring of an error message, line of that error)
BAD_QUERIES = {
    "syntax_error": (HEADER + "MATCH (o:Organisation {id: $id}\nRETURN o.name AS name\n", "Invalid input", 5),
    "misspelt_keyword": ("MATCH (o:Organisation)\nRETRUN o.name AS name\n", "Invalid input", 2),
    "shortest_path_min_length": (
        "MATCH p = shortestPath((a:Organisation)-[*2..5]-(b:Organisation))\nRETURN p\n",
        "shortestPath",
        1,
    ),
    "shortest_path_no_relationship": ("MATCH p = shortestPath((a:Organisation))\nRETURN p\n", "shortestPath", 1),
    "ladybug_shortest_syntax": (
        "MATCH p = (a:Organisation)-[* SHORTEST 1..3]-(b:Organisation)\nRETURN length(p) AS hops\n",
        "SHORTEST",
        1,
    ),
    "ladybug_ddl": ("CREATE NODE TABLE Organisation(id STRING, PRIMARY KEY (id))\n", "Invalid input", 1),
    "unknown_function": ("RETURN nosuchfunction(1) AS x\n", "nosuchfunction", 1),
    "apoc_procedure": ("CALL apoc.help('x') YIELD name\nRETURN name\n", "apoc.help", 1),
    "undefined_variable": ("MATCH (a:Organisation)\nRETURN b.name AS name\n", "not defined", 2),
    "wrong_arity": ("RETURN toUpper() AS x\n", "toUpper", 1),
    "ends_with_match": ("MATCH (a:Organisation)\n", "cannot conclude", 1),
    "no_statement": ("// Purpose: nothing\n", "No Cypher statement", 1),
}

GOOD_QUERIES = {
    "read_with_params": (
        HEADER
        + "MATCH (o:Organisation {id: $id})-[r:PARTNERS_WITH]-(p:Organisation)\n"
        + "WHERE p.kind IN $kinds AND r.since >= $since\n"
        + "RETURN p.name AS name, count(r) AS links, collect(DISTINCT p.kind) AS kinds\n"
        + "ORDER BY links DESC, name\nLIMIT $limit;\n// trailing comment\n"
    ),
    "write_unwind": (
        "UNWIND $rows AS row\nMERGE (o:Organisation {id: row.id})\nSET o += row.props\n"
        "RETURN count(o) AS written\n"
    ),
    "bounded_shortest_path": (
        "MATCH (a:Organisation {id: $from}), (b:Organisation {id: $to})\n"
        "MATCH p = shortestPath((a)-[:PARTNERS_WITH*..6]-(b))\n"
        "RETURN [n IN nodes(p) | n.id] AS route, length(p) AS hops\n"
    ),
    "gpm_shortest": (
        "MATCH p = SHORTEST 1 (a:Organisation {id: $from})-[:PARTNERS_WITH]-{1,3}(b:Organisation {id: $to})\n"
        "RETURN length(p) AS hops\n"
    ),
    "neo4j_constraint": "CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE\n",
    "call_subquery": (
        "MATCH (o:Organisation)\nCALL (o) {\n  MATCH (o)-[:PARTNERS_WITH]-(p)\n  RETURN count(p) AS degree\n}\n"
        "RETURN o.id AS id, degree\nORDER BY degree DESC\n"
    ),
}

# Valid Cypher that draws a warning (deprecated id()): must not fail.
WARNING_ONLY_QUERY = "MATCH (o:Organisation)\nRETURN id(o) AS internal_id\n"

# name -> (text, statements lint.mjs must count); none of them is an error.
STATEMENT_COUNTS = {
    "one_with_trailing_comment": (HEADER + "MATCH (o) RETURN o.id AS id;\n// trailing comment\n", 1),
    "two_queries": ("MATCH (a) RETURN a.id AS id;\nMATCH (b) RETURN b.id AS id;\n", 2),
    "ddl_script": (
        "CREATE CONSTRAINT a_id IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE;\n"
        "CREATE CONSTRAINT b_id IF NOT EXISTS FOR (n:B) REQUIRE n.id IS UNIQUE;\n"
        "CREATE CONSTRAINT c_id IF NOT EXISTS FOR (n:C) REQUIRE n.id IS UNIQUE;\n",
        3,
    ),
}


@pytest.fixture(scope="module")
def harness(node_lint, tmp_path_factory) -> dict:
    """lint.mjs run once over all sample queries (node takes seconds to start):
    {"status": exit status, "samples": {name: (path, lint result)}}."""
    tmp = tmp_path_factory.mktemp("cypher-lint-samples")
    samples = {
        **{k: v[0] for k, v in BAD_QUERIES.items()},
        **GOOD_QUERIES,
        **{k: v[0] for k, v in STATEMENT_COUNTS.items()},
        "warning_only": WARNING_ONLY_QUERY,
    }
    paths = {}
    for name, text in samples.items():
        paths[name] = tmp / f"{name}.cypher"
        paths[name].write_text(text, encoding="utf-8")
    status, results = run_lint(node_lint, list(paths.values()))
    return {"status": status, "samples": {name: (path, results[str(path)]) for name, path in paths.items()}}


@pytest.mark.node
@pytest.mark.parametrize("name", sorted(BAD_QUERIES))
def test_lint_rejects_known_bad(name: str, harness: dict) -> None:
    path, result = harness["samples"][name]
    diagnostics = result["diagnostics"]
    _, expected, line = BAD_QUERIES[name]
    errors = errors_of(diagnostics)
    assert errors, f"{name}: Neo4j's parser accepted a bad query:\n{path.read_text()}"
    hits = [d for d in errors if expected in d["message"]]
    assert hits, f"{name}: no error mentioning {expected!r}:\n" + format_diagnostics(path, diagnostics)
    assert any(d["line"] == line for d in hits), f"{name}: expected the error on line {line}:\n" + format_diagnostics(
        path, diagnostics
    )
    for d in diagnostics:
        assert isinstance(d["line"], int) and d["line"] >= 1
        assert isinstance(d["column"], int) and d["column"] >= 1
        assert d["message"]
    assert harness["status"] == 1, "an error diagnostic must make lint.mjs exit 1"


@pytest.mark.node
@pytest.mark.parametrize("name", sorted(GOOD_QUERIES))
def test_lint_accepts_known_good(name: str, harness: dict) -> None:
    path, result = harness["samples"][name]
    assert not errors_of(result["diagnostics"]), format_diagnostics(path, result["diagnostics"])
    assert result["statements"] == 1


@pytest.mark.node
@pytest.mark.parametrize("name", sorted(STATEMENT_COUNTS))
def test_lint_counts_statements(name: str, harness: dict) -> None:
    path, result = harness["samples"][name]
    assert result["statements"] == STATEMENT_COUNTS[name][1], result
    assert not errors_of(result["diagnostics"]), format_diagnostics(path, result["diagnostics"])


@pytest.mark.node
def test_lint_warnings_do_not_fail(node_lint, harness: dict) -> None:
    """Warnings are reported but exit 0; this run also feeds the paths as a JSON list on stdin."""
    path, result = harness["samples"]["warning_only"]
    diagnostics = result["diagnostics"]
    assert diagnostics, "expected a deprecation warning for id()"
    assert {d["severity"] for d in diagnostics} == {"warning"}, format_diagnostics(path, diagnostics)
    good_path, _ = harness["samples"]["read_with_params"]
    status, results = run_lint(node_lint, [good_path, path], stdin=True)
    assert status == 0, "warnings alone must not make lint.mjs exit non-zero"
    assert results[str(path)]["diagnostics"] == diagnostics


# --------------------------------------------------------------------------
# Header convention

def header_problems(text: str) -> list[str]:
    """What is wrong with a Cypher file's header; empty when it is fine (see test_cypher_header)."""
    lines = text.lstrip("\ufeff").splitlines()
    header: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        header.append(stripped)
    if not header:
        return ["the file does not start with a `//` header comment"]
    problems = []
    tag_at = {}
    for tag in HEADER_TAGS:
        where = [i for i, line in enumerate(header) if line.startswith(tag)]
        if not where:
            problems.append(f"header has no line starting {tag!r}")
        elif len(where) > 1:
            problems.append(f"header has {len(where)} lines starting {tag!r}")
        else:
            tag_at[tag] = where[0]
    starts = sorted(tag_at.values())
    for tag, i in tag_at.items():
        nxt = next((s for s in starts if s > i), len(header))
        text_of_tag = header[i][len(tag) :].strip() + "".join(line[2:].strip() for line in header[i + 1 : nxt])
        if not text_of_tag:
            problems.append(f"{tag!r} says nothing (write 'none' if there is nothing)")
    body = [line for line in lines[len(header) :] if line.strip() and not line.strip().startswith("//")]
    if not body:
        problems.append("no query after the header")
    return problems


@pytest.mark.parametrize("path", _file_params(all_cypher_files(), "cypher/**/*.cypher files"))
def test_cypher_header(path: Path) -> None:
    """Each Cypher file opens with a block of `//` comment lines (the header,
    ending at the first line that is not a `//` comment), followed by exactly
    one query. The header holds, once each and in any order, lines starting:

    * ``// Purpose:`` what the query is for;
    * ``// Parameters:`` each ``$parameter`` it takes with its meaning
      (``none`` if it takes none);
    * ``// Returns:`` the columns it returns, by name (``none`` for a
      statement that returns nothing, such as DDL).

    A tag's text may go on over the following `//` lines. Example::

        // Purpose: organisations that bridge otherwise unconnected groups
        // Parameters: $limit  max rows
        // Returns: id, name, betweenness
        MATCH ...
    """
    problems = header_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{_rel(path)}: " + "; ".join(problems)


GOOD_HEADERS = {
    "inline": "// Purpose: p\n// Parameters: none\n// Returns: a, b\nRETURN 1 AS a, 2 AS b\n",
    "continued": (
        "// Purpose: p\n// Parameters:\n//   $id  the organisation\n//   $limit  max rows\n"
        "// Returns:\n//   name\n\nMATCH (o {id: $id}) RETURN o.name AS name LIMIT $limit\n"
    ),
}
BAD_HEADERS = {
    "no_header": ("MATCH (n) RETURN n\n", "does not start"),
    "missing_returns": ("// Purpose: p\n// Parameters: none\nRETURN 1\n", "// Returns:"),
    "blank_purpose": ("// Purpose:\n// Parameters: none\n// Returns: x\nRETURN 1 AS x\n", "says nothing"),
    "duplicate_tag": ("// Purpose: a\n// Purpose: b\n// Parameters: none\n// Returns: x\nRETURN 1 AS x\n", "2 lines"),
    "header_only": ("// Purpose: p\n// Parameters: none\n// Returns: none\n", "no query"),
    "tag_after_blank_line": ("// Purpose: p\n// Parameters: none\n\n// Returns: x\nRETURN 1 AS x\n", "// Returns:"),
}


@pytest.mark.parametrize("name", sorted(GOOD_HEADERS))
def test_header_check_accepts(name: str) -> None:
    assert header_problems(GOOD_HEADERS[name]) == []


@pytest.mark.parametrize("name", sorted(BAD_HEADERS))
def test_header_check_rejects(name: str) -> None:
    text, expected = BAD_HEADERS[name]
    problems = header_problems(text)
    assert any(expected in p for p in problems), problems
