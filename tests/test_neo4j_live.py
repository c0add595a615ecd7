"""The same Cypher on a live Neo4j: runs only when NEO4J_URI points at a server.

Point it at a scratch database: the tests delete every node in it first.
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... NEO4J_DATABASE=scratch make test
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph.analysis.gaps import find_gaps
from ecograph.analysis.spread import spread_routes
from ecograph.cli import main
from ecograph.errors import InputError
from ecograph.graph import counts
from ecograph.ingest import ingest
from ecograph.store import StoreConfig, open_store

pytestmark = pytest.mark.neo4j
DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"


@pytest.fixture
def neo4j_store(neo4j_env):
    config = StoreConfig(neo4j_uri=neo4j_env["NEO4J_URI"], neo4j_user=neo4j_env["NEO4J_USERNAME"],
                         neo4j_password=neo4j_env["NEO4J_PASSWORD"], neo4j_database=neo4j_env["NEO4J_DATABASE"])
    store = open_store(config)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.close()


@pytest.fixture
def embedded_sample(tmp_path: Path):
    store = open_store(StoreConfig(path=tmp_path / "s"))
    ingest(store, [SAMPLE])
    yield store
    store.close()


def test_sample_counts_match_the_embedded_store(neo4j_store, embedded_sample) -> None:
    ingest(neo4j_store, [SAMPLE])
    assert counts(neo4j_store) == counts(embedded_sample)
    again = ingest(neo4j_store, [SAMPLE])
    assert again.changed == 0


def test_bad_input_writes_nothing(neo4j_store) -> None:
    ingest(neo4j_store, [DATA / "good"])
    before = counts(neo4j_store)
    with pytest.raises(InputError):
        ingest(neo4j_store, [DATA / "messy"])
    assert counts(neo4j_store) == before


def test_analyses_agree_across_engines(neo4j_store, embedded_sample) -> None:
    ingest(neo4j_store, [SAMPLE])

    def key(rows: list[dict]) -> list[tuple]:
        return sorted((r["rule"], r["subject_id"]) for r in rows)

    assert key(find_gaps(neo4j_store)) == key(find_gaps(embedded_sample))
    ours = {r["id"]: r["route_length"] for r in spread_routes(neo4j_store, "INN-005")}
    theirs = {r["id"]: r["route_length"] for r in spread_routes(embedded_sample, "INN-005")}
    assert ours == theirs


def test_query_is_read_only_without_write(neo4j_store, neo4j_env) -> None:
    result = CliRunner().invoke(main, ["query", "CREATE (:ICS {code: 'ZZZ'})", "--neo4j-uri", neo4j_env["NEO4J_URI"]])
    assert result.exit_code == 1 and "--write" in result.output
    assert neo4j_env["NEO4J_PASSWORD"] == "" or neo4j_env["NEO4J_PASSWORD"] not in result.output
    rows = json.loads(CliRunner().invoke(main, ["stats", "--format", "json"], env=dict(os.environ)).stdout)
    assert next(r for r in rows if r["name"] == "ICS")["count"] == 0
