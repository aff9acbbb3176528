"""Latency of the web service over loopback: one named query and one /sparql SELECT.

Run: .venv/bin/python bench/api_latency.py [--requests N]
Builds data/maps into a temporary on-disk store, starts uvicorn on a free loopback port in
its own process (as `argmap serve` runs it), sends N sequential requests per route over one
keep-alive connection after a warm-up, and prints p50/p90/p99 in milliseconds. The machines
are shared: compare rows within one run, not across runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from argmap import build as builder
from argmap import resources
from argmap.store import OxigraphStore

CLAIM = "https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii"
SELECT = """PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?recommendation ?label WHERE { ?recommendation a am:Recommendation ; rdfs:label ?label }
ORDER BY ?recommendation"""

ROUTES: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("named query underminers-of", "/queries/underminers-of", {"claim": CLAIM}, {}),
    ("/sparql SELECT (JSON)", "/sparql", {"query": SELECT}, {}),
    ("/sparql SELECT (CSV)", "/sparql", {"query": SELECT}, {"Accept": "text/csv"}),
    ("/healthz (baseline)", "/healthz", {}, {}),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ARGMAP_STORE": str(store)}
    command = [sys.executable, "-m", "uvicorn", "argmap.api.main:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command, env=env)


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("uvicorn exited")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit("uvicorn did not answer /healthz")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        store = OxigraphStore(path)
        builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
        store.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = start_server(path, port)
        try:
            wait_until_up(url, process)
            table = Table(title=f"latency over loopback, {args.requests} sequential requests each")
            for column in ("route", "p50 ms", "p90 ms", "p99 ms", "mean ms", "bytes"):
                table.add_column(column, justify="left" if column == "route" else "right")
            with httpx.Client(base_url=url) as client:
                for label, route, params, headers in ROUTES:
                    for _ in range(20):  # warm-up
                        client.get(route, params=params, headers=headers).raise_for_status()
                    samples = []
                    size = 0
                    for _ in range(args.requests):
                        start = time.perf_counter()
                        response = client.get(route, params=params, headers=headers)
                        samples.append((time.perf_counter() - start) * 1000)
                        response.raise_for_status()
                        size = len(response.content)
                    table.add_row(
                        label,
                        f"{percentile(samples, 50):.2f}",
                        f"{percentile(samples, 90):.2f}",
                        f"{percentile(samples, 99):.2f}",
                        f"{statistics.fmean(samples):.2f}",
                        str(size),
                    )
            Console().print(table)
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
