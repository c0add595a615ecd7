"""The synthetic ecosystem generator, seeded with real NHS organisations (tests/data/nhs/)."""

from __future__ import annotations

import csv
import json
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from ecograph import model
from ecograph.generate import HIN_COVERAGE, generate
from ecograph.ods import OdsError, load_icbs

DATA = Path(__file__).parent / "data" / "nhs"
NHS = {"trusts": DATA / "ods_etr_trusts_2025.csv",
       "gp_practices": DATA / "ods_epraccur_gp_practices_2025_subset.csv"}
PEOPLE = 2_000


def _read(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for file in model.LOAD_ORDER:
        with open(folder / file, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == [c.name for c in model.columns_for(file)], file
            out[file] = list(reader)
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    start = time.perf_counter()
    counts = generate(out, people=PEOPLE, seed=3, **NHS)
    return out, counts, time.perf_counter() - start


@pytest.fixture(scope="module")
def one_ics(tmp_path_factory):
    out = tmp_path_factory.mktemp("one_ics")
    counts = generate(out, people=PEOPLE, seed=3, ics="qyg", **NHS)
    return out, counts


def _tie_stats(rows: dict[str, list[dict[str, str]]]) -> tuple[Counter, Counter]:
    """(share of ties by scope, degree of each person)."""
    org_of = {p["id"]: p["organisation"] for p in rows["people.csv"]}
    ics_of = {o["id"]: o["ics"] for o in rows["organisations.csv"]}
    scope, degree = Counter(), Counter({p: 0 for p in org_of})
    for t in rows["ties.csv"]:
        a, b = org_of[t["person_a"]], org_of[t["person_b"]]
        scope["organisation" if a == b else "ics" if ics_of[a] == ics_of[b] else "national"] += 1
        degree[t["person_a"]] += 1
        degree[t["person_b"]] += 1
    return scope, degree


def test_quick_and_complete(national):
    out, counts, seconds = national
    assert seconds < 30  # about 2 s on a laptop; generous for a loaded CI machine
    assert list(counts) == list(model.LOAD_ORDER)
    rows = _read(out)
    assert {f: len(r) for f, r in rows.items()} == counts
    assert counts["people.csv"] == PEOPLE
    # barriers are agreed with stakeholders: the generator writes the file's header only
    assert all(counts[f] > 0 for f in model.LOAD_ORDER if f != "barriers.csv") and counts["barriers.csv"] == 0


def test_same_seed_same_bytes_other_seed_differs(national, tmp_path):
    out, _, _ = national
    again = tmp_path / "again"
    generate(again, people=PEOPLE, seed=3, **NHS)
    for file in model.LOAD_ORDER:
        assert (out / file).read_bytes() == (again / file).read_bytes(), file
    other = tmp_path / "other"
    generate(other, people=PEOPLE, seed=4, **NHS)
    assert (out / "ties.csv").read_bytes() != (other / "ties.csv").read_bytes()
    assert (out / "people.csv").read_bytes() != (other / "people.csv").read_bytes()
    # The real organisation layer does not depend on the seed (its synthetic history does: which
    # organisations close, and when).
    real_kinds = set(model.TRUST_KINDS) | {"gp-practice"}
    ods_columns = ("id", "name", "kind", "ics", "region")

    def real(folder: Path) -> list[dict[str, str]]:
        return [{k: o[k] for k in ods_columns} for o in _read(folder)["organisations.csv"] if o["kind"] in real_kinds]

    assert real(out) == real(other) and len(real(out)) == 202 + 456


def test_every_reference_resolves_and_ids_are_unique(national):
    rows = _read(national[0])
    keys: dict[str, set[str]] = {}
    seen: Counter = Counter()
    for node in model.NODES:
        ids = [r[node.key] for r in rows[node.file]]
        keys[node.label] = set(ids)
        seen.update(ids)
    assert [i for i, n in seen.items() if n > 1] == []  # unique across all files

    def check(file: str, column: model.Column) -> None:
        for r in rows[file]:
            values = [v for v in r[column.name].split(";") if v] if column.type == "refs" else [r[column.name]]
            if column.required:
                assert values and all(values), (file, column.name, r)
            for v in values:
                if v:
                    assert any(v in keys[t] for t in column.targets), (file, column.name, v)

    for node in model.NODES:
        for c in node.columns:
            if c.type in ("ref", "refs"):
                check(node.file, c)
            elif c.type == "kind":
                assert all(model.canonical_kind(r[c.name], c.vocabulary) == r[c.name] for r in rows[node.file])
            elif c.type == "flag":
                assert {r[c.name] for r in rows[node.file]} <= {"yes", "no"}
            elif c.required:
                assert all(r[c.name] for r in rows[node.file]), (node.file, c.name)
    for link in model.LINKS:
        for c in link.columns:
            if c.type == "ref":
                check(link.file, c)
            if c.type == "role":
                assert {r[c.name] for r in rows[link.file]} <= {"lead", "member"}
    team_org = {t["id"]: t["organisation"] for t in rows["teams.csv"]}
    assert all(team_org[p["team"]] == p["organisation"] for p in rows["people.csv"] if p["team"])


def test_no_duplicate_links(national):
    rows = _read(national[0])
    ties = [tuple(sorted((t["person_a"], t["person_b"]))) for t in rows["ties.csv"]]
    assert len(set(ties)) == len(ties) and all(a != b for a, b in ties)
    for file, cols in (("memberships.csv", ("partnership", "member")),
                       ("adoptions.csv", ("organisation", "innovation")),
                       ("champions.csv", ("person", "innovation"))):
        pairs = [tuple(r[c] for c in cols) for r in rows[file]]
        assert len(set(pairs)) == len(pairs), file


def test_real_organisation_layer(national):
    rows = _read(national[0])
    assert [r["code"] for r in rows["ics.csv"]] == [i.code for i in load_icbs()]
    kinds = Counter(o["kind"] for o in rows["organisations.csv"])
    assert kinds["icb"] == kinds["innovation-hub"] == 42
    assert kinds["health-innovation-network"] == 15 == len(HIN_COVERAGE)
    assert sum(kinds[k] for k in model.TRUST_KINDS) == 202
    assert kinds["gp-practice"] == 456
    for k in ("university", "nihr-arc", "nihr-brc", "nihr-crn", "industry", "sme", "primary-care-network"):
        assert kinds[k] > 0, k
    covered = [c for codes in HIN_COVERAGE.values() for c in codes]
    assert sorted(covered) == sorted(i.code for i in load_icbs())


def test_ties_mostly_local_and_heavy_tailed(national, one_ics):
    rows = _read(national[0])
    scope, degree = _tie_stats(rows)
    total = sum(scope.values())
    # Thinly spread people (2,000 over ~9,000 organisations): still mostly local.
    assert scope["organisation"] / total > 0.45
    assert scope["organisation"] > scope["ics"] > scope["national"]
    assert 0 < scope["national"] / total < 0.05

    rows = _read(one_ics[0])
    scope, degree = _tie_stats(rows)
    total = sum(scope.values())
    assert total == PEOPLE * 10
    assert scope["organisation"] / total > 0.6
    assert scope["national"] == 0
    degrees = sorted(degree.values(), reverse=True)
    median = statistics.median(degrees)
    assert degrees[0] >= 4 * median
    assert sum(degrees[: len(degrees) // 100]) / sum(degrees) > 0.025  # top 1% hold > 2.5%
    leads = [degree[p["id"]] for p in rows["people.csv"] if p["innovation_lead"] == "yes"]
    assert statistics.mean(leads) > 1.5 * statistics.mean(degrees)


def test_one_ics(one_ics):
    out, counts = one_ics
    rows = _read(out)
    assert [r["code"] for r in rows["ics.csv"]] == ["QYG"]
    assert {o["ics"] for o in rows["organisations.csv"]} == {"QYG"}
    ids = {o["id"] for o in rows["organisations.csv"]}
    assert {"ICB-QYG", "HUB-QYG", "HIN-NWC", "RBS", "RX7"} - ids == {"RX7"}  # RX7 is in QOP
    assert counts["people.csv"] == PEOPLE


def test_flags_partnerships_innovations(national):
    rows = _read(national[0])
    kind = {o["id"]: o["kind"] for o in rows["organisations.csv"]}
    staffed = {p["organisation"] for p in rows["people.csv"]}
    led = {p["organisation"] for p in rows["people.csv"] if p["innovation_lead"] == "yes"}
    trusts = [o for o in staffed if kind[o] in model.TRUST_KINDS]
    share = sum(t in led for t in trusts) / len(trusts)
    assert 0.7 < share < 1.0  # most trusts have an innovation lead; some are missing
    assert {p["formal"] for p in rows["partnerships.csv"]} == {"yes", "no"}
    roles = Counter(m["role"] for m in rows["memberships.csv"])
    assert roles["lead"] > 0 and roles["member"] > roles["lead"]
    adopters = Counter(a["innovation"] for a in rows["adoptions.csv"])
    assert max(adopters.values()) >= 3  # some spread
    assert any(n <= 1 for n in adopters.values()) or len(adopters) < len(rows["innovations.csv"])  # some stuck
    assert all(i["developed_by"] for i in rows["innovations.csv"])


def test_errors(tmp_path):
    with pytest.raises(OdsError) as err:
        generate(tmp_path, people=100, ics="QYX", **NHS)
    assert "QYG" in err.value.closest
    with pytest.raises(OdsError, match="not found"):
        generate(tmp_path, people=100, trusts=tmp_path / "missing.csv", gp_practices=NHS["gp_practices"])
    with pytest.raises(ValueError):
        generate(tmp_path, people=0, **NHS)


@pytest.mark.slow
def test_national_scale(tmp_path):
    """100,000 people: a million ties and over a million relationships, well under a minute."""
    start = time.perf_counter()
    counts = generate(tmp_path, people=100_000, seed=0, **NHS)
    assert time.perf_counter() - start < 60
    assert counts["ties.csv"] == 1_000_000
    with open(tmp_path / "people.csv", encoding="utf-8") as f:
        works_in = sum(1 for r in csv.DictReader(f) if r["team"])
    relationships = (counts["ties.csv"] + counts["people.csv"] + works_in + counts["organisations.csv"]
                     + counts["teams.csv"] + counts["memberships.csv"] + counts["adoptions.csv"]
                     + counts["champions.csv"])
    assert relationships >= 1_000_000


def test_generate_command_writes_what_ingest_loads(tmp_path):
    """`ecograph generate` as a user runs it: the same bytes for a seed, and a folder that
    `ecograph ingest` loads whole (the store read back has every person written)."""
    from click.testing import CliRunner

    from ecograph.cli import main
    from ecograph.graph import counts
    from ecograph.store import StoreConfig, open_store

    args = ["--people", "200", "--ics", "QYG", "--seed", "7",
            "--trusts", str(NHS["trusts"]), "--gp-practices", str(NHS["gp_practices"])]
    runner = CliRunner()
    first = runner.invoke(main, ["generate", str(tmp_path / "a"), *args, "--format", "json"])
    assert first.exit_code == 0, first.output
    written = {r["file"]: r["rows"] for r in json.loads(first.stdout)}
    assert written["people.csv"] == 200 and written["ics.csv"] == 1
    assert runner.invoke(main, ["generate", str(tmp_path / "b"), *args]).exit_code == 0
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    loaded = runner.invoke(main, ["ingest", str(tmp_path / "a"), "--store", str(tmp_path / "s")])
    assert loaded.exit_code == 0, loaded.output
    with open_store(StoreConfig(path=tmp_path / "s"), read_only=True) as store:
        stored = {r["name"]: r["count"] for r in counts(store)}
    assert stored["Person"] == 200 and stored["KNOWS"] == written["ties.csv"]
    bad = runner.invoke(main, ["generate", str(tmp_path / "c"), "--people", "10", "--ics", "QYX",
                               "--trusts", str(NHS["trusts"]), "--gp-practices", str(NHS["gp_practices"])])
    assert bad.exit_code == 1 and "QYG" in bad.output and not (tmp_path / "c").exists()


def test_generate_names_the_input_limit_a_large_folder_needs(tmp_path, monkeypatch):
    """A generated folder with a file over the input limit (a million people write a 370 MB
    ties.csv) is followed by the ingest command that raises the limit, and that command loads it."""
    import os
    import shlex

    from click.testing import CliRunner

    from ecograph.cli import main

    monkeypatch.setenv("ECOGRAPH_MAX_INPUT_MB", "0.05")
    runner = CliRunner()
    args = ["--people", "300", "--ics", "QYG", "--trusts", str(NHS["trusts"]),
            "--gp-practices", str(NHS["gp_practices"])]
    result = runner.invoke(main, ["generate", str(tmp_path / "g"), *args])
    assert result.exit_code == 0, result.output
    hint = result.stderr.strip().splitlines()[-1].removeprefix("Load it with: ")
    setting, *command = shlex.split(hint)
    name, _, megabytes = setting.partition("=")
    largest = max(p.stat().st_size for p in (tmp_path / "g").iterdir())
    assert name == "ECOGRAPH_MAX_INPUT_MB" and 0.05e6 < largest <= float(megabytes) * 1e6
    assert runner.invoke(main, ["ingest", str(tmp_path / "g"), "--store", str(tmp_path / "s")]).exit_code == 1
    monkeypatch.setenv(name, megabytes)
    assert command[:2] == ["ecograph", "ingest"]
    loaded = runner.invoke(main, [*command[1:], "--store", str(tmp_path / "s")])
    assert loaded.exit_code == 0, loaded.output
    monkeypatch.delenv(name)
    plain = runner.invoke(main, ["generate", str(tmp_path / "h"), *args])
    assert plain.stderr.strip().endswith(f"Load it with: ecograph ingest {tmp_path / 'h'}")
    assert os.environ.get(name) is None
