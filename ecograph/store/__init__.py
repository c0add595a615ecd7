"""Graph stores behind one interface: embedded LadybugDB (default) and Neo4j."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreUnavailable
from .base import GraphStore, Transaction

DEFAULT_STORE = Path("ecograph-store")


@dataclass(frozen=True)
class StoreConfig:
    """Where the graph lives. A Neo4j URI wins over an embedded path."""

    path: Path = DEFAULT_STORE
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str | None = None

    @classmethod
    def from_env(cls, path: str | Path | None = None, neo4j_uri: str | None = None) -> "StoreConfig":
        """Options given on the command line first, then the environment."""
        return cls(
            path=Path(path or os.environ.get("ECOGRAPH_STORE") or DEFAULT_STORE),
            neo4j_uri=neo4j_uri or os.environ.get("NEO4J_URI") or None,
            neo4j_user=os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j",
            neo4j_password=os.environ.get("NEO4J_PASSWORD"),
            neo4j_database=os.environ.get("NEO4J_DATABASE") or None,
        )

    def describe(self) -> str:
        """Where the store is, for messages; never includes a password."""
        if self.neo4j_uri:
            return f"Neo4j at {self.neo4j_uri}" + (f" (database {self.neo4j_database})" if self.neo4j_database else "")
        return f"embedded store at {self.path.resolve()}"


def open_store(config: StoreConfig, read_only: bool = False, create: bool = True) -> GraphStore:
    """Open the configured store, creating its schema on first use."""
    if config.neo4j_uri:
        from .neo4j_store import Neo4jStore
        store: GraphStore = Neo4jStore(config.neo4j_uri, config.neo4j_user or "neo4j",
                                       config.neo4j_password or "", config.neo4j_database,
                                       read_only=read_only)
    else:
        from ..fileio import under_a_file
        from .ladybug_store import LadybugStore
        blocker = under_a_file(config.path)
        if blocker is not None:  # the store folder could never exist there
            error = StoreUnavailable(f"No store at {config.path.absolute()}: {blocker} is a file, not a folder")
            error.hint = "Point --store (or ECOGRAPH_STORE) at a folder."
            raise error
        store = LadybugStore(config.path, read_only=read_only, create=create)
    if not read_only:
        store.ensure_schema()
    return store


__all__ = ["GraphStore", "Transaction", "StoreConfig", "open_store", "DEFAULT_STORE"]
