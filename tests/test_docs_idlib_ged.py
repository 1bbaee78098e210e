"""The docs hook that makes idlib/ged-context.md and its SVG plot (docs_ext/idlib_ged_page.py)."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from timeline.idlib_context import CITATION, IdlibContext

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs_ext" / "idlib_ged_page.py"

pytest.importorskip("mkdocs")

_SVG = "{http://www.w3.org/2000/svg}"


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("idlib_ged_page", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return _load_hook()


@pytest.fixture(scope="module")
def pages(hook: ModuleType, idlib_context: IdlibContext) -> dict[str, str]:
    generated: dict[str, str] = hook.generate(idlib_context)
    return generated


def test_the_hook_makes_the_page_and_its_plot(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["idlib/ged-context.md", "idlib/ged-context.svg"]
    page = pages["idlib/ged-context.md"]
    assert page.startswith("# Idlib in UCDP GED, September 2018 to November 2019\n\n!!! info")
    assert "![Monthly GED events and deaths in Idlib governorate](ged-context.svg)" in page
    assert page.count("\n| 20") == 15  # one table row per month
    assert "| 2018-09 | 6–9 | 7–23 | 14 |" in page
    assert "## Where GED and the article meet" in page
    assert CITATION in page


def test_the_plot_is_an_svg_of_the_months(
    pages: dict[str, str], idlib_context: IdlibContext
) -> None:
    svg = pages["idlib/ged-context.svg"]
    root = ET.fromstring(svg)
    assert root.tag == f"{_SVG}svg"
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{_SVG}text"))
    for month in idlib_context.months:
        assert month.label in text  # text kept as text (svg.fonttype none)
    assert "Idlib governorate in UCDP GED 19.1" in text
    assert "deaths, low–high" in text
    # Two bar series (certain, possibly) of 15 months each.
    bars = [p for p in root.iter(f"{_SVG}g") if (p.get("id") or "").startswith("patch_")]
    assert len(bars) >= 30


def test_the_plot_is_the_same_bytes_on_every_build(
    hook: ModuleType, pages: dict[str, str], idlib_context: IdlibContext
) -> None:
    svg = pages["idlib/ged-context.svg"]
    assert hook.plot_svg(idlib_context) == svg
    assert "<dc:date>" not in svg  # no build date in the metadata
    assert re.search(r"\b20[2-9]\d-\d\d-\d\dT", svg) is None
    ids = re.findall(r'id="(p[0-9a-f]{8,})"', svg)  # clip paths: named from the fixed salt
    assert ids


def test_without_the_shared_data_the_page_says_where_the_file_goes(hook: ModuleType) -> None:
    missing = hook._missing(FileNotFoundError("shared/data/ucdp-ged-syria/ged_syria.csv.gz"))
    assert list(missing) == ["idlib/ged-context.md"]
    assert "which this build did not find" in missing["idlib/ged-context.md"]


def test_a_bad_seed_is_a_plugin_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    hook = _load_hook()
    bad = tmp_path / "bad.toml"
    bad.write_text("[stream]\nformat = 1\n", encoding="utf-8")
    hook.SEED = bad
    with pytest.raises(PluginError, match=r"ged-context\.md cannot be made"):
        hook.on_files(None, config=None)


def test_generated_output_is_not_committed_to_docs() -> None:
    present = {path.name for path in (ROOT / "docs" / "idlib").iterdir()}
    assert not {"ged-context.md", "ged-context.svg"} & present
