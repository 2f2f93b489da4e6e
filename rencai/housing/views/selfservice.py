"""The talent's housing on the phone (/my/housing/…): apply, follow their place and why,
answer an offer, tick the move-in checklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.http import http_errors, see_other
from rencai.talents.models import Talent
from rencai.talents.selectors import talent_of_user

from .. import selectors, services, standing
from ..choices import TenancyState
from ..forms import CHECKLIST_LABELS, ApplyForm, add_domain_error
from ..services.applications import conditions_to_confirm, eligibility


def own_talent(actor) -> Talent:
    talent = talent_of_user(actor, Talent.objects.select_related("county"))
    if talent is None:
        raise Http404(_("No talent record is linked to your account."))
    return talent


@login_required
@require_safe
@http_errors
def my_housing(request):
    actor = request.user
    talent = own_talent(actor)
    applications = selectors.applications_for_actor(actor).filter(talent=talent)
    current = applications.first()
    tenancy = (
        selectors.tenancies_for_actor(actor)
        .filter(talent=talent)
        .order_by("state", "-starts_on")
        .first()
    )
    offer = selectors.open_offers(actor).filter(application__talent=talent).first()
    today = clock.today()
    checklist = []
    if tenancy is not None:
        checklist = [
            {**item, "label": CHECKLIST_LABELS.get(item["item"], item["item"])}
            for item in tenancy.checklist
        ]
    return render(
        request,
        "housing/my_housing.html",
        {
            "talent": talent,
            "application": current,
            "history": applications[1:],
            "live_place": standing.live_place(current, today) if current else None,
            "frozen_place": standing.frozen_place(current) if current else None,
            "offer": offer,
            "tenancy": tenancy,
            "tenancy_active": tenancy is not None and tenancy.state == TenancyState.ACTIVE,
            "checklist": checklist,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@http_errors
def my_apply(request):
    actor = request.user
    talent = own_talent(actor)
    today = clock.today()
    try:
        _benefit, explanation = eligibility(talent, today)
    except DomainError as exc:
        explanation, unavailable = None, exc
    else:
        unavailable = None
    to_confirm = conditions_to_confirm(today) if unavailable is None else []
    form = ApplyForm(
        request.POST or None, initial={"county": talent.county_id}, to_confirm=to_confirm
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_apartment(
                talent,
                actor=actor,
                county=form.cleaned_data["county"],
                household_size=form.cleaned_data["household_size"],
                confirmed=to_confirm,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("You are on the waiting list."))
            return see_other(reverse("housing:mine"))
    return render(
        request,
        "housing/my_apply.html",
        {
            "talent": talent,
            "form": form,
            "explanation": explanation.to_dict() if explanation else None,
            "eligible": explanation is not None and explanation.outcome == "true",
            "unavailable": unavailable,
        },
    )
