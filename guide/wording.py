"""Checks on the words of every entry: the numbers, and stigmatising terms.

Both run on the English source and on every translation, entry by entry, so a
problem is reported at its file and line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Labels that stigmatise people who use drugs (NIDA "Words Matter"; the
# content brief). Person-first wording is used instead. Latin and Cyrillic
# terms match whole words; in scripts without spaces between words, or where
# the word takes endings (Arabic مدمن, Ukrainian наркоман), they match inside words.
STIGMA_TERMS: dict[str, tuple[str, ...]] = {
    "en": ("addict", "addicts", "junkie", "junkies", "abuser", "abusers", "clean", "dirty"),
    "es": ("adicto", "adicta", "adictos", "adictas", "drogadicto", "drogadicta",
           "drogadictos", "drogadictas", "yonqui", "yonquis", "toxicómano", "toxicómanos"),
    "fr": ("toxicomane", "toxicomanes", "toxico", "toxicos", "drogué", "droguée", "drogués",
           "droguées", "junkie", "junkies", "camé", "camés"),
    "de": ("junkie", "junkies", "fixer", "süchtige", "süchtiger", "süchtigen",
           "drogensüchtige", "drogensüchtiger", "drogensüchtigen"),
    "pl": ("narkoman", "narkomani", "narkomanów", "narkomanka", "ćpun", "ćpuny", "ćpunów"),
    "vi": ("con nghiện", "dân nghiện", "kẻ nghiện"),
}
STIGMA_STEMS: dict[str, tuple[str, ...]] = {
    "ar": ("مدمن",),
    "uk": ("наркоман", "нарик"),
    "zh": ("吸毒者", "瘾君子", "毒虫", "吸毒人员"),
    "hi": ("नशेड़ी", "नशेबाज़", "नशेबाज"),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def numbers_in(text: str) -> Counter:
    """The numbers a text states, by value, whatever digits it is written in."""
    text = PLACEHOLDER.sub(" ", text)
    runs, current = [], ""
    for char in text:
        if unicodedata.decimal(char, None) is not None:
            current += str(unicodedata.decimal(char))
        elif current:
            runs.append(current.lstrip("0") or "0")
            current = ""
    if current:
        runs.append(current.lstrip("0") or "0")
    return Counter(runs)


def number_problem(source: str, translation: str) -> str | None:
    want, got = numbers_in(source), numbers_in(translation)
    if want == got:
        return None
    return (f"numbers differ from the English: the English has "
            f"{', '.join(sorted(want.elements(), key=int)) or 'none'}, the translation has "
            f"{', '.join(sorted(got.elements(), key=int)) or 'none'}")


def stigma_terms(language: str, text: str) -> list[str]:
    """Stigmatising terms found in a text of the given language ('zh_Hans' -> 'zh')."""
    language = language.split("_")[0]
    lowered = text.lower()
    found = [term for term in STIGMA_TERMS.get(language, ())
             if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", lowered)]
    found += [stem for stem in STIGMA_STEMS.get(language, ()) if stem in lowered]
    return found


def stigma_problem(language: str, text: str) -> str | None:
    found = stigma_terms(language, text)
    if not found:
        return None
    return (f"stigmatising word(s) {', '.join(repr(f) for f in found)}: use person-first "
            "wording such as 'person who uses drugs' (see shared/content-brief.md)")
