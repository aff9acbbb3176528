"""The examples in the exporters' docstrings hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import argmap.export
from argmap.export import _argdown, _dot, _mermaid


@pytest.mark.parametrize("module", [argmap.export, _argdown, _dot, _mermaid])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0
