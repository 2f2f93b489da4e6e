"""The green channel is delivered by this app: the desk opens no generic case for it, and the
talent's online "apply" page sends them to the booking page."""

import pytest
from django.test import Client
from django.urls import reverse

from rencai.core.errors import DomainError
from rencai.desk import services as desk_services
from rencai.desk.models import Application

from .factories import make_card_holder, make_green_channel

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_the_desk_refuses_a_generic_case_for_the_green_channel():
    talent = make_card_holder()

    with pytest.raises(DomainError) as refused:
        desk_services.open_application(talent, make_green_channel(), actor=talent.user)

    assert refused.value.code == "delivered_by_a_service"
    assert not Application.objects.exists()


def test_online_apply_for_the_green_channel_leads_to_the_booking_page():
    talent = make_card_holder()
    client = Client()
    client.force_login(talent.user)

    response = client.get(reverse("desk:my-apply-benefit", args=[make_green_channel().pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("medical:book")
