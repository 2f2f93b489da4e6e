"""manage.py run_schedule: run the scheduled jobs that are due (`rencai.core.schedule`).

Idempotent: each occurrence of a job runs once, whatever runs it; `make run` calls it every
minute. Two at once (cron and a loop) never run the same occurrence twice.

    manage.py run_schedule                         # run what is due now
    manage.py run_schedule --dry-run               # list what is due
    manage.py run_schedule --job policies.outreach --now 2022-09-06T08:00
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from rencai.core import clock, schedule


def moment(value: str) -> datetime:
    """An ISO date or datetime; naive means Asia/Shanghai."""
    try:
        return clock.aware(datetime.fromisoformat(value))
    except ValueError as exc:
        raise CommandError(f"--now: not an ISO date or time: {value!r}") from exc


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due, each occurrence once (--dry-run lists them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--job", action="append", dest="jobs", metavar="NAME", help="Only this job (repeat)."
        )
        parser.add_argument("--dry-run", action="store_true", help="List what is due; run nothing.")
        parser.add_argument("--now", type=str, default=None, help="Run as of this ISO time.")

    def handle(self, *args, jobs=None, dry_run=False, now=None, **options):
        at = moment(now) if now else None
        try:
            for name in jobs or []:
                schedule.get_job(name)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            pending = schedule.due(at or clock.now(), jobs)
            for d in pending:
                retry = f" (retry after {d.attempts} failed)" if d.attempts else ""
                self.stdout.write(f"due: {d.job.name} {d.slot.key}{retry} — {d.job.label}")
            if not pending:
                self.stdout.write("nothing due")
            return
        outcomes = schedule.run_due(at, jobs)
        for o in outcomes:
            self.stdout.write(
                f"{o.job} {o.slot}: {o.status}" + (f" — {o.summary}" if o.summary else "")
            )
        if not outcomes:
            self.stdout.write("nothing due")
        if any(o.status == "failed" for o in outcomes):
            raise CommandError("some scheduled jobs failed (they are retried on the next run)")
