"""Facts some readers may not see: a talent's sex and birth date.

A reader who may not see a talent's birth date (`talents.permissions.can_see_birth_date`)
sees no sex either (ROLES.md). Rules on these facts still decide, and say which condition
failed, but not the talent's value: it is shown as "—". Used by the policy pack (page, Word
document), the eligibility API, and the desk's case page and case API — whether the
explanation is computed now or stored on a case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rencai.rules import Explanation
from rencai.talents.permissions import can_see_birth_date

from .reasons import reasons_of

# A reader who may not see a talent's birth date sees no sex either (ROLES.md): rules on these
# facts still decide, and say which condition failed, but not the talent's value.
PRIVATE_FACTS = frozenset({"birth_date", "sex"})
WITHHELD = "—"


def private_facts_for(actor, talent) -> frozenset[str]:
    """The facts whose values `actor` may not read in `talent`'s explanations."""
    return frozenset() if can_see_birth_date(actor, talent) else PRIVATE_FACTS


def withhold(explanation: Explanation, facts: frozenset[str]) -> Explanation:
    """The explanation with the values of `facts` replaced by a dash."""
    if not facts:
        return explanation
    conditions = tuple(
        replace(c, value=WITHHELD, raw=None) if c.fact in facts else c
        for c in explanation.conditions
    )
    return replace(explanation, conditions=conditions)


def withhold_stored(data: dict[str, Any], facts: frozenset[str]) -> dict[str, Any]:
    """A stored explanation (the desk's `to_dict()` with its reasons), values withheld."""
    if not facts or not data.get("conditions"):
        return data
    explanation = withhold(Explanation.from_dict(data), facts)
    shown = {**data, "conditions": [c.to_dict() for c in explanation.conditions]}
    if data.get("reasons"):
        shown["reasons"] = reasons_of(explanation)
    return shown
