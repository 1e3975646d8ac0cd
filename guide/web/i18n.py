"""The web page's own words: gettext domain "web", next to each language's guide catalog.

locales/<lang>/LC_MESSAGES/web.po holds the interface's translations and
locales/<lang>/web-review.toml its review status, read by the same code as
the guide's (guide/review.py). Catalogs are compiled in memory with Babel,
so there is no .mo file to forget to rebuild.
"""

from __future__ import annotations

import io
from functools import lru_cache

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..catalogs import current_pairs
from ..errors import CatalogError
from ..paths import SOURCE_LOCALE, Project
from ..reading import read_limited
from ..review import ReviewStatus, load_review, review_status
from ..signoff import SignOffs

DOMAIN = "web"
MAX_PO_BYTES = 1024 * 1024


def ui_languages(project: Project) -> list[str]:
    """English and every language with a web.po."""
    found = {p.parent.parent.name for p in project.locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LOCALE})


@lru_cache(maxsize=32)
def ui_translations(project: Project, lang: str) -> NullTranslations:
    if lang == SOURCE_LOCALE:
        return NullTranslations()
    path = project.locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    data = read_limited(path, MAX_PO_BYTES, CatalogError, "a catalog", project.locales)
    catalog = read_po(io.BytesIO(data), locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@lru_cache(maxsize=32)
def ui_review(project: Project, lang: str) -> ReviewStatus:
    """The page's own translation, reviewed entry by entry like the guide's (guide/review.py)."""
    if lang == SOURCE_LOCALE:
        return ReviewStatus("source")
    path = project.locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    data = read_limited(path, MAX_PO_BYTES, CatalogError, "a catalog", project.locales)
    catalog = read_po(io.BytesIO(data), locale=lang, domain=DOMAIN)
    messages = {(m.context, m.id): m.string for m in catalog
                if m.id and m.string and not m.fuzzy}
    review = load_review(project.locales / lang / f"{DOMAIN}-review.toml", project.locales)
    signoffs = SignOffs(review.sessions, current_pairs(messages))
    return review_status(signoffs, set(signoffs.current), Locale.parse(lang))


def choose_language(asked: str | None, accept_language: str, available: list[str]) -> str:
    """?lang= if it is one we have, else the browser's preference, else English."""
    if asked in available:
        return asked
    wanted = [part.split(";")[0].strip().replace("-", "_")
              for part in accept_language.split(",") if part.strip()]
    return negotiate_locale(wanted, available, sep="_") or SOURCE_LOCALE
