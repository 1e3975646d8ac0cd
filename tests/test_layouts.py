"""Every layout in every profile, checked on the printed files (pikepdf, pypdfium2)."""

from __future__ import annotations

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from guide.build import BuildOptions, build, plan
from guide.conditions import region_condition
from guide.layouts import LAYOUTS
from guide.profiles import PROFILES
from guide.sheets import CARD, MM, PAPER_POINTS
from tests.conftest import MATRIX_PAIRS
from tests.pdfcheck import colour_problems, printed_left_to_right
from tests.pseudo import PSEUDO, write_pseudo_catalog

pytestmark = pytest.mark.slow
CASES = [(region, locale, layout, profile) for region, locale in MATRIX_PAIRS
         for layout in LAYOUTS for profile in PROFILES]
BLEED = 3 * MM


def outcome_of(matrix, region, locale, layout, profile):
    suffix = "" if profile == "office" else f"-{profile}"
    outcome, spec = matrix[f"{region}-{locale}-{layout}{suffix}"]
    assert outcome.ok, outcome.error
    return outcome, spec


def expected_page(layout: str, profile: str, paper: str) -> tuple[float, float]:
    """Width and height (points) of each page as delivered (trim size for print shops)."""
    width, height = PAPER_POINTS[paper]
    imposed = profile == "office"
    if layout == "trifold":
        return (height, width) if imposed else (height / 3, width)
    if layout == "card":
        return (width, height) if imposed else (CARD[0] * MM, CARD[1] * MM)
    if layout == "booklet":  # half the sheet: A5, or half-letter (5.5 x 8.5 in)
        return height / 2, width
    return width, height


def close(a, b, tolerance=1.5) -> bool:
    return abs(float(a) - float(b)) <= tolerance


@pytest.mark.parametrize("region, locale, layout, profile", CASES)
def test_pages_boxes_and_markers(matrix, region, locale, layout, profile):
    outcome, spec = outcome_of(matrix, region, locale, layout, profile)
    pdf = pikepdf.open(outcome.path)
    pages = list(pdf.pages)
    width, height = expected_page(layout, profile, spec.paper)
    if layout == "trifold":
        assert len(pages) == (2 if profile == "office" else 6)
    elif layout == "card":  # two sides: a sheet of fronts and one of backs, or front and back
        assert len(pages) == 2
    elif layout == "booklet":
        assert len(pages) % 4 == 0
    for page in pages:
        trim = page.get("/TrimBox", page.MediaBox)
        assert close(trim[2] - trim[0], width) and close(trim[3] - trim[1], height), \
            (outcome.path.name, list(trim))
        if profile == "print-shop":
            bleed = page.BleedBox
            assert close(trim[0] - bleed[0], BLEED) and close(bleed[2] - trim[2], BLEED)
            media = page.MediaBox
            assert media[0] <= bleed[0] and media[2] >= bleed[2]
    assert str(pdf.Root.get("/Lang")) == (spec.variant_of(locale) or locale).replace("_", "-")
    metadata = pdf.open_metadata()
    if profile == "print-shop":
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        standard = region_condition(spec)
        assert str(intent.OutputConditionIdentifier) == standard.identifier
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.read_bytes() == standard.icc
        assert metadata.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert colour_problems(pdf) == [], outcome.path.name
    else:
        assert "/OutputIntents" not in pdf.Root
    if profile == "accessible":
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert metadata.get("pdfuaid:part") == "1"


@pytest.mark.parametrize("region, locale, layout, profile", CASES)
def test_every_number_is_printed_in_dialling_order(matrix, region, locale, layout, profile):
    outcome, spec = outcome_of(matrix, region, locale, layout, profile)
    if layout == "card":  # a wallet card carries the emergency and the crisis line
        numbers = [*spec.emergency, spec.crisis.number]
    else:
        numbers = spec.all_numbers
    for number in numbers:
        assert printed_left_to_right(outcome.path, number.digits), number.display


@pytest.mark.parametrize("region, locale", MATRIX_PAIRS)
@pytest.mark.parametrize("layout", [name for name, spec in LAYOUTS.items() if spec.qr_codes])
def test_qr_codes_decode_to_the_helplines_addresses(matrix, region, locale, layout):
    outcome, spec = outcome_of(matrix, region, locale, layout, "office")
    document = pypdfium2.PdfDocument(str(outcome.path))
    found = []
    for index in range(max(0, len(document) - 4), len(document)):  # the helplines pages
        image = document[index].render(scale=300 / 72).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    assert sorted(found) == sorted(line.url for line in spec.helplines if line.url)


def test_the_booklet_imposed_sheets_are_in_saddle_stitch_order(matrix):
    outcome, _ = outcome_of(matrix, "us", "en", "booklet", "office")
    imposed = outcome.path.with_name(outcome.path.stem + "-imposed.pdf")
    reading = pypdfium2.PdfDocument(str(outcome.path))
    sheets = pypdfium2.PdfDocument(str(imposed))
    count = len(reading)
    assert len(sheets) == count // 2
    footer = [reading[i].get_textpage().get_text_range() for i in range(count)]
    for side, (left, right) in enumerate([(count - 1, 0), (1, count - 2)]):
        text = sheets[side].get_textpage().get_text_range()
        assert f"{left + 1} of {count}" in text and f"{right + 1} of {count}" in text
        assert f"{left + 1} of {count}" in footer[left]


def test_a_right_to_left_trifold_folds_the_other_way(matrix):
    outcome, _ = outcome_of(matrix, "de", "ar", "trifold", "office")
    english, _ = outcome_of(matrix, "us", "en", "trifold", "office")
    for path, cover_side in ((outcome.path, "left"), (english.path, "right")):
        page = pypdfium2.PdfDocument(str(path))[0]
        width = page.get_width()
        textpage = page.get_textpage()
        # The cover's big emergency number: find where its first digit stands.
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())
                 if textpage.get_text_range(i, 1) == "1"]
        tallest = max(boxes, key=lambda box: box[3] - box[1])
        middle = (tallest[0] + tallest[2]) / 2
        assert (middle < width / 3) if cover_side == "left" else (middle > 2 * width / 3)


@pytest.mark.parametrize("layout", ["trifold", "card"])
def test_long_text_steps_down_or_fails_naming_what_overflows(project, layout):
    write_pseudo_catalog(project=project)
    options = BuildOptions(out_dir=project / "out", project=project)
    pamphlets, _ = plan(["ca-on"], [PSEUDO], options, layouts=[layout])
    (outcome,) = build(pamphlets, options)
    if outcome.ok:  # fitted, at a smaller size if needed; nothing cut off
        assert outcome.pages == 2  # trifold: two sheet sides; card: front and back sheets
        for number in pamphlets[0].region.emergency:
            assert printed_left_to_right(outcome.path, number.digits)
    else:
        message = str(outcome.error)
        assert PSEUDO in message and layout in message and "even at 9 pt" in message
        assert not outcome.path or not outcome.path.exists()


def structure(node, found=None):
    """Count the structure elements of a tagged PDF, and collect figures' alt text."""
    found = found if found is not None else {"kinds": {}, "alt": []}
    if isinstance(node, pikepdf.Dictionary):
        kind = node.get("/S")
        if kind is not None:
            found["kinds"][str(kind)] = found["kinds"].get(str(kind), 0) + 1
            if str(kind) == "/Figure":
                found["alt"].append(str(node.get("/Alt", "")))
        children = node.get("/K")
        for child in children if isinstance(children, pikepdf.Array) else [children]:
            structure(child, found)
    return found


@pytest.mark.parametrize("region, locale", MATRIX_PAIRS)
def test_the_accessible_pdf_has_headings_lists_a_real_table_and_alt_text(matrix, region,
                                                                          locale):
    outcome, spec = outcome_of(matrix, region, locale, "handout", "accessible")
    pdf = pikepdf.open(outcome.path)
    found = structure(pdf.Root.StructTreeRoot)
    kinds = found["kinds"]
    assert kinds.get("/H1") == 1 and kinds.get("/H2", 0) >= 8 and kinds.get("/L", 0) >= 8
    assert kinds.get("/Table") == 1 and kinds.get("/TH", 0) >= 3 and kinds.get("/TD", 0) >= 6
    urls = [line.url for line in spec.helplines if line.url]
    qr_codes = [alt for alt in found["alt"] if alt.startswith("QR: ")]
    assert sorted(qr_codes) == sorted(f"QR: {url}" for url in urls)
    # The pictures (second edition) carry their own alt text: tests/test_second_edition.py.
    assert len(found["alt"]) - len(qr_codes) == 9
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
