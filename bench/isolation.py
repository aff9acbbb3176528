"""Compare the designs of /sparql side by side: query latency, the cost of a write, recovery.

Run: .venv/bin/python bench/isolation.py [--requests 300] [--runs 20] [--writes 3]
     [--recoveries 3] [--spawns 5] [--timeout 2]
Every design reads a copy of the same built store (ARGMAP_STORE, default .argmap/store; built
into a temporary folder if missing):

- in-process: pyoxigraph queried in this process (no HTTP), and the service over an in-memory
  copy of the store (the EmbeddedEngine: queries in the service's own threads), started in a
  process of its own through `argmap.api.server.serve`, as `argmap serve` starts the service;
- worker pool: `argmap serve` on the store on disk, each /sparql query in a worker process over
  a checkpoint (also with ARGMAP_SPARQL_IDLE_WORKERS=0, for recovery);
- the floor: `oxigraph serve-read-only --union-default-graph` (Rust, no Python), given
  `--timeout-s` at the same limit.

It measures the p50/p99 of a point query and of ASK {} (the same text on the same data) in
process and over HTTP: on one keep-alive connection with the designs' requests interleaved, on
a new connection per request, and on one keep-alive connection back to back. It measures the
cost of a write (a checkpoint: `Store.backup()`; a worker's reopen of it; a PUT of a whole map
through each service, which includes validation and reasoning), the recovery from a runaway at
the time limit (503 to the next successful query; the CPU left busy; the point query after;
how long SIGTERM takes), a worker's spawn to ready, and the RSS and PSS of each design. It
prints markdown tables. The machines are shared: compare rows of one run, not runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from argmap.settings import Settings
from procs import children, cpu_s, descendants, find_store, free_port, pss_kb, rss_kb

AM = "https://w3id.org/argmap#"
MAP = "gallagher-2022"
CLAIM = f"https://w3id.org/argmap/map/{MAP}/idc-rec-iii"
POINT = f"PREFIX am: <{AM}> SELECT ?u WHERE {{ ?u am:supports+ <{CLAIM}> }}"
ASK = "ASK {}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON_RESULTS = "application/sparql-results+json"
TOKEN = "bench-token-0123456789"
REPO = Path(__file__).resolve().parent.parent


# -- processes ------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """The resident set of one process in MB (0 once it is gone)."""
    return rss_kb(pid) / 1024


def pss_mb(pid: int) -> float:
    """The proportional set of one process in MB: shared pages split among their users."""
    return pss_kb(pid) / 1024


def memory_of(pids: list[int]) -> tuple[float, float]:
    """The RSS and the PSS of some processes together, in MB."""
    return sum(rss_mb(p) for p in pids), sum(pss_mb(p) for p in pids)


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process (with its reaped children) and its live descendants."""
    return sum(cpu_s(member, reaped=member == pid) or 0.0 for member in descendants(pid))


def copy_store(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


@dataclass
class Server:
    """A service in a process of its own: its name, process, port and query path."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    path: str
    log: Path
    grace_s: float = 20.0
    stop_s: float | None = None
    """How long it took to exit after SIGTERM (None: it did not, and was killed)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def wait_until_up(server: Server, probe: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited:\n{server.log.read_text()[-2000:]}")
        try:
            if httpx.get(server.url + probe, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{server.name} did not answer {probe}")


def start(name: str, command: list[str], env: dict[str, str], port: int, work: Path) -> Server:
    """Start a server process with its output in a log file."""
    log = work / f"{name.replace(' ', '-')}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    path = "/query" if "oxigraph" in command[0] else "/sparql"
    return Server(name, process, port, path, log)


@contextmanager
def running(server: Server) -> Iterator[Server]:
    """Wait for a server to answer; stop it (SIGTERM, then SIGKILL after its grace) at the end."""
    try:
        wait_until_up(server, "/query?query=ASK%7B%7D" if server.path == "/query" else "/healthz")
        yield server
    finally:
        if server.process.poll() is None:
            start = time.perf_counter()
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(timeout=server.grace_s)
                server.stop_s = time.perf_counter() - start
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=10)


def argmap_env(store: Path, port: int, timeout: float, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env.update(
        ARGMAP_STORE=str(store),
        ARGMAP_HOST="127.0.0.1",
        ARGMAP_PORT=str(port),
        ARGMAP_QUERY_TIMEOUT_S=f"{timeout:g}",
        ARGMAP_UPDATE_TOKEN=TOKEN,
        **extra,
    )
    return env


def in_memory_service(source: Path, port: int, timeout: float, work: Path) -> Server:
    """This script, in a process of its own, serving an in-memory copy of `source`."""
    command = [sys.executable, __file__, "--serve-memory", str(source), "--port", str(port)]
    env = argmap_env(work / "unused", port, timeout)
    return start("in-memory service (in-process engine)", command, env, port, work)


def serve_in_memory(source: Path, port: int) -> None:
    """The service over an in-memory copy of `source`, as `argmap serve` runs it (a subprocess)."""
    from argmap.api import server
    from argmap.settings import Settings
    from argmap.store import OxigraphStore

    store = OxigraphStore()
    disk = ox.Store.read_only(str(source))
    store.raw().bulk_extend(disk.quads_for_pattern(None, None, None, None))
    del disk
    server.serve(store, Settings(), server.listen_socket("127.0.0.1", port))


# -- requests -------------------------------------------------------------------------------


def fresh_get(server: Server, query: str, timeout: float = 60) -> int | None:
    """A GET over a new connection; its status, None if no answer came within `timeout`."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        target = f"{server.path}?{urlencode({'query': query})}"
        connection.request("GET", target, headers={"Accept": JSON_RESULTS})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        connection.close()


def fresh_ok(server: Server, query: str) -> None:
    """A GET over a new connection that must succeed."""
    status = fresh_get(server, query)
    if status != 200:
        raise SystemExit(f"{server.name} answered {status} to {query[:40]!r}")


def keep_alive_get(client: httpx.Client, server: Server, query: str) -> httpx.Response:
    """A GET over the client's connection that must succeed."""
    headers = {"Accept": JSON_RESULTS}
    response = client.get(server.path, params={"query": query}, headers=headers)
    return response.raise_for_status()


def bound_values(body: bytes) -> list[str]:
    """The values of a SPARQL JSON result, sorted (to check that designs agree)."""
    data = json.loads(body)
    if "boolean" in data:
        return [str(data["boolean"])]
    return sorted(v["value"] for row in data["results"]["bindings"] for v in row.values())


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def markdown(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table; columns after the first are right-aligned."""
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# -- a worker process, driven directly ------------------------------------------------------


class Workers:
    """Query workers forked from the pool's fork server, spoken to over their channels."""

    def __init__(self, log_dir: Path) -> None:
        from argmap.api.sparql.pool import _ForkServer

        self.log_dir = log_dir
        self.forks = _ForkServer()
        self.pids: list[int] = []

    def spawn(self, checkpoint: Path) -> tuple[int, Connection]:
        """Fork a worker on a checkpoint and wait until it says it is ready."""
        args = {
            "path": str(checkpoint),
            "memory_mb": 512,
            "result_max": 64_000_000,
            "log": str(self.log_dir / f"worker-{len(self.pids)}.log"),
        }
        pid, channel = self.forks.spawn(args)
        self.pids.append(pid)
        hello = ask(channel, None)
        if not hello.get("ready"):
            raise SystemExit(f"the worker did not start: {hello}")
        return pid, channel

    def close(self) -> None:
        for pid in self.pids:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.forks.close()


def ask(channel: Connection, meta: dict[str, Any] | None, body: bytes = b"") -> dict[str, Any]:
    """Send one request to a worker (none: only read) and return its reply's JSON part."""
    from argmap.api.sparql.worker import pack, unpack

    if meta is not None:
        channel.send_bytes(pack(meta, body))
    reply, _ = unpack(channel.recv_bytes())
    return reply


def worker_query(channel: Connection, text: str) -> None:
    """A query as the pool sends it, answered in JSON."""
    meta = {
        "op": "query",
        "max_depth": 256,
        "allow": [],
        "default_graphs": [],
        "named_graphs": [],
        "accept": JSON_RESULTS,
        "base": "http://127.0.0.1/sparql",
    }
    reply = ask(channel, meta, text.encode("utf-8"))
    if not reply.get("ok"):
        raise SystemExit(f"the worker refused the query: {reply}")


def local_query(store: ox.Store, text: str) -> bytes:
    """A query in this process, serialised as the service would (JSON results)."""
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""


# -- the measurements -----------------------------------------------------------------------


def checkpoint_costs(store_dir: Path, paths: list[Path]) -> tuple[list[float], ...]:
    """Seconds of `backup()` to each path, of opening each read-only, of a first query on it."""
    writable = ox.Store(str(store_dir))
    backups = [timed(partial(writable.backup, str(path))) for path in paths]
    opened: list[ox.Store] = []
    reopens = []
    for path in paths:
        start = time.perf_counter()
        opened.append(ox.Store.read_only(str(path)))
        reopens.append(time.perf_counter() - start)
    firsts = [timed(partial(local_query, store, POINT)) for store in opened]
    return backups, reopens, firsts


def latency(
    servers: list[Server], local: ox.Store, channel: Connection, requests: int
) -> dict[tuple[str, str, str], list[float]]:
    """Seconds per request for each (design, query, connection), rounds interleaved."""
    samples: dict[tuple[str, str, str], list[float]] = {}
    clients = {s.name: httpx.Client(base_url=s.url, timeout=60) for s in servers}
    queries = {"point query": POINT, "ASK {}": ASK}
    expected = bound_values(local_query(local, POINT))
    try:
        for server in servers:  # warm-up, and the same answer everywhere
            for _ in range(20):
                response = keep_alive_get(clients[server.name], server, POINT)
                fresh_ok(server, POINT)
            if bound_values(response.content) != expected:
                raise SystemExit(f"{server.name} answers the point query differently")
        for _ in range(requests):
            for label, text in queries.items():
                key = ("in-process pyoxigraph (no HTTP)", label, "-")
                samples.setdefault(key, []).append(timed(partial(local_query, local, text)))
                key = ("one worker process over its channel (no HTTP)", label, "-")
                samples.setdefault(key, []).append(timed(partial(worker_query, channel, text)))
                for server in servers:
                    kept = partial(keep_alive_get, clients[server.name], server, text)
                    samples.setdefault((server.name, label, "keep-alive"), []).append(timed(kept))
                    fresh = partial(fresh_ok, server, text)
                    samples.setdefault((server.name, label, "new"), []).append(timed(fresh))
        for server in servers:  # one connection, one request after the other
            for label, text in queries.items():
                kept = partial(keep_alive_get, clients[server.name], server, text)
                key = (server.name, label, "back to back")
                samples[key] = [timed(kept) for _ in range(min(requests, 100))]
    finally:
        for client in clients.values():
            client.close()
    return samples


def put_map(server: Server, data: bytes) -> float:
    """Seconds of one PUT of the map; the service must answer 200."""
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    start = time.perf_counter()
    response = httpx.put(f"{server.url}/maps/{MAP}", content=data, headers=headers, timeout=300)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"PUT on {server.name}: {response.status_code} {response.text[:300]}")
    return elapsed


def writes(server: Server, data: bytes, count: int) -> tuple[list[float], list[float]]:
    """PUT times, and the times of the first point query (new connection) after each PUT."""
    puts, firsts = [], []
    for _ in range(count):
        puts.append(put_map(server, data))
        firsts.append(timed(partial(fresh_ok, server, POINT)))
    return puts, firsts


@dataclass
class Recovery:
    """What one design did with runaways: statuses, times, CPU left busy, latency after."""

    statuses: list[str]
    runaway_s: list[float]
    recover_s: list[float]
    busy_cores: list[float]
    point_before: float
    point_after: float


def point_p50(server: Server, count: int = 30) -> float:
    return statistics.median(timed(partial(fresh_ok, server, POINT)) for _ in range(count))


def recovery(server: Server, timeout: float, count: int) -> Recovery:
    """Send runaways one at a time; after each, time to the next successful point query."""
    before = point_p50(server)
    statuses, runaway_s, recover_s, busy = [], [], [], []
    for _ in range(count):
        start = time.perf_counter()
        status = fresh_get(server, RUNAWAY, timeout=timeout + 5)
        answered = time.perf_counter()
        runaway_s.append(answered - start)
        statuses.append(str(status) if status is not None else f"none in {timeout + 5:g} s")
        while fresh_get(server, POINT) != 200 and time.perf_counter() - answered < 30:
            pass
        recover_s.append(time.perf_counter() - answered)
        cpu = tree_cpu_s(server.process.pid)
        time.sleep(2.0)
        busy.append((tree_cpu_s(server.process.pid) - cpu) / 2.0)
    return Recovery(statuses, runaway_s, recover_s, busy, before, point_p50(server))


# -- the report -----------------------------------------------------------------------------


def latency_table(samples: dict[tuple[str, str, str], list[float]], floor: str) -> str:
    rows = []
    for label in ("point query", "ASK {}"):
        kinds = ("keep-alive", "new", "back to back")
        floor_p50 = {conn: statistics.median(samples[(floor, label, conn)]) for conn in kinds}
        designs = dict.fromkeys(name for name, query, _ in samples if query == label)
        for design in designs:
            for conn in ("-", *kinds):
                times = samples.get((design, label, conn))
                if times is None:
                    continue
                p50 = statistics.median(times)
                ratio = f"{p50 / floor_p50[conn]:.1f}" if conn in floor_p50 else "-"
                connection = {
                    "-": "none",
                    "keep-alive": "keep-alive, interleaved",
                    "new": "new for each request",
                    "back to back": "keep-alive, back to back",
                }[conn]
                rows.append([label, design, connection, ms(p50), ms(percentile(times, 99)), ratio])
    headers = ["query", "design", "connection", "p50 ms", "p99 ms", "p50 / floor"]
    return markdown(headers, rows)


def summary(times: list[float], unit: float = 1000) -> list[str]:
    return [
        str(len(times)),
        f"{statistics.median(times) * unit:.2f}",
        f"{min(times) * unit:.2f}",
        f"{max(times) * unit:.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="rounds of latency samples")
    parser.add_argument("--runs", type=int, default=20, help="checkpoints made and reopened")
    parser.add_argument("--writes", type=int, default=3, help="PUTs of the map per service")
    parser.add_argument("--recoveries", type=int, default=3, help="runaways per design")
    parser.add_argument("--spawns", type=int, default=5, help="worker processes started")
    parser.add_argument("--timeout", type=float, default=2.0, help="the query time limit (s)")
    parser.add_argument("--map-file", type=Path, default=REPO / "data" / "maps" / f"{MAP}.ttl")
    parser.add_argument("--serve-memory", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_memory is not None:
        serve_in_memory(args.serve_memory, args.port)
        return
    data = args.map_file.read_bytes()
    from argmap.api.server import listen_socket

    with listen_socket("127.0.0.1", 0) as probe:
        nodelay_proto = probe.proto
    load_start = Path("/proc/loadavg").read_text().split()[0]
    began = time.monotonic()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = find_store(work)
        copies = {name: copy_store(source, work / name) for name in ("local", "pool", "ox", "w")}
        copy_store(source, work / "pool0")
        timeout = args.timeout

        # -- the cost of a write: checkpoints and reopening them, in this process ------------
        checkpoints = [work / "checkpoints" / str(i) for i in range(args.runs + 1)]
        checkpoints[0].parent.mkdir()
        backup_s, reopen_s, first_query_s = checkpoint_costs(copies["w"], checkpoints)

        # -- worker processes: spawn to ready, reopen, RSS -----------------------------------
        (work / "logs").mkdir()
        started = time.perf_counter()
        workers = Workers(work / "logs")
        pid, channel = workers.spawn(checkpoints[0])
        first_spawn_s = time.perf_counter() - started
        worker_ready = memory_of([pid])
        worker_query(channel, POINT)
        worker_after_query = memory_of([pid])
        worker_open_s = [
            timed(partial(ask, channel, {"op": "open", "path": str(c)})) for c in checkpoints[1:]
        ]
        spawned = []
        for _ in range(args.spawns):
            begun = time.perf_counter()
            other, other_channel = workers.spawn(checkpoints[-1])
            spawned.append(time.perf_counter() - begun)
            os.kill(other, signal.SIGKILL)
            other_channel.close()
        fork_server = memory_of([workers.forks._popen.pid])

        # -- the servers ----------------------------------------------------------------------
        ports = [free_port() for _ in range(4)]
        argmap = str(Path(sys.executable).with_name("argmap"))
        oxigraph = str(Path(sys.executable).with_name("oxigraph"))
        pool = start(
            f"worker-pool service ({Settings().sparql_idle_workers} idle workers, the default)",
            [argmap, "serve"],
            argmap_env(copies["pool"], ports[0], timeout),
            ports[0],
            work,
        )
        memory = in_memory_service(copies["local"], ports[1], timeout, work)
        floor_command = [oxigraph, "serve-read-only", "--location", str(copies["ox"])]
        floor_command += ["--bind", f"127.0.0.1:{ports[2]}", "--union-default-graph"]
        floor_command += ["--timeout-s", f"{max(1, round(timeout))}"]
        floor = start(
            "oxigraph serve-read-only (floor)", floor_command, dict(os.environ), ports[2], work
        )
        with running(pool), running(memory), running(floor):
            local = ox.Store.read_only(str(copies["local"]))
            samples = latency([memory, pool, floor], local, channel, args.requests)
            del local
            pids = descendants(pool.process.pid)
            forks = children(pool.process.pid)
            forked = [w for f in forks for w in children(f)]
            one = min(forked, key=rss_mb) if forked else None
            rss = {
                "worker-pool service: main process": memory_of([pool.process.pid]),
                "worker-pool service: its fork server": memory_of(forks),
                f"worker-pool service: one of its {len(forked)} workers": memory_of(
                    [one] if one else []
                ),
                f"worker-pool service: all {len(forked)} workers": memory_of(forked),
                f"worker-pool service: total ({len(pids)} processes)": memory_of(pids),
                "in-memory service (one process)": memory_of([memory.process.pid]),
                "oxigraph serve-read-only (one process)": memory_of([floor.process.pid]),
                "a forked worker alone, ready": worker_ready,
                "a forked worker alone, after one point query": worker_after_query,
                "the fork server the bench forked it from": fork_server,
            }
            steady_pool, steady_memory = point_p50(pool), point_p50(memory)
            pool_puts, pool_firsts = writes(pool, data, args.writes)
            memory_puts, memory_firsts = writes(memory, data, args.writes)
            recoveries = {pool.name: recovery(pool, timeout, args.recoveries)}
        stops = {pool.name: pool.stop_s}
        workers.close()
        pool0 = start(
            "worker-pool service, ARGMAP_SPARQL_IDLE_WORKERS=0",
            [argmap, "serve"],
            argmap_env(work / "pool0", ports[3], timeout, ARGMAP_SPARQL_IDLE_WORKERS="0"),
            ports[3],
            work,
        )
        with running(pool0):
            point_p50(pool0)  # the one worker it keeps
            recoveries[pool0.name] = recovery(pool0, timeout, args.recoveries)
        stops[pool0.name] = pool0.stop_s
        # The runaways the next two cannot stop keep cores busy: each runs alone, then stops.
        memory = in_memory_service(copies["local"], ports[1], timeout, work)
        memory.grace_s = 5.0
        with running(memory):
            point_p50(memory)
            recoveries[memory.name] = recovery(memory, timeout, args.recoveries)
        stops[memory.name] = memory.stop_s
        floor = start(floor.name, floor_command, dict(os.environ), ports[2], work)
        floor.grace_s = 5.0
        with running(floor):
            point_p50(floor)
            recoveries[floor.name] = recovery(floor, timeout, args.recoveries)
        stops[floor.name] = floor.stop_s

    load_end = Path("/proc/loadavg").read_text().split()[0]
    print("## /sparql designs side by side")
    print()
    print(
        f"{os.cpu_count()} cores; query time limit {timeout:g} s; {args.requests} interleaved "
        f"rounds per query; 1-minute load average {load_start} at the start, {load_end} at the "
        f"end; {time.monotonic() - began:.0f} s in all."
    )
    print()
    print("### Latency of the same query on the same data")
    print()
    print(latency_table(samples, floor.name))
    print()
    print("### The cost of a write")
    print()
    rows = [
        ["`Store.backup()` to a new folder (a checkpoint)", *summary(backup_s)],
        ["`Store.read_only()` of a new checkpoint (in process)", *summary(reopen_s)],
        ["first point query on a just-opened checkpoint", *summary(first_query_s)],
        ["a worker process's `open` of a new checkpoint (round trip)", *summary(worker_open_s)],
        ["PUT /maps/gallagher-2022, worker-pool service", *summary(pool_puts)],
        ["PUT /maps/gallagher-2022, in-memory service", *summary(memory_puts)],
        ["first point query after the PUT, worker-pool service", *summary(pool_firsts)],
        ["first point query after the PUT, in-memory service", *summary(memory_firsts)],
        ["steady point query (new connection), worker-pool service", "30", ms(steady_pool), "", ""],
        ["steady point query (new connection), in-memory service", "30", ms(steady_memory), "", ""],
    ]
    print(markdown(["operation", "n", "median ms", "min ms", "max ms"], rows))
    print()
    print(
        f"The PUT replaces a {len(data) // 1000} kB Turtle map: parse, validation, reasoning, "
        "the store's transaction, and in the worker-pool service also the automatic snapshot "
        "and a new checkpoint. oxigraph serve-read-only cannot write."
    )
    print()
    print(f"### Recovery from a runaway ({RUNAWAY[:40]}…) at the {timeout:g} s limit")
    print()
    rows = []
    for design, result in recoveries.items():
        rows.append(
            [
                design,
                ", ".join(sorted(set(result.statuses))),
                f"{statistics.median(result.runaway_s):.2f}",
                f"{statistics.median(result.recover_s) * 1000:.1f}",
                f"{max(result.recover_s) * 1000:.1f}",
                ", ".join(f"{b:.2f}" for b in result.busy_cores),
                ms(result.point_before),
                ms(result.point_after),
                f"{stops[design]:.1f}" if stops[design] is not None else "no exit: SIGKILL",
            ]
        )
    headers = [
        "design",
        "runaway status",
        "runaway s",
        "503 → next 200, median ms",
        "max ms",
        "cores busy in the 2 s after, per runaway",
        "point p50 before, ms",
        "point p50 after, ms",
        "SIGTERM → exit, s",
    ]
    print(markdown(headers, rows))
    print()
    print(
        f"{args.recoveries} runaways per design, one at a time; point queries on new connections."
    )
    print()
    print("### Starting a worker, and memory")
    print()
    rows = [
        ["a worker forked from the fork server", *summary(spawned)],
        ["the fork server (a new interpreter) and its first worker", *summary([first_spawn_s])],
    ]
    print(markdown(["spawn to ready", "n", "median ms", "min ms", "max ms"], rows))
    print()
    rows = [[what, f"{r:.0f}", f"{p:.0f}"] for what, (r, p) in rss.items()]
    print(markdown(["memory", "RSS MB", "PSS MB"], rows))
    print()
    print(
        "PSS splits the pages that forked workers share with their fork server (and each "
        "other) among them; RSS counts them in full in every process."
    )
    print()
    print(
        f"The socket `argmap serve` listens on has protocol number {nodelay_proto} "
        "(`socket.socket(family, SOCK_STREAM)`); asyncio sets TCP_NODELAY on accepted "
        f"connections only when it is IPPROTO_TCP ({socket.IPPROTO_TCP})."
    )


if __name__ == "__main__":
    main()
