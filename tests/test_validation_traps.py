"""Issue 11's validation traps, each reproduced through the CSV contract on a real embedded
store, which is read back to check that nothing was changed wrongly.

Covered here: codes in any case and spacing, kinds as NHS people write them, invisible and
look-alike characters in ids, probable duplicate people, one cause reported once, and the
team/organisation rules holding when files are loaded one at a time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.graph import load_graph
from ecograph.store import StoreConfig, open_store

DATA = Path(__file__).parent / "data"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(store_path: Path) -> tuple[dict, list]:
    with open_store(StoreConfig(path=store_path)) as store:
        graph = load_graph(store)
    nodes = {n: dict(d) for n, d in graph.nodes(data=True)}
    edges = sorted(((u, v, k) for u, v, k in graph.edges(keys=True)), key=str)
    return nodes, edges


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  - ")]


def folder_with(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def good_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    result = invoke("ingest", DATA / "good", "--store", store)
    assert result.exit_code == 0, result.output
    return store


def edges_of(store: Path, rel: str) -> set[tuple]:
    return {(u, v) for u, v, k in snapshot(store)[1] if k == rel}


# --- codes as people type them ----------------------------------------------------------------

def test_ics_and_ods_codes_any_case_and_spacing_stored_upper_case(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "in", {
        "ics.csv": "code,name\nqop,Greater Manchester\n",
        "organisations.csv": "id,name,kind,ics\n rbv ,The Christie,specialist-trust,Q OP\n"
                             "uni-man,University of Manchester,university,qop\n",
        "people.csv": "id,name,organisation\nP1,Ann Example,rbv\nP2,Bo Example,Uni-Man\n",
    })
    result = invoke("ingest", folder, "--store", tmp_path / "s")
    # an id that is not an ODS code stays case-sensitive: Uni-Man is not uni-man
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 3, column 'organisation'" in line and "did you mean uni-man" in line
    (folder / "people.csv").write_text("id,name,organisation\nP1,Ann Example,rbv\nP2,Bo Example,uni-man\n")
    result = invoke("ingest", folder, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    nodes, edges = snapshot(tmp_path / "s")
    assert ("ICS", "QOP") in nodes and "RBV" in nodes and "rbv" not in nodes and "uni-man" in nodes
    assert ("RBV", ("ICS", "QOP"), "IN_ICS") in edges and ("P1", "RBV", "WORKS_FOR") in edges
    # a later file in another case updates the same nodes instead of adding new ones
    again = folder_with(tmp_path, "again", {"organisations.csv": "id,name,kind,ics\nRbv,The Christie NHS FT,specialist-trust,QoP\n"})
    assert invoke("ingest", again, "--store", tmp_path / "s").exit_code == 0
    nodes, _ = snapshot(tmp_path / "s")
    assert nodes["RBV"]["name"] == "The Christie NHS FT"
    assert sum(d["label"] == "Organisation" for d in nodes.values()) == 2


def test_unknown_ics_code_gets_did_you_mean(good_store: Path, tmp_path: Path) -> None:
    before = snapshot(good_store)
    folder = folder_with(tmp_path, "in", {"organisations.csv": "id,name,kind,ics\nRXX,New Trust,acute-trust,qyh\n"})
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "column 'ics'" in line and "did you mean QYG" in line
    assert snapshot(good_store) == before


def test_ics_option_any_case_on_spread_and_partners(good_store: Path) -> None:
    for command in ("spread", "partners"):
        upper = invoke(command, "INN-1", "--ics", "QMJ", "--store", good_store, "--format", "json")
        lower = invoke(command, "inn-1", "--ics", " qmj", "--store", good_store, "--format", "json")
        assert upper.exit_code == 0 and lower.exit_code == 0, (upper.output, lower.output)
        assert json.loads(lower.stdout) == json.loads(upper.stdout)
    wrong = invoke("spread", "INN-1", "--ics", "QMX", "--store", good_store)
    assert wrong.exit_code == 1 and "QMJ" in wrong.output


# --- kinds as people write them ---------------------------------------------------------------

@pytest.mark.parametrize("typed, wanted, not_wanted", [
    ("Foundation Trust", ["acute-trust", "mental-health-trust", "community-trust"], []),
    ("NHS Trust", ["acute-trust", "mental-health-trust", "ambulance-trust"], []),
    ("University Hospitals of Leicester NHS Trust", ["acute-trust", "teaching-trust"], ["university'"]),
    ("Pennine Care Mental Health NHS Foundation Trust", ["did you mean 'mental-health-trust'"], ["community-trust"]),
    ("Health Innovation Network North West Coast", ["did you mean 'health-innovation-network'"], []),
    ("NHS Salford CCG", ["did you mean 'icb'"], []),
    ("Primary Care Network (PCN)", ["did you mean 'primary-care-network'"], []),
    ("The AHSN for the North East", ["did you mean 'health-innovation-network'"], []),
    ("Community NHS Trust", ["did you mean 'community-trust'"], []),
])
def test_organisation_kind_suggestions(tmp_path: Path, typed: str, wanted: list[str], not_wanted: list[str]) -> None:
    folder = folder_with(tmp_path, "in", {
        "ics.csv": "code,name\nQYG,Cheshire and Merseyside\n",
        "organisations.csv": f"id,name,kind,ics\nRXX,A Trust,{typed},QYG\n",
    })
    result = invoke("validate", folder, "--store", tmp_path / "none")
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "unknown organisation kind" in line
    for text in wanted:
        assert text in line, line
    for text in not_wanted:
        assert text not in line, line
    if len(wanted) > 1:  # ambiguous: the choices are listed, no single guess
        assert "did you mean" not in line and "could be" in line


def test_remote_monitoring_suggests_digital_or_device_not_workforce(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "in", {"innovations.csv": "id,name,kind\nINN-9,Home BP,remote monitoring\n"})
    result = invoke("validate", folder, "--store", tmp_path / "none")
    (line,) = problem_lines(result.output)
    assert "'digital'" in line and "'device'" in line and "workforce" not in line


# --- invisible and look-alike characters ------------------------------------------------------

@pytest.mark.parametrize("bad_id, named", [
    ("\u0420001", "U+0420 CYRILLIC CAPITAL LETTER ER looks like Latin P"),
    ("P001\u200b", "U+200B ZERO WIDTH SPACE"),
    ("P0\ufeff01", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("P00\u20601", "U+2060 WORD JOINER"),
    ("P0\x0001", "U+0000 NULL"),
    ("P0\x0701", "U+0007"),
    ('"P0\n01"', "U+000A LINE FEED"),
])
def test_invisible_and_look_alike_characters_in_ids(good_store: Path, tmp_path: Path, bad_id: str, named: str) -> None:
    """A Cyrillic 'Р001' once created a second Morag Dewhurst; now the character is named."""
    before = snapshot(good_store)
    folder = folder_with(tmp_path, "in", {
        "people.csv": f"id,name,organisation\n{bad_id},Morag Dewhurst,RBS\n",
        "ties.csv": "person_a,person_b\nP001,P002\n",
    })
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 2, column 'id'" in line and named in line, line
    assert snapshot(good_store) == before


def test_look_alike_letter_in_a_reference_and_in_an_ics_code(good_store: Path, tmp_path: Path) -> None:
    before = snapshot(good_store)
    folder = folder_with(tmp_path, "in", {
        "organisations.csv": "id,name,kind,ics\nRXX,New Trust,acute-trust,QY\u0413\n"  # Cyrillic GHE
                             'RXY,Other Trust,acute-trust,"Q\nYG"\n',  # a line break is not a space
        "people.csv": "id,name,organisation\nP050,Al Example,RB\u0405\n",  # Cyrillic DZE for S
    })
    result = invoke("ingest", folder, "--store", good_store)
    lines = problem_lines(result.output)
    assert any("column 'ics'" in l and "U+0413 CYRILLIC CAPITAL LETTER GHE" in l for l in lines), lines
    assert any("row 3, column 'ics'" in l and "U+000A LINE FEED" in l for l in lines), lines
    assert any("column 'organisation'" in l and "looks like Latin S" in l for l in lines), lines
    assert snapshot(good_store) == before


def test_accented_names_and_ids_in_one_script_are_fine(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "in", {
        "ics.csv": "code,name\nQYG,Cheshire and Merseyside\n",
        "organisations.csv": "id,name,kind,ics\nZOË-CAFÉ,Zoë's Café CIC,charity,QYG\n",
    })
    result = invoke("ingest", folder, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "s")[0]["ZOË-CAFÉ"]["name"] == "Zoë's Café CIC"


# --- probable duplicate people ----------------------------------------------------------------

def test_same_person_under_two_ids_is_a_warning(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "in", {
        "ics.csv": "code,name\nQOP,Greater Manchester\n",
        "organisations.csv": "id,name,kind,ics\nRBV,The Christie,specialist-trust,QOP\nRM3,Northern Care Alliance,acute-trust,QOP\n",
        "people.csv": "id,name,organisation\nP1,Siobhán O'Brien,RBV\nP2,siobhan  OBrien,RBV\nP3,Siobhan O'Brien,RM3\n",
    })
    result = invoke("ingest", folder, "--store", tmp_path / "s", "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = [l for l in result.stderr.splitlines() if "warning" in l]
    assert len(warnings) == 1  # P3 works elsewhere: not a duplicate
    assert "people.csv, row 3, column 'name'" in warnings[0] and "same person as another id" in warnings[0] and "P1 at RBV is 'Siobhán O'Brien' (people.csv row 2)" in warnings[0]
    assert {"P1", "P2", "P3"} <= set(snapshot(tmp_path / "s")[0])  # a warning does not block
    # against the store: a later file naming her again under a third id
    later = folder_with(tmp_path, "later", {"people.csv": "id,name,organisation\nGM-77,SIOBHAN O BRIEN,RBV\n"})
    result = invoke("validate", later, "--store", tmp_path / "s")
    assert result.exit_code == 0 and "1 warning" in result.output
    assert "P1 at RBV is 'Siobhán O'Brien' (in the store)" in result.stderr


# --- one cause, reported once -----------------------------------------------------------------

def test_one_root_cause_is_not_three_hundred_lines(good_store: Path, tmp_path: Path) -> None:
    """A 'Person ID' header and 300 ties: one line naming the cause and its row count; the
    ties that name those people are not reported again (the header is read as the id)."""
    before = snapshot(good_store)
    people = ["Person ID,name,organisation"] + [f"Q{i:03d},Person {i},RBS" for i in range(301)]
    ties = ["person_a,person_b"] + [f"Q{i:03d},Q{i + 1:03d}" for i in range(300)]
    folder = folder_with(tmp_path, "in", {"people.csv": "\n".join(people) + "\n", "ties.csv": "\n".join(ties) + "\n"})
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    lines = problem_lines(result.output)
    assert len(lines) == 1, lines
    assert "people.csv, row 1, column 'id'" in lines[0] and "required column is missing" in lines[0]
    assert "'Person ID' looks like id" in lines[0] and "301 rows not checked" in lines[0]
    assert snapshot(good_store) == before


# --- one consistent picture, whatever was loaded together --------------------------------------

def test_people_file_alone_cannot_put_a_person_in_another_organisations_team(good_store: Path, tmp_path: Path) -> None:
    before = snapshot(good_store)
    # RRV-DIG is stored as part of RRV; P001 works for RBS
    folder = folder_with(tmp_path, "in", {"people.csv": "id,name,organisation,team\nP001,Robin Fictional,RBS,RRV-DIG\n"})
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "people.csv, row 2, column 'team'" in line and "part of organisation RRV, not RBS" in line
    assert snapshot(good_store) == before


def test_moving_a_person_keeps_their_team_in_their_organisation(good_store: Path, tmp_path: Path) -> None:
    before = snapshot(good_store)
    # P001 is stored in team RBS-INNOV: moving them to RRV without saying their team is refused
    folder = folder_with(tmp_path, "in", {"people.csv": "id,name,organisation\nP001,Robin Fictional,RRV\n"})
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "column 'organisation'" in line and "stay in team RBS-INNOV of RBS" in line and "team column" in line
    assert snapshot(good_store) == before
    # saying the team (a blank one: they leave it) moves them cleanly
    (folder / "people.csv").write_text("id,name,organisation,team\nP001,Robin Fictional,RRV,\n")
    assert invoke("ingest", folder, "--store", good_store).exit_code == 0
    assert ("P001", "RRV") in edges_of(good_store, "WORKS_FOR")
    assert not any(u == "P001" for u, _ in edges_of(good_store, "WORKS_IN"))


def test_teams_file_alone_cannot_move_a_team_away_from_its_members(good_store: Path, tmp_path: Path) -> None:
    before = snapshot(good_store)
    folder = folder_with(tmp_path, "in", {"teams.csv": "id,name,organisation\nRBS-INNOV,Alder Hey Innovation Hub,RRV\n"})
    result = invoke("ingest", folder, "--store", good_store)
    assert result.exit_code == 1
    (line,) = problem_lines(result.output)
    assert "teams.csv, row 2, column 'organisation'" in line
    assert "P001 (works for RBS)" in line and "move them too" in line
    assert snapshot(good_store) == before
    # moving the team with its member in the same input is consistent, and accepted
    (folder / "people.csv").write_text("id,name,organisation,team\nP001,Robin Fictional,RRV,RBS-INNOV\n")
    assert invoke("ingest", folder, "--store", good_store).exit_code == 0, "team and member moved together"
    assert ("RBS-INNOV", "RRV") in edges_of(good_store, "PART_OF")
    assert ("P001", "RRV") in edges_of(good_store, "WORKS_FOR")


def test_together_and_one_at_a_time_agree(tmp_path: Path) -> None:
    """The same wrong team is refused whether the teams file comes with the people or before."""
    together = tmp_path / "together"
    shutil.copytree(DATA / "good", together)
    people = (together / "people.csv").read_text().replace("P004,Kit Placeholder,RRV,RRV-DIG", "P004,Kit Placeholder,RRV,RBS-INNOV")
    (together / "people.csv").write_text(people)
    first = invoke("validate", together, "--store", tmp_path / "none")
    alone = tmp_path / "alone"
    alone.mkdir()
    for file in ("ics.csv", "organisations.csv", "teams.csv"):
        shutil.copy(DATA / "good" / file, alone / file)
    assert invoke("ingest", alone, "--store", tmp_path / "s").exit_code == 0
    (tmp_path / "people.csv").write_text(people)
    second = invoke("ingest", tmp_path / "people.csv", "--store", tmp_path / "s")
    assert first.exit_code == second.exit_code == 1
    assert "team RBS-INNOV is part of organisation RBS, not RRV" in first.output
    assert "team RBS-INNOV (in the store) is part of organisation RBS, not RRV" in second.output
    assert not any(d.get("label") == "Person" for d in snapshot(tmp_path / "s")[0].values())
