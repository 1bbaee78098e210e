"""The event table as CSV, for spreadsheets: the columns of ``to_frame()``, as text.

``timeline export STORE --format csv`` writes it; :func:`table_csv` and
:func:`write_table_csv` do the same from Python. It needs no extra: the stdlib
:mod:`csv` module writes it (RFC 4180: a header row, CRLF line ends, fields
quoted when they hold a comma, a quote or a line break).

The columns are those of :data:`timeline.projections.table.COLUMNS`, in that
order, with each value written as text:

* ``earliest`` and ``latest``: ISO 8601 UTC instants, always
  ``YYYY-MM-DDTHH:MM:SSZ`` (so a spreadsheet sorts them as text or as dates);
  empty for an open or unknown end. ``edtf`` keeps the date as it was stated.
* ``recorded_at`` and ``reported_at``: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
* ``approximate``, ``uncertain`` (and a snapshot's ``certain``): ``true`` or ``false``.
* ``actors``, ``places``, ``sources``: the ids joined by ``"; "``; an id
  holding ``;`` or ``\\`` has it escaped with a backslash (:func:`split_list`
  reads a cell back).
* a null: an empty cell. Only ``figure``, the figure numbers and the
  timestamps can be null; the other text columns are never null, so an empty
  cell there is empty text.

Years outside 1-9999 are written in ISO 8601's expanded form (``-0044``,
``+10000``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, Any

from timeline.projections.table import EventColumns, event_columns
from timeline.store import Recorded
from timeline.time.calendar import DAY, civil_from_days

__all__ = ["split_list", "table_csv", "write_table_csv"]


def _year(year: int) -> str:
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{year:+05d}"


def _iso_seconds(seconds: int) -> str:
    days, rest = divmod(seconds, DAY)
    year, month, day = civil_from_days(days)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    return f"{_year(year)}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def _ms(value: int | None) -> str:
    return "" if value is None else _iso_seconds(value // 1000)


def _us(value: int | None) -> str:
    if value is None:
        return ""
    seconds, micros = divmod(value, 1_000_000)
    return f"{_iso_seconds(seconds)[:-1]}.{micros:06d}Z"


def _escape(item: str) -> str:
    if "\\" in item or ";" in item:
        return item.replace("\\", "\\\\").replace(";", "\\;")
    return item


def _list(items: list[str]) -> str:
    return "; ".join(_escape(item) for item in items)


def split_list(cell: str) -> list[str]:
    """The ids of a list cell (``actors``, ``places``, ``sources``), escapes undone.

    >>> split_list("syrian-army; turkey")
    ['syrian-army', 'turkey']
    >>> split_list("")
    []
    """
    if not cell:
        return []
    items: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ";":
            items.append("".join(current))
            current = []
            next(chars, None)  # the space after the separator
        else:
            current.append(char)
    items.append("".join(current))
    return items


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _text(value: str | int | None) -> str:
    return "" if value is None else str(value)


_FORMATS: dict[str, Any] = {
    "timestamp[ms, UTC]": _ms,
    "timestamp[us, UTC]": _us,
    "bool": _bool,
    "list<string>": _list,
    "string": _text,
    "int64": _text,
}


def _rows(table: EventColumns) -> Iterable[list[str]]:
    """The table's rows as text, converted column by column."""
    texts = [list(map(_FORMATS[kind], table.columns[name])) for name, kind in table.types]
    return map(list, zip(*texts, strict=True))


def write_table_csv(records: Iterable[Recorded] | EventColumns, out: IO[str]) -> int:
    """Write the event table of ``records`` to the text file ``out`` as CSV; return the rows.

    ``records`` are in the order the rows should have (a chronology's
    valid-time order, for instance), or an :class:`EventColumns` already
    built. Open ``out`` with ``newline=""``, as the :mod:`csv` module asks.
    """
    table = records if isinstance(records, EventColumns) else event_columns(records)
    writer = csv.writer(out)
    writer.writerow(table.names)
    writer.writerows(_rows(table))
    return len(table)


def table_csv(records: Iterable[Recorded] | EventColumns) -> str:
    """The event table of ``records`` as CSV text (see :func:`write_table_csv`).

    >>> from timeline.projections import Chronology
    >>> table_csv(Chronology()).startswith("id,kind,summary,earliest,latest,precision,edtf,")
    True
    """
    buffer = io.StringIO(newline="")
    write_table_csv(records, buffer)
    return buffer.getvalue()
