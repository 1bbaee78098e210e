"""Every error the library raises, in one place.

All derive from :class:`TimelineError`, so a caller can catch one type. Two
families sit under it:

* **Bad values** (also :class:`ValueError`): a date, event, stream file or
  argument that breaks a rule. Each names the input, where it was found and
  what would be accepted, and carries that structure as attributes
  (``field``, ``where``) so that callers never parse the message.
* **Store conditions** (:class:`StoreError` and its subclasses that are not
  about a value): a stale expected version, a closed store, a file that is
  not a store. These are *not* :class:`ValueError`, so ``except ValueError``
  around a bad argument does not swallow a concurrency conflict.

The hierarchy::

    TimelineError
    ├── WhenError                 (ValueError) dates, intervals, phrases, zones
    │   └── LocalTimeError        a wall time the zone skips or shows twice (DST)
    ├── EventError                (ValueError) events, sources, citations, entities
    │   ├── KindError
    │   │   └── UnknownKindError
    │   ├── DecodeError
    │   └── EntityError
    ├── ProjectionError           (ValueError) projection, chronology, snapshot arguments
    ├── ConflictError             (ValueError) conflict-pack arguments
    ├── RenderError               (ValueError) documents and formats
    ├── AuthoringError            (ValueError) a stream file, with every Problem found
    ├── ExportError               (ValueError) an export that cannot be made as asked
    ├── MissingExtraError         (ImportError) an optional extra that is not installed
    ├── TomlWriteError            (ValueError) a value TOML cannot hold
    ├── DatasetError              (ValueError) a dataset file or release that cannot be imported
    └── StoreError
        ├── StoreInputError       (TypeError) a store argument of the wrong type
        ├── StoreClosedError
        ├── StoreFormatError      a file that is not a store, or from a newer release
        ├── ConcurrencyError      the expected version did not match
        ├── DuplicateEventError   an id already recorded with other content
        ├── UnknownReferenceError (ValueError) an event naming an id the store does not hold
        ├── CatalogConflictError  (ValueError) a declaration at odds with the catalog
        ├── RestoreError          a record that cannot be restored as-is (its ``index``)
        └── JSONLError            (ValueError) a JSON Lines file that cannot be imported
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "AuthoringError",
    "CatalogConflictError",
    "ConcurrencyError",
    "ConflictError",
    "ConstraintError",
    "CorrectionRefusedError",
    "DatasetError",
    "DecodeError",
    "DuplicateEventError",
    "EntityError",
    "EventError",
    "ExportError",
    "JSONLError",
    "KindError",
    "LocalTimeError",
    "MissingExtraError",
    "Problem",
    "ProjectionError",
    "RenderError",
    "RestoreError",
    "StoreClosedError",
    "StoreError",
    "StoreFormatError",
    "StoreInputError",
    "TimelineError",
    "TomlWriteError",
    "UnknownKindError",
    "UnknownReferenceError",
    "WhenError",
    "show_value",
]


def show_value(value: Any, limit: int = 80) -> str:
    """``value`` as an error message shows it: its repr, cut to ``limit`` characters, and its type.

    >>> show_value("2020-13")
    "'2020-13' (str)"
    >>> show_value(list(range(40)), limit=20)
    '[0, 1, 2, 3, 4, 5... (list)'
    """
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{text} ({type(value).__name__})"


class TimelineError(Exception):
    """Base class of every error raised by ``timeline``.

    Attributes:
        field: the field the error is about (``"when"``, ``"citations[1].source"``),
            when there is one.
        where: where the bad value was found (``"Capture.place"``, a file and
            line, a phrase), when that can be told.
    """

    def __init__(self, message: str = "", *, field: str | None = None, where: str | None = None):
        super().__init__(message)
        self.field = field
        self.where = where

    @property
    def message(self) -> str:
        """The message alone, as passed in."""
        return str(self.args[0]) if self.args else ""


# -- bad values -----------------------------------------------------------------------------


class WhenError(TimelineError, ValueError):
    """A date, interval, phrase or time zone that cannot be understood.

    ``where`` names the text that was read (the EDTF string or the phrase).
    """


class ConstraintError(TimelineError, ValueError):
    """Constraints between events that cannot hold, or that name an event not known.

    The message names the cycle (``'a' -> 'b' -> 'a'``) or the two bounds
    that cannot both hold and the chains of constraints they come from;
    ``where`` is an event id involved.
    """


class LocalTimeError(WhenError):
    """A wall time its zone skips (a DST gap) or shows twice (an overlap), with no policy given.

    ``2020-03-08T02:30`` in America/New_York does not exist (clocks went from
    02:00 to 03:00); ``2020-11-01T01:30`` there happens twice. The message names
    both instants it could mean; pass ``fold="earlier"`` or ``fold="later"``
    to :meth:`timeline.When.parse` (or write the UTC offset) to choose one.

    Attributes:
        gap: ``True`` for a wall time that does not exist, ``False`` for one that
            occurs twice.
        candidates: the two instants it could mean, earlier first, as ISO text in UTC.
    """

    def __init__(
        self,
        message: str = "",
        *,
        gap: bool = False,
        candidates: tuple[str, ...] = (),
        field: str | None = None,
        where: str | None = None,
    ):
        super().__init__(message, field=field, where=where)
        self.gap = gap
        self.candidates = candidates


class EventError(TimelineError, ValueError):
    """An event, source, citation or entity that breaks a rule.

    ``where`` is the class-qualified field (``"Capture.place"``) and ``field``
    the field's own name (``"place"``), so a reader of a stream file can point
    at the line without parsing the message.
    """


class KindError(EventError):
    """A kind registration that cannot work: bad name, clash, a field the codec cannot write."""


class UnknownKindError(KindError):
    """A kind name that no registered class (or upcaster) answers to."""


class DecodeError(EventError):
    """Data that cannot be decoded: names the kind, the field and what was expected."""


class EntityError(EventError):
    """An actor or place name that cannot be resolved, or aliases that clash."""


class ProjectionError(TimelineError, ValueError):
    """A bad argument to a projection runner, chronology or snapshot query."""


class ConflictError(TimelineError, ValueError):
    """A bad argument to the conflict pack (a projection's options, a state query)."""


class RenderError(TimelineError, ValueError):
    """A document cannot be built or rendered (a bad filter, an unknown format)."""


class TomlWriteError(TimelineError, ValueError):
    """A value that TOML cannot represent (``None``, NaN, a too large integer...)."""


class ExportError(TimelineError, ValueError):
    """A store that cannot be exported as asked (no stream named among several)."""


class MissingExtraError(TimelineError, ImportError):
    """A feature needs an optional extra that is not installed.

    ``extra`` names it (``"pandas"``: ``pip install 'timeline-ledger[pandas]'``)
    and ``where`` the module that could not be imported.
    """

    def __init__(self, message: str = "", *, extra: str, where: str | None = None):
        super().__init__(message, field=None, where=where)
        self.extra = extra


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a stream file, and where.

    ``str(problem)`` reads
    ``seeds/idlib.toml:42: event #7 'nairab-taken', field 'when_phrase': cannot resolve ...``.
    """

    file: str
    """The file's name (``"<string>"`` for text)."""
    line: int | None
    """The 1-based line the problem is on, when it can be told."""
    message: str
    """What is wrong, and what would be accepted."""
    event: int | None = None
    """The 1-based position of the ``[[events]]`` table, for a problem in an event."""
    event_id: str | None = None
    """That event's id, if it has a usable one."""
    field: str | None = None
    """The field: ``"when_phrase"``, ``"citations[1].source"``, ``"stream.zone"``..."""
    column: int | None = None
    """The 1-based column, when the TOML reader gives one (syntax errors)."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        parts = []
        if self.event is not None:
            label = f"event #{self.event}"
            if self.event_id is not None:
                label += f" {self.event_id!r}"
            parts.append(label)
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        context = ", ".join(parts)
        return f"{where}: {context}: {self.message}" if context else f"{where}: {self.message}"


class AuthoringError(TimelineError, ValueError):
    """A stream file that cannot be loaded: every problem found, none appended.

    Attributes:
        file: the file's name.
        problems: every :class:`Problem`, in file order.
    """

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        """Make the error from the ``problems`` found in ``file``."""
        self.file = file
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{file}: {count} {noun}; nothing was loaded:\n{lines}", where=file)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.file, self.problems))


class DatasetError(TimelineError, ValueError):
    """A dataset file (UCDP GED...) or release that cannot be imported as asked; nothing was.

    Attributes:
        file: the file's name.
        problems: every :class:`Problem` found (bad rows, with their lines), in file order;
            empty when the whole file or the release is at fault (the message says why).
    """

    def __init__(self, file: str, message: str, problems: Sequence[Problem] = ()) -> None:
        """Make the error for ``file``: ``message``, then one line per problem."""
        self.file = file
        self.problems = tuple(problems)
        lines = "".join(f"\n  {problem}" for problem in self.problems)
        super().__init__(f"{file}: {message}; nothing was imported{lines}", where=file)
        self.reason = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.file, self.reason, self.problems))


# -- store conditions ---------------------------------------------------------------------------


class StoreError(TimelineError):
    """Base class of the errors raised by a store."""


class StoreInputError(StoreError, TypeError):
    """An argument to a store method has the wrong type (also a :class:`TypeError`)."""


class StoreClosedError(StoreError):
    """The store was closed and cannot be used any more."""


class StoreFormatError(StoreError):
    """A storage file is not a timeline store, or was written by a newer version."""


class ConcurrencyError(StoreError):
    """The stream's version did not match the ``expected_version`` of an append.

    Attributes:
        stream: the stream appended to.
        expected: what the caller expected (:data:`~timeline.ANY`,
            :data:`~timeline.NO_STREAM`, :data:`~timeline.EXISTS` or an int).
        actual: the stream's version when the append was tried.
    """

    def __init__(self, stream: str, expected: Any, actual: int) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        if isinstance(expected, int):
            wanted = f"version {expected}"
        elif getattr(expected, "value", None) == "exists":
            wanted = "an existing stream"
        else:
            wanted = "no stream"
        found = "does not exist (version 0)" if actual == 0 else f"is at version {actual}"
        super().__init__(
            f"concurrency conflict on stream {stream!r}: expected {wanted}, "
            f"but the stream {found}; nothing was appended",
            where=stream,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.stream, self.expected, self.actual))


class DuplicateEventError(StoreError):
    """An event id is already recorded, with different content or in another stream.

    Attributes:
        event_id: the id in question.
        stream: the stream it is recorded in.
        position: its global position (``None`` if the clash is inside the batch).
        appending_to: the stream the rejected append was for.
    """

    def __init__(self, event_id: str, stream: str, position: int | None, appending_to: str) -> None:
        self.event_id = event_id
        self.stream = stream
        self.position = position
        self.appending_to = appending_to
        if position is None:
            where = "earlier in the same append"
        else:
            where = f"in stream {stream!r} at position {position}"
        if stream != appending_to:
            why = "an event id can be recorded in one stream only"
        else:
            why = "with different content; record a correction as a new event instead"
        super().__init__(
            f"event id {event_id!r} is already recorded {where} ({why}); "
            f"nothing was appended to {appending_to!r}",
            where=appending_to,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_id, self.stream, self.position, self.appending_to))


class RestoreError(StoreError):
    """A record that cannot be restored as-is at the end of a store (an importer's copy).

    Attributes:
        index: the 0-based index of the first record that cannot be restored.
    """

    def __init__(self, message: str, index: int) -> None:
        self.index = index
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.index))


class UnknownReferenceError(StoreError, ValueError):
    """An appended event refers to an id the store does not hold (nor the same append).

    Attributes:
        event_id: the id of the event that refers.
        field: where in it (``"target"``, ``"citations[0].source"``).
        missing: the id it names.
        to: what that id should name: ``"event"``, ``"source"``, ``"actor"``, ``"place"``,
            or a namespace of names such as ``"agreement"``.
        stream: the stream the refused append was for.
    """

    def __init__(self, event_id: str, field: str, missing: str, to: str, stream: str) -> None:
        self.event_id = event_id
        self.missing = missing
        self.to = to
        self.stream = stream
        if to == "event":
            known = "an event recorded in this store or appended with it"
        elif to in ("source", "actor", "place"):
            known = f"a {to} declared in this store's catalog or in the same append"
        else:  # a name of a kind's namespace (an agreement's id)
            article = "an" if to[:1] in "aeiou" else "a"
            known = f"{article} {to} id set up by an event of this store or of the same append"
        super().__init__(
            f"event {event_id!r}, field {field!r}: {missing!r} is not {known}; "
            f"nothing was appended to {stream!r}",
            field=field,
            where=event_id,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_id, self.field, self.missing, self.to, self.stream))


class CatalogConflictError(StoreError, ValueError):
    """A declaration that contradicts the store's catalog.

    Either it gives an id declared with other content without saying it
    ``amends`` it, or it declares an actor and a place under one id.

    Attributes:
        event_id: the refused declaration event.
        what: ``"source"``, ``"actor"`` or ``"place"``.
        entity: the declared id.
        stream: the stream the refused append was for.
        declared_in: where the catalog's declaration was recorded (an object
            with ``stream`` and ``position``), or ``None`` if earlier in the same append.
        other: for a clash of kinds, what the id already names.
    """

    def __init__(
        self,
        event_id: str,
        what: str,
        entity: str,
        stream: str,
        declared_in: Any = None,
        other: str | None = None,
    ) -> None:
        self.event_id = event_id
        self.what = what
        self.entity = entity
        self.stream = stream
        self.declared_in = declared_in
        self.other = other
        if declared_in is None:
            place = "earlier in the same append"
        else:
            place = f"in stream {declared_in.stream!r} at position {declared_in.position}"
        if other is None:
            problem = (
                f"{what} {entity!r} is already declared {place} with other content; "
                "declare it with amends=True to amend it"
            )
        else:
            problem = f"{entity!r} is already declared as {other} {place}; an id names one entry"
        super().__init__(
            f"event {event_id!r}: {problem}; nothing was appended to {stream!r}",
            field=what,
            where=event_id,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.event_id, self.what, self.entity, self.stream, self.declared_in, self.other),
        )


class CorrectionRefusedError(StoreError, ValueError):
    """A correction whose ``changes`` cannot apply to the event it corrects.

    Attributes:
        event_id: the refused correction.
        target: the id of the event it corrects.
        refused: each change that cannot apply (``"changes.when"``) with why.
        stream: the stream the refused append was for.
    """

    def __init__(self, event_id: str, target: str, refused: dict[str, str], stream: str) -> None:
        self.event_id = event_id
        self.target = target
        self.refused = dict(refused)
        self.stream = stream
        reasons = "; ".join(f"{field} {why}" for field, why in refused.items())
        super().__init__(
            f"event {event_id!r}: its correction of {target!r} cannot apply: {reasons}; "
            f"nothing was appended to {stream!r}",
            field=next(iter(refused), "changes"),
            where=event_id,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_id, self.target, self.refused, self.stream))


class JSONLError(StoreError, ValueError):
    """A line of a JSON Lines file that cannot be imported.

    Attributes:
        file: the file's name (or ``"<stream>"`` for an unnamed file object).
        line: the 1-based line number.
    """

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        super().__init__(f"{file}:{line}: {message}; nothing was imported", where=f"{file}:{line}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.file, self.line, self.message))
