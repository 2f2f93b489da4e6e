"""A case's progress as its talent follows it (desk.progress): the steps as a timeline with
dates, the current one saying who acts next — a department or the talent, never a person —
and the talent's home listing their cases with the next step."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rencai.desk import progress

from .factories import Desk

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _chinese():
    """The timeline's words are read in Chinese, whatever language an earlier test left on."""
    with translation.override("zh-hans"):
        yield


def _steps(case):
    return [(m.what, m.who, m.status) for m in progress.timeline(case)]


def test_a_submitted_case_waits_for_the_departments_acceptance():
    desk = Desk()
    case = desk.open()

    steps = progress.timeline(case)

    assert [m.status for m in steps] == ["done", "current", "todo", "todo"]
    assert steps[0].when is not None
    assert steps[1].what == "受理"
    assert steps[1].who == str(desk.housing)
    assert steps[3].who == str(desk.finance)  # the payment, by the paying department


def test_a_returned_case_waits_for_the_talent():
    desk = Desk()
    case = desk.case_in("returned")

    current = progress.next_milestone(case)

    assert current is not None
    assert current.who == "您"
    returned = next(m for m in progress.timeline(case) if m.what == "退回补正")
    assert returned.note == "补充材料"
    assert returned.when is not None


def test_an_approved_case_waits_for_the_paying_department_and_names_no_person():
    desk = Desk()
    case = desk.case_in("approved")

    steps = progress.timeline(case)

    assert progress.next_milestone(case).who == str(desk.finance)
    decided = [m for m in steps if m.status == "done"]
    assert all(m.when is not None for m in decided)
    people = {str(desk.clerk), str(desk.housing_officer), str(desk.finance_officer)}
    assert not people & {m.who for m in steps}


def test_a_paid_case_shows_the_payment_done_and_nothing_waiting():
    desk = Desk()
    case = desk.case_in("disbursed")

    steps = progress.timeline(case)

    assert steps[-1].status == "done"
    assert steps[-1].who == str(desk.finance)
    assert progress.next_milestone(case) is None


def test_a_withdrawn_case_stops_there():
    desk = Desk()
    case = desk.case_in("withdrawn")

    steps = progress.timeline(case)

    assert steps[-1].status == "stopped"
    assert steps[-1].what == "已撤回"
    assert progress.next_milestone(case) is None


def test_the_next_steps_of_a_list_agree_with_each_timeline():
    desk = Desk()
    cases = [desk.case_in(state) for state in ("draft",)]
    for state in ("submitted", "accepted", "approved"):
        other = Desk()
        cases.append(other.case_in(state))

    found = progress.next_steps(cases)

    for case in cases:
        current = progress.next_milestone(case)
        assert (found[case.pk].what, found[case.pk].who) == (current.what, current.who)


def test_the_talents_home_lists_their_cases_with_the_next_step_and_who_acts(client):
    desk = Desk()
    case = desk.case_in("accepted")
    client.force_login(desk.talent_user)

    html = client.get(reverse("core:home")).content.decode()

    section = html[html.index('id="home-talent-desk"') :]
    assert reverse("desk:my-application-detail", args=[case.pk]) in section
    assert str(desk.housing) in section
    assert "下一步" in section


def test_the_case_page_shows_the_timeline_before_the_facts(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.talent_user)

    html = client.get(reverse("desk:my-application-detail", args=[case.pk])).content.decode()

    assert html.index('id="case-timeline"') < html.index('id="case-facts"')
    assert 'aria-current="step"' in html


def test_the_talents_home_is_a_hub_messages_first_then_applying_cases_and_card(client):
    # given a talent with an unread message, a benefit open to them, a case and a card
    from rencai.core.notifications import notify
    from rencai.talents.tests.factories import make_card

    desk = Desk()
    desk.case_in("accepted")
    other = Desk()  # a second benefit, one they have not applied for
    other.talent_user.delete()
    notify(user=desk.talent_user, title="政策找人：新政策")
    card = make_card(desk.talent)
    client.force_login(desk.talent_user)

    # when they open their home
    html = client.get(reverse("core:home")).content.decode()

    # then the sections come in the hub's order
    order = [
        html.index(f'id="{section}"')
        for section in (
            "home-notifications",
            "home-talent-pack",
            "home-talent-desk",
            "home-talent-card",
        )
    ]
    assert order == sorted(order)
    assert "政策找人：新政策" in html
    # each open benefit is one tap from applying
    assert reverse("desk:my-apply-benefit", args=[other.benefit.pk]) in html
    # the card: its number masked, its check page's QR
    assert card.number not in html
    assert reverse("talents:card-qr", args=[card.pk]) in html
