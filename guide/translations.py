"""The gettext chain a pamphlet is rendered with: variant -> language -> a strict end.

Lookups are Python's and Babel's own: each checked catalog is compiled in
memory to a `babel.support.Translations`, and a variant (fr_CA) falls back
to its language (fr) with `add_fallback`, so a variant holds only the
entries that differ. What no catalog translates reaches `StrictEnd`, which
never returns English silently: it is an error, or, in a build that allows
incomplete catalogs, English that is recorded so the pamphlet says so.
"""

from __future__ import annotations

import gettext
import io

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from .checks import quote
from .errors import CatalogError
from .paths import DOMAIN


class StrictEnd(gettext.NullTranslations):
    """The last link of every chain: a text nobody translated."""

    def __init__(self, known: frozenset, pot_path: str, source_path: str,
                 allow_missing: bool = False, source: bool = False):
        super().__init__()
        self.known, self.pot_path, self.source_path = known, pot_path, source_path
        self.allow_missing, self.source = allow_missing, source
        self.used_fallback: set = set()

    def _english(self, context, msgid, text):
        key = (context, msgid)
        if self.source and key in self.known:  # the English source: its text is the translation
            return text
        if self.allow_missing:
            self.used_fallback.add(key)
            return text
        if key not in self.known:
            raise CatalogError(
                f"{self.pot_path}: the text {quote(msgid)} is used by a template or "
                f"region file but is not in the catalog template; run `make extract` "
                f"and then `make update`")
        raise CatalogError(f"{self.source_path}: no translation for {quote(msgid)}")

    def gettext(self, message):
        return self._english(None, message, message)

    def ngettext(self, singular, plural, n):
        return self._english(None, singular, singular if n == 1 else plural)

    def pgettext(self, context, message):
        return self._english(context, message, message)

    def npgettext(self, context, singular, plural, n):
        return self._english(context, singular, singular if n == 1 else plural)


def compiled(catalog: Catalog, messages: dict, fallback: gettext.NullTranslations) -> Translations:
    """The checked entries of a catalog as gettext translations, falling back to `fallback`.

    messages: (context, msgid) -> string(s), only entries that passed every
    check; anything else is left out, so it falls through to the fallback.
    """
    usable = Catalog(locale=catalog.locale, domain=DOMAIN)
    usable.mime_headers = catalog.mime_headers  # Plural-Forms, charset
    for (context, msgid), string in messages.items():
        original = catalog.get(msgid, context)
        usable.add(original.id if original is not None else msgid, string, context=context)
    data = io.BytesIO()
    write_mo(data, usable)
    data.seek(0)
    translations = Translations(data, domain=DOMAIN)
    translations.add_fallback(fallback)
    return translations


class Recorder(gettext.NullTranslations):
    """The head of a chain during one render: notes every entry the pamphlet prints.

    The pamphlet may claim a review only for what it prints (guide/review.py).
    """

    def __init__(self, chain: gettext.NullTranslations):
        super().__init__()
        self.add_fallback(chain)
        self.printed: set[tuple[str | None, str]] = set()

    def gettext(self, message):
        self.printed.add((None, message))
        return self._fallback.gettext(message)

    def ngettext(self, singular, plural, n):
        self.printed.add((None, singular))
        return self._fallback.ngettext(singular, plural, n)

    def pgettext(self, context, message):
        self.printed.add((context, message))
        return self._fallback.pgettext(context, message)

    def npgettext(self, context, singular, plural, n):
        self.printed.add((context, singular))
        return self._fallback.npgettext(context, singular, plural, n)
