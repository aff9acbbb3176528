"""SIGKILL during writes: afterwards the store opens and holds the old map or the new, never a mix.

Two levels. The service: `PUT /maps/{id}` of a changed map to a real `argmap serve`, killed
with SIGKILL at a random moment of the request, many times. The engine: the one transaction
every write ends in (`Store.replace_graphs`), of a 100,000-triple graph, in a process killed
at random moments of it. Each time the store must open, and the map graph must be exactly the
old one or exactly the new one.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from api_helpers import TOKEN

from argmap.store import OxigraphStore
from testdata import GALLAGHER_TTL, free_port, service_process

pytestmark = [pytest.mark.live, pytest.mark.reasoner]

MAP = "gallagher-2022"
MAP_GRAPH = ox.NamedNode(f"https://w3id.org/argmap/map/{MAP}")
KILLS = 8


def _map_quads(path: Path) -> frozenset[ox.Quad]:
    store = OxigraphStore(path)
    try:
        return frozenset(store.raw().quads_for_pattern(None, None, None, MAP_GRAPH))
    finally:
        store.close()


def _changed_map() -> bytes:
    text = GALLAGHER_TTL.read_text(encoding="utf-8")
    # One more comment on the thesis: a valid map that differs from the stored one.
    marker = '\n<https://w3id.org/argmap/map/gallagher-2022> <http://www.w3.org/2000/01/rdf-schema#comment> "rewritten while the service was killed" .\n'
    return (text + marker).encode("utf-8")


def test_a_service_killed_during_put_keeps_the_old_or_the_new_map(
    built_store_dir: Path, tmp_path: Path
) -> None:
    original = tmp_path / "original"
    shutil.copytree(built_store_dir, original)
    old = _map_quads(original)
    argmap = str(Path(sys.executable).with_name("argmap"))
    # Without Java on the PATH the pipeline stores the rule inferences only, so a write takes
    # a second or two instead of HermiT's ten, and there is time for many kills.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env |= {"ARGMAP_UPDATE_TOKEN": TOKEN, "PATH": str(Path(sys.executable).parent)}
    body, headers = (
        _changed_map(),
        {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
    )
    rng = random.Random(9)
    outcomes: list[str] = []
    new: frozenset[ox.Quad] | None = None
    took = 3.0
    for attempt in range(KILLS + 1):
        store = tmp_path / f"store-{attempt}"
        shutil.copytree(original, store)
        port = free_port()
        run_env = env | {"ARGMAP_STORE": str(store), "ARGMAP_PORT": str(port)}
        log = tmp_path / f"serve-{attempt}.log"
        with service_process([argmap, "serve"], run_env, log, port=port, wait_s=60) as (url, proc):
            if attempt == 0:  # the first PUT runs to the end: how long one takes, what it stores
                started = time.monotonic()
                response = httpx.put(
                    f"{url}/maps/{MAP}", content=body, headers=headers, timeout=120
                )
                took = time.monotonic() - started
                assert response.status_code == 200, response.text
            else:
                client = subprocess.Popen(
                    [sys.executable, "-c", _PUT, f"{url}/maps/{MAP}", TOKEN],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
                assert client.stdin is not None and client.stdout is not None
                client.stdin.write(body)
                client.stdin.close()
                assert client.stdout.readline().strip() == b"sending"
                time.sleep(rng.uniform(0.0, took))
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=10)
                client.wait(timeout=30)
        after = _map_quads(store)  # the store opens after the kill
        if attempt == 0:
            new = after
            assert new != old
            continue
        assert after in (old, new), "a mix of the old and the new map"
        outcomes.append("new" if after == new else "old")
    assert len(outcomes) == KILLS
    print(f"kills during PUT ({took:.1f} s each): {outcomes}")


_PUT = textwrap.dedent(
    """
    import sys, httpx
    body = sys.stdin.buffer.read()
    print("sending", flush=True)
    try:
        httpx.put(sys.argv[1], content=body, timeout=60,
                  headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "text/turtle"})
    except httpx.HTTPError:
        pass  # the service was killed under it
    """
)

_REPLACE = textwrap.dedent(
    """
    import sys
    from rdflib import Graph, Literal, URIRef
    from argmap.store import OxigraphStore
    store = OxigraphStore(__import__("pathlib").Path(sys.argv[1]))
    graph = Graph()
    for i in range(100_000):
        graph.add((URIRef(f"urn:s{i % 1000}"), URIRef("urn:p"), Literal(f"new {i}")))
    print("ready", flush=True)
    store.replace_graphs({URIRef(sys.argv[2]): graph})
    print("done", flush=True)
    """
)


def _old_graph(path: Path, name: str) -> None:
    store = OxigraphStore(path)
    graph = ox.NamedNode(name)
    store.raw().update(f"DROP SILENT GRAPH <{name}>")
    store.raw().extend(
        ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"old {i}"), graph)
        for i in range(1000)
    )
    store.close()


def _graph_state(path: Path, name: str) -> tuple[int, set[str]]:
    store = OxigraphStore(path)
    quads = list(store.raw().quads_for_pattern(None, None, None, ox.NamedNode(name)))
    store.close()
    return len(quads), {q.object.value.split()[0] for q in quads}


def _writer(path: Path, name: str) -> subprocess.Popen[str]:
    """A process about to replace the graph, once it has built what it writes."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _REPLACE, str(path), name], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    return writer


def test_the_write_transaction_killed_midway_is_all_or_nothing(tmp_path: Path) -> None:
    name, path = "urn:argmap:test-graph", tmp_path / "store"
    _old_graph(path, name)
    writer = _writer(path, name)  # once to the end: how long the write takes
    started = time.monotonic()
    writer.wait(timeout=300)
    took = time.monotonic() - started
    assert _graph_state(path, name) == (100_000, {"new"})
    rng = random.Random(3)
    outcomes = []
    for _ in range(KILLS):
        _old_graph(path, name)
        writer = _writer(path, name)
        time.sleep(rng.uniform(0.0, took))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        state = _graph_state(path, name)  # the store opens after the kill
        assert state in ((1000, {"old"}), (100_000, {"new"})), state
        outcomes.append(state[1].pop())
    print(f"kills during a 100,000-triple replace ({took:.1f} s): {outcomes}")
