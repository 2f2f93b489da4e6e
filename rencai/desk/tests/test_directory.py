"""The service network: the directory of service points (address, hours, telephone, what each
handles), filtered by county and by need; changed only by the city administrator, audited; and
each point's handling figures through the figures registry."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role, ServicePointKind
from rencai.core.errors import PermissionDenied
from rencai.core.figures import Period, compute
from rencai.core.models import AuditEvent, Organisation
from rencai.core.tests.clients import api_client
from rencai.core.tests.demo import load_demo
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.desk import selectors, services
from rencai.desk.models import ServicePointEntry
from rencai.desk.services.directory import save_directory_entry
from rencai.policies.choices import TimeUnit

from .factories import Desk, make_clerk, make_master, serve

pytestmark = pytest.mark.django_db

URL = "/api/v1/service-points/"


@pytest.fixture
def network():
    """Three points: the 团风 window (handles the benefit), the 武穴 window (does not) and a
    武穴 talent station (offers 企业招聘对接)."""
    desk = Desk(time_target=5, time_unit=TimeUnit.WORKING_DAYS)
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")

    def point(county, name, kind=ServicePointKind.WINDOW, benefits=(), services=()):
        organisation = make_organisation(
            OrganisationKind.SERVICE_POINT, division=county, name=name, service_point_kind=kind
        )
        save_directory_entry(
            organisation,
            actor=None,
            benefits=benefits,
            address=f"{name}地址",
            hours="周一至周五 9:00–17:00",
            telephone="0713-8100000",
            services=list(services),
        )
        return organisation

    points = {
        "tuanfeng": point(tuanfeng, "团风窗口", benefits=[desk.benefit]),
        "wuxue": point(wuxue, "武穴窗口"),
        "station": point(
            wuxue, "武穴驿站", ServicePointKind.TALENT_STATION, services=["企业招聘对接"]
        ),
    }
    return desk, tuanfeng, wuxue, points


def _names(entries):
    return [entry.organisation.name for entry in entries]


def test_the_directory_filters_by_county_and_by_what_the_person_needs(network):
    desk, tuanfeng, wuxue, _points = network
    F = selectors.DirectoryFilters

    assert _names(selectors.directory(F(county=wuxue.pk))) == ["武穴窗口", "武穴驿站"]
    assert _names(selectors.directory(F(need=desk.benefit.code))) == ["团风窗口"]
    assert _names(selectors.directory(F(need="企业招聘对接"))) == ["武穴驿站"]
    assert _names(selectors.directory(F(county=tuanfeng.pk, need="企业招聘对接"))) == []


def test_a_talent_filters_the_directory_on_the_page(client, network):
    desk, _tuanfeng, wuxue, points = network
    client.force_login(desk.talent_user)

    page = client.get(reverse("desk:service-point-list"), {"county": wuxue.pk})

    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="service-point-{points["station"].pk}"' in html
    assert f'id="service-point-{points["tuanfeng"].pk}"' not in html
    assert "service-point-figures" not in html  # handling figures are for report readers


def test_report_readers_see_each_points_cases_this_year_on_the_page(client, network):
    desk, *_rest, points = network
    first = make_clerk(service_point=points["tuanfeng"])
    talent = make_master()
    serve(first, talent)
    services.open_application(talent, desk.benefit, actor=first)
    client.force_login(make_user(role=Role.TASK_FORCE))

    with translation.override("zh-hans"):
        html = client.get(reverse("desk:service-point-list")).content.decode()

    card = html[html.index(f'id="service-point-{points["tuanfeng"].pk}"') :]
    card = card[: card.index("</li>")]
    assert "受理 1 件" in card


def test_the_api_lists_points_to_anyone_signed_in_and_filters_by_need(network):
    desk, *_rest, points = network

    answer = api_client(desk.talent_user).get(URL, {"need": "企业招聘对接"})

    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [points["station"].pk]
    assert answer.json()["results"][0]["services"] == ["企业招聘对接"]


def test_only_the_city_administrator_changes_an_entry_and_it_is_audited(network):
    desk, *_rest, points = network
    admin = make_user(role=Role.CITY_ADMIN)
    url = f"{URL}{points['wuxue'].pk}/"

    refused = api_client(desk.talent_user).patch(url, {"telephone": "110"}, format="json")
    changed = api_client(admin).patch(
        url, {"telephone": "0713-8123456", "benefits": [desk.benefit.pk]}, format="json"
    )

    assert refused.status_code == 403
    assert changed.status_code == 200
    assert changed.json()["telephone"] == "0713-8123456"
    assert [b["code"] for b in changed.json()["benefits"]] == [desk.benefit.code]
    event = AuditEvent.objects.get(action="service_point.directory_change")
    assert event.changes["telephone"] == ["0713-8100000", "0713-8123456"]
    with pytest.raises(PermissionDenied):
        save_directory_entry(points["wuxue"], actor=desk.clerk, telephone="1")


def test_cases_opened_and_settled_within_target_per_service_point(network):
    # given two cases opened at one window and one at another, one of them approved in time
    desk, *_rest, points = network
    first = make_clerk(service_point=points["tuanfeng"])
    second = make_clerk(service_point=points["wuxue"])
    opened = []
    for clerk in (first, first, second):
        talent = make_master()
        serve(clerk, talent)
        opened.append(services.open_application(talent, desk.benefit, actor=clerk))
    services.accept_application(opened[0], actor=first)
    services.approve_application(opened[0], actor=desk.housing_officer)
    task_force = make_user(role=Role.TASK_FORCE)
    today = clock.today()
    period = Period(today.replace(month=1, day=1), today)

    # when the figures are read by service point
    by_point = {
        row.key: row.value.value
        for row in compute(
            "desk.cases_opened", task_force, period=period, breakdown="service_point"
        ).rows
    }
    settled = {
        row.key: (row.value.numerator, row.value.denominator)
        for row in compute(
            "desk.settled_within_target", task_force, period=period, breakdown="service_point"
        ).rows
    }

    # then they are the counts of the cases made above
    assert by_point == {points["tuanfeng"].pk: 2, points["wuxue"].pk: 1}
    assert settled == {points["tuanfeng"].pk: (1, 1)}


def test_the_demo_gives_every_service_point_its_entry():
    load_demo(talents=0, no_cases=True)

    points = ServicePointEntry.objects.values_list("organisation_id", flat=True)
    service_points = Organisation.objects.filter(kind=OrganisationKind.SERVICE_POINT)
    assert service_points.count() >= 6
    assert set(points) == set(service_points.values_list("pk", flat=True))
    assert all(entry.illustrative for entry in ServicePointEntry.objects.all())
