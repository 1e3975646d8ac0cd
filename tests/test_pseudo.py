"""The pseudo-locale: every visible string goes through the catalog, and long text fits."""

from __future__ import annotations

import re

import pytest

from guide.build import BuildOptions, build, plan
from guide.regions import load_region
from tests.pdfcheck import pdf_text, printed_left_to_right
from tests.pseudo import PSEUDO, pseudo, unbracketed, write_pseudo_catalog

pytestmark = pytest.mark.slow


def test_pseudo_strings_keep_placeholders_and_tags():
    assert pseudo("Call %(number)s <strong>now</strong>.").startswith(
        "[Càll %(number)s <strong>ñöw</strong>.")


@pytest.mark.parametrize("region", ["us", "ie", "de", "za"])
def test_every_visible_string_goes_through_the_catalog_and_long_text_fits(project, region):
    write_pseudo_catalog(project=project)
    options = BuildOptions(out_dir=project / "out", project=project)
    pamphlets, _ = plan([region], [PSEUDO], options)
    (outcome,) = build(pamphlets, options)
    assert outcome.ok, outcome.error  # no missing glyph, no WeasyPrint warning
    assert 4 <= outcome.pages <= 9, outcome.pages
    text = pdf_text(outcome.path)
    # Without spaces and line breaks, so that an address wrapped over two lines
    # is still found and removed: addresses and text keywords are data.
    leftover = "".join(unbracketed(text).split())
    spec = load_region(region, project=project)
    for line in spec.helplines:
        for token in filter(None, (line.url, line.keyword)):
            leftover = leftover.replace(re.sub(r"^https?://(www\.)?", "", token).rstrip("/"), "|")
    # "112 or 999": the word comes from Babel's CLDR list pattern of the
    # language the pseudo-locale formats as (English), not from our text.
    leftover = re.sub(r"(?<=\d)or(?=\d)", "|", leftover)
    words = re.findall(r"[A-Za-z]{2,}", leftover)
    assert not words, f"printed without going through the catalog: {sorted(set(words))[:20]}"
    for number in spec.all_numbers:
        assert printed_left_to_right(outcome.path, number.digits), number.display
