"""The demo: the sample ecosystem in a fresh embedded store."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest import IngestSummary, ingest
from .ingest.load import ProgressFactory
from .resources import resource_path
from .store import StoreConfig, open_store

DEMO_FOLDER = Path("ecograph-demo")


def sample_folder() -> Path:
    """The sample ecosystem shipped in ``ingest/sample``."""
    return resource_path("ingest", "sample")


@dataclass
class DemoResult:
    folder: Path
    store: Path
    summary: IngestSummary
    outputs: dict[str, Any] = field(default_factory=dict)


def run_demo(folder: Path = DEMO_FOLDER, progress: ProgressFactory | None = None) -> DemoResult:
    """Load the sample into a fresh store in ``folder`` (an older demo store there is replaced)."""
    folder = Path(folder)
    store_path = folder / "store"
    if store_path.exists():
        shutil.rmtree(store_path) if store_path.is_dir() else store_path.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    with open_store(StoreConfig(path=store_path)) as store:
        summary = ingest(store, [sample_folder()], progress=progress)
    return DemoResult(folder, store_path, summary)
