"""Page layouts and the sheets they are printed on.

A layout is data: its template, its extra stylesheet, the type sizes it may
use (largest first: the fit loop steps down until the content fits), and the
pages it must fit. Imposition (placing pages onto printed sheets) is done on
the finished PDF with pypdf's page transformations, a maintained library,
rather than by hand-written PDF code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

MM = 72 / 25.4  # PDF points per millimetre
PAPER_POINTS = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
# Booklet pages are half the sheet: A5 on A4, half-letter (5.5 x 8.5 in) on Letter.
BOOKLET_PAGE = {"a4": "A5", "letter": "5.5in 8.5in"}
CARD = (85, 55)  # mm: ISO/IEC 7810 ID-1, a bank card
CARDS_ACROSS, CARDS_DOWN = 2, 5
#: Sections a pamphlet may never lack. The overdose section is the most
#: important safety message of the guide (content brief, section 8).
REQUIRED_SECTIONS = ("cover", "get-help-now", "overdose", "helplines", "disclaimer")


@dataclass(frozen=True)
class Layout:
    name: str
    template: str
    sizes: tuple[float, ...]  # base type size in pt, tried largest first
    stylesheet: str | None = None
    max_pages: int | None = None  # fixed layouts: the content must fit
    page_multiple: int = 1  # booklets: pages come in fours
    qr_codes: bool = False  # room for a QR code beside each web address
    required: tuple[str, ...] = REQUIRED_SECTIONS
    footer: bool = True  # title and "page X of Y" at the foot of each page

    @property
    def fixed(self) -> bool:
        return self.max_pages is not None


LAYOUTS = {
    layout.name: layout for layout in (
        Layout("handout", "handout.html", (12,), qr_codes=True),
        # Fold in three: six panels on two sides of one landscape sheet.
        Layout("trifold", "trifold.html", (10, 9.5, 9), "layouts/trifold.css", max_pages=6,
               footer=False),
        Layout("booklet", "handout.html", (10.5,), "layouts/booklet.css", page_multiple=4),
        Layout("card", "card.html", (12, 11, 10, 9), "layouts/card.css", max_pages=1,
               required=("card", "overdose-steps"), footer=False),
        # ACB / CCLVI large-print guidance: 18 pt or more, never below 16 pt.
        Layout("large-print", "handout.html", (18,), "layouts/large-print.css", qr_codes=True),
    )
}
PROFILES = ("office", "print-shop", "accessible")
PROFILE_VARIANTS = {"office": None, "print-shop": "pdf/x-4", "accessible": "pdf/ua-1"}


def page_size_css(layout: Layout, paper: str) -> str:
    """The CSS @page size of one page (or panel, or card) of a layout."""
    if layout.name == "booklet":
        return BOOKLET_PAGE[paper]
    if layout.name == "card":
        return f"{CARD[0]}mm {CARD[1]}mm"
    if layout.name == "trifold":
        width, height = PAPER_POINTS[paper]
        return f"{height / 3:.3f}pt {width:.3f}pt"  # a third of the landscape sheet
    return {"a4": "A4", "letter": "letter"}[paper]


def impose_booklet(pdf: bytes, paper: str) -> bytes:
    """Two pages per side of a landscape sheet, in saddle-stitch order.

    Printed double-sided (flip on the short edge), stacked and folded, the
    sheets give the pages in reading order: for 8 pages, sheet 1 carries
    8|1 on the front and 2|7 on the back, sheet 2 carries 6|3 and 4|5.
    """
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    if count % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, got {count}")
    width, height = PAPER_POINTS[paper]
    order = []
    for sheet in range(count // 4):
        order += [(count - 1 - 2 * sheet, 2 * sheet), (2 * sheet + 1, count - 2 - 2 * sheet)]
    return _two_up(reader, order, height, width)


def impose_trifold(pdf: bytes, paper: str, right_to_left: bool) -> bytes:
    """Six panels onto the two sides of one landscape sheet, in folding order.

    Outside: inside flap (5), back panel (6), cover (1), so the cover is on
    the outer right panel; inside: panels 2, 3, 4. Right-to-left languages
    fold the other way, so every side is mirrored.
    """
    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != 6:
        raise ValueError(f"a tri-fold needs 6 panels, got {len(reader.pages)}")
    outside, inside = [4, 5, 0], [1, 2, 3]
    if right_to_left:
        outside, inside = outside[::-1], inside[::-1]
    width, height = PAPER_POINTS[paper]
    writer = PdfWriter()
    for side in (outside, inside):
        sheet = PageObject.create_blank_page(width=height, height=width)
        for slot, index in enumerate(side):
            sheet.merge_transformed_page(
                reader.pages[index], Transformation().translate(slot * height / 3, 0))
        writer.add_page(sheet)
    return _finish(writer, reader)


def impose_cards(card_pdf: bytes, marks_pdf: bytes, paper: str) -> bytes:
    """Ten cards on one sheet, centred, with the cut marks drawn over them."""
    card = PdfReader(io.BytesIO(card_pdf)).pages[0]
    marks = PdfReader(io.BytesIO(marks_pdf)).pages[0]
    width, height = PAPER_POINTS[paper]
    sheet = PageObject.create_blank_page(width=width, height=height)
    for x, y in card_positions(paper):
        sheet.merge_transformed_page(card, Transformation().translate(x, y))
    sheet.merge_page(marks)
    writer = PdfWriter()
    writer.add_page(sheet)
    return _finish(writer, PdfReader(io.BytesIO(card_pdf)))


def card_positions(paper: str) -> list[tuple[float, float]]:
    """Lower-left corners (PDF points) of the cards on a sheet, butted together."""
    width, height = PAPER_POINTS[paper]
    card_w, card_h = CARD[0] * MM, CARD[1] * MM
    left = (width - CARDS_ACROSS * card_w) / 2
    bottom = (height - CARDS_DOWN * card_h) / 2
    return [(left + column * card_w, bottom + row * card_h)
            for row in range(CARDS_DOWN) for column in range(CARDS_ACROSS)]


def _two_up(reader: PdfReader, order, sheet_width: float, sheet_height: float) -> bytes:
    writer = PdfWriter()
    for left, right in order:
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for slot, index in enumerate((left, right)):
            sheet.merge_transformed_page(
                reader.pages[index], Transformation().translate(slot * sheet_width / 2, 0))
        writer.add_page(sheet)
    return _finish(writer, reader)


def _finish(writer: PdfWriter, source: PdfReader) -> bytes:
    """Carry over what a reader and a screen reader need: title, language, stable id."""
    if source.metadata:
        writer.add_metadata({key: value for key, value in source.metadata.items()})
    language = source.trailer["/Root"].get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    identifier = source.trailer.get("/ID")
    if identifier:
        writer._ID = identifier  # the source's stable /ID, not a new random one
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fit_problem(layout: Layout, pages: list) -> tuple[str | None, int]:
    """Whether laid-out pages fit the layout; else what overflows. Also: pages to pad.

    pages: WeasyPrint's pages, whose `anchors` say where each section starts.
    """
    count = len(pages)
    if layout.name == "booklet":
        return None, (-count) % layout.page_multiple
    if layout.name == "card":
        return (None, 0) if count == 1 else ("the text runs over one card", 0)
    if layout.name != "trifold":
        return None, 0
    start = {name: index for index, page in reversed(list(enumerate(pages)))
             for name in page.anchors}
    if start.get("inside") != 1:
        return "the cover runs over its panel", 0
    back = start.get("helplines", count)
    helpline_panels = count - back
    # The helplines end on the back panel (6); a long list may begin on the
    # inside flap (5), which lies beside it on the outside of the sheet.
    if helpline_panels > 2:
        return "the helplines run over the back panel and the flap beside it", 0
    if back - 1 > 6 - 1 - helpline_panels:
        return "the inside sections run over the inside panels", 0
    return None, (6 - helpline_panels) - back  # blank panels so the list ends on panel 6


def card_marks_html(paper: str) -> str:
    """Cut marks around the grid of cards, as an HTML page WeasyPrint draws."""
    width, height = (size / MM for size in PAPER_POINTS[paper])
    card_w, card_h = CARD
    left, top = (width - CARDS_ACROSS * card_w) / 2, (height - CARDS_DOWN * card_h) / 2
    right, bottom = left + CARDS_ACROSS * card_w, top + CARDS_DOWN * card_h
    marks = []
    for column in range(CARDS_ACROSS + 1):
        x = left + column * card_w
        marks += [(x, top - 8, 0.2, 6), (x, bottom + 2, 0.2, 6)]
    for row in range(CARDS_DOWN + 1):
        y = top + row * card_h
        marks += [(left - 8, y, 6, 0.2), (right + 2, y, 6, 0.2)]
    boxes = "".join(f'<div style="left:{x:.2f}mm;top:{y:.2f}mm;width:{w}mm;height:{h}mm"></div>'
                    for x, y, w, h in marks)
    size = {"a4": "A4", "letter": "letter"}[paper]
    return (f"<html><head><style>@page {{ size: {size}; margin: 0 }} "
            "div { position: absolute; background: black }</style></head>"
            f"<body>{boxes}</body></html>")
