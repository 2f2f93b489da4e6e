"""Load demo cases (示例) through the desk's services, each step at its time (see
`rencai.desk.demo`). Deterministic from `--seed`; nothing if any case exists."""

from datetime import date

from django.core.management.base import BaseCommand

from rencai.desk.demo import load_cases


class Command(BaseCommand):
    help = "Open demo cases through the desk's services (示例); nothing if any case exists."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The cases fall in the six weeks before this date (default today).",
        )

    def handle(self, *args, seed: int, as_of: date | None, **options):
        opened = load_cases(seed=seed, as_of=as_of, stderr=self.stderr)
        if opened is None:
            self.stdout.write("demo cases: cases exist or no demo clerk, nothing to do")
            return
        self.stdout.write(f"demo cases: {opened} opened")
