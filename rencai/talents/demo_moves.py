"""The demo's moves (示例): departures, returns and transfers among the synthetic talents,
recorded by each county's demo officer through the services at the dates of the moves.

Deterministic (the demo's seed). Drawn from a pool the other demos leave alone — talents
without an account and outside the high-level tiers (the "five ones" and the named demo
talents use those) — among the talents who arrived at least a year before the demo's day, so
the 1-, 3- and 5-year retention cohorts have leavers, returners and stayers. Runs after the
service apps' loaders; does nothing when moves exist or no service records were asked for.

Bounded by the demo's needs, not the registry's size: a pool of more than SAMPLE talents (a
benchmark registry, `load_demo --talents 1000000`) is sampled down to about SAMPLE of them,
every n-th id from an offset drawn from the seed (one query), so a million-talent load records
some hundreds of moves, not a hundred and fifty thousand at 200 a second.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rencai.core import clock
from rencai.core.choices import DivisionLevel, Role
from rencai.core.demo_loaders import bounded
from rencai.core.models import Division, RoleAssignment

from .models import DepartureReason, Talent, TalentMove
from .services import moves

LEAVE_SHARE = 0.12  # of the pool, leave the city once
RETURN_SHARE = 0.3  # of the leavers, come back later
TRANSFER_SHARE = 0.04  # of the pool, move to another county first
SAMPLE = 4000  # at most about this many talents of the pool are walked (the demo has 3,000)
NOTE = "示例"
# Reasons drawn with these weights (the catalogue's codes).
REASON_WEIGHTS = {
    "job_transfer": 40,
    "further_study": 20,
    "family": 20,
    "start_business": 10,
    "other": 10,
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _officers() -> dict[int, object]:
    """One demo county officer per county that has one (the first by username)."""
    officers: dict[int, object] = {}
    assignments = (
        RoleAssignment.objects.filter(role=Role.COUNTY_OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    for assignment in assignments:
        officers.setdefault(assignment.division_id, assignment.user)
    return officers


def load_demo(options) -> str:
    if options is not None and not options.cases:
        return "talent moves: none (no cases)"
    if TalentMove.objects.exists():
        return "talent moves: already loaded"
    officers = _officers()
    as_of = options.as_of if options is not None else clock.today()
    reasons = {r.code: r for r in DepartureReason.objects.filter(code__in=REASON_WEIGHTS)}
    if not officers or not reasons:
        return "talent moves: no county officers or reasons"
    codes = [c for c in REASON_WEIGHTS if c in reasons]
    weights = [REASON_WEIGHTS[c] for c in codes]
    counties = list(Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"))
    rng = random.Random(options.seed if options is not None else 2022)  # noqa: S311 (demo data)
    pool = Talent.objects.filter(
        user__isnull=True,
        county_id__in=list(officers),
        arrival_date__lte=as_of - timedelta(days=365),
    ).exclude(tier__is_high_level=True)
    counts = {"departures": 0, "returns": 0, "transfers": 0}
    for talent in bounded(pool, rng, SAMPLE).order_by("pk"):
        start = talent.arrival_date + timedelta(days=30)
        if start >= as_of:
            continue
        if rng.random() < TRANSFER_SHARE:
            day = _between(rng, start, as_of - timedelta(days=1))
            to = rng.choice([c for c in counties if c.pk != talent.county_id])
            with clock.at(_at(day)):
                moves.record_transfer(
                    talent, actor=officers[talent.county_id], moved_on=day, to_county=to, note=NOTE
                )
            counts["transfers"] += 1
            continue
        if rng.random() >= LEAVE_SHARE:
            continue
        left = _between(rng, start, as_of - timedelta(days=2))
        reason = reasons[rng.choices(codes, weights)[0]]
        with clock.at(_at(left)):
            moves.record_departure(
                talent, actor=officers[talent.county_id], moved_on=left, reason=reason, note=NOTE
            )
        counts["departures"] += 1
        if rng.random() < RETURN_SHARE:
            back = _between(rng, left + timedelta(days=60), as_of - timedelta(days=1))
            if back < as_of:
                with clock.at(_at(back)):
                    moves.record_return(
                        talent, actor=officers[talent.county_id], moved_on=back, note=NOTE
                    )
                counts["returns"] += 1
    return "talent moves: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
