"""SVG charts: well-formed, deterministic, legible in greyscale, text escaped."""

from __future__ import annotations

import base64
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from normcheck.report import charts
from normcheck.report.palette import STAGE_FILLS, _luminance, contrast, ink_for

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
LETTERS = [f"({n})" for n in "abcdefghijk"]


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _radar() -> str:
    return charts.radar(LETTERS, [3, 1, 1, 3, 2, 2, 3, 2, 1, 2, 4], title="Stage of each norm, Thailand",
                        latest_label="Assessed 2024-06-01", previous=[2, 1, 1, 0, 1, 1, 1, 1, 0, 1, 2],
                        previous_label="Earlier, 2023-06-01")


def test_radar_golden(update_golden: bool) -> None:
    path = GOLDEN / "radar.svg"
    svg = _radar()
    if update_golden:
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8")


def test_radar_has_axes_rings_and_a_legend() -> None:
    svg = _radar()
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Stage of each norm, Thailand"  # type: ignore[union-attr]
    texts = _texts(svg)
    assert [t for t in texts if t.startswith("(")] == LETTERS
    assert {"1", "2", "3", "4", "5"} <= set(texts)
    assert "Assessed 2024-06-01" in texts
    assert "Earlier, 2023-06-01" in texts
    assert 'stroke-dasharray="5 3"' in svg  # the earlier assessment differs by pattern, not only by colour


def test_radar_marks_norms_not_rated() -> None:
    svg = charts.radar(LETTERS, [None, *range(10)][:11], title="t", latest_label="now")
    assert "(a) n/r" in _texts(svg)


def test_charts_are_deterministic() -> None:
    assert _radar() == _radar()
    rows = [charts.Bar("Political", 90.9, "90.9", "#41b6c4")]
    assert charts.bars(rows, title="x") == charts.bars(rows, title="x")


def test_bars_escape_their_text_and_keep_labels_inside() -> None:
    svg = charts.bars([charts.Bar("<script>&", 100.0, "100.0 (12 of 12 met)", "#41b6c4"),
                       charts.Bar("None", None, "-", "#41b6c4")],
                      title="a <b>", legend=[("0 Not started", "#ffffcc"), ("5 Dynamic", "#253494")])
    root = ET.fromstring(svg)
    assert "<script>&" in _texts(svg)
    assert "&lt;script&gt;&amp;" in svg
    width = float(root.get("width"))  # type: ignore[arg-type]
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#41b6c4")
    label = next(t for t in root.iter(f"{SVG}text") if t.text == "100.0 (12 of 12 met)")
    assert float(bar.get("x")) + float(bar.get("width")) < float(label.get("x"))  # type: ignore[arg-type]
    assert float(label.get("x")) + 5.4 * len(label.text or "") <= width  # type: ignore[arg-type]
    assert {"0 Not started", "5 Dynamic"} <= set(_texts(svg))


def test_dumbbell_and_spread_label_their_rows() -> None:
    svg = charts.dumbbell([charts.Pair("(a)", 58.3, 80.6), charts.Pair("(b)", None, 50.0)], title="t",
                          before_label="Earlier", after_label="Latest")
    assert {"(a)", "(b)", "+22.3", "Earlier", "Latest"} <= set(_texts(svg))
    svg = charts.spread([charts.Spread("(a)", 11.1, 62.5, 91.7)], title="t")
    assert {"(a)", "gap 80.6", "lowest to highest index", "regional median"} <= set(_texts(svg))


def test_data_uri_round_trips() -> None:
    svg = _radar()
    uri = charts.data_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg


def test_stage_colours_get_darker_with_each_stage_so_greyscale_keeps_the_order() -> None:
    lightness = [_luminance(c) for c in STAGE_FILLS]
    assert lightness == sorted(lightness, reverse=True)
    assert all(a - b > 0.03 for a, b in itertools.pairwise(lightness))


@pytest.mark.parametrize("fill", STAGE_FILLS)
def test_stage_numbers_are_readable_on_their_colour(fill: str) -> None:
    assert contrast(fill, ink_for(fill)) >= 4.5
