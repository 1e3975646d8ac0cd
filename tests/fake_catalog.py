"""A complete, obviously-fake catalog made from guide.pot, for tests to break.

Like Sphinx's `xx` test locale: every translation is the English text wrapped
in « », so placeholders and tags are kept and untranslated text stands out.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from guide.paths import DOMAIN, PROJECT

FAKE_LOCALE = "fr"


def write_fake_catalog(locale: str = FAKE_LOCALE, review: str = 'status = "draft"\n',
                       project=PROJECT) -> Path:
    with project.pot.open("rb") as fh:
        template = read_po(fh)
    catalog = Catalog(locale=locale, domain=DOMAIN, fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, f"«{message.id}»", context=message.context)
    target = project.locales / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        write_po(fh, catalog, width=0)
    (project.locales / locale / "review.toml").write_text(review, encoding="utf-8")
    return target


def edit_entry(path: Path, msgid_start: str, new_lines: str) -> int:
    """Replace the msgstr of the entry whose msgid starts with msgid_start; return its line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f'msgid "{msgid_start}'):
            assert lines[index + 1].startswith("msgstr ")
            lines[index + 1] = new_lines
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return index + 1
    raise AssertionError(f"no msgid starting {msgid_start!r} in {path}")


def sign_everything(locale: str, reviewer: str, date: str, project=PROJECT) -> None:
    """Record a sign-off of every entry of a catalog, as `proof --record` would."""
    from guide.catalogs import load_catalog

    current = load_catalog(locale, project=project).signoffs.current
    entries = ", ".join(f'"{key}:{pair}"' for key, pair in sorted(current.items()))
    review = project.language_files(locale).review
    review.write_text(f'status = "draft"\n\n[[signoff]]\nreviewer = "{reviewer}"\n'
                      f"date = {date}\nentries = [{entries}]\n", encoding="utf-8")
