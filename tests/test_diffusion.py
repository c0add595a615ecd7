"""Diffusion over time (ecograph.analysis.diffusion, ecograph diffusion, the atlas chart).

* On random dated ecosystems loaded through the CSV contract, every dated adopter's exposure at
  adoption, the curve, the days after the first adoption, the threshold classes and the route's
  earlier adopter equal an independent computation from the spreadsheet rows: a NetworkX
  organisation graph built for each adoption day, and netdiffuseR's exposure formula
  ``E = S·A / S·1`` (``R/stats.R``) as a numpy matrix product on it.
* A hand-worked example (four organisations in a line, a tie that ended, same-day adopters).
  netdiffuseR's own tests draw random graphs (``set.seed``) and publish no fixed figures, so
  the worked example is ours, computed by hand in the comments.
* Undated and abandoned adoptions, unknown innovations, the command in every format, the chart.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from random_ecosystem import ingest_rows, random_ecosystem

from ecograph import model
from ecograph.analysis.diffusion import ADOPTER_COLUMNS, adopter_rows, curve_rows, diffusion
from ecograph.cli import main
from ecograph.errors import UnknownIdError
from ecograph.ingest import ingest
from ecograph.maps.atlas_history import curve_svg
from ecograph.store import StoreConfig, open_store

SAMPLE = REPO_ROOT / "ingest" / "sample"


# --- an independent computation from the spreadsheet rows ------------------------------------

def _between(start: str, end: str, day: str, end_counts: bool) -> bool:
    return (not start or start <= day) and (not end or (end >= day if end_counts else end > day))


def org_graph(rows: dict[str, list[dict[str, str]]], day: str) -> nx.Graph:
    """Open organisations on ``day``, linked by ties between people in post and by partnerships
    that run (members: the organisation, its team, its person in post)."""
    people = {p["id"]: p for p in rows["people.csv"]}
    team_org = {t["id"]: t["organisation"] for t in rows["teams.csv"]}
    in_post = {pid for pid, p in people.items() if _between(p.get("start", ""), p.get("left", ""), day, False)}
    graph = nx.Graph()
    graph.add_nodes_from(o["id"] for o in rows["organisations.csv"] if _between("", o.get("closed", ""), day, False))
    for t in rows["ties.csv"]:
        a, b = t["person_a"], t["person_b"]
        if a in in_post and b in in_post and _between(t.get("start", ""), t.get("end", ""), day, True):
            oa, ob = people[a]["organisation"], people[b]["organisation"]
            if oa != ob and oa in graph and ob in graph:
                graph.add_edge(oa, ob)
    running = {p["id"] for p in rows["partnerships.csv"] if _between(p["start"], p["end"], day, True)}
    members = defaultdict(set)
    for m in rows["memberships.csv"]:
        who = m["member"]
        org = (people[who]["organisation"] if who in people and who in in_post else None) if who in people \
            else team_org.get(who, who)
        if m["partnership"] in running and org in graph:
            members[m["partnership"]].add(org)
    for orgs in members.values():
        graph.add_edges_from(combinations(sorted(orgs), 2))
    return graph


def abandoned(adoption: dict[str, str]) -> bool:
    return model.canonical_kind(adoption.get("stage") or "", "adoption-stage") == "abandoned"


def expected(rows: dict[str, list[dict[str, str]]]) -> dict[tuple[str, str], dict]:
    """(innovation, organisation) -> exposure (NetworkX and the netdiffuseR matrix form), days
    after the first, the earlier adopters among its partners."""
    made = [a for a in rows["adoptions.csv"] if not abandoned(a) and a.get("date")]
    out = {}
    for inn in {a["innovation"] for a in made}:
        mine = [a for a in made if a["innovation"] == inn]
        first = min(a["date"] for a in mine)
        for a in mine:
            day = a["date"]
            graph = org_graph(rows, day)
            earlier = {b["organisation"]: b["date"] for b in mine if b["date"] < day
                       and (not b.get("ended") or b["ended"] >= day)}
            partners = set(graph[a["organisation"]]) if a["organisation"] in graph else set()
            exposure = len(partners & set(earlier)) / len(partners) if partners else None
            # netdiffuseR: E = (S %*% A) / (S %*% 1), S the adjacency on that day, A cumulative adopters
            nodes = sorted(graph)
            if a["organisation"] in graph and partners:
                S = nx.to_numpy_array(graph, nodelist=nodes)
                A = np.array([1.0 if n in earlier else 0.0 for n in nodes])
                i = nodes.index(a["organisation"])
                matrix = float((S @ A)[i] / (S @ np.ones(len(nodes)))[i])
            else:
                matrix = None
            out[(inn, a["organisation"])] = {
                "exposure": exposure, "matrix": matrix, "first": first,
                "earlier": sorted((earlier[j], j) for j in partners & set(earlier)), "partners": len(partners)}
    return out


def classes(values: list[float], labels: tuple[str, ...]) -> list[str]:
    if len(values) < 2:
        return [""] * len(values)
    m, s = float(np.mean(values)), float(np.std(values, ddof=1))
    return [labels[0] if v <= m - s + 1e-12 else labels[1] if v <= m + 1e-12 else labels[2]
            if v <= m + s + 1e-12 else labels[3] for v in values]


def with_more_adoptions(rows: dict[str, list[dict[str, str]]], seed: int) -> dict[str, list[dict[str, str]]]:
    """More dated adoptions (a third of the organisations take up each innovation), so that many
    adopters have partners who adopted before them."""
    rng = random.Random(f"more-adoptions-{seed}")
    taken = {(a["organisation"], a["innovation"]) for a in rows["adoptions.csv"]}
    for inn in rows["innovations.csv"]:
        for org in rows["organisations.csv"]:
            if (org["id"], inn["id"]) not in taken and rng.random() < 0.35:
                rows["adoptions.csv"].append({
                    "organisation": org["id"], "innovation": inn["id"], "stage": rng.choice(("adopted", "piloting")),
                    "date": f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"})
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_dated_ecosystems_match_an_independent_computation(tmp_path, seed):
    rows = with_more_adoptions(random_ecosystem(seed, dated=True, tie_degree=3.0), seed)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        results = diffusion(store)
    want = expected(rows)
    got = adopter_rows(results)
    dated = [r for r in got if r["status"] in ("first", "later")]
    assert {(r["innovation"], r["organisation"]) for r in dated} == set(want)
    for r in dated:
        w = want[(r["innovation"], r["organisation"])]
        assert r["partners"] == w["partners"]
        if w["exposure"] is None:
            assert r["exposure"] is None
        else:
            assert r["exposure"] == pytest.approx(w["exposure"], abs=1e-4)
            assert r["exposure"] == pytest.approx(w["matrix"], abs=1e-4)
        assert r["adopted_partners"] == len(w["earlier"])
        assert r["route_from"] == (w["earlier"][0][1] if w["earlier"] else "")
        assert (r["status"] == "first") == (r["date"] == w["first"])
    assert any(r["exposure"] for r in dated) or not any(w["partners"] for w in want.values())
    # undated and abandoned adoptions are listed, with nothing computed
    undated = {(a["innovation"], a["organisation"]) for a in rows["adoptions.csv"]
               if not a.get("date") and not abandoned(a)}
    assert {(r["innovation"], r["organisation"]) for r in got if r["status"] == "undated"} == undated
    assert all(r["exposure"] is None for r in got if r["status"] in ("undated", "abandoned"))
    # threshold classes: netdiffuseR's cut points over the later adopters with an exposure
    for d in results:
        later = [a for a in d.adopters if a["status"] == "later" and a["exposure"] is not None]
        assert [a["threshold_class"] for a in later] == classes(
            [a["exposure"] for a in later], ("very low", "low", "high", "very high"))
        dated_here = [a for a in d.adopters if a["status"] in ("first", "later")]
        assert [a["adopter_class"] for a in dated_here] == classes(
            [a["days_after_first"] for a in dated_here], ("early adopter", "early majority", "late majority",
                                                          "laggard"))
    # the curve: on each adoption day, how many had adopted by then, and how many still used it
    made = [a for a in rows["adoptions.csv"] if not abandoned(a) and a.get("date")]
    for point in curve_rows(results):
        mine = [a for a in made if a["innovation"] == point["innovation"]]
        assert point["adopters"] == sum(1 for a in mine if a["date"] <= point["date"])
        assert point["in_use"] == sum(1 for a in mine if a["date"] <= point["date"]
                                      and (not a.get("ended") or a["ended"] > point["date"]))
        assert point["new"] == sum(1 for a in mine if a["date"] == point["date"])


# --- a worked example --------------------------------------------------------------------------

def worked_rows() -> dict[str, list[dict[str, str]]]:
    """A - B - C - D in a line (a tie between a person of each), E tied to D until mid-2020.

    Adoptions: A 2020-01-01, B and C 2020-06-01 (the same day), D 2021-01-01, E never.
    By hand: A is first (partner B, none before: 0/1). B: partners A and C, A before it: 1/2.
    C: partners B and D; B adopted the same day, not before: 0/2. D: partners C only (the tie
    to E ended 2020-06-30): 1/1. Later adopters' exposures 0.5, 0, 1: mean 0.5, sd 0.5, so
    B "low" (≤ 0.5), C "very low" (≤ 0), D "high" (≤ 1).
    """
    orgs = "ABCDE"
    return {
        "ics.csv": [{"code": "QXX", "name": "Test ICS"}],
        "organisations.csv": [{"id": f"R{o}", "name": f"Trust {o}", "kind": "acute-trust", "ics": "QXX"}
                              for o in orgs],
        "people.csv": [{"id": f"P{o}", "name": f"Person {o}", "organisation": f"R{o}"} for o in orgs],
        "ties.csv": [{"person_a": "PA", "person_b": "PB"}, {"person_a": "PB", "person_b": "PC"},
                     {"person_a": "PC", "person_b": "PD"},
                     {"person_a": "PD", "person_b": "PE", "start": "2019-01-01", "end": "2020-06-30"}],
        "innovations.csv": [{"id": "INN-1", "name": "Line test", "kind": "pathway"}],
        "adoptions.csv": [{"organisation": "RA", "innovation": "INN-1", "date": "2020-01-01"},
                          {"organisation": "RB", "innovation": "INN-1", "date": "2020-06-01"},
                          {"organisation": "RC", "innovation": "INN-1", "date": "2020-06-01"},
                          {"organisation": "RD", "innovation": "INN-1", "date": "2021-01-01", "stage": "adopted"},
                          {"organisation": "RE", "innovation": "INN-1", "date": "2021-02-01",
                           "stage": "abandoned", "ended": "2021-03-01"}],
    }


@pytest.fixture(scope="module")
def worked_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("diffusion") / "worked"
    with open_store(StoreConfig(path=path)) as store:
        ingest_rows(store, worked_rows())
    return path


def test_worked_example(worked_path):
    with open_store(StoreConfig(path=worked_path), read_only=True) as store:
        (d,) = diffusion(store, "INN-1")
    by_org = {a["organisation"]: a for a in d.adopters}
    assert {o: by_org[o]["exposure"] for o in ("RA", "RB", "RC", "RD")} == {"RA": 0.0, "RB": 0.5, "RC": 0.0, "RD": 1.0}
    assert {o: by_org[o]["threshold_class"] for o in ("RA", "RB", "RC", "RD")} == {
        "RA": "", "RB": "low", "RC": "very low", "RD": "high"}
    assert by_org["RB"]["route_from"] == "RA" and by_org["RB"]["route"] == "Person B knows Person A"
    assert by_org["RD"]["route_from"] == "RC" and by_org["RC"]["route_from"] == ""
    assert by_org["RD"]["days_after_first"] == 366 and by_org["RA"]["status"] == "first"
    assert by_org["RE"]["status"] == "abandoned" and by_org["RE"]["exposure"] is None
    assert [(c["date"], c["adopters"], c["new"]) for c in d.curve] == [
        ("2020-01-01", 1, 1), ("2020-06-01", 3, 2), ("2021-01-01", 4, 1)]


def test_chart_is_inline_svg_with_a_point_per_date(worked_path):
    with open_store(StoreConfig(path=worked_path), read_only=True) as store:
        (d,) = diffusion(store, "INN-1")
    d.name = "<script>alert(1)</script>"
    svg = str(curve_svg(d))
    assert svg.startswith("<svg") and svg.count("<circle") == len(d.curve) == 3
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]  # the namespace, no request
    assert "style=" not in svg  # the pages' content security policy allows no inline style
    d.curve = []
    assert "cannot draw" in str(curve_svg(d))


def test_unknown_innovation_names_the_closest(worked_path):
    with open_store(StoreConfig(path=worked_path), read_only=True) as store:
        with pytest.raises(UnknownIdError):
            diffusion(store, "INN-9")
        assert diffusion(store, "inn-1")[0].innovation == "INN-1"


# --- the command ------------------------------------------------------------------------------

def test_command_in_every_format(worked_path):
    runner = CliRunner()
    table = runner.invoke(main, ["diffusion", "INN-1", "--store", str(worked_path)], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    assert "INN-1  Line test" in table.stdout and "abandoned" not in table.stdout.split("\n\n")[0]
    as_json = runner.invoke(main, ["diffusion", "INN-1", "--format", "json", "--store", str(worked_path)])
    rows = json.loads(as_json.stdout)
    assert [r["organisation"] for r in rows] == ["RA", "RB", "RC", "RD", "RE"]
    assert set(rows[0]) == set(ADOPTER_COLUMNS)
    as_csv = runner.invoke(main, ["diffusion", "--curve", "--format", "csv", "--store", str(worked_path)])
    assert [r["adopters"] for r in csv.DictReader(io.StringIO(as_csv.stdout))] == ["1", "3", "4"]
    unknown = runner.invoke(main, ["diffusion", "NOPE", "--store", str(worked_path)])
    assert unknown.exit_code == 1 and "Error" in unknown.output and "Traceback" not in unknown.output


def test_sample_lists_undated_adoptions_as_undated(tmp_path):
    rows = {"ics.csv": [{"code": "QXX", "name": "Test ICS"}],
            "organisations.csv": [{"id": "RA", "name": "A", "kind": "acute-trust", "ics": "QXX"},
                                  {"id": "RB", "name": "B", "kind": "acute-trust", "ics": "QXX"}],
            "innovations.csv": [{"id": "INN-1", "name": "X", "kind": "pathway"}],
            "adoptions.csv": [{"organisation": "RA", "innovation": "INN-1", "date": "2022-01-01"},
                              {"organisation": "RB", "innovation": "INN-1", "date": ""}]}
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
    result = CliRunner().invoke(main, ["diffusion", "--store", str(tmp_path / "s")], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "1 adoption has no date" in " ".join(result.stderr.split())
    with open_store(StoreConfig(path=tmp_path / "s"), read_only=True) as store:
        (d,) = diffusion(store)
    assert [a["status"] for a in d.adopters] == ["first", "undated"] and d.undated == 1
    assert len(d.curve) == 1


def test_every_sample_innovation_with_an_adoption_has_a_curve(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        results = diffusion(store)
    assert results and all(d.curve for d in results)
    for d in results:
        assert [c["adopters"] for c in d.curve] == sorted(c["adopters"] for c in d.curve)


# --- as of a date --------------------------------------------------------------------------------

def test_worked_example_as_of_a_date(worked_path):
    """As the record stood on 2020-06-01: D (2021) and the abandoned E (2021) had not adopted. The
    later adopters' exposures are B 0.5 and C 0: mean 0.25, sd 0.354, so B is "high" (above the
    mean, ≤ 0.604) and C "low" (above -0.104, ≤ the mean)."""
    runner = CliRunner()
    done = runner.invoke(main, ["diffusion", "INN-1", "--as-of", "2020-06-01", "--format", "json",
                                "--store", str(worked_path)])
    assert done.exit_code == 0, done.output
    by_org = {r["organisation"]: r for r in json.loads(done.stdout)}
    assert set(by_org) == {"RA", "RB", "RC"}
    assert {o: r["exposure"] for o, r in by_org.items()} == {"RA": 0.0, "RB": 0.5, "RC": 0.0}
    assert {o: r["threshold_class"] for o, r in by_org.items()} == {"RA": "", "RB": "high", "RC": "low"}
    curve = runner.invoke(main, ["diffusion", "INN-1", "--curve", "--as-of", "01/06/2020", "--format", "json",
                                 "--store", str(worked_path)])
    assert [(c["date"], c["adopters"], c["new"]) for c in json.loads(curve.stdout)] == [
        ("2020-01-01", 1, 1), ("2020-06-01", 3, 2)]
    # E's abandoned adoption of 2021-02-01 is known on 2021-02-15, its end (2021-03-01) not yet
    with open_store(StoreConfig(path=worked_path), read_only=True) as store:
        (d,) = diffusion(store, "INN-1", as_of="2021-02-15")
        assert diffusion(store, as_of="2019-12-31") == []  # nothing adopted yet
    e = next(a for a in d.adopters if a["organisation"] == "RE")
    assert e["status"] == "abandoned" and e["ended"] == ""
    table = runner.invoke(main, ["diffusion", "--as-of", "2020-06-01", "--store", str(worked_path)],
                          env={"COLUMNS": "80"})
    assert "As of 2020-06-01" in " ".join(table.stderr.split()) and "RD" not in table.stdout


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_as_of_counts_only_the_adoptions_known_then(tmp_path, seed):
    """``diffusion --as-of D`` on the whole record equals diffusion on a record whose adoptions
    after D were never made and whose ends after D were never written (trimmed in the rows)."""
    from random_ecosystem import _iso
    rows = with_more_adoptions(random_ecosystem(seed, dated=True, tie_degree=3.0), seed)
    day = "2022-06-30"
    trimmed = {f: [dict(r) for r in rs] for f, rs in rows.items()}
    trimmed["adoptions.csv"] = [{**a, "ended": "" if a.get("ended") and _iso(a["ended"]) > day else a.get("ended", "")}
                                for a in trimmed["adoptions.csv"] if not a.get("date") or _iso(a["date"]) <= day]
    assert len(trimmed["adoptions.csv"]) < len(rows["adoptions.csv"])  # the date leaves some out
    runner = CliRunner()

    def run(path: Path, data, *args: str):
        with open_store(StoreConfig(path=path)) as store:
            ingest_rows(store, data)
        out = {}
        for flag in ("", "--curve"):
            done = runner.invoke(main, ["diffusion", "--format", "json", "--store", str(path), *args,
                                        *([flag] if flag else [])])
            assert done.exit_code == 0, done.output
            out[flag] = json.loads(done.stdout)
        return out

    assert run(tmp_path / "whole", rows, "--as-of", day) == run(tmp_path / "trimmed", trimmed, "--as-of", day)
