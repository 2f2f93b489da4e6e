"""The rule editor's amount as a form: a table is rows of "when the fact is … → amount", saved
as the same JSON as before, with each error on its own row."""

import re

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies import selectors
from rencai.talents.tests.factories import make_degree

from .factories import DEGREE_TABLE, make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

RULE = '{"and": [{">=": [{"var": "degree"}, "master"]}]}'


@pytest.fixture
def editor(client):
    housing = make_department("housing")
    make_degree("master", "硕士研究生")
    make_degree("doctorate", "博士研究生")
    benefit = make_benefit(owning_department=housing, amount=DEGREE_TABLE)
    client.force_login(make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing))
    return benefit, reverse("policies:benefit-draft", args=[benefit.pk])


def post(client, url, *, kind="table", rows=(), fact="degree", default="", fixed="", amount=""):
    data = {
        "rule": RULE,
        "amount": amount,
        "to_confirm": "",
        "effective_from": "2030-01-01",
        "amount_form-kind": kind,
        "amount_form-fixed_yuan": fixed,
        "amount_form-table_fact": fact,
        "amount_form-table_default": default,
        "amount_row-TOTAL_FORMS": str(len(rows)),
        "amount_row-INITIAL_FORMS": "0",
    }
    for i, (value, yuan) in enumerate(rows):
        data[f"amount_row-{i}-value"] = value
        data[f"amount_row-{i}-yuan"] = yuan
    return client.post(url, data)


def test_the_editor_shows_a_saved_table_as_rows_not_json(client, editor):
    _benefit, url = editor

    html = client.get(url).content.decode()

    assert 'id="amount-editor"' in html
    assert re.search(r'value="table"[^>]*checked', html)
    assert 'name="amount_row-0-value"' in html
    assert '<option value="master" selected>硕士研究生</option>' in html
    assert 'value="30000.00"' in html


def test_a_table_saved_from_rows_is_the_same_json_as_before(client, editor):
    benefit, url = editor

    response = post(client, url, rows=[("master", "30000"), ("doctorate", "60000.00"), ("", "")])

    assert response.status_code == 302
    assert selectors.draft_of(benefit).amount == DEGREE_TABLE


def test_a_default_amount_is_kept_as_the_tables_default(client, editor):
    benefit, url = editor

    post(client, url, rows=[("master", "30000")], default="1000")

    assert selectors.draft_of(benefit).amount == {
        "kind": "table",
        "fact": "degree",
        "rows": {"master": "30000.00"},
        "default": "1000.00",
    }


def test_each_row_shows_its_own_error_and_nothing_is_saved(client, editor):
    benefit, url = editor

    response = post(client, url, rows=[("master", ""), ("doctorate", "1"), ("doctorate", "2")])

    assert response.status_code == 200
    html = response.content.decode()
    first = html[html.index('id="amount-row-0"') : html.index('id="amount-row-1"')]
    third = html[html.index('id="amount-row-2"') :]
    assert "请填写本行金额" in first
    assert "该情形已有一行" in third
    assert selectors.draft_of(benefit) is None


def test_a_fixed_amount_and_no_money_are_saved_as_before(client, editor):
    benefit, url = editor

    post(client, url, kind="fixed", fixed="5000")
    assert selectors.draft_of(benefit).amount == {"kind": "fixed", "yuan": "5000.00"}

    post(client, url, kind="none")
    assert selectors.draft_of(benefit).amount == {"kind": "none"}


def test_another_kind_is_still_written_as_json(client, editor):
    benefit, url = editor
    formula = '{"kind": "fixed", "yuan": "7.00"}'

    post(client, url, kind="json", amount=formula)

    assert selectors.draft_of(benefit).amount == {"kind": "fixed", "yuan": "7.00"}
