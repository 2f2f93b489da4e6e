"""The zh-Hans check: a page rendered in Chinese shows no English the catalogue translates.

`untranslated(html)` lists every msgid of two or more words whose Chinese differs from it and
that appears in the page's visible text (scripts, styles, <code> and hidden inputs left out):
a string that missed `{% translate %}`, a translation lost to a changed msgid, or a Django
string the project never translated. Used by the browser tests on every page they load
(`tests/browser/conftest.py`), every role's main pages among them (`test_main_pages*.py`).
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
SPACES = re.compile(r"\s+")
SKIPPED = {"script", "style", "code", "pre", "template", "noscript", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def _words(text: str) -> int:
    return len(PLACEHOLDER.sub(" ", text).split())


@cache
def checked_msgids() -> tuple[tuple[str, re.Pattern | None], ...]:
    """(msgid, pattern) for every msgid of 2+ words whose translation differs from it;
    pattern is None for a plain string, a regex where the msgid has placeholders."""
    with CATALOGUE.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog  # type: ignore[attr-defined]
    found = {}
    for key, msgstr in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or not msgstr:
            continue
        msgid = msgid.split("\x04", 1)[-1]  # drop a msgctxt
        msgid = SPACES.sub(" ", msgid).strip()
        if _words(msgid) < 2 or SPACES.sub(" ", msgstr).strip() == msgid:
            continue
        if PLACEHOLDER.search(msgid):
            parts = [re.escape(p.strip()) for p in PLACEHOLDER.split(msgid)]
            pattern = r"\s*.{1,80}?\s*".join(p for p in parts)
            found[msgid] = re.compile(pattern)
        else:
            found[msgid] = None
    return tuple(sorted(found.items()))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        if tag in SKIPPED or (hidden and tag not in VOID) or attributes.get("lang") == "en":
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if tag == "input" and attributes.get("type") not in ("hidden", None):
            for name in ("placeholder", "value"):
                if attributes.get(name) and attributes.get("type") in ("submit", "button"):
                    self.parts.append(attributes[name])
        for name in ("aria-label", "title", "alt", "placeholder"):
            if attributes.get(name) and not self.skipping:
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The words a reader sees (and a screen reader reads), whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return SPACES.sub(" ", " ".join(parser.parts))


def untranslated(html: str) -> list[str]:
    """The msgids of 2+ words that show untranslated in `html`'s visible text."""
    text = visible_text(html)
    lowered = text
    return [
        msgid
        for msgid, pattern in checked_msgids()
        if (pattern.search(lowered) if pattern is not None else msgid in lowered)
    ]


def assert_translated(html: str, where: str = "") -> None:
    """Fail with the untranslated strings of a zh-Hans page (other languages pass)."""
    if not re.search(r"<html[^>]*\blang=\"zh", html[:2000]):
        return
    missing = untranslated(html)
    assert not missing, f"untranslated on {where or 'the page'}: {missing}"


def check_response(url: str, content_type: str, body: bytes, problems: list[str]) -> None:
    """Check one HTML answer (a page or an htmx fragment) a browser received."""
    if "text/html" not in content_type:
        return
    html = body.decode("utf-8", errors="replace")
    if re.search(r"<html[^>]*\blang=\"zh", html[:2000]):
        missing = untranslated(html)
        if missing:
            problems.append(f"{url}: {missing}")


def watch_page(page) -> list[str]:
    """Check every page a Playwright `page` loads; returns the list the problems go to.

    Hooked into the browser tests' `page` fixture (`tests/browser/conftest.py`), so each page
    any browser test visits is checked. The documents are read as they arrive (a route that
    fetches and passes them on unchanged): reading the DOM on a `load` event races with the
    test's next navigation."""
    problems: list[str] = []

    def on_route(route) -> None:
        request = route.request
        # Pages fetched with GET (a POST's answer is mostly a redirect to one; a multipart
        # upload's body cannot be replayed through the route, so POSTs pass untouched).
        if (
            request.resource_type != "document"
            or request.method != "GET"
            or not request.url.startswith("http")
        ):
            route.fallback()
            return
        try:
            response = route.fetch(max_redirects=0)
        except Exception:  # the page was closed or navigated away meanwhile
            route.fallback()
            return
        check_response(
            request.url, response.headers.get("content-type", ""), response.body(), problems
        )
        route.fulfill(response=response)

    page.route("**/*", on_route)
    return problems
