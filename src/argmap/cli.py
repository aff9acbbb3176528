"""The `argmap` command: build, validate, reason over and question argument maps from a terminal."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable
from rich.tree import Tree

from argmap import analysis, evaluation, model, queries, resources, snapshots
from argmap.errors import (
    EXIT_PROBLEMS,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    ArgmapError,
    MapProblems,
    Problem,
    StoreLocked,
    exit_code_of,
)
from argmap.evaluation import apx
from argmap.evaluation import framework as framework_reader
from argmap.settings import Settings, load_settings
from argmap.snapshots import Snapshot, SnapshotPolicy
from argmap.store import OxigraphStore, Store, Table, to_python
from argmap.stores import describe_store, open_for_reading, open_store, running_service
from argmap.vocab import AM, map_id_of, node_id_of

if TYPE_CHECKING:
    from argmap.importers import ImportReport

# The build, validation and import modules pull in rdflib's parsers and owlready2 (about 0.2 s to
# import), so only the commands that use them import them: a query starts faster.

app = typer.Typer(
    help="argmap: an argument-mapping knowledge graph. Build, validate, ask questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

TABLE_ROWS = 1_000
"""Above this many rows a command prints tab-separated lines instead of a table."""
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def package_version() -> str:
    """The installed argmap's version, from its package metadata."""
    try:
        return version("argmap")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        out.print(f"argmap {package_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """argmap: an argument-mapping knowledge graph. Build, validate, ask questions."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error in red and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def failed(exc: ArgmapError) -> typer.Exit:
    """Report an argmap error (every problem of a map) and return the Exit its class maps to."""
    if isinstance(exc, MapProblems):
        print_problems(exc.problems, str(exc).splitlines()[0])
    else:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
    return typer.Exit(exit_code_of(exc))


def print_problems(problems: list[Problem], title: str) -> None:
    """A table of problems: where, node, field, message."""
    table = RichTable(title=title, title_justify="left", show_lines=False)
    for column in ("where", "node", "field", "problem"):
        table.add_column(column, overflow="fold")
    for p in problems:
        where = f"{p.file}:{p.line}" if p.file and p.line else (p.file or "")
        table.add_row(where, p.node or "", p.field or "", p.message)
    err.print(table)


def checked_settings() -> Settings:
    """The settings, or a clear exit naming each ARGMAP_ variable whose value is wrong."""
    try:
        return load_settings()
    except ValidationError as exc:
        wrong = "; ".join(
            f"ARGMAP_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"a setting is wrong: {wrong}") from None


@contextmanager
def opened_store(*, write: bool = False) -> Iterator[Store]:
    """The store named by the settings, closed afterwards; argmap errors become clear exits.

    A command that only reads needs an existing store (it never creates an empty one), and
    reads through the running `argmap serve` that holds the store, if one does.
    """
    checked_settings()  # a wrong setting is said as such, before the store is looked for
    try:
        if write:
            store = open_store()
        else:
            store, service = open_for_reading()
            if service is not None:
                err.print(
                    f"reading through {service.url}, the `argmap serve` (process {service.pid}) "
                    "that holds the store",
                    style="dim",
                    highlight=False,
                )
    except ArgmapError as exc:
        raise failed(exc) from exc
    try:
        yield store
    except ArgmapError as exc:
        raise failed(exc) from exc
    finally:
        store.close()


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr for work that takes seconds: told (step, done, total)."""
    if not enabled:
        yield lambda _message, _done, _total: None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=None)
        yield lambda message, done, total: bar.update(
            task, description=message, completed=done, total=total
        )


@app.command()
def build(
    reason: Annotated[bool, typer.Option(help="Run HermiT (needs Java).")] = True,
    maps: Annotated[
        list[Path] | None, typer.Argument(help="YAML maps (default: data/maps/*.yaml).")
    ] = None,
) -> None:
    """Compile, validate, reason over and load every map into the store."""
    from argmap import build as builder

    with opened_store(write=True) as store, progress_bar(sys.stderr.isatty()) as progress:
        report = builder.build(store, maps or None, reason=reason, progress=progress)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    out.print(f"built {len(report.maps)} map(s) into {describe_store()}: {', '.join(report.maps)}")


@app.command()
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="A .yaml or .ttl map, or a folder of them.")
    ] = None,
) -> None:
    """Check maps against the authoring rules, SHACL shapes, violation queries and their text."""
    from argmap import build as builder

    target = path or resources.maps_dir()
    files = sorted(target.glob("*.yaml")) if target.is_dir() else [target]
    if not files or not all(f.exists() for f in files):
        raise fail(f"nothing to validate at {target}")
    failed = False
    for file in files:
        try:
            if file.suffix in {".yaml", ".yml"}:
                builder.compile_and_validate(file)
            else:
                _validate_rdf(file)
        except MapProblems as exc:
            failed = True
            print_problems(exc.problems, f"{file}: {len(exc.problems)} problem(s)")
            continue
        out.print(f"[green]ok[/] {file}")
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _validate_rdf(file: Path) -> None:
    from rdflib import Graph

    from argmap.errors import ValidationError

    try:
        graph = Graph().parse(file)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise ValidationError([Problem(f"cannot parse: {exc}", file=str(file))]) from exc
    from argmap.authoring import project_root_for
    from argmap.validation import text_of, validate_graph

    problems = validate_graph(graph, text_of(graph, project_root_for(file)))
    if problems:
        raise ValidationError(problems, f"{file} breaks the shapes or checks")


@app.command()
def reason(
    map_id: Annotated[
        str | None, typer.Argument(metavar="MAP", help="Map id (default: all).")
    ] = None,
) -> None:
    """Recompute the inferred graph of maps in the store with HermiT."""
    from argmap import pipeline

    with opened_store(write=True) as store:
        ids = [map_id] if map_id else queries.map_ids(store)
        if not ids:
            raise fail("the store has no maps; run `argmap build` first")
        counts = pipeline.reinfer(store, ids)
    for name, count in counts.items():
        out.print(f"{name}: {count} inferred triples")


@app.command()
def summary(
    map_id: Annotated[
        str | None, typer.Argument(metavar="MAP", help="Map id (default: all).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Counts per class and the recommendations with who made them, for each map."""
    with opened_store() as store:
        ids = [map_id] if map_id else queries.map_ids(store)
        if map_id:
            queries.require_map(store, map_id)
        elif not ids:
            raise fail(f"the store at {describe_store()} has no maps; run `argmap build`")
        result: list[dict[str, Any]] = []
        for mid in ids:
            counts = queries.run(store, "map-summary", {"map": mid})
            recs = queries.run(store, "recommendations", {"map": mid})
            result.append(
                {
                    "map": mid,
                    "counts": {str(r["label"]): to_python(r["count"]) for r in counts.rows},
                    "recommendations": [
                        {
                            "id": node_id_of(str(r["recommendation"])),
                            "label": str(r["label"]),
                            "attributed_to": str(r.get("attributedTo", "")),
                        }
                        for r in recs.rows
                    ],
                }
            )
    if as_json:
        out.print_json(json.dumps(result))
        return
    for entry in result:
        out.rule(f"[bold]{entry['map']}")
        counts_table = RichTable("class", "count", title="nodes by class", title_justify="left")
        for label, count in entry["counts"].items():
            counts_table.add_row(label, str(count))
        out.print(counts_table)
        recs_table = RichTable(
            "id", "recommendation", "attributed to", title="recommendations", title_justify="left"
        )
        for rec in entry["recommendations"]:
            recs_table.add_row(rec["id"], rec["label"], rec["attributed_to"])
        out.print(recs_table)


def _parse_params(params: list[str]) -> dict[str, str]:
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise fail(f"--param takes key=value, not {item!r}")
        values[key.strip()] = value
    return values


def print_table(table: Table, as_json: bool, as_csv: bool) -> None:
    """A SELECT result as a Rich table, JSON rows, or CSV."""
    rows = table.as_python()
    if as_json:
        out.print_json(json.dumps(rows))
    elif as_csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=table.variables, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    else:
        rich_table = RichTable(*table.variables, show_lines=False)
        for row in rows:
            rich_table.add_row(*[_cell(row.get(v)) for v in table.variables])
        out.print(rich_table)
        out.print(f"{len(rows)} row(s)", style="dim")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if map_id_of(text):
        return node_id_of(text)
    return "am:" + text[len(str(AM)) :] if text.startswith(str(AM)) else text


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="A named query (see --list).")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the catalogue.")] = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    limit: Annotated[
        int | None,
        typer.Option(help=f"At most this many rows (1 to {queries.MAX_LIMIT}); default: all."),
    ] = None,
    offset: Annotated[int, typer.Option(help="Skip this many rows first.")] = 0,
) -> None:
    """Run a named query from the catalogue, or list the catalogue."""
    if list_ or name is None:
        entries = [q.as_dict() for q in queries.catalogue().values()]
        if as_json:
            out.print_json(json.dumps(entries))
            return
        table = RichTable("name", "summary", "params")
        for e in entries:
            table.add_row(
                e["name"], e["summary"], ", ".join(f"{p['name']}: {p['type']}" for p in e["params"])
            )
        out.print(table)
        return
    values = _parse_params(param or [])
    try:  # the name and the parameters first: a typo is said even where there is no store
        named = queries.get(name)
        bindings = queries.bindings_for(named, values)
        queries.check_page(limit, offset)
    except ArgmapError as exc:
        raise failed(exc) from exc
    total = None
    with opened_store() as store:
        queries.require_named_nodes(store, named, bindings)
        # The engine takes the page (LIMIT and OFFSET), and counts the whole answer for it.
        result = queries.run(store, name, values, limit=limit, offset=offset)
        if limit is not None or offset:
            total = queries.count(store, name, values)
    print_table(result, as_json, as_csv)
    if total is not None and not (as_json or as_csv):
        shown = f"rows {offset + 1} to {offset + len(result.rows)}" if result.rows else "no rows"
        out.print(f"{shown} of {total}", style="dim")


@app.command()
def sparql(
    text: Annotated[
        str, typer.Argument(metavar="QUERY", help="A SPARQL SELECT query, or @file.rq.")
    ],
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run any SPARQL SELECT query over all graphs of the store."""
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot read the query file {text[1:]}: {exc.strerror or exc}") from exc
    with opened_store() as store:
        result = store.select(text)
    print_table(result, as_json, as_csv)


@app.command()
def recommendations(
    map_id: Annotated[
        str | None, typer.Argument(metavar="MAP", help="Map id (default: all).")
    ] = None,
    max_depth: Annotated[int, typer.Option(min=1, max=20, help="Longest chain to follow.")] = 6,
    as_json: JsonOpt = False,
) -> None:
    """Each recommendation with its supporters and underminers, direct and through chains."""
    with opened_store() as store:
        if map_id:
            queries.require_map(store, map_id)
        results = analysis.analyse_map(store, map_id, max_depth)
    if as_json:
        # The same JSON as GET /recommendations: one model serves both.
        dumped = [a.model_dump(mode="json", by_alias=True) for a in results]
        out.print_json(json.dumps(dumped))
        return
    for result in results:
        out.print(render_analysis(result))


def _counted(title: str, result: analysis.Analysis) -> str:
    n = result.counts[title]
    if not n["paths"]:
        return f"{title}: none"
    claims = f"{n['claims']} claim{'s' * (n['claims'] != 1)}"
    return f"{title}: {claims}, {n['paths']} path{'s' * (n['paths'] != 1)}"


def _step_text(step: analysis.Step, style: str) -> str:
    """`relation target`, where an undercut's target is the support it attacks."""
    target = step.target
    if step.relation == "undercuts" and step.undercut_support:
        premises = " + ".join(step.undercut_premises)
        target = f"{step.undercut_support} ({premises} → {step.target})"
    # A linked premise works only together with its co-premises: name them with it.
    with_others = "".join(f" + {p}" for p in step.co_premises)
    return f"{escape(with_others)} [{style}]{step.relation}[/] {escape(target)}".lstrip()


def render_analysis(result: analysis.Analysis) -> Tree:
    """A recommendation as a Rich tree: supporters green, underminers red, with paths."""
    who = f" [dim]({'; '.join(result.attributed_to)})[/]" if result.attributed_to else ""
    tree = Tree(f"[bold]{result.id}[/] {escape(result.label)}{who}")
    for title, style, reasons in (
        ("supporters", "green", result.supporters),
        ("underminers", "red", result.underminers),
    ):
        branch = tree.add(f"[{style}]{_counted(title, result)}[/]")
        for reason in reasons:
            steps = [_step_text(s, style) for s in reason.steps]
            chain = " ".join([escape(reason.id), *steps])
            leaf = branch.add(f"{escape(reason.label)} [dim]depth {reason.depth}[/]\n{chain}")
            # Every step's rationale: a chain is only as good as its weakest link.
            for step, text in zip(reason.steps, steps, strict=True):
                if not step.rationale:
                    continue
                link = "" if reason.depth == 1 else f"[dim]{escape(step.source)}[/] {text}: "
                leaf.add(f"{link}[italic]{escape(step.rationale)}[/]")
    return tree


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            readable=True,
            help="The file to import, or a folder: all its files as one write.",
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="aif | turtle | ntriples | nquads | trig | jsonld | yaml "
            "(default: from the extension).",
        ),
    ] = None,
    map_id: Annotated[
        str | None, typer.Option("--map-id", help="Store the map under this id.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a map of the same id.")
    ] = False,
    reason: Annotated[
        bool | None,
        typer.Option(
            help="Run HermiT on every map (needs Java); --no-reason never. Default: only on "
            "maps that state OWL or RDFS axioms of their own, since for the rest the rules "
            "give what HermiT gives.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import maps from AIF JSON, RDF (am: vocabulary) or YAML; all of the file, or nothing."""
    from argmap.importers import import_file

    with opened_store(write=True) as store, progress_bar(sys.stderr.isatty()) as progress:
        reports = import_file(
            store, file, fmt, map_id, replace=replace, reason=reason, progress=progress
        )
    if as_json:
        out.print_json(json.dumps([r.as_dict() for r in reports]))
        return
    print_import_reports(reports)


IMPORT_ROWS = 20
"""The most maps an import lists one by one; past it the table shows the first ones and totals."""


def _import_row(r: ImportReport) -> list[int]:
    c = r.counts
    return [
        c["claims"],
        c["supports"],
        c["rebuttals"] + c["undercuts"],
        c["rephrases"] + c["preferences"],
        r.triples,
        r.inferred,
    ]


def print_import_reports(reports: list[ImportReport]) -> None:
    """What an import stored (counts per map) and what it set aside, as tables."""
    table = RichTable(title="imported", title_justify="left")
    table.add_column("map", no_wrap=True)
    for column in ("claims", "supports", "attacks", "other", "triples", "inferred"):
        table.add_column(column, justify="right")
    # A corpus of thousands of maps is summed, not listed: rendering 8,500 rows took about a
    # fifth of the import's time, and --json gives every map.
    shown = reports if len(reports) <= IMPORT_ROWS else reports[: IMPORT_ROWS // 2]
    for r in shown:
        table.add_row(r.map_id, *(str(n) for n in _import_row(r)))
    if len(shown) < len(reports):
        table.add_row(f"… {len(reports) - len(shown)} more", *[""] * 6)
    if len(reports) > 1:
        totals = [sum(column) for column in zip(*(_import_row(r) for r in reports), strict=True)]
        table.add_section()
        table.add_row(f"{len(reports)} maps", *(str(n) for n in totals), style="bold")
    out.print(table)
    if len(shown) < len(reports):
        out.print("[dim]argmap import --json lists every map[/]")
    aside = [(r.map_id, kind, n) for r in reports for kind, n in sorted(r.set_aside.items())]
    if aside:
        aside_table = RichTable(
            "map", "set aside", "count", title="set aside", title_justify="left"
        )
        for map_id, kind, n in aside:
            aside_table.add_row(map_id, kind, str(n))
        out.print(aside_table)
    for r in reports:
        notes = [f"replaced the map {r.map_id} that was in the store"] if r.replaced else []
        for note in [*notes, *r.notes]:
            out.print(f"[dim]{r.map_id}:[/] {escape(note)}", highlight=False)
        for warning in r.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)


def _embedded_only(settings: Settings, command: str) -> None:
    """Refuse a command that copies store files when the settings name a remote store."""
    if settings.sparql_endpoint:
        raise fail(
            f"`argmap {command}` works on the embedded store's files, and ARGMAP_SPARQL_ENDPOINT "
            f"names a remote one ({settings.sparql_endpoint}): use that server's own backups, "
            "or unset ARGMAP_SPARQL_ENDPOINT to work on the store at ARGMAP_STORE"
        )


def _when(snapshot: Snapshot) -> str:
    return snapshot.created.strftime("%Y-%m-%d %H:%M:%SZ")


def _map_list(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) or "none"


@app.command()
def backup(
    target: Annotated[
        Path, typer.Argument(metavar="DIR", help="A new (or empty) directory for the copy.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Copy the store, consistently, into a new directory that `argmap restore` can bring back."""
    settings = checked_settings()
    _embedded_only(settings, "backup")
    try:
        store = open_store(create=False, settings=settings)
    except StoreLocked as exc:
        service = running_service(settings.store)
        if service is None:
            raise failed(exc) from exc
        # Only the process that holds the store can copy it; the service's automatic
        # snapshots go where ours do, so they are the copies there are meanwhile.
        raise fail(
            f"the store at {settings.store} is held by `argmap serve` (process {service.pid}, "
            f"{service.url}), so it cannot be copied from here. Its automatic snapshots before "
            f"destructive writes go into {settings.snapshot_dir} (`argmap snapshots` lists "
            "them); for a backup now, stop the service (Ctrl-C where it runs) and run `argmap "
            "backup` again.",
            EXIT_UNAVAILABLE,
        ) from exc
    except ArgmapError as exc:
        raise failed(exc) from exc
    try:
        assert isinstance(store, OxigraphStore)  # no endpoint: the embedded store
        snapshot = snapshots.backup(store, target)
    except ArgmapError as exc:
        raise failed(exc) from exc
    finally:
        store.close()
    if as_json:
        out.print_json(json.dumps(_snapshot_json(snapshot)))
        return
    out.print(
        f"backed up {escape(str(settings.store))} to {escape(str(snapshot.path))}: "
        f"{snapshot.quads} quads, maps {escape(_map_list(snapshot.maps))}",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def restore(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="A directory `argmap backup` made, or one `argmap snapshots` lists."
        ),
    ],
) -> None:
    """Replace the store by a backup or snapshot; the store as it was is snapshotted first."""
    settings = checked_settings()
    _embedded_only(settings, "restore")
    try:
        done = snapshots.restore(source, settings.store, policy=SnapshotPolicy.of(settings))
    except ArgmapError as exc:
        raise failed(exc) from exc
    restored = done.source
    out.print(
        f"restored {escape(str(done.store))} from {escape(str(restored.path))} "
        f"({restored.reason}, taken {_when(restored)}): {restored.quads} quads, "
        f"maps {escape(_map_list(restored.maps))}",
        highlight=False,
        soft_wrap=True,
    )
    if done.before is not None:
        said = f"kept as the snapshot {escape(str(done.before.path))}"
    elif done.replaced_quads:
        said = "not kept: ARGMAP_SNAPSHOTS_KEEP is 0"
    else:
        out.print("there was no store before", highlight=False)
        return
    out.print(
        f"it replaced {done.replaced_quads} quads, maps {escape(_map_list(done.replaced_maps))}; "
        f"{said}",
        highlight=False,
        soft_wrap=True,
    )


@app.command("snapshots")
def snapshots_(as_json: JsonOpt = False) -> None:
    """List the snapshots taken before destructive writes (a replace, a delete), oldest first."""
    settings = checked_settings()
    directory = settings.snapshot_dir
    found = snapshots.list_snapshots(directory)
    if as_json:
        out.print_json(json.dumps([_snapshot_json(s) for s in found]))
        return
    if not found:
        out.print(f"no snapshots in {escape(str(directory))}", highlight=False, soft_wrap=True)
        return
    table = RichTable(title=f"snapshots in {escape(str(directory))}", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("time (UTC)", no_wrap=True)
    table.add_column("reason")
    table.add_column("quads", justify="right")
    table.add_column("maps")
    for snapshot in found:
        table.add_row(
            snapshot.name,
            _when(snapshot),
            snapshot.reason,
            str(snapshot.quads),
            _map_list(snapshot.maps),
        )
    out.print(table)
    out.print(
        f"the newest {settings.snapshots_keep} automatic ones are kept "
        "(ARGMAP_SNAPSHOTS_KEEP); bring one back with `argmap restore DIR`",
        style="dim",
        highlight=False,
    )


def _snapshot_json(snapshot: Snapshot) -> dict[str, object]:
    return {
        "name": snapshot.name,
        "path": str(snapshot.path),
        "created": snapshot.created.isoformat(timespec="milliseconds"),
        "reason": snapshot.reason,
        "automatic": snapshot.automatic,
        "quads": snapshot.quads,
        "maps": list(snapshot.maps),
    }


@app.command()
def delete(
    map_ids: Annotated[list[str], typer.Argument(metavar="MAP_ID...", help="The maps to remove.")],
) -> None:
    """Remove maps and their inferences from the store; a snapshot of it is taken first."""
    from argmap import pipeline

    started = datetime.now(UTC)
    with opened_store(write=True) as store:
        deleted = pipeline.delete_maps(store, map_ids)
        policy = store.snapshots if isinstance(store, OxigraphStore) else None
    out.print(f"deleted {', '.join(deleted)} from {escape(describe_store())}", highlight=False)
    # delete_maps took it just now (after `started`); say where, for an undo.
    found = snapshots.list_snapshots(policy.directory) if policy else []
    taken = [s for s in found if s.created >= started]
    if taken:
        out.print(
            f"the store as it was before is in the snapshot {escape(str(taken[-1].path))}; "
            f"`argmap restore {escape(str(taken[-1].path))}` brings it back",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default ARGMAP_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port (default ARGMAP_PORT).")
    ] = None,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes.")] = False,
) -> None:
    """Run the web service: /sparql, /queries, /maps, /recommendations, /docs (builds if empty)."""
    from argmap.api import server  # the service's dependencies load only for this command

    settings = checked_settings()
    host, port = host or settings.host, port if port is not None else settings.port
    try:
        # The port is taken first, so that a busy one is said at once, not after the build.
        sock = server.listen_socket(host, port)
    except ArgmapError as exc:
        raise failed(exc) from exc
    bound = sock.getsockname()[1]
    if reload:
        sock.close()  # the reloader binds its own; this only checked that the port is free
    with sock, opened_store(write=True) as store:
        with progress_bar(sys.stderr.isatty()) as progress:
            report = server.ensure_built(store, progress)
        if report is not None:
            for warning in report.warnings:
                err.print(f"[yellow]warning:[/] {warning}", highlight=False)
            err.print(f"built {', '.join(report.maps)} into {describe_store()}")
        err.print(f"serving {describe_store()} at http://{host}:{bound}/ (docs at /docs)")
        if not reload:
            # Only this process serves the store, so only it says where (read commands look).
            server.serve(store, settings, sock)
            return
    server.serve_reloading(host, port)  # the reloaded app opens the store itself


@app.command("export")
def export_(
    map_id: Annotated[str, typer.Argument(metavar="MAP", help="The map id.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle | ntriples | nquads | trig | rdfxml | jsonld | graphml | gexf | dot | "
            "svg | png | cytoscape | mermaid | d3 | aif | argdown (default: from -o's extension).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here (default: stdout)."),
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Only the claims around this claim id.")
    ] = None,
    depth: Annotated[
        int | None, typer.Option("--depth", min=0, help="Relation hops around --focus (1).")
    ] = None,
) -> None:
    """Export a map, or the claims around one, for other tools (RDF, graphs, diagrams, AIF)."""
    from argmap import export as exporters

    name = fmt or (exporters.format_for_path(output) if output else None)
    if name is None:
        raise fail(f"say which format with --format, one of: {', '.join(exporters.FORMATS)}")
    with opened_store() as store:
        queries.require_map(store, map_id)
        content = exporters.export(store, map_id, name, focus, depth)
    if output is not None:
        try:
            size = exporters.write(content, output)
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}") from exc
        err.print(f"wrote {size} bytes of {exporters.format_name(name)} to {output}")
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise fail(f"{name} is binary: write it to a file with -o FILE, or redirect stdout")
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


@app.command()
def evaluate(
    map_id: Annotated[
        str | None, typer.Argument(metavar="MAP", help="Map id (or --framework FILE).")
    ] = None,
    semantics_: Annotated[
        str,
        typer.Option(
            "--semantics",
            help="grounded, complete, preferred, stable, h-categorizer, df-quad or "
            "quadratic-energy.",
        ),
    ] = "grounded",
    as_json: JsonOpt = False,
    bipolar: Annotated[
        bool,
        typer.Option(
            "--bipolar",
            help="Read supports too: add the supported and secondary attacks (extension "
            "semantics).",
        ),
    ] = False,
    explain_: Annotated[
        list[str] | None,
        typer.Option("--explain", help="Explain only these claims (repeatable; default all)."),
    ] = None,
    framework_file: Annotated[
        Path | None,
        typer.Option(
            "--framework", help="Evaluate an ICCMA framework file (.apx or .af), not a map."
        ),
    ] = None,
    as_apx: Annotated[
        bool, typer.Option("--apx", help="Print the framework in ASPARTIX form for a solver.")
    ] = False,
) -> None:
    """Which claims stand, and how strong they remain, under an argumentation semantics."""
    if semantics_ not in evaluation.SEMANTICS:
        raise fail(
            f"unknown semantics {semantics_!r}; use one of {', '.join(evaluation.SEMANTICS)}"
        )
    if (map_id is None) == (framework_file is None):
        raise fail("give a MAP id or --framework FILE (one of them)")
    labels: dict[str, str] = {}
    try:
        if framework_file is not None:
            try:
                text = framework_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise fail(f"cannot read {framework_file}: {exc}") from exc
            framework = apx.read(text)
        else:
            assert map_id is not None
            with opened_store() as store:
                queries.require_map(store, map_id)
                framework = framework_reader.read(store, map_id, bipolar=bipolar)
                labels = {n.id: n.label for n in model.load(store, map_id).nodes}
        if as_apx:
            sys.stdout.write(apx.write(framework))
            return
        result = evaluation.evaluate(framework, semantics_, explain=explain_ or True)
    except ArgmapError as exc:
        raise failed(exc) from exc
    if as_json:
        found = result.to_json()
        if map_id is not None:
            found = {"map": map_id, "reading": "bipolar" if bipolar else "dung", **found}
        # Written as it is: rich's pretty-printer takes seconds over 100,000 verdicts.
        sys.stdout.write(json.dumps(found, indent=2) + "\n")
        return
    _print_evaluation(framework, result, labels)


def _print_evaluation(
    framework: evaluation.Framework, result: evaluation.Result, labels: dict[str, str]
) -> None:
    out.print(
        f"{len(framework.arguments)} arguments, {len(framework.attacks)} attacks, "
        f"{len(framework.supports)} supports; {result.semantics}"
        + (f": {len(result.extensions)} extension(s)" if result.extensions is not None else "")
    )
    for message in result.messages:
        err.print(f"[yellow]{escape(message)}[/]")
    gradual = result.extensions is None
    table = RichTable("claim", "strength" if gradual else "status", "label")
    colours = {
        "accepted": "green",
        "sceptically-accepted": "green",
        "credulously-accepted": "yellow",
        "undecided": "yellow",
        "rejected": "red",
    }
    verdicts: dict[str, str] = (
        {c: f"{v:.4f}" for c, v in result.strength.items()}
        if gradual
        else {c: f"[{colours[v]}]{v}[/]" for c, v in result.status.items()}
    )
    if len(verdicts) > TABLE_ROWS:
        # A framework file of 100,000 arguments: one tab-separated line each, which a rich
        # table would take tens of seconds to lay out.
        plain = result.strength if gradual else result.status
        sys.stdout.writelines(f"{claim}\t{value}\n" for claim, value in plain.items())
        return
    for claim, verdict in verdicts.items():
        table.add_row(claim, verdict, escape(labels.get(claim, "")))
    out.print(table)


def main() -> None:
    """Entry point that turns any stray ArgmapError into a clean message and its exit code."""
    try:
        app()
    except ArgmapError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exit_code_of(exc))
