"""Second edition (issue 16): the full overdose response, the local drug
supply, the two-sided wallet card, pictures as tagged figures, pages that do
not end early, and the reading level of the English prose.

End-to-end tests read the text of real PDFs built from the shipped data.
"""

from __future__ import annotations

import re

import pytest

from guide.errors import RegionError
from guide.imposition import back_card_positions, card_positions
from guide.regions import load_region
from guide.sheets import CARD, MM, PAPER_POINTS
from tests.cli import run
from tests.pagefill import page_fill

#: The overdose response in its required order (content brief, "Second edition").
STEPS = ["Check if they respond.", "Call 911.", "Give naloxone if you have it.",
         "Help them breathe.", "Once they breathe, turn them on their side.",
         "No change after 2 to 3 minutes? Give another dose.", "Stay with them."]
PICTURES = ["check", "call", "naloxone-spray", "rescue-breaths", "recovery-position",
            "second-dose", "stay", "not-alone", "sip-fluids"]
#: Layouts whose pages flow (the fixed trifold and card are fitted instead).
FLOWING = ("handout", "large-print", "booklet")


def pdf_text(path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return re.sub(r"\s+", " ", " ".join(pages).replace("\u00ad", "").replace("-\r\n", ""))


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.fixture(scope="module")
def us_and_gb(tmp_path_factory):
    """us-en and gb-en in every layout; trifold and card also in reading order (accessible)."""
    out = tmp_path_factory.mktemp("edition2")
    layouts = ["--layout", "handout", "--layout", "large-print", "--layout", "booklet",
               "--layout", "trifold", "--layout", "card"]
    for region in ("us", "gb"):
        code, output = run("--region", region, "--locale", "en", *layouts, "--out", str(out))
        assert code == 0, output
        code, output = run("--region", region, "--locale", "en", *layouts,
                           "--profile", "accessible", "--out", str(out / "accessible"))
        assert code == 0, output
    return out


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["handout", "large-print", "booklet", "trifold", "card"])
def test_every_step_of_the_overdose_response_appears_in_order(us_and_gb, layout):
    # Accessible files keep pages in reading order (the office trifold is imposed).
    path = us_and_gb / "accessible" / "us" / f"us-en-{layout}-accessible.pdf"
    text = pdf_text(path)
    assert in_order(text, [f"{i}. {step}" for i, step in enumerate(STEPS, 1)]) or \
        in_order(text, STEPS), f"{layout}: steps missing or out of order"
    if layout != "card":  # the card has no room for the how-to
        assert "Press the plunger firmly" in text and "30 to 90 minutes" in text


@pytest.mark.slow
def test_each_region_names_its_own_drug_supply(us_and_gb):
    us = pdf_text(us_and_gb / "us" / "us-en-handout.pdf")
    gb = pdf_text(us_and_gb / "gb" / "gb-en-handout.pdf")
    assert "xylazine" in us and "itazene" not in us
    assert "Nitazenes" in gb and "xylazine" not in gb
    # Injection kits are common in the UK: their card has the steps.
    assert "follow the card in the kit" in gb and "follow the card in the kit" not in us


@pytest.mark.slow
def test_a_region_without_drug_supply_data_gives_only_the_fentanyl_warning(tmp_path):
    code, output = run("--region", "au", "--locale", "en", "--out", str(tmp_path))
    assert code == 0, output
    text = pdf_text(tmp_path / "au" / "au-en-handout.pdf")
    assert "may contain fentanyl" in text
    assert "xylazine" not in text and "itazene" not in text


@pytest.mark.slow
def test_the_accessible_pdf_has_one_figure_with_alt_text_per_picture(us_and_gb):
    import pikepdf

    with pikepdf.open(us_and_gb / "accessible" / "us" / "us-en-handout-accessible.pdf") as pdf:
        alts = []

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    walk(node.K)
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(pdf.Root.StructTreeRoot)
    pictures = [a for a in alts if not a.startswith("QR:")]
    assert len(pictures) == len(PICTURES) and all(a.strip() for a in pictures), alts
    assert len(set(pictures)) == len(pictures)


@pytest.mark.slow
def test_the_card_has_the_steps_on_the_front_and_the_numbers_on_the_back(us_and_gb):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(us_and_gb / "accessible" / "us" /
                                         "us-en-card-accessible.pdf"))
    front, back = (page.get_textpage().get_text_range() for page in document)
    assert len(document) == 2
    document.close()
    assert "If someone overdoses" in front and "Stay with them." in front
    assert "911" in back and "988" in back and "Your clinic" in back
    assert "the amount you used before can kill you" in re.sub(r"\s+", " ", back)
    # The office sheet: a sheet of fronts, then a sheet of backs.
    sheets = pypdfium2.PdfDocument(str(us_and_gb / "us" / "us-en-card.pdf"))
    assert len(sheets) == 2
    sheets.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_card_backs_land_behind_their_fronts_after_a_long_edge_flip(paper):
    width, _ = PAPER_POINTS[paper]
    card_w, card_h = CARD[0] * MM, CARD[1] * MM
    fronts, backs = card_positions(paper), back_card_positions(paper)
    assert len(fronts) == len(backs) == 10
    for (fx, fy), (bx, by) in zip(fronts, backs, strict=True):
        # Turned over left to right, the back's box covers the front's box.
        assert by == pytest.approx(fy)
        assert width - (bx + card_w) == pytest.approx(fx)
    # The two columns swap; the backs are not simply a copy of the fronts.
    assert backs[0] == pytest.approx(fronts[1]) and backs[1] == pytest.approx(fronts[0])
    assert all(0 <= x and x + card_w <= width for x, _ in backs)
    assert card_h > 0


@pytest.mark.slow
def test_no_page_but_the_last_of_a_flowing_pamphlet_ends_early(tmp_path):
    """Every default pamphlet (each region in its own languages): the text reaches at
    least 60% down each page.

    Exempt: the last page, a booklet's blank padding pages (its page count must
    be a multiple of four), and the page just before that padding (where the
    reading text ends).
    """
    layouts = [a for name in FLOWING for a in ("--layout", name)]
    code, output = run("--all", *layouts, "--jobs", "2", "--out", str(tmp_path))
    assert code == 0, output
    short = []
    for layout in FLOWING:
        for path in sorted(tmp_path.glob(f"*/*-{layout}.pdf")):
            shares = page_fill(path, layout)
            ends = {len(shares) - 1}
            ends |= {i - 1 for i, s in enumerate(shares) if s is None and shares[i - 1] is not None}
            short += [f"{path.name} p{i + 1}: {s:.0%}" for i, s in enumerate(shares)
                      if i not in ends and s is not None and s < 0.6]
    assert not short, short


def test_english_prose_reads_at_fk_6_and_smog_8_or_below():
    from guide.readability import levels, prose, within_limit
    from guide.status import template_text

    texts = template_text("en")
    measured = {level.formula: level for level in levels("en", texts)}
    assert set(measured) == {"Flesch-Kincaid grade", "SMOG grade"}
    assert measured["Flesch-Kincaid grade"].words > 1000
    assert all(within_limit(level) for level in measured.values()), \
        [level.describe() for level in measured.values()]
    # Labels and headings are not sentences, so they are not scored.
    assert not prose(["Name", "Free", "Signs of an overdose", "Trouble sleeping"])


def test_smog_tells_hard_text_from_plain():
    from guide.readability import smog_grade

    plain = smog_grade(["Sip water often. Rest when you can. Ask for help."])
    dense = smog_grade(["Pharmacological interventions substantially ameliorate "
                        "physiological manifestations of opioid discontinuation."])
    assert plain.score < 6 < 12 < dense.score


def test_list_shows_both_english_reading_levels():
    code, output = run("--list")
    assert code == 0
    assert re.search(r"en\s+Flesch-Kincaid grade [\d.]+ .*: ok \(aim <= 6\)", output)
    assert re.search(r"en\s+SMOG grade [\d.]+ .*: ok \(aim <= 8\)", output)


def test_drug_supply_and_naloxone_kits_are_region_data_with_sources():
    us, gb, ie, au = (load_region(code) for code in ("us", "gb", "ie", "au"))
    assert [d.id for d in us.drug_supply] == ["xylazine"]
    assert [d.id for d in gb.drug_supply] == ["nitazenes"] == [d.id for d in ie.drug_supply]
    assert au.drug_supply == () and au.naloxone == ("nasal",)
    assert "injection" in gb.naloxone and "injection" in ie.naloxone
    assert all(d.source and d.checked for r in (us, gb, ie) for d in r.drug_supply)
    assert gb.naloxone_source


@pytest.mark.parametrize("text, field", [
    ('[[drug_supply]]\nid = "Xylazine!"\nwarning = "w"\nsource = ["https://a.org"]\n'
     'checked = 2026-12-01\n', "drug_supply[0].id"),
    ('[[drug_supply]]\nid = "x"\nwarning = "w"\nsource = ["a leaflet"]\nchecked = 2026-12-01\n',
     "drug_supply[0].source"),
    ('[[drug_supply]]\nid = "x"\nsource = ["https://a.org"]\nchecked = 2026-12-01\n',
     "drug_supply[0].warning"),
    ('[naloxone]\nkits = ["spray"]\nsource = ["https://a.org"]\nchecked = 2026-12-01\n',
     "naloxone.kits"),
    ('[naloxone]\nkits = ["nasal"]\nchecked = 2026-12-01\n', "naloxone.source"),
])
def test_bad_drug_supply_or_naloxone_data_is_refused_at_load(project, text, field):
    path = project / "regions" / "au.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    with pytest.raises(RegionError, match=re.escape(field)):
        load_region("au", project)


def test_drug_supply_warnings_are_extracted_for_translation():
    import io

    from guide.extract import extract_region
    from guide.paths import PROJECT

    data = (PROJECT / "regions" / "us.toml").read_bytes()
    messages = [m for _, _, m, _ in extract_region(io.BytesIO(data), [], [], {})]
    assert any("xylazine" in m for m in messages)
    pot = (PROJECT / "locales" / "guide.pot").read_text(encoding="utf-8")
    assert "Local drug supply warning (us/xylazine)" in pot


#: The step titles as the catalog knows them (the call step carries the region's number).
STEP_MSGIDS = [step for step in STEPS if not step.startswith("Call ")]


def _translated_steps(pamphlet) -> list[str]:
    from guide.catalogs import load_catalog

    translations = load_catalog(pamphlet.catalog_locale).translations
    return [translations.gettext(step) for step in STEP_MSGIDS]


def _in_order_on_page(steps: list[str], text: str) -> list[str]:
    """The steps that are missing, or that come before the step they should follow."""
    from tests.pdfcheck import comparable, on_page

    page, position, wrong = comparable(text), 0, []
    for step in steps:
        found = page.find(comparable(step), position)
        if found >= 0:
            position = found
        elif not (_devanagari(step) and on_page(step, text)):
            wrong.append(step)  # (PDFium may drop a letter of a Devanagari conjunct)
    return wrong


def _devanagari(text: str) -> bool:
    return any("\u0900" <= char <= "\u097f" for char in text)


@pytest.mark.slow
def test_every_default_pamphlet_prints_the_overdose_steps_in_its_language_in_order(built):
    """Every region in each of its languages: each step through that language's catalog."""
    from tests.conftest import default_pamphlets
    from tests.pdfcheck import pdf_text as page_text

    problems = {}
    for pamphlet in default_pamphlets():
        outcome = built[pamphlet.name]
        assert outcome.ok, outcome.error
        wrong = _in_order_on_page(_translated_steps(pamphlet), page_text(outcome.path))
        if wrong:
            problems[pamphlet.name] = wrong
    assert not problems, problems


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["large-print", "booklet", "trifold", "card"])
def test_every_layout_prints_the_overdose_steps_in_other_languages_too(matrix, layout):
    """The layout matrix (Polish, Arabic, Chinese too), in reading order (accessible)."""
    from tests.conftest import MATRIX_PAIRS
    from tests.pdfcheck import pdf_text as page_text

    problems = {}
    for region, locale in MATRIX_PAIRS:
        outcome, spec = matrix[f"{region}-{locale}-{layout}-accessible"]
        assert outcome.ok, outcome.error
        from guide.pamphlet import Pamphlet

        pamphlet = Pamphlet(spec, locale, spec.paper, variant=spec.variant_of(locale))
        wrong = _in_order_on_page(_translated_steps(pamphlet), page_text(outcome.path))
        if wrong:
            problems[outcome.name] = wrong
    assert not problems, problems
