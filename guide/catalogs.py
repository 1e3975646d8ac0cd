"""Load one language's gettext catalog and refuse any that would mislead a reader.

Catalogs are ordinary ``.po`` files read with Babel at build time (no compiled
``.mo`` is needed). Babel alone is too forgiving for a health handout: a
missing catalog gives English silently, fuzzy entries are quietly skipped, and
its parser accepts unterminated strings and duplicate entries. So each catalog
is linted line by line, then compared entry by entry with ``locales/guide.pot``,
and every problem is reported as ``file:line: what to change``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from gettext import c2py
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
from .review import ReviewStatus, load_review
from .unicode_policy import character_problems, printed_text, renders_blank, visible
from .wording import stigma_problem

PO_LINE = re.compile(
    r'^(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"((?:[^"\\]|\\.)*)"\s*$')
#: Pseudo-locales (made in the tests) and the real language Babel formats them as.
PSEUDO_LOCALES = {"en_XA": "en"}
#: Our catalogs are about 50 KB; a file far larger is refused before parsing.
MAX_CATALOG_BYTES = 2 * 1024 * 1024


@dataclass
class StrictTranslations:
    """gettext for Jinja that never returns English for a missing translation.

    A msgid that is not in the catalog is an error, unless the build allows
    incomplete catalogs; then the English text is used and the pamphlet is
    marked (``used_fallback``).
    """

    messages: dict[tuple[str | None, str], str | tuple[str, ...]]
    known_ids: frozenset[tuple[str | None, str]]
    source_path: str
    pot_path: str = "locales/guide.pot"
    plural: object = staticmethod(lambda n: int(n != 1))
    identity: bool = False
    allow_missing: bool = False
    used_fallback: set = field(default_factory=set)

    def _lookup(self, context, msgid):
        key = (context, msgid)
        if self.identity and key in self.known_ids:
            return None
        if key in self.messages:
            return self.messages[key]
        if self.allow_missing:
            self.used_fallback.add(key)
            return None
        if key not in self.known_ids:
            raise CatalogError(
                f"{self.pot_path}: the text {quote(msgid)} is used by a template or "
                f"region file but is not in the catalog template; run `make extract` "
                f"and then `make update`")
        raise CatalogError(f"{self.source_path}: no translation for {quote(msgid)}")

    def gettext(self, msgid):
        found = self._lookup(None, msgid)
        return msgid if found is None else found

    def ngettext(self, singular, plural, n):
        found = self._lookup(None, singular)
        if found is None:
            return singular if n == 1 else plural
        forms = found if isinstance(found, tuple) else (found,)
        return forms[min(self.plural(n), len(forms) - 1)]

    def pgettext(self, context, msgid):
        found = self._lookup(context, msgid)
        return msgid if found is None else found

    def npgettext(self, context, singular, plural, n):
        found = self._lookup(context, singular)
        if found is None:
            return singular if n == 1 else plural
        return found[min(self.plural(n), len(found) - 1)]


@dataclass
class LoadedCatalog:
    locale: str
    path: Path | None
    translations: StrictTranslations
    review: ReviewStatus
    warnings: list[str] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        """True when the pamphlet will show some English: it then says so."""
        return bool(self.warnings) or bool(self.translations.used_fallback)


def available_locales(project: Project = PROJECT) -> list[str]:
    """The source language and every language with a catalog, sorted."""
    found = {p.parent.parent.name for p in project.locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LOCALE})


def load_catalog(locale: str, *, allow_incomplete: bool = False,
                 project: Project = PROJECT) -> LoadedCatalog:
    """Load and check one language, or raise CatalogError listing every problem."""
    template = read_template(project.pot)
    known = frozenset((m.context, m.id) for m in template if m.id)
    pot = _show(project.pot)
    if locale == SOURCE_LOCALE:
        translations = StrictTranslations({}, known, pot, pot, identity=True,
                                          allow_missing=allow_incomplete)
        return LoadedCatalog(locale, None, translations, ReviewStatus("source"))
    files = project.language_files(locale)
    path = files.catalog
    babel_locale = _parse_locale(locale, path)
    if not path.is_file() and not path.is_symlink():
        message = (f"{_show(path)}: there is no catalog for '{locale}'. Start one with: "
                   f"pybabel init -i {pot} -d {_show(project.locales)} -D {DOMAIN} "
                   f"-l {locale}")
        if not allow_incomplete:
            raise CatalogError(message)
        translations = StrictTranslations({}, known, _show(path), pot, allow_missing=True)
        return LoadedCatalog(locale, path, translations, ReviewStatus("draft"), [message])
    catalog = read_catalog(path, babel_locale, project.locales)
    messages, errors = check_catalog(catalog, template, path, babel_locale)
    if errors and not allow_incomplete:
        raise CatalogError(f"{_show(path)}: {len(errors)} problem(s); this language "
                           "cannot be printed until they are fixed:", problems=errors)
    translations = StrictTranslations(
        messages, known, _show(path), pot, plural=c2py(catalog.plural_expr),
        allow_missing=allow_incomplete)
    review = load_review(files.review, babel_locale, project.locales)
    return LoadedCatalog(locale, path, translations, review, errors)


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


def check_catalog(catalog: Catalog, template: Catalog, path: Path,
                  locale: Locale) -> tuple[dict, list[str]]:
    """Return the usable translations and every problem, each as 'file:line: ...'."""
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
        problems = _entry_problems(source, entry, catalog.fuzzy, str(locale))
        if problems:
            line = entry.lineno if entry is not None and entry.lineno else 1
            errors.extend(f"{shown}:{line}: {p}" for p in problems)
        else:
            string = entry.string
            messages[(source.context, source.id)] = tuple(string) if isinstance(
                string, (list, tuple)) else string
    return messages, errors


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
