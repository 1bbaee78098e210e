"""Shared helpers of the render tests: loading the seed and sample streams, golden files."""

from __future__ import annotations

import os
from pathlib import Path

from timeline.cli import Loaded, load_file
from timeline.render import Document, Filters, build_document

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = ROOT / "seeds" / "idlib-2020.toml"
SAMPLE = DATA / "sample.toml"

#: Set TIMELINE_UPDATE_GOLDEN=1 to rewrite the golden files from the current output.
UPDATE = os.environ.get("TIMELINE_UPDATE_GOLDEN") == "1"


def load(path: Path) -> Loaded:
    """The stream file at ``path``, loaded as the command loads it."""
    return load_file(str(path))


def document(path: Path, filters: Filters | None = None) -> Document:
    """The document of the stream file at ``path``."""
    loaded = load(path)
    return build_document(
        loaded.store,
        filters=filters,
        sources=loaded.sources,
        gazetteer=loaded.gazetteer,
        title=loaded.title,
    )


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/name`` byte for byte (or rewrite it when updating)."""
    path = GOLDEN / name
    data = text.encode()
    if UPDATE or not path.exists():
        path.write_bytes(data)
        if not UPDATE:
            raise AssertionError(f"{path} did not exist: written; review it and run again")
        return
    expected = path.read_bytes()
    assert data == expected, (
        f"{name} differs from its golden file; if the change is intended, review it and "
        "run with TIMELINE_UPDATE_GOLDEN=1"
    )
