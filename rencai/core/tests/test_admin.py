"""The admin site: core models are there, writes made there are audited, the log is read-only."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from rencai.core import audit
from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import AuditEvent, Organisation, RoleAssignment, User

from .factories import make_county, make_organisation, make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    admin = make_user(username="root", role=Role.CITY_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    ["division", "organisation", "user", "auditevent", "onetimecode", "scheduledrun", "message"],
)
def test_core_models_have_admin_lists(admin_client, model):
    make_organisation()

    response = admin_client.get(reverse(f"admin:core_{model}_changelist"))

    assert response.status_code == 200


def test_an_outgoing_message_shows_its_state_and_error_but_not_its_address(admin_client):
    from rencai.core import outbox
    from rencai.core.models import Message

    user = make_user()
    outbox.queue(
        [
            outbox.message(
                kind="test.notice", subject=user, channel="sms", title="通知",
                user=user, address="13912345678",
            )
        ]
    )  # fmt: skip
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(attempts=2, last_error="TimeoutError: gateway")

    page = admin_client.get(reverse("admin:core_message_change", args=[message.pk]))

    assert page.status_code == 200
    assert "TimeoutError: gateway" in page.content.decode()
    assert "13912345678" not in page.content.decode()


def test_editing_an_organisation_in_the_admin_is_audited_with_the_diff(admin_client):
    org = make_organisation(kind=OrganisationKind.DEPARTMENT, name="人社局", code="hrss")
    url = reverse("admin:core_organisation_change", args=[org.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"name": "黄冈市人社局", "division": org.division_id, "is_active": "on"})

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.changes == {"name": ["人社局", "黄冈市人社局"]}
    assert event.actor.username == "root"


def test_adding_a_user_with_a_role_in_the_admin_creates_and_audits_both(admin_client):
    county = make_county()
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "username": "tuanfeng",
            "display_name": "团风县人才办",
            "mobile": "",
            "password1": "Tuanfeng-officer-2022",
            "password2": "Tuanfeng-officer-2022",
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.COUNTY_OFFICER,
            "role_assignments-0-division": county.pk,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="tuanfeng")
    assert RoleAssignment.objects.get(user=user).division == county
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "user.create",
        "role_assignment.create",
    }


def test_a_role_with_the_wrong_scope_is_refused_in_the_admin(admin_client):
    user = make_user(username="clerk", role=None)
    url = reverse("admin:core_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.pop("password", None)
    data.pop("last_login", None)
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.WINDOW_CLERK,  # needs a service point, not a county
            "role_assignments-0-division": make_county().pk,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {}
    (inline,) = response.context["inline_admin_formsets"]
    assert gettext("This role needs a different kind of scope.") in str(inline.formset.errors)
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_audit_events_cannot_be_changed_or_deleted_in_the_admin(admin_client):
    event = audit.record(None, "talent.create", target_type="talents.talent", target_repr="张三")

    change = admin_client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"action": "forged"}
    )
    delete = admin_client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.action == "talent.create"


def test_non_staff_officer_cannot_open_the_admin(client):
    client.force_login(make_user(role=Role.COUNTY_OFFICER))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert Organisation.objects.count() == 0
