"""The other roles' main pages (see test_main_pages.py): axe-core on each, screenshots of the
main ones at 1440 × 900 and 390 × 844."""

from __future__ import annotations

import pytest

from .test_main_pages import check_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    "hospital_liaison",
    "bank_officer",
    "school_contact",
    "contact_leader",
    "talent",
    "enterprise_contact",
]


def test_the_other_roles_main_pages_pass_wcag_aa_and_are_photographed(page, live_server, tmp_path):
    check_roles(ROLES, page, live_server, tmp_path)
