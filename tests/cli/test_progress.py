"""The progress count: shown on a terminal for long work, silent otherwise."""

from __future__ import annotations

import io

from timeline.cli import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress("events", out)
    progress.start -= 10  # as if the work had been running for a while
    assert list(progress.wrap(range(10_000))) == list(range(10_000))
    assert out.getvalue() == ""


def test_counts_on_a_terminal_for_long_work() -> None:
    out = FakeTerminal()
    progress = Progress("events", out)
    progress.start -= 10
    assert sum(1 for _ in progress.wrap(range(10_000))) == 10_000
    text = out.getvalue()
    assert "\revents: 8,192" in text
    assert text.endswith("events: 10,000 done\n")


def test_quiet_for_short_work_even_on_a_terminal() -> None:
    out = FakeTerminal()
    assert sum(1 for _ in Progress("events", out).wrap(range(10_000))) == 10_000
    assert out.getvalue() == ""


def test_a_bar_when_the_total_is_known() -> None:
    out = FakeTerminal()
    progress = Progress("reading", out, total=10_000)
    progress.start -= 10
    assert sum(1 for _ in progress.wrap(range(10_000))) == 10_000
    text = out.getvalue()
    assert "\rreading [########################......] 8,192/10,000" in text
    assert text.endswith("reading [" + "#" * 30 + "] 10,000/10,000 done\n")


def test_activity_on_a_terminal_for_long_steps_only() -> None:
    import time

    from timeline.cli import Activity

    out = FakeTerminal()
    with Activity("loading", out, delay=0.01):
        time.sleep(0.2)
    assert out.getvalue().startswith("\rloading... ")
    assert "loading... done in " in out.getvalue()
    quick = FakeTerminal()
    with Activity("loading", quick):
        pass
    assert quick.getvalue() == ""
    pipe = io.StringIO()
    with Activity("loading", pipe, delay=0.01):
        time.sleep(0.05)
    assert pipe.getvalue() == ""
