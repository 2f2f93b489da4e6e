"""Each role's home page shows its own work; the navigation follows the roles."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core import audit
from rencai.core.choices import OrganisationKind, Role
from rencai.talents.choices import CardKind, CardStatus, Relation
from rencai.talents.models import FamilyMember
from rencai.talents.tests.factories import make_card, make_degree, make_talent, make_tier

from .factories import add_role, make_county, make_organisation, make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

ADMIN = "core/home/city_admin.html"
CITY = "talents/home/task_force.html"
COUNTY = "talents/home/county_officer.html"
OWN = "talents/home/talent.html"


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response


def panel(response, template: str):
    """The context a home panel was built with, or None when it is not shown."""
    for shown in response.context["panels"]:
        if shown.template == template:
            return shown.panel
    return None


def _nav_urls(response) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', response.content.decode(), re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


@pytest.fixture
def two_counties():
    """团风县 with 3 talents (2 tier A, 1 tier B, 1 master), 红安县 with 2 (tier A)."""
    tuanfeng = make_county("421121", "团风县")
    hongan = make_county("421122", "红安县")
    tier_a, tier_b = make_tier("A"), make_tier("B")
    master = make_degree("master")
    make_talent(county=tuanfeng, tier=tier_a, degree=master, name="团风甲")
    make_talent(county=tuanfeng, tier=tier_a, name="团风乙")
    make_talent(county=tuanfeng, tier=tier_b, name="团风丙")
    make_talent(county=hongan, tier=tier_a, name="红安甲")
    make_talent(county=hongan, tier=tier_a, name="红安乙")
    return tuanfeng, hongan


# --- county officer ---------------------------------------------------------------------


def test_county_officer_home_counts_only_their_county(client, two_counties):
    tuanfeng, _ = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    response = _home(client, officer)

    (overview,) = panel(response, COUNTY)["counties"]
    assert overview.county == tuanfeng
    assert overview.talent_count == 3
    assert dict(overview.by_tier) == {"A类人才": 2, "B类人才": 1, "—": 0}
    assert dict(overview.by_degree) == {"硕士研究生": 1, "—": 2}
    assert {t.name for t in overview.recent} == {"团风甲", "团风乙", "团风丙"}
    html = response.content.decode()
    assert "团风甲" in html
    assert "红安甲" not in html


def test_county_officer_of_the_other_county_sees_the_other_numbers(client, two_counties):
    _, hongan = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=hongan)

    response = _home(client, officer)

    (overview,) = panel(response, COUNTY)["counties"]
    assert overview.talent_count == 2
    assert dict(overview.by_tier)["A类人才"] == 2
    assert "团风甲" not in response.content.decode()


def test_county_officer_sees_cards_ending_within_60_days_of_their_county_only(client, two_counties):
    tuanfeng, hongan = two_counties
    today = timezone.localdate()
    mine = make_talent(county=tuanfeng, name="快到期")
    later = make_talent(county=tuanfeng, name="还早")
    other = make_talent(county=hongan, name="别县到期")
    revoked = make_talent(county=tuanfeng, name="已撤销")
    ending = make_card(mine, valid_from=today - timedelta(days=300), valid_to=today + timedelta(59))
    make_card(later, valid_from=today, valid_to=today + timedelta(days=61))
    make_card(other, valid_from=today, valid_to=today + timedelta(days=10))
    make_card(revoked, valid_from=today, valid_to=today + timedelta(10), status=CardStatus.REVOKED)
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    response = _home(client, officer)

    (overview,) = panel(response, COUNTY)["counties"]
    assert overview.expiring_cards == [ending]
    assert ending.number in response.content.decode()


def test_county_officer_nav_offers_list_register_import_but_not_audit(client):
    response = _home(client, make_user(role=Role.COUNTY_OFFICER))

    urls = _nav_urls(response)
    assert reverse("talents:list") in urls
    assert reverse("talents:create") in urls
    assert reverse("talents:import") in urls
    assert reverse("core:audit-log") not in urls
    assert reverse("talents:find") not in urls


def test_task_force_nav_offers_register_import_and_audit_but_not_find(client):
    response = _home(client, make_user(role=Role.TASK_FORCE))

    urls = _nav_urls(response)
    assert reverse("talents:create") in urls
    assert reverse("talents:import") in urls
    assert reverse("core:audit-log") in urls
    assert reverse("talents:find") not in urls


def test_nav_marks_only_the_most_specific_entry_as_current(client):
    client.force_login(make_user(role=Role.COUNTY_OFFICER))

    html = client.get(reverse("talents:create")).content.decode()

    current = re.findall(r'<a href="([^"]+)" class="active" aria-current="page">', html)
    assert current == [reverse("talents:create")]  # not "Talents" (/talents/) as well


def test_city_admin_nav_does_not_offer_registration(client):
    response = _home(client, make_user(role=Role.CITY_ADMIN))

    assert reverse("talents:create") not in _nav_urls(response)


# --- task force and city administrator ----------------------------------------------------


def test_task_force_home_counts_talents_by_county_and_tier_city_wide(client, two_counties):
    today = timezone.localdate()
    macheng = make_county("421181", "麻城市")
    make_card(make_talent(county=macheng), valid_from=today)
    make_card(make_talent(county=macheng), kind=CardKind.CHUCAI_CARD, valid_from=today)
    user = make_user(role=Role.TASK_FORCE)

    response = _home(client, user)

    table = panel(response, CITY)["by_county"]
    rows = {row.label: row for row in table.rows}
    assert rows["团风县"].counts[:2] == [2, 1]
    assert rows["团风县"].total == 3
    assert rows["红安县"].total == 2
    assert rows["麻城市"].counts[-1] == 2  # no tier
    assert table.total == 7  # five above and the two card holders
    assert panel(response, CITY)["cards"] == {"new": 1, "renewed": 0}
    assert 'id="talents-by-county"' in response.content.decode()
    assert "counties" not in response.context


def test_city_admin_home_shows_users_organisations_and_recent_audit_events(client):
    admin = make_user(role=Role.CITY_ADMIN)
    make_organisation(kind=OrganisationKind.HOSPITAL, name="黄冈市中心医院")
    make_organisation(kind=OrganisationKind.HOSPITAL)
    audit.record(admin, "organisation.update", target_type="core.organisation", target_repr="X局")

    response = _home(client, admin)

    overview = panel(response, ADMIN)["overview"]
    assert dict(overview.organisations_by_kind)[OrganisationKind.HOSPITAL.label] == 2
    assert overview.active_users == 1
    assert [e.action for e in overview.recent_events] == ["organisation.update"]
    assert "task_force" not in response.context
    urls = _nav_urls(response)
    assert reverse("core:audit-log") in urls
    assert reverse("admin:index") in urls
    assert reverse("talents:list") in urls


# --- window clerk and organisation roles -------------------------------------------------


def test_window_clerk_home_leads_into_the_window_the_one_way_to_find_and_register(client):
    point = make_organisation(kind=OrganisationKind.SERVICE_POINT, name="市民之家人才窗口")
    clerk = make_user(role=Role.WINDOW_CLERK, organisation=point)

    response = _home(client, clerk)

    html = response.content.decode()
    assert reverse("desk:window") in html
    assert reverse("talents:find") not in html  # the home does not repeat the find form
    assert 'name="id_number"' not in html
    assert "市民之家人才窗口" in html
    urls = _nav_urls(response)
    assert reverse("desk:window") in urls
    assert reverse("talents:find") not in urls
    assert reverse("talents:create") not in urls
    assert reverse("talents:list") not in urls


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.DEPARTMENT_OFFICER, OrganisationKind.DEPARTMENT),
        (Role.HOSPITAL_LIAISON, OrganisationKind.HOSPITAL),
        (Role.BANK_OFFICER, OrganisationKind.BANK),
        (Role.SCHOOL_CONTACT, OrganisationKind.SCHOOL),
    ],
)
def test_organisation_roles_see_their_organisation_and_no_talent_figures(
    client, two_counties, role, kind
):
    org = make_organisation(kind=kind, name="我的单位")
    user = make_user(role=role, organisation=org)

    response = _home(client, user)

    html = response.content.decode()
    assert f'id="home-{role.value}"' in html
    assert "我的单位" in html
    assert "团风甲" not in html
    assert "模块" not in html  # the service modules exist: no home promises them for later
    assert panel(response, CITY) is None
    assert panel(response, COUNTY) is None
    assert reverse("talents:list") not in _nav_urls(response)
    if role in (Role.DEPARTMENT_OFFICER, Role.HOSPITAL_LIAISON):
        pass  # departments work the catalogue; the liaison's menu starts with today's visits
    elif role == Role.BANK_OFFICER:  # bank officers work their loans and subsidy claims
        expected = [reverse("core:home"), reverse("policies:handbook")]
        expected += [reverse("finance:loan-list"), reverse("finance:claims")]
        assert _nav_urls(response) == expected
    if role == Role.HOSPITAL_LIAISON:  # the medical channel: today's visits first
        assert _nav_urls(response)[:2] == [reverse("core:home"), reverse("medical:today")]


def test_contact_leader_home_has_their_work_and_promises_nothing_for_later(client):
    response = _home(client, make_user(role=Role.CONTACT_LEADER))

    html = response.content.decode()
    assert 'id="home-leader"' in html  # engagement's panel: their talents and requests
    assert "will appear here" not in html


# --- the talent themself -----------------------------------------------------------------


def test_talent_home_shows_own_record_masked_with_cards_and_family(client, two_counties):
    user = make_user(role=Role.TALENT)
    me = make_talent(user=user, name="王硕士", mobile="13812345678")
    card = make_card(me)
    FamilyMember.objects.create(talent=me, relation=Relation.SPOUSE, name="李配偶")

    response = _home(client, user)

    html = response.content.decode()
    assert panel(response, OWN)["own"].talent == me
    assert "王硕士" in html
    assert me.id_number not in html
    assert me.id_number[:4] + "*" * 10 + me.id_number[-4:] in html
    assert "138****5678" in html
    assert reverse("talents:card-verify", args=[card.token]) in html
    assert "李配偶" in html
    assert "团风甲" not in html


def test_talent_without_a_linked_record_is_told_so(client):
    response = _home(client, make_user(role=Role.TALENT))

    assert panel(response, OWN)["own"] is None
    assert 'id="home-talent"' in response.content.decode()


# --- several roles, no role, and the page shell -------------------------------------------


def test_user_with_several_roles_sees_the_union_of_sections(client, two_counties):
    tuanfeng, _ = two_counties
    user = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    add_role(user, Role.WINDOW_CLERK)

    response = _home(client, user)

    html = response.content.decode()
    assert 'id="home-county-421121"' in html
    assert 'id="home-window-clerk"' in html
    urls = _nav_urls(response)
    assert reverse("desk:window") in urls
    assert reverse("talents:list") in urls


def test_user_without_roles_is_told_to_ask_for_one(client):
    response = _home(client, make_user(role=None))

    assert response.context["has_roles"] is False
    assert _nav_urls(response) == [reverse("core:home"), reverse("policies:handbook")]


def test_pages_have_no_inline_styles_or_scripts_without_nonce(client, two_counties):
    tuanfeng, _ = two_counties
    user = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    add_role(user, Role.TASK_FORCE)

    html = _home(client, user).content.decode()

    assert " style=" not in html
    assert "<style" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "nonce=" in tag
        assert "src=" in tag


def test_home_page_query_count_does_not_grow_with_talents(
    client, two_counties, django_assert_max_num_queries
):
    tuanfeng, _ = two_counties
    user = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    add_role(user, Role.TASK_FORCE)
    client.force_login(user)
    for _ in range(15):
        make_card(make_talent(county=tuanfeng))

    with django_assert_max_num_queries(30):
        client.get(reverse("core:home"))


@pytest.mark.django_db
def test_expired_form_shows_our_csrf_page_and_saves_nothing():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("core:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert 'id="error-csrf"' in response.content.decode()
