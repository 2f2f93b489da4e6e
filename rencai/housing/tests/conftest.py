import pytest

from rencai.core.calendar import _warned_years
from rencai.policies.evaluation import clear_caches


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """Catalogue codes cached by an earlier test may name rows its rollback removed."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _quiet_calendar():
    _warned_years.update(range(2000, 2100))
