"""The server-drawn SVG chart: scaled bars, escaped labels, links for drill-down."""

import re
from xml.etree import ElementTree  # our own output, not untrusted input

import pytest

from rencai.core.charts import Bar, bar_chart, column_chart

pytestmark = pytest.mark.portable
SVG = "{http://www.w3.org/2000/svg}"


def test_bars_scale_to_the_largest_value_and_show_their_values():
    svg = bar_chart([Bar("黄州区", 100), Bar("团风县", 50)], title="人才数")
    root = ElementTree.fromstring(  # noqa: S314
        svg
    )
    widths = [int(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    assert root.find(f"{SVG}title").text == "人才数"
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"] == [
        "100",
        "50",
    ]


def test_labels_are_escaped_and_bars_link_to_their_list():
    svg = bar_chart([Bar("<b>x</b>", 3, href="/talents/?county=1&tier=A")], title="t")
    assert "<b>" not in svg
    root = ElementTree.fromstring(  # noqa: S314
        svg
    )
    link = root.find(f"{SVG}a")
    assert link is not None
    assert link.get("href") == "/talents/?county=1&tier=A"


def test_an_empty_or_all_zero_chart_still_draws():
    assert re.search(r"<svg[^>]+role=\"img\"", bar_chart([], title="t"))
    ElementTree.fromstring(  # noqa: S314
        bar_chart([Bar("a", 0), Bar("b", None)], title="t", fmt=str)
    )


def test_columns_scale_to_the_tallest_and_show_their_own_text():
    svg = column_chart(
        [Bar("2022-08", 10, text="¥10.00"), Bar("2022-09", 40, text="¥40.00")], title="逐月"
    )
    root = ElementTree.fromstring(  # noqa: S314
        svg
    )
    heights = [int(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == 4 * heights[0]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["¥10.00", "¥40.00"]


def test_a_chart_whose_bars_link_is_a_named_group_not_an_image():
    linked = bar_chart([Bar("a", 1, href="/x/")], title="人才数")
    plain = column_chart([Bar("a", 1)], title="人才数")
    assert re.search(r'<svg[^>]+role="group" aria-label="人才数"', linked)
    assert re.search(r'<svg[^>]+role="img"', plain)
