"""Which characters may reach the page, and how a reader would read numbers in text.

What prints must be what was checked. Unicode lets a text look different from
its code points: a right-to-left override prints "988" as "889", a zero-width
space makes "1", U+200B, "3" print as "13" while a check sees 1 and 3, a soft hyphen
or a zero-width space alone prints as nothing, and "①" or "²" read as digits
to a person but not to a check. So every text that prints (translations,
region and clinic text, reviewer names) passes this one policy, and numbers are
read from text the way a reader reads them: digits of any script, by value,
joined across the spaces and invisible characters between them.

The character properties below come from the Unicode Character Database
(PropList.txt, DerivedCoreProperties.txt). Python's unicodedata has no
Default_Ignorable_Code_Point or Bidi_Control property, and one short table is
simpler than a new dependency (the `regex` module) for two properties.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: Bidi_Control (PropList.txt): they reorder text. The renderer adds its own
#: isolates around numbers (guide/render.py LTR_SPAN); no text may add more.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
#: Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15):
#: characters a renderer shows as nothing.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
#: Not default-ignorable, yet printed as nothing in every font we ship.
BLANK_LOOKING = frozenset("\u2800")  # BRAILLE PATTERN BLANK
ZWNJ, ZWJ = "\u200c", "\u200d"
#: Scripts whose spelling needs ZWNJ/ZWJ between letters: Arabic (Persian and
#: Urdu word forms; we ship ar) and the Indic scripts (Devanagari half forms;
#: we ship hi). Elsewhere, and anywhere but between two letters of these
#: scripts, they are refused. Python has no Script property: the character's
#: name starts with its script's name, which is stable across versions.
JOINING_SCRIPTS = ("ARABIC", "SYRIAC", "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI",
                   "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
                   "SINHALA")
#: Spaces a text may use: the ordinary space, the no-break spaces French
#: typography puts before ":;!?" (U+00A0, U+202F), the thin space, and the
#: ideographic space of Chinese text. Tab and newline are ordinary whitespace.
ALLOWED_SPACES = frozenset(" \u00a0\u202f\u2009\u3000\t\n")
#: HTML entities a translation of template text may use; each decodes to a
#: character the policy allows. Any other (&shy;, &ZeroWidthSpace;, &#8238;)
#: is refused: a translator writes the character itself.
ALLOWED_ENTITIES = frozenset({"&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;"})
# Anything html.unescape may decode, with or without the closing ';' (HTML
# decodes "&copy" too): a name, or a decimal or hex number.
ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
#: Characters that may stand between the digit groups of one number in a
#: number check of a translation: a reader reads "1 000" and "1\u00a0000" as
#: one number.
NUMBER_SPACES = frozenset(" \u00a0\u202f\u2009\u3000\u2007")
#: In free text (clinic notes, addresses, names) a phone number may also be
#: written with dashes, dots, slashes or brackets: "(0117) 496-0123", "01.23.45".
#: Dashes and brackets by category (Pd, Ps, Pe: every script's and the
#: full-width forms), dots and slashes by name.
PHONE_SEPARATORS = frozenset("./\u2212\u00b7\u2027\u30fb\uff0e\uff0f\uff65\u2044\u2215")
PHONE_SEPARATOR_CATEGORIES = ("Pd", "Ps", "Pe", "Zs")
PHONE_JOINERS = NUMBER_SPACES | PHONE_SEPARATORS | frozenset("\t\n")


def show_char(char: str) -> str:
    """A character for a message: its code point and name, never the raw character."""
    name = unicodedata.name(char, None) or _UNNAMED.get(unicodedata.category(char), "unnamed")
    return f"U+{ord(char):04X} ({name})"


_UNNAMED = {"Cc": "a control character", "Co": "private use", "Cs": "a surrogate",
            "Cn": "unassigned"}


def is_ignorable(char: str) -> bool:
    """Default-ignorable: shown as nothing (zero-width space, soft hyphen, tags...)."""
    code = ord(char)
    return char in BLANK_LOOKING or any(low <= code <= high
                                        for low, high in _IGNORABLE_RANGES)


def is_invisible(char: str) -> bool:
    """Prints as nothing, or is not text at all: never shown raw in a message."""
    category = unicodedata.category(char)
    return (is_ignorable(char) or category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
            or (category == "Zs" and char != " "))


def visible(text: str) -> str:
    """The text for a message, each invisible or control character as U+XXXX."""
    return "".join(f"<{show_char(c).split(' ')[0]}>" if is_invisible(c) and c != " " else c
                   for c in str(text))


def digit_value(char: str) -> int | None:
    """The digit a reader sees: decimal digits of any script, and also
    superscript, circled and other look-alike digits (which the policy refuses)."""
    value = unicodedata.decimal(char, None)
    return unicodedata.digit(char, None) if value is None else value


def number_spans(text: str, joiners: frozenset[str] = NUMBER_SPACES,
                 joining_categories: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """Each number of a text as (start, end, plain digits), in reading order.

    Digit groups split only by `joiners` or by invisible characters are one
    number, as a reader sees them ("0800", U+00A0, "111" is 0800111). Any other
    character, such as the private-use markers guide/render.py uses for page
    counters, ends a number.
    """
    found, start, end, digits = [], None, 0, ""
    for index, char in enumerate(text):
        value = digit_value(char)
        if value is not None:
            start = index if start is None else start
            digits, end = digits + str(value), index + 1
        elif start is not None and not (
                char in joiners or is_ignorable(char) or unicodedata.category(char)
                in ("Cf", "Mn", "Me", *joining_categories)):
            found.append((start, end, digits))
            start, digits = None, ""
    if start is not None:
        found.append((start, end, digits))
    return found


def numbers_in(text: str, joiners: frozenset[str] = NUMBER_SPACES) -> list[str]:
    """The numbers a text states, in reading order, as plain digits."""
    return [digits for _, _, digits in number_spans(text, joiners)]


def phone_like_numbers(text: str, min_digits: int = 4) -> list[tuple[str, str]]:
    """Numbers in free text that could be dialled: (as written, plain digits).

    Four or more digits, however they are split: by spaces of any kind,
    invisible characters, dashes, dots, slashes or brackets, in any script's
    digits or look-alikes ("0117 496 0123", "0117", U+200B, "496", "０１１７", "①②③④").
    Three-digit numbers are not caught: house numbers are too common.
    """
    return [(text[start:end], digits)
            for start, end, digits in number_spans(text, PHONE_JOINERS, PHONE_SEPARATOR_CATEGORIES)
            if len(digits) >= min_digits]


def _script_of(char: str) -> str:
    return unicodedata.name(char, "").split(" ")[0]


def _joiner_allowed(text: str, index: int) -> bool:
    """ZWJ/ZWNJ only between two letters (or marks) of a script that needs them."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(unicodedata.category(c)[0] in "LM" and _script_of(c) in JOINING_SCRIPTS
               for c in (before, after)) and _script_of(before) == _script_of(after)


def character_problems(text: str) -> list[str]:
    """What in a printed text is not allowed, in words, one line per kind of problem."""
    kinds: dict[str, list[str]] = {}

    def note(kind: str, char: str) -> None:
        shown = show_char(char)
        if shown not in kinds.setdefault(kind, []):
            kinds[kind].append(shown)

    zero_points = set()
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char in ALLOWED_SPACES:
            continue
        if char in BIDI_CONTROLS:
            note("bidi", char)
        elif char in (ZWJ, ZWNJ):
            if not _joiner_allowed(text, index):
                note("joiner", char)
        elif is_ignorable(char) or category == "Cf":
            note("invisible", char)
        elif category == "Cc":
            note("control", char)
        elif category in ("Zs", "Zl", "Zp"):
            note("space", char)
        elif category in ("Co", "Cs", "Cn"):
            note("unassigned", char)
        elif category == "Nd":
            if unicodedata.name(char, "").startswith(("MATHEMATICAL", "SEGMENTED")):
                note("styled-digit", char)
            zero_points.add(ord(char) - unicodedata.decimal(char))
        elif category in ("No", "Nl"):
            note("look-alike-digit", char)
        elif category == "Me" or (category == "Mn" and index and
                                  digit_value(text[index - 1]) is not None):
            note("mark-on-digit", char)
    problems = [f"{_KIND_WORDS[kind]}: {', '.join(chars[:4])}"
                + (f" and {len(chars) - 4} more" if len(chars) > 4 else "")
                for kind, chars in kinds.items()]
    if len(zero_points) > 1:
        problems.append("mixes digits of different scripts ("
                        + ", ".join(show_char(chr(z)) for z in sorted(zero_points))
                        + "): write every number in one script's digits")
    return problems


_KIND_WORDS = {
    "bidi": "contains a bidi control character that reorders what prints (the pamphlet "
            "adds its own direction marks around numbers); remove it",
    "joiner": "contains a zero-width joiner or non-joiner outside a word of Arabic or an "
              "Indic script (the only place a spelling needs one); remove it",
    "invisible": "contains an invisible (format or default-ignorable) character that "
                 "prints as nothing but can split or hide text; remove it",
    "control": "contains a control character; remove it",
    "space": "contains an unusual space or line separator; use an ordinary space "
             "(or U+00A0 NO-BREAK SPACE)",
    "unassigned": "contains a private-use, surrogate or unassigned code point, which "
                  "no font prints reliably; remove it",
    "styled-digit": "contains styled digits (mathematical or segmented) that fonts may "
                    "not print; use ordinary digits",
    "look-alike-digit": "contains a character that reads as a number but is not a plain "
                        "digit (superscript, circled, fraction or Roman numeral); "
                        "write plain digits",
    "mark-on-digit": "contains a combining mark on a digit (or an enclosing mark), which "
                     "changes how the number looks; remove it",
}


def entity_problems(text: str) -> list[str]:
    """HTML entities other than ALLOWED_ENTITIES, which the page would decode."""
    bad = sorted({m.group(0) for m in ENTITY.finditer(text)
                  if html.unescape(m.group(0)) != m.group(0)
                  and m.group(0) not in ALLOWED_ENTITIES})
    if not bad:
        return []
    return [f"contains the HTML entity {', '.join(visible(b) for b in bad[:4])}: write the "
            f"character itself (only {', '.join(sorted(ALLOWED_ENTITIES))} are allowed)"]


def printed_text(text: str, markup: bool) -> str:
    """The characters a reader sees: for markup, without tags and with entities decoded."""
    return html.unescape(TAG.sub("", text)) if markup else text


def renders_blank(text: str, markup: bool = False) -> bool:
    """True when nothing readable would print: only whitespace, invisible characters,
    combining marks with nothing to sit on, tags (markup) and entities that decode
    to those."""
    return all(c.isspace() or is_invisible(c) or unicodedata.category(c)[0] == "M"
               for c in printed_text(text, markup))
