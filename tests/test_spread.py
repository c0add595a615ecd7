"""Spread routes and partners (ecograph.analysis.spread, ecograph spread / partners).

* The Cypher route search is checked against an independent NetworkX computation on the
  stored relationships (read with ``read_state``, nodes keyed by (label, id) so an ICS code
  and an ICB organisation id never merge): the shortest route length from any source to each
  candidate, that every route is a simple path over valid relationships, and that its strength
  is the best over all shortest routes. On the sample and on 50 random ecosystems.
* A hand-built ecosystem with known routes, strengths, exposure, similarity and ranking.
* The sample's story: INN-005 reaches Great Ormond Street (RP4), champion at the far end.
* Unknown ids, and the CLI in every format.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT
from random_ecosystem import ingest_rows, random_ecosystem

from ecograph import model
from ecograph.analysis.spread import find_partners, spread_routes
from ecograph.cli import main
from ecograph.errors import InnovationWithdrawn, UnknownIdError
from ecograph.ingest import ingest
from ecograph.ingest.load import read_state
from ecograph.store import StoreConfig, open_store

SAMPLE = REPO_ROOT / "ingest" / "sample"
ROUTE_TYPES = {"WORKS_FOR", "WORKS_IN", "PART_OF", "KNOWS", "MEMBER_OF"}
SPREAD_KEYS = {"id", "name", "kind", "ics", "rank", "score", "untapped", "route_length",
               "route_strength", "exposure", "similarity", "shared_partners", "champion_at_far_end",
               "lead_at_far_end", "from_adopter", "route", "route_text", "why"}
HOP_KEYS = {"id", "name", "label", "relationship"}
PARTNER_KEYS = {"rank", "id", "name", "job_title", "organisation", "organisation_name", "role", "why"}


# --- the independent computation ---------------------------------------------------------------

class Routes:
    """The route graph of a store, from its stored relationships, in NetworkX (read once)."""

    def __init__(self, store):
        state = read_state(store)
        self.graph = nx.Graph()
        for label, rows in state.nodes.items():
            for node_id in rows:
                self.graph.add_node((label, node_id))
        # partnerships that ended before today are no route (ecograph.asof); none starts later
        ended = {("Partnership", p) for p, row in state.nodes.get("Partnership", {}).items()
                 if row.get("end") and str(row["end"]) < date.today().isoformat()}
        self.graph.remove_nodes_from(ended)
        self.organisations = set(state.nodes.get("Organisation", {}))
        self.partnerships = {p: row for p, row in state.nodes.get("Partnership", {}).items()
                             if ("Partnership", p) not in ended}
        self.rels: dict[str, list] = {}
        for (rel_type, from_label, to_label), pairs in state.rels.items():
            self.rels.setdefault(rel_type, []).extend(((from_label, a), (to_label, b)) for a, b in pairs)
            if rel_type in ROUTE_TYPES:
                for a, b in pairs:
                    u, v = (from_label, a), (to_label, b)
                    if u in ended or v in ended:
                        continue
                    if self.graph.has_edge(u, v):
                        self.graph.edges[u, v]["types"].add(rel_type)
                    else:
                        self.graph.add_edge(u, v, types={rel_type})
        self.employer = {p[1]: o[1] for p, o in self.rels.get("WORKS_FOR", [])}
        self.team_org = {t[1]: o[1] for t, o in self.rels.get("PART_OF", [])}
        self.ics = {o[1]: i[1] for o, i in self.rels.get("IN_ICS", [])}


class Oracle:
    """Sources, candidates and shortest routes of one innovation, computed in NetworkX."""

    def __init__(self, store, innovation: str, routes: Routes | None = None):
        routes = routes or Routes(store)
        self.graph, self.partnerships, self.ics = routes.graph, routes.partnerships, routes.ics
        rels = routes.rels
        self.adopters = {o[1] for o, i in rels.get("ADOPTED", []) if i[1] == innovation}
        self.developers = {d for d, i in rels.get("DEVELOPED", []) if i[1] == innovation}
        origins = set()
        for label, node_id in self.developers:
            org = {"Organisation": node_id, "Team": routes.team_org.get(node_id),
                   "Person": routes.employer.get(node_id)}[label]
            if org:
                origins.add(org)
        self.origins = origins - self.adopters
        self.sources = ({("Organisation", a) for a in self.adopters | self.origins} | self.developers)
        self.candidates = routes.organisations - self.adopters - self.origins
        self.augmented = self.graph.copy()
        self.augmented.add_edges_from((("*", "*"), s) for s in self.sources)
        self.distance = {}
        if self.sources:
            self.distance = nx.single_source_shortest_path_length(self.augmented, ("*", "*"))
            self.distance = {node: d - 1 for node, d in self.distance.items()}

    def length(self, org: str) -> int | None:
        return self.distance.get(("Organisation", org))

    def weight(self, before, hop) -> float:
        """The strength a hop adds, as documented: tie 0.4, partnership 1.0 / 0.6."""
        if before[0] == "Person" and hop[0] == "Person":
            return 0.4
        if hop[0] == "Partnership":
            row = self.partnerships[hop[1]]
            return 1.0 if row.get("formal") else 0.6
        return 1.0

    def best_strength(self, org: str, limit: int = 500) -> float | None:
        """Best product of hop weights over every shortest route (None when too many to list)."""
        best = 0.0
        paths = nx.all_shortest_paths(self.augmented, ("*", "*"), ("Organisation", org))
        for n, path in enumerate(paths):
            if n >= limit:
                return None
            value = 1.0
            for before, hop in zip(path[1:], path[2:]):
                value *= self.weight(before, hop)
            best = max(best, value)
        return best


def check_against_oracle(store, innovation: str, max_hops: int, ics: str | None = None,
                         strengths: bool = True, routes: Routes | None = None) -> list[dict]:
    rows = spread_routes(store, innovation, ics=ics, max_hops=max_hops)
    oracle = Oracle(store, innovation, routes)
    wanted = {c for c in oracle.candidates if ics is None or oracle.ics.get(c) == ics}
    assert {r["id"] for r in rows} == wanted
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    flags = [row["untapped"] for row in rows]
    assert flags == sorted(flags, reverse=True), "reachable candidates come first"
    for row in rows:
        length = oracle.length(row["id"])
        expected = length if length is not None and length <= max_hops else None
        assert row["route_length"] == expected, (innovation, row["id"], row["route_text"])
        assert row["untapped"] is (expected is not None)
        route = row["route"]
        if expected is None:
            assert route == [] and row["from_adopter"] is None and row["route_strength"] == 0
            continue
        nodes = [(hop["label"], hop["id"]) for hop in route]
        assert len(nodes) == expected + 1
        assert len(set(nodes)) == len(nodes), "not a simple path"
        assert nodes[0] in oracle.sources and nodes[-1] == ("Organisation", row["id"])
        assert row["from_adopter"] == nodes[0][1]
        assert route[0]["relationship"] is None
        for before, hop in zip(route, route[1:]):
            edge = oracle.graph.get_edge_data((before["label"], before["id"]), (hop["label"], hop["id"]))
            assert edge is not None and hop["relationship"] in edge["types"], (before, hop)
        assert row["route_text"].count("→") == expected
        if strengths:
            best = oracle.best_strength(row["id"])
            if best is not None:
                assert row["route_strength"] == pytest.approx(best, abs=1e-4), row["id"]
    return rows


# --- stores -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spread") / "sample"
    with open_store(StoreConfig(path=path)) as store:
        ingest(store, [SAMPLE])
    return path


@pytest.fixture()
def sample(sample_path):
    with open_store(StoreConfig(path=sample_path), read_only=True) as store:
        yield store


def test_sample_routes_match_networkx(sample):
    innovations = [r["id"] for r in sample.read_rows("spread/innovations")]
    assert len(innovations) == 12
    routes = Routes(sample)
    for innovation in innovations:
        check_against_oracle(sample, innovation, max_hops=4, routes=routes)
    check_against_oracle(sample, "INN-005", max_hops=2, ics="QMJ")
    check_against_oracle(sample, "INN-009", max_hops=6)


@pytest.mark.parametrize("chunk", range(5))
def test_random_ecosystems_match_networkx(tmp_path, chunk):
    """50 random ecosystems (10 per chunk), one store each, two innovations each."""
    for seed in range(chunk * 10, chunk * 10 + 10):
        rows = random_ecosystem(1000 + seed)
        rng = random.Random(seed)
        with open_store(StoreConfig(path=tmp_path / f"s{seed}")) as store:
            ingest_rows(store, rows)
            routes = Routes(store)
            innovations = [r["id"] for r in rows["innovations.csv"]]
            spreading = sorted({r["innovation"] for r in rows["adoptions.csv"]}
                               | {r["id"] for r in rows["innovations.csv"] if r["developed_by"]})
            chosen = rng.sample(spreading, k=min(1, len(spreading)))
            chosen += rng.sample(innovations, k=min(2, len(innovations)) - len(chosen))
            for innovation in dict.fromkeys(chosen):
                ics = rng.choice([None, None, rows["ics.csv"][0]["code"]])
                check_against_oracle(store, innovation, max_hops=rng.choice((1, 2, 3, 4, 4, 5)), ics=ics,
                                     routes=routes)


# --- the sample's story -------------------------------------------------------------------------------

def test_sample_untapped_route_to_gosh(sample):
    rows = spread_routes(sample, "INN-005", ics="QMJ")
    gosh = rows[0]
    assert gosh["id"] == "RP4" and gosh["untapped"] and gosh["champion_at_far_end"]
    assert gosh["route_length"] == 2  # Alder Hey and GOSH share PS-016
    assert [h["id"] for h in gosh["route"]] == ["RBS", "PS-016", "RP4"]
    assert gosh["route_strength"] == pytest.approx(0.6)  # informal partnership
    assert "Oisin Sutcliffe" in gosh["why"] and "Ottilie Cottingham" in gosh["why"]
    # every other QMJ organisation is further away
    assert all(r["route_length"] is None or r["route_length"] > 2 for r in rows[1:])
    people = find_partners(sample, "INN-005", ics="QMJ")
    assert people[0]["id"] == "P147" and people[0]["role"].startswith("tie to adopter")
    assert "Oisin Sutcliffe" in people[0]["why"]


def test_sample_stuck_innovation_routes_start_at_origin(sample):
    rows = spread_routes(sample, "INN-008", top=5)
    assert len(rows) == 5
    assert all(r["route"][0]["id"] in {"RP6", "RP6-AI", "SME-OCULA", "P155"} for r in rows if r["untapped"])
    assert "RP6" not in {r["id"] for r in spread_routes(sample, "INN-008")}
    assert "SME-OCULA" not in {r["id"] for r in spread_routes(sample, "INN-008")}  # a developer


# --- a hand-built ecosystem ----------------------------------------------------------------------------

def hand_rows() -> dict[str, list[dict[str, str]]]:
    """A adopted I1 (a2, at A, developed it). B, H in formal P1 with A; C, H in informal P2 with
    A; J in P3 with A (formal, ended); a1 at A knows d1 at D and x1 at X; x1 knows e1 at E;
    F (in another ICS) has nobody linked. d1 champions I1, h1 is a clinical champion, c1 an
    innovation lead."""
    orgs = [("A", "acute-trust", "Q1"), ("B", "acute-trust", "Q1"), ("C", "acute-trust", "Q1"),
            ("D", "gp-practice", "Q1"), ("X", "charity", "Q1"), ("E", "gp-practice", "Q1"),
            ("H", "community-trust", "Q1"), ("J", "university", "Q1"), ("F", "social-care", "Q2")]
    people = [("a1", "A"), ("a2", "A"), ("d1", "D"), ("x1", "X"), ("e1", "E"), ("c1", "C"),
              ("h1", "H"), ("f1", "F")]
    rows: dict[str, list[dict[str, str]]] = {f: [] for f in model.LOAD_ORDER}
    rows["ics.csv"] = [{"code": "Q1", "name": "One"}, {"code": "Q2", "name": "Two"}]
    rows["organisations.csv"] = [{"id": o, "name": f"Org {o}", "kind": k, "ics": i} for o, k, i in orgs]
    rows["people.csv"] = [{"id": p, "name": f"Person {p}", "organisation": o, "job_title": "Job",
                           "innovation_lead": "yes" if p == "c1" else "no",
                           "clinical_champion": "yes" if p == "h1" else "no"} for p, o in people]
    rows["ties.csv"] = [{"person_a": "a1", "person_b": "d1"}, {"person_a": "x1", "person_b": "a1"},
                        {"person_a": "x1", "person_b": "e1"}]
    rows["partnerships.csv"] = [{"id": "P1", "name": "Formal one", "formal": "yes"},
                                {"id": "P2", "name": "Informal two", "formal": "no"},
                                {"id": "P3", "name": "Ended three", "formal": "yes", "end": "2020-12-31"}]
    rows["memberships.csv"] = [{"partnership": p, "member": m} for p, members in
                               (("P1", "ABH"), ("P2", "ACH"), ("P3", "AJ")) for m in members]
    rows["innovations.csv"] = [{"id": "I1", "name": "Frailty virtual ward", "kind": "pathway",
                                "developed_by": "a2"},
                               {"id": "I2", "name": "Nobody has it", "kind": "digital"}]
    rows["adoptions.csv"] = [{"organisation": "A", "innovation": "I1"}]
    rows["champions.csv"] = [{"person": "d1", "innovation": "I1"}]
    return rows


@pytest.fixture(scope="module")
def hand_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spread") / "hand"
    with open_store(StoreConfig(path=path)) as store:
        ingest_rows(store, hand_rows())
    return path


@pytest.fixture()
def hand(hand_path):
    with open_store(StoreConfig(path=hand_path), read_only=True) as store:
        yield store


# Worked by hand. Partners (organisation projection; P3 has ended, so it links nobody):
# A {B,C,D,H,X}, B {A,H}, C {A,H}, H {A,B,C}, J {}, D {A}, X {A,E}, E {X}, F {}.
EXPECTED = {
    #    length, strength, exposure, similarity,            shared, champion, lead
    "B": (2, 1.0, 1 / 2, 0.5 + 0.5 * (1 / 6), 1, 0.0, 0),
    "C": (2, 0.6, 1 / 2, 0.5 + 0.5 * (1 / 6), 1, 0.0, 1),
    "H": (2, 1.0, 1 / 3, 0.5 * (2 / 6), 2, 0.5, 0),
    "J": (None, 0.0, 0.0, 0.0, 0, 0.0, 0),
    "D": (3, 0.4, 1.0, 0.0, 0, 1.0, 0),
    "X": (3, 0.4, 1 / 2, 0.0, 0, 0.0, 0),
    "E": (4, 0.16, 0.0, 0.5 * (1 / 5), 1, 0.0, 0),
    "F": (None, 0.0, 0.0, 0.0, 0, 0.0, 0),
}


def expected_score(length, strength, exposure, similarity, champion, lead) -> float:
    return (0.30 * (1 / length if length else 0) + 0.20 * strength + 0.20 * exposure
            + 0.15 * similarity + 0.10 * champion + 0.05 * lead)


def test_hand_built_routes_scores_and_ranking(hand):
    rows = spread_routes(hand, "I1")
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == set(EXPECTED)  # A adopted it (and a2 there developed it)
    for org, (length, strength, exposure, similarity, shared, champion, lead) in EXPECTED.items():
        row = by_id[org]
        assert row["route_length"] == length, org
        assert row["route_strength"] == pytest.approx(strength, abs=1e-4), org
        assert row["exposure"] == pytest.approx(exposure, abs=1e-4), org
        assert row["similarity"] == pytest.approx(similarity, abs=1e-4), org
        assert row["shared_partners"] == shared, org
        assert row["champion_at_far_end"] is (champion > 0), org
        assert row["lead_at_far_end"] is bool(lead), org
        assert row["score"] == pytest.approx(
            expected_score(length, strength, exposure, similarity, champion, lead), abs=1e-4), org
    # B 0.5375, C 0.5075, H 0.492, D 0.48, X 0.28, E 0.122, then F and J with no route (by id)
    assert [r["id"] for r in rows] == ["B", "C", "H", "D", "X", "E", "F", "J"]
    d = by_id["D"]
    assert [(h["id"], h["label"], h["relationship"]) for h in d["route"]] == [
        ("A", "Organisation", None), ("a1", "Person", "WORKS_FOR"), ("d1", "Person", "KNOWS"),
        ("D", "Organisation", "WORKS_FOR")]
    assert d["route_text"] == "Org A → (WORKS_FOR) Person a1 → (KNOWS) Person d1 → (WORKS_FOR) Org D"
    assert d["from_adopter"] == "A"
    assert "Person d1 (champions it)" in d["why"]
    # among the two 2-hop routes to H the formal partnership wins
    assert [h["id"] for h in by_id["H"]["route"]] == ["A", "P1", "H"]
    assert by_id["J"]["untapped"] is False  # its only link, the partnership P3, has ended
    assert by_id["F"]["untapped"] is False and "no warm route" in by_id["F"]["why"]
    assert by_id["F"]["ics"] == "Q2" and by_id["B"]["kind"] == "acute-trust"


def test_hand_built_max_hops_ics_top(hand):
    rows = spread_routes(hand, "I1", max_hops=3)
    assert [r["id"] for r in rows][-3:] == ["E", "F", "J"]  # no route within 3: after the reachable ones
    assert rows[-3]["untapped"] is False and rows[-3]["route_length"] is None
    assert [r["id"] for r in spread_routes(hand, "I1", ics="Q2")] == ["F"]
    top = spread_routes(hand, "I1", top=2)
    assert [r["id"] for r in top] == ["B", "C"] and [r["rank"] for r in top] == [1, 2]
    with pytest.raises(ValueError):
        spread_routes(hand, "I1", max_hops=0)


def test_hand_built_innovation_nobody_has(hand):
    rows = spread_routes(hand, "I2")
    assert len(rows) == 9 and not any(r["untapped"] for r in rows)
    assert all(r["exposure"] == 0 and r["similarity"] == 0 for r in rows)
    # nobody has it: no ties to adopters, no champions, but innovation leads are still worth a call
    assert [(r["id"], r["role"]) for r in find_partners(hand, "I2")] == [("c1", "innovation lead at candidate")]


def test_hand_built_exposure_counts_partners_by_tie_and_partnership(hand):
    """X's partners: A (a1 knows x1) and E (x1 knows e1): one of two adopted."""
    x = next(r for r in spread_routes(hand, "I1") if r["id"] == "X")
    assert x["exposure"] == 0.5
    assert "1 of its 2 partners adopted" in x["why"]


def test_hand_built_partners(hand):
    rows = find_partners(hand, "I1")
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"d1", "x1", "c1"}
    assert [r["id"] for r in rows] == ["d1", "x1", "c1"]
    assert by_id["d1"]["role"] == "tie to adopter; champion"
    assert by_id["x1"]["role"] == "tie to adopter"
    assert by_id["c1"]["role"] == "innovation lead at candidate"
    assert "Person a1" in by_id["x1"]["why"] and "Org A" in by_id["x1"]["why"]
    assert by_id["d1"]["organisation"] == "D" and by_id["d1"]["organisation_name"] == "Org D"
    assert all(set(r) == PARTNER_KEYS for r in rows)
    assert [r["id"] for r in find_partners(hand, "I1", ics="Q2")] == []
    assert len(find_partners(hand, "I1", top=1)) == 1


# --- unknown ids --------------------------------------------------------------------------------------

def test_unknown_innovation_and_ics(sample):
    with pytest.raises(UnknownIdError) as caught:
        spread_routes(sample, "INN-05")
    assert caught.value.what == "innovation" and caught.value.closest
    assert caught.value.closest[0].startswith("INN-005")
    with pytest.raises(UnknownIdError) as caught:
        find_partners(sample, "early warning")
    assert any(c.startswith("INN-005") for c in caught.value.closest)
    with pytest.raises(UnknownIdError) as caught:
        spread_routes(sample, "INN-005", ics="QMX")
    assert caught.value.what == "ICS" and caught.value.closest[0].startswith("QMJ")
    # ICS codes and innovation ids in any case and spacing (issue 11): the stored form is used
    assert find_partners(sample, "inn-005", ics=" qyg") == find_partners(sample, "INN-005", ics="QYG")
    assert spread_routes(sample, "INN-005", ics="qyg", top=3) == spread_routes(sample, "INN-005", ics="QYG", top=3)


# --- the CLI -----------------------------------------------------------------------------------------

def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_spread_formats(sample_path):
    store = ["--store", str(sample_path)]
    rows = json.loads(run_cli("spread", "INN-005", "--ics", "QMJ", "--format", "json", *store))
    assert rows and all(set(r) == SPREAD_KEYS for r in rows)
    assert all(set(h) == HOP_KEYS for r in rows for h in r["route"])
    assert rows[0]["id"] == "RP4" and isinstance(rows[0]["untapped"], bool)
    assert rows[0]["route"][0]["relationship"] is None

    table = run_cli("spread", "INN-005", "--ics", "QMJ", "--top", "3", *store)
    blocks = table.split("\n\n")  # too many columns for 80 characters: one block per row
    keys = [line.split()[0] for line in blocks[0].splitlines() if not line.startswith(" ")]
    assert len(blocks) == 3 and keys[:4] == ["rank", "id", "name", "score"]
    assert "RBS (Organisation) -MEMBER_OF-> PS-016 (Partnership) <-MEMBER_OF- RP4 (Organisation)" in " ".join(blocks[0].split())

    text = run_cli("spread", "INN-005", "--max-hops", "2", "--format", "csv", *store)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert set(parsed[0]) == SPREAD_KEYS
    assert any(r["untapped"] == "no" and r["route_length"] == "" for r in parsed)
    assert all(r["route_length"] in ("", "1", "2") for r in parsed)


def test_cli_partners_formats(sample_path):
    store = ["--store", str(sample_path)]
    rows = json.loads(run_cli("partners", "INN-005", "--format", "json", "--top", "5", *store))
    assert len(rows) == 5 and all(set(r) == PARTNER_KEYS for r in rows)
    table = run_cli("partners", "INN-005", "--ics", "QMJ", *store)
    assert "id                 P147" in table.split("\n\n")[0]  # the first person
    parsed = list(csv.DictReader(io.StringIO(run_cli("partners", "INN-005", "--format", "csv", *store))))
    assert set(parsed[0]) == PARTNER_KEYS


def test_cli_unknown_id(sample_path):
    result = CliRunner().invoke(main, ["spread", "INN-05", "--store", str(sample_path)])
    assert result.exit_code == 1 and "INN-005" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["partners", "INN-005", "--ics", "QMX", "--store", str(sample_path)])
    assert result.exit_code == 1 and "QMJ" in result.output


# --- people ties from the innovation's side -------------------------------------------------------

def expected_source_ties(store, context) -> set[tuple]:
    """The people ties from the innovation's side, from the stored relationships (read_state):
    someone at an adopter or origin organisation, or a developer in person, who knows someone
    else working for an organisation (nobody has left and nothing has closed in these stores)."""
    routes = Routes(store)
    home = context.adopters | context.origins
    developers = {i for label, i in context.developers if label == "Person"}
    found = set()
    for (_, a), (_, b) in routes.rels.get("KNOWS", []):
        for x, y in ((a, b), (b, a)):
            if x != y and y in routes.employer and (routes.employer.get(x) in home or x in developers):
                found.add((x, routes.employer.get(x), y, routes.employer[y]))
    return found


def test_people_ties_from_the_innovations_side(sample, tmp_path):
    """The contacts that partners and the why of spread name, read from the route graph's
    arrays, equal an independent reading of the stored relationships."""
    import numpy as np

    from ecograph.analysis.spread import _read_context

    def check(store, innovation):
        context = _read_context(store, innovation, date.today().isoformat())
        every = np.ones(len(context.tables.organisation_ids), dtype=bool)  # ties to people anywhere
        assert set(context.ties_to(every)) == expected_source_ties(store, context), innovation

    for innovation in ("INN-001", "INN-005", "INN-008", "INN-011"):
        check(sample, innovation)
    for seed in range(3):
        rows = random_ecosystem(2000 + seed, n_orgs=8)
        with open_store(StoreConfig(path=tmp_path / f"t{seed}")) as store:
            ingest_rows(store, rows)
            for innovation in [r["id"] for r in rows["innovations.csv"]][:3]:
                check(store, innovation)


def test_partners_are_the_organisation_projection(sample):
    from ecograph.analysis.projection import project
    from ecograph.analysis.spread import _partner_sets

    graph = project(sample, "organisation")
    partners = _partner_sets(sample, date.today().isoformat())
    for org in graph:
        assert partners.get(org, set()) == set(graph[org]), org


# --- dated ecosystems: the as-of definition, computed apart -----------------------------------------

def as_of_routes(state, as_of: str):
    """The route graph on ``as_of`` from the stored nodes and relationships (ecograph.asof's
    rules, in NetworkX): a directed edge wherever its far end may be entered (an open
    organisation; a running partnership; a team of an open organisation; a person in post, from
    their own organisation, and otherwise only when they work for no closed organisation), ties
    only while they hold. Also the partner sets of the organisation projection."""
    from ecograph.asof import in_post, is_open, runs

    nodes = state.nodes
    rels = state.rels
    people = {p for p, r in nodes["Person"].items() if in_post(r.get("start"), r.get("left"), as_of)}
    orgs = {o for o, r in nodes["Organisation"].items() if is_open(r.get("closed"), as_of)}
    running = {p for p, r in nodes["Partnership"].items() if runs(r.get("start"), r.get("end"), as_of)}
    works_for = rels.get(("WORKS_FOR", "Person", "Organisation"), {})
    at_closed = {p for p, o in works_for if o not in orgs}
    present = people - at_closed
    teams = {t for t, o in rels.get(("PART_OF", "Team", "Organisation"), {}) if o in orgs}
    graph = nx.DiGraph()

    def link(u, v, rel, u_ok, v_ok):
        if v_ok:
            graph.add_edge(u, v, rel=rel)
        if u_ok:
            graph.add_edge(v, u, rel=rel)

    employer: dict[str, set] = {}
    for p, o in works_for:
        if p in people and o in orgs:
            link(("Person", p), ("Organisation", o), "WORKS_FOR", True, True)
            employer.setdefault(p, set()).add(o)
    for t, o in rels.get(("PART_OF", "Team", "Organisation"), {}):
        if o in orgs:
            link(("Team", t), ("Organisation", o), "PART_OF", True, True)
    for p, t in rels.get(("WORKS_IN", "Person", "Team"), {}):
        if p in people and t in teams:
            link(("Person", p), ("Team", t), "WORKS_IN", p in present, True)
    partners: dict[str, set] = {}
    for (a, b), props in rels.get(("KNOWS", "Person", "Person"), {}).items():
        if a in people and b in people and runs(props.get("start"), props.get("end"), as_of):
            link(("Person", a), ("Person", b), "KNOWS", a in present, b in present)
            for x in employer.get(a, ()):
                for y in employer.get(b, ()):
                    if x != y:
                        partners.setdefault(x, set()).add(y)
                        partners.setdefault(y, set()).add(x)
    members: dict[str, set] = {}
    for label, valid, enter in (("Organisation", orgs, orgs), ("Team", teams, teams), ("Person", people, present)):
        for m, p in rels.get(("MEMBER_OF", label, "Partnership"), {}):
            if m in valid and p in running:
                link((label, m), ("Partnership", p), "MEMBER_OF", m in enter, True)
                owners = ({m} if label == "Organisation" else
                          {o for t, o in rels.get(("PART_OF", "Team", "Organisation"), {}) if t == m and o in orgs}
                          if label == "Team" else employer.get(m, set()))
                members.setdefault(p, set()).update(owners)
    for group in members.values():
        for x in group:
            if group - {x}:
                partners.setdefault(x, set()).update(group - {x})
    return graph, partners


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3001, 3003, 3005, 3007])
def test_dated_ecosystems_follow_the_as_of_definition(tmp_path, seed):
    """On dated random ecosystems (people leaving, organisations closing, partnerships and ties
    ending), seen on several dates: the partner sets, and every candidate's route length and
    strength, equal a computation from the stored relationships by ecograph.asof's rules."""
    from ecograph.analysis.spread import _partner_sets, _read_context

    rows = random_ecosystem(seed, dated=True)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        state = read_state(store)
        innovations = [r["id"] for r in rows["innovations.csv"]]
        for as_of in ("2018-06-30", "2022-01-01", "2026-12-31"):
            graph, partners = as_of_routes(state, as_of)
            assert _partner_sets(store, as_of) == partners, as_of
            for innovation in innovations[:3]:
                try:
                    context = _read_context(store, innovation, as_of)
                except InnovationWithdrawn:
                    continue
                sources = [s for s in context.sources if s in graph]
                graph.add_edges_from((("*", "*"), s) for s in sources)
                distance = nx.single_source_shortest_path_length(graph, ("*", "*")) if sources else {}
                for row in spread_routes(store, innovation, max_hops=4, as_of=as_of):
                    length = distance.get(("Organisation", row["id"]))
                    expected = length - 1 if length is not None and length - 1 <= 4 else None
                    assert row["route_length"] == expected, (as_of, innovation, row["id"])
                    mine = partners.get(row["id"], set())
                    assert row["exposure"] == round(len(mine & context.adopters) / len(mine) if mine else 0.0, 4)
                    if expected is None:
                        continue
                    hops = [(h["label"], h["id"]) for h in row["route"]]
                    assert all(graph.has_edge(u, v) and graph.edges[u, v]["rel"] == h["relationship"]
                               for (u, v), h in zip(zip(hops, hops[1:]), row["route"][1:])), row["route_text"]
                    best = 0.0
                    for n, path in enumerate(nx.all_shortest_paths(graph, ("*", "*"), ("Organisation", row["id"]))):
                        if n >= 200:
                            break
                        value = 1.0
                        for u, v in zip(path[1:], path[2:]):
                            value *= (0.4 if graph.edges[u, v]["rel"] == "KNOWS" else
                                      (1.0 if state.nodes["Partnership"][v[1]].get("formal") else 0.6)
                                      if v[0] == "Partnership" else 1.0)
                        best = max(best, value)
                    else:
                        assert row["route_strength"] == pytest.approx(best, abs=1e-4), row["id"]
                if sources:
                    graph.remove_node(("*", "*"))


def store_with_a_pair_tied_twice(path: Path):
    """The hand-made ecosystem in a new store at ``path`` where a1 and d1 have two stored ties:
    a1 - d1 ended at the end of 2020, d1 - a1 starts in 2023 (written with ``query --write``:
    ingest refuses a repeated link). The store is open: use it in a ``with`` block."""
    rows = hand_rows()
    rows["ties.csv"][0]["end"] = "2020-12-31"
    store = open_store(StoreConfig(path=path))
    ingest_rows(store, rows)
    store.run("MATCH (d:Person {id: 'd1'}), (a:Person {id: 'a1'}) CREATE (d)-[:KNOWS {`start`: '2023-01-01'}]->(a)",
              write=True)
    return store


def test_a_pair_is_tied_while_one_of_its_stored_ties_holds(tmp_path):
    """Two stored ties between the same people count as one that holds on a day when either
    holds (:func:`store_with_a_pair_tied_twice`): D is reached through them before and after,
    not between."""
    from ecograph.analysis.spread import _partner_sets

    with store_with_a_pair_tied_twice(tmp_path / "s") as store:
        assert len(store.run("MATCH (:Person {id: 'd1'})-[k:KNOWS]-(:Person {id: 'a1'}) RETURN k")) == 2
        for as_of, reached in (("2019-06-30", True), ("2021-06-30", False), ("2024-06-30", True)):
            d = {r["id"]: r for r in spread_routes(store, "I1", as_of=as_of)}["D"]
            assert (d["route_length"] == 3) is reached, as_of
            assert ("D" in _partner_sets(store, as_of)["A"]) is reached, as_of
            if reached:
                assert [h["id"] for h in d["route"]] == ["A", "a1", "d1", "D"]


@pytest.mark.parametrize("query", ["projection/person_ties", "spread/route_employment", "spread/route_team_members",
                                   "spread/route_memberships"])
def test_reads_in_any_order_give_the_same_rows(sample, query):
    """The route graph's reads without parameters go through LadybugDB's native Arrow export
    (``any_order``): the same rows as the ordinary read, in some order."""
    def rows(table):
        return sorted(tuple(row.values()) for row in table.to_pylist())

    ordinary = sample.read_table(query)
    assert ordinary.num_rows
    assert rows(sample.read_table(query, any_order=True)) == rows(ordinary)


def test_explain_spells_out_only_the_rows_asked_for(sample) -> None:
    """`explain` (the atlas: the few candidates a map draws) leaves every score and rank as they
    are and spells out the route and reasons of the rows it names only, as they are without it."""
    for inn in ("INN-005", "INN-001"):
        every = spread_routes(sample, inn)
        wanted = [r["id"] for r in every if r["untapped"]][:3] + [every[-1]["id"]]
        asked: list = []
        some = spread_routes(sample, inn, explain=lambda rows: asked.extend(map(dict, rows)) or wanted)
        assert all(not r["route"] and not r["why"] for r in asked)  # asked before spelling out
        spelled = ("route", "route_text", "from_adopter", "why")
        assert [{k: v for k, v in r.items() if k not in spelled} for r in some] == [
            {k: v for k, v in r.items() if k not in spelled} for r in every]
        for a, b in zip(some, every):
            if a["id"] in wanted:
                assert a == b and a["why"]
            else:
                assert a["route"] == [] and a["why"] == "" and a["route_text"] == "" and a["from_adopter"] is None


def test_brief_rows_carry_what_choosing_needs_and_the_explained_rows_whole(sample) -> None:
    """``brief`` (the atlas) with ``explain``: the rows given to ``explain`` and those it does not
    name hold only id, rank, score, untapped and ics, equal to the whole rows'; the rows it names
    are whole, as without ``brief``."""
    brief_keys = {"id", "rank", "score", "untapped", "ics"}
    for inn in ("INN-005", "INN-001"):
        every = spread_routes(sample, inn)
        wanted = [r["id"] for r in every if r["untapped"]][:2] + [every[-1]["id"]]
        given: list = []
        some = spread_routes(sample, inn, explain=lambda rows: given.extend(map(dict, rows)) or wanted,
                             brief=True)
        assert given == [{k: r[k] for k in brief_keys} for r in every]
        assert [r["id"] for r in some] == [r["id"] for r in every]
        for a, b in zip(some, every):
            assert a == (b if a["id"] in wanted else {k: b[k] for k in brief_keys})
        assert any(r["why"] for r in some if r["id"] in wanted)


def test_scores_are_rounded_as_python_rounds() -> None:
    """The scores are rounded as arrays (numpy: scale, round, scale back); the digits must be
    Python's ``round(x, 4)`` on every value, those within rounding error of a half included."""
    import numpy as np

    from ecograph.analysis.spread import _rounded

    rng = np.random.default_rng(7)
    halves = (np.arange(0, 10_001) + 0.5) / 1e4  # k.5 ten-thousandths: the hard cases
    near = np.concatenate([np.nextafter(halves, 0), halves, np.nextafter(halves, 1)])
    values = np.concatenate([rng.random(200_000), near, rng.integers(0, 10_000, 1000) / 1e4,
                             np.array([0.0, 1.0, 0.28499999999999998, 0.00005, 0.6 * 0.4 * 0.4])])
    assert _rounded(values).tolist() == [round(v, 4) for v in values.tolist()]


@pytest.mark.parametrize("seed", [3000, 3001])
def test_the_first_rows_are_the_same_with_top(tmp_path, seed) -> None:
    """``top`` (the atlas asks for the first partners of each innovation, read for those alone)
    gives the first rows of the whole ranking, the same in every key."""
    from ecograph.analysis.spread import SharedReads

    rows = random_ecosystem(seed, dated=bool(seed % 2))
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        reads = SharedReads(store)
        ics = rows["ics.csv"][0]["code"]
        checked = 0
        for innovation in [r["id"] for r in rows["innovations.csv"]]:
            for scope in (None, ics):
                try:
                    every = find_partners(store, innovation, ics=scope)
                    spread = spread_routes(store, innovation, ics=scope)
                except InnovationWithdrawn:
                    continue
                for top in (1, 3, 10):
                    assert find_partners(store, innovation, ics=scope, top=top) == every[:top]
                    assert find_partners(store, innovation, ics=scope, top=top, reads=reads) == every[:top]
                    assert spread_routes(store, innovation, ics=scope, top=top, reads=reads) == spread[:top]
                checked += len(every) > 3
        assert checked


@pytest.mark.parametrize("seed", range(4))
def test_links_hold_each_one_once_row_by_row(seed) -> None:
    """The route graph's 0/1 matrices (:class:`~ecograph.analysis.spread_graph.Links`, who
    knows whom built in one array by ``Links.symmetric``) hold every pair given, once, each
    row's columns ascending: as a dense matrix of the same pairs."""
    import numpy as np

    from ecograph.analysis.spread_graph import Links

    rng = np.random.default_rng(seed)
    n_rows, n_cols = int(rng.integers(1, 40)), int(rng.integers(1, 40))
    m = int(rng.integers(0, 300))
    rows, cols = rng.integers(0, n_rows, m), rng.integers(0, n_cols, m)
    dense = np.zeros((n_rows, n_cols), dtype=bool)
    dense[rows, cols] = True
    n = min(n_rows, n_cols)
    a, b = rows % n, cols % n
    square = np.zeros((n, n), dtype=bool)
    square[a, b] = square[b, a] = True
    for links, matrix in ((Links(rows, cols, (n_rows, n_cols)), dense), (Links.symmetric(a, b, n), square)):
        assert links.shape == matrix.shape and links.indices.dtype == np.int32
        assert [links.indices[links.indptr[i]:links.indptr[i + 1]].tolist() for i in range(matrix.shape[0])] == [
            np.flatnonzero(row).tolist() for row in matrix]
