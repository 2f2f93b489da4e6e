"""Officers read benefits by their names: no benefit or exclusivity-group codes, no "v1",
no milliseconds; the city administrator still finds the codes in an advanced view."""

from datetime import date

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies.choices import OutreachTrigger, RunStatus
from rencai.policies.models import OutreachRun

from .factories import make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def housing_pair():
    department = make_department()
    subsidy = make_benefit(
        code="home_purchase_subsidy",
        name="购房补贴",
        exclusivity_group="housing_support",
        owning_department=department,
        effective_from=date(2022, 8, 23),
    )
    make_benefit(
        code="talent_apartment",
        name="人才公寓",
        exclusivity_group="housing_support",
        owning_department=department,
    )
    return subsidy


def test_the_catalogue_shows_names_and_dates_not_codes_or_version_labels(client, housing_pair):
    client.force_login(make_user(role=Role.TASK_FORCE))

    html = client.get(reverse("policies:catalogue")).content.decode()

    assert "购房补贴" in html
    assert "2022年8月23日起施行" in html
    assert "home_purchase_subsidy" not in html.replace('id="', "")
    assert ">v1" not in html


def test_a_benefit_names_the_benefits_it_cannot_be_combined_with(client, housing_pair):
    client.force_login(make_user(role=Role.TASK_FORCE))

    html = client.get(reverse("policies:benefit-detail", args=[housing_pair.pk])).content.decode()

    assert 'class="exclusive-with">人才公寓' in html
    assert "housing_support" not in html
    assert "home_purchase_subsidy" not in html


def test_the_city_administrator_finds_the_codes_in_the_advanced_view(client, housing_pair):
    client.force_login(make_user(role=Role.CITY_ADMIN))

    html = client.get(reverse("policies:benefit-detail", args=[housing_pair.pk])).content.decode()

    assert 'id="benefit-codes"' in html
    assert "<code>home_purchase_subsidy</code>" in html
    assert "<code>housing_support</code>" in html


def test_an_outreach_run_shows_benefit_names_and_a_duration_in_words(client, housing_pair):
    run = OutreachRun.objects.create(
        trigger=OutreachTrigger.SCHEDULE,
        status=RunStatus.DONE,
        evaluated_on=date(2022, 9, 6),
        finished_at=clock.now(),
        versions={
            "total_ms": 65400.0,
            "versions": [
                {
                    "benefit": "home_purchase_subsidy",
                    "version": 1,
                    "found": 3,
                    "notified": 2,
                    "recorded": 0,
                    "ms": 412.7,
                },
            ],
        },
    )
    client.force_login(make_user(role=Role.TASK_FORCE))

    html = client.get(reverse("policies:outreach-detail", args=[run.pk])).content.decode()

    assert "<td>购房补贴</td>" in html
    assert "2022年8月23日起施行" in html
    assert "用时1分5秒" in html
    assert "不到1秒" in html
    assert ">ms<" not in html
    assert " ms" not in html
    assert "home_purchase_subsidy" not in html
    assert ">v1<" not in html


def test_the_policy_pack_writes_comparisons_as_at_least_and_at_most_symbols():
    from django.template import Context, Template

    html = Template("{{ a|compare_symbol }} {{ b|compare_symbol }} {{ c|compare_symbol }}").render(
        Context({"a": ">=", "b": "<=", "c": "in"})
    )
    assert html == "≥ ≤ in"
