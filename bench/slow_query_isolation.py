"""Does a slow /sparql query stall other requests? Quick requests idle and during one, side by side.

Run: .venv/bin/python bench/slow_query_isolation.py [--requests N] [--size N]
Writes N synthetic quads into a temporary on-disk store, on which a self-join takes seconds.
It then starts uvicorn on a free loopback port in its own process (as `argmap serve` runs it).
It times quick requests with the service idle, then again while the slow query runs, and
prints the medians in milliseconds. /sparql queries run in worker processes of their own, so
both columns should be close. The machines are shared: compare the columns of one run, not
runs with each other.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from api_latency import free_port, start_server, wait_until_up
from argmap.store import OxigraphStore

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?p ?d FILTER(?b < ?d) }"
QUICK: list[tuple[str, str, dict[str, str]]] = [
    ("/healthz", "/healthz", {}),
    ("/sparql ASK {}", "/sparql", {"query": "ASK {}"}),
]


def write_slow_store(path: Path, size: int) -> None:
    """An on-disk store of `size` quads with one predicate, so that SLOW joins size² pairs."""
    store = OxigraphStore(path)
    store.raw().bulk_extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(i),
            ox.NamedNode("http://example.org/g"),
        )
        for i in range(size)
    )
    store.close()


def samples_ms(client: httpx.Client, route: str, params: dict[str, str], count: int) -> list[float]:
    """Wall time of `count` sequential requests to one route, in milliseconds."""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        client.get(route, params=params).raise_for_status()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="quick requests per route")
    parser.add_argument("--size", type=int, default=2500, help="quads in the slow store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        write_slow_store(path, args.size)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = start_server(path, port)
        try:
            wait_until_up(url, process)
            with httpx.Client(base_url=url) as client:
                for _, route, params in QUICK:  # warm-up
                    samples_ms(client, route, params, 5)
                idle = {name: samples_ms(client, r, p, args.requests) for name, r, p in QUICK}

                slow: dict[str, float] = {}

                def run_slow() -> None:
                    start = time.perf_counter()
                    httpx.get(f"{url}/sparql", params={"query": SLOW}, timeout=300)
                    slow["ms"] = (time.perf_counter() - start) * 1000

                thread = threading.Thread(target=run_slow)
                thread.start()
                time.sleep(0.2)  # let the slow query reach the engine
                busy = {name: samples_ms(client, r, p, args.requests) for name, r, p in QUICK}
                overlapped = thread.is_alive()
                thread.join()

            table = Table(title=f"quick requests, {args.requests} each: median ms")
            for column in ("request", "idle", "during a slow query"):
                table.add_column(column, justify="left" if column == "request" else "right")
            for name, _, _ in QUICK:
                table.add_row(
                    name,
                    f"{statistics.median(idle[name]):.2f}",
                    f"{statistics.median(busy[name]):.2f}",
                )
            console = Console()
            console.print(table)
            console.print(f"the slow query took {slow.get('ms', float('nan')):.0f} ms")
            if not overlapped:
                console.print(
                    "[yellow]the slow query ended before the quick requests: raise --size"
                )
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
