"""Imposition: placing a layout's finished pages onto the sheets they are printed on.

Done on the finished PDF with pypdf's page transformations, a maintained
library, rather than by hand-written PDF code. The sheet geometry (paper
sizes, the card) lives in guide/layouts.py beside the layouts that use it.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

from .errors import LayoutError
from .sheets import CARD, CARDS_ACROSS, CARDS_DOWN, MM, PAPER_CSS, PAPER_POINTS


def impose_booklet(pdf: bytes, paper: str) -> bytes:
    """Two pages per side of a landscape sheet, in saddle-stitch order.

    Printed double-sided (flip on the short edge), stacked and folded, the
    sheets give the pages in reading order: for 8 pages, sheet 1 carries
    8|1 on the front and 2|7 on the back, sheet 2 carries 6|3 and 4|5.
    """
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    if count % 4:
        raise LayoutError(f"a booklet needs a multiple of 4 pages, got {count}")
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
        raise LayoutError(f"a tri-fold needs 6 panels, got {len(reader.pages)}")
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
    """Ten cards a sheet, centred, with cut marks: a sheet of fronts, then of backs.

    Printed double-sided with a long-edge flip, each back lands behind its
    front: the back sheet's columns are mirrored (back_card_positions).
    """
    pages = PdfReader(io.BytesIO(card_pdf)).pages
    marks = PdfReader(io.BytesIO(marks_pdf)).pages[0]
    width, height = PAPER_POINTS[paper]
    writer = PdfWriter()
    sides = [(pages[0], card_positions(paper))]
    if len(pages) > 1:
        sides.append((pages[1], back_card_positions(paper)))
    for card, positions in sides:
        sheet = PageObject.create_blank_page(width=width, height=height)
        for x, y in positions:
            sheet.merge_transformed_page(card, Transformation().translate(x, y))
        sheet.merge_page(marks)
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


def back_card_positions(paper: str) -> list[tuple[float, float]]:
    """Where each card's back goes, in the same order as card_positions.

    A long-edge flip turns the sheet over left to right: a point x from the
    left edge of the front is x from the right edge of the back.
    """
    width, _ = PAPER_POINTS[paper]
    card_w = CARD[0] * MM
    return [(width - x - card_w, y) for x, y in card_positions(paper)]


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
    size = PAPER_CSS[paper]
    return (f"<html><head><style>@page {{ size: {size}; margin: 0 }} "
            "div { position: absolute; background: black }</style></head>"
            f"<body>{boxes}</body></html>")
