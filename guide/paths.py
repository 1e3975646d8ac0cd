"""Where the project's data lives, resolved once from the package location."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FONTS = ROOT / "fonts"
LOCALES = ROOT / "locales"
REGIONS = ROOT / "regions"
POT_FILE = LOCALES / "guide.pot"
DOMAIN = "guide"
SOURCE_LOCALE = "en"
DIST = ROOT / "dist"


def show(path: Path) -> str:
    """A path as a user would type it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
