"""Paths and small documents that tests in every folder use (import it; conftest holds fixtures).

Everything named here is inside the repository, so that a clone with nothing beside it tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
GALLAGHER_YAML = REPO / "data" / "maps" / "gallagher-2022.yaml"
GALLAGHER_TTL = REPO / "data" / "maps" / "gallagher-2022.ttl"
GALLAGHER_TEXT = REPO / "data" / "texts" / "gallagher-2022.md"
# The article the first map analyses; quotes in the map are checked against it.
ARTICLE = REPO / "data" / "texts" / "gallagher-2022.md"
# A real AIFdb map (see tests/fixtures/aif/NOTICE.md for its origin and licence).
AIF_FIXTURE = FIXTURES / "aif" / "aifdb-6064.json"
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# The W3C SPARQL 1.1 Protocol test manifest and data (see its NOTICE.md).
W3C_PROTOCOL_SUITE = FIXTURES / "w3c-sparql11-protocol"

SMALL_TEXT = """---
title: a small text for tests
---
Cats are mammals. All mammals breathe air. So cats breathe air.
Fish live in water, yet whales breathe air. We should protect whales.
"""

SMALL_MAP = """
map:
  id: small
  title: A small map
  text: data/texts/small.md
  source: src-small
agents:
  - {id: someone, label: Someone, kind: person}
sources:
  - {id: src-small, kind: article, title: A small text, creators: [someone]}
cases:
  - {id: case-whales, label: Whales, quote: protect whales}
claims:
  - {id: a, kind: claim, label: cats are mammals, quote: Cats are mammals., attributed_to: [someone]}
  - {id: b, kind: claim, label: mammals breathe air, quote: All mammals breathe air.}
  - {id: c, kind: claim, label: cats breathe air, quote: So cats breathe air.}
  - {id: w, kind: counterexample, label: whales live in water and breathe air, quote: yet whales breathe air, cases: [case-whales]}
  - {id: r, kind: recommendation, label: protect whales, quote: We should protect whales.}
relations:
  - {id: ac, kind: supports, from: a, to: c, rationale: a member of the class, quote: So cats}
  - {kind: supports, from: b, to: c, rationale: the general rule, quote: So cats breathe}
  - {kind: rebuts, from: w, to: b, rationale: whales are no exception, quote: "yet whales"}
"""


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_service(
    command: Sequence[str],
    env: dict[str, str],
    log: Path,
    *,
    port: int,
    wait_s: float,
    cwd: Path | None = None,
) -> Iterator[str]:
    """Start `argmap serve` (the command), yield its URL once /healthz answers, then stop it."""
    with service_process(command, env, log, port=port, wait_s=wait_s, cwd=cwd) as (url, _):
        yield url


@contextmanager
def service_process(
    command: Sequence[str],
    env: dict[str, str],
    log: Path,
    *,
    port: int,
    wait_s: float,
    cwd: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Like `running_service`, with the process too (to watch its memory, or to kill it)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (from /proc), the process first."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def tree_rss_bytes(pid: int) -> int:
    """The resident memory of a process and its descendants together."""
    total = 0
    for member in process_tree(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * PAGE_BYTES


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used so far by a process and its living descendants."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / CLOCK_TICKS
