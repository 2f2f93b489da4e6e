import sys
import time
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from rencai.core import demo, sms
from rencai.talents import demo as talent_demo
from rencai.talents.models import Talent


class Command(BaseCommand):
    help = (
        "Load the demo city (Huanggang by default): divisions, organisations, catalogues, demo "
        "users and synthetic talents, deterministic from --seed and --as-of. "
        "On a database that already holds data, the reference data and demo users are upserted "
        "(demo passwords reset) and talents are generated only if the registry is empty; "
        "--if-empty skips everything as soon as any division exists. All in one transaction. "
        "For benchmarks: --talents 1000000 on an empty database (COPY on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any division exists (fast; run on every start).",
        )
        parser.add_argument(
            "--talents", type=int, default=3000, help="Synthetic talents to generate."
        )
        parser.add_argument("--seed", type=int, default=2022, help="Random seed.")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Date the data is generated for (YYYY-MM-DD; default today).",
        )
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument("--data", type=Path, default=demo.DATA_DIR, help="Data folder.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--no-cases", action="store_true", help="Open no demo cases at the desk."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and demo.is_loaded():
            self.stdout.write("Demo data already loaded: nothing to do.")
            return
        if options["talents"] < 0 or options["batch_size"] < 1:
            raise CommandError("--talents must be >= 0 and --batch-size >= 1.")
        data_dir = options["data"]
        if not (data_dir / "divisions.csv").is_file():
            raise CommandError(f"No demo data in {data_dir}.")
        started = time.perf_counter()
        with sms.quietly(), transaction.atomic():
            reference = demo.load_reference_data(data_dir)
            catalogues = talent_demo.load_catalogues(data_dir)
            talents = self._load_talents(data_dir, options)
            # The policy catalogue (示例 policies) belongs to `policies`, which loads its own.
            call_command("load_demo_policies", verbosity=0)
            call_command("load_demo_desk", verbosity=0)
            call_command("seed_calendar", verbosity=0)
            # Cases through the desk's services, so its queues and reports show something.
            if not options["no_cases"]:
                call_command("load_demo_cases", verbosity=0)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data loaded in {elapsed:.1f} s: "
            f"{reference['divisions']['divisions']} divisions, "
            f"{reference['organisations']['organisations']} organisations, "
            f"{sum(catalogues.values())} catalogue entries, "
            f"{reference['users']['users']} demo users, "
            + (
                f"{talents['talents']} talents, {talents['family_members']} family members."
                if talents
                else "no talents (the registry already has some)."
            )
        )

    def _load_talents(self, data_dir: Path, options) -> dict[str, int] | None:
        if Talent.objects.exists():
            return None
        count = options["talents"]
        bar = tqdm(
            total=count,
            unit=" talents",
            unit_scale=True,
            file=sys.stderr,
            disable=True if options["no_progress"] else None,  # None: only on a terminal
        )
        with bar:
            return talent_demo.load_talents(
                data_dir=data_dir,
                count=count,
                seed=options["seed"],
                as_of=options["as_of"] or timezone.localdate(),
                batch_size=options["batch_size"],
                on_batch=bar.update,
            )
