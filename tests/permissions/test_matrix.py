"""Every route × every role: the permission matrix of ROLES.md, against the running code.

The routes come from the URL configuration; the expected outcomes from `expectations.py`,
written by hand. A route without a row fails `test_every_route_has_a_row` — add its row.
Object routes are requested twice: with the object inside the role's scope and the one outside
(which must answer 404, as a missing object does).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.tests.clients import api_client, page_client
from rencai.desk.selectors import document_code
from rencai.policies.evaluation import clear_caches
from rencai.policies.pack import clear_in_force
from rencai.talents.identity import make_ric

from .expectations import COLUMNS, ROUTES
from .world import ANONYMOUS, DOCUMENT, build_world

# PostgreSQL only: the matrix (6,000 requests) checks who may open what — the same views, the
# same scoped querysets on either database; the apps' own permission tests run on SQLite too.
pytestmark = [pytest.mark.django_db]

SKIPPED_PREFIXES = ("admin/",)  # Django's admin: staff accounts, tested in core/test_admin.py
API_PREFIX = "api/v1/"
SCOPED_KINDS = {
    "talent",
    "card",
    "case",
    "submitted",
    "entitlement",
    "benefit",
    "disbursement",
    "appointment",
    "record",
    "enrolment",
    "apartment",
    "housing_application",
    "housing_round",
    "housing_offer",
    "tenancy",
    "loan",
    "indicator",
    "campaign_report",
    "campaign_unit",
    "rectification",
    "visit",
    "pairing",
    "contact_log",
    "talent_request",
    "position",
    "intent",
    "event",
    "tech_project",
    "proposal",
}
PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        path = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, path, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, path


def discovered_routes() -> dict[str, str]:
    """Route key → path template, for every named page and API route (format suffixes aside)."""
    routes: dict[str, str] = {}
    for name, path in _walk(get_resolver()):
        if path.startswith(SKIPPED_PREFIXES) or "(?P<format>" in path:
            continue
        key = f"api:{name}" if path.startswith(API_PREFIX) else name
        routes.setdefault(key, path)
    return routes


ROUTE_PATHS = discovered_routes()


def _cells(key: str, method: str) -> list[tuple[str, str]]:
    row = ROUTES.get(key)
    line = None if row is None else (row.get if method == "get" else row.post)
    if line is None:
        return []
    cells = line.split()
    assert len(cells) == len(COLUMNS), f"{key} {method}: {len(cells)} cells for {len(COLUMNS)}"
    return list(zip(COLUMNS, cells, strict=True))


def _params(method: str):
    for key in sorted(ROUTE_PATHS):
        for role, cell in _cells(key, method):
            marks = []
            if "!" in cell:
                marks.append(pytest.mark.xfail(strict=True, reason="scope fix pending"))
            elif "?" in cell:
                marks.append(pytest.mark.xfail(strict=True, reason="differs from ROLES.md"))
            expected = cell.replace("!", "").replace("?", "")
            yield pytest.param(key, role, expected, marks=marks, id=f"{key}-{role}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        clear_caches()
        clear_in_force()
        with transaction.atomic():
            built = build_world()
            built.sessions = {role: _session_of(user) for role, user in built.users.items()}
            yield built
            transaction.set_rollback(True)
        clear_caches()
        clear_in_force()


def _session_of(user) -> str:
    """Log in once per module; each test reuses the session (cheaper than a login per test)."""
    client = page_client(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _page_client(world, role: str):
    client = page_client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _objects(world, kind: str | None) -> list[dict[str, object]]:
    """The URL parameters for the object inside the scope and (scoped kinds) the one outside."""
    sides = [world.inside, world.outside] if kind in SCOPED_KINDS else [world.inside]
    loans = [world.loans["inside"], world.loans["outside"]]
    events = [world.events["inside"], world.events["outside"]]
    found = []
    for side, loan, event in zip(sides, loans, events, strict=False):
        pk = {
            None: None,
            "talent": side.talent.pk,
            "card": side.card.pk,
            "case": side.case.pk,
            "submitted": side.submitted.pk,
            "entitlement": side.entitlement.pk,
            "benefit": side.benefit.pk,
            "disbursement": side.disbursement.pk,
            "enrolment": side.enrolment.pk,
            "policy": side.benefit.policy_id,
            "outreach": world.outreach_run.pk,
            "division": world.tuanfeng.pk,
            "organisation": world.housing.pk,
            "token": None,
            "apartment": getattr(side.apartment, "pk", None),
            "housing_application": getattr(side.housing_application, "pk", None),
            "housing_round": getattr(side.housing_round, "pk", None),
            "housing_offer": getattr(side.housing_offer, "pk", None),
            "tenancy": getattr(side.tenancy, "pk", None),
            "loan": loan.pk,
            "bank": world.loans["bank"].pk,
            "product": world.loans["product"].pk,
            "appointment": side.appointment.pk,
            "record": side.record.pk,
            "hospital": world.hospital.pk,
            "slot": world.slot.pk,
            "campaign": world.campaign.pk,
            "indicator": side.indicator.pk,
            "campaign_report": side.campaign_report.pk,
            "campaign_unit": side.campaign_unit.pk,
            "bulletin": world.bulletin.pk,
            "rectification": side.rectification.pk,
            "visit": side.rectification.visit_id,
            "assessment": world.assessment.pk,
            "pairing": getattr(side.pairing, "pk", None),
            "contact_log": getattr(side.contact_log, "pk", None),
            "talent_request": getattr(side.talent_request, "pk", None),
            "service_point": world.service_point.pk,
            "fair": world.fair.pk,
            "fair_enterprise": world.fair_enterprise.pk,
            "position": getattr(side.position, "pk", None),
            "intent": getattr(side.intent, "pk", None),
            "event": event.pk,
            "tech_project": _tech_project(world, side),
            "proposal": _tech_project(world, side, "_proposal"),
            "notification": world.notification.pk,
        }[kind]
        found.append(
            {
                "pk": pk,
                "talent_pk": side.talent.pk,
                "benefit_pk": side.benefit.pk,
                "policy_pk": side.benefit.policy_id,
                "token": side.card.token,
                "code": document_code(DOCUMENT),
                "figure": "talents.registered",  # open statistics: a published figure
                # An action the case's state refuses: past the door, nothing changes.
                "action": {"enrolment": "review", "talent_request": "answer"}.get(kind, "accept"),
            }
        )
    return found


def _tech_project(world, side, suffix: str = "") -> int | None:
    name = "inside" if side is world.inside else "outside"
    found = world.tech_projects.get(f"{name}{suffix}")
    return getattr(found, "pk", None)


def _url(path: str, values: dict[str, object]) -> str:
    return "/" + PARAMETER.sub(lambda m: str(values[m.group(1) or m.group(2)]), path)


def outcome(response, *, api: bool) -> str:
    """The cell a response earns: ok, login, or the refusing status."""
    code = response.status_code
    if api and code == 401:
        return "login"
    if code in (301, 302, 303) and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    return "ok" if code < 400 else str(code)


# An empty POST by a role that may act is answered with a form or field error: still let in.
LET_IN_WITH_ERRORS = {"400", "409"}


def _matches(seen: str, wanted: str, method: str) -> bool:
    return seen == wanted or (method == "post" and wanted == "ok" and seen in LET_IN_WITH_ERRORS)


def post_body(world, key: str) -> dict:
    """A valid body where an empty one would be refused whoever posts it: the API creates and
    actions validate before they ask who you are; the window start needs its button."""
    today = timezone.localdate()
    bodies = {
        "api:organisation-list": {"name": "矩阵测试局", "kind": "department", "division": "421100"},
        "api:policy-list": {
            "title": "矩阵测试政策",
            "issuing_body": "黄冈市人民政府",
            "category": "housing",
            "effective_from": "2022-08-23",
        },
        "api:talent-list": {
            "name": "陈超",
            "id_number": make_ric("421121", date(1996, 3, 1), 11),
            "mobile": "13871234567",
            "county": "421121",
        },
        "api:card-list": {
            "talent": world.inside.talent.pk,
            "kind": "green_card",
            "valid_from": today.isoformat(),
            "valid_to": (today + timedelta(days=365)).isoformat(),
        },
        "api:card-renew": {"valid_to": (today + timedelta(days=3 * 365)).isoformat()},
        "api:card-revoke": {"reason": "矩阵测试"},
        "api:entitlement-transition": {"state": "ended"},
        "api:outreach-run-list": {"benefit": world.inside.benefit.pk},
        "api:application-reject": {"reason": "矩阵测试"},
        "api:application-return": {"reason": "矩阵测试"},
        "api:budget-list": {
            "benefit": world.inside.benefit.pk,
            "year": today.year + 1,
            "amount": "1000.00",
        },
        "desk:window-start": {"start": f"{world.inside.benefit.pk}:all"},
        # The medical channel: a slot of the liaison's hospital, the inside talent.
        "api:slot-list": _slot_body(world, today),
        "api:slot-weekly": {
            **_slot_body(world, today),
            "weekdays": [0, 1, 2, 3, 4],
            "first_date": (today + timedelta(days=7)).isoformat(),
            "last_date": (today + timedelta(days=13)).isoformat(),
        },
        "api:slot-withdraw": {"reason": "矩阵测试"},
        "api:appointment-list": {"slot": world.slot.pk, "talent": world.inside.talent.pk},
        "api:appointment-reschedule": {"slot": world.slot.pk},
        "api:health-record-list": {
            "talent": world.inside.talent.pk,
            "hospital": world.hospital.pk,
        },
        "api:health-record-checkups": {"date": today.isoformat()},
        "medical:book": {"slot": world.slot.pk},
        "medical:slot-list": {"form": "cutoff", "cancel_cutoff_hours": "24"},
        "medical:appointment-step": {"action": "check_in"},
        # The inside child already has a case: the talent gets 409, others no talent (404).
        "api:enrolment-list": {"child": world.inside.enrolment.child_id, "stage": "primary"},
        # A date in the future: refused (400) only once the caller may record the enrolment.
        "api:enrolment-enrol": {"enrolled_on": "2100-09-01"},
        # Housing: bodies that pass validation and then change nothing (a date before the
        # tenancy, an occupied apartment set ready): they prove who gets past the door.
        "api:apartment-list": {
            "building": world.inside.apartment.building_id,
            "number": "909",
            "rooms": 1,
            "floor_area": "40.00",
            "monthly_rent": "800.00",
            "rent_share": "free",
            "fit_out_started_on": "2022-09-05",
        },
        "api:apartment-state": {"to_state": "ready"},
        "api:tenancy-move-out": {"inspection_result": "good", "on": "2000-01-01"},
        "api:tenancy-renew": {"ends_on": "2000-01-01"},
        "api:tenancy-move-in": {"done": []},
        "api:loan-reject": {"reason": "矩阵测试"},
        # The campaign: a valid report, status and decision; a plan file.
        "campaigns:indicator-report": {"value": 12, "as_of": "2022-09-06", "note": "矩阵测试"},
        "campaigns:indicator-status": {"pace": "red", "reason": "矩阵测试"},
        "campaigns:report-decide": {"accept": "1"},
        "campaigns:bulletin-issue": {"week_end": "2022-09-09"},
        "campaigns:assessment-issue": {"half_end": "2022-09-15"},
        "campaigns:action-add": {
            "lead": f"d{world.tuanfeng.pk}",
            "name": "矩阵测试行动",
            "indicator": "场次",
            "target": 3,
        },
        "campaigns:visit-record": {
            "group": world.supervision_group.pk,
            "unit": f"d{world.tuanfeng.pk}",
            "visited_on": "2022-09-01",
            "findings": "矩阵测试",
        },
        "campaigns:rectification-done": {"note": "矩阵测试"},
        "campaigns:assessment-adjust": {
            "unit": world.inside.campaign_unit.pk,
            "points": "1.0",
            "reason": "矩阵测试",
        },
        "campaigns:unit-plan": {
            "plan": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
        },
        # Job fairs: an enterprise not yet at the fair; a position of the contact's enterprise.
        "api:fair-enterprise-list": {
            "fair": world.fair.pk,
            "organisation": world.spare_enterprise.pk,
        },
        "api:position-list": {
            "participant": world.fair_enterprise.pk,
            "title": "矩阵测试岗位",
            "headcount": 1,
        },
        "api:employment-intent-list": {"position": world.outside.position.pk},
    }
    return bodies.get(key, {})


def _slot_body(world, today) -> dict:
    return {
        "hospital": world.hospital.pk,
        "service": "矩阵测试门诊",
        "date": (today + timedelta(days=5)).isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
        "capacity": 3,
    }


def _check(world, key: str, role: str, expected: str, method: str) -> None:
    path = ROUTE_PATHS[key]
    api = key.startswith("api:")
    user = None if role == ANONYMOUS else world.users[Role(role)]
    client = api_client(user) if api else _page_client(world, role)
    wanted = expected.split("/")
    objects = _objects(world, ROUTES[key].kind)
    if len(wanted) == 1:
        wanted = wanted * len(objects)
    seen = []
    for values in objects:
        if method == "post" and api:
            response = client.post(_url(path, values), post_body(world, key), format="json")
        elif method == "post":
            response = client.post(_url(path, values), post_body(world, key))
        else:
            response = client.get(_url(path, values))
        seen.append(outcome(response, api=api))
    assert all(_matches(s, w, method) for s, w in zip(seen, wanted, strict=False)), (
        f"{method.upper()} {key} as {role}: got {'/'.join(seen)}, ROLES.md says {expected}"
    )


@pytest.mark.parametrize(("key", "role", "expected"), list(_params("get")))
def test_get(world, key, role, expected):
    _check(world, key, role, expected, "get")


@pytest.mark.parametrize(("key", "role", "expected"), list(_params("post")))
def test_post_refused_without_permission(world, key, role, expected):
    _check(world, key, role, expected, "post")


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_department_officer_does_not_see_another_departments_entitlement_of_its_talent(world, api):
    officer = world.users[Role.DEPARTMENT_OFFICER]
    pk = world.other_department_entitlement.pk
    if api:
        response = api_client(officer).get(f"/api/v1/entitlements/{pk}/")
    else:
        response = page_client(officer).get(f"/entitlements/{pk}/")

    assert response.status_code == 404


def test_department_officer_reveals_the_number_of_a_talent_with_their_case_through_the_api(world):
    officer = world.users[Role.DEPARTMENT_OFFICER]
    talent = world.inside.talent

    response = api_client(officer).get(f"/api/v1/talents/{talent.pk}/", {"reveal": "id"})

    assert response.status_code == 200
    assert talent.id_number in response.content.decode()


def test_every_route_has_a_row():
    missing = sorted(set(ROUTE_PATHS) - set(ROUTES))
    assert not missing, (
        "These routes have no row in tests/permissions/expectations.py: "
        f"{', '.join(missing)}. Add one per route, with the outcome ROLES.md gives each role."
    )


def test_every_row_names_a_route():
    stale = sorted(set(ROUTES) - set(ROUTE_PATHS))
    assert not stale, f"Rows for routes that no longer exist: {', '.join(stale)}"


def test_the_columns_are_the_roles_and_anonymous():
    assert set(COLUMNS) == {ANONYMOUS, *Role.values}, (
        "A role was added or removed: add its column to every row of expectations.py"
    )
