"""The round-trip law: every copy of a record renders the same (issue 10, item 2).

For a stream file F: the SQLite store made from F, its JSON Lines export, the
store re-imported from that export, and the stream file written back from the
store give byte-identical output to the same command on F.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.cli import main
from timeline.errors import ConstraintError
from timeline.events import Actor, Citation, Event, Place
from timeline.io.authoring import StreamFile, StreamMeta, dumps_stream
from timeline.strategies import constraints, slugs, sources
from timeline.time import When
from timeline.time.constraints import Network

SEED = Path(__file__).resolve().parents[2] / "seeds" / "idlib-2020.toml"


def cli(*argv: object) -> str:
    """Run the command in-process; its standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main([str(a) for a in argv])
    assert status == 0, argv
    return out.getvalue()


def cli_file(tmp: Path, *argv: object) -> bytes:
    """Run the command in-process with ``-o``; the bytes it wrote."""
    out = tmp / "out"
    out.unlink(missing_ok=True)
    cli(*argv, "-o", out)
    return out.read_bytes()


def copies(source: Path, tmp: Path, stream: str) -> list[Path]:
    """The copies of ``source``: SQLite, JSON Lines, SQLite again, the stream file written back."""
    db = tmp / "a.db"
    jsonl = tmp / "a.jsonl"
    again = tmp / "b.db"
    back = tmp / "back.toml"
    for path in (db, jsonl, again, back):
        path.unlink(missing_ok=True)
    cli("import", source, db)
    cli("export", db, "-o", jsonl)
    cli("import", jsonl, again)
    cli("export", again, "--format", "toml", "--stream", stream, "-o", back)
    return [db, jsonl, again, back]


@st.composite
def stream_files(draw: st.DrawFn) -> str:
    """The text of a stream file with a catalog: settings, sources, actors, places, events.

    Events may state constraints on earlier ones (those that hold together).
    """
    zone = draw(st.sampled_from(["UTC", "Asia/Damascus", "America/New_York"]))
    reference = draw(st.booleans())
    meta = StreamMeta(
        name="generated",
        title=draw(st.sampled_from([None, "A generated stream", "Ça va, “quoted”"])),
        zone=zone,
        reference=date(2020, 2, 3) if reference else None,
    )
    drawn = draw(st.lists(sources(), min_size=1, max_size=3, unique_by=lambda s: s.id))
    # an affiliation must name a declared actor: drop the generated ones
    declared = [attrs.evolve(s, affiliation=None) for s in drawn]
    actor_ids = draw(st.lists(slugs(), max_size=2, unique=True))
    actors = [Actor(id=f"a-{a}", name=f"Actor {a}") for a in actor_ids]
    place_ids = draw(st.lists(slugs(), max_size=2, unique=True))
    places = [Place(id=f"p-{p}", name=f"Place {p}") for p in place_ids]
    days = ["2020-01-15", "2020-02-02", "2020-02-03", "2020-02-03T22:30", "2020-02", "2019"]
    events: list[Event] = []
    network = Network()  # constraints are kept only where they hold with those before
    for index in range(draw(st.integers(1, 4))):
        when = When.parse(draw(st.sampled_from(days)), tz=zone)
        stated = []
        if events:
            earlier = st.sampled_from([e.id for e in events])
            stated = draw(st.lists(constraints(events=earlier), max_size=2))
        network.add([(f"e{index}", when.box(), [])])
        kept = []
        for constraint in stated:
            try:
                network.constrain([(f"e{index}", constraint.statement())])
            except ConstraintError:
                continue
            kept.append(constraint)
        events.append(
            Event(
                id=f"e{index}",
                when=when,
                summary=f"Event {index}",
                actors=[a.id for a in actors][: draw(st.integers(0, len(actors)))],
                places=[p.id for p in places][: draw(st.integers(0, len(places)))],
                citations=[Citation(source=draw(st.sampled_from(declared)).id)],
                constraints=kept,
            )
        )
    return dumps_stream(
        StreamFile(
            meta=meta,
            sources={s.id: s for s in declared},
            actors=tuple(actors),
            places=tuple(places),
            events=tuple(events),
        )
    )


FORMATS = ("md", "mermaid", "timelinejs")


@pytest.mark.parametrize("fmt", ["html", "ics"])
def test_the_idlib_seed_renders_the_same_html_and_ics_from_every_copy(
    tmp_path: Path, fmt: str
) -> None:
    expected = cli_file(tmp_path, "render", SEED, "--format", fmt)
    for path in copies(SEED, tmp_path, "idlib-2020"):
        assert cli_file(tmp_path, "render", path, "--format", fmt) == expected, path.name


def test_the_idlib_seed_renders_the_same_from_every_copy(tmp_path: Path) -> None:
    paths = copies(SEED, tmp_path, "idlib-2020")
    for fmt in FORMATS:
        expected = cli_file(tmp_path, "render", SEED, "--format", fmt)
        for path in paths:
            got = cli_file(tmp_path, "render", path, "--format", fmt)
            assert got == expected, (fmt, path.name)
    for fmt in ("md", "json"):
        for at in ("2020-01-15", "2020-02-03"):
            expected = cli("snapshot", SEED, "--at", at, "--format", fmt)
            for path in paths:
                got = cli("snapshot", path, "--at", at, "--format", fmt)
                assert got == expected, (fmt, at, path.name)


def test_the_copies_keep_the_catalog(tmp_path: Path) -> None:
    md = cli("render", copies(SEED, tmp_path, "idlib-2020")[0], "--format", "md")
    assert "Idlib, early 2020" in md  # the title, not "Chronology: idlib-2020"
    assert "Recep Tayyip Erdogan" in md  # the source's name, not its id
    back = (tmp_path / "back.toml").read_text(encoding="utf-8")
    for table in (
        "[sources.sohr]",
        "[actors.turkey]",
        "[places.saraqeb]",
        'zone = "Asia/Damascus"',
    ):
        assert table in back


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=stream_files())
def test_every_copy_of_a_generated_stream_renders_the_same(tmp_path: Path, text: str) -> None:
    source = tmp_path / "f.toml"
    source.write_text(text, encoding="utf-8")
    paths = copies(source, tmp_path, "generated")
    expected = [cli("render", source, "--format", "md")]
    expected.append(cli("snapshot", source, "--at", "2020-02-03", "--format", "json"))
    for path in paths:
        got = [cli("render", path, "--format", "md")]
        got.append(cli("snapshot", path, "--at", "2020-02-03", "--format", "json"))
        assert got == expected, path.name


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
