"""Fuzz the loaders: any input either loads or raises our own error, never a traceback.

And what prints is what was checked: translations and free text fuzzed with
hostile Unicode either are refused, or print exactly the checked digits in
order, with no bidi control but the renderer's own.
"""

from __future__ import annotations

import html.parser
import shutil
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from guide.build import BuildOptions, plan
from guide.catalogs import load_catalog
from guide.clinic import load_clinic
from guide.errors import GuideError
from guide.regions import load_region
from guide.render import make_environment, render_html
from guide.unicode_policy import (
    BIDI_CONTROLS,
    character_problems,
    digit_value,
    is_invisible,
    renders_blank,
)
from tests.fake_catalog import FAKE_LOCALE, edit_entry, write_fake_catalog

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
REGION = (Path(__file__).resolve().parent.parent / "regions" / "gb.toml").read_text()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLINIC = (EXAMPLES / "clinic.toml").read_text()

# TOML-shaped values, so that fuzzing reaches the checks, not only the parser.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
    | st.dates() | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12)


def toml_value(value) -> str:
    """Render a Python value as TOML (None and NaN become strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int,)) or hasattr(value, "isoformat"):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else '"nan"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def mutate(document: str, key: str, value) -> str:
    """Replace the first `key = ...` line of a TOML document with a fuzzed value."""
    lines = document.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"{key} =") or line.startswith(f"{key}="):
            lines[index] = f"{key} = {toml_value(value)}"
            break
    return "\n".join(lines) + "\n"


def loads_or_our_error(load) -> None:
    try:
        load()
    except GuideError:
        pass


@FUZZ
@given(st.binary(max_size=400))
def test_region_loader_never_crashes_on_bytes(project, data):
    (project / "regions" / "zz.toml").write_bytes(data)
    loads_or_our_error(lambda: load_region("zz", project=project))


REGION_KEYS = ["code", "country", "paper", "languages", "crisis", "numbers", "source",
               "checked", "id", "name", "number", "kinds", "hours", "cost", "also", "url",
               "second_hand", "note", "extends", "area"]


@FUZZ
@given(st.sampled_from(REGION_KEYS), values)
def test_region_loader_never_crashes_on_odd_values(project, key, value):
    text = mutate(REGION.replace('code = "gb"', 'code = "zz"'), key, value)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # our renderer made invalid TOML; the parser test covers that
    (project / "regions" / "zz.toml").write_text(text)
    loads_or_our_error(lambda: load_region("zz", project=project))


CLINIC_KEYS = ["name", "country", "address", "phones", "web", "logo", "fallback_language",
               "days", "opens", "closes", "en", "es"]


@FUZZ
@given(st.sampled_from(CLINIC_KEYS), values)
def test_clinic_loader_never_crashes(tmp_path, key, value):
    text = mutate(CLINIC, key, value)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    folder = tmp_path / "clinic"
    if not folder.exists():  # with its logo, so the fuzzed key is what gets judged
        shutil.copytree(EXAMPLES, folder)
    path = folder / "clinic.toml"
    path.write_text(text)
    loads_or_our_error(lambda: load_clinic(path))


@FUZZ
@given(st.binary(max_size=400))
def test_clinic_loader_never_crashes_on_bytes(tmp_path, data):
    path = tmp_path / "clinic.toml"
    path.write_bytes(data)
    loads_or_our_error(lambda: load_clinic(path))


@pytest.fixture
def fake_catalog(project):
    return write_fake_catalog(project=project)


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@FUZZ
@given(st.text(max_size=300), st.integers(min_value=0, max_value=400))
def test_catalog_loader_never_crashes(fake_catalog, insert, line):
    lines = fake_catalog.read_text(encoding="utf-8").splitlines()
    original = "\n".join(lines)
    lines.insert(min(line, len(lines)), insert)
    try:
        fake_catalog.write_text("\n".join(lines), encoding="utf-8")
        loads_or_our_error(lambda: load_catalog(FAKE_LOCALE))
    finally:
        fake_catalog.write_text(original, encoding="utf-8")


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@FUZZ
@given(st.binary(max_size=300))
def test_catalog_loader_never_crashes_on_bytes(fake_catalog, data):
    original = fake_catalog.read_bytes()
    try:
        fake_catalog.write_bytes(data)
        loads_or_our_error(lambda: load_catalog(FAKE_LOCALE))
    finally:
        fake_catalog.write_bytes(original)


# --- hostile Unicode: what prints must be what was checked ----------------------------
#
# Pieces drawn from every Unicode category that can print otherwise than it
# reads (format, control, bidi, ignorable, spaces, marks, non-decimal digits,
# other scripts' digits), and the markup that would be decoded on the page.
HOSTILE_PIECES = [
    "\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff",
    "\ufe0f", "\u034f", "\U000e0041", "\u2800", "\u3164", "\x07", "\x1b", "\u2028", "\u00a0",
    "\u202f", "\u2009", "\u3000", "\u2007", " ", "-", ".", "/", "(", ")", "%", "<", ">", "&",
    '"', "&#8238;", "&#x202E;", "&lt;", "&gt;", "&amp;", "&nbsp;", "&shy;", "&ZeroWidthSpace;",
    "&#57;", "&copy", "%(number)s", "%(number)r", "%s", "%%", "<strong>", "</strong>", "①",
    "²", "٣", "۳", "३", "３", "𝟗", "Ⅻ", "〇", "\u20e3", "\u0336", "क", "ب", "\u094d",
]
UNICODE_SOUP = st.lists(st.one_of(
    st.sampled_from(HOSTILE_PIECES),
    st.characters(categories=["Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me", "Nd",
                              "No", "Nl"]),
    st.characters(codec="utf-8"),
    st.sampled_from(list("0123456789  ")),
), max_size=8).map("".join)
LIFELINE = "988 Suicide & Crisis Lifeline"
FUZZED_ENTRIES = [LIFELINE, "<strong>Worst days:</strong>", "Overdose danger after withdrawal",
                  "Call %(number)s."]


def po_string(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))


class PageText(html.parser.HTMLParser):
    """The text a reader sees: the body's text, entities decoded, no style."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
        self.feed(document)
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "head", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "head", "title") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(project, clinic=None, region="us", locale=FAKE_LOCALE) -> str:
    options = BuildOptions(project=project, clinic=clinic)
    pamphlets, failures = plan([region], [locale], options, layouts=["handout"])
    assert not failures, [str(f.error) for f in failures]
    catalog = load_catalog(locale, project=project)
    return PageText(render_html(make_environment(project), pamphlets[0], catalog)).text


def digits_of(text: str) -> str:
    """Every digit a reader sees, in order, whatever script or look-alike form."""
    return "".join(str(v) for c in text if (v := digit_value(c)) is not None)


def no_raw_invisible(message: str) -> bool:
    return not any(is_invisible(c) and c not in " \n" for c in message)


_BASELINES: dict = {}


def _baseline(project) -> str:
    if project.root not in _BASELINES:
        _BASELINES.clear()
        _BASELINES[project.root] = page_text(project)
    return _BASELINES[project.root]


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(FUZZED_ENTRIES), UNICODE_SOUP, st.integers(min_value=0, max_value=60))
def test_a_fuzzed_translation_is_refused_or_prints_the_checked_digits_in_order(
        fake_catalog, project, msgid, soup, position):
    original = fake_catalog.read_text(encoding="utf-8")
    baseline = _baseline(project)
    english = msgid if msgid != "<strong>Worst days:</strong>" else \
        "<strong>Worst days:</strong> usually days 1 to 3."
    fake = f"«{english}»"
    at = min(position, len(fake))
    translation = fake[:at] + soup + fake[at:]
    try:
        edit_entry(fake_catalog, msgid, f'msgstr "{po_string(translation)}"')
        try:
            load_catalog(FAKE_LOCALE, project=project)
        except GuideError as error:
            assert no_raw_invisible(str(error)), ascii(str(error))
            event("refused")
            return
        event("printed")
        printed = PageText(translation).text if msgid != LIFELINE else translation
        assert not renders_blank(printed)
        text = page_text(project)
        assert digits_of(text) == digits_of(baseline), ascii(translation)
        bidi = Counter(c for c in text if c in BIDI_CONTROLS)
        assert bidi == Counter(c for c in baseline if c in BIDI_CONTROLS), ascii(translation)
        if "%(" not in msgid:
            assert " ".join(printed.split()) in " ".join(text.split()), ascii(translation)
    finally:
        fake_catalog.write_text(original, encoding="utf-8")


CLINIC_TEXT_FIELDS = {
    "name": 'name = "Example Community Clinic (sample)"',
    "address": '"12 Example Street"',
    "note": 'en = "You can walk in without an appointment on weekday mornings."',
}


def reads_as_a_phone_number(text: str, own: set[str]) -> bool:
    """The oracle: 4+ digits with nothing but spaces, invisible characters, dashes,
    brackets, dots or slashes between them, that are not one of the file's numbers."""
    runs, current = [], ""
    for char in text:
        value = digit_value(char)
        if value is not None:
            current += str(value)
        elif not (char.isspace() or is_invisible(char) or char in "./．／・·∕⁄−"
                  or unicodedata.category(char) in ("Pd", "Ps", "Pe", "Mn", "Me")):
            runs.append(current)
            current = ""
    runs.append(current)
    return any(len(r) >= 4 and r not in own for r in runs)


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@FUZZ
@given(st.sampled_from(sorted(CLINIC_TEXT_FIELDS)), UNICODE_SOUP, st.integers(0, 30))
def test_fuzzed_clinic_text_is_refused_or_prints_only_checked_numbers(
        project, tmp_path, field, soup, position):
    line = CLINIC_TEXT_FIELDS[field]
    key, _, value = line.partition(" = ") if " = " in line else ("", "", line)
    inner = value[1:-1]
    at = min(position, len(inner))
    fuzzed = inner[:at] + soup + inner[at:]
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}"
                      for c in fuzzed)
    text = CLINIC.replace(line, (f"{key} = " if key else "") + f'"{escaped}"')
    folder = tmp_path / "clinic"
    if not folder.exists():  # the sample with its logo, so only the fuzzed field can fail
        shutil.copytree(EXAMPLES, folder)
    path = folder / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    try:
        clinic = load_clinic(path)
    except GuideError as error:
        assert no_raw_invisible(str(error)), ascii(str(error))
        event("refused")
        return
    event("printed")
    own = {n.digits for n in clinic.phones}
    printed = {"name": clinic.name, "address": " ".join(clinic.address),
               "note": clinic.note_for("en")}[field]
    assert not character_problems(printed), ascii(printed)
    assert not reads_as_a_phone_number(printed, own), ascii(printed)
    page = page_text(project, clinic=clinic, region="gb", locale="en")
    lines = clinic.address if field == "address" else [printed]
    for shown in lines:  # each address line is a block of its own
        assert " ".join(shown.split()) in " ".join(page.split()), ascii(shown)


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@FUZZ
@given(UNICODE_SOUP, st.integers(0, 20))
def test_a_fuzzed_reviewer_name_is_refused_or_is_plain_text_without_a_number(
        project, soup, position):
    name = "Example Health Network"
    at = min(position, len(name))
    fuzzed = name[:at] + soup + name[at:]
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}"
                      for c in fuzzed)
    write_fake_catalog(project=project, review=f'status = "reviewed"\nreviewer = "{escaped}"\n'
                                              "date = 2026-11-21\n")
    try:
        catalog = load_catalog(FAKE_LOCALE, project=project)
    except GuideError as error:
        assert no_raw_invisible(str(error)), ascii(str(error))
        event("refused")
        return
    event("printed")
    reviewer = catalog.review.reviewer
    assert not character_problems(reviewer) and not renders_blank(reviewer), ascii(reviewer)
    assert not reads_as_a_phone_number(reviewer, set()), ascii(reviewer)
