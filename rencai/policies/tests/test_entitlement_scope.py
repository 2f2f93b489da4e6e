"""Entitlements are scoped per entitlement (ROLES.md): a department officer sees those of the
benefits their department owns, for talents they see through a record of their own, never
another department's; a pending 免申即享 entitlement found by outreach opens no one."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_talent, make_user
from rencai.policies import services
from rencai.policies.choices import EntitlementSource
from rencai.talents.models import Talent

from .factories import make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def ledger():
    """A talent holding a housing benefit and a human-resources one."""
    housing, hrss = make_department("housing"), make_department("hrss")
    talent = make_talent(county=make_county("421121", "团风县"))
    ours = services.record_entitlement(talent, make_benefit(owning_department=housing), actor=None)
    theirs = services.record_entitlement(talent, make_benefit(owning_department=hrss), actor=None)
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    return talent, ours, theirs, officer


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_department_officer_sees_only_their_departments_entitlements(ledger):
    talent, ours, theirs, officer = ledger
    client = _api(officer)

    listed = client.get("/api/v1/entitlements/").json()["results"]

    assert [row["id"] for row in listed] == [ours.pk]
    assert client.get(f"/api/v1/entitlements/{ours.pk}/").status_code == 200
    assert client.get(f"/api/v1/entitlements/{theirs.pk}/").status_code == 404


def test_county_officer_sees_every_entitlement_of_their_countys_talents(ledger):
    talent, ours, theirs, _officer = ledger
    county_officer = make_user(role=Role.COUNTY_OFFICER, division=talent.county)

    listed = _api(county_officer).get("/api/v1/entitlements/").json()["results"]

    assert {row["id"] for row in listed} == {ours.pk, theirs.pk}


def test_department_officer_entitlement_pages_hide_other_departments(client, ledger):
    talent, ours, theirs, officer = ledger
    client.force_login(officer)

    listing = client.get(reverse("policies:entitlement-list"))
    page = client.get(reverse("talents:detail", args=[talent.pk]))

    assert client.get(reverse("policies:entitlement-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("policies:entitlement-detail", args=[ours.pk])).status_code == 200
    assert list(listing.context["entitlements"]) == [ours]
    assert theirs.benefit.name not in page.content.decode()
    assert ours.benefit.name in page.content.decode()


def test_benefit_page_counts_only_the_entitlements_the_officer_sees(client, ledger):
    talent, ours, _theirs, _officer = ledger
    elsewhere = make_talent(county=make_county("421182", "武穴市"))
    services.record_entitlement(elsewhere, ours.benefit, actor=None)
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=talent.county))
    own_county = dict(
        client.get(reverse("policies:benefit-detail", args=[ours.benefit.pk])).context["counts"]
    )
    client.force_login(make_user(role=Role.TASK_FORCE))
    city = dict(
        client.get(reverse("policies:benefit-detail", args=[ours.benefit.pk])).context["counts"]
    )

    assert sum(own_county.values()) == 1
    assert sum(city.values()) == 2


def test_a_pending_outreach_entitlement_alone_opens_no_talent_to_the_department():
    housing = make_department("housing")
    automatic = make_benefit(owning_department=housing, no_application=True)
    found = make_talent()
    applied = make_talent()
    services.record_entitlement(found, automatic, actor=None, source=EntitlementSource.OUTREACH)
    services.record_entitlement(applied, automatic, actor=None, source=EntitlementSource.OFFICER)
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)

    visible = set(Talent.objects.for_actor(officer))

    assert found not in visible
    assert applied in visible
