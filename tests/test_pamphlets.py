"""End to end: every region in each of its languages, checked on the printed PDF."""

from __future__ import annotations

import re

import pytest

from guide.catalogs import load_catalog, read_template
from guide.paths import PROJECT
from guide.pdf import document_identifier
from guide.regions import load_all_regions
from tests.conftest import default_pamphlets
from tests.pdfcheck import (
    POINTS,
    catalog_lang,
    contains_number,
    document_id,
    embedded_fonts,
    metadata,
    on_page,
    page_sizes,
    pdf_text,
    printed_left_to_right,
    shipped_font_names,
)

PAMPHLETS = [p.name for p in default_pamphlets()]
TITLE = "Getting through opioid withdrawal safely"
MIN_PAGES, MAX_PAGES = 4, 10  # second edition: about 40% more text than the first
pytestmark = pytest.mark.slow


def pamphlet(name):
    return next(p for p in default_pamphlets() if p.name == name)


@pytest.fixture(params=PAMPHLETS)
def result(request, built):
    outcome = built[request.param]
    assert outcome.ok, f"{request.param} failed: {outcome.error}"
    return pamphlet(request.param), outcome.path


def test_default_build_covers_every_region_and_language():
    regions = load_all_regions()
    assert len(PAMPHLETS) == sum(len(r.languages) for r in regions.values())
    assert {"us-en-handout", "us-es-handout", "us-ar-handout", "mx-es-handout",
            "au-ar-handout", "ca-on-en-handout"} <= set(PAMPHLETS)


def test_pages_match_the_regions_paper(result):
    spec, path = result
    width, height = POINTS[spec.region.paper]
    sizes = page_sizes(path)
    assert MIN_PAGES <= len(sizes) <= MAX_PAGES, len(sizes)
    assert all(abs(w - width) < 1 and abs(h - height) < 1 for w, h in sizes), sizes[0]


def test_every_helpline_and_the_emergency_number_is_printed_in_dialling_order(result):
    spec, path = result
    for number in spec.region.all_numbers:
        assert printed_left_to_right(path, number.digits), (
            f"{number.display} is missing from {path.name}, or printed out of order")


def test_no_markup_is_printed_as_text(result):
    _, path = result
    text = pdf_text(path)
    for leftover in ("<span", "</", "class=", "&lt;", "&amp;", "{{", "%("):
        assert leftover not in text, f"{path.name} prints {leftover!r}"


def test_no_number_that_belongs_only_to_another_region(result):
    spec, path = result
    text = pdf_text(path)
    own = {n.digits for n in spec.region.all_numbers}
    for other in load_all_regions().values():
        for number in other.all_numbers:
            if number.digits not in own and len(number.digits) >= 4:
                assert not contains_number(text, number.digits), (
                    f"{path.name} prints {number.display}, a number of {other.code}")


def test_the_pamphlet_is_in_its_language(result):
    spec, path = result
    text = pdf_text(path)
    title = load_catalog(spec.locale).translations.gettext(TITLE)
    assert on_page(title, text)
    if spec.locale != "en":
        assert title != TITLE
        assert not on_page(TITLE, text)
        assert not on_page("Overdose danger after withdrawal", text)


def test_draft_translations_say_so_on_the_page(result):
    spec, path = result
    # The pamphlet's language as its region prints it: US English is the en_US variant,
    # a draft until a US health professional signs its entries.
    catalog = load_catalog(spec.variant or spec.locale)
    notice = catalog.translations.gettext("This translation has not yet been checked by a "
                                          "health professional who speaks this language.")
    assert on_page(notice, pdf_text(path)) == catalog.review.is_draft
    assert ("draft" in metadata(path)["/translationstatus"]) == catalog.review.is_draft


def test_metadata_names_title_and_language(result):
    spec, path = result
    assert catalog_lang(path) == spec.catalog_locale.replace("_", "-")
    info = metadata(path)
    assert info["/Title"] == load_catalog(spec.locale).translations.gettext(TITLE)
    assert info["/Subject"] and "/CreationDate" not in info
    assert document_id(path) == document_identifier(spec.name)  # stable across builds


def test_every_font_is_embedded_and_one_of_ours(result):
    _, path = result
    fonts = embedded_fonts(path)
    assert fonts
    for font in fonts:
        assert font["embedded"], f"{font['name']} is not embedded"
        assert font["postscript"] in shipped_font_names(), (
            f"{font['name']} ({font['postscript']}) is not a font from fonts/")


def automatic_hyphenations(path, locale) -> list[str]:
    """Words the renderer split at a line end that the text writes whole."""
    text = pdf_text(path)
    translations = load_catalog(locale).translations
    texts = [translations.gettext(m.id) for m in read_template(PROJECT.pot)
             if isinstance(m.id, str) and m.id and not m.context]
    words = {w.lower() for value in texts for w in re.findall(r"\w+", value)}
    # WeasyPrint breaks with U+2010 HYPHEN; a "-" at a line end may be one.
    return [a + b for a, b in re.findall(r"(\w+)[\u2010-]\r?\n(\w+)", text)
            if (a + b).lower() in words]


@pytest.mark.parametrize("name", ["de-de-handout", "fr-fr-handout"])
def test_hyphenation_is_on_where_the_language_has_a_dictionary(built, name):
    assert automatic_hyphenations(built[name].path, name.split("-")[1])


@pytest.mark.parametrize("name", ["de-ar-handout", "in-hi-handout", "us-zh_Hans-handout"])
def test_no_hyphenation_in_scripts_where_it_would_be_wrong(built, name):
    locale = name.split("-")[1]
    assert not automatic_hyphenations(built[name].path, locale)
    assert "hyphens: manual" in (PROJECT.templates / "print.css").read_text()
