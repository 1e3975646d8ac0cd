"""The bundled fonts cover every character we print, checked before rendering."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from guide.catalogs import available_locales
from guide.paths import PROJECT, SOURCE_LOCALE

# Which bundled font must draw each script (the first font of that
# language's stack in templates/fonts.css).
SCRIPT_FONTS = {
    "ARABIC": "NotoNaskhArabic-Regular.ttf",
    "DEVANAGARI": "NotoSansDevanagari-Regular.ttf",
    "CJK": "NotoSansSC-Regular.ttf",
    "FULLWIDTH": "NotoSansSC-Regular.ttf",
    "IDEOGRAPHIC": "NotoSansSC-Regular.ttf",
}
DEFAULT_FONT = "NotoSans-Regular.ttf"
# Format characters the shaper consumes without drawing them.
INVISIBLE = {"\u2066", "\u2069", "\u200c", "\u200d", "\u200e", "\u200f", "\n", "\t"}


@lru_cache(maxsize=None)
def cmap(name: str) -> frozenset[int]:
    return frozenset(TTFont(str(PROJECT.fonts / name), lazy=True).getBestCmap())


def font_for(char: str) -> str:
    name = unicodedata.name(char, "")
    for script, font in SCRIPT_FONTS.items():
        if name.startswith(script):
            return font
    if 0x3000 <= ord(char) <= 0x303F:  # CJK punctuation
        return SCRIPT_FONTS["CJK"]
    return DEFAULT_FONT


def uncovered(text: str) -> dict[str, str]:
    missing = {}
    for char in set(unicodedata.normalize("NFC", text)) - INVISIBLE:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            continue
        font = font_for(char)
        if ord(char) not in cmap(font):
            missing[char] = f"U+{ord(char):04X} {unicodedata.name(char, '?')} (needs {font})"
    return missing


def translated_text(locale: str) -> str:
    with PROJECT.language_files(locale).catalog.open("rb") as fh:
        catalog = read_po(fh)
    strings = []
    for message in catalog:
        value = message.string
        strings += list(value) if isinstance(value, (list, tuple)) else [value or ""]
    return "".join(strings)


TRANSLATIONS = [code for code in available_locales() if code != SOURCE_LOCALE]


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_every_character_of_each_catalog_is_in_its_scripts_font(locale):
    missing = uncovered(translated_text(locale))
    assert not missing, (f"locales/{locale}: the bundled fonts lack "
                         f"{sorted(missing.values())[:10]}; rebuild them with fonts/make_fonts.py")


def test_every_character_of_the_templates_and_region_files_is_covered():
    files = [*PROJECT.regions.glob("*.toml"), *PROJECT.templates.glob("**/*.html")]
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert not uncovered(text)


def test_the_check_finds_a_character_no_font_has():
    assert "\U0001F600" in uncovered("smile \U0001F600")  # an emoji: not in our fonts
    assert "中" not in uncovered("中文")


def test_shipped_fonts_stay_small():
    total = sum(p.stat().st_size for p in PROJECT.fonts.iterdir() if p.suffix in (".ttf", ".otf"))
    assert total < 8_000_000, f"fonts/ holds {total / 1e6:.1f} MB"
