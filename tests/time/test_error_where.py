"""Errors about dates carry the text that was read as ``where``."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.time.phrases import resolve
from timeline.time.when import When, WhenError


@pytest.mark.parametrize("text", ["2018-13", "2018-02-30", "2020/2019", "nonsense", "2020-W60"])
def test_edtf_errors_name_the_text(text: str) -> None:
    with pytest.raises(WhenError) as info:
        When.parse(text)
    assert info.value.where == text


def test_phrase_errors_name_the_phrase() -> None:
    with pytest.raises(WhenError) as info:
        resolve("the day after the war", reference=dt.date(2020, 2, 3))
    assert info.value.where == "the day after the war"
    assert str(info.value).count("cannot resolve") == 1


def test_a_phrase_naming_no_day_is_wrapped_once() -> None:
    with pytest.raises(WhenError) as info:
        resolve("since blah", reference=dt.date(2020, 2, 3))
    assert info.value.where == "since blah"
    assert str(info.value).startswith("cannot resolve 'since blah': cannot resolve 'blah'")


def test_a_zone_error_names_the_zone() -> None:
    with pytest.raises(WhenError) as info:
        When.parse("2020", tz="Mars/Olympus")
    assert info.value.where == "Mars/Olympus"
