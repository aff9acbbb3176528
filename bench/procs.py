"""What the benches read of a service's processes from /proc, and how they find a store to serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The direct children of a process (none once it is gone)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        with suppress(OSError, ValueError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (a worker forked from the fork server included)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def _field_kb(path: str, key: str) -> int:
    with suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def rss_kb(pid: int) -> int:
    """The resident set of one process in KiB (0 once it is gone)."""
    return _field_kb(f"/proc/{pid}/status", "VmRSS:")


def pss_kb(pid: int) -> int:
    """The proportional set of one process in KiB: shared pages split among their users."""
    return _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def cpu_s(pid: int, reaped: bool = False) -> float | None:
    """utime + stime of one process in seconds, with its reaped children's if `reaped`."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks * TICK_S


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_store(work: Path) -> Path:
    """The built store named by ARGMAP_STORE (default .argmap/store), or one built now."""
    source = Path(os.environ.get("ARGMAP_STORE", ".argmap/store"))
    if source.is_dir() and any(source.iterdir()):
        return source
    built = work / "built"
    argmap = str(Path(sys.executable).with_name("argmap"))
    env = {**os.environ, "ARGMAP_STORE": str(built)}
    subprocess.run([argmap, "build"], env=env, check=True, stdout=subprocess.DEVNULL)
    return built
