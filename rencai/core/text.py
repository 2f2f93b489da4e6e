"""Small text helpers shared by pages, documents and messages."""

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_list(items: Iterable[object]) -> str:
    """Join names with the active language's list separator: 、 in Chinese, ", " in English."""
    return pgettext("list separator", ", ").join(str(item) for item in items)
