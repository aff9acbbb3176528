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
`ARGMAP_SPARQL_IDLE_WORKERS` more wait started. A query that has run for a quarter of a second gets
the lowest CPU priority (nice 19), so that however many runaways are running, a new small
query still gets a core and answers at once; a query waiting for a free worker waits no longer
than its time limit.

Two ways in. `WorkerPool.query` blocks: the service calls it from a thread, and it can wait for
a free worker, start one or move one to a new checkpoint. `WorkerPool.query_async` is the
common case without a thread: when a worker is idle on the newest checkpoint, the event loop
sends the query and awaits the answer on the worker's socket itself. Each hop between threads
wakes a sleeping thread, and on a point query those wake-ups cost more than the query, so the
thread is taken only when the wait could block.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from argmap.api.sparql.worker import HEADER, pack, receive, rest_of, unpack
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

SLOW_AFTER_S = 0.25
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


class _Gone(_Died):
    """The worker could not be sent a request: it died while idle, and nothing of it ran."""


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


class _ForkServer:
    """The process the workers are forked from (`argmap.api.sparql.worker.main`)."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self._popen = subprocess.Popen(
            [sys.executable, "-m", "argmap.api.sparql.worker", str(theirs.fileno())],
            stdin=subprocess.DEVNULL,
            pass_fds=[theirs.fileno()],
        )
        theirs.close()
        self._control = ours
        self._replies = ours.makefile("rb")
        self._lock = threading.Lock()

    def spawn(self, args: dict[str, Any]) -> tuple[int, socket.socket]:
        """Fork a worker; its pid and the service's end of its channel."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self._control, [json.dumps(args).encode()], [theirs.fileno()])
                line = self._replies.readline()
        except OSError as exc:
            ours.close()
            raise StoreError(f"the query workers' fork server is gone: {exc}") from None
        finally:
            theirs.close()
        if not line:
            ours.close()
            raise StoreError("the query workers' fork server stopped")
        return int(json.loads(line)["pid"]), ours

    def close(self) -> None:
        """Stop the fork server (running workers stop when they see it gone)."""
        with suppress(OSError):
            self._control.close()
        with suppress(OSError, subprocess.TimeoutExpired):
            self._popen.wait(timeout=5)


@dataclass(eq=False)
class _Process:
    """One worker process, its end of the channel, the checkpoint it has open and its log."""

    pid: int
    conn: socket.socket
    checkpoint: Path
    log: Path
    reniced: bool = False

    def said(self) -> str:
        """The end of what the worker wrote on stderr (why it died, if it says)."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def send(self, meta: dict[str, Any], body: bytes = b"") -> None:
        try:
            self.conn.sendall(pack(meta, body))
        except OSError as exc:
            raise _Died(str(exc)) from None

    def receive(self, deadline: float, slow_at: float | None) -> tuple[dict[str, Any], bytes]:
        """The next message; TimeoutError at the deadline, _Died if the process ends first."""
        poller = select.poll()  # not select(): the service may hold more than 1,024 descriptors
        poller.register(self.conn, select.POLLIN)
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise TimeoutError
            wake = deadline if slow_at is None or self.reniced else min(deadline, slow_at)
            try:
                if poller.poll(max(wake - now, 0.0) * 1000):
                    return receive(self.conn)
            except (OSError, EOFError):
                raise _Died("the worker closed its socket") from None
            if slow_at is not None and not self.reniced and time.monotonic() >= slow_at:
                self._renice(LOWEST_PRIORITY)

    async def exchange(
        self, meta: dict[str, Any], body: bytes, deadline: float
    ) -> tuple[dict[str, Any], bytes]:
        """Send a request and await its answer on the event loop; TimeoutError at the deadline.

        The socket is non-blocking meanwhile, so neither a long query text nor a large result
        arriving in pieces holds up the loop; _Died if the process ends first. The loop's own
        socket helpers would do, but at a point query's scale their futures and timeouts cost
        a tenth of the answer: this tries each read first and waits only when it must.
        """
        loop = asyncio.get_running_loop()
        frame = pack(meta, body)
        # The loop's clock is time.monotonic, the clock of every deadline here.
        slow = loop.call_at(
            min(deadline, time.monotonic() + SLOW_AFTER_S), self._renice, LOWEST_PRIORITY
        )
        self.conn.setblocking(False)
        try:
            try:
                sent = self.conn.send(frame)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                raise _Gone(str(exc)) from None
            if sent < len(frame):  # a long text, past the socket's buffer
                async with asyncio.timeout_at(deadline):
                    await loop.sock_sendall(self.conn, memoryview(frame)[sent:])
            return unpack(await self._read_frame(loop, deadline))
        except TimeoutError:
            raise  # an OSError too, but the deadline's, not the socket's
        except OSError as exc:
            raise _Died(str(exc)) from None
        finally:
            slow.cancel()
            self.conn.setblocking(True)

    async def _read_frame(self, loop: asyncio.AbstractEventLoop, deadline: float) -> bytes:
        """One whole frame, read as it arrives (the worker sends one answer per request)."""
        buffer = bytearray()
        needed = HEADER.size
        while len(buffer) < needed:
            try:
                chunk = self.conn.recv(max(needed - len(buffer), 1 << 16))
            except BlockingIOError:
                await self._readable(loop, deadline)
                continue
            if not chunk:
                raise _Died("the worker closed its socket")
            buffer += chunk
            if needed == HEADER.size and len(buffer) >= HEADER.size:
                needed += rest_of(bytes(buffer[: HEADER.size]))
        return bytes(buffer)

    async def _readable(self, loop: asyncio.AbstractEventLoop, deadline: float) -> None:
        """Wait until the socket has bytes to read; TimeoutError at the deadline."""
        ready: asyncio.Future[None] = loop.create_future()

        def settle(error: BaseException | None = None) -> None:
            if not ready.done():
                ready.set_exception(error) if error else ready.set_result(None)

        descriptor = self.conn.fileno()
        loop.add_reader(descriptor, settle)
        timer = loop.call_at(deadline, settle, TimeoutError())
        try:
            await ready
        finally:
            timer.cancel()
            loop.remove_reader(descriptor)

    def _set_priority(self, priority: int) -> None:
        # Linux keeps a nice value per thread, and the query runs in the worker's own thread:
        # each of its threads is set, not just the one whose id is the process's.
        threads = [int(t.name) for t in Path(f"/proc/{self.pid}/task").glob("*")] or [self.pid]
        for thread in threads:
            with suppress(ProcessLookupError):
                os.setpriority(os.PRIO_PROCESS, thread, priority)

    def _renice(self, priority: int) -> None:
        with suppress(OSError):  # if it cannot be reniced, it is retired after this query
            self._set_priority(priority)
        self.reniced = True

    def restore_priority(self) -> bool:
        """Back to normal priority after a slow query; False if the system does not allow it."""
        try:
            self._set_priority(0)
        except OSError as exc:
            if exc.errno in (errno.EPERM, errno.EACCES):
                return False
            raise
        self.reniced = False
        return True

    def kill(self) -> None:
        """SIGKILL it (the fork server's kernel reaps it) and close its channel."""
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self.conn.close()
        self.log.unlink(missing_ok=True)


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
        self._waiting = 0  # queries waiting for a worker
        self._serial = 0
        self._forks: _ForkServer | None = None
        self._starters: list[threading.Thread] = []

    # -- running work -------------------------------------------------------------------------

    def query(self, meta: dict[str, Any], text: str, received: float | None = None) -> Reply:
        """Run a query in a worker, its time limit counted from `received` (time.monotonic).

        Raises the argmap error the worker or the limits raise.
        """
        reply, body = self._run(self._query_meta(meta), text.encode("utf-8"), received)
        return Reply(body, str(reply["content_type"]))

    async def query_async(
        self, meta: dict[str, Any], text: str, received: float | None = None
    ) -> Reply | None:
        """`query` from the event loop, if a worker waits ready on the newest checkpoint.

        None when there is none (or it turns out to have died while idle): then only `query`,
        in a thread, can wait for one. Raises what `query` raises.
        """
        process = self._take_ready()
        if process is None:
            return None
        deadline = self._deadline(received)
        healthy = False
        try:
            reply, payload = await process.exchange(
                self._query_meta(meta), text.encode("utf-8"), deadline
            )
            healthy = True
        except TimeoutError:
            raise self._timeout() from None
        except _Gone:
            return None
        except _Died:
            raise self._death(process) from None
        finally:
            # Cancelled (the service stopping) or failed: the worker is killed, not reused.
            self._release(process, healthy)
        return Reply(self._result(reply, payload), str(reply["content_type"]))

    def _query_meta(self, meta: dict[str, Any]) -> dict[str, Any]:
        return {
            **meta,
            "op": "query",
            "max_depth": self.limits.max_depth,
            "allow": list(self.limits.allow),
        }

    def _deadline(self, received: float | None) -> float:
        return (time.monotonic() if received is None else received) + self.limits.timeout_s

    def _timeout(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than {self.limits.timeout_s:g} s (ARGMAP_QUERY_TIMEOUT_S) "
            "and was stopped"
        )

    def check(self, text: str, kind: str) -> list[str]:
        """Check a text in a worker (nesting, SERVICE, LOAD); for an update, what it writes."""
        meta = {"op": "check", "kind": kind, "max_depth": self.limits.max_depth}
        meta["allow"] = list(self.limits.allow)
        reply, _ = self._run(meta, text.encode("utf-8"))
        return [str(target) for target in reply.get("targets", [])]

    def _run(
        self, meta: dict[str, Any], body: bytes, received: float | None = None
    ) -> tuple[dict[str, Any], bytes]:
        deadline = self._deadline(received)
        process = self._acquire(deadline)
        try:
            process.send(meta, body)
        except _Died:  # it died while idle (nothing of this query ran): take another
            self._release(process, healthy=False)
            process = self._acquire(deadline)
            try:
                process.send(meta, body)
            except _Died:
                self._release(process, healthy=False)
                raise QueryAborted("two query workers in a row were gone; try again") from None
        healthy = False
        try:
            reply, payload = process.receive(deadline, time.monotonic() + SLOW_AFTER_S)
            healthy = True
        except TimeoutError:
            raise self._timeout() from None
        except _Died:
            raise self._death(process) from None
        finally:
            self._release(process, healthy)
        return reply, self._result(reply, payload)

    def _result(self, reply: dict[str, Any], payload: bytes) -> bytes:
        """A worker's answer, or the argmap error it reports raised."""
        if not reply.get("ok"):
            error, message = str(reply.get("error")), str(reply.get("message"))
            if error == "NotAcceptable":
                raise NotAcceptable(message)
            if error == "QueryMemoryExceeded":
                raise self._out_of_memory()
            raise _ERRORS.get(error, QueryError)(message)
        return payload

    def _out_of_memory(self) -> QueryMemoryExceeded:
        return QueryMemoryExceeded(
            f"the query needed more than {self.limits.memory_mb} MB (ARGMAP_QUERY_MEMORY_MB) "
            "and was stopped; ask for less, or avoid cross products"
        )

    def _death(self, process: _Process) -> ArgmapError:
        said = process.said()
        if "overflowed its stack" in said or "stack overflow" in said:
            return QueryTooComplex(
                "the query nests too deeply for the engine (its parser ran out of stack); "
                "flatten it"
            )
        if "memory allocation" in said or "MemoryError" in said or "Cannot allocate" in said:
            return self._out_of_memory()
        return QueryAborted(
            "the query's worker process stopped before answering; the service carries on, "
            "and the query can be sent again"
        )

    # -- the processes ------------------------------------------------------------------------

    def _take_ready(self) -> _Process | None:
        """An idle worker on the newest checkpoint, if one waits and no query waits before it."""
        with self._cond:
            if self._closed or self._waiting:
                return None
            current = self.checkpoints.current
            ready = [i for i, p in enumerate(self._idle) if p.checkpoint == current]
            if not ready:
                return None
            process = self._idle.pop(ready[-1])
        self._top_up()
        return process

    def _acquire(self, deadline: float) -> _Process:
        # Workers are started in the background and handed to whoever waits first, so that a
        # query's wait for one, however slow a start is on a loaded machine, ends at its
        # deadline like the rest of its time.
        with self._cond:
            self._waiting += 1
            try:
                while True:
                    if self._closed:
                        raise StoreError("the service is shutting down")
                    if self._idle:
                        process = self._idle.pop()
                        break
                    if self._starting < self._waiting and self._count < self.size:
                        self._launch()
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise QueryTimeout(
                            f"no query worker became free within {self.limits.timeout_s:g} s "
                            f"(ARGMAP_QUERY_TIMEOUT_S; at most {self.size} run at once, "
                            "ARGMAP_SPARQL_WORKERS); try again"
                        )
                    self._cond.wait(remaining)
            finally:
                self._waiting -= 1
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
        with self._cond:
            self._serial += 1
            serial = self._serial
            if self._forks is None:
                self._forks = _ForkServer()
            forks = self._forks
        log = self.checkpoints.directory / f"worker-{os.getpid()}-{serial}.log"
        args = {
            "path": str(checkpoint),
            "memory_mb": self.limits.memory_mb,
            "result_max": self.limits.result_max_bytes,
            "log": str(log),
        }
        try:
            pid, channel = forks.spawn(args)
        except StoreError:
            self.checkpoints.release(checkpoint)
            raise
        process = _Process(pid, channel, checkpoint, log)
        try:
            hello, _ = process.receive(time.monotonic() + START_TIMEOUT_S, None)
        except (TimeoutError, _Died):
            said = process.said().strip() or "nothing"
            process.kill()
            self.checkpoints.release(checkpoint)
            raise StoreError(f"a query worker did not start (it said: {said})") from None
        if not hello.get("ready"):
            process.kill()
            self.checkpoints.release(checkpoint)
            raise StoreError("a query worker did not start")
        return process

    def _top_up(self) -> None:
        """Start workers in the background until `idle_target` of them wait ready."""
        with self._cond:
            wanted = self.idle_target - len(self._idle) - self._starting
            for _ in range(max(0, min(wanted, self.size - self._count))):
                self._launch()

    def _launch(self) -> None:
        """Start one worker in the background (the caller holds the lock)."""
        if self._closed:
            return
        self._starting += 1
        self._count += 1
        starter = threading.Thread(target=self._start_idle, daemon=True)
        self._starters = [t for t in self._starters if t.is_alive()] + [starter]
        starter.start()

    def _start_idle(self) -> None:
        try:
            process: _Process | None = self._start()
        except ArgmapError:
            process = None
        with self._cond:
            self._starting -= 1
            keep = process is not None and not self._closed
            if keep:
                assert process is not None
                self._idle.append(process)
            else:
                self._count -= 1
            self._cond.notify_all()
        if process is not None and not keep:
            process.kill()
            self.checkpoints.release(process.checkpoint)

    def warm_up(self) -> None:
        """Start the idle workers now rather than with the first query."""
        self._top_up()

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
        if self._forks is not None:
            self._forks.close()
