"""Wall times a zone skips or shows twice: an error naming both instants, or a chosen fold.

Issue 17: ``2020-03-08T02:30`` in America/New_York silently became 03:30 EDT,
and an ambiguous time silently took its first offset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import codec
from timeline.cli import main
from timeline.errors import AuthoringError, LocalTimeError, WhenError
from timeline.events import Event
from timeline.io.authoring import dumps_stream, loads_stream
from timeline.time import When
from timeline.time.calendar import local_to_utc, wall_instants

NY = "America/New_York"
ZONES = [NY, "Europe/London", "Australia/Lord_Howe", "Asia/Damascus", "America/Santiago"]


def _utc(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_a_time_in_a_gap_is_an_error_naming_both_instants() -> None:
    with pytest.raises(LocalTimeError) as info:
        When.parse("2020-03-08T02:30", tz=NY)
    error = info.value
    assert error.gap
    assert error.candidates == ("2020-03-08T06:30:00Z", "2020-03-08T07:30:00Z")
    assert "does not exist in America/New_York" in str(error)
    assert "2020-03-08T02:30-04:00 or 2020-03-08T02:30-05:00" in str(error)
    assert error.where == "2020-03-08T02:30"
    assert isinstance(error, WhenError)


def test_a_time_in_an_overlap_is_an_error_naming_both_instants() -> None:
    with pytest.raises(LocalTimeError) as info:
        When.from_edtf("2020-11-01T01:30:00", tz=NY)
    assert not info.value.gap
    assert info.value.candidates == ("2020-11-01T05:30:00Z", "2020-11-01T06:30:00Z")
    assert "happens twice in America/New_York" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fold", "instant", "written"),
    [
        ("2020-03-08T02:30", "earlier", "2020-03-08T06:30:00+00:00", "2020-03-08T02:30-04:00"),
        ("2020-03-08T02:30", "later", "2020-03-08T07:30:00+00:00", "2020-03-08T02:30-05:00"),
        ("2020-11-01T01:30", "earlier", "2020-11-01T05:30:00+00:00", "2020-11-01T01:30-04:00"),
        ("2020-11-01T01:30", "later", "2020-11-01T06:30:00+00:00", "2020-11-01T01:30-05:00"),
        # As before the policy: the offset before the change, the text as written.
        ("2020-03-08T02:30", "compatible", "2020-03-08T07:30:00+00:00", "2020-03-08T02:30"),
        ("2020-11-01T01:30", "compatible", "2020-11-01T05:30:00+00:00", "2020-11-01T01:30"),
    ],
)
def test_a_fold_chooses_and_writes_the_offset(
    text: str, fold: str, instant: str, written: str
) -> None:
    when = When.parse(text, tz=NY, fold=fold)  # type: ignore[arg-type]
    assert when.earliest_ts == _utc(instant)
    assert when.to_text() == written
    assert When.parse(when.to_text(), tz=NY, fold="compatible") == when


def test_an_unknown_fold_is_refused() -> None:
    with pytest.raises(LocalTimeError, match="expected one of 'raise', 'earlier'"):
        When.parse("2020-03-08T02:30", tz=NY, fold="first")  # type: ignore[arg-type]


def test_of_and_intervals_and_points_check_every_end() -> None:
    with pytest.raises(LocalTimeError):
        When.of(2020, 3, 8, 2, 30, tz=NY)
    with pytest.raises(LocalTimeError):
        When.parse("2020-03-07/2020-03-08T02:30", tz=NY)
    with pytest.raises(LocalTimeError):
        When.parse("[2020-11-01T01:30..2020-11-02]", tz=NY)
    later = When.of(2020, 3, 8, 2, 30, tz=NY, fold="later")
    assert later.to_text() == "2020-03-08T02:30-05:00"
    span = When.parse("2020-03-07/2020-03-08T02:30", tz=NY, fold="earlier")
    assert span.to_text() == "2020-03-07/2020-03-08T02:30-04:00"


def test_days_that_start_in_a_gap_are_not_a_choice() -> None:
    # Damascus moved its clocks at midnight: the day begins at 01:00, as before.
    day = When.parse("2020-03-27", tz="Asia/Damascus")
    assert day.earliest is not None
    assert day.earliest.hour == 1


wall_times = st.builds(
    datetime,
    st.integers(1971, 2036),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.sampled_from([0, 15, 30, 45, 59]),
)


@given(st.sampled_from(ZONES), wall_times)
def test_raise_fails_exactly_when_a_wall_time_names_two_instants(zone: str, wall: datetime) -> None:
    text = wall.strftime("%Y-%m-%dT%H:%M")
    instants, gap = wall_instants(zone, wall.year, wall.month, wall.day, wall.hour, wall.minute)
    if len(instants) == 1:
        when = When.parse(text, tz=zone)
        assert when.earliest_ts == instants[0]
        return
    with pytest.raises(LocalTimeError) as info:
        When.parse(text, tz=zone)
    assert info.value.gap == gap
    assert info.value.candidates == tuple(
        datetime.fromtimestamp(i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for i in instants
    )


@given(st.sampled_from(ZONES), wall_times, st.sampled_from(["earlier", "later"]))
def test_a_chosen_instant_round_trips_through_text_and_codec(
    zone: str, wall: datetime, fold: str
) -> None:
    text = wall.strftime("%Y-%m-%dT%H:%M")
    when = When.parse(text, tz=zone, fold=fold)  # type: ignore[arg-type]
    instants, _ = wall_instants(zone, wall.year, wall.month, wall.day, wall.hour, wall.minute)
    assert when.earliest_ts == (instants[0] if fold == "earlier" else instants[-1])
    # The text says which instant it is: it reads back alike with no policy at all.
    assert When.parse(when.to_text(), tz=zone) == when
    event = Event(id="e", when=when, summary="x")
    again = codec.decode(codec.encode(event))
    assert again.when == when
    assert again.when.earliest_ts == when.earliest_ts


@given(st.sampled_from(ZONES), wall_times)
def test_compatible_reads_as_older_releases_did(zone: str, wall: datetime) -> None:
    text = wall.strftime("%Y-%m-%dT%H:%M")
    when = When.parse(text, tz=zone, fold="compatible")
    old = local_to_utc(zone, wall.year, wall.month, wall.day, wall.hour, wall.minute)
    assert when.earliest_ts == old
    assert when.to_text() == text


def test_a_stored_record_of_an_older_release_still_decodes() -> None:
    data = codec.encode(Event(id="e", when="2020", summary="x"))
    data["when"] = {"text": "2020-03-08T02:30", "tz": NY}
    event = codec.decode(data)
    assert event.when.earliest_ts == _utc("2020-03-08T07:30:00+00:00")


@given(st.sampled_from(ZONES), wall_times, st.sampled_from([0, 1]))
def test_an_aware_datetime_keeps_its_own_fold(zone: str, wall: datetime, fold: int) -> None:
    moment = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    event = Event(id="e", when=moment, summary="x")
    assert event.when.earliest_ts == int(moment.timestamp())


STREAM = """\
[stream]
name = "ny"
zone = "America/New_York"

[[events]]
id = "a"
when = "{when}"
summary = "x"
"""


def test_a_stream_file_refuses_a_time_in_a_gap_naming_the_field() -> None:
    with pytest.raises(AuthoringError) as info:
        loads_stream(STREAM.format(when="2020-03-08T02:30"), file="ny.toml")
    (problem,) = info.value.problems
    assert problem.field == "when"
    assert problem.line == 7
    assert "2020-03-08T06:30:00Z" in problem.message
    assert "2020-03-08T07:30:00Z" in problem.message


def test_a_stream_file_with_the_offset_written_round_trips() -> None:
    stream = loads_stream(STREAM.format(when="2020-11-01T01:30-05:00"), file="ny.toml")
    (event,) = stream.events
    assert event.when.earliest_ts == _utc("2020-11-01T06:30:00+00:00")
    again = loads_stream(dumps_stream(stream), file="back.toml")
    assert again.events == stream.events


def test_validate_refuses_it_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ny.toml"
    path.write_text(STREAM.format(when="2020-11-01T01:30"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:7: event #1 'a', field 'when': '2020-11-01T01:30' happens twice" in err
    assert "Traceback" not in err


def test_a_command_line_date_in_a_gap_is_refused_not_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ny.toml"
    path.write_text(STREAM.format(when="2020-03-08"), encoding="utf-8")
    assert main(["snapshot", str(path), "--at", "2020-03-08T02:30"]) == 2
    err = capsys.readouterr().err
    assert "does not exist in America/New_York" in err
    assert "Traceback" not in err
    assert main(["snapshot", str(path), "--at", "2020-03-08T02:30-05:00"]) == 0
    assert "02:30 UTC-05:00" in capsys.readouterr().out
