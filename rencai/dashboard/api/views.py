"""Open statistics: /api/v1/stats/ and /api/v1/stats/{figure}/ — public, read-only, throttled.

No log-in: the figures are computed city-wide and withheld where a cell is small (see
`rencai.dashboard.stats`), so what anyone may read is the same for everyone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from rencai.core.api.schema import ErrorSerializer, error_responses
from rencai.core.db_routers import reading_from_replica

from .. import stats
from ..stats import published
from .serializers import CatalogueSerializer, StatisticSerializer


class OpenStatisticsThrottle(AnonRateThrottle):
    """Every reader, per address: a generous rate for people, a brake on scrapers."""

    scope = "open_statistics"
    rate = "120/minute"

    def get_rate(self):
        return self.rate


THROTTLED = {
    429: OpenApiResponse(response=ErrorSerializer, description=str(_("Too many requests.")))
}


def _figure_names() -> list[str]:
    return [item.name for item in published.catalogue().figures]


class PublicView(APIView):
    """Credentials are not read at all: everyone is the same anonymous reader (a stale token
    is not refused), and the anonymous throttle applies to every caller."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenStatisticsThrottle]


class StatisticsCatalogueView(PublicView):
    """The figures published for the public, with their unit, period kind and breakdowns."""

    @extend_schema(
        tags=["open statistics"],
        operation_id="stats_list",
        responses={200: CatalogueSerializer, **THROTTLED},
    )
    def get(self, request):
        return Response(CatalogueSerializer(stats.catalogue_entries()).data)


class StatisticView(PublicView):
    """One published figure for a month, quarter or year that has ended: in total, by county,
    or by one of its breakdowns (for the city or one county). Cells resting on fewer records
    than the threshold are withheld (null, `suppressed`), and so are enough others that none
    can be recomputed from the totals."""

    @extend_schema(
        tags=["open statistics"],
        operation_id="stats_retrieve",
        parameters=[
            OpenApiParameter(
                "figure", OpenApiTypes.STR, OpenApiParameter.PATH, enum=_figure_names()
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                required=True,
                pattern=r"^20\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
                description="2022-09 (month), 2022-Q3 (quarter) or 2022 (year).",
            ),
            OpenApiParameter(
                "county",
                OpenApiTypes.STR,
                pattern=r"^\d{6}$",
                description="A county's division code, e.g. 421182.",
            ),
            OpenApiParameter(
                "breakdown",
                OpenApiTypes.STR,
                description="county, or one of the figure's published breakdowns.",
            ),
        ],
        responses={200: StatisticSerializer, **error_responses(400, 404), **THROTTLED},
    )
    @reading_from_replica  # the figure's counts; the throttle, before it, reads the primary
    def get(self, request, figure: str):
        query = request.query_params
        answer = stats.answer(
            figure,
            period=query.get("period", ""),
            county=query.get("county", ""),
            breakdown=query.get("breakdown", ""),
        )
        return Response(StatisticSerializer(answer).data)
