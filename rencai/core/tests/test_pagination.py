"""The capped paginator: huge lists count at most cap + 1 rows, and "next" reaches every page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rencai.core import pagination
from rencai.core.choices import Role
from rencai.core.pagination import CappedPaginator
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_talent
from rencai.talents.views import registry

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def seven():
    county = make_county("421121", "团风县")
    for i in range(7):
        make_talent(county=county, name=f"分页人才{i}")
    return Talent.objects.order_by("pk")


def test_over_the_cap_the_count_stops_one_row_past_it(seven):
    # given 7 rows, a cap of 3 and pages of 2
    paginator = CappedPaginator(seven, 2, cap=3)
    # when the first page is read
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(1)
    # then the count read 4 rows (one past the cap, in a LIMITed subquery), says "more than 3"
    assert paginator.count == 4
    assert paginator.is_capped
    assert paginator.counted == "3"
    assert page.has_next()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]


def test_the_capped_count_does_not_sort_what_it_counts(seven):
    # given an ordered list over the cap (7 rows, cap 3)
    paginator = CappedPaginator(seven.order_by("-name"), 2, cap=3)
    # when the first page is read
    with CaptureQueriesContext(connection) as queries:
        names = [t.name for t in paginator.get_page(1).object_list]
    # then the count's query has no ORDER BY (any 4 rows count as many), the page keeps its own
    count, rows = (q["sql"].upper() for q in queries.captured_queries)
    assert "COUNT(" in count
    assert "ORDER BY" not in count
    assert "ORDER BY" in rows
    assert paginator.count == 4
    assert names == ["分页人才6", "分页人才5"]


def test_a_distinct_list_is_counted_in_its_order(seven):
    # given a DISTINCT list over the cap
    paginator = CappedPaginator(seven.order_by("-pk").distinct(), 2, cap=3)
    # when it is counted, then DISTINCT runs over its ordering as the page does
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 4
    assert "ORDER BY" in queries.captured_queries[0]["sql"].upper()


def test_a_list_the_count_found_whole_is_sorted_by_its_few_rows_order(seven):
    # given 7 rows ordered by pk, a few-rows order by name descending, and a cap of 10
    paginator = CappedPaginator(seven, 2, cap=10, few_rows_order=("-name",))
    # when the first page is read, then the count found them all and the page is so sorted
    names = [t.name for t in paginator.get_page(1).object_list]
    assert not paginator.is_capped
    assert names == ["分页人才6", "分页人才5"]


def test_a_list_over_the_cap_keeps_its_own_order(seven):
    # given the same, but a cap of 3: the count does not find the whole list
    paginator = CappedPaginator(seven, 2, cap=3, few_rows_order=("-name",))
    # when the first page is read, then it is in the list's own order
    names = [t.name for t in paginator.get_page(1).object_list]
    assert paginator.is_capped
    assert names == ["分页人才0", "分页人才1"]


def test_pages_beyond_the_cap_are_reached_and_full(seven):
    # given a cap of 3 and pages of 2, when page 2 (rows 3–4) and page 4 (row 7) are read
    second = CappedPaginator(seven, 2, cap=3).get_page(2)
    last = CappedPaginator(seven, 2, cap=3).get_page(4)
    # then page 2 has its two rows and a next page; page 4 knows the whole count: 7, no next
    ids = list(seven.values_list("pk", flat=True))
    assert [t.pk for t in second.object_list] == ids[2:4]
    assert second.has_next()
    assert second.paginator.is_capped
    assert [t.pk for t in last.object_list] == ids[6:]
    assert not last.has_next()
    assert last.paginator.count == 7
    assert not last.paginator.is_capped


def test_under_the_cap_it_is_the_plain_paginator(seven):
    page = CappedPaginator(seven, 5, cap=1000).get_page("x")
    assert page.number == 1
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 2
    assert not page.paginator.is_capped


def test_the_registry_over_the_cap_says_more_than_and_has_no_last_page(seven, monkeypatch):
    # given the registry with pages of 2 and a cap of 3, and an officer of the county
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    monkeypatch.setattr(registry, "PAGE_SIZE", 2)
    officer = make_user(role=Role.COUNTY_OFFICER, division=make_county("421121", "团风县"))
    client = page_client(officer)
    # when the first page and the last are shown
    first = client.get(reverse("talents:list"))
    last = client.get(reverse("talents:list"), {"page": 4})
    # then the first says "3+ 条" with a next link and no last; the last page counts them all
    html = first.content.decode()
    assert "3+ 条" in html
    assert 'rel="next"' in html
    assert "page-last" not in html
    assert "共 7 条" in last.content.decode()
    assert len(last.context["talents"]) == 1
