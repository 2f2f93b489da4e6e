"""`timeline_for(limit=n)`: the merge of every provider, cut to its n newest entries."""

from datetime import UTC, datetime

import pytest

from rencai.core import timeline
from rencai.core.timeline import Entry, timeline_for

pytestmark = pytest.mark.portable

_KINDS = ("test_a", "test_b")


def _at(day: int) -> datetime:
    return datetime(2022, 9, day, 9, tzinfo=UTC)


@pytest.fixture
def only_test_providers(monkeypatch):
    registry = timeline.Registry[timeline.TimelineProvider]("timeline provider")
    monkeypatch.setattr(timeline, "providers", registry)
    asked: dict[str, object] = {}

    def limited(viewer, talent, limit=None):
        asked["limit"] = limit
        found = [Entry(_at(d), "test_a", f"a{d}") for d in (9, 7, 5, 3, 1)]
        return found if limit is None else found[:limit]

    def unlimited(viewer, talent):
        return [Entry(_at(d), "test_b", f"b{d}") for d in (2, 4, 6, 8)]

    timeline.register_timeline("test.a", limited, kinds={"test_a": "A"}, limits=True)
    timeline.register_timeline("test.b", unlimited, kinds={"test_b": "B"})
    return asked


def test_a_limit_keeps_the_newest_entries_across_providers(only_test_providers):
    titles = [e.title for e in timeline_for(None, None, limit=4)]

    assert titles == ["a9", "b8", "a7", "b6"]
    assert only_test_providers["limit"] == 4


def test_without_a_limit_every_entry_is_kept(only_test_providers):
    assert len(timeline_for(None, None)) == 9
    assert only_test_providers["limit"] is None


def test_the_kind_filter_applies_before_the_cut(only_test_providers):
    titles = [e.title for e in timeline_for(None, None, only={"test_b"}, limit=3)]

    assert titles == ["b8", "b6", "b4"]
