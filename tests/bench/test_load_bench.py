"""The load test's plan and requests work on a tiny registry (the real runs are by hand:
docs/performance.md). Every request the Locust users send (`bench/scenarios.py`) is sent
here through the test client with the plan's sessions and CSRF secret, and answers what the
locustfile expects; bench/web.py's request kinds answer 200 too.
"""

import json
import random
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import User
from rencai.core.tests.factories import make_organisation, make_user
from rencai.medical.choices import AppointmentStatus
from rencai.medical.demo import DEMO_LIAISON
from rencai.medical.models import Appointment
from rencai.medical.tests.factories import make_green_channel, make_hospital, make_talent_user
from rencai.talents.tests.factories import make_county, make_talent

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import load  # noqa: E402
import scenarios  # noqa: E402
import web  # noqa: E402

pytestmark = pytest.mark.django_db

READS = {
    "clerk": [
        scenarios.window_find_by_name,
        scenarios.window_find_by_id_number,
        scenarios.window_case_form,
    ],
    "talent": [scenarios.talent_home, scenarios.talent_pack, scenarios.talent_slots],
    "officer": [scenarios.officer_home, scenarios.officer_cases, scenarios.officer_dashboard],
}


@pytest.fixture
def city():
    """A county with talents (one a card holder with an account), a window clerk at the
    city's service centre, the county's officer and the demo's hospital liaison."""
    county = make_county()
    for name in ("张三", "李四光", "王小明"):
        make_talent(county=county, name=name)
    make_talent_user(make_talent(county=county, name="陈超"))  # no card: the bench issues one
    make_user(
        role=Role.WINDOW_CLERK, organisation=make_organisation(OrganisationKind.SERVICE_POINT)
    )
    make_user(role=Role.COUNTY_OFFICER, division=county)
    make_user(role=Role.TASK_FORCE)
    hospital = make_hospital(division=county)
    hospital.liaison.username = DEMO_LIAISON
    hospital.liaison.save(update_fields=["username"])
    make_green_channel()
    return county


def client_for(plan: dict, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies[plan["csrf_cookie"]] = plan["csrf"]
    client.cookies[plan["session_cookie"]] = plan["cookies"][role][0]
    return client


def send(client: Client, plan: dict, request: scenarios.Request):
    _name, method, path, form = request
    if form is None:
        return client.get(path)
    return client.post(path, {**form, "csrfmiddlewaretoken": plan["csrf"]})


def test_every_locust_request_answers_as_the_locustfile_expects(city):
    plan = json.loads(json.dumps(load.make_plan(users=4)))  # what the locustfile reads
    rng = random.Random(1)

    for role, builders in READS.items():
        client = client_for(plan, role)
        for builder in builders:
            built = builder(plan, rng)
            for request in built if isinstance(built, list) else [built]:
                assert send(client, plan, request).status_code == 200, request

    talent = client_for(plan, "talent")
    (slots,) = plan["slots"]
    booked = send(talent, plan, scenarios.talent_book(plan, rng, slots))
    assert booked.status_code == 303
    appointment = Appointment.objects.exclude(status=AppointmentStatus.CANCELLED).get()
    assert booked["Location"].endswith(f"/{appointment.pk}/")
    cancelled = send(talent, plan, scenarios.talent_cancel(plan, appointment.pk))
    assert cancelled.status_code == 303
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_the_ceiling_is_json_without_the_database(django_assert_num_queries):
    with override_settings(ROOT_URLCONF="config.bench_urls"), django_assert_num_queries(0):
        response = Client().get("/bench/ok/")

    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_the_signed_in_ceiling_reads_the_session_and_the_user_only(city, django_assert_num_queries):
    plan = load.make_plan(users=1)
    client = client_for(plan, "clerk")
    _name, _method, path, _form = scenarios.signed_in_ceiling(plan, random.Random(1))

    with override_settings(ROOT_URLCONF="config.bench_urls"), django_assert_num_queries(2):
        response = client.get(path)

    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_the_ceilings_are_not_mounted_by_default(client):
    assert client.get("/bench/ok/").status_code == 404
    assert client.get("/bench/me/").status_code == 404


def test_every_request_of_the_gunicorn_bench_answers_200(city):
    _ids, sample = web.registry_sample(10)
    rng = random.Random(1)
    clients = {}
    for who, role in (("task_force", Role.TASK_FORCE), ("clerk", Role.WINDOW_CLERK)):
        clients[who] = Client()
        clients[who].force_login(User.objects.filter(role_assignments__role=role).first())

    for kind, (who, make) in web.request_kinds(sample).items():
        method, path, form = make(rng)
        client = clients[who]
        response = client.get(path) if form is None else client.post(path, form)
        assert response.status_code == 200, kind
