"""Open the store the settings name: a remote SPARQL server if ARGMAP_SPARQL_ENDPOINT is set.

An embedded store has one writer at a time, and `argmap serve` holds its store for as long as
it runs. So that the README's questions still work in a second terminal while `make run`
serves, the service records where it listens (`SERVICE_FILE`, beside the store's owner file),
and a read command that finds the store held by that service asks it instead, over its
`/sparql` endpoint with a `RemoteStore`. The service's default graph is the union of its
graphs, as the RemoteStore needs, so the answers are the same as from the store itself.
Opening the store read-only would not do: a RocksDB secondary that another process writes
to is not a defined state. Write commands never take this path; they are refused with the
name of the process that holds the store.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from argmap.errors import QueryError, StoreError, StoreLocked
from argmap.remote import RemoteStore
from argmap.settings import DEFAULT_QUERY_TIMEOUT_S, Settings, load_settings
from argmap.snapshots import SnapshotPolicy
from argmap.store import OWNER_FILE, OxigraphStore, Store, owner_pid

SERVICE_FILE = "argmap-service.json"
"""Written beside the owner file by `argmap serve`: the process and the URL it answers at."""


@dataclass(frozen=True)
class Service:
    """A running `argmap serve` that holds an embedded store, and where it answers."""

    pid: int
    machine: str
    url: str

    @property
    def sparql(self) -> str:
        """The service's SPARQL 1.1 Protocol endpoint."""
        return self.url.rstrip("/") + "/sparql"


def base_url(host: str, port: int) -> str:
    """The URL a client on this machine uses for a service listening on `host` and `port`."""
    # A service on every interface answers on loopback too; that is the address to use here.
    client_host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in client_host:
        client_host = f"[{client_host}]"
    return f"http://{client_host}:{port}"


def record_service(path: Path, url: str) -> None:
    """Say, beside the store at `path`, that this process serves it at `url`."""
    info = {"pid": os.getpid(), "machine": socket.gethostname(), "url": url}
    (path / SERVICE_FILE).write_text(json.dumps(info), encoding="utf-8")


def forget_service(path: Path) -> None:
    """Remove this process's service record of the store at `path`, if it wrote one."""
    record = path / SERVICE_FILE
    if owner_pid(record) == os.getpid():
        record.unlink(missing_ok=True)


def running_service(path: Path) -> Service | None:
    """The `argmap serve` that holds the store at `path` and answers HTTP, if there is one."""
    try:
        info = json.loads((path / SERVICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pid, machine, url = info.get("pid"), info.get("machine"), info.get("url")
    if not (isinstance(pid, int) and isinstance(machine, str) and isinstance(url, str)):
        return None
    # A record left by a service that was killed: the store's owner is then someone else, or
    # the process is gone. A store on a shared disk may be served from another machine, whose
    # process ids mean nothing here.
    if machine != socket.gethostname() or owner_pid(path / OWNER_FILE) != pid:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, but another user's
    return Service(pid, machine, url)


def missing_store_message(path: Path) -> str | None:
    """Why there is no usable store at `path` (missing, empty, or not a directory), or None."""
    if path.is_dir() and any(path.iterdir()):
        return None
    if path.exists() and not path.is_dir():
        return (
            f"ARGMAP_STORE names {path}, which is a file, not a store. Point ARGMAP_STORE at a "
            "directory (the default is .argmap/store)."
        )
    return (
        f"there is no store at {path}. Build one with `argmap build` (it compiles data/maps/ "
        "into it), or run `make run`, which builds it and serves it."
    )


def connect(
    path: Path,
    endpoint: str | None = None,
    *,
    update_endpoint: str | None = None,
    graph_store_endpoint: str | None = None,
    timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
    user: str | None = None,
    password: str | None = None,
    read_only: bool = False,
    create: bool = True,
    snapshots: SnapshotPolicy | None = None,
) -> Store:
    """A RemoteStore on `endpoint` if one is given (checked), else the embedded store at `path`.

    With `create=False` a missing embedded store is a StoreError that says how to build one,
    instead of a new, empty store. `snapshots` is where the embedded store is copied before a
    destructive write (argmap.snapshots); None takes no snapshots.
    """
    if endpoint is None:
        problem = missing_store_message(path)
        # A file where the store should be cannot become one, whatever the command.
        if problem and (not create or (path.exists() and not path.is_dir())):
            raise StoreError(problem)
        store = OxigraphStore(path, read_only=read_only)
        store.snapshots = snapshots
        return store
    remote = RemoteStore(
        endpoint,
        # Read-only means no write endpoint at all, so a write fails before it reaches the server.
        update_endpoint=None if read_only else update_endpoint,
        graph_store_endpoint=None if read_only else graph_store_endpoint,
        timeout_s=timeout_s,
        user=user,
        password=password,
    )
    try:
        remote.check()
    except BaseException:
        remote.close()
        raise
    return remote


def open_store(
    read_only: bool = False, create: bool = True, settings: Settings | None = None
) -> Store:
    """The store the ARGMAP_* settings name: remote if ARGMAP_SPARQL_ENDPOINT is set."""
    settings = settings or load_settings()
    return connect(
        settings.store,
        settings.sparql_endpoint,
        update_endpoint=settings.sparql_update_endpoint,
        graph_store_endpoint=settings.graph_store_endpoint,
        timeout_s=settings.query_timeout_s,
        user=settings.sparql_user,
        password=(
            None
            if settings.sparql_password is None
            else settings.sparql_password.get_secret_value()
        ),
        read_only=read_only,
        create=create,
        snapshots=SnapshotPolicy.of(settings),
    )


def open_for_reading() -> tuple[Store, Service | None]:
    """The store for a command that only reads, and the service it goes through, if any.

    The embedded store must exist. When a running `argmap serve` holds it, the store answers
    through that service's /sparql endpoint (see the module's docstring).
    """
    settings = load_settings()
    try:
        return open_store(create=False, settings=settings), None
    except StoreLocked:
        path = settings.store
        service = running_service(path)
        if service is None:
            raise
    remote = RemoteStore(service.sparql, timeout_s=settings.query_timeout_s)
    try:
        remote.check()
    except (StoreError, QueryError) as exc:
        remote.close()
        raise StoreError(
            f"the store at {path} is held by `argmap serve` (process {service.pid}), but its "
            f"service at {service.url} does not answer: {exc}. If it is still starting, try "
            "again in a moment."
        ) from exc
    return remote, service


def describe_store() -> str:
    """Where the store the settings name lives: the endpoint URL or the directory."""
    settings = load_settings()
    return settings.sparql_endpoint or str(settings.store)
