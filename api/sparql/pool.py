"""The query workers of /sparql: processes over checkpoints of the store, stopped at the limits.

Why processes: pyoxigraph cannot interrupt a query, its parser recurses once per nesting
level, and a query's memory is the process's. A query run in the service's own process can
therefore crash it, keep a core busy long after its client got a 503, or grow without bound.
Run in a worker process, the same query is killed at `ARGMAP_QUERY_TIMEOUT_S` (its CPU is free
at once), fails to allocate past `ARGMAP_QUERY_MEMORY_MB`, and overflows only its own stack;
the pool replaces the worker and the service answers everyone else as before.

Why checkpoints: RocksDB lets one process write a store, and a read-only handle in another
process is undefined while the writer changes it. `Store.backup()` makes an immutable,
consistent copy in milliseconds (hard links to the immutable table files), so the service
writes to the store and, after each write, makes a new checkpoint that workers switch to
before their next query: a query never sees half a write, and a query sent after a write
returns sees it. A checkpoint is deleted once no worker has it open.

Scheduling: at most `ARGMAP_SPARQL_WORKERS` queries run at once (each in its own worker), and
`ARGMAP_SPARQL_IDLE_WORKERS` more wait started. A query that has run for half a second gets
the lowest CPU priority (nice 19), so that however many runaways are running, a new small
query still gets a core and answers at once; a query waiting for a free worker waits no longer
than its time limit.

Everything here blocks: the service calls it from its /sparql threads, so it works the same
under uvicorn, the TestClient and any event loop.
"""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from argmap.api.sparql.worker import HEADER
from argmap.errors import (
    ArgmapError,
    QueryAborted,
    QueryError,
    QueryMemoryExceeded,
    QueryTimeout,
    QueryTooComplex,
    RemoteAccessRefused,
    StoreError,
    TooLarge,
    UpdateRefused,
)

SLOW_AFTER_S = 0.5
"""A query running longer than this is reniced to the lowest priority."""
START_TIMEOUT_S = 30.0
"""How long a new worker may take to open its checkpoint and say it is ready."""
LOWEST_PRIORITY = 19

_ERRORS: dict[str, type[ArgmapError]] = {
    cls.__name__: cls
    for cls in (
        QueryError,
        QueryTooComplex,
        RemoteAccessRefused,
        TooLarge,
        QueryMemoryExceeded,
        UpdateRefused,
    )
}


class NotAcceptable(Exception):
    """The worker found no format the client accepts for this kind of result."""


@dataclass(frozen=True)
class Limits:
    """What one query may use: time, memory, result size, nesting, the endpoints it may reach."""

    timeout_s: float
    memory_mb: int
    result_max_bytes: int
    max_depth: int
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """A worker's answer: a serialised result and its Content-Type."""

    body: bytes
    content_type: str


class _Died(Exception):
    """The worker process ended (or its pipe broke) before it answered."""


class Checkpoints:
    """The immutable copies of the store the workers read, with how many workers read each."""

    def __init__(self, store: ox.Store, directory: Path) -> None:
        self._store: ox.Store | None = store
        self.directory = directory
        self._lock = threading.Lock()
        self._users: dict[Path, int] = {}
        self._serial = 0
        # Left behind by a service that was killed: nobody reads them any more.
        for stale in directory.glob("*") if directory.is_dir() else []:
            shutil.rmtree(stale, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        self.current = self._make()

    def _make(self) -> Path:
        self._serial += 1
        path = self.directory / f"{os.getpid()}-{self._serial}"
        if self._store is None:
            raise StoreError("the service is shutting down")
        self._store.backup(str(path))
        self._users[path] = 1  # the pool's own reference, while it is current
        return path

    def refresh(self) -> Path:
        """Take a new checkpoint after a write; workers move to it before their next query."""
        with self._lock:
            old, self.current = self.current, self._make()
        self.release(old)
        return self.current

    def take(self) -> Path:
        """The current checkpoint, counted as open by one more worker."""
        with self._lock:
            self._users[self.current] += 1
            return self.current

    def release(self, path: Path) -> None:
        """One reader less; the checkpoint goes once nobody reads it and it is not current."""
        with self._lock:
            if path not in self._users:  # closed meanwhile: the folder is gone already
                return
            self._users[path] -= 1
            unused = self._users[path] == 0
            if unused:
                del self._users[path]
        if unused:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Remove every checkpoint (the workers are gone)."""
        with self._lock:
            self._users.clear()
            self._store = None  # the store's lock goes with its last reference
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass(eq=False)
class _Process:
    """One worker process, the checkpoint it has open, and the tail of what it said on stderr."""

    popen: subprocess.Popen[bytes]
    checkpoint: Path
    stderr: deque[str] = field(default_factory=lambda: deque(maxlen=20))
    reniced: bool = False

    @property
    def pid(self) -> int:
        return self.popen.pid

    def drain_stderr(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip())

    def send(self, meta: dict[str, Any], body: bytes = b"") -> None:
        encoded = json.dumps(meta).encode("utf-8")
        assert self.popen.stdin is not None
        try:
            self.popen.stdin.write(HEADER.pack(len(encoded), len(body)) + encoded + body)
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _Died(str(exc)) from None

    def receive(self, deadline: float, slow_at: float | None) -> tuple[dict[str, Any], bytes]:
        """The next message; TimeoutError at the deadline, _Died if the process ends first."""
        assert self.popen.stdout is not None
        fd = self.popen.stdout.fileno()
        data = bytearray()
        needed = HEADER.size
        sizes: tuple[int, int] | None = None
        while len(data) < needed:
            now = time.monotonic()
            if now >= deadline:
                raise TimeoutError
            wake = deadline if slow_at is None or self.reniced else min(deadline, slow_at)
            ready, _, _ = select.select([fd], [], [], max(wake - now, 0.0))
            if not ready:
                if slow_at is not None and not self.reniced and time.monotonic() >= slow_at:
                    self._renice(LOWEST_PRIORITY)
                continue
            chunk = os.read(fd, max(needed - len(data), 1 << 16))
            if not chunk:
                raise _Died("the worker closed its output")
            data += chunk
            if sizes is None and len(data) >= HEADER.size:
                sizes = HEADER.unpack_from(data)
                needed = HEADER.size + sizes[0] + sizes[1]
        assert sizes is not None
        meta = json.loads(bytes(data[HEADER.size : HEADER.size + sizes[0]]))
        return meta, bytes(data[HEADER.size + sizes[0] :])

    def _renice(self, priority: int) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, priority)
            self.reniced = priority != 0
        except OSError:
            self.reniced = True  # treat it as slow anyway; it is retired after this query

    def restore_priority(self) -> bool:
        """Back to normal priority after a slow query; False if the system does not allow it."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, 0)
        except OSError as exc:
            if exc.errno in (errno.EPERM, errno.EACCES):
                return False
            raise
        self.reniced = False
        return True

    def kill(self) -> None:
        with suppress(OSError, subprocess.TimeoutExpired):
            self.popen.kill()
        with suppress(OSError, subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)
        for stream in (self.popen.stdin, self.popen.stdout):
            with suppress(OSError, subprocess.TimeoutExpired):
                if stream is not None:
                    stream.close()


class WorkerPool:
    """Worker processes that answer queries from the current checkpoint, within the limits."""

    def __init__(self, checkpoints: Checkpoints, limits: Limits, size: int, idle: int) -> None:
        self.checkpoints = checkpoints
        self.limits = limits
        self.size = size
        self.idle_target = min(idle, size)
        self._idle: list[_Process] = []
        self._count = 0  # started or starting, busy or idle
        self._starting = 0
        self._cond = threading.Condition()
        self._closed = False
        self._starters: list[threading.Thread] = []
        self.started = 0  # processes started so far (for tests and the bench)

    # -- running work -------------------------------------------------------------------------

    def query(self, meta: dict[str, Any], text: str) -> Reply:
        """Run a query request in a worker; the argmap error the worker or the limits raise."""
        meta = {**meta, "op": "query", "max_depth": self.limits.max_depth}
        meta["allow"] = list(self.limits.allow)
        reply, body = self._run(meta, text.encode("utf-8"))
        return Reply(body, str(reply["content_type"]))

    def check(self, text: str, kind: str) -> list[str]:
        """Check a text in a worker (nesting, SERVICE, LOAD); for an update, what it writes."""
        meta = {"op": "check", "kind": kind, "max_depth": self.limits.max_depth}
        meta["allow"] = list(self.limits.allow)
        reply, _ = self._run(meta, text.encode("utf-8"))
        return [str(target) for target in reply.get("targets", [])]

    def _run(self, meta: dict[str, Any], body: bytes) -> tuple[dict[str, Any], bytes]:
        timeout = self.limits.timeout_s
        deadline = time.monotonic() + timeout
        process = self._acquire(deadline)
        healthy = False
        try:
            process.send(meta, body)
            reply, payload = process.receive(deadline, time.monotonic() + SLOW_AFTER_S)
            healthy = True
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s (ARGMAP_QUERY_TIMEOUT_S) and was stopped"
            ) from None
        except _Died:
            raise self._death(process) from None
        finally:
            self._release(process, healthy)
        if not reply.get("ok"):
            error, message = str(reply.get("error")), str(reply.get("message"))
            if error == "NotAcceptable":
                raise NotAcceptable(message)
            if error == "QueryMemoryExceeded":
                raise self._out_of_memory()
            raise _ERRORS.get(error, QueryError)(message)
        return reply, payload

    def _out_of_memory(self) -> QueryMemoryExceeded:
        return QueryMemoryExceeded(
            f"the query needed more than {self.limits.memory_mb} MB (ARGMAP_QUERY_MEMORY_MB) "
            "and was stopped; ask for less, or avoid cross products"
        )

    def _death(self, process: _Process) -> ArgmapError:
        with suppress(OSError, subprocess.TimeoutExpired):
            process.popen.wait(timeout=2)
        said = "\n".join(process.stderr)
        if "overflowed its stack" in said or "stack overflow" in said:
            return QueryTooComplex(
                "the query nests too deeply for the engine (its parser ran out of stack); "
                "flatten it"
            )
        if "memory allocation" in said or "MemoryError" in said or "Cannot allocate" in said:
            return self._out_of_memory()
        code = process.popen.returncode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return QueryAborted(
            f"the query's worker process stopped ({how}) before answering; the service "
            "carries on, and the query can be sent again"
        )

    # -- the processes ------------------------------------------------------------------------

    def _acquire(self, deadline: float) -> _Process:
        start = False
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError("the service is shutting down")
                if self._idle:
                    process = self._idle.pop()
                    break
                if self._count < self.size:
                    self._count += 1
                    start = True
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout(
                        f"all {self.size} query workers stayed busy for "
                        f"{self.limits.timeout_s:g} s (ARGMAP_SPARQL_WORKERS); try again"
                    )
                self._cond.wait(remaining)
        if start:
            try:
                process = self._start()
            except BaseException:
                with self._cond:
                    self._count -= 1
                    self._cond.notify()
                raise
        self._top_up()
        if process.checkpoint != self.checkpoints.current:
            self._reopen(process, deadline)
        return process

    def _reopen(self, process: _Process, deadline: float) -> None:
        path = self.checkpoints.take()
        try:
            process.send({"op": "open", "path": str(path)})
            process.receive(deadline, None)
        except (TimeoutError, _Died):
            self.checkpoints.release(path)
            self._release(process, healthy=False)
            raise QueryAborted("a query worker failed to open the newest checkpoint") from None
        self.checkpoints.release(process.checkpoint)
        process.checkpoint = path

    def _release(self, process: _Process, healthy: bool) -> None:
        if healthy and process.reniced and not process.restore_priority():
            healthy = False  # cannot be made normal again: retire it, start a fresh one
        with self._cond:
            keep = healthy and not self._closed
            if keep:
                self._idle.append(process)
            else:
                self._count -= 1
            self._cond.notify()
        if not keep:
            process.kill()
            self.checkpoints.release(process.checkpoint)
            self._top_up()

    def _start(self) -> _Process:
        checkpoint = self.checkpoints.take()
        command = [
            sys.executable,
            "-m",
            "argmap.api.sparql.worker",
            str(checkpoint),
            str(self.limits.memory_mb),
            str(self.limits.result_max_bytes),
        ]
        try:
            popen = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as exc:
            self.checkpoints.release(checkpoint)
            raise StoreError(f"cannot start a query worker: {exc}") from exc
        process = _Process(popen, checkpoint)
        threading.Thread(target=process.drain_stderr, daemon=True).start()
        try:
            hello, _ = process.receive(time.monotonic() + START_TIMEOUT_S, None)
        except (TimeoutError, _Died):
            process.kill()
            self.checkpoints.release(checkpoint)
            said = "; ".join(process.stderr) or "nothing"
            raise StoreError(f"a query worker did not start (it said: {said})") from None
        if not hello.get("ready"):
            process.kill()
            self.checkpoints.release(checkpoint)
            raise StoreError("a query worker did not start")
        self.started += 1
        return process

    def _top_up(self) -> None:
        """Start idle workers in the background until `idle_target` wait ready."""
        with self._cond:
            wanted = self.idle_target - len(self._idle) - self._starting
            room = self.size - self._count
            more = max(0, min(wanted, room)) if not self._closed else 0
            self._starting += more
            self._count += more
        for _ in range(more):
            starter = threading.Thread(target=self._start_idle, daemon=True)
            with self._cond:
                self._starters = [t for t in self._starters if t.is_alive()] + [starter]
            starter.start()

    def _start_idle(self) -> None:
        try:
            process: _Process | None = self._start()
        except ArgmapError:
            process = None
        with self._cond:
            self._starting -= 1
            if process is None or self._closed:
                self._count -= 1
            else:
                self._idle.append(process)
            self._cond.notify()
        if process is not None and self._closed:
            process.kill()
            self.checkpoints.release(process.checkpoint)

    def warm_up(self) -> None:
        """Start the idle workers now rather than with the first query."""
        self._top_up()

    def processes(self) -> list[int]:
        """The process ids of the idle workers (busy ones are not listed)."""
        with self._cond:
            return [p.pid for p in self._idle]

    def refresh(self) -> None:
        """After a write: a new checkpoint, which every worker opens before its next query."""
        self.checkpoints.refresh()

    def close(self) -> None:
        """Stop every idle worker; busy ones are stopped as they finish."""
        with self._cond:
            self._closed = True
            starters = list(self._starters)
        for starter in starters:  # a worker still starting is stopped by its starter
            starter.join(START_TIMEOUT_S)
        with self._cond:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for process in idle:
            process.kill()
            self.checkpoints.release(process.checkpoint)
