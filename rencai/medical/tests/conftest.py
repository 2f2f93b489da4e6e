from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from rencai.policies.evaluation import clear_caches

# A weekday at 10:00 in Huanggang: slots "tomorrow at 09:00" are 23 hours away.
MOMENT = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """Catalogue codes cached by an earlier test may name rows its rollback removed."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def mid_morning():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller
