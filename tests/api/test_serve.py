"""`argmap serve` as a user runs it: builds an empty store, then answers on loopback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx
import pytest

from testdata import free_port, running_service

pytestmark = pytest.mark.live


@pytest.mark.reasoner
def test_serve_builds_the_store_and_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env["ARGMAP_STORE"] = str(tmp_path / "store")
    argmap = Path(sys.executable).with_name("argmap")
    log = tmp_path / "serve.log"
    command = [str(argmap), "serve", "--port", str(port)]
    # The first start builds the store, HermiT included, so it may take a while.
    with running_service(command, env, log, port=port, wait_s=120, cwd=tmp_path) as url:
        assert [m["id"] for m in httpx.get(f"{url}/maps").json()["items"]] == ["gallagher-2022"]
        ask = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.json()["boolean"] is True
        assert "built gallagher-2022" in log.read_text()
    assert (tmp_path / "store").is_dir()
    assert not list((tmp_path).glob("*.ttl"))  # nothing compiled into the working directory
