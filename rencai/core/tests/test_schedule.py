"""Scheduled jobs: each occurrence runs once, all or nothing, whoever runs it."""

import threading
from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from rencai.core import audit, clock, schedule
from rencai.core.choices import ScheduledRunStatus
from rencai.core.models import AuditEvent, ScheduledRun

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2022, 9, 6, 10, 30, tzinfo=SHANGHAI)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("cadence", "now", "key", "due_at"),
    [
        (schedule.hourly(minute=15), TUESDAY, "2022-09-06T10", at(2022, 9, 6, 10, 15)),
        (schedule.hourly(minute=45), TUESDAY, "2022-09-06T09", at(2022, 9, 6, 9, 45)),
        (schedule.daily(time(8)), TUESDAY, "2022-09-06", at(2022, 9, 6, 8)),
        (schedule.daily(time(11)), TUESDAY, "2022-09-05", at(2022, 9, 5, 11)),
        (schedule.every_n_days(3), TUESDAY, "2022-09-06", at(2022, 9, 6)),
        (schedule.every_n_days(3), at(2022, 9, 8, 23), "2022-09-06", at(2022, 9, 6)),
        (schedule.every_n_days(3), at(2022, 9, 9, 0, 1), "2022-09-09", at(2022, 9, 9)),
        (schedule.weekly(weekday=0, at=time(9)), TUESDAY, "2022-09-05", at(2022, 9, 5, 9)),
        (schedule.weekly(weekday=2), TUESDAY, "2022-08-31", at(2022, 8, 31)),
        (schedule.half_monthly(), TUESDAY, "2022-09-01", at(2022, 9, 1)),
        (schedule.half_monthly(), at(2022, 9, 20, 1), "2022-09-16", at(2022, 9, 16)),
        (schedule.half_monthly(time(2)), at(2022, 9, 1, 1), "2022-08-16", at(2022, 8, 16, 2)),
    ],
)
def test_a_cadence_names_its_latest_occurrence_in_shanghai_time(cadence, now, key, due_at):
    slot = cadence.latest(now)

    assert (slot.key, slot.due_at) == (key, due_at)


def test_a_daily_slot_follows_the_shanghai_date_not_utc():
    just_after_midnight = datetime(2022, 9, 5, 16, 5, tzinfo=ZoneInfo("UTC"))  # 00:05 on the 6th

    assert schedule.daily().latest(just_after_midnight).key == "2022-09-06"


class Work:
    """A job whose work is one audit event per run; it can be told to fail or to wait."""

    def __init__(self, name="test.work"):
        self.name = name
        self.fail = False
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.seen_now: list[datetime] = []

    def __call__(self, slot):
        self.seen_now.append(clock.now())
        audit.record(None, "test.work", target_type="slot", target_repr=slot.key)
        self.started.set()
        self.release.wait(timeout=30)
        if self.fail:
            raise RuntimeError("killed halfway")
        return f"did {slot.key}"

    def runs(self) -> int:
        return AuditEvent.objects.filter(action="test.work").count()


@pytest.fixture
def work():
    job = Work()
    schedule.register_job(job.name, "Test work", schedule.daily(time(8)), job)
    yield job
    schedule.unregister_job(job.name)


def run_schedule(*args) -> str:
    out = StringIO()
    call_command("run_schedule", "--job", "test.work", *args, stdout=out)
    return out.getvalue()


@pytest.mark.portable
@pytest.mark.django_db
def test_running_the_schedule_twice_does_the_work_once(work):
    first = run_schedule("--now", "2022-09-06T10:30")
    second = run_schedule("--now", "2022-09-06T23:00")

    assert "test.work 2022-09-06: done — did 2022-09-06" in first
    assert "nothing due" in second
    assert work.runs() == 1
    run = ScheduledRun.objects.get()
    assert (run.job, run.slot, run.status, run.attempts) == (
        "test.work",
        "2022-09-06",
        ScheduledRunStatus.DONE,
        1,
    )


@pytest.mark.portable
@pytest.mark.django_db
def test_the_next_occurrence_runs_again(work):
    run_schedule("--now", "2022-09-06T10:30")

    run_schedule("--now", "2022-09-07T08:00")

    assert work.runs() == 2
    assert set(ScheduledRun.objects.values_list("slot", flat=True)) == {"2022-09-06", "2022-09-07"}


@pytest.mark.portable
@pytest.mark.django_db
def test_a_run_that_fails_halfway_leaves_nothing_and_the_next_run_completes_it(work):
    work.fail = True

    with pytest.raises(CommandError):
        run_schedule("--now", "2022-09-06T10:30")

    assert work.runs() == 0  # the half-done work was rolled back with the run
    failed = ScheduledRun.objects.get()
    assert failed.status == ScheduledRunStatus.FAILED
    assert "killed halfway" in failed.error

    work.fail = False
    run_schedule("--now", "2022-09-06T11:00")

    assert work.runs() == 1
    done = ScheduledRun.objects.get()
    assert (done.status, done.attempts, done.error) == (ScheduledRunStatus.DONE, 2, "")


@pytest.mark.portable
@pytest.mark.django_db
def test_the_job_works_at_the_time_it_is_run_as_of(work):
    run_schedule("--now", "2022-09-06T10:30")

    assert work.seen_now == [at(2022, 9, 6, 10, 30)]
    assert AuditEvent.objects.get(action="test.work").created_at == at(2022, 9, 6, 10, 30)


@pytest.mark.portable
@pytest.mark.django_db
def test_a_dry_run_lists_what_is_due_and_runs_nothing(work):
    before_eight = run_schedule("--dry-run", "--now", "2022-09-06T07:00")
    after_eight = run_schedule("--dry-run", "--now", "2022-09-06T08:00")

    assert "due: test.work 2022-09-05" in before_eight
    assert "due: test.work 2022-09-06" in after_eight
    assert work.runs() == 0
    assert not ScheduledRun.objects.exists()


@pytest.mark.portable
@pytest.mark.django_db
def test_an_unknown_job_is_refused(work):
    with pytest.raises(CommandError, match="no scheduled job"):
        call_command("run_schedule", "--job", "nope", stdout=StringIO())


@pytest.mark.portable
@pytest.mark.django_db
def test_the_daily_outreach_is_a_job_of_policies_and_runs_once_a_day():
    from rencai.policies.models import OutreachRun

    out = StringIO()
    call_command("run_schedule", "--job", "policies.outreach", stdout=out)
    call_command("run_schedule", "--job", "policies.outreach", stdout=out)

    assert schedule.get_job("policies.outreach").cadence == schedule.daily()
    assert OutreachRun.objects.filter(trigger="schedule").count() == 1
    assert ScheduledRun.objects.get().slot == clock.today().isoformat()
    assert "nothing due" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent processes")
def test_two_schedulers_at_once_never_run_the_same_slot_twice(work):
    """The first holds the slot's row (its work not yet committed); the second skips it."""
    work.release.clear()
    outcomes = {}

    def first():
        try:
            outcomes["first"] = schedule.run_due(TUESDAY, ["test.work"])
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    assert work.started.wait(timeout=30)
    try:
        outcomes["second"] = schedule.run_due(TUESDAY, ["test.work"])
    finally:
        work.release.set()
        thread.join(timeout=30)

    assert [o.status for o in outcomes["first"]] == ["done"]
    assert [o.status for o in outcomes["second"]] == ["skipped"]
    assert work.runs() == 1
    assert ScheduledRun.objects.get().status == ScheduledRunStatus.DONE


def test_every_n_days_needs_a_positive_count():
    with pytest.raises(ValueError, match="days >= 1"):
        schedule.every_n_days(0)
    assert schedule.every_n_days(1).latest(TUESDAY).key == date(2022, 9, 6).isoformat()
