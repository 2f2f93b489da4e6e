"""Recompute the registry's pre-aggregated stocks from the talents and their tags, and
(re)install the triggers that keep them (PostgreSQL; docs/decisions/0011-registry-stocks.md).

    manage.py rebuild_registry_stocks [--compact]

The repair path — after a restore that skipped the triggers, a change of TIME_ZONE, or a
count that disagrees with the live one — and what the bulk demo load runs at its end. Writers
to the talents wait while it runs; readers do not. `--compact` only folds the rows (the
nightly job `talents.stocks_compact`).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from rencai.core import audit
from rencai.talents import stocks


class Command(BaseCommand):
    help = "Recompute the registry's stock counts from the talents (or only fold them)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--compact", action="store_true", help="only fold the rows")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if options["compact"]:
            summary = stocks.compact()
        else:
            with transaction.atomic():
                summary = {"rows": stocks.rebuild()}
                audit.record(
                    None,
                    "talent.stocks_rebuild",
                    target_type="talents.stockdelta",
                    changes=summary,
                )
        elapsed = time.monotonic() - started
        self.stdout.write(f"{summary} in {elapsed:.1f} s")
