"""Checks on one translated entry beside its English, in the shape of Babel's checkers.

Each check is a small function that looks at one `Entry` and returns what is
wrong in words, or None. A new rule is one function and one line in CHECKS.
They run on every entry of every catalog when it loads (guide/catalogs.py),
and each problem is reported at the entry's file and line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .wording import number_problem, stigma_problem

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Entry:
    """One form of a translation, beside the English it translates."""

    english: str  # the singular English text
    translation: str
    language: str  # the catalog's locale code, e.g. "zh_Hans"
    english_plural: str | None = None  # plural entries: the English plural
    service_name: bool = False  # a helpline's own name: a proper noun

    @property
    def quoted(self) -> str:
        return quote(self.english)


def placeholders(entry: Entry) -> str | None:
    """The same %(name)s placeholders as the English (a plural form may drop the count)."""
    want, got = tokens(PLACEHOLDER, entry.english), tokens(PLACEHOLDER, entry.translation)
    if entry.english_plural is not None:
        good = set(got) <= set(want) | set(tokens(PLACEHOLDER, entry.english_plural))
    else:
        good = got == want
    return None if good else _differ("placeholders", entry, want, got)


def tags(entry: Entry) -> str | None:
    """The same HTML tags as the English: a translation may not add markup."""
    want, got = tokens(TAG, entry.english), tokens(TAG, entry.translation)
    return None if got == want else _differ("HTML tags", entry, want, got)


def brackets(entry: Entry) -> str | None:
    """No '<' or '>' outside the English's tags: "<!--" or a half tag would break the page."""
    if loose_brackets(entry.translation) == loose_brackets(entry.english):
        return None
    return (f"'<' or '>' outside a tag the English has, in {entry.quoted}: "
            "remove it (write « » for quotes)")


def numbers(entry: Entry) -> str | None:
    """Every number of the English, and no other (plural forms may differ)."""
    if entry.english_plural is not None:
        return None
    problem = number_problem(entry.english, entry.translation)
    return f"{problem}, in {entry.quoted}" if problem else None


def wording(entry: Entry) -> str | None:
    """No stigmatising labels for people (a service's own name is left alone)."""
    if entry.service_name:
        return None
    problem = stigma_problem(entry.language, entry.translation)
    return f"{problem}, in {entry.quoted}" if problem else None


CHECKS = (placeholders, tags, brackets, numbers, wording)


def entry_problems(entry: Entry) -> list[str]:
    return [problem for check in CHECKS if (problem := check(entry))]


def _differ(what: str, entry: Entry, want: Counter, got: Counter) -> str:
    return (f"{what} differ from the English in {entry.quoted}: the English "
            f"has {_list(want)}, the translation has {_list(got)}")


def loose_brackets(text: str) -> int:
    bare = TAG.sub("", text)
    return bare.count("<") + bare.count(">")


def tokens(pattern: re.Pattern, text: str) -> Counter:
    return Counter(re.sub(r"\s+", " ", m.group(0)) for m in pattern.finditer(text))


def _list(found: Counter) -> str:
    return ", ".join(sorted(found.elements())) or "none"


def quote(text: str, limit: int = 60) -> str:
    """A short excerpt of a text for a message, on one line."""
    text = " ".join(str(text).split())
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'
