"""The zh-Hans check runs on every page a browser test loads (the `page` fixture)."""

import pytest

from tests.i18n_check import check_response

pytestmark = [pytest.mark.browser]


def test_a_chinese_page_with_an_untranslated_phrase_is_reported():
    problems: list[str] = []
    chinese = '<html lang="zh-hans"><body><p>登录</p><button>Log out</button></body></html>'
    english = '<html lang="en"><body><button>Log out</button></body></html>'

    check_response("/a/", "text/html; charset=utf-8", chinese.encode(), problems)
    check_response("/b/", "text/html; charset=utf-8", english.encode(), problems)
    check_response("/c.xlsx", "application/vnd.ms-excel", b"Log out", problems)

    assert problems == ["/a/: ['Log out']"]


def test_the_pages_of_a_browser_test_are_checked(page, live_server):
    from tests.i18n_check import watch_page

    seen = watch_page(page)  # a second watcher on the fixture's page, to look at its list
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").count() >= 1
    assert seen == []
