"""Is this talent eligible for this benefit version, today — as the desk asks it.

One answer of four (`Status`): `eligible`; `to_confirm` (the rule holds, but conditions that
data cannot show are not yet confirmed by the talent or the clerk); `not_eligible`; `unknown`
(a fact the rule needs is not recorded). The rule is evaluated by `policies.evaluation`;
the desk adds the conditions to confirm, the amount, reasons in plain words, and one twist:
a case is evaluated *ignoring its own entitlement*, so the talent's pending application for
this very benefit does not count against rules such as "holds no benefit of this kind".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.money import fen_to_yuan
from rencai.policies import evaluation
from rencai.policies.choices import EligibilityOutcome
from rencai.policies.models import BenefitVersion
from rencai.policies.reasons import missing_of, reasons_of
from rencai.policies.services.entitlements import plain_explanation
from rencai.rules import Explanation, Outcome
from rencai.talents.models import Talent

from .errors import DeskError, NotEligible

# The desk answers the first four of the one vocabulary of outcomes.
Status = EligibilityOutcome


@dataclass(frozen=True)
class Eligibility:
    """The desk's answer for one talent, benefit version and day, with its explanation."""

    status: Status
    version: BenefitVersion
    explanation: Explanation
    to_confirm: tuple[str, ...]
    confirmed: tuple[str, ...]
    amount_fen: int | None

    @property
    def ok(self) -> bool:
        return self.status == Status.ELIGIBLE

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        return tuple(c for c in self.to_confirm if c not in self.confirmed)

    def reasons(self) -> list[str]:
        """Why the answer is not `eligible`, one short sentence each ([] when eligible)."""
        if self.status == Status.NOT_ELIGIBLE:
            return reasons_of(self.explanation)
        if self.status == Status.UNKNOWN:
            return [
                _("%(fact)s is not recorded") % {"fact": label}
                for label in missing_of(self.explanation)
            ]
        if self.status == Status.TO_CONFIRM:
            return [_("Not confirmed: %(condition)s") % {"condition": c} for c in self.unconfirmed]
        return []

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON, stored on the case as the eligibility as it stood."""
        return {
            "status": str(self.status),
            "version": self.version.number,
            **plain_explanation(self.explanation),
            "to_confirm": list(self.to_confirm),
            "confirmed": list(self.confirmed),
            "amount": str(fen_to_yuan(self.amount_fen)) if self.amount_fen is not None else None,
            "reasons": self.reasons(),
        }


def _clean(confirmed: Iterable[str], to_confirm: tuple[str, ...]) -> tuple[str, ...]:
    given = {str(c).strip() for c in confirmed or ()}
    return tuple(c for c in to_confirm if c in given)


def check_eligibility(
    talent: Talent,
    version: BenefitVersion,
    *,
    on: date | None = None,
    confirmed: Iterable[str] = (),
    ignore_own_entitlement: bool = True,
) -> Eligibility:
    """Evaluate `version` for `talent` on `on` (today), with the conditions `confirmed`.

    With `ignore_own_entitlement` the talent's live entitlement of this benefit (the case's
    own, pending) is left out of the "holds or has applied for" fact: at most one exists
    (a unique index), so this is exactly the case's own entitlement.
    """
    on = on or clock.today()
    subject = evaluation.talent_for_evaluation(talent.pk, on)
    if ignore_own_entitlement:
        sets = getattr(subject, "fact_sets", None)
        if sets is not None and "entitlements" in sets:
            sets["entitlements"].discard(version.benefit.code)
    explanation = evaluation.explain(version, subject, on)
    to_confirm = tuple(str(c) for c in version.to_confirm or ())
    confirmed_ = _clean(confirmed, to_confirm)
    if explanation.outcome == Outcome.FALSE:
        status = Status.NOT_ELIGIBLE
    elif explanation.outcome == Outcome.UNKNOWN:
        status = Status.UNKNOWN
    elif len(confirmed_) < len(to_confirm):
        status = Status.TO_CONFIRM
    else:
        status = Status.ELIGIBLE
    amount = evaluation.amount_for(version, subject, on)
    return Eligibility(status, version, explanation, to_confirm, confirmed_, amount)


def refuse_unless_eligible(result: Eligibility, *, submitting: bool, code: str = "") -> None:
    """Refuse (400) with the reasons unless the result allows this step."""
    if result.status == Status.ELIGIBLE:
        return
    if result.status == Status.TO_CONFIRM and not submitting:
        return
    reasons = result.reasons()
    if result.status == Status.TO_CONFIRM:
        raise NotEligible(
            _("Conditions still to confirm: %(list)s") % {"list": "; ".join(result.unconfirmed)},
            code=code or DeskError.UNCONFIRMED,
            fields={"confirmed": reasons},
        )
    message = (
        _("Not eligible: %(reasons)s")
        if result.status == Status.NOT_ELIGIBLE
        else _("Eligibility cannot be decided: %(reasons)s")
    ) % {"reasons": "; ".join(reasons)}
    raise NotEligible(message, code=code or DeskError.NOT_ELIGIBLE, fields={"eligibility": reasons})


def require_amount(result: Eligibility) -> None:
    """A benefit that pays money must know how much (a table without the talent's row, or a
    missing fact, leaves it unknown)."""
    kind = (result.version.amount or {}).get("kind", "none")
    if kind != "none" and result.amount_fen is None:
        raise DomainError(
            _("The amount cannot be computed from the talent's record."),
            code=DeskError.AMOUNT_UNKNOWN,
        )
