"""Reading the values that tables of every section share: zones, dates, records, names.

:class:`ValueReader` adds to the problem log the checks that the ``[stream]``
table, the catalog tables and the ``[[events]]`` tables all make, each turning
a refused value into a problem on its line instead of an exception.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

from timeline.errors import EventError, WhenError
from timeline.events import Gazetteer
from timeline.io.authoring._problems import ProblemLog, refused_field, show
from timeline.io.authoring._toml_lines import Path
from timeline.time import When
from timeline.time.calendar import check_zone

__all__ = ["HINTS", "ValueReader", "as_day", "field_problems", "json_key"]

HINTS: Final = ("night",)
"""The accepted ``hint`` values of a date."""
_WHEN_KEYS: Final = frozenset({"text", "tz", "phrase", "hint"})
_PHRASE_KEYS: Final = ("when", "reported")


class ValueReader(ProblemLog):
    """A problem log that also reads zones, dates, attrs records and declared names."""

    def check_zone(self, zone: Any, path: Path, field: str, **ctx: Any) -> bool:
        """Whether ``zone`` is a known IANA zone name; a problem if not."""
        if not isinstance(zone, str):
            self.problem(path, f"expected an IANA zone name, got {show(zone)}", field=field, **ctx)
            return False
        try:
            check_zone(zone)
        except WhenError as exc:
            self.problem(path, str(exc), field=field, **ctx)
            return False
        return True

    def reference(self, value: Any, path: Path, prefix: str, **ctx: Any) -> date | None:
        """A ``reference`` day (a TOML date or ISO text); a problem and ``None`` if not."""
        field = f"{prefix}.reference" if prefix else "reference"
        day = as_day(value)
        if day is not None:
            return day
        self.problem(
            path,
            "reference must be a date (2020-02-03, written without quotes, or as ISO text), "
            f"got {show(value)}",
            field=field,
            **ctx,
        )
        return None

    def build(self, cls: type[Any], fields: dict[str, Any], path: Path, prefix: str) -> Any:
        """An attrs record from ``fields``; a problem per field refused (or one for the record)."""
        refused = field_problems(cls, fields)
        for name, message in refused:
            self.problem((*path, name), message, field=f"{prefix}.{name}")
        if refused:
            return None
        try:
            return cls(**fields)
        except (EventError, TypeError, ValueError) as exc:
            field, message = refused_field(exc, fields)
            self.problem(
                (*path, field) if field else path,
                message,
                field=f"{prefix}.{field}" if field else prefix,
            )
            return None

    def resolve_name(
        self, names: Gazetteer, name: str, path: Path, field: str, what: str, **ctx: Any
    ) -> str | None:
        """The id of the declared ``what`` that ``name`` names; a problem and ``None`` if none."""
        try:
            return names.resolve(name)
        except EventError as exc:
            self.problem(path, f"no declared {what}: {exc}", field=field, **ctx)
            return None

    def plain_when(
        self, value: Any, zone: str, path: Path, ctx: dict[str, Any], field: str
    ) -> When | None:
        """A ``when``-like value: EDTF text, a TOML date, or the codec's inline table."""
        name = field or path[-1]
        try:
            if isinstance(value, str):
                return When.parse(value, tz=zone)
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    return When.parse(value.isoformat(timespec="minutes"), tz=zone)
                return When.parse(value.isoformat(), tz=zone)
            if isinstance(value, date):
                return When.parse(value.isoformat(), tz=zone)
            if isinstance(value, dict):
                extra = sorted(set(value) - _WHEN_KEYS)
                text = value.get("text")
                tz = value.get("tz", zone)
                phrase = value.get("phrase")
                hint = value.get("hint")
                if extra or not isinstance(text, str) or not isinstance(tz, str):
                    raise WhenError(
                        "an inline date table has text (EDTF), and optionally tz, phrase and "
                        f"hint; got {show(value)}"
                    )
                if phrase is not None and not isinstance(phrase, str):
                    raise WhenError(f"phrase must be a string, got {show(phrase)}")
                if hint is not None and hint not in HINTS:
                    raise WhenError(f"hint must be one of {', '.join(HINTS)}, got {show(hint)}")
                when = When.parse(text, tz=tz)
                if phrase is not None or hint is not None:
                    when = when.replace(phrase=phrase, hint=hint)
                return when
        except WhenError as exc:
            message = str(exc)
            key = str(path[-1])
            if isinstance(value, str) and re.search(r"[a-z]{3}", value) and key in _PHRASE_KEYS:
                message += f"; for a phrase of reporting such as 'last week', use {key}_phrase"
            self.problem(path, message, field=str(name), **ctx)
            return None
        self.problem(
            path,
            f"expected EDTF text such as '2020-01' or '2016/2019', or a date, got {show(value)}",
            field=str(name),
            **ctx,
        )
        return None


def as_day(value: Any) -> date | None:
    """``value`` as a day if it is one: a TOML date (not a date and time) or ISO text."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def json_key(name: str) -> str:
    """The key a field is written under: a trailing ``_`` that dodges a keyword is dropped."""
    if name.endswith("_") and keyword.iskeyword(name[:-1]):
        return name[:-1]
    return name


def field_problems(cls: type, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for each value of ``fields`` its attrs converter refuses.

    Checking field by field reports every bad field of a record, not only the
    first one its constructor would stop at. Fields without a plain converter
    are left to the constructor.
    """
    out: list[tuple[str, str]] = []
    by_name = attrs.fields_dict(cls)
    for name, value in fields.items():
        field = by_name.get(name)
        converter = None if field is None else field.converter
        if converter is None or isinstance(converter, attrs.Converter) or not callable(converter):
            continue
        try:
            converter(value)
        except (EventError, TypeError, ValueError) as exc:
            out.append((name, refused_field(exc, {name, json_key(name)})[1]))
            continue
        # A kind that checks its fields after construction (the conflict kinds) says
        # what it would refuse, so a missing required field does not hide it.
        check = getattr(cls, "field_problem", None)
        problem = check(name, value) if callable(check) else None
        if isinstance(problem, str):
            out.append((name, problem))
    return out
