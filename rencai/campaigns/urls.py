"""Campaign pages (/campaigns/…). The API lives in `rencai.campaigns.api.urls`."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="detail"),
    path("campaigns/indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("campaigns/indicators/<int:pk>/report/", views.indicator_report, name="indicator-report"),
    path("campaigns/indicators/<int:pk>/status/", views.indicator_status, name="indicator-status"),
    path("campaigns/reports/<int:pk>/decide/", views.report_decide, name="report-decide"),
    path("campaigns/units/<int:pk>/plan/", views.unit_plan, name="unit-plan"),
]
