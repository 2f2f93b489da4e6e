"""Departures, returns and transfers: the services' rules, the database's constraints, and who
may record them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.choices import MoveKind
from rencai.talents.models import DepartureReason, TalentMove
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def wuxue():
    return make_county("421182", "武穴市")


@pytest.fixture
def officer(tuanfeng):
    return make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)


@pytest.fixture
def reason():
    return DepartureReason.objects.get(code="job_transfer")


def test_the_departure_reasons_are_seeded_in_chinese():
    assert list(DepartureReason.objects.values_list("name", flat=True)[:3]) == [
        "工作调动",
        "升学深造",
        "家庭原因",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_departure_reasons_come_back_after_a_flush():
    """A transactional test ends with a flush, which empties the migration's seed too: the
    reasons are made again after it (post_migrate), so the next test still finds them."""
    call_command("flush", interactive=False, verbosity=0)

    assert DepartureReason.objects.filter(code="family", name="家庭原因").exists()


def test_a_departure_marks_the_talent_as_left_and_is_audited(tuanfeng, officer, reason):
    talent = make_talent(tuanfeng, arrival_date=date(2020, 3, 1))

    with clock.at(date(2022, 9, 6)):
        move = moves.record_departure(
            talent, actor=officer, moved_on=date(2022, 9, 1), reason=reason
        )

    talent.refresh_from_db()
    assert talent.departed_on == date(2022, 9, 1)
    assert move.kind == MoveKind.DEPARTURE
    assert move.from_county == tuanfeng
    assert AuditEvent.objects.filter(action="talent.depart", target_id=str(talent.pk)).exists()


def test_a_second_departure_of_a_talent_who_has_left_is_refused(tuanfeng, officer, reason):
    talent = make_talent(tuanfeng)
    with clock.at(date(2022, 9, 6)):
        moves.record_departure(talent, actor=officer, moved_on=date(2022, 9, 1), reason=reason)

        with pytest.raises(Conflict):
            moves.record_departure(talent, actor=officer, moved_on=date(2022, 9, 2), reason=reason)

    assert TalentMove.objects.filter(talent=talent).count() == 1


def test_the_database_refuses_a_second_open_departure(tuanfeng, reason):
    talent = make_talent(tuanfeng)
    TalentMove.objects.create(
        talent=talent, kind=MoveKind.DEPARTURE, moved_on=date(2022, 1, 1), reason=reason
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        TalentMove.objects.create(
            talent=talent, kind=MoveKind.DEPARTURE, moved_on=date(2022, 2, 1), reason=reason
        )


def test_the_database_refuses_a_transfer_within_one_county(tuanfeng):
    talent = make_talent(tuanfeng)

    with pytest.raises(IntegrityError), transaction.atomic():
        TalentMove.objects.create(
            talent=talent,
            kind=MoveKind.TRANSFER,
            moved_on=date(2022, 1, 1),
            from_county=tuanfeng,
            to_county=tuanfeng,
        )


def test_the_database_refuses_a_return_that_ends_no_departure(tuanfeng):
    talent = make_talent(tuanfeng)

    with pytest.raises(IntegrityError), transaction.atomic():
        TalentMove.objects.create(talent=talent, kind=MoveKind.RETURN, moved_on=date(2022, 1, 1))


def test_a_return_of_a_talent_who_has_not_left_is_refused(tuanfeng, officer):
    talent = make_talent(tuanfeng)

    with clock.at(date(2022, 9, 6)), pytest.raises(Conflict):
        moves.record_return(talent, actor=officer, moved_on=date(2022, 9, 1))


def test_a_return_closes_the_departure(tuanfeng, officer, reason):
    talent = make_talent(tuanfeng)
    with clock.at(date(2022, 9, 6)):
        departure = moves.record_departure(
            talent, actor=officer, moved_on=date(2022, 3, 1), reason=reason
        )

        moves.record_return(talent, actor=officer, moved_on=date(2022, 9, 1))

    talent.refresh_from_db()
    departure.refresh_from_db()
    assert talent.departed_on is None
    assert departure.returned_on == date(2022, 9, 1)
    assert departure.closed_by.kind == MoveKind.RETURN


@pytest.mark.parametrize("moved_on", [date(2022, 9, 7), date(2019, 12, 31)])
def test_a_departure_dated_in_the_future_or_before_arrival_is_refused(
    tuanfeng, officer, reason, moved_on
):
    talent = make_talent(tuanfeng, arrival_date=date(2020, 1, 1))

    with clock.at(date(2022, 9, 6)), pytest.raises(ValidationError) as error:
        moves.record_departure(talent, actor=officer, moved_on=moved_on, reason=reason)

    assert list(error.value.message_dict) == ["moved_on"]


def test_a_return_before_the_departure_is_refused(tuanfeng, officer, reason):
    talent = make_talent(tuanfeng)
    with clock.at(date(2022, 9, 6)):
        moves.record_departure(talent, actor=officer, moved_on=date(2022, 5, 1), reason=reason)

        with pytest.raises(ValidationError):
            moves.record_return(talent, actor=officer, moved_on=date(2022, 4, 30))


def test_a_transfer_changes_the_county_and_is_not_a_departure(tuanfeng, wuxue, officer):
    talent = make_talent(tuanfeng)

    with clock.at(date(2022, 9, 6)):
        move = moves.record_transfer(
            talent, actor=officer, moved_on=date(2022, 9, 1), to_county=wuxue
        )

    talent.refresh_from_db()
    assert talent.county == wuxue
    assert talent.departed_on is None
    assert (move.from_county, move.to_county) == (tuanfeng, wuxue)


def test_a_transfer_to_the_same_county_is_refused(tuanfeng, officer):
    talent = make_talent(tuanfeng)

    with clock.at(date(2022, 9, 6)), pytest.raises(ValidationError):
        moves.record_transfer(talent, actor=officer, moved_on=date(2022, 9, 1), to_county=tuanfeng)


def test_another_countys_officer_gets_not_found_and_the_task_force_is_refused(
    tuanfeng, wuxue, reason
):
    talent = make_talent(tuanfeng)
    other = make_user(role=Role.COUNTY_OFFICER, division=wuxue)
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(date(2022, 9, 6)):
        with pytest.raises(NotFound):
            moves.record_departure(talent, actor=other, moved_on=date(2022, 9, 1), reason=reason)
        with pytest.raises(PermissionDenied):
            moves.record_departure(
                talent, actor=task_force, moved_on=date(2022, 9, 1), reason=reason
            )

    assert not TalentMove.objects.exists()
