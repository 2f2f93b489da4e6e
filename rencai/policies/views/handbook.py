"""The policy handbook (政策口袋书): every benefit in force today, in plain words. Public.

Grouped by the policy's category, then by audience; each benefit shows who qualifies (the
rule in sentences), what to confirm, the amount, the documents, the time target, and the
示例 label of example policies. Drafts never show: only the version in force today.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core import clock

from ..choices import PolicyCategory
from ..describe import AmountText, describe_amount, describe_rule
from ..facts import CATALOGUE
from ..models import Benefit, BenefitVersion
from ..selectors import current_benefits


@dataclass(frozen=True)
class HandbookEntry:
    benefit: Benefit
    version: BenefitVersion
    conditions: list[str]
    amount: AmountText


@dataclass
class AudienceGroup:
    audience: str
    entries: list[HandbookEntry] = field(default_factory=list)


@dataclass
class CategoryGroup:
    value: str
    label: str
    audiences: list[AudienceGroup] = field(default_factory=list)


def handbook_groups(on) -> list[CategoryGroup]:
    order = {value: i for i, value in enumerate(PolicyCategory.values)}
    groups: dict[str, CategoryGroup] = {}
    for item in current_benefits(on):
        category = item.benefit.policy.category
        group = groups.setdefault(
            category, CategoryGroup(category, str(item.benefit.policy.get_category_display()))
        )
        audience = item.benefit.audience.strip()
        if not group.audiences or group.audiences[-1].audience != audience:
            group.audiences.append(AudienceGroup(audience))
        group.audiences[-1].entries.append(
            HandbookEntry(
                benefit=item.benefit,
                version=item.version,
                conditions=describe_rule(item.version.rule, CATALOGUE),
                amount=describe_amount(item.version.amount, CATALOGUE),
            )
        )
    return sorted(groups.values(), key=lambda g: order.get(g.value, len(order)))


@require_safe
def handbook(request):
    today = clock.today()
    groups = handbook_groups(today)
    return render(
        request,
        "policies/handbook.html",
        {
            "today": today,
            "groups": groups,
            "has_examples": any(
                e.benefit.policy.is_example for g in groups for a in g.audiences for e in a.entries
            ),
        },
    )
