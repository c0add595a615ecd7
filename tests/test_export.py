"""``ecograph export``: each format read back by the library that reads it, and the contract
round trip (export -> ingest changes nothing, into the same store or a fresh one)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from ecograph import model
from ecograph.analysis.ecosystem_brokers import find_brokers
from ecograph.analysis.gaps import find_gaps
from ecograph.analysis.projection import project
from ecograph.cli import main
from ecograph.export import export_graph
from ecograph.graph import counts, load_graph
from ecograph.ingest import ingest
from ecograph.ingest.load import read_state
from ecograph.store import StoreConfig, open_store

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
GOOD = Path(__file__).parent / "data" / "good"


def run(*args: object, code: int = 0):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def load(folder: Path, *sources: Path) -> Path:
    store = folder / "store"
    with open_store(StoreConfig(path=store)) as s:
        for source in sources:
            ingest(s, [source])
    return store


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return load(tmp_path_factory.mktemp("sample"), SAMPLE)


def stats(store: Path) -> dict[str, int]:
    with open_store(StoreConfig(path=store), read_only=True) as s:
        return {r["name"]: r["count"] for r in counts(s)}


def by_type(graph: nx.Graph) -> dict[str, int]:
    """Nodes per ``type`` and edges per ``relationship``, as ``ecograph stats`` counts them."""
    found = Counter(d["type"] for _, d in graph.nodes(data=True))
    found.update(d["relationship"] for *_, d in graph.edges(data=True))
    return dict(found)


def expected_graph(store: Path, **options) -> nx.Graph:
    with open_store(StoreConfig(path=store), read_only=True) as s:
        return export_graph(s, **options)


def edge_set(graph: nx.Graph, drop: tuple[str, ...] = ()) -> Counter:
    """Every edge with its attributes (GEXF adds its own edge ``id``: ``drop`` it)."""
    items = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, None, d) for u, v, d in graph.edges(data=True))
    return Counter((u, v, k, json.dumps({a: x for a, x in d.items() if a not in drop}, sort_keys=True))
                   for u, v, k, d in items)


# --- graph formats, read back ---------------------------------------------------------------------

READERS = {
    "graphml": nx.read_graphml,
    "gexf": nx.read_gexf,
    "json": lambda path: nx.node_link_graph(json.loads(Path(path).read_text(encoding="utf-8")), edges="edges"),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_graph_formats_read_back_with_the_store_counts(sample, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    out = run("export", fmt, "-o", path, "--store", sample)
    assert out.stdout.strip() == str(path)
    back = READERS[fmt](path)
    want = {k: v for k, v in stats(sample).items() if v}
    assert by_type(back) == want  # the same numbers as `ecograph stats`
    expected = expected_graph(sample)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edge_set(back, drop=("id",)) == edge_set(expected)
    # ... and those attributes are the store's.
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        stored = load_graph(s)
    assert back.nodes["P001"]["name"] == stored.nodes["P001"]["name"] == "Morag Dewhurst"
    assert back.nodes["P001"]["innovation_lead"] is True and back.nodes["P001"]["ics"] == "QYG"
    assert back.nodes["ICS:QYG"]["type"] == "ICS" and back.nodes["QYG"]["type"] == "Organisation"
    assert back.nodes["PS-001"]["start_date"] == stored.nodes["PS-001"]["start"]
    assert json.loads(back.nodes["RBS"]["extra"]) == json.loads(stored.nodes["RBS"]["extra"])
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


@pytest.mark.parametrize("level", ["person", "organisation"])
def test_levels_are_the_projections(sample, tmp_path, level):
    path = tmp_path / "p.graphml"
    run("export", "graphml", "--level", level, "--ics", "qyg", "-o", path, "--store", sample)
    back = nx.read_graphml(path)
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        proj = project(s, level, "QYG")
    assert set(back) == set(proj) and back.number_of_edges() == proj.number_of_edges()
    u, v, d = next(iter(proj.edges(data=True)))
    assert back.edges[u, v]["weight"] == d["weight"] and back.edges[u, v]["via"] == ";".join(sorted(d["via"]))


@pytest.mark.slow
def test_with_scores_match_the_analyses(sample, tmp_path):
    path = tmp_path / "s.json"
    run("export", "json", "--with-scores", "-o", path, "--store", sample)
    back = READERS["json"](path)
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        people, _ = find_brokers(s, "person", top=None)
        organisations, _ = find_brokers(s, "organisation", top=None)
        gaps = find_gaps(s)
    for row in people[:5] + organisations[:5]:
        node = back.nodes[row["id"]]
        assert node["betweenness"] == pytest.approx(row["betweenness"])
        assert node["constraint"] == pytest.approx(row["constraint"])
        assert [node[r] for r in ("coordinator", "gatekeeper", "liaison")] == [
            row[r] for r in ("coordinator", "gatekeeper", "liaison")]
    lead = next(g for g in gaps if g["rule"] == "no_innovation_lead")
    assert "no_innovation_lead" in back.nodes[lead["subject_id"]]["gaps"].split(";")
    flagged = {n for n, d in back.nodes(data=True) if d["gap_count"]}
    assert lead["subject_id"] in flagged and len(flagged) < back.number_of_nodes()


def test_redacted_export_names_nobody(sample, tmp_path):
    path = tmp_path / "r.json"
    run("export", "json", "--redact-people", "-o", path, "--store", sample)
    text = path.read_text(encoding="utf-8")
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        names = {d["name"] for _, d in load_graph(s).nodes(data=True) if d["label"] == "Person"}
    assert names and not [n for n in names if n in text]
    back = READERS["json"](path)
    assert back.nodes["P001"]["label"] == "Head of Adoption and Spread at " + back.nodes["AHSN-IA"]["name"]


# --- kumu and csv ---------------------------------------------------------------------------------


def test_kumu_workbook_and_blueprint(sample, tmp_path):
    expected = expected_graph(sample)
    run("export", "kumu", "-o", tmp_path / "k.xlsx", "--store", sample)
    book = openpyxl.load_workbook(tmp_path / "k.xlsx", read_only=True)
    assert book.sheetnames == ["Elements", "Connections"]
    elements = list(book["Elements"].iter_rows(values_only=True))
    connections = list(book["Connections"].iter_rows(values_only=True))
    assert elements[0][:5] == ("ID", "Label", "Type", "Description", "Tags")
    assert connections[0][:5] == ("ID", "From", "To", "Type", "Direction")
    ids = {row[0] for row in elements[1:]}
    assert ids == set(expected) and len(connections) - 1 == expected.number_of_edges()
    assert all(row[1] in ids and row[2] in ids for row in connections[1:])
    rbs = next(row for row in elements if row[0] == "RBS")
    assert rbs[1:3] == ("Alder Hey Children's NHS Foundation Trust", "Organisation") and "specialist-trust" in rbs[4]
    morag = next(row for row in elements if row[0] == "P001")
    assert set(morag[4].split("|")) == {"innovation lead", "innovation scout"}
    assert {row[4] for row in connections[1:] if row[3] == "KNOWS"} == {"undirected"}

    run("export", "kumu", "-o", tmp_path / "k.json", "--store", sample)
    blueprint = json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in blueprint["elements"]} == ids
    assert len(blueprint["connections"]) == expected.number_of_edges()
    assert next(e for e in blueprint["elements"] if e["id"] == "P001")["tags"] == ["innovation lead", "innovation scout"]


@pytest.mark.parametrize("target, files", [("out", ("out/nodes.csv", "out/edges.csv")),
                                           ("gm.csv", ("gm-nodes.csv", "gm-edges.csv"))])
def test_csv_nodes_and_edges(sample, tmp_path, target, files):
    out = run("export", "csv", "-o", tmp_path / target, "--store", sample)
    assert out.stdout.split() == [str(tmp_path / f) for f in files]
    with open(tmp_path / files[0], newline="", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / files[1], newline="", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    want = {k: v for k, v in stats(sample).items() if v}
    found = Counter(r["type"] for r in nodes) + Counter(r["relationship"] for r in edges)
    assert dict(found) == want
    ids = {r["id"] for r in nodes}
    assert all(r["source"] in ids and r["target"] in ids for r in edges)
    assert next(r for r in nodes if r["id"] == "P001")["innovation_lead"] == "yes"


# --- the contract round trip ----------------------------------------------------------------------


def changed(store: Path, source: Path) -> int:
    out = run("ingest", source, "--store", store, "--format", "json")
    return sum(r["created"] + r["updated"] + r["removed"] for r in json.loads(out.stdout)["changes"])


def state(store: Path):
    with open_store(StoreConfig(path=store), read_only=True) as s:
        found = read_state(s)
    return found.nodes, found.rels


@pytest.mark.slow
@pytest.mark.parametrize("data", [SAMPLE, GOOD], ids=["sample", "good"])
@pytest.mark.parametrize("target", ["contract.xlsx", "contract"])
def test_contract_round_trip_changes_nothing(tmp_path, data, target):
    store = load(tmp_path, data)
    before = state(store)
    out = tmp_path / target
    run("export", "contract", "-o", out, "--store", store)
    assert changed(store, out) == 0  # into the same store: nothing changes
    assert state(store) == before
    fresh = tmp_path / "fresh"
    run("ingest", out, "--store", fresh)
    assert stats(fresh) == stats(store)  # into a fresh store: the same graph
    assert state(fresh) == before


def test_contract_of_one_ics_is_self_contained(sample, tmp_path):
    out = tmp_path / "qmj.xlsx"
    run("export", "contract", "--ics", "qmj", "-o", out, "--store", sample)
    fresh = tmp_path / "fresh"
    run("ingest", out, "--store", fresh)  # every reference resolves inside the export
    got = stats(fresh)
    assert 0 < got["Organisation"] < stats(sample)["Organisation"]
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        whole = load_graph(s)
    qmj = {u for u, v, k in whole.edges(keys=True) if k == "IN_ICS" and v == ("ICS", "QMJ")}
    with open_store(StoreConfig(path=fresh), read_only=True) as s:
        assert qmj <= set(load_graph(s))
    assert changed(sample, out) == 0  # and it leaves the whole store as it was


@pytest.mark.slow
def test_export_edit_ingest(sample, tmp_path):
    """The coordinator's loop: export the workbook, change one cell, ingest: one update."""
    store = load(tmp_path, SAMPLE)
    out = tmp_path / "edit.xlsx"
    run("export", "contract", "-o", out, "--store", store)
    book = openpyxl.load_workbook(out)
    sheet = book["people"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "P001")
    row[header.index("job_title")].value = "Chief Innovation Officer"
    book.save(out)
    result = json.loads(run("ingest", out, "--store", store, "--format", "json").stdout)["changes"]
    assert {r["type"]: r["updated"] for r in result}["Person"] == 1
    assert sum(r["created"] + r["removed"] for r in result) == 0
    nodes, _ = state(store)
    assert nodes["Person"]["P001"]["job_title"] == "Chief Innovation Officer"


def test_contract_keeps_awkward_values(tmp_path):
    """Text that Excel would turn into a formula or a number, accents and extra columns come
    back exactly; the workbook holds them as text cells."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ics.csv").write_text("code,name\nQYG,Cheshire and Merseyside\n", encoding="utf-8")
    (folder / "organisations.csv").write_text(
        "id,name,kind,ics,Funding Note\n00123,=Zoë's Café CIC,sme,QYG,+44 151 000\n"
        "RBS,Alder Hey,specialist-trust,QYG,\n", encoding="utf-8")
    (folder / "people.csv").write_text(
        "id,name,organisation,job_title,innovation_lead\nP1,Siobhán O'Brien,00123,\"Lead, digital\n(two lines)\",yes\n",
        encoding="utf-8")
    store = load(tmp_path, folder)
    before = state(store)
    out = tmp_path / "awkward.xlsx"
    run("export", "contract", "-o", out, "--store", store)
    sheet = openpyxl.load_workbook(out)["organisations"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells["=Zoë's Café CIC"].data_type == "s" and cells["00123"].data_type == "s"
    assert [c.value for c in sheet[1]] == [c.name for c in model.columns_for("organisations.csv")] + ["funding_note"]
    assert changed(store, out) == 0 and state(store) == before
    run("export", "contract", "-o", tmp_path / "folder", "--store", store)
    assert changed(store, tmp_path / "folder") == 0


# --- where the files go -----------------------------------------------------------------------------


def test_existing_file_is_refused_without_force(sample, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text("keep me", encoding="utf-8")
    refused = run("export", "graphml", "-o", path, "--store", sample, code=1)
    assert "already exists" in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output and path.read_text(encoding="utf-8") == "keep me"
    run("export", "graphml", "-o", path, "--force", "--store", sample)
    with open_store(StoreConfig(path=sample), read_only=True) as s:
        nodes = sum(r["count"] for r in counts(s) if r["kind"] == "node")
    assert nx.read_graphml(path).number_of_nodes() == nodes
    folder = tmp_path / "contract"
    run("export", "contract", "-o", folder, "--store", sample)
    again = run("export", "contract", "-o", folder, "--store", sample, code=1)
    # every file that would be replaced is named, not only the first
    assert "these files exist already" in again.output
    assert all(f"{name}" in again.output for name in ("ics.csv", "people.csv", "coverage.csv"))


@pytest.mark.parametrize("args, message", [
    (["graphml", "-o", "{tmp}/a-file/g.graphml"], "a-file is a file, not a folder"),
    (["graphml", "-o", "{tmp}"], "is a folder"),
    (["kumu", "-o", "{tmp}/k.csv"], "Kumu imports a .xlsx workbook or a .json blueprint"),
    (["contract", "-o", "{tmp}/c.csv"], ".xlsx workbook or a folder"),
    (["contract", "--level", "person", "-o", "{tmp}/c.xlsx"], "takes no --level"),
    (["contract", "--redact-people", "-o", "{tmp}/c.xlsx"], "--redact-people"),
    (["json", "--ics", "QYX", "-o", "{tmp}/x.json"], "closest: QYG"),
])
def test_output_errors_are_one_clear_line(sample, tmp_path, args, message):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = run("export", *[a.format(tmp=tmp_path) for a in args], "--store", sample, code=1)
    first = result.output.splitlines()[0]
    assert first.startswith("Error: ") and message in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing written


def test_failed_write_leaves_the_old_file(tmp_path):
    """A value Excel cannot hold stops the workbook; the file already there is untouched and
    no temporary file is left."""
    store = load(tmp_path, SAMPLE)
    with open_store(StoreConfig(path=store)) as s:
        s.run("MATCH (p:Person) WHERE p.id = $id SET p.job_title = $title",
              {"id": "P001", "title": "Lead\x01 of things"}, write=True)
    path = tmp_path / "k.xlsx"
    path.write_bytes(b"old")
    result = run("export", "kumu", "-o", path, "--force", "--store", store, code=1)
    assert "control character" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == b"old" and not list(tmp_path.glob(".k*"))
