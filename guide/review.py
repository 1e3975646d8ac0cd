"""Who has checked a translation, entry by entry: locales/<lang>/review.toml.

The file holds the translation's sign-offs (guide/signoff.py): each review
session names its reviewer, its date and the English/translation pairs it
signed. A pamphlet is "reviewed" only when every entry it prints carries a
current sign-off; "partly reviewed" with the share otherwise; a "draft"
when none does. A whole-language `status = "reviewed"` is not accepted: it
could not expire when the text changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_skeleton

from .errors import CatalogError, quoted
from .fields import read_toml
from .paths import show
from .signoff import SignOff, SignOffs
from .unicode_policy import (
    character_problems,
    phone_like_numbers,
    renders_blank,
    visible,
)

REVIEW_KEYS = {"status", "note", "signoff"}
SIGNOFF_KEYS = {"reviewer", "date", "entries"}
PAIR = re.compile(r"^[0-9a-f]{16}:[0-9a-f]{16}$")


@dataclass(frozen=True)
class ReviewStatus:
    status: str  # "source", "draft", "partly" or "reviewed"
    reviewer: str | None = None  # reviewed: who signed (several: joined)
    date: dt.date | None = None  # reviewed: the latest sign-off
    date_text: str | None = None
    signed: int = 0  # printed entries with a current sign-off
    total: int = 0  # printed entries

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_partly(self) -> bool:
        return self.status == "partly"

    @property
    def percent(self) -> int:
        """The reviewed share, rounded down: never claim more than was checked."""
        return 100 * self.signed // self.total if self.total else 0

    @property
    def metadata(self) -> str:
        """The status in words for the PDF's metadata (always in English)."""
        if self.status == "reviewed":
            return f"reviewed by {self.reviewer} on {self.date:%Y-%m-%d}"
        if self.status == "partly":
            return (f"partly reviewed: {self.signed} of {self.total} entries checked by a "
                    "health professional who speaks this language")
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


@dataclass(frozen=True)
class ReviewFile:
    """What a review.toml says: its sign-off sessions, and any notice about the file."""

    sessions: tuple[SignOff, ...] = ()
    notices: tuple[str, ...] = ()


def load_review(path: Path, folder: Path, strict: bool = False,
                today: dt.date | None = None) -> ReviewFile:
    """Read a review file. A missing one means a draft, the safe reading, so a new
    language can be previewed; the build says how to create it, and --strict
    requires it."""
    if not path.is_file() and not path.is_symlink():
        message = (f"{show(path)}: missing, so this translation counts as a draft. Create it "
                   "with the line: status = \"draft\"")
        if strict:
            raise CatalogError(message + " (--strict)")
        return ReviewFile(notices=(message,))
    data = read_toml(path, CatalogError, folder=folder)
    problems = [f"unknown key {quoted(k)}" for k in sorted(set(data) - REVIEW_KEYS)]
    if data.get("status") != "draft":
        problems.append(f"status: must be \"draft\", got {quoted(data.get('status'))}. A "
                        "review is recorded entry by entry ([[signoff]], written by "
                        "build_pdf.py proof --record), so that it expires when the text changes")
    sessions = data.get("signoff", [])
    if not isinstance(sessions, list):
        problems.append("signoff: must be a list of [[signoff]] tables")
        sessions = []
    found = [_session(i, s, problems, today or dt.date.today()) for i, s in enumerate(sessions)]
    if problems:
        raise CatalogError(f"{show(path)}:", problems=problems)
    return ReviewFile(tuple(s for s in found if s))


def _session(index: int, table, problems: list[str], today: dt.date) -> SignOff | None:
    where = f"signoff[{index}]"
    if not isinstance(table, dict):
        problems.append(f"{where}: must be a table")
        return None
    problems += [f"{where}: unknown key {quoted(k)}" for k in sorted(set(table) - SIGNOFF_KEYS)]
    reviewer, date, entries = table.get("reviewer"), table.get("date"), table.get("entries")
    before = len(problems)
    if not isinstance(reviewer, str) or renders_blank(reviewer) or len(reviewer) > 120:
        problems.append(f"{where}.reviewer: the reviewer's name and role or organisation")
    else:
        problems += [f"{where}.{p}" for p in reviewer_problems(reviewer)]
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime) or date > today:
        problems.append(f"{where}.date: the date of the review, not in the future "
                        "(written as 2026-12-01)")
    if not isinstance(entries, list) or not all(isinstance(e, str) and PAIR.match(e)
                                                for e in entries):
        problems.append(f"{where}.entries: must be a list of \"key:hash\" pairs, as "
                        "build_pdf.py proof --record writes them")
    if len(problems) > before:
        return None
    return SignOff(reviewer.strip(), date, tuple(tuple(e.split(":")) for e in entries))


def review_status(signoffs: SignOffs, printed: set[str], locale: Locale) -> ReviewStatus:
    """What a pamphlet may say about the review of the entries it prints."""
    signed, total = signoffs.share(printed)
    if total and signed == total:
        sessions = {signoffs.signed[key] for key in printed if key in signoffs.signed}
        names = ", ".join(sorted({s.reviewer for s in sessions}))
        latest = max(s.date for s in sessions)
        return ReviewStatus("reviewed", names, latest,
                            format_skeleton("yMMMM", latest, locale=locale), signed, total)
    if signed:
        return ReviewStatus("partly", signed=signed, total=total)
    return ReviewStatus("draft", signed=0, total=total)
