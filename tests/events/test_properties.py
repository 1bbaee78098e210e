"""Property tests: every registered kind round-trips; ids are deterministic; text is canonical."""

import json
import random

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import codec
from timeline.events import Citation, Event, Source, content_id, kinds
from timeline.strategies import citations, events, sources

from . import kinds_fixture  # noqa: F401  (registers the user kinds the strategies cover)


@given(events(), st.randoms(use_true_random=False))
def test_every_kind_round_trips_to_canonical_text(event: Event, rnd: random.Random) -> None:
    data = codec.encode(event)
    json.dumps(data, allow_nan=False)  # JSON-ready
    again = codec.decode(data)
    assert again == event
    assert type(again) is type(event)
    assert hash(again) == hash(event)
    text = codec.dumps(event)
    assert codec.loads(text) == event
    assert codec.dumps(codec.loads(text)) == text
    # canonical: key order and rebuilding do not change the text
    keys = list(data)
    rnd.shuffle(keys)
    assert codec.dumps(codec.decode({k: data[k] for k in keys})) == text
    assert codec.dumps(attrs.evolve(event)) == text


@given(events())
def test_generated_ids_are_deterministic(event: Event) -> None:
    data = codec.encode(event)
    del data["id"]
    first = codec.decode(data)
    second = codec.decode(json.loads(json.dumps(data)))
    assert first.id == second.id == content_id(first)
    assert first.id.startswith("ev-")
    assert attrs.evolve(first, id=None).id == first.id


def test_strategies_cover_every_registered_kind() -> None:
    for name, cls in kinds().items():

        @settings(max_examples=3, database=None)
        @given(events(kinds=[name]))
        def draws_this_kind(event: Event) -> None:
            assert type(event) is cls  # noqa: B023 (each inner test runs at once)

        draws_this_kind()


@given(sources(), citations())
def test_sources_and_citations_round_trip(source: Source, citation: Citation) -> None:
    assert codec.decode_value(Source, codec.encode_value(source)) == source
    assert codec.decode_value(Citation, codec.encode_value(citation)) == citation


def test_strategies_import_first_in_a_fresh_interpreter() -> None:
    # Importing timeline.strategies imports Hypothesis, which runs the
    # library's entry-point hook while the module is still loading.
    import subprocess
    import sys

    code = (
        "import timeline.strategies\n"
        "from hypothesis import strategies as st\n"
        "from timeline import Event\n"
        "assert isinstance(st.from_type(Event).example(), Event)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
