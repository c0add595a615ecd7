"""Reading once for many innovations (ecograph.analysis.spread.SharedReads, as the atlas does):
``spread_routes`` and ``find_partners`` give exactly the rows they give without it, for every
innovation in turn through one SharedReads, on the sample and on random ecosystems; and the
shared reads are made once, not once per innovation."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from conftest import REPO_ROOT
from random_ecosystem import ingest_rows, random_ecosystem

from ecograph.analysis.spread import SharedReads, find_partners, spread_routes
from ecograph.errors import EcographError
from ecograph.ingest import ingest
from ecograph.store import StoreConfig, open_store

SAMPLE = REPO_ROOT / "ingest" / "sample"


def outcome(call, *args, **kwargs):
    """The rows, or the error's type and message (a withdrawn innovation)."""
    try:
        return call(*args, **kwargs)
    except EcographError as error:
        return type(error), str(error)


def assert_same_with_and_without(store, innovations, ics_choices=(None,), seed=0, dates=(None,)):
    """Every innovation through one SharedReads (twice over, in a shuffled order and on shuffled
    as-of dates, so kept answers are reused across innovations) equals a fresh call on the bare
    store."""
    rng = random.Random(seed)
    reads = SharedReads(store)
    order = list(innovations) * 2
    rng.shuffle(order)
    for innovation in order:
        ics, as_of = rng.choice(ics_choices), rng.choice(dates)
        hops = rng.choice((2, 3, 4))
        assert outcome(spread_routes, store, innovation, ics=ics, max_hops=hops, as_of=as_of, reads=reads) == \
            outcome(spread_routes, store, innovation, ics=ics, max_hops=hops, as_of=as_of), innovation
        assert outcome(find_partners, store, innovation, ics=ics, as_of=as_of, reads=reads) == \
            outcome(find_partners, store, innovation, ics=ics, as_of=as_of), innovation


def test_sample_same_rows_with_shared_reads(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        innovations = [r["id"] for r in store.read_rows("spread/innovations")]
        assert len(innovations) > 5
        ics = [r["code"] for r in store.read_rows("spread/ics")]
        assert_same_with_and_without(store, innovations, ics_choices=(None, None, *ics))


@pytest.mark.parametrize("seed", [3000, 3001, 3002, 3009])  # seeds whose ecosystems have innovations
def test_random_ecosystems_same_rows_with_shared_reads(tmp_path, seed):
    """Odd seeds: dated ecosystems (people leaving, partnerships ending, innovations withdrawn),
    seen on several dates through the same SharedReads."""
    dated = bool(seed % 2)
    rows = random_ecosystem(seed, dated=dated)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        innovations = [r["id"] for r in rows["innovations.csv"]]
        assert innovations
        assert_same_with_and_without(store, innovations, ics_choices=(None, rows["ics.csv"][0]["code"]),
                                     seed=seed, dates=("2018-06-30", "2022-01-01", "2026-12-31", None) if dated else (None,))


def test_what_every_innovation_reads_is_read_once(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        innovations = [r["id"] for r in store.read_rows("spread/innovations")]
        made: Counter[str] = Counter()
        read_rows, read_table = store.read_rows, store.read_table

        inside = []  # read_rows may read through read_table: count the outer call only

        def counted(read):
            def call(name, params=None, **options):
                made[name] += not inside
                inside.append(name)
                try:
                    return read(name, params, **options)
                finally:
                    inside.pop()
            return call

        store.read_rows, store.read_table = counted(read_rows), counted(read_table)  # the queries that reach the store
        reads = SharedReads(store)
        for innovation in innovations:
            spread_routes(store, innovation, reads=reads)
            find_partners(store, innovation, reads=reads)
        shared = {"spread/innovations", "spread/organisations", "spread/partnerships", "spread/adopters",
                  "spread/developed", "spread/champions", "spread/people_of_note", "spread/route_people",
                  "spread/route_employment", "spread/route_teams", "spread/route_team_members",
                  "projection/person_ties", "projection/person_tie_dates", "spread/route_memberships"}
        for name in shared:
            assert made[name] == 1, (name, made[name])
        assert made["projection/person_ties_off"] <= 1  # only when some tie is not running that day
        # per innovation only the details of its people to contact
        assert set(made) - shared <= {"spread/people", "projection/person_ties_off"}, made


def test_shared_reads_of_another_store_are_refused(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "a")) as a, open_store(StoreConfig(path=tmp_path / "b")) as b:
        ingest(a, [SAMPLE])
        with pytest.raises(ValueError, match="another store"):
            spread_routes(a, "INN-005", reads=SharedReads(b))
