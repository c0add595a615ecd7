"""`ecograph query` without --write runs only statements that read the graph (issue 12, item 2).

Every bypass a tester found (and variants of each: case, comments, odd whitespace, a second
statement after `;`) is refused, and nothing outside the store is read or written: the
content of /etc/passwd never comes back, a COPY TO target is never created, no extension's
code runs, and the store folder is byte-for-byte unchanged (no WAL written).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import ladybug
import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT, require
from ecograph.cli import main
from ecograph.errors import ExtensionRefused, QueryError, ReadOnlyError
from ecograph.store.statement_guard import (checked_statements, ladybug_explainer, plan_operators,
                                            split_statements)

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ro") / "store"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def query(store: Path, text: str, *options: str):
    return CliRunner().invoke(main, ["query", "--store", str(store), "--format", "json", *options, text])


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """A folder outside the store for targets that must never appear."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "people.csv").write_text("id,name\nX1,Somebody\n")
    return folder


BYPASSES = [
    "COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "copy (match (o:Organisation) return o.name) to '{out}/copy.csv'",
    "/* MATCH (n) RETURN n */ COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "// MATCH (n) RETURN n\nCOPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "\u3000\t\u00a0CoPy (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "\x0b\x0c\x1c\u2028COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "MATCH (o:Organisation) RETURN o.name LIMIT 1;\n\n  EXPORT DATABASE '{out}/export';",
    "MATCH (o:Organisation) RETURN o.name LIMIT 1; COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "RETURN ';' AS s; COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "RETURN 1 /* ; */ ; COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "EXPLAIN COPY (MATCH (o:Organisation) RETURN o.name) TO '{out}/copy.csv'",
    "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
    "load from \"/etc/passwd\" (file_format='csv', header=false, delim=':') return *",
    "MATCH (o:Organisation) WITH o LIMIT 1 LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
    "UNWIND [1] AS x LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' (file_format='csv', header=false) RETURN *",
    "CALL read_csv_serial('/etc/passwd') RETURN *",
    "COPY Person FROM '{out}/people.csv'",
    "EXPORT DATABASE '{out}/export'",
    "IMPORT DATABASE '{out}'",
    "INSTALL json",
    "FORCE INSTALL json",
    "UPDATE json",
    "LOAD EXTENSION '{out}/x.so'",
    "LOAD json",
    "CHECKPOINT",
    "checkpoint;",
    "MATCH (n:ICS) RETURN n.code; /* harmless? */ checkpoint",
    "PROFILE CHECKPOINT",
    "BEGIN TRANSACTION",
    "ATTACH '{out}/other' AS other (dbtype lbug)",
    "DETACH other",
    "USE other",
    "CALL threads=1",
    "CALL project_graph('g', ['Person'], ['KNOWS'])",
    "CALL clear_warnings()",
    "CREATE (:ICS {{code: 'ZZZ', name: 'New'}})",
    "MATCH (o:Organisation) SET o.name = 'changed'",
    "MERGE (:ICS {{code: 'ZZZ'}})",
    "MATCH (i:ICS) DETACH DELETE i",
    "DROP TABLE ICS",
    "CREATE NODE TABLE Extra(id STRING PRIMARY KEY)",
    "ALTER TABLE ICS ADD extra STRING",
    "CREATE MACRO m(x) AS x + 1",
    "CREATE SEQUENCE s",
    "RETURN nextval('s')",
]


@pytest.mark.parametrize("template", BYPASSES)
def test_bypass_is_refused_and_nothing_outside_the_store_is_touched(store: Path, outside: Path,
                                                                    template: str) -> None:
    before_store, before_outside = snapshot(store), snapshot(outside)
    result = query(store, template.format(out=outside))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: Refused"), result.output
    assert "Traceback" not in result.output
    assert "root:" not in result.output  # /etc/passwd's content never comes back
    assert snapshot(store) == before_store  # no WAL, no checkpoint, no change
    assert snapshot(outside) == before_outside  # no COPY TO target, no export folder
    # the database file and the store's own bookkeeping (writer lock, version record): no WAL
    assert sorted(p.name for p in store.iterdir()) == [".lock", "graph.lbug", "store-info.json"]


def test_reads_still_run_including_keywords_inside_strings_and_comments(store: Path) -> None:
    text = ("// LOAD FROM '/etc/passwd'; COPY (RETURN 1) TO '/tmp/x.csv'\n"
            "MATCH (i:ICS) /* CHECKPOINT; INSTALL json */ RETURN i.code AS code, "
            "'COPY (MATCH (n) RETURN n) TO \"/tmp/x\"; LOAD EXTENSION x' AS text ORDER BY code")
    result = query(store, text)
    assert result.exit_code == 0, result.output
    assert '"code": "QYG"' in result.output and "LOAD EXTENSION x" in result.output


@pytest.mark.parametrize("text", [
    "MATCH (i:ICS) RETURN count(*) AS n; MATCH (o:Organisation) RETURN count(*) AS n",
    "CALL show_tables() RETURN name",
    "CALL table_info('Person') RETURN *",
    "EXPLAIN MATCH (o:Organisation) RETURN o.name",
    "MATCH p = (a:Person)-[:KNOWS* SHORTEST 1..4]-(b:Person) RETURN length(p) LIMIT 2",
    "OPTIONAL MATCH (i:ICS {code: $code}) RETURN i.name",
    "UNWIND [3, 1, 2] AS x WITH x ORDER BY x LIMIT 3 RETURN collect(x)",
    "MATCH (o:Organisation) WHERE EXISTS { MATCH (o)<-[:WORKS_FOR]-(:Person) } RETURN count(o)",
])
def test_read_only_statements_run(store: Path, text: str) -> None:
    result = query(store, text, "-p", "code=QYG")
    assert result.exit_code == 0, result.output


def test_every_statement_is_checked_before_any_runs(store: Path) -> None:
    result = query(store, "MATCH (i:ICS) RETURN i.code; RETURN 2; CALL threads=1")
    assert result.exit_code == 1
    assert "statement 3 of 3" in result.output
    assert "QYG" not in result.output  # the first statement's rows were never printed


def compile_extension(folder: Path) -> tuple[Path, Path]:
    """A shared library whose constructor creates a marker file when it is loaded."""
    require(shutil.which("cc") is not None, "a C compiler (cc) is needed: apt-get install gcc")
    marker = folder / "extension-ran"
    source = folder / "x.c"
    source.write_text('#include <stdio.h>\n__attribute__((constructor)) static void ran(void) {\n'
                      f'  FILE *f = fopen("{marker}", "w"); if (f) fclose(f);\n}}\n')
    library = folder / "x.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library, marker


def test_no_extension_code_runs_unless_explicitly_allowed(store: Path, tmp_path: Path) -> None:
    library, marker = compile_extension(tmp_path)
    text = f"LOAD EXTENSION '{library}'"
    for options in ((), ("--write",), ("--allow-extensions",)):
        result = query(store, text, *options)
        assert result.exit_code != 0
        assert not marker.exists(), options
    assert "--allow-extensions" in query(store, text, "--write").output
    # the proof that the test can fail: explicitly allowed, the engine does load it
    query(store, text, "--write", "--allow-extensions")
    assert marker.exists()


def test_write_mode_runs_file_statements_but_still_refuses_extensions(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "orgs.csv"
    result = query(store, f"COPY (MATCH (o:Organisation) RETURN o.id) TO '{target}'", "--write")
    assert result.exit_code == 0, result.output
    assert target.exists()
    for text in ("INSTALL json", "match (i:ICS) return i; /* x */ lOaD json", "FORCE INSTALL json"):
        result = query(store, text, "--write")
        assert result.exit_code == 1 and "extension" in result.output, result.output


def test_the_engine_confirms_each_piece_is_one_statement(tmp_path: Path) -> None:
    """Even if our split were wrong, the engine prepares a piece before EXPLAIN and refuses
    two statements in it without running the second."""
    db = ladybug.Database(str(tmp_path / "db"))
    conn = ladybug.Connection(db)
    explain = ladybug_explainer(conn, {})
    with pytest.raises(QueryError, match="multiple statements"):
        explain("RETURN 1; CREATE NODE TABLE Z(id STRING PRIMARY KEY)")
    assert "Z" not in {row[1] for row in conn.execute("CALL show_tables() RETURN *").get_all()}
    conn.close()
    db.close()


@pytest.mark.parametrize("text, pieces", [
    ("RETURN 1; RETURN 2;", ["RETURN 1", " RETURN 2"]),
    ("RETURN ';' ; RETURN \"a\\\";b\"", ["RETURN ';' ", " RETURN \"a\\\";b\""]),
    ("RETURN `a;b`; RETURN 2", ["RETURN `a;b`", " RETURN 2"]),
    ("RETURN 1 /* ; */ // ;\n; RETURN 2", ["RETURN 1 /* ; */ // ;\n", " RETURN 2"]),
    ("RETURN 1 /* a ***/ ; RETURN 2", ["RETURN 1 /* a ***/ ", " RETURN 2"]),
])
def test_split_follows_the_engine_grammar(text: str, pieces: list[str]) -> None:
    assert [s.text for s in split_statements(text)] == pieces


@pytest.mark.parametrize("text", [
    "RETURN 'open", "RETURN 1 /* open", "RETURN `open", "RETURN '\\q'",
    "RETURN 1 // comment\r; CHECKPOINT",
    # the grammar's block comment does not end at an even run of stars before '/'
    "RETURN 1 /* a **/ ; CHECKPOINT",
])
def test_text_the_engine_could_read_differently_is_refused(text: str) -> None:
    with pytest.raises(QueryError):
        checked_statements(text, lambda s: pytest.fail("must not reach the engine"), write=False)


def test_write_mode_needs_no_plan_and_refuses_extensions_by_shape() -> None:
    never = lambda s: pytest.fail("write mode does not EXPLAIN")  # noqa: E731
    assert checked_statements("CREATE (:ICS {code:'X'}); CHECKPOINT", never, write=True) == \
        ["CREATE (:ICS {code:'X'})", " CHECKPOINT"]
    with pytest.raises(ExtensionRefused):
        checked_statements("LOAD EXTENSION 'x.so'", never, write=True)
    assert checked_statements("LOAD FROM 'x.csv' RETURN *", never, write=True)
    with pytest.raises(ReadOnlyError):
        checked_statements("LOAD FROM 'x.csv' RETURN *", never, write=False)


def test_a_plan_that_cannot_be_read_is_not_trusted() -> None:
    assert plan_operators("│ RESULT_COLLECTOR[1] │ │ PROJECTION[0] │")[0] == {"RESULT_COLLECTOR", "PROJECTION"}
    with pytest.raises(QueryError):
        plan_operators("│ RESULT_COLLECTOR[2] │ │ PROJECTION[0] │")  # operator 1 missing
    with pytest.raises(QueryError):
        plan_operators("no plan")


def test_ecograph_own_read_queries_pass_the_engine_check_too(store: Path) -> None:
    """Packaged read queries skip the (costly) second planning when they run; here every one of
    them takes it, with its parameters bound, on the engine (most are read as Arrow tables, a
    path that does not go through ``run()``, so running commands would not reach them all)."""
    from ecograph.store import StoreConfig, open_store, statement_guard

    values = {"as_of": "2026-01-01", "ics": "QYG", "hin_kind": "health innovation network",
              "organisations": ["RBN"], "partnerships": ["PS-001"], "people": ["P001"], "teams": ["T1"],
              "trust_kinds": ["acute trust"]}
    queries = sorted(statement_guard._packaged_reads())
    assert len(queries) >= 40
    with open_store(StoreConfig(path=store), read_only=True) as s:
        connection = s._connection()
        checked = 0
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(statement_guard, "is_packaged_read", lambda text: False)
            for text in queries:
                params = {name: values[name] for name in set(re.findall(r"\$([a-z_]+)", text))}
                statement_guard.checked_statements(text, statement_guard.ladybug_explainer(connection, params),
                                                   write=False)
                checked += 1
            with pytest.raises(ReadOnlyError):  # the same check refuses a write
                statement_guard.checked_statements("MATCH (p:Person) SET p.name = 'x'",
                                                   statement_guard.ladybug_explainer(connection, {}), write=False)
    assert checked == len(queries)


def opened_paths(store: Path, text: str, *options: str) -> set[str]:
    """Every path the command passed to open/openat/creat/mkdir (strace of the real process)."""
    require(shutil.which("strace") is not None, "strace is needed: apt-get install strace")
    if subprocess.run(["strace", "-qq", "-o", os.devnull, "true"], capture_output=True).returncode != 0:
        # A kernel or container policy, not something an install step can add: a plain skip.
        pytest.skip("this machine does not allow ptrace (strace cannot trace)")
    log = store.parent / "strace.log"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,creat,mkdir,rename", "-o", str(log),
                    sys.executable, "-m", "ecograph", "query", "--store", str(store), *options, text],
                   capture_output=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                   timeout=120)
    return set(re.findall(r'"(/[^"]*)"', log.read_text()))


@pytest.mark.slow
def test_a_refused_query_opens_no_file_outside_the_store(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.csv"
    for text in ("LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
                 "CALL read_csv_serial('/etc/passwd') RETURN *",
                 f"MATCH (i:ICS) RETURN i.code; COPY (MATCH (o:Organisation) RETURN o.name) TO '{target}'"):
        paths = opened_paths(store, text)
        assert "/etc/passwd" not in paths and str(target) not in paths, text
        assert str(store / "graph.lbug") in paths  # the trace does see the store being read
    # the proof that it could fail: allowed to, the engine reads the file
    assert "/etc/passwd" in opened_paths(store, "LOAD FROM '/etc/passwd' (file_format='csv', header=false, "
                                                "delim=':') RETURN count(*)", "--write")
