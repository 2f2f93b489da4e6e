"""Time targets and measured handling times (the report of them: `selectors.handling_report`).

Each benefit has a target (`time_target` in `time_unit`: minutes, or working days by China's
official calendar, `rencai.core.calendar`). A case's clock starts when the clerk opened the
talent at the window or station (`opened_at`, from the window visit), or at submission for
online and 免申即享 cases, and stops at the decision (approval or rejection). Both measures
are stored on every decided case: `handling_seconds` (wall clock) and `handling_working_days`
(working days after the start date up to the decision date; 0 on the same day).

Report figures, per benefit and per service point: the count, the median (the middle value,
or the mean of the two middle values), the 90th percentile by the nearest-rank method (the
value at rank ⌈0.9·n⌉ of the sorted values), and the share within target. Values are in the
benefit's unit: minutes (seconds / 60) or working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from rencai.core import clock
from rencai.core.calendar import add_working_days, working_days_between, working_days_up_to
from rencai.policies.choices import TimeUnit
from rencai.policies.models import Benefit

from . import workflow
from .choices import Channel
from .models import Application

IN_PERSON = (Channel.WINDOW, Channel.STATION)


def clock_start(application: Application) -> datetime | None:
    """When the case's clock started: the window visit in person, else the submission."""
    if application.channel in IN_PERSON:
        return application.opened_at
    return application.submitted_at


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def due_at_for(benefit: Benefit, start: datetime | None) -> datetime | None:
    """The deadline a case started at `start` must be decided by (None without a target)."""
    if start is None or not benefit.time_target:
        return None
    if benefit.time_unit == TimeUnit.WORKING_DAYS:
        last = add_working_days(_local_date(start), benefit.time_target)
        return timezone.make_aware(datetime.combine(last, time.max))
    return start + timedelta(minutes=benefit.time_target)


def handling_times(application: Application, decided_at: datetime) -> tuple[int | None, int | None]:
    """(seconds, working days) from the clock's start to `decided_at`."""
    start = clock_start(application)
    if start is None:
        return None, None
    seconds = max(0, int((decided_at - start).total_seconds()))
    return seconds, working_days_between(_local_date(start), _local_date(decided_at))


def measure(application: Application, value_seconds: int | None, value_days: int | None):
    """A decided case's handling time in its benefit's unit (minutes or working days)."""
    if application.benefit.time_unit == TimeUnit.WORKING_DAYS:
        return None if value_days is None else Decimal(value_days)
    return None if value_seconds is None else Decimal(value_seconds) / 60


def within_target(benefit: Benefit, seconds: int | None, days: int | None) -> bool | None:
    """Whether a handling time met the benefit's target (None: no target or no time)."""
    if not benefit.time_target:
        return None
    if benefit.time_unit == TimeUnit.WORKING_DAYS:
        return None if days is None else days <= benefit.time_target
    return None if seconds is None else seconds <= benefit.time_target * 60


# --- deadlines that show ------------------------------------------------------------------


def is_overdue(application: Application, now: datetime | None = None) -> bool:
    """An open case past its deadline."""
    now = now or clock.now()
    return bool(
        application.state in workflow.OPEN_STATES
        and application.due_at is not None
        and application.due_at < now
    )


def working_days_late(cases: Iterable[Application], now: datetime | None = None) -> dict[int, int]:
    """For each overdue open case among `cases` (pk → n): the working days after its deadline's
    day up to today (0: overdue since today, or only since the weekend). One calendar read."""
    now = now or clock.now()
    late = [case for case in cases if is_overdue(case, now)]
    if not late:
        return {}
    counts = working_days_up_to((_local_date(c.due_at) for c in late), _local_date(now))
    return {case.pk: counts[_local_date(case.due_at)] for case in late}


def end_of_week(now: datetime) -> datetime:
    """The end of Sunday of `now`'s week (Asia/Shanghai): "due this week" is by then."""
    today = timezone.localtime(now).date()
    sunday = today + timedelta(days=6 - today.weekday())
    return timezone.make_aware(datetime.combine(sunday, time.max))
