"""What prints must be what was checked: hostile Unicode, numbers and markup in real files.

Each case edits a copy of the project (the `project` fixture): a catalog made
from guide.pot (tests/fake_catalog.py), a shipped .po, a region, a clinic or a
review file, and shows that it is refused with the file, the line or field,
and the problem in words, with invisible characters named by code point.
"""

from __future__ import annotations

import html.parser
import shutil
from pathlib import Path

import pytest

from guide.build import BuildOptions, plan
from guide.catalogs import load_catalog
from guide.clinic import load_clinic
from guide.errors import CatalogError, ClinicError, RegionError
from guide.regions import load_region
from guide.render import css_string, make_environment, render_html
from guide.unicode_policy import BIDI_CONTROLS, is_invisible
from tests.cli import run
from tests.fake_catalog import FAKE_LOCALE, edit_entry, write_fake_catalog
from tests.files import replace_in

EXAMPLE_CLINIC = Path(__file__).resolve().parent.parent / "examples" / "clinic.toml"
LIFELINE = "988 Suicide & Crisis Lifeline"  # a US helpline name (region text)
WORST_DAYS = "<strong>Worst days:</strong>"  # template text: "... usually days 1 to 3."
OVERDOSE = "Overdose danger after withdrawal"  # the cover's overdose heading
CALL = "Call %(number)s."
TITLE = "Getting through opioid withdrawal safely"
SUBJECT = "What opioid withdrawal is"


def po(text: str) -> str:
    """A msgstr line holding `text` (raw characters, .po escapes for quotes)."""
    return 'msgstr "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def refused(project, msgid_start: str, translation: str) -> tuple[int, str]:
    path = write_fake_catalog(project=project)
    line = edit_entry(path, msgid_start, po(translation))
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    message = str(error.value)
    assert f"locales/{FAKE_LOCALE}/LC_MESSAGES/guide.po:{line}: " in message, message
    return line, message


def assert_no_raw_invisible(message: str) -> None:
    shown = [f"U+{ord(c):04X}" for c in message if is_invisible(c) and c not in " \n"]
    assert not shown, f"the message echoes raw {shown}: {message!r}"


# --- invisible and reordering characters -------------------------------------------

CHARACTER_CASES = {
    # The outside test: RLO around 988 passes the number check and prints "889".
    "rlo-around-988": (LIFELINE, "\u202e988\u202c Ligne de crise",
                       "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "rli-isolate": (LIFELINE, "\u2067988\u2069 Ligne de crise", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    "rlm-mark": (WORST_DAYS, "<strong>Pires jours :</strong> jours 1\u200f à 3.",
                 "U+200F (RIGHT-TO-LEFT MARK)"),
    "arabic-letter-mark": (LIFELINE, "988\u061c Ligne", "U+061C (ARABIC LETTER MARK)"),
    "zwsp-in-number": (LIFELINE, "9\u200b88 Ligne de crise", "U+200B (ZERO WIDTH SPACE)"),
    "word-joiner": (LIFELINE, "98\u20608 Ligne de crise", "U+2060 (WORD JOINER)"),
    "byte-order-mark": (OVERDOSE, "Danger\ufeff de surdose",
                        "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    "soft-hyphen": (OVERDOSE, "Dan\u00adger de surdose", "U+00AD (SOFT HYPHEN)"),
    "tag-characters": (OVERDOSE, "Danger\U000e0041\U000e0042",
                       "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
    "variation-selector": (LIFELINE, "988\ufe0f Ligne", "U+FE0F (VARIATION SELECTOR-16)"),
    "zwj-in-latin": (OVERDOSE, "Dan\u200dger de surdose", "U+200D (ZERO WIDTH JOINER)"),
    "control-character": (OVERDOSE, "Danger\x07 de surdose", "U+0007 (a control character)"),
    "escape-character": (OVERDOSE, "Danger\x1b[31m de surdose", "U+001B (a control character)"),
    "private-use": (OVERDOSE, "Danger\ue000 de surdose", "U+E000 (private use)"),
    "line-separator-entity": (OVERDOSE, "Danger&#8232;de surdose", "HTML entity &#8232;"),
    "ogham-space": (OVERDOSE, "Danger\u1680de surdose", "U+1680 (OGHAM SPACE MARK)"),
    "superscript-digit": (LIFELINE, "98⁸ Ligne", "U+2078 (SUPERSCRIPT EIGHT)"),
    "circled-digit": (LIFELINE, "⑨88 Ligne", "U+2468 (CIRCLED DIGIT NINE)"),
    "roman-numeral": (WORST_DAYS, "<strong>Pires jours :</strong> jours Ⅰ à Ⅲ.",
                      "U+2160 (ROMAN NUMERAL ONE)"),
    "mathematical-digits": (LIFELINE, "𝟗𝟖𝟖 Ligne",
                            "U+1D7D7 (MATHEMATICAL BOLD DIGIT NINE)"),
    "mixed-digit-scripts": (LIFELINE, "9٨8 Ligne", "mixes digits of different scripts"),
    "keycap-on-digit": (LIFELINE, "988\u20e3 Ligne", "U+20E3 (COMBINING ENCLOSING KEYCAP)"),
    "strike-through-digit": (LIFELINE, "98\u03368 Ligne", "U+0336 (COMBINING LONG STROKE OVERLAY)"),
}


@pytest.mark.parametrize("case", CHARACTER_CASES, ids=list(CHARACTER_CASES))
def test_a_character_that_prints_otherwise_than_checked_is_refused(project, case):
    start, translation, words = CHARACTER_CASES[case]
    _, message = refused(project, start, translation)
    assert words in message, message
    assert_no_raw_invisible(message)


@pytest.mark.parametrize("translation", [
    "\u200b", "\u00ad", "&ZeroWidthSpace;", "&#8203;", "&shy;", "&nbsp;", " \u3000 ",
    "\U000e0020\U000e0041", "<strong></strong>", "\u2800", "\u2060\u2061", "\u0301",
], ids=["zwsp", "soft-hyphen", "entity-zwsp", "numeric-zwsp", "entity-shy", "nbsp",
        "ideographic-space", "tags", "empty-tags", "braille-blank", "joiners", "lone-mark"])
def test_a_translation_that_prints_as_blank_is_untranslated(project, translation):
    _, message = refused(project, OVERDOSE, translation)
    assert f'not translated: the translation of "{OVERDOSE}" prints as blank' in message
    assert_no_raw_invisible(message)


def test_a_blank_translation_falls_back_to_english_only_when_allowed(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, OVERDOSE, po("\u200b"))
    catalog = load_catalog(FAKE_LOCALE, allow_incomplete=True, project=project)
    assert catalog.incomplete
    assert catalog.translations.gettext(OVERDOSE) == OVERDOSE


def test_joiners_inside_hindi_and_arabic_words_are_kept(project):
    """ZWJ after a Devanagari virama (an explicit half form) and ZWNJ between Arabic
    letters are spelling; the shipped catalogs load with them."""
    hindi = project / "locales" / "hi" / "LC_MESSAGES" / "guide.po"
    arabic = project / "locales" / "ar" / "LC_MESSAGES" / "guide.po"
    replace_in(hindi, "क्ष", "क्\u200dष", count=1)
    word = next(w for w in arabic.read_text(encoding="utf-8").split()
                if len(w) > 3 and all("\u0621" <= c <= "\u064a" for c in w))
    replace_in(arabic, word, word[:2] + "\u200c" + word[2:], count=1)
    assert "\u200d" in hindi.read_text(encoding="utf-8")
    load_catalog("hi", project=project)
    load_catalog("ar", project=project)


def test_a_joiner_at_a_word_edge_in_hindi_is_refused(project):
    hindi = project / "locales" / "hi" / "LC_MESSAGES" / "guide.po"
    replace_in(hindi, "क्ष", "क्ष\u200d 1", count=1)
    with pytest.raises(CatalogError) as error:
        load_catalog("hi", project=project)
    assert "U+200D (ZERO WIDTH JOINER)" in str(error.value)
    assert "locales/hi/LC_MESSAGES/guide.po:" in str(error.value)


# --- numbers in order, wherever they are --------------------------------------------

NUMBER_CASES = {
    "days-3-to-1": ("<strong>Pires jours :</strong> en général les jours 3 à 1.",
                    "numbers are in a different order from the English: the English has 1, 3, "
                    "the translation has 3, 1"),
    "nbsp-joins-1-and-3": ("<strong>Pires jours :</strong> en général les jours 1\u00a03.",
                           "the English has 1, 3, the translation has 13"),
    "narrow-nbsp-joins": ("<strong>Pires jours :</strong> jours 1\u202f3 à 3.",
                          "the English has 1, 3, the translation has 13, 3"),
    "soft-hyphen-joins": ("<strong>Pires jours :</strong> jours 1\u00ad3.",
                          "the English has 1, 3, the translation has 13"),
    "entity-digits": ("<strong>Pires jours :</strong> jours 1 à 3, 0800&nbsp;111.",
                      "the English has 1, 3, the translation has 1, 3, 0800111"),
    "added-phone-number": ("<strong>Pires jours :</strong> jours 1 à 3 (0800 111 222).",
                           "the English has 1, 3, the translation has 1, 3, 0800111222"),
}


@pytest.mark.parametrize("case", NUMBER_CASES, ids=list(NUMBER_CASES))
def test_numbers_must_match_the_english_in_order(project, case):
    translation, words = NUMBER_CASES[case]
    _, message = refused(project, WORST_DAYS, translation)
    assert words in message, message


def test_a_helpline_name_keeps_its_number_in_any_digits(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, LIFELINE, po("٩٨٨ خط الأزمات"))  # Arabic-Indic 988
    edit_entry(path, WORST_DAYS, po("<strong>Pires jours :</strong> jours 1 à 3."))
    catalog = load_catalog(FAKE_LOCALE, project=project)
    assert catalog.translations.gettext(LIFELINE).startswith("٩٨٨")


# --- entities and markup -------------------------------------------------------------

MARKUP_CASES = {
    "entity-svg": (OVERDOSE, "&lt;svg onload=alert(1)&gt;Danger", "'<' or '>' (or &lt; &gt;)"),
    "entity-style-in-title": (TITLE, "&lt;/style&gt;Sevrage", "'<' or '>' (or &lt; &gt;)"),
    "entity-rlo-in-region-text": (LIFELINE, "&#8238;988 Ligne", "prints as written here"),
    "numeric-entity-digits": (WORST_DAYS, "<strong>Pires jours :</strong> jours &#49; à &#51;.",
                              "HTML entity &#49;, &#51;"),
    "entity-without-semicolon": (OVERDOSE, "Danger &copy surdose", "HTML entity &copy"),
    "reordered-tags": (WORST_DAYS, "</strong>Pires jours :<strong> jours 1 à 3.",
                       "HTML tags are in a different order from the English"),
    "added-tag": (OVERDOSE, "<em>Danger</em>", "HTML tags differ from the English"),
    "repr-placeholder": (CALL, "Appelez le %(number)r.",
                         "the English has %(number)s, the translation has %(number)r"),
    "repr-beside-the-real-one": (CALL, "Appelez le %(number)s %(number)r.",
                                 "the translation has %(number)r, %(number)s"),
    "stray-percent": (OVERDOSE, "Danger à 100 %", "a '%' that is not one of the English's"),
    "percent-read-as-conversion": (OVERDOSE, "Danger % de surdose", "('% d'"),
    "bare-conversion": (CALL, "Appelez le %s.", "('%s'"),
    "entity-in-region-text": (LIFELINE, "988 Ligne &amp; crise", "prints as written here"),
}


@pytest.mark.parametrize("case", MARKUP_CASES, ids=list(MARKUP_CASES))
def test_markup_entities_and_conversions_are_refused(project, case):
    start, translation, words = MARKUP_CASES[case]
    _, message = refused(project, start, translation)
    assert words in message, message


def test_an_entity_for_a_bidi_control_in_template_text_is_refused(project):
    _, message = refused(project, OVERDOSE, "Danger &#x202E;de surdose")
    assert "HTML entity &#x202E;" in message and "U+202E (RIGHT-TO-LEFT OVERRIDE)" in message


def _meta_and_style(document: str) -> tuple[list[dict], str]:
    class Reader(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.metas, self.style, self.in_style = [], "", False

        def handle_starttag(self, tag, attrs):
            if tag == "meta":
                self.metas.append(dict(attrs))
            self.in_style = tag == "style"

        def handle_endtag(self, tag):
            self.in_style = False

        def handle_data(self, data):
            if self.in_style:
                self.style += data

    reader = Reader()
    reader.feed(document)
    return reader.metas, reader.style


def render(project, region="us", layout="handout", clinic=None) -> str:
    options = BuildOptions(project=project, clinic=clinic)
    pamphlets, failures = plan([region], [FAKE_LOCALE], options, layouts=[layout])
    assert not failures, [str(f.error) for f in failures]
    catalog = load_catalog(FAKE_LOCALE, project=project)
    return render_html(make_environment(project), pamphlets[0], catalog)


def test_a_quote_in_the_subject_cannot_leave_the_meta_attribute(project):
    path = write_fake_catalog(project=project)
    attack = 'Ce qu\'est le sevrage " name="robots" http-equiv="refresh'
    edit_entry(path, SUBJECT, po(attack))
    metas, _ = _meta_and_style(render(project))
    description = next(m for m in metas if m.get("content", "").startswith("Ce qu"))
    assert description == {"name": "description", "content": attack}


def test_the_title_is_quoted_safely_in_the_stylesheet(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, TITLE, po('Sevrage « sûr » "\\ fin'))
    _, style = _meta_and_style(render(project))
    assert 'content: "Sevrage « sûr » \\22 \\5c  fin"' in style
    assert css_string("&lt;/style&gt;") == '"\\3c /style\\3e "'


# --- through the command line: exit 1, FAILED naming file:line, no PDF ---------------

CLI_CASES = {
    "rlo-around-988": (LIFELINE, "\u202e988\u202c Ligne de crise", "U+202E"),
    "zwsp-in-number": (WORST_DAYS, "<strong>Pires jours :</strong> jours 1\u200b3.", "U+200B"),
    "blank-overdose-line": (OVERDOSE, "\u200b", "prints as blank"),
    "reordered-tags": (WORST_DAYS, "</strong>Pires jours :<strong> jours 1 à 3.",
                       "HTML tags are in a different order"),
}


@pytest.mark.parametrize("case", CLI_CASES, ids=list(CLI_CASES))
def test_the_command_line_refuses_the_language_and_writes_no_pdf(project, tmp_path, case):
    start, translation, words = CLI_CASES[case]
    path = write_fake_catalog(project=project)
    line = edit_entry(path, start, po(translation))
    out = tmp_path / "out"
    code, output = run("--region", "us", "--locale", FAKE_LOCALE, "--layout", "handout",
                       "--out", str(out), "--jobs", "1", project=project)
    assert code == 1, output
    assert f"FAILED us-{FAKE_LOCALE}-handout" in output, output
    assert f"locales/{FAKE_LOCALE}/LC_MESSAGES/guide.po:{line}: " in output, output
    assert words in output, output
    assert_no_raw_invisible(output)
    assert not list(out.rglob("*.pdf"))


# --- free text: clinic, review.toml, region text and keywords ------------------------

@pytest.fixture
def clinic_file(tmp_path) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    return folder / "clinic.toml"


NOTE = 'en = "You can walk in without an appointment on weekday mornings."'
DISGUISED_NUMBERS = {
    "nbsp": "0800\\u00a0111\\u00a0222",
    "narrow-nbsp": "0800\\u202f111\\u202f222",
    "zwsp": "0800\\u200b111\\u200b222",
    "single-digits": "0 8 0 0 1 1 1 2 2 2",
    "dots-and-brackets": "(0800) 111.222",
    "slashes-and-dashes": "0800/111–222",
    "fullwidth": "０８００ １１１ ２２２",
    "arabic-indic": "٠٨٠٠ ١١١ ٢٢٢",
    "circled": "⓪⑧⓪⓪ ①①① ②②②",
    "short-groups": "08 00 11 12 22",
}


@pytest.mark.parametrize("case", DISGUISED_NUMBERS, ids=list(DISGUISED_NUMBERS))
def test_a_disguised_number_in_a_clinic_note_is_refused(clinic_file, case):
    replace_in(clinic_file, NOTE, f'en = "Walk in, or call {DISGUISED_NUMBERS[case]}."')
    with pytest.raises(ClinicError) as error:
        load_clinic(clinic_file)
    assert "notes.en: contains the number '" in str(error.value), str(error.value)
    assert_no_raw_invisible(str(error.value))


def test_the_clinics_own_number_may_be_repeated_in_its_note(clinic_file):
    replace_in(clinic_file, NOTE, 'en = "Call 0117\\u00a0496\\u00a00123 to book."')
    assert load_clinic(clinic_file).note_for("en").startswith("Call 0117")


@pytest.mark.parametrize("old, new, words", [
    ('"12 Example Street"', '"12 Example Street \\u202e0800 111\\u202c"',
     "address[0]: contains a bidi control character"),
    ('"12 Example Street"', '"12 Example Street", "0800\\u00a0111\\u00a0222"',
     "(top level).address: contains the number '0800<U+00A0>111<U+00A0>222'"),
    ('name = "Example Community Clinic (sample)"', 'name = "\\u200b\\u00ad"',
     "name: prints as blank"),
    ('name = "Example Community Clinic (sample)"', 'name = "Clinic 0117\\u2060496\\u20600124"',
     "name: contains an invisible"),
    (NOTE, 'en = "Walk in \\u2067today\\u2069."', "notes.en: contains a bidi control"),
])
def test_clinic_text_follows_the_text_policy(clinic_file, old, new, words):
    replace_in(clinic_file, old, new)
    with pytest.raises(ClinicError) as error:
        load_clinic(clinic_file)
    assert words in str(error.value), str(error.value)
    assert "clinic.toml" in str(error.value)


REVIEWED = ('status = "draft"\n[[signoff]]\nreviewer = "{}"\ndate = 2026-11-21\n'
            'entries = []\n')


@pytest.mark.parametrize("reviewer, words", [
    ("Clinic Network, call 0800\\u00a0111\\u00a0222",
     "reviewer: contains the number '0800<U+00A0>111<U+00A0>222'"),
    ("Clinic Network \\uff10\\uff18\\uff10\\uff10", "reviewer: contains the number"),
    ("\\u202eNetwork", "reviewer: contains a bidi control character"),
    ("\\u200b", "reviewer: the reviewer's name"),
])
def test_a_reviewer_name_follows_the_text_policy(project, reviewer, words):
    write_fake_catalog(project=project, review=REVIEWED.format(reviewer))
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    assert f"locales/{FAKE_LOCALE}/review.toml" in str(error.value)
    assert words in str(error.value), str(error.value)


@pytest.mark.parametrize("old, new, words", [
    ('keyword = "HOME"', 'keyword = "HO\\u200bME"', "keyword: contains an invisible"),
    ('keyword = "HOME"', 'keyword = "HOME08001112"',
     "keyword: contains the number '08001112'"),
    ('keyword = "HOME"', 'keyword = "HOME 0800"', "keyword: is only for text lines, and must "
                                                  "be a word"),
    ('name = "988 Suicide & Crisis Lifeline"', 'name = "\\u202e988\\u202c Suicide & Crisis '
                                               'Lifeline"', "name: contains a bidi control"),
    ('name = "988 Suicide & Crisis Lifeline"', 'name = "988\\u00a0111 Suicide & Crisis '
                                               'Lifeline"', "name: contains the number "
                                                            "'988<U+00A0>111'"),
])
def test_region_text_and_keywords_follow_the_text_policy(project, old, new, words):
    replace_in(project / "regions" / "us.toml", old, new)
    with pytest.raises(RegionError) as error:
        load_region("us", project=project)
    assert "regions/us.toml" in str(error.value)
    assert words in str(error.value), str(error.value)


def test_the_shipped_text_has_no_character_the_policy_refuses():
    """Every shipped catalog, region and the sample clinic load under the policy; the
    only unusual characters they hold are no-break spaces (fr, vi), which print."""
    from guide.catalogs import available_locales
    from guide.regions import available_regions

    for locale in available_locales():
        load_catalog(locale)
    for code in available_regions():
        load_region(code)
    load_clinic(EXAMPLE_CLINIC)


def test_bidi_controls_on_a_rendered_page_are_only_the_renderers_isolates(project):
    write_fake_catalog(project=project)
    document = render(project)
    found = {c for c in document if c in BIDI_CONTROLS}
    assert found <= {"\u2066", "\u2069"}, found


@pytest.mark.slow
def test_allowed_unusual_text_prints_the_checked_digits_in_order(project, tmp_path):
    """A build, not only a load: a no-break space inside 988 and &nbsp; entities are
    allowed, and the PDF shows 988 and the days 1 to 3 in their order."""
    from tests.pdfcheck import pdf_text, printed_left_to_right

    path = write_fake_catalog(project=project)
    edit_entry(path, LIFELINE, po("98\u00a08 Ligne de crise et suicide"))
    edit_entry(path, WORST_DAYS, po("<strong>Pires jours&nbsp;:</strong> les jours 1&nbsp;à 3."))
    out = tmp_path / "out"
    code, output = run("--region", "us", "--locale", FAKE_LOCALE, "--layout", "handout",
                       "--out", str(out), "--jobs", "1", project=project)
    assert code == 0, output
    pdf = out / "us" / f"us-{FAKE_LOCALE}-handout.pdf"
    text = pdf_text(pdf)
    assert "Pires jours : les jours 1 à 3." in " ".join(text.replace("\u00a0", " ").split())
    assert printed_left_to_right(pdf, "988")
    assert not any(c in BIDI_CONTROLS - {"\u2066", "\u2069"} for c in text)
