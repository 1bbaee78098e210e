"""What a dataset importer provides: :class:`Dataset`, mapping one row to one event.

The release machinery (:func:`timeline.io.datasets.import_release`) is the
same for every dataset: it reads the rows, keeps those that changed since the
last release, asks the dataset to map them, and appends the difference; the
versioned import (:func:`timeline.io.datasets.import_versions`, ACLED) records
each row version at its own stamp instead. A dataset (UCDP GED, ACLED) says
only how a row becomes an event: its columns, its key, and :meth:`Dataset.map_row`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence

import attrs

from timeline.events import Actor, Event, Place, Source

__all__ = ["BadCell", "Dataset", "Mapped"]

Entry = Source | Actor | Place


@attrs.frozen(slots=True)
class Mapped:
    """A row mapped: its event, and the catalog entries the event names."""

    event: Event
    """The event; its ``data["row"]`` keeps the row's cells by column name."""
    entries: tuple[Entry, ...] = ()
    """Sources, actors and places the event cites (declared when new, amended when changed)."""
    warning: BadCell | None = None
    """A cell imported as best it can be, reported with the row's line (``strict`` refuses it)."""


@attrs.frozen(slots=True)
class BadCell:
    """Why a row cannot be mapped: the column at fault and what would be accepted."""

    column: str
    """The column's name (``"date_start"``)."""
    message: str
    """What is wrong, and what would be accepted."""


class Dataset(ABC):
    """A dataset's layout and its mapping of rows to events (one instance per import).

    Subclasses set :attr:`name`, :attr:`title`, :attr:`key_column` and
    :attr:`required`, and implement :meth:`map_row`; an instance may cache
    what rows share (dates, places) while one file is read.
    """

    name: str = "dataset"
    """The dataset's name, also the default stream (``"ucdp-ged"``)."""
    title: str = "Dataset"
    """Its title, for summaries and the stream's settings."""
    key_column: str = "id"
    """The column holding each row's stable key."""
    required: Sequence[str] = ()
    """The columns a file must have."""

    def event_id(self, key: str) -> str:
        """The stable event id of the row keyed ``key`` (``"ucdp-ged-214797"``)."""
        return f"{self.name}-{key}"

    def base_entries(self) -> tuple[Entry, ...]:
        """Catalog entries every import declares (the dataset itself as a source)."""
        return ()

    @abstractmethod
    def map_row(self, key: str, row: Mapping[str, str]) -> Mapped | BadCell:
        """The event for ``row`` (cells by column name), or the :class:`BadCell` at fault."""

    def changed_columns(self, old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
        """The columns whose cells differ between two versions of a row, in ``new``'s order."""
        names = list(new) + [name for name in old if name not in new]
        return [name for name in names if old.get(name) != new.get(name)]
