"""The demo's example policies (示例), read from `policies.json` in the demo's data folder.

Loading goes through the catalogue services as a system job (actor None), so every rule and
amount is checked and every write audited. It is idempotent: policies are found by title and
benefits by code; a benefit that exists keeps its versions (its terms are refreshed), and a
benefit without a published version gets its draft published, effective on the file's date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from rencai.core import city
from rencai.core.models import Organisation

from . import selectors, services
from .models import Benefit, Policy

POLICY_KEYS = ("issuing_body", "document_number", "category", "full_text", "link")
BENEFIT_KEYS = (
    "name",
    "summary",
    "audience",
    "exclusivity_group",
    "no_application",
    "covers_family",
    "periodicity",
    "months",
    "documents",
    "time_target",
    "time_unit",
)
DRAFT_KEYS = ("rule", "amount", "to_confirm")


class DemoDataError(ValueError):
    pass


@dataclass
class LoadResult:
    policies: int = 0
    benefits_created: int = 0
    versions_published: int = 0


def _department(ref: list[str] | None, source: str) -> Organisation | None:
    if not ref:
        return None
    division_code, code = ref
    found = Organisation.objects.filter(division__code=division_code, code=code).first()
    if found is None:
        raise DemoDataError(
            f"{source}: no organisation {code} in {division_code} (load them first)"
        )
    return found


def _policy(data: dict[str, Any], effective_from: date) -> Policy:
    fields = {key: data.get(key, "") for key in POLICY_KEYS}
    fields |= {"title": data["title"], "effective_from": effective_from, "is_example": True}
    policy = Policy.objects.filter(title=data["title"]).first()
    if policy is None:
        return services.create_policy(actor=None, fields=fields)
    return services.update_policy(policy, actor=None, fields=fields)


def _benefit(policy: Policy, data: dict[str, Any], effective_from: date, result: LoadResult):
    fields = {key: data[key] for key in BENEFIT_KEYS if key in data}
    fields["owning_department"] = _department(data["owning_department"], data["code"])
    fields["paying_department"] = _department(data.get("paying_department"), data["code"])
    draft = {key: data[key] for key in DRAFT_KEYS if key in data}
    benefit = Benefit.objects.filter(code=data["code"]).first()
    if benefit is None:
        benefit = services.create_benefit(
            policy, actor=None, fields={"code": data["code"], **fields}, draft=draft
        )
        result.benefits_created += 1
    else:
        benefit = services.update_benefit(benefit, actor=None, fields=fields)
    if selectors.latest_published(benefit) is None:
        if selectors.draft_of(benefit) is None:
            services.update_draft(benefit, actor=None, fields=draft)
        services.publish_draft(benefit, actor=None, effective_from=effective_from)
        result.versions_published += 1


def load_demo_policies(data_dir: Path | None = None) -> LoadResult:
    """Create or repair the example policies and benefits; publish each benefit's v1 (from
    `data_dir`, default the configured city's folder)."""
    data_dir = data_dir or city.data_dir()
    data = json.loads((data_dir / "policies.json").read_text(encoding="utf-8"))
    effective_from = date.fromisoformat(data["effective_from"])
    result = LoadResult()
    with transaction.atomic():
        for policy_data in data["policies"]:
            policy = _policy(policy_data, effective_from)
            result.policies += 1
            for benefit_data in policy_data["benefits"]:
                _benefit(policy, benefit_data, effective_from, result)
    return result


def load_demo(options) -> str:
    """policies' demo loader (`rencai.core.demo_loaders`): the example policies."""
    result = load_demo_policies(options.data_dir)
    return f"{result.policies} example policies"
