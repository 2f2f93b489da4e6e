"""Decisions: eligibility checked again at approval (ignoring the case's own entitlement),
budgets never exceeded, 免申即享 cases opened from outreach and approved in bulk."""

import pytest
from django.core.exceptions import ValidationError

from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent, Notification
from rencai.desk import services
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.errors import NotEligible
from rencai.desk.models import Application, Budget
from rencai.policies import services as policy_services
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.tests.factories import make_benefit
from rencai.talents.tests.factories import make_degree

from .factories import (
    DEGREE_RULE,
    YEAR,
    Desk,
    make_department,
    make_master,
    make_officer,
    make_talent_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState


# --- eligibility at approval --------------------------------------------------------------


def test_approval_is_blocked_with_reasons_when_the_degree_no_longer_qualifies():
    desk = Desk()
    case = desk.case_in(A.ACCEPTED)
    desk.talent.degree = make_degree("bachelor")  # corrected after submission
    desk.talent.save()

    with pytest.raises(NotEligible) as caught:
        services.approve_application(case, actor=desk.housing_officer)

    assert caught.value.code == "no_longer_eligible"
    assert "大学本科" in caught.value.fields["eligibility"][0]
    case.refresh_from_db()
    assert case.state == A.ACCEPTED
    assert not case.approvals.exists()
    assert Budget.objects.get(benefit=desk.benefit).committed_fen == 0


def test_approval_is_blocked_when_the_talent_has_passed_the_age_limit():
    desk = Desk(rule={"and": [DEGREE_RULE, {"<=": [{"var": "age"}, 35]}]})
    case = desk.case_in(A.ACCEPTED)
    # The birth date is corrected: the talent is 36 on the day of the decision.
    desk.talent.birth_date = desk.talent.birth_date.replace(year=YEAR - 36)
    desk.talent.save()

    with pytest.raises(NotEligible) as caught:
        services.approve_application(case, actor=desk.housing_officer)

    assert "35" in caught.value.fields["eligibility"][0]


def test_the_cases_own_pending_entitlement_does_not_count_against_it():
    # A rule that refuses anyone who already holds (or has applied for) this very benefit.
    desk = Desk()
    own = {"not": {"has": [{"var": "entitlements"}, desk.benefit.code]}}
    policy_services.update_draft(
        desk.benefit, actor=None, fields={"rule": {"and": [DEGREE_RULE, own]}}
    )
    policy_services.publish_draft(desk.benefit, actor=None)
    case = desk.case_in(A.ACCEPTED)
    assert case.version.number == 2

    case = services.approve_application(case, actor=desk.housing_officer)

    assert case.state == A.APPROVED
    assert case.decision_explanation["status"] == "eligible"


def test_another_benefit_of_the_group_held_meanwhile_blocks_approval():
    desk = Desk()
    other = make_benefit(owning_department=desk.housing, rule=DEGREE_RULE)
    rule = {"and": [DEGREE_RULE, {"not": {"has": [{"var": "entitlements"}, other.code]}}]}
    policy_services.update_draft(desk.benefit, actor=None, fields={"rule": rule})
    policy_services.publish_draft(desk.benefit, actor=None)
    case = desk.case_in(A.ACCEPTED)
    policy_services.record_entitlement(
        desk.talent, other, actor=None, state=EntitlementState.GRANTED
    )

    with pytest.raises(NotEligible) as caught:
        services.approve_application(case, actor=desk.housing_officer)

    assert other.name in caught.value.fields["eligibility"][0]


def test_approval_grants_the_entitlement_and_stores_the_decision():
    desk = Desk()
    case = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)

    assert case.decided_at is not None
    assert case.handling_seconds is not None
    assert case.handling_working_days == 0
    assert case.decision_explanation["status"] == "eligible"
    case.entitlement.refresh_from_db()
    assert case.entitlement.state == EntitlementState.GRANTED
    assert case.entitlement.amount_fen == 3_000_000
    assert AuditEvent.objects.filter(action="application.approve").count() == 1


def test_rejection_needs_a_reason_and_rejects_the_entitlement():
    desk = Desk()
    case = services.reject_application(
        desk.case_in(A.ACCEPTED), actor=desk.housing_officer, reason="购房合同未备案"
    )
    assert case.reason == "购房合同未备案"
    case.entitlement.refresh_from_db()
    assert case.entitlement.state == EntitlementState.REJECTED


# --- budgets ------------------------------------------------------------------------------


def test_approval_that_would_exceed_the_budget_is_refused_with_the_figures():
    desk = Desk(budget_fen=5_000_000)  # ¥50,000: room for one ¥30,000 subsidy
    first = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)
    second = desk.case_in(A.ACCEPTED, talent=make_master())

    with pytest.raises(Conflict) as caught:
        services.approve_application(second, actor=desk.housing_officer)

    assert caught.value.code == "budget_exceeded"
    assert "¥20,000.00" in str(caught.value.message)
    assert "¥30,000.00" in str(caught.value.message)
    budget = Budget.objects.get(benefit=desk.benefit)
    assert (budget.amount_fen, budget.committed_fen, budget.spent_fen) == (5_000_000, 3_000_000, 0)
    assert budget.remaining_fen == 2_000_000
    assert first.state == A.APPROVED
    second.refresh_from_db()
    assert second.state == A.ACCEPTED


def test_approval_without_a_budget_for_the_year_is_refused():
    desk = Desk(budget_fen=None)
    with pytest.raises(Conflict) as caught:
        services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)
    assert caught.value.code == "no_budget"


def test_a_benefit_in_kind_needs_no_budget():
    desk = Desk(budget_fen=None, amount={"kind": "none"})
    case = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)
    assert case.state == A.APPROVED
    assert case.amount_fen is None


def test_a_budget_cannot_be_set_below_what_is_committed():
    desk = Desk()
    services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)
    with pytest.raises(ValidationError):
        services.set_budget(desk.benefit, actor=desk.finance_officer, year=YEAR, amount_fen=100)
    budget = services.set_budget(
        desk.benefit, actor=desk.finance_officer, year=YEAR, amount_fen=3_000_000
    )
    assert budget.remaining_fen == 0


def test_only_the_paying_department_or_the_task_force_sets_a_budget():
    desk = Desk()
    with pytest.raises(PermissionDenied):
        services.set_budget(
            desk.benefit, actor=desk.housing_officer, year=YEAR + 1, amount_fen=1_000
        )
    budget = services.set_budget(
        desk.benefit, actor=desk.finance_officer, year=YEAR + 1, amount_fen=1_000
    )
    assert budget.department == desk.finance
    assert AuditEvent.objects.filter(action="budget.set").count() == 1


# --- 免申即享: outreach's pending entitlements become cases -----------------------------


def outreach_find(talent, benefit):
    return policy_services.record_entitlement(
        talent, benefit, actor=None, source=EntitlementSource.OUTREACH
    )


def test_pending_outreach_entitlements_become_cases_in_the_departments_queue():
    desk = Desk(no_application=True)
    found = [make_master() for _ in range(3)]
    for talent in found:
        outreach_find(talent, desk.benefit)

    opened = services.open_cases_for_pending_entitlements(desk.benefit, actor=desk.housing_officer)
    again = services.open_cases_for_pending_entitlements(desk.benefit)

    assert len(opened) == 3
    assert again == []
    for case in opened:
        assert case.channel == Channel.OUTREACH
        assert case.state == A.ACCEPTED
        assert case.department == desk.housing
        assert case.amount_fen == 3_000_000
    assert Notification.objects.filter(subject_type="talents.talent").count() == 3


def test_only_benefits_granted_without_application_open_cases_from_outreach():
    desk = Desk()
    with pytest.raises(DomainError) as caught:
        services.open_cases_for_pending_entitlements(desk.benefit)
    assert caught.value.code == "benefit_not_open"


def test_other_departments_may_not_open_outreach_cases():
    desk = Desk(no_application=True)
    with pytest.raises(PermissionDenied):
        services.open_cases_for_pending_entitlements(desk.benefit, actor=desk.finance_officer)


def test_bulk_approval_checks_each_case_and_reports_each_result():
    desk = Desk(no_application=True, budget_fen=6_000_000)  # room for two
    talents = [make_master() for _ in range(3)]
    for talent in talents:
        outreach_find(talent, desk.benefit)
    cases = services.open_cases_for_pending_entitlements(desk.benefit)
    lapsed = talents[0]
    lapsed.degree = make_degree("bachelor")
    lapsed.save()

    results = services.bulk_approve(cases, actor=desk.housing_officer)

    by_case = {r.application_id: r for r in results}
    assert by_case[cases[0].pk].code == "no_longer_eligible"
    assert by_case[cases[1].pk].ok
    assert by_case[cases[2].pk].ok
    assert Application.objects.filter(state=A.APPROVED).count() == 2
    assert AuditEvent.objects.filter(action="application.approve").count() == 2
    assert AuditEvent.objects.filter(action="application.bulk_approve").count() == 1


def test_bulk_approval_refuses_what_exceeds_the_budget_and_approves_the_rest():
    desk = Desk(no_application=True, budget_fen=3_000_000)  # room for one
    for _ in range(2):
        outreach_find(make_master(), desk.benefit)
    cases = services.open_cases_for_pending_entitlements(desk.benefit)

    results = services.bulk_approve(cases, actor=desk.housing_officer)

    assert [r.ok for r in results] == [True, False]
    assert results[1].code == "budget_exceeded"


def test_bulk_approval_by_someone_who_may_not_decide_approves_nothing():
    desk = Desk(no_application=True)
    outreach_find(make_master(), desk.benefit)
    cases = services.open_cases_for_pending_entitlements(desk.benefit)
    education = make_officer(make_department("education"))
    talent = make_talent_user(make_master())

    for actor in (desk.finance_officer, talent, education):
        results = services.bulk_approve(cases, actor=actor)
        assert results[0].code == "permission_denied"
    assert not Application.objects.filter(state=A.APPROVED).exists()
