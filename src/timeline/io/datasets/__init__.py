"""Living datasets (UCDP GED, ACLED), imported release by release or version by version.

* :func:`import_ucdp_ged`: a UCDP GED CSV file into a store, one event per row.
* :func:`import_acled` and :func:`import_acled_deletions`: an ACLED export, each
  row version recorded at its ``timestamp``, and ACLED's deletions as retractions.
* :func:`import_versions` and :func:`import_deletions`: the same machinery for
  any dataset whose rows carry a version stamp.
* :func:`import_release`: the release machinery any dataset plugs into with a
  :class:`Dataset` (its columns, key and :meth:`Dataset.map_row`).
* :func:`releases` and :func:`release_diff`: the releases a stream holds and
  what changed between two of them.

Importing this package registers the kinds ``ucdp.ged.*``, ``acled.*`` and ``dataset.release``.
"""

from timeline.errors import DatasetError
from timeline.io.datasets.acled import (
    ACLED_COLUMNS,
    Acled,
    AcledAttack,
    AcledBattle,
    AcledCapture,
    AcledEvent,
    AcledProtest,
    AcledRiot,
    AcledStrategic,
    import_acled,
    import_acled_deletions,
)
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
from timeline.io.datasets.versions import VersionsImport, import_deletions, import_versions

__all__ = [
    "ACLED_COLUMNS",
    "GED_COLUMNS",
    "Acled",
    "AcledAttack",
    "AcledBattle",
    "AcledCapture",
    "AcledEvent",
    "AcledProtest",
    "AcledRiot",
    "AcledStrategic",
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
    "VersionsImport",
    "import_acled",
    "import_acled_deletions",
    "import_deletions",
    "import_release",
    "import_ucdp_ged",
    "import_versions",
    "release_diff",
    "release_id",
    "releases",
]
