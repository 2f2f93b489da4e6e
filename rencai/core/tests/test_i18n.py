"""Rencai is Chinese-first: the zh_Hans catalogue is complete; pages speak Chinese by default."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.portable

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"\{(\w*)\}")
HTML = re.compile(r"</?[a-zA-Z][^>]*>|&\w+;")


@dataclass
class Entry:
    """One message of a .po file, as its lines say it."""

    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"'), f"not a quoted string: {text}"
    assert text.endswith('"'), f"not a quoted string: {text}"
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n].

    Obsolete entries (#~) are skipped; every other entry is returned, the header included.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is None or current.msgid or current.msgstr:
                current = Entry(line=number)
                entries.append(current)
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert current is not None, f"line {number}: stray string"
            assert target is not None, f"line {number}: stray string"
            name, index = target
            if name == "msgstr":
                current.msgstr[index or 0] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
            continue
        if keyword in ("msgctxt", "msgid") and (
            current is None or current.msgstr or (keyword == "msgid" and current.msgid)
        ):
            current = Entry(line=number)
            entries.append(current)
        assert current is not None, f"line {number}: {keyword} outside an entry"
        plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, _unquote(rest))
            target = (keyword, None)
        elif keyword == "msgstr" or plural:
            index = int(plural.group(1)) if plural else 0
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise AssertionError(f"line {number}: unexpected {keyword}")
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(CATALOGUE)


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return [entry for entry in catalogue if entry.msgid]


def _described(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


def test_catalogue_header_declares_simplified_chinese_with_one_plural_form(catalogue):
    header = next(entry for entry in catalogue if entry.msgid == "")
    text = header.msgstr[0]
    assert "Language: zh_Hans\n" in text
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "charset=UTF-8" in text
    assert "fuzzy" not in header.flags


def test_catalogue_is_not_empty(messages):
    assert len(messages) > 500


def test_every_message_has_a_chinese_translation(messages):
    untranslated = [
        _described(entry)
        for entry in messages
        if not entry.translations or not all(text.strip() for text in entry.translations)
    ]
    assert untranslated == []


def test_plural_messages_have_exactly_the_one_chinese_form(messages):
    wrong = [
        _described(entry)
        for entry in messages
        if entry.msgid_plural is not None and sorted(entry.msgstr) != [0]
    ]
    assert wrong == []


def test_no_translation_is_fuzzy(messages):
    assert [_described(entry) for entry in messages if "fuzzy" in entry.flags] == []


def test_every_python_format_placeholder_is_kept(messages):
    broken = []
    for entry in (e for e in messages if "python-format" in e.flags):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        named = set().union(*(set(NAMED.findall(s)) for s in sources))
        positional = max(len(POSITIONAL.findall(NAMED.sub("", s))) for s in sources)
        for text in entry.translations:
            kept = set(NAMED.findall(text)) == named
            if not kept or len(POSITIONAL.findall(NAMED.sub("", text))) != positional:
                broken.append(f"{_described(entry)} -> {text!r}")
    assert broken == []


def test_every_message_with_a_named_placeholder_is_checked_as_python_format(messages):
    """The check above reads only flagged messages: an entry added by hand without the flag
    (makemessages adds it) would keep a broken placeholder unseen."""
    unflagged = [
        _described(e)
        for e in messages
        if e.msgid and NAMED.search(e.msgid) and "python-format" not in e.flags
    ]
    assert unflagged == []


def test_every_brace_placeholder_is_kept(messages):
    broken = [
        f"{_described(entry)} -> {text!r}"
        for entry in messages
        if "python-brace-format" in entry.flags
        for text in entry.translations
        if sorted(BRACE.findall(text)) != sorted(BRACE.findall(entry.msgid))
    ]
    assert broken == []


def test_html_tags_and_entities_are_kept(messages):
    broken = [
        f"{_described(entry)} -> {text!r}"
        for entry in messages
        for text in entry.translations
        if sorted(HTML.findall(text)) != sorted(HTML.findall(entry.msgid))
    ]
    assert broken == []


def test_parser_reads_plurals_flags_and_continued_lines(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        "#, fuzzy, python-format\n"
        'msgid ""\n"%(n)s long "\n"line"\nmsgstr "%(n)s 长行"\n\n'
        "#, python-format\n"
        'msgid "%(n)s item"\nmsgid_plural "%(n)s items"\nmsgstr[0] "%(n)s 项"\n\n'
        '#~ msgid "old"\n#~ msgstr "旧"\n',
        encoding="utf-8",
    )

    header, long_line, plural = parse_po(po)

    assert header.msgstr == {0: "Language: zh_Hans\n"}
    assert long_line.msgid == "%(n)s long line"
    assert long_line.flags == {"fuzzy", "python-format"}
    assert plural.msgid_plural == "%(n)s items"
    assert plural.msgstr == {0: "%(n)s 项"}


@pytest.mark.django_db
def test_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("core:login"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "登录" in page
    assert "Log in" not in page


@pytest.mark.django_db
def test_login_page_switches_to_english_and_back(client):
    login = reverse("core:login")

    switched = client.post(reverse("set_language"), {"language": "en", "next": login})
    english = client.get(login).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": login})
    chinese = client.get(login).content.decode()

    assert switched.status_code == 302
    assert '<html lang="en">' in english
    assert "Log in" in english
    assert "登录" not in english
    assert "登录" in chinese


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_switches(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
