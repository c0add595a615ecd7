"""The map's edges packed column by column (ecograph.maps.render.pack_edges): unpacked again
(in Python, and by map.js in the browser tests) they are the edges given, whatever keys and
values they hold, and a big map's edges take far fewer bytes than as objects."""

from __future__ import annotations

import json
import random

import pytest

from ecograph.maps.render import json_for_script, pack_edges, unpack_edges


def random_edges(rng: random.Random, n: int) -> list[dict]:
    titles = ["same team", "partnership", "", "1 link: <their> people & more", "ünïcode"]
    edges = []
    for _ in range(n):
        info = {"relationship": rng.choice(["KNOWS", "WORKS_FOR", "TIES", "ADOPTED/DEVELOPED"])}
        if rng.random() < 0.8:
            info["title"] = rng.choice(titles) + (str(rng.randrange(50)) if rng.random() < 0.3 else "")
        if rng.random() < 0.1:
            info["weight"] = rng.choice([1.0, 2.0, 0.5, rng.random()])
        if rng.random() < 0.02:
            info["route"] = True
        info["layer"] = rng.choice(["people", "org"])
        edge = {"info": info, "from": rng.randrange(2000), "to": rng.randrange(2000)}
        if rng.random() < 0.1:
            edge["width"] = round(rng.uniform(1, 6), 2)
            edge["physics"] = False
        if rng.random() < 0.03:
            edge["color"] = {"color": "#d55e00", "opacity": 0.95}
            edge["dashes"] = [6, 5]
        if rng.random() < 0.01:
            edge["length"] = None  # a present null (a sparse column keeps it)
        if rng.random() < 0.01:
            edge["info"] = {}
        edges.append(edge)
    return edges


@pytest.mark.parametrize("seed", range(20))
def test_unpacked_edges_are_the_edges_given(seed):
    rng = random.Random(seed)
    edges = random_edges(rng, rng.choice([0, 1, 2, 7, 300, 3000]))
    packed = json.loads(json_for_script(pack_edges(edges)))  # as the page carries it
    back = unpack_edges(packed)
    assert back == [{**e, "info": e.get("info", {})} for e in edges]
    # no two unpacked edges share an object
    colours = [id(e["color"]) for e in back if "color" in e]
    assert len(colours) == len(set(colours))


def test_packed_edges_are_smaller():
    edges = random_edges(random.Random(1), 15_000)
    as_objects = len(json_for_script(edges))
    packed = len(json_for_script(pack_edges(edges)))
    assert packed < 0.5 * as_objects, (packed, as_objects)
