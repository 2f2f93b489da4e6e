"""Scheduled jobs: periodic work that apps register, run by `manage.py run_schedule`.

`core` knows no job; each app registers its own in `AppConfig.ready()`:

    schedule.register_job("policies.outreach", _("Daily outreach"), schedule.daily(time(3)),
                          run_daily_outreach)

A cadence names the occurrences of a job; each occurrence has a *slot key* ("2022-09-06" for
a daily job, "2022-09-06T14" for an hourly one, the date of the occurrence otherwise). At any
moment the job is due for its latest occurrence at or before now — missed older occurrences
are not caught up: a daily job down for three days runs once, for today.

`run_due()` runs what is due, each (job, slot) at most once: the slot is a `core.ScheduledRun`
row (unique on job and slot), claimed with `SELECT … FOR UPDATE SKIP LOCKED` (a second process
skips a slot that another is running), and the job's work and the "done" mark commit in one
transaction — a run killed halfway leaves nothing half-done and the next run does it again.
A failed run is rolled back, its error noted on the row, and retried by the next run.
The job's `run(slot)` returns a short summary; run "as of" a moment (`run_schedule --now`),
it executes inside `clock.at(that moment)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import clock

logger = logging.getLogger(__name__)

Kind = Literal["hourly", "daily", "every_n_days", "weekly", "half_monthly"]
EPOCH = date(2022, 1, 3)  # a Monday: every-N-days counts its occurrences from here


@dataclass(frozen=True)
class Slot:
    """One occurrence of a job: its key and the moment it became due."""

    key: str
    due_at: datetime

    @property
    def day(self) -> date:
        """The local day this occurrence belongs to. A job that works by the day does this
        day's work, also when it runs late (a scheduler down at its time catches it up on
        the next day, when the clock's today is already another)."""
        return timezone.localdate(self.due_at, timezone.get_default_timezone())


@dataclass(frozen=True)
class Cadence:
    """When a job recurs, in Asia/Shanghai time. Build one with the functions below."""

    kind: Kind
    at: time = time(0, 0)
    days: int = 1
    weekday: int = 0  # Monday = 0
    minute: int = 0

    def latest(self, now: datetime) -> Slot:
        """The latest occurrence at or before `now`."""
        local = timezone.localtime(now, timezone.get_default_timezone())
        if self.kind == "hourly":
            due = local.replace(minute=self.minute, second=0, microsecond=0)
            if due > local:
                due -= timedelta(hours=1)
            return Slot(due.strftime("%Y-%m-%dT%H"), due)
        day = local.date() if local.time() >= self.at else local.date() - timedelta(days=1)
        if self.kind == "every_n_days":
            day -= timedelta(days=(day - EPOCH).days % self.days)
        elif self.kind == "weekly":
            day -= timedelta(days=(day.weekday() - self.weekday) % 7)
        elif self.kind == "half_monthly":
            day = day.replace(day=16 if day.day >= 16 else 1)
        due = timezone.make_aware(datetime.combine(day, self.at), local.tzinfo)
        return Slot(day.isoformat(), due)


def hourly(minute: int = 0) -> Cadence:
    """Every hour at `minute` past."""
    return Cadence("hourly", minute=minute)


def daily(at: time = time(0, 0)) -> Cadence:
    """Every day at `at`."""
    return Cadence("daily", at=at)


def every_n_days(days: int, at: time = time(0, 0)) -> Cadence:
    """Every `days` days at `at` (counted from a fixed Monday, so restarts do not shift it)."""
    if days < 1:
        raise ValueError("every_n_days needs days >= 1")
    return Cadence("every_n_days", at=at, days=days)


def weekly(weekday: int = 0, at: time = time(0, 0)) -> Cadence:
    """Every week on `weekday` (Monday = 0) at `at`."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
    return Cadence("weekly", at=at, weekday=weekday)


def half_monthly(at: time = time(0, 0)) -> Cadence:
    """On the 1st and the 16th of every month at `at`."""
    return Cadence("half_monthly", at=at)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    cadence: Cadence
    run: Callable[[Slot], object]


_jobs: dict[str, Job] = {}


def register_job(name: str, label, cadence: Cadence, run: Callable[[Slot], object]) -> None:
    """Add (or replace) a job; `name` ("app.job") keeps registration idempotent."""
    _jobs[name] = Job(name, label, cadence, run)


def unregister_job(name: str) -> None:
    _jobs.pop(name, None)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    try:
        return _jobs[name]
    except KeyError:
        raise LookupError(f"no scheduled job {name!r}; known: {sorted(_jobs)}") from None


@dataclass(frozen=True)
class Due:
    job: Job
    slot: Slot
    attempts: int  # earlier failed attempts at this slot


@dataclass(frozen=True)
class Outcome:
    job: str
    slot: str
    status: Literal["done", "skipped", "failed"]
    summary: str = ""


def due(now: datetime | None = None, names: list[str] | None = None) -> list[Due]:
    """The (job, slot) pairs not yet done as of `now` (default: the clock's now)."""
    from .choices import ScheduledRunStatus
    from .models import ScheduledRun

    now = now or clock.now()
    selected = [get_job(n) for n in names] if names else jobs()
    slots = {job.name: job.cadence.latest(now) for job in selected}
    runs = {
        (r.job, r.slot): r
        for r in ScheduledRun.objects.filter(
            job__in=list(slots), slot__in={s.key for s in slots.values()}
        )
    }
    pending = []
    for job in selected:
        slot = slots[job.name]
        run = runs.get((job.name, slot.key))
        if run is None or run.status != ScheduledRunStatus.DONE:
            pending.append(Due(job, slot, run.attempts if run else 0))
    return pending


def run_due(now: datetime | None = None, names: list[str] | None = None) -> list[Outcome]:
    """Run every due (job, slot) once; see the module's docstring. Given `now`, the jobs run
    as of that moment (inside `clock.at(now)`); else on the running clock."""
    return [run_slot(d.job, d.slot, now) for d in due(now, names)]


def run_slot(job: Job, slot: Slot, now: datetime | None = None) -> Outcome:
    from .choices import ScheduledRunStatus
    from .models import ScheduledRun

    try:
        row, _ = ScheduledRun.objects.get_or_create(job=job.name, slot=slot.key)
    except IntegrityError:  # created by a concurrent process between our get and create
        row = ScheduledRun.objects.get(job=job.name, slot=slot.key)
    try:
        with transaction.atomic():
            claimed = (
                ScheduledRun.objects.select_for_update(skip_locked=True)
                .filter(pk=row.pk)
                .exclude(status=ScheduledRunStatus.DONE)
                .first()
            )
            if claimed is None:  # done meanwhile, or being run by another process now
                return Outcome(job.name, slot.key, "skipped")
            started = timezone.now()
            with clock.at(now) if now is not None else nullcontext():
                summary = job.run(slot)
            claimed.status = ScheduledRunStatus.DONE
            claimed.started_at = started
            claimed.finished_at = timezone.now()
            claimed.attempts += 1
            claimed.summary = "" if summary is None else str(summary)[:500]
            claimed.error = ""
            claimed.save()
    except Exception as exc:
        logger.exception("scheduled job %s (%s) failed", job.name, slot.key)
        ScheduledRun.objects.filter(pk=row.pk).exclude(status=ScheduledRunStatus.DONE).update(
            status=ScheduledRunStatus.FAILED,
            attempts=F("attempts") + 1,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return Outcome(job.name, slot.key, "failed", str(exc))
    return Outcome(job.name, slot.key, "done", claimed.summary)
