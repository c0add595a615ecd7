"""Label placement of the static pictures: each label at the first free spot around its node,
never over another node or label (checked against the rule itself, on random drawings)."""

from __future__ import annotations

import random

import pytest

from ecograph.maps.picture import _circle_box, _overlaps, place_labels


def _first_free(items, obstacles, bounds, font, limit, rings):
    """The rule of place_labels, written out plainly: the reference it must agree with."""
    from ecograph.maps.picture import _CHAR

    placed, boxes = {}, []
    for key, text, x, y, r in items:
        if len(placed) >= limit:
            break
        w = len(text) * font * _CHAR
        own = _circle_box(x, y, r)
        for gap in [r + 3 + extra for extra in rings]:
            spots = [(x + gap, y + font * 0.35, "start"), (x - gap, y + font * 0.35, "end"),
                     (x, y - gap - font * 0.25, "middle"), (x, y + gap + font * 0.9, "middle"),
                     (x + gap * 0.7, y - gap * 0.7, "start"), (x - gap * 0.7, y - gap * 0.7, "end"),
                     (x + gap * 0.7, y + gap * 0.7 + font * 0.7, "start"),
                     (x - gap * 0.7, y + gap * 0.7 + font * 0.7, "end")]
            for tx, ty, anchor in spots:
                x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
                box = (x0, ty - font * 0.85, x0 + w, ty - font * 0.85 + font * 1.15)
                inside = bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1] and box[3] <= bounds[3]
                if (inside and not any(_overlaps(box, b) for b in boxes)
                        and not any(_overlaps(box, o, 0.5) for o in obstacles if o != own)):
                    placed[key] = (tx, ty, anchor, box)
                    boxes.append(box)
                    break
            if key in placed:
                break
    return placed


@pytest.mark.parametrize("seed", range(6))
def test_labels_go_to_the_first_free_spot(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([5, 40, 200])
    nodes = [(f"n{i}", "x" * rng.randint(3, 30), rng.uniform(0, 600), rng.uniform(0, 400), rng.uniform(2, 14))
             for i in range(n)]
    obstacles = [_circle_box(x, y, r) for _, _, x, y, r in nodes]
    bounds = (2, 2, 598, 398)
    rings = (0, 14) if seed % 2 else (0,)
    got = place_labels(nodes, obstacles, bounds, font=11.0, limit=25, rings=rings)
    assert got == _first_free(nodes, obstacles, bounds, 11.0, 25, rings)
    assert got  # something was placed: the check means something
    boxes = [v[3] for v in got.values()]
    for i, a in enumerate(boxes):  # no two labels overlap, and none covers another node
        assert not any(_overlaps(a, b) for b in boxes[i + 1:])
    for key, (_, _, _, box) in got.items():
        own = next(_circle_box(x, y, r) for k, _, x, y, r in nodes if k == key)
        assert not any(_overlaps(box, o, 0.5) for o in obstacles if o != own)
