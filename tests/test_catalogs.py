"""Catalogs: a language prints only when every string is there and sound."""

from __future__ import annotations

import pytest

from guide.catalogs import available_locales, load_catalog
from guide.errors import CatalogError
from guide.paths import SOURCE_LOCALE
from tests.fake_catalog import (
    FAKE_LOCALE,
    edit_entry,
    sign_everything,
    write_fake_catalog,
)
from tests.files import replace_in


def test_the_fake_catalog_loads_and_translates(project):
    write_fake_catalog(project=project)
    catalog = load_catalog(FAKE_LOCALE, project=project)
    assert catalog.translations.gettext("Emergency") == "«Emergency»"
    assert catalog.review.is_draft and not catalog.incomplete


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_shipped_catalogs_are_complete_and_marked_draft(locale):
    catalog = load_catalog(locale)
    assert not catalog.incomplete
    assert catalog.review.is_draft  # written by us: not yet reviewed (see review.toml)


def test_a_missing_catalog_fails_and_says_how_to_start_one(project):
    with pytest.raises(CatalogError) as error:
        load_catalog("it", project=project)
    assert "locales/it/LC_MESSAGES/guide.po" in str(error.value)
    assert "pybabel init" in str(error.value)


def test_an_untranslated_entry_fails_with_file_and_line(project):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "Emergency", 'msgstr ""')
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    expected = f'locales/fr/LC_MESSAGES/guide.po:{line}: not translated: "Emergency"'
    assert expected in str(error.value)


def test_an_entry_missing_from_the_catalog_fails(project):
    replace_in(write_fake_catalog(project=project), 'msgid "Fever"\nmsgstr "«Fever»"\n', "")
    with pytest.raises(CatalogError, match=r'no entry for "Fever"'):
        load_catalog(FAKE_LOCALE, project=project)


def test_a_fuzzy_entry_fails(project):
    replace_in(write_fake_catalog(project=project), 'msgid "Fever"', '#, fuzzy\nmsgid "Fever"')
    with pytest.raises(CatalogError, match=r"guide\.po:\d+: marked fuzzy .*\"Fever\""):
        load_catalog(FAKE_LOCALE, project=project)


def test_a_catalog_marked_fuzzy_in_its_header_fails(project):
    replace_in(write_fake_catalog(project=project), 'msgid ""\nmsgstr ""',
               '#, fuzzy\nmsgid ""\nmsgstr ""', 1)
    with pytest.raises(CatalogError, match=r"guide\.po:1: the whole catalog is marked fuzzy"):
        load_catalog(FAKE_LOCALE, project=project)


def test_a_renamed_placeholder_fails_naming_both(project):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "Call %(number)s.", 'msgstr "Appelez le %(numero)s."')
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    message = str(error.value)
    assert f"guide.po:{line}: placeholders differ" in message
    assert "%(number)s" in message and "%(numero)s" in message


def test_a_dropped_html_tag_fails(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, "<strong>This is the most important",
               'msgstr "C\'est la partie la plus importante."')
    with pytest.raises(CatalogError, match=r"HTML tags differ .* <strong>"):
        load_catalog(FAKE_LOCALE, project=project)


def test_an_added_html_tag_fails(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, "Fever", 'msgstr "<img src=\\"x.png\\">Fièvre"')
    with pytest.raises(CatalogError, match=r"HTML tags differ"):
        load_catalog(FAKE_LOCALE, project=project)


@pytest.mark.parametrize("broken, words", [
    ('msgstr "Fièvre', "not valid .po syntax"),
    ("msgstr Fièvre", "not valid .po syntax"),
    ('msgstr "Fièvre"\nthis line is not gettext', "not valid .po syntax"),
])
def test_a_broken_po_file_fails_with_its_line(project, broken, words):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "Fever", broken)
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    assert f"locales/fr/LC_MESSAGES/guide.po:{line + 1 + ('not gettext' in broken)}: {words}" \
        in str(error.value)


def test_a_duplicate_entry_fails(project):
    path = write_fake_catalog(project=project)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('\nmsgid "Fever"\nmsgstr "Autre"\n')
    with pytest.raises(CatalogError, match=r'duplicate entry for "Fever" \(first at line \d+\)'):
        load_catalog(FAKE_LOCALE, project=project)


def test_a_catalog_that_is_not_utf8_fails(project):
    path = write_fake_catalog(project=project)
    path.write_bytes(path.read_bytes().replace("Fièvre".encode(), b"Fi\xe8vre")
                     + b'\nmsgid "x"\nmsgstr "\xe9"\n')
    with pytest.raises(CatalogError, match=r"guide\.po:\d+: not UTF-8"):
        load_catalog(FAKE_LOCALE, project=project)


def test_wrong_plural_count_for_the_language_fails(project):
    path = write_fake_catalog("ar", project=project)
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\\n\"", start) + 3
    path.write_text(text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
                    + text[end:], encoding="utf-8")
    with pytest.raises(CatalogError, match=r"nplurals=2, but Arabic has 6"):
        load_catalog("ar", project=project)


def test_allow_incomplete_falls_back_to_english_and_says_so(project):
    path = write_fake_catalog(project=project)
    edit_entry(path, "Fever", 'msgstr ""')
    catalog = load_catalog(FAKE_LOCALE, allow_incomplete=True, project=project)
    assert catalog.incomplete
    assert catalog.translations.gettext("Fever") == "Fever"


def test_text_missing_from_the_pot_is_an_error_even_in_english(project):
    catalog = load_catalog(SOURCE_LOCALE, project=project)
    assert catalog.translations.gettext("Fever") == "Fever"
    with pytest.raises(CatalogError, match=r"not in the catalog template; run `make extract`"):
        catalog.translations.gettext("A sentence nobody extracted")


def test_a_whole_language_review_is_refused_it_could_not_expire(project):
    write_fake_catalog(review='status = "reviewed"\nreviewer = "X"\ndate = 2026-10-02\n',
                       project=project)
    with pytest.raises(CatalogError, match=r"(?s)review\.toml:.*recorded entry by entry"):
        load_catalog(FAKE_LOCALE, project=project)


def test_a_reviewed_catalog_carries_reviewer_and_date(project):
    write_fake_catalog(project=project)
    sign_everything(FAKE_LOCALE, "Clinique X", "2026-10-02", project=project)
    review = load_catalog(FAKE_LOCALE, project=project).review
    assert not review.is_draft and review.reviewer == "Clinique X"
    assert review.date_text == "octobre 2026"


def test_available_locales_lists_source_and_catalogs():
    assert {"en", "es", "ar"} <= set(available_locales())
