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
from ecograph.ingest import ingest
from ecograph.store import StoreConfig, open_store

SAMPLE = REPO_ROOT / "ingest" / "sample"


def assert_same_with_and_without(store, innovations, ics_choices=(None,), seed=0):
    """Every innovation through one SharedReads (twice over, in a shuffled order, so kept answers
    are reused across innovations) equals a fresh call on the bare store."""
    rng = random.Random(seed)
    reads = SharedReads(store)
    order = list(innovations) * 2
    rng.shuffle(order)
    for innovation in order:
        ics = rng.choice(ics_choices)
        hops = rng.choice((2, 3, 4))
        assert spread_routes(store, innovation, ics=ics, max_hops=hops, reads=reads) == \
            spread_routes(store, innovation, ics=ics, max_hops=hops), innovation
        assert find_partners(store, innovation, ics=ics, reads=reads) == \
            find_partners(store, innovation, ics=ics), innovation


def test_sample_same_rows_with_shared_reads(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        innovations = [r["id"] for r in store.read_rows("spread/innovations")]
        assert len(innovations) > 5
        ics = [r["code"] for r in store.read_rows("spread/ics")]
        assert_same_with_and_without(store, innovations, ics_choices=(None, None, *ics))


@pytest.mark.parametrize("seed", range(3))
def test_random_ecosystems_same_rows_with_shared_reads(tmp_path, seed):
    rows = random_ecosystem(3000 + seed)
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest_rows(store, rows)
        innovations = [r["id"] for r in rows["innovations.csv"]]
        assert innovations
        assert_same_with_and_without(store, innovations, ics_choices=(None, rows["ics.csv"][0]["code"]),
                                     seed=seed)


def test_what_every_innovation_reads_is_read_once(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "s")) as store:
        ingest(store, [SAMPLE])
        innovations = [r["id"] for r in store.read_rows("spread/innovations")]
        made: Counter[str] = Counter()
        read_rows = store.read_rows

        def counted(name, params=None):
            made[name] += 1
            return read_rows(name, params)

        store.read_rows = counted  # count the queries that reach the store
        reads = SharedReads(store)
        for innovation in innovations:
            spread_routes(store, innovation, reads=reads)
            find_partners(store, innovation, reads=reads)
        for name in ("spread/organisations", "spread/partnerships", "spread/partner_ties",
                     "spread/partner_memberships", "spread/innovations"):
            assert made[name] == 1, (name, made[name])
        # the innovation's own rows, read by spread, are reused by the partners of that innovation
        assert made["spread/sources"] == len(innovations)


def test_shared_reads_of_another_store_are_refused(tmp_path):
    with open_store(StoreConfig(path=tmp_path / "a")) as a, open_store(StoreConfig(path=tmp_path / "b")) as b:
        ingest(a, [SAMPLE])
        with pytest.raises(ValueError, match="another store"):
            spread_routes(a, "INN-005", reads=SharedReads(b))
