"""Time every export format on gallagher-2022: the whole map and the neighbourhood of one claim.

Run: .venv/bin/python bench/exports.py [--runs N] [--store PATH]
With --store (or ARGMAP_STORE pointing at a built store) it reads that store read-only;
otherwise it builds data/maps into an in-memory store first. Prints the median time of each
format over N runs (after a warm-up), the size of its output, and how the time splits between
reading the map from the store and writing the format. The machines are shared, so compare
ratios within one run.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console
from rich.table import Table

from argmap import build as builder
from argmap import export, resources
from argmap.store import OxigraphStore
from timing import median_ms

MAP = "gallagher-2022"
FOCUS = "idc-rec-iii"


def open_store(path: Path | None) -> OxigraphStore:
    """The built store at `path` (read-only), or a fresh in-memory build of data/maps."""
    if path is not None and path.is_dir():
        return OxigraphStore(path, read_only=True)
    store = OxigraphStore()
    builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
    return store


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per format (20)")
    parser.add_argument("--store", type=Path, default=os.environ.get("ARGMAP_STORE"))
    args = parser.parse_args()
    store = open_store(Path(args.store) if args.store else None)
    console = Console()

    model = export.load(store, MAP)
    read_ms = median_ms(lambda: export.load(store, MAP), args.runs)
    console.print(
        f"{MAP}: {len(model.nodes)} claims, {len(model.relations)} relations; reading the "
        f"model from the store takes {read_ms:.1f} ms (median of {args.runs})"
    )
    table = Table(
        "format",
        "bytes",
        "whole map ms",
        f"around {FOCUS} ms",
        title=f"export formats, median of {args.runs} runs",
    )
    for name in export.FORMATS:
        size = len(export.export(store, MAP, name))
        whole = median_ms(lambda name=name: export.export(store, MAP, name), args.runs)
        part = median_ms(lambda name=name: export.export(store, MAP, name, FOCUS, 1), args.runs)
        table.add_row(name, f"{size:,}", f"{whole:.1f}", f"{part:.1f}")
    console.print(table)
    store.close()


if __name__ == "__main__":
    main()
