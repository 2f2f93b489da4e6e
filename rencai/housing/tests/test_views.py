"""Housing pages: the bureau's lists and actions, the talent's apply page and offer answer,
published results without names, and scope (another county's records answer 404)."""

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_city, make_county, make_user
from rencai.housing import selectors, services
from rencai.housing.choices import HousingApplicationState, TenancyState, UnitState
from rencai.housing.models import HousingApplication

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def _housed(h):
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    return services.accept_offer(offer, actor=application.talent.user)


def test_the_bureau_sees_its_pages(client):
    h = Housing()
    tenancy = _housed(h)
    client.force_login(h.officer)

    for url in [
        reverse("core:home"),
        reverse("housing:unit-list"),
        reverse("housing:unit-detail", args=[tenancy.unit_id]),
        reverse("housing:application-list"),
        reverse("housing:application-detail", args=[tenancy.application_id]),
        reverse("housing:round-list"),
        reverse("housing:round-detail", args=[tenancy.offer.round_id]),
        reverse("housing:round-results", args=[tenancy.offer.round_id]),
        reverse("housing:tenancy-list"),
        reverse("housing:tenancy-detail", args=[tenancy.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_home_shows_the_bureau_panel(client):
    h = Housing()
    h.unit()
    client.force_login(h.officer)

    response = client.get(reverse("core:home"))

    assert b"home-housing-bureau" in response.content


def test_another_countys_bureau_gets_404_for_a_tenancy(client):
    h = Housing()
    tenancy = _housed(h)
    other = Housing(county=make_county("421182", "武穴市"))
    client.force_login(other.officer)

    assert client.get(reverse("housing:tenancy-detail", args=[tenancy.pk])).status_code == 404
    assert client.get(reverse("housing:unit-detail", args=[tenancy.unit_id])).status_code == 404
    listed = client.get(reverse("housing:unit-list"))
    assert str(tenancy.unit).encode() not in listed.content


def test_a_talent_cannot_open_the_bureau_lists(client):
    h = Housing()
    talent = h.talent()
    client.force_login(talent.user)

    assert client.get(reverse("housing:unit-list")).status_code == 403


def test_a_talent_applies_on_the_apply_page(client):
    h = Housing()
    talent = h.talent()
    client.force_login(talent.user)

    page = client.get(reverse("housing:apply"))
    undeclared = client.post(reverse("housing:apply"), {"county": h.county.pk, "household_size": 2})
    response = client.post(
        reverse("housing:apply"), {"county": h.county.pk, "household_size": 2, "confirm": "on"}
    )

    assert page.status_code == 200
    assert undeclared.status_code == 200  # the declaration is required
    assert response.status_code == 303
    application = HousingApplication.objects.get(talent=talent)
    assert application.state == HousingApplicationState.WAITING
    assert application.explanation["confirmed"] == ["本人及配偶在黄冈市无自有住房"]
    mine = client.get(reverse("housing:mine"))
    assert str(application).encode() in mine.content


def test_a_talent_accepts_an_offer_on_their_page(client):
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    client.force_login(application.talent.user)

    response = client.post(reverse("housing:offer-answer", args=[offer.pk, "accept"]))

    assert response.status_code == 303
    assert application.talent.tenancies.get().state == TenancyState.ACTIVE


def test_published_results_carry_no_names(client):
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    client.force_login(make_user(role=Role.TALENT))

    response = client.get(reverse("housing:round-results", args=[round_.pk]))

    assert response.status_code == 200
    assert str(application).encode() in response.content
    assert application.talent.name.encode() not in response.content


def test_the_bureau_moves_a_tenant_out_from_the_tenancy_page(client):
    h = Housing()
    tenancy = _housed(h)
    client.force_login(h.officer)

    response = client.post(
        reverse("housing:tenancy-move-out", args=[tenancy.pk]),
        {"inspection_result": "good", "note": "完好"},
    )

    assert response.status_code == 303
    tenancy.unit.refresh_from_db()
    assert tenancy.unit.state == UnitState.READY


def test_lists_export_to_xlsx_and_are_audited(client):
    h = Housing()
    _housed(h)
    client.force_login(h.officer)

    for name in ("housing:unit-list", "housing:application-list", "housing:tenancy-list"):
        response = client.get(reverse(name), {"format": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action__startswith="housing.export_").count() == 3


def test_the_task_force_and_the_city_bureau_see_every_county(client):
    h = Housing()
    tenancy = _housed(h)
    city_bureau = Housing(county=make_city()).officer

    for viewer in (make_user(role=Role.TASK_FORCE), city_bureau):
        assert selectors.tenancies_for_actor(viewer).filter(pk=tenancy.pk).exists()
        assert selectors.units_for_actor(viewer).filter(pk=tenancy.unit_id).exists()
        assert selectors.applications_for_actor(viewer).count() == 1


def test_published_results_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    h = Housing()
    for _ in range(8):
        h.applicant()
    round_ = h.closed_round()
    for _ in range(3):
        services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    client.force_login(h.officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("housing:round-results", args=[round_.pk]))

    assert response.status_code == 200


def test_the_bureau_adds_an_apartment_on_its_page(client):
    h = Housing()
    client.force_login(h.officer)

    page = client.get(reverse("housing:unit-add"))
    response = client.post(
        reverse("housing:unit-add"),
        {
            "building": h.building.pk,
            "number": "0808",
            "rooms": 2,
            "floor_area": "70.00",
            "furnished": "on",
            "monthly_rent": "1000.00",
            "rent_share": "free",
            "fit_out_started_on": "2022-09-12",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 303
    unit = h.building.units.get(number="0808")
    assert unit.state == UnitState.FITTING_OUT
    assert unit.monthly_rent_fen == 100_000


def test_a_county_officer_may_not_add_apartments(client):
    h = Housing()
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=h.county))

    assert client.get(reverse("housing:unit-add")).status_code == 403


def test_a_talent_withdraws_from_their_page(client):
    h = Housing()
    application = h.applicant()
    client.force_login(application.talent.user)

    response = client.post(
        reverse("housing:application-withdraw", args=[application.pk]),
        {"next": reverse("housing:mine")},
    )

    application.refresh_from_db()
    assert response.status_code == 303
    assert application.state == HousingApplicationState.WITHDRAWN
