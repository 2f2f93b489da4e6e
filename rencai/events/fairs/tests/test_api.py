"""The job fairs API: an intent proposed by a talent and confirmed by the enterprise through
the API; another enterprise's intents are not found; positions filter and take yuan."""

import pytest

from rencai.core.tests.clients import api_client
from rencai.events.fairs.choices import IntentStatus
from rencai.events.fairs.models import EmploymentIntent, Position

from .factories import make_fair, make_participant, make_position, make_seeker

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def fair():
    return make_fair()


def test_a_talent_proposes_and_the_enterprise_confirms_through_the_api(fair):
    participant = make_participant(fair)
    position = make_position(participant)
    seeker = make_seeker(fair)

    proposed = api_client(seeker.user).post(
        "/api/v1/employment-intents/", {"position": position.pk}, format="json"
    )
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["status"] == IntentStatus.PROPOSED
    pk = proposed.json()["id"]
    again = api_client(seeker.user).post(f"/api/v1/employment-intents/{pk}/confirm/", {})
    confirmed = api_client(participant.contact).post(
        f"/api/v1/employment-intents/{pk}/confirm/", {}
    )

    assert again.status_code == 409
    assert confirmed.status_code == 200, confirmed.content
    body = confirmed.json()
    assert body["status"] == IntentStatus.CONFIRMED
    assert body["seeker_name"] == seeker.name
    assert seeker.id_number not in confirmed.content.decode()


def test_the_enterprise_proposes_to_a_registered_seeker_by_registration(fair):
    participant = make_participant(fair)
    position = make_position(participant)
    seeker = make_seeker(fair)

    response = api_client(participant.contact).post(
        "/api/v1/employment-intents/",
        {"position": position.pk, "registration": seeker.registration.pk},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert EmploymentIntent.objects.get().proposed_by_side == "enterprise"


def test_another_enterprises_contact_finds_no_intent_and_cannot_confirm(fair):
    position = make_position(make_participant(fair))
    seeker = make_seeker(fair)
    stranger = make_participant(fair).contact
    pk = (
        api_client(seeker.user)
        .post("/api/v1/employment-intents/", {"position": position.pk}, format="json")
        .json()["id"]
    )

    listing = api_client(stranger).get("/api/v1/employment-intents/")
    detail = api_client(stranger).get(f"/api/v1/employment-intents/{pk}/")
    confirm = api_client(stranger).post(f"/api/v1/employment-intents/{pk}/confirm/", {})

    assert listing.json()["count"] == 0
    assert detail.status_code == 404
    assert confirm.status_code == 404
    assert EmploymentIntent.objects.get().status == IntentStatus.PROPOSED


def test_the_contact_posts_a_position_in_yuan_and_not_for_another_enterprise(fair):
    mine, theirs = make_participant(fair), make_participant(fair)
    body = {"title": "焊工", "headcount": 4, "salary_min": "4500.00", "salary_max": "6000.00"}

    posted = api_client(mine.contact).post(
        "/api/v1/positions/", {**body, "participant": mine.pk}, format="json"
    )
    refused = api_client(mine.contact).post(
        "/api/v1/positions/", {**body, "participant": theirs.pk}, format="json"
    )
    bad_range = api_client(mine.contact).post(
        "/api/v1/positions/",
        {**body, "participant": mine.pk, "salary_min": "9000.00"},
        format="json",
    )

    assert posted.status_code == 201, posted.content
    assert posted.json()["salary_min"] == "4500.00"
    assert Position.objects.get(pk=posted.json()["id"]).salary_min_fen == 450_000
    assert refused.status_code == 403
    assert bad_range.status_code == 400


def test_positions_filter_by_enterprise(fair):
    mine, theirs = make_participant(fair), make_participant(fair)
    make_position(mine)
    make_position(theirs)
    seeker = make_seeker()

    listed = api_client(seeker.user).get("/api/v1/positions/", {"enterprise": mine.organisation_id})

    assert [p["enterprise"] for p in listed.json()["results"]] == [mine.organisation_id]
