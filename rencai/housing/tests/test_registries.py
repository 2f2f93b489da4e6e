"""What housing adds to the shared registries: timeline entries, the talent page's section,
the home panels, talent visibility for the bureau, and the scheduled expiry of offers."""

from datetime import date

import pytest
from django.urls import reverse

from rencai.core import clock, schedule
from rencai.core.choices import Role
from rencai.core.navigation import nav_items, panels_for
from rencai.core.tests.factories import make_county, make_user
from rencai.core.timeline import timeline_for
from rencai.housing import services
from rencai.housing.choices import InspectionResult, OfferState
from rencai.talents.models import Talent

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def _housed_and_moved_out(h):
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)
    tenancy = services.accept_offer(offer, actor=application.talent.user)
    services.move_out(tenancy, actor=h.officer, inspection_result=InspectionResult.GOOD)
    return application


def test_the_one_person_file_shows_application_offer_tenancy_and_move_out():
    h = Housing()
    application = _housed_and_moved_out(h)

    titles = [e.title for e in timeline_for(h.officer, application.talent, only={"housing"})]

    assert len(titles) == 4
    assert any(str(application.county.name) in t for t in titles)


def test_another_countys_bureau_sees_no_housing_entries():
    h = Housing()
    application = _housed_and_moved_out(h)
    other = Housing(county=make_county("421182", "武穴市"))

    assert timeline_for(other.officer, application.talent, only={"housing"}) == []


def test_the_bureau_sees_its_applicants_and_no_one_else():
    h = Housing()
    application = h.applicant()
    stranger = h.talent()

    visible = Talent.objects.for_actor(h.officer)

    assert visible.filter(pk=application.talent_id).exists()
    assert not visible.filter(pk=stranger.pk).exists()


def test_the_talent_page_has_a_housing_section_for_the_bureau(client):
    h = Housing()
    application = h.applicant()
    client.force_login(h.officer)

    response = client.get(reverse("talents:detail", args=[application.talent_id]))

    assert b'id="talent-housing"' in response.content


def test_a_talents_home_offers_the_apartment_and_the_bureaus_its_panel(client):
    h = Housing()
    talent = h.talent()
    client.force_login(talent.user)

    talent_home = client.get(reverse("core:home"))
    panels = [p.template for p in panels_for(h.officer, clock.today())]

    assert b'id="home-talent-housing"' in talent_home.content
    assert "housing/home/bureau.html" in panels


def test_another_departments_officer_gets_no_housing_panel_or_menu():
    Housing()  # a housing bureau exists in the city
    hrss = make_user(role=Role.DEPARTMENT_OFFICER)

    assert "housing/home/bureau.html" not in [p.template for p in panels_for(hrss, clock.today())]
    assert reverse("housing:unit-list") not in [i.url for i in nav_items(hrss)]


def test_the_scheduled_job_expires_offers_past_their_deadline():
    h = Housing()
    h.applicant()
    round_ = h.closed_round()
    with clock.at(date(2026, 6, 8)):
        offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)

    job = schedule.get_job("housing.expire_offers")
    with clock.at(date(2026, 6, 12)):
        job.run(None)

    offer.refresh_from_db()
    assert offer.state == OfferState.EXPIRED
