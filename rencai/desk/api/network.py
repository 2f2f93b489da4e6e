"""Desk API: the service network (/service-points/): each service point's directory entry —
address, hours, telephone, the benefits it handles and its other services. Read by anyone
signed in (filter by `county` and `need`); changed (PATCH) by the city administrator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.serializers import DivisionRefSerializer
from rencai.core.api.views import query_params, referenced
from rencai.core.errors import NotFound
from rencai.policies.api.serializers import BenefitRefSerializer
from rencai.policies.models import Benefit

from .. import selectors
from ..models import ServicePointEntry
from ..services.directory import save_directory_entry


class ServicePointSerializer(serializers.ModelSerializer):
    """A service point (its organisation's id and name) with its directory entry."""

    id = serializers.IntegerField(source="organisation_id", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    kind = serializers.CharField(source="organisation.service_point_kind", read_only=True)
    kind_label = serializers.CharField(
        source="organisation.get_service_point_kind_display", read_only=True
    )
    county = DivisionRefSerializer(source="organisation.division", read_only=True)
    benefits = BenefitRefSerializer(many=True, read_only=True)
    services = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ServicePointEntry
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "county",
            "address",
            "hours",
            "telephone",
            "benefits",
            "services",
            "illustrative",
        ]
        read_only_fields = fields


class ServicePointQuerySerializer(serializers.Serializer):
    county = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The county (division id) the point is in.")
    )
    need = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_("A benefit's code, or one of the services the points list."),
    )


class ServicePointInputSerializer(serializers.Serializer):
    address = serializers.CharField(required=False, max_length=200)
    hours = serializers.CharField(required=False, max_length=200)
    telephone = serializers.CharField(required=False, max_length=30)
    services = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=30
    )
    illustrative = serializers.BooleanField(required=False)
    benefits = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=100,
        help_text=_("Ids of the benefits the point handles (replaces the list)."),
    )


@extend_schema(tags=["service-points"])
class ServicePointViewSet(viewsets.GenericViewSet):
    """The directory of service points (服务网点)."""

    serializer_class = ServicePointSerializer
    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return ServicePointEntry.objects.none()  # the schema's model; reads go through selectors

    @extend_schema(
        parameters=[ServicePointQuerySerializer],
        responses={200: ServicePointSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        params = query_params(request, ServicePointQuerySerializer)
        entries = selectors.directory(
            selectors.DirectoryFilters(county=params.get("county"), need=params.get("need", ""))
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(ServicePointSerializer(page, many=True).data)

    @extend_schema(responses={200: ServicePointSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        return Response(ServicePointSerializer(selectors.get_directory_entry(pk)).data)

    @extend_schema(
        request=ServicePointInputSerializer,
        responses={200: ServicePointSerializer, **error_responses(400, 403, 404)},
        description="Change a point's directory entry (city administrator; audited).",
    )
    def partial_update(self, request, pk=None):
        entry = selectors.get_directory_entry(pk)
        serializer = ServicePointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        benefits = None
        if "benefits" in data:
            ids = sorted(set(data.pop("benefits")))
            found = list(Benefit.objects.filter(pk__in=ids))
            if len(found) != len(ids):
                referenced("benefits", _missing)
            benefits = found
        entry = save_directory_entry(
            entry.organisation, actor=request.user, benefits=benefits, **data
        )
        entry = selectors.get_directory_entry(entry.organisation_id)
        return Response(ServicePointSerializer(entry).data)


def _missing():
    raise NotFound(_("Not found."))
