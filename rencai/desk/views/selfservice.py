"""Self-service (/my/…): a talent applies online, follows their cases, sees decisions and
payments, and withdraws before a decision. Only their own cases: the selectors scope a
talent to themself, and anyone else's case answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.http import see_other
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import DEAD_STATES
from rencai.policies.delivery import delivery_for
from rencai.policies.evaluation import talent_for_evaluation
from rencai.policies.models import Benefit, Entitlement
from rencai.policies.pack import evaluate_benefit, policy_pack
from rencai.talents.models import Talent
from rencai.talents.selectors import talent_of_user

from .. import progress, selectors, services
from ..choices import Channel
from ..forms import OnlineApplicationForm, add_domain_error, new_key
from .cases import case_context
from .common import case_or_404, flash_error


def own_talent(actor) -> Talent:
    """The signed-in user's talent record (404 when none is linked)."""
    talent = talent_of_user(actor, Talent.objects.select_related("county"))
    if talent is None:
        raise Http404(_("No talent record is linked to your account."))
    return talent


@login_required
@require_safe
def my_applications(request):
    talent = own_talent(request.user)
    cases = selectors.applications_for_actor(request.user).filter(talent=talent)
    return render(request, "desk/my_applications.html", {"talent": talent, "cases": cases})


@login_required
@require_safe
def my_application(request, pk: int):
    actor = request.user
    talent = own_talent(actor)
    case = case_or_404(actor, pk)
    if case.talent_id != talent.pk:
        raise Http404
    context = case_context(actor, case)
    context["next"] = reverse("desk:my-application-detail", args=[case.pk])
    # The steps as a timeline; withdrawing goes to the foot of the page, behind a confirmation.
    context["timeline"] = progress.timeline(case)
    context["now_step"] = next((m for m in context["timeline"] if m.status == "current"), None)
    forms = context["action_forms"]
    context["action_forms"] = [item for item in forms if item["action"] != "withdraw"]
    context["withdraw_form"] = next((item for item in forms if item["action"] == "withdraw"), None)
    return render(request, "desk/my_application.html", context)


@login_required
@require_safe
def my_apply(request):
    """The benefits the talent can apply for now, from their policy pack."""
    talent = own_talent(request.user)
    pack = policy_pack(talent.pk, clock.today())
    items = [item for item in pack.items if item.is_open and not item.benefit.no_application]
    return render(request, "desk/my_apply.html", {"talent": talent, "pack": pack, "items": items})


def _outcome(talent: Talent, benefit: Benefit, version):
    today = clock.today()
    subject = talent_for_evaluation(talent.pk, today)
    live = [
        e
        for e in Entitlement.objects.filter(talent=talent).select_related("benefit")
        if e.state not in DEAD_STATES
    ]
    return evaluate_benefit(subject, benefit, version, today, live)


@login_required
@require_http_methods(["GET", "POST"])
def my_apply_benefit(request, benefit_pk: int):
    """Apply online: confirm the conditions, upload the checklist, give the bank account.

    The case is opened as a draft, the files attached, then submitted: a refused upload
    leaves a draft the talent can complete on its page, never a submitted case without files.
    """
    actor = request.user
    talent = own_talent(actor)
    benefit = Benefit.objects.filter(pk=benefit_pk, is_active=True).first()
    today = clock.today()
    version = policy_selectors.current_version(benefit, today) if benefit else None
    if benefit is None or version is None or benefit.no_application:
        raise Http404
    delivery = delivery_for(benefit.code)
    if delivery is not None:  # a service app delivers it (schooling …): its own request page
        return redirect(delivery.url_name)
    outcome = _outcome(talent, benefit, version)
    pays = (version.amount or {}).get("kind", "none") != "none"
    form_kwargs = {
        "benefit": benefit,
        "to_confirm": [str(c) for c in version.to_confirm or []],
        "pays_money": pays,
    }
    key = request.POST.get("idempotency_key") or new_key()
    if request.method == "POST" and outcome.is_open:
        form = OnlineApplicationForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            return _apply(request, talent, benefit, form, key) or _render_apply(
                request, benefit, version, outcome, form, key
            )
    else:
        form = OnlineApplicationForm(**form_kwargs)
    return _render_apply(request, benefit, version, outcome, form, key)


def _render_apply(request, benefit, version, outcome, form, key):
    return render(
        request,
        "desk/my_apply_benefit.html",
        {"benefit": benefit, "version": version, "outcome": outcome, "form": form, "key": key},
    )


def _apply(request, talent, benefit, form: OnlineApplicationForm, key: str):
    actor = request.user
    try:
        case = services.open_application(
            talent,
            benefit,
            actor=actor,
            channel=Channel.ONLINE,
            confirmed=form.confirmed(),
            payee_account=form.cleaned_data.get("payee_account") or "",
            submit=False,
            idempotency_key=key,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    detail = reverse("desk:my-application-detail", args=[case.pk])
    try:
        for code, upload in form.uploads():
            if not case.documents.filter(code=code).exclude(file="").exists():
                services.upload_document(case, actor=actor, code=code, upload=upload)
        if case.state == "draft":
            services.submit_application(case, actor=actor, confirmed=form.confirmed())
    except DomainError as exc:
        flash_error(request, exc)
        return see_other(detail)
    messages.success(
        request, _("Your application #%(id)s has been submitted.") % {"id": case.public_number}
    )
    return see_other(detail)
