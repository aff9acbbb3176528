"""Where a /sparql point query spends its time: each layer of its path, beside Oxigraph's server.

Run: .venv/bin/python bench/sparql_layers.py [--store PATH] [--requests 500]
The store is --store, else ARGMAP_STORE, else one built from data/maps. The query is the
README's point query (`?u am:supports+ <rec>`) for the store's first recommendation. Measured
one after another in this run, each p50 over --requests calls after a warm-up:

1. the worker's own work: `Worker.query` (checks, evaluation, JSON serialisation) in this
   process, with no channel and no HTTP;
2. the isolation channel: `WorkerPool.query` from this process, i.e. 1 plus the round trip to
   a worker process over its socket (issue 9's guarantee: a runaway query is killed there);
   and `WorkerPool.query_async` from an event loop, the way the service sends a query when a
   worker waits ready;
3. Python's HTTP floor: a bare ASGI app under uvicorn with h11 (the parser the service names)
   answering a constant body of the same size, over one keep-alive connection;
4. `argmap serve` /sparql: the whole path (uvicorn, FastAPI, negotiation, 2b);
5. `oxigraph serve-read-only --union-default-graph` on a copy of the store: the floor.

The HTTP rows include this script's client (http.client, the same for each). It prints a
markdown table with each row's ratio to Oxigraph's server.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from argmap.api.sparql.pool import Checkpoints, Limits, WorkerPool
from argmap.api.sparql.worker import Worker
from procs import find_store, free_port

AM = "https://w3id.org/argmap#"
ACCEPT = "application/sparql-results+json"
BARE_APP = textwrap.dedent(
    """
    import sys, uvicorn
    BODY = open(sys.argv[2], "rb").read()
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        headers = [(b"content-type", b"application/sparql-results+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": BODY})
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), http="h11",
                log_level="warning", access_log=False)
    """
)


def p50_us(action: Callable[[], object], runs: int) -> float:
    """The median time of `action` in microseconds, after a tenth as many warm-up calls."""
    for _ in range(max(10, runs // 10)):
        action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def first_recommendation(store: ox.Store) -> str:
    """The IRI of a recommendation in the store."""
    query = f"SELECT ?r {{ GRAPH ?g {{ ?r a <{AM}Recommendation> }} }} ORDER BY ?r LIMIT 1"
    rows = list(store.query(query))  # type: ignore[arg-type]
    if not rows:
        raise SystemExit("the store holds no recommendation")
    return str(rows[0]["r"].value)


class Client:
    """One keep-alive connection that GETs the same URL and checks the answer is 200."""

    def __init__(self, port: int, target: str) -> None:
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.target = target

    def get(self) -> bytes:
        self.http.request("GET", self.target, headers={"Accept": ACCEPT})
        response = self.http.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{self.target}: status {response.status}: {body[:300]!r}")
        return body


def wait_until_up(port: int, target: str, process: subprocess.Popen[bytes]) -> None:
    """Poll until the server answers 200 on `target`."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited with {process.returncode}")
        try:
            Client(port, target).get()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port}")


def over_http(command: list[str], port: int, target: str, runs: int, env: dict[str, str]) -> float:
    """p50 of GET `target` on a server started with `command`, then stopped."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(port, target, process)
        return p50_us(Client(port, target).get, runs)
    finally:
        process.terminate()
        process.wait(timeout=30)


def in_process(
    source: Path, query: str, runs: int, work: Path
) -> tuple[float, float, float, bytes]:
    """p50 of the worker's work alone, through the pool's channel and from an event loop."""
    meta = {"default_graphs": [], "named_graphs": [], "base": "http://localhost/sparql"}
    meta["accept"] = ACCEPT
    # A checkpoint of the store, as the service makes; its workers and this one read it.
    checkpoints = Checkpoints(ox.Store(str(source)), work / "checkpoints")
    pool = WorkerPool(checkpoints, Limits(10.0, 2000, 100_000_000, 64), size=1, idle=1)
    try:
        worker = Worker(str(checkpoints.current), 100_000_000)
        alone = {**meta, "op": "query", "max_depth": 64, "allow": []}
        body = worker.query(alone, query)[1]
        work_us = p50_us(lambda: worker.query(alone, query), runs)
        pool.warm_up()
        channel_us = p50_us(lambda: pool.query(meta, query, time.monotonic()), runs)
        loop_us = asyncio.run(_loop_p50_us(pool, meta, query, runs))
    finally:
        pool.close()
        checkpoints.close()
    return work_us, channel_us, loop_us, body


async def _loop_p50_us(pool: WorkerPool, meta: dict[str, object], query: str, runs: int) -> float:
    """p50 of `WorkerPool.query_async` awaited on this event loop (its workers wait ready)."""
    samples = []
    for i in range(runs + max(10, runs // 10)):
        start = time.perf_counter()
        if await pool.query_async(dict(meta), query) is None:
            raise SystemExit("no query worker was ready for the event loop's way in")
        if i >= max(10, runs // 10):
            samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=500)
    opts = parser.parse_args()
    runs = opts.requests
    work = Path(tempfile.mkdtemp(prefix="argmap-layers-"))
    rows: list[tuple[str, float]] = []
    try:
        source = opts.store or find_store(work)
        rec = first_recommendation(ox.Store.read_only(str(source)))
        query = f"PREFIX am: <{AM}> SELECT ?u WHERE {{ ?u am:supports+ <{rec}> }}"
        work_us, channel_us, loop_us, body = in_process(source, query, runs, work)
        rows.append(("1. the worker's work (in this process)", work_us))
        rows.append(("2. 1 + the worker's channel (WorkerPool.query)", channel_us))
        rows.append(("2b. the same from an event loop (WorkerPool.query_async)", loop_us))
        target = "/sparql?" + urlencode({"query": query})
        (work / "body.json").write_bytes(body)
        port = free_port()
        bare = [sys.executable, "-c", BARE_APP, str(port), str(work / "body.json")]
        rows.append(
            (
                "3. a bare ASGI app, uvicorn + h11, same body",
                over_http(bare, port, target, runs, {}),
            )
        )
        port = free_port()
        env = {"ARGMAP_STORE": str(source), "ARGMAP_HOST": "127.0.0.1", "ARGMAP_PORT": str(port)}
        serve = [str(Path(sys.executable).with_name("argmap")), "serve"]
        rows.append(
            ("4. argmap serve /sparql (the whole path)", over_http(serve, port, target, runs, env))
        )
        copy = work / "oxigraph-store"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("LOCK"))
        port = free_port()
        floor_command = [str(Path(sys.executable).with_name("oxigraph")), "serve-read-only"]
        floor_command += ["--location", str(copy), "--bind", f"127.0.0.1:{port}"]
        floor_command += ["--union-default-graph"]
        floor_target = "/query?" + urlencode({"query": query})
        floor = over_http(floor_command, port, floor_target, runs, {})
        rows.append(("5. oxigraph serve-read-only (the floor)", floor))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"## Where a /sparql point query spends its time (p50 of {runs} requests each)")
    print()
    print("| layer | p50 µs | × oxigraph server |")
    print("|---|---:|---:|")
    for name, value in rows:
        print(f"| {name} | {value:,.0f} | {value / floor:.2f} |")


if __name__ == "__main__":
    main()
