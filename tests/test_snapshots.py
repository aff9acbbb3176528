"""Backups, restores and the automatic snapshots before destructive writes, on real stores on disk.

The maps are built without HermiT (`reason=False`, `--no-reason`): what is copied is the store,
whatever its inferences, and no test here needs Java.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import build as builder
from argmap import pipeline, snapshots
from argmap.cli import app
from argmap.errors import MapProblems, NotFound, StoreError, StoreLocked
from argmap.importers import import_file
from argmap.snapshots import SnapshotPolicy
from argmap.store import OxigraphStore
from argmap.stores import forget_service, record_service
from argmap.vocab import inferred_graph_iri, map_iri
from testdata import SMALL_MAP

runner = CliRunner()

OTHER_MAP = SMALL_MAP.replace("id: small", "id: other")


def quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.raw().quads_for_pattern(None, None, None, None)}


def quads_at(path: Path) -> set[str]:
    store = OxigraphStore(path)
    try:
        return quads(store)
    finally:
        store.close()


@pytest.fixture
def maps(write_map: Callable[..., Path]) -> dict[str, Path]:
    """Two small YAML maps, `small` and `other`."""
    return {"small": write_map(SMALL_MAP), "other": write_map(OTHER_MAP, "other")}


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path, maps: dict[str, Path]) -> Iterator[OxigraphStore]:
    """An on-disk store holding both maps, with snapshots kept three at a time."""
    opened = OxigraphStore(store_path)
    opened.snapshots = SnapshotPolicy(store_path.with_name("store-snapshots"), keep=3)
    builder.build(opened, list(maps.values()), reason=False, write_compiled=False)
    yield opened
    if hasattr(opened, "_store"):  # a test may have closed it to restore
        opened.close()


def automatic(store: OxigraphStore) -> list[snapshots.Snapshot]:
    assert store.snapshots is not None
    return [s for s in snapshots.list_snapshots(store.snapshots.directory) if s.automatic]


# -- backup and restore ----------------------------------------------------------------------------


def test_backup_then_restore_gives_back_exactly_the_same_quads(
    store: OxigraphStore, store_path: Path, tmp_path: Path
) -> None:
    before = quads(store)
    snapshot = snapshots.backup(store, tmp_path / "backup")
    assert snapshot.reason == "manual" and not snapshot.automatic
    assert snapshot.quads == len(before) and snapshot.maps == ("other", "small")
    manifest = json.loads((tmp_path / "backup" / snapshots.MANIFEST).read_text())
    assert manifest["quads"] == len(before) and manifest["created"].endswith("+00:00")

    pipeline.delete_maps(store, ["small"])
    assert quads(store) != before
    store.close()
    done = snapshots.restore(tmp_path / "backup", store_path, policy=SnapshotPolicy(tmp_path, 3))
    assert quads_at(store_path) == before
    assert done.source.path == tmp_path / "backup" and done.replaced_maps == ("other",)
    # What it replaced is a snapshot of its own, and the backup itself is still whole.
    assert done.before is not None and done.before.reason == "before-restore"
    assert done.before.maps == ("other",)
    assert snapshots.read_snapshot(tmp_path / "backup").quads == len(before)
    assert not (store_path / snapshots.MANIFEST).exists()


def test_restore_into_a_missing_store_creates_it(store: OxigraphStore, tmp_path: Path) -> None:
    before = quads(store)
    snapshots.backup(store, tmp_path / "backup")
    new = tmp_path / "elsewhere" / "store"
    new.parent.mkdir()
    done = snapshots.restore(tmp_path / "backup", new, policy=SnapshotPolicy(tmp_path / "s", 3))
    assert done.before is None and done.replaced_quads == 0
    assert quads_at(new) == before


def test_backup_refuses_an_in_memory_store_and_a_directory_that_holds_something(
    store: OxigraphStore, store_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="in-memory"):
        snapshots.backup(OxigraphStore(), tmp_path / "memory")
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an empty directory"):
        snapshots.backup(store, full)
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    with pytest.raises(StoreError, match="into itself"):
        snapshots.backup(store, store_path / "inside")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert snapshots.backup(store, empty).quads == len(quads(store))


def test_restore_of_what_is_not_a_snapshot_is_refused_and_the_store_is_unchanged(
    store: OxigraphStore, store_path: Path, tmp_path: Path
) -> None:
    before = quads(store)
    store.close()
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "CURRENT").write_text("not rocksdb")
    with pytest.raises(StoreError, match="not an argmap snapshot"):
        snapshots.restore(plain, store_path)
    # A manifest beside files that are no store is refused as well.
    (plain / snapshots.MANIFEST).write_text(
        json.dumps({"created": "2026-01-01T00:00:00+00:00", "reason": "manual",
                    "automatic": False, "quads": 1, "maps": []})
    )  # fmt: skip
    with pytest.raises(StoreError, match="does not open as a store"):
        snapshots.restore(plain, store_path)
    with pytest.raises(StoreError, match="not an argmap snapshot"):
        snapshots.restore(tmp_path / "missing", store_path)
    assert quads_at(store_path) == before
    assert not snapshots.list_snapshots(store_path.with_name("store-snapshots"))


def test_restore_refuses_a_store_that_is_open_and_says_to_stop_it(
    store: OxigraphStore, store_path: Path, tmp_path: Path
) -> None:
    snapshots.backup(store, tmp_path / "backup")
    before = quads(store)
    with pytest.raises(StoreLocked, match="Stop it first"):
        snapshots.restore(tmp_path / "backup", store_path, policy=SnapshotPolicy(tmp_path, 3))
    assert quads(store) == before


def test_restore_will_not_replace_a_directory_that_is_no_store(
    store: OxigraphStore, tmp_path: Path
) -> None:
    snapshots.backup(store, tmp_path / "backup")
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.md").write_text("years of work")
    with pytest.raises(StoreError, match="holds files but no store"):
        snapshots.restore(tmp_path / "backup", home, policy=SnapshotPolicy(tmp_path, 3))
    assert (home / "thesis.md").read_text() == "years of work"


# -- automatic snapshots -----------------------------------------------------------------------


def test_a_replace_takes_a_snapshot_and_they_are_pruned_to_keep(
    store: OxigraphStore, maps: dict[str, Path]
) -> None:
    assert automatic(store) == []  # the first build replaced nothing
    sizes = []
    for _ in range(5):
        sizes.append(len(quads(store)))
        import_file(store, maps["small"], replace=True, reason=False)
    taken = automatic(store)
    assert len(taken) == 3  # keep
    assert all(s.reason == "replace-small" and s.quads == sizes[-1] for s in taken)
    assert [s.name for s in taken] == sorted(s.name for s in taken)
    assert taken[-1].name.endswith("Z-replace-small") and taken[-1].name[8] == "T"


def test_a_refused_replace_takes_no_snapshot(
    store: OxigraphStore, write_map: Callable[..., Path]
) -> None:
    broken = write_map(SMALL_MAP.replace("quote: Cats", "quote: Dogs"), "broken")
    with pytest.raises(MapProblems):
        import_file(store, broken, replace=True, reason=False)
    assert automatic(store) == []


def test_a_delete_takes_a_snapshot_and_drops_the_map_with_its_inferences(
    store: OxigraphStore,
) -> None:
    before = quads(store)
    assert pipeline.delete_maps(store, ["small", "small"]) == ["small"]
    names = store.graph_names()
    assert map_iri("small") not in names and inferred_graph_iri("small") not in names
    assert map_iri("other") in names
    [taken] = automatic(store)
    assert taken.reason == "delete-small" and taken.quads == len(before)
    assert taken.maps == ("other", "small")


def test_deleting_an_unknown_map_names_the_maps_and_changes_nothing(store: OxigraphStore) -> None:
    before = quads(store)
    with pytest.raises(NotFound, match=r"'nope' in the store \(its maps: other, small\)"):
        pipeline.delete_maps(store, ["small", "nope"])
    assert quads(store) == before and automatic(store) == []


def test_keep_zero_takes_no_snapshot(store: OxigraphStore, maps: dict[str, Path]) -> None:
    assert store.snapshots is not None
    store.snapshots = SnapshotPolicy(store.snapshots.directory, keep=0)
    import_file(store, maps["small"], replace=True, reason=False)
    pipeline.delete_maps(store, ["other"])
    assert not store.snapshots.directory.exists()


def test_no_policy_or_no_disk_takes_no_snapshot(maps: dict[str, Path]) -> None:
    memory = OxigraphStore()
    memory.snapshots = SnapshotPolicy(Path("never-made"), keep=3)
    builder.build(memory, [maps["small"]], reason=False, write_compiled=False)
    assert snapshots.snapshot_before(memory, "replace-small") is None
    assert not Path("never-made").exists()


def test_a_mistaken_delete_is_undone_by_restoring_the_newest_snapshot(
    store: OxigraphStore, store_path: Path
) -> None:
    before = quads(store)
    pipeline.delete_maps(store, ["small", "other"])
    assert pipeline.stored_map_ids(store) == []
    store.close()
    newest = snapshots.list_snapshots(store_path.with_name("store-snapshots"))[-1]
    policy = SnapshotPolicy(store_path.with_name("store-snapshots"), keep=1)
    done = snapshots.restore(newest.path, store_path, policy=policy)
    assert quads_at(store_path) == before
    # keep=1, yet the snapshot restored from survives the pruning after the before-restore one.
    assert newest.path.is_dir() and done.before is not None and done.before.path.is_dir()


def test_manual_backups_among_the_snapshots_are_never_pruned(
    store: OxigraphStore, maps: dict[str, Path]
) -> None:
    assert store.snapshots is not None
    manual = snapshots.backup(store, store.snapshots.directory / "keep-me")
    for _ in range(4):
        import_file(store, maps["other"], replace=True, reason=False)
    assert manual.path.is_dir() and len(automatic(store)) == 3


# -- the commands ------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, maps: dict[str, Path]) -> dict[str, str]:
    """ARGMAP_STORE for a store built by `argmap build --no-reason` with both maps."""
    environment = {"ARGMAP_STORE": str(tmp_path / "store"), "COLUMNS": "250"}
    result = runner.invoke(app, ["build", "--no-reason", *map(str, maps.values())], env=environment)
    assert result.exit_code == 0, result.output
    return environment


def invoke(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, " ".join(result.output.split())


def test_the_commands_back_up_delete_list_and_restore(env: dict[str, str], tmp_path: Path) -> None:
    store_path = Path(env["ARGMAP_STORE"])
    before = quads_at(store_path)
    code, output = invoke(env, "backup", str(tmp_path / "backup"))
    assert code == 0 and f"{len(before)} quads" in output and "maps other, small" in output

    code, output = invoke(env, "delete", "small")
    assert code == 0 and "deleted small" in output and "argmap restore" in output
    code, listed = invoke(env, "snapshots", "--json")
    [entry] = json.loads(listed)
    assert entry["reason"] == "delete-small" and entry["quads"] == len(before)
    assert entry["path"] in output  # the delete said where its snapshot is
    code, table = invoke(env, "snapshots")
    assert code == 0 and entry["name"] in table and "delete-small" in table

    code, output = invoke(env, "restore", entry["path"])
    assert code == 0, output
    assert f"{len(before)} quads" in output and "before-restore" in output
    assert quads_at(store_path) == before


def test_the_commands_refuse_clearly(env: dict[str, str], tmp_path: Path) -> None:
    code, output = invoke(env, "delete", "nope")
    assert code == 2 and "no map 'nope'" in output and "other, small" in output
    code, output = invoke(env, "restore", str(tmp_path))
    assert code == 3 and "not an argmap snapshot" in output
    remote = {**env, "ARGMAP_SPARQL_ENDPOINT": "http://127.0.0.1:9/sparql"}
    code, output = invoke(remote, "backup", str(tmp_path / "b"))
    assert code == 2 and "remote" in output and not (tmp_path / "b").exists()
    missing = {**env, "ARGMAP_STORE": str(tmp_path / "none")}
    code, output = invoke(missing, "backup", str(tmp_path / "b"))
    assert code == 3 and "no store" in output and not (tmp_path / "none").exists()
    code, output = invoke({**env, "ARGMAP_SNAPSHOTS": str(tmp_path / "empty")}, "snapshots")
    assert code == 0 and "no snapshots" in output


def test_a_store_held_by_the_service_is_refused_with_what_to_do(
    env: dict[str, str], tmp_path: Path
) -> None:
    store_path = Path(env["ARGMAP_STORE"])
    held = OxigraphStore(store_path)  # what `argmap serve` does: hold it and say where it answers
    record_service(store_path, "http://127.0.0.1:8000")
    try:
        code, output = invoke(env, "backup", str(tmp_path / "b"))
        assert code == 3 and "argmap serve" in output and "automatic snapshot" in output
        assert "stop the service" in output
        code, output = invoke(env, "restore", str(tmp_path))
        assert code == 3  # not a snapshot: said before the store is looked at
        snapshots.backup(held, tmp_path / "backup")
        code, output = invoke(env, "restore", str(tmp_path / "backup"))
        assert code == 3 and "in use by process" in output and "Stop it first" in output
    finally:
        forget_service(store_path)
        held.close()
