"""Desk pages: the window, cases, queue, report, ledger (/desk/…) and self-service (/my/…).
The API lives in `rencai.desk.api.urls`."""

from django.urls import path

from .views import cases, network, payments, queue, receipts, reports, selfservice, window

app_name = "desk"

urlpatterns = [
    # The window (clerks).
    path("desk/window/", window.window, name="window"),
    path("desk/window/preview/", window.window_preview, name="window-preview"),
    path("desk/window/register/", window.window_register, name="window-register"),
    path("desk/window/talents/<int:pk>/", window.window_talent, name="window-talent"),
    path("desk/window/talents/<int:pk>/start/", window.window_start, name="window-start"),
    # Cases.
    path("desk/cases/", cases.case_list, name="application-list"),
    path("desk/cases/<int:pk>/", cases.case_detail, name="application-detail"),
    path("desk/cases/<int:pk>/receipt/", receipts.receipt, name="receipt"),
    path("desk/cases/<int:pk>/receipt.pdf", receipts.receipt_pdf, name="receipt-pdf"),
    path(
        "desk/cases/<int:pk>/do/<slug:action>/",
        cases.case_action,
        name="application-action",
    ),
    path(
        "desk/cases/<int:pk>/documents/<slug:code>/upload/",
        cases.document_upload,
        name="document-upload",
    ),
    path(
        "desk/cases/<int:pk>/documents/<slug:code>/seen/",
        cases.document_seen,
        name="document-seen",
    ),
    path(
        "desk/cases/<int:pk>/documents/<slug:code>/",
        cases.document_download,
        name="document-download",
    ),
    # Departments, finance, the task force.
    path("desk/queue/", queue.queue, name="queue"),
    path("desk/report/", reports.report, name="report"),
    path("desk/disbursements/", payments.ledger, name="ledger"),
    path("desk/disbursements/export.xlsx", payments.ledger_export, name="ledger-export"),
    # The service network: where to go (anyone signed in).
    path("service-points/", network.service_points, name="service-point-list"),
    # Self-service (talents).
    path("my/applications/", selfservice.my_applications, name="my-applications"),
    path("my/applications/<int:pk>/", selfservice.my_application, name="my-application-detail"),
    path("my/apply/", selfservice.my_apply, name="my-apply"),
    path("my/apply/<int:benefit_pk>/", selfservice.my_apply_benefit, name="my-apply-benefit"),
]
