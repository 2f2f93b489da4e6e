"""The catalogue: drafts checked by the rule language, publishing, versions kept."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.errors import PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user
from rencai.policies import selectors, services
from rencai.policies.choices import EntitlementState, VersionStatus
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import LAUNCH, MASTER_RULE, make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def task_force():
    return make_user(role=Role.TASK_FORCE)


def rule_messages(benefit, actor, rule) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.update_draft(benefit, actor=actor, fields={"rule": rule})
    return caught.value.message_dict["rule"]


@pytest.mark.parametrize(
    ("rule", "path", "words"),
    [
        ({"and": [{"<=": [{"var": "salary"}, 5]}]}, "$.and[0].<=[0].var", "salary"),
        ({"and": [{">=": [{"var": "degree"}, 3]}]}, "$.and[0].>=[1]", ""),
        ({"and": [{"<=": [{"var": "age"}, "thirty"]}]}, "$.and[0].<=[1]", ""),
        ({"and": [{"<": [{"var": "sex"}, "M"]}]}, "$.and[0]", "<"),
        ({"and": [{"between": [{"var": "age"}, 1]}]}, "$.and[0]", "between"),
        ({"and": [{">=": [{"var": "degree"}, "phd"]}]}, "$.and[0].>=[1]", "phd"),
    ],
    ids=[
        "unknown-fact",
        "wrong-type-ranked",
        "wrong-type-years",
        "operator-not-for-type",
        "unknown-operator",
        "unknown-code",
    ],
)
def test_draft_refuses_a_bad_rule_with_the_path(task_force, rule, path, words):
    # given a benefit with a published rule
    benefit = make_benefit()
    # when a draft is saved with a bad rule
    messages = rule_messages(benefit, task_force, rule)
    # then each message names the path to the offending node, and nothing was saved
    assert any(path in m and words in m for m in messages), messages
    draft = selectors.draft_of(benefit)
    assert draft is None or draft.rule == MASTER_RULE


def test_draft_refuses_a_bad_amount_with_the_path(task_force):
    benefit = make_benefit()
    with pytest.raises(ValidationError) as caught:
        services.update_draft(
            benefit, actor=task_force, fields={"amount": {"kind": "fixed", "yuan": 3.5}}
        )
    assert any("$.yuan" in m for m in caught.value.message_dict["amount"])


def test_editing_starts_a_draft_copied_from_the_published_version(task_force):
    benefit = make_benefit(amount={"kind": "fixed", "yuan": "1000.00"})
    draft = services.update_draft(benefit, actor=task_force, fields={"note": "调整年龄"})
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert draft.rule == MASTER_RULE
    assert draft.amount == {"kind": "fixed", "yuan": "1000.00"}
    assert AuditEvent.objects.filter(action="benefit.draft_update").exists()


def test_publishing_v2_leaves_v1_and_its_entitlements_alone(task_force):
    # given an entitlement recorded under v1
    benefit = make_benefit(amount={"kind": "fixed", "yuan": "1000.00"})
    v1 = selectors.latest_published(benefit)
    talent = make_talent(degree=make_degree("master"))
    entitlement = services.record_entitlement(
        talent,
        benefit,
        actor=task_force,
        state=EntitlementState.GRANTED,
        granted_on=LAUNCH + timedelta(days=10),
    )
    # when a changed rule is published as v2
    new_rule = {"and": [{">=": [{"var": "degree"}, "doctorate"]}]}
    services.update_draft(benefit, actor=task_force, fields={"rule": new_rule})
    today = timezone.localdate()
    v2 = services.publish_draft(benefit, actor=task_force, effective_from=today)
    # then v1 is unchanged, the entitlement still points at it, and v2 is in force today
    v1.refresh_from_db()
    entitlement.refresh_from_db()
    assert v1.rule == MASTER_RULE
    assert v1.status == VersionStatus.PUBLISHED
    assert entitlement.version_id == v1.pk
    assert selectors.current_version(benefit, today) == v2
    assert selectors.current_version(benefit, today - timedelta(days=1)) == v1
    assert AuditEvent.objects.filter(action="benefit.publish", target_id=str(v2.pk)).exists()


def test_current_version_is_none_before_the_first_takes_effect():
    benefit = make_benefit()
    assert selectors.current_version(benefit, LAUNCH - timedelta(days=1)) is None
    assert selectors.current_version(benefit, LAUNCH).number == 1


def test_a_draft_is_not_in_force():
    benefit = make_benefit(published=False)
    assert selectors.current_version(benefit, date(2030, 1, 1)) is None
    assert selectors.current_benefits(date(2030, 1, 1)) == []


def test_publishing_before_the_previous_version_takes_effect_is_refused(task_force):
    benefit = make_benefit()
    services.update_draft(benefit, actor=task_force, fields={"note": "x"})
    with pytest.raises(ValidationError) as caught:
        services.publish_draft(benefit, actor=task_force, effective_from=LAUNCH - timedelta(1))
    assert "effective_from" in caught.value.message_dict


def test_publishing_needs_a_rule(task_force):
    benefit = make_benefit(rule={}, published=False)
    with pytest.raises(ValidationError) as caught:
        services.publish_draft(benefit, actor=task_force)
    assert "rule" in caught.value.message_dict


def test_owning_department_officer_edits_and_publishes_their_benefit():
    housing = make_department("housing")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    benefit = make_benefit(owning_department=housing)
    services.update_draft(benefit, actor=officer, fields={"note": "x"})
    version = services.publish_draft(benefit, actor=officer, effective_from=timezone.localdate())
    assert version.published_by == officer


def test_department_officer_of_another_department_cannot_edit():
    benefit = make_benefit(owning_department=make_department("housing"))
    other = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("hrss"))
    with pytest.raises(PermissionDenied):
        services.update_draft(benefit, actor=other, fields={"note": "x"})
    with pytest.raises(PermissionDenied):
        services.publish_draft(benefit, actor=other)


def test_county_officer_cannot_edit_a_benefit():
    benefit = make_benefit()
    officer = make_user(role=Role.COUNTY_OFFICER)
    with pytest.raises(PermissionDenied):
        services.update_benefit(benefit, actor=officer, fields={"name": "改名"})
    with pytest.raises(PermissionDenied):
        services.update_draft(benefit, actor=officer, fields={"rule": MASTER_RULE})


def test_department_officer_cannot_move_a_benefit_to_another_department():
    housing = make_department("housing")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    benefit = make_benefit(owning_department=housing)
    with pytest.raises(PermissionDenied):
        services.update_benefit(
            benefit, actor=officer, fields={"owning_department": make_department("hrss")}
        )


def test_department_officer_creates_benefits_only_for_their_department():
    from .factories import make_policy

    housing = make_department("housing")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    policy = make_policy()
    mine = services.create_benefit(
        policy, actor=officer, fields={"code": "mine", "name": "我的", "owning_department": housing}
    )
    assert mine.versions.get().status == VersionStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.create_benefit(
            policy,
            actor=officer,
            fields={
                "code": "theirs",
                "name": "别人的",
                "owning_department": make_department("hrss"),
            },
        )


def test_monthly_benefit_needs_months(task_force):
    from .factories import make_policy

    with pytest.raises(ValidationError) as caught:
        services.create_benefit(
            make_policy(),
            actor=task_force,
            fields={
                "code": "allowance",
                "name": "生活补贴",
                "owning_department": make_department(),
                "periodicity": "monthly",
            },
        )
    assert "months" in caught.value.message_dict
