"""The events' demo (filled in below)."""

from __future__ import annotations


def load_demo(options) -> str:
    return "events: nothing yet"
