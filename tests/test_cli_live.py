"""The README's questions while `argmap serve` holds the store, as a user runs them after `make run`.

The service holds the embedded store for as long as it runs. The read commands then answer
through its /sparql endpoint, with the same output as from the store itself; write commands
are refused with the name of the process that holds the store.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from testdata import free_port, running_service

pytestmark = [pytest.mark.live, pytest.mark.reasoner]

REPO = Path(__file__).resolve().parent.parent
ARGMAP = Path(sys.executable).with_name("argmap")


def readme_questions() -> list[list[str]]:
    """The commands of the README's "What you can ask" block, exactly as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What you can ask", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's 'What you can ask' has no sh block"
    commands = [shlex.split(line, comments=True) for line in block[1].splitlines()]
    commands = [c for c in commands if c]
    assert commands and all(c[0] == "argmap" for c in commands)
    return commands


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """One `argmap` command, as a terminal runs it."""
    return subprocess.run(
        [str(ARGMAP), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A user's environment: a store of its own, built from data/maps, and a wide terminal."""
    from argmap import build as builder
    from argmap.store import OxigraphStore

    path = tmp_path_factory.mktemp("live") / "store"
    # What `argmap build` does, except writing data/maps/*.ttl: a test leaves the tree alone.
    store = OxigraphStore(path)
    try:
        builder.build(store, write_compiled=False)
    finally:
        store.close()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    environment.update(ARGMAP_STORE=str(path), COLUMNS="200", NO_COLOR="1")
    return environment


@pytest.fixture(scope="module")
def answers_alone(env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    """Each README question asked of the store directly, before any service holds it."""
    return [run(env, *command[1:]) for command in readme_questions()]


@pytest.fixture(scope="module")
def service(
    env: dict[str, str], answers_alone: list[subprocess.CompletedProcess[str]]
) -> Iterator[str]:
    """`argmap serve` on a free loopback port, holding the store; its URL once /healthz answers."""
    port = free_port()
    log = Path(env["ARGMAP_STORE"]).parent / "serve.log"
    command = [str(ARGMAP), "serve", "--port", str(port)]
    with running_service(command, env, log, port=port, wait_s=60) as url:
        yield url
    # A service stopped by SIGTERM takes its records with it, so nothing stale is left behind.
    assert not (Path(env["ARGMAP_STORE"]) / "argmap-service.json").exists()


def test_every_readme_question_answers_the_same_while_the_service_holds_the_store(
    env: dict[str, str], answers_alone: list[subprocess.CompletedProcess[str]], service: str
) -> None:
    for command, alone in zip(readme_questions(), answers_alone, strict=True):
        assert alone.returncode == 0, (command, alone.stderr)
        served = run(env, *command[1:])
        assert served.returncode == 0, (command, served.stderr)
        assert served.stdout == alone.stdout, command
        assert served.stdout.strip(), command
        if command[1:3] != ["query", "--list"]:  # the catalogue needs no store
            assert f"reading through {service}" in served.stderr, command
        assert "in use by" not in served.stderr


def expected_content(command: list[str]) -> list[str]:
    """What a README question's answer must contain, whatever the map's details."""
    if command[1:3] == ["query", "--list"]:
        from argmap import queries

        return list(queries.catalogue())
    if command[1] == "summary":
        return ["gallagher-2022", "Recommendation", "idc-rec-iii"]
    # A question about a node names that node in its answer (by id, or by its whole IRI).
    nodes = [arg.rsplit("/", 1)[1] for arg in command if "/map/gallagher-2022/" in arg]
    return [*nodes, "idc-rec-iii"] if command[1] in ("recommendations", "sparql") else nodes


def test_the_answers_hold_what_the_questions_ask(
    answers_alone: list[subprocess.CompletedProcess[str]],
) -> None:
    for command, alone in zip(readme_questions(), answers_alone, strict=True):
        for expected in expected_content(command):
            assert expected in alone.stdout, (command, expected)
        assert "0 row(s)" not in alone.stdout, command


def test_write_commands_are_refused_with_the_process_that_holds_the_store(
    env: dict[str, str], service: str
) -> None:
    for command in (["build"], ["reason"]):
        result = run(env, *command)
        assert result.returncode == 3, result.stderr
        message = " ".join(result.stderr.split())
        assert "in use by process" in message and "argmap serve" in message


def test_a_second_service_on_the_same_port_says_the_port_is_in_use(
    env: dict[str, str], service: str
) -> None:
    port = service.rsplit(":", 1)[1]
    result = run(env, "serve", "--port", port)
    assert result.returncode == 3
    assert "is in use" in result.stderr and "Traceback" not in result.stderr
