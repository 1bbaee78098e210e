"""The authoring format: event streams written by hand in TOML.

A stream file is what an analyst writes in a text editor: stream metadata,
named sources declared once and cited by id, optional actors and places with
their aliases, and one ``[[events]]`` table per event::

    [stream]
    name = "idlib-2020"
    title = "Idlib, early 2020"
    zone = "Asia/Damascus"        # the zone dates are read in
    reference = 2020-02-03        # the day relative phrases are resolved against

    [sources.sohr]
    name = "Syrian Observatory for Human Rights"
    kind = "monitor"
    reliability = "C"

    [[events]]
    id = "maaret-al-nouman-captured"
    kind = "conflict.capture"
    when_phrase = "last week"     # resolved with timeline.resolve, kept verbatim
    summary = "Syrian government forces capture Maaret al-Nouman"
    place = "maaret-al-nouman"
    by = "syrian-government"

    [[events.citations]]
    source = "sohr"
    stance = "asserts"

Why TOML: comments are allowed (YAML has them too, JSON does not); values are
never typed by guesswork (YAML reads the country code ``NO`` as ``false`` and
``3.10`` as a float: the "Norway problem"); and Python reads it with the
standard library's :mod:`tomllib`, so authoring adds no dependency.

Loading (:func:`load_stream`, :func:`loads_stream`, :func:`load_into`)
validates the whole file before anything is appended and collects every
problem: an :class:`AuthoringError` lists them, each naming the file, the line,
the event (its position and id) and the field. A file with any problem
appends nothing. Event ids are the author's, so loading a file twice appends
nothing new (the store's idempotent append).

Exporting (:func:`dumps_stream`, :func:`export_toml`) writes a store's stream
back in this format; :func:`timeline.io.export_jsonl` writes the lossless
interchange format. ``load(export(store))`` gives the same events.

See ``docs/authoring.md`` for the full description of the format.

The package, one job per module:

* :mod:`~timeline.io.authoring.stream_file`: what a file holds (:class:`StreamFile`,
  :class:`StreamMeta`, :class:`LoadResult`).
* :mod:`~timeline.io.authoring.loading`: reading, validating and appending.
* :mod:`~timeline.io.authoring.exporting`: writing a stream back as TOML.
* private modules behind them: ``_problems`` (syntax and problem reporting),
  ``_values`` (zones, dates, records), ``_catalog`` (``[stream]``,
  ``[sources.*]``, ``[actors.*]``, ``[places.*]``), ``_event`` (one
  ``[[events]]`` table), ``_reader`` (a whole file), ``_toml_lines`` (the line
  of each key) and ``_toml_write`` (a small TOML writer).
"""

from timeline.errors import AuthoringError, ExportError, Problem, TomlWriteError
from timeline.io.authoring.exporting import dumps_stream, export_toml, stream_of
from timeline.io.authoring.loading import (
    Prepared,
    check_against,
    load_into,
    load_stream,
    loads_stream,
)
from timeline.io.authoring.stream_file import (
    FORMAT_VERSION,
    RESERVED_EVENT_KEYS,
    LoadResult,
    StreamFile,
    StreamMeta,
)

__all__ = [
    "FORMAT_VERSION",
    "RESERVED_EVENT_KEYS",
    "AuthoringError",
    "ExportError",
    "LoadResult",
    "Prepared",
    "Problem",
    "StreamFile",
    "StreamMeta",
    "TomlWriteError",
    "check_against",
    "dumps_stream",
    "export_toml",
    "load_into",
    "load_stream",
    "loads_stream",
    "stream_of",
]
