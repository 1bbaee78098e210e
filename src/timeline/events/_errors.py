"""Errors about a labelled value: the ``field`` and ``where`` they carry, and the message.

Every spec, converter and plan in this package raises through these helpers, so
each :class:`~timeline.errors.EventError` names its field for programs (``field``,
``where``) as well as in its text.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Final

from timeline.errors import EventError, TimelineError, show_value


def _show(value: Any) -> str:
    return show_value(value)


#: The class part of a label: ``"Capture."`` in ``"Capture.place"`` (plans use ``"kind 'x'."``).
_OWNER: Final = re.compile(r"(?:_*[A-Z][A-Za-z0-9_]*|kind '[^']*')\.")
#: A field path: a name, then any ``[i]``, ``['key']`` or ``.name`` steps.
_PATH: Final = re.compile(r"[a-z_][A-Za-z0-9_]*(?:\[[^\]]*\]|\.[a-z_][A-Za-z0-9_]*)*")


def located(label: str) -> dict[str, str | None]:
    """The ``field`` and ``where`` keywords of an error about the value labelled ``label``.

    Labels are made in this package, never read from user text: ``"Capture.place"``
    (class-qualified, from the annotations), or a bare ``"when"`` where one converter
    serves every class, each with ``[1]``, ``['key']`` or ``.text`` appended for a
    nested value. ``field`` is the label without its class (``"place"``,
    ``"citations[1]"``), or ``None`` when the label names no field; ``where`` is the label.
    """
    owner = _OWNER.match(label)
    path = label[owner.end() :] if owner is not None else label
    return {"field": path if _PATH.fullmatch(path) else None, "where": label}


def error_at(label: str, detail: str, cls: type[EventError] = EventError) -> EventError:
    """``cls("{label}: {detail}")`` carrying the ``field`` and ``where`` of ``label``."""
    return cls(f"{label}: {detail}", **located(label))


def nested(
    label: str, exc: TimelineError, cls: type[EventError] = EventError, message: str | None = None
) -> EventError:
    """``exc``, about a part of the value labelled ``label``, as a ``cls`` about that value.

    The message is ``message``, by default ``"{label}: {exc}"``; the field is the
    path into the value (``"citations[1].source"`` for a citation's ``source``).
    """
    field = located(label)["field"]
    inner = exc.field if isinstance(exc, EventError) else None
    if field is None or inner is None:
        return cls(f"{label}: {exc}" if message is None else message, field=field, where=label)
    return cls(
        f"{label}: {exc}" if message is None else message,
        field=f"{field}.{inner}",
        where=f"{label}.{inner}",
    )


def _fail(where: str, expected: str, value: Any) -> EventError:
    if isinstance(value, _dt.datetime) and value.tzinfo is None:
        return error_at(
            where,
            f"naive datetime {value.isoformat()!r} has no time zone; "
            "pass an aware datetime or a When (When.parse(text, tz=...))",
        )
    return error_at(where, f"expected {expected}, got {_show(value)}")
