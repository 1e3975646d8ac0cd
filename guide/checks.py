"""Checks on one translated entry beside its English, in the shape of Babel's checkers.

Each check is a small function that looks at one `Entry` and returns what is
wrong in words, or None. A new rule is one function and one line in CHECKS.
They run on every entry of every catalog when it loads (guide/catalogs.py),
and each problem is reported at the entry's file and line.

What prints must be what was checked, so the checks look at the text as it
prints: template text is HTML (Jinja marks it safe), so its entities are
decoded first ("&lt;svg&gt;" prints as "<svg>", "&#57;" as "9"); region text
is printed as written (escaped), so there an entity prints as itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .unicode_policy import (
    ENTITY,
    TAG,
    character_problems,
    entity_problems,
    printed_text,
    visible,
)
from .wording import number_problem, stigma_problem

# Every %-conversion Python's "%" operator reads (Jinja formats template text
# with it: `translation % variables`), so none can slip past as a stray "%".
CONVERSION = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


@dataclass(frozen=True)
class Entry:
    """One form of a translation, beside the English it translates."""

    english: str  # the singular English text
    translation: str
    language: str  # the catalog's locale code, e.g. "zh_Hans"
    english_plural: str | None = None  # plural entries: the English plural
    service_name: bool = False  # a helpline's own name: a proper noun
    #: Template text: HTML marked safe and %-formatted by Jinja. Region text
    #: (helpline names, descriptions, notes) is escaped and printed as written.
    markup: bool = True

    @property
    def quoted(self) -> str:
        return quote(self.english)

    @property
    def printed(self) -> str:
        """The translation as the reader sees it (tags removed, entities decoded)."""
        return printed_text(self.translation, self.markup)

    def english_printed(self, text: str | None = None) -> str:
        return printed_text(self.english if text is None else text, self.markup)


def characters(entry: Entry) -> str | None:
    """Only characters that print as themselves (guide/unicode_policy.py)."""
    problems = character_problems(entry.printed)
    return f"{'; '.join(problems)}, in {entry.quoted}" if problems else None


def entities(entry: Entry) -> str | None:
    """Template text: only &amp; &lt; &gt; &quot; &nbsp;. Region text: none at all."""
    if entry.markup:
        problems = entity_problems(entry.translation)
        return f"{problems[0]}, in {entry.quoted}" if problems else None
    found = sorted({m.group(0) for m in ENTITY.finditer(entry.translation)
                    if m.group(0).endswith(";")} - {m.group(0) for m in
                                                     ENTITY.finditer(entry.english)})
    if not found:
        return None
    return (f"contains {', '.join(visible(f) for f in found[:4])}, which prints as written "
            f"here (helpline text is not HTML): write the character itself, in "
            f"{entry.quoted}")


def placeholders(entry: Entry) -> str | None:
    """Exactly the English's %-conversions: no stray '%', no %(number)r for %(number)s.

    Jinja formats template text with Python's '%', so any other '%' would stop
    the build with a traceback or print the wrong thing. A plural form may drop
    the count. Region text is not %-formatted: skipped.
    """
    if not entry.markup:
        return None
    want = conversions(entry.english)
    allowed = set(want) | set(conversions(entry.english_plural or "")) | {"%%"}
    found, stray = percent_signs(entry.translation)
    stray += [token for token in found if token not in allowed and "(" not in token]
    if stray:
        return (f"a '%' that is not one of the English's placeholders "
                f"({', '.join(repr(visible(u)) for u in stray[:3])}; the English has "
                f"{_list(want)}): write '%%' for a percent sign, in {entry.quoted}")
    got = conversions(entry.translation)
    good = set(got) <= allowed if entry.english_plural is not None else got == want
    return None if good else _differ("placeholders", entry, want, got)


def tags(entry: Entry) -> str | None:
    """The English's HTML tags, in the English's order and nesting, and no others.

    A translation may move words between the tags, but reordered tags
    ("</strong>…<strong>") would make half a page bold.
    """
    want, got = tag_sequence(entry.english), tag_sequence(entry.translation)
    if got == want:
        return None
    if sorted(got) == sorted(want):
        return (f"HTML tags are in a different order from the English in {entry.quoted}: "
                f"the English has {_sequence(want)}, the translation has {_sequence(got)}")
    return _differ("HTML tags", entry, Counter(want), Counter(got))


def brackets(entry: Entry) -> str | None:
    """No '<' or '>' outside the English's tags, also not as &lt; &gt;: "<!--" or a
    half tag would break the page."""
    if _brackets(entry.printed) == _brackets(entry.english_printed()):
        return None
    return (f"'<' or '>' (or &lt; &gt;) outside a tag the English has, in {entry.quoted}: "
            "remove it (write « » for quotes)")


def numbers(entry: Entry) -> str | None:
    """Every number of the English, in the English's order, and no other.

    A plural form states the numbers of the English singular or of its plural.
    """
    problem = number_problem(entry.english_printed(), entry.printed)
    if problem and entry.english_plural is not None:
        if not number_problem(entry.english_printed(entry.english_plural), entry.printed):
            return None
    return f"{problem}, in {entry.quoted}" if problem else None


def wording(entry: Entry) -> str | None:
    """No stigmatising labels for people (a service's own name is left alone)."""
    if entry.service_name:
        return None
    problem = stigma_problem(entry.language, entry.printed)
    return f"{problem}, in {entry.quoted}" if problem else None


CHECKS = (characters, entities, placeholders, tags, brackets, numbers, wording)


def entry_problems(entry: Entry) -> list[str]:
    return [problem for check in CHECKS if (problem := check(entry))]


def conversions(text: str) -> Counter:
    """The %-conversions of a text ("%(number)s"), without the literal "%%"."""
    return Counter(token for token in percent_signs(text)[0] if token != "%%")


def percent_signs(text: str) -> tuple[list[str], list[str]]:
    """Every '%' of a text as Python's '%' reads it: conversions, and stray signs."""
    found, stray, index = [], [], text.find("%")
    while index != -1:
        match = CONVERSION.match(text, index)
        if match:
            found.append(match.group(0))
            index = match.end()
        else:
            stray.append(text[index:index + 8])
            index += 1
        index = text.find("%", index)
    return found, stray


def tag_sequence(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", m.group(0)) for m in TAG.finditer(text)]


def _differ(what: str, entry: Entry, want: Counter, got: Counter) -> str:
    return (f"{what} differ from the English in {entry.quoted}: the English "
            f"has {_list(want)}, the translation has {_list(got)}")


def _brackets(printed: str) -> int:
    return printed.count("<") + printed.count(">")


def _list(found: Counter) -> str:
    return ", ".join(visible(t) for t in sorted(found.elements())) or "none"


def _sequence(found: list[str]) -> str:
    return " … ".join(visible(t) for t in found) or "none"


def quote(text: str, limit: int = 60) -> str:
    """A short excerpt of a text for a message, on one line, invisible characters shown."""
    text = visible(" ".join(str(text).split()))
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'
