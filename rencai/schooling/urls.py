"""Schooling pages (/schooling/…) and the talent's own (/my/schooling/). The API lives in
`rencai.schooling.api.urls`."""

from django.urls import path

from . import views

app_name = "schooling"

urlpatterns = [
    path("schooling/cases/", views.case_list, name="case-list"),
    path("schooling/cases/export.xlsx", views.case_export, name="case-export"),
    path("schooling/cases/<int:pk>/", views.case_detail, name="case-detail"),
    path(
        "schooling/cases/<int:pk>/do/<slug:action>/",
        views.case_action,
        name="case-action",
    ),
    path("my/schooling/", views.my_schooling, name="my-schooling"),
]
