"""Errors of the exporters, placed in argmap's exception tree.

ArgmapError
├── QueryError
│   └── ParameterError
│       └── UnknownFormat      an export format argmap does not know (lists the known ones)
└── GraphvizUnavailable        `dot` is not installed, so SVG and PNG cannot be rendered
"""

from __future__ import annotations

from argmap.errors import ArgmapError, ParameterError


class UnknownFormat(ParameterError):
    """An export format argmap does not know; the message lists the known ones."""


class GraphvizUnavailable(ArgmapError):
    """Graphviz's `dot` is missing or failed, so SVG and PNG cannot be rendered."""
