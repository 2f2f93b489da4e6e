"""Finance pages: the loan list (and its xlsx), a loan with its steps and subsidy schedule,
the application form, the step actions, the bank's subsidy claim per quarter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.masking import mask_id_number
from rencai.core.models import Organisation
from rencai.core.money import yuan_to_fen
from rencai.core.permissions import roles_of
from rencai.core.xlsx.writing import xlsx_download
from rencai.talents.selectors import get_talent_for_actor, talent_of_user

from . import exports, permissions, selectors, services, subsidy, workflow
from .forms import (
    ClaimForm,
    ContractForm,
    DateForm,
    DefaultForm,
    LoanApplicationForm,
    LoanFilterForm,
    ReasonForm,
)

PAGE_SIZE = 50
STEP_FORMS = {
    "reject": ReasonForm,
    "withdraw": ReasonForm,
    "sign_contract": ContractForm,
    "disburse": DateForm,
    "repay": DateForm,
    "record_default": DefaultForm,
}


@login_required
@require_safe
def loan_list(request):
    form = LoanFilterForm(request.GET or None)
    loans = form.apply(selectors.loans_for_actor(request.user).order_by("-applied_at", "-pk"))
    if request.GET.get("format") == "xlsx":
        output, filename = exports.export_loans(request.user, loans)
        return xlsx_download(output, filename)
    total = loans.aggregate(total=Sum("amount_fen"))["total"] or 0
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/loan_list.html",
        {"form": form, "page_obj": page, "total_fen": total, "query": request.GET.urlencode()},
    )


@login_required
@require_safe
@http_errors
def loan_detail(request, pk):
    actor = request.user
    loan = selectors.get_loan_for_actor(actor, pk)
    actions = [
        (name, workflow.ACTION_LABELS[name], STEP_FORMS.get(name))
        for name in workflow.TRANSITIONS
        if workflow.allowed(loan.state, name)
        and permissions.may(actor, loan, name)
        and name not in ("record_overdue", "extend")
    ]
    periods = subsidy.schedule_of(loan)
    return render(
        request,
        "finance/loan_detail.html",
        {
            "loan": loan,
            "id_masked": mask_id_number(loan.talent.id_number),
            "may_reveal": permissions.can_reveal(actor, loan),
            "actions": [(n, label, form() if form else None) for n, label, form in actions],
            "events": loan.events.select_related("actor"),
            "periods": periods,
            "government_total": sum(p.government_fen for p in periods),
            "terms": subsidy.Terms.of(loan.product),
        },
    )


@login_required
@require_POST
@http_errors
def loan_action(request, pk, action):
    actor = request.user
    loan = selectors.get_loan_for_actor(actor, pk)
    if action not in workflow.TRANSITIONS:
        raise Forbidden
    form_class = STEP_FORMS.get(action)
    form = form_class(request.POST) if form_class else None
    detail = reverse("finance:loan-detail", args=[loan.pk])
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return see_other(detail)
    data = form.cleaned_data if form is not None else {}
    try:
        if action == "reject":
            services.reject(loan, actor=actor, reason=data["reason"])
        elif action == "withdraw":
            services.withdraw(loan, actor=actor, reason=data["reason"])
        elif action == "sign_contract":
            services.sign_contract(
                loan, actor=actor, contract_date=data.get("contract_date"), rate_bp=form.rate_bp()
            )
        elif action in ("disburse", "repay"):
            getattr(services, action)(loan, actor=actor, on=data.get("on"))
        elif action == "record_default":
            services.record_default(
                loan, actor=actor, on=data.get("on"), fund_paid_fen=yuan_to_fen(data["fund_paid"])
            )
        elif action in ("check_documents", "approve_guarantee", "approve"):
            getattr(services, action)(loan, actor=actor)
        else:
            raise Forbidden
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, error_text(exc))
        return see_other(detail)
    messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTION_LABELS[action]})
    return see_other(detail)


@login_required
@require_POST
@http_errors
def loan_reveal(request, pk):
    loan = selectors.get_loan_for_actor(request.user, pk)
    number = services.reveal_identity(loan, actor=request.user)
    messages.info(request, _("Identity number: %(number)s") % {"number": number})
    return see_other(reverse("finance:loan-detail", args=[loan.pk]))


@login_required
@http_errors
def loan_apply(request):
    """File an application: the talent for themself, or a clerk or officer for the talent
    they are serving (`?talent=<id>`)."""
    actor = request.user
    if not permissions.can_file(actor):
        raise Forbidden
    talent_pk = request.GET.get("talent") or request.POST.get("talent")
    talent = (
        get_talent_for_actor(actor, talent_pk)
        if talent_pk
        else talent_of_user(actor)
        if roles_of(actor).has(Role.TALENT)
        else None
    )
    form = LoanApplicationForm(
        request.POST or None, conditions=selectors.conditions_to_confirm(clock.today())
    )
    if request.method == "POST" and talent is not None and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.apply_for_loan(
                talent,
                actor=actor,
                product=data["product"],
                bank=data["bank"],
                amount_fen=form.amount_fen(),
                term_months=data["term_months"],
                borrower_organisation=data["borrower_organisation"],
                purpose=data["purpose"],
                confirmed=data.get("confirmed", []),
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Loan application #%(id)s filed.") % {"id": loan.pk})
            return see_other(reverse("finance:loan-detail", args=[loan.pk]))
    return render(
        request,
        "finance/loan_apply.html",
        {"form": form, "talent": talent, "products": selectors.active_products()},
    )


def _claim_banks(actor):
    banks = Organisation.objects.filter(kind="bank", loan_products__isnull=False).distinct()
    if roles_of(actor).is_city_wide or permissions.hrss_scope(actor)[0]:
        return banks
    return banks.filter(pk__in=permissions.bank_ids(actor))


@login_required
@require_safe
@http_errors
def claims(request):
    """A bank's claim of the government's part of interest for one quarter."""
    actor = request.user
    if not permissions.can_see_claims(actor):
        raise Forbidden
    banks = _claim_banks(actor)
    today = clock.today()
    initial = {"bank": banks.first(), "year": today.year, "quarter": (today.month - 1) // 3 + 1}
    form = ClaimForm(request.GET or None, banks=banks, initial=initial)
    lines, chosen = [], None
    if form.is_valid():
        chosen = form.cleaned_data
        if request.GET.get("format") == "xlsx":
            output, filename = exports.export_claim(
                actor, bank=chosen["bank"], year=chosen["year"], quarter=chosen["quarter"]
            )
            return xlsx_download(output, filename)
        lines = selectors.claim_lines(
            actor, bank_id=chosen["bank"].pk, year=chosen["year"], quarter=chosen["quarter"]
        )
    return render(
        request,
        "finance/claims.html",
        {
            "form": form,
            "lines": lines,
            "chosen": chosen,
            "total_fen": sum(line.period.government_fen for line in lines),
            "query": request.GET.urlencode(),
        },
    )


def talent_loans_panel(actor, talent) -> dict | None:
    """The talent page's loans section (see rencai.talents.panels): the loans the actor may
    see, and a link to apply for one for this talent."""
    loans = list(selectors.loans_for_actor(actor).filter(talent=talent).order_by("-applied_at"))
    may_file = permissions.can_file(actor)
    if not loans and not may_file:
        return None
    return {
        "template": "finance/_talent_loans.html",
        "context": {"loans": loans, "talent": talent, "may_file": may_file},
    }
