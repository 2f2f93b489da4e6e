"""Requesting follow-up and moving a case on: the benefit's rule decides, each child has
their own case, the stage table refuses what it does not allow, each write is audited."""

from datetime import date, datetime

import pytest

from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_card, make_user
from rencai.policies.choices import EntitlementState
from rencai.schooling import services
from rencai.schooling.models import EnrolmentCase
from rencai.schooling.workflow import IllegalTransition

from .factories import Schooling

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Schooling()


def test_talent_applies_for_each_of_two_children(world):
    talent, (first, second) = world.parent(children=2)

    one = world.request(talent, first)
    two = world.request(talent, second, stage="kindergarten")

    assert {one.child_id, two.child_id} == {first.pk, second.pk}
    assert one.entitlement.beneficiary_id == first.pk
    assert two.entitlement.beneficiary_id == second.pk
    assert {one.entitlement.state, two.entitlement.state} == {EntitlementState.PENDING}
    assert one.entitlement.benefit.code == "children_schooling"


def test_second_request_for_the_same_child_is_a_conflict(world):
    talent, (child,) = world.parent()
    world.request(talent, child)

    with pytest.raises(Conflict) as exc:
        world.request(talent, child, stage="kindergarten")

    assert exc.value.code == "duplicate_enrolment"
    assert EnrolmentCase.objects.filter(child=child).count() == 1


def test_request_is_routed_to_the_county_education_office(world):
    talent, (child,) = world.parent(county=world.tuanfeng)

    case = world.request(talent, child)

    assert case.education_office == world.tuanfeng_office
    assert case.county == world.tuanfeng


def test_county_without_an_office_goes_to_the_city_office(world):
    from rencai.core.tests.factories import make_county

    talent, (child,) = world.parent(county=make_county("421102", "黄州区"))

    case = world.request(talent, child)

    assert case.education_office == world.city_office


def test_talent_below_tier_d_without_a_card_is_refused_with_the_reason(world):
    talent, (child,) = world.parent(tier="E")

    with pytest.raises(DomainError) as exc:
        world.request(talent, child)

    assert exc.value.code == "not_eligible"
    assert exc.value.fields["eligibility"]
    assert not EnrolmentCase.objects.exists()


def test_card_holder_below_tier_d_is_eligible(world):
    talent, (child,) = world.parent(tier="E")
    make_card(talent)

    case = world.request(talent, child)

    assert case.state == "requested"


def test_unconfirmed_condition_is_refused(world):
    talent, (child,) = world.parent()

    with pytest.raises(DomainError) as exc:
        world.request(talent, child, confirmed=[])

    assert exc.value.code == "conditions_to_confirm"


def test_talent_cannot_request_for_a_child_of_another_talent(world):
    talent, _kids = world.parent()
    other, (their_child,) = world.parent()

    with pytest.raises(DomainError) as exc:
        world.request(talent, their_child)

    assert exc.value.code == "not_a_child"


def test_another_user_cannot_request_for_a_talent(world):
    talent, (child,) = world.parent()
    stranger = make_user(role=Role.TALENT)

    with pytest.raises(PermissionDenied):
        services.request_enrolment(talent, child, actor=stranger, stage="primary")


def test_officer_takes_a_case_from_requested_to_enrolled(world):
    talent, (child,) = world.parent()
    case = world.request(talent, child)
    officer = world.tuanfeng_officer

    case = services.review_case(case, actor=officer)
    case = services.assign_school(case, actor=officer, school=world.tuanfeng_school)
    case = services.enrol_child(case, actor=officer)

    case.refresh_from_db()
    assert case.state == "enrolled"
    assert case.enrolled_on is not None
    assert case.due_on is None
    assert case.entitlement.state == EntitlementState.GRANTED
    assert [e.to_state for e in case.events.all()] == [
        "requested",
        "reviewed",
        "assigned",
        "enrolled",
    ]
    actions = AuditEvent.objects.filter(target_type="schooling.enrolmentcase").values_list(
        "action", flat=True
    )
    assert set(actions) == {
        "enrolment.request",
        "enrolment.review",
        "enrolment.assign",
        "enrolment.enrol",
    }


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("requested", "assign"),
        ("requested", "enrol"),
        ("reviewed", "enrol"),
        ("reviewed", "review"),
        ("enrolled", "not_place"),
        ("not_placed", "review"),
    ],
)
def test_stage_table_refuses_an_action_out_of_order(world, state, action):
    case = world.case_in(state)
    officer = world.officer_for(case)
    calls = {
        "review": lambda: services.review_case(case, actor=officer),
        "assign": lambda: services.assign_school(case, actor=officer, school=world.tuanfeng_school),
        "enrol": lambda: services.enrol_child(case, actor=officer),
        "not_place": lambda: services.close_not_placed(case, actor=officer, reason="x"),
    }

    with pytest.raises(IllegalTransition):
        calls[action]()


def test_not_placed_needs_a_reason_and_rejects_the_entitlement(world):
    case = world.case_in("reviewed")
    officer = world.officer_for(case)

    with pytest.raises(DomainError) as exc:
        services.close_not_placed(case, actor=officer, reason="  ")
    assert exc.value.code == "reason_required"

    case = services.close_not_placed(case, actor=officer, reason="学位已满，已推荐民办学校")
    case.entitlement.refresh_from_db()
    assert case.state == "not_placed"
    assert case.entitlement.state == EntitlementState.REJECTED


def test_child_not_placed_may_be_requested_again(world):
    case = world.case_in("not_placed")

    again = world.request(case.talent, case.child)

    assert again.pk != case.pk
    assert again.state == "requested"


def test_county_office_cannot_assign_another_county_school(world):
    case = world.case_in("reviewed")

    with pytest.raises(DomainError) as exc:
        services.assign_school(case, actor=world.tuanfeng_officer, school=world.wuxue_school)

    assert exc.value.code == "invalid_school"


def test_school_contact_records_enrolment_of_their_school_only(world):
    case = world.case_in("assigned")

    with pytest.raises(PermissionDenied):
        services.enrol_child(case, actor=world.other_contact)
    case = services.enrol_child(case, actor=world.school_contact)

    assert case.state == "enrolled"


def test_school_contact_cannot_review_or_assign(world):
    case = world.case_in("requested")

    with pytest.raises(PermissionDenied):
        services.review_case(case, actor=world.school_contact)


def test_officer_of_another_county_cannot_move_the_case(world):
    case = world.case_in("requested")

    with pytest.raises(PermissionDenied):
        services.review_case(case, actor=world.wuxue_officer)


def test_enrolment_date_cannot_be_in_the_future(world):
    case = world.case_in("assigned")

    with pytest.raises(DomainError) as exc:
        services.enrol_child(case, actor=world.school_contact, on=date(2100, 9, 1))

    assert exc.value.code == "invalid_date"


def test_benefit_missing_from_catalogue_means_no_service(world):
    world.benefit.is_active = False
    world.benefit.save(update_fields=["is_active"])
    talent, (child,) = world.parent()

    with pytest.raises(DomainError) as exc:
        world.request(talent, child)

    assert exc.value.code == "schooling_unavailable"


def test_request_tells_the_office_officers_and_no_other(world):
    from rencai.core.models import Notification

    talent, (child,) = world.parent()

    world.request(talent, child)

    assert Notification.objects.filter(recipient=world.tuanfeng_officer).count() == 1
    assert not Notification.objects.filter(recipient=world.wuxue_officer).exists()


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 3, 1), 2026), (date(2026, 8, 31), 2026), (date(2026, 9, 1), 2027)],
)
def test_school_year_is_the_next_intake(today, year):
    assert services._school_year(today) == year


def test_enrolment_cannot_predate_an_early_morning_assignment(world):
    # Given a school assigned at 07:30 on 10 June in Huanggang (still 9 June in UTC)
    import time_machine

    from rencai.schooling.tests.test_workflow import SHANGHAI

    case = world.case_in("reviewed")
    with time_machine.travel(datetime(2026, 6, 10, 7, 30, tzinfo=SHANGHAI)):
        case = services.assign_school(
            case, actor=world.tuanfeng_officer, school=world.tuanfeng_school
        )
        # When the school dates the enrolment 9 June, then the refusal; 10 June is fine
        with pytest.raises(DomainError):
            services.enrol_child(case, actor=world.school_contact, on=date(2026, 6, 9))
        case = services.enrol_child(case, actor=world.school_contact, on=date(2026, 6, 10))

    assert case.enrolled_on == date(2026, 6, 10)
