"""Charts drawn on the server as SVG (no JavaScript, nothing from the internet, CSP-safe).

A chart is a picture of a table the page shows beside it (the table is what screen readers,
print and export use); the SVG carries a <title> and <desc> and is `role="img"` (a
`role="group"` named by its title when its bars are links: an image's parts are not
reachable). Colours and fonts come from the stylesheet's classes (`.chart …` in
rencai.css), so the large-text mode and print apply; the geometry is in the SVG's own
units and scales with its width.

    bar_chart([Bar("黄州区", 120), Bar("团风县", 45)], title="…", fmt=str)
    column_chart([Bar("2022-08", 30), Bar("2022-09", 42)], title="…")  # a series by month

Each bar may carry an `href` (the drill-down behind it): the bar and its label are then a link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number | None
    href: str = ""
    text: str = ""  # the value as shown (¥…, …%); `fmt(value)` when empty


ROW = 28  # one bar's band
LABEL_WIDTH = 150
VALUE_WIDTH = 110
WIDTH = 640


def _text(value: object) -> str:
    return str(escape(str(value)))


def _linked(svg: str, href: str, label: str) -> str:
    if not href:
        return svg
    return f'<a href="{_text(href)}" aria-label="{_text(label)}">{svg}</a>'


def _role(bars: Sequence[Bar], title: str) -> str:
    if any(bar.href for bar in bars):
        return f'role="group" aria-label="{_text(title)}"'
    return 'role="img"'


def _shown(bar: Bar, fmt: Callable[[Number], str]) -> str:
    if bar.text:
        return bar.text
    return fmt(bar.value) if bar.value is not None else "—"


def _open(kind: str, bars, *, width, height, title, description, css_class) -> list[str]:
    """The <svg> element's opening, its title and description: the start of every chart."""
    classes = " ".join(c for c in ("chart", kind, css_class) if c)
    parts = [
        f'<svg class="{classes}" viewBox="0 0 {width} {height}" {_role(bars, title)} '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_text(title)}</title>",
    ]
    if description:
        parts.append(f"<desc>{_text(description)}</desc>")
    return parts


def _scale(bars: Sequence[Bar], full: int) -> Callable[[Bar], int]:
    """A bar's length on the scale where the largest value of `bars` is `full` long."""
    top = max([Decimal(str(b.value)) for b in bars if b.value is not None] or [Decimal(0)])

    def length(bar: Bar) -> int:
        if bar.value is None or top <= 0:
            return 0
        return int(Decimal(str(bar.value)) / top * full)

    return length


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text in a chart is escaped


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str = "",
    fmt: Callable[[Number], str] = str,
    css_class: str = "",
) -> SafeString:
    """Horizontal bars, one per row, longest to scale; an empty chart says so."""
    height = max(len(bars), 1) * ROW + 8
    parts = _open(
        "bar-chart",
        bars,
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        css_class=css_class,
    )
    scaled = _scale(bars, WIDTH - LABEL_WIDTH - VALUE_WIDTH)
    for i, bar in enumerate(bars):
        y = i * ROW + 4
        length = scaled(bar)
        shown = _shown(bar, fmt)
        row = (
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 1}" '
            f'text-anchor="end" dominant-baseline="middle">{_text(bar.label)}</text>'
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{max(length, 1)}" '
            f'height="{ROW - 8}"><title>{_text(bar.label)}: {_text(shown)}</title></rect>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{y + ROW / 2 + 1}" '
            f'dominant-baseline="middle">{_text(shown)}</text>'
        )
        parts.append(_linked(row, bar.href, f"{bar.label}: {shown}"))
    return _close(parts)


COLUMN_HEIGHT = 180  # the tallest column
COLUMN_TOP = 22  # room for the value above a column
COLUMN_LABELS = 26  # room for the label under a column
COLUMN_MIN_WIDTH = 48
COLUMN_MAX_WIDTH = 64  # a lone month is a column, not a wall


def column_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str = "",
    fmt: Callable[[Number], str] = str,
    css_class: str = "",
) -> SafeString:
    """Vertical columns side by side (a series: by month), tallest to scale; each column's
    value above it and its label under it."""
    width = max(WIDTH, len(bars) * COLUMN_MIN_WIDTH)
    height = COLUMN_TOP + COLUMN_HEIGHT + COLUMN_LABELS
    parts = _open(
        "column-chart",
        bars,
        width=width,
        height=height,
        title=title,
        description=description,
        css_class=css_class,
    )
    band = width / max(len(bars), 1)
    scaled = _scale(bars, COLUMN_HEIGHT)
    for i, bar in enumerate(bars):
        length = scaled(bar)
        shown = _shown(bar, fmt)
        middle = i * band + band / 2
        bottom = COLUMN_TOP + COLUMN_HEIGHT
        drawn = max(length, 1)
        thick = min(band * 0.6, COLUMN_MAX_WIDTH)
        column = (
            f'<rect class="chart-bar" x="{middle - thick / 2:.1f}" y="{bottom - drawn}" '
            f'width="{thick:.1f}" height="{drawn}">'
            f"<title>{_text(bar.label)}: {_text(shown)}</title></rect>"
            f'<text class="chart-value" x="{middle:.1f}" y="{bottom - length - 6}" '
            f'text-anchor="middle">{_text(shown)}</text>'
            f'<text class="chart-label" x="{middle:.1f}" y="{bottom + 18}" '
            f'text-anchor="middle">{_text(bar.label)}</text>'
        )
        parts.append(_linked(column, bar.href, f"{bar.label}: {shown}"))
    return _close(parts)
