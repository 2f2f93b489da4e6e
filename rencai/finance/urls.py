"""Finance pages (/loans/…). The API lives in `rencai.finance.api.urls`."""

from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("loans/", views.loan_list, name="loan-list"),
    path("loans/new/", views.loan_apply, name="loan-apply"),
    path("loans/claims/", views.claims, name="claims"),
    path("loans/<int:pk>/", views.loan_detail, name="loan-detail"),
    path("loans/<int:pk>/reveal/", views.loan_reveal, name="loan-reveal"),
    path("loans/<int:pk>/do/<slug:action>/", views.loan_action, name="loan-action"),
]
