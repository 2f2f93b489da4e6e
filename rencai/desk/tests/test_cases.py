"""Opening and moving cases: eligibility at submission, one live case per benefit and group,
the pending entitlement, idempotency keys, documents before acceptance, audit and notices."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rencai.core.choices import OrganisationKind, ServicePointKind
from rencai.core.errors import Conflict, DomainError, NotFound
from rencai.core.models import AuditEvent, Notification
from rencai.core.tests.factories import make_organisation
from rencai.desk import services
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.errors import DuplicateApplication, NotEligible
from rencai.desk.models import Application, ApplicationEvent
from rencai.desk.selectors import document_code
from rencai.policies import services as policy_services
from rencai.policies.choices import EntitlementSource, EntitlementState, Periodicity
from rencai.policies.facts import CATALOGUE
from rencai.policies.models import Entitlement
from rencai.talents.tests.factories import make_degree, make_tier

from .factories import (
    AGE_RULE,
    Desk,
    add_step,
    make_clerk,
    make_desk_benefit,
    make_master,
    open_case,
    serve,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState


def test_opening_at_the_window_records_a_pending_entitlement_with_the_case():
    desk = Desk()

    case = desk.open()

    assert case.state == A.SUBMITTED
    assert case.channel == Channel.WINDOW
    assert case.clerk == desk.clerk
    assert case.department == desk.housing
    assert case.county == desk.talent.county
    assert case.amount_fen == 3_000_000
    assert case.explanation["status"] == "eligible"
    entitlement = case.entitlement
    assert entitlement.state == EntitlementState.PENDING
    assert entitlement.source == EntitlementSource.DESK
    assert entitlement.version == case.version
    assert AuditEvent.objects.filter(action="application.open", target_id=str(case.pk)).exists()
    assert ApplicationEvent.objects.get(application=case).to_state == A.SUBMITTED


def test_the_talent_is_told_of_every_state_change():
    desk = Desk()
    case = desk.open()
    services.accept_application(case, actor=desk.clerk)

    notices = Notification.objects.filter(recipient=desk.talent_user).order_by("id")
    assert notices.count() == 2
    assert case.number in notices.last().title


def test_window_handling_starts_when_the_clerk_opened_the_talent(mid_morning):
    desk = Desk()
    visit = serve(desk.clerk, desk.talent)
    opened = timezone.now() - timedelta(minutes=4)
    type(visit).objects.filter(pk=visit.pk).update(opened_at=opened)

    case = services.open_application(desk.talent, desk.benefit, actor=desk.clerk)

    assert case.opened_at == opened


def test_a_clerk_cannot_open_a_case_for_a_talent_they_are_not_serving():
    desk = Desk()
    with pytest.raises(NotFound):
        services.open_application(make_master(), desk.benefit, actor=desk.clerk)


def test_not_eligible_is_refused_with_the_reasons():
    desk = Desk()
    bachelor = make_master(degree=make_degree("bachelor"))

    with pytest.raises(NotEligible) as caught:
        desk.open(bachelor)

    assert caught.value.code == "not_eligible"
    assert caught.value.status == 400
    reasons = caught.value.fields["eligibility"]
    assert len(reasons) == 1
    assert "大学本科" in reasons[0]
    assert "硕士研究生" in reasons[0]
    assert not Application.objects.exists()
    assert not Entitlement.objects.exists()


def test_unknown_eligibility_is_refused_naming_the_missing_fact():
    desk = Desk()
    no_degree = make_master(degree=None)

    with pytest.raises(NotEligible) as caught:
        desk.open(no_degree)

    reasons = caught.value.fields["eligibility"]
    assert len(reasons) == 1
    assert str(CATALOGUE.get("degree").label) in reasons[0]


def test_conditions_to_confirm_must_be_confirmed_to_submit():
    desk = Desk(to_confirm=["在黄冈市首次购房", "购房合同已网签备案"])

    with pytest.raises(NotEligible) as caught:
        desk.open(confirmed=["在黄冈市首次购房"])
    assert caught.value.code == "conditions_to_confirm"

    case = desk.open(confirmed=["在黄冈市首次购房", "购房合同已网签备案", "无关的条件"])
    assert case.confirmed == ["在黄冈市首次购房", "购房合同已网签备案"]


def test_a_draft_may_wait_for_confirmation_and_is_checked_when_submitted():
    desk = Desk(to_confirm=["在黄冈市首次购房"])
    draft = desk.open(submit=False)
    assert draft.state == A.DRAFT
    assert draft.submitted_at is None

    with pytest.raises(NotEligible):
        services.submit_application(draft, actor=desk.talent_user)
    case = services.submit_application(
        draft, actor=desk.talent_user, confirmed=["在黄冈市首次购房"]
    )

    assert case.state == A.SUBMITTED
    assert case.submitted_at is not None


def test_a_second_live_case_for_the_same_benefit_is_a_conflict_naming_the_first():
    desk = Desk()
    first = desk.open()

    with pytest.raises(DuplicateApplication) as caught:
        open_case(desk.talent_user, desk.talent, desk.benefit)

    assert caught.value.status == 409
    assert caught.value.application_id == first.pk
    assert first.number in str(caught.value.message)
    assert Application.objects.count() == 1


def test_a_duplicate_names_the_existing_case_only_to_a_clerk_who_may_see_it():
    # given a case opened by a clerk at one window
    desk = Desk()
    first = open_case(desk.clerk, desk.talent, desk.benefit)
    other_clerk = make_clerk()

    # when the same clerk, then a clerk at another window, opens it again
    with pytest.raises(DuplicateApplication) as own:
        open_case(desk.clerk, desk.talent, desk.benefit)
    with pytest.raises(DuplicateApplication) as foreign:
        open_case(other_clerk, desk.talent, desk.benefit)

    # then only the clerk who sees the case learns its number
    assert own.value.application_id == first.pk
    assert first.number in str(own.value.message)
    assert foreign.value.status == 409
    assert foreign.value.application_id is None
    assert first.number not in str(foreign.value.message)
    assert desk.benefit.name in str(foreign.value.message)


def test_a_case_in_the_same_exclusivity_group_is_a_conflict():
    desk = Desk(exclusivity_group="housing_support")
    apartment = make_desk_benefit(
        exclusivity_group="housing_support", owning_department=desk.housing
    )
    first = desk.open()

    with pytest.raises(DuplicateApplication) as caught:
        open_case(desk.clerk, desk.talent, apartment)

    assert caught.value.application_id == first.pk


@pytest.mark.parametrize("end", ["reject", "withdraw"])
def test_after_a_rejection_or_withdrawal_the_talent_may_apply_again(end):
    desk = Desk()
    first = desk.case_in(A.REJECTED if end == "reject" else A.WITHDRAWN)

    second = desk.open()

    assert second.pk != first.pk
    assert second.entitlement_id != first.entitlement_id


def test_the_same_idempotency_key_returns_the_same_case():
    desk = Desk()
    first = desk.open(idempotency_key="k-1")
    again = desk.open(idempotency_key="k-1")

    assert again.pk == first.pk
    assert Application.objects.count() == 1


def test_an_idempotency_key_reused_for_another_benefit_is_refused():
    desk = Desk()
    other = make_desk_benefit(owning_department=desk.housing)
    desk.open(idempotency_key="k-1")

    with pytest.raises(Conflict) as caught:
        open_case(desk.clerk, desk.talent, other, idempotency_key="k-1")

    assert caught.value.code == "idempotency_key_reused"


def test_a_retried_transition_with_the_same_key_acts_once():
    desk = Desk()
    case = desk.open()
    services.accept_application(case, actor=desk.clerk, idempotency_key="t-1")

    again = services.accept_application(case, actor=desk.clerk, idempotency_key="t-1")

    assert again.state == A.ACCEPTED
    assert ApplicationEvent.objects.filter(application=case, to_state=A.ACCEPTED).count() == 1


def test_accepting_needs_every_document_on_the_checklist():
    desk = Desk(documents=["居民身份证", "购房合同"])
    case = desk.open()

    with pytest.raises(DomainError) as caught:
        services.accept_application(case, actor=desk.clerk)
    assert caught.value.code == "documents_missing"
    assert caught.value.fields["documents"] == ["居民身份证", "购房合同"]

    for name in ("居民身份证", "购房合同"):
        services.mark_document_seen(case, actor=desk.clerk, code=document_code(name))
    assert services.accept_application(case, actor=desk.clerk).state == A.ACCEPTED


def test_returning_needs_a_reason_and_clears_step_approvals():
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1)
    add_step(desk.benefit, desk.finance, order=2)
    case = services.approve_application(desk.case_in(A.ACCEPTED), actor=desk.housing_officer)

    with pytest.raises(DomainError) as caught:
        services.return_application(case, actor=desk.finance_officer, reason=" ")
    assert caught.value.code == "reason_required"
    case = services.return_application(case, actor=desk.finance_officer, reason="缺发票")

    assert case.state == A.RETURNED
    assert case.reason == "缺发票"
    assert case.step == 1
    assert not case.approvals.exists()


def test_resubmission_checks_eligibility_again():
    desk = Desk()
    case = desk.case_in(A.RETURNED)
    desk.talent.degree = make_degree("bachelor")
    desk.talent.save()

    with pytest.raises(NotEligible):
        services.resubmit_application(case, actor=desk.talent_user)


def test_withdrawing_withdraws_the_entitlement():
    desk = Desk()
    case = services.withdraw_application(desk.open(), actor=desk.talent_user, reason="已不需要")

    assert case.state == A.WITHDRAWN
    case.entitlement.refresh_from_db()
    assert case.entitlement.state == EntitlementState.WITHDRAWN


def test_closing_a_monthly_benefit_ends_its_entitlement_and_releases_unpaid_budget():
    desk = Desk(
        periodicity=Periodicity.MONTHLY, months=12, amount={"kind": "fixed", "yuan": "1000.00"}
    )
    case = desk.case_in(A.APPROVED)
    services.disburse(case, actor=desk.finance_officer)
    budget = desk.benefit.budgets.get()
    assert (budget.committed_fen, budget.spent_fen) == (1_100_000, 100_000)

    case = services.close_application(case, actor=desk.housing_officer)

    budget.refresh_from_db()
    assert (budget.committed_fen, budget.spent_fen) == (0, 100_000)
    case.entitlement.refresh_from_db()
    assert case.entitlement.state == EntitlementState.ENDED


def test_an_inactive_or_unpublished_benefit_is_not_open():
    desk = Desk()
    desk.benefit.is_active = False
    desk.benefit.save()
    with pytest.raises(DomainError) as caught:
        desk.open()
    assert caught.value.code == "benefit_not_open"


def test_a_benefit_recorded_before_rencai_blocks_a_new_case():
    desk = Desk(rule=AGE_RULE)
    holder = make_master(tier=make_tier("E"))
    policy_services.record_entitlement(
        holder, desk.benefit, actor=None, state=EntitlementState.PAID, amount_fen=3_000_000
    )
    with pytest.raises(DuplicateApplication) as caught:
        desk.open(holder)
    assert caught.value.application_id is None


def test_a_money_benefit_whose_amount_cannot_be_computed_is_refused():
    table = {"kind": "table", "fact": "degree", "rows": {"doctorate": "60000.00"}}
    desk = Desk(amount=table)  # no row for a master's degree, and no default
    with pytest.raises(DomainError) as caught:
        desk.open()
    assert caught.value.code == "amount_unknown"


def test_a_clerk_at_a_talent_station_opens_station_cases():
    station = make_organisation(
        OrganisationKind.SERVICE_POINT, service_point_kind=ServicePointKind.TALENT_STATION
    )
    desk = Desk()
    clerk = make_clerk(service_point=station)

    case = open_case(clerk, desk.talent, desk.benefit)

    assert case.channel == Channel.STATION
    assert case.service_point == station
