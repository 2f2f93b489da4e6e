"""The demo's nine mixers of the 2022 talent service month, made through the services at
their dates (FACTS.md: 860+ check-ins, exactly 60 mutual pairs, 120 people paired)."""

from datetime import date

import pytest
from django.db.models import Q

from rencai.core.models import AuditEvent
from rencai.core.tests.demo import load_demo
from rencai.events.choices import EventKind
from rencai.events.models import CheckIn, Event, Match, Pick, Registration

# PostgreSQL only: the demo's numbers do not depend on the database, and the whole demo's load
# on SQLite (`make run`) is tested by rencai/core/tests/test_demo_empty.py (CI's time).
pytestmark = [pytest.mark.django_db]
WINDOW = (date(2022, 8, 23), date(2022, 9, 9))


def test_nine_mixers_by_9_september_with_860_plus_check_ins_and_exactly_60_pairs():
    load_demo(talents=600, batch_size=600)
    mixers = Event.objects.filter(
        kind=EventKind.MIXER,
        organiser__code="youth_league",
        starts_at__date__range=WINDOW,
    )
    check_ins = CheckIn.objects.filter(event__in=mixers)
    matches = Match.objects.filter(event__in=mixers)
    paired = Registration.objects.filter(event__in=mixers).filter(
        Q(pk__in=matches.values("first")) | Q(pk__in=matches.values("second"))
    )
    mutual = {(p.chooser_id, p.chosen_id) for p in Pick.objects.filter(event__in=mixers)}
    one_sided = [pair for pair in mutual if pair[::-1] not in mutual]

    assert mixers.count() == 9
    assert check_ins.count() >= 860
    assert matches.count() == 60
    assert paired.count() == 120
    assert one_sided
    assert AuditEvent.objects.filter(action="events.create", actor__username="youth").count() == 11
    assert Event.objects.filter(kind__in=[EventKind.FORUM, EventKind.TRAINING]).count() == 2
    assert Event.objects.filter(status="published", kind=EventKind.MIXER).count() == 1
