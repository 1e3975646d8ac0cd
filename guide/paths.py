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
