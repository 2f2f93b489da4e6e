from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The morning before the 2022 fair in Huanggang.
MOMENT = datetime(2022, 9, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller
