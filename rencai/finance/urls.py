"""Finance pages (/loans/…). The API lives in `rencai.finance.api.urls`."""

from django.urls import path

from . import views

urlpatterns = [
    path("loans/", views.loan_list, name="finance-loan-list"),
    path("loans/new/", views.loan_apply, name="finance-loan-apply"),
    path("loans/claims/", views.claims, name="finance-claims"),
    path("loans/<int:pk>/", views.loan_detail, name="finance-loan-detail"),
    path("loans/<int:pk>/reveal/", views.loan_reveal, name="finance-loan-reveal"),
    path("loans/<int:pk>/do/<slug:action>/", views.loan_action, name="finance-loan-action"),
]
