"""Checks shared by the store contract and its backends (private to ``timeline.store``).

The argument checks of the public methods, the expected-version rule, the
rules a restored record must follow, and the signal a backend's storage gives
when an event id is already taken.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat

from timeline.errors import ConcurrencyError, RestoreError, StoreError, StoreInputError
from timeline.events import Event, kinds
from timeline.store.records import ANY, EXISTS, NO_STREAM, Expect, ExpectedVersion, Recorded


class _IdInUse(Exception):  # a signal inside the package, never raised to callers
    """Raised by a backend's ``_insert`` when an event id is already recorded.

    Storage enforces unique ids (as a UNIQUE index does); the contract then
    decides whether the batch was a retry. It never leaves ``timeline.store``.
    """


def _check_stream(stream: object) -> str:
    if type(stream) is not str:
        raise StoreInputError(f"a stream name must be a str, not {type(stream).__name__}")
    if not stream or "\x00" in stream:
        raise StoreError(f"invalid stream name {stream!r}: it must be a non-empty str without NUL")
    return stream


def _check_count(value: object, what: str) -> int:
    if type(value) is not int:
        raise StoreInputError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise StoreError(f"{what} must not be negative, got {value}")
    return value


#: What a backend's ``_insert`` is given as the reported time: one for every
#: event of the batch, or a list with one per event.
Reported = datetime | None | list[datetime | None]


def _check_reported(reported_at: object, count: int | None = None) -> Reported:
    """``reported_at`` as aware UTC datetimes (``None`` stays None).

    One value for the whole batch, or (with ``count``, the batch's length) a
    list or tuple of one per event; a list whose values are all the same
    becomes that one value.
    """
    if isinstance(reported_at, list | tuple) and count is not None:
        if len(reported_at) != count:
            raise StoreInputError(
                f"reported_at has {len(reported_at)} values for {count} events: "
                "give one per event, or one datetime for all"
            )
        each = [_one_reported(value, f"reported_at[{i}]") for i, value in enumerate(reported_at)]
        return each[0] if len(set(each)) == 1 else each
    return _one_reported(reported_at, "reported_at")


def _one_reported(value: object, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise StoreInputError(
            f"{name} must be an aware datetime or None (or, for reported_at, a list of one "
            f"per event), not {type(value).__name__}"
        )
    if value.utcoffset() is None:
        raise StoreError(f"{name} must be timezone-aware, got the naive {value!r}")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _each_reported(reported: Reported, count: int) -> Iterator[datetime | None]:
    """The reported time of each of ``count`` events."""
    return iter(reported) if isinstance(reported, list) else repeat(reported, count)


def _reported_of_new(reported: Reported, ids: list[str], new_ids: list[str]) -> Reported:
    """The reported times of a batch's new events (a repeat keeps its first time)."""
    if not isinstance(reported, list):
        return reported
    first: dict[str, int] = {}
    for i, event_id in enumerate(ids):
        first.setdefault(event_id, i)
    return [reported[first[event_id]] for event_id in new_ids]


def _check_event_id(event_id: object) -> str:
    if type(event_id) is not str:
        raise StoreInputError(f"an event id must be a str, not {type(event_id).__name__}")
    return event_id


def _check_expected(expected: object) -> ExpectedVersion:
    if isinstance(expected, Expect):
        return expected
    if type(expected) is not int:
        raise StoreInputError(
            "expected_version must be ANY, NO_STREAM, EXISTS or an int, "
            f"not {type(expected).__name__}"
        )
    if expected < 0:
        raise StoreError(f"expected_version must not be negative, got {expected}")
    return expected


def _check_events(events: object) -> list[Event]:
    if isinstance(events, Event):
        raise StoreInputError("append takes a sequence of events: wrap a single event in a list")
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise StoreInputError(f"append takes a sequence of events, not {type(events).__name__}")
    batch = list(events)
    if not all(map(isinstance, batch, repeat(Event))):
        for index, item in enumerate(batch):
            if not isinstance(item, Event):
                raise StoreInputError(
                    f"item {index} of the append is a {type(item).__name__}, not an Event; "
                    "nothing was appended"
                )
    registered = kinds()
    classes: set[type[Event]] = set(map(type, batch))
    for cls in classes:
        if registered.get(cls.kind) is not cls:
            raise StoreInputError(
                f"{cls.__module__}.{cls.__qualname__} is not a registered kind, so it could "
                "not be stored or exported; decorate it with @timeline.kind('name'). "
                "Nothing was appended"
            )
    return batch


def _verify_expected(stream: str, expected: ExpectedVersion, actual: int) -> None:
    if expected is ANY:
        return
    if expected is NO_STREAM:
        ok = actual == 0
    elif expected is EXISTS:
        ok = actual > 0
    else:
        ok = actual == expected
    if not ok:
        raise ConcurrencyError(stream, expected, actual)


def _check_continuation(
    records: Sequence[Recorded],
    tail: tuple[int, datetime | None],
    stream_version: Callable[[str], int],
    used: Container[str],
) -> None:
    """Check that ``records`` can be restored as-is at the end of a store.

    Args:
        records: what to restore.
        tail: the store's head position and the recorded time there.
        stream_version: the store's version of a stream.
        used: the event ids among the records' that the store has recorded.

    Raises:
        RestoreError: naming (by ``index``) the first record that cannot be restored.
    """
    position, last = tail
    versions: dict[str, int] = {}
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not isinstance(record, Recorded) or not isinstance(record.event, Event):
            raise RestoreError(f"cannot restore {record!r}: not a Recorded event", index)
        where = f"record at position {record.position}"
        if record.position != position + 1:
            raise RestoreError(
                f"{where}: positions must continue the store gaplessly from {position + 1}",
                index,
            )
        position = record.position
        stream = record.stream
        if type(stream) is not str or not stream or "\x00" in stream:
            raise RestoreError(f"{where}: invalid stream name {stream!r}", index)
        if stream not in versions:
            versions[stream] = stream_version(stream)
        if record.version != versions[stream] + 1:
            raise RestoreError(
                f"{where}: stream {stream!r} continues at version {versions[stream] + 1}, "
                f"not {record.version}",
                index,
            )
        versions[stream] = record.version
        at = record.recorded_at
        if not isinstance(at, datetime) or at.utcoffset() is None:
            raise RestoreError(f"{where}: recorded_at must be an aware datetime, not {at!r}", index)
        if last is not None and at < last:
            raise RestoreError(
                f"{where}: recorded_at {at.isoformat()} is earlier than the record before "
                f"({last.isoformat()}); recorded time never goes backwards",
                index,
            )
        last = at
        reported = record.reported_at
        if reported is not None and (
            not isinstance(reported, datetime) or reported.utcoffset() is None
        ):
            raise RestoreError(
                f"{where}: reported_at must be an aware datetime or None, not {reported!r}", index
            )
        event_id = record.event.id
        if event_id in seen or event_id in used:
            raise RestoreError(f"{where}: event id {event_id!r} is already recorded", index)
        seen.add(event_id)
