"""A person's messages (消息): only their own, unread first, marked read on opening, with the
unread count in the menu; a message's link is followed only within the site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.models import Notification
from rencai.core.notifications import notify

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_the_list_shows_only_my_messages_unread_first(client):
    # given two messages of mine (the older unread) and one of someone else
    me = make_user(role=Role.TALENT)
    other = make_user(role=Role.TALENT)
    older = notify(user=me, title="政策找人：购房补贴")
    newer = notify(user=me, title="您的申报已受理")
    Notification.objects.filter(pk=newer.pk).update(read_at=newer.created_at)
    notify(user=other, title="别人的消息")
    client.force_login(me)

    # when I open my messages
    response = client.get(reverse("core:notifications"))

    # then I see mine only, the unread one first
    assert [n.pk for n in response.context["notes"]] == [older.pk, newer.pk]
    assert "别人的消息" not in response.content.decode()
    assert response.context["unread"] == 1


def test_opening_a_message_marks_it_read_and_links_to_its_subject(client):
    me = make_user(role=Role.TALENT)
    note = notify(user=me, title="政策找人：购房补贴", body="您可能符合条件。", link="/pack/")
    client.force_login(me)

    response = client.get(reverse("core:notification-detail", args=[note.pk]))

    note.refresh_from_db()
    assert note.read_at is not None
    assert response.context["link"] == "/pack/"
    assert 'id="notification-link"' in response.content.decode()


def test_a_link_off_the_site_is_not_offered(client):
    me = make_user(role=Role.TALENT)
    note = notify(user=me, title="外链", link="https://evil.example/")
    client.force_login(me)

    response = client.get(reverse("core:notification-detail", args=[note.pk]))

    assert response.context["link"] == ""


def test_someone_elses_message_answers_not_found_and_stays_unread(client):
    me = make_user(role=Role.TALENT)
    theirs = notify(user=make_user(role=Role.TALENT), title="别人的消息")
    client.force_login(me)

    response = client.get(reverse("core:notification-detail", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_menu_and_the_tab_bar_show_the_unread_count(client):
    me = make_user(role=Role.TALENT)
    for n in range(3):
        notify(user=me, title=f"消息 {n}")
    client.force_login(me)

    html = client.get(reverse("core:home")).content.decode()

    assert html.count('<span class="nav-badge"') == 2  # the menu's entry and the phone's tab
    assert ">3</span>" in html
    assert 'id="tabbar"' in html


def test_mark_all_read_clears_only_my_unread(client):
    me = make_user(role=Role.TALENT)
    other = make_user(role=Role.TALENT)
    notify(user=me, title="一")
    theirs = notify(user=other, title="二")
    client.force_login(me)

    client.post(reverse("core:notifications-read-all"))

    assert not Notification.objects.filter(recipient=me, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_staff_have_no_tab_bar(client):
    client.force_login(make_user(role=Role.COUNTY_OFFICER))

    html = client.get(reverse("core:home")).content.decode()

    assert 'id="tabbar"' not in html
