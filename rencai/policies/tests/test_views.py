"""Pages: the public handbook, the catalogue, the rule editor and its live count, records."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import selectors, services
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit, make_department, make_policy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.portable,
]


def test_handbook_is_public_and_shows_examples_amounts_and_plain_rules(client):
    # given a published example benefit and one that is only a draft
    policy = make_policy(title="人才安居办法（示例）", is_example=True)
    make_benefit(
        policy=policy,
        name="购房补贴",
        amount=DEGREE_TABLE,
        to_confirm=["在黄冈市首次购房"],
        time_target=5,
    )
    make_benefit(policy=policy, name="未发布的待遇", published=False)
    # when anyone opens the handbook
    response = client.get(reverse("policies:handbook"))
    # then it shows the benefit in plain words, labelled as an example, without the draft
    html = response.content.decode()
    assert response.status_code == 200
    assert "购房补贴" in html
    assert "¥30,000.00" in html
    assert "¥60,000.00" in html
    assert "在黄冈市首次购房" in html
    assert "示例" in html
    assert "硕士研究生" in html
    assert "未发布的待遇" not in html


def test_handbook_hides_expired_policies_and_inactive_benefits(client):
    from datetime import date

    expired = make_policy(effective_from=date(2020, 1, 1), expires_on=date(2021, 1, 1))
    make_benefit(policy=expired, name="过期待遇", effective_from=date(2020, 1, 1))
    make_benefit(name="停用待遇", is_active=False)
    html = client.get(reverse("policies:handbook")).content.decode()
    assert "过期待遇" not in html
    assert "停用待遇" not in html


def test_handbook_has_no_inline_script(client):
    make_benefit()
    html = client.get(reverse("policies:handbook")).content.decode()
    assert "<script>" not in html
    assert "onclick" not in html


def test_catalogue_is_for_officers(client):
    make_benefit(name="购房补贴")
    client.force_login(make_user(role=Role.COUNTY_OFFICER))
    assert "购房补贴" in client.get(reverse("policies:catalogue")).content.decode()
    client.force_login(make_user(role=Role.TALENT))
    assert client.get(reverse("policies:catalogue")).status_code == 403


def test_draft_editor_saves_a_rule_and_shows_the_count(client):
    housing = make_department("housing")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    benefit = make_benefit(owning_department=housing)
    make_talent(degree=make_degree("doctorate"))
    client.force_login(officer)
    url = reverse("policies:benefit-draft", args=[benefit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="rule-facts"' in page.content.decode()
    rule = '{"and": [{">=": [{"var": "degree"}, "doctorate"]}]}'
    response = client.post(
        url,
        {
            "rule": rule,
            "amount": '{"kind": "none"}',
            "to_confirm": "a\nb",
            "effective_from": "2030-01-01",
        },
    )
    assert response.status_code == 302
    draft = selectors.draft_of(benefit)
    assert draft.rule == {"and": [{">=": [{"var": "degree"}, "doctorate"]}]}
    assert draft.to_confirm == ["a", "b"]


def test_draft_editor_shows_the_path_of_a_bad_rule(client):
    benefit = make_benefit()
    client.force_login(make_user(role=Role.TASK_FORCE))
    response = client.post(
        reverse("policies:benefit-draft", args=[benefit.pk]),
        {"rule": '{"and": [{"<=": [{"var": "salary"}, 5]}]}', "effective_from": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "$.and[0].&lt;=[0].var" in response.content.decode()
    assert selectors.draft_of(benefit) is None


def test_county_officer_cannot_open_the_editor_or_publish(client):
    benefit = make_benefit()
    client.force_login(make_user(role=Role.COUNTY_OFFICER))
    assert client.get(reverse("policies:benefit-draft", args=[benefit.pk])).status_code == 403
    assert client.post(reverse("policies:benefit-publish", args=[benefit.pk])).status_code == 403
    assert client.get(reverse("policies:benefit-edit", args=[benefit.pk])).status_code == 403


def test_other_department_cannot_edit(client):
    benefit = make_benefit(owning_department=make_department("housing"))
    other = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("hrss"))
    client.force_login(other)
    assert client.get(reverse("policies:benefit-draft", args=[benefit.pk])).status_code == 403


def test_rule_count_counts_the_whole_city_for_the_task_force_without_names(client):
    make_degree("master")
    make_talent(
        name="张三", degree=make_degree("doctorate"), county=make_county("421182", "武穴市")
    )
    make_talent(name="李四", degree=make_degree("master"))
    client.force_login(make_user(role=Role.TASK_FORCE))
    response = client.post(
        reverse("policies:benefit-rule-count"),
        {"rule": '{">=": [{"var": "degree"}, "doctorate"]}'},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'class="count-selected">1<' in html
    assert "张三" not in html
    assert "李四" not in html


def test_rule_count_shows_errors(client):
    client.force_login(make_user(role=Role.TASK_FORCE))
    response = client.post(
        reverse("policies:benefit-rule-count"), {"rule": '{"<": [{"var": "sex"}, "M"]}'}
    )
    assert "$" in response.content.decode()
    assert "errorlist" in response.content.decode()


def test_publish_from_the_benefit_page(client):
    task_force = make_user(role=Role.TASK_FORCE)
    benefit = make_benefit()
    services.update_draft(benefit, actor=task_force, fields={"note": "新版"})
    client.force_login(task_force)
    response = client.post(
        reverse("policies:benefit-publish", args=[benefit.pk]), {"effective_from": "2030-01-01"}
    )
    assert response.status_code == 302
    assert selectors.latest_published(benefit).number == 2


def test_record_and_transition_an_entitlement(client):
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    talent = make_talent(county=county)
    benefit = make_benefit()
    client.force_login(officer)
    response = client.post(
        reverse("policies:entitlement-record", args=[talent.pk]),
        {"benefit": benefit.pk, "state": "pending"},
    )
    assert response.status_code == 302
    entitlement = talent.entitlements.get()
    detail = reverse("policies:entitlement-detail", args=[entitlement.pk])
    assert client.post(detail, {"to_state": "granted", "amount": "30000.00"}).status_code == 302
    entitlement.refresh_from_db()
    assert (entitlement.state, entitlement.amount_fen) == ("granted", 3_000_000)


def test_entitlement_of_another_county_is_not_found(client):
    benefit = make_benefit()
    theirs = make_talent(county=make_county("421182", "武穴市"))
    entitlement = services.record_entitlement(theirs, benefit, actor=None)
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=make_county("421121")))
    assert (
        client.get(reverse("policies:entitlement-detail", args=[entitlement.pk])).status_code == 404
    )
    assert client.get(reverse("policies:entitlement-record", args=[theirs.pk])).status_code == 404
    assert theirs.name not in client.get(reverse("policies:entitlement-list")).content.decode()


def test_import_page_lists_row_errors(client):
    county = make_county()
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=county))
    make_benefit(code="home_purchase_subsidy")
    book = Workbook()
    book.active.append(["证件号码", "待遇代码", "状态", "金额(元)", "享受日期"])
    book.active.append(["110101199001011234", "home_purchase_subsidy", "办理中", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "ledger.xlsx"
    response = client.post(reverse("policies:entitlement-import"), {"file": buffer})
    assert response.status_code == 200
    assert 'id="import-errors"' in response.content.decode()
    template = client.get(reverse("policies:entitlement-import-template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd")


def test_editor_offers_no_title_and_no_tier_as_values_a_rule_may_name():
    from rencai.policies.views.editor import editor_facts

    facts = {fact["name"]: fact for fact in editor_facts()["facts"]}

    assert facts["title"]["codes"][0]["code"] == "none"
    assert facts["tier"]["codes"][0]["code"] == "none"
    assert all(code["code"] != "none" for code in facts["degree"]["codes"])
