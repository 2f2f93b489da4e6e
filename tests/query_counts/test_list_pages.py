"""List pages (and the home page of every role) cost the same number of queries for N rows as
for 3N, and that number is written down per app in `rencai/<app>/tests/query_counts.json`, so
a change that adds queries shows in review (NetBox keeps its counts the same way).

A page that legitimately needs another query: run with `UPDATE_QUERY_COUNTS=1` to rewrite the
JSON files, and say why in the commit.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rencai.core import clock
from rencai.core.audit import record
from rencai.core.choices import Role
from rencai.core.tests.clients import api_client, page_client
from rencai.core.tests.factories import (
    make_county,
    make_division,
    make_organisation,
    make_tier,
    make_user,
)
from rencai.desk.tests.factories import Desk, make_desk_benefit, make_master, open_case
from rencai.policies import pack
from rencai.policies import services as policies
from rencai.policies.tests.factories import make_benefit
from rencai.schooling.tests.factories import Schooling
from rencai.talents.tests.factories import make_card, make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture(autouse=True)
def _catalogue_checked_once():
    """The policy pack (the talent's home) checks the catalogue's stamp once a window: the
    test settings' window (`CATALOGUE_STAMP_TTL`, an hour) means it is checked on the first page
    only (and again whenever a benefit is saved, which clears the cache)."""
    pack.clear_in_force()
    yield
    pack.clear_in_force()


N = 2
ROOT = Path(__file__).resolve().parents[2]
UPDATE = os.environ.get("UPDATE_QUERY_COUNTS") == "1"


@dataclass(frozen=True)
class Page:
    """A list: its app (whose JSON holds the count), URL, who looks, and how to add k rows."""

    app: str
    url: str | Callable[[Desk], str]  # a callable: the page of one of the world's records
    role: str
    add_rows: Callable[[Desk, int], None]


def talents(desk, k):
    for _ in range(k):
        make_talent()


def moves(desk, k):
    """Departures and transfers (the list shows both), made straight in the table."""
    from datetime import date

    from rencai.talents.choices import MoveKind
    from rencai.talents.models import DepartureReason, TalentMove

    reason = DepartureReason.objects.order_by("rank").first()
    for _ in range(k):
        talent = make_talent()
        TalentMove.objects.create(
            talent=talent, kind=MoveKind.DEPARTURE, moved_on=date(2022, 9, 1), reason=reason
        )


def cards(desk, k):
    for _ in range(k):
        make_card(make_talent())


def cases(desk, k):
    for _ in range(k):
        desk.open(make_master())


def paid_cases(desk, k):
    for _ in range(k):
        desk.case_in("disbursed", talent=make_master())


def own_cases(desk, k):
    for _ in range(k):
        open_case(desk.clerk, desk.talent, make_desk_benefit(owning_department=desk.housing))


def events(desk, k):
    """Events the housing bureau organises, each with a registration."""
    from rencai.events.tests.factories import make_event, make_registration

    for _ in range(k):
        make_registration(make_event(organiser=desk.housing))


def benefits(desk, k):
    for _ in range(k):
        make_benefit()


def budgets(desk, k):
    for _ in range(k):
        make_desk_benefit(owning_department=desk.housing)


def entitlements(desk, k):
    for _ in range(k):
        policies.record_entitlement(make_talent(), desk.benefit, actor=None)


def outreach_runs(desk, k):
    for _ in range(k):
        policies.start_outreach(actor=None, benefit=desk.benefit)


def audit_events(desk, k):
    for _ in range(k):
        record(None, "test.event", make_talent())


def divisions(desk, k):
    for _ in range(k):
        make_division()


def organisations(desk, k):
    for _ in range(k):
        make_organisation()


def _booked_visit():
    from rencai.medical import services as medical
    from rencai.medical.tests.factories import make_card_holder, make_hospital, make_slot

    talent = make_card_holder()
    hospital = make_hospital()
    appointment = medical.book_appointment(make_slot(hospital), actor=None, talent=talent)
    medical.open_health_record(talent, hospital, actor=None)
    return appointment


def fair_intents(desk, k):
    """k enterprises at one published job fair, a position each, a seeker's intent on it."""
    from rencai.events.fairs import services as fairs
    from rencai.events.fairs.choices import Side
    from rencai.events.fairs.models import FairEnterprise
    from rencai.events.fairs.tests import factories as f

    existing = FairEnterprise.objects.select_related("fair").first()
    fair = existing.fair if existing else f.make_fair()
    for _ in range(k):
        position = f.make_position(f.make_participant(fair))
        seeker = f.make_seeker(fair)
        fairs.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=None)


def visits(desk, k):
    for _ in range(k):
        _booked_visit()


def hospitals(desk, k):
    from rencai.medical.tests.factories import make_hospital

    for _ in range(k):
        make_hospital()


def _schooling(desk) -> Schooling:
    if not hasattr(desk, "schooling"):
        desk.schooling = Schooling()
    return desk.schooling


def enrolments(desk, k):
    world = _schooling(desk)
    for _ in range(k):
        world.case_in("assigned")


def own_enrolments(desk, k):
    world = _schooling(desk)
    desk.talent.tier = make_tier("B")
    desk.talent.save(update_fields=["tier"])
    for _ in range(k):
        world.case_in("requested", talent=desk.talent)


def proposals(desk, k):
    from rencai.projects.tests.factories import make_expert, make_outcome, make_proposal

    for _ in range(k):
        make_outcome(make_proposal(talent=make_expert("焊接"), status="accepted"))


def loans(desk, k):
    from rencai.finance.tests.factories import Finance

    if not hasattr(desk, "loans"):
        desk.loans = Finance()
    for _ in range(k):
        desk.loans.apply(desk.loans.talent())


def _engagement(desk):
    from rencai.engagement.tests.factories import make_leader

    if not hasattr(desk, "leader"):
        desk.leader = make_leader()
    return desk.leader


def requests(desk, k):
    from rencai.engagement.tests.factories import make_request

    for _ in range(k):
        make_request(when=timezone.now())


def own_requests(desk, k):
    from rencai.engagement.tests.factories import make_request

    for _ in range(k):
        make_request(desk.talent, when=timezone.now())


def pairings(desk, k):
    from rencai.engagement import services as engagement
    from rencai.engagement.tests.factories import make_pairing

    for _ in range(k):
        pairing = make_pairing(leader=_engagement(desk), year=timezone.now().year)
        engagement.log_contact(pairing, actor=None, kind="visit", summary="走访")


def service_points(desk, k):
    from rencai.core.choices import OrganisationKind
    from rencai.desk.services.directory import save_directory_entry

    for _ in range(k):
        point = make_organisation(OrganisationKind.SERVICE_POINT)
        save_directory_entry(
            point,
            actor=None,
            benefits=[desk.benefit],
            address="测试路 1 号",
            hours="周一至周五",
            telephone="0713-0000000",
            services=["政策咨询"],
        )


def file_records(desk, k):
    """Paid cases (each a case, its decision and its payment) and requests of the desk's
    talent: each shows in their one-person file."""
    from rencai.desk import services

    for _ in range(k):
        benefit = make_desk_benefit(owning_department=desk.housing, paying_department=desk.finance)
        case = services.accept_application(
            open_case(desk.clerk, desk.talent, benefit), actor=desk.clerk
        )
        case = services.approve_application(case, actor=desk.housing_officer)
        services.disburse(case, actor=desk.finance_officer)
    own_requests(desk, k)


def _dashboard_row(desk, county) -> None:
    """A paid case of a new benefit of the housing bureau (a bar by benefit, for the task force
    and the bureau's officers), a completed green-channel visit at a new hospital (a bar by
    hospital: a hospital is named by its organisation, the N+1 this guards against) and a
    departure for a new reason (a bar by reason), all of talents of `county`."""
    from rencai.desk import services
    from rencai.medical import services as medical
    from rencai.medical.choices import AppointmentStatus
    from rencai.medical.models import Appointment
    from rencai.medical.tests.factories import (
        make_card_holder,
        make_hospital,
        make_liaison,
        make_slot,
    )
    from rencai.talents.choices import MoveKind
    from rencai.talents.models import DepartureReason, TalentMove

    n = next(_reasons)
    reason = DepartureReason.objects.create(code=f"reason_{n}", name=f"原因 {n}", rank=100 + n)
    TalentMove.objects.create(
        talent=make_talent(county),
        kind=MoveKind.DEPARTURE,
        moved_on=clock.today(),
        reason=reason,
        from_county=county,
    )

    benefit = make_desk_benefit(owning_department=desk.housing, paying_department=desk.finance)
    case = open_case(desk.clerk, make_master(county), benefit)
    case = services.accept_application(case, actor=desk.clerk)
    case = services.approve_application(case, actor=desk.housing_officer)
    services.disburse(case, actor=desk.finance_officer)
    hospital = make_hospital()
    visit = medical.book_appointment(
        make_slot(hospital), actor=None, talent=make_card_holder(county)
    )
    now = clock.now()  # the visit's day is tomorrow: completed straight in the table
    Appointment.objects.filter(pk=visit.pk).update(
        status=AppointmentStatus.FULFILLED,
        accompanied_by=make_liaison(hospital),
        accompanied_at=now,
        completed_at=now,
        ended_at=now,
    )


_reasons = itertools.count(1)


def dashboard_rows(desk, k):
    """Rows of talents of new counties: each adds a bar (and a table row) by county, by
    benefit and by hospital."""
    for _ in range(k):
        _dashboard_row(desk, make_division())


def county_dashboard_rows(desk, k):
    """Rows in the default county (a county officer's): bars by benefit and by hospital."""
    for _ in range(k):
        _dashboard_row(desk, make_county())


def _this_year(desk) -> str:
    return f"/dashboard/?period=year&month={clock.today():%Y-%m}"


PAGES: dict[str, Page] = {
    "core:audit-log": Page("core", "/audit/", Role.CITY_ADMIN, audit_events),
    "api:division-list": Page("core", "/api/v1/divisions/", Role.TASK_FORCE, divisions),
    "api:organisation-list": Page("core", "/api/v1/organisations/", Role.TASK_FORCE, organisations),
    "talents:list": Page("talents", "/talents/", Role.TASK_FORCE, talents),
    "api:talent-list": Page("talents", "/api/v1/talents/", Role.TASK_FORCE, talents),
    "api:card-list": Page("talents", "/api/v1/cards/", Role.TASK_FORCE, cards),
    "policies:handbook": Page("policies", "/handbook/", Role.TALENT, benefits),
    "policies:catalogue": Page("policies", "/policies/", Role.TASK_FORCE, benefits),
    "policies:entitlement-list": Page("policies", "/entitlements/", Role.TASK_FORCE, entitlements),
    "policies:outreach-list": Page("policies", "/outreach/", Role.TASK_FORCE, outreach_runs),
    "api:policy-list": Page("policies", "/api/v1/policies/", Role.TASK_FORCE, benefits),
    "api:benefit-list": Page("policies", "/api/v1/benefits/", Role.TASK_FORCE, benefits),
    "api:entitlement-list": Page(
        "policies", "/api/v1/entitlements/", Role.TASK_FORCE, entitlements
    ),
    "api:outreach-run-list": Page(
        "policies", "/api/v1/outreach-runs/", Role.TASK_FORCE, outreach_runs
    ),
    "desk:application-list": Page("desk", "/desk/cases/", Role.DEPARTMENT_OFFICER, cases),
    "desk:queue": Page("desk", "/desk/queue/", Role.DEPARTMENT_OFFICER, cases),
    "desk:ledger": Page("desk", "/desk/disbursements/", Role.TASK_FORCE, paid_cases),
    "desk:my-applications": Page("desk", "/my/applications/", Role.TALENT, own_cases),
    "api:application-list": Page("desk", "/api/v1/applications/", Role.DEPARTMENT_OFFICER, cases),
    "api:disbursement-list": Page("desk", "/api/v1/disbursements/", Role.TASK_FORCE, paid_cases),
    "api:budget-list": Page("desk", "/api/v1/budgets/", Role.TASK_FORCE, budgets),
    "desk:service-point-list": Page("desk", "/service-points/", Role.TASK_FORCE, service_points),
    "api:service-point-list": Page("desk", "/api/v1/service-points/", Role.TALENT, service_points),
    "medical:appointment-list": Page("medical", "/medical/appointments/", Role.TASK_FORCE, visits),
    "medical:record-list": Page("medical", "/medical/records/", Role.TASK_FORCE, visits),
    "api:appointment-list": Page("medical", "/api/v1/appointments/", Role.TASK_FORCE, visits),
    "api:health-record-list": Page("medical", "/api/v1/health-records/", Role.TASK_FORCE, visits),
    "api:slot-list": Page("medical", "/api/v1/slots/", Role.TASK_FORCE, visits),
    "api:hospital-list": Page("medical", "/api/v1/hospitals/", Role.TASK_FORCE, hospitals),
    "schooling:case-list": Page("schooling", "/schooling/cases/", Role.TASK_FORCE, enrolments),
    "schooling:my-schooling": Page("schooling", "/my/schooling/", Role.TALENT, own_enrolments),
    "api:enrolment-list": Page("schooling", "/api/v1/enrolments/", Role.TASK_FORCE, enrolments),
    "finance:loan-list": Page("finance", "/loans/", Role.TASK_FORCE, loans),
    "api:loan-list": Page("finance", "/api/v1/loans/", Role.TASK_FORCE, loans),
    "engagement:pairing-list": Page(
        "engagement", "/engagement/pairings/", Role.TASK_FORCE, pairings
    ),
    "engagement:request-list": Page(
        "engagement", "/engagement/requests/", Role.TASK_FORCE, requests
    ),
    "engagement:my-requests": Page("engagement", "/my/requests/", Role.TALENT, own_requests),
    "api:contact-pairing-list": Page(
        "engagement", "/api/v1/contact-pairings/", Role.TASK_FORCE, pairings
    ),
    "api:contact-log-list": Page("engagement", "/api/v1/contact-logs/", Role.TASK_FORCE, pairings),
    "api:request-list": Page("engagement", "/api/v1/requests/", Role.TASK_FORCE, requests),
    "events:list": Page("events", "/events/", Role.DEPARTMENT_OFFICER, events),
    "talents:move-list": Page("talents", "/talents/moves/", Role.TASK_FORCE, moves),
    "api:event-list": Page("events", "/api/v1/events/", Role.DEPARTMENT_OFFICER, events),
    "projects:project-list": Page("projects", "/tech-projects/", Role.TASK_FORCE, proposals),
    "projects:proposal-list": Page("projects", "/match-proposals/", Role.TASK_FORCE, proposals),
    "api:tech-project-list": Page("projects", "/api/v1/tech-projects/", Role.TASK_FORCE, proposals),
    "api:match-proposal-list": Page(
        "projects", "/api/v1/match-proposals/", Role.TASK_FORCE, proposals
    ),
    "fairs:position-list": Page("events/fairs", "/fairs/positions/", Role.TASK_FORCE, fair_intents),
    "fairs:intent-list": Page("events/fairs", "/fairs/intents/", Role.TASK_FORCE, fair_intents),
    "api:position-list": Page("events/fairs", "/api/v1/positions/", Role.TASK_FORCE, fair_intents),
    "api:employment-intent-list": Page(
        "events/fairs", "/api/v1/employment-intents/", Role.TASK_FORCE, fair_intents
    ),
}
# The dashboard: one query per figure and breakdown, whatever the records — for the month
# (the default) and the year, the city's, a county officer's and a department officer's.
PAGES["dashboard:index"] = Page("dashboard", "/dashboard/", Role.TASK_FORCE, dashboard_rows)
PAGES["dashboard:index-year"] = Page("dashboard", _this_year, Role.TASK_FORCE, dashboard_rows)
PAGES["dashboard:index-county"] = Page(
    "dashboard", "/dashboard/", Role.COUNTY_OFFICER, county_dashboard_rows
)
PAGES["dashboard:index-county-year"] = Page(
    "dashboard", _this_year, Role.COUNTY_OFFICER, county_dashboard_rows
)
PAGES["dashboard:index-department"] = Page(
    "dashboard", "/dashboard/", Role.DEPARTMENT_OFFICER, county_dashboard_rows
)
# The one-person file: every app's entries of one talent, the same queries for 5 as for 500.
PAGES["talents:file"] = Page(
    "talents", lambda desk: f"/talents/{desk.talent.pk}/file/", Role.TASK_FORCE, file_records
)
# The home page of every role, over cases (and so talents) in their scope.
PAGES |= {f"home-{role}": Page("core", "/", role, cases) for role in Role.values}


def _user(desk: Desk, role: str):
    """The Desk world's own people where it has them (their scope holds the rows)."""
    return {
        Role.DEPARTMENT_OFFICER: desk.housing_officer,
        Role.WINDOW_CLERK: desk.clerk,
        Role.TALENT: desk.talent_user,
    }.get(role) or make_user(role=role)


def _queries(client, url: str) -> tuple[int, int]:
    """The queries a page costs, and its length (which grows when the rows show)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(context), len(response.content)


def _counts_file(app: str) -> Path:
    return ROOT / "rencai" / app / "tests" / "query_counts.json"


def _expected(app: str) -> dict[str, int]:
    path = _counts_file(app)
    return json.loads(path.read_text()) if path.exists() else {}


def _write(app: str, key: str, count: int) -> None:
    counts = _expected(app) | {key: count}
    text = json.dumps(dict(sorted(counts.items())), indent=2, ensure_ascii=False)
    _counts_file(app).write_text(text + "\n")


@pytest.mark.parametrize("key", sorted(PAGES))
def test_list_queries_do_not_grow_with_rows(key):
    page = PAGES[key]
    desk = Desk()
    user = _user(desk, page.role)
    client = api_client(user) if key.startswith("api:") else page_client(user)
    url = page.url(desk) if callable(page.url) else page.url
    page.add_rows(desk, N)
    client.get(url)  # warm the per-process caches (parsed rules, roles)

    few, short = _queries(client, url)
    page.add_rows(desk, 2 * N)
    many, long = _queries(client, url)

    if not key.startswith("home-"):  # the home pages show counts, not rows
        assert long > short, f"{key}: the new rows do not show; the count proves nothing"
    assert many == few, f"{key}: {few} queries for {N} rows, {many} for {3 * N}"
    if UPDATE:
        _write(page.app, key, few)
    expected = _expected(page.app).get(key)
    assert expected is not None, f"{key}: no count in {_counts_file(page.app)}; add {few}"
    assert few == expected, (
        f"{key}: {few} queries, {_counts_file(page.app).name} says {expected}. If the new "
        "query is needed, update the count (UPDATE_QUERY_COUNTS=1) and say why."
    )


def test_window_find_queries_do_not_grow_with_matches():
    """The window's find (a POST by name and birth date, as the desk's clerk): the session,
    the user, their roles (with their organisations' kinds: no query for the service point),
    the talents (with their county only) and one statement for the visits and the audit
    event (`core.inserts.insert_together`) — the same for 2 matches as for 6. The count is
    `talents:find` in talents' JSON."""
    desk = Desk()
    client = page_client(desk.clerk)
    birth = date(1990, 5, 17)
    form = {"id_number": "", "mobile": "", "name": "王窗口", "birth_date": birth.isoformat()}

    def add(k: int) -> None:
        for _ in range(k):
            make_talent(name="王窗口", birth_date=birth)

    def find() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = client.post("/talents/find/", form)
        assert response.status_code == 200
        return len(context), response.content.decode().count("/talents/")

    add(N)
    client.post("/talents/find/", form)  # warm the per-process caches
    few, short = find()
    add(2 * N)
    many, long = find()

    assert long > short, "talents:find: the new matches do not show; the count proves nothing"
    assert many == few, f"talents:find: {few} queries for {N} matches, {many} for {3 * N}"
    if UPDATE and connection.vendor == "postgresql":
        _write("talents", "talents:find", few)
    expected = _expected("talents").get("talents:find")
    assert expected is not None, f"talents:find: no count in {_counts_file('talents')}; add {few}"
    if connection.vendor != "postgresql":
        # the count is PostgreSQL's: elsewhere the visits and the event are a bulk_create each
        # in a transaction (a savepoint in the test's), three statements more than one
        expected += 3
    assert few == expected, (
        f"talents:find: {few} queries, the JSON says {expected}. If the new query is needed, "
        "update the count (UPDATE_QUERY_COUNTS=1) and say why."
    )
