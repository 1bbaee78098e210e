"""Problem reporting for the stream-file reader: the syntax check, and a log of problems.

A file is read in one pass that collects every problem instead of stopping at
the first, so an author fixes them all at once. :class:`ProblemLog` is that
collection: each problem is located on its line (``_toml_lines``) and named by
event and field. The small text helpers that every message uses are here too.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any, Final

from timeline.errors import AuthoringError, EventError, Problem, show_value
from timeline.io.authoring._toml_lines import Path, TomlLines, locate

__all__ = ["ProblemLog", "parse", "refused_field", "show", "suggestion"]

_SYNTAX_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse(text: str, file: str) -> dict[str, Any]:
    """The TOML document ``text``; a syntax error is an :class:`AuthoringError` with its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _SYNTAX_POSITION.search(message)
        line = column = None
        if found is not None:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        problem = Problem(
            file=file,
            line=line,
            column=column,
            message=f"TOML syntax error: {message}",
        )
        raise AuthoringError(file, [problem]) from exc
    except RecursionError as exc:  # tomllib recurses once per nested array or table
        problem = Problem(
            file=file,
            line=None,
            message="TOML nested too deeply: arrays or inline tables inside each other "
            "hundreds of levels deep; a stream file needs a few",
        )
        raise AuthoringError(file, [problem]) from exc


class ProblemLog:
    """The problems found in one file so far, each located on its line."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.problems: list[Problem] = []
        # Things worth a reviewer's look that do not stop the file from loading.
        self.warnings: list[Problem] = []
        self._lines: TomlLines | None = None

    @property
    def lines(self) -> TomlLines:
        """Where each path of the file is written (scanned on first use)."""
        if self._lines is None:
            self._lines = locate(self.text)
        return self._lines

    def problem(
        self,
        path: Path,
        message: str,
        *,
        field: str | None = None,
        event: int | None = None,
        event_id: str | None = None,
    ) -> None:
        """Record a problem at ``path`` (``event`` is the 0-based index of its ``[[events]]``)."""
        self.problems.append(
            Problem(
                file=self.file,
                line=self.lines.line(path),
                message=message,
                event=None if event is None else event + 1,
                event_id=event_id,
                field=field,
            )
        )

    def warning(
        self,
        path: Path,
        message: str,
        *,
        field: str | None = None,
        event: int | None = None,
        event_id: str | None = None,
    ) -> None:
        """Record a warning at ``path``: the file still loads."""
        self.warnings.append(
            Problem(
                file=self.file,
                line=self.lines.line(path),
                message=message,
                event=None if event is None else event + 1,
                event_id=event_id,
                field=field,
            )
        )

    def table(self, value: Any, path: Path, field: str, **context: Any) -> dict[str, Any] | None:
        """``value`` if it is a table; else a problem, and ``None``."""
        if isinstance(value, dict):
            return value
        self.problem(path, f"expected a table, got {show(value)}", field=field, **context)
        return None

    def unknown_keys(
        self, table: Mapping[str, Any], allowed: Sequence[str], path: Path, prefix: str, **ctx: Any
    ) -> None:
        """A problem for each key of ``table`` not in ``allowed``, with the closest one."""
        for key in table:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"unknown key {key!r}{suggestion(key, allowed)}; expected {', '.join(allowed)}",
                    field=f"{prefix}{key}",
                    **ctx,
                )


def show(value: Any) -> str:
    """``value`` for a message: its repr, cut short, and its type."""
    return show_value(value, limit=60)


def suggestion(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to ``name``, or nothing."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def refused_field(exc: Exception, fields: Container[str]) -> tuple[str | None, str]:
    """The field of ``fields`` that ``exc`` refused, and the message to report with it.

    An :class:`~timeline.errors.EventError` names its field (``"stance"``,
    ``"tags[1]"``) and its label (``"Citation.stance"``); its message starts
    with the label. A problem already names its field, so the label is dropped
    from the message when the field is the key itself; an item's label
    (``"tags[1]: ..."``) is kept, as it says which item.
    """
    message = str(exc)
    if not isinstance(exc, EventError) or exc.field is None:
        return None, message
    name = exc.field.partition("[")[0].partition(".")[0]
    if name not in fields:
        return None, message
    label = f"{exc.where}: "
    if exc.field == name and message.startswith(label):
        message = message[len(label) :]
    return name, message
