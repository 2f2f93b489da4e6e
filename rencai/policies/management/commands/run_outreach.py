"""manage.py run_outreach: the daily outreach over every benefit and the whole registry.

Run by cron / a systemd timer, or in a loop beside the worker. Idempotent: it runs once per
day (a failed run is retried); `--force` runs again. Talents are told about a benefit version
once, whatever runs.
"""

from django.core.management.base import BaseCommand

from rencai.policies.services.outreach import run_scheduled


class Command(BaseCommand):
    help = "Run today's scheduled outreach if it is due (once a day; --force to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even if done today.")

    def handle(self, *args, **options):
        run = run_scheduled(force=options["force"])
        if run is None:
            self.stdout.write("outreach: already run today, nothing to do")
            return
        self.stdout.write(
            f"outreach run {run.pk}: {run.status}, {run.found} found, {run.notified} newly "
            f"told, {run.recorded} pending entitlements recorded"
        )
