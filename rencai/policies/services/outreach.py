"""Outreach runs (政策找人): queue, run, and the triggers that start them.

A run looks at every benefit in force on its evaluation date (or one benefit) and at the whole
registry (or one talent), records what `rencai.policies.outreach` finds, then notifies. Runs are
started by an officer (`start_outreach`), by publishing a version in force today
(`queue_after_publish`, inside the publishing transaction), by a talent registered or changed
(`outreach_for_talent`, a `rencai.talents.hooks` callback), and by the schedule
(`run_scheduled`, from `manage.py run_outreach`). Each is queued as a background task
(`run_outreach_task`, below) once its transaction commits; running is idempotent: a run is
claimed once (queued → running), and notices and entitlements are unique in the database.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock, faults, outbox
from rencai.core.errors import PermissionDenied

from .. import outreach, permissions
from ..choices import OutreachTrigger, RunStatus
from ..evaluation import clear_caches
from ..models import Benefit, BenefitVersion, OutreachRun
from ..selectors import benefits_in_force, current_versions
from ..subjects import BENEFIT_KIND, subject_kind

logger = logging.getLogger(__name__)


def _enqueue(run_id: int) -> None:
    run_outreach_task.enqueue(run_id)


def queue_run(
    *,
    actor,
    trigger: str,
    benefit: Benefit | None = None,
    talent_id: int | None = None,
    county=None,
    subject_kind: str = "",
    subject_id: int | None = None,
) -> OutreachRun:
    """Record a queued run and enqueue its task when the transaction commits."""
    with transaction.atomic():
        run = OutreachRun.objects.create(
            benefit=benefit,
            talent_id=talent_id,
            county=county,
            subject_kind=subject_kind,
            subject_id=subject_id,
            trigger=trigger,
            evaluated_on=clock.today(),
            started_by=audit.acting_user(actor),
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def start_outreach(*, actor, benefit: Benefit | None = None, county=None) -> OutreachRun:
    """An officer starts outreach for one benefit or for every benefit in force, over the
    whole registry or one county's talents (a county officer's run), audited."""
    if not permissions.can_run_outreach(actor, benefit, county):
        raise PermissionDenied(_("You may not run outreach for this benefit."))
    with transaction.atomic():
        run = queue_run(actor=actor, trigger=OutreachTrigger.MANUAL, benefit=benefit, county=county)
        audit.record(
            actor,
            "outreach.start",
            run,
            changes={
                "benefit": benefit.code if benefit else None,
                "county": county.code if county else None,
            },
        )
    return run


def queue_after_publish(version: BenefitVersion, *, actor) -> OutreachRun | None:
    """Publishing a version in force today queues outreach for its benefit.

    A version taking effect later is found by the daily scheduled run on its date.
    """
    benefit = version.benefit
    if version.effective_from > clock.today() or not benefit.is_active:
        return None
    return queue_run(actor=actor, trigger=OutreachTrigger.PUBLISH, benefit=benefit)


def outreach_subject(kind: str, subject, *, actor=None) -> OutreachRun | None:
    """A subject was published: tell the talents its audience admits, once per version.

    Queues a run (executed after the caller's transaction commits) that records a notice and
    an in-app notification for each admitted talent not yet told about this version of the
    subject; publishing an unchanged subject again tells no one. `kind` is a registered
    outreach subject (`rencai.policies.subjects`); a benefit queues its benefit's run."""
    if kind == BENEFIT_KIND:
        if not subject.is_active:
            return None
        return queue_run(actor=actor, trigger=OutreachTrigger.PUBLISH, benefit=subject)
    subject_kind(kind)  # a LookupError now, not in the worker, for a kind not registered
    return queue_run(
        actor=actor, trigger=OutreachTrigger.SUBJECT, subject_kind=kind, subject_id=subject.pk
    )


def outreach_for_talent(talent_id: int) -> OutreachRun:
    """A talent was registered or changed (after commit): look at them for every benefit."""
    return queue_run(actor=None, trigger=OutreachTrigger.TALENT_CHANGE, talent_id=talent_id)


def versions_for(run: OutreachRun) -> list[tuple[Benefit, BenefitVersion]]:
    """The benefits the run looks at, each with the version in force on its date."""
    benefits = benefits_in_force(run.evaluated_on)
    if run.benefit_id is not None:
        benefits = benefits.filter(pk=run.benefit_id)
    benefits = list(benefits.order_by("code"))
    ids = [b.pk for b in benefits]
    versions = current_versions(run.evaluated_on, Benefit.objects.filter(pk__in=ids))
    return [(b, versions[b.pk]) for b in benefits if b.pk in versions and versions[b.pk].rule]


def _claim(run_id: int) -> OutreachRun | None:
    """queued → running, once, inside the run's transaction: the row stays locked until the
    run commits, so a second worker (or the schedule) skips it (`SKIP LOCKED`) and, after
    the commit, finds it done. A worker killed halfway rolls the claim back with the rest:
    the run is queued again, and the next delivery of its task completes it."""
    run = (
        OutreachRun.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("benefit")
        .filter(pk=run_id, status=RunStatus.QUEUED)
        .first()
    )
    if run is None:
        return None
    run.status = RunStatus.RUNNING
    run.started_at = clock.now()
    run.save(update_fields=["status", "started_at"])
    return run


def run_outreach(run_id: int, *, notify: bool = True) -> OutreachRun:
    """Execute a queued run: record every version's finds, notify, count, audit.

    All of a run's writes are one transaction: a failure leaves nothing half-told and marks
    the run failed (running it again is safe). `notify=False` skips notifications (benchmarks).
    """
    # A worker or cron process never sees the request signals that clear the catalogue
    # caches, nor the saves made in the web process: read the catalogues afresh per run.
    clear_caches()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            run = _claim(run_id)
            if run is None:
                return OutreachRun.objects.get(pk=run_id)
            results = []
            if run.subject_kind:
                entry = subject_kind(run.subject_kind)
                subject = entry.load(run.subject_id)
                results.append(
                    outreach.record_subject(run, entry, subject, talent_id=run.talent_id)
                )
                faults.step("outreach.version")
            else:
                for result in outreach.record_versions(
                    run, versions_for(run), talent_id=run.talent_id
                ):
                    results.append(result)
                    faults.step("outreach.version")
            run.found = sum(r.found for r in results)
            run.notified = sum(r.notified for r in results)
            run.recorded = sum(r.recorded for r in results)
            record_ms = round((time.perf_counter() - started) * 1000, 1)
            notifications = messages = 0
            if notify and run.notified:
                if run.subject_kind:
                    notifications = outreach.notify_subject(run, entry, subject)
                    messages = outreach.queue_subject_messages(run, entry, subject)
                else:
                    notifications = outreach.notify_run(run)
                    messages = outreach.queue_run_messages(run)
            run.versions = {
                "versions": [r.as_json() for r in results],
                "notifications": notifications,
                "record_ms": record_ms,
                "total_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            run.status = RunStatus.DONE
            run.finished_at = clock.now()
            run.save(
                update_fields=["found", "notified", "recorded", "versions", "status", "finished_at"]
            )
            audit.record(
                None,
                "outreach.run",
                run,
                changes={
                    "trigger": run.trigger,
                    "versions": {r.benefit: r.version for r in results},
                    "found": run.found,
                    "notified": run.notified,
                    "recorded": run.recorded,
                },
            )
            if messages:
                transaction.on_commit(lambda: _enqueue_messages(run.pk))
    except Exception as exc:
        logger.exception("outreach run %s failed", run_id)
        OutreachRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=clock.now()
        )
        raise
    return run


def _enqueue_messages(run_id: int) -> None:
    send_outreach_messages_task.enqueue(run_id)


def send_messages(run_id: int) -> int:
    """Send the run's queued SMS and e-mail (`outreach.queue_run_messages`, after its commit),
    through the outbox: each once; a failed one is retried by the hourly `core.outbox` job."""
    only = Q(subject_type=outreach.RUN_SUBJECT, subject_id=str(run_id))
    return outbox.deliver(only).sent


def run_scheduled(*, force: bool = False) -> OutreachRun | None:
    """The daily run over every benefit and the whole registry, once per day.

    Due when no scheduled run for today is queued, running or done (a failed one is
    retried); `force` runs again anyway. Runs now, in this process (cron or the worker loop).
    """
    today = clock.today()
    earlier = OutreachRun.objects.filter(
        trigger=OutreachTrigger.SCHEDULE,
        benefit__isnull=True,
        talent__isnull=True,
        evaluated_on=today,
    ).exclude(status=RunStatus.FAILED)
    if earlier.exists() and not force:
        return None
    run = OutreachRun.objects.create(trigger=OutreachTrigger.SCHEDULE, evaluated_on=today)
    return run_outreach(run.pk)


LOST_AFTER = timedelta(minutes=15)


def requeue_lost_runs(slot) -> str:
    """The hourly job `policies.outreach_requeue`: enqueue again (after commit) each run still
    queued `LOST_AFTER` after it was queued. Its task was lost: a worker killed mid-run rolls
    the run back to queued, but the task queue keeps the task marked running and never
    delivers it again. A run is claimed once, so a second delivery of a live task does
    nothing."""
    lost = OutreachRun.objects.filter(
        status=RunStatus.QUEUED, created_at__lt=clock.now() - LOST_AFTER
    ).order_by("pk")
    ids = list(lost.values_list("pk", flat=True)[:1000])
    for run_id in ids:
        transaction.on_commit(partial(_enqueue, run_id))
    return f"{len(ids)} queued again"


def daily_job(slot) -> str:
    """The scheduled job `policies.outreach` (`rencai.core.schedule`): today's run, once."""
    run = run_scheduled()
    if run is None:
        return "already run today"
    return f"run {run.pk}: {run.found} found, {run.notified} told, {run.recorded} recorded"


# --- background tasks (a `manage.py db_worker` runs them; `policies.tasks` names them) -------
# Arguments are ids, never objects: a task may run in another process, after its caller's
# transaction has committed (the functions above enqueue them `on_commit`).


@task()
def run_outreach_task(run_id: int) -> dict[str, int]:
    """Run a queued outreach run (claimed once: a duplicate delivery does nothing)."""
    run = run_outreach(run_id)
    return {"found": run.found, "notified": run.notified, "recorded": run.recorded}


@task()
def send_outreach_messages_task(run_id: int) -> int:
    """SMS and e-mail to the talents an outreach run told something new."""
    return send_messages(run_id)
