"""The Neo4j store on a live Bolt server: every command, the same answers as the embedded store.

The server is ArcadeDB's Bolt plugin, started by the ``neo4j_env`` fixture
(tests/fixtures_neo4j.py), or a real Neo4j when ``NEO4J_URI`` is set (point it at a scratch
database: the tests delete every node in it):
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... NEO4J_DATABASE=scratch make test

Where ArcadeDB behaves differently from Neo4j a test says so and skips only that assertion
on ArcadeDB; the syntax of every ``cypher/`` file is checked by Neo4j's own parser in
tests/test_cypher_parser.py.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner, Result

from ecograph.cli import main
from ecograph.errors import InputError, ReadOnlyError
from ecograph.graph import counts
from ecograph.ingest import ingest
from ecograph.ingest.load import read_state
from ecograph.maps.render import map_data as embedded_map_data
from ecograph.store import StoreConfig, open_store
from random_ecosystem import random_ecosystem, write_rows

pytestmark = pytest.mark.neo4j
DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
INNOVATION = "INN-005"  # in the sample: adopted in places, with routes to spread along
NEO4J_KEYS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
#: The environment of a user with no server configured (the error tests need none).
NO_SERVER: dict[str, str | None] = {key: None for key in NEO4J_KEYS}


@pytest.fixture
def env(neo4j_env: dict[str, str]) -> dict[str, str]:
    """The environment a user would set to reach the live server."""
    return {key: neo4j_env[key] for key in NEO4J_KEYS}


def config_of(env: dict[str, str | None]) -> StoreConfig:
    return StoreConfig(neo4j_uri=env["NEO4J_URI"], neo4j_user=env["NEO4J_USERNAME"],
                       neo4j_password=env["NEO4J_PASSWORD"], neo4j_database=env["NEO4J_DATABASE"])


@pytest.fixture
def neo4j_store(env):
    store = open_store(config_of(env))
    store.run("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.close()


@pytest.fixture
def embedded_sample(tmp_path: Path):
    store = open_store(StoreConfig(path=tmp_path / "s"))
    ingest(store, [SAMPLE])
    yield store
    store.close()


def invoke(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def embedded_env(store: Path) -> dict[str, str | None]:
    """The environment for the embedded store at ``store``, whatever NEO4J_URI says."""
    return {"ECOGRAPH_STORE": str(store), **{key: None for key in NEO4J_KEYS}}


def as_json(args: list[str], env: dict[str, str | None]) -> Any:
    result = invoke([*args, "--format", "json"], env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rounded(value: Any) -> Any:
    """JSON with floats to 9 significant digits: sums in another order differ in the last bits."""
    if isinstance(value, float):
        return float(f"{value:.9g}") if math.isfinite(value) else value
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def map_data(html: str, undirected: bool = False) -> Any:
    """The map's embedded data, with nodes and edges in a canonical order: the order of
    vis-network's nodes and edges (and so their numeric ids) carries no meaning and follows
    the order the store returned rows in; so does the orientation of an ``undirected`` map's
    edges (people who work together)."""
    data = embedded_map_data(html)
    data.get("meta", {}).pop("source", None)  # names the store: "an ecograph database" on a server
    key = {node["id"]: node["info"].get("key", node["id"]) for node in data["nodes"]}
    data["nodes"] = sorted(({**node, "id": key[node["id"]]} for node in data["nodes"]), key=lambda n: str(n["id"]))
    ends = (lambda a, b: sorted((a, b), key=str)) if undirected else (lambda a, b: (a, b))
    data["edges"] = sorted(json.dumps({**{k: v for k, v in edge.items() if k != "id"},
                                       **dict(zip(("from", "to"), ends(key[edge["from"]], key[edge["to"]])))},
                                      sort_keys=True)
                           for edge in data["edges"])
    return data


def every_command(env: dict[str, str | None], innovation: str, out: Path) -> dict[str, Any]:
    """Each read command's JSON (and the map's embedded data, written into ``out``) on the store
    ``env`` points at."""
    out.mkdir(parents=True, exist_ok=True)
    answers = {
        "stats": as_json(["stats"], env),
        "query": as_json(["query", "MATCH (o:Organisation) RETURN o.id AS id, o.name AS name, "
                                   "o.kind AS kind ORDER BY id"], env),
        "brokers": as_json(["brokers", "--top", "50"], env),
        "brokers-organisation": as_json(["brokers", "--level", "organisation"], env),
        "gaps": as_json(["gaps"], env),
        "spread": as_json(["spread", innovation], env),
        "partners": as_json(["partners", innovation], env),
    }
    # the national overview (its counts come from other queries than the analyses'): the page itself
    result = invoke(["map", "--view", "overview", "--no-drill-down", "-o", out / "overview.html"], env)
    assert result.exit_code == 0, result.output
    answers["map-overview"] = (out / "overview.html").read_text(encoding="utf-8")
    for level in ("all", "person"):
        result = invoke(["map", "--level", level, "--innovation", innovation, "-o", out / f"{level}.html"], env)
        assert result.exit_code == 0, result.output
        answers[f"map-{level}"] = map_data((out / f"{level}.html").read_text(encoding="utf-8"),
                                           undirected=level == "person")
    return rounded(answers)


def assert_reingest_changes_nothing(folder: Path, env: dict[str, str | None]) -> None:
    again = as_json(["ingest", folder], env)["changes"]
    assert again and sum(r["created"] + r["updated"] + r["removed"] for r in again) == 0, again


def assert_same_answers(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    for command in theirs:
        assert ours[command] == theirs[command], f"`{command}` differs between the engines"


def free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nobody listens


def assert_one_line_error(result: Result, *expected: str) -> None:
    """Exit 1 with "Error: ..." and its hint, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Error: ") and len(lines) <= 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in lines[0], result.output


def assert_refused(result: Result) -> None:
    """`query` without --write refused the statement, before running it or by rolling it back."""
    assert_one_line_error(result)
    first = result.output.splitlines()[0]
    assert "it was not run" in first or "it was rolled back" in first, result.output
    assert "--write" in result.output


# --- every command, the same on both engines -------------------------------------------------

@pytest.mark.slow
def test_ingest_and_every_command_match_the_embedded_store(neo4j_store, env, tmp_path: Path) -> None:
    local = embedded_env(tmp_path / "embedded")
    theirs_ingest = as_json(["ingest", SAMPLE], local)["changes"]
    ours_ingest = as_json(["ingest", SAMPLE], env)["changes"]
    assert ours_ingest == theirs_ingest and sum(r["created"] for r in ours_ingest) > 0
    assert_reingest_changes_nothing(SAMPLE, env)
    assert counts(neo4j_store) == as_json(["stats"], local)
    assert_same_answers(every_command(env, INNOVATION, tmp_path / "ours"),
                        every_command(local, INNOVATION, tmp_path / "theirs"))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 11, 29])
def test_random_ecosystems_give_the_same_answers(neo4j_store, env, tmp_path: Path, seed: int) -> None:
    rows = random_ecosystem(seed)
    folder = write_rows(tmp_path / "input", rows)
    local = embedded_env(tmp_path / "embedded")
    assert as_json(["ingest", folder], env)["changes"] == as_json(["ingest", folder], local)["changes"]
    assert_reingest_changes_nothing(folder, env)
    innovation = rows["innovations.csv"][0]["id"]
    assert_same_answers(every_command(env, innovation, tmp_path / "ours"),
                        every_command(local, innovation, tmp_path / "theirs"))


# --- all or nothing through the driver -------------------------------------------------------

def test_bad_input_writes_nothing(neo4j_store) -> None:
    ingest(neo4j_store, [DATA / "good"])
    before = read_state(neo4j_store)
    with pytest.raises(InputError):
        ingest(neo4j_store, [DATA / "messy"])
    assert read_state(neo4j_store) == before


class _FailAfterFirstBatch:
    """A progress bar that fails once the first batch of the write has reached the server."""

    def __init__(self, total: int, description: str) -> None:
        self.sent = 0

    def update(self, n: int) -> None:
        self.sent += n
        raise KeyboardInterrupt("interrupted in the middle of the write")


def test_an_ingest_that_fails_midway_leaves_the_old_state(neo4j_store) -> None:
    ingest(neo4j_store, [DATA / "good"])
    before = read_state(neo4j_store)
    with pytest.raises(KeyboardInterrupt):
        ingest(neo4j_store, [SAMPLE], progress=_FailAfterFirstBatch)
    assert read_state(neo4j_store) == before
    ingest(neo4j_store, [SAMPLE])  # and the store still takes the whole write afterwards
    assert read_state(neo4j_store) != before


# --- read-only means read-only ---------------------------------------------------------------

WRITES = [
    "CREATE (:ICS {code: 'ZZZ', name: 'Nowhere'})",
    "MATCH (i:ICS) SET i.name = 'renamed'",
    "// a comment first\nMATCH (i:ICS) DETACH DELETE i",
    "MERGE (i:ICS {code: 'ZZZ'}) RETURN i.code AS code",
    "MATCH (i:ICS) WITH i LIMIT 1 CREATE (i)-[:IN_ICS]->(:ICS {code: 'ZZY'}) RETURN 1 AS x",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_query_without_write_is_refused_and_changes_nothing(neo4j_store, env, cypher: str) -> None:
    ingest(neo4j_store, [SAMPLE])
    before = read_state(neo4j_store)
    result = invoke(["query", cypher], env)
    assert_refused(result)
    assert read_state(neo4j_store) == before


def test_the_server_alone_would_let_a_write_through_a_read_session(neo4j_store, env, on_arcadedb) -> None:
    """Why ecograph checks the statement itself: ArcadeDB ignores the session's access mode."""
    if not on_arcadedb:
        pytest.skip("Neo4j enforces the access mode itself; this documents ArcadeDB")
    with neo4j.GraphDatabase.driver(env["NEO4J_URI"], auth=(env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])) as driver:
        with driver.session(database=env["NEO4J_DATABASE"], default_access_mode=neo4j.READ_ACCESS) as session:
            session.run("CREATE (:ICS {code: 'LEAK'})").consume()
    assert neo4j_store.run("MATCH (i:ICS {code: 'LEAK'}) RETURN count(i) AS n") == [{"n": 1}]
    with pytest.raises(ReadOnlyError):
        neo4j_store.run("CREATE (:ICS {code: 'NOPE'})")
    assert neo4j_store.run("MATCH (i:ICS {code: 'NOPE'}) RETURN count(i) AS n") == [{"n": 0}]


SCHEMA_STATEMENTS = [
    "CREATE INDEX ecograph_probe IF NOT EXISTS FOR (n:ICS) ON (n.name)",
    "RETURN 1 AS x } RETURN *; CREATE INDEX ecograph_probe FOR (n:ICS) ON (n.name); CALL { RETURN 1 AS y",
    "DROP CONSTRAINT ics_code_unique",
]


@pytest.mark.parametrize("cypher", SCHEMA_STATEMENTS)
def test_schema_statement_without_write_is_refused_and_not_applied(neo4j_store, env, cypher: str) -> None:
    def schema() -> list[str]:
        return sorted(r["name"] for r in neo4j_store.run("SHOW INDEXES YIELD name RETURN name", write=True))

    before = schema()
    assert_refused(invoke(["query", cypher], env))
    assert schema() == before


def test_reads_run_and_writes_need_write(neo4j_store, env) -> None:
    ingest(neo4j_store, [SAMPLE])
    rows = as_json(["query", "MATCH (i:ICS) WHERE i.code = $code RETURN i.name AS name", "-p", "code=QYG"], env)
    assert rows == [{"name": r["name"]} for r in neo4j_store.run("MATCH (i:ICS {code: 'QYG'}) RETURN i.name AS name")]
    assert rows  # the sample has Cheshire and Merseyside
    result = invoke(["query", "CREATE (:ICS {code: 'ZZZ'})", "--write"], env)
    assert result.exit_code == 0, result.output
    assert neo4j_store.run("MATCH (i:ICS {code: 'ZZZ'}) RETURN count(i) AS n") == [{"n": 1}]


# --- every failure is one line; secrets never shown ------------------------------------------

def test_wrong_password(neo4j_store, env) -> None:
    result = invoke(["stats"], {**env, "NEO4J_PASSWORD": "not-the-password-0w9"})
    assert_one_line_error(result, "refused the credentials")
    assert "not-the-password-0w9" not in result.output and "NEO4J_PASSWORD" in result.output


def test_wrong_database(neo4j_store, env) -> None:
    for args in (["stats"], ["ingest", SAMPLE], ["query", "RETURN 1 AS x"]):
        result = invoke(args, {**env, "NEO4J_DATABASE": "nosuchdb"})
        assert_one_line_error(result, "no database 'nosuchdb'")
        assert "NEO4J_DATABASE" in result.output


def test_unreachable_server() -> None:
    uri = f"bolt://127.0.0.1:{free_closed_port()}"
    for args in (["stats"], ["ingest", SAMPLE]):
        assert_one_line_error(invoke([*args, "--neo4j-uri", uri], NO_SERVER), "Cannot reach", uri)


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://user:pw-in-http-9x@db.example.org",
                                 "localhost:7687", "ftp://127.0.0.1"])
def test_a_uri_that_is_not_bolt(uri: str) -> None:
    result = invoke(["stats", "--neo4j-uri", uri], NO_SERVER)
    assert_one_line_error(result, "is not a Neo4j Bolt URI")
    assert "pw-in-http-9x" not in result.output


def test_password_in_the_uri_of_a_closed_port_is_never_shown(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_closed_port()
    for uri in (f"bolt://ada:s3cret-A1@127.0.0.1:{port}", f"neo4j://ada:s3c/ret@A2@127.0.0.1:{port}"):
        for args in (["stats"], ["ingest", SAMPLE], ["query", "RETURN 1"]):
            result = invoke([*args, "--neo4j-uri", uri], NO_SERVER)
            assert_one_line_error(result, "Cannot reach", "***@127.0.0.1")
            assert "s3cret" not in result.output and "s3c/ret" not in result.output
    assert "s3c" not in caplog.text


def test_password_in_the_uri_of_the_live_server(neo4j_store, env, caplog, tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG)
    password = env["NEO4J_PASSWORD"]
    require_secret = password and len(password) >= 6
    if not require_secret:
        pytest.skip("the server's password is too short to search the output for")
    scheme, _, host = env["NEO4J_URI"].partition("://")
    with_secret = f"{scheme}://{env['NEO4J_USERNAME']}:{password}@{host}"
    without = {**env, "NEO4J_URI": with_secret, "NEO4J_PASSWORD": None, "NEO4J_USERNAME": None}
    ingested = invoke(["ingest", SAMPLE], without)  # the table format prints where it wrote
    assert ingested.exit_code == 0, ingested.output
    assert "***@" in ingested.output and password not in ingested.output
    assert as_json(["stats"], without) == counts(neo4j_store)
    wrong = f"{scheme}://{env['NEO4J_USERNAME']}:wrong-{password}@{host}"
    result = invoke(["stats"], {**without, "NEO4J_URI": wrong})
    assert_one_line_error(result, "refused the credentials", "***@")
    assert password not in result.output
    assert password not in caplog.text


def test_describe_never_shows_the_password() -> None:
    config = StoreConfig(neo4j_uri="bolt://ada:s3cret@db.example.org:7687", neo4j_database="x")
    assert config.describe() == "Neo4j at bolt://***@db.example.org:7687 (database x)"


KILLS = 3


@pytest.mark.slow
def settled_state(store, timeout: float = 60.0):
    """The database's state once the server has finished with a killed client's transaction.

    A kill can land after the client sent COMMIT: the server then commits (or rolls back) on its
    own time. What the test checks is where the database ends up, so read until two reads a
    second apart agree.
    """
    deadline = time.monotonic() + timeout
    state = read_state(store)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        again = read_state(store)
        if again == state:
            return state
        state = again
    return state


def test_an_ingest_killed_at_random_moments_leaves_the_old_or_the_new_state(neo4j_store, env, tmp_path: Path) -> None:
    """SIGKILL the ``ecograph ingest`` process at random moments: the server drops its open
    transaction with the connection, so the database holds exactly the old or the new state."""
    from ecograph.generate import generate
    nhs = Path(__file__).parent / "data" / "nhs"
    extra = tmp_path / "generated"
    generate(extra, people=600, seed=5, trusts=nhs / "ods_etr_trusts_2025.csv",
             gp_practices=nhs / "ods_epraccur_gp_practices_2025_subset.csv")
    command = [sys.executable, "-m", "ecograph", "ingest", str(extra)]
    child_env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join(sys.path)}

    def reset_to_old() -> None:
        neo4j_store.run("MATCH (n) DETACH DELETE n", write=True)
        ingest(neo4j_store, [SAMPLE])

    reset_to_old()
    old = read_state(neo4j_store)
    start = time.monotonic()
    subprocess.run(command, env=child_env, check=True, capture_output=True, timeout=600)
    full = time.monotonic() - start
    new = read_state(neo4j_store)
    assert new != old
    rng = random.Random(12)
    outcomes = []
    for attempt in range(KILLS):
        reset_to_old()
        child = subprocess.Popen(command, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # the first kill comes early, so that one lands before the commit however loaded the machine
        time.sleep(rng.uniform(0.1, 0.3) * full if attempt == 0 else rng.uniform(0.3, 1.0) * full)
        child.kill()
        child.wait()
        state = settled_state(neo4j_store)
        assert state in (old, new), "a killed ingest left a state that is neither the old nor the new"
        outcomes.append("new" if state == new else "old")
    assert "old" in outcomes, outcomes  # at least one kill landed before the commit
