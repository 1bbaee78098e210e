"""The public API, pinned: a refactor cannot drop or rename a public name silently.

``PUBLIC_API`` is the ``__all__`` of ``timeline`` and of each public subpackage,
as literal sorted lists; ``MODULE_EXPORTS`` is the ``__all__`` of every public
module today. Every name in either must stay importable from where it is.

How to change it on purpose:

* **A new public name**: add it to ``__all__`` and to the list below (keep it
  sorted), and give it a place in the API reference (docs/reference/, checked by
  tests/test_reference_docs.py).
* **A rename or a removal**: keep the old name importable for one release
  through a deprecated alias (a module-level ``__getattr__`` that issues a
  ``DeprecationWarning``), add a line under "Unreleased" in CHANGELOG.md, move
  the old name from the list below to ``DEPRECATED`` and add the new name.
* **A module that becomes a package** (``io/authoring.py`` -> ``io/authoring/``):
  nothing to do here, as long as the package re-exports its names.
"""

from __future__ import annotations

import importlib
import warnings

import pytest

#: ``__all__`` of the top-level package and of each public subpackage, exactly.
PUBLIC_API: dict[str, list[str]] = {
    "timeline": [
        "ANY",
        "Actor",
        "ActorDeclared",
        "AppendResult",
        "Catalog",
        "CatalogEvent",
        "Chronology",
        "Citation",
        "Claim",
        "ConcurrencyError",
        "Contradiction",
        "Correction",
        "Credibility",
        "DecodeError",
        "DuplicateEventError",
        "EXISTS",
        "End",
        "EntityError",
        "Event",
        "EventError",
        "EventStore",
        "Figure",
        "FrozenDict",
        "Gazetteer",
        "Grade",
        "KindError",
        "LiveProjection",
        "MemoryStore",
        "NO_STREAM",
        "Place",
        "PlaceDeclared",
        "PostgresStore",
        "Precision",
        "Projection",
        "ProjectionError",
        "Recorded",
        "Reliability",
        "Retired",
        "Retraction",
        "SQLiteStore",
        "Snapshot",
        "SnapshotIndex",
        "Source",
        "SourceDeclared",
        "SourceKind",
        "Stance",
        "StoreError",
        "StoreFormatError",
        "StreamSettings",
        "TimelineError",
        "Tri",
        "UnknownKindError",
        "When",
        "WhenError",
        "__version__",
        "codec",
        "fold",
        "kind",
        "kind_class",
        "kinds",
        "open_store",
        "replay",
        "resolve",
        "snapshot",
    ],
    "timeline.time": [
        "CalendarValue",
        "End",
        "Hint",
        "Precision",
        "Tri",
        "When",
        "resolve",
    ],
    "timeline.events": [
        "Actor",
        "ActorDeclared",
        "CatalogEvent",
        "Citation",
        "Claim",
        "Contradiction",
        "Correction",
        "Credibility",
        "DecodeError",
        "Entity",
        "EntityError",
        "Event",
        "EventError",
        "Figure",
        "FrozenDict",
        "Gazetteer",
        "Grade",
        "KindError",
        "Place",
        "PlaceDeclared",
        "Reliability",
        "Retired",
        "Retraction",
        "Source",
        "SourceDeclared",
        "SourceKind",
        "Stance",
        "StreamSettings",
        "UnknownKindError",
        "content_id",
        "kind",
        "kind_class",
        "kinds",
        "normalize_name",
    ],
    "timeline.store": [
        "ANY",
        "AppendResult",
        "ConcurrencyError",
        "DuplicateEventError",
        "EXISTS",
        "EventStore",
        "Expect",
        "ExpectedVersion",
        "MemoryStore",
        "NO_STREAM",
        "PostgresStore",
        "Recorded",
        "RestoreError",
        "SQLiteStore",
        "StoreClosedError",
        "StoreError",
        "StoreFormatError",
        "StoreInputError",
        "Subscription",
        "open_store",
        "store_kind",
    ],
    "timeline.projections": [
        "Catalog",
        "Chronology",
        "CorrectionWarning",
        "Cursor",
        "Declared",
        "Group",
        "GroupBy",
        "KnownAt",
        "LiveProjection",
        "Match",
        "Order",
        "Page",
        "Projection",
        "ProjectionError",
        "Records",
        "Resolver",
        "Snapshot",
        "SnapshotIndex",
        "ValidTime",
        "claims_by_target",
        "effective_events",
        "fold",
        "known_position",
        "replay",
        "snapshot",
        "valid_key",
    ],
    "timeline.conflict": [
        "Accord",
        "AgreementCollapsed",
        "AgreementInForce",
        "AgreementSigned",
        "Announcement",
        "Attack",
        "CASUALTY_CATEGORIES",
        "Capture",
        "CasualtyClaim",
        "CasualtyReport",
        "CeasefireCollapsed",
        "CeasefireTookEffect",
        "ConflictError",
        "ConflictEvent",
        "ConflictProjection",
        "ConflictState",
        "Contest",
        "ContestSide",
        "Control",
        "ControlChange",
        "Deployment",
        "DeploymentFact",
        "Displacement",
        "DisplacementFact",
        "Fact",
        "IncidentTally",
        "Launch",
        "Objection",
        "Operation",
        "OperationEnded",
        "OperationLaunched",
        "PersistentMap",
        "Possible",
        "RefugeeFact",
        "RefugeePopulation",
        "Statement",
        "Status",
        "StatusChange",
        "Step",
        "Tally",
        "conflict_kinds",
        "conflict_snapshot",
        "happened_by",
    ],
    "timeline.io": [
        "AuthoringError",
        "ExportError",
        "FORMAT_VERSION",
        "JSONLError",
        "LoadResult",
        "MAX_LINE_BYTES",
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
    ],
    "timeline.render": [
        "ContradictionView",
        "CorrectionNote",
        "Document",
        "Entry",
        "Filters",
        "Provenance",
        "RenderError",
        "Retracted",
        "Side",
        "build_document",
        "escape_markdown",
        "render_html",
        "render_ical",
        "render_markdown",
        "render_mermaid",
        "render_timelinejs",
        "timelinejs_data",
    ],
    "timeline.strategies": [
        "ALL_PRECISIONS",
        "EDTF_PRECISIONS",
        "calendar_values",
        "citations",
        "event_streams",
        "events",
        "figures",
        "grades",
        "json_values",
        "register_kind_strategy",
        "slugs",
        "sources",
        "whens",
    ],
    "timeline.codec": [
        "DecodeError",
        "Upcaster",
        "decode",
        "decode_value",
        "dumps",
        "encode",
        "encode_value",
        "loads",
        "loads_trusted",
        "register_upcaster",
        "upcaster",
        "upcasters",
    ],
    "timeline.errors": [
        "AuthoringError",
        "CatalogConflictError",
        "ConcurrencyError",
        "ConflictError",
        "DecodeError",
        "DuplicateEventError",
        "EntityError",
        "EventError",
        "ExportError",
        "JSONLError",
        "KindError",
        "Problem",
        "ProjectionError",
        "RenderError",
        "RestoreError",
        "StoreClosedError",
        "StoreError",
        "StoreFormatError",
        "StoreInputError",
        "TimelineError",
        "TomlWriteError",
        "UnknownKindError",
        "UnknownReferenceError",
        "WhenError",
        "show_value",
    ],
}

#: ``__all__`` of every public module today: each name stays importable from there.
MODULE_EXPORTS: dict[str, list[str]] = {
    "timeline.cli": [
        "Loaded",
        "load_file",
        "main",
    ],
    "timeline.conflict.kinds": [
        "ACCORD_KINDS",
        "AgreementCollapsed",
        "AgreementInForce",
        "AgreementSigned",
        "Announcement",
        "Attack",
        "CASUALTY_CATEGORIES",
        "Capture",
        "CasualtyReport",
        "CeasefireCollapsed",
        "CeasefireTookEffect",
        "ConflictEvent",
        "Deployment",
        "Displacement",
        "OperationEnded",
        "OperationLaunched",
        "RefugeePopulation",
        "Statement",
        "conflict_kinds",
    ],
    "timeline.conflict.pmap": [
        "PersistentMap",
    ],
    "timeline.conflict.projection": [
        "ConflictProjection",
        "conflict_snapshot",
        "happened_by",
    ],
    "timeline.conflict.state": [
        "Accord",
        "CasualtyClaim",
        "CasualtyEntry",
        "ClaimEntry",
        "ConflictError",
        "ConflictState",
        "Contest",
        "ContestSide",
        "ContradictionEntry",
        "Control",
        "ControlChange",
        "DeploymentFact",
        "DisplacementFact",
        "Fact",
        "Launch",
        "Objection",
        "Operation",
        "RefugeeFact",
        "Status",
        "StatusChange",
        "Step",
        "Tally",
    ],
    "timeline.conflict.strategies": [
        "ACTORS",
        "PLACES",
        "SOURCES",
        "citations",
        "conflict_events",
        "conflict_streams",
        "figures",
    ],
    "timeline.demo": [
        "DOCUMENTS",
        "SEED",
        "SNAPSHOT_DAYS",
        "ZONE",
        "find_seed",
        "main",
        "render",
        "write_documents",
    ],
    "timeline.events.base": [
        "Event",
        "kind",
        "kind_class",
        "kinds",
    ],
    "timeline.events.catalog": [
        "ActorDeclared",
        "CatalogEvent",
        "PlaceDeclared",
        "Retired",
        "SourceDeclared",
        "StreamSettings",
    ],
    "timeline.events.claims": [
        "Claim",
        "Contradiction",
        "Correction",
        "Retraction",
    ],
    "timeline.events.entities": [
        "Actor",
        "Entity",
        "Gazetteer",
        "Place",
        "normalize_name",
    ],
    "timeline.events.sources": [
        "Citation",
        "Credibility",
        "Figure",
        "Grade",
        "Reliability",
        "Source",
        "SourceKind",
        "Stance",
    ],
    "timeline.io.authoring": [
        "AuthoringError",
        "ExportError",
        "FORMAT_VERSION",
        "LoadResult",
        "Problem",
        "RESERVED_EVENT_KEYS",
        "StreamFile",
        "StreamMeta",
        "TomlWriteError",
        "dumps_stream",
        "export_toml",
        "load_into",
        "load_stream",
        "loads_stream",
        "stream_of",
    ],
    "timeline.io.jsonl": [
        "JSONLError",
        "MAX_LINE_BYTES",
        "dump_line",
        "export_jsonl",
        "import_jsonl",
    ],
    "timeline.projections.catalog": [
        "Catalog",
        "Declared",
    ],
    "timeline.projections.chronology": [
        "Chronology",
        "Cursor",
        "Group",
        "GroupBy",
        "Match",
        "Page",
        "ValidTime",
    ],
    "timeline.projections.fold": [
        "CorrectionWarning",
        "KnownAt",
        "LiveProjection",
        "Order",
        "Projection",
        "ProjectionError",
        "Records",
        "Resolver",
        "claims_by_target",
        "effective_events",
        "fold",
        "known_position",
        "replay",
        "valid_key",
    ],
    # Was timeline.projections.snapshot, a module shadowed by its own function
    # (issue 15); SnapshotIndex moved to chronology. Both stay in timeline.projections.
    "timeline.projections.snapshots": [
        "Snapshot",
        "snapshot",
    ],
    "timeline.render.document": [
        "ContradictionView",
        "CorrectionNote",
        "Document",
        "Entry",
        "Filters",
        "Provenance",
        "RenderError",
        "Retracted",
        "Side",
        "build_document",
    ],
    "timeline.render.html": [
        "MAX_MARKS",
        "PAGE_SIZE",
        "render_html",
        "script_json",
    ],
    "timeline.render.ical": [
        "escape_text",
        "fold_line",
        "render_ical",
    ],
    "timeline.render.markdown": [
        "escape_markdown",
        "render_markdown",
    ],
    "timeline.render.mermaid": [
        "mermaid_label",
        "mermaid_text",
        "render_mermaid",
    ],
    "timeline.render.snapshot": [
        "SnapshotItem",
        "SnapshotReport",
        "SnapshotSection",
        "build_snapshot",
        "html_states",
        "render_snapshot_json",
        "render_snapshot_markdown",
        "snapshot_data",
    ],
    "timeline.render.timelinejs": [
        "date_parts",
        "render_timelinejs",
        "timelinejs_data",
    ],
    "timeline.store.base": [
        "ANY",
        "AppendResult",
        "ConcurrencyError",
        "DuplicateEventError",
        "EXISTS",
        "EventStore",
        "Expect",
        "ExpectedVersion",
        "NO_STREAM",
        "Recorded",
        "StoreClosedError",
        "StoreError",
        "StoreFormatError",
        "StoreInputError",
        "Subscription",
    ],
    "timeline.store.memory": [
        "MemoryStore",
    ],
    "timeline.store.postgres": [
        "PostgresStore",
        "SCHEMA_VERSION",
    ],
    "timeline.store.urls": [
        "open_store",
        "store_kind",
    ],
    "timeline.store.sqlite": [
        "APPLICATION_ID",
        "SCHEMA_VERSION",
        "SQLiteStore",
    ],
    "timeline.time.calendar": [
        "DAY",
        "check_zone",
        "civil_from_days",
        "days_from_civil",
        "days_in_month",
        "is_leap",
        "iso_week_of",
        "iso_week_start",
        "iso_weeks_in_year",
        "local_to_utc",
    ],
    "timeline.time.display": [
        "MONTH_NAMES",
        "display",
        "display_value",
    ],
    "timeline.time.edtf": [
        "EXPECTED",
        "format_value",
        "parse_value",
    ],
    "timeline.time.phrases": [
        "Reference",
        "resolve",
    ],
    "timeline.time.precision": [
        "Precision",
        "Tri",
    ],
    "timeline.time.value": [
        "APPROXIMATE",
        "CalendarValue",
        "GROUPINGS",
        "Grouping",
        "UNCERTAIN",
    ],
    "timeline.time.when": [
        "End",
        "Hint",
        "When",
    ],
}

#: Old names kept importable for one release; importing them warns.
#: ``{"timeline.module": ["OldName", ...]}``
DEPRECATED: dict[str, list[str]] = {
    "timeline": ["run"],
    "timeline.cli": ["Finding", "review", "stats_data"],
    "timeline.conflict": ["Side"],
    "timeline.conflict.state": ["Side"],
    "timeline.projections": ["run"],
    "timeline.projections.fold": ["Source", "run"],
}

_HOW = (
    "the public API changed. If that is on purpose, update tests/test_public_api.py: "
    "add new names to PUBLIC_API (sorted); for a rename or a removal keep the old name "
    "as a deprecated alias and move it to DEPRECATED (see this file's docstring)."
)


@pytest.mark.parametrize("module_name", sorted(PUBLIC_API))
def test_all_is_pinned(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = list(module.__all__)
    assert len(exported) == len(set(exported)), f"{module_name}.__all__ has duplicates"
    added = sorted(set(exported) - set(PUBLIC_API[module_name]))
    dropped = sorted(set(PUBLIC_API[module_name]) - set(exported))
    assert (added, dropped) == ([], []), (
        f"{module_name}.__all__: added {added}, dropped {dropped}; {_HOW}"
    )


def test_pins_are_sorted() -> None:
    for table in (PUBLIC_API, MODULE_EXPORTS, DEPRECATED):
        for module_name, names in table.items():
            assert names == sorted(names), f"keep the names of {module_name} sorted"


def _exports() -> list[tuple[str, str]]:
    pairs = {
        (module_name, name)
        for table in (PUBLIC_API, MODULE_EXPORTS)
        for module_name, names in table.items()
        for name in names
    }
    return sorted(pairs)


@pytest.mark.parametrize(("module_name", "name"), _exports())
def test_every_public_name_is_importable_without_a_warning(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert hasattr(module, name), f"{module_name}.{name} is gone; {_HOW}"


@pytest.mark.parametrize(
    ("module_name", "name"),
    sorted((module_name, name) for module_name, names in DEPRECATED.items() for name in names),
)
def test_deprecated_names_still_import_with_a_warning(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    with pytest.deprecated_call():
        getattr(module, name)
    assert name not in module.__all__, f"{module_name}.{name} is deprecated: drop it from __all__"


def test_star_import_gives_the_pinned_names() -> None:
    namespace: dict[str, object] = {}
    exec("from timeline import *", namespace)
    namespace.pop("__builtins__")
    assert sorted(namespace) == PUBLIC_API["timeline"]
