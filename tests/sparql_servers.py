"""The SPARQL servers that the remote tests run on, started on loopback, and their fixtures.

One home for starting `oxigraph serve` and Virtuoso Open Source: each on free ports, in a
directory of its own under the test session's temporary folder, stopped when the session
ends. `tests/conftest.py` loads this module as a plugin, so every test folder has:

- `oxigraph_server`, `virtuoso_server`: one running server each, started on first use;
- `sparql_server`: parametrised over both;
- `backend`: parametrised over the embedded store and both servers, each holding the
  project's maps (built into the servers through argmap's own write path);
- `server_backend`: the same over the two servers only, for what only a remote store does.

Nothing is skipped: a server that cannot start fails its tests with what to install.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from rdflib import URIRef

from argmap import build as builder
from argmap import resources
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore, Store

START_TIMEOUT_S = 60.0
"""How long a server may take to answer (Virtuoso creates its database on first start)."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    """The `oxigraph` command of the venv (the PyPI package oxigraph, a dev dependency)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the `oxigraph` command (PyPI package oxigraph, a dev dependency) is missing"
    return found


@dataclass
class SparqlServer:
    """A running SPARQL 1.1 server: its endpoints, its credentials and its process."""

    name: str
    query: str
    update: str
    store: str
    """The Graph Store Protocol endpoint."""
    process: subprocess.Popen[bytes]
    log: Path
    user: str | None = None
    password: str | None = None
    own_graphs: frozenset[URIRef] = field(default_factory=frozenset)
    """Graphs the server keeps for itself (Virtuoso's system graphs), found on a fresh start."""

    def remote(self, *, update: bool = True, timeout_s: float = 60) -> RemoteStore:
        """A RemoteStore on this server that writes by SPARQL Update (or reads only)."""
        return RemoteStore(
            self.query,
            self.update if update else None,
            timeout_s=timeout_s,
            user=self.user,
            password=self.password,
        )

    def gsp(self) -> RemoteStore:
        """A RemoteStore on this server that writes through the Graph Store Protocol only."""
        return RemoteStore(
            self.query, graph_store_endpoint=self.store, user=self.user, password=self.password
        )

    def env(self) -> dict[str, str]:
        """The ARGMAP_* settings that point argmap at this server."""
        env = {
            "ARGMAP_SPARQL_ENDPOINT": self.query,
            "ARGMAP_SPARQL_UPDATE_ENDPOINT": self.update,
            "ARGMAP_GRAPH_STORE_ENDPOINT": self.store,
        }
        if self.user is not None and self.password is not None:
            env |= {"ARGMAP_SPARQL_USER": self.user, "ARGMAP_SPARQL_PASSWORD": self.password}
        return env

    def wait(self, probe: str) -> None:
        """Wait until `probe` answers 200, or fail with the server's log."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self._log_tail()}")
            try:
                if httpx.get(probe, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"{self.name} did not answer at {probe} within {START_TIMEOUT_S:g} s:\n"
            f"{self._log_tail()}"
        )

    def stop(self) -> None:
        """Stop the server, killing it if it does not end within 20 s."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _log_tail(self) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-30:])


def start_oxigraph(location: Path, *, union: bool = True) -> SparqlServer:
    """`oxigraph serve` on a free loopback port; by default with the union default graph."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [oxigraph_binary(), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    command += ["--union-default-graph"] if union else []
    log = location.with_suffix(".log")
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = SparqlServer(
        "oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process, log
    )
    server.wait(server.query)
    return server


# -- Virtuoso ------------------------------------------------------------------------------------

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
VIRTUOSO_MISSING = (
    "Virtuoso Open Source is not installed here (`virtuoso-t` and `isql-vt` are missing). "
    "Install it with `apt-get install -y virtuoso-opensource` (.ci/run does); the remote "
    "tests run on it and are never skipped."
)
ARGMAP_USER = "argmap"
"""The Virtuoso account argmap writes as: granted SPARQL_UPDATE, nothing else."""

# A Virtuoso of its own: every file in one directory, both listeners on loopback only. The
# Debian package's /etc/virtuoso-opensource-7/virtuoso.ini is left alone (and no system
# service is started). Why each value is what it is:
# - ServerPort (SQL, for isql) and the HTTP ServerPort are host:port, so nothing listens on
#   other interfaces; DisableUnixSocket keeps it off shared paths.
# - [SPARQL] sets no ResultSetMaxRows and no MaxQueryExecutionTime (both unlimited when
#   unset). The packaged ini has ResultSetMaxRows = 10000, at which Virtuoso cuts a result
#   and says so only in a header (a CONSTRUCT not even there); `max_rows` sets it, to test
#   that argmap refuses such an answer.
# - The buffers are the packaged ini's smallest line; a test needs no more.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 10
MaxClientConnections = 20
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
{sparql}
"""


def start_virtuoso(directory: Path, *, max_rows: int | None = None) -> SparqlServer:
    """Virtuoso on free loopback ports, in `directory`, with an update account for argmap.

    argmap reads at /sparql (anonymous, read-only) and writes at /sparql-auth and
    /sparql-graph-crud-auth with HTTP digest authentication as the `argmap` user, the
    deployment the README describes. The `dba` password is replaced by a random one.
    """
    if shutil.which(VIRTUOSO) is None or shutil.which(ISQL) is None:
        pytest.fail(VIRTUOSO_MISSING, pytrace=False)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "www").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=directory,
            sql_port=sql_port,
            http_port=http_port,
            sparql="" if max_rows is None else f"ResultSetMaxRows = {max_rows}",
        ),
        encoding="utf-8",
    )
    log = directory / "console.log"
    with log.open("wb") as out:
        # +foreground keeps it our child, so that stop() ends exactly this process.
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    password = secrets.token_urlsafe(16)
    server = SparqlServer(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql-auth",
        f"{base}/sparql-graph-crud-auth",
        process,
        log,
        user=ARGMAP_USER,
        password=password,
    )
    try:
        server.wait(server.query)
        # The account argmap writes with: SPARQL_UPDATE is the role that lets a SQL user run
        # SPARQL Update and Graph Store writes; the anonymous user of /sparql stays read-only.
        _isql(
            sql_port,
            f"DB.DBA.USER_CREATE('{ARGMAP_USER}', '{password}');",
            f'GRANT SPARQL_UPDATE TO "{ARGMAP_USER}";',
            f"USER_SET_PASSWORD('dba', '{secrets.token_urlsafe(16)}');",
        )
        server.own_graphs = frozenset(server.remote(update=False).graph_names())
    except BaseException:
        server.stop()
        raise
    return server


def _isql(port: int, *statements: str) -> None:
    """Run SQL statements as dba through isql; a statement that fails fails the start."""
    script = "\n".join(statements) + "\n"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        # The SQL listener comes up a moment after the HTTP one.
        result = subprocess.run(
            [ISQL, f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "PROMPT=OFF", "BANNER=OFF"],
            input=script.encode(),
            capture_output=True,
            timeout=30,
            check=False,
        )
        output = (result.stdout + result.stderr).decode(errors="replace")
        connected = "Connect failed" not in output and "S2801" not in output
        if connected or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if result.returncode != 0 or "*** Error" in output or not connected:
        raise RuntimeError(f"isql on port {port} failed:\n{output}")


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """`oxigraph serve --union-default-graph` for the test session."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """Virtuoso Open Source for the test session."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


SERVERS = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="session", params=SERVERS)
def sparql_server(request: pytest.FixtureRequest) -> SparqlServer:
    """Each SPARQL server in turn (started on first use, kept for the session)."""
    server: SparqlServer = request.getfixturevalue(f"{request.param}_server")
    return server


@pytest.fixture(scope="session", params=SERVERS)
def server_backend(request: pytest.FixtureRequest) -> Backend:
    """Each SPARQL server in turn, with the maps built into it."""
    name: str = request.param
    store: Store = request.getfixturevalue(f"{name}_maps")
    return Backend(name, store, request.getfixturevalue(f"{name}_server"))


@dataclass
class Backend:
    """A store holding the project's maps, and the server behind it (None when embedded)."""

    name: str
    store: Store
    server: SparqlServer | None


def _built_on(server: SparqlServer) -> Iterator[RemoteStore]:
    # Built as `argmap build` builds, so argmap's own write path fills the server.
    store = server.remote()
    builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_maps(oxigraph_server: SparqlServer) -> Iterator[RemoteStore]:
    """The project's maps built into `oxigraph serve`."""
    yield from _built_on(oxigraph_server)


@pytest.fixture(scope="session")
def virtuoso_maps(virtuoso_server: SparqlServer) -> Iterator[RemoteStore]:
    """The project's maps built into Virtuoso."""
    yield from _built_on(virtuoso_server)


@pytest.fixture(scope="session")
def embedded_maps(
    built_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphStore]:
    """A copy of the built store on disk, which tests may write to without touching it."""
    store = OxigraphStore(tmp_path_factory.mktemp("embedded") / "store")
    store.replace_graphs({name: built_store.graph(name) for name in built_store.graph_names()})
    yield store
    store.close()


BACKENDS = ["embedded", *SERVERS]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """The embedded store, `oxigraph serve` and Virtuoso in turn, each with the maps."""
    name: str = request.param
    store: Store = request.getfixturevalue(f"{name}_maps")
    server = None if name == "embedded" else request.getfixturevalue(f"{name}_server")
    return Backend(name, store, server)
