"""The docs build hook that generates the Idlib pages from seeds/ (docs_ext/idlib_pages.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs_ext" / "idlib_pages.py"

pytest.importorskip("mkdocs")


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("idlib_pages", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    generated: dict[str, str] = _load_hook().generate()
    return generated


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The store of both seed files, as ``make demo`` writes it: what the commands read."""
    db = tmp_path_factory.mktemp("record") / "idlib.db"
    _load_hook().build_record(db)
    return str(db)


def _cli(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _without_note(markdown: str) -> str:
    """The generated page without the note the hook puts under the title."""
    title, _, rest = markdown.partition("\n\n")
    note, _, body = rest.partition("\n\n")
    assert note.startswith("!!! info")
    return f"{title}\n\n{body}"


def test_the_hook_generates_the_files(pages: dict[str, str]) -> None:
    assert sorted(pages) == [
        "idlib/chronology.md",
        "idlib/idlib-2020.ics",
        "idlib/idlib-2020.timelinejs.json",
        "idlib/snapshot-2020-01-15.md",
        "idlib/snapshot-2020-02-03.md",
        "idlib/snapshot-2020-03-06-known-2020-02-04.md",
        "idlib/snapshot-2020-03-06.md",
        "idlib/timeline.html",
    ]


def test_the_chronology_is_what_the_command_prints(pages: dict[str, str], record: str) -> None:
    chronology = pages["idlib/chronology.md"]
    title = _load_hook().TITLE
    assert _without_note(chronology) == _cli("render", record, "--format", "md", "--title", title)
    # In valid-time order, whatever the order of the files: both files' events.
    order = [
        "## 2012",
        "## 2016",
        "## 2018",
        "## 2019",
        "### January 2020",
        "### February 2020",
        "### March 2020",
        "## Scheduled by agreements",
    ]
    found = [chronology.index(heading) for heading in order]
    assert found == sorted(found)
    # No Mermaid block: the theme would fetch Mermaid from a CDN to draw it.
    assert "```mermaid" not in chronology


def test_the_chronology_covers_the_follow_up(pages: dict[str, str]) -> None:
    chronology = pages["idlib/chronology.md"]
    assert "Syrian government forces take Saraqeb" in chronology
    assert "Opposition factions, backed by Turkish fire, retake Saraqeb" in chronology
    # The announcement and what it announces, each at its own date, linked both ways.
    assert '<a id="ev-spring-shield-launched"></a>**27 February 2020**' in chronology
    assert '<a id="ev-spring-shield-announced"></a>**1 March 2020**' in chronology
    assert "](#ev-spring-shield-announced) (dated by the announcer: 27 February 2020" in chronology
    # The protocol's terms are plans, listed apart from what happened.
    scheduled = chronology.split("## Scheduled by agreements")[1]
    assert "Joint Russian–Turkish patrols along the M4, from 15 March" in scheduled


def test_the_html_page_is_the_commands_and_fetches_nothing(
    pages: dict[str, str], record: str
) -> None:
    page = pages["idlib/timeline.html"]
    assert page == _cli("render", record, "--format", "html", "--title", _load_hook().TITLE)
    assert "Content-Security-Policy" in page
    assert " src=" not in page
    assert "Maaret al-Nouman" in page


def test_the_snapshots_contrast_mid_january_with_the_day_of_the_report(
    pages: dict[str, str], record: str
) -> None:
    january = pages["idlib/snapshot-2020-01-15.md"]
    february = pages["idlib/snapshot-2020-02-03.md"]
    # The pages read the days on Idlib's clock, the command in the streams' zone: they agree.
    for day, page in (("2020-01-15", january), ("2020-02-03", february)):
        assert _without_note(page) == _cli("snapshot", record, "--at", day)
    assert "*possibly holds:* idlib-ceasefire-2020" in january
    assert "Control of places" not in january
    assert "Maaret al-Nouman: held by Syrian army" in february
    assert "Contested claims" in february


def test_6_march_now_and_as_known_at_4_february(pages: dict[str, str], record: str) -> None:
    march = pages["idlib/snapshot-2020-03-06.md"]
    then = pages["idlib/snapshot-2020-03-06-known-2020-02-04.md"]
    assert _without_note(march) == _cli("snapshot", record, "--at", "2020-03-06")
    assert _without_note(then) == _cli(
        "snapshot", record, "--at", "2020-03-06", "--known-at", "2020-02-04"
    )
    assert "Saraqeb: held by Syrian army since sometime between 1 and 2 March 2020" in march
    assert "## Dated terms (scheduled, not events)" in march
    assert "moscow-protocol-2020" in march
    body = _without_note(then)
    assert "Saraqeb" not in body
    assert "moscow-protocol-2020" not in body
    assert "Turkey, killed: 5–7" in body  # the ministry's revised figure was known by then


def test_the_downloads_are_the_commands(pages: dict[str, str | bytes], record: str) -> None:
    ics = pages["idlib/idlib-2020.ics"]
    assert isinstance(ics, bytes)
    assert b"\r\n" in ics
    title = _load_hook().TITLE
    command = [sys.executable, "-m", "timeline", "render", record, "--title", title]
    made = subprocess.run([*command, "--format", "ics"], cwd=ROOT, capture_output=True, check=True)
    assert ics == made.stdout
    assert pages["idlib/idlib-2020.timelinejs.json"] == _cli(
        "render", record, "--format", "timelinejs", "--title", title
    )


def test_the_hook_opens_the_record_with_the_commands_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import timeline.cli

    calls: list[str] = []
    load_file = timeline.cli.load_file

    def spy(path: str) -> timeline.cli.Loaded:
        calls.append(path)
        return load_file(path)

    monkeypatch.setattr(timeline.cli, "load_file", spy)
    _load_hook().generate()
    (opened,) = calls
    assert opened.endswith("idlib.db")  # the store of both files, as make demo writes it


def test_a_missing_seed_is_a_plugin_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    hook = _load_hook()
    hook.generate.__defaults__ = (tmp_path / "missing.toml", None)  # the seed on_files loads
    with pytest.raises(PluginError, match=r"cannot be made: .*missing\.toml: no such file"):
        hook.on_files(None, config=None)


def test_generated_output_is_not_committed_to_docs(pages: dict[str, str]) -> None:
    generated = {path.removeprefix("idlib/") for path in pages}
    present = {path.name for path in (ROOT / "docs" / "idlib").iterdir()}
    assert not generated & present
