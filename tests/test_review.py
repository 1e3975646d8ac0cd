"""Translation review entry by entry: a bilingual proof, sign-offs, and review that expires."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import pypdfium2
import pytest

from guide.catalogs import load_catalog
from guide.errors import CatalogError
from guide.proof import (
    TAG,
    ProofError,
    highlighted,
    proof_csv,
    proof_entries,
    record,
    write_proof,
)
from guide.regions import load_region
from tests.cli import run
from tests.files import replace_in
from tests.pdfcheck import (
    POINTS,
    comparable,
    embedded_fonts,
    page_sizes,
    pdf_text,
    shipped_font_names,
)

REVIEWER = "Dr Ana Ruiz, clinical pharmacist, Example Health"
TODAY = dt.date(2026, 12, 1)


def sheet(project, locale: str, decision: str = "ok") -> list[list[str]]:
    entries = proof_entries(load_catalog(locale, project=project), project)
    rows = list(csv.reader(io.StringIO(proof_csv(entries).decode("utf-8-sig"))))
    for row in rows[1:]:
        row[4] = decision
    return rows


def write_sheet(path, rows):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def sign(project, tmp_path, locale: str, rows=None) -> str:
    out = io.StringIO()
    code = record(write_sheet(tmp_path / f"{locale}.csv", rows or sheet(project, locale)),
                  locale, REVIEWER, TODAY, True, out, project)
    assert code == 0, out.getvalue()
    return out.getvalue()


def render(project, region: str, locale: str) -> str:
    from guide.pamphlet import Pamphlet
    from guide.render import make_environment, pamphlet_review, render_html

    spec = load_region(region, project)
    pamphlet = Pamphlet(spec, locale, spec.paper, project=project,
                        variant=spec.variant_of(locale))
    catalog = load_catalog(pamphlet.catalog_locale, project=project)
    env = make_environment(project)
    return render_html(env, pamphlet, catalog, review=pamphlet_review(env, pamphlet, catalog))


def words_on_page(sentence: str, text: str) -> bool:
    """Every word is printed. A right-to-left cell that wraps comes back from the PDF
    line by line, interleaved with the English cell beside it, so order is not checked;
    and PDFium cannot give back some Arabic words with a shadda (a mark over a doubled
    letter) in order, so those are not required to be found."""
    page = comparable(text)
    return all(comparable(word) in page or _marked_arabic(word)
               for word in TAG.sub(" ", sentence).split())


def _marked_arabic(word: str) -> bool:
    """An Arabic word with vowel marks or a tatweel: PDFium returns those out of order."""
    return any(unicodedata.category(c) == "Mn" or c == "\u0640" for c in word)


def test_highlighting_marks_numbers_and_placeholders_and_shows_tags():
    marked = str(highlighted("Call %(number)s within 2 to 3 minutes. <strong>Now</strong>"))
    assert "<mark>%(number)s</mark>" in marked
    assert "<mark>2</mark>" in marked and "<mark>3</mark>" in marked
    assert '<span class="tag">&lt;strong&gt;</span>Now' in marked


@pytest.mark.slow
@pytest.mark.parametrize("locale, region", [("es", "us"), ("ar", "de")])
def test_the_proof_has_every_entry_in_both_columns(project, tmp_path, locale, region):
    pdf, sheet_csv = write_proof(locale, region, tmp_path, False, project)
    entries = proof_entries(load_catalog(locale, project=project), project)
    rows = list(csv.reader(io.StringIO(sheet_csv.read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == len(entries) > 200
    document = pypdfium2.PdfDocument(str(pdf))
    text = pdf_text(pdf)
    missing = [e.number for e in entries
               if not (words_on_page(e.english, text) and words_on_page(e.translation, text))]
    assert missing == []
    paper = POINTS[load_region(region, project).paper]
    assert all(abs(w - paper[0]) < 1 and abs(h - paper[1]) < 1 for w, h in page_sizes(pdf))
    fonts = embedded_fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts)
    assert {f["postscript"] for f in fonts} <= shipped_font_names()
    assert len(document) > 10  # the entries, then the pamphlet's own pages


@pytest.mark.slow
def test_an_arabic_proof_sets_the_translation_right_to_left(project, tmp_path, monkeypatch):
    import guide.proof as proof

    seen = {}
    monkeypatch.setattr(proof, "_pamphlet_pages", lambda *args: b"")
    monkeypatch.setattr(proof, "_joined", lambda *pdfs: pdfs[0])
    original = proof._environment

    def spy(project):
        env = original(project)
        template = env.get_template("proof.html")

        class Spy:
            def render(self, **context):
                seen["html"] = template.render(**context)
                return seen["html"]

        env.get_template = lambda name: Spy()
        return env

    monkeypatch.setattr(proof, "_environment", spy)
    write_proof("ar", "de", tmp_path, False, project)
    html = seen["html"]
    assert html.count('<td class="translation" lang="ar" dir="rtl">') > 200
    assert "<mark>" in html


def test_signing_every_entry_turns_a_draft_into_a_reviewed_translation(project, tmp_path):
    assert load_catalog("es", project=project).review.status == "draft"
    output = sign(project, tmp_path, "es")
    assert "entries signed by Dr Ana Ruiz" in output
    review = load_catalog("es", project=project).review
    assert review.status == "reviewed" and review.reviewer == REVIEWER
    html = render(project, "us", "es")
    assert 'id="draft-notice"' not in html and REVIEWER in html
    assert "reviewed by Dr Ana Ruiz" in html  # the PDF's metadata
    code, listing = run("--list", project=project)
    assert f"reviewed by {REVIEWER}" in listing


def test_an_english_change_drops_that_entry_back_to_unreviewed(project, tmp_path):
    sign(project, tmp_path, "es")
    replace_in(project.pot, 'msgid "Fever"', 'msgid "A fever"')  # as `make extract` would
    replace_in(project.language_files("es").catalog, 'msgid "Fever"', 'msgid "A fever"')
    replace_in(project / "templates" / "sections" / "signs.html", "{% trans %}Fever{%",
               "{% trans %}A fever{%")
    new = "A fever"
    catalog = load_catalog("es", project=project)
    assert catalog.review.status == "partly"
    assert catalog.review.signed == catalog.review.total - 1
    html = render(project, "us", "es")
    assert 'id="partly-reviewed-notice"' in html and REVIEWER not in html
    code, listing = run("--list", project=project)
    assert "1 to review again" in listing
    changed = [e for e in proof_entries(catalog, project) if e.state != "signed"]
    assert [e.english for e in changed] == [new]


def test_a_translators_edit_expires_its_sign_off(project, tmp_path):
    sign(project, tmp_path, "es")
    catalog = project.language_files("es").catalog
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "Fiebre"' in text
    replace_in(catalog, 'msgstr "Fiebre"', 'msgstr "Fiebre alta"', 1)
    review = load_catalog("es", project=project).review
    assert review.status == "partly" and review.signed == review.total - 1


def test_a_variants_proof_has_only_its_own_entries(project):
    catalog = load_catalog("fr_CA", project=project)
    entries = proof_entries(catalog, project)
    assert len(entries) == catalog.overrides and all("surdose" in e.translation
                                                      or "texto" in e.translation
                                                      or "cellulaire" in e.translation
                                                      or "Texto" in e.translation
                                                      for e in entries)


@pytest.mark.parametrize("damage, message", [
    (lambda rows: rows.__setitem__(0, ["number", "english"]), "not a proof sheet"),
    (lambda rows: rows[3].__setitem__(2, rows[3][2] + " (edited)"), "column was edited"),
    (lambda rows: rows[3].__setitem__(1, "0" * 16 + ":" + "0" * 16), "has changed since"),
    (lambda rows: rows[3].__setitem__(4, "yes!"), "decision must be ok, fix or empty"),
    (lambda rows: rows[3].append("extra"), "has 7 cells"),
])
def test_a_malformed_or_foreign_sheet_changes_nothing(project, tmp_path, damage, message):
    rows = sheet(project, "es")
    damage(rows)
    review = project.language_files("es").review
    before = review.read_bytes()
    with pytest.raises(ProofError, match=message):
        record(write_sheet(tmp_path / "es.csv", rows), "es", REVIEWER, TODAY, True,
               io.StringIO(), project)
    assert review.read_bytes() == before


def test_a_sheet_that_is_not_utf8_or_too_large_is_refused(project, tmp_path):
    review = project.language_files("es").review
    before = review.read_bytes()
    latin = tmp_path / "latin.csv"
    latin.write_bytes("entry,key,english\n1,x,Ni\xf1o\n".encode("latin-1"))
    with pytest.raises(ProofError, match="not a CSV file in UTF-8"):
        record(latin, "es", REVIEWER, TODAY, True, io.StringIO(), project)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(ProofError, match="too large"):
        record(big, "es", REVIEWER, TODAY, True, io.StringIO(), project)
    assert review.read_bytes() == before


@pytest.mark.parametrize("name", ["", "Call 0800 123 456", "<b>Dr X</b>", "x" * 200])
def test_a_reviewer_name_must_be_plain_words(project, tmp_path, name):
    with pytest.raises(ProofError, match="--reviewer"):
        record(write_sheet(tmp_path / "es.csv", sheet(project, "es")), "es", name, TODAY,
               True, io.StringIO(), project)


def test_without_yes_nothing_is_written(project, tmp_path):
    review = project.language_files("es").review
    before = review.read_bytes()
    out = io.StringIO()
    record(write_sheet(tmp_path / "es.csv", sheet(project, "es")), "es", REVIEWER, TODAY,
           False, out, project)
    assert "Nothing was written" in out.getvalue() and review.read_bytes() == before


@pytest.mark.parametrize("text, message", [
    ('status = "reviewed"\nreviewer = "X"\ndate = 2026-10-02\n', "entry by entry"),
    ('status = "draft"\n[[signoff]]\nreviewer = "X"\ndate = 2099-01-01\nentries = []\n',
     "not in the future"),
    ('status = "draft"\n[[signoff]]\nreviewer = "X"\ndate = 2026-10-02\nentries = ["a:b"]\n',
     "key:hash"),
])
def test_a_hand_edited_review_file_is_checked(project, text, message):
    project.language_files("es").review.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_catalog("es", project=project)


@pytest.mark.slow
def test_the_proof_command_writes_pdf_and_csv(project, tmp_path):
    code, output = run("proof", "--locale", "fr_CA", "--region", "ca", "--changed",
                       "--out", str(tmp_path), project=project)
    assert code == 0, output
    assert (tmp_path / "proof-fr_CA.pdf").is_file() and (tmp_path / "proof-fr_CA.csv").is_file()
