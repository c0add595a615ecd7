"""`ecograph brokers` on classic graphs with known answers, ingested through the CSV contract."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ecograph.cli import main

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
KITE_NAMES = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike", "Jane"]


def write_people_graph(folder: Path, graph: nx.Graph, names: dict | None = None, org_of=lambda n: "ORG1") -> Path:
    """A people graph as contract CSV files: one ICS, organisations, people and their ties."""
    folder.mkdir(parents=True, exist_ok=True)
    names = names or {n: str(n) for n in graph}
    ids = {n: f"P{i:03d}" for i, n in enumerate(sorted(graph, key=str))}
    orgs = sorted({org_of(n) for n in graph})

    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)

    write("ics.csv", ["code", "name"], [["QXX", "Test ICS"], ["QYY", "Other ICS"]])
    write("organisations.csv", ["id", "name", "kind", "ics"],
          [[o, f"Organisation {o}", "acute-trust", "QXX" if i % 2 == 0 else "QYY"] for i, o in enumerate(orgs)])
    write("people.csv", ["id", "name", "organisation"], [[ids[n], names[n], org_of(n)] for n in graph])
    write("ties.csv", ["person_a", "person_b"], [[ids[a], ids[b]] for a, b in graph.edges])
    return folder


def brokers_json(store: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["brokers", "--store", str(store), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ingest(folder: Path, store: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(store)])
    assert result.exit_code == 0, result.output


def test_florentine_families_medici_top(tmp_path: Path) -> None:
    graph = nx.florentine_families_graph()
    ingest(write_people_graph(tmp_path / "in", graph), tmp_path / "s")
    rows = brokers_json(tmp_path / "s", "--top", "3", "--unweighted")  # NetworkX's measure
    assert rows[0]["name"] == "Medici"
    expected = nx.betweenness_centrality(graph)
    assert rows[0]["betweenness"] == pytest.approx(expected["Medici"])
    # by default, over the connected pairs (every tie has strength 1 here: the paths are the same)
    weighted = brokers_json(tmp_path / "s", "--top", "3")
    raw = nx.betweenness_centrality(graph, normalized=False)["Medici"]
    n = graph.number_of_nodes()
    assert weighted[0]["name"] == "Medici" and weighted[0]["betweenness"] == pytest.approx(raw / (n * (n - 1) / 2))
    assert "normalised over the connected pairs" in weighted[0]["method"]
    assert rows[0]["articulation_point"] is True  # the Medici hold Acciaiuoli to the rest
    assert set(rows[0]) >= {"id", "name", "betweenness", "constraint", "effective_size", "why",
                            "coordinator", "gatekeeper", "itinerant", "liaison", "method",
                            "z_gatekeeper", "betweenness_bound", "rank_certified"}


def test_krackhardt_kite(tmp_path: Path) -> None:
    graph = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE_NAMES)))
    ingest(write_people_graph(tmp_path / "in", graph), tmp_path / "s")
    rows = brokers_json(tmp_path / "s", "--top", "10")
    assert rows[0]["name"] == "Heather"
    assert max(rows, key=lambda r: r["degree"])["name"] == "Diane"
    constraint = nx.constraint(graph)
    for row in rows:
        assert row["constraint"] == pytest.approx(constraint[row["name"]])


def test_groups_and_levels(tmp_path: Path) -> None:
    # Two cliques in two organisations (two ICSs) joined through one person: a liaison-free bridge.
    graph = nx.barbell_graph(4, 1)
    ingest(write_people_graph(tmp_path / "in", graph, org_of=lambda n: "ORGA" if n < 4 else "ORGB"),
           tmp_path / "s")
    rows = brokers_json(tmp_path / "s", "--top", "1")
    assert rows[0]["name"] == "4" and rows[0]["articulation_point"] is True
    orgs = brokers_json(tmp_path / "s", "--level", "organisation")
    assert {r["id"] for r in orgs} == {"ORGA", "ORGB"}
    one = brokers_json(tmp_path / "s", "--ics", "qxx")
    assert all(r["ics"] == "QXX" for r in one)


def test_unknown_ics_and_excel_safe_csv(tmp_path: Path) -> None:
    graph = nx.path_graph(3)
    ingest(write_people_graph(tmp_path / "in", graph, names={0: "=cmd|' /C calc'!A0", 1: "Mid", 2: "End"}),
           tmp_path / "s")
    bad = CliRunner().invoke(main, ["brokers", "--store", str(tmp_path / "s"), "--ics", "QXY"])
    assert bad.exit_code == 1 and "QXX" in bad.output and "QYY" in bad.output
    out = CliRunner().invoke(main, ["brokers", "--store", str(tmp_path / "s"), "--format", "csv"]).stdout
    assert "'=cmd" in out and "\n=cmd" not in out and ",=cmd" not in out


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample")
def test_sample_story(tmp_path: Path) -> None:
    ingest(SAMPLE, tmp_path / "s")
    people = brokers_json(tmp_path / "s", "--top", "3")
    assert people[0]["id"] == "P001"  # the Innovation Agency's adoption lead
    assert {"P015", "P147"} <= {r["id"] for r in people}  # the only tie between the two ICSs
    orgs = brokers_json(tmp_path / "s", "--level", "organisation", "--top", "5")
    assert any(r["kind"] == "health-innovation-network" for r in orgs)
    teams = brokers_json(tmp_path / "s", "--level", "team", "--top", "3")
    assert teams and all("why" in r for r in teams)
