"""Copies of the embedded store on disk: backups, restores, and snapshots before destructive writes.

A snapshot is a RocksDB checkpoint of the store (`pyoxigraph.Store.backup`): consistent, and
cheap, since the immutable table files are hard links, not copies. Beside the database files
it holds a manifest, `argmap-snapshot.json`: when it was taken, why, how many quads and which
maps it holds. The manifest is written last, so a directory without one is no snapshot (a copy
that was cut short).

`snapshot_before` comes before each destructive write of the embedded store: the write
pipeline (`argmap.pipeline`) calls it before it replaces or deletes maps. It takes an
automatic snapshot into the store's `SnapshotPolicy` directory (ARGMAP_SNAPSHOTS, default
`<store>-snapshots`) and keeps the newest ARGMAP_SNAPSHOTS_KEEP of them, so a mistaken write
is undone by `restore` of the newest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox

from argmap.errors import StoreError, StoreLocked
from argmap.settings import Settings
from argmap.store import OWNER_FILE, OxigraphStore, Store
from argmap.vocab import MAP_BASE

MANIFEST = "argmap-snapshot.json"
"""The file inside a snapshot that says what it is; its presence marks a complete snapshot."""

_FORMAT = 1
"""The manifest's own version, for a later argmap that reads an older snapshot."""


@dataclass(frozen=True)
class SnapshotPolicy:
    """Where a store's automatic snapshots go, and how many of them to keep (0: take none)."""

    directory: Path
    keep: int

    @classmethod
    def of(cls, settings: Settings) -> SnapshotPolicy:
        """The policy the settings give (ARGMAP_SNAPSHOTS, ARGMAP_SNAPSHOTS_KEEP)."""
        return cls(settings.snapshot_dir, settings.snapshots_keep)


@dataclass(frozen=True)
class Snapshot:
    """A copy of the store on disk, as its manifest describes it."""

    path: Path
    created: datetime
    reason: str
    automatic: bool
    quads: int
    maps: tuple[str, ...]
    argmap_version: str

    @property
    def name(self) -> str:
        """The snapshot's directory name (automatic ones sort by time)."""
        return self.path.name


@dataclass(frozen=True)
class Restored:
    """What a restore did: the snapshot it put in place and what it replaced."""

    source: Snapshot
    store: Path
    replaced_quads: int
    replaced_maps: tuple[str, ...]
    before: Snapshot | None
    """The snapshot of the store as it was (None: there was no store, or keep is 0)."""


# -- taking one ----------------------------------------------------------------------------------


def backup(store: OxigraphStore, target: Path, *, reason: str = "manual") -> Snapshot:
    """A consistent copy of the store in `target` (which must not exist, or be empty)."""
    return _take(store, target, reason, automatic=False)


def snapshot_before(store: Store, reason: str) -> Snapshot | None:
    """The automatic snapshot before a destructive write, then prune to `keep`; None if none."""
    if not isinstance(store, OxigraphStore) or store.path is None:
        return None  # a remote store keeps its own backups; an in-memory one has nothing to lose
    policy = store.snapshots
    if policy is None or policy.keep == 0:
        return None
    try:
        snapshot = _take(store, _new_name(policy.directory, reason), reason, automatic=True)
    except StoreError as exc:
        # Refuse the write: going ahead would break the promise that it can be undone.
        raise StoreError(
            f"nothing was written: the snapshot before it failed ({exc}). Free some disk space, "
            "or set ARGMAP_SNAPSHOTS_KEEP=0 to write without snapshots."
        ) from exc
    prune(policy)
    return snapshot


def _take(store: OxigraphStore, target: Path, reason: str, *, automatic: bool) -> Snapshot:
    if store.path is None:
        raise StoreError("an in-memory store has nothing on disk to back up")
    target = target.absolute()
    if target == store.path.absolute() or store.path.absolute() in target.parents:
        raise StoreError(f"cannot back the store up into itself ({target})")
    if target.exists():
        if not target.is_dir() or any(target.iterdir()):
            raise StoreError(
                f"{target} already exists and is not an empty directory; back up into a new one"
            )
        target.rmdir()  # RocksDB makes the directory itself and refuses one that exists
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        store.raw().backup(str(target))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"cannot back the store up into {target}: {exc}") from exc
    # Counted in the copy, not the live store: the service may write between the two.
    quads, maps = _contents(target)
    snapshot = Snapshot(
        path=target,
        created=datetime.now(UTC),
        reason=reason,
        automatic=automatic,
        quads=quads,
        maps=maps,
        argmap_version=_argmap_version(),
    )
    _write_manifest(snapshot, store.path)
    return snapshot


def _contents(path: Path) -> tuple[int, tuple[str, ...]]:
    try:
        copy = ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # missing files; RocksDB's "Corruption" too
        raise StoreError(f"{path} does not open as a store: {exc}") from exc
    try:
        return len(copy), _map_ids(copy)
    finally:
        del copy


def _map_ids(store: ox.Store) -> tuple[str, ...]:
    # A map's graph is named by its IRI, MAP_BASE + id; node IRIs (with a '/') name no graph.
    names = (g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return tuple(sorted(n[len(MAP_BASE) :] for n in names if _is_map_graph(n)))


def _is_map_graph(name: str) -> bool:
    return name.startswith(MAP_BASE) and "/" not in name[len(MAP_BASE) :]


def _write_manifest(snapshot: Snapshot, store_path: Path) -> None:
    manifest = {
        "format": _FORMAT,
        "created": snapshot.created.isoformat(timespec="milliseconds"),
        "reason": snapshot.reason,
        "automatic": snapshot.automatic,
        "quads": snapshot.quads,
        "maps": list(snapshot.maps),
        "argmap": snapshot.argmap_version,
        "store": str(store_path.absolute()),
    }
    # Written beside and renamed in: a manifest is there whole or not at all.
    partial = snapshot.path / (MANIFEST + ".partial")
    try:
        partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        partial.replace(snapshot.path / MANIFEST)
    except OSError as exc:
        raise StoreError(f"cannot write the manifest of {snapshot.path}: {exc}") from exc


def _argmap_version() -> str:
    try:
        return version("argmap")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _new_name(directory: Path, reason: str) -> Path:
    """A new directory for an automatic snapshot: its name sorts by time, then says why."""
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S.") + f"{now.microsecond // 1000:03d}Z"
    slug = re.sub(r"[^A-Za-z0-9._+-]+", "-", reason).strip("-.")[:60] or "snapshot"
    target = directory / f"{stamp}-{slug}"
    n = 2
    while target.exists():  # two in the same millisecond
        target = directory / f"{stamp}-{slug}-{n}"
        n += 1
    return target


# -- reading them --------------------------------------------------------------------------------


def read_snapshot(path: Path) -> Snapshot:
    """The snapshot at `path`, from its manifest; StoreError if it is none."""
    try:
        info = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        return Snapshot(
            path=path,
            created=datetime.fromisoformat(info["created"]),
            reason=str(info["reason"]),
            automatic=bool(info["automatic"]),
            quads=int(info["quads"]),
            maps=tuple(str(m) for m in info["maps"]),
            argmap_version=str(info.get("argmap", "unknown")),
        )
    except FileNotFoundError:
        raise StoreError(
            f"{path} is not an argmap snapshot: it has no {MANIFEST}. Restore a directory "
            "that `argmap backup` made, or one that `argmap snapshots` lists."
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the manifest of {path} cannot be read: {exc}") from exc


def list_snapshots(directory: Path) -> list[Snapshot]:
    """The snapshots in a directory, oldest first (unreadable ones left out)."""
    if not directory.is_dir():
        return []
    found = []
    for child in directory.iterdir():
        if (child / MANIFEST).is_file():
            try:
                found.append(read_snapshot(child))
            except StoreError:
                continue  # one damaged manifest must not hide the others
    return sorted(found, key=lambda s: (s.created, s.name))


def prune(policy: SnapshotPolicy, *, spare: Path | None = None) -> list[Path]:
    """Remove the oldest automatic snapshots beyond `keep` (never `spare`); the paths removed."""
    automatic = [s for s in list_snapshots(policy.directory) if s.automatic]
    excess = automatic[: max(len(automatic) - policy.keep, 0)]
    removed = []
    for snapshot in excess:
        if spare is not None and snapshot.path.absolute() == spare.absolute():
            continue
        shutil.rmtree(snapshot.path, ignore_errors=True)
        removed.append(snapshot.path)
    return removed


# -- restoring one -------------------------------------------------------------------------------


def restore(source: Path, store_path: Path, *, policy: SnapshotPolicy | None = None) -> Restored:
    """Replace the store at `store_path` by the snapshot `source`, after a snapshot of it.

    The store must not be open anywhere (StoreLocked otherwise). `policy` says where the
    before-restore snapshot goes; by default the settings' policy for that store.
    """
    policy = policy or SnapshotPolicy.of(Settings(store=store_path))
    snapshot = read_snapshot(source)
    _contents(source)  # a manifest beside files that do not open is no snapshot either
    store_path = store_path.absolute()
    if store_path == source.absolute() or store_path in source.absolute().parents:
        raise StoreError(f"{source} is the store itself, or inside it; restore another snapshot")
    _require_store_or_nothing(store_path)

    restoring = store_path.with_name(f".{store_path.name}.restoring-{os.getpid()}")
    replaced = store_path.with_name(f".{store_path.name}.replaced-{os.getpid()}")
    for leftover in (restoring, replaced):
        shutil.rmtree(leftover, ignore_errors=True)  # of a restore that was cut short
    replaced_quads, before = 0, None
    replaced_maps: tuple[str, ...] = ()
    exists = store_path.is_dir() and any(store_path.iterdir())
    if exists:
        # Opened to be sure nobody else has it open, and to copy it while that holds.
        current = _open_exclusively(store_path)
        try:
            replaced_quads, replaced_maps = current.quad_count(), _map_ids(current.raw())
            if policy.keep > 0:
                before = _take(
                    current,
                    _new_name(policy.directory, "before-restore"),
                    "before-restore",
                    automatic=True,
                )
        finally:
            # Closed before the swap, not after: RocksDB writes into its directory as it
            # closes, and after the swap that path is the new store's.
            current.close()
    try:
        _copy_store(source, restoring)
        _contents(restoring)  # the copy opens, before the store is touched
        # The swap: two renames in one directory, each atomic. A crash between them leaves the
        # old store beside it, under `replaced`, and the whole new one under `restoring`.
        if exists:
            store_path.rename(replaced)
            # A process that opened the store since it was closed above holds it still.
            _open_exclusively(replaced, shown=store_path).close()
        elif store_path.exists():
            store_path.rmdir()  # an empty directory
        restoring.rename(store_path)
    except BaseException:
        shutil.rmtree(restoring, ignore_errors=True)
        if replaced.exists() and not store_path.exists():
            replaced.rename(store_path)  # put the old store back
        raise
    shutil.rmtree(replaced, ignore_errors=True)
    if before is not None:
        prune(policy, spare=source)  # the snapshot just restored stays, whatever its age
    return Restored(snapshot, store_path, replaced_quads, replaced_maps, before)


def _require_store_or_nothing(path: Path) -> None:
    # Restore deletes what is at the store's path: make sure that is a store, not a directory
    # ARGMAP_STORE names by mistake.
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store; restore into a directory")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise StoreError(
            f"{path} holds files but no store, so restore will not replace it; point "
            "ARGMAP_STORE at the store's directory, or at a new one"
        )


def _open_exclusively(path: Path, *, shown: Path | None = None) -> OxigraphStore:
    try:
        return OxigraphStore(path)
    except StoreLocked as exc:
        raise StoreLocked(
            f"cannot restore into {shown or path}: it is in use by {_holder(path)}. Stop it first "
            "(Ctrl-C where `argmap serve` or that command runs), then run the restore again."
        ) from exc


def _holder(path: Path) -> str:
    try:
        info = json.loads((path / OWNER_FILE).read_text(encoding="utf-8"))
        return f"process {info.get('pid')} (`{info.get('command')}`)"
    except (OSError, ValueError, AttributeError):
        return "another process"


def _copy_store(source: Path, target: Path) -> None:
    """Copy a snapshot's files into a new store directory, without its manifest."""

    def link_or_copy(src: str, dst: str) -> object:
        # RocksDB never changes a table file (.sst) once written, so the store and the snapshot
        # may share it; the files it appends to (the log, MANIFEST-*) must be copies.
        if src.endswith(".sst"):
            try:
                os.link(src, dst)
                return dst
            except OSError:
                pass  # another file system, or links not allowed
        return shutil.copy2(src, dst)

    try:
        shutil.copytree(
            source,
            target,
            copy_function=link_or_copy,
            ignore=shutil.ignore_patterns(MANIFEST, MANIFEST + ".partial", OWNER_FILE, "LOCK"),
        )
    except OSError as exc:
        raise StoreError(f"cannot copy {source} beside the store: {exc}") from exc
