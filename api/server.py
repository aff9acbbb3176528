"""`argmap serve`: build the store if it has no maps yet, then run the app under uvicorn."""

from __future__ import annotations

import errno
import signal
import socket
from pathlib import Path

import uvicorn

from argmap import build as builder
from argmap.api.main import create_app
from argmap.build import BuildReport
from argmap.errors import PortUnavailable
from argmap.pipeline import Progress
from argmap.settings import Settings, load_settings
from argmap.store import OxigraphStore, Store
from argmap.stores import base_url, forget_service, record_service
from argmap.vocab import map_id_of

API_DIR = Path(__file__).resolve().parent

# The HTTP parser is named rather than left to uvicorn's choice, which takes httptools when it
# happens to be installed: the two differ in what they refuse before the app sees a request.
HTTP_PARSER = "h11"


def head_max_bytes(settings: Settings) -> int:
    """The largest request head (request line and headers) h11 passes on to the app.

    Past it h11 refuses with uvicorn's plain-text 400. h11's own default, 16 KiB, would refuse
    a long Accept or a query sent by GET before the app could say what is wrong with it; this
    lets through a GET whose query is at the query-size limit even when every byte of it is
    percent-encoded (three bytes each), plus room for the other headers.
    """
    return settings.query_max_kb * 1024 * 3 + 64 * 1024


def has_maps(store: Store) -> bool:
    """Whether any map graph is in the store."""
    return any(map_id_of(str(name)) for name in store.graph_names())


def ensure_built(store: Store, progress: Progress | None = None) -> BuildReport | None:
    """Build the shipped maps into an empty store; None when it already holds maps."""
    if has_maps(store):
        return None
    # A wheel install keeps its maps inside site-packages: leave the compiled files alone.
    return builder.build(store, write_compiled=False, progress=progress)


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to `host` and `port`, taken before the store is opened or built.

    Binding first makes a port in use a clear error at once, rather than after the build, and
    with port 0 it tells the service which port the system chose before it says where it is.
    """
    if not 0 <= port <= 65535:
        raise PortUnavailable(f"port {port} is out of range: use 0 to 65535 (0: any free port)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Named TCP, so that asyncio turns Nagle off on accepted connections: with protocol 0 it
    # does not, and every reply after the first on a kept-open connection waited ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except socket.gaierror as exc:  # an OSError too, but about the host
        sock.close()
        raise PortUnavailable(f"cannot listen on {host!r}: {exc.strerror or exc}") from exc
    except OSError as exc:
        sock.close()
        in_use = exc.errno == errno.EADDRINUSE
        reason = "is in use" if in_use else f"cannot be used ({exc.strerror or exc})"
        raise PortUnavailable(
            f"{host}:{port} {reason}. Stop what listens there, or choose another port with "
            "--port or ARGMAP_PORT."
        ) from exc
    return sock


def serve(store: Store, settings: Settings, sock: socket.socket) -> None:
    """Serve `store` on a bound socket until interrupted (one process: one embedded store)."""
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        create_app(settings, store),
        workers=1,
        http=HTTP_PARSER,
        h11_max_incomplete_event_size=head_max_bytes(settings),
    )
    server = uvicorn.Server(config)
    # Record where the service answers, so that read commands in another terminal can ask it
    # instead of failing on the store's lock (argmap.stores explains the design).
    path = store.path if isinstance(store, OxigraphStore) else None
    if path is not None:
        record_service(path, base_url(host, port))
    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again with the
    # handler that was there before; by default that ends the process at once, skipping the
    # cleanup below (the records, the store's close). Exiting through SystemExit runs it.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        if path is not None:
            forget_service(path)
        sock.close()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve_reloading(host: str, port: int) -> None:
    """Serve with code reloading: each reload makes a new app, which opens the store itself."""
    uvicorn.run(
        "argmap.api.main:create_app",
        factory=True,
        host=host,
        port=port,
        reload=True,
        http=HTTP_PARSER,
        h11_max_incomplete_event_size=head_max_bytes(load_settings()),
        reload_dirs=[str(d) for d in (API_DIR, API_DIR.parent / "src" / "argmap") if d.is_dir()],
    )
