"""Schemathesis over the whole OpenAPI schema, in process (the WSGI app on the test database).

Every operation gets generated requests — fitting the schema and not — as the city
administrator and as a county officer. Checks: no 5xx, and every answer is one the schema
documents (status code, content type, body). Derandomized and bounded (`FUZZ_EXAMPLES`
requests per operation and role, 12 by default) so the run takes about three minutes.

Schemathesis' own pytest integration (`schema.parametrize()`) reruns every operation inside
every item under pytest 9, so the loop over operations is ours: one pytest item per operation
and role, one Hypothesis test inside it drawing from `operation.as_strategy()`.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rencai.campaigns.tests.factories import make_action, make_campaign, make_indicator, make_unit
from rencai.core.choices import Role
from rencai.core.tests.factories import make_card, make_county, make_user
from rencai.desk.models import ServicePointEntry
from rencai.desk.tests.factories import Desk, clerk_point
from rencai.engagement.tests import factories as engagement
from rencai.finance.tests.factories import Finance
from rencai.housing import services as housing
from rencai.housing.tests.factories import Housing
from rencai.medical import services as medical
from rencai.medical.tests.factories import make_green_channel, make_hospital, make_slot
from rencai.schooling.tests.factories import Schooling

pytestmark = [pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
APP = get_wsgi_application()

# pytest-django has set Django up before collection; generating the schema needs no database.
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request (the test
    Client unhooks that); here it would close the test's transaction, so unhook it too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _world() -> dict[str, int]:
    """A small world (a policy and benefit, a talent with a case and a card, officers); the id
    of one row per collection, so that requests reach real rows as well as missing ones."""
    desk = Desk()
    case = desk.open()
    card = make_card(desk.talent)
    loans = Finance()
    loan = loans.apply(loans.talent())
    rows = {
        "banks": loans.bank,
        "loan-products": loans.individual,
        "loans": loan,
        "applications": case,
        "benefits": desk.benefit,
        "cards": card,
        "divisions": desk.talent.county,
        "entitlements": case.entitlement,
        "organisations": desk.housing,
        "policies": desk.benefit.policy,
        "talents": desk.talent,
        **_medical(desk.talent),
        **_events(desk.talent),
        "enrolments": Schooling().case_in("reviewed"),
        "service-points": _listed_point(desk),
    }
    rows |= _housing_rows()
    rows |= _campaign_rows()
    rows |= _engagement_rows()
    rows |= _project_rows()
    rows |= _fair_rows(desk.talent)
    return {name: row.pk for name, row in rows.items()}


def _listed_point(desk):
    """The clerk's service point with its directory entry (its id is the organisation's)."""
    point = clerk_point(desk.clerk)
    ServicePointEntry.objects.create(
        organisation=point, address="测试路 1 号", hours="周一至周五", telephone="0713-0000000"
    )
    return point


def _project_rows() -> dict[str, object]:
    """A tech project with a talent proposed for it."""
    from rencai.projects.tests.factories import make_expert, make_project, make_proposal

    proposal = make_proposal(make_project(), make_expert("焊接机器人离线编程"))
    return {"tech-projects": proposal.project, "match-proposals": proposal}


def _housing_rows() -> dict[str, object]:
    """An apartment let to a housed talent, and an application still waiting."""
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    offer = housing.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    tenancy = housing.accept_offer(offer, actor=application.talent.user)
    return {
        "apartments": tenancy.unit,
        "housing-applications": h.applicant(),
        "tenancies": tenancy,
    }


def _campaign_rows() -> dict[str, object]:
    """A campaign whose action the default county (the county officer's) answers for."""
    campaign = make_campaign()
    indicator = make_indicator(make_unit(make_action(campaign), division=make_county()))
    return {"campaigns": campaign, "targets": indicator}


def _engagement_rows() -> dict[str, object]:
    """A contact pairing with a logged visit, and a request assigned to a department."""
    pairing = engagement.make_pairing()
    log = engagement.services.log_contact(pairing, actor=None, kind="visit", summary="走访")
    return {
        "contact-pairings": pairing,
        "contact-logs": log,
        "requests": engagement.make_request(pairing.talent, when=timezone.now()),
    }


def _medical(talent) -> dict:
    """A designated hospital, a slot, the talent's booked visit and health record."""
    hospital = make_hospital()
    slot = make_slot(hospital, make_green_channel(), day=timezone.localdate() + timedelta(days=3))
    return {
        "hospitals": hospital,
        "slots": slot,
        "appointments": medical.book_appointment(slot, actor=None, talent=talent),
        "health-records": medical.open_health_record(talent, hospital, actor=None),
    }


def _fair_rows(talent) -> dict:
    """A published job fair: an enterprise taking part, its position, the talent's intent."""
    from rencai.events.fairs import services as fairs
    from rencai.events.fairs.choices import Side
    from rencai.events.fairs.tests.factories import make_fair, make_participant, make_position

    participant = make_participant(make_fair())
    position = make_position(participant)
    return {
        "fair-enterprises": participant,
        "positions": position,
        "employment-intents": fairs.propose_intent(
            position, talent=talent, side=Side.SEEKER, actor=None
        ),
    }


def _events(talent) -> dict:
    """A published mixer in the county officer's county, the talent registered and in."""
    from rencai.events import services as events
    from rencai.events.tests.factories import make_event

    event = make_event(organiser=None, division=make_county())
    registration = events.register(event, actor=None, talent=talent, check_audience=False)
    events.check_in(event, actor=None, code=registration.code, scan_id="fuzz-scan")
    return {"events": event}


def _token_for(role: str) -> str:
    division = make_county() if role == Role.COUNTY_OFFICER else None
    return Token.objects.create(user=make_user(role=role, division=division)).key


def _requests(operation, ids: dict[str, int]):
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    collection = operation.path.removeprefix("/api/v1/").split("/")[0]
    if "{id}" in operation.path and collection in ids:
        real = {"id": ids[collection]}
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
    return st.one_of(*strategies)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.COUNTY_OFFICER])
def test_every_operation_answers_as_documented(operation, role):
    ids = _world()
    headers = {"Authorization": f"Token {_token_for(role)}"}

    @given(case=_requests(operation, ids))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(app=APP, headers=headers, checks=CHECKS)

    answers_as_documented()
