"""The menu a set of roles sees is built once per process and kept (`core.navigation`): what
is kept must follow what changes — a later registration, the language, the current page."""

import pytest
from django.urls import reverse
from django.utils import translation

from rencai.core.choices import Role
from rencai.core.navigation import menu, nav_items, register_nav

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_an_entry_registered_after_the_menu_was_built_shows_at_once():
    clerk = make_user(role=Role.TASK_FORCE)
    before = [item.url for item in nav_items(clerk)]  # built, and kept

    register_nav(
        "test.later", url_name="core:text-size", label="Later", roles={Role.TASK_FORCE}, order=1
    )
    try:
        shown = nav_items(clerk)
    finally:
        menu.unregister("test.later")

    assert ("Later", reverse("core:text-size")) in [(item.label, item.url) for item in shown]
    assert [item.url for item in nav_items(clerk)] == before


def test_the_same_roles_see_the_same_menu_in_their_own_language():
    first, second = make_user(role=Role.TASK_FORCE), make_user(role=Role.TASK_FORCE)
    with translation.override("en"):
        english = [item.label for item in nav_items(first)]
    with translation.override("zh-hans"):
        chinese = [item.label for item in nav_items(second)]
        again = [item.label for item in nav_items(first)]

    assert english
    assert chinese == again
    assert english != chinese


def test_the_current_entry_is_the_requests_own():
    user = make_user(role=Role.TASK_FORCE)
    items = nav_items(user, "/")
    other = next(item.url for item in items if item.url != "/")

    assert [item.url for item in nav_items(user, other) if item.active] == [other]
    assert other not in [item.url for item in nav_items(user, "/") if item.active]
