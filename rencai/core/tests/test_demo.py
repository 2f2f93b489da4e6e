"""The demo loader: the city, its organisations, demo users and the audit trail of the load."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from stdnum.cn import uscc

from rencai.core.choices import OrganisationKind, Role, ServicePointKind
from rencai.core.demo import DEMO_PASSWORD, DEMO_USERS
from rencai.core.models import AuditEvent, Division, Organisation, RoleAssignment, User
from rencai.talents.models import Talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

AS_OF = date(2026, 11, 28)
COUNTIES = {
    "421102": "黄州区",
    "421121": "团风县",
    "421122": "红安县",
    "421123": "罗田县",
    "421124": "英山县",
    "421125": "浠水县",
    "421126": "蕲春县",
    "421127": "黄梅县",
    "421181": "麻城市",
    "421182": "武穴市",
}
# username -> (role, name of the division or organisation it is scoped to, or None)
EXPECTED_USERS = {
    "admin": (Role.CITY_ADMIN, None),
    "taskforce": (Role.TASK_FORCE, None),
    "tuanfeng": (Role.COUNTY_OFFICER, "团风县"),
    "wuxue": (Role.COUNTY_OFFICER, "武穴市"),
    "huangzhou": (Role.COUNTY_OFFICER, "黄州区"),
    "hongan": (Role.COUNTY_OFFICER, "红安县"),
    "luotian": (Role.COUNTY_OFFICER, "罗田县"),
    "yingshan": (Role.COUNTY_OFFICER, "英山县"),
    "xishui": (Role.COUNTY_OFFICER, "浠水县"),
    "qichun": (Role.COUNTY_OFFICER, "蕲春县"),
    "huangmei": (Role.COUNTY_OFFICER, "黄梅县"),
    "macheng": (Role.COUNTY_OFFICER, "麻城市"),
    "housing": (Role.DEPARTMENT_OFFICER, "黄冈市住房和城乡建设局"),
    "hrss": (Role.DEPARTMENT_OFFICER, "黄冈市人力资源和社会保障局"),
    "finance": (Role.DEPARTMENT_OFFICER, "黄冈市财政局"),
    "wuxue_hrss": (Role.DEPARTMENT_OFFICER, "武穴市人力资源和社会保障局"),
    "education": (Role.DEPARTMENT_OFFICER, "黄冈市教育局"),
    "wuxue_education": (Role.DEPARTMENT_OFFICER, "武穴市教育局"),
    "clerk": (Role.WINDOW_CLERK, "黄冈市政务服务中心人才服务窗口"),
    "hospital": (Role.HOSPITAL_LIAISON, "黄冈市中心医院"),
    "health": (Role.DEPARTMENT_OFFICER, "黄冈市卫生健康委员会"),
    "bank": (Role.BANK_OFFICER, "湖北银行黄冈分行"),
    "wuxue_bank": (Role.BANK_OFFICER, "武穴农商银行"),
    "guarantee": (Role.DEPARTMENT_OFFICER, "黄冈市创业担保贷款中心"),
    "school": (Role.SCHOOL_CONTACT, "湖北省黄冈中学"),
    "leader": (Role.CONTACT_LEADER, None),
    "talent": (Role.TALENT, None),
    "science": (Role.DEPARTMENT_OFFICER, "黄冈市科学技术局"),
    "youth": (Role.DEPARTMENT_OFFICER, "共青团黄冈市委员会"),
    "fair": (Role.DEPARTMENT_OFFICER, "黄冈市人力资源和社会保障局"),
    "enterprise": (Role.ENTERPRISE_CONTACT, "黄冈楚天智能装备有限公司"),
}


def load(*args, **options) -> str:
    out = StringIO()
    options = {"talents": 20, "batch_size": 5, "as_of": AS_OF, **options}
    call_command("load_demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded():
    load()


def test_city_has_its_ten_counties_under_it(loaded):
    city = Division.objects.get(code="421100")

    counties = dict(city.children.values_list("code", "name"))

    assert city.name == "黄冈市"
    assert counties == COUNTIES


def test_seventeen_designated_hospitals_spread_over_the_city(loaded):
    hospitals = Organisation.objects.of_kind(OrganisationKind.HOSPITAL)

    assert hospitals.count() == 17
    assert hospitals.values("division").distinct().count() >= 10


def test_departments_have_stable_codes_in_the_city_and_two_counties(loaded):
    codes = set(
        Organisation.objects.of_kind(OrganisationKind.DEPARTMENT).values_list(
            "division__code", "code"
        )
    )

    for code in ("talent_office", "hrss", "housing", "health", "education", "science"):
        assert ("421100", code) in codes
    for code in ("youth_league", "finance_office", "finance_bureau", "provident_fund"):
        assert ("421100", code) in codes
    for county in ("421121", "421182"):
        assert {(county, "hrss"), (county, "housing")} <= codes


def test_banks_schools_and_service_points_are_loaded(loaded):
    window = Organisation.objects.get(division__code="421100", code="city_window")
    stations = Organisation.objects.filter(service_point_kind=ServicePointKind.TALENT_STATION)

    assert window.kind == OrganisationKind.SERVICE_POINT
    assert window.service_point_kind == ServicePointKind.WINDOW
    assert stations.filter(name="武穴市人才驿站").exists()
    assert Organisation.objects.of_kind(OrganisationKind.BANK).count() >= 4
    assert Organisation.objects.of_kind(OrganisationKind.SCHOOL).count() >= 3


def test_enterprises_carry_valid_credit_codes_of_their_county(loaded):
    enterprises = Organisation.objects.of_kind(OrganisationKind.ENTERPRISE).select_related(
        "division"
    )

    assert enterprises.count() >= 55
    assert enterprises.filter(name="黄冈伊利乳业有限公司").exists()
    assert enterprises.filter(name="武穴市果兴农种养专业合作社").exists()
    for enterprise in enterprises:
        assert uscc.is_valid(enterprise.credit_code), enterprise.name
        assert enterprise.credit_code[2:8] == enterprise.division.code


def test_each_demo_user_holds_its_role_in_its_scope(loaded):
    # The logins of users.csv (apps' loaders add staff of their own: a liaison per hospital).
    assignments = RoleAssignment.objects.filter(user__username__in=EXPECTED_USERS)

    held = {
        a.user.username: (a.role, scope_name(a))
        for a in assignments.select_related("user", "division", "organisation")
    }

    assert held == EXPECTED_USERS
    assert assignments.count() == len(EXPECTED_USERS)  # one each
    assert not User.objects.filter(display_name="").exists()


def scope_name(assignment: RoleAssignment) -> str | None:
    scope = assignment.division or assignment.organisation
    return scope.name if scope else None


def test_demo_users_sign_in_with_the_demo_password_and_not_another(loaded, rf):
    request = rf.post("/accounts/login/")

    assert authenticate(request, username="wuxue", password=DEMO_PASSWORD) is not None
    assert authenticate(request, username="wuxue", password="wrong-password") is None


def test_only_the_admin_may_use_django_admin(loaded):
    staff = set(
        User.objects.filter(is_staff=True, is_superuser=True).values_list("username", flat=True)
    )

    assert staff == {"admin"}


def test_demo_users_list_has_a_chinese_label_per_loaded_user(loaded):
    users = {u.username: u.label for u in DEMO_USERS}

    assert set(users) == set(EXPECTED_USERS)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in users.values())


def test_demo_logins_prints_each_user_and_the_password(loaded):
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert DEMO_PASSWORD in out.getvalue()
    for username in EXPECTED_USERS:
        assert f"  {username} " in out.getvalue()


def test_demo_logins_on_an_empty_database_lists_nobody():
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert DEMO_PASSWORD not in out.getvalue()


def test_if_empty_on_a_loaded_database_changes_nothing(loaded):
    before = (Talent.objects.count(), Organisation.objects.count(), AuditEvent.objects.count())

    output = load("--if-empty", talents=500)

    assert "nothing to do" in output
    after = (Talent.objects.count(), Organisation.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_if_empty_on_an_empty_database_loads():
    output = load("--if-empty")

    assert "loaded" in output
    # 20 synthetic + the named demo talent; the few others the apps' work needs in so small a
    # demo were registered through the registry by a demo user (示例)
    assert Talent.objects.filter(registered_by__isnull=True).count() == 21


def test_plain_rerun_repairs_reference_data_and_adds_no_talents(loaded):
    talents = Talent.objects.count()
    Organisation.objects.filter(code="city_window").update(name="renamed")
    RoleAssignment.objects.filter(user__username="clerk").delete()

    output = load(talents=300)

    assert "no talents" in output
    assert Talent.objects.count() == talents
    assert Organisation.objects.get(code="city_window").name == "黄冈市政务服务中心人才服务窗口"
    assert RoleAssignment.objects.filter(user__username="clerk", role=Role.WINDOW_CLERK).exists()
    assert Organisation.objects.of_kind(OrganisationKind.HOSPITAL).count() == 17


def test_load_writes_one_audit_event_per_step_and_per_batch_with_counts(loaded):
    events = AuditEvent.objects.filter(action="demo.load").order_by("id")

    steps = [e.target_repr for e in events]
    batches = [e for e in events if e.target_repr.startswith("talents ")]

    assert steps[:4] == ["divisions", "organisations", "users", "catalogues"]
    assert "named talents" in steps
    assert [b.changes["talents"] for b in batches] == [5, 5, 5, 5]
    assert sum(b.changes["family_members"] for b in batches) > 0
    assert events.get(target_repr="organisations").changes["hospital"] == 17
    assert all(e.actor is None and e.target_type == "demo" for e in events)
