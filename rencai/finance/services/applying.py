"""Applying for a loan: the product's terms, the benefit's rule and conditions, at most
three subsidised loans per borrower (decided under a lock on the talent row)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, calendar, clock
from rencai.core.choices import Role
from rencai.core.errors import NotFound, PermissionDenied
from rencai.core.models import Organisation, User
from rencai.core.money import fen_to_yuan
from rencai.core.notifications import notify
from rencai.core.permissions import roles_of
from rencai.policies import evaluation
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.models import Entitlement
from rencai.policies.reasons import missing_of, reasons_of
from rencai.policies.services.entitlements import (
    plain_explanation,
    record_entitlement,
)
from rencai.rules import Outcome
from rencai.talents.models import Talent

from .. import permissions, selectors, workflow
from ..choices import ORGANISATION_KINDS, Channel, LoanState
from ..errors import LoanError
from ..models import Loan, LoanEvent, LoanProduct
from .common import AUDITED_FIELDS, refuse, tell_talent


def check_application(
    talent: Talent,
    product: LoanProduct,
    *,
    bank: Organisation,
    amount_fen: int,
    term_months: int,
    borrower_organisation: Organisation | None,
    on: date,
    confirmed: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Refuse (LoanRefused with reasons) an application the product's terms or the benefit's
    rule do not allow, or whose conditions to confirm (the benefit's `to_confirm`: what data
    cannot show) are not all confirmed; the eligibility explanation otherwise.
    `confirmed=None` skips that last check (a read-only look: is this talent admitted?)."""
    if not product.is_active:
        raise refuse(_("This loan product is not offered any more."), LoanError.PRODUCT_INACTIVE)
    if not product.banks.filter(pk=bank.pk).exists():
        raise refuse(
            _("%(bank)s does not offer %(product)s.") % {"bank": bank, "product": product},
            LoanError.BANK_NOT_PARTNER,
        )
    if amount_fen <= 0 or amount_fen > product.max_amount_fen:
        raise refuse(
            _("The amount must be more than ¥0 and at most ¥%(limit)s for %(product)s.")
            % {"limit": f"{fen_to_yuan(product.max_amount_fen):,}", "product": product},
            LoanError.OVER_LIMIT,
        )
    if term_months <= 0 or term_months > product.max_term_months:
        raise refuse(
            _("The term must be at most %(months)s months for %(product)s.")
            % {"months": product.max_term_months, "product": product},
            LoanError.TERM_TOO_LONG,
        )
    needs_organisation = product.borrower_kind in ORGANISATION_KINDS
    if needs_organisation and borrower_organisation is None:
        raise refuse(
            _("Name the borrowing organisation for %(product)s.") % {"product": product},
            LoanError.ORGANISATION_REQUIRED,
        )
    if not needs_organisation and borrower_organisation is not None:
        raise refuse(
            _("An individual loan names no borrowing organisation."),
            LoanError.ORGANISATION_NOT_ALLOWED,
        )
    subsidised = (
        Loan.objects.filter(talent=talent).filter(subsidy_slot__isnull=False).count()
        + Loan.objects.filter(talent=talent, state__in=workflow.STEP_TARGET).count()
    )
    if subsidised >= product.max_subsidised_loans:
        raise refuse(
            _("The borrower already has %(n)s subsidised loans or applications (at most %(max)s).")
            % {"n": subsidised, "max": product.max_subsidised_loans},
            LoanError.SUBSIDY_LIMIT,
        )
    version = policy_selectors.current_version(product.benefit, on)
    if version is None:
        raise refuse(_("The loan subsidy was not in force on that day."), LoanError.NOT_ELIGIBLE)
    subject = evaluation.talent_for_evaluation(talent.pk, on)
    explanation = evaluation.explain(version, subject, on)
    if explanation.outcome != Outcome.TRUE:
        reasons = (
            reasons_of(explanation)
            if explanation.outcome == Outcome.FALSE
            else [_("%(fact)s is not recorded") % {"fact": f} for f in missing_of(explanation)]
        )
        raise refuse(
            _("Not eligible: %(reasons)s") % {"reasons": "; ".join(reasons)},
            LoanError.NOT_ELIGIBLE,
            reasons,
        )
    to_confirm = [str(c) for c in version.to_confirm or ()]
    if confirmed is not None:
        given = {str(c).strip() for c in confirmed}
        unconfirmed = [c for c in to_confirm if c not in given]
        if unconfirmed:
            raise refuse(
                _("Conditions still to confirm: %(list)s") % {"list": "; ".join(unconfirmed)},
                LoanError.UNCONFIRMED,
                unconfirmed,
            )
    return {
        "version": version.number,
        **plain_explanation(explanation),
        "confirmed": to_confirm if confirmed is not None else [],
    }


def _entitlement_for(talent: Talent, product: LoanProduct, explanation) -> Entitlement:
    """The talent's live entitlement of the subsidy benefit, recorded now if none is live
    (one live entitlement per talent and benefit: several loans share it)."""
    live = (
        Entitlement.objects.live()
        .filter(talent=talent, benefit=product.benefit, beneficiary=None)
        .first()
    )
    if live is not None:
        return live
    return record_entitlement(
        talent,
        product.benefit,
        actor=None,
        state=EntitlementState.PENDING,
        source=EntitlementSource.DESK,
        explanation=explanation,
        note=_("Guarantee loan application"),
    )


def apply_for_loan(
    talent: Talent,
    *,
    actor,
    product: LoanProduct,
    bank: Organisation,
    amount_fen: int,
    term_months: int,
    borrower_organisation: Organisation | None = None,
    purpose: str = "",
    channel: str | None = None,
    confirmed: Iterable[str] = (),
) -> Loan:
    """File a loan application for `talent` with `bank` (the talent, a clerk, or an officer
    visiting them), with the benefit's conditions `confirmed` by the borrower. Refused with
    reasons when the terms, the rule or an unconfirmed condition do not allow it."""
    if actor is not None:
        if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
            raise NotFound(_("Not found."))
        if not permissions.can_file(actor):
            raise PermissionDenied(_("You may not file loan applications."))
    now = clock.now()
    today = clock.today()
    with transaction.atomic():
        # One borrower at a time: the subsidised-loan count is decided under this lock.
        talent = Talent.objects.select_for_update().get(pk=talent.pk)
        explanation = check_application(
            talent,
            product,
            bank=bank,
            amount_fen=amount_fen,
            term_months=term_months,
            borrower_organisation=borrower_organisation,
            on=today,
            confirmed=list(confirmed),
        )
        entitlement = _entitlement_for(talent, product, explanation)
        target = workflow.target_days(product, LoanState.APPLIED)
        loan = Loan.objects.create(
            talent=talent,
            borrower_organisation=borrower_organisation,
            product=product,
            bank=bank,
            guarantor=product.guarantor,
            county=talent.county,
            entitlement=entitlement,
            channel=channel or _channel_of(actor, talent),
            amount_fen=amount_fen,
            term_months=term_months,
            purpose=purpose[:200],
            eligibility=explanation,
            applied_at=now,
            step_since=now,
            step_due_at=selectors.end_of_day(calendar.add_working_days(today, target)),
            created_by=audit.acting_user(actor),
        )
        LoanEvent.objects.create(
            loan=loan, to_state=loan.state, actor=audit.acting_user(actor), target_days=target
        )
        audit.record(
            actor,
            "loan.apply",
            loan,
            changes=audit.diff({}, audit.snapshot(loan, AUDITED_FIELDS)),
        )
        tell_talent(loan)
        _tell_bank(loan)
    return loan


def _tell_bank(loan: Loan) -> None:
    """Tell the bank's loan officers a new application is in their queue (in-app)."""
    officers = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.BANK_OFFICER,
        role_assignments__organisation=loan.bank,
    ).distinct()
    for officer in officers:
        notify(
            title=_("New loan application #%(id)s: %(name)s, %(amount)s")
            % {
                "id": loan.pk,
                "name": loan.talent.name,
                "amount": f"¥{fen_to_yuan(loan.amount_fen):,}",
            },
            link=reverse("finance:loan-detail", args=[loan.pk]),
            user=officer,
        )


def _channel_of(actor, talent: Talent) -> str:
    if actor is not None and talent.user_id == actor.pk:
        return Channel.SELF
    return Channel.WINDOW if roles_of(actor).has(Role.WINDOW_CLERK) else Channel.VISIT
