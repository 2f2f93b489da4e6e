"""An event's audience: a rule in the rule language over the talents' facts (the same facts
and evaluator as a benefit's rule), or empty for everyone.

`event_audience_q(event)` is the audience as a `Q` over `Talent` (for outreach and counts);
`verdict(event, talent)` explains one talent: admitted, or the reasons they are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from rencai import rules
from rencai.core import clock
from rencai.policies.evaluation import rule_errors, talent_for_evaluation
from rencai.policies.facts import CATALOGUE
from rencai.policies.reasons import missing_of, reasons_of
from rencai.rules import Outcome
from rencai.rules import django as rules_django
from rencai.talents.models import Talent


def has_audience(rule: Any) -> bool:
    """An empty rule (None, {}) admits everyone."""
    return bool(rule)


def audience_errors(rule: Any) -> list[str]:
    """Messages for an invalid audience rule ([] when valid or empty)."""
    return rule_errors(rule) if has_audience(rule) else []


def event_audience_q(event, on: date | None = None) -> Q:
    """The talents the event's audience admits on `on` (default today), as a Q over Talent."""
    if not has_audience(event.audience_rule):
        return Q()
    on = on or clock.today()
    return rules_django.compile_rule(event.audience_rule, CATALOGUE, on=on).true_q


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    reasons: list[str] = field(default_factory=list)


def verdict(event, talent: Talent, on: date | None = None) -> Verdict:
    """Whether the audience admits `talent` on `on`, with the reasons when it does not."""
    if not has_audience(event.audience_rule):
        return Verdict(True)
    on = on or clock.today()
    subject = talent_for_evaluation(talent.pk, on)
    explanation = rules.explain(event.audience_rule, subject, CATALOGUE, on=on)
    if explanation.outcome == Outcome.TRUE:
        return Verdict(True)
    if explanation.outcome == Outcome.UNKNOWN:
        return Verdict(
            False,
            [_("%(fact)s is not recorded") % {"fact": label} for label in missing_of(explanation)],
        )
    return Verdict(False, reasons_of(explanation))
