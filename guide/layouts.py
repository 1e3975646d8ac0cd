"""Page layouts: what each one prints on, how it is fitted, and how it is imposed.

A layout is one entry in LAYOUTS and carries its behaviour: its template and
stylesheet, the type sizes it may use (largest first: the fit loop steps
down until the content fits), its page size for a paper, how to tell whether
laid-out pages fit, and how its pages are imposed on sheets for the office
printer. Adding a layout is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import imposition
from .errors import LayoutError
from .sheets import BOOKLET_PAGE, CARD, PAPER_CSS, PAPER_POINTS

#: Sections a pamphlet may never lack. The overdose section is the most
#: important safety message of the guide (content brief, section 8).
REQUIRED_SECTIONS = ("cover", "get-help-now", "overdose", "helplines", "disclaimer")

#: Renders the cut marks for a paper size as a one-page PDF (card sheets).
MarksRenderer = Callable[[str], bytes]


# How laid-out pages fit: (what overflows or None, blank pages or panels to add).
def fits_any_length(layout: Layout, pages: list) -> tuple[str | None, int]:
    return None, 0


def fits_in_multiples(layout: Layout, pages: list) -> tuple[str | None, int]:
    """Booklets: any length, padded with blank pages to a multiple of four."""
    return None, (-len(pages)) % layout.page_multiple


def fits_one_card(layout: Layout, pages: list) -> tuple[str | None, int]:
    return (None, 0) if len(pages) == 1 else ("the text runs over one card", 0)


def fits_two_sided_card(layout: Layout, pages: list) -> tuple[str | None, int]:
    """Wallet card: the overdose steps on the front (page 1), the numbers on the back (2)."""
    start = {name: index for index, page in reversed(list(enumerate(pages)))
             for name in page.anchors}
    if start.get("card-back", len(pages)) > 1:
        return "the front of the card (the overdose steps) runs over one side", 0
    if len(pages) > 2:
        return "the back of the card (the numbers) runs over one side", 0
    return None, 0


def fits_six_panels(layout: Layout, pages: list) -> tuple[str | None, int]:
    """Tri-fold: the cover on panel 1, the inside on 2-4, the helplines ending on 6.

    pages: WeasyPrint's pages, whose `anchors` say where each section starts.
    """
    count = len(pages)
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


@dataclass(frozen=True)
class Imposition:
    """How a layout's pages go onto office sheets, and whether the pages are kept too."""

    impose: Callable[[bytes, str, bool, MarksRenderer], bytes]
    keeps_pages: bool = False  # booklet: the reading-order file is written as well


def _booklet(pdf: bytes, paper: str, right_to_left: bool, marks: MarksRenderer) -> bytes:
    return imposition.impose_booklet(pdf, paper)


def _trifold(pdf: bytes, paper: str, right_to_left: bool, marks: MarksRenderer) -> bytes:
    return imposition.impose_trifold(pdf, paper, right_to_left)


def _cards(pdf: bytes, paper: str, right_to_left: bool, marks: MarksRenderer) -> bytes:
    return imposition.impose_cards(pdf, marks(paper), paper)


@dataclass(frozen=True)
class Layout:
    name: str
    template: str
    sizes: tuple[float, ...]  # base type size in pt, tried largest first
    page_size: Callable[[str], str]  # paper -> CSS @page size of one page or panel
    fits: Callable[[Layout, list], tuple[str | None, int]] = fits_any_length
    stylesheet: str | None = None
    max_pages: int | None = None  # fixed layouts: the content must fit
    page_multiple: int = 1  # booklets: pages come in fours
    qr_codes: bool = False  # room for a QR code beside each web address
    required: tuple[str, ...] = REQUIRED_SECTIONS
    footer: bool = True  # title and "page X of Y" at the foot of each page
    imposition: Imposition | None = None

    @property
    def fixed(self) -> bool:
        return self.max_pages is not None

    def files(self, target: Path, imposes: bool) -> list[Path]:
        """The files one pamphlet is written to; a booklet also gets its imposed sheets."""
        if imposes and self.imposition and self.imposition.keeps_pages:
            return [target, target.with_name(f"{target.stem}-imposed.pdf")]
        return [target]

    def finish(self, pdf: bytes, pages: int, paper: str, right_to_left: bool,
               imposes: bool, marks: MarksRenderer) -> list[tuple[bytes, int | None]]:
        """The files' bytes, each with its page count if known (imposed: counted later)."""
        if not imposes or self.imposition is None:
            return [(pdf, pages)]
        sheets = (self.imposition.impose(pdf, paper, right_to_left, marks), None)
        return [(pdf, pages), sheets] if self.imposition.keeps_pages else [sheets]


def _paper(paper: str) -> str:
    return PAPER_CSS[paper]


def _half_sheet(paper: str) -> str:
    return BOOKLET_PAGE[paper]


def _card(paper: str) -> str:
    return f"{CARD[0]}mm {CARD[1]}mm"


def _third_of_landscape(paper: str) -> str:
    width, height = PAPER_POINTS[paper]
    return f"{height / 3:.3f}pt {width:.3f}pt"


LAYOUTS = {
    layout.name: layout for layout in (
        Layout("handout", "handout.html", (12,), _paper, qr_codes=True),
        # Fold in three: six panels on two sides of one landscape sheet.
        Layout("trifold", "trifold.html", (10, 9.5, 9), _third_of_landscape, fits_six_panels,
               "layouts/trifold.css", max_pages=6, footer=False,
               imposition=Imposition(_trifold)),
        Layout("booklet", "handout.html", (10.5,), _half_sheet, fits_in_multiples,
               "layouts/booklet.css", page_multiple=4,
               imposition=Imposition(_booklet, keeps_pages=True)),
        Layout("card", "card.html", (12, 11, 10, 9), _card, fits_two_sided_card,
               "layouts/card.css", max_pages=2,
               required=("card", "overdose-steps", "card-back"), footer=False,
               imposition=Imposition(_cards)),
        # ACB / CCLVI large-print guidance: 18 pt or more, never below 16 pt.
        Layout("large-print", "handout.html", (18,), _paper, stylesheet="layouts/large-print.css",
               qr_codes=True),
    )
}
DEFAULT_LAYOUT = LAYOUTS["handout"]


def layout_named(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise LayoutError(f"unknown layout '{name}' (choose from {', '.join(LAYOUTS)})") from None
