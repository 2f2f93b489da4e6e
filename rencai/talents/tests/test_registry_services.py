from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents.choices import IdType
from rencai.talents.identity import make_ric, parse_id
from rencai.talents.models import Talent
from rencai.talents.services.registry import (
    find_for_window,
    register_talent,
    reveal_identity,
    update_talent,
)
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def walk_in(county, **overrides):
    fields = {
        "name": "陈超",
        "id_type": IdType.RIC,
        "id_number": make_ric("421102", date(1996, 3, 1), 11),
        "mobile": "13871234567",
        "county": county,
    }
    fields.update(overrides)
    return fields


def test_clerk_registers_a_walk_in_with_four_fields_and_birth_date_is_derived():
    county = make_county("421102", "黄州区")
    clerk = make_user(role=Role.WINDOW_CLERK)

    talent = register_talent(actor=clerk, fields=walk_in(county))

    assert talent.birth_date == date(1996, 3, 1)
    assert talent.sex == "M"
    assert Talent.objects.for_actor(clerk).filter(pk=talent.pk).exists()
    event = AuditEvent.objects.get(action="talent.create")
    assert event.changes["id_number"][1] == "4211**********" + talent.id_number[-4:]
    assert event.changes["mobile"][1] == "138****4567"


def test_duplicate_identity_number_is_refused_and_nothing_is_written():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    register_talent(actor=officer, fields=walk_in(county))

    with pytest.raises(ValidationError) as exc:
        register_talent(actor=officer, fields=walk_in(county, mobile="13900000000"))

    assert "id_number" in exc.value.message_dict
    assert Talent.objects.count() == 1


def test_lower_case_x_and_upper_case_x_are_the_same_document():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    register_talent(actor=officer, fields=walk_in(county, id_number="42112119900101009X"))

    with pytest.raises(ValidationError):
        register_talent(actor=officer, fields=walk_in(county, id_number="42112119900101009x"))


def test_wrong_checksum_future_birth_and_bad_mobile_give_field_errors():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    future = timezone.localdate() + timedelta(days=3)

    with pytest.raises(ValidationError) as exc:
        register_talent(
            actor=officer,
            fields=walk_in(county, id_number="421121199001010091", mobile="12345"),
        )
    assert set(exc.value.message_dict) == {"id_number", "mobile"}

    with pytest.raises(ValidationError) as exc:
        register_talent(
            actor=officer,
            fields=walk_in(
                county,
                id_type=IdType.PASSPORT,
                id_number="E1234567",
                id_country="法国",
                birth_date=future,
            ),
        )
    assert set(exc.value.message_dict) == {"birth_date"}
    assert Talent.objects.count() == 0


def test_passport_holder_needs_entered_birth_date_and_country():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)

    with pytest.raises(ValidationError) as exc:
        register_talent(
            actor=officer, fields=walk_in(county, id_type=IdType.PASSPORT, id_number="E1234567")
        )
    assert {"birth_date", "id_country"} <= set(exc.value.message_dict)


def test_county_officer_cannot_register_in_another_county():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    with pytest.raises(PermissionDenied):
        register_talent(actor=officer, fields=walk_in(wuxue))
    assert Talent.objects.count() == 0


def test_hospital_liaison_cannot_register_talents():
    with pytest.raises(PermissionDenied):
        register_talent(actor=make_user(role=Role.HOSPITAL_LIAISON), fields=walk_in(make_county()))


def test_update_records_old_and_new_values_masked():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    talent = make_talent(county=county, mobile="13811112222", school="")
    talent.sex = parse_id(talent.id_type, talent.id_number).sex
    talent.save()

    update_talent(talent, actor=officer, fields={"mobile": "13933334444", "school": "武汉大学"})

    event = AuditEvent.objects.get(action="talent.update")
    assert event.changes == {"mobile": ["138****2222", "139****4444"], "school": ["", "武汉大学"]}


def test_county_officer_cannot_edit_other_county_talent():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    talent = make_talent(county=wuxue)

    with pytest.raises(PermissionDenied):
        update_talent(talent, actor=officer, fields={"school": "x"})


def test_reveal_is_audited_and_refused_to_roles_that_may_not():
    county = make_county()
    talent = make_talent(county=county)
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)

    revealed = reveal_identity(talent, actor=officer)

    assert revealed.id_number == talent.id_number
    assert AuditEvent.objects.filter(action="talent.reveal", target_id=str(talent.pk)).count() == 1
    other = make_user(role=Role.COUNTY_OFFICER, division=make_county("421182", "武穴市"))
    with pytest.raises(NotFound):
        reveal_identity(talent, actor=other)
    assert AuditEvent.objects.filter(action="talent.reveal").count() == 1


def test_clerk_finds_by_exact_identifiers_only_and_then_may_serve():
    county = make_county()
    talent = make_talent(county=county, name="李新胜", mobile="13712345678")
    clerk = make_user(
        role=Role.WINDOW_CLERK, organisation=make_organisation(kind=OrganisationKind.SERVICE_POINT)
    )
    assert not Talent.objects.for_actor(clerk).exists()

    with pytest.raises(ValidationError):
        find_for_window(actor=clerk, name="李新胜")  # a name alone is browsing
    assert find_for_window(actor=clerk, mobile="137 1234 5678") == [talent]
    assert list(Talent.objects.for_actor(clerk)) == [talent]
    assert find_for_window(actor=clerk, name="李新胜", birth_date=talent.birth_date) == [talent]
    assert AuditEvent.objects.filter(action="talent.window_find").count() == 2


def test_clerk_at_another_service_point_does_not_see_the_visit():
    talent = make_talent()
    clerk = make_user(role=Role.WINDOW_CLERK)
    other_clerk = make_user(role=Role.WINDOW_CLERK)
    find_for_window(actor=clerk, id_number=talent.id_number)

    assert not Talent.objects.for_actor(other_clerk).exists()
    with pytest.raises(NotFound):
        reveal_identity(talent, actor=other_clerk)
