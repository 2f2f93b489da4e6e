"""The audit-log page: who may browse it, its filters, paging and how changes read."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core import audit
from rencai.core.choices import Role
from rencai.core.models import AuditEvent

from .factories import make_organisation, make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

URL = reverse("core:audit-log")


def _event(actor, action, repr_="", *, target_type="core.organisation", when=None, changes=None):
    event = audit.record(
        actor, action, target_type=target_type, target_repr=repr_, changes=changes or {}
    )
    if when is not None:
        AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


def _aware(y, m, d, h=12):
    return datetime(y, m, d, h, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.TASK_FORCE])
def test_city_admin_and_task_force_may_browse_the_audit_log(client, role):
    _event(None, "talent.create", "张三")
    client.force_login(make_user(role=role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "张三" in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        Role.COUNTY_OFFICER,
        Role.DEPARTMENT_OFFICER,
        Role.WINDOW_CLERK,
        Role.HOSPITAL_LIAISON,
        Role.TALENT,
        None,
    ],
)
def test_other_roles_are_refused_the_audit_log(client, role):
    _event(None, "talent.create", "张三")
    client.force_login(make_user(role=role))

    response = client.get(URL)

    assert response.status_code == 403
    assert "张三" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_events_are_newest_first(client):
    _event(None, "a.old", "旧", when=timezone.now() - timedelta(days=2))
    _event(None, "a.new", "新")
    client.force_login(make_user(role=Role.CITY_ADMIN))

    events = client.get(URL).context["events"]

    assert [e.action for e in events] == ["a.new", "a.old"]


def test_filters_by_actor_action_type_dates_and_text(client):
    alice = make_user(username="alice", role=Role.COUNTY_OFFICER)
    bob = make_user(username="bob", role=Role.COUNTY_OFFICER)
    _event(alice, "talent.create", "张三", target_type="talents.talent", when=_aware(2022, 9, 5))
    _event(alice, "talent.update", "张三", target_type="talents.talent", when=_aware(2022, 9, 6))
    _event(bob, "talent.create", "李四", target_type="talents.talent", when=_aware(2022, 9, 6))
    _event(bob, "organisation.update", "人社局", when=_aware(2022, 9, 7))
    client.force_login(make_user(role=Role.TASK_FORCE))

    def reprs(**params):
        events = client.get(URL, params).context["events"]
        return sorted(f"{e.actor.username}:{e.action}:{e.target_repr}" for e in events)

    assert reprs(actor="ali") == ["alice:talent.create:张三", "alice:talent.update:张三"]
    assert reprs(action="talent.create") == ["alice:talent.create:张三", "bob:talent.create:李四"]
    assert reprs(target_type="core.organisation") == ["bob:organisation.update:人社局"]
    assert reprs(date_from="2022-09-06", date_to="2022-09-06") == [
        "alice:talent.update:张三",
        "bob:talent.create:李四",
    ]
    assert reprs(q="李") == ["bob:talent.create:李四"]
    assert reprs(actor="bob", date_from="2022-09-07") == ["bob:organisation.update:人社局"]


def test_an_invalid_date_is_ignored_but_other_filters_still_apply(client):
    _event(None, "talent.create", "张三")
    _event(None, "talent.update", "张三")
    client.force_login(make_user(role=Role.CITY_ADMIN))

    response = client.get(URL, {"action": "talent.create", "date_from": "not-a-date"})

    assert [e.action for e in response.context["events"]] == ["talent.create"]


def test_pages_hold_fifty_events_and_keep_the_filters_in_the_links(client):
    for i in range(60):
        _event(None, "talent.create", f"人才{i}")
    _event(None, "talent.update", "其他")
    client.force_login(make_user(role=Role.CITY_ADMIN))

    first = client.get(URL, {"action": "talent.create"})
    second = client.get(URL, {"action": "talent.create", "page": 2})

    assert len(first.context["events"]) == 50
    assert len(second.context["events"]) == 10
    assert "action=talent.create&amp;page=2" in first.content.decode()


def test_changes_read_as_field_old_to_new(client):
    _event(
        None,
        "talent.update",
        "张三",
        changes={"mobile": ["138****5678", "139****0000"], "rows": 12},
    )
    client.force_login(make_user(role=Role.CITY_ADMIN))

    html = client.get(URL).content.decode()

    assert '<span class="change-old">138****5678</span> → <span class="change-new">139****0000' in (
        html
    )
    assert '<span class="change-field" title="rows">行数</span>:' in html


def test_audit_log_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    admin = make_user(role=Role.CITY_ADMIN)
    org = make_organisation()
    for _ in range(40):
        audit.record(make_user(role=None), "organisation.update", org)
    client.force_login(admin)

    with django_assert_max_num_queries(10):
        client.get(URL)


def test_the_acting_user_is_the_signed_in_user_and_nobody_for_the_system_or_a_visitor():
    from django.contrib.auth.models import AnonymousUser

    officer = make_user(role=Role.TASK_FORCE)
    assert audit.acting_user(officer) == officer
    assert audit.acting_user(None) is None
    assert audit.acting_user(AnonymousUser()) is None
