"""Reading and writing stores and streams in interchange formats.

* :mod:`timeline.io.jsonl`: JSON Lines export and import of a whole store.
"""

from timeline.io.jsonl import MAX_LINE_BYTES, JSONLError, export_jsonl, import_jsonl

__all__ = ["MAX_LINE_BYTES", "JSONLError", "export_jsonl", "import_jsonl"]
