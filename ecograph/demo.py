"""The demo: the sample ecosystem in a fresh embedded store, its map and its atlas."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NotOursError
from .fileio import make_folder, write_text_atomic
from .ingest import IngestSummary, ingest
from .ingest.load import ProgressFactory
from .resources import resource_path
from .store import StoreConfig, open_store

DEMO_FOLDER = Path("ecograph-demo")
#: The sample's untapped spread story: the paediatric early warning score app, adopted only in
#: Cheshire and Merseyside, one tie from Great Ormond Street (ingest/sample/README.md).
DEMO_INNOVATION = "INN-005"
#: The file that marks a folder as made by ``ecograph demo``: only then does the demo replace
#: the store, atlas and map in it.
MARKER = ".ecograph-demo.json"
#: What the demo writes in its folder (besides the marker).
MADE = ("store", "atlas", "map.html")


def sample_folder() -> Path:
    """The sample ecosystem shipped in ``ingest/sample``."""
    return resource_path("ingest", "sample")


@dataclass
class DemoResult:
    """What the demo made. ``outputs`` holds (when ``maps`` was on):

    - ``map``: path of the map of the whole sample ecosystem (HTML, offline);
    - ``atlas``: path of the atlas's index page;
    - ``brokers``: the top brokers among people (rows: rank, id, name, organisation, ics,
      betweenness, why);
    - ``gaps``: one row per gap rule: rule, gaps (count), examples (names);
    - ``innovation``: the innovation whose spread routes are shown (``DEMO_INNOVATION``);
    - ``spread``: its candidate adopters on the map, with their warm routes (rank, id, name,
      ics, score, hops, path, route, why);
    - ``new_ics``: those of them in an ICS where nobody has adopted it yet (the untapped route).
    """

    folder: Path
    store: Path
    summary: IngestSummary
    outputs: dict[str, Any] = field(default_factory=dict)


def claim_folder(folder: Path, force: bool = False) -> None:
    """Make sure the demo may write its store, atlas and map into ``folder``.

    A new or empty folder, or one an earlier demo made (it holds :data:`MARKER`), is fine.
    Any other folder is refused with :class:`~ecograph.errors.NotOursError`, so the demo never
    deletes a store or atlas it did not make; ``force`` replaces ``store``, ``atlas`` and
    ``map.html`` in it anyway (and nothing else). The marker is written before anything else.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotOursError(f"{folder} is a file, not a folder: `ecograph demo --dir` needs a folder")
    ours = (folder / MARKER).is_file()
    if folder.is_dir() and not ours and not force and any(folder.iterdir()):
        found = sorted(p.name for p in folder.iterdir())
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        raise NotOursError(f"{folder} is not empty and was not made by `ecograph demo` ({shown}); the demo "
                           f"would replace {', '.join(MADE)} in it")
    make_folder(folder)
    write_text_atomic(folder / MARKER, json.dumps({"made_by": "ecograph demo", "files": list(MADE)}, indent=1))


def run_demo(folder: Path = DEMO_FOLDER, progress: ProgressFactory | None = None, maps: bool = True,
             top: int = 5, force: bool = False) -> DemoResult:
    """Load the sample into a fresh store in ``folder``, then write its map
    (``folder/map.html``) and atlas (``folder/atlas/``) and collect the top ``top`` brokers,
    the gaps and the spread routes of :data:`DEMO_INNOVATION`.

    Only a folder the demo made is reused (its store, atlas and map are replaced); any other
    non-empty folder raises :class:`~ecograph.errors.NotOursError` unless ``force``
    (:func:`claim_folder`)."""
    folder = Path(folder)
    claim_folder(folder, force)
    if maps and (folder / "atlas" / ".ecograph-atlas.json").exists():
        from .maps.atlas_pages import OwnedFolder
        OwnedFolder(folder / "atlas", "atlas", force=force)  # refuse before anything is replaced
    store_path = folder / "store"
    if store_path.is_symlink() or store_path.is_file():
        store_path.unlink()
    elif store_path.exists():
        shutil.rmtree(store_path)
    with open_store(StoreConfig(path=store_path)) as store:
        summary = ingest(store, [sample_folder()], progress=progress)
        result = DemoResult(folder, store_path, summary)
        if maps:
            result.outputs.update(_outputs(store, folder, top, force))
    return result


def _outputs(store, folder: Path, top: int, force: bool = False) -> dict[str, Any]:
    from .maps.atlas import write_atlas
    from .maps.ecosystem import Ecosystem, broker_rows, gap_rows, spread_rows, write_map

    eco = Ecosystem(store)
    atlas_folder = folder / "atlas"
    if atlas_folder.is_dir() and not (atlas_folder / ".ecograph-atlas.json").exists():
        shutil.rmtree(atlas_folder)  # the demo's folder, with an atlas from before atlases kept a manifest
    out: dict[str, Any] = {
        "map": write_map(eco, folder / "map.html"),
        "atlas": write_atlas(eco, atlas_folder, force=force),
        "brokers": broker_rows(eco, "person", top=top),
        "innovation": DEMO_INNOVATION,
        "innovation_name": eco.innovations.get(DEMO_INNOVATION, DEMO_INNOVATION),
        "spread": spread_rows(eco, DEMO_INNOVATION),
    }
    full = eco.full
    adopted_in = {full.nodes[u].get("ics") for u, _, e in full.in_edges(DEMO_INNOVATION, data=True)
                  if e.get("relationship") == "ADOPTED"} if DEMO_INNOVATION in full else set()
    out["new_ics"] = [r for r in out["spread"] if r["ics"] not in adopted_in]
    gaps = gap_rows(eco)
    per_rule: Counter = Counter(g["rule"] for g in gaps)
    examples: dict[str, list[str]] = {}
    for g in gaps:
        example = g["id"] + (f"–{g['object_id']}" if g["object_id"] else "")
        examples.setdefault(g["rule"], []).append(example)
    out["gaps"] = [{"rule": rule, "gaps": n,
                    "examples": ", ".join(examples[rule][:6]) + (" …" if n > 6 else "")}
                   for rule, n in per_rule.items()]
    return out
