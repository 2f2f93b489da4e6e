from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("config.api_urls")),
    path("", include("rencai.core.urls")),
    path("", include("rencai.talents.urls")),
    path("", include("rencai.policies.urls")),
    path("", include("rencai.desk.urls")),
    path("", include("rencai.medical.urls")),
    path("", include("rencai.schooling.urls")),
    path("", include("rencai.housing.urls")),
    path("", include("rencai.finance.urls")),
    path("", include("rencai.events.urls")),
    path("", include("rencai.events.fairs.urls")),
    path("", include("rencai.engagement.urls")),
    path("", include("rencai.projects.urls")),
    path("", include("rencai.campaigns.urls")),
    path("", include("rencai.dashboard.urls")),
]
if settings.RENCAI_BENCH_VIEWS:  # the load test's ceiling (bench/load.py); off by default
    urlpatterns.append(path("", include("config.bench_urls")))

handler404 = "rencai.core.views.not_found"
handler403 = "rencai.core.views.permission_denied"
handler500 = "rencai.core.views.server_error"
