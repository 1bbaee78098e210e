"""Shared test setup: Hypothesis profiles, and the Idlib GED context built once.

``default`` is quick enough to run on every change; ``ci`` (selected by
``HYPOTHESIS_PROFILE=ci``, as ``.ci/run`` does) tries many more examples.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from timeline.idlib_context import IdlibContext

# The shared UCDP GED file (../shared beside the checkout, however deep the worktree is, or
# this machine's /work/shared), for the tests that read it: timeline.idlib_context.find_ged
# and tests/io/test_ucdp.py honour TIMELINE_GED.
_GED = os.path.join("shared", "data", "ucdp-ged-syria", "ged_syria.csv.gz")
_HERE = os.path.dirname(os.path.abspath(__file__))
for _base in [*(_HERE.rsplit(os.sep, n)[0] for n in range(1, _HERE.count(os.sep))), "/work"]:
    if os.path.isfile(os.path.join(_base, _GED)):
        os.environ.setdefault("TIMELINE_GED", os.path.join(_base, _GED))
        break

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def idlib_context() -> IdlibContext:
    """UCDP GED and the Idlib seed in one store, read once per session (about 3 s).

    Shared by tests/test_idlib_context.py and tests/test_docs_idlib_ged.py.
    """
    from timeline.idlib_context import build_context  # only for the tests that use it

    return build_context()
