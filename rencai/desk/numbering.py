"""Public case numbers: `<prefix><year>-<sequence>`, e.g. HG2022-000123.

The prefix is the city's (`CaseNumberPrefix`, data: HG for Huanggang; `DEFAULT_PREFIX` where a
city has none), the year is the local (Asia/Shanghai) year the case was opened in, and the
sequence counts that city's cases of that year from 1. The next number is taken from the
year's `CaseCounter` row, locked (SELECT … FOR UPDATE) for the rest of the opening
transaction: concurrent openings queue on the row and a rolled-back opening gives its number
back. A unique index on `Application.number` is the last word.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rencai.core import clock
from rencai.core.choices import DivisionLevel
from rencai.core.models import Division

from .models import CaseCounter, CaseNumberPrefix

DEFAULT_PREFIX = "RC"


def city_of(division: Division) -> Division:
    """The city a division belongs to (itself, for the city)."""
    seen = 0
    while division.level != DivisionLevel.CITY and division.parent_id is not None and seen < 5:
        division = division.parent
        seen += 1
    return division


def prefix_for(division: Division) -> str:
    """The case-number prefix of the city `division` is in."""
    city = city_of(division)
    row = CaseNumberPrefix.objects.filter(division=city).first()
    return row.prefix if row is not None else DEFAULT_PREFIX


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-{sequence:06d}"


def next_number(division: Division, *, year: int | None = None) -> str:
    """Take the next case number for the city of `division`; call inside the transaction that
    saves the case, so the counter row stays locked until the case is saved."""
    prefix = prefix_for(division)
    year = year or timezone.localtime(clock.now()).year
    with transaction.atomic():
        CaseCounter.objects.bulk_create(
            [CaseCounter(prefix=prefix, year=year)], ignore_conflicts=True
        )
        counter = CaseCounter.objects.select_for_update().get(prefix=prefix, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return format_number(prefix, year, counter.last)
