"""Campaign pages (/campaigns/…). The API lives in `rencai.campaigns.api.urls`."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="detail"),
    path("campaigns/<int:pk>/actions/add/", views.action_add, name="action-add"),
    path("campaigns/indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("campaigns/indicators/<int:pk>/report/", views.indicator_report, name="indicator-report"),
    path("campaigns/indicators/<int:pk>/status/", views.indicator_status, name="indicator-status"),
    path("campaigns/reports/", views.report_list, name="report-list"),
    path("campaigns/reports/<int:pk>/decide/", views.report_decide, name="report-decide"),
    path("campaigns/units/<int:pk>/plan/", views.unit_plan, name="unit-plan"),
    path("campaigns/units/<int:pk>/plan/file/", views.unit_plan_file, name="unit-plan-file"),
    path("campaigns/reports/<int:pk>/evidence/", views.report_evidence, name="report-evidence"),
    path("campaigns/<int:pk>/bulletins/", views.bulletin_list, name="bulletins"),
    path("campaigns/<int:pk>/bulletins/issue/", views.bulletin_issue, name="bulletin-issue"),
    path("campaigns/bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path(
        "campaigns/bulletins/<int:pk>/bulletin.docx",
        views.bulletin_download,
        {"fmt": "docx"},
        name="bulletin-docx",
    ),
    path(
        "campaigns/bulletins/<int:pk>/bulletin.pdf",
        views.bulletin_download,
        {"fmt": "pdf"},
        name="bulletin-pdf",
    ),
    path("campaigns/<int:pk>/assessments/", views.assessment_list, name="assessments"),
    path("campaigns/<int:pk>/assessments/issue/", views.assessment_issue, name="assessment-issue"),
    path("campaigns/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("campaigns/<int:pk>/supervision/", views.supervision, name="supervision"),
    path("campaigns/<int:pk>/supervision/visit/", views.visit_record, name="visit-record"),
    path(
        "campaigns/rectifications/<int:pk>/done/",
        views.rectification_done,
        name="rectification-done",
    ),
    path(
        "campaigns/assessments/<int:pk>/adjust/",
        views.assessment_adjust,
        name="assessment-adjust",
    ),
]
