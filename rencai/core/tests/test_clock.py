"""One clock for services: work done inside `clock.at(t)` happens at t."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from rencai.core import audit, clock
from rencai.core.notifications import notify
from rencai.core.tests.factories import make_organisation

pytestmark = pytest.mark.portable

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2022, 9, 6, 9, 30, tzinfo=SHANGHAI)


def test_outside_any_block_the_clock_is_the_real_time():
    before = timezone.now()

    moment = clock.now()

    assert before <= moment <= timezone.now()
    assert not clock.is_set()


def test_inside_a_block_the_clock_stands_at_its_moment():
    with clock.at(MORNING) as moment:
        assert clock.now() == MORNING == moment
        assert clock.today() == date(2022, 9, 6)
        assert clock.is_set()


def test_a_naive_moment_is_read_in_shanghai_and_a_date_is_its_midnight():
    with clock.at(datetime(2022, 9, 6, 7, 0)):  # noqa: DTZ001 (naive on purpose)
        assert clock.now() == datetime(2022, 9, 5, 23, 0, tzinfo=ZoneInfo("UTC"))
        assert clock.today() == date(2022, 9, 6)
    with clock.at(date(2022, 9, 6)):
        assert clock.now() == datetime(2022, 9, 6, tzinfo=SHANGHAI)


def test_today_is_shanghai_s_date_whatever_time_zone_is_active():
    late_utc = datetime(2022, 9, 5, 20, 0, tzinfo=ZoneInfo("UTC"))  # 04:00 on the 6th there

    with timezone.override("UTC"), clock.at(late_utc):
        assert clock.today() == date(2022, 9, 6)


def test_blocks_nest_and_the_outer_moment_comes_back():
    with clock.at(MORNING):
        with clock.at(date(2022, 10, 1)):
            assert clock.today() == date(2022, 10, 1)
        assert clock.now() == MORNING


def test_the_clock_is_reset_after_the_block_even_on_error():
    with pytest.raises(RuntimeError), clock.at(MORNING):
        raise RuntimeError("boom")

    assert not clock.is_set()
    assert clock.today() == timezone.localdate()


def test_another_thread_keeps_the_real_time():
    seen = []

    with clock.at(MORNING):
        thread = threading.Thread(target=lambda: seen.append(clock.now()))
        thread.start()
        thread.join()

    assert seen[0] > MORNING.replace(year=2025)


def test_concurrent_tasks_each_keep_their_own_moment():
    async def work(day: int) -> date:
        with clock.at(date(2022, 9, day)):
            await asyncio.sleep(0.01)
            return clock.today()

    async def both():
        return await asyncio.gather(work(6), work(7))

    # In a thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        days = pool.submit(asyncio.run, both()).result()

    assert days == [date(2022, 9, 6), date(2022, 9, 7)]


@pytest.mark.django_db
def test_models_stamp_the_clocked_time_on_their_rows_and_audit_events():
    with clock.at(MORNING):
        organisation = make_organisation()
        event = audit.record(None, "test.clock", organisation)
        message = notify(title="hello")

    organisation.refresh_from_db()
    event.refresh_from_db()
    message.refresh_from_db()
    assert organisation.created_at == organisation.updated_at == MORNING
    assert event.created_at == MORNING
    assert message.created_at == MORNING


@pytest.mark.django_db
def test_an_edit_at_a_later_moment_moves_only_the_modification_time():
    with clock.at(MORNING):
        organisation = make_organisation()
    later = MORNING.replace(day=8)

    with clock.at(later):
        organisation.name = "改名"
        organisation.save()

    organisation.refresh_from_db()
    assert (organisation.created_at, organisation.updated_at) == (MORNING, later)


@pytest.mark.django_db
def test_the_clocked_fields_need_no_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
