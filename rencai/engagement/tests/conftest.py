from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from rencai.core.calendar import _warned_years
from rencai.policies.evaluation import clear_caches


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """Catalogue codes cached by an earlier test may name rows its rollback removed."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads go to a throwaway folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _quiet_calendar():
    """Years without calendar rows warn once per process; tests need not see it."""
    _warned_years.update(range(2000, 2100))


@pytest.fixture
def mid_morning():
    """A weekday at 10:00 in Huanggang, ticking: "a few minutes ago" is still today.

    Window visits count for the day they were made, so a test that moves a visit back a few
    minutes would fail just after midnight if it ran on the real clock.
    """
    moment = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield moment
