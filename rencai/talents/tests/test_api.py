"""The talent and card API: scoping (404 outside scope), masking and reveal, errors, cards."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import AuditEvent, User
from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents import visibility
from rencai.talents.choices import CardKind, CardStatus, IdType
from rencai.talents.identity import make_ric
from rencai.talents.models import Tag, Talent, TalentCard
from rencai.talents.tests.factories import make_card, make_degree, make_talent, make_tier

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def wuxue():
    return make_county("421182", "武穴市")


@pytest.fixture
def tuanfeng_officer(tuanfeng):
    return make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)


@pytest.fixture
def wuxue_talent(wuxue):
    return make_talent(county=wuxue, name="武穴人才")


@pytest.fixture
def liaison_sees():
    """A hospital liaison who sees given talents but may not reveal (ROLES.md).

    No app registers a liaison visibility provider yet (the medical app will), so the test
    registers one for the talents it names, and removes it afterwards.
    """
    liaison = make_user(role=Role.HOSPITAL_LIAISON)
    seen: list[int] = []

    def provider(actor, roles):
        return Q(pk__in=seen) if actor.pk == liaison.pk else None

    visibility.register_provider("tests.api.liaison", provider)

    def grant(*talents):
        seen.extend(t.pk for t in talents)
        return liaison

    yield grant
    visibility.unregister_provider("tests.api.liaison")


def walk_in(county_code="421121", **overrides):
    fields = {
        "name": "陈超",
        "id_number": make_ric("421121", date(1996, 3, 1), 11),
        "mobile": "13871234567",
        "county": county_code,
    }
    fields.update(overrides)
    return fields


# --- scoping: 团风县 may not reach 武穴市 --------------------------------------------------


def test_tuanfeng_officer_lists_tuanfeng_talents_but_not_wuxue_ones(
    tuanfeng, tuanfeng_officer, wuxue_talent
):
    own = make_talent(county=tuanfeng)

    body = api_client(tuanfeng_officer).get("/api/v1/talents/").json()

    assert [t["id"] for t in body["results"]] == [own.pk]
    assert body["count"] == 1


def test_tuanfeng_officer_cannot_find_a_wuxue_talent_by_identity_number(
    tuanfeng, tuanfeng_officer, wuxue_talent
):
    own = make_talent(county=tuanfeng)
    client = api_client(tuanfeng_officer)

    found = client.get("/api/v1/talents/", {"id_number": own.id_number}).json()
    hidden = client.get("/api/v1/talents/", {"id_number": wuxue_talent.id_number}).json()

    assert found["count"] == 1
    assert hidden["count"] == 0


def test_tuanfeng_officer_gets_404_for_a_wuxue_talent_exactly_as_for_a_missing_one(
    tuanfeng_officer, wuxue_talent
):
    client = api_client(tuanfeng_officer)

    forbidden = client.get(f"/api/v1/talents/{wuxue_talent.pk}/")
    missing = client.get("/api/v1/talents/99999999/")

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert forbidden.json()["code"] == "not_found"


def test_tuanfeng_officer_cannot_update_a_wuxue_talent(tuanfeng_officer, wuxue_talent):
    response = api_client(tuanfeng_officer).patch(
        f"/api/v1/talents/{wuxue_talent.pk}/", {"name": "改名"}, format="json"
    )

    assert response.status_code == 404
    wuxue_talent.refresh_from_db()
    assert wuxue_talent.name == "武穴人才"
    assert not AuditEvent.objects.filter(action="talent.update").exists()


def test_wuxue_officer_may_update_the_same_talent(wuxue, wuxue_talent):
    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    response = api_client(officer).patch(
        f"/api/v1/talents/{wuxue_talent.pk}/", {"name": "改名"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "改名"
    event = AuditEvent.objects.get(action="talent.update")
    assert event.changes["name"] == ["武穴人才", "改名"]


def test_tuanfeng_officer_cannot_issue_a_card_to_a_wuxue_talent(tuanfeng_officer, wuxue_talent):
    today = timezone.localdate()
    payload = {
        "talent": wuxue_talent.pk,
        "kind": "green_card",
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=365)).isoformat(),
    }

    response = api_client(tuanfeng_officer).post("/api/v1/cards/", payload, format="json")

    assert response.status_code == 400  # as for a talent that does not exist
    assert list(response.json()["fields"]) == ["talent"]
    assert not TalentCard.objects.exists()


def test_tuanfeng_officer_cannot_see_a_wuxue_talents_cards(tuanfeng_officer, wuxue_talent):
    card = make_card(wuxue_talent)
    client = api_client(tuanfeng_officer)

    assert client.get(f"/api/v1/talents/{wuxue_talent.pk}/cards/").status_code == 404
    assert client.get(f"/api/v1/cards/{card.pk}/").status_code == 404
    assert client.get("/api/v1/cards/").json()["count"] == 0
    revoke = client.post(f"/api/v1/cards/{card.pk}/revoke/", {"reason": "x"}, format="json")
    assert revoke.status_code == 404


def test_a_talent_sees_only_themself(tuanfeng):
    user = make_user(role=Role.TALENT)
    me = make_talent(county=tuanfeng, user=user)
    other = make_talent(county=tuanfeng)
    client = api_client(user)

    body = client.get("/api/v1/talents/").json()

    assert [t["id"] for t in body["results"]] == [me.pk]
    assert client.get(f"/api/v1/talents/{me.pk}/").status_code == 200
    assert client.get(f"/api/v1/talents/{other.pk}/").status_code == 404


def test_a_talent_may_read_but_not_edit_their_record(tuanfeng):
    user = make_user(role=Role.TALENT)
    me = make_talent(county=tuanfeng, user=user, name="本人")

    response = api_client(user).patch(f"/api/v1/talents/{me.pk}/", {"name": "改名"}, format="json")

    assert response.status_code == 403
    me.refresh_from_db()
    assert me.name == "本人"


def test_window_clerks_list_only_the_talents_they_serve_today(tuanfeng):
    make_talent(county=tuanfeng)
    clerk = make_user(role=Role.WINDOW_CLERK)
    client = api_client(clerk)

    before = client.get("/api/v1/talents/").json()
    registered = client.post("/api/v1/talents/", walk_in(), format="json")
    after = client.get("/api/v1/talents/").json()

    assert before["count"] == 0
    assert registered.status_code == 201
    assert [t["id"] for t in after["results"]] == [registered.json()["id"]]


def test_a_user_without_roles_sees_no_talents(tuanfeng):
    make_talent(county=tuanfeng)

    body = api_client(make_user(role=None)).get("/api/v1/talents/").json()

    assert body["count"] == 0


def test_unauthenticated_talent_list_answers_401_in_our_error_format():
    response = APIClient().get("/api/v1/talents/")

    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}


# --- masking and reveal ---------------------------------------------------------------------


def test_identity_number_and_mobile_are_masked_by_default(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng, mobile="13812345678")

    body = api_client(tuanfeng_officer).get(f"/api/v1/talents/{talent.pk}/").json()

    assert body["id_number"] == "4211**********" + talent.id_number[-4:]
    assert body["mobile"] == "138****5678"
    assert body["revealed"] is False
    assert body["birth_date"] == talent.birth_date.isoformat()
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


def test_list_never_shows_full_numbers(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)

    body = api_client(tuanfeng_officer).get("/api/v1/talents/", {"reveal": "id"}).json()

    assert body["results"][0]["id_number"] != talent.id_number


def test_reveal_shows_full_numbers_and_writes_one_audit_event(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng, mobile="13812345678")

    response = api_client(tuanfeng_officer).get(f"/api/v1/talents/{talent.pk}/", {"reveal": "id"})

    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == talent.id_number
    assert body["mobile"] == "13812345678"
    assert body["revealed"] is True
    event = AuditEvent.objects.get(action="talent.reveal")
    assert event.actor == tuanfeng_officer
    assert event.target_id == str(talent.pk)


def test_reveal_outside_scope_answers_404_and_is_not_audited(tuanfeng_officer, wuxue_talent):
    response = api_client(tuanfeng_officer).get(
        f"/api/v1/talents/{wuxue_talent.pk}/", {"reveal": "id"}
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


def test_unknown_reveal_value_answers_400(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)

    response = api_client(tuanfeng_officer).get(
        f"/api/v1/talents/{talent.pk}/", {"reveal": "everything"}
    )

    assert response.status_code == 400
    assert "reveal" in response.json()["fields"]


def test_a_role_that_may_not_reveal_gets_403_and_sees_age_not_birth_date(tuanfeng, liaison_sees):
    talent = make_talent(county=tuanfeng, birth_date=date(1990, 6, 1))
    liaison = liaison_sees(talent)
    client = api_client(liaison)

    plain = client.get(f"/api/v1/talents/{talent.pk}/").json()
    reveal = client.get(f"/api/v1/talents/{talent.pk}/", {"reveal": "id"})

    assert plain["birth_date"] is None
    assert plain["sex"] is None
    assert plain["age"] == talent.age_on(timezone.localdate())
    assert plain["id_number"] != talent.id_number
    assert reveal.status_code == 403
    assert reveal.json()["code"] == "permission_denied"
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


# --- registering: good input and bad ---------------------------------------------------------


def test_officer_registers_a_talent_by_county_code_and_catalogue_codes(tuanfeng, tuanfeng_officer):
    make_degree("master")
    make_tier("C")
    Tag.objects.create(code="youth", name="青年人才")
    employer = make_organisation(OrganisationKind.ENTERPRISE, tuanfeng)
    payload = walk_in(degree="master", tier="C", tags=["youth"], employer=employer.pk)

    response = api_client(tuanfeng_officer).post("/api/v1/talents/", payload, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["county"] == {"id": tuanfeng.pk, "code": "421121", "name": "团风县"}
    assert body["degree"]["code"] == "master"
    assert body["tier"]["code"] == "C"
    assert [t["code"] for t in body["tags"]] == ["youth"]
    assert body["employer"]["id"] == employer.pk
    assert body["birth_date"] == "1996-03-01"
    assert body["sex"] == "M"
    assert AuditEvent.objects.filter(action="talent.create", target_id=str(body["id"])).exists()


def test_county_may_be_given_by_id(tuanfeng, tuanfeng_officer):
    response = api_client(tuanfeng_officer).post(
        "/api/v1/talents/", walk_in(county_code=tuanfeng.pk), format="json"
    )

    assert response.status_code == 201
    assert response.json()["county"]["id"] == tuanfeng.pk


def test_wrong_identity_checksum_answers_400_on_id_number_and_writes_nothing(
    tuanfeng, tuanfeng_officer
):
    good = make_ric("421121", date(1996, 3, 1), 11)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")

    response = api_client(tuanfeng_officer).post(
        "/api/v1/talents/", walk_in(id_number=wrong), format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["id_number"]
    assert not Talent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_future_birth_date_entered_for_a_passport_answers_400_on_birth_date(
    tuanfeng, tuanfeng_officer
):
    future = timezone.localdate() + timedelta(days=2)
    payload = walk_in(
        id_type=IdType.PASSPORT,
        id_number="E12345678",
        id_country="美国",
        birth_date=future.isoformat(),
    )

    response = api_client(tuanfeng_officer).post("/api/v1/talents/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["birth_date"]
    assert not Talent.objects.exists()


def test_duplicate_identity_number_answers_409_duplicate_talent_and_keeps_exactly_one_row(
    tuanfeng, tuanfeng_officer
):
    client = api_client(tuanfeng_officer)
    first = client.post("/api/v1/talents/", walk_in(), format="json")

    second = client.post("/api/v1/talents/", walk_in(mobile="13900000000"), format="json")

    assert first.status_code == 201
    assert second.status_code == 409  # as when the unique index catches two clerks at once
    assert second.json()["code"] == "duplicate_talent"
    assert "id_number" in second.json()["fields"]
    assert Talent.objects.count() == 1


def test_missing_fields_each_get_a_message(tuanfeng_officer):
    response = api_client(tuanfeng_officer).post("/api/v1/talents/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"name", "id_number", "mobile", "county"}


def test_unknown_catalogue_code_and_county_answer_field_errors(tuanfeng_officer):
    payload = walk_in(county_code="999999", tier="Z", tags=["nope"])

    response = api_client(tuanfeng_officer).post("/api/v1/talents/", payload, format="json")

    assert response.status_code == 400
    assert {"county", "tier", "tags"} <= set(response.json()["fields"])


def test_the_city_is_not_a_county(tuanfeng):
    task_force = make_user(role=Role.TASK_FORCE)

    response = api_client(task_force).post(
        "/api/v1/talents/", walk_in(county_code="421100"), format="json"
    )

    assert response.status_code == 400
    assert "county" in response.json()["fields"]


def test_officer_may_not_register_in_another_county(wuxue, tuanfeng_officer):
    response = api_client(tuanfeng_officer).post(
        "/api/v1/talents/", walk_in(county_code="421182"), format="json"
    )

    assert response.status_code == 403
    assert "county" in response.json()["fields"]
    assert not Talent.objects.exists()


def test_bad_mobile_on_update_answers_400_and_keeps_the_old_value(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng, mobile="13812345678")

    response = api_client(tuanfeng_officer).patch(
        f"/api/v1/talents/{talent.pk}/", {"mobile": "12345"}, format="json"
    )

    assert response.status_code == 400
    assert "mobile" in response.json()["fields"]
    talent.refresh_from_db()
    assert talent.mobile == "13812345678"


def test_full_update_with_put(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    payload = walk_in(id_number=talent.id_number, name="新名字", mobile="13987654321")

    response = api_client(tuanfeng_officer).put(
        f"/api/v1/talents/{talent.pk}/", payload, format="json"
    )

    assert response.status_code == 200
    talent.refresh_from_db()
    assert (talent.name, talent.mobile) == ("新名字", "13987654321")


# --- lists and filters ------------------------------------------------------------------------


def test_filters_by_tier_degree_tag_and_card(tuanfeng, tuanfeng_officer):
    youth = Tag.objects.create(code="youth", name="青年人才")
    match = make_talent(
        county=tuanfeng, tier=make_tier("B"), degree=make_degree("doctorate"), tags=[youth]
    )
    make_card(match)
    make_talent(county=tuanfeng, tier=make_tier("B"))
    make_talent(county=tuanfeng)
    client = api_client(tuanfeng_officer)

    body = client.get(
        "/api/v1/talents/",
        {"tier": "B", "degree": "doctorate", "tag": "youth", "has_card": "green_card"},
    ).json()
    without_tier = client.get("/api/v1/talents/", {"tier": "none"}).json()

    assert [t["id"] for t in body["results"]] == [match.pk]
    assert body["results"][0]["cards"][0]["kind"] == "green_card"
    assert without_tier["count"] == 1


def test_bad_filter_value_answers_400_on_that_parameter(tuanfeng_officer):
    response = api_client(tuanfeng_officer).get("/api/v1/talents/", {"county": "abc"})

    assert response.status_code == 400
    assert "county" in response.json()["fields"]


def test_talent_list_query_count_does_not_grow_with_rows(tuanfeng, tuanfeng_officer):
    def count_queries() -> int:
        client = api_client(User.objects.get(pk=tuanfeng_officer.pk))  # roles not yet loaded
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/talents/").status_code == 200
        return len(queries)

    make_talent(county=tuanfeng, tier=make_tier("A"))
    few = count_queries()
    for _ in range(5):
        talent = make_talent(county=tuanfeng, tier=make_tier("A"), degree=make_degree())
        make_card(talent)
        talent.family.create(relation="child", name="孩子", birth_date=date(2015, 1, 1))
    many = count_queries()

    assert many == few


# --- cards ----------------------------------------------------------------------------------


def dates(days: int = 365) -> dict:
    today = timezone.localdate()
    return {
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=days)).isoformat(),
    }


def test_officer_issues_a_green_card_with_the_next_number_and_a_verification_url(
    tuanfeng, tuanfeng_officer
):
    talent = make_talent(county=tuanfeng)
    payload = {"talent": talent.pk, "kind": "green_card", **dates()}

    response = api_client(tuanfeng_officer).post("/api/v1/cards/", payload, format="json")

    assert response.status_code == 201
    body = response.json()
    year = timezone.localdate().year
    assert body["number"] == f"HG-{year}-000001"
    assert body["valid"] is True
    card = TalentCard.objects.get(pk=body["id"])
    assert body["verification_url"].endswith(f"/v/{card.token}")
    assert AuditEvent.objects.filter(action="card.issue").count() == 1


def test_officer_records_a_chucai_card_with_its_number_and_level(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    payload = {"talent": talent.pk, "kind": "chucai_card", "number": "hb-2025-7", "level": "B"}

    response = api_client(tuanfeng_officer).post(
        "/api/v1/cards/", {**payload, **dates()}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["number"], response.json()["level"]) == ("HB-2025-7", "B")


def test_chucai_card_without_number_or_level_answers_field_errors(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)

    response = api_client(tuanfeng_officer).post(
        "/api/v1/cards/", {"talent": talent.pk, "kind": "chucai_card", **dates()}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"number", "level"}
    assert not TalentCard.objects.exists()


def test_a_green_card_number_may_not_be_chosen(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    payload = {"talent": talent.pk, "kind": "green_card", "number": "HG-1", **dates()}

    response = api_client(tuanfeng_officer).post("/api/v1/cards/", payload, format="json")

    assert response.status_code == 400
    assert "number" in response.json()["fields"]


def test_end_before_start_answers_400_on_valid_to(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    payload = {"talent": talent.pk, "kind": "green_card", **dates(days=-1)}

    response = api_client(tuanfeng_officer).post("/api/v1/cards/", payload, format="json")

    assert response.status_code == 400
    assert "valid_to" in response.json()["fields"]


def test_a_second_active_green_card_answers_409(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    make_card(talent)

    response = api_client(tuanfeng_officer).post(
        "/api/v1/cards/", {"talent": talent.pk, "kind": "green_card", **dates()}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "active_card_exists"
    assert TalentCard.objects.count() == 1


def test_a_talent_may_see_but_not_issue_their_own_card(tuanfeng):
    user = make_user(role=Role.TALENT)
    me = make_talent(county=tuanfeng, user=user)
    card = make_card(me)
    client = api_client(user)

    seen = client.get(f"/api/v1/cards/{card.pk}/")
    issued = client.post(
        "/api/v1/cards/", {"talent": me.pk, "kind": "chucai_card", **dates()}, format="json"
    )

    assert seen.status_code == 200
    assert issued.status_code == 403


def test_revoking_needs_a_reason_then_revokes(tuanfeng, tuanfeng_officer):
    card = make_card(make_talent(county=tuanfeng))
    client = api_client(tuanfeng_officer)

    blank = client.post(f"/api/v1/cards/{card.pk}/revoke/", {"reason": " "}, format="json")
    done = client.post(f"/api/v1/cards/{card.pk}/revoke/", {"reason": "离开本市"}, format="json")
    again = client.post(f"/api/v1/cards/{card.pk}/revoke/", {"reason": "再次"}, format="json")

    assert blank.status_code == 400
    assert "reason" in blank.json()["fields"]
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["revoke_reason"]) == ("revoked", "离开本市")
    assert again.status_code == 409


def test_renewing_keeps_the_number_and_supersedes_the_old_record(tuanfeng, tuanfeng_officer):
    card = make_card(make_talent(county=tuanfeng))
    new_end = timezone.localdate() + timedelta(days=3 * 365)

    response = api_client(tuanfeng_officer).post(
        f"/api/v1/cards/{card.pk}/renew/", {"valid_to": new_end.isoformat()}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["number"] == card.number
    assert body["renewed_from"] == card.pk
    card.refresh_from_db()
    assert card.status == CardStatus.SUPERSEDED


def test_talent_cards_lists_every_record_and_cards_list_filters(tuanfeng, tuanfeng_officer):
    talent = make_talent(county=tuanfeng)
    make_card(talent, status=CardStatus.REVOKED)
    make_card(talent, kind=CardKind.CHUCAI_CARD)
    make_card(make_talent(county=tuanfeng))
    client = api_client(tuanfeng_officer)

    own = client.get(f"/api/v1/talents/{talent.pk}/cards/").json()
    active_chucai = client.get("/api/v1/cards/", {"kind": "chucai_card", "status": "active"})

    assert own["count"] == 2
    assert active_chucai.json()["count"] == 1


def test_verification_is_public_and_shows_only_masked_name_kind_and_validity(tuanfeng):
    card = make_card(make_talent(county=tuanfeng, name="陈小明"))

    response = APIClient().get(f"/api/v1/cards/verify/{card.token}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"masked_name", "kind", "kind_label", "valid"}
    assert (body["masked_name"], body["kind"], body["valid"]) == ("陈**", "green_card", True)
    assert body["kind_label"]


def test_verification_of_an_unknown_token_answers_404_in_our_format():
    response = APIClient().get("/api/v1/cards/verify/no-such-token/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_verification_of_a_revoked_card_says_not_valid(tuanfeng):
    card = make_card(make_talent(county=tuanfeng), status=CardStatus.REVOKED)

    response = APIClient().get(f"/api/v1/cards/verify/{card.token}/")

    assert response.json()["valid"] is False
