"""Finding a talent to serve (ROLES.md): a liaison, a department officer or a bank officer
finds a talent by exact identifiers, audited, and sees them for the day; nobody browses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from rencai.core.choices import Role
from rencai.core.errors import PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_talent, make_user
from rencai.talents.models import Talent, WindowVisit
from rencai.talents.services.finding import find_to_serve

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.mark.parametrize(
    "role", [Role.DEPARTMENT_OFFICER, Role.HOSPITAL_LIAISON, Role.BANK_OFFICER]
)
def test_an_officer_finds_a_talent_by_exact_number_and_sees_them_today(role):
    talent = make_talent()
    officer = make_user(role=role)
    colleague = make_user(role=role, organisation=officer.role_assignments.get().organisation)
    assert not Talent.objects.for_actor(officer).filter(pk=talent.pk).exists()

    found = find_to_serve(actor=officer, id_number=talent.id_number)

    assert found == [talent]
    assert Talent.objects.for_actor(officer).filter(pk=talent.pk).exists()
    assert Talent.objects.for_actor(colleague).filter(pk=talent.pk).exists()
    event = AuditEvent.objects.get(action="talent.find_to_serve")
    assert talent.id_number not in str(event.changes)


def test_a_find_opens_the_talent_to_the_finders_organisation_only():
    talent = make_talent()
    officer = make_user(role=Role.DEPARTMENT_OFFICER)
    elsewhere = make_user(role=Role.DEPARTMENT_OFFICER)

    find_to_serve(actor=officer, mobile=talent.mobile)

    assert Talent.objects.for_actor(officer).filter(pk=talent.pk).exists()
    assert not Talent.objects.for_actor(elsewhere).filter(pk=talent.pk).exists()


def test_yesterdays_find_opens_nothing_today():
    talent = make_talent()
    officer = make_user(role=Role.BANK_OFFICER)
    find_to_serve(actor=officer, id_number=talent.id_number)

    WindowVisit.objects.update(opened_at=WindowVisit.objects.get().opened_at - timedelta(days=1))

    assert not Talent.objects.for_actor(officer).filter(pk=talent.pk).exists()


def test_a_name_alone_is_browsing_and_finds_nothing():
    talent = make_talent()
    officer = make_user(role=Role.DEPARTMENT_OFFICER)

    with pytest.raises(ValidationError):
        find_to_serve(actor=officer, name=talent.name)

    assert not WindowVisit.objects.exists()


@pytest.mark.parametrize("role", [Role.SCHOOL_CONTACT, Role.CONTACT_LEADER, Role.TALENT])
def test_roles_that_do_not_serve_walk_ins_cannot_find(role):
    talent = make_talent()

    with pytest.raises(PermissionDenied):
        find_to_serve(actor=make_user(role=role), id_number=talent.id_number)

    assert not WindowVisit.objects.exists()


def test_a_grant_of_everyone_is_not_narrowed_by_another_providers_grant():
    """Django drops an empty Q from `Q() | q`: the union must keep "everyone" whole."""
    from django.db.models import Q

    from rencai.talents import visibility

    talents = [make_talent(), make_talent()]
    liaison = make_user(role=Role.HOSPITAL_LIAISON)
    find_to_serve(actor=liaison, id_number=talents[0].id_number)  # a narrow grant beside
    visibility.register_provider(
        "tests.everyone", lambda actor, roles: Q() if actor == liaison else None
    )
    try:
        seen = set(Talent.objects.for_actor(liaison))
    finally:
        visibility.unregister_provider("tests.everyone")

    assert seen == set(talents)
