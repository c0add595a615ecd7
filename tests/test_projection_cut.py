"""One ICS's projection cut from the whole store's (the maps of a national store read the whole
projection once and cut each ICS from it) is the projection read for that ICS."""

from __future__ import annotations

import numpy as np
import pytest

from ecograph.analysis.projection import (LEVELS, cut_projection, ics_projection, read_ics_projection,
                                          read_projection, tables_shared)
from ecograph.store import StoreConfig, open_store
from random_ecosystem import ingest_rows, random_ecosystem


@pytest.fixture(scope="module", params=[0, 1])
def store(request, tmp_path_factory):
    rows = random_ecosystem(400 + request.param, n_people=150)
    with open_store(StoreConfig(path=tmp_path_factory.mktemp("s") / "store")) as s:
        ingest_rows(s, rows)
        yield s


def _same(P, Q) -> None:
    assert P.ids == Q.ids
    assert P.nodes.to_pylist() == Q.nodes.to_pylist()
    assert np.array_equal(P.edges, Q.edges)
    for name in ("ties", "teams", "partnerships"):
        assert np.array_equal(getattr(P, name), getattr(Q, name)), name
    assert P.strength.tolist() == Q.strength.tolist()  # the same sums, to the last bit


@pytest.mark.parametrize("level", LEVELS)
def test_cut_of_each_ics_is_its_own_projection(store, level: str) -> None:
    codes = sorted({r["code"] for r in store.read_rows("read/node_ics")})
    whole = read_projection(store, level)
    assert whole.m  # the test means something: there are links to cut
    for ics in codes:
        cut = ics_projection(whole, ics)
        _same(cut, read_projection(store, level, ics))
        assert cut.ics == ics
    with tables_shared():
        for ics in codes:
            _same(read_ics_projection(store, level, ics), read_projection(store, level, ics))


def test_cut_keeps_links_among_kept_nodes_only(store) -> None:
    whole = read_projection(store, "person")
    rng = np.random.default_rng(0)
    keep = rng.random(whole.n) < 0.5
    cut = cut_projection(whole, keep)
    kept = [i for i in range(whole.n) if keep[i]]
    assert cut.ids == [whole.ids[i] for i in kept]
    want = {(whole.ids[i], whole.ids[j]): float(s) for (i, j), s in zip(whole.edges.tolist(), whole.strength)
            if keep[i] and keep[j]}
    got = {(cut.ids[i], cut.ids[j]): float(s) for (i, j), s in zip(cut.edges.tolist(), cut.strength)}
    assert got == want
    assert cut_projection(whole, np.zeros(whole.n, dtype=bool)).n == 0
