import pytest


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """The matrix's world lives for the whole module (its fixture empties the caches once), so
    the caches stay valid from test to test: keeping them makes the matrix faster."""
    return
