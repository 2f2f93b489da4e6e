"""Job fairs' pages: an enterprise contact sees only their own positions' intents, by name
only; the pages render on a phone's data; lists export to xlsx."""

import pytest
from django.urls import reverse

from rencai.events.fairs import services
from rencai.events.fairs.choices import IntentStatus, Side
from rencai.events.fairs.models import EmploymentIntent

from .factories import (
    make_fair,
    make_organiser,
    make_participant,
    make_position,
    make_seeker,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def world():
    fair = make_fair()
    mine, theirs = make_participant(fair), make_participant(fair)
    my_position, their_position = make_position(mine), make_position(theirs)
    seeker, other_seeker = make_seeker(fair), make_seeker(fair)
    mine_intent = services.propose_intent(
        my_position, talent=seeker, side=Side.SEEKER, actor=seeker.user
    )
    theirs_intent = services.propose_intent(
        their_position, talent=other_seeker, side=Side.SEEKER, actor=other_seeker.user
    )
    return {
        "fair": fair,
        "mine": mine,
        "my_position": my_position,
        "their_position": their_position,
        "seeker": seeker,
        "other_seeker": other_seeker,
        "mine_intent": mine_intent,
        "theirs_intent": theirs_intent,
    }


def test_the_contact_sees_the_seekers_name_but_never_the_identity_number(client, world):
    client.force_login(world["mine"].contact)

    page = client.get(reverse("fairs:position-detail", args=[world["my_position"].pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert world["seeker"].name in body
    assert world["seeker"].id_number not in body
    assert world["seeker"].mobile not in body


def test_the_contact_never_sees_another_enterprises_intents(client, world):
    client.force_login(world["mine"].contact)

    listing = client.get(reverse("fairs:intent-list")).content.decode()
    their_page = client.get(reverse("fairs:position-detail", args=[world["their_position"].pk]))
    confirm = client.post(
        reverse("fairs:intent-action", args=[world["theirs_intent"].pk, "confirm-enterprise"])
    )

    assert world["seeker"].name in listing
    assert world["other_seeker"].name not in listing
    assert their_page.status_code == 200  # a public position…
    assert world["other_seeker"].name not in their_page.content.decode()  # …without its intents
    assert confirm.status_code == 404
    world["theirs_intent"].refresh_from_db()
    assert world["theirs_intent"].status == IntentStatus.PROPOSED


def test_the_contact_confirms_an_intent_on_their_position(client, world):
    client.force_login(world["mine"].contact)

    response = client.post(
        reverse("fairs:intent-action", args=[world["mine_intent"].pk, "confirm-enterprise"])
    )

    assert response.status_code == 303
    world["mine_intent"].refresh_from_db()
    assert world["mine_intent"].status == IntentStatus.CONFIRMED


def test_the_contact_may_not_edit_another_enterprises_position(client, world):
    client.force_login(world["mine"].contact)

    response = client.get(reverse("fairs:position-edit", args=[world["their_position"].pk]))

    assert response.status_code == 403


def test_a_talent_proposes_from_the_position_page(client, world):
    talent = make_seeker(world["fair"])
    client.force_login(talent.user)

    response = client.post(reverse("fairs:position-propose", args=[world["my_position"].pk]))

    assert response.status_code == 303
    intent = EmploymentIntent.objects.get(talent=talent)
    assert intent.proposed_by_side == Side.SEEKER


def test_the_organiser_records_a_walk_ins_confirmation_at_the_desk(client, world):
    walk_in = make_seeker(world["fair"], with_account=False)
    organiser = make_organiser()
    client.force_login(organiser)
    desk = reverse("fairs:desk", args=[world["fair"].pk])

    page = client.get(desk, {"code": walk_in.registration.code})
    response = client.post(
        reverse("fairs:desk-propose", args=[world["fair"].pk]),
        {"code": walk_in.registration.code, "position": world["my_position"].pk},
    )

    assert page.status_code == 200
    assert walk_in.name in page.content.decode()
    assert response.status_code == 303
    intent = EmploymentIntent.objects.get(talent=walk_in)
    assert intent.seeker_confirmed_at_desk
    assert intent.status == IntentStatus.PROPOSED  # the enterprise has yet to confirm


def test_the_pages_and_exports_answer(client, world):
    client.force_login(make_organiser())
    fair = world["fair"]

    for url in [
        reverse("fairs:fair-list"),
        reverse("fairs:fair-detail", args=[fair.pk]),
        reverse("fairs:position-list") + f"?fair={fair.pk}",
        reverse("fairs:intent-list"),
    ]:
        assert client.get(url).status_code == 200, url
    for url in [reverse("fairs:position-list"), reverse("fairs:intent-list")]:
        response = client.get(url, {"format": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxml")


def test_the_contacts_home_shows_their_pending_intents(client, world):
    client.force_login(world["mine"].contact)

    home = client.get("/").content.decode()

    assert "home-fairs-contact" in home
    assert world["seeker"].name in home
    assert world["other_seeker"].name not in home


def test_the_contact_edits_their_position_in_yuan(client, world):
    client.force_login(world["mine"].contact)
    url = reverse("fairs:position-edit", args=[world["my_position"].pk])

    form = client.get(url)
    response = client.post(
        url, {"title": "数控操作员", "headcount": 6, "salary_min": "4500", "salary_max": "6500.50"}
    )

    assert form.status_code == 200
    assert response.status_code == 303
    world["my_position"].refresh_from_db()
    assert world["my_position"].title == "数控操作员"
    assert (world["my_position"].salary_min_fen, world["my_position"].salary_max_fen) == (
        450_000,
        650_050,
    )
