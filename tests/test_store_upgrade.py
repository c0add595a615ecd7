"""A store made before the model gained columns opens with a clear message and is upgraded in place."""

from __future__ import annotations

import ladybug
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.resources import resource_path


def _sample_store(tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["ingest", str(resource_path("ingest/sample")), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _drop(store, *columns: tuple[str, str]) -> None:
    """Make the store look as an older ecograph left it: without some of the model's columns."""
    db = ladybug.Database(str(store / "graph.lbug"))
    conn = ladybug.Connection(db)
    for table, column in columns:
        conn.execute(f"ALTER TABLE {table} DROP `{column}`")
    conn.close()
    db.close()


def test_old_store_is_named_and_upgraded_keeping_its_data(tmp_path):
    store = _sample_store(tmp_path)
    before = CliRunner().invoke(main, ["stats", "--store", str(store), "--format", "json"])
    _drop(store, ("Person", "left"), ("KNOWS", "end"))

    refused = CliRunner().invoke(main, ["stats", "--store", str(store)])
    assert refused.exit_code == 1
    assert "older ecograph" in refused.output and "Person.left" in refused.output
    assert "ecograph upgrade-store --store" in refused.output
    assert "Traceback" not in refused.output

    upgraded = CliRunner().invoke(main, ["upgrade-store", "--store", str(store)])
    assert upgraded.exit_code == 0, upgraded.output
    after = CliRunner().invoke(main, ["stats", "--store", str(store), "--format", "json"])
    assert after.exit_code == 0, after.output
    assert after.output == before.output
    left = CliRunner().invoke(main, ["query", "--store", str(store), "--format", "json",
                                     "MATCH (p:Person) RETURN count(p.left) AS dated"])
    assert '"dated": 0' in left.output


def test_upgrade_of_a_missing_store_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["upgrade-store", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "No store" in result.output
