"""Where one copy of the project's data lives.

Code takes a `Project` instead of reading module-level paths, so a test (or
a clinic's own copy) builds from another folder by passing it, and nothing
needs patching.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DOMAIN = "guide"
SOURCE_LOCALE = "en"
#: The folders that make a folder a project copy (see `show`).
DATA_FOLDERS = ("templates", "regions", "locales", "fonts")


@dataclass(frozen=True)
class LanguageFiles:
    """A language's two files: its catalog and its review record."""

    catalog: Path
    review: Path


@dataclass(frozen=True)
class Project:
    """The data folders of one project copy: templates, fonts, catalogs, regions."""

    root: Path

    @classmethod
    def here(cls) -> "Project":
        """The copy this package was installed from."""
        return cls(Path(__file__).resolve().parent.parent)

    def __truediv__(self, name: str) -> Path:
        return self.root / name

    def __fspath__(self) -> str:
        return str(self.root)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def regions(self) -> Path:
        return self.root / "regions"

    @property
    def pot(self) -> Path:
        return self.locales / f"{DOMAIN}.pot"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    def language_files(self, locale: str) -> LanguageFiles:
        folder = self.locales / locale
        return LanguageFiles(folder / "LC_MESSAGES" / f"{DOMAIN}.po", folder / "review.toml")


PROJECT = Project.here()


def show(path: Path) -> str:
    """A path as a user would type it: relative to the project copy it lies in."""
    resolved = Path(path).resolve()
    for folder in resolved.parents:
        if all((folder / name).is_dir() for name in DATA_FOLDERS):
            return str(resolved.relative_to(folder))
    return str(path)
