"""Load the demo desk configuration: budgets and approval steps (the city's desk.json)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from rencai.core import city
from rencai.desk.demo import load_configuration


class Command(BaseCommand):
    help = "Load demo budgets and approval chains for the demo benefits. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=None, help="Default: the configured city's desk.json."
        )

    def handle(self, *args, data: Path, **options):
        budgets, steps = load_configuration(data or city.data_dir() / "desk.json")
        self.stdout.write(f"demo desk: {budgets} budgets, {steps} approval steps")
