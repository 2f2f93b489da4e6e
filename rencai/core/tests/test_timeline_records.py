"""The file asks only the providers whose tables hold a row of the talent (`records`), in one
query; and the helpers a provider builds its entries with once per call."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rencai.core import timeline
from rencai.core.timeline import Entry, choice_label, record_link, timeline_for
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import TalentCard
from rencai.talents.tests.factories import make_card, make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

WHEN = datetime(2022, 9, 1, 9, tzinfo=UTC)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Three throw-away providers: one reading the talent's cards, one reading their moves
    or cards, one naming no tables; the names of those asked are recorded."""
    registry = timeline.Registry[timeline.TimelineProvider]("timeline provider")
    monkeypatch.setattr(timeline, "providers", registry)
    names: list[str] = []

    def provider(name):
        def entries(viewer, talent):
            names.append(name)
            return [Entry(WHEN, name, name)]

        return entries

    cards = [("talents.TalentCard", "talent")]
    moves_or_cards = [("talents.TalentMove", "talent"), *cards]
    timeline.register_timeline("t.cards", provider("cards"), kinds={"cards": "C"}, records=cards)
    timeline.register_timeline(
        "t.moves", provider("moves"), kinds={"moves": "M"}, records=moves_or_cards
    )
    timeline.register_timeline("t.always", provider("always"), kinds={"always": "A"})
    return names


def test_a_provider_whose_tables_hold_nothing_of_the_talent_is_not_asked(asked):
    talent = make_talent()

    with CaptureQueriesContext(connection) as queries:
        kinds = {e.kind for e in timeline_for(None, talent)}

    assert kinds == {"always"}
    assert asked == ["always"]
    assert len(queries) == 1  # whether each table holds a row: one query for all


def test_a_row_in_any_of_its_tables_asks_the_provider(asked):
    talent = make_talent()
    make_card(talent)
    make_card(make_talent())  # another talent's card asks nobody

    assert {e.kind for e in timeline_for(None, talent)} == {"cards", "moves", "always"}


def test_the_kind_filter_asks_only_its_providers(asked):
    talent = make_talent()
    make_card(talent)

    assert [e.kind for e in timeline_for(None, talent, only={"moves"})] == ["moves"]
    assert asked == ["moves"]


def test_a_record_link_is_the_reversed_url_of_each_record():
    link = record_link("talents:detail")

    assert [link(pk) for pk in (1, 42, 123456)] == [
        reverse("talents:detail", args=[pk]) for pk in (1, 42, 123456)
    ]


def test_a_choice_label_is_what_the_instance_displays():
    status = choice_label(TalentCard, "status")
    card = TalentCard(kind=CardKind.GREEN_CARD, status=CardStatus.REVOKED)

    assert status(CardStatus.REVOKED) == card.get_status_display()
    assert status("no-such-value") == "no-such-value"
