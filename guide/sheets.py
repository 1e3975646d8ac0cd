"""Paper and card geometry shared by the layouts and their imposition."""

MM = 72 / 25.4  # PDF points per millimetre
PAPER_POINTS = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
PAPER_CSS = {"a4": "A4", "letter": "letter"}
# Booklet pages are half the sheet: A5 on A4, half-letter (5.5 x 8.5 in) on Letter.
BOOKLET_PAGE = {"a4": "A5", "letter": "5.5in 8.5in"}
CARD = (85, 55)  # mm: ISO/IEC 7810 ID-1, a bank card
CARDS_ACROSS, CARDS_DOWN = 2, 5
