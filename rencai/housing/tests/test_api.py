"""Housing through the API: a talent applies, follows their place, accepts an offer; the
bureau moves them out; another county answers 404; a second application 409."""

import pytest
from rest_framework.test import APIClient

from rencai.core.tests.factories import make_county
from rencai.housing import services

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_talent_applies_follows_and_accepts_through_the_api():
    h = Housing()
    talent = h.talent()
    api = client_for(talent.user)

    created = api.post(
        "/api/v1/housing-applications/", {"county": h.county.pk, "household_size": 2}
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    round_ = h.closed_round()
    unit = h.unit()
    services.allocate_unit(unit, round_=round_, actor=h.officer)

    place = api.get(f"/api/v1/housing-applications/{pk}/place/")
    offers = api.get(f"/api/v1/housing-applications/{pk}/offers/")
    accepted = api.post(f"/api/v1/housing-applications/{pk}/accept-offer/")

    assert place.json()["frozen"]["position"] == 1
    assert offers.json()[0]["unit_id"] == unit.pk
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["state"] == "active"
    assert accepted.json()["monthly_rent"] == "1200.00"
    mine = api.get("/api/v1/tenancies/")
    assert mine.json()["count"] == 1


def test_a_second_application_is_409():
    h = Housing()
    talent = h.talent()
    api = client_for(talent.user)
    body = {"county": h.county.pk, "household_size": 1}
    api.post("/api/v1/housing-applications/", body)

    second = api.post("/api/v1/housing-applications/", body)

    assert second.status_code == 409
    assert second.json()["code"] == "conflict"


def test_the_bureau_moves_out_and_the_apartment_is_ready_again():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    tenancy = services.accept_offer(offer, actor=application.talent.user)
    api = client_for(h.officer)

    response = api.post(f"/api/v1/tenancies/{tenancy.pk}/move-out/", {"inspection_result": "good"})
    unit = api.get(f"/api/v1/apartments/{tenancy.unit_id}/")

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "ended"
    assert unit.json()["state"] == "ready"


def test_another_countys_bureau_gets_404_and_the_talent_may_not_move_out():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    tenancy = services.accept_offer(offer, actor=application.talent.user)
    other = Housing(county=make_county("421182", "武穴市"))

    foreign = client_for(other.officer).get(f"/api/v1/tenancies/{tenancy.pk}/")
    own = client_for(application.talent.user).post(
        f"/api/v1/tenancies/{tenancy.pk}/move-out/", {"inspection_result": "good"}
    )

    assert foreign.status_code == 404
    assert own.status_code == 403


def test_the_bureau_adds_an_apartment_and_another_county_cannot():
    h = Housing()
    other = Housing(county=make_county("421182", "武穴市"))
    body = {
        "building": h.building.pk,
        "number": "1801",
        "rooms": 2,
        "floor_area": "82.50",
        "monthly_rent": "1500.00",
        "rent_share": "reduced",
        "talent_rent": "500.00",
        "fit_out_started_on": "2022-09-09",
    }

    created = client_for(h.officer).post("/api/v1/apartments/", body)
    refused = client_for(other.officer).post("/api/v1/apartments/", body)
    bad_share = client_for(h.officer).post(
        "/api/v1/apartments/", {**body, "number": "1802", "talent_rent": "1500.00"}
    )

    assert created.status_code == 201, created.json()
    assert created.json()["state"] == "fitting_out"
    assert created.json()["talent_rent"] == "500.00"
    assert refused.status_code == 404
    assert bad_share.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/apartments/null/state/",
        "/api/v1/housing-applications/x/decline-offer/",
        "/api/v1/tenancies/null/move-out/",
        "/api/v1/tenancies/99999999999999999999999/renew/",
    ],
)
def test_a_malformed_id_is_not_found_not_a_server_error(path):
    h = Housing()

    response = client_for(h.officer).post(path, {})

    assert response.status_code == 404
