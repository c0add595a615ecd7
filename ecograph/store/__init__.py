"""Graph stores behind one interface: embedded LadybugDB (default) and Neo4j."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..errors import StoreUnavailable
from .base import GraphStore, Transaction

DEFAULT_STORE = Path("ecograph-store")


def _split_userinfo(uri: str) -> tuple[str, str | None, str]:
    """``(scheme://, user-info or None, the rest)``; the user-info runs to the *last* "@", so
    a password typed with a raw "@" or "/" in it is still taken whole."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        scheme, rest = "", uri
    if "@" not in rest:
        return scheme + sep, None, rest
    userinfo, _, host = rest.rpartition("@")
    return scheme + sep, userinfo, host


def redact_uri(uri: str) -> str:
    """``uri`` as it may be shown: any user-info (``user:password@``) replaced by ``***@``.

    Examples
    --------
    >>> redact_uri("bolt://neo4j:s3cret@db.example.org:7687")
    'bolt://***@db.example.org:7687'
    >>> redact_uri("neo4j+s://xxxx.databases.neo4j.io")
    'neo4j+s://xxxx.databases.neo4j.io'
    """
    scheme, userinfo, rest = _split_userinfo(uri)
    return f"{scheme}***@{rest}" if userinfo is not None else uri


def credentials_from_uri(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user-info, user, password)``: the driver refuses user-info in a URI, and
    a URI is shown in messages, so credentials typed into it are taken out (percent-decoded).

    Examples
    --------
    >>> credentials_from_uri("bolt://ada:p%40ss@localhost:7687")
    ('bolt://localhost:7687', 'ada', 'p@ss')
    >>> credentials_from_uri("bolt://localhost:7687")
    ('bolt://localhost:7687', None, None)
    """
    scheme, userinfo, rest = _split_userinfo(uri)
    if userinfo is None:
        return uri, None, None
    user, has_password, password = userinfo.partition(":")
    return scheme + rest, unquote(user) or None, unquote(password) if has_password else None


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
            return describe_neo4j(self.neo4j_uri, self.neo4j_database)
        return f"embedded store at {self.path.resolve()}"


def describe_neo4j(uri: str, database: str | None) -> str:
    """"Neo4j at URI (database D)" for messages, with any user-info in the URI redacted."""
    return f"Neo4j at {redact_uri(uri)}" + (f" (database {database})" if database else "")


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
            raise StoreUnavailable(f"No store at {config.path.absolute()}: {blocker} is a file, not a folder",
                                   hint="Point --store (or ECOGRAPH_STORE) at a folder.")
        store = LadybugStore(config.path, read_only=read_only, create=create)
    if not read_only:
        store.ensure_schema()
    return store


__all__ = ["GraphStore", "Transaction", "StoreConfig", "open_store", "DEFAULT_STORE", "redact_uri",
           "credentials_from_uri", "describe_neo4j"]
