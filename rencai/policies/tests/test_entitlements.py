"""Entitlements: one live per benefit and per exclusivity group, the transition table,
versions recorded, and who may record them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import selectors, services
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.models import Entitlement
from rencai.policies.services.entitlements import TRANSITIONS
from rencai.talents.tests.factories import make_talent

from .factories import LAUNCH, make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
S = EntitlementState


@pytest.fixture
def task_force():
    return make_user(role=Role.TASK_FORCE)


def record(talent, benefit, actor, **kwargs):
    return services.record_entitlement(talent, benefit, actor=actor, **kwargs)


def test_recording_stores_version_group_and_an_audit_event(task_force):
    benefit = make_benefit(exclusivity_group="housing_support")
    talent = make_talent()
    entitlement = record(talent, benefit, task_force, state=S.PAID, amount_fen=3_000_000)
    assert entitlement.version == selectors.latest_published(benefit)
    assert entitlement.exclusivity_group == "housing_support"
    assert entitlement.granted_on == timezone.localdate()
    assert entitlement.recorded_by == task_force
    assert AuditEvent.objects.filter(action="entitlement.record").count() == 1


def test_second_live_entitlement_of_the_same_benefit_is_a_conflict(task_force):
    benefit = make_benefit()
    talent = make_talent()
    record(talent, benefit, task_force)
    with pytest.raises(Conflict) as caught:
        record(talent, benefit, task_force, state=S.GRANTED)
    assert caught.value.status == 409
    assert Entitlement.objects.filter(talent=talent).count() == 1


def test_second_live_entitlement_in_the_same_group_is_a_conflict(task_force):
    subsidy = make_benefit(exclusivity_group="housing_support", name="购房补贴")
    apartment = make_benefit(exclusivity_group="housing_support", name="人才公寓")
    talent = make_talent()
    record(talent, subsidy, task_force, state=S.GRANTED)
    with pytest.raises(Conflict) as caught:
        record(talent, apartment, task_force)
    assert "购房补贴" in str(caught.value.message)


def test_a_rejected_or_withdrawn_entitlement_does_not_block(task_force):
    subsidy = make_benefit(exclusivity_group="housing_support")
    apartment = make_benefit(exclusivity_group="housing_support")
    talent = make_talent()
    first = record(talent, subsidy, task_force)
    services.transition_entitlement(first, actor=task_force, to_state=S.REJECTED)
    again = record(talent, subsidy, task_force)
    services.transition_entitlement(again, actor=task_force, to_state=S.WITHDRAWN)
    assert record(talent, apartment, task_force).state == S.PENDING


def test_the_database_refuses_a_second_live_entitlement_even_without_the_service(task_force):
    from django.db import IntegrityError, transaction

    benefit = make_benefit()
    talent = make_talent()
    first = record(talent, benefit, task_force)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.create(
            talent=talent,
            benefit=benefit,
            version=first.version,
            source=EntitlementSource.OFFICER,
        )


def test_other_talents_and_benefits_do_not_conflict(task_force):
    subsidy = make_benefit(exclusivity_group="housing_support")
    other = make_benefit()
    talent, neighbour = make_talent(), make_talent()
    record(talent, subsidy, task_force)
    record(talent, other, task_force)
    record(neighbour, subsidy, task_force)
    assert Entitlement.objects.live().count() == 3


ALLOWED = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in TRANSITIONS for b in S.values if b not in TRANSITIONS[a]]


def _in_state(state, benefit, talent, actor):
    entitlement = record(talent, benefit, actor)
    path = {
        S.PENDING: [],
        S.GRANTED: [S.GRANTED],
        S.PAID: [S.GRANTED, S.PAID],
        S.ENDED: [S.GRANTED, S.ENDED],
        S.REJECTED: [S.REJECTED],
        S.WITHDRAWN: [S.WITHDRAWN],
    }[state]
    for step in path:
        entitlement = services.transition_entitlement(entitlement, actor=actor, to_state=step)
    return entitlement


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_allowed_transition(task_force, start, to):
    entitlement = _in_state(start, make_benefit(), make_talent(), task_force)
    moved = services.transition_entitlement(entitlement, actor=task_force, to_state=to)
    assert moved.state == to
    assert AuditEvent.objects.filter(action="entitlement.transition", target_id=str(moved.pk))


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_refused_transition(task_force, start, to):
    entitlement = _in_state(start, make_benefit(), make_talent(), task_force)
    with pytest.raises(ValidationError):
        services.transition_entitlement(entitlement, actor=task_force, to_state=to)
    entitlement.refresh_from_db()
    assert entitlement.state == start


def test_granting_and_ending_set_their_dates(task_force):
    entitlement = record(make_talent(), make_benefit(), task_force)
    granted = services.transition_entitlement(
        entitlement, actor=task_force, to_state=S.GRANTED, amount_fen=100_00
    )
    assert granted.granted_on == timezone.localdate()
    assert granted.amount_fen == 100_00
    ended = services.transition_entitlement(granted, actor=task_force, to_state=S.ENDED)
    assert ended.ended_on == timezone.localdate()


def test_the_version_is_the_one_in_force_on_the_grant_date(task_force):
    benefit = make_benefit()
    services.update_draft(benefit, actor=task_force, fields={"note": "v2"})
    today = timezone.localdate()
    services.publish_draft(benefit, actor=task_force, effective_from=today)
    old = record(make_talent(), benefit, task_force, state=S.PAID, granted_on=LAUNCH)
    new = record(make_talent(), benefit, task_force, state=S.PAID)
    assert (old.version.number, new.version.number) == (1, 2)


def test_a_grant_date_before_any_version_is_refused(task_force):
    benefit = make_benefit()
    with pytest.raises(ValidationError) as caught:
        record(make_talent(), benefit, task_force, state=S.PAID, granted_on=LAUNCH - timedelta(1))
    assert "granted_on" in caught.value.message_dict


def test_county_officer_records_for_their_county_only():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    benefit = make_benefit()
    assert record(make_talent(county=tuanfeng), benefit, officer).pk
    with pytest.raises(NotFound):
        record(make_talent(county=wuxue), benefit, officer)


def test_owning_department_records_for_talents_it_sees_other_departments_do_not():
    housing = make_department("housing")
    benefit = make_benefit(owning_department=housing)
    other = make_benefit(owning_department=make_department("hrss"))
    talent = make_talent()
    task_force = make_user(role=Role.TASK_FORCE)
    record(talent, other, task_force)  # the talent is not visible to housing yet
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    with pytest.raises(NotFound):
        record(talent, benefit, officer)
    record(talent, benefit, task_force)  # now housing's ledger holds the talent
    with pytest.raises(PermissionDenied):
        services.record_entitlement(talent, other, actor=officer)


def test_clerk_and_liaison_may_not_record():
    talent = make_talent()
    benefit = make_benefit()
    for role in (Role.HOSPITAL_LIAISON, Role.SCHOOL_CONTACT, Role.TALENT):
        with pytest.raises((NotFound, PermissionDenied)):
            record(talent, benefit, make_user(role=role))


def test_the_explanation_is_stored_as_plain_json(task_force):
    from rencai.policies import evaluation
    from rencai.talents.tests.factories import make_degree

    benefit = make_benefit()
    today = timezone.localdate()
    talent = make_talent(degree=make_degree("master"), birth_date=today - timedelta(days=30 * 365))
    version = selectors.current_version(benefit, today)
    explanation = evaluation.explain(
        version, evaluation.talent_for_evaluation(talent.pk, today), today
    )
    entitlement = record(talent, benefit, task_force, explanation=explanation)
    entitlement.refresh_from_db()
    assert entitlement.explanation["outcome"] == "true"
    assert entitlement.explanation["conditions"][0]["fact"] == "degree"


# --- beneficiaries: the talent or one family member --------------------------------------


def test_two_children_each_hold_their_own_entitlement_but_never_two_each():
    from rencai.talents.choices import Relation
    from rencai.talents.models import FamilyMember

    benefit = make_benefit(covers_family=True)
    talent = make_talent()
    first, second = (
        FamilyMember.objects.create(
            talent=talent, relation=Relation.CHILD, name=name, birth_date=date(2016, 3, 1)
        )
        for name in ("大宝", "二宝")
    )

    for child in (first, second):
        services.record_entitlement(talent, benefit, actor=None, beneficiary=child)
    with pytest.raises(Conflict):
        services.record_entitlement(talent, benefit, actor=None, beneficiary=first)

    assert Entitlement.objects.filter(benefit=benefit).count() == 2


def test_a_benefit_that_does_not_cover_family_refuses_a_family_beneficiary():
    from rencai.talents.choices import Relation
    from rencai.talents.models import FamilyMember

    benefit = make_benefit()
    talent = make_talent()
    spouse = FamilyMember.objects.create(talent=talent, relation=Relation.SPOUSE, name="配偶")

    with pytest.raises(ValidationError) as refused:
        services.record_entitlement(talent, benefit, actor=None, beneficiary=spouse)

    assert "beneficiary" in refused.value.message_dict
