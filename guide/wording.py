"""Checks on the words of every entry: the numbers, and stigmatising terms.

Both run on the English source and on every translation, entry by entry, so a
problem is reported at its file and line.
"""

from __future__ import annotations

import re

from .unicode_policy import numbers_in as policy_numbers_in

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


def numbers_in(text: str) -> list[str]:
    """The numbers a text states, in reading order, digit by digit, whatever digits
    it is written in ("٠٨٠٠" is 0800, and 0800 is not 800).

    Digit groups split by spaces or invisible characters are one number
    (guide/unicode_policy.py numbers_in). A placeholder ends a number: it
    prints text of its own.
    """
    text = PLACEHOLDER.sub("\ue002", text)
    return policy_numbers_in(text)


def number_problem(source: str, translation: str) -> str | None:
    """The same numbers as the English, in the same order ("days 3 to 1" is not "1 to 3")."""
    want, got = numbers_in(source), numbers_in(translation)
    if want == got:
        return None
    if sorted(want) == sorted(got):
        return (f"numbers are in a different order from the English: the English has "
                f"{_numbers(want)}, the translation has {_numbers(got)}")
    return (f"numbers differ from the English: the English has {_numbers(want)}, "
            f"the translation has {_numbers(got)}")


def _numbers(found: list[str]) -> str:
    return ", ".join(found) or "none"


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
