"""Medical API: /hospitals/, /slots/, /appointments/ (the visit's steps as actions),
/health-records/. Thin: an input serializer validates, a service acts, an output serializer
renders. Out of scope answers 404; a full slot or a passed cut-off 409."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.core.errors import DomainError, NotFound, PermissionDenied
from rencai.policies.selectors import benefit_by_code
from rencai.talents.models import FamilyMember

from .. import permissions, selectors, services, workflow
from . import serializers as s

GREEN_CHANNEL = "green_channel_medical"
NOT_FOUND = error_responses(404)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _referenced(field: str, load):
    """The row a body names by id; missing or out of scope is a 400 naming the field (the
    URL itself was found), not a 404."""
    try:
        return load()
    except NotFound:
        raise ValidationError({field: [_("Not found.")]}) from None


def _managed_hospital(actor, pk):
    hospital = selectors.get_hospital(pk)
    if not permissions.can_manage_hospital(actor, hospital):
        raise PermissionDenied(_("Only the hospital's liaison publishes its slots."))
    return hospital


def _green_channel():
    benefit = benefit_by_code(GREEN_CHANNEL)
    if benefit is None:
        raise DomainError(
            _("The green-channel benefit is not in the catalogue."), code="benefit_missing"
        )
    return benefit


@extend_schema_view(retrieve=extend_schema(responses={200: s.HospitalSerializer, **NOT_FOUND}))
class HospitalViewSet(viewsets.ReadOnlyModelViewSet):
    """The designated hospitals (public to signed-in users: no personal data)."""

    serializer_class = s.HospitalSerializer

    def get_queryset(self):
        return selectors.hospitals()

    @extend_schema(
        request=s.HospitalCutoffSerializer,
        responses={200: s.HospitalSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="cutoff")
    def cutoff(self, request, pk=None):
        hospital = _managed_hospital(request.user, pk)
        data = _validated(s.HospitalCutoffSerializer, request.data)
        hospital = services.set_cancel_cutoff(
            hospital, actor=request.user, hours=data["cancel_cutoff_hours"]
        )
        return Response(s.HospitalSerializer(hospital).data)


@extend_schema_view(
    list=extend_schema(parameters=[s.SlotQuerySerializer]),
    retrieve=extend_schema(responses={200: s.SlotSerializer, **NOT_FOUND}),
)
class SlotViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Slots (no personal data); a hospital's liaison publishes them, singly or weekly."""

    serializer_class = s.SlotSerializer

    def get_queryset(self):
        qs = selectors.slots_for_actor(self.request.user).order_by("date", "start_time", "pk")
        if self.action == "list":
            hospital = query_params(self.request, s.SlotQuerySerializer).get("hospital")
            if hospital:
                qs = qs.filter(hospital_id=hospital)
        return qs

    @extend_schema(
        request=s.SlotCreateSerializer,
        responses={201: s.SlotSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(s.SlotCreateSerializer, request.data)
        hospital = _referenced("hospital", lambda: selectors.get_hospital(data.pop("hospital")))
        if not permissions.can_manage_hospital(request.user, hospital):
            raise PermissionDenied(_("Only the hospital's liaison publishes its slots."))
        slot = services.publish_slot(hospital, actor=request.user, benefit=_green_channel(), **data)
        return Response(s.SlotSerializer(slot).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.WeeklySlotsSerializer,
        responses={201: s.SlotSerializer(many=True), **error_responses(400, 403, 404, 409)},
    )
    @action(detail=False, methods=["post"], url_path="weekly")
    def weekly(self, request):
        data = _validated(s.WeeklySlotsSerializer, request.data)
        hospital = _referenced("hospital", lambda: selectors.get_hospital(data.pop("hospital")))
        if not permissions.can_manage_hospital(request.user, hospital):
            raise PermissionDenied(_("Only the hospital's liaison publishes its slots."))
        slots = services.publish_weekly_slots(
            hospital, actor=request.user, benefit=_green_channel(), **data
        )
        return Response(s.SlotSerializer(slots, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SlotWithdrawSerializer,
        responses={200: s.SlotSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the slot back: its bookings are cancelled and their talents told."""
        slot = selectors.get_slot(request.user, pk)
        data = _validated(s.SlotWithdrawSerializer, request.data)
        slot = services.withdraw_slot(slot, actor=request.user, reason=data["reason"])
        return Response(s.SlotSerializer(slot).data)


def _step_action(name: str):
    def endpoint(self, request, pk=None):
        appointment = selectors.get_appointment(request.user, pk)
        done = services.run_step(appointment, name, actor=request.user)
        return Response(s.AppointmentSerializer(done).data)

    endpoint.__name__ = name
    endpoint = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(endpoint)
    return extend_schema(
        request=s.AppointmentStepSerializer,
        responses={200: s.AppointmentSerializer, **error_responses(403, 404, 409)},
    )(endpoint)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.AppointmentSerializer, **NOT_FOUND}),
)
class AppointmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Green-channel appointments the caller may see; POST books one (for yourself, or for
    a talent you serve), and the visit's steps are actions."""

    serializer_class = s.AppointmentSerializer

    def get_queryset(self):
        qs = selectors.appointments_for_actor(self.request.user).order_by(
            "-slot__date", "-slot__start_time", "-pk"
        )
        if self.action == "list":
            data = query_params(self.request, s.AppointmentQuerySerializer)
            if data.get("date_from"):
                qs = qs.filter(slot__date__gte=data["date_from"])
            if data.get("date_to"):
                qs = qs.filter(slot__date__lte=data["date_to"])
            if data.get("status"):
                qs = qs.filter(status=data["status"])
            if data.get("hospital"):
                qs = qs.filter(hospital_id=data["hospital"])
        return qs

    @extend_schema(parameters=[s.AppointmentQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.AppointmentCreateSerializer,
        responses={201: s.AppointmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(s.AppointmentCreateSerializer, request.data)
        actor = request.user
        slot = _referenced("slot", lambda: selectors.get_slot(actor, data["slot"]))
        if data.get("talent"):
            talent = _referenced(
                "talent", lambda: selectors.get_talent_for_actor(actor, data["talent"])
            )
        else:
            talent = selectors.talent_of_user(actor)
            if talent is None:
                raise ValidationError({"talent": [_("Name the talent you book for.")]})
        member = None
        if data.get("beneficiary"):
            member = FamilyMember.objects.filter(pk=data["beneficiary"], talent=talent).first()
            if member is None:
                raise ValidationError({"beneficiary": [_("Not found.")]})
        appointment = services.book_appointment(
            slot, actor=actor, talent=talent, beneficiary=member
        )
        return Response(s.AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    check_in = _step_action(workflow.CHECK_IN)
    accompany = _step_action(workflow.ACCOMPANY)
    complete = _step_action(workflow.COMPLETE)
    no_show = _step_action(workflow.NO_SHOW)

    @extend_schema(
        request=s.AppointmentCancelSerializer,
        responses={200: s.AppointmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        appointment = selectors.get_appointment(request.user, pk)
        data = _validated(s.AppointmentCancelSerializer, request.data)
        done = services.cancel_appointment(
            appointment, actor=request.user, reason=data.get("reason", "")
        )
        return Response(s.AppointmentSerializer(done).data)

    @extend_schema(
        request=s.AppointmentRescheduleSerializer,
        responses={200: s.AppointmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        appointment = selectors.get_appointment(request.user, pk)
        data = _validated(s.AppointmentRescheduleSerializer, request.data)
        slot = _referenced("slot", lambda: selectors.get_slot(request.user, data["slot"]))
        done = services.reschedule_appointment(appointment, actor=request.user, slot=slot)
        return Response(s.AppointmentSerializer(done).data)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.HealthRecordSerializer, **NOT_FOUND}),
)
class HealthRecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """That a talent has a health record at a hospital, when opened, and check-up dates."""

    serializer_class = s.HealthRecordSerializer

    def get_queryset(self):
        return selectors.health_records_for_actor(self.request.user)

    @extend_schema(
        request=s.HealthRecordCreateSerializer,
        responses={201: s.HealthRecordSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(s.HealthRecordCreateSerializer, request.data)
        talent = _referenced(
            "talent", lambda: selectors.get_talent_for_actor(request.user, data["talent"])
        )
        hospital = _referenced("hospital", lambda: selectors.get_hospital(data["hospital"]))
        record = services.open_health_record(
            talent, hospital, actor=request.user, on=data.get("opened_on")
        )
        return Response(s.HealthRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.HealthRecordCheckupSerializer,
        responses={200: s.HealthRecordSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def checkups(self, request, pk=None):
        record = selectors.get_health_record(request.user, pk)
        data = _validated(s.HealthRecordCheckupSerializer, request.data)
        services.record_checkup(record, actor=request.user, on=data["date"])
        return Response(
            s.HealthRecordSerializer(selectors.get_health_record(request.user, pk)).data
        )
