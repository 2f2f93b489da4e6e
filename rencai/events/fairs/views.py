"""Job fairs' pages (phone-friendly): the fair with its enterprises, positions and figures;
positions with filters; a position with its intents; the enterprise contact's positions; the
intents list; the organiser's desk where a walk-in's confirmation is recorded. Lists export to
xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, safe_next, see_other
from rencai.core.money import fen_to_yuan
from rencai.core.xlsx.reading import ImportFileError
from rencai.events.models import Registration
from rencai.events.views.common import xlsx_response
from rencai.talents.models import Talent

from . import exports, permissions, selectors, services
from .choices import IntentStatus, Side
from .forms import (
    EnterpriseForm,
    FairFilterForm,
    ImportForm,
    IntentFilterForm,
    PositionFilterForm,
    PositionForm,
    SeekerCodeForm,
)
from .imports import import_positions
from .models import EmploymentIntent


def require(condition: bool) -> None:
    if not condition:
        raise Forbidden


def _yuan_or_none(fen: int | None):
    return None if fen is None else fen_to_yuan(fen)


def _digits(value: str | None) -> int | None:
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@login_required
@http_errors
def fair_list(request):
    fairs = selectors.fairs_for_actor(request.user).annotate(
        enterprises=Count("fair_enterprises", distinct=True)
    )
    page = Paginator(fairs.order_by("-starts_at", "pk"), 20).get_page(request.GET.get("page"))
    return render(request, "fairs/fair_list.html", {"page": page})


@login_required
@http_errors
def fair_detail(request, pk: int):
    """The fair: its figures, its enterprises, and (for the organiser) adding and importing."""
    actor = request.user
    fair = selectors.get_fair_for_actor(actor, pk)
    participants = (
        selectors.participants_for_actor(actor, fair)
        .annotate(positions_count=Count("positions"))
        .order_by("booth", "organisation__name")
    )
    page = Paginator(participants, 60).get_page(request.GET.get("page"))
    manage = permissions.can_manage_fair(actor, fair)
    return render(
        request,
        "fairs/fair_detail.html",
        {
            "fair": fair,
            "figures": selectors.fair_figures(fair),
            "page": page,
            "manage": manage,
            "enterprise_form": EnterpriseForm() if manage else None,
            "import_form": ImportForm() if manage else None,
        },
    )


@login_required
@http_errors
@require_POST
def fair_add_enterprise(request, pk: int):
    fair = selectors.get_fair_for_actor(request.user, pk)
    require(permissions.can_manage_fair(request.user, fair))
    form = EnterpriseForm(request.POST)
    if form.is_valid():
        try:
            services.add_enterprise(
                fair,
                form.cleaned_data["organisation"],
                actor=request.user,
                booth=form.cleaned_data["booth"],
            )
        except (DomainError, ValidationError) as exc:
            if getattr(exc, "status", 400) == 403:
                raise
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Enterprise added."))
    else:
        messages.error(request, _("Choose an enterprise."))
    return see_other(reverse("fairs:fair-detail", args=[fair.pk]))


@login_required
@http_errors
@require_POST
def fair_import(request, pk: int):
    """The organiser's xlsx of positions: all or nothing; the errors listed by row."""
    fair = selectors.get_fair_for_actor(request.user, pk)
    require(permissions.can_manage_fair(request.user, fair))
    form = ImportForm(request.POST, request.FILES)
    errors: list = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_positions(fair, upload, actor=request.user, filename=upload.name)
        except ImportFileError as exc:
            messages.error(request, error_text(exc))
        else:
            if result.ok:
                messages.success(
                    request, _("%(count)s positions imported.") % {"count": result.created}
                )
                return see_other(reverse("fairs:fair-detail", args=[fair.pk]))
            errors = result.errors
    return render(
        request,
        "fairs/import_result.html",
        {"fair": fair, "form": form, "errors": errors[:1000], "more": max(len(errors) - 1000, 0)},
        status=400,
    )


def _filtered_positions(request, open_only: bool = False):
    actor = request.user
    form = PositionFilterForm(request.GET or None)
    qs = selectors.positions_for_actor(actor)
    fair_id = _digits(request.GET.get("fair"))
    qs = qs.filter(selectors.fair_q(form.fair_filters(fair_id), "participant__fair"))
    if open_only:
        qs = qs.filter(is_open=True)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
        if data["degree"]:
            qs = qs.filter(degree=data["degree"])
        if data["county"]:
            qs = qs.filter(county=data["county"])
        if data["enterprise"]:
            qs = qs.filter(participant__organisation=data["enterprise"])
    return form, qs


@login_required
@http_errors
def position_list(request, open_only: bool = False):
    """Positions of the fairs the user may see, by degree, county, enterprise and the fair's
    county and day (`open_only` from the URL: the open positions the figures count); xlsx."""
    form, qs = _filtered_positions(request, open_only)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_positions(request.user, qs))
    page = Paginator(qs.order_by("participant__organisation__name", "title", "pk"), 30).get_page(
        request.GET.get("page")
    )
    places = qs.aggregate(places=Sum("headcount"))["places"] or 0
    return render(
        request,
        "fairs/position_list.html",
        {"form": form, "page": page, "places": places, "open_only": open_only},
    )


@login_required
@http_errors
def enterprise_list(request):
    """The enterprises taking part in the fairs the user may see, by the fair's county and
    day (the enterprises figure's drill-down); xlsx."""
    form = FairFilterForm(request.GET or None)
    filters = form.fair_filters(_digits(request.GET.get("fair")))
    qs = selectors.search_participants(request.user, filters).order_by(
        "-fair__starts_at", "organisation__name", "pk"
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_participants(request.user, qs))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "fairs/enterprise_list.html", {"form": form, "page": page})


@login_required
@http_errors
def seeker_list(request, which: str):
    """The seekers checked in at (or with an intent confirmed at) the fairs the organiser runs,
    each once, by the fair's county and day (the seekers figures' drill-downs); xlsx."""
    actor = request.user
    require(permissions.sees_every_fair(actor) or bool(permissions.organiser_ids(actor)))
    form = FairFilterForm(request.GET or None)
    filters = form.fair_filters(_digits(request.GET.get("fair")))
    qs = selectors.search_seekers(actor, filters, which)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_seekers(actor, qs, which))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "fairs/seeker_list.html",
        {"form": form, "page": page, "with_intent": which == selectors.SEEKERS_WITH_INTENT},
    )


@login_required
@http_errors
def position_detail(request, pk: int):
    """A position: what it offers, and the intents on it the user may see (the seeker by name
    only); a talent proposes, the enterprise proposes to a registered seeker by their code."""
    actor = request.user
    position = selectors.get_position_for_actor(actor, pk)
    intents = selectors.intents_for_actor(actor).filter(position=position)
    talent = Talent.objects.filter(user=actor).first() if actor.is_authenticated else None
    mine = intents.filter(talent=talent).first() if talent else None
    acts_for_enterprise = permissions.can_act_for_side(
        actor, Side.ENTERPRISE, position=position, talent=None
    )
    return render(
        request,
        "fairs/position_detail.html",
        {
            "position": position,
            "intents": [(i, _actions(actor, i)) for i in intents[:200]],
            "talent": talent,
            "mine": mine,
            "can_propose": talent is not None and mine is None and position.is_open,
            "acts_for_enterprise": acts_for_enterprise,
            "code_form": SeekerCodeForm(initial={"position": position.pk}),
            "can_edit": permissions.can_edit_position(actor, position.participant),
        },
    )


def _actions(actor, intent: EmploymentIntent) -> list[tuple[str, str]]:
    """(action, label) the actor may take on the intent now."""
    if intent.status != IntentStatus.PROPOSED:
        return []
    result = []
    talent, position = intent.talent, intent.position
    if permissions.is_talent_self(actor, talent) and not intent.confirmed_by(Side.SEEKER):
        result.append(("confirm-seeker", _("Confirm")))
    if not intent.confirmed_by(Side.ENTERPRISE) and permissions.can_act_for_side(
        actor, Side.ENTERPRISE, position=position, talent=talent
    ):
        result.append(("confirm-enterprise", _("Confirm for the enterprise")))
    if (
        not intent.confirmed_by(Side.SEEKER)
        and talent.user_id is None
        and permissions.can_confirm_at_desk(actor, position.participant.fair)
    ):
        result.append(("confirm-desk", _("Record the seeker's confirmation")))
    if permissions.is_talent_self(actor, talent) or permissions.can_act_for_side(
        actor, Side.ENTERPRISE, position=position, talent=talent
    ):
        result.append(("decline", _("Decline")))
    return result


@login_required
@http_errors
@require_POST
def position_propose(request, pk: int):
    """A talent proposes for themself; the enterprise (or the organiser at the desk) for a
    registered seeker named by their registration code."""
    actor = request.user
    position = selectors.get_position_for_actor(actor, pk)
    code = (request.POST.get("code") or "").strip()
    try:
        if code:
            registration = Registration.objects.filter(
                event_id=position.participant.fair_id, code=code
            ).first()
            if registration is None:
                raise ValidationError(_("No registration with this code at this fair."))
            desk = request.POST.get("desk") == "1"
            services.propose_intent(
                position,
                talent=registration.talent,
                side=Side.SEEKER if desk else Side.ENTERPRISE,
                actor=actor,
                at_desk=desk,
            )
        else:
            talent = Talent.objects.filter(user=actor).first()
            if talent is None:
                raise Http404
            services.propose_intent(position, talent=talent, side=Side.SEEKER, actor=actor)
    except (DomainError, ValidationError) as exc:
        if getattr(exc, "status", 400) in (403, 404):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Intent proposed."))
    return see_other(reverse("fairs:position-detail", args=[position.pk]))


@login_required
@http_errors
@require_POST
def intent_action(request, pk: int, action: str):
    actor = request.user
    intent = selectors.get_intent_for_actor(actor, pk)
    try:
        if action == "confirm-seeker":
            services.confirm_intent(intent, side=Side.SEEKER, actor=actor)
        elif action == "confirm-enterprise":
            services.confirm_intent(intent, side=Side.ENTERPRISE, actor=actor)
        elif action == "confirm-desk":
            services.confirm_at_desk(intent, actor=actor)
        elif action == "decline":
            side = (
                Side.SEEKER if permissions.is_talent_self(actor, intent.talent) else Side.ENTERPRISE
            )
            services.decline_intent(intent, side=side, actor=actor)
        else:
            raise Http404
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return see_other(
        safe_next(request, reverse("fairs:position-detail", args=[intent.position_id]))
    )


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def position_form(request, pk: int | None = None):
    """Post a position (`?participant=`) or edit one: the organiser or the enterprise."""
    actor = request.user
    if pk is not None:
        position = selectors.get_position_for_actor(actor, pk)
        participant = position.participant
    else:
        position = None
        participant_id = _digits(request.GET.get("participant") or request.POST.get("participant"))
        participant = selectors.participants_for_actor(actor).filter(pk=participant_id).first()
        if participant is None:
            raise Http404
    require(permissions.can_edit_position(actor, participant))
    initial = {}
    if position is not None:
        initial = {
            "title": position.title,
            "headcount": position.headcount,
            "salary_min": _yuan_or_none(position.salary_min_fen),
            "salary_max": _yuan_or_none(position.salary_max_fen),
            "degree": position.degree,
            "county": position.county,
            "description": position.description,
        }
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if position is None:
                position = services.post_position(participant, actor=actor, **fields)
            else:
                if fields["county"] is None:
                    fields.pop("county")
                position = services.update_position(position, actor=actor, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Position saved."))
            return see_other(reverse("fairs:position-detail", args=[position.pk]))
    return render(
        request,
        "fairs/position_form.html",
        {"form": form, "participant": participant, "position": position},
    )


@login_required
@http_errors
def my_positions(request):
    """The enterprise contact's positions at every fair, with their intents' counts."""
    actor = request.user
    require(bool(permissions.contact_organisation_ids(actor)))
    positions = (
        selectors.managed_positions(actor)
        .filter(
            participant__organisation_id__in=sorted(permissions.contact_organisation_ids(actor))
        )
        .annotate(
            pending=Count("intents", filter=Q(intents__status=IntentStatus.PROPOSED)),
            confirmed=Count("intents", filter=Q(intents__status=IntentStatus.CONFIRMED)),
        )
        .order_by("-participant__fair__starts_at", "title", "pk")
    )
    participants = selectors.participants_for_actor(actor).filter(
        organisation_id__in=sorted(permissions.contact_organisation_ids(actor))
    )
    page = Paginator(positions, 30).get_page(request.GET.get("page"))
    return render(request, "fairs/my_positions.html", {"page": page, "participants": participants})


@login_required
@http_errors
def intent_list(request):
    """The intents the user may see (a talent: their own); `?format=xlsx`."""
    actor = request.user
    form = IntentFilterForm(request.GET or None)
    qs = selectors.intents_for_actor(actor)
    if form.is_valid() and form.cleaned_data["status"]:
        qs = qs.filter(status=form.cleaned_data["status"])
    fair_id = _digits(request.GET.get("fair"))
    if fair_id:
        qs = qs.filter(position__participant__fair_id=fair_id)
    if request.GET.get("format") == "xlsx":
        require(permissions.is_fair_staff(actor))
        return xlsx_response(exports.export_intents(actor, qs))
    page = Paginator(qs.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "fairs/intent_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(i, _actions(actor, i)) for i in page.object_list],
            "can_export": permissions.is_fair_staff(actor),
        },
    )


@login_required
@http_errors
@require_http_methods(["GET"])
def desk(request, pk: int):
    """The organiser's desk at the fair: a walk-in without an account shows their registration
    code; the organiser finds their intents and records the seeker's confirmation."""
    actor = request.user
    fair = selectors.get_fair_for_actor(actor, pk)
    require(permissions.can_confirm_at_desk(actor, fair))
    code = (request.GET.get("code") or "").strip()[:16]
    registration = None
    intents: list = []
    if code:
        registration = (
            Registration.objects.filter(event=fair, code=code).select_related("talent").first()
        )
        if registration is None:
            messages.error(request, _("No registration with this code at this fair."))
        else:
            intents = [
                (i, _actions(actor, i))
                for i in selectors.intents_for_actor(actor).filter(
                    talent=registration.talent, position__participant__fair=fair
                )
            ]
    positions = selectors.positions_for_actor(actor).filter(participant__fair=fair, is_open=True)
    return render(
        request,
        "fairs/desk.html",
        {
            "fair": fair,
            "code": code,
            "registration": registration,
            "intents": intents,
            "positions": positions[:300] if registration else [],
        },
    )


@login_required
@http_errors
@require_POST
def desk_propose(request, pk: int):
    """At the desk: a walk-in confirms an intent on a position they choose; the organiser
    records it (the enterprise confirms its side on its own)."""
    actor = request.user
    fair = selectors.get_fair_for_actor(actor, pk)
    require(permissions.can_confirm_at_desk(actor, fair))
    code = (request.POST.get("code") or "").strip()[:16]
    position = (
        selectors.positions_for_actor(actor)
        .filter(participant__fair=fair, pk=_digits(request.POST.get("position")))
        .first()
    )
    registration = Registration.objects.filter(event=fair, code=code).first()
    if position is None or registration is None:
        raise Http404
    try:
        services.propose_intent(
            position, talent=registration.talent, side=Side.SEEKER, actor=actor, at_desk=True
        )
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The seeker's confirmation is recorded."))
    return see_other(f"{reverse('fairs:desk', args=[fair.pk])}?code={registration.code}")
