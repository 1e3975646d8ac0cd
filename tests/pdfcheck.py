"""Read back what a built PDF really contains: text, pages, metadata, fonts.

Tests check the printed result, not our intentions: text comes from pypdfium2
(PDFium's extractor handles Arabic and ligatures), structure from pypdf, and
embedded font programs are opened with fontTools.
"""

from __future__ import annotations

import io
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
from fontTools.ttLib import TTFont

from guide.paths import PROJECT

POINTS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}


def pdf_text(path: Path) -> str:
    """All text of the PDF, NFKC-normalised (ligatures, Arabic presentation forms)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    # PDFium marks a hyphen at a line break as U+FFFE: it is a printed "-".
    # A zero-width space marks where a web address may wrap: not printed.
    text = unicodedata.normalize("NFKC", "\n".join(pages))
    return text.replace("\ufffe", "-").replace("\u200b", "")


def comparable(text: str) -> str:
    """Text for 'is this sentence on the page?': letters and digits only.

    Extraction cannot give back every script in logical order: it splits
    Arabic vowel marks from their letters, returns Devanagari vowel signs in
    visual order (ि before its consonant), and for Devanagari glyphs without a
    Unicode mapping PDFium invents letters from the IPA block (ɟ, ɢ). So marks,
    punctuation, spaces and that block are dropped on both sides.
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN"
                   and not 0x250 <= ord(c) <= 0x2AF)


def on_page(sentence: str, page_text: str) -> bool:
    """Whether a sentence is printed: exactly, or for Devanagari nearly so.

    WeasyPrint's text layer maps some Devanagari conjunct glyphs back to fewer
    characters than were shaped, so a Hindi sentence can lose a letter in
    extraction while printing correctly; there a 90% match of the letters in
    a window of the page counts.
    """
    needle, haystack = comparable(sentence), comparable(page_text)
    if needle in haystack:
        return True
    if not any("DEVANAGARI" in unicodedata.name(c, "") for c in needle):
        return False
    width = len(needle)
    return any(SequenceMatcher(None, needle, haystack[i:i + width + 5]).ratio() >= 0.9
               for i in range(0, max(len(haystack) - width, 1)))


def digits_pattern(digits: str) -> re.Pattern:
    """A number as printed: its digits in order, with any separators between them."""
    separators = r"[\s\-\u00a0().\u2066\u2069\u200e\u200f]*"
    return re.compile(r"(?<!\d)" + separators.join(digits) + r"(?!\d)")


def contains_number(text: str, digits: str) -> bool:
    return bool(digits_pattern(digits).search(text))


def digits_as_seen(path: Path) -> list[str]:
    """The digits of each printed line, in the order they stand from left to right.

    Extracted text cannot show whether a number was drawn in the right order
    (PDFium reorders right-to-left lines into logical order), so this reads
    glyph positions: a number printed "015 250 1800" in an Arabic line fails.
    """
    document = pypdfium2.PdfDocument(str(path))
    lines = []
    try:
        for page in document:
            textpage = page.get_textpage()
            rows: dict[int, list] = {}
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1)
                if not char.isdigit():
                    continue
                left, bottom, _, _ = textpage.get_charbox(index)
                row = next((r for r in rows if abs(r - bottom) < 3), round(bottom))
                rows.setdefault(row, []).append((left, char))
            lines += ["".join(c for _, c in sorted(rows[r])) for r in sorted(rows, reverse=True)]
    finally:
        document.close()
    return lines


def printed_left_to_right(path: Path, digits: str) -> bool:
    return any(digits in line for line in digits_as_seen(path))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(str(path))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def catalog_lang(path: Path) -> str | None:
    return pypdf.PdfReader(str(path)).trailer["/Root"].get("/Lang")


def document_id(path: Path) -> bytes:
    """The first half of the PDF's /ID: the document's permanent identifier."""
    return pypdf.PdfReader(str(path)).trailer["/ID"][0].original_bytes


def metadata(path: Path) -> dict:
    return dict(pypdf.PdfReader(str(path)).metadata or {})


def embedded_fonts(path: Path) -> list[dict]:
    """Every font the PDF uses: its name, whether its program is embedded, whose it is."""
    reader = pypdf.PdfReader(str(path))
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                program = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile")
                                if k in descriptor), None)
                name = str(font["/BaseFont"])
                found[name] = {
                    "name": name,
                    "embedded": program is not None,
                    "postscript": _postscript_name(program.get_object().get_data())
                    if program is not None else None,
                }
    return list(found.values())


@lru_cache(maxsize=1)
def shipped_font_names() -> frozenset[str]:
    """PostScript names of the font files in fonts/."""
    return frozenset(TTFont(str(p), lazy=True)["name"].getDebugName(6)
                     for p in [*PROJECT.fonts.glob("*.ttf"), *PROJECT.fonts.glob("*.otf")])


def _postscript_name(data: bytes) -> str | None:
    try:
        return TTFont(io.BytesIO(data), lazy=True)["name"].getDebugName(6)
    except Exception:  # a program fontTools cannot read counts as not ours
        return None


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF of blank A4 pages, for code that takes finished PDFs."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


RGB_OPERATORS = ("rg", "RG")


def colour_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every RGB image or RGB colour operator, in pages and the forms they draw."""
    problems = []

    def rgb_space(space) -> bool:
        if isinstance(space, pikepdf.Array) and space[0] == "/ICCBased":
            return space[1].get("/N") == 3
        return space in ("/DeviceRGB", "/CalRGB")

    def walk(owner, label):
        resources = owner.get("/Resources", {})
        spaces = resources.get("/ColorSpace", {})
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Image" and rgb_space(xobject.get("/ColorSpace")):
                problems.append(f"{label}: image {name} is {xobject.ColorSpace}")
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject, f"{label} form {name}")
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op in RGB_OPERATORS:
                problems.append(f"{label}: {op} {list(operands)}")
            elif op in ("cs", "CS"):
                space = operands[0]
                if rgb_space(spaces.get(space, space)):
                    problems.append(f"{label}: {op} {space}")

    for number, page in enumerate(pdf.pages, 1):
        walk(page.obj, f"page {number}")
    return problems
