"""Events as a table: one row per event, one typed column per field, for pandas and polars.

:meth:`Chronology.to_frame() <timeline.projections.Chronology.to_frame>` and
:meth:`Snapshot.to_frame() <timeline.projections.Snapshot.to_frame>` build a
DataFrame through :func:`event_columns` and :func:`to_frame`; ``timeline
export --format csv`` writes the same columns (:mod:`timeline.io.csv_table`).

Why here
    The columns need only what the layers below the projections hold
    (events, their ``When``, figures and citations, the store's records), so
    the builder sits in the projections layer and the two ``to_frame``
    methods call it directly: no upward import, no lazy import hiding one.
    pandas, pyarrow and polars are optional extras, imported when a frame is
    asked for (``pip install timeline-ledger[pandas]`` or ``[polars]``).

The columns (:data:`COLUMNS`, in this order)
    ``id``, ``kind``, ``summary`` (text); ``earliest``, ``latest`` (UTC
    timestamps in milliseconds, ``latest`` exclusive, null for an open or
    unknown end); ``precision`` (``"year"``, ``"month"``...), ``edtf``
    (strict EDTF); ``approximate``, ``uncertain`` (bool); ``actors``,
    ``places``, ``sources`` (lists of ids, sources without repeats);
    ``figure`` (the field the numbers come from, such as ``"killed"`` or
    ``"figures.turkish_soldiers_killed"``), ``figure_low``, ``figure_best``,
    ``figure_high`` (nullable integers); ``stream``, ``position`` (where the
    record is); ``recorded_at`` (when the store accepted it) and
    ``reported_at`` (the day of its report, if given), UTC timestamps in
    microseconds. A snapshot's frame adds ``certain``: whether the event is
    certainly over at the snapshot's time (else it straddles it).

Figures
    An event's figure is its first :class:`~timeline.events.Figure`, in field
    order (a casualty report's ``killed`` before ``civilians_killed`` and
    ``wounded``; a claim's first entry of ``figures``). ``figure_low`` and
    ``figure_high`` are its bounds (null where none was stated: "at least 8"
    has no high). ``figure_best`` is the figure's best estimate when it has one
    (a ``best`` attribute), else its value when exact, else null: a range is
    never narrowed to one number here.

Types
    Columns are built column-wise as plain lists of numbers and strings, then
    handed to Arrow (pandas, with ``pd.ArrowDtype`` columns) or to polars in one
    call per column: no datetime object is made per cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal, TypeAlias

import attrs

from timeline.errors import MissingExtraError, ProjectionError
from timeline.events import Claim, Event, Figure
from timeline.store import Recorded

__all__ = [
    "COLUMNS",
    "Backend",
    "EventColumns",
    "event_columns",
    "figure_of",
    "to_frame",
]

Backend: TypeAlias = Literal["pandas", "polars"]
"""Which DataFrame library :func:`to_frame` builds for."""

#: The columns of an event table and their types, in order. Types are named as
#: Arrow names them: ``string``, ``bool``, ``int64``, ``list<string>``,
#: ``timestamp[ms, UTC]`` and ``timestamp[us, UTC]``.
COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("id", "string"),
    ("kind", "string"),
    ("summary", "string"),
    ("earliest", "timestamp[ms, UTC]"),
    ("latest", "timestamp[ms, UTC]"),
    ("precision", "string"),
    ("edtf", "string"),
    ("approximate", "bool"),
    ("uncertain", "bool"),
    ("actors", "list<string>"),
    ("places", "list<string>"),
    ("figure", "string"),
    ("figure_low", "int64"),
    ("figure_best", "int64"),
    ("figure_high", "int64"),
    ("sources", "list<string>"),
    ("stream", "string"),
    ("position", "int64"),
    ("recorded_at", "timestamp[us, UTC]"),
    ("reported_at", "timestamp[us, UTC]"),
)

#: The extra column of a snapshot's table.
CERTAIN: Final = ("certain", "bool")

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO: Final = timedelta(microseconds=1)
# Per kind: the names of the fields that hold a Figure, in field order.
_FIGURE_FIELDS: dict[type, tuple[str, ...]] = {}


@attrs.frozen
class EventColumns:
    """An event table as plain columns: one list per column, all of the same length.

    ``columns`` maps each name of :attr:`names` to its values; timestamps are
    integers (milliseconds for ``earliest`` / ``latest``, microseconds for
    ``recorded_at`` / ``reported_at``, since the epoch, UTC) and ``None`` is a
    null. :attr:`types` gives each column's Arrow type name.
    """

    columns: dict[str, list[Any]]
    types: tuple[tuple[str, str], ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(name for name, _ in self.types)

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.columns["id"])


def figure_of(event: Event) -> tuple[str, Figure] | None:
    """The event's first figure with the field it comes from, or ``None`` (see the module docs)."""
    if isinstance(event, Claim):
        for name, figure in event.figures.items():
            return f"figures.{name}", figure
        return None
    cls = type(event)
    names = _FIGURE_FIELDS.get(cls)
    if names is None:
        names = _FIGURE_FIELDS[cls] = _figure_fields(cls)
    for name in names:
        value = getattr(event, name)
        if isinstance(value, Figure):
            return name.rstrip("_"), value
    return None


def _figure_fields(cls: type) -> tuple[str, ...]:
    """The kind's own fields, in order: those holding a Figure are found by value."""
    base = {field.name for field in attrs.fields(Event)}
    return tuple(f.name for f in attrs.fields(cls) if f.init and f.name not in base)


def _best(figure: Figure) -> int | None:
    best = getattr(figure, "best", None)  # a figure that carries a best estimate
    if isinstance(best, int):
        return best
    return figure.low if figure.is_exact else None


def _micros(moment: datetime | None) -> int | None:
    return None if moment is None else (moment - _EPOCH) // _MICRO


def event_columns(
    records: Iterable[Recorded], *, certain: Sequence[bool] | None = None
) -> EventColumns:
    """The table of ``records`` (one row each, in the order given) as plain columns.

    ``certain``, one flag per record, adds the snapshot's ``certain`` column.
    """
    ids: list[str] = []
    kinds: list[str] = []
    summaries: list[str] = []
    earliest: list[int | None] = []
    latest: list[int | None] = []
    precisions: list[str] = []
    edtfs: list[str] = []
    approximate: list[bool] = []
    uncertain: list[bool] = []
    actors: list[list[str]] = []
    places: list[list[str]] = []
    figures: list[str | None] = []
    lows: list[int | None] = []
    bests: list[int | None] = []
    highs: list[int | None] = []
    sources: list[list[str]] = []
    streams: list[str] = []
    positions: list[int] = []
    recorded: list[int | None] = []
    reported: list[int | None] = []
    for record in records:
        if not isinstance(record, Recorded):
            raise ProjectionError(
                f"event table: expected Recorded items, got {type(record).__name__}"
            )
        event = record.event
        when = event.when
        ids.append(event.id)
        kinds.append(event.kind)
        summaries.append(event.summary)
        lo, hi = when.earliest_ts, when.latest_ts
        earliest.append(None if lo is None else lo * 1000)
        latest.append(None if hi is None else hi * 1000)
        precisions.append(when.precision.name.lower())
        edtfs.append(when.to_edtf())
        approximate.append(when.approximate)
        uncertain.append(when.uncertain)
        actors.append(list(event.actors))
        places.append(list(event.places))
        found = figure_of(event)
        if found is None:
            figures.append(None)
            lows.append(None)
            bests.append(None)
            highs.append(None)
        else:
            name, figure = found
            figures.append(name)
            lows.append(figure.low)
            bests.append(_best(figure))
            highs.append(figure.high)
        sources.append(list(event.sources()))
        streams.append(record.stream)
        positions.append(record.position)
        recorded.append(_micros(record.recorded_at))
        reported.append(_micros(record.reported_at))
    columns: dict[str, list[Any]] = {
        "id": ids,
        "kind": kinds,
        "summary": summaries,
        "earliest": earliest,
        "latest": latest,
        "precision": precisions,
        "edtf": edtfs,
        "approximate": approximate,
        "uncertain": uncertain,
        "actors": actors,
        "places": places,
        "figure": figures,
        "figure_low": lows,
        "figure_best": bests,
        "figure_high": highs,
        "sources": sources,
        "stream": streams,
        "position": positions,
        "recorded_at": recorded,
        "reported_at": reported,
    }
    types = COLUMNS
    if certain is not None:
        flags = list(certain)
        if len(flags) != len(ids):
            raise ProjectionError(f"event table: {len(flags)} certain flags for {len(ids)} records")
        columns["certain"] = flags
        types = (*COLUMNS, CERTAIN)
    return EventColumns(columns, types)


def to_frame(table: EventColumns, backend: Backend = "pandas") -> Any:
    """``table`` as a pandas DataFrame (Arrow-backed columns) or a polars DataFrame.

    Raises:
        ProjectionError: ``backend`` is neither ``"pandas"`` nor ``"polars"``.
        MissingExtraError: the library for ``backend`` is not installed (it
            names the extra to install).
    """
    if backend == "pandas":
        return _pandas(table)
    if backend == "polars":
        return _polars(table)
    raise ProjectionError(
        f"backend: expected 'pandas' or 'polars', got {backend!r}", field="backend"
    )


def _require(module: str, extra: str) -> Any:
    """Import ``module``, or say which extra of timeline-ledger brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"DataFrames with backend={extra!r} need {module}, which is not installed: "
            f"pip install 'timeline-ledger[{extra}]'",
            extra=extra,
            where=module,
        ) from exc


def _pandas(table: EventColumns) -> Any:
    pd = _require("pandas", "pandas")
    pa = _require("pyarrow", "pandas")
    arrow = {
        "string": pa.string(),
        "bool": pa.bool_(),
        "int64": pa.int64(),
        "list<string>": pa.list_(pa.string()),
        "timestamp[ms, UTC]": pa.timestamp("ms", tz="UTC"),
        "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
    }
    arrays = [pa.array(table.columns[name], type=arrow[kind]) for name, kind in table.types]
    frame = pa.Table.from_arrays(arrays, names=list(table.names))
    return frame.to_pandas(types_mapper=pd.ArrowDtype)


def _polars(table: EventColumns) -> Any:
    pl = _require("polars", "polars")
    series = []
    for name, kind in table.types:
        values = table.columns[name]
        if kind == "string":
            series.append(pl.Series(name, values, dtype=pl.String))
        elif kind == "bool":
            series.append(pl.Series(name, values, dtype=pl.Boolean))
        elif kind == "int64":
            series.append(pl.Series(name, values, dtype=pl.Int64))
        elif kind == "list<string>":
            series.append(pl.Series(name, values, dtype=pl.List(pl.String)))
        else:  # a timestamp: integers since the epoch, cast in one step
            unit = "ms" if kind.startswith("timestamp[ms") else "us"
            ints = pl.Series(name, values, dtype=pl.Int64)
            series.append(ints.cast(pl.Datetime(unit, "UTC")))
    return pl.DataFrame(series)
