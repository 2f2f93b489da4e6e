"""How fast the synthetic registry is generated, and (with --write) written to the database.

    .venv/bin/python bench/generate_registry.py --talents 200000
    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        .venv/bin/python bench/generate_registry.py --talents 200000 --write'

Prints rows per second and the ratio to the target (1,000,000 talents in 180 s). --write loads
the whole demo inside a transaction and rolls it back, so the database is left as it was. The
figure for the real command is `time manage.py load_demo --talents 1000000` on an empty database.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from rencai.core import demo  # noqa: E402
from rencai.talents import demo as talent_demo  # noqa: E402

TARGET_ROWS_PER_SECOND = 1_000_000 / 180


def report(label: str, rows: int, seconds: float) -> None:
    rate = rows / seconds
    print(
        f"{label:<28} {rows:>9,} talents in {seconds:6.1f} s = {rate:>9,.0f} rows/s "
        f"(x{rate / TARGET_ROWS_PER_SECOND:.2f} the target)"
    )


def generate_only(count: int, seed: int) -> None:
    profile = talent_demo.read_profile(demo.DATA_DIR)
    employers = [
        talent_demo.Employer(i, "enterprise", code) for i, code in enumerate(profile["counties"])
    ]
    generator = talent_demo.TalentGenerator(
        profile, seed=seed, as_of=date(2026, 11, 28), employers=employers
    )
    started = time.perf_counter()
    for _ in range(count):
        generator.talent()
    report("generate (no database)", count, time.perf_counter() - started)


def write(count: int, seed: int, batch_size: int) -> None:
    with transaction.atomic():
        demo.load_reference_data(demo.DATA_DIR)
        talent_demo.load_catalogues(demo.DATA_DIR)
        started = time.perf_counter()
        talent_demo.load_talents(
            data_dir=demo.DATA_DIR,
            count=count,
            seed=seed,
            as_of=date(2026, 11, 28),
            batch_size=batch_size,
        )
        report(f"generate + write ({connection.vendor})", count, time.perf_counter() - started)
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--write", action="store_true", help="Also write (and roll back).")
    args = parser.parse_args()
    generate_only(args.talents, args.seed)
    if args.write:
        write(args.talents, args.seed, args.batch_size)


if __name__ == "__main__":
    main()
