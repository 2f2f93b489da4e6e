"""The effect of a draft on today's registry: who newly qualifies, who loses, what it costs.

`benefit_simulation` shows the saved draft against the version in force (a page, or the
htmx partial the benefit page loads); `simulation_preview` simulates the rule and amount
being edited in the rule editor before they are saved. Counts only: no one's data.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rencai.core.http import http_errors

from .. import amount_forms, permissions, selectors
from ..evaluation import amount_errors, rule_errors
from ..forms import JSONTextField
from ..simulation import simulate


def _benefit_for(request, pk):
    benefit = selectors.get_benefit(pk)
    if not permissions.can_simulate(request.user, benefit):
        raise Forbidden
    return benefit


@require_safe
@login_required
@http_errors
def benefit_simulation(request, pk):
    """The saved draft against the version in force, by county and tier."""
    benefit = _benefit_for(request, pk)
    draft = selectors.draft_of(benefit)
    context = {
        "benefit": benefit,
        "draft": draft,
        "simulation": simulate(benefit, actor=request.user)
        if draft is not None and draft.rule
        else None,
    }
    template = "policies/_simulation.html" if request.htmx else "policies/simulation.html"
    return render(request, template, context)


@require_POST
@login_required
@http_errors
def simulation_preview(request, pk):
    """htmx: the rule and amount in the editor (not yet saved) against the version in force."""
    benefit = _benefit_for(request, pk)
    errors: list[str] = []
    try:
        rule = JSONTextField(required=False).clean(request.POST.get("rule", ""))
        amount = JSONTextField(required=False).clean(request.POST.get("amount", ""))
        if "amount_form-kind" in request.POST:  # the editor's amount form, unless "JSON"
            valid, from_form, _form, _rows = amount_forms.posted(request.POST)
            if not valid:
                raise ValidationError(_("Correct the amount first."))
            amount = from_form if from_form is not None else amount
    except ValidationError as exc:
        errors = list(exc.messages)
    else:
        errors = (rule_errors(rule) if rule else []) + amount_errors(amount or {"kind": "none"})
    simulation = None
    if not errors and rule:
        simulation = simulate(
            benefit, actor=request.user, rule=rule, amount=amount or {"kind": "none"}
        )
    return render(
        request,
        "policies/_simulation.html",
        {"benefit": benefit, "simulation": simulation, "errors": errors, "preview": True},
    )
