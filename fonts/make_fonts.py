"""Rebuild the fonts in this folder from Debian's Noto packages.

Run when a translation needs a character the shipped fonts lack (the test
`tests/test_fonts.py` says which). Needs the Debian packages' files:

    apt-get download fonts-noto-core fonts-noto-cjk
    dpkg -x fonts-noto-core_*.deb /tmp/noto && dpkg -x fonts-noto-cjk_*.deb /tmp/noto
    .venv/bin/python fonts/make_fonts.py /tmp/noto

Why subset: Noto Sans CJK holds 65,000 glyphs for five languages (about
20 MB a weight). We keep Simplified Chinese, and of it the 3,755 most common
characters (GB2312 level 1, from Python's own codec) plus every character our
catalogs and region files use. Its default forms are already the Simplified
ones, so the 'locl' feature (Japanese, Korean and Traditional variants) and
the vertical-text features are left out: 4,300 glyphs instead of 7,900.
Its CFF outlines are converted to TrueType (cu2qu, 1 unit tolerance): without
HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools on every PDF, and
CFF charstrings made that 1.2 s for each Chinese pamphlet.
Noto Sans keeps Latin (with Vietnamese), Cyrillic and punctuation. Arabic and
Devanagari are kept whole: they are small, and subsetting could drop glyphs
that shaping needs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORE = "usr/share/fonts/truetype/noto"
CJK = "usr/share/fonts/opentype/noto"
WEIGHTS = ("Regular", "Bold")
LATIN_CYRILLIC = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2B0, 0x370),
                  *range(0x400, 0x530), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070),
                  *range(0x20A0, 0x20C0), 0x2116, 0x2122, 0x2190, 0x2192, 0x25CF, 0xFEFF]
CJK_PUNCTUATION = [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]
CJK_FEATURES = ["ccmp", "liga", "kern", "palt", "halt"]  # horizontal Simplified text


def project_characters() -> set[str]:
    """Every character in the catalogs and region files."""
    files = [*ROOT.glob("locales/*/LC_MESSAGES/*.po"), *ROOT.glob("regions/*.toml"),
             *ROOT.glob("templates/**/*.html")]
    return {c for f in files for c in f.read_text(encoding="utf-8")}


def common_hanzi() -> set[str]:
    """GB2312 level 1: rows 16-55 of the standard, the most used characters."""
    found = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return found


def write_subset(font: TTFont, unicodes, target: Path, features=("*",)) -> TTFont:
    options = subset.Options()
    options.layout_features = list(features)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    if "CFF " in font:
        font = cff_to_truetype(font)
    font.save(str(target))
    return font


def cff_to_truetype(font: TTFont, tolerance: float = 1.0) -> TTFont:
    """Replace cubic CFF outlines by quadratic TrueType ones (fontTools' cu2qu)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, tolerance, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                  "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def main(source: Path) -> None:
    used = {ord(c) for c in project_characters()}
    for weight in WEIGHTS:
        write_subset(TTFont(str(source / CORE / f"NotoSans-{weight}.ttf")),
                     set(LATIN_CYRILLIC) | {u for u in used if u < 0x2E80},
                     HERE / f"NotoSans-{weight}.ttf")
        for family in ("NotoNaskhArabic", "NotoSansDevanagari"):
            name = f"{family}-{weight}.ttf"
            shutil.copyfile(source / CORE / name, HERE / name)
        chinese = TTCollection(str(source / CJK / f"NotoSansCJK-{weight}.ttc")).fonts[2]
        assert chinese["name"].getDebugName(4).startswith("Noto Sans CJK SC")
        write_subset(chinese, {ord(c) for c in common_hanzi()} | set(CJK_PUNCTUATION) | used
                     | set(range(0x20, 0x7F)), HERE / f"NotoSansSC-{weight}.ttf", CJK_FEATURES)
    total = sum(p.stat().st_size for p in HERE.glob("*.ttf"))
    print(f"fonts/: {total / 1e6:.1f} MB in {len(list(HERE.glob('*.ttf')))} files")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
