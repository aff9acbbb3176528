"""Import: read a file in one of the formats and hand its maps to the one write pipeline."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Protocol

from argmap import resources
from argmap.authoring import project_root_for
from argmap.errors import ImportFormatError
from argmap.pipeline import (
    ImportReport,
    ParsedMap,
    Progress,
    StepCounter,
    steps_for,
    write_maps,
)
from argmap.store import Store

from ._aif import default_map_id, read_aif
from ._contract import read_contract_form
from ._rdf import RDF_FORMATS, read_rdf
from ._yaml import read_yaml

FORMATS: tuple[str, ...] = ("aif", *RDF_FORMATS, "yaml")
"""The formats `import` reads, by the name the CLI and the API take."""

ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "yml": "yaml",
    "xaif": "aif",
    "aifdb": "aif",
    "ova": "aif",
}
EXTENSIONS: dict[str, str] = {
    ".json": "aif",
    ".jsonld": "jsonld",
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".yaml": "yaml",
    ".yml": "yaml",
}


def normalise_format(fmt: str) -> str:
    """The canonical name of a format (aliases such as `ttl` or `json-ld` accepted)."""
    name = ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if name not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return name


def guess_format(name: str, data: bytes | None = None) -> str:
    """The format of a file from its extension; a `.json` file with `@context` is JSON-LD."""
    suffix = PurePath(name).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        raise ImportFormatError(
            f"cannot tell the format of {name} from its extension; give --format "
            f"({', '.join(FORMATS)})"
        )
    if fmt == "aif" and data is not None and b'"@context"' in data[:4096]:
        return "jsonld"
    return fmt


class Reader(Protocol):
    """A format's reader: the maps in a file's bytes (`path` is set when the file is on disk)."""

    def __call__(
        self, data: bytes, *, name: str, map_id: str | None, path: Path | None
    ) -> list[ParsedMap]: ...


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{name} is not UTF-8 text: {exc}") from exc


def _aif_reader(
    data: bytes, *, name: str, map_id: str | None, path: Path | None
) -> list[ParsedMap]:
    return [read_aif(_decode(data, name), map_id or default_map_id(name), name=name)]


def _rdf_reader(fmt: str) -> Reader:
    def read(data: bytes, *, name: str, map_id: str | None, path: Path | None) -> list[ParsedMap]:
        if map_id is None:
            # A dump or a generated corpus is read as it is, at engine speed.
            fast = read_contract_form(data, fmt, name)
            if fast is not None:
                return fast
        return read_rdf(_decode(data, name), fmt, map_id=map_id, name=name)

    return read


def _yaml_reader(
    data: bytes, *, name: str, map_id: str | None, path: Path | None
) -> list[ParsedMap]:
    if path is not None:
        return [read_yaml(path, map_id)]
    # An upload has no place on disk: its `text:` is looked up among the project's texts.
    with tempfile.TemporaryDirectory(prefix="argmap-import-") as folder:
        copy = Path(folder) / (PurePath(name).name or "upload.yaml")
        copy.write_bytes(data)
        return [read_yaml(copy, map_id, root=resources.data_dir().parent)]


READERS: dict[str, Reader] = {
    "aif": _aif_reader,
    **{fmt: _rdf_reader(fmt) for fmt in RDF_FORMATS},
    "yaml": _yaml_reader,
}
"""The reader of each format, by the name the CLI and the API take."""


def read_maps(
    data: bytes,
    fmt: str,
    *,
    name: str,
    map_id: str | None = None,
    path: Path | None = None,
) -> list[ParsedMap]:
    """The maps in a file's bytes, read in format `fmt` (no store involved)."""
    return READERS[normalise_format(fmt)](data, name=name, map_id=map_id, path=path)


def import_file(
    store: Store,
    path: Path,
    fmt: str | None = None,
    map_id: str | None = None,
    *,
    replace: bool = False,
    reason: bool | None = None,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Import every map of a file, or of every file in a folder, into `store`, all or nothing.

    A folder's files (those with a known extension, in name order; subfolders are not read)
    are one write: a problem in any of them stores none. `progress` is told each step.
    """
    files = _files_of(path)
    if map_id is not None and len(files) > 1:
        raise ImportFormatError(
            f"{path} holds {len(files)} files; --map-id applies only to a file with one map"
        )
    parsed: list[ParsedMap] = []
    formats = set()
    # The write's steps are counted once the maps are known (StepCounter grows the total
    # for the maps HermiT turns out to run on).
    step = StepCounter(progress, len(files) + steps_for(0))
    for file in files:
        step(f"read {file.name}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise ImportFormatError(f"cannot read {file}: {exc.strerror or exc}") from exc
        file_fmt = normalise_format(fmt) if fmt else guess_format(file.name, data)
        formats.add(file_fmt)
        parsed += read_maps(data, file_fmt, name=file.name, map_id=map_id, path=file)
    roots = [project_root_for(files[0]), resources.data_dir().parent]
    step.total = len(files) + steps_for(len(parsed) if reason else 0)
    reports = write_maps(
        store,
        parsed,
        fmt="+".join(sorted(formats)),
        name=path.name,
        replace=replace,
        reason=reason,
        roots=roots,
        step=step,
    )
    step.finish()
    return reports


def _files_of(path: Path) -> list[Path]:
    """The file itself, or the files of a folder that have an extension `import` reads."""
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS)
    if not files:
        raise ImportFormatError(
            f"the folder {path} holds no file to import (extensions: {', '.join(EXTENSIONS)})"
        )
    return files


def import_data(
    store: Store,
    data: bytes,
    fmt: str,
    *,
    name: str = "upload",
    map_id: str | None = None,
    replace: bool = False,
    reason: bool | None = None,
) -> list[ImportReport]:
    """Import the maps of uploaded bytes (for the HTTP API), all or nothing."""
    fmt = normalise_format(fmt)
    parsed = read_maps(data, fmt, name=name, map_id=map_id)
    return write_maps(
        store,
        parsed,
        fmt=fmt,
        name=name,
        replace=replace,
        reason=reason,
        roots=[resources.data_dir().parent],
    )
