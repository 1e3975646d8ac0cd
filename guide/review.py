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
from .unicode_policy import character_problems, phone_like_numbers, renders_blank, visible

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


def reviewer_problems(reviewer: str) -> list[str]:
    """The reviewer's name prints on every pamphlet: the text policy, and no number."""
    problems = [f"reviewer: {p}" for p in character_problems(reviewer)]
    problems += [f"reviewer: contains the number '{visible(written)}': the name of the "
                 "reviewing organisation only (a number printed here would not be checked)"
                 for written, _ in phone_like_numbers(reviewer)]
    return problems


def load_review(path: Path, babel_locale: Locale, folder: Path) -> ReviewStatus:
    """Read a review file: draft, or reviewed by whom and when."""
    if not path.is_file() and not path.is_symlink():
        raise CatalogError(f"{show(path)}: missing. Every translation records its review "
                           "status; for a new one write: status = \"draft\"")
    data = read_toml(path, CatalogError, folder=folder)
    problems = [f"unknown key '{k}'" for k in sorted(set(data) - REVIEW_KEYS)]
    status = data.get("status")
    if status not in REVIEW_STATUSES:
        problems.append(f"status: must be 'draft' or 'reviewed', got {status!r}")
    reviewer, date = data.get("reviewer"), data.get("date")
    if status == "reviewed":
        if not isinstance(reviewer, str) or renders_blank(reviewer):
            problems.append("reviewer: name the organisation that reviewed the translation")
        else:
            problems += reviewer_problems(reviewer)
        if not isinstance(date, dt.date):
            problems.append("date: the review date, written as 2026-11-21")
    if problems:
        raise CatalogError(f"{show(path)}:", problems=problems)
    if status != "reviewed":
        return ReviewStatus(status)
    return ReviewStatus(status, reviewer, date, format_skeleton("yMMMM", date, locale=babel_locale))
