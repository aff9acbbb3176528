"""Time the same named queries on the embedded store and on `oxigraph serve` over HTTP.

Run: .venv/bin/python bench/store_backends.py
Builds the maps of data/ into an in-memory store, copies its graphs into an Oxigraph server
it starts on a free loopback port (union default graph, as argmap needs), and prints the
median time of each operation on both, with their ratio. The gap is the cost of HTTP and of
parsing the results text, since both ends run the same query engine.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from argmap import build as builder
from argmap import queries, resources
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore, Store
from argmap.vocab import map_iri
from timing import median_ms

RUNS = 50
NAMED = ["maps", "map-summary", "recommendations", "claims", "support-chains", "relations"]


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`oxigraph serve` on a free loopback port; returns the process and its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    binary = str(Path(sys.executable).with_name("oxigraph"))
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--union-default-graph"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            httpx.post(f"{base}/query", content=b"ASK {}", timeout=1)
            return process, base
        except httpx.TransportError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit(f"oxigraph serve did not start on {base}")


def named_query(store: Store, name: str, values: dict[str, object]) -> Callable[[], int]:
    """Run one named query; returns its row count."""
    return lambda: len(queries.run(store, name, values).rows)


def operations(store: Store) -> dict[str, Callable[[], int]]:
    """What to time on a store; each returns how many rows or triples it got."""
    ops: dict[str, Callable[[], int]] = {}
    for name in NAMED:
        query = queries.get(name)
        values = {p.name: p.example for p in query.params if p.example is not None}
        ops[f"query {name}"] = named_query(store, name, values)
    ops["graph_names()"] = lambda: len(store.graph_names())
    ops["graph(gallagher-2022)"] = lambda: len(store.graph(map_iri("gallagher-2022")))
    return ops


def main() -> None:
    """Print one table: each operation's median on both stores and their ratio."""
    console = Console()
    embedded = OxigraphStore()
    builder.build(embedded, builder.authored_maps(resources.maps_dir()), write_compiled=False)
    with tempfile.TemporaryDirectory() as folder:
        process, base = start_server(Path(folder) / "db")
        try:
            remote = RemoteStore(f"{base}/query", f"{base}/update")
            remote.replace_graphs({g: embedded.graph(g) for g in embedded.graph_names()})
            table = Table(
                "operation",
                "rows",
                "embedded ms",
                "remote ms",
                "remote / embedded",
                title=f"embedded Oxigraph vs `oxigraph serve` on loopback ({RUNS} runs, median)",
            )
            local, far = operations(embedded), operations(remote)
            for label, action in local.items():
                count = action()
                assert far[label]() == count, f"{label} differs between the stores"
                here, there = median_ms(action, RUNS), median_ms(far[label], RUNS)
                table.add_row(
                    label, str(count), f"{here:.3f}", f"{there:.3f}", f"{there / here:.1f}x"
                )
            floor = median_ms(lambda: remote.ask("ASK {}"), RUNS)
            console.print(table)
            console.print(f"HTTP round trip floor (ASK {{}} on the server): {floor:.2f} ms")
            remote.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
