"""The zh-Hans check (`tests/i18n_check.py`) and the public pages. Every role's main pages —
the home and each entry of its menu, in the permission matrix's world — are checked in the
browser: `tests/browser/test_main_pages.py` and `test_main_pages_more.py` visit them all, and
the browser tests' `page` fixture fails on any page with English that the catalogue
translates (`tests/browser/test_i18n_watch.py`). They were checked a second time here through
the test client, at CI's cost and to no extra effect."""

from __future__ import annotations

import pytest

from tests.i18n_check import assert_translated, untranslated, visible_text


def test_the_check_finds_an_untranslated_phrase_and_ignores_code_and_scripts():
    html = (
        '<html lang="zh-hans"><body><p>Log out</p><code>Log out</code>'
        "<script>var a = 'Page not found';</script></body></html>"
    )
    assert untranslated(html) == ["Log out"]
    assert "Page not found" not in visible_text(html)


def test_an_english_page_is_not_checked():
    assert_translated('<html lang="en"><body>Log out</body></html>')


@pytest.mark.django_db
def test_the_public_pages_are_all_chinese(client):
    for url in ["/accounts/login/", "/handbook/", "/no-such-page/"]:
        response = client.get(url)
        assert_translated(response.content.decode(), url)
