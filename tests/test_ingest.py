"""Ingest on the real embedded store: contract, validation, all-or-nothing, idempotence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ecograph import codegen, model
from ecograph.cli import main
from ecograph.errors import InputError
from ecograph.graph import load_graph
from ecograph.ingest import ingest, write_templates
from ecograph.store import StoreConfig, open_store

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"


def snapshot(store_path: Path) -> tuple[dict, list]:
    """Every node with its properties and every relationship with its properties."""
    with open_store(StoreConfig(path=store_path)) as store:
        graph = load_graph(store)
    nodes = {n: dict(d) for n, d in graph.nodes(data=True)}
    edges = sorted(((u, v, k, json.dumps(d, sort_keys=True)) for u, v, k, d in graph.edges(keys=True, data=True)),
                   key=str)
    return nodes, edges


def run(*args: str) -> "object":
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def good_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    result = run("ingest", DATA / "good", "--store", store)
    assert result.exit_code == 0, result.output
    return store


def test_good_files_load_normalised(good_store: Path) -> None:
    nodes, edges = snapshot(good_store)
    assert nodes["RBS"]["kind"] == "specialist-trust"  # "Specialist Trust"
    assert nodes["AHSN-IA"]["kind"] == "health-innovation-network"  # "AHSN"
    assert nodes["N81001"]["name"] == "Eastham Group Practice"  # whitespace stripped
    assert json.loads(nodes["RBS"]["extra"]) == {"website": "https://alderhey.nhs.uk"}
    assert nodes["P001"]["innovation_lead"] is True and nodes["P002"]["innovation_lead"] is False
    assert nodes["P002"]["clinical_champion"] is True  # "TRUE"
    assert nodes["P003"]["innovation_scout"] is True  # "y"
    assert nodes["PS-1"]["start"] == "2023-04-01"  # 01/04/2023, a UK date
    assert nodes["INN-2"]["kind"] == "pathway"  # "care pathway"
    kinds = {(u, v, k) for u, v, k, _ in edges}
    assert ("RRV", "INN-2", "DEVELOPED") in kinds and ("P004", "INN-2", "DEVELOPED") in kinds
    assert ("P001", "P002", "KNOWS") in kinds  # a tie is stored once, in id order
    roles = {(u, v): json.loads(d)["role"] for u, v, k, d in edges if k == "MEMBER_OF"}
    assert roles[("RBS", "PS-1")] == "lead" and roles[("AHSN-IA", "PS-1")] == "member"


def test_reingest_changes_nothing(good_store: Path) -> None:
    before = snapshot(good_store)
    result = run("ingest", DATA / "good", "--store", good_store, "--format", "json")
    rows = json.loads(result.stdout)["changes"]
    assert all(r["created"] == r["updated"] == r["removed"] == 0 for r in rows)
    assert sum(r["unchanged"] for r in rows) == sum(len(x) for x in before)
    assert snapshot(good_store) == before


def test_edited_file_updates_changed_properties(good_store: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    edited.mkdir()
    text = (DATA / "good" / "people.csv").read_text()
    text = text.replace("P002,Jo Madeup,RBS,,Consultant Paediatrician",
                        "P002,Jo Madeup,RRV,,Consultant in Paediatric Innovation")
    (edited / "people.csv").write_text(text)
    result = run("ingest", edited, "--store", good_store, "--format", "json")
    counts = {r["type"]: r for r in json.loads(result.stdout)["changes"]}
    assert counts["Person"]["updated"] == 1 and counts["Person"]["unchanged"] == 3
    assert counts["WORKS_FOR"]["created"] == 1 and counts["WORKS_FOR"]["removed"] == 1
    nodes, edges = snapshot(good_store)
    assert nodes["P002"]["job_title"] == "Consultant in Paediatric Innovation"
    works_for = {v for u, v, k, _ in edges if u == "P002" and k == "WORKS_FOR"}
    assert works_for == {"RRV"}  # moved, not added


def test_references_may_point_into_the_store(good_store: Path, tmp_path: Path) -> None:
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "people.csv").write_text("id,name,organisation\nP010,Lee Newcomer,RRV\n")
    (extra / "ties.csv").write_text("person_a,person_b\nP010,P004\n")
    assert run("ingest", extra, "--store", good_store).exit_code == 0
    nodes, edges = snapshot(good_store)
    assert "P010" in nodes and ("P004", "P010", "KNOWS") in {(u, v, k) for u, v, k, _ in edges}
    # A partial file keeps properties it does not mention.
    assert nodes["P004"]["job_title"] == "Chief Clinical Information Officer"


def test_messy_files_report_every_problem_and_write_nothing(good_store: Path) -> None:
    before = snapshot(good_store)
    result = CliRunner().invoke(main, ["ingest", str(DATA / "messy"), "--store", str(good_store)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("  - ")]
    expected = [
        ("adoptions.csv", "the file is empty"),
        ("champions.csv, row 2", "not UTF-8", "--encoding"),
        ("organisations.csv, row 5, column 'id'", "used twice", "row 2"),
        ("organisations.csv, row 3, column 'kind'", "Specialst Trust", "specialist-trust"),
        ("organisations.csv, row 4, column 'ics'", "QZZ"),
        ("teams.csv, row 1, column 'organisation'", "required column is missing"),
        ("people.csv, row 2, column 'innovation_lead'", "maybe", "yes or no"),
        ("people.csv, row 3, column 'name'", "required value is empty"),
        ("partnerships.csv, row 2, column 'start'", "2023-13-45", "YYYY-MM-DD"),
        ("memberships.csv, row 2, column 'role'", "chair", "lead or member"),
        ("ties.csv, row 2, column 'person_b'", "tied to themselves"),
    ]
    for parts in expected:
        assert any(all(p in line for p in parts) for line in problems), (parts, problems)
    assert len(problems) == len(expected)
    assert "Nothing was written" in result.output
    assert snapshot(good_store) == before


def test_unknown_reference_suggests_closest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(DATA / "good", folder)
    (folder / "adoptions.csv").write_text("organisation,innovation\nRBS,INN-3\n")
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        with pytest.raises(InputError) as caught:
            ingest(store, [folder])
    (problem,) = caught.value.problems
    assert problem.file == "adoptions.csv" and problem.row == 2 and problem.column == "innovation"
    assert "INN-1" in problem.fix or "INN-2" in problem.fix


def test_bom_and_other_encodings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ics.csv").write_bytes("code,name\nQYG,Ynys Môn test\n".encode("cp1252"))
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--store", str(store)]).exit_code == 1
    result = run("ingest", folder, "--store", store, "--encoding", "cp1252")
    assert result.exit_code == 0
    nodes, _ = snapshot(store)
    assert nodes[("ICS", "QYG")]["name"] == "Ynys Môn test"


def test_workbook_and_templates(tmp_path: Path) -> None:
    """The templates' example rows are refused (issue 11); made into real rows, the CSV
    templates and the workbook load the same graph."""
    write_templates(tmp_path / "csv")
    (book,) = write_templates(tmp_path / "xlsx", workbook=True)
    refused = CliRunner().invoke(main, ["ingest", str(tmp_path / "csv"), "--store", str(tmp_path / "x")])
    assert refused.exit_code == 1 and "example row" in refused.output
    for path in (tmp_path / "csv").glob("*.csv"):
        path.write_text(path.read_text().replace("EXAMPLE-", "X").replace(" (delete this row)", ""))
    workbook = openpyxl.load_workbook(book)
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace("EXAMPLE-", "X").replace(" (delete this row)", "")
    workbook.save(book)
    store_a, store_b = tmp_path / "a", tmp_path / "b"
    assert run("ingest", tmp_path / "csv", "--store", store_a).exit_code == 0
    assert run("ingest", book, "--store", store_b).exit_code == 0
    assert snapshot(store_a) == snapshot(store_b)
    nodes, edges = snapshot(store_a)
    assert len(edges) >= 10 and {d["label"] for d in nodes.values()} >= {"ICS", "Person", "Partnership"}


def test_unreadable_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a zip file")
    result = CliRunner().invoke(main, ["validate", str(bad), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1 and "broken.xlsx" in result.output and "cannot be read" in result.output


def test_workbook_sheet_row_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ICS"
    sheet.append(["code", "name"])
    sheet.append(["QYG", None])
    path = tmp_path / "eco.xlsx"
    book.save(path)
    result = CliRunner().invoke(main, ["validate", str(path), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "eco.xlsx › ICS, row 2, column 'name'" in result.output


def test_validate_ok_and_dry_run(tmp_path: Path) -> None:
    assert "no problems" in run("validate", DATA / "good", "--store", tmp_path / "s").output
    result = run("ingest", DATA / "good", "--store", tmp_path / "s", "--dry-run", "--format", "json")
    assert sum(r["created"] for r in json.loads(result.stdout)["changes"]) > 0
    stats = run("stats", "--store", tmp_path / "s")  # --dry-run writes nothing, not even an empty store
    assert stats.exit_code == 1 and "holds no store" in stats.output


def test_stats_and_query(good_store: Path) -> None:
    stats = {r["name"]: r["count"] for r in json.loads(run("stats", "--store", good_store, "--format", "json").stdout)}
    assert stats["Person"] == 4 and stats["KNOWS"] == 3 and stats["ICS"] == 2
    rows = json.loads(run("query", "MATCH (p:Person) WHERE p.id = $id RETURN p.name AS name",
                          "-p", "id=P004", "--store", good_store, "--format", "json").output)
    assert rows == [{"name": "Kit Placeholder"}]
    write = CliRunner().invoke(main, ["query", "MATCH (p:Person) SET p.name = 'x'", "--store", str(good_store)])
    assert write.exit_code == 1 and "--write" in write.output
    assert run("query", "MATCH (p:Person) WHERE p.id = 'P004' SET p.name = 'Kit P' RETURN p.name",
               "--write", "--store", good_store).exit_code == 0
    assert snapshot(good_store)[0]["P004"]["name"] == "Kit P"


def test_transaction_rolls_back(good_store: Path) -> None:
    before = snapshot(good_store)
    with open_store(StoreConfig(path=good_store)) as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as tx:
                tx.run_named("write/node_ics", {"rows": [{"code": "QXX", "name": "Temp", "region": None, "extra": None}]})
                raise RuntimeError("fail after a write")
    assert snapshot(good_store) == before


def test_missing_store_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "No store at" in result.output and "Traceback" not in result.output


def test_unreachable_neo4j_never_shows_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-Pa55word")
    result = CliRunner().invoke(main, ["stats", "--neo4j-uri", "bolt://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "Cannot reach Neo4j at bolt://127.0.0.1:9" in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_kinds_lists_canonical_kinds() -> None:
    rows = json.loads(run("kinds", "--format", "json").stdout)
    assert {"vocabulary": "organisation", "kind": "specialist-trust"}.items() <= next(
        r for r in rows if r["kind"] == "specialist-trust").items()


def test_generated_cypher_is_up_to_date() -> None:
    assert codegen.stale_files() == [], "run `python -m ecograph.codegen`"


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample not written yet")
def test_sample_twice_same_counts(tmp_path: Path) -> None:
    store = tmp_path / "s"
    first = json.loads(run("ingest", SAMPLE, "--store", store, "--format", "json").stdout)["changes"]
    counts = {r["name"]: r["count"] for r in json.loads(run("stats", "--store", store, "--format", "json").stdout)}
    second = json.loads(run("ingest", SAMPLE, "--store", store, "--format", "json").stdout)["changes"]
    assert all(r["created"] == r["updated"] == 0 for r in second)
    assert {r["type"]: r["unchanged"] for r in second} == {r["type"]: r["created"] for r in first}
    again = {r["name"]: r["count"] for r in json.loads(run("stats", "--store", store, "--format", "json").stdout)}
    assert again == counts
    assert counts["Organisation"] >= 40 and counts["Person"] >= 150
    assert counts["Innovation"] >= 10 and counts["Partnership"] >= 15


def test_readme_contract_is_generated_from_the_model() -> None:
    from ecograph.ingest.templates import column_reference
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    body = readme.split("<!-- contract:start -->\n", 1)[1].split("<!-- contract:end -->", 1)[0]
    assert body.strip() == column_reference().strip()


def test_bulk_path_is_all_or_nothing_and_idempotent(tmp_path: Path) -> None:
    """Thousands of new rows go through COPY; still one transaction, still idempotent."""
    folder = tmp_path / "big"
    shutil.copytree(DATA / "good", folder)
    people = ["id,name,organisation,innovation_lead"] + [f"B{i:05d},Bulk Person {i},RBS,{i % 2}" for i in range(3000)]
    people += [f"P00{i},Original {i},RRV,no" for i in range(1, 5)]
    ties = ["person_a,person_b,context"] + [f"B{i:05d},B{(i * 7 + 1) % 3000:05d},bulk" for i in range(3000)
                                           if i != (i * 7 + 1) % 3000]
    (folder / "people.csv").write_text("\n".join(people) + "\n")
    (folder / "ties.csv").write_text("\n".join(dict.fromkeys(ties)) + "\n")
    (folder / "champions.csv").unlink()
    store = tmp_path / "s"
    first = json.loads(run("ingest", folder, "--store", store, "--format", "json").stdout)["changes"]
    created = {r["type"]: r["created"] for r in first}
    assert created["Person"] == 3004 and created["WORKS_FOR"] == 3004 and created["KNOWS"] > 2900
    before = snapshot(store)
    assert before[0]["B00001"]["innovation_lead"] is True and before[0]["B00002"]["innovation_lead"] is False
    second = json.loads(run("ingest", folder, "--store", store, "--format", "json").stdout)["changes"]
    assert all(r["created"] == r["updated"] == 0 for r in second)
    # One bad row among thousands: nothing of the rest is written either.
    (folder / "people.csv").write_text("\n".join(people + ["B99999,Bad Flag,RBS,perhaps"]) + "\n")
    shutil.rmtree(store)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(store)])
    assert result.exit_code == 1 and "perhaps" in result.output
    stats = run("stats", "--store", store)  # not even an empty store: a new store appears at its first commit
    assert stats.exit_code == 1 and "holds no store" in stats.output


def test_import_ods_loads_real_organisations_idempotently(tmp_path: Path) -> None:
    nhs = DATA / "nhs"
    trusts = next(nhs.glob("*etr*.csv"))
    practices = next(nhs.glob("*epraccur*.csv"))
    store = tmp_path / "s"
    args = ["import-ods", "--trusts", trusts, "--gp-practices", practices, "--store", store, "--format", "json"]
    first = {r["type"]: r for r in json.loads(run(*args).stdout)["changes"]}
    assert first["ICS"]["created"] == 42
    nodes, edges = snapshot(store)
    assert nodes["RBS"]["kind"] == "specialist-trust" and nodes["RBS"]["label"] == "Organisation"
    assert ("RBS", ("ICS", "QYG"), "IN_ICS") in {(u, v, k) for u, v, k, _ in edges}
    second = {r["type"]: r for r in json.loads(run(*args).stdout)["changes"]}
    assert second["Organisation"]["unchanged"] == first["Organisation"]["created"] > 200
    one = tmp_path / "one"
    rows = json.loads(run("import-ods", "--trusts", trusts, "--gp-practices", practices, "--ics", "qyg",
                          "--store", one, "--format", "json").stdout)
    nodes, edges = snapshot(one)
    orgs = [n for n, d in nodes.items() if d["label"] == "Organisation"]
    assert orgs and {v for u, v, k, _ in edges if k == "IN_ICS"} == {("ICS", "QYG")}
    bad = CliRunner().invoke(main, ["import-ods", "--trusts", str(trusts), "--ics", "QYX", "--store", str(one)])
    assert bad.exit_code == 1 and "QYG" in bad.output
