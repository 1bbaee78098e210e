"""The snapshot JSON follows its shipped schema, from the API and from the command line.

And it says what is possible: on 15 January 2020 the January ceasefire's
status is not certain, so ``status`` is null and its state lists every
status it may be in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.conflict.strategies import agreement_streams, conflict_streams
from timeline.events import Event
from timeline.io import load_into
from timeline.render.snapshot import build_snapshot, snapshot_data
from timeline.render.snapshot_schema import snapshot_schema
from timeline.store import MemoryStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"
ACCORDS = ROOT / "tests" / "conflict" / "data" / "accords.toml"
VALIDATOR = jsonschema.Draft202012Validator(snapshot_schema())


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(snapshot_schema())


def _cli(path: Path, at: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "snapshot", str(path), "--at", at, "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.mark.parametrize(
    ("path", "at"),
    [(SEED, "2020-01-15"), (SEED, "2020-02-03"), (ACCORDS, "2020-03-05"), (ACCORDS, "2020-03")],
)
def test_the_commands_json_follows_the_schema(path: Path, at: str) -> None:
    VALIDATOR.validate(_cli(path, at))


def _items(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    (found,) = [s for s in data["sections"] if s["title"] == section]
    items: list[dict[str, Any]] = found["items"]
    return items


def test_an_uncertain_status_is_never_given_as_the_status() -> None:
    data = _cli(SEED, "2020-01-15")
    (ceasefire,) = [
        i
        for i in _items(data, "Agreements and ceasefires")
        if i["data"]["id"] == "idlib-ceasefire-2020"
    ]
    assert ceasefire["data"]["status"] is None  # was "collapsed", a state not certain
    assert ceasefire["state"] == {
        "of": "status",
        "certain": False,
        "value": None,
        "possible": ["collapsed", "in force", None],
    }
    # By 3 February it has certainly collapsed.
    later = _cli(SEED, "2020-02-03")
    (ceasefire,) = [
        i
        for i in _items(later, "Agreements and ceasefires")
        if i["data"]["id"] == "idlib-ceasefire-2020"
    ]
    assert ceasefire["data"]["status"] == "collapsed"
    assert ceasefire["state"]["certain"]
    assert ceasefire["state"]["value"] == "collapsed"


def test_terms_and_standings_say_what_is_possible() -> None:
    store = MemoryStore()
    load_into(store, ACCORDS)
    data = snapshot_data(build_snapshot(store, at="2020-03-10"))
    VALIDATOR.validate(data)
    terms = {i["data"]["kind"]: i for i in _items(data, "Dated terms (scheduled, not events)")}
    assert terms["ceasefire_start"]["state"]["value"] == "due"
    assert terms["patrols"]["state"]["value"] == "not_yet_due"
    standing = {i["data"]["id"]: i for i in _items(data, "In force (agreements and ceasefires)")}
    assert standing["moscow-2020"]["state"]["value"] is True
    assert standing["sochi-2018"]["state"]["possible"] == [False, True]
    assert "amends the Sochi memorandum of 17 September 2018" in " ".join(
        i["text"] for i in _items(data, "Agreements and ceasefires")
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(conflict_streams(max_size=8), agreement_streams()),
    st.sampled_from(["2016", "2018-06", "2020-01-15", "2021"]),
)
def test_any_snapshot_follows_the_schema(events: list[Event], at: str) -> None:
    store = MemoryStore()
    store.append("s", events)
    data = snapshot_data(build_snapshot(store, at=at))
    VALIDATOR.validate(data)
    for section in data["sections"]:
        for item in section["items"]:
            state = item["state"]
            # A state is certain exactly when one is possible, and only then has a value.
            assert state["certain"] == (len(state["possible"]) == 1)
            if not state["certain"]:
                assert state["value"] is None
