"""Open 免申即享 cases for the pending entitlements outreach recorded (idempotent).

    manage.py open_outreach_cases                  # every active 免申即享 benefit
    manage.py open_outreach_cases --benefit CODE

Run by the schedule after outreach; each case lands in the owning department's queue.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rencai.desk.services import open_cases_for_pending_entitlements
from rencai.policies.models import Benefit


class Command(BaseCommand):
    help = "Open cases for 免申即享 benefits' pending outreach entitlements (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--benefit", help="A benefit code (default: all 免申即享 benefits).")

    def handle(self, *args, benefit=None, **options):
        benefits = Benefit.objects.filter(no_application=True, is_active=True).order_by("code")
        if benefit:
            benefits = benefits.filter(code=benefit)
            if not benefits.exists():
                raise CommandError(f"No active 免申即享 benefit with code {benefit!r}.")
        total = 0
        for item in benefits:
            opened = open_cases_for_pending_entitlements(item, actor=None)
            total += len(opened)
            if opened:
                self.stdout.write(f"{item.code}: {len(opened)} cases opened")
        self.stdout.write(f"Cases opened: {total}")
