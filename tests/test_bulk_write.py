"""A large write goes through pyoxigraph's bulk writer and is still all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from argmap.store import BULK_MIN_QUADS, PENDING_FILE, OxigraphStore

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import pyoxigraph as ox
    from rdflib import URIRef
    from argmap.store import OxigraphStore

    store = OxigraphStore(Path(sys.argv[1]))
    graphs = {
        URIRef(f"https://w3id.org/argmap/map/m{g}"): [
            ox.Triple(ox.NamedNode(f"https://w3id.org/argmap/map/m{g}/n{i}"),
                      ox.NamedNode("https://w3id.org/argmap#p"), ox.Literal(str(i)))
            for i in range(int(sys.argv[2]))
        ]
        for g in range(4)
    }
    store.add_graphs(graphs)
    print("done", flush=True)
    """
)


def _write(path: Path, per_graph: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(per_graph)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_bulk_write_that_finishes_stores_everything(tmp_path: Path) -> None:
    per_graph = BULK_MIN_QUADS // 4 + 1
    writer = _write(tmp_path / "store", per_graph)
    assert writer.communicate(timeout=300)[0].strip() == "done"
    store = OxigraphStore(tmp_path / "store")
    assert store.quad_count() == 4 * per_graph
    assert not (tmp_path / "store" / PENDING_FILE).exists()


def test_a_bulk_write_killed_midway_leaves_nothing_once_the_store_is_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store"
    before = OxigraphStore(path)
    before.add_graphs({URIRef("https://w3id.org/argmap/map/kept"): [
        ox.Triple(ox.NamedNode("https://w3id.org/argmap/map/kept/a"),
                  ox.NamedNode("https://w3id.org/argmap#p"), ox.Literal("1"))
    ]})  # fmt: skip
    before.close()
    killed = 0
    for _ in range(3):
        writer = _write(path, 200_000)
        deadline = time.monotonic() + 120
        while not (path / PENDING_FILE).exists() and writer.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(0.3)  # well inside the bulk write, which takes seconds
        if writer.poll() is None:
            os.kill(writer.pid, signal.SIGKILL)
            killed += 1
        writer.wait()
        store = OxigraphStore(path)
        assert [str(g) for g in store.graph_names()] == ["https://w3id.org/argmap/map/kept"]
        assert not (path / PENDING_FILE).exists()
        store.close()
    assert killed >= 1
