"""The code cache sees catalogue rows written by another process within its window.

"Another process" is a raw INSERT: no post_save signal, no clearing call — what a row added
by a second worker, a bulk load or a data migration looks like to this process.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rencai import rules
from rencai.policies import evaluation, facts
from rencai.policies.evaluation import count_rule, explain
from rencai.policies.facts import CATALOGUE, load_subject
from rencai.policies.selectors import current_version
from rencai.talents.models import Degree
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
ON = date(2024, 6, 1)
AT_LEAST_BACHELOR = {">=": [{"var": "degree"}, "bachelor"]}


@pytest.fixture
def window(settings, monkeypatch):
    """The production window (a second), and a clock the test moves past it."""
    settings.CATALOGUE_STAMP_TTL = 1.0
    offset = {"seconds": 0.0}
    real = facts.monotonic
    monkeypatch.setattr(facts, "monotonic", lambda: real() + offset["seconds"])
    evaluation.clear_caches()  # the next check is a window from now

    def move_past() -> None:
        offset["seconds"] += 1.5

    return move_past


def insert_degree_elsewhere(code: str, rank: int) -> Degree:
    """A degree added by another process: a raw INSERT, so nothing here clears the cache."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO talents_degree (code, name, rank) VALUES (%s, %s, %s)", [code, code, rank]
        )
    return Degree.objects.get(code=code)


def test_a_degree_added_by_another_process_matches_once_the_window_has_passed(window):
    # given the cache filled with master (2) and bachelor (4)
    make_degree("master"), make_degree("bachelor", rank=4)
    make_talent(degree=make_degree("master"))
    assert count_rule(AT_LEAST_BACHELOR, ON).selected == 1
    # when another process adds a degree ranked between them, and a talent holds it
    added = insert_degree_elsewhere("professional_master", 3)
    newcomer = make_talent(degree=added)
    stale = count_rule(AT_LEAST_BACHELOR, ON)
    # then within the window the cache still answers from what it holds …
    assert (stale.selected, stale.rejected) == (1, 1)
    # … and once the window has passed, the new row's talent matches
    window()
    fresh = count_rule(AT_LEAST_BACHELOR, ON)
    assert (fresh.selected, fresh.rejected) == (2, 0)
    assert newcomer.degree.code in facts.code_labels("degree")


def test_a_published_rule_is_parsed_again_when_another_process_changes_a_catalogue(window):
    # given a published version parsed and cached by an earlier evaluation
    make_degree("bachelor", rank=4)
    benefit = make_benefit(rule=AT_LEAST_BACHELOR)
    version = current_version(benefit, ON)
    assert evaluation.parsed(version) is evaluation.parsed(version)
    # when another process adds a degree, and a talent holds it
    talent = make_talent(degree=insert_degree_elsewhere("professional_master", 3))
    window()
    # then the version is parsed again with the new code, and the talent is eligible
    subject = load_subject(talent.pk, ON)
    assert str(explain(version, subject, ON).outcome) == "true"


def test_when_nothing_changed_the_check_is_one_query_and_nothing_is_reloaded(window):
    make_degree("master"), make_degree("bachelor", rank=4)
    window()
    facts.revalidate()  # the first check after a clear has nothing to compare with: it clears
    rules.validate(AT_LEAST_BACHELOR, CATALOGUE)  # fills the cache
    window()

    with CaptureQueriesContext(connection) as queries:
        rules.validate(AT_LEAST_BACHELOR, CATALOGUE)
        rules.validate(AT_LEAST_BACHELOR, CATALOGUE)

    assert len(queries) == 1  # the stamp, once in the window; the codes stay cached
