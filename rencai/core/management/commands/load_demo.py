"""manage.py load_demo: every app's demo, in the order their loaders declare
(`rencai.core.demo_loaders`), in one transaction."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rencai.core import city, clock, demo, demo_loaders, sms


class Command(BaseCommand):
    help = (
        "Load the demo of the configured city (RENCAI_CITY: huanggang by default; its city.json "
        "may skip the loaders it has no story for): divisions, organisations, catalogues, demo "
        "users and synthetic talents, deterministic from --seed and --as-of. "
        "On a database that already holds data, the reference data and demo users are upserted "
        "(demo passwords reset) and talents are generated only if the registry is empty; "
        "--if-empty skips everything as soon as any division exists. All in one transaction. "
        "For benchmarks: --talents 1000000 on an empty database (COPY on PostgreSQL), "
        "--applications 1000000 to add desk cases over the registry."
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
        parser.add_argument(
            "--applications",
            type=int,
            default=0,
            help="Synthetic desk cases of 2021-2022 to add over the registry (benchmarks).",
        )
        parser.add_argument("--seed", type=int, default=2022, help="Random seed.")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Date the data is generated for (YYYY-MM-DD; default today).",
        )
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help="Data folder (default: the configured city's, rencai/core/data/<RENCAI_CITY>).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--no-cases", action="store_true", help="Open no demo cases at the desk."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and demo.is_loaded():
            self.stdout.write("Demo data already loaded: nothing to do.")
            return
        if options["talents"] < 0 or options["applications"] < 0 or options["batch_size"] < 1:
            raise CommandError("--talents and --applications must be >= 0 and --batch-size >= 1.")
        data_dir = options["data"] or city.data_dir()
        if not (data_dir / "divisions.csv").is_file():
            raise CommandError(f"No demo data in {data_dir}.")
        only = None
        if (data_dir / "city.json").is_file():
            loading_city = city.read(data_dir)
            # The loaders the city's demo has data for; the others' stories are skipped.
            only = loading_city.demo_loaders
            if loading_city.slug != city.current().slug:
                self.stderr.write(
                    f"Loading {loading_city.slug}'s demo while RENCAI_CITY is "
                    f"{city.current().slug}: pages and cards will name {city.current().slug}."
                )
        loading = demo_loaders.DemoOptions(
            data_dir=data_dir,
            as_of=options["as_of"] or clock.today(),
            talents=options["talents"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=False if options["no_progress"] else None,
            cases=not options["no_cases"],
            only=only,
            applications=options["applications"],
            stdout=self.stdout,
            stderr=self.stderr,
        )

        def timed(name: str, seconds: float) -> None:
            self.stdout.write(f"  {name}: {seconds:.1f} s")

        started = time.perf_counter()
        with sms.quietly(), transaction.atomic():
            summaries = demo_loaders.load_all(
                loading, timed=timed if options["verbosity"] >= 2 else None
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data loaded in {elapsed:.1f} s: "
            + "; ".join(f"{name}: {summary}" for name, summary in summaries)
            + "."
        )
