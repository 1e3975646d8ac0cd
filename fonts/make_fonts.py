"""Rebuild the fonts in this folder from Debian's Noto packages.

Run when a translation needs a character the shipped fonts lack (the test
`tests/test_fonts.py` says which). Needs the Debian packages' files:

    apt-get download fonts-noto-core fonts-noto-cjk
    dpkg -x fonts-noto-core_*.deb /tmp/noto && dpkg -x fonts-noto-cjk_*.deb /tmp/noto
    .venv/bin/python fonts/make_fonts.py /tmp/noto

Why subset: Noto Sans CJK holds 65,000 glyphs for five languages (about
20 MB a weight). We keep Simplified Chinese, and of it the 3,755 most common
characters (GB2312 level 1, from Python's own codec) plus every character our
catalogs and region files use: about 1.8 MB a weight. Noto Sans keeps Latin
(with Vietnamese), Cyrillic and punctuation. Arabic and Devanagari are kept
whole: they are small, and subsetting could drop glyphs that shaping needs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORE = "usr/share/fonts/truetype/noto"
CJK = "usr/share/fonts/opentype/noto"
WEIGHTS = ("Regular", "Bold")
LATIN_CYRILLIC = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2B0, 0x370),
                  *range(0x400, 0x530), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070),
                  *range(0x20A0, 0x20C0), 0x2116, 0x2122, 0x2190, 0x2192, 0x25CF, 0xFEFF]
CJK_PUNCTUATION = [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]


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


def write_subset(font: TTFont, unicodes, target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    font.save(str(target))


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
                     | set(range(0x20, 0x7F)), HERE / f"NotoSansSC-{weight}.otf")
    total = sum(p.stat().st_size for p in HERE.glob("*.[ot]tf"))
    print(f"fonts/: {total / 1e6:.1f} MB in {len(list(HERE.glob('*.[ot]tf')))} files")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
