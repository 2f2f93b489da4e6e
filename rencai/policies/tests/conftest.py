import pytest

from rencai.policies.evaluation import clear_caches
from rencai.policies.pack import clear_in_force


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """Catalogue codes cached by an earlier test may name rows its rollback removed."""
    clear_caches()
    clear_in_force()
    yield
    clear_caches()
    clear_in_force()
