"""The repository stands alone: nothing it runs, tests or documents reads a folder beside it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from testdata import REPO

# Built from pieces so that this file does not match itself.
SHARED = "sha" + "red"
OUTSIDE = [
    # a relative path out of the checkout, or the absolute one where the work began
    re.compile(r"(?:\.\./|/work/)" + SHARED + r"\b"),
    # a path joined from parts, the folder's name quoted: REPO.parent / <quoted name> / ...
    re.compile(r"""["']""" + SHARED + r"""["']"""),
]
# The design notes the project began from lived outside it; docs/ holds the project's own.
DESIGN_NOTE = re.compile(r"\bDESIGN" + r"\.md\b")

# What is not ours to scan: the analysed texts and maps are prose and data, not paths.
SKIPPED = ("data/",)
# Folders a walk must not enter when there is no git (an unpacked sdist, say).
NOT_OURS = {
    ".git",
    ".venv",
    ".argmap",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
}


def tracked_files() -> list[Path]:
    """The files of the repository: git's list when it is a clone, else a walk of the tree."""
    git = shutil.which("git")
    if git and (REPO / ".git").exists():
        listed = subprocess.run(
            [git, "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
        ).stdout.decode()
        return [REPO / name for name in listed.split("\0") if name]
    return [
        path
        for path in REPO.rglob("*")
        if path.is_file() and not NOT_OURS.intersection(path.relative_to(REPO).parts)
    ]


def scanned() -> list[tuple[str, str]]:
    """(path, text) of every tracked text file that code, tests or documents consist of."""
    files = []
    for path in tracked_files():
        name = path.relative_to(REPO).as_posix()
        if name.startswith(SKIPPED) or path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a picture, say: nothing to resolve
        files.append((name, text))
    return files


def offending_lines(pattern: re.Pattern[str]) -> list[str]:
    """`path:line: text` for every line of a scanned file that the pattern matches."""
    return [
        f"{name}:{number}: {line.strip()}"
        for name, text in scanned()
        for number, line in enumerate(text.splitlines(), start=1)
        if pattern.search(line)
    ]


def test_the_scan_sees_the_code_tests_benches_makefile_ci_and_readme() -> None:
    names = {name for name, _ in scanned()}
    for expected in ("Makefile", "README.md", ".ci/run", "src/argmap/cli.py", "api/main.py"):
        assert expected in names
    assert any(name.startswith("bench/") for name in names)
    assert any(name.startswith("tests/api/") for name in names)


@pytest.mark.parametrize("pattern", OUTSIDE, ids=["relative-or-absolute", "joined"])
def test_nothing_reads_a_shared_folder_outside_the_repository(pattern: re.Pattern[str]) -> None:
    assert offending_lines(pattern) == []


def test_the_patterns_catch_what_they_are_for() -> None:
    outside = "../" + SHARED + "/fixtures/aif/aifdb-6064.json"
    joined = "REPO.parent / " + repr(SHARED) + ' / "corpus"'
    assert OUTSIDE[0].search(outside)
    assert OUTSIDE[1].search(joined)
    assert not any(p.search("Path parameters shared by the routes") for p in OUTSIDE)
    assert DESIGN_NOTE.search("as fixed in DESIGN" + ".md")


def test_notes_are_cited_from_docs_not_from_a_file_outside_the_repository() -> None:
    assert offending_lines(DESIGN_NOTE) == []
    assert (REPO / "docs" / "architecture.md").is_file()
    assert (REPO / "docs" / "contract.md").is_file()


def test_every_setting_is_in_the_contract_and_the_readme() -> None:
    from argmap.settings import Settings

    contract = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        variable = f"`ARGMAP_{name.upper()}`"
        assert variable in contract, variable
        assert variable in readme, variable
