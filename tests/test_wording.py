"""Checks on the words: numbers match the English, no stigmatising labels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural

from guide.catalogs import available_locales, load_catalog, source_problems
from guide.errors import CatalogError
from guide.paths import PROJECT, SOURCE_LOCALE
from guide.wording import numbers_in, stigma_terms
from tests.cli import run
from tests.fake_catalog import FAKE_LOCALE, edit_entry, write_fake_catalog
from tests.files import replace_in

REPO = Path(__file__).resolve().parent.parent


def test_numbers_are_compared_by_value_in_any_digits():
    assert numbers_in("6 to 12 hours") == numbers_in("de ٦ a ١٢ horas")  # Arabic-Indic
    assert numbers_in("call %(number)s") == numbers_in("llama al %(number)s")


def test_a_changed_number_in_a_translation_fails_with_its_line(project):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "<strong>Worst days:</strong>",
                      'msgstr "<strong>Pires jours :</strong> en général les jours 1 à 4."')
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    message = str(error.value)
    assert f"guide.po:{line}: numbers differ from the English" in message
    assert "the English has 1, 3, the translation has 1, 4" in message


def test_a_stigmatising_word_in_a_translation_fails(project):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "Listen without judging.",
                      'msgstr "Écoutez sans juger : un toxicomane reste une personne."')
    expected = rf"guide\.po:{line}: stigmatising word\(s\) 'toxicomane'"
    with pytest.raises(CatalogError, match=expected):
        load_catalog(FAKE_LOCALE, project=project)


@pytest.mark.parametrize("language, text, term", [
    ("en", "Never call someone an addict.", "addict"),
    ("en", "Her test came back dirty.", "dirty"),
    ("es", "El drogadicto", "drogadicto"),
    ("ar", "المدمنين", "مدمن"),
    ("zh_Hans", "瘾君子", "瘾君子"),
    ("uk", "наркоманів", "наркоман"),
    ("pl", "Ćpun", "ćpun"),
])
def test_stigma_terms_are_found_in_each_language(language, text, term):
    assert term in stigma_terms(language, text)


def test_person_first_wording_passes():
    assert not stigma_terms("en", "A person who uses drugs is in recovery.")
    assert not stigma_terms("es", "Una persona que consume drogas.")


def test_the_english_source_has_no_stigmatising_words():
    assert source_problems() == []


def test_a_stigmatising_word_in_the_english_source_is_reported():
    catalog = Catalog(locale="en")
    catalog.add("Talk to an addict kindly.", locations=[("templates/x.html", 3)])
    catalog.add("Substance Abuse Helpline", auto_comments=["Helpline name (za/x)"])
    problems = source_problems(template=catalog)
    assert len(problems) == 1 and "'addict'" in problems[0]  # a service's own name is kept


@pytest.mark.parametrize("locale", [c for c in available_locales() if c != SOURCE_LOCALE])
def test_each_catalog_has_its_languages_plural_forms(locale):
    catalog = load_catalog(locale)
    assert catalog.translations.plural is not None
    with catalog_path_open(locale) as text:
        assert f"nplurals={get_plural(locale).num_plurals};" in text


def test_arabic_has_six_plural_forms():
    assert get_plural("ar").num_plurals == 6
    load_catalog("ar")  # would fail if its header said otherwise


class catalog_path_open:
    def __init__(self, locale):
        self.path = PROJECT.locales / locale / "LC_MESSAGES" / "guide.po"

    def __enter__(self):
        return self.path.read_text(encoding="utf-8").replace('"\n"', "")

    def __exit__(self, *exc):
        return False


@pytest.mark.slow
def test_changed_english_makes_pybabel_mark_fuzzy_and_the_build_refuses(project, tmp_path):
    """The translator's round trip: edit English, extract, update, rebuild."""
    (project / "babel.cfg").write_text((REPO / "babel.cfg").read_text())
    replace_in(project / "templates" / "sections" / "family.html",
               "Listen without judging.", "Listen to them without judging.")
    for command in (["extract", "-F", "babel.cfg", "-o", "locales/guide.pot", "."],
                    ["update", "-i", "locales/guide.pot", "-d", "locales", "-D", "guide",
                     "-l", "es"]):
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", *command],
                       cwd=project, check=True, capture_output=True)
    code, output = run("--region", "mx", "--out", str(tmp_path), project=project)
    assert code == 1
    assert "marked fuzzy (the English changed since it was translated)" in output
    assert "Listen to them without judging" in output
    assert not list(tmp_path.rglob("*.pdf"))
    code, output = run("--region", "mx", "--allow-incomplete", "--out", str(tmp_path), project=project)
    assert code == 0 and "INCOMPLETE" in output


def test_the_english_source_reads_at_grade_eight_or_below():
    from guide.readability import fernandez_huerta, flesch_kincaid_grade
    from guide.status import template_text

    level = flesch_kincaid_grade(template_text("en"))
    assert level.words > 800 and level.score <= 8, level.describe()
    assert fernandez_huerta(template_text("es")).score >= 60  # "normal" or easier


def test_reading_level_tells_hard_text_from_plain():
    from guide.readability import flesch_kincaid_grade

    plain = flesch_kincaid_grade(["Sip water often. Rest. Ask for help."])
    dense = flesch_kincaid_grade(["Pharmacological interventions substantially ameliorate "
                                  "physiological manifestations of opioid discontinuation."])
    assert plain.score < 4 < 12 < dense.score
