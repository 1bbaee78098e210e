"""Golden files: every format for the Idlib seed and the sample stream, pinned byte for byte.

Reviewed by eye once; regenerate with ``TIMELINE_UPDATE_GOLDEN=1 pytest tests/render``
after an intended change, and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.render.support import SAMPLE, SEED, check_golden, document, load
from timeline import When
from timeline.cli import zone_of
from timeline.render import (
    Document,
    render_ical,
    render_markdown,
    render_mermaid,
    render_timelinejs,
)
from timeline.render.snapshot import (
    build_snapshot,
    render_snapshot_json,
    render_snapshot_markdown,
)

FORMATS: dict[str, Callable[[Document], str]] = {
    "md": lambda doc: render_markdown(doc, mermaid=True),
    "mmd": render_mermaid,
    "timeline.json": render_timelinejs,
    "ics": render_ical,
}
STREAMS = {"idlib-2020": SEED, "sample": SAMPLE}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
@pytest.mark.parametrize("stream", sorted(STREAMS))
def test_document_golden(stream: str, suffix: str) -> None:
    path = STREAMS[stream]
    if not path.exists():
        pytest.skip(f"{path} is not there")
    check_golden(f"{stream}.{suffix}", FORMATS[suffix](document(path)))


@pytest.mark.parametrize("at", ["2020-01-15", "2020-02-03"])
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_snapshot_golden(at: str, fmt: str) -> None:
    loaded = load(SEED)
    report = build_snapshot(
        loaded.store,
        at=When.parse(at, tz=zone_of(loaded)),  # as the command reads it
        sources=loaded.sources,
        gazetteer=loaded.gazetteer,
        title=loaded.title,
    )
    text = render_snapshot_json(report) if fmt == "json" else render_snapshot_markdown(report)
    check_golden(f"idlib-2020.snapshot-{at}.{fmt}", text)


@pytest.mark.parametrize("path", [SEED, SAMPLE], ids=["idlib", "sample"])
def test_same_input_same_bytes(path: Path) -> None:
    first, second = document(path), document(path)
    for render in FORMATS.values():
        assert render(first) == render(second)
    assert first.provenance == second.provenance
