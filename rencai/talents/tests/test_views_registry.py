"""Registry pages: list, detail, reveal, register, edit, family and the window's find.

Each denial sits beside the grant with the same set-up. Pages are requested in English so the
assertions do not depend on the Chinese catalogue.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents import visibility
from rencai.talents.identity import make_ric
from rencai.talents.models import FamilyMember, Tag, Talent, WindowVisit
from rencai.talents.tests.factories import make_degree, make_talent, make_tier

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def world():
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    return {
        "tuanfeng": tuanfeng,
        "wuxue": wuxue,
        "mine": make_talent(county=tuanfeng, name="团风人才", birth_date=date(1990, 6, 1)),
        "theirs": make_talent(county=wuxue, name="武穴人才"),
        "officer": make_user(role=Role.COUNTY_OFFICER, division=tuanfeng),
    }


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def liaison_sees_everyone():
    """A role that sees talents but may not reveal them (as the medical app will grant)."""

    def provider(actor, roles):
        return Q() if roles.has(Role.HOSPITAL_LIAISON) else None

    visibility.register_provider("tests.liaison", provider)
    yield make_user(role=Role.HOSPITAL_LIAISON)
    visibility.unregister_provider("tests.liaison")


# --- list and search ----------------------------------------------------------------------


def test_county_officer_lists_own_county_only(world):
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:list"))

    assert response.status_code == 200
    assert "团风人才" in page(response)
    assert "武穴人才" not in page(response)
    assert world["mine"].id_number not in page(response)  # masked in the list


def search(client, **fields):
    """Post the list's filter form and follow its redirect, as a browser does."""
    return client.post(reverse("talents:list"), fields, follow=True)


def urls_in(html: str) -> list[str]:
    """Every link, form action and the language switcher's `next` on a page."""
    return re.findall(r'(?:href|action|src)="([^"]*)"', html) + re.findall(
        r'name="next" type="hidden" value="([^"]*)"', html
    )


def test_county_officer_cannot_find_other_county_talent_by_number_or_name(world):
    client = page_client(world["officer"], english=True)
    theirs = world["theirs"]

    by_number = search(client, id_number=theirs.id_number)
    by_name = client.get(reverse("talents:list"), {"name": "武穴"})
    by_county = client.get(reverse("talents:list"), {"county": world["wuxue"].pk})

    assert "武穴人才" not in page(by_number)
    assert "No talents match" in page(by_number)
    assert "武穴人才" not in page(by_name)
    assert "武穴人才" not in page(by_county)


def test_task_force_lists_every_county_and_filters_by_tier_and_tag(world):
    youth = Tag.objects.create(code="youth", name="青年人才")
    make_talent(county=world["wuxue"], name="青年A类", tier=make_tier("A"), tags=[youth])
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    everyone = page(client.get(reverse("talents:list")))
    by_tier = page(client.get(reverse("talents:list"), {"tier": "A"}))
    by_tag = page(client.get(reverse("talents:list"), {"tag": "youth", "name": "青年"}))
    no_tier = page(client.get(reverse("talents:list"), {"tier": "none"}))

    assert all(name in everyone for name in ("团风人才", "武穴人才", "青年A类"))
    assert "青年A类" in by_tier
    assert "团风人才" not in by_tier
    assert "青年A类" in by_tag
    assert "青年A类" not in no_tier
    assert "团风人才" in no_tier


def test_county_officer_cannot_find_other_county_talent_by_mobile(world):
    client = page_client(world["officer"], english=True)

    response = search(client, mobile=world["theirs"].mobile)

    assert response.context["talents"] == []
    assert "武穴人才" not in page(response)


def test_list_filter_form_posts_with_the_csrf_token(world):
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:list"))

    html = page(response)
    assert f'method="post" action="{reverse("talents:list")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'method="get"' not in html


def test_search_by_number_redirects_to_a_url_without_it(world):
    client = page_client(world["officer"], english=True)
    number = world["mine"].id_number

    response = client.post(
        reverse("talents:list"), {"id_number": number, "name": "团风", "tier": "", "mobile": ""}
    )

    assert response.status_code == 303
    assert response["Location"] == reverse("talents:list") + "?name=%E5%9B%A2%E9%A3%8E"
    assert client.session["talents.list_identifiers"] == {"id_number": number}


def test_list_after_a_number_search_shows_that_talent_and_no_url_carries_the_number(world):
    make_talent(county=world["tuanfeng"], name="团风另一位")
    client = page_client(world["officer"], english=True)
    number = world["mine"].id_number

    response = search(client, id_number=number, name="团风")

    assert response.redirect_chain == [(reverse("talents:list") + "?name=%E5%9B%A2%E9%A3%8E", 303)]
    assert [t.name for t in response.context["talents"]] == ["团风人才"]
    html = page(response)
    assert f'value="{number}"' in html  # the form shows the number in force
    assert 'id="clear-filters" href="/talents/?clear=1"' in html
    assert 'href="/talents/export.xlsx?name=' in html
    assert 'name="next" type="hidden" value="/talents/?name=' in html
    for url in urls_in(html):
        assert number not in url
        assert "id_number" not in url
    assert "no-store" in response["Cache-Control"]


def test_pagination_after_a_mobile_search_keeps_the_filters_but_not_the_mobile(world):
    shared = "13912345678"
    for _ in range(55):
        make_talent(county=world["tuanfeng"], mobile=shared, name="同号人才")
    client = page_client(world["officer"], english=True)

    first = search(client, mobile="139 1234 5678", name="同号")
    second = client.get(reverse("talents:list"), {"name": "同号", "page": 2})

    assert client.session["talents.list_identifiers"] == {"mobile": shared}
    assert first.context["page_obj"].paginator.count == 55
    assert len(second.context["talents"]) == 5
    html = page(first)
    assert 'rel="next"' in html
    next_page = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "page=2" in next_page
    assert "name=" in next_page
    for url in urls_in(html) + urls_in(page(second)):
        assert shared not in url
        assert "mobile" not in url


def test_number_or_mobile_in_the_query_string_is_ignored_and_dropped(world):
    client = page_client(world["officer"], english=True)
    number = world["mine"].id_number
    extra = make_talent(county=world["tuanfeng"], name="团风另一位")

    response = client.get(
        reverse("talents:list"), {"id_number": number, "mobile": extra.mobile, "name": "团风"}
    )
    followed = client.get(response["Location"])

    assert response.status_code == 303
    assert response["Location"] == reverse("talents:list") + "?name=%E5%9B%A2%E9%A3%8E"
    assert "talents.list_identifiers" not in client.session
    assert {t.name for t in followed.context["talents"]} == {"团风人才", "团风另一位"}
    assert f'value="{number}"' not in page(followed)


def test_clear_forgets_the_searched_number(world):
    extra = make_talent(county=world["tuanfeng"], name="团风另一位")
    client = page_client(world["officer"], english=True)
    search(client, id_number=world["mine"].id_number)

    response = client.get(reverse("talents:list"), {"clear": "1"})
    after = client.get(reverse("talents:list"))

    assert response.status_code == 303
    assert response["Location"] == reverse("talents:list")
    assert "talents.list_identifiers" not in client.session
    assert {t.pk for t in after.context["talents"]} == {world["mine"].pk, extra.pk}
    assert 'id="clear-filters"' not in page(after)


def test_searched_number_stays_in_force_until_an_empty_search(world):
    extra = make_talent(county=world["tuanfeng"], name="团风另一位")
    client = page_client(world["officer"], english=True)
    search(client, id_number=world["mine"].id_number.lower())

    kept = client.get(reverse("talents:list"))
    emptied = search(client, id_number="", mobile="")

    assert [t.pk for t in kept.context["talents"]] == [world["mine"].pk]
    assert 'id="clear-filters"' in page(kept)
    assert "talents.list_identifiers" not in client.session
    assert {t.pk for t in emptied.context["talents"]} == {world["mine"].pk, extra.pk}


def test_list_search_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(world["officer"])

    response = client.post(reverse("talents:list"), {"id_number": world["mine"].id_number})

    assert response.status_code == 403
    assert "talents.list_identifiers" not in client.session


def test_list_export_link_carries_the_filters(world):
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:list"), {"name": "团风", "page": "1"})

    assert 'href="/talents/export.xlsx?name=' in page(response)
    assert "export.xlsx?full=1&amp;name=" in page(response)


def test_window_clerk_is_sent_to_find_instead_of_the_list(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    response = client.get(reverse("talents:list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("talents:find")


@pytest.mark.parametrize("role", [Role.TALENT, Role.DEPARTMENT_OFFICER, Role.HOSPITAL_LIAISON])
def test_other_roles_may_not_browse_the_list(world, role):
    client = page_client(make_user(role=role), english=True)

    assert client.get(reverse("talents:list")).status_code == 403


def test_anonymous_user_is_sent_to_log_in(world):
    response = Client().get(reverse("talents:list"))

    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    youth = Tag.objects.create(code="youth", name="青年人才")
    degree, tier = make_degree("master"), make_tier("B")
    employer = make_organisation(OrganisationKind.ENTERPRISE, division=world["tuanfeng"])
    for _ in range(40):
        make_talent(
            county=world["tuanfeng"], degree=degree, tier=tier, employer=employer, tags=[youth]
        )
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("talents:list"))

    assert response.status_code == 200
    assert page(response).count('class="tag"') >= 40


def test_list_query_count_with_a_searched_mobile_does_not_grow_with_rows(
    world, django_assert_max_num_queries
):
    youth = Tag.objects.create(code="youth", name="青年人才")
    for _ in range(40):
        make_talent(county=world["tuanfeng"], mobile="13912345678", tags=[youth])
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)
    search(client, mobile="13912345678")

    with django_assert_max_num_queries(12):
        response = client.get(reverse("talents:list"))

    assert len(response.context["talents"]) == 40


def test_list_is_paginated_by_fifty(world):
    for _ in range(55):
        make_talent(county=world["tuanfeng"])
    client = page_client(world["officer"], english=True)

    first = client.get(reverse("talents:list"))
    second = client.get(reverse("talents:list"), {"page": 2})

    assert len(first.context["talents"]) == 50
    assert len(second.context["talents"]) == 6


# --- detail and reveal --------------------------------------------------------------------


def test_county_officer_opens_own_talent_masked_with_birth_date(world):
    mine = world["mine"]
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:detail", args=[mine.pk]))

    assert response.status_code == 200
    assert mine.id_number not in page(response)
    assert mine.mobile not in page(response)
    assert mine.id_number[-4:] in page(response)
    assert "1 Jun 1990" in page(response)
    assert 'id="reveal"' in page(response)
    assert reverse("talents:edit", args=[mine.pk]) in page(response)
    assert 'id="talent-cards"' in page(response)


def test_county_officer_gets_404_for_other_county_talent(world):
    client = page_client(world["officer"], english=True)
    theirs = world["theirs"]

    assert client.get(reverse("talents:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("talents:reveal", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("talents:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("talents:detail", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


def test_talent_sees_own_record_but_not_another_talent(world):
    user = make_user(role=Role.TALENT)
    world["mine"].user = user
    world["mine"].save()
    client = page_client(user, english=True)

    assert client.get(reverse("talents:detail", args=[world["mine"].pk])).status_code == 200
    assert client.get(reverse("talents:detail", args=[world["theirs"].pk])).status_code == 404


def test_reveal_shows_full_numbers_and_writes_one_audit_event(world):
    mine = world["mine"]
    client = page_client(world["officer"], english=True)

    response = client.post(reverse("talents:reveal", args=[mine.pk]))

    assert response.status_code == 200
    assert mine.id_number in page(response)
    assert mine.mobile in page(response)
    event = AuditEvent.objects.get(action="talent.reveal")
    assert event.actor == world["officer"]
    assert event.target_id == str(mine.pk)


def test_reveal_through_htmx_returns_only_the_identity_block(world):
    mine = world["mine"]
    client = page_client(world["officer"], english=True)

    response = client.post(
        reverse("talents:reveal", args=[mine.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert page(response).lstrip().startswith('<section class="card identity" id="identity">')
    assert mine.id_number in page(response)


def test_reveal_is_a_post_only(world):
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:reveal", args=[world["mine"].pk]))

    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


def test_role_that_may_not_reveal_sees_age_no_sex_and_gets_403_on_reveal(
    world, liaison_sees_everyone
):
    mine = world["mine"]
    client = page_client(liaison_sees_everyone, english=True)

    detail = client.get(reverse("talents:detail", args=[mine.pk]))
    reveal = client.post(reverse("talents:reveal", args=[mine.pk]))

    assert detail.status_code == 200
    assert 'id="age"' in page(detail)
    assert "1990" not in page(detail)
    assert "Sex" not in page(detail)
    assert 'id="reveal"' not in page(detail)
    assert reveal.status_code == 403
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


# --- register -----------------------------------------------------------------------------


def essentials(county, **overrides) -> dict:
    data = {
        "name": "陈超",
        "id_type": "ric",
        "id_number": make_ric(county.code, date(1996, 3, 1), 11),
        "mobile": "13871234567",
        "county": county.pk,
    }
    data.update(overrides)
    return data


def test_officer_registers_a_talent_with_only_the_five_essentials(world):
    client = page_client(world["officer"], english=True)

    response = client.post(reverse("talents:create"), essentials(world["tuanfeng"]))

    talent = Talent.objects.get(name="陈超")
    assert response.status_code == 302
    assert response["Location"] == reverse("talents:detail", args=[talent.pk])
    assert talent.birth_date == date(1996, 3, 1)
    assert AuditEvent.objects.filter(action="talent.create", target_id=str(talent.pk)).exists()


def test_bad_checksum_is_shown_next_to_the_number_and_nothing_is_written(world):
    client = page_client(world["officer"], english=True)
    number = make_ric("421121", date(1996, 3, 1), 11)
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")

    response = client.post(
        reverse("talents:create"), essentials(world["tuanfeng"], id_number=wrong)
    )

    assert response.status_code == 200
    assert "check digit is wrong" in page(response)
    assert response.context["form"].errors["id_number"]
    assert Talent.objects.filter(name="陈超").count() == 0


def test_duplicate_document_and_future_birth_date_are_field_errors(world):
    client = page_client(world["officer"], english=True)

    duplicate = client.post(
        reverse("talents:create"),
        essentials(world["tuanfeng"], id_number=world["mine"].id_number.lower()),
    )
    future = client.post(
        reverse("talents:create"),
        essentials(
            world["tuanfeng"],
            id_type="passport",
            id_number="E12345678",
            id_country="法国",
            birth_date="2999-01-01",
        ),
    )

    assert "already exists" in str(duplicate.context["form"].errors["id_number"])
    assert "future" in str(future.context["form"].errors["birth_date"])
    assert Talent.objects.count() == 2


def test_county_officer_cannot_register_into_another_county(world):
    client = page_client(world["officer"], english=True)

    response = client.post(reverse("talents:create"), essentials(world["wuxue"]))

    assert response.status_code == 200
    assert response.context["form"].errors["county"]
    assert not Talent.objects.filter(name="陈超").exists()


def test_clerk_registers_a_walk_in_and_then_sees_the_record(world):
    clerk = make_user(role=Role.WINDOW_CLERK)
    client = page_client(clerk, english=True)

    response = client.post(reverse("talents:create"), essentials(world["wuxue"]))

    talent = Talent.objects.get(name="陈超")
    assert response.status_code == 302
    assert WindowVisit.objects.filter(talent=talent, clerk=clerk).exists()
    assert client.get(reverse("talents:detail", args=[talent.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.TALENT, Role.DEPARTMENT_OFFICER])
def test_roles_that_do_not_register_get_403(world, role):
    client = page_client(make_user(role=role), english=True)

    assert client.get(reverse("talents:create")).status_code == 403
    assert client.post(reverse("talents:create"), essentials(world["tuanfeng"])).status_code == 403
    assert not Talent.objects.filter(name="陈超").exists()


def test_county_officer_form_offers_and_preselects_only_their_county(world):
    client = page_client(world["officer"], english=True)

    response = client.get(reverse("talents:create"))

    county_field = response.context["form"]["county"]
    assert list(county_field.field.queryset) == [world["tuanfeng"]]
    assert county_field.value() == world["tuanfeng"].pk


def test_register_form_prefills_the_number_a_failed_window_search_kept(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)
    client.post(reverse("talents:find"), {"id_number": "42112119960301011X"})

    response = client.get(reverse("talents:create"))

    assert 'value="42112119960301011X"' in page(response)
    # The number came through the session, and only once.
    assert 'value="42112119960301011X"' not in page(client.get(reverse("talents:create")))


def test_register_form_ignores_identity_numbers_in_the_query_string(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)
    response = client.get(reverse("talents:create"), {"id_number": "42112119960301011X"})
    assert 'name="id_number" value="42112119960301011X"' not in page(response)
    assert 'value="42112119960301011X"' not in page(response)


# --- edit ---------------------------------------------------------------------------------


def test_officer_edits_without_seeing_or_retyping_the_full_number(world):
    mine = world["mine"]
    number, mobile = mine.id_number, mine.mobile
    client = page_client(world["officer"], english=True)

    form_page = client.get(reverse("talents:edit", args=[mine.pk]))
    data = essentials(world["tuanfeng"], name="团风人才（改）", id_number="", mobile="")
    response = client.post(reverse("talents:edit", args=[mine.pk]), data)

    assert mine.id_number not in page(form_page)
    assert mine.mobile not in page(form_page)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.name == "团风人才（改）"
    assert (mine.id_number, mine.mobile) == (number, mobile)  # empty fields keep the values
    assert AuditEvent.objects.get(action="talent.update").changes["name"][1] == "团风人才（改）"


def test_city_admin_sees_but_may_not_edit(world):
    client = page_client(make_user(role=Role.CITY_ADMIN), english=True)

    assert client.get(reverse("talents:detail", args=[world["mine"].pk])).status_code == 200
    assert client.get(reverse("talents:edit", args=[world["mine"].pk])).status_code == 403


# --- family -------------------------------------------------------------------------------


def test_officer_adds_and_removes_a_family_member_on_the_detail_page(world):
    mine = world["mine"]
    client = page_client(world["officer"], english=True)
    url = reverse("talents:detail", args=[mine.pk])

    added = client.post(
        url,
        {"action": "family_add", "relation": "child", "name": "小明", "birth_date": "2015-09-01"},
    )
    member = FamilyMember.objects.get(talent=mine)
    removed = client.post(url, {"action": "family_remove", "member": member.pk})

    assert added.status_code == 302
    assert member.name == "小明"
    assert removed.status_code == 302
    assert not FamilyMember.objects.filter(talent=mine).exists()


def test_child_without_birth_date_is_a_form_error(world):
    client = page_client(world["officer"], english=True)

    response = client.post(
        reverse("talents:detail", args=[world["mine"].pk]),
        {"action": "family_add", "relation": "child", "name": "小明"},
    )

    assert response.status_code == 200
    assert "birth date is required" in page(response)
    assert not FamilyMember.objects.exists()


def test_city_admin_may_not_add_family_members(world):
    client = page_client(make_user(role=Role.CITY_ADMIN), english=True)

    response = client.post(
        reverse("talents:detail", args=[world["mine"].pk]),
        {"action": "family_add", "relation": "spouse", "name": "李华"},
    )

    assert response.status_code == 403
    assert not FamilyMember.objects.exists()


# --- window find --------------------------------------------------------------------------


def test_clerk_finds_a_talent_by_identity_number_and_may_then_open_it(world):
    clerk = make_user(role=Role.WINDOW_CLERK)
    client = page_client(clerk, english=True)
    theirs = world["theirs"]
    assert client.get(reverse("talents:detail", args=[theirs.pk])).status_code == 404

    response = client.post(reverse("talents:find"), {"id_number": theirs.id_number.lower()})

    assert response.status_code == 200  # rendered in place: no redirect carrying the number
    assert response.context["matches"] == [theirs]
    assert reverse("talents:detail", args=[theirs.pk]) in page(response)
    assert theirs.mobile not in page(response)  # the result is masked
    assert client.get(reverse("talents:detail", args=[theirs.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="talent.window_find").count() == 1


def test_find_form_posts_so_identifiers_never_reach_a_url(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)
    number = world["theirs"].id_number

    form_page = client.get(reverse("talents:find"))
    response = client.post(reverse("talents:find"), {"id_number": number})

    assert 'method="post"' in page(form_page)
    assert 'name="csrfmiddlewaretoken"' in page(form_page)
    assert 'method="get"' not in page(form_page)
    html = page(response)
    assert f'name="next" type="hidden" value="{reverse("talents:find")}"' in html
    for url in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert number not in url
    assert "no-store" in response["Cache-Control"]


def test_a_search_in_the_query_string_is_ignored(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    response = client.get(reverse("talents:find"), {"id_number": world["theirs"].id_number})

    assert response.status_code == 200
    assert response.context["matches"] is None
    assert not AuditEvent.objects.filter(action="talent.window_find").exists()


def test_find_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(make_user(role=Role.WINDOW_CLERK))

    response = client.post(reverse("talents:find"), {"id_number": world["theirs"].id_number})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="talent.window_find").exists()


def test_clerk_finds_by_name_and_birth_date(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    response = client.post(
        reverse("talents:find"), {"name": "团风人才", "birth_date": "1990-06-01"}
    )

    assert reverse("talents:detail", args=[world["mine"].pk]) in page(response)


def test_clerk_who_finds_nobody_is_offered_registration_without_the_number_in_the_link(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)
    number = make_ric("421121", date(1999, 9, 9), 7)

    response = client.post(reverse("talents:find"), {"id_number": number})

    assert response.context["matches"] == []
    assert f'href="{reverse("talents:create")}"' in page(response)
    assert f"?id_number={number}" not in page(response)
    assert client.session["talents.walk_in"] == {"id_number": number}  # for the register form


def test_a_later_match_forgets_the_walk_in_kept_for_registration(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)
    client.post(reverse("talents:find"), {"id_number": make_ric("421121", date(1999, 9, 9), 7)})

    client.post(reverse("talents:find"), {"id_number": world["theirs"].id_number})

    assert "talents.walk_in" not in client.session


def test_name_alone_is_not_enough_to_find(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    response = client.post(reverse("talents:find"), {"name": "团风人才"})

    assert "name with a birth date" in page(response)
    assert response.context["matches"] is None
    assert not AuditEvent.objects.filter(action="talent.window_find").exists()


def test_empty_search_asks_for_identifiers_and_an_unsubmitted_page_does_not(world):
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    fresh = client.get(reverse("talents:find"))
    empty = client.post(reverse("talents:find"), {"id_number": "", "mobile": "", "name": ""})

    assert fresh.status_code == 200
    assert "name with a birth date" not in page(fresh)
    assert "name with a birth date" in page(empty)


@pytest.mark.parametrize("role", [Role.COUNTY_OFFICER, Role.TASK_FORCE, Role.TALENT])
def test_only_clerks_use_the_window_find(world, role):
    client = page_client(make_user(role=role), english=True)

    searched = client.post(reverse("talents:find"), {"id_number": world["theirs"].id_number})
    opened = client.get(reverse("talents:find"))

    assert searched.status_code == 403
    assert opened.status_code == 403
    assert not AuditEvent.objects.filter(action="talent.window_find").exists()


# --- a clerk completes the record of the talent at the counter -----------------------------


def test_clerk_completes_the_degree_of_the_talent_being_served_and_returns_to_the_window(world):
    clerk = make_user(
        role=Role.WINDOW_CLERK, organisation=make_organisation(OrganisationKind.SERVICE_POINT)
    )
    mine, master = world["mine"], make_degree("master")
    client = page_client(clerk, english=True)
    client.post(reverse("talents:find"), {"id_number": mine.id_number})
    back = f"/desk/window/talents/{mine.pk}/"

    form_page = client.get(reverse("talents:edit", args=[mine.pk]), {"next": back})
    data = essentials(world["tuanfeng"], name=mine.name, id_number="", mobile="")
    response = client.post(
        reverse("talents:edit", args=[mine.pk]), {**data, "degree": master.pk, "next": back}
    )

    assert f'name="next" value="{back}"' in page(form_page)
    assert response.status_code == 302
    assert response["Location"] == back
    mine.refresh_from_db()
    assert mine.degree == master
    assert AuditEvent.objects.get(action="talent.update").actor == clerk


def test_clerk_cannot_edit_a_talent_not_served_today_nor_leave_for_another_site(world):
    clerk = make_user(
        role=Role.WINDOW_CLERK, organisation=make_organisation(OrganisationKind.SERVICE_POINT)
    )
    mine = world["mine"]
    client = page_client(clerk, english=True)

    assert client.get(reverse("talents:edit", args=[mine.pk])).status_code == 404

    client.post(reverse("talents:find"), {"id_number": mine.id_number})
    WindowVisit.objects.filter(talent=mine).update(opened_at=timezone.now() - timedelta(days=1))
    assert client.get(reverse("talents:edit", args=[mine.pk])).status_code == 404

    client.post(reverse("talents:find"), {"id_number": mine.id_number})
    data = essentials(world["tuanfeng"], name=mine.name, id_number="", mobile="")
    response = client.post(
        reverse("talents:edit", args=[mine.pk]), {**data, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("talents:detail", args=[mine.pk])


def test_removing_a_family_member_by_a_malformed_id_is_not_found(world):
    client = page_client(world["officer"], english=True)
    url = reverse("talents:detail", args=[world["mine"].pk])

    for member in ("abc", "", "-1", "99999999"):
        response = client.post(url, {"action": "family_remove", "member": member})
        assert response.status_code == 404


# --- a clerk links an account at the window -----------------------------------------------


def test_a_clerk_serving_a_talent_creates_their_account_at_the_counter(world):
    from rencai.core.models import Notification

    talent = world["mine"]
    told = Notification.objects.create(
        subject_type="talents.talent", subject_id=str(talent.pk), title="政策找人"
    )
    point = make_organisation(OrganisationKind.SERVICE_POINT)
    clerk = make_user(role=Role.WINDOW_CLERK, organisation=point)
    WindowVisit.objects.create(service_point=point, clerk=clerk, talent=talent)
    client = page_client(clerk, english=True)

    detail = client.get(reverse("talents:detail", args=[talent.pk]))
    response = client.post(
        reverse("talents:account-link", args=[talent.pk]),
        {"username": "chenchao", "password1": "Rencai-2026-ok", "password2": "Rencai-2026-ok"},
    )

    talent.refresh_from_db()
    told.refresh_from_db()
    assert 'id="link-account"' in page(detail)
    assert response.status_code == 302
    assert talent.user.username == "chenchao"
    assert told.recipient == talent.user


def test_a_clerk_not_serving_the_talent_cannot_create_their_account(world):
    talent = world["mine"]
    client = page_client(make_user(role=Role.WINDOW_CLERK), english=True)

    response = client.post(
        reverse("talents:account-link", args=[talent.pk]),
        {"username": "chenchao", "password1": "Rencai-2026-ok", "password2": "Rencai-2026-ok"},
    )

    talent.refresh_from_db()
    assert response.status_code == 404
    assert talent.user is None
