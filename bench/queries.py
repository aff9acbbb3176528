"""Time every named query, the analysis, and the `argmap recommendations` command.

Run: make bench   (or ARGMAP_STORE=.argmap/store .venv/bin/python bench/queries.py)
Prints medians over repeated runs; the machines are shared, so compare ratios within one run.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from argmap import analysis, queries
from argmap.settings import load_settings
from argmap.store import OxigraphStore
from timing import median_ms

RUNS = 30


def main() -> None:
    """Print the timing tables."""
    console = Console()
    store = OxigraphStore(load_settings().store, read_only=True)
    table = Table("named query", "rows", "median ms", title=f"named queries ({RUNS} runs each)")
    for name, query in queries.catalogue().items():
        values = {p.name: p.example for p in query.params}
        rows = len(queries.run(store, name, values).rows)
        run = partial(queries.run, store, name, values)
        table.add_row(name, str(rows), f"{median_ms(run, RUNS):.2f}")
    console.print(table)
    console.print(f"{len(queries.catalogue())} named queries")

    other = Table("operation", "median ms", title="analysis")
    other.add_row(
        "analyse_map(gallagher-2022)",
        f"{median_ms(lambda: analysis.analyse_map(store, 'gallagher-2022'), RUNS):.1f}",
    )
    argmap = str(Path(sys.executable).with_name("argmap"))
    command = [argmap, "recommendations", "gallagher-2022", "--json"]
    process = partial(subprocess.run, command, check=True, capture_output=True)
    other.add_row(
        "`argmap recommendations gallagher-2022 --json` (process)", f"{median_ms(process, 7):.0f}"
    )
    console.print(other)


if __name__ == "__main__":
    main()
