"""What a changed rule or amount would do to today's registry, before it is published.

`simulate(benefit, rule=…, amount=…)` compares the version in force with the draft (or any
rule and amount) on the same registry and evaluation date, by county and tier: how many
talents qualify under each, how many newly qualify (TRUE under the draft and not TRUE now)
and how many lose eligibility (TRUE now and not under the draft), and the expected cost
under each. It is ONE aggregate query over the registry, grouped by county and tier with
conditional counts and sums; nobody is loaded into Python, and no one's data leaves it.

Expected cost (decided, see docs/performance.md): the sum of the amount (`compile_amount`,
times the months of a monthly benefit) over talents who qualify and do NOT already hold a
live entitlement of the benefit or of its exclusivity group. Those who hold one were granted
under their own version, which a new version never changes; the cost of a change is what the
talents still to be served would receive. Amounts that cannot be decided (a missing fact)
count as nothing.

`count_versions(items, on)` counts many rules in one pass (the catalogue's "qualify today").

Counts come only from the talents the actor may see (ROLES.md: `Talent.objects.for_actor`):
the whole registry for the task force and the city administrator, their county for a county
officer; `actor=None` (a system job, a benchmark) counts the whole registry.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from rencai.core import clock
from rencai.core.models import Division
from rencai.core.money import format_yuan
from rencai.rules import django as rules_django
from rencai.talents.models import Talent, Tier

from .choices import Periodicity
from .evaluation import parsed
from .facts import CATALOGUE
from .models import Benefit, BenefitVersion
from .outreach import holders_exist, typed_amount
from .selectors import current_version, draft_of

NO_AMOUNT = {"kind": "none"}


@dataclass
class Cell:
    """Counts and costs (fen) for one group of talents (a county and tier, or all)."""

    talents: int = 0
    now: int = 0
    draft: int = 0
    both: int = 0
    cost_now: int = 0
    cost_draft: int = 0

    @property
    def gained(self) -> int:
        return self.draft - self.both

    @property
    def lost(self) -> int:
        return self.now - self.both

    @property
    def cost_change(self) -> int:
        return self.cost_draft - self.cost_now

    @property
    def cost_change_signed(self) -> str:
        """+¥1,000.00 / −¥1,000.00 / ¥0.00, for pages."""
        change = self.cost_change
        sign = "+" if change > 0 else "−" if change < 0 else ""
        return f"{sign}{format_yuan(abs(change))}"

    def add(self, other: Cell) -> None:
        for name in ("talents", "now", "draft", "both", "cost_now", "cost_draft"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row(Cell):
    county_code: str = ""
    county: str = ""
    tier_code: str = ""
    tier: str = ""


@dataclass
class Simulation:
    benefit: Benefit
    current: BenefitVersion | None
    on: date
    rows: list[Row] = field(default_factory=list)
    total: Cell = field(default_factory=Cell)

    @property
    def changed_rows(self) -> list[Row]:
        """Groups where anyone gains or loses, or the cost changes."""
        return [r for r in self.rows if r.gained or r.lost or r.cost_change]


def _true_q(rule: Any, on: date) -> Q:
    if not rule:
        return rules_django.NEVER  # no rule yet selects nobody (publishing needs one)
    return rules_django.compile_rule(rule, CATALOGUE, on=on).true_q


def _amount(spec: Any, on: date):
    return typed_amount(rules_django.compile_amount(spec or NO_AMOUNT, CATALOGUE, on=on))


def _months(benefit: Benefit) -> int:
    return (benefit.months or 1) if benefit.periodicity == Periodicity.MONTHLY else 1


def registry_for(actor) -> QuerySet[Talent]:
    """The talents an actor's counts are taken over (`None`: a system job, everyone)."""
    return Talent.objects.all() if actor is None else Talent.objects.for_actor(actor)


def simulate(
    benefit: Benefit,
    *,
    actor=None,
    rule: Any = None,
    amount: Any = None,
    on: date | None = None,
) -> Simulation:
    """The draft (or `rule` / `amount` given) against the version in force, on `on` (today),
    over the talents `actor` may see.

    Rule and amount must be valid (check with `evaluation.rule_errors` first).
    """
    on = on or clock.today()
    current = current_version(benefit, on)
    draft = draft_of(benefit)
    if rule is None:
        rule = draft.rule if draft is not None else (current.rule if current else {})
    if amount is None:
        amount = draft.amount if draft is not None else (current.amount if current else None)
    now_q = _true_q(parsed(current)[0], on) if current is not None else rules_django.NEVER
    now_amount = _amount(current.amount if current else None, on)
    draft_q = _true_q(rule, on)
    free = ~reduce(operator.or_, [Q(held) for held in holders_exist(benefit)])
    groups = (
        registry_for(actor)
        .order_by()
        .values("county_id", "tier_id")
        .annotate(
            talents=Count("pk"),
            now=Count("pk", filter=now_q),
            draft=Count("pk", filter=draft_q),
            both=Count("pk", filter=now_q & draft_q),
            cost_now=Sum(now_amount, filter=now_q & free),
            cost_draft=Sum(_amount(amount, on), filter=draft_q & free),
        )
    )
    return _collect(benefit, current, on, list(groups))


def _collect(benefit, current, on, groups: list[dict]) -> Simulation:
    counties = {d.pk: d for d in Division.objects.filter(pk__in={g["county_id"] for g in groups})}
    tiers = {t.pk: t for t in Tier.objects.all()}
    months = _months(benefit)
    result = Simulation(benefit=benefit, current=current, on=on)
    for group in groups:
        county = counties.get(group["county_id"])
        tier = tiers.get(group["tier_id"])
        row = Row(
            talents=group["talents"],
            now=group["now"],
            draft=group["draft"],
            both=group["both"],
            cost_now=int(group["cost_now"] or 0) * months,
            cost_draft=int(group["cost_draft"] or 0) * months,
            county_code=county.code if county else "",
            county=county.name if county else "",
            tier_code=tier.code if tier else "",
            tier=tier.name if tier else "",
        )
        result.rows.append(row)
        result.total.add(row)
    rank = {t.code: t.rank for t in tiers.values()}
    result.rows.sort(key=lambda r: (r.county_code, rank.get(r.tier_code, 10**6)))
    return result


def count_versions(
    items: list[tuple[Benefit, BenefitVersion]], on: date, *, actor=None
) -> dict[int, int]:
    """benefit id → talents `actor` sees for whom its version's rule is TRUE on `on`: one
    pass for all."""
    if not items:
        return {}
    counts = registry_for(actor).aggregate(
        **{
            f"b{benefit.pk}": Count("pk", filter=_true_q(parsed(version)[0], on))
            for benefit, version in items
        }
    )
    return {benefit.pk: counts[f"b{benefit.pk}"] for benefit, _version in items}
