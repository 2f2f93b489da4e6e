"""The demo's designated hospitals and its September 2022 service month, made through the
services at their dates (one demo load per test: it is slow)."""

from datetime import date

import pytest

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import AuditEvent, Organisation, RoleAssignment
from rencai.core.tests.demo import load_demo
from rencai.medical.choices import AppointmentStatus
from rencai.medical.models import Appointment, HealthRecord, Hospital

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
SEPTEMBER = (date(2022, 9, 1), date(2022, 9, 30))


@pytest.fixture
def demo():
    load_demo(talents=300, batch_size=300)


def test_the_demo_has_17_designated_hospitals_with_a_liaison_each_and_a_list_for_today():
    load_demo(talents=20, batch_size=20)
    hospitals = Organisation.objects.filter(kind=OrganisationKind.HOSPITAL)

    assert Hospital.objects.count() == hospitals.count() == 17
    for organisation in hospitals:
        assert RoleAssignment.objects.filter(
            role=Role.HOSPITAL_LIAISON, organisation=organisation
        ).exists(), organisation
    assert Appointment.objects.filter(
        slot__date=clock.today(), hospital__organisation__code="central_hospital"
    ).exists()


def test_september_2022_has_117_talents_with_a_completed_visit_and_149_with_a_record(demo):
    september = Appointment.objects.filter(slot__date__range=SEPTEMBER)
    completed = september.filter(status=AppointmentStatus.FULFILLED)
    records = HealthRecord.objects.filter(opened_on__range=SEPTEMBER)
    visit = completed.first()
    event = AuditEvent.objects.get(action="appointment.complete", target_id=str(visit.pk))

    assert completed.values("talent").distinct().count() == 117
    assert records.values("talent").distinct().count() == 149
    assert september.filter(status=AppointmentStatus.NOSHOW).exists()
    assert september.filter(status=AppointmentStatus.CANCELLED).exists()
    # done at the dates of the work, by the hospital's liaison
    assert visit.completed_at.date() == visit.slot.date
    assert event.created_at == visit.completed_at
    assert event.actor == visit.accompanied_by
