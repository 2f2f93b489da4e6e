"""Every registered figure's drill-down list shows the records the figure counts for the
county and the month the dashboard passes (issue 15).

Walks the figure registry, so a new figure is covered without a new test. The world is the
permission matrix's (two counties, 团风 and 武穴, each with its records), built once for the
module. Given the task force, when it opens a figure's drill-down for 团风 and the month the
world was made in, then the list reports as many records as the figure's own records
(`records_for`, filtered by the figure's county and period) — and none for the month before.

The same for the department filter: every figure with a `department` breakdown, its list
opened by the dashboard's link for a department, shows that department's records.

A list that cannot show exactly the figure's records is named in GAPS with the reason; its
case is an expected failure until the list learns the filter.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import override_settings

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.figures import Period, drilldown_url, records_for, registry
from rencai.core.models import Organisation
from rencai.core.tests.clients import page_client
from rencai.dashboard.forms import MONTH, Filters
from rencai.dashboard.sections import DEPARTMENT, link
from rencai.policies.evaluation import clear_caches
from rencai.policies.pack import clear_in_force
from tests.permissions.world import build_world

# figure → why its list cannot show exactly the figure's records (yet): an expected failure
# until the list learns the filter. Every registered figure's list shows exactly its records.
GAPS: dict[str, str] = {}


def _month(day: date) -> Period:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(start, end)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        clear_caches()
        clear_in_force()
        with transaction.atomic():
            built = build_world()
            built.month = _month(clock.today())  # type: ignore[attr-defined]
            yield built
            transaction.set_rollback(True)
        clear_caches()
        clear_in_force()


def _listed(response) -> int:
    """The number of records the list reports (its paginator's count)."""
    page = response.context.get("page")
    if page is None:
        page = response.context.get("page_obj")
    assert page is not None, "the drill-down list paginates as `page`"
    return page.paginator.count


FIGURES = [
    pytest.param(
        name,
        marks=[pytest.mark.xfail(reason=GAPS[name], strict=False)] if name in GAPS else [],
        id=name,
    )
    for name in registry.names()
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FIGURES)
def test_a_figures_drill_down_lists_exactly_its_records_for_the_county_and_month(world, name):
    figure = registry.get(name)
    task_force = world.users[Role.TASK_FORCE]
    client = page_client(task_force)
    county = world.tuanfeng.pk
    for period in (world.month, _month(world.month.start - timedelta(days=1))):
        expected = records_for(
            figure, task_force, period=period, as_of=period.end, counties=[county]
        )
        if figure.distinct_field:
            expected = expected.values(figure.distinct_field).distinct()
        response = client.get(drilldown_url(figure, county=county, period=period))
        assert response.status_code == 200
        assert _listed(response) == expected.count(), (name, period)


def _by_department() -> list:
    return [
        pytest.param(name, id=name)
        for name in registry.names()
        if DEPARTMENT in registry.get(name).breakdowns
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", _by_department())
def test_a_figures_drill_down_lists_exactly_its_records_for_a_department(world, name):
    """Given the department filter, the tile's link (the dashboard's own) opens a list of
    exactly the figure's records of that department: for each department the figure's
    records name, and for one they do not (an empty list, not every record)."""
    figure = registry.get(name)
    task_force = world.users[Role.TASK_FORCE]
    client = page_client(task_force)
    county = world.tuanfeng.pk
    records = records_for(
        figure, task_force, period=world.month, as_of=world.month.end, counties=[county]
    )
    path = figure.breakdowns[DEPARTMENT]
    named = set(records.values_list(path, flat=True).distinct()) - {None}
    nobodys = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).exclude(pk__in=named)
    for department in [*sorted(named), nobodys.values_list("pk", flat=True).first()]:
        expected = records.filter(**{path: department})
        if figure.distinct_field:
            expected = expected.values(figure.distinct_field).distinct()
        filters = Filters(world.month, MONTH, county, department)
        response = client.get(link(figure, filters))
        assert response.status_code == 200
        assert _listed(response) == expected.count(), (name, department)
