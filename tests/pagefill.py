"""How much of each page's text area a PDF uses, from the text's own positions.

pypdfium2 gives every character's box; the lowest text line inside the
content area (the page minus its @page margins, so the footer is left out)
says how far down the page the text reaches.
"""

from __future__ import annotations

MM = 72 / 25.4
#: @page margins (top, bottom) in mm: templates/print.css and layouts/booklet.css.
MARGINS = {"handout": (16, 18), "large-print": (16, 18), "booklet": (12, 14)}


def page_fill(pdf_path, layout: str) -> list[float | None]:
    """For each page, the share of the text area above its lowest text (None: blank page)."""
    import pypdfium2

    top_mm, bottom_mm = MARGINS[layout]
    shares = []
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for page in document:
            height = page.get_height()
            top, bottom = height - top_mm * MM, bottom_mm * MM
            text = page.get_textpage()
            lowest = None
            for index in range(text.count_chars()):
                if text.get_text_range(index, 1).isspace():
                    continue
                _, char_bottom, _, char_top = text.get_charbox(index)
                if char_top < bottom - 1:  # in the bottom margin: the footer
                    continue
                lowest = char_bottom if lowest is None else min(lowest, char_bottom)
            shares.append(None if lowest is None else (top - lowest) / (top - bottom))
            text.close()
            page.close()
    finally:
        document.close()
    return shares
