"""The demo's 2022 campaign: its bulletins and assessments were issued at their dates, and the
final assessment shows the report's figures — re-counted here over the records the services
made, never through a figure."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import Sum

from rencai.campaigns.models import Assessment, Bulletin
from rencai.core.tests.demo import load_demo
from rencai.events.choices import EventKind
from rencai.events.fairs.models import EmploymentIntent, FairEnterprise, Position
from rencai.events.models import CheckIn, Event, Match
from rencai.finance.models import Loan
from rencai.housing.models import Unit as Apartment
from rencai.medical.choices import AppointmentStatus
from rencai.medical.models import Appointment, HealthRecord

pytestmark = [pytest.mark.django_db]
WINDOW = (date(2022, 8, 23), date(2022, 9, 30))
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo load for the module (it is slow), rolled back at its end: 1,000 talents, the
    smallest demo with 武穴's September loans."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(talents=1000, batch_size=1000)
        yield
        transaction.set_rollback(True)


def _final_lines() -> dict[str, dict]:
    final = Assessment.objects.get(period_end=WINDOW[1])
    return {
        (row["name"], line["figure"]): line
        for row in final.rows
        for line in row["lines"]
        if line["figure"]
    }


def test_bulletins_came_every_friday_and_assessments_every_half_month(demo):
    bulletins = list(Bulletin.objects.order_by("number").values_list("number", "period_end"))
    halves = list(Assessment.objects.order_by("period_end").values_list("period_end", flat=True))

    assert bulletins[2] == (3, date(2022, 9, 9))  # the bulletin of the week ending 9 September
    assert bulletins[-1][1] == WINDOW[1]
    assert halves == [date(2022, 8, 31), date(2022, 9, 15), date(2022, 9, 30)]


def test_the_final_assessment_shows_the_green_channel_and_the_health_records(demo):
    lines = _final_lines()
    visits = Appointment.objects.filter(
        status=AppointmentStatus.FULFILLED, completed_at__date__range=WINDOW
    )
    records = HealthRecord.objects.filter(opened_on__range=WINDOW)

    assert lines[("黄冈市卫生健康委员会", "medical.visits_completed")]["value"] == visits.count()
    assert visits.values("talent").distinct().count() == 117
    assert lines[("黄冈市卫生健康委员会", "medical.health_records_opened")]["value"] == (
        records.count()
    )
    assert records.values("talent").distinct().count() == 149


def test_the_final_assessment_shows_the_apartments_and_wuxues_loans(demo):
    lines = _final_lines()
    fitted = Apartment.objects.filter(fit_out_started_on__lte=WINDOW[1])
    loans = Loan.objects.filter(county__code="421182", disbursed_on__range=WINDOW)

    assert lines[("黄冈市住房和城乡建设局", "housing.units_fit_out_started")]["value"] == (
        fitted.count()
    )
    assert fitted.count() == 162
    assert lines[("武穴市", "finance.loans_disbursed")]["value"] == loans.count() == 93
    assert (
        lines[("武穴市", "finance.amount_disbursed")]["value"]
        == (loans.aggregate(total=Sum("amount_fen"))["total"])
    )
    assert loans.aggregate(total=Sum("amount_fen"))["total"] == 1_660_000_000


def _bulletin_values(number: int) -> dict[tuple[str, str], int]:
    snapshot = Bulletin.objects.get(number=number).snapshot
    return {
        (unit["name"], indicator["name"]): indicator["value"]
        for action in snapshot["actions"]
        for unit in action["units"]
        for indicator in unit["indicators"]
    }


def test_the_bulletin_of_the_week_ending_9_september_shows_the_mixers_and_the_job_fair(demo):
    values = _bulletin_values(3)
    to_9_sept = (datetime(2022, 8, 23, tzinfo=SHANGHAI), datetime(2022, 9, 10, tzinfo=SHANGHAI))
    mixers = Event.objects.filter(kind=EventKind.MIXER, starts_at__range=to_9_sept)
    check_ins = CheckIn.objects.filter(event__in=mixers, scanned_at__range=to_9_sept)
    matches = Match.objects.filter(event__in=mixers)
    paired = {pk for pair in matches.values_list("first", "second") for pk in pair}
    fair = Event.objects.get(kind=EventKind.JOB_FAIR, starts_at__date=date(2022, 9, 6))
    places = Position.objects.filter(participant__fair=fair).aggregate(n=Sum("headcount"))["n"]
    intents = EmploymentIntent.objects.filter(position__participant__fair=fair, status="confirmed")

    assert mixers.count() == 9
    assert values[("共青团黄冈市委员会", "联谊活动签到人次")] == check_ins.count() >= 860
    assert values[("共青团黄冈市委员会", "成功结对人数")] == len(paired) == 120
    assert matches.count() == 60
    hrss = "黄冈市人力资源和社会保障局"
    assert (
        values[(hrss, "招聘会参会企业（家）")] == FairEnterprise.objects.filter(fair=fair).count()
    )
    assert FairEnterprise.objects.filter(fair=fair).count() == 57
    assert values[(hrss, "招聘会提供岗位（个）")] == places >= 1500
    assert values[(hrss, "达成就业意向人数")] == intents.values("talent").distinct().count()
    assert intents.values("talent").distinct().count() == 435
