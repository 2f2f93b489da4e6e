"""Every role's home shows its work (issue 9): each demo user of users.csv, signed in on the
demo city, finds at least one panel on their home with real items in it (a row, an entry — not
an empty state), and no page says a module "will come later". Department officers see their
queue (overdue, due this week), their budgets left and their recent payments.

The demo is loaded once for the module (no extra talents: the named demo records only, and
the few 示例 talents the apps' loaders register through the services for a small demo's work:
walk-ins at the window, families the county offices met, an expert the leader visits)."""

from __future__ import annotations

import csv
import re

import pytest
from django.db import transaction
from django.test import Client

from rencai.core.choices import Role
from rencai.core.demo import DATA_DIR
from rencai.core.models import User
from rencai.core.tests.demo import load_demo

pytestmark = [pytest.mark.django_db]

with (DATA_DIR / "users.csv").open(encoding="utf-8") as handle:
    DEMO_USERS = [(row["username"], row["role"]) for row in csv.DictReader(handle)]

SECTION = re.compile(r'<section\b[^>]*id="(home-[^"]+)"[^>]*>(.*?)</section>', re.S)
ITEM = re.compile(r"<li\b|<tbody\b[^>]*>\s*<tr\b")
LATER = ("will come later", "coming soon", "即将上线", "敬请期待", "稍后上线")


@pytest.fixture(scope="module")
def homes(django_db_setup, django_db_blocker) -> dict[str, str]:
    """Each demo user's home page, rendered once on the demo city (rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(talents=0)
        pages = {}
        for username, _role in DEMO_USERS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            response = client.get("/")
            assert response.status_code == 200, username
            pages[username] = response.content.decode()
        yield pages
        transaction.set_rollback(True)


def _panels_with_items(html: str) -> list[str]:
    return [name for name, body in SECTION.findall(html) if ITEM.search(body)]


@pytest.mark.parametrize("username", [name for name, _role in DEMO_USERS])
def test_each_demo_users_home_shows_their_work(homes, username):
    assert _panels_with_items(homes[username]), f"{username}'s home has only empty panels"


@pytest.mark.parametrize("username", [n for n, role in DEMO_USERS])
def test_no_home_says_a_module_will_come_later(homes, username):
    assert not [words for words in LATER if words in homes[username]]


@pytest.mark.parametrize(
    "username", [n for n, role in DEMO_USERS if role == Role.DEPARTMENT_OFFICER]
)
def test_a_department_officers_home_shows_queue_budgets_and_payments(homes, username):
    html = homes[username]
    panels = {name for name, _body in SECTION.findall(html)}
    assert {"home-department-queue", "home-department-budgets", "home-department-payments"} <= (
        panels
    )
    queue = dict(SECTION.findall(html))["home-department-queue"]
    assert "已超期" in queue
    assert "本周到期" in queue
