"""Catalogue, rule editor and simulation, entitlements, outreach, policy packs, handbook."""

from django.urls import path

from .views import catalogue, entitlements, handbook, outreach, pack, simulation

app_name = "policies"

urlpatterns = [
    path("handbook/", handbook.handbook, name="handbook"),
    path("policies/", catalogue.catalogue, name="catalogue"),
    path("policies/new/", catalogue.policy_form, name="create"),
    path("policies/<int:pk>/edit/", catalogue.policy_form, name="edit"),
    path("policies/<int:policy_pk>/benefits/new/", catalogue.benefit_create, name="benefit-create"),
    path("benefits/rule-count/", catalogue.rule_count, name="benefit-rule-count"),
    path("benefits/<int:pk>/", catalogue.benefit_detail, name="benefit-detail"),
    path("benefits/<int:pk>/edit/", catalogue.benefit_edit, name="benefit-edit"),
    path("benefits/<int:pk>/draft/", catalogue.benefit_draft, name="benefit-draft"),
    path("benefits/<int:pk>/publish/", catalogue.benefit_publish, name="benefit-publish"),
    path("benefits/<int:pk>/simulate/", simulation.benefit_simulation, name="benefit-simulation"),
    path(
        "benefits/<int:pk>/simulate/preview/",
        simulation.simulation_preview,
        name="benefit-simulation-preview",
    ),
    path("outreach/", outreach.outreach_list, name="outreach-list"),
    path("outreach/notices/", outreach.notice_list, name="notice-list"),
    path("outreach/start/", outreach.outreach_start, name="outreach-start"),
    path("outreach/<int:pk>/", outreach.outreach_detail, name="outreach-detail"),
    path("pack/", pack.my_pack, name="pack-mine"),
    path("talents/<int:pk>/pack/", pack.talent_pack, name="talent-pack"),
    path("talents/<int:pk>/pack.docx", pack.talent_pack_docx, name="talent-pack-docx"),
    path("entitlements/", entitlements.entitlement_list, name="entitlement-list"),
    path("entitlements/import/", entitlements.entitlement_import, name="entitlement-import"),
    path(
        "entitlements/import/template.xlsx",
        entitlements.import_template,
        name="entitlement-import-template",
    ),
    path("entitlements/<int:pk>/", entitlements.entitlement_detail, name="entitlement-detail"),
    path(
        "talents/<int:talent_pk>/entitlements/new/",
        entitlements.entitlement_record,
        name="entitlement-record",
    ),
]
