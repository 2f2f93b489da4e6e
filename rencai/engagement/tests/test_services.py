"""A request's life: raised, assigned, taken up, answered, closed on the talent's feedback or
reopened when not satisfied; overdue counted in working days; the five ones and contacts."""

from __future__ import annotations

from datetime import date

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent, WorkingDay
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department

from .. import selectors, services
from ..models import TalentRequest
from .factories import (
    at,
    feedback,
    make_high_level,
    make_items,
    make_leader,
    make_pairing,
    make_request,
    work_through,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def mid_autumn_2022():
    """Monday 12 September 2022 was the Mid-Autumn Festival holiday."""
    WorkingDay.objects.create(date=date(2022, 9, 12), is_working=False, note="中秋节")


def test_a_request_assigned_at_raising_gets_its_targets_in_working_days(mid_autumn_2022):
    request = make_request(when=at(2022, 9, 5), target=5)
    assert request.state == "assigned"
    assert request.response_due_on == date(2022, 9, 7)
    # 6, 7, 8, 9 September, then the holiday on the 12th is skipped: the 13th.
    assert request.resolution_due_on == date(2022, 9, 13)
    assert request.due_on == date(2022, 9, 7)


def test_the_whole_life_closes_only_on_the_talents_feedback():
    request = make_request(when=at(2022, 9, 5))
    request = work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 9))
    assert request.state == "answered"
    assert request.due_on is None
    request = feedback(request, at(2022, 9, 10), "basically_satisfied")
    assert request.state == "closed"
    assert request.closed_at == at(2022, 9, 10)
    states = list(request.events.values_list("from_state", "to_state"))
    assert states == [
        ("", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "answered"),
        ("answered", "closed"),
    ]
    actions = set(
        AuditEvent.objects.filter(target_id=str(request.pk)).values_list("action", flat=True)
    )
    assert {"request.raise", "request.respond", "request.answer", "request.feedback"} <= actions


def test_not_satisfied_reopens_the_request_with_a_new_target_and_it_can_close_later():
    request = make_request(when=at(2022, 9, 5))
    request = work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 7))
    request = feedback(request, at(2022, 9, 8), "not_satisfied", resolved=False)
    assert request.state == "reopened"
    assert request.reopen_count == 1
    assert request.due_on == date(2022, 9, 15)  # five working days after Thursday the 8th
    with clock.at(at(2022, 9, 13)):
        request = services.answer_request(request, actor=None, answer="已再次协调")
    request = feedback(request, at(2022, 9, 14), "satisfied")
    assert request.state == "closed"
    assert request.events.filter(to_state="reopened").count() == 1


def test_not_satisfied_needs_a_comment():
    request = make_request()
    request = work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 7))
    with clock.at(at(2022, 9, 8)), pytest.raises(DomainError):
        services.give_feedback(request, actor=None, satisfaction="not_satisfied", resolved=False)


def test_feedback_before_an_answer_is_refused_by_the_state_table():
    request = make_request()
    with pytest.raises(Conflict):
        services.give_feedback(request, actor=None, satisfaction="satisfied", resolved=True)


def test_overdue_counts_working_days_and_skips_the_holiday(mid_autumn_2022):
    request = make_request(when=at(2022, 9, 5), target=5)
    with clock.at(at(2022, 9, 6)):
        request = services.respond_to_request(request, actor=None)
    assert request.due_on == date(2022, 9, 13)
    assert not TalentRequest.objects.filter(selectors.overdue_q(date(2022, 9, 13))).exists()
    assert TalentRequest.objects.filter(selectors.overdue_q(date(2022, 9, 14))).exists()


def test_a_response_late_after_two_working_days_is_overdue_the_day_after():
    request = make_request(when=at(2022, 9, 9))  # Friday: due Tuesday the 13th
    assert request.due_on == date(2022, 9, 13)
    overdue = TalentRequest.objects.filter(selectors.overdue_q(date(2022, 9, 14)))
    assert list(overdue) == [request]


def test_only_the_assigned_departments_officer_takes_a_request_up():
    housing = make_department("housing")
    request = make_request(department=housing)
    other = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("finance"))
    with pytest.raises(PermissionDenied):
        services.respond_to_request(request, actor=other)
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    assert services.respond_to_request(request, actor=officer).state == "in_progress"


def test_a_talents_own_request_waits_for_the_task_force_to_assign_it():
    user = make_user(role=Role.TALENT)
    talent = make_high_level(user=user)
    with clock.at(at(2022, 9, 5)):
        request = services.raise_request(talent, actor=user, category="permit", title="办证")
    assert (request.state, request.channel, request.department) == ("raised", "talent", None)
    with pytest.raises(PermissionDenied):
        services.assign_request(request, actor=user, department=make_department("housing"))
    task_force = make_user(role=Role.TASK_FORCE)
    with clock.at(at(2022, 9, 6)):
        request = services.assign_request(
            request, actor=task_force, department=make_department("housing")
        )
    assert request.state == "assigned"
    assert request.response_due_on == date(2022, 9, 8)


def test_exclusion_needs_a_reason_and_the_task_force_and_is_audited():
    request = make_request()
    with pytest.raises(DomainError):
        services.exclude_from_rates(request, actor=None, reason=" ")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("housing"))
    with pytest.raises(PermissionDenied):
        services.exclude_from_rates(request, actor=officer, reason="重复诉求")
    request = services.exclude_from_rates(request, actor=None, reason="重复诉求")
    assert request.excluded
    assert request.exclusion_reason == "重复诉求"
    assert AuditEvent.objects.filter(action="request.exclude", target_id=str(request.pk)).exists()


def test_a_leader_ticks_the_years_five_ones_once_and_logs_contacts():
    items = make_items(2022)
    leader = make_leader()
    pairing = make_pairing(leader=leader)
    with clock.at(at(2022, 9, 6)):
        tick = services.tick_five_ones(pairing, items[0], actor=leader, note="座谈")
        log = services.log_contact(
            pairing, actor=leader, kind="policy_pack", summary="送上政策礼包"
        )
    assert tick.done_on == date(2022, 9, 6)
    assert log.happened_on == date(2022, 9, 6)
    with clock.at(at(2022, 9, 7)), pytest.raises(Conflict):
        services.tick_five_ones(pairing, items[0], actor=leader)
    other = make_leader()
    with pytest.raises(PermissionDenied):
        services.log_contact(pairing, actor=other, kind="call", summary="电话")


def test_an_item_of_another_year_cannot_be_ticked():
    items_2023 = make_items(2023)
    pairing = make_pairing(year=2022)
    with pytest.raises(DomainError):
        services.tick_five_ones(pairing, items_2023[0], actor=None)


def test_leaders_are_paired_with_high_level_talents_once_a_year():
    leader = make_leader()
    talent = make_high_level()
    make_pairing(leader=leader, talent=talent, year=2022)
    with pytest.raises(Conflict):
        make_pairing(leader=leader, talent=talent, year=2022)
    with pytest.raises(DomainError):
        make_pairing(leader=leader, talent=make_high_level(high_level=False))
