"""Time the evaluation at scale: the grounded labelling, preferred acceptance, the CLI, gradual.

Run: .venv/bin/python bench/evaluation.py [--runs N]
Prints a markdown table of medians (and maxima where queries vary). Targets: grounded on
100,000 arguments and 500,000 attacks under 2 s; credulous and sceptical acceptance under
preferred on random 200-argument frameworks with many cycles under 2 s a query; the gradual
semantics (when `argmap.evaluation.gradual` exists) under 5 s. The machines are shared, so
compare within one run.
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from argmap.evaluation import apx
from argmap.evaluation import extensions as ex
from argmap.evaluation.framework import Framework
from timing import median_ms

Row = tuple[str, str, str, str]


def random_framework(arguments: int, attacks: int, seed: int, supports: int = 0) -> Framework:
    """Uniformly random distinct attacks (self-attacks included) and supports."""
    rng = np.random.default_rng(seed)
    names = [f"n{i}" for i in range(arguments)]

    def edges(count: int) -> frozenset[tuple[str, str]]:
        codes = np.unique(rng.integers(0, arguments * arguments, size=int(count * 1.01)))
        codes = rng.permutation(codes)[:count]
        return frozenset(
            (names[s], names[t])
            for s, t in zip(
                (codes // arguments).tolist(), (codes % arguments).tolist(), strict=True
            )
        )

    return Framework(frozenset(names), edges(attacks), edges(supports))


def cyclic_framework(arguments: int, seed: int) -> Framework:
    """Many cycles: a random ring of mutual and one-way attacks plus random chords."""
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(arguments)]
    attacks: set[tuple[str, str]] = set()
    for i, name in enumerate(names):
        following = names[(i + 1) % arguments]
        attacks.add((name, following))
        if rng.random() < 0.5:
            attacks.add((following, name))
        for _ in range(2):
            attacks.add((name, rng.choice(names)))
    return Framework(frozenset(names), frozenset(attacks))


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def counts(labelling: ex.Labelling) -> str:
    parts = (labelling.accepted, labelling.rejected, labelling.undecided)
    return ", ".join(f"{k} {len(p)}" for k, p in zip(("IN", "OUT", "UNDEC"), parts, strict=True))


def grounded_rows(runs: int) -> list[Row]:
    built: list[Framework] = []
    build_s = seconds(lambda: built.append(random_framework(100_000, 500_000, seed=1)))
    f = built[0]
    number_s = seconds(lambda: f.numbered)
    labelling = ex.grounded_labelling(f)
    # A fresh copy each run, so the cached labelling is not what is timed.
    copies = [Framework(f.arguments, f.attacks) for _ in range(runs + 1)]
    for c in copies:
        c.numbered  # noqa: B018  # numbered beforehand: the labelling alone is timed
    it = iter(copies)
    label_ms = median_ms(lambda: ex.grounded_labelling(next(it)), runs)
    dag = Framework(f.arguments, frozenset((s, t) for s, t in f.attacks if int(s[1:]) < int(t[1:])))
    dag.numbered  # noqa: B018
    dag_ms = median_ms(lambda: ex.grounded_labelling(Framework(dag.arguments, dag.attacks)), 1)
    decided = ex.grounded_labelling(dag)
    sizes = counts(labelling)
    return [
        ("build the Framework (100k args, 500k attacks)", f"{build_s * 1000:.0f}", "-", "once"),
        ("number it (`framework.numbered`)", f"{number_s * 1000:.0f}", "-", "once"),
        ("grounded labelling (numbered)", f"{label_ms:.0f}", "-", sizes),
        (
            f"grounded, acyclic half ({len(dag.attacks)} attacks; labels all, incl. numbering)",
            f"{dag_ms:.0f}",
            "-",
            counts(decided),
        ),
    ]


def preferred_rows(seeds: int, queries: int) -> list[Row]:
    rows: list[Row] = []
    for kind, query in (("credulous", ex.credulous), ("sceptical", ex.sceptical)):
        walls: list[float] = []
        solver: list[float] = []
        answers = 0
        for seed in range(seeds):
            f = cyclic_framework(200, seed)
            ex.grounded_labelling(f)
            ex.has_extension(f, "preferred")
            # Ground the program once, outside the timed queries: one Control per framework.
            ex.credulous(f, "preferred", sorted(f.arguments)[0])
            rng = random.Random(seed)
            for argument in rng.sample(sorted(f.arguments), queries):
                # A fresh framework per query: no preferred extension remembered from
                # earlier queries helps; grounding is then part of the whole call.
                fresh = Framework(f.arguments, f.attacks)
                before = ex.solver_seconds(fresh)
                start = time.perf_counter()
                answers += query(fresh, "preferred", argument)
                walls.append(time.perf_counter() - start)
                solver.append(ex.solver_seconds(fresh) - before)
        undecided = len(ex.grounded_labelling(cyclic_framework(200, 0)).undecided)
        rows.append(
            (
                f"{kind} preferred, 200 args ({seeds} seeds x {queries} queries)",
                f"{statistics.median(walls) * 1000:.1f} (max {max(walls) * 1000:.1f})",
                f"{statistics.median(solver) * 1000:.1f} (max {max(solver) * 1000:.1f})",
                f"{answers} yes; seed 0 leaves {undecided} undecided",
            )
        )
    return rows


def cli_rows(runs: int) -> list[Row]:
    f = random_framework(100_000, 500_000, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.apx"
        path.write_text(apx.write(f))
        rows: list[Row] = []
        for extra in ([], ["--json"]):
            # The console script's entry point, through this interpreter (the venv's).
            command = [sys.executable, "-c", "from argmap.cli import main; main()"]
            command += ["evaluate", "--framework", str(path), "--semantics", "grounded", *extra]
            shown = " ".join(["argmap evaluate --framework FILE.apx --semantics grounded", *extra])
            name = f"`{shown}` (100k/500k)"
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                samples.append(time.perf_counter() - start)
                if done.returncode != 0:
                    message = done.stderr.strip().splitlines()[-1:] or ["-"]
                    rows.append((name, "n/a (CLI option missing)", "-", message[0][:60]))
                    break
            else:
                rows.append(
                    (name, f"{statistics.median(samples) * 1000:.0f}", "-", "whole process")
                )
    return rows


def gradual_rows(runs: int) -> list[Row]:
    """PLACEHOLDER for the gradual semantics: timed once `argmap.evaluation.gradual` exists."""
    try:
        gradual = importlib.import_module("argmap.evaluation.gradual")
    except ImportError:
        return [("gradual semantics", "n/a (argmap.evaluation.gradual missing)", "-", "-")]
    f = random_framework(100_000, 500_000, seed=2, supports=100_000)
    f.numbered  # noqa: B018  # numbered beforehand, as for the grounded labelling
    rows: list[Row] = []
    for name in ("h_categorizer", "df_quad", "quadratic_energy"):
        function = getattr(gradual, name, None)
        if function is None:
            rows.append((f"gradual `{name}`", "n/a (missing)", "-", "-"))
            continue
        values = len(function(f).values)
        ms = median_ms(lambda function=function: function(f), runs)
        rows.append(
            (
                f"gradual `{name}` (100k args, 500k attacks, 100k supports)",
                f"{ms:.0f}",
                "-",
                f"{values} values",
            )
        )
    return rows


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each large case (3)")
    parser.add_argument("--seeds", type=int, default=3, help="random 200-arg frameworks (3)")
    parser.add_argument("--queries", type=int, default=20, help="queries per framework (20)")
    args = parser.parse_args()
    rows = grounded_rows(args.runs)
    rows += preferred_rows(args.seeds, args.queries)
    rows += cli_rows(args.runs)
    rows += gradual_rows(args.runs)
    print(
        f"| case | whole call ms (median of {args.runs} / of the queries) "
        "| clingo solve ms | notes |"
    )
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
