"""`argmap serve` as a user runs it: builds an empty store, then answers on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.live


@pytest.mark.reasoner
def test_serve_builds_the_store_and_answers(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env["ARGMAP_STORE"] = str(tmp_path / "store")
    argmap = Path(sys.executable).with_name("argmap")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(argmap), "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # the build runs HermiT first
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert [m["id"] for m in httpx.get(f"{url}/maps").json()] == ["gallagher-2022"]
        ask = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.json()["boolean"] is True
        assert "built gallagher-2022" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert (tmp_path / "store").is_dir()
    assert not list((tmp_path).glob("*.ttl"))  # nothing compiled into the working directory
