"""Events API: /events/ (organisers create and run them; talents see published ones) with
/registrations/, /check-ins/ (a batch: offline scans uploaded later), /picks/ (one's own only)
and /my-matches/. Thin: an input serializer validates, a service acts, an output serializer
renders. Out of scope answers 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from rencai.core.api.pagination import paginated
from rencai.core.api.schema import error_responses
from rencai.core.errors import NotFound, PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.talents.models import Talent

from .. import audience, permissions, selectors, services
from ..models import Match
from . import serializers as s

NOT_FOUND = error_responses(404)
TRANSITIONS = {
    "publish": services.publish_event,
    "cancel": services.cancel_event,
    "close": services.close_event,
    "close_picks": services.close_picks_round,
}


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _row(model, field: str, pk):
    found = model.objects.filter(pk=pk).first() if pk else None
    if pk and found is None:
        raise ValidationError({field: [_("Not found.")]})
    return found


def _my_registration(actor, event):
    registration = selectors.registration_of(selectors.talent_of(actor), event)
    if registration is None or not hasattr(registration, "check_in") or not event.is_mixer:
        raise NotFound(_("You did not take part in this mixer."))
    return registration


@extend_schema_view(retrieve=extend_schema(responses={200: s.EventItemSerializer, **NOT_FOUND}))
class EventViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Events the caller sees: organisers their own, the task force all, talents the published."""

    serializer_class = s.EventItemSerializer

    def get_queryset(self):
        return selectors.events_for_actor(self.request.user).order_by("-starts_at", "pk")

    def get_object(self):
        return selectors.get_event_for_actor(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=s.EventCreateSerializer,
        responses={201: s.EventItemSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        if not permissions.is_organiser_role(request.user):
            raise PermissionDenied(_("Only organisers create events."))
        data = _validated(s.EventCreateSerializer, request.data)
        data["organiser"] = _row(Organisation, "organiser", data.get("organiser"))
        data["division"] = _row(Division, "division", data["division"])
        event = services.create_event(actor=request.user, **data)
        return Response(s.EventItemSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.EventTransitionSerializer,
        responses={200: s.EventItemSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """An organiser's step: publish, cancel, close the event, or close a mixer's picks
        round (matches computed once, revealed together)."""
        event = selectors.get_event_for_actor(request.user, pk)
        if not permissions.can_manage_event(request.user, event):
            raise PermissionDenied(_("You do not organise this event."))
        data = _validated(s.EventTransitionSerializer, request.data)
        TRANSITIONS[data["action"]](event, actor=request.user)
        event.refresh_from_db()
        return Response(s.EventItemSerializer(event).data)

    @extend_schema(responses={200: s.EventAudienceSerializer, **NOT_FOUND})
    @action(detail=True, methods=["get"])
    def audience(self, request, pk=None):
        """Whether the event's audience admits the calling talent, and why not."""
        event = selectors.get_event_for_actor(request.user, pk)
        talent = selectors.talent_of(request.user)
        if talent is None:
            raise NotFound(_("Only a talent has an answer here."))
        found = audience.verdict(event, talent)
        return Response({"admitted": found.admitted, "reasons": [str(r) for r in found.reasons]})

    @extend_schema(
        methods=["GET"], responses={200: s.EventRegistrationSerializer(many=True), **NOT_FOUND}
    )
    @extend_schema(
        methods=["POST"],
        request=s.EventRegisterSerializer,
        responses={201: s.EventRegistrationSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["get", "post"])
    def registrations(self, request, pk=None):
        """Organisers: everyone registered. A talent: their own. POST registers the calling
        talent, or (organisers) the talent named."""
        actor = request.user
        event = selectors.get_event_for_actor(actor, pk)
        manages = permissions.can_manage_event(actor, event)
        if request.method == "GET":
            if manages:
                items = selectors.registrations_of_event(event)
            else:
                talent = selectors.talent_of(actor)
                items = selectors.registrations_of_event(event).filter(
                    talent=talent if talent else None
                )
            return paginated(self, items, s.EventRegistrationSerializer)
        data = _validated(s.EventRegisterSerializer, request.data)
        if data.get("talent"):
            if not manages:
                raise PermissionDenied(_("Only organisers register others."))
            talent = Talent.objects.for_actor(actor).filter(pk=data["talent"]).first()
            if talent is None:
                raise ValidationError({"talent": [_("Not found.")]})
        else:
            talent = selectors.talent_of(actor)
            if talent is None:
                raise ValidationError({"talent": [_("Name the talent to register.")]})
        registration = services.register(event, actor=actor, talent=talent)
        return Response(
            s.EventRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"], responses={200: s.EventCheckInSerializer(many=True), **NOT_FOUND}
    )
    @extend_schema(
        methods=["POST"],
        request=s.CheckInBatchSerializer,
        responses={200: s.CheckInBatchResultSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], url_path="check-ins")
    def check_ins(self, request, pk=None):
        """Check-ins (organisers). POST a batch of scans — each with the id the scanning page
        made, so a scan sent twice counts once; offline scans keep their `scanned_at`."""
        actor = request.user
        event = selectors.get_event_for_actor(actor, pk)
        if not permissions.can_manage_event(actor, event):
            raise PermissionDenied(_("You do not organise this event."))
        if request.method == "GET":
            items = selectors.check_ins_of_event(event).order_by("-scanned_at", "-pk")
            return paginated(self, items, s.EventCheckInSerializer)
        data = _validated(s.CheckInBatchSerializer, request.data)
        results = services.check_in_batch(event, actor=actor, scans=data["scans"])
        return Response(
            s.CheckInBatchResultSerializer(
                {
                    "results": [
                        {
                            "scan_id": r.scan_id,
                            "ok": r.ok,
                            "repeated": r.repeated,
                            "check_in": r.check_in.pk if r.check_in else None,
                            "code": r.code,
                            "message": r.message,
                        }
                        for r in results
                    ]
                }
            ).data
        )

    def _picks_answer(self, event, registration):
        others = [
            {"id": r.pk, "name": r.talent.name}
            for r in selectors.participants(event)
            if r.pk != registration.pk
        ]
        return {
            "pick_limit": event.pick_limit,
            "closed": event.picks_closed,
            "chosen": list(selectors.my_picks(registration).values_list("chosen_id", flat=True)),
            "participants": others,
        }

    @extend_schema(methods=["GET"], responses={200: s.MixerPicksSerializer, **NOT_FOUND})
    @extend_schema(
        methods=["POST"],
        request=s.MixerPicksInSerializer,
        responses={200: s.MixerPicksSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def picks(self, request, pk=None):
        """The caller's own picks at a mixer they attended (nobody else's, ever)."""
        event = selectors.get_event_for_actor(request.user, pk)
        registration = _my_registration(request.user, event)
        if request.method == "POST":
            data = _validated(s.MixerPicksInSerializer, request.data)
            services.set_picks(registration, actor=request.user, chosen=data["chosen"])
            event.refresh_from_db()
        return Response(s.MixerPicksSerializer(self._picks_answer(event, registration)).data)

    @extend_schema(methods=["GET"], responses={200: s.MixerMatchSerializer(many=True), **NOT_FOUND})
    @extend_schema(
        methods=["POST"],
        request=s.MatchConsentSerializer,
        responses={200: s.MixerMatchSerializer(many=True), **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"], url_path="my-matches")
    def my_matches(self, request, pk=None):
        """The caller's own matches once the round closed; the other's mobile once both
        consented. POST consents to share one's own contact on a match."""
        event = selectors.get_event_for_actor(request.user, pk)
        registration = _my_registration(request.user, event)
        if request.method == "POST":
            data = _validated(s.MatchConsentSerializer, request.data)
            match = Match.objects.filter(event=event, pk=data["match"]).first()
            if match is None or registration.pk not in (match.first_id, match.second_id):
                raise ValidationError({"match": [_("Not found.")]})
            services.consent_to_share(match, actor=request.user, registration=registration)
        views = selectors.my_matches(registration) if event.picks_closed else []
        rows = [
            {
                "id": v.match.pk,
                "name": v.other.talent.name,
                "i_consented": v.i_consented,
                "they_consented": v.they_consented,
                "mobile": v.other.talent.mobile if v.contact_shared else "",
            }
            for v in views
        ]
        return paginated(self, rows, s.MixerMatchSerializer)
