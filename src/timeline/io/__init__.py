"""Reading and writing stores and streams in interchange formats.

* :mod:`timeline.io.authoring`: the authoring format, stream files written by
  hand in TOML (:func:`load_stream`, :func:`load_into`, :func:`export_toml`).
* :mod:`timeline.io.jsonl`: JSON Lines export and import of a whole store.
"""

from timeline.io.authoring import (
    FORMAT_VERSION,
    AuthoringError,
    ExportError,
    LoadResult,
    Prepared,
    Problem,
    StreamFile,
    StreamMeta,
    TomlWriteError,
    check_against,
    dumps_stream,
    export_toml,
    load_into,
    load_stream,
    loads_stream,
    stream_of,
)
from timeline.io.jsonl import MAX_LINE_BYTES, JSONLError, export_jsonl, import_jsonl

__all__ = [
    "FORMAT_VERSION",
    "MAX_LINE_BYTES",
    "AuthoringError",
    "ExportError",
    "JSONLError",
    "LoadResult",
    "Prepared",
    "Problem",
    "StreamFile",
    "StreamMeta",
    "TomlWriteError",
    "check_against",
    "dumps_stream",
    "export_jsonl",
    "export_toml",
    "import_jsonl",
    "load_into",
    "load_stream",
    "loads_stream",
    "stream_of",
]
