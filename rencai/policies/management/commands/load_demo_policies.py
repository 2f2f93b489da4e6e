"""manage.py load_demo_policies: the demo's example policies and benefits (idempotent)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rencai.policies.demo import DemoDataError, load_demo_policies


class Command(BaseCommand):
    help = "Load (or repair) the demo's example policies; publish each benefit's first version."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="Default: the configured city's."
        )

    def handle(self, *args, **options):
        try:
            result = load_demo_policies(options["data_dir"])
        except (DemoDataError, ValidationError, FileNotFoundError) as exc:
            raise CommandError(f"demo policies: {exc}") from exc
        self.stdout.write(
            f"demo policies: {result.policies} policies, {result.benefits_created} benefits "
            f"created, {result.versions_published} versions published"
        )
