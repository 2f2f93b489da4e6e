"""The schooling benefit is delivered by this app: the desk opens no generic case for it, and
the talent's online "apply" page sends them to the schooling request page."""

import pytest
from django.urls import reverse

from rencai.core.errors import DomainError
from rencai.desk import services as desk_services
from rencai.desk.models import Application

from .factories import Schooling

pytestmark = pytest.mark.django_db


def test_desk_refuses_a_generic_case_for_schooling():
    world = Schooling()
    talent, _kids = world.parent()

    with pytest.raises(DomainError) as exc:
        desk_services.open_application(talent, world.benefit, actor=talent.user)

    assert exc.value.code == "delivered_by_a_service"
    assert not Application.objects.exists()


def test_online_apply_for_schooling_leads_to_the_schooling_page(client):
    world = Schooling()
    talent, _kids = world.parent()
    client.force_login(talent.user)

    response = client.get(reverse("desk:my-apply-benefit", args=[world.benefit.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("schooling:my-schooling")
