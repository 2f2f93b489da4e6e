"""The admin site masks payee bank accounts (the desk) and audits talent searches, which by
exact identity number or mobile would otherwise confirm a guess without a trace."""

import pytest

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user

from .factories import make_clerk, make_desk_benefit, make_master, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

ACCOUNT = "6222020200112233445"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(role=Role.CITY_ADMIN, is_staff=True, is_superuser=True))
    return client


def test_admin_shows_the_payee_account_masked(admin_client):
    case = open_case(make_clerk(), make_master(), make_desk_benefit(), payee_account=ACCOUNT)

    listing = admin_client.get("/admin/desk/application/")
    page = admin_client.get(f"/admin/desk/application/{case.pk}/change/")

    assert listing.status_code == page.status_code == 200
    assert ACCOUNT not in page.content.decode()
    assert "***************3445" in page.content.decode()


def test_admin_talent_search_by_identity_number_is_audited(admin_client):
    talent = make_master()

    found = admin_client.get("/admin/talents/talent/", {"q": talent.id_number})
    browsed = admin_client.get("/admin/talents/talent/")

    assert found.context["cl"].result_count == 1
    assert browsed.status_code == 200
    event = AuditEvent.objects.get(action="talent.admin_search")
    assert talent.id_number not in str(event.changes)
    assert event.changes["matched"] == 1
