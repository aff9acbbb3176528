"""Where the ontology, rules, checks, shapes and maps live: the checkout, or inside the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _root(name: str) -> Path:
    # A source checkout (editable install, tests) reads the top-level folders directly, so an
    # edited map is seen at once; a wheel carries copies under argmap/_resources.
    checkout = _CHECKOUT / name
    if checkout.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "_resources" / name


def ontology_dir() -> Path:
    """The folder of argmap.ttl, shapes.ttl, rules/ and checks/."""
    return _root("ontology")


def ontology_file() -> Path:
    """The OWL ontology in Turtle."""
    return ontology_dir() / "argmap.ttl"


def shapes_file() -> Path:
    """The SHACL shapes every map must satisfy."""
    return ontology_dir() / "shapes.ttl"


def data_dir() -> Path:
    """The folder of authored maps (maps/) and analysed texts (texts/)."""
    return _root("data")


def maps_dir() -> Path:
    """The folder of authored (.yaml) and compiled (.ttl) maps."""
    return data_dir() / "maps"


def lookups_dir() -> Path:
    """Queries argmap asks for its own checks (not part of the catalogue)."""
    return _PACKAGE / "lookups"


def queries_dir() -> Path:
    """The named-query catalogue: one .rq file per question."""
    return _PACKAGE / "queries"
