"""Load one language's gettext catalog and refuse any that would mislead a reader.

Catalogs are ordinary ``.po`` files read with Babel at build time (no compiled
``.mo`` is needed). Babel alone is too forgiving for a health handout: a
missing catalog gives English silently, fuzzy entries are quietly skipped, and
its parser accepts unterminated strings and duplicate entries. So each catalog
is linted line by line, then compared entry by entry with ``locales/guide.pot``,
and every problem is reported as ``file:line: what to change``.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from .checks import Entry, entry_problems, quote
from .errors import CatalogError
from .paths import DOMAIN, PROJECT, SOURCE_LOCALE, Project
from .paths import show as _show
from .reading import read_limited
from .review import ReviewStatus, load_review, review_status
from .signoff import SignOffs, entry_key, pair_hash
from .translations import StrictEnd, compiled
from .unicode_policy import character_problems, printed_text, renders_blank, visible
from .wording import stigma_problem

PO_LINE = re.compile(
    r'^(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"((?:[^"\\]|\\.)*)"\s*$')
#: Pseudo-locales (made in the tests) and the real language Babel formats them as.
PSEUDO_LOCALES = {"en_XA": "en"}
#: Our catalogs are about 50 KB; a file far larger is refused before parsing.
MAX_CATALOG_BYTES = 2 * 1024 * 1024


@dataclass
class LoadedCatalog:
    locale: str
    path: Path | None
    translations: gettext.NullTranslations  # the chain head (guide/translations.py)
    review: ReviewStatus
    warnings: list[str] = field(default_factory=list)  # problems a preview lets through
    end: StrictEnd | None = None  # the chain's end, which records English used
    notices: list[str] = field(default_factory=list)  # for the build's output, not errors
    parent: LoadedCatalog | None = None  # a variant's language
    overrides: int = 0  # a variant: how many entries it translates itself
    signoffs: SignOffs = field(default_factory=SignOffs)  # per-entry review
    babel_locale: Locale | None = None

    def review_for(self, printed: set[tuple[str | None, str]]) -> ReviewStatus:
        """The review status a pamphlet printing these entries (context, English) may claim."""
        if self.review.status == "source":
            return self.review
        keys = {entry_key(context, msgid) for context, msgid in printed}
        own = keys & set(self.signoffs.current)
        if self.parent is None or self.parent.review.status == "source":
            return review_status(self.signoffs, own, self.babel_locale)
        mine = review_status(self.signoffs, own, self.babel_locale)
        theirs = self.parent.review_for({p for p in printed
                                         if entry_key(*p) not in self.signoffs.current})
        return combine(mine, theirs)

    @property
    def incomplete(self) -> bool:
        """True when the pamphlet will show some English: it then says so."""
        return (bool(self.warnings) or bool(self.end and self.end.used_fallback)
                or bool(self.parent and self.parent.incomplete))


def variant_parent(locale: str) -> str | None:
    """The language a variant (fr_CA, en_US, zh_Hans_TW) falls back to; None for a language."""
    if locale in PSEUDO_LOCALES:
        return None
    try:
        parsed = Locale.parse(locale)
    except (ValueError, TypeError):
        return None
    if not parsed.territory:
        return None
    return "_".join(part for part in (parsed.language, parsed.script) if part)


def available_locales(project: Project = PROJECT) -> list[str]:
    """The source language and every language with a catalog, sorted."""
    found = {p.parent.parent.name for p in project.locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LOCALE})


def load_catalog(locale: str, *, allow_incomplete: bool = False, strict: bool = False,
                 project: Project = PROJECT) -> LoadedCatalog:
    """Load and check one language or variant, or raise CatalogError listing every problem.

    strict: a missing review file is an error (otherwise: a draft, with a notice).
    """
    template = read_template(project.pot)
    known = frozenset((m.context, m.id) for m in template if m.id)
    pot = _show(project.pot)
    parent_code = variant_parent(locale)
    if locale == SOURCE_LOCALE:
        end = StrictEnd(known, pot, pot, allow_incomplete, source=True)
        return LoadedCatalog(locale, None, end, ReviewStatus("source"), end=end)
    files = project.language_files(locale)
    path = files.catalog
    babel_locale = _parse_locale(locale, path)
    parent = None
    if parent_code:
        parent = load_catalog(parent_code, allow_incomplete=allow_incomplete, strict=strict,
                              project=project)
    if not path.is_file() and not path.is_symlink():
        message = (f"{_show(path)}: there is no catalog for '{locale}'. Start one with: "
                   f"pybabel init -i {pot} -d {_show(project.locales)} -D {DOMAIN} "
                   f"-l {locale}")
        if not allow_incomplete:
            raise CatalogError(message)
        end = StrictEnd(known, pot, _show(path), allow_missing=True)
        return LoadedCatalog(locale, path, end, ReviewStatus("draft"), [message], end=end)
    catalog = read_catalog(path, babel_locale, project.locales)
    messages, errors = check_catalog(catalog, template, path, babel_locale,
                                     variant=parent is not None)
    if errors and not allow_incomplete:
        raise CatalogError(f"{_show(path)}: {len(errors)} problem(s); this language "
                           "cannot be printed until they are fixed:", problems=errors)
    review_file = load_review(files.review, project.locales, strict)
    signoffs = SignOffs(review_file.sessions, current_pairs(messages))
    notices = list(review_file.notices)
    if parent is not None:
        translations = compiled(catalog, messages, parent.translations)
        loaded = LoadedCatalog(locale, path, translations, ReviewStatus("draft"), errors, None,
                               notices + parent.notices, parent, len(messages), signoffs,
                               babel_locale)
    else:
        end = StrictEnd(known, pot, _show(path), allow_missing=allow_incomplete)
        loaded = LoadedCatalog(locale, path, compiled(catalog, messages, end),
                               ReviewStatus("draft"), errors, end, notices,
                               signoffs=signoffs, babel_locale=babel_locale)
    # The language as a whole: every entry of the template counts as printed.
    loaded.review = loaded.review_for({(m.context, _singular(m.id)) for m in template if m.id})
    return loaded


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def current_pairs(messages: dict) -> dict[str, str]:
    """Entry key -> the hash of today's English/translation pair, for each usable entry."""
    return {entry_key(context, _singular(msgid)): pair_hash(context, msgid, string)
            for (context, msgid), string in messages.items()}


def combine(mine: ReviewStatus, theirs: ReviewStatus) -> ReviewStatus:
    """A variant pamphlet's status: its own entries' review and its language's, together."""
    signed, total = mine.signed + theirs.signed, mine.total + theirs.total
    if total and signed == total:
        names = ", ".join(sorted({n for s in (mine, theirs) if s.reviewer
                                  for n in s.reviewer.split(", ")}))
        latest = max(d for d in (mine.date, theirs.date) if d)
        text = max((mine, theirs), key=lambda s: s.date or latest).date_text
        return ReviewStatus("reviewed", names, latest, text, signed, total)
    return ReviewStatus("partly" if signed else "draft", signed=signed, total=total)


def read_template(pot: Path) -> Catalog:
    """The catalog template (guide.pot), parsed once per process while unchanged."""
    if not pot.is_file():
        raise CatalogError(f"{_show(pot)}: the catalog template is missing; "
                           "create it with `make extract`")
    stat = pot.stat()
    return _read_template(pot, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_template(pot: Path, mtime_ns: int, size: int) -> Catalog:
    return read_catalog(pot, None, pot.parent)


def check_catalog(catalog: Catalog, template: Catalog, path: Path, locale: Locale,
                  variant: bool = False) -> tuple[dict, list[str]]:
    """Return the usable translations and every problem, each as 'file:line: ...'.

    variant: a catalog that holds only what differs from its language; an
    entry it leaves empty (or out) is its language's, not a problem.
    """
    shown = _show(path)
    errors = []
    if catalog.fuzzy:
        errors.append(f"{shown}:1: the whole catalog is marked fuzzy ('#, fuzzy' in the "
                      "header): review it, then remove that flag")
    expected = get_plural(str(locale)).num_plurals
    if catalog.num_plurals != expected:
        errors.append(f"{shown}:1: Plural-Forms says nplurals={catalog.num_plurals}, but "
                      f"{locale.english_name} has {expected}; copy the header from "
                      "`pybabel init`")
    messages = {}
    for source in template:
        if not source.id:
            continue
        entry = catalog.get(source.id, source.context)
        if variant and _left_to_parent(entry):
            continue
        problems = _entry_problems(source, entry, catalog.fuzzy, str(locale))
        if problems:
            line = entry.lineno if entry is not None and entry.lineno else 1
            errors.extend(f"{shown}:{line}: {p}" for p in problems)
        else:
            string = entry.string
            messages[(source.context, source.id)] = tuple(string) if isinstance(
                string, (list, tuple)) else string
    return messages, errors


def _left_to_parent(entry) -> bool:
    if entry is None:
        return True
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    return not any(s and s.strip() for s in strings)


def _entry_problems(source, entry, catalog_fuzzy: bool, language: str) -> list[str]:
    """Whether an entry is there, translated and current; then every check in checks.py."""
    text = quote(source.id if isinstance(source.id, str) else source.id[0])
    if entry is None:
        return [f"no entry for {text}: run `make update` and translate it"]
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    markup = is_template_text(source)
    if not all(s for s in strings):
        return [f"not translated: {text}"]
    if any(renders_blank(s, markup) for s in strings):
        return [f"not translated: the translation of {text} prints as blank (only spaces, "
                "invisible characters, tags or entities); translate it"]
    if entry.fuzzy and not catalog_fuzzy:
        return [f"marked fuzzy (the English changed since it was translated): "
                f"check {text}, then remove the fuzzy flag"]
    originals = source.id if isinstance(source.id, (list, tuple)) else [source.id]
    plural = originals[1] if len(originals) > 1 else None
    problems = set()
    for string in strings:
        problems.update(entry_problems(Entry(originals[0], string, language, plural,
                                             is_service_name(source), markup)))
    return sorted(problems)


def is_service_name(message) -> bool:
    """A helpline's own name: a proper noun, kept even if it uses an old word."""
    return any(c.startswith("Helpline name") for c in message.auto_comments)


def is_template_text(message) -> bool:
    """Text from the templates: HTML that Jinja marks safe and %-formats.

    Text only from region files is escaped and printed as written. An entry
    with no known place is treated as template text (the stricter reading).
    """
    places = [path for path, _ in message.locations]
    return not places or any(not path.startswith("regions/") for path in places)


def source_problems(project: Project = PROJECT, template: Catalog | None = None) -> list[str]:
    """Wording problems in the English source text itself (guide.pot, or `template`)."""
    template = template or read_template(project.pot)
    return [f"{_show(project.pot)}:{m.lineno}: {problem}, in {quote(m.id)}"
            for m in template if m.id and isinstance(m.id, str) and not is_service_name(m)
            if (problem := stigma_problem(SOURCE_LOCALE, m.id))] + [
        f"{_show(project.pot)}:{m.lineno}: {'; '.join(found)}, in {quote(m.id)}"
        for m in template if m.id for text in _ids(m)
        if (found := character_problems(printed_text(text, is_template_text(m))))]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def read_catalog(path: Path, locale: Locale | None, folder: Path) -> Catalog:
    """Parse a .po/.pot file inside `folder` after a strict line-by-line check of its syntax."""
    raw = read_limited(path, MAX_CATALOG_BYTES, CatalogError, "a catalog", folder)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CatalogError(f"{_show(path)}:{line}: not UTF-8 text; save the file as "
                           "UTF-8") from exc
    problems = lint_po(text, _show(path))
    if problems:
        raise CatalogError(f"{_show(path)} is not a valid .po file:", problems=problems)
    try:
        return read_po(text.splitlines(keepends=True), locale=locale,
                       domain=DOMAIN, ignore_obsolete=True, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise CatalogError(f"{_show(path)}: not a valid .po file: {exc}") from exc


def lint_po(text: str, shown: str) -> list[str]:
    """Catch what Babel's parser forgives: bad lines, open quotes, duplicates."""
    problems, seen = [], {}
    context, key, key_line, last = None, None, 0, None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = PO_LINE.match(stripped)
        if not match:
            problems.append(f"{shown}:{number}: not valid .po syntax (every text must be "
                            f"in double quotes, with \\\" inside): {visible(stripped[:60])}")
            continue
        keyword, value = match.groups()
        if keyword is None and last is None:
            problems.append(f"{shown}:{number}: a quoted line with no msgid or msgstr before it")
        last = keyword or last
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            key, key_line = [context, value], number
        elif keyword is None and last == "msgid" and key is not None:
            key[1] += value
        elif keyword and keyword.startswith("msgstr") and key is not None:
            identity = tuple(key)
            if identity in seen:
                problems.append(f"{shown}:{key_line}: duplicate entry for "
                                f"{quote(identity[1])} (first at line {seen[identity]})")
            else:
                seen[identity] = key_line
            key, context = None, None
    return problems


def parse_locale(locale: str) -> Locale:
    """Babel's locale for a catalog's code; a pseudo-locale formats as its base."""
    return Locale.parse(PSEUDO_LOCALES.get(locale, locale))


def _parse_locale(locale: str, path: Path) -> Locale:
    try:
        return parse_locale(locale)
    except (ValueError, TypeError) as exc:
        raise CatalogError(f"{_show(path)}: '{locale}' is not a language code Babel "
                           f"knows: {exc}") from exc
