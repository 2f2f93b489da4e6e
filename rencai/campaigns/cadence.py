"""Which days a campaign reminds on: every `reminder_every` calendar or working days from its
first day (both data on the campaign)."""

from __future__ import annotations

from datetime import date

from rencai.core import calendar

from .choices import DayCount
from .models import Campaign


def is_reminder_day(campaign: Campaign, day: date) -> bool:
    if not campaign.starts_on < day <= campaign.ends_on:
        return False
    if campaign.reminder_day_count == DayCount.WORKING:
        if not calendar.is_working_day(day):
            return False
        elapsed = calendar.working_days_between(campaign.starts_on, day)
    else:
        elapsed = (day - campaign.starts_on).days
    return elapsed % campaign.reminder_every == 0
