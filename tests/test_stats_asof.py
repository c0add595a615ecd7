"""`ecograph stats --as-of DATE`: what was present that day, through the CLI on the real store.

The independent computation is ``rows_as_of`` (tests/random_ecosystem.py), the as-of rules read
straight from the spreadsheet rows: a fresh store holding only those rows must count, with plain
``stats``, what ``stats --as-of`` counts on the dated store. A map's header counts the
organisations and people ``stats --as-of`` its date counts.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecograph.cli import main
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem, rows_as_of

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
DATES = ("2018-06-30", "2022-01-01", "2025-12-31")
#: Left out of the comparison: rows_as_of hands a departed developer's credit to their
#: organisation (a DEVELOPED link the store does not hold) and blanks successors.
NOT_COMPARED = {"DEVELOPED", "SUCCEEDED_BY"}


def stats(store: Path, *args: str) -> dict[str, int]:
    done = CliRunner().invoke(main, ["stats", "--store", str(store), "--format", "json", *args])
    assert done.exit_code == 0, done.output
    return {r["name"]: r["count"] for r in json.loads(done.stdout)}


def load(path: Path, rows) -> Path:
    with open_store(StoreConfig(path=path)) as store:
        ingest_rows(store, rows)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_stats_as_of_counts_what_was_present(tmp_path: Path, seed: int) -> None:
    rows = random_ecosystem(seed, dated=True)
    store = load(tmp_path / "dated", rows)
    stored = stats(store)
    changed = False
    for k, as_of in enumerate(DATES):
        got = stats(store, "--as-of", as_of)
        expected = stats(load(tmp_path / f"as-of-{k}", rows_as_of(rows, as_of)))
        assert {n: c for n, c in got.items() if n not in NOT_COMPARED} == \
            {n: c for n, c in expected.items() if n not in NOT_COMPARED}, as_of
        assert set(got) == set(stored) and all(got[n] <= stored[n] for n in got if n != "ADOPTED")
        changed |= got != stored
    assert changed  # the dates left something out: the comparison is not between equal stores


def test_stats_says_which_it_counts_and_the_default_is_everything_stored(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", str(store)]).exit_code == 0
    with open_store(StoreConfig(path=store), read_only=True) as s:
        stored_people = s.run("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
        left = s.run("MATCH (p:Person) WHERE coalesce(p.`left`, '') <> '' AND p.`left` <= $today "
                     "RETURN count(p) AS n", {"today": date.today().isoformat()})[0]["n"]
    assert left > 0  # the sample's year of history: someone has left
    assert stats(store)["Person"] == stored_people
    assert stats(store, "--as-of", date.today().isoformat())["Person"] == stored_people - left
    plain = CliRunner().invoke(main, ["stats", "--store", str(store)], env={"COLUMNS": "80"}).stdout
    dated = CliRunner().invoke(main, ["stats", "--store", str(store), "--as-of", "31/03/2026"],
                               env={"COLUMNS": "80"}).stdout
    assert plain.startswith("Everything stored, history included")
    assert dated.startswith("Present on 2026-03-31")
    bad = CliRunner().invoke(main, ["stats", "--store", str(store), "--as-of", "yesterday"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


@pytest.mark.parametrize("as_of", [None, "2025-12-31"])
def test_a_maps_header_counts_what_stats_as_of_its_date_counts(tmp_path: Path, as_of: str | None) -> None:
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", str(store)]).exit_code == 0
    out = tmp_path / "map.html"
    dated = ["--as-of", as_of] if as_of else []
    done = CliRunner().invoke(main, ["map", "--store", str(store), "--view", "network", "-o", str(out), *dated])
    assert done.exit_code == 0, done.output
    header = re.search(r'<div class="header-stats">(.*?)</div>', out.read_text(encoding="utf-8"), re.S).group(1)
    shown: dict[str, int] = {}
    for n, word in re.findall(r"<strong>([\d,]+)</strong> (\w+)", header):
        shown.setdefault(word, int(n.replace(",", "")))  # the first: the brokers' counts follow
    counted = stats(store, "--as-of", as_of or date.today().isoformat())
    assert shown["organisations"] == counted["Organisation"] and shown["people"] == counted["Person"]


@pytest.mark.slow
def test_atlas_of_a_date_counts_what_stats_counts_that_day(tmp_path: Path) -> None:
    """The atlas index's figures are those of `stats --as-of` its date (what its maps draw), and
    its adoption charts leave out adoptions made after it."""
    from ecograph.model import NODE_BY_LABEL

    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", str(store)]).exit_code == 0
    for day in ("2024-01-31", "2025-12-31"):
        out = tmp_path / f"atlas-{day}"
        done = CliRunner().invoke(main, ["atlas", "-o", str(out), "--store", str(store), "--as-of", day])
        assert done.exit_code == 0, done.output
        html = (out / "index.html").read_text(encoding="utf-8")
        cards = {label: int(value.replace(",", "")) for value, label in re.findall(
            r'<div class="value">([\d,]+)</div>\s*<div class="label">([^<]+)</div>', html)}
        counted = stats(store, "--as-of", day)
        assert cards["Links"] == sum(n for name, n in counted.items() if name not in NODE_BY_LABEL)
        assert cards["Links"] != sum(n for name, n in stats(store).items() if name not in NODE_BY_LABEL)
    # Liverpool took up AI chest X-ray triage on 2026-02-09: in today's page, not in 2025-12-31's
    today = tmp_path / "atlas-today"
    assert CliRunner().invoke(main, ["atlas", "-o", str(today), "--store", str(store)]).exit_code == 0
    assert "2026-02-09" in (today / "innovations" / "INN-002.html").read_text(encoding="utf-8")
    assert "2026-02-09" not in (tmp_path / "atlas-2025-12-31" / "innovations" / "INN-002.html").read_text(
        encoding="utf-8")
