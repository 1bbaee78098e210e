"""Living datasets (UCDP GED), imported release by release as recorded time.

* :func:`import_ucdp_ged`: a UCDP GED CSV file into a store, one event per row.
* :func:`import_release`: the release machinery any dataset plugs into with a
  :class:`Dataset` (its columns, key and :meth:`Dataset.map_row`).
* :func:`releases` and :func:`release_diff`: the releases a stream holds and
  what changed between two of them.

Importing this package registers the kinds ``ucdp.ged.*`` and ``dataset.release``.
"""

from timeline.errors import DatasetError
from timeline.io.datasets.dataset import BadCell, Dataset, Mapped
from timeline.io.datasets.importing import ReleaseImport, import_release
from timeline.io.datasets.release import (
    DatasetRelease,
    ReleaseDiff,
    release_diff,
    release_id,
    releases,
)
from timeline.io.datasets.ucdp import (
    GED_COLUMNS,
    GedEvent,
    NonState,
    OneSided,
    StateBased,
    UcdpGed,
    import_ucdp_ged,
)

__all__ = [
    "GED_COLUMNS",
    "BadCell",
    "Dataset",
    "DatasetError",
    "DatasetRelease",
    "GedEvent",
    "Mapped",
    "NonState",
    "OneSided",
    "ReleaseDiff",
    "ReleaseImport",
    "StateBased",
    "UcdpGed",
    "import_release",
    "import_ucdp_ged",
    "release_diff",
    "release_id",
    "releases",
]
