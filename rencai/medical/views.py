"""The medical channel's pages: the liaison's day, slots, booking (a talent on the phone, or
a liaison for a talent they found), the appointment and record lists with their exports."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rencai.core import clock
from rencai.core.errors import DomainError, error_text
from rencai.core.forms import WindowFindForm
from rencai.core.http import http_errors, safe_next, see_other
from rencai.core.listfilters import active_filters
from rencai.core.models import Organisation
from rencai.core.xlsx.writing import xlsx_download
from rencai.policies.selectors import benefit_by_code

from . import exports, permissions, selectors, services, workflow
from .forms import (
    ENDED,
    ENDED_STATUSES,
    AppointmentFilterForm,
    CutoffForm,
    RecordFilterForm,
    SlotForm,
    WeeklySlotsForm,
)
from .services.booking import cutoff_of
from .workflow import VISIT_ACTIONS

GREEN_CHANNEL = "green_channel_medical"
BOOKING_DAYS = 30


def require(condition: bool) -> None:
    if not condition:
        raise Forbidden


@login_required
@http_errors
def today(request):
    """The liaison's home in the channel: today's visits, one action per step."""
    actor = request.user
    require(bool(permissions.liaison_hospital_org_ids(actor)))
    day = clock.today()
    visits = [(v, workflow.next_step(v)) for v in selectors.todays_list(actor, day)]
    return render(
        request,
        "medical/today.html",
        {"day": day, "visits": visits, "find_form": WindowFindForm()},
    )


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def find(request):
    """A liaison finds a talent to serve by exact identifiers (POST only: no identifiers in
    URLs), then books for them."""
    actor = request.user
    require(permissions.can_find_talent(actor))
    form = WindowFindForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = services.find_talent(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "medical/find.html", {"form": form, "found": found})


def _booking_talent(request):
    """Who the booking is for: `?talent=` for staff (a talent they see), else the user."""
    raw = request.GET.get("talent") or request.POST.get("talent") or ""
    if raw:
        if not (raw.isascii() and raw.isdigit()):
            raise Http404
        return selectors.get_talent_for_actor(request.user, int(raw))
    talent = selectors.talent_of_user(request.user)
    if talent is None:
        raise Http404
    return talent


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def book(request):
    """Free slots of the next weeks, by hospital; book one for the talent or a family member."""
    actor = request.user
    talent = _booking_talent(request)
    if request.method == "POST":
        try:
            slot = selectors.get_slot(actor, request.POST.get("slot", "0") or "0")
            member = None
            if request.POST.get("beneficiary"):
                member = talent.family.filter(pk=request.POST["beneficiary"]).first()
            appointment = services.book_appointment(
                slot, actor=actor, talent=talent, beneficiary=member
            )
        except (DomainError, ValidationError, ValueError) as exc:
            if getattr(exc, "status", 400) == 404:
                raise
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Booked."))
            return see_other(reverse("medical:appointment-detail", args=[appointment.pk]))
    today_ = clock.today()
    slots = selectors.bookable_slots(actor, on_or_after=today_).filter(
        date__lte=today_ + timedelta(days=BOOKING_DAYS)
    )
    hospital = request.GET.get("hospital", "")
    if hospital.isascii() and hospital.isdigit():
        slots = slots.filter(hospital_id=int(hospital))
    if permissions.liaison_hospital_org_ids(actor) and not permissions.is_talent_self(
        actor, talent
    ):
        slots = slots.filter(
            hospital__organisation_id__in=sorted(permissions.liaison_hospital_org_ids(actor))
        )
    return render(
        request,
        "medical/book.html",
        {
            "talent": talent,
            "for_self": permissions.is_talent_self(actor, talent),
            "family": list(talent.family.all()),
            "hospitals": selectors.hospitals(),
            "hospital": hospital,
            "slots": slots[:100],
        },
    )


def _filtered_appointments(request):
    form = AppointmentFilterForm(request.GET or None)
    qs = selectors.appointments_for_actor(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["date_from"]:
            qs = qs.filter(slot__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(slot__date__lte=data["date_to"])
        if data["completed_from"]:
            qs = qs.filter(completed_at__date__gte=data["completed_from"])
        if data["completed_to"]:
            qs = qs.filter(completed_at__date__lte=data["completed_to"])
        if data["county"]:
            qs = qs.filter(talent__county=data["county"])
        if data["status"] == ENDED:
            qs = qs.filter(status__in=ENDED_STATUSES)
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["hospital"]:
            qs = qs.filter(hospital_id=data["hospital"])
        if data["department"]:
            qs = qs.filter(slot__benefit__owning_department_id=data["department"])
    return form, qs


def _active_filters(form) -> list[str]:
    """The list's filters in force, said in a line (a figure's drill-down lands with them)."""
    if not form.is_bound or not form.is_valid():
        return []
    data = form.cleaned_data
    by_completion = data.get("completed_from") or data.get("completed_to")
    start, end = ("completed_from", "completed_to") if by_completion else ("date_from", "date_to")
    hospital = data.get("hospital") and selectors.hospitals().filter(pk=data["hospital"]).first()
    status = data.get("status") and dict(form.fields["status"].choices).get(data["status"])
    department = (
        data.get("department") and Organisation.objects.filter(pk=data["department"]).first()
    )
    return active_filters(
        start=data.get(start),
        end=data.get(end),
        county=data.get("county"),
        others=[status, hospital, department],
    )


@login_required
@http_errors
def appointment_list(request):
    """The appointments the actor sees (a talent: their own), filtered; `?format=xlsx`."""
    form, qs = _filtered_appointments(request)
    if request.GET.get("format") == "xlsx":
        require(permissions.can_see_channel_lists(request.user))
        export = exports.export_appointments(request.user, qs)
        return xlsx_download(export.file, export.filename)
    page = Paginator(qs.order_by("-slot__date", "-slot__start_time", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "medical/appointment_list.html",
        {
            "form": form,
            "page": page,
            "active_filters": _active_filters(form),
            "hospitals": selectors.hospitals(),
            "can_export": permissions.can_see_channel_lists(request.user),
        },
    )


@login_required
@http_errors
def appointment_detail(request, pk: int):
    actor = request.user
    appointment = selectors.get_appointment(actor, pk)
    may_run = permissions.can_run_visit(actor, appointment)
    may_change = (
        permissions.can_change_booking(actor, appointment)
        and workflow.allowed(appointment, workflow.CANCEL)
        and clock.now() < cutoff_of(appointment.slot, appointment.hospital)
    )
    other_slots = []
    if may_change:
        other_slots = (
            selectors.bookable_slots(actor, on_or_after=clock.today())
            .filter(hospital=appointment.hospital, benefit=appointment.slot.benefit)
            .exclude(pk=appointment.slot_id)[:30]
        )
    return render(
        request,
        "medical/appointment_detail.html",
        {
            "a": appointment,
            "step": workflow.next_step(appointment) if may_run else None,
            "may_no_show": may_run and workflow.allowed(appointment, workflow.NO_SHOW),
            "may_change": may_change,
            "cutoff": cutoff_of(appointment.slot, appointment.hospital),
            "other_slots": other_slots,
        },
    )


@login_required
@http_errors
@require_POST
def appointment_step(request, pk: int):
    """One step of the visit (check in, accompany, complete, no-show) or a cancellation."""
    actor = request.user
    appointment = selectors.get_appointment(actor, pk)
    action = request.POST.get("action", "")
    try:
        if action == workflow.CANCEL:
            services.cancel_appointment(
                appointment, actor=actor, reason=request.POST.get("reason", "")
            )
        elif action == workflow.RESCHEDULE:
            slot = selectors.get_slot(actor, request.POST.get("slot", "0") or "0")
            services.reschedule_appointment(appointment, actor=actor, slot=slot)
        elif action in VISIT_ACTIONS:
            services.run_step(appointment, action, actor=actor)
        else:
            raise Http404
    except (DomainError, ValidationError, ValueError) as exc:
        if getattr(exc, "status", 400) in (403, 404):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Done."))
    return see_other(safe_next(request, reverse("medical:appointment-detail", args=[pk])))


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def slot_list(request):
    """The liaison's hospital: upcoming slots, and the forms to publish and set the cut-off."""
    actor = request.user
    hospitals = list(selectors.liaison_hospitals(actor))
    require(bool(hospitals))
    hospital = hospitals[0]
    single, weekly = SlotForm(prefix="one"), WeeklySlotsForm(prefix="week")
    cutoff = CutoffForm(initial={"cancel_cutoff_hours": hospital.cancel_cutoff_hours})
    if request.method == "POST":
        which = request.POST.get("form")
        form = {"one": SlotForm, "week": WeeklySlotsForm}.get(which)
        if which == "withdraw":
            return _withdraw(request, hospital)
        if which == "cutoff":
            cutoff = CutoffForm(request.POST)
            form_obj = cutoff
        elif form is not None:
            form_obj = form(request.POST, prefix=which)
            if which == "one":
                single = form_obj
            else:
                weekly = form_obj
        else:
            raise Http404
        if form_obj.is_valid():
            data = form_obj.cleaned_data
            try:
                if which == "cutoff":
                    services.set_cancel_cutoff(
                        hospital, actor=actor, hours=data["cancel_cutoff_hours"]
                    )
                else:
                    benefit = benefit_by_code(GREEN_CHANNEL)
                    if benefit is None:
                        raise DomainError(_("The green-channel benefit is not in the catalogue."))
                    if which == "one":
                        services.publish_slot(hospital, actor=actor, benefit=benefit, **data)
                    else:
                        services.publish_weekly_slots(
                            hospital, actor=actor, benefit=benefit, **data
                        )
            except (DomainError, ValidationError) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("Saved."))
                return see_other(reverse("medical:slot-list"))
    slots = (
        selectors.slots_for_actor(actor)
        .filter(hospital=hospital, date__gte=clock.today())
        .order_by("date", "start_time")[:200]
    )
    return render(
        request,
        "medical/slots.html",
        {
            "hospital": hospital,
            "slots": slots,
            "single": single,
            "weekly": weekly,
            "cutoff": cutoff,
        },
    )


def _withdraw(request, hospital):
    try:
        slot = selectors.get_slot(request.user, request.POST.get("slot", "0") or "0")
        if slot.hospital_id != hospital.pk:
            raise Http404
        services.withdraw_slot(slot, actor=request.user, reason=request.POST.get("reason", ""))
    except (DomainError, ValidationError) as exc:
        if getattr(exc, "status", 400) in (403, 404):
            raise
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Slot withdrawn; its bookings were cancelled."))
    return see_other(reverse("medical:slot-list"))


@login_required
@http_errors
def record_list(request):
    """Health records the actor sees: hospital, talent's name, opened on, check-up dates."""
    actor = request.user
    form = RecordFilterForm(request.GET or None)
    qs = selectors.health_records_for_actor(actor)
    if form.is_valid():
        data = form.cleaned_data
        if data["date_from"]:
            qs = qs.filter(opened_on__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(opened_on__lte=data["date_to"])
        if data["county"]:
            qs = qs.filter(talent__county=data["county"])
        if data["hospital"]:
            qs = qs.filter(hospital_id=data["hospital"])
    if request.GET.get("format") == "xlsx":
        require(permissions.can_see_channel_lists(actor))
        export = exports.export_records(actor, qs)
        return xlsx_download(export.file, export.filename)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "medical/record_list.html",
        {
            "form": form,
            "page": page,
            "hospitals": selectors.hospitals(),
            "can_export": permissions.can_see_channel_lists(actor),
        },
    )


def talent_panel(actor, talent):
    """The talent page's green-channel section: visits the viewer may see."""
    visits = list(selectors.appointments_for_actor(actor).filter(talent=talent)[:20])
    records = list(selectors.health_records_for_actor(actor).filter(talent=talent))
    may_book = permissions.may_book_for_others(actor)
    if not visits and not records and not may_book:
        return None
    return {
        "template": "medical/talent_panel.html",
        "context": {"visits": visits, "records": records, "talent": talent, "may_book": may_book},
    }
