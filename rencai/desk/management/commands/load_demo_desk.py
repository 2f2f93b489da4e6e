"""Load the demo desk configuration: budgets and approval steps (rencai/core/data/huanggang)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from rencai.core import audit
from rencai.core.demo import DATA_DIR
from rencai.core.models import Organisation
from rencai.core.money import yuan_to_fen
from rencai.desk.models import ApprovalStep
from rencai.desk.services.budgets import set_budget
from rencai.policies.models import Benefit


class Command(BaseCommand):
    help = "Load demo budgets and approval chains for the demo benefits. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, default=DATA_DIR / "desk.json")

    def handle(self, *args, data: Path, **options):
        config = json.loads(data.read_text(encoding="utf-8"))
        benefits = {b.code: b for b in Benefit.objects.all()}
        with transaction.atomic():
            budgets = 0
            for code, yuan in config["budgets"].items():
                if code in benefits:
                    for year in config["budget_years"]:
                        set_budget(
                            benefits[code], actor=None, year=year, amount_fen=yuan_to_fen(yuan)
                        )
                        budgets += 1
            steps = 0
            for code, chain in config["approval_steps"].items():
                if code not in benefits:
                    continue
                for order, step in enumerate(chain, start=1):
                    division_code, org_code = step["organisation"]
                    organisation = Organisation.objects.get(
                        division__code=division_code, code=org_code
                    )
                    ApprovalStep.objects.update_or_create(
                        benefit=benefits[code],
                        order=order,
                        defaults={
                            "organisation": organisation,
                            "clerk_may_approve": step.get("clerk_may_approve", False),
                        },
                    )
                    steps += 1
            audit.record(
                None,
                "demo.load",
                target_type="demo",
                target_repr="desk configuration",
                changes={"budgets": budgets, "approval_steps": steps},
            )
        self.stdout.write(f"demo desk: {budgets} budgets, {steps} approval steps")
