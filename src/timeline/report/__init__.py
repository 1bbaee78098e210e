"""Reports about a record: what a reviewer should look at, and how much is in it.

* :func:`review` (in :mod:`timeline.report.findings`) lists :class:`Finding` s:
  events citing no source, two holders of one place at once, figures that
  contradict their own range, references to events the record does not hold.
  ``timeline validate`` prints them, and those of :func:`told_twice`: casualty
  reports from different files that may tell one incident twice.
* :func:`stats_of` (in :mod:`timeline.report.stats`) counts events by stream,
  kind, date precision and source, and gives the valid and recorded time
  covered. ``timeline stats`` prints it.

Both read what a store holds::

    from timeline.report import review, stats_of

    records = list(store.read_all())
    findings = review([r.event for r in records])
    counts = stats_of(records)
"""

from __future__ import annotations

from timeline.report.findings import Finding, review, told_twice
from timeline.report.stats import stats_of

__all__ = ["Finding", "review", "stats_of", "told_twice"]
