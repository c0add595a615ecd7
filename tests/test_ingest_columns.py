"""Large CSV files are read and checked by column (ecograph/ingest/columnar.py): the problems,
their order, the warnings and the stored graph must be those of the row-by-row path.

Each test ingests the same messy files twice, once with every file read by row and once with
the column path taken for every eligible file (its size threshold set to 0), and compares.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecograph.errors import InputError
from ecograph.generate import generate
from ecograph.ingest import columnar, ingest, read_sources
from ecograph.ingest.load import read_state
from ecograph.store import StoreConfig, open_store


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, people=400, seed=3)
    return folder


def _copy(generated: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(generated, folder)
    return folder


def _append(path: Path, lines: list[str]) -> None:
    text = path.read_text()
    path.write_text(text + ("" if text.endswith("\n") else "\n") + "\n".join(lines) + "\n")


def _people(folder: Path) -> list[list[str]]:
    return [line.split(",") for line in (folder / "people.csv").read_text().splitlines()[1:]]


def _run(folder: Path, store: Path, by_column: bool, monkeypatch: pytest.MonkeyPatch):
    """(problems or None, warnings, stored nodes, stored relationships) of one ingest."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0 if by_column else 1 << 62)
    with open_store(StoreConfig(path=store)) as opened:
        try:
            summary = ingest(opened, [folder], use_fingerprints=False)
        except InputError as exc:
            return [str(p) for p in exc.problems], [str(w) for w in exc.warnings], None, None
        state = read_state(opened)
        return None, [str(w) for w in summary.warnings], state.nodes, state.rels


def _both(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    by_row = _run(folder, tmp_path / "by_row", False, monkeypatch)
    by_column = _run(folder, tmp_path / "by_column", True, monkeypatch)
    return by_row, by_column


def test_the_column_path_is_taken_for_large_plain_files(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    tables, _ = read_sources([generated], by_column=True)
    by_file = {t.file: t for t in tables}
    assert by_file["ties.csv"].columns is not None and by_file["people.csv"].columns is not None
    assert by_file["ties.csv"].count == len((generated / "ties.csv").read_text().splitlines()) - 1
    assert by_file["organisations.csv"].columns is None  # codes are normalised: always by row
    tables, _ = read_sources([generated])  # not asked for: by row
    assert all(t.columns is None for t in tables)


def test_clean_generated_files_store_the_same_graph(generated: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    by_row, by_column = _both(generated, tmp_path, monkeypatch)
    assert by_row[0] is None and by_column[0] is None
    assert by_column == by_row
    assert len(by_column[3][("KNOWS", "Person", "Person")]) > 500


def test_odd_but_valid_rows_store_the_same_graph(generated: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Accents, padded and short rows, a blank row, a name shared at one organisation."""
    folder = _copy(generated, tmp_path)
    first, second = _people(folder)[:2]
    org, team = first[2], first[3]
    _append(folder / "people.csv", [
        f"PX-1,Siobhán Ó Briain,{org},{team},Nurse,yes,no,no,2019-01-02,",
        f"  PX-2 ,  Ann Lee  ,{org}",  # padded and short: the rest blank
        ",,,,,,,,,",  # a blank row: skipped, but still counted in the row numbers
        "\u00a0,\t,,,,,,,,",  # blank too, as Python sees it
        f"PX-3,{first[1]},{org},,,Y,0,,02/03/2020,2021-04",  # a shared name: a warning
    ])
    _append(folder / "ties.csv", [
        f"PX-1,{second[0]},café,2020-01-01",
        f"{second[0]},PX-2",
        f"PX-2,PX-3,,2020-01-01,2020-01-01",
    ])
    by_row, by_column = _both(folder, tmp_path, monkeypatch)
    assert by_row[0] is None, by_row[0]
    assert by_column == by_row
    assert by_column[2]["Person"]["PX-2"]["name"] == "Ann Lee"
    assert any("same person" in w for w in by_column[1])


def test_bad_rows_give_the_same_problems_in_the_same_order(generated: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy(generated, tmp_path)
    people = _people(folder)
    (a, b, c), org = (p[0] for p in people[:3]), people[0][2]
    _append(folder / "people.csv", [
        f"{a},Someone Else,{org}",  # an id used twice
        f"{a.lower()},Lower Case,{org}",  # the same id in another case
        f"PY-1,Flag Bad,{org},,,maybe",
        f"PY-2,Date Bad,{org},,,,,,2020-13-45",
        f"PY-3,Left Early,{org},,,,,,2020-05-01,2019-01-01",
        "PY-4,No Org,NOWHERE",
        f"PY-5,,{org}",  # a required value blank
        f"PY-6,Wrong Team,{org},{org}",  # an organisation's id where a team's is wanted
        f"EXAMPLE-P1,Example person (delete this row),{org}",
        f"PY-7\u200b,Hidden Space,{org}",
    ])
    _append(folder / "ties.csv", [
        f"{b},{a}",  # the tie a-b is surely listed already? then twice; else fine
        f"{c},{c}",  # a tie to oneself
        f"{a},NOBODY",
        f"{a},{c},,someday",
        f"{b},{c},,2021-01-01,2020-01-01",
        f"{c},{b}",
        f"{b},{c}",  # listed twice (both ways)
    ])
    by_row, by_column = _both(folder, tmp_path, monkeypatch)
    assert by_row[0] is not None and len(by_row[0]) >= 12
    assert by_column[0] == by_row[0]
    assert by_column[1] == by_row[1]
    assert not (tmp_path / "by_column" / "graph.lbug").exists()  # nothing written


@pytest.mark.neo4j
def test_rows_checked_by_column_reach_a_neo4j_store(generated: Path, tmp_path: Path, neo4j_env: dict[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A store with no bulk loader is given the clean rows as an Arrow table, written row by row."""
    config = StoreConfig(neo4j_uri=neo4j_env["NEO4J_URI"], neo4j_user=neo4j_env["NEO4J_USERNAME"],
                         neo4j_password=neo4j_env["NEO4J_PASSWORD"], neo4j_database=neo4j_env["NEO4J_DATABASE"])
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    with open_store(config) as store:
        store.run("MATCH (n) DETACH DELETE n", write=True)
        ingest(store, [generated], use_fingerprints=False)
        on_server = read_state(store)
    _, _, nodes, rels = _run(generated, tmp_path / "by_row", False, monkeypatch)
    assert on_server.nodes == nodes
    assert on_server.rels == rels
