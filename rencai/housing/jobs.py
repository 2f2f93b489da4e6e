"""Scheduled work: offers not answered by their deadline expire (run hourly; idempotent)."""

from __future__ import annotations

from rencai.core import clock

from .services import expire_offers


def expire_job(slot) -> str:
    count = expire_offers(clock.today())
    return f"{count} offers expired"
