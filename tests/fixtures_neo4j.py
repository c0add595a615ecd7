"""A live Bolt server for the Neo4j store's tests: a real Neo4j when ``NEO4J_URI`` is set,
otherwise an ArcadeDB server started here.

ArcadeDB (Apache-2.0) speaks Bolt and openCypher, and the ``arcadedb-embedded`` package on
PyPI (in the ``test`` extra, so ``make test`` installs it) bundles a Java runtime and the
server jars, Bolt plugin included: no Docker, no system Java. :func:`arcadedb_server` starts
``com.arcadedb.server.ArcadeDBServer`` with the package's own ``jre/bin/java``, its HTTP and
Bolt listeners bound to 127.0.0.1 on free ports, its files under a temporary folder and one
database created at start-up (``arcadedb.server.defaultDatabases``); it stops the server when
the block ends (and Linux stops it if the test process dies first).

Without the package the live tests skip, and fail under ``ECOGRAPH_REQUIRE_ALL=1`` (CI).
Loaded from ``conftest.py`` (``pytest_plugins``); also usable on its own, e.g. to measure::

    with arcadedb_server(Path("/tmp/arcadedb"), heap="4g") as server:
        print(server.env)      # NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from conftest import require

ARCADEDB_PACKAGE = "arcadedb-embedded"
ARCADEDB_MODULE = "arcadedb_embedded"
ARCADEDB_DATABASE = "ecograph"
ARCADEDB_USER = "root"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
START_TIMEOUT_S = 120  # two busy cores can take a while to start a JVM


@dataclass
class ArcadeServer:
    """A running ArcadeDB server: connection settings in the shape of the environment."""

    process: subprocess.Popen
    root: Path
    bolt_port: int
    http_port: int
    password: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": ARCADEDB_USER, "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": ARCADEDB_DATABASE, "server": "arcadedb"}

    def log_tail(self, lines: int = 30) -> str:
        log = self.root / "server.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def arcadedb_home() -> Path | None:
    """The installed ``arcadedb_embedded`` package folder (holding ``jars/`` and ``jre/``), found
    without importing it (importing it loads JPype)."""
    spec = importlib.util.find_spec(ARCADEDB_MODULE)
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: Linux sends SIGTERM to the server if pytest dies, so no JVM is
    left behind by a killed test run."""
    if sys.platform.startswith("linux"):
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _bolt_ready(uri: str, password: str) -> bool:
    import neo4j
    try:
        with neo4j.GraphDatabase.driver(uri, auth=(ARCADEDB_USER, password)) as driver:
            with driver.session(database=ARCADEDB_DATABASE) as session:
                session.run("RETURN 1").consume()
        return True
    except Exception:  # not listening yet, or the database not created yet
        return False


def arcadedb_java(home: Path) -> Path:
    return home / "jre" / "bin" / "java"


@contextlib.contextmanager
def arcadedb_server(root: Path, heap: str = "1g") -> Iterator[ArcadeServer]:
    """Start an ArcadeDB server with the Bolt plugin on free localhost ports, files under ``root``;
    stop it when the block ends. Raises RuntimeError (with the log's tail) if it does not start."""
    home = arcadedb_home()
    if home is None:
        raise RuntimeError(f"{ARCADEDB_PACKAGE} is not installed")
    root.mkdir(parents=True, exist_ok=True)
    password = "ecograph-" + secrets.token_hex(8)
    bolt_port = free_port()
    http_port = next(port for port in iter(free_port, None) if port != bolt_port)
    settings = {
        "arcadedb.server.rootPath": root,
        "arcadedb.server.rootPassword": password,
        "arcadedb.server.httpIncomingHost": "127.0.0.1",
        "arcadedb.server.httpIncomingPort": http_port,
        "arcadedb.bolt.host": "127.0.0.1",
        "arcadedb.bolt.port": bolt_port,
        "arcadedb.server.plugins": BOLT_PLUGIN,
        "arcadedb.server.defaultDatabases": f"{ARCADEDB_DATABASE}[]",
    }
    command = [str(arcadedb_java(home)), f"-Xmx{heap}", "-cp", str(home / "jars" / "*"),
               *(f"-D{key}={value}" for key, value in settings.items()), "com.arcadedb.server.ArcadeDBServer"]
    with open(root / "server.log", "wb") as log:
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    server = ArcadeServer(process, root, bolt_port, http_port, password)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _bolt_ready(server.uri, password):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ArcadeDB did not start (exit code {process.poll()}):\n{server.log_tail()}")
            time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def neo4j_settings_from_env() -> dict[str, str] | None:
    """A real Neo4j's settings when ``NEO4J_URI`` is set (username defaults to "neo4j",
    password to "", database to "neo4j"), else None."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    return {
        "NEO4J_URI": uri,
        "NEO4J_USERNAME": os.environ.get("NEO4J_USERNAME", "neo4j"),
        "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", ""),
        "NEO4J_DATABASE": os.environ.get("NEO4J_DATABASE", "neo4j"),
        "server": "neo4j",
    }


@pytest.fixture(scope="session")
def neo4j_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Connection settings of a live Bolt server: ``{"NEO4J_URI", "NEO4J_USERNAME",
    "NEO4J_PASSWORD", "NEO4J_DATABASE", "server"}``, ``server`` being "neo4j" or "arcadedb".

    With ``NEO4J_URI`` set, that server (point it at a scratch database: the tests delete
    every node in it). Otherwise an ArcadeDB server started for the session under a
    temporary folder; skipped without ``arcadedb-embedded`` (failed under
    ``ECOGRAPH_REQUIRE_ALL=1``): ``pip install -e '.[test]'``.
    """
    settings = neo4j_settings_from_env()
    if settings is not None:
        yield settings
        return
    home = arcadedb_home()
    require(home is not None, f"{ARCADEDB_PACKAGE} not installed: pip install -e '.[test]' (or `make test`)")
    assert home is not None
    java = arcadedb_java(home)
    require(java.is_file() and os.access(java, os.X_OK), f"{java} missing: reinstall {ARCADEDB_PACKAGE}")
    with arcadedb_server(tmp_path_factory.mktemp("arcadedb")) as server:
        yield server.env


@pytest.fixture(scope="session")
def on_arcadedb(neo4j_env: dict[str, str]) -> bool:
    """True when the live server is ArcadeDB, for assertions that hold only on Neo4j."""
    return neo4j_env["server"] == "arcadedb"
