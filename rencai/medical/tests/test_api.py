"""The medical API: booking with the rule's reasons, the visit's steps as actions, scoping."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rencai.core.tests.factories import make_card, make_talent
from rencai.medical.choices import AppointmentStatus

from .factories import make_card_holder, make_hospital, make_slot, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_booking_through_the_api_is_refused_with_the_reason_then_allowed_with_a_card():
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_talent()
    api = api_for(make_talent_user(talent))

    refused = api.post("/api/v1/appointments/", {"slot": slot.pk}, format="json")
    make_card(talent, valid_from=timezone.localdate() - timedelta(days=1))
    booked = api.post("/api/v1/appointments/", {"slot": slot.pk}, format="json")

    assert refused.status_code == 400
    assert refused.json()["code"] == "not_eligible"
    assert refused.json()["fields"]["eligibility"]
    assert booked.status_code == 201
    assert booked.json()["status"] == AppointmentStatus.BOOKED


def test_the_liaison_runs_the_visit_through_actions(mid_morning):
    hospital = make_hospital()
    slot = make_slot(hospital)
    talent = make_card_holder()
    pk = api_for(talent.user).post("/api/v1/appointments/", {"slot": slot.pk}).json()["id"]
    mid_morning.shift(timedelta(days=1))
    api = api_for(hospital.liaison)

    for path in ("check-in", "accompany", "complete"):
        response = api.post(f"/api/v1/appointments/{pk}/{path}/")
        assert response.status_code == 200, response.json()

    assert response.json()["status"] == AppointmentStatus.FULFILLED
    again = api.post(f"/api/v1/appointments/{pk}/complete/")
    assert again.status_code == 409


def test_lists_are_scoped_and_name_talents_without_identity_numbers():
    mine, theirs = make_hospital(), make_hospital()
    a, b = make_card_holder(), make_card_holder()
    api_for(a.user).post("/api/v1/appointments/", {"slot": make_slot(mine).pk})
    other = api_for(b.user).post("/api/v1/appointments/", {"slot": make_slot(theirs).pk}).json()
    api = api_for(mine.liaison)

    listed = api.get("/api/v1/appointments/").json()

    assert [r["talent_name"] for r in listed["results"]] == [a.name]
    assert a.id_number not in str(listed)
    assert api.get(f"/api/v1/appointments/{other['id']}/").status_code == 404
    assert api.get("/api/v1/hospitals/").json()["count"] == 2
    assert api.get("/api/v1/health-records/").status_code == 200


def test_the_liaison_publishes_slots_and_another_hospital_may_not():
    hospital, other = make_hospital(), make_hospital()
    make_slot(hospital)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    body = {
        "hospital": hospital.pk,
        "service": "体检中心",
        "kind": "checkup",
        "date": day,
        "start_time": "08:00",
        "end_time": "09:00",
        "capacity": 4,
    }

    created = api_for(hospital.liaison).post("/api/v1/slots/", body, format="json")
    forbidden = api_for(other.liaison).post("/api/v1/slots/", body, format="json")

    assert created.status_code == 201
    assert forbidden.status_code == 403


@pytest.mark.parametrize("pk", ["abc", "0", str(2**63), "1e400"])
def test_an_id_that_names_no_row_answers_404_not_500(pk):
    hospital = make_hospital()
    api = api_for(hospital.liaison)

    for path in ("hospitals", "slots", "appointments", "health-records"):
        assert api.get(f"/api/v1/{path}/{pk}/").status_code == 404
    assert api.post(f"/api/v1/appointments/{pk}/cancel/").status_code == 404
    answer = api.post("/api/v1/appointments/", {"slot": pk})
    assert answer.status_code == 400
    assert "slot" in answer.json()["fields"]
