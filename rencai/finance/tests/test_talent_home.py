"""A talent's loans on their home (the service hub): their own only, with state and a link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user

from .factories import Finance

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_the_talents_home_lists_their_own_loans(client):
    # given two borrowers, one of them with an account
    finance = Finance()
    mine = finance.apply(finance.talent())
    theirs = finance.apply(finance.talent())
    user = make_user(role=Role.TALENT)
    mine.talent.user = user
    mine.talent.save(update_fields=["user"])
    client.force_login(user)

    # when they open their home
    html = client.get(reverse("core:home")).content.decode()

    # then their loan shows with its state, the other borrower's does not
    section = html[html.index('id="home-talent-loans"') :]
    assert reverse("finance:loan-detail", args=[mine.pk]) in section
    assert reverse("finance:loan-detail", args=[theirs.pk]) not in html
    assert mine.get_state_display() in section


def test_a_talent_without_loans_sees_no_loan_section(client):
    client.force_login(make_user(role=Role.TALENT))

    html = client.get(reverse("core:home")).content.decode()

    assert 'id="home-talent-loans"' not in html
