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
