"""The zh-Hans check over every role's main pages: the home and each entry of its menu, in
the permission matrix's world, show no English that the catalogue translates."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from rencai.core.tests.clients import page_client
from tests.i18n_check import assert_translated, untranslated, visible_text
from tests.permissions.world import build_world

NAV = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction

    from rencai.policies.evaluation import clear_caches
    from rencai.policies.pack import clear_in_force

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        clear_caches()
        clear_in_force()
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
        clear_caches()
        clear_in_force()


def main_pages(client: Client) -> list[str]:
    """The home and every entry of the signed-in user's menu."""
    home = client.get("/").content.decode()
    nav = NAV.search(home)
    urls = dict.fromkeys(HREF.findall(nav.group(0)) if nav else [])
    return ["/", *(u for u in urls if not u.startswith(("/admin/", "/api/")))]


def test_the_check_finds_an_untranslated_phrase_and_ignores_code_and_scripts():
    html = (
        '<html lang="zh-hans"><body><p>Log out</p><code>Log out</code>'
        "<script>var a = 'Page not found';</script></body></html>"
    )
    assert untranslated(html) == ["Log out"]
    assert "Page not found" not in visible_text(html)


def test_an_english_page_is_not_checked():
    assert_translated('<html lang="en"><body>Log out</body></html>')


@pytest.mark.django_db
def test_the_public_pages_are_all_chinese(client):
    for url in ["/accounts/login/", "/handbook/", "/no-such-page/"]:
        response = client.get(url)
        assert_translated(response.content.decode(), url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        "city_admin",
        "task_force",
        "county_officer",
        "department_officer",
        "window_clerk",
        "hospital_liaison",
        "bank_officer",
        "school_contact",
        "contact_leader",
        "talent",
    ],
)
def test_every_main_page_of_each_role_is_all_chinese(world, role):
    client = page_client(world.users[role])
    problems = {}
    for url in main_pages(client):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        missing = untranslated(response.content.decode())
        if missing:
            problems[url] = missing
    assert problems == {}
