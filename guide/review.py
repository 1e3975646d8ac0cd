"""Who, if anyone, has checked a translation: locales/<lang>/review.toml, printed on the pamphlet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_skeleton

from .errors import CatalogError
from .fields import read_toml
from .paths import show

REVIEW_KEYS = {"status", "reviewer", "date", "note"}
REVIEW_STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class ReviewStatus:
    status: str  # "source", "draft" or "reviewed"
    reviewer: str | None = None
    date: dt.date | None = None
    date_text: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def metadata(self) -> str:
        """The status in words for the PDF's metadata (always in English)."""
        if self.status == "reviewed":
            return f"reviewed by {self.reviewer} on {self.date:%Y-%m-%d}"
        if self.status == "draft":
            return ("draft: not yet checked by a health professional who speaks "
                    "this language")
        return "source text (English)"


def load_review(path: Path, babel_locale: Locale, folder: Path,
                strict: bool = False) -> tuple[ReviewStatus, list[str]]:
    """Read a review file: draft, or reviewed by whom and when; and any notice about it.

    A missing file means a draft, the safe reading, so a new language can be
    previewed; the build says how to create it, and --strict requires it.
    """
    if not path.is_file() and not path.is_symlink():
        message = (f"{show(path)}: missing, so this translation counts as a draft. Create it "
                   "with the line: status = \"draft\"")
        if strict:
            raise CatalogError(message + " (--strict)")
        return ReviewStatus("draft"), [message]
    data = read_toml(path, CatalogError, folder=folder)
    problems = [f"unknown key '{k}'" for k in sorted(set(data) - REVIEW_KEYS)]
    status = data.get("status")
    if status not in REVIEW_STATUSES:
        problems.append(f"status: must be 'draft' or 'reviewed', got {status!r}")
    reviewer, date = data.get("reviewer"), data.get("date")
    if status == "reviewed":
        if not isinstance(reviewer, str) or not reviewer.strip():
            problems.append("reviewer: name the organisation that reviewed the translation")
        if not isinstance(date, dt.date):
            problems.append("date: the review date, written as 2026-11-21")
    if problems:
        raise CatalogError(f"{show(path)}:", problems=problems)
    if status != "reviewed":
        return ReviewStatus(status), []
    text = format_skeleton("yMMMM", date, locale=babel_locale)
    return ReviewStatus(status, reviewer, date, text), []
