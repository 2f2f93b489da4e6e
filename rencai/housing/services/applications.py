"""Applying for a talent apartment: the benefit's rule decides who may apply; the ranking
inputs are recorded with their date; the entitlement is recorded through `policies`."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import Division
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.evaluation import explain, talent_for_evaluation
from rencai.policies.models import Benefit
from rencai.policies.services.entitlements import (
    live_conflict,
    plain_explanation,
    record_entitlement,
    transition_entitlement,
)
from rencai.rules.logic import Outcome
from rencai.talents.models import Talent

from .. import permissions, ranking
from ..choices import LIVE_APPLICATION_STATES, HousingApplicationState, OfferState
from ..models import HousingApplication
from .common import HousingError, conflict_on_integrity

BENEFIT_CODE = "talent_apartment"
S = HousingApplicationState


def apartment_benefit() -> Benefit:
    benefit = Benefit.objects.filter(code=BENEFIT_CODE).first()
    if benefit is None:
        raise HousingError(
            gettext_lazy("The talent apartment benefit is not in the catalogue."),
            code="no_benefit",
        )
    return benefit


def eligibility(talent: Talent, on):
    """The benefit's rule for the talent on `on`: (benefit, explanation)."""
    benefit = apartment_benefit()
    version = policy_selectors.current_version(benefit, on)
    if version is None:
        raise HousingError(
            gettext_lazy("The talent apartment benefit is not in force."), code="no_benefit"
        )
    return benefit, explain(version, talent_for_evaluation(talent.pk, on), on)


def conditions_to_confirm(on) -> list[str]:
    """What the applicant declares (e.g. no home of their own in the city): the version's."""
    version = policy_selectors.current_version(apartment_benefit(), on)
    return list(version.to_confirm or []) if version else []


def apply_for_apartment(
    talent: Talent,
    *,
    actor,
    county: Division,
    household_size: int,
    note: str = "",
    confirmed: list[str] | None = None,
) -> HousingApplication:
    """Put the talent on the county's waiting list, if the benefit's rule lets them.

    A rule that says no (or cannot decide: a fact is missing) refuses the application with
    its reasons. The conditions to confirm are declared by the applicant (`confirmed`, kept
    with the explanation) and checked by the bureau before an offer. The entitlement is
    recorded pending, so exclusivity (the home-purchase subsidy) applies.
    """
    if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists() and actor is not None:
        raise NotFound(gettext_lazy("Not found."))
    if not permissions.can_apply(actor, talent):
        raise PermissionDenied(gettext_lazy("You may not apply for this talent."))
    if household_size < 1 or household_size > 20:
        raise HousingError(
            gettext_lazy("The household has 1 to 20 people."),
            code="invalid",
            fields={"household_size": [_("The household has 1 to 20 people.")]},
        )
    today = clock.today()
    benefit, explanation = eligibility(talent, today)
    if explanation.outcome != Outcome.TRUE:
        raise HousingError(
            gettext_lazy("The talent apartment rule does not admit this talent (yet)."),
            code="not_eligible",
        )
    with transaction.atomic():
        Talent.objects.select_for_update().filter(pk=talent.pk).first()
        if HousingApplication.objects.filter(
            talent=talent, state__in=sorted(LIVE_APPLICATION_STATES)
        ).exists():
            raise Conflict(_("This talent already has a live housing application."))
        if message := live_conflict(talent, benefit):
            raise Conflict(message)
        application = HousingApplication(
            talent=talent,
            county=county,
            household_size=household_size,
            applied_on=today,
            explanation={
                **plain_explanation(explanation),
                "confirmed": [c for c in (confirmed or []) if c in conditions_to_confirm(today)],
            },
            note=note,
        )
        application.inputs = ranking.read_inputs(application, today)
        with conflict_on_integrity(_("This talent already has a live housing application.")):
            application.save()
        application.entitlement = record_entitlement(
            talent,
            benefit,
            actor=None,
            state=EntitlementState.PENDING,
            source=EntitlementSource.DESK,
            explanation=explanation,
            note=str(application),
        )
        application.save(update_fields=["entitlement", "updated_at"])
        audit.record(
            actor,
            "housing.apply",
            application,
            changes={"county": county.name, "household_size": household_size},
        )
    return application


def refresh_inputs(application: HousingApplication, *, actor) -> HousingApplication:
    """Record the ranking inputs again as of today (a new tier, a new employer, a bigger
    household): each input keeps the date it was recorded; a closed round keeps its own."""
    if not permissions.can_manage_application(actor, application):
        raise PermissionDenied(gettext_lazy("You may not change this application."))
    today = clock.today()
    with transaction.atomic():
        locked = HousingApplication.objects.select_for_update().get(pk=application.pk)
        before = locked.inputs
        fresh = ranking.read_inputs(locked, today)
        for code, value in fresh.items():
            old = before.get(code)
            if old and old.get("value") == value["value"]:
                fresh[code] = old  # unchanged: keep the date it was first recorded
        locked.inputs = fresh
        locked.save(update_fields=["inputs", "updated_at"])
        changed = {
            c: [before.get(c, {}).get("shown"), v["shown"]]
            for c, v in fresh.items()
            if before.get(c, {}).get("value") != v["value"]
        }
        audit.record(actor, "housing.inputs_refresh", locked, changes=changed)
    return locked


def end_application(application: HousingApplication, *, actor, to_state: str, note: str = ""):
    """Leave the waiting list (withdrawn or lapsed): the entitlement is withdrawn too. The
    caller holds the application's lock."""
    application.state = to_state
    application.left_list_on = clock.today()
    application.save(update_fields=["state", "left_list_on", "updated_at"])
    if application.entitlement_id and application.entitlement.state == EntitlementState.PENDING:
        transition_entitlement(
            application.entitlement,
            actor=None,
            to_state=EntitlementState.WITHDRAWN,
            on=clock.today(),
            note=note or str(application),
        )


def withdraw_application(application: HousingApplication, *, actor) -> HousingApplication:
    """The talent (or the bureau at their request) leaves the waiting list."""
    if not permissions.can_withdraw_application(actor, application):
        raise PermissionDenied(gettext_lazy("You may not withdraw this application."))
    with transaction.atomic():
        locked = (
            HousingApplication.objects.select_for_update(of=("self",))
            .select_related("entitlement")
            .get(pk=application.pk)
        )
        if locked.state not in LIVE_APPLICATION_STATES:
            raise HousingError(
                gettext_lazy("Only an application on the waiting list can be withdrawn."),
                code="invalid_transition",
            )
        open_offer = locked.offers.filter(state=OfferState.OPEN).first()
        if open_offer is not None:
            open_offer.state = OfferState.DECLINED
            open_offer.answered_on = clock.today()
            open_offer.reason = _("Application withdrawn")
            open_offer.save(update_fields=["state", "answered_on", "reason", "updated_at"])
        end_application(locked, actor=actor, to_state=S.WITHDRAWN)
        audit.record(actor, "housing.withdraw", locked, changes={"state": ["live", S.WITHDRAWN]})
    return locked
