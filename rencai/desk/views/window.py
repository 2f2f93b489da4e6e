"""The window (一窗通办): a clerk serves a walk-in on one page, built for speed.

Type the identity number: a complete, valid number looks itself up (htmx; Enter or "Find"
work too, and without JavaScript). Found: the talent (masked) and every benefit with its
outcome, amount, conditions to confirm and documents. Not found: an inline registration
form prefilled with the typed number, whose benefit list updates as the clerk types. One
button per benefit confirms everything listed, opens the case, ticks the originals as seen,
accepts it and — where the clerk may approve — approves it: each step its own audited
service, called in sequence. Then the receipt (HTML, and PDF to print).

Typed identifiers are only ever POSTed: they never reach a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError
from rencai.core.errors import PermissionDenied as DomainPermissionDenied
from rencai.core.http import http_errors, see_other
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import OUTCOME_ORDER
from rencai.policies.models import Benefit
from rencai.policies.pack import HELD, BenefitOutcome, evaluate_benefit, policy_pack
from rencai.talents import permissions as talent_permissions
from rencai.talents.actions import actions_for
from rencai.talents.choices import IdType
from rencai.talents.identity import parse_id
from rencai.talents.models import Talent
from rencai.talents.selectors import get_talent_for_actor
from rencai.talents.services import registry

from .. import permissions, selectors, services, workflow
from ..errors import DuplicateApplication
from ..forms import WalkInForm, WindowLookupForm, add_domain_error
from ..models import Application
from ..selectors import document_code
from ..steps import first_step
from .common import flash_error, require

ALL = "all"  # confirm every condition, every original seen; accept; approve where allowed
TICKED = "ticked"  # only what the clerk ticked; the case page takes it on from there


@dataclass
class WindowItem:
    """One benefit on the window's list: its outcome and what the clerk can do with it."""

    outcome: BenefitOutcome
    documents: list[tuple[str, str]]
    clerk_may_approve: bool
    case: Application | None = None

    @property
    def benefit(self) -> Benefit:
        return self.outcome.benefit

    @property
    def startable(self) -> bool:
        return self.outcome.is_open and not self.benefit.no_application


def _service_point(actor) -> Organisation | None:
    points = sorted(roles_of(actor).organisation_ids(Role.WINDOW_CLERK))
    return Organisation.objects.select_related("division").filter(pk__in=points[:1]).first()


def _items(outcomes: list[BenefitOutcome], cases: dict[int, Application]) -> list[WindowItem]:
    items = []
    for outcome in outcomes:
        benefit = outcome.benefit
        items.append(
            WindowItem(
                outcome=outcome,
                documents=[(document_code(str(d)), str(d)) for d in benefit.documents or []],
                clerk_may_approve=first_step(benefit).clerk_may_approve,
                case=cases.get(benefit.pk) if outcome.outcome == HELD else None,
            )
        )
    return items


def talent_items(actor, talent: Talent) -> list[WindowItem]:
    """The talent's policy pack as the window shows it, with the clerk's live cases."""
    pack = policy_pack(talent.pk, clock.today())
    live = selectors.applications_for_actor(actor).filter(
        talent=talent, state__in=[*workflow.UNDECIDED_STATES, workflow.A.APPROVED]
    )
    return _items(pack.items, {case.benefit_id: case for case in live})


def preview_items(form: WalkInForm) -> list[WindowItem] | None:
    """Every benefit in force for the person being registered, from what is typed so far."""
    draft = form.draft_talent()
    if draft is None:
        return None
    today = clock.today()
    outcomes = [
        evaluate_benefit(draft, current.benefit, current.version, today, [])
        for current in policy_selectors.current_benefits(today)
    ]
    outcomes.sort(key=lambda item: OUTCOME_ORDER.index(item.outcome))
    return _items(outcomes, {})


def _context(request, **extra) -> dict:
    actor = request.user
    context = {
        "service_point": _service_point(actor),
        "find_form": WindowLookupForm(),
        "talent": None,
        "items": None,
        "matches": None,
        "walk_in_form": None,
        "draft": None,
    }
    context.update(extra)
    return context


def _render(request, context: dict, *, partial: bool = False):
    template = "desk/_window_result.html" if partial else "desk/window.html"
    return render(request, template, context)


def _talent_context(actor, talent: Talent) -> dict:
    return {
        "talent": talent,
        "age": talent.age_on(clock.today()),
        "items": talent_items(actor, talent),
        "talent_actions": actions_for(actor, talent),
    }


def _walk_in_context(form: WalkInForm) -> dict:
    draft = form.draft_talent()
    return {
        "walk_in_form": form,
        "draft": draft,
        "draft_age": draft.age_on(clock.today()) if draft else None,
        "items": preview_items(form),
    }


# --- find ---------------------------------------------------------------------------------


def _complete_id_number(value: str) -> bool:
    try:
        parse_id(IdType.RIC, value, today=clock.today())
    except ValidationError:
        return False
    return True


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def window(request):
    """The window page. GET: the empty find form. POST: find (in place, or as an htmx
    fragment; `auto=1` is the lookup that fires while typing, only for a complete number)."""
    actor = request.user
    require(talent_permissions.can_find_at_window(actor))
    if request.method != "POST":
        return _render(request, _context(request))
    partial = bool(getattr(request, "htmx", False))
    form = WindowLookupForm(request.POST)
    if not form.is_valid():
        return _render(request, _context(request, find_form=form), partial=partial)
    data = form.cleaned_data
    id_number = data["id_number"].strip()
    if request.POST.get("auto") and not _complete_id_number(id_number):
        return HttpResponse(status=204)  # still typing: leave the page as it is
    try:
        matches = registry.find_for_window(
            actor=actor,
            id_number=id_number,
            mobile=data["mobile"].strip(),
            name=data["name"].strip(),
            birth_date=data["birth_date"],
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return _render(request, _context(request, find_form=form), partial=partial)
    # Found: the box starts empty for the next person (the number stays off the page).
    context = _context(request, find_form=WindowLookupForm() if matches else form, matches=matches)
    if len(matches) == 1:
        context.update(_talent_context(actor, matches[0]))
    elif not matches:
        initial = {
            "id_number": id_number,
            "mobile": data["mobile"].strip(),
            "name": data["name"].strip(),
        }
        walk_in = WalkInForm(initial=initial, service_point=context["service_point"])
        form.fields["id_number"].widget.attrs.pop("autofocus", None)  # the name is next
        context.update(_walk_in_context(walk_in))
    return _render(request, context, partial=partial)


@login_required
@never_cache
@require_safe
@http_errors
def window_talent(request, pk: int):
    """The talent being served (found or registered today), with their benefits."""
    actor = request.user
    require(talent_permissions.can_find_at_window(actor))
    talent = get_talent_for_actor(actor, pk)
    return _render(request, _context(request, **_talent_context(actor, talent)))


# --- register a walk-in -------------------------------------------------------------------


@login_required
@never_cache
@require_POST
def window_preview(request):
    """The benefit list for the person being registered (htmx, as the clerk types)."""
    require(talent_permissions.can_find_at_window(request.user))
    form = WalkInForm(request.POST, service_point=_service_point(request.user))
    context = {**_walk_in_context(form), "mode": "new"}
    return render(request, "desk/_window_benefits.html", context)


@login_required
@never_cache
@require_POST
def window_register(request):
    """Register the walk-in; with a benefit's button, start (and approve) its case too."""
    actor = request.user
    require(talent_permissions.can_find_at_window(actor))
    point = _service_point(actor)
    form = WalkInForm(request.POST, service_point=point)
    if "check" in request.POST or not form.is_valid():
        return _render(request, _context(request, **_walk_in_context(form)))
    try:
        talent = registry.register_talent(actor=actor, fields=form.talent_fields())
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
        return _render(request, _context(request, **_walk_in_context(form)))
    except (DomainPermissionDenied, Conflict) as exc:
        add_domain_error(form, exc)
        return _render(request, _context(request, **_walk_in_context(form)))
    messages.success(request, _("Registered %(name)s.") % {"name": talent.name})
    choice = _start_choice(request)
    if choice is None:
        return see_other(reverse("desk:window-talent", args=[talent.pk]))
    return _start(request, talent, *choice)


# --- start a case -------------------------------------------------------------------------


def _start_choice(request) -> tuple[int, str] | None:
    """The benefit button pressed: "<benefit pk>:all" or "<benefit pk>:ticked"."""
    value = request.POST.get("start", "")
    pk, _sep, mode = value.partition(":")
    if not (pk.isascii() and pk.isdigit()) or mode not in (ALL, TICKED):
        return None
    return int(pk), mode


@login_required
@never_cache
@require_POST
@http_errors
def window_start(request, pk: int):
    actor = request.user
    require(talent_permissions.can_find_at_window(actor))
    talent = get_talent_for_actor(actor, pk)
    choice = _start_choice(request)
    if choice is None:
        raise Http404
    return _start(request, talent, *choice)


@dataclass(frozen=True)
class StartChoice:
    """What the clerk's button says about one benefit: confirmed, seen, submitted or not."""

    confirmed: list[str]
    seen: list[str]
    submit: bool
    account: str


def _choice(request, benefit: Benefit, mode: str) -> StartChoice:
    version = policy_selectors.current_version(benefit, clock.today())
    to_confirm = [str(c) for c in (version.to_confirm if version else [])]
    codes = [document_code(str(d)) for d in benefit.documents or []]
    if mode == ALL:
        confirmed, seen = to_confirm, codes
    else:
        confirmed = request.POST.getlist(f"confirm-{benefit.pk}")
        seen = [c for c in request.POST.getlist(f"seen-{benefit.pk}") if c in codes]
    account = request.POST.get(f"account-{benefit.pk}", "").strip()
    return StartChoice(confirmed, seen, set(to_confirm) <= set(confirmed), account)


def _start(request, talent: Talent, benefit_pk: int, mode: str):
    """Open the case, tick the originals, accept, approve: each service audited on its own.

    A refusal after the case is open leaves it where it got to (e.g. accepted, waiting for
    the department when the budget is short) and says why.
    """
    actor = request.user
    benefit = Benefit.objects.filter(pk=benefit_pk).first()
    if benefit is None:
        raise Http404
    choice = _choice(request, benefit, mode)
    try:
        case = services.open_application(
            talent,
            benefit,
            actor=actor,
            confirmed=choice.confirmed,
            payee_account=choice.account,
            submit=choice.submit,
        )
    except DomainError as exc:
        return _refused_opening(request, talent, exc)
    detail = reverse("desk:application-detail", args=[case.pk])
    try:
        for code in choice.seen:
            services.mark_document_seen(case, actor=actor, code=code)
        if mode == ALL:
            case = _accept_and_approve(actor, case)
    except DomainError as exc:
        flash_error(request, exc)
        return see_other(detail)
    if mode == ALL:
        messages.success(request, _started_message(case))
        return see_other(reverse("desk:receipt", args=[case.pk]))
    messages.success(request, _("Case #%(id)s opened.") % {"id": case.public_number})
    return see_other(detail)


def _refused_opening(request, talent: Talent, exc: DomainError):
    """Back to the talent with the reasons; to the live case, if the clerk may see it."""
    flash_error(request, exc)
    existing = (
        getattr(exc, "application_id", None) if isinstance(exc, DuplicateApplication) else None
    )
    if existing and selectors.applications_for_actor(request.user).filter(pk=existing).exists():
        return see_other(reverse("desk:application-detail", args=[existing]))
    return see_other(reverse("desk:window-talent", args=[talent.pk]))


def _accept_and_approve(actor, case: Application) -> Application:
    if "accept" in permissions.allowed_actions(actor, case):
        case = services.accept_application(case, actor=actor)
    if "approve" in permissions.allowed_actions(actor, case):
        case = services.approve_application(case, actor=actor)
    return case


def _started_message(case: Application) -> str:
    params = {"id": case.public_number, "state": case.get_state_display()}
    return _("Case #%(id)s: %(state)s.") % params
