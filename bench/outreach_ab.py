"""One step of an A/B comparison of outreach between two code trees, on one database.

Run from a tree's root with that tree first on the path, alternating the trees:

    cd /tmp/main && PYTHONPATH=$PWD python /path/to/bench/outreach_ab.py nothing-new 1
    cd ~/rencai && PYTHONPATH=$PWD python bench/outreach_ab.py nothing-new 1

- `nothing-new OFFSET [touch]`: one outreach run over the registry (no notifications) on
  today + OFFSET days, then `count_versions` on that day, over the active bench benefits of
  `bench/outreach.py` (record them first: `record`); `touch` edits one talent first (every
  high-water mark is then stale). Nothing is written but the run and what is new that day.
- `record`: empties the notice log, records every pair with one run, then the same pairs
  with hand-written INSERT … SELECT statements into a plain table without foreign keys.

Prints one `RESULT` line: both times, their ratio, the counts and the load average.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

args = sys.argv[1:]
sys.argv = sys.argv[:1]  # bench.outreach reads no arguments at import
sys.path.insert(0, os.getcwd())

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

import bench.outreach as bench  # noqa: E402  (sets Django up)
from rencai.policies import selectors  # noqa: E402
from rencai.policies.choices import OutreachTrigger  # noqa: E402
from rencai.policies.models import Benefit, OutreachRun  # noqa: E402
from rencai.policies.services.outreach import run_outreach  # noqa: E402
from rencai.policies.simulation import count_versions  # noqa: E402


def nothing_new(offset: int, touch: bool) -> None:
    day = timezone.localdate() + timedelta(days=offset)
    benefits = Benefit.objects.filter(code__startswith=bench.PREFIX, is_active=True)
    current = selectors.current_versions(day, benefits)
    items = [(benefit, current[benefit.pk]) for benefit in benefits.order_by("code")]
    if touch:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE talents_talent SET updated_at = now()"
                " WHERE id = (SELECT min(id) FROM talents_talent)"
            )
    run = OutreachRun.objects.create(trigger=OutreachTrigger.MANUAL, evaluated_on=day)
    started = time.perf_counter()
    run = run_outreach(run.pk, notify=False)
    t_run = time.perf_counter() - started
    skipped = sum(1 for v in run.versions["versions"] if v.get("unchanged"))
    started = time.perf_counter()
    count_versions(items, day)
    t_count = time.perf_counter() - started
    print(
        f"RESULT nothing-new day+{offset}{' touched' if touch else ''} run {t_run:.2f}"
        f" count {t_count:.2f} ratio {t_run / t_count:.2f} found {run.found}"
        f" notified {run.notified} skipped {skipped} load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def record() -> None:
    on = timezone.localdate()
    items = bench.set_up(on)
    bench.VOCABULARY = bench.Vocabulary.load(on)
    bench.empty_outreach_tables()
    started = time.perf_counter()
    run = bench.ours_record(notify=False)
    t_run = time.perf_counter() - started
    bench.make_plain_table()
    started = time.perf_counter()
    plain = bench.hand_record(items, no_application=False, on=on, table=bench.PLAIN)
    t_plain = time.perf_counter() - started
    assert plain == run.notified, (plain, run.notified)
    print(
        f"RESULT record run {t_run:.2f} plain {t_plain:.2f} ratio {t_run / t_plain:.2f}"
        f" pairs {run.notified} load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    settings.NOTIFICATION_CHANNELS = []
    if args[:1] == ["nothing-new"]:
        nothing_new(int(args[1]), args[2:] == ["touch"])
    elif args[:1] == ["record"]:
        record()
    else:
        sys.exit(__doc__)
