"""Test factories for policies: real rows, through the services where it matters.

benefit = make_benefit(rule=MASTER_RULE, amount=DEGREE_TABLE)   # published v1
draft = make_benefit(published=False)                            # only a draft v1
housing = make_department("housing")
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from rencai.core.choices import OrganisationKind
from rencai.core.models import Organisation
from rencai.core.tests.factories import make_city, make_organisation
from rencai.policies import services
from rencai.policies.choices import PolicyCategory
from rencai.policies.models import Benefit, Policy
from rencai.talents.tests.factories import make_degree

_counter = itertools.count(1)

LAUNCH = date(2022, 8, 23)
MASTER_RULE = {"and": [{">=": [{"var": "degree"}, "master"]}, {"<=": [{"var": "age"}, 40]}]}
DEGREE_TABLE = {
    "kind": "table",
    "fact": "degree",
    "rows": {"master": "30000.00", "doctorate": "60000.00"},
}


def make_department(code: str = "housing", division=None) -> Organisation:
    """A city department with a stable code (get-or-create by division and code)."""
    division = division or make_city()
    found = Organisation.objects.filter(division=division, code=code).first()
    return found or make_organisation(
        OrganisationKind.DEPARTMENT, division=division, name=f"部门 {code}", code=code
    )


def make_policy(**fields: Any) -> Policy:
    n = next(_counter)
    fields.setdefault("title", f"测试政策 {n}")
    fields.setdefault("issuing_body", "黄冈市人民政府")
    fields.setdefault("category", PolicyCategory.HOUSING)
    fields.setdefault("effective_from", LAUNCH)
    return services.create_policy(actor=None, fields=fields)


def make_benefit(
    *,
    policy: Policy | None = None,
    rule: dict | None = None,
    amount: dict | None = None,
    to_confirm: list[str] | None = None,
    published: bool = True,
    effective_from: date = LAUNCH,
    **fields: Any,
) -> Benefit:
    """A benefit with v1 (published unless `published=False`); the rule's facts need their
    catalogues (degrees …) to exist: `make_degree("master")` is made for the default rule."""
    n = next(_counter)
    make_degree("master")
    make_degree("doctorate")
    fields.setdefault("code", f"benefit_{n}")
    fields.setdefault("name", f"测试待遇 {n}")
    fields.setdefault("owning_department", make_department())
    draft = {
        "rule": MASTER_RULE if rule is None else rule,
        "amount": amount or {"kind": "none"},
        "to_confirm": to_confirm or [],
    }
    benefit = services.create_benefit(
        policy or make_policy(), actor=None, fields=fields, draft=draft
    )
    if published:
        services.publish_draft(benefit, actor=None, effective_from=effective_from)
    return benefit
