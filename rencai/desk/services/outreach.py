"""免申即享: the pending entitlements outreach recorded become cases, without the talent
applying, in the owning department's queue — ready to be approved (in bulk, each checked)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.policies.models import Benefit, Entitlement

from .. import permissions, selectors
from ..choices import ApplicationState, Channel
from ..eligibility import check_eligibility
from ..errors import DeskError
from ..models import Application
from ..numbering import next_number
from ..steps import first_step
from ..timing import due_at_for
from .common import record


def open_cases_for_pending_entitlements(benefit: Benefit, *, actor=None) -> list[Application]:
    """Open one case (channel outreach, state accepted) per pending outreach entitlement of
    a 免申即享 benefit that has none. Safe to run twice, or twice at once: an entitlement has
    at most one case (a one-to-one key), so a second run opens nothing."""
    if not permissions.can_open_outreach_cases(actor, benefit):
        raise PermissionDenied(_("You may not open cases for this benefit."))
    if not benefit.no_application:
        raise DomainError(
            _("Only benefits granted without application open cases this way."),
            code=DeskError.BENEFIT_CLOSED,
        )
    opened = []
    for entitlement in selectors.pending_without_case(benefit):
        case = _open_one(entitlement, benefit=benefit, actor=actor)
        if case is not None:
            opened.append(case)
    audit.record(
        actor,
        "application.open_outreach",
        benefit,
        changes={"opened": len(opened), "cases": [case.pk for case in opened][:200]},
    )
    return opened


def _open_one(entitlement: Entitlement, *, benefit: Benefit, actor) -> Application | None:
    now = clock.now()
    talent = entitlement.talent
    result = check_eligibility(talent, entitlement.version, confirmed=())
    case = Application(
        talent=talent,
        benefit=benefit,
        version=entitlement.version,
        entitlement=entitlement,
        department_id=benefit.owning_department_id,
        county_id=talent.county_id,
        channel=Channel.OUTREACH,
        state=ApplicationState.ACCEPTED,
        step=first_step(benefit).order,
        amount_fen=result.amount_fen if result.amount_fen is not None else entitlement.amount_fen,
        explanation=result.to_dict(),
        opened_at=now,
        submitted_at=now,
        created_by=audit.acting_user(actor),
    )
    case.due_at = due_at_for(benefit, now)
    try:
        with transaction.atomic():
            case.number = next_number(talent.county)
            case.save()
            record(
                case,
                actor=actor,
                action="open",
                before={},
                from_state="",
                note=_("Opened without application"),
                extra={"benefit": benefit.code, "channel": Channel.OUTREACH},
            )
    except IntegrityError:
        return None  # another run opened it meanwhile
    return case
