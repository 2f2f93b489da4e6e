"""Catalogue pages: policies, benefits, the draft rule editor, publishing, the live count.

Officers read the catalogue; catalogue managers and the owning department edit (403 for
others). The rule editor is a plain form (the JSON textarea works without JavaScript);
`static/policies/rule_editor.js` adds a condition builder over the same textarea, and htmx
asks `rule_count` how many talents the rule selects as it changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.http import http_errors
from rencai.core.permissions import can_see_codes

from .. import amount_forms, permissions, selectors, services
from ..choices import EntitlementState, PolicyCategory, VersionStatus
from ..describe import describe_amount, describe_rule
from ..evaluation import count_rule, rule_errors
from ..facts import CATALOGUE
from ..forms import (
    BenefitForm,
    DraftForm,
    JSONTextField,
    PolicyForm,
    PublishForm,
    apply_errors,
    rule_text,
)
from ..models import Benefit, BenefitVersion
from .editor import editor_facts


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


@require_safe
@login_required
@http_errors
def catalogue(request):
    """Every policy with its benefits; what the user may do on each."""
    _require(permissions.can_read_catalogue(request.user))
    today = clock.today()
    order = {value: i for i, value in enumerate(PolicyCategory.values)}
    policies = sorted(
        selectors.policies_with_benefits(), key=lambda p: order.get(p.category, len(order))
    )
    current = selectors.current_versions(today)
    drafts = set(
        BenefitVersion.objects.filter(status=VersionStatus.DRAFT).values_list(
            "benefit_id", flat=True
        )
    )
    rows = [
        {
            "policy": policy,
            "benefits": [
                {
                    "benefit": b,
                    "current": current.get(b.pk),
                    "has_draft": b.pk in drafts,
                    "can_edit": permissions.can_edit_benefit(request.user, b),
                }
                for b in policy.benefits.all()
            ],
        }
        for policy in policies
    ]
    return render(
        request,
        "policies/catalogue.html",
        {
            "rows": rows,
            "can_manage": permissions.can_manage_catalogue(request.user),
            "can_create_benefit": permissions.can_create_benefit(request.user),
            "advanced": can_see_codes(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def policy_form(request, pk=None):
    """Create a policy, or edit one (catalogue managers)."""
    _require(permissions.can_edit_policy(request.user))
    policy = selectors.get_policy(pk) if pk is not None else None
    initial = model_to_dict(policy) if policy else {}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if policy is None:
                policy = services.create_policy(actor=request.user, fields=form.cleaned_data)
            else:
                policy = services.update_policy(
                    policy, actor=request.user, fields=form.cleaned_data
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The policy was saved."))
            return redirect("policies:catalogue")
    return render(request, "policies/policy_form.html", {"form": form, "policy": policy})


def _benefit_form(request, data, initial, *, benefit: Benefit | None):
    """Department officers pick only their own departments (managers any)."""
    departments = None
    if not permissions.can_manage_catalogue(request.user):
        from rencai.core.choices import Role
        from rencai.core.permissions import roles_of

        from ..forms import departments as all_departments

        own = roles_of(request.user).organisation_ids(Role.DEPARTMENT_OFFICER)
        departments = all_departments().filter(pk__in=sorted(own))
    form = BenefitForm(data, initial=initial, departments_qs=departments)
    if benefit is not None and departments is not None:
        form.fields["owning_department"].disabled = True
    return form


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def benefit_create(request, policy_pk):
    """Add a benefit to a policy: its terms now, its rule in the draft editor next."""
    _require(permissions.can_create_benefit(request.user))
    policy = selectors.get_policy(policy_pk)
    form = _benefit_form(request, request.POST or None, {}, benefit=None)
    if request.method == "POST" and form.is_valid():
        try:
            benefit = services.create_benefit(policy, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The benefit was added: write its rule now."))
            return redirect("policies:benefit-draft", benefit.pk)
    return render(
        request, "policies/benefit_form.html", {"form": form, "policy": policy, "benefit": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def benefit_edit(request, pk):
    benefit = selectors.get_benefit(pk)
    _require(permissions.can_edit_benefit(request.user, benefit))
    form = _benefit_form(request, request.POST or None, model_to_dict(benefit), benefit=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_benefit(benefit, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The benefit was saved."))
            return redirect("policies:benefit-detail", benefit.pk)
    return render(
        request,
        "policies/benefit_form.html",
        {"form": form, "policy": benefit.policy, "benefit": benefit},
    )


def _version_view(version: BenefitVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "version": version,
        "conditions": describe_rule(version.rule, CATALOGUE),
        "amount": describe_amount(version.amount, CATALOGUE),
        "rule_json": rule_text(version.rule),
    }


@require_safe
@login_required
@http_errors
def benefit_detail(request, pk):
    """The benefit: terms, the version in force, the draft, every version, and counts."""
    _require(permissions.can_read_catalogue(request.user))
    benefit = selectors.get_benefit(pk)
    today = clock.today()
    counts = selectors.entitlement_counts(benefit, request.user)
    return render(
        request,
        "policies/benefit_detail.html",
        {
            "benefit": benefit,
            "current": _version_view(selectors.current_version(benefit, today)),
            "draft": _version_view(selectors.draft_of(benefit)),
            "versions": benefit.versions.select_related("published_by").order_by("-number"),
            "counts": [(label, counts.get(value, 0)) for value, label in EntitlementState.choices],
            "can_edit": permissions.can_edit_benefit(request.user, benefit),
            "can_run_outreach": permissions.can_run_outreach(request.user, benefit),
            "can_simulate": permissions.can_simulate(request.user, benefit),
            "publish_form": PublishForm(initial={"effective_from": today}),
            "today": today,
            "exclusive_with": selectors.exclusive_partners(benefit),
            "advanced": can_see_codes(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def benefit_draft(request, pk):
    """The rule editor: the draft's rule, amount and terms (a draft is started on first edit)."""
    benefit = selectors.get_benefit(pk)
    _require(permissions.can_edit_benefit(request.user, benefit))
    draft = selectors.draft_of(benefit)
    source = draft or selectors.latest_published(benefit)
    initial = {name: getattr(source, name) for name in ("rule", "amount", "to_confirm")}
    # A new draft takes effect from today unless the officer says otherwise.
    initial["effective_from"] = draft.effective_from if draft else clock.today()
    initial["note"] = draft.note if draft else ""
    form = DraftForm(request.POST or None, initial=initial)
    # The amount as a form (no money, fixed, a table of rows); a POST without it (an older
    # client) or choosing "written as JSON" keeps the JSON field.
    amount_valid, amount, amount_form, amount_rows = True, None, None, None
    if request.method == "POST" and "amount_form-kind" in request.POST:
        amount_valid, amount, amount_form, amount_rows = amount_forms.posted(request.POST)
    else:
        amount_form, amount_rows = amount_forms.bind(amount=initial["amount"])
    if request.method == "POST" and form.is_valid() and amount_valid:
        fields = dict(form.cleaned_data)
        if amount is not None:
            fields["amount"] = amount
        try:
            services.update_draft(benefit, actor=request.user, fields=fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved. Publish it when it is ready."))
            return redirect("policies:benefit-detail", benefit.pk)
    rule = form.cleaned_data.get("rule") if form.is_bound and form.is_valid() else initial["rule"]
    count = None
    if rule and not rule_errors(rule):
        count = count_rule(rule, clock.today(), actor=request.user)
    return render(
        request,
        "policies/benefit_draft.html",
        {
            "benefit": benefit,
            "draft": draft,
            "form": form,
            "count": count,
            "facts": editor_facts(),
            "conditions": describe_rule(rule, CATALOGUE) if rule else [],
            "amount_form": amount_form,
            "amount_rows": amount_rows,
        },
    )


@require_POST
@login_required
@http_errors
def benefit_publish(request, pk):
    benefit = selectors.get_benefit(pk)
    _require(permissions.can_publish_benefit(request.user, benefit))
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the new version takes effect."))
        return redirect("policies:benefit-detail", benefit.pk)
    try:
        version = services.publish_draft(
            benefit, actor=request.user, effective_from=form.cleaned_data["effective_from"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(n)s is published, in force from %(d)s.")
            % {"n": version.number, "d": version.effective_from.isoformat()},
        )
    return redirect("policies:benefit-detail", benefit.pk)


@require_POST
@login_required
@http_errors
def rule_count(request):
    """htmx: how many of the talents the user sees the posted rule selects (counts only)."""
    _require(permissions.can_count_rule(request.user))
    context: dict = {"errors": [], "count": None, "conditions": []}
    try:
        rule = JSONTextField().clean(request.POST.get("rule", ""))
    except ValidationError as exc:
        context["errors"] = exc.messages
        return render(request, "policies/_rule_count.html", context)
    if rule:
        context["errors"] = rule_errors(rule)
        if not context["errors"]:
            context["count"] = count_rule(rule, clock.today(), actor=request.user)
            context["conditions"] = describe_rule(rule, CATALOGUE)
    return render(request, "policies/_rule_count.html", context)
