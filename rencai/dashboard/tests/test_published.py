"""What is published: the repository's file loads, and a file naming what cannot be published
is refused before anyone asks; periods are whole months, quarters or years."""

from __future__ import annotations

from datetime import date

import pytest

from rencai.dashboard.stats import published

pytestmark = pytest.mark.portable


def test_the_published_figures_exist_with_their_breakdowns():
    catalogue = published.load()

    assert catalogue.threshold == 5
    assert catalogue.get("talents.registered").breakdowns == ("tier", "degree")
    for item in catalogue.figures:
        assert set(item.breakdowns) <= set(item.figure.breakdowns)


@pytest.mark.parametrize(
    ("entry", "refused"),
    [
        ('name = "no.such.figure"\nperiod = "year"', LookupError),
        ('name = "talents.registered"\nperiod = "week"', ValueError),
        ('name = "talents.registered"\nperiod = "year"\nbreakdowns = ["sex"]', ValueError),
        ('name = "fairs.seekers_with_intent"\nperiod = "year"', ValueError),
    ],
)
def test_a_file_naming_what_cannot_be_published_is_refused(tmp_path, entry, refused):
    path = tmp_path / "open_statistics.toml"
    path.write_text(f"threshold = 5\n\n[[figure]]\n{entry}\n", encoding="utf-8")

    with pytest.raises(refused):
        published.load(path)


def test_a_threshold_under_one_is_refused(tmp_path):
    path = tmp_path / "open_statistics.toml"
    path.write_text("threshold = 0\n", encoding="utf-8")

    with pytest.raises(ValueError, match="threshold"):
        published.load(path)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2022-09", "month", date(2022, 9, 1), date(2022, 9, 30)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-Q3", "quarter", date(2022, 7, 1), date(2022, 9, 30)),
        ("2022-Q4", "quarter", date(2022, 10, 1), date(2022, 12, 31)),
        ("2022", "year", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_a_period_is_a_whole_month_quarter_or_year(text, kind, start, end):
    named = published.parse_period(text)

    assert (named.kind, named.period.start, named.period.end) == (kind, start, end)


@pytest.mark.parametrize(
    "text",
    ["2022-9", "2022-00", "2022-13", "2022-Q0", "2022-Q5", "1999", "2100", "2022-09-01", "", "x"],
)
def test_anything_else_is_not_a_period(text):
    assert published.parse_period(text) is None
