"""A query worker: a process that answers /sparql queries from a checkpoint of the store.

`argmap.api.sparql.pool` starts one fork server, `python -m argmap.api.sparql.worker`, which
has this module and the engine imported; each worker is a fork of it, ready in milliseconds
rather than the tenth of a second a new interpreter takes (which, on a loaded machine, is what
a burst of queries waits for). The server takes spawn requests on a Unix socket, each with
the worker's end of a new socket pair passed along (SCM_RIGHTS), and answers with the pid. Each
opens an immutable checkpoint read-only, bounds its own address space (`ARGMAP_QUERY_MEMORY_MB`
on top of what it needs to start), and then answers one request at a time on its pipe; what
it says on stderr (a Rust panic, an allocation failure) goes to a log file the pool reads
when the worker dies.

Everything a hostile text can make expensive happens here and nowhere else: the nesting
check, the SERVICE/LOAD parse, the engine's parser and optimiser, evaluation and
serialisation. When a query runs out of time the service kills the process; when it runs out
of memory or overflows a stack the process dies by itself. Either way the service carries on.

Each message, both ways, is one frame on the socket: a header (two big-endian u32: JSON length,
body length), a JSON object and a body of raw bytes. The frame is all the framing there is, so
the service can read one as the bytes arrive, from its event loop as well as from a thread.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import struct
import sys
import threading
import time
from typing import Any

import pyoxigraph as ox

from argmap.api.negotiation import choose
from argmap.api.sparql.formats import (
    by_media_type,
    form_of,
    formats_for,
    not_acceptable_message,
    offers,
)
from argmap.api.sparql.text import names_dataset
from argmap.errors import ArgmapError, QueryError, TooLarge
from argmap.sparql_lexer import check_nesting
from argmap.sparql_reach import refuse_reaching
from argmap.update_targets import written_graphs

HEADER = struct.Struct("!II")
STACK_BYTES = 512 * 1024 * 1024
"""The stack of the thread that parses and evaluates: deep enough for any text the nesting
check lets through (the engine's parser and optimiser recurse once per level)."""


def pack(meta: dict[str, Any], body: bytes = b"") -> bytes:
    """One message as a frame."""
    encoded = json.dumps(meta).encode("utf-8")
    return HEADER.pack(len(encoded), len(body)) + encoded + body


def unpack(frame: bytes) -> tuple[dict[str, Any], bytes]:
    """The JSON object and the body of a frame."""
    size, _ = HEADER.unpack_from(frame)
    meta = json.loads(frame[HEADER.size : HEADER.size + size])
    return meta, frame[HEADER.size + size :]


def rest_of(header: bytes) -> int:
    """How many bytes follow a frame's header."""
    meta_size, body_size = HEADER.unpack(header)
    return int(meta_size + body_size)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    parts, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the socket")
        parts.append(chunk)
        missing -= len(chunk)
    return b"".join(parts)


def receive(sock: socket.socket) -> tuple[dict[str, Any], bytes]:
    """Read one frame from a blocking socket; EOFError if it closes first."""
    header = _read_exactly(sock, HEADER.size)
    return unpack(header + _read_exactly(sock, rest_of(header)))


class _Capped:
    """A write target that gives up past `limit` bytes (the result-size limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.over = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.over = True
            raise OSError("the result is over its size limit")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered."""


class Worker:
    """The state of one worker: its checkpoint and its limits."""

    def __init__(self, path: str, result_max_bytes: int) -> None:
        self.path = path
        self.store = ox.Store.read_only(path)
        self.result_max_bytes = result_max_bytes

    def handle(self, meta: dict[str, Any], body: bytes) -> tuple[dict[str, Any], bytes]:
        """Answer one request; argmap errors become error replies naming their class."""
        try:
            op = meta["op"]
            if op == "open":
                self.store = ox.Store.read_only(meta["path"])
                self.path = meta["path"]
                return {"ok": True}, b""
            if op == "check":
                # An update's text is parsed here, where its cost is bounded, and not by the
                # service that applies it: the graphs it writes come back with the answer.
                text = body.decode("utf-8")
                check_nesting(text, meta["max_depth"])
                refuse_reaching(text, meta["kind"], meta["allow"])
                targets = written_graphs(text) if meta["kind"] == "update" else []
                return {"ok": True, "targets": targets}, b""
            if op == "query":
                return self.query(meta, body.decode("utf-8"))
            raise QueryError(f"unknown worker operation {op!r}")
        except ArgmapError as exc:
            return {"ok": False, "error": type(exc).__name__, "message": str(exc)}, b""
        except MemoryError:
            return {"ok": False, "error": "QueryMemoryExceeded", "message": ""}, b""

    def query(self, meta: dict[str, Any], text: str) -> tuple[dict[str, Any], bytes]:
        """Check, evaluate and serialise a query in the format the Accept header prefers."""
        check_nesting(text, meta["max_depth"])
        refuse_reaching(text, "query", meta["allow"])
        default_graphs = meta["default_graphs"]
        named_graphs = meta["named_graphs"]
        try:
            if default_graphs or named_graphs:
                # The protocol's dataset replaces any FROM / FROM NAMED of the query.
                result = self.store.query(
                    text,
                    base_iri=meta["base"],
                    default_graph=[ox.NamedNode(g) for g in default_graphs],
                    named_graphs=[ox.NamedNode(g) for g in named_graphs],
                )
            else:
                # A query's own FROM clauses stand; union would override them.
                result = self.store.query(
                    text, base_iri=meta["base"], use_default_graph_as_union=not names_dataset(text)
                )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        formats, kind = formats_for(form_of(result))
        chosen = choose(meta["accept"], offers(formats))
        if chosen is None:
            message = not_acceptable_message(meta["accept"], kind, [f.media_type for f in formats])
            return {"ok": False, "error": "NotAcceptable", "message": message}, b""
        fmt = by_media_type(formats, chosen)
        output = _Capped(self.result_max_bytes)
        try:
            # Evaluation is lazy: most of the work happens while serialising.
            result.serialize(output, fmt.writer)  # type: ignore[arg-type]
        except (OSError, RuntimeError, ValueError) as exc:
            if output.over:
                raise TooLarge(
                    f"the result is larger than {self.result_max_bytes // 1_000_000} MB "
                    "(ARGMAP_RESULT_MAX_MB); ask for less, e.g. with LIMIT and OFFSET"
                ) from None
            raise QueryError(f"the query failed: {exc}") from None
        return {"ok": True, "content_type": fmt.content_type}, b"".join(output.parts)


def _limit_memory(megabytes: int) -> None:
    # The address space the worker has now (interpreter, engine, checkpoint, the big stack)
    # plus the query's allowance: a query that needs more fails to allocate and the process
    # ends, which the service reports as a query out of memory.
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    now = pages * os.sysconf("SC_PAGE_SIZE")
    limit = now + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _watch_parent(parent: int) -> None:
    # A service killed with SIGKILL cannot stop its workers: each stops itself once orphaned.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def run(conn: socket.socket, path: str, memory_mb: int, result_max_bytes: int, log: str) -> None:
    """A worker's life: open the checkpoint, then answer requests until the pipe closes."""
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the service, which stops us
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    worker = Worker(path, result_max_bytes)
    limited = threading.Event()

    def serve() -> None:
        limited.wait()  # say ready only once the memory bound holds
        conn.sendall(pack({"ready": True, "pid": os.getpid()}))
        while True:
            try:
                request = receive(conn)
            except (EOFError, OSError):
                return
            reply, payload = worker.handle(*request)
            conn.sendall(pack(reply, payload))

    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(target=serve, name="query")
    thread.start()
    _limit_memory(memory_mb)
    limited.set()
    thread.join()
    os._exit(0)  # nothing to clean up, and no exit handlers of the fork server's to run


def _serve_spawns(control: socket.socket) -> None:
    """The fork server's loop: fork a worker for each request until the service goes away."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except OSError:
            return
        if not message or not fds:
            return  # the service closed its end: it has stopped
        args = json.loads(message)
        pid = os.fork()
        if pid == 0:
            control.close()
            channel = socket.socket(fileno=fds[0])
            try:
                run(channel, args["path"], args["memory_mb"], args["result_max"], args["log"])
            finally:
                os._exit(0)
        os.close(fds[0])
        control.sendall(json.dumps({"pid": pid}).encode("utf-8") + b"\n")


def main() -> None:
    """The fork server: started by the pool with its control socket's descriptor as argument."""
    _serve_spawns(socket.socket(fileno=int(sys.argv[1])))


if __name__ == "__main__":
    main()
