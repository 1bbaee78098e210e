"""The TOML authoring format: loading, validation with file/line/event/field, export.

Bad files must fail with every problem named precisely and append nothing;
good files load idempotently; ``load(export(store))`` gives the same events.
"""

from __future__ import annotations

import pickle
import textwrap
import tomllib
from pathlib import Path

import pytest

from timeline import codec
from timeline.events import CatalogEvent, Citation, Event, Stance
from timeline.io import (
    AuthoringError,
    ExportError,
    StreamFile,
    TomlWriteError,
    dumps_stream,
    export_jsonl,
    export_toml,
    import_jsonl,
    load_into,
    load_stream,
    loads_stream,
)
from timeline.store import MemoryStore, SQLiteStore

HEADER = """\
[stream]
name = "test"
zone = "Asia/Damascus"
reference = 2020-02-03

[sources.sohr]
name = "Syrian Observatory for Human Rights"
kind = "monitor"
reliability = "C"

[sources.erdogan]
name = "Recep Tayyip Erdogan"
kind = "person"
"""

GOOD_EVENT = """
[[events]]
id = "deal"
when = "2018"
summary = "Turkey and Russia agree a demilitarized zone"

[[events.citations]]
source = "erdogan"
"""


def write(tmp_path: Path, body: str, name: str = "stream.toml") -> Path:
    """Write ``HEADER`` + ``body`` to a file and return its path."""
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def seeded_store() -> MemoryStore:
    """A store holding one unrelated event, to show a failed load leaves it unchanged."""
    store = MemoryStore()
    store.append("other", [Event(id="unrelated", when="2019", summary="Something else")])
    return store


def failing(path: Path) -> AuthoringError:
    """Load ``path`` into a store and return the error, checking nothing was appended."""
    store = seeded_store()
    with pytest.raises(AuthoringError) as info:
        load_into(store, path)
    assert store.head == 1
    assert store.streams() == ["other"]
    return info.value


# -- bad files ----------------------------------------------------------------------------------


def test_wrong_date_names_file_event_field_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_EVENT
        + """
        [[events]]
        id = "bad-date"
        when = "2020-13"
        summary = "A month that does not exist"
        """,
    )
    error = failing(path)
    (problem,) = error.problems
    assert problem.file == str(path)
    assert (problem.event, problem.event_id, problem.field) == (2, "bad-date", "when")
    assert problem.line == line_of(path, '"2020-13"')
    assert "2020-13" in problem.message
    text = str(error)
    assert f"{path}:{problem.line}: event #2 'bad-date', field 'when'" in text
    assert "nothing was loaded" in text


def test_interval_ending_before_it_starts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "backwards"
        when = "2020-02/2020-01"
        summary = "Ends before it starts"
        """,
    )
    (problem,) = failing(path).problems
    assert problem.field == "when"
    assert "ends before it starts" in problem.message


def test_unknown_source_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "claimed"
        when = "2020-01"
        summary = "Something"

        [[events.citations]]
        source = "sohr"

        [[events.citations]]
        source = "soh"
        stance = "asserts"
        """,
    )
    (problem,) = failing(path).problems
    assert (problem.event, problem.event_id) == (1, "claimed")
    assert problem.field == "citations[1].source"
    assert problem.line == line_of(path, 'source = "soh"')
    assert "unknown source 'soh'" in problem.message
    assert "did you mean 'sohr'" in problem.message


def test_unknown_source_in_an_inline_citation_array(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "inline"
        when = "2020-01"
        summary = "Something"
        citations = [
            { source = "sohr" },
            { source = "nobody", stance = "denies" },
        ]
        """,
    )
    (problem,) = failing(path).problems
    assert problem.field == "citations[1].source"
    assert problem.line == line_of(path, '"nobody"')


def test_unknown_kind(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "odd"
        kind = "conflict.captur"
        when = "2020-01"
        summary = "Something"
        """,
    )
    (problem,) = failing(path).problems
    assert (problem.event_id, problem.field) == ("odd", "kind")
    assert problem.line == line_of(path, "conflict.captur")
    assert "unknown kind 'conflict.captur'" in problem.message
    assert "conflict.capture" in problem.message  # the known kinds are listed


def test_duplicate_id_with_different_content(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_EVENT
        + """
        [[events]]
        id = "deal"
        when = "2019"
        summary = "Turkey and Russia agree a demilitarized zone"
        """,
    )
    (problem,) = failing(path).problems
    assert (problem.event, problem.event_id, problem.field) == (2, "deal", "id")
    assert problem.line == line_of(path, 'id = "deal"', occurrence=2)
    assert f"event #1 (line {line_of(path, '[[events]]')})" in problem.message


def test_duplicate_id_with_identical_content_is_one_event(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_EVENT + GOOD_EVENT)
    assert [e.id for e in load_stream(path).events] == ["deal"]


def test_phrase_that_cannot_be_resolved(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "vague"
        when_phrase = "the other day"
        summary = "Something happened"
        """,
    )
    (problem,) = failing(path).problems
    assert (problem.event_id, problem.field) == ("vague", "when_phrase")
    assert problem.line == line_of(path, "the other day")
    assert "cannot resolve 'the other day'" in problem.message


def test_phrase_without_a_reference(tmp_path: Path) -> None:
    text = HEADER.replace("reference = 2020-02-03\n", "") + textwrap.dedent(
        """
        [[events]]
        id = "when"
        when_phrase = "last week"
        summary = "Something happened"
        """
    )
    with pytest.raises(AuthoringError) as info:
        loads_stream(text, file="inline.toml")
    (problem,) = info.value.problems
    assert problem.file == "inline.toml"
    assert problem.field == "when_phrase"
    assert "needs a reference date" in problem.message


def test_phrase_and_when_that_disagree(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "mismatch"
        when = "2020-01"
        when_phrase = "last week"
        summary = "Something"
        """,
    )
    (problem,) = failing(path).problems
    assert problem.field == "when_phrase"
    assert "resolves to '2020-W05'" in problem.message


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "broken"
        when = "2020
        summary = "x"
        """,
    )
    (problem,) = failing(path).problems
    assert problem.line == line_of(path, 'when = "2020')
    assert problem.column is not None
    assert problem.message.startswith("TOML syntax error")
    assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: TOML syntax error")


def test_unknown_keys_missing_fields_and_kind_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "capture"
        kind = "conflict.capture"
        when = "2020-02-03"
        summary = "Nairab taken"
        place = "nairab"
        taken_by = "syrian-army"

        [[events]]
        id = "no-summary"
        when = "2020"
        sumary = "typo"
        """,
    )
    problems = failing(path).problems
    found = {(p.event_id, p.field) for p in problems}
    assert found == {
        ("capture", "taken_by"),
        ("capture", "by"),
        ("no-summary", "summary"),
        ("no-summary", "sumary"),
    }
    typo = next(p for p in problems if p.field == "sumary")
    assert "did you mean 'summary'" in typo.message
    assert typo.line == line_of(path, "sumary")
    missing = next(p for p in problems if p.field == "by")
    assert "required by kind 'conflict.capture'" in missing.message
    assert missing.line == line_of(path, "[[events]]")


def test_a_kind_fields_own_check_names_the_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "toll"
        kind = "conflict.casualties"
        when = "2020-02-03"
        summary = "Casualties"
        side = "turkey"
        killed = -5
        """,
    )
    (problem,) = failing(path).problems
    assert (problem.event_id, problem.field) == ("toll", "killed")
    assert problem.line == line_of(path, "killed = -5")
    assert "negative" in problem.message


def test_every_problem_is_collected_in_line_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [sources.bad]
        name = "Bad grade"
        reliability = "Z"

        [[events]]
        id = "one"
        when = "2020-13"
        summary = "x"

        [[events]]
        id = "two"
        kind = "nope"
        when = "2020"
        summary = "y"

        [[events]]
        id = "three"
        when_phrase = "someday"
        summary = "z"
        """,
    )
    problems = failing(path).problems
    assert [p.field for p in problems] == [
        "sources.bad.reliability",
        "when",
        "kind",
        "when_phrase",
    ]
    lines = [p.line for p in problems]
    assert lines == sorted(lines)
    assert all(line is not None for line in lines)


def test_references_to_unknown_events_and_declared_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [actors.turkey]
        name = "Turkey"
        aliases = ["Ankara"]

        [[events]]
        id = "claim"
        kind = "claim"
        target = "nowhere"
        when = "2020"
        summary = "A claim about nothing"
        actors = ["Ankara", "Atlantis"]

        [[events.citations]]
        source = "sohr"
        contradicts = ["also-nowhere#erdogan"]
        """,
    )
    problems = failing(path).problems
    assert {p.field for p in problems} == {"target", "actors[1]", "citations[0].contradicts[0]"}
    actor = next(p for p in problems if p.field == "actors[1]")
    assert "no declared actor" in actor.message


def test_names_resolve_to_declared_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [actors.turkey]
        name = "Turkey"
        aliases = ["Ankara"]

        [places.saraqeb]
        name = "Saraqeb"
        aliases = ["Saraqib"]

        [[events]]
        id = "attack"
        kind = "conflict.attack"
        when = "2020"
        summary = "Shelling"
        by = "Ankara"
        where = "SARAQIB"
        """,
    )
    (event,) = load_stream(path).events
    assert event.actors == ("turkey",)
    assert event.places == ("saraqeb",)


def test_missing_stream_and_unknown_top_level_key() -> None:
    with pytest.raises(AuthoringError) as info:
        loads_stream('[streams]\nname = "x"\n', file="f.toml")
    fields = [p.field for p in info.value.problems]
    assert fields == ["streams", "stream"]
    assert info.value.problems[0].line == 1


def test_a_missing_file_is_an_authoring_error(tmp_path: Path) -> None:
    with pytest.raises(AuthoringError, match="No such file"):
        load_stream(tmp_path / "absent.toml")


def test_error_pickles() -> None:
    with pytest.raises(AuthoringError) as info:
        loads_stream("[stream]\n", file="f.toml")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.problems == info.value.problems


# -- good files -----------------------------------------------------------------------------------


def test_phrases_are_resolved_and_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "shelling"
        when_phrase = "overnight"
        summary = "Shelling"

        [[events.citations]]
        source = "erdogan"
        reported_phrase = "on Monday"
        quote = "unbearable"

        [[events]]
        id = "own-reference"
        when_phrase = "last week"
        reference = 2019-01-07
        zone = "Europe/Istanbul"
        summary = "Resolved against its own reference and zone"

        [[events.citations]]
        source = "sohr"
        reported_phrase = "yesterday"
        """,
    )
    shelling, other = load_stream(path).events
    assert shelling.when.phrase == "overnight"
    assert shelling.when.hint == "night"
    assert shelling.when.tz == "Asia/Damascus"
    assert shelling.when.display() == "night of 2–3 February 2020"
    (citation,) = shelling.citations
    assert citation.reported is not None
    assert citation.reported.phrase == "on Monday"
    assert citation.reported.to_text() == "2020-02-03"
    assert other.when.to_text() == "2019-W01"  # 31 December 2018 - 6 January 2019
    assert other.when.tz == "Europe/Istanbul"
    reported = other.citations[0].reported
    assert reported is not None
    assert reported.to_text() == "2019-01-06"  # against the event's own reference


def test_stream_default_for_reported(tmp_path: Path) -> None:
    text = HEADER.replace("[stream]\n", "[stream]\nreported = 2020-02-03\n") + GOOD_EVENT
    (event,) = loads_stream(text).events
    assert event.citations[0].reported is not None
    assert event.citations[0].reported.to_text() == "2020-02-03"


def test_load_twice_appends_nothing_new(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_EVENT)
    store = MemoryStore()
    first = load_into(store, path)
    second = load_into(store, path)
    assert (first.appended, second.appended) == (1, 0)
    # The file's catalog (its settings and declarations) is appended once, before its events.
    assert (first.declared, second.declared) == (first.declared, 0)
    assert first.declared > 0
    assert first.positions == second.positions == (first.declared + 1,)
    assert store.head == first.declared + 1


def test_a_grown_file_appends_only_the_new_events(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_EVENT)
    store = MemoryStore()
    load_into(store, path)
    path.write_text(
        path.read_text()
        + textwrap.dedent(
            """
            [[events]]
            id = "later"
            when = "2019"
            summary = "Another event"
            """
        )
    )
    result = load_into(store, path)
    assert (result.appended, result.declared) == (1, 0)
    assert [r.event.id for r in store.read("test") if not isinstance(r.event, CatalogEvent)] == [
        "deal",
        "later",
    ]


def test_an_edited_event_already_recorded_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_EVENT)
    store = MemoryStore()
    head = load_into(store, path).positions[-1]
    path.write_text(path.read_text().replace('when = "2018"', 'when = "2018-09"'))
    with pytest.raises(AuthoringError) as info:
        load_into(store, path)
    (problem,) = info.value.problems
    assert (problem.event_id, problem.field) == ("deal", "id")
    assert "with other content" in problem.message
    assert "correction" in problem.message
    assert store.head == head


def test_an_id_recorded_in_another_stream_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[events]]
        id = "unrelated"
        when = "2019"
        summary = "Something else"
        """,
    )
    error = failing(path)
    (problem,) = error.problems
    assert "already recorded in stream 'other'" in problem.message


def test_load_into_sqlite(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_EVENT)
    with SQLiteStore(tmp_path / "store.db") as store:
        assert load_into(store, path).appended == 1
        assert load_into(store, path).appended == 0


# -- export and round trips -----------------------------------------------------------------------

ROUND_TRIP = """
[actors.turkey]
name = "Turkey"
aliases = ["Ankara"]

[places.idlib-province]
name = "Idlib province"

[[events]]
id = "shelling"
kind = "conflict.attack"
when_phrase = "overnight"
summary = "Shelling \\"quoted\\" with a backslash \\\\ and a tab\\t"
by = "turkey"
where = "idlib-province"
tags = ["b", "a"]
data = { note = "free", n = 1.5, flags = [true, false] }

[[events.citations]]
source = "erdogan"
stance = "declines_to_confirm"
reported_phrase = "last week"
quote = "line one\\nline two"
credibility = 3

[[events]]
id = "toll"
kind = "conflict.casualties"
when = { text = "2020-02-03", tz = "Europe/Istanbul", phrase = "Monday" }
summary = "Casualties"
side = "turkey"
killed = { low = 13, high = 13, parts = { idlib = 8, latakia = 3, hama = 2 } }
civilians_killed = 3
incident = "shelling"

[[events.citations]]
source = "sohr"
"""


def test_export_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path, ROUND_TRIP)
    store = MemoryStore()
    loaded = load_into(store, path).stream
    out = tmp_path / "export.toml"
    assert export_toml(store, out, catalog=loaded) == 2
    again = load_stream(out)
    recorded = [r.event for r in store.read("test") if not isinstance(r.event, CatalogEvent)]
    assert list(again.events) == recorded
    assert [codec.dumps(e) for e in again.events] == [codec.dumps(e) for e in recorded]
    assert again.sources == loaded.sources
    assert again.actors == loaded.actors
    assert again.places == loaded.places
    assert again.meta == loaded.meta
    # Exporting the export changes nothing.
    assert dumps_stream(again) == out.read_text(encoding="utf-8")
    # The phrase is written as an author would, and checked on the way back in.
    assert 'when_phrase = "overnight"' in out.read_text(encoding="utf-8")


def test_export_without_a_catalog_declares_what_events_cite(tmp_path: Path) -> None:
    store = MemoryStore()
    store.append(
        "bare",
        [
            Event(
                id="e1",
                when="2020-01",
                summary="An event",
                citations=[Citation(source="someone", stance=Stance.DENIES, via="agency")],
            )
        ],
    )
    out = tmp_path / "bare.toml"
    export_toml(store, out)
    again = load_stream(out)
    assert again.name == "bare"
    assert set(again.sources) == {"someone", "agency"}
    assert list(again.events) == [r.event for r in store.read("bare")]


def test_export_needs_a_stream_name_when_there_are_several(tmp_path: Path) -> None:
    store = seeded_store()
    store.append("second", [Event(id="x", when="2020", summary="x")])
    with pytest.raises(ExportError, match="name the one to export"):
        export_toml(store, tmp_path / "out.toml")
    assert export_toml(store, tmp_path / "out.toml", stream="second") == 1


def test_export_refuses_what_toml_cannot_say(tmp_path: Path) -> None:
    store = MemoryStore()
    store.append("s", [Event(id="n", when="2020", summary="x", data={"missing": None})])
    with pytest.raises(TomlWriteError, match="TOML has no null"):
        export_toml(store, tmp_path / "out.toml")
    assert not (tmp_path / "out.toml").exists()


def test_jsonl_round_trip_of_a_loaded_stream(tmp_path: Path) -> None:
    path = write(tmp_path, ROUND_TRIP)
    store = MemoryStore()
    load_into(store, path)
    export_jsonl(store, tmp_path / "out.jsonl")
    copy = MemoryStore()
    import_jsonl(copy, tmp_path / "out.jsonl")
    assert [r.event for r in copy.read_all()] == [r.event for r in store.read_all()]
    # and loading the TOML file into the copy appends nothing new
    assert load_into(copy, path).appended == 0


def test_stream_file_helpers(tmp_path: Path) -> None:
    loaded = load_stream(write(tmp_path, ROUND_TRIP))
    assert isinstance(loaded, StreamFile)
    assert loaded.event("toll").kind == "conflict.casualties"
    with pytest.raises(KeyError):
        loaded.event("absent")
    assert loaded.gazetteer().resolve("Ankara") == "turkey"
    assert tomllib.loads(dumps_stream(loaded))["stream"]["name"] == "test"


def test_places_resolve_without_any_actors_declared(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [places.nairab]
        name = "Nairab"
        aliases = ["Nayrab"]

        [[events]]
        id = "taken"
        kind = "conflict.capture"
        when = "2020-02-03"
        summary = "Nairab taken"
        place = "Nayrab"
        by = "Syrian army"
        """,
    )
    (event,) = load_stream(path).events
    assert event.places == ("nairab",)
    assert event.actors == ("Syrian army",)  # no actors declared: names are kept as written


def test_every_bad_field_of_an_event_and_its_citations_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '''
        [sources.bad-kind]
        name = "A source with a bad kind"
        kind = "newspaper"

        [[events]]
        id = " spaced"
        when = "2020"
        summary = """two
        lines"""
        tags = "single"

        [[events.citations]]
        source = "bad-kind"
        stance = "confirms"
        credibility = 9
        reported = "yesterday"
        ''',
    )
    problems = failing(path).problems
    assert [p.field for p in problems] == [
        "sources.bad-kind.kind",
        "id",
        "summary",
        "tags",
        "citations[0].stance",
        "citations[0].credibility",
        "citations[0].reported",
    ]
    # The source is declared (if broken): citing it is not a second problem.
    reported = problems[-1]
    assert "use reported_phrase" in reported.message


def test_crlf_line_endings_and_a_bom(tmp_path: Path) -> None:
    text = HEADER + textwrap.dedent(
        """
        [[events]]
        id = "bad"
        when = "2020-13"
        summary = "x"
        """
    )
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    (problem,) = failing(path).problems
    assert problem.field == "when"
    assert problem.line == text.splitlines().index('when = "2020-13"') + 1


def test_load_into_another_stream(tmp_path: Path) -> None:
    store = MemoryStore()
    result = load_into(store, write(tmp_path, GOOD_EVENT), stream="renamed")
    assert result.stream.name == "test"
    assert store.streams() == ["renamed"]
    assert load_into(store, tmp_path / "stream.toml", stream="renamed").appended == 0
