"""The personal policy pack: every benefit with its outcome, reasons and amount; the Word file;
the eligibility API; scoped like the registry (out of scope = 404)."""

import io
from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import services
from rencai.policies.facts import CATALOGUE
from rencai.policies.pack import (
    ELIGIBLE,
    EXCLUDED,
    HELD,
    NOT_ELIGIBLE,
    TO_CONFIRM,
    UNKNOWN,
    policy_pack,
)
from rencai.talents import visibility
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = timezone.localdate()


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def talent(tuanfeng):
    """A master's graduate of 30 in 团风, arrival date unknown."""
    return make_talent(
        county=tuanfeng,
        degree=make_degree("master"),
        birth_date=TODAY.replace(year=TODAY.year - 30) - timedelta(days=3),
        name="陈超",
    )


@pytest.fixture
def benefits():
    make_degree("bachelor")
    return {
        "home": make_benefit(
            code="home",
            name="购房补贴",
            amount=DEGREE_TABLE,
            to_confirm=["在黄冈市首次购房"],
        ),
        "doctors": make_benefit(
            code="doctors",
            name="博士津贴",
            rule={"and": [{">=": [{"var": "degree"}, "doctorate"]}, {"<=": [{"var": "age"}, 40]}]},
            amount={"kind": "fixed", "yuan": "50000.00"},
        ),
        "newcomers": make_benefit(
            code="newcomers",
            name="新引进人才补贴",
            rule={"<=": [{"var": "years_in_city"}, 3]},
        ),
        "living": make_benefit(
            code="living",
            name="生活补贴",
            rule={">=": [{"var": "degree"}, "bachelor"]},
            amount={"kind": "fixed", "yuan": "1000.00"},
            periodicity="monthly",
            months=36,
        ),
    }


def arrival_label() -> str:
    return str(CATALOGUE.get("years_in_city").label)


def by_code(pack):
    return {item.benefit.code: item for item in pack.items}


def test_the_pack_shows_every_benefit_with_its_outcome_reasons_and_amount(talent, benefits):
    pack = policy_pack(talent.pk, TODAY)

    items = by_code(pack)
    assert items["home"].outcome == TO_CONFIRM
    assert items["home"].to_confirm == ["在黄冈市首次购房"]
    assert items["home"].amount_fen == 3_000_000
    assert items["living"].outcome == ELIGIBLE
    assert (items["living"].amount_fen, items["living"].total_fen) == (100_000, 3_600_000)
    assert items["doctors"].outcome == NOT_ELIGIBLE
    assert len(items["doctors"].reasons) == 1  # the degree; the age is fine
    assert "博士研究生" in items["doctors"].reasons[0]
    assert items["newcomers"].outcome == UNKNOWN
    assert items["newcomers"].missing == [arrival_label()]
    assert pack.open_total_fen == 3_000_000 + 3_600_000
    assert [item.outcome for item in pack.items][:2] == [ELIGIBLE, TO_CONFIRM]


def test_a_held_benefit_and_one_of_its_group_say_so(talent):
    home = make_benefit(code="home", exclusivity_group="housing")
    apartment = make_benefit(code="apartment", exclusivity_group="housing")
    services.record_entitlement(talent, apartment, actor=None, state="granted")

    items = by_code(policy_pack(talent.pk, TODAY))

    assert items["apartment"].outcome == HELD
    assert items["apartment"].held.state == "granted"
    assert items["home"].outcome == EXCLUDED
    assert items["home"].blocking.benefit == apartment
    assert home.pk != apartment.pk


def test_a_negated_condition_that_holds_is_the_reason(talent):
    make_benefit(
        code="no_masters",
        rule={"not": {">=": [{"var": "degree"}, "master"]}},
    )

    item = by_code(policy_pack(talent.pk, TODAY))["no_masters"]

    assert item.outcome == NOT_ELIGIBLE
    assert len(item.reasons) == 1
    assert "<" in item.reasons[0]


def test_the_pack_page_lists_benefits_for_the_county_officer(client, tuanfeng, talent, benefits):
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    page = client.get(f"/talents/{talent.pk}/pack/").content.decode()

    for benefit in benefits.values():
        assert benefit.name in page
    assert "¥30,000.00" in page
    trace = page[page.index("pack-trace") :]
    assert "≥" in trace
    assert "&gt;=" not in trace
    assert "&lt;=" not in trace


def test_the_pack_downloads_as_a_word_document_with_names_and_amounts(
    client, tuanfeng, talent, benefits
):
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    response = client.get(f"/talents/{talent.pk}/pack.docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "陈超" in text
    for benefit in benefits.values():
        assert benefit.name in cells
    assert "¥30,000.00" in cells
    assert any("¥36,000.00" in cell for cell in cells)  # 36 months of ¥1,000.00


def test_an_officer_of_another_county_gets_404(client, talent, benefits):
    wuxue = make_county("421182", "武穴市")
    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)
    client.force_login(officer)
    api = APIClient()
    api.force_authenticate(officer)

    assert client.get(f"/talents/{talent.pk}/pack/").status_code == 404
    assert client.get(f"/talents/{talent.pk}/pack.docx").status_code == 404
    assert api.get(f"/api/v1/talents/{talent.pk}/eligibility/").status_code == 404


def test_the_talent_sees_their_own_pack_and_no_one_elses(client, talent, benefits):
    user = make_user(role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user"])
    other = make_talent(county=talent.county)
    client.force_login(user)

    response = client.get("/pack/")

    assert response.status_code == 302
    assert response["Location"] == f"/talents/{talent.pk}/pack/"
    own = client.get(response["Location"])
    assert own.status_code == 200
    open_items = [item for item in policy_pack(talent.pk, TODAY).items if item.is_open]
    assert open_items
    for item in open_items:
        assert f'href="/my/apply/{item.benefit.pk}/"' in own.content.decode()
    assert client.get(f"/talents/{other.pk}/pack/").status_code == 404


def test_my_pack_is_404_without_a_talent_record(client):
    client.force_login(make_user(role=Role.TASK_FORCE))

    assert client.get("/pack/").status_code == 404


def test_the_eligibility_api_explains_every_benefit(tuanfeng, talent, benefits):
    api = APIClient()
    api.force_authenticate(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    response = api.get(f"/api/v1/talents/{talent.pk}/eligibility/")

    assert response.status_code == 200
    body = response.json()
    rows = {row["benefit"]["code"]: row for row in body["benefits"]}
    assert rows["home"]["outcome"] == "to_confirm"
    assert rows["home"]["amount"] == "30000.00"
    assert rows["living"]["total"] == "36000.00"
    assert rows["doctors"]["outcome"] == "not_eligible"
    assert rows["doctors"]["reasons"]
    assert rows["newcomers"]["missing"] == [arrival_label()]
    assert rows["home"]["explanation"]["outcome"] == "true"
    assert rows["home"]["explanation"]["conditions"][0]["fact"] == "degree"
    assert body["open_total"] == "66000.00"


def test_the_talent_detail_page_links_to_the_pack(client, tuanfeng, talent):
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    page = client.get(f"/talents/{talent.pk}/").content.decode()

    assert f"/talents/{talent.pk}/pack/" in page


@pytest.fixture
def liaison_seeing(talent):
    """A hospital liaison who sees the talent (a test provider: no app registers one yet)
    but may never reveal (ROLES.md)."""
    liaison = make_user(role=Role.HOSPITAL_LIAISON)
    visibility.register_provider(
        "tests.pack.liaison", lambda actor, roles: Q(pk=talent.pk) if actor == liaison else None
    )
    yield liaison
    visibility.unregister_provider("tests.pack.liaison")


def test_a_role_that_may_not_reveal_sees_no_sex_or_birth_date_in_the_pack_or_the_api(
    client, tuanfeng, talent, liaison_seeing
):
    # given a role that sees the talent but may not reveal, and a rule on sex
    make_benefit(code="women", name="女性人才补贴", rule={"in": [{"var": "sex"}, ["F"]]})
    officer = liaison_seeing
    talent.sex = "M"
    talent.save(update_fields=["sex"])
    sex = talent.get_sex_display()
    api = APIClient()
    api.force_authenticate(officer)
    client.force_login(officer)

    rows = {
        row["benefit"]["code"]: row
        for row in api.get(f"/api/v1/talents/{talent.pk}/eligibility/").json()["benefits"]
    }
    html = client.get(f"/talents/{talent.pk}/pack/").content.decode()

    condition = rows["women"]["explanation"]["conditions"][0]
    assert (condition["value"], condition["raw"]) == ("—", None)
    assert all(sex not in reason for reason in rows["women"]["reasons"])
    assert sex == "男"
    assert f"：{sex}" not in html
    # while the county office, which may see birth dates, sees the value
    api.force_authenticate(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))
    rows = {
        row["benefit"]["code"]: row
        for row in api.get(f"/api/v1/talents/{talent.pk}/eligibility/").json()["benefits"]
    }
    assert rows["women"]["explanation"]["conditions"][0]["raw"] == talent.sex


def test_a_stored_explanation_is_shown_without_the_withheld_values(talent):
    from rencai.policies.evaluation import explain
    from rencai.policies.privacy import PRIVATE_FACTS, withhold_stored

    talent.sex = "M"
    talent.save(update_fields=["sex"])
    benefit = make_benefit(rule={"in": [{"var": "sex"}, ["F"]]})
    explanation = explain(benefit.versions.get(), talent, TODAY)
    stored = {**explanation.to_dict(), "reasons": ["性别：男（要求属于女）"], "status": "x"}

    shown = withhold_stored(stored, PRIVATE_FACTS)

    assert shown["conditions"][0]["value"] == "—"
    assert shown["conditions"][0]["raw"] is None
    assert all("男" not in reason for reason in shown["reasons"])
    assert shown["status"] == "x"
    assert withhold_stored(stored, frozenset()) is stored
