"""Load the demo desk configuration: budgets and approval steps (rencai/core/data/huanggang)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from rencai.core.demo import DATA_DIR
from rencai.desk.demo import load_configuration


class Command(BaseCommand):
    help = "Load demo budgets and approval chains for the demo benefits. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, default=DATA_DIR / "desk.json")

    def handle(self, *args, data: Path, **options):
        budgets, steps = load_configuration(data)
        self.stdout.write(f"demo desk: {budgets} budgets, {steps} approval steps")
