"""The action table (`desk/actions.py`): one row per workflow action, read by the case page
and the API alike."""

import pytest
from django.urls import reverse

from rencai.desk import permissions, workflow
from rencai.desk.actions import ACTIONS
from rencai.desk.api.views import ApplicationViewSet
from rencai.desk.forms import ActionForm

pytestmark = pytest.mark.portable


def test_every_workflow_action_has_one_row_in_the_action_table():
    assert set(ACTIONS) == set(workflow.ACTIONS)


def test_each_row_shows_its_button_by_the_permission_predicate():
    for name, row in ACTIONS.items():
        assert row.predicate is permissions.PREDICATES[name], name


def test_each_row_names_fields_of_the_case_page_form():
    form = ActionForm()
    for row in ACTIONS.values():
        assert set(row.fields) <= set(form.fields), row.name


def test_each_row_is_an_api_endpoint_of_the_case():
    routes = {extra.url_path for extra in ApplicationViewSet.get_extra_actions()}
    for name in ACTIONS:
        assert name in routes
        assert reverse(f"application-{name}", args=[1]).endswith(f"/{name}/")


def test_the_desk_answers_in_the_one_vocabulary_of_eligibility_outcomes():
    from rencai.desk.eligibility import Status
    from rencai.policies.choices import OUTCOME_ORDER, EligibilityOutcome

    assert Status is EligibilityOutcome
    assert set(OUTCOME_ORDER) == set(EligibilityOutcome)
