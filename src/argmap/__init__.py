"""argmap: an argument-mapping knowledge graph (ontology, maps, questions, exports)."""

from __future__ import annotations

__version__ = "0.1.0"
