"""The JSON schema of snapshot reports, shipped with the package.

:func:`snapshot_schema` returns the schema (JSON Schema 2020-12) that the
output of :func:`timeline.render.render_snapshot_json` and of ``timeline
snapshot --format json`` follows; ``docs/snapshot-json.md`` explains it.
Validate with any JSON Schema library::

    import jsonschema
    jsonschema.validate(json.loads(text), snapshot_schema())
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["snapshot_schema"]


def snapshot_schema() -> dict[str, Any]:
    """The snapshot report's JSON schema, as a fresh dict (``assets/snapshot.schema.json``)."""
    text = resources.files("timeline.render").joinpath("assets/snapshot.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema
