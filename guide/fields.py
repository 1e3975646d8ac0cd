"""Validated fields shared by region and clinic files: numbers, hours, dates.

A checker collects every problem of a file instead of stopping at the first,
each named by its field, so a clinic fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from babel import Locale, UnknownLocaleError
from phonenumbers import shortnumberinfo

from .errors import GuideError
from .paths import show
from .reading import read_limited

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Digits and the separators people print; letters ("1-800-HELP") are not
# accepted because a reader cannot dial them on every phone.
NUMBER_PATTERN = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9]$|^[0-9]$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# A run of digits in free text that looks like a phone number: four or more
# digits, possibly split by single spaces or dashes ("0800 111 0 222").
DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){3,}")
HOURS_KEYS = {"days", "opens", "closes"}
#: Data files are small; anything larger is a mistake or an attack, refused
#: before it is parsed.
MAX_DATA_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class PhoneNumber:
    """A validated number: how to print it, and the digits a reader dials."""

    display: str
    digits: str


@dataclass(frozen=True)
class Hours:
    """Opening hours as data, so each language renders them its own way."""

    always: bool = False
    known: bool = True
    first_day: int | None = None  # 0 = Monday
    last_day: int | None = None
    opens: dt.time | None = None
    closes: dt.time | None = None


def read_toml(path: Path, error: type[GuideError], folder: Path | None = None) -> dict:
    """Parse a small TOML data file, or raise `error` naming the file.

    folder: the file must be a real file inside it (no symbolic link).
    """
    data = read_limited(path, MAX_DATA_FILE_BYTES, error, "a data file", folder)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{show(path)}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{show(path)}: not UTF-8 text; save the file as UTF-8") from exc
    except RecursionError as exc:
        raise error(f"{show(path)}: nested too deeply to be a data file") from exc


def phone_number(display: str) -> PhoneNumber:
    return PhoneNumber(display, re.sub(r"\D", "", display))


class FieldChecker:
    """Validators for one data file; problems are collected in self.problems."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def raise_problems(self, error: type[GuideError]) -> None:
        """Stop once, listing every problem found in the file."""
        if self.problems:
            raise error(f"{show(self.path)} has {len(self.problems)} problem(s); fix them "
                        "and build again:", problems=self.problems)

    def no_numbers_in_text(self, where: str, texts: dict, own: set[str]) -> None:
        """Numbers belong in number fields, where they are checked, not in prose."""
        for key, value in texts.items():
            for run in DIGIT_RUN.findall(value or ""):
                if re.sub(r"\D", "", run) not in own:
                    self.problem(f"{where}.{key}", f"contains the number '{run}': put every "
                                 "number in a number field, where it is checked")

    def unknown_keys(self, where: str, table: dict, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(where, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def country(self, country) -> str | None:
        territories = Locale("en").territories
        if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country) \
                or country not in territories:
            self.problem("country", f"must be a two-letter ISO country code such as "
                         f"'US', got {country!r}")
            return None
        return country

    def languages(self, where: str, value, required: bool) -> list[str]:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.problem(where, "must be a non-empty list of language codes such as ['en', 'es']")
            return []
        good = []
        for code in value:
            try:
                Locale.parse(code)
                good.append(code)
            except (UnknownLocaleError, ValueError, TypeError):
                self.problem(where, f"{code!r} is not a language code Babel knows")
        return good

    def phone(self, where: str, raw, country, short_only: bool = False) -> PhoneNumber | None:
        if not isinstance(raw, str) or not NUMBER_PATTERN.match(raw.strip()):
            self.problem(where, f"{raw!r} is not a phone number: use digits, spaces, "
                         "dashes and brackets only (no letters)")
            return None
        if country is None:
            return None
        try:
            parsed = phonenumbers.parse(raw, country)
        except phonenumbers.NumberParseException as exc:
            self.problem(where, f"{raw!r} cannot be read as a number in {country}: {exc}")
            return None
        # Printed as the service prints it ("0800 12 13 14", "01806 313031"):
        # libphonenumber checks the digits, but its grouping ("080 012 1314")
        # is not what readers see on the service's own posters.
        if not short_only and phonenumbers.is_valid_number_for_region(parsed, country):
            return phone_number(" ".join(raw.split()))
        if shortnumberinfo.is_valid_short_number_for_region(parsed, country):
            return phone_number(" ".join(raw.split()))
        kind = "an emergency or short" if short_only else "a"
        self.problem(where, f"{raw!r} is not {kind} number that exists in {country} "
                     "(checked with the phonenumbers library): copy it again from "
                     "the source and check the country")
        return None

    def hours(self, where: str, value) -> Hours | None:
        if value == "24/7":
            return Hours(always=True)
        if value == "unknown":
            return Hours(known=False)
        if not isinstance(value, dict):
            self.problem(where, "must be '24/7', 'unknown', or a table "
                         "{ days = 'mon-fri', opens = '09:00', closes = '17:00' }")
            return None
        self.unknown_keys(where, value, HOURS_KEYS)
        days = value.get("days", "")
        match = re.fullmatch(r"([a-z]{3})-([a-z]{3})", days) if isinstance(days, str) else None
        if not match or match[1] not in WEEKDAYS or match[2] not in WEEKDAYS:
            self.problem(f"{where}.days", f"must be a range such as 'mon-fri', got {days!r}")
            return None
        opens, closes = (self.clock_time(f"{where}.{k}", value.get(k)) for k in ("opens", "closes"))
        if (opens is None) != (closes is None):
            self.problem(where, "give both 'opens' and 'closes', or neither")
        return Hours(first_day=WEEKDAYS.index(match[1]), last_day=WEEKDAYS.index(match[2]),
                     opens=opens, closes=closes)

    def clock_time(self, where: str, value) -> dt.time | None:
        if value is None:
            return None
        if not isinstance(value, str) or not TIME_PATTERN.match(value):
            self.problem(where, f"must be a 24-hour time such as '08:30', got {value!r}")
            return None
        return dt.time.fromisoformat(value)

    def date(self, where: str, value) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.problem(where, f"must be a date written as 2026-11-21 (no quotes), got {value!r}")
        return None

    def url(self, where: str, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s]+", value):
            self.problem(where, f"must be a web address starting https://, got {value!r}")
            return None
        return value

    def flag(self, where: str, value) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"must be true or false, got {value!r}")
            return False
        return value

    def text(self, where: str, value) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "missing: must be a non-empty text")
            return None
        return value

    def optional_text(self, where: str, value) -> str | None:
        if value is None:
            return None
        return self.text(where, value)
