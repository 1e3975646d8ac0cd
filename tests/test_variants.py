"""Language variants: each region's own variety of a language, from a small catalog."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po, write_po

from guide.catalogs import load_catalog
from guide.errors import CatalogError, RegionError
from guide.regions import load_region
from tests.cli import run
from tests.files import replace_in
from tests.pdfcheck import pdf_text

# Spellings and terms that differ (word stems; matched as whole words, any case).
BRITISH = ["centre", "centres", "counselling", "counsellor", "counsellors", "behavioural",
           "colour", "programme", "grey", "diarrhoea", "paracetamol", "A&E"]
AMERICAN = ["center", "centers", "counseling", "counselor", "counselors", "behavioral",
            "color", "program", "gray", "diarrhea", "acetaminophen", "emergency room"]


def words_found(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]


@pytest.mark.slow
def test_the_us_edition_is_in_us_english_and_the_gb_edition_in_british(built):
    us, gb = pdf_text(built["us-en-handout"].path), pdf_text(built["gb-en-handout"].path)
    assert words_found(us, BRITISH) == []
    assert words_found(gb, AMERICAN) == []
    assert "gray" in us and "diarrhea" in us  # the variant's own entries print
    assert "grey" in gb and "diarrhoea" in gb


@pytest.mark.slow
def test_canadian_french_says_surdose(built):
    text = pdf_text(built["ca-fr-handout"].path)
    assert "surdose" in text
    # Only the service's own English name (National Overdose Response Service) may keep it.
    assert not re.search(r"\boverdoses?\b", text)
    assert "overdose" in pdf_text(built["fr-fr-handout"].path)  # France keeps its word


def write_variant(project, code: str, overrides: dict[str, str]):
    """A variant catalog as `pybabel init` makes it, with only `overrides` translated."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "init", "-i",
                    str(project.pot), "-d", str(project.locales), "-D", "guide", "-l", code],
                   check=True, capture_output=True)
    path = project.language_files(code).catalog
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    for msgid, text in overrides.items():
        catalog[msgid].string = text
    with path.open("wb") as fh:
        write_po(fh, catalog)
    return path


@pytest.mark.slow
def test_a_variant_prints_its_entry_and_its_languages_text_for_the_rest(project, tmp_path):
    write_variant(project, "fr_BE", {"Emergency": "Urgence (Belgique)"})
    (project / "locales" / "fr_BE" / "review.toml").write_text('status = "draft"\n')
    code, output = run("--region", "fr", "--locale", "fr_BE", "--out", str(tmp_path),
                       project=project)
    assert code == 0, output
    text = pdf_text(tmp_path / "fr" / "fr-fr_BE-handout.pdf")
    assert "Urgence (Belgique)" in text
    assert "Traverser le sevrage" in text or "sevrage" in text  # the parent's French
    assert "Getting through opioid withdrawal" not in text  # never English


def test_an_empty_variant_entry_means_the_parent_never_english(project):
    write_variant(project, "fr_BE", {})
    (project / "locales" / "fr_BE" / "review.toml").write_text('status = "draft"\n')
    catalog = load_catalog("fr_BE", project=project)
    french = load_catalog("fr", project=project)
    assert catalog.translations.gettext("Emergency") == french.translations.gettext("Emergency")
    assert catalog.overrides == 0 and not catalog.incomplete


def test_a_variant_of_an_incomplete_language_fails_as_the_language_does(project):
    write_variant(project, "fr_BE", {})
    replace_in(project.language_files("fr").catalog, 'msgid "Fever"\nmsgstr "Fièvre"',
               'msgid "Fever"\nmsgstr ""')
    with pytest.raises(CatalogError, match=r"locales/fr/LC_MESSAGES/guide\.po:\d+: not "
                                           r"translated: \"Fever\""):
        load_catalog("fr_BE", project=project)


@pytest.mark.slow
def test_a_variant_entry_left_fuzzy_by_make_update_stops_the_build(project, tmp_path):
    """The English changes; `pybabel update` marks the variant's entry fuzzy; it must not print."""
    old, new = "Blue or grey lips or fingertips", "Blue or grey lips or grey fingertips"
    for path in (project / "templates").rglob("*.html"):
        if old in path.read_text():
            replace_in(path, old, new)
    replace_in(project.pot, old, new)  # as `make extract` writes it
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "update", "-i",
                    str(project.pot), "-d", str(project.locales), "-D", "guide", "-l", "en_US"],
                   check=True, capture_output=True)  # as `make update` runs it
    us = project.language_files("en_US").catalog
    assert "#, fuzzy" in us.read_text() and new in us.read_text()
    code, output = run("--region", "us", "--locale", "en", "--out", str(tmp_path),
                       project=project)
    assert code == 1
    assert re.search(r"locales/en_US/LC_MESSAGES/guide\.po:\d+: marked fuzzy", output)
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_fuzzy_variant_entry_fails_naming_file_and_line(project, tmp_path):
    us = project.language_files("en_US").catalog
    replace_in(us, 'msgid "Blue or grey lips or fingertips"',
               '#, fuzzy\nmsgid "Blue or grey lips or fingertips"', 1)
    code, output = run("--region", "us", "--locale", "en", "--out", str(tmp_path),
                       project=project)
    assert code == 1
    assert re.search(r"locales/en_US/LC_MESSAGES/guide\.po:\d+: marked fuzzy .*Blue or grey",
                     output)
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_region_names_only_variants_that_exist(project):
    replace_in(project / "regions" / "mx.toml", 'variants = { es = "es_MX" }',
               'variants = { es = "es_AR" }')
    with pytest.raises(RegionError, match=r"(?s)regions/mx\.toml.*variants\.es: there is no "
                                          r"catalog for the variant 'es_AR'"):
        load_region("mx", project)
    replace_in(project / "regions" / "mx.toml", '"es_AR"', '"fr_CA"')
    with pytest.raises(RegionError, match=r"variants\.es: must be a variant of 'es'"):
        load_region("mx", project)


def test_regions_choose_their_variants():
    assert load_region("us").variant_of("en") == "en_US"
    assert load_region("ca-on").variant_of("fr") == "fr_CA"  # inherited from ca
    assert load_region("mx").variant_of("es") == "es_MX"
    assert load_region("es").variant_of("es") == "es_ES"
    assert load_region("gb").variant_of("en") is None  # the Commonwealth source itself


def test_list_shows_variants_under_their_language():
    code, output = run("--list")
    assert code == 0
    lines = output.splitlines()
    lines = lines[lines.index("Languages"):]
    french = next(i for i, row in enumerate(lines) if row.startswith("  fr "))
    assert lines[french + 1].startswith("    fr_CA") and "of its own" in lines[french + 1]
    assert "draft, not reviewed" in lines[french + 1]


@pytest.mark.slow
def test_a_new_language_without_a_review_file_previews_as_a_draft(project, tmp_path):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "init", "-i",
                    str(project.pot), "-d", str(project.locales), "-D", "guide", "-l", "it"],
                   check=True, capture_output=True)
    code, output = run("--region", "gb", "--locale", "it", "--allow-incomplete",
                       "--out", str(tmp_path), project=project)
    assert code == 0, output
    assert "locales/it/review.toml: missing, so this translation counts as a draft" in output
    text = pdf_text(tmp_path / "gb" / "gb-it-handout.pdf")
    assert "not yet been checked by a health professional" in text  # the draft notice
    code, output = run("--region", "gb", "--locale", "it", "--allow-incomplete", "--strict",
                       "--out", str(tmp_path / "strict"), project=project)
    assert code == 1 and "review.toml: missing" in output and "(--strict)" in output
