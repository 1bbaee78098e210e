"""Shared test setup: Hypothesis profiles.

``default`` is quick enough to run on every change; ``ci`` (selected by
``HYPOTHESIS_PROFILE=ci``, as ``.ci/run`` does) tries many more examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
