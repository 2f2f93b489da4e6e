"""Time targets and measured handling times, and the report of them.

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

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.calendar import add_working_days, working_days_between
from rencai.core.errors import PermissionDenied
from rencai.policies.choices import TimeUnit
from rencai.policies.models import Benefit

from .. import permissions, selectors
from ..choices import ApplicationState, Channel
from ..models import Application

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


# --- the report ---------------------------------------------------------------------------


def percentile(values: Iterable[Decimal], p: int) -> Decimal | None:
    """The p-th percentile by the nearest-rank method (None for no values)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ReportRow:
    """Handling-time figures of one group of decided cases (one unit of measure)."""

    key: int | None
    label: str
    unit: str
    target: int | None
    count: int
    median: Decimal | None
    p90: Decimal | None
    within_target: int
    with_target: int

    @property
    def share_within_target(self) -> Decimal | None:
        """Cases within target / cases with a target, as a fraction (None without targets)."""
        if not self.with_target:
            return None
        return Decimal(self.within_target) / Decimal(self.with_target)


@dataclass(frozen=True)
class HandlingReport:
    by_benefit: list[ReportRow]
    by_service_point: list[ReportRow]


def _row(key, label, unit, target, cases: list[tuple[Decimal, bool | None]]) -> ReportRow:
    values = [value for value, _ in cases]
    judged = [ok for _, ok in cases if ok is not None]
    return ReportRow(
        key=key,
        label=label,
        unit=unit,
        target=target,
        count=len(values),
        median=statistics.median(values) if values else None,
        p90=percentile(values, 90),
        within_target=sum(judged),
        with_target=len(judged),
    )


def report_of(applications: QuerySet[Application]) -> HandlingReport:
    """Figures over the decided cases of `applications` (approved or rejected, and later)."""
    decided = applications.filter(decided_at__isnull=False).select_related(
        "benefit", "service_point"
    )
    benefits: dict[int, list] = defaultdict(list)
    points: dict[tuple[int | None, str], list] = defaultdict(list)
    names: dict[int, Benefit] = {}
    point_names: dict[int | None, str] = {None: str(_("Online and without application"))}
    for case in decided.order_by("id"):
        value = measure(case, case.handling_seconds, case.handling_working_days)
        if value is None:
            continue
        ok = within_target(case.benefit, case.handling_seconds, case.handling_working_days)
        benefits[case.benefit_id].append((value, ok))
        names[case.benefit_id] = case.benefit
        points[(case.service_point_id, case.benefit.time_unit)].append((value, ok))
        if case.service_point_id is not None:
            point_names[case.service_point_id] = case.service_point.name
    by_benefit = [
        _row(pk, names[pk].name, names[pk].time_unit, names[pk].time_target, cases)
        for pk, cases in sorted(benefits.items(), key=lambda item: names[item[0]].name)
    ]
    by_point = [
        _row(pk, point_names[pk], unit, None, cases)
        for (pk, unit), cases in sorted(
            points.items(),
            key=lambda item: (item[0][0] is None, point_names[item[0][0]], item[0][1]),
        )
    ]
    return HandlingReport(by_benefit, by_point)


def handling_report(
    actor,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    benefit: int | None = None,
) -> HandlingReport:
    """The handling-time report over the cases the actor sees, decided between the dates."""
    if not permissions.can_view_reports(actor):
        raise PermissionDenied(_("You may not see handling-time reports."))
    qs = selectors.applications_for_actor(actor).exclude(state=ApplicationState.WITHDRAWN)
    if date_from:
        qs = qs.filter(decided_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(decided_at__date__lte=date_to)
    if benefit is not None:
        qs = qs.filter(benefit_id=benefit)
    return report_of(qs)
