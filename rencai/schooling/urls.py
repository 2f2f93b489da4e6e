"""Schooling pages (/schooling/…) and the talent's own (/my/schooling/). The API lives in
`rencai.schooling.api.urls`."""

from django.urls import path

from . import views

urlpatterns = [
    path("schooling/cases/", views.case_list, name="schooling-case-list"),
    path("schooling/cases/export.xlsx", views.case_export, name="schooling-case-export"),
    path("schooling/cases/<int:pk>/", views.case_detail, name="schooling-case-detail"),
    path(
        "schooling/cases/<int:pk>/do/<slug:action>/",
        views.case_action,
        name="schooling-case-action",
    ),
    path("my/schooling/", views.my_schooling, name="my-schooling"),
]
