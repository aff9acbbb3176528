"""The error tree of argmap.errors: its docstring, its class hierarchy and its two tables agree."""

from __future__ import annotations

import inspect
import re

import pytest

from argmap import errors
from argmap.errors import EXIT_CODES, HTTP_STATUS, ArgmapError

CLASSES = {
    name: cls
    for name, cls in vars(errors).items()
    if inspect.isclass(cls) and issubclass(cls, ArgmapError) and cls.__module__ == errors.__name__
}

# One docstring line: the tree drawing, the class name, its exit code, its HTTP status.
TREE_LINE = re.compile(
    r"^(?P<indent>[│├└─ ]*)(?P<name>[A-Z]\w+)\s+(?P<exit>\d)\s+(?P<status>\d{3})\s"
)


def documented() -> dict[str, tuple[int, int, str | None]]:
    """Each class of the docstring tree: (exit, status, parent named by the indentation)."""
    found: dict[str, tuple[int, int, str | None]] = {}
    stack: list[str] = []
    for line in (errors.__doc__ or "").splitlines():
        match = TREE_LINE.match(line)
        if not match:
            continue
        depth = len(match["indent"]) // 4
        del stack[depth:]
        found[match["name"]] = (
            int(match["exit"]),
            int(match["status"]),
            stack[-1] if stack else None,
        )
        stack.append(match["name"])
    return found


def test_every_error_class_is_in_the_docstring_tree_and_both_tables() -> None:
    assert len(CLASSES) >= 17
    assert set(documented()) == set(CLASSES)
    assert set(EXIT_CODES) == set(CLASSES.values())
    assert set(HTTP_STATUS) == set(CLASSES.values())


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_the_docstring_tree_draws_the_class_hierarchy_and_the_tables(name: str) -> None:
    exit_code, status, parent = documented()[name]
    cls = CLASSES[name]
    assert (exit_code, status) == (EXIT_CODES[cls], HTTP_STATUS[cls])
    if parent is None:
        assert cls is ArgmapError
    else:
        assert cls.__bases__ == (CLASSES[parent],)


def test_a_subclass_defined_elsewhere_takes_the_code_of_its_nearest_ancestor() -> None:
    class Elsewhere(errors.StoreLocked):
        pass

    assert errors.exit_code_of(Elsewhere("x")) == errors.EXIT_UNAVAILABLE
    assert errors.http_status_of(Elsewhere("x")) == 503
    assert errors.exit_code_of(errors.UnknownFormat("x")) == errors.EXIT_USAGE


def test_the_service_answers_with_the_same_table() -> None:
    from argmap.api import errors as api_errors

    assert api_errors.STATUS is HTTP_STATUS
    assert api_errors.QueryTimeout is errors.QueryTimeout
    assert api_errors.status_of(errors.MapExists("x")) == 409
