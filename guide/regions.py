"""Load and validate region files: who a reader can call, and on what paper.

Each ``regions/<code>.toml`` is checked once, at load time, and every problem
in it is reported together, named by file and field, so a clinic fixes a file
in one pass. Phone numbers are checked with ``phonenumbers`` (Google's
libphonenumber data, including its short-number tables) rather than by our
own patterns: it knows which numbers exist in which country.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import phonenumbers
from babel import Locale, UnknownLocaleError
from phonenumbers import shortnumberinfo

from . import paths
from .errors import RegionError
from .paths import show as _show

PAPER_SIZES = ("letter", "a4")
HELPLINE_KINDS = ("call", "text", "chat", "whatsapp")
COSTS = ("free", "standard-rate", "unknown")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Digits and the separators people print; letters ("1-800-HELP") are not
# accepted because a reader cannot dial them on every phone.
NUMBER_PATTERN = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9]$|^[0-9]$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# A run of digits in free text that looks like a phone number: four or more
# digits, possibly split by single spaces or dashes ("0800 111 0 222").
DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){3,}")

REGION_KEYS = {"code", "country", "area", "extends", "paper", "languages",
               "emergency", "crisis", "helplines"}
EMERGENCY_KEYS = {"numbers", "source", "checked"}
HELPLINE_KEYS = {"id", "name", "description", "number", "also", "kinds", "keyword",
                 "hours", "cost", "languages", "url", "source", "checked",
                 "second_hand", "note"}
HOURS_KEYS = {"days", "opens", "closes"}
COST_KEYS = {"per_call", "currency"}


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


@dataclass(frozen=True)
class Cost:
    """What a call costs: a kind from COSTS, or an amount per call."""

    kind: str
    amount: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Helpline:
    id: str
    name: str
    description: str
    number: PhoneNumber
    kinds: tuple[str, ...]
    hours: Hours
    cost: Cost
    source: tuple[str, ...]
    checked: dt.date
    keyword: str | None = None
    also: tuple[PhoneNumber, ...] = ()  # other numbers of the same service
    languages: tuple[str, ...] = ()
    url: str | None = None
    second_hand: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    paper: str
    languages: tuple[str, ...]
    emergency: tuple[PhoneNumber, ...]
    helplines: tuple[Helpline, ...]
    crisis: Helpline
    path: Path
    area: str | None = None
    parent: str | None = None
    checked_dates: tuple[dt.date, ...] = field(default=(), repr=False)

    @property
    def checked(self) -> dt.date:
        """The oldest check date: the pamphlet must not claim more."""
        return min(self.checked_dates)

    @property
    def all_numbers(self) -> tuple[PhoneNumber, ...]:
        return self.emergency + tuple(n for h in self.helplines for n in (h.number, *h.also))


def available_regions(folder: Path | None = None) -> list[str]:
    """Codes of every region file, sorted."""
    return sorted(p.stem for p in (folder or paths.REGIONS).glob("*.toml"))


def load_all_regions(folder: Path | None = None) -> dict[str, Region]:
    return {code: load_region(code, folder) for code in available_regions(folder)}


def load_region(code: str, folder: Path | None = None) -> Region:
    """Load one region (and the region it extends), or raise RegionError."""
    return _load(code, folder or paths.REGIONS, chain=())


def _load(code: str, folder: Path, chain: tuple[str, ...]) -> Region:
    path = folder / f"{code}.toml"
    if not path.is_file():
        known = ", ".join(available_regions(folder)) or "none"
        raise RegionError(f"unknown region '{code}': there is no {_show(path)} "
                          f"(known regions: {known})")
    data = _read_toml(path)
    parent = None
    if isinstance(data.get("extends"), str):
        if data["extends"] in chain + (code,):
            raise RegionError(f"{_show(path)}: 'extends' makes a loop: "
                              f"{' -> '.join(chain + (code, data['extends']))}")
        parent = _load(data["extends"], folder, chain + (code,))
    checker = _RegionChecker(path, code, parent)
    region = checker.check(data)
    if checker.problems:
        raise RegionError(f"{_show(path)} has {len(checker.problems)} problem(s); "
                          "fix them and build again:", problems=checker.problems)
    return region


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RegionError(f"{_show(path)}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionError(f"{_show(path)}: cannot be read: {exc}") from exc


class _RegionChecker:
    """Collects every problem in one region file instead of stopping at the first."""

    def __init__(self, path: Path, code: str, parent: Region | None):
        self.path = path
        self.code = code
        self.parent = parent
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def check(self, data: dict) -> Region | None:
        self._unknown_keys("(top level)", data, REGION_KEYS)
        if data.get("code") != self.code:
            self.problem("code", f"must be '{self.code}' (the file's name), "
                         f"got {data.get('code')!r}")
        parent = self.parent
        country = self._country(data.get("country", parent and parent.country))
        paper = data.get("paper", parent and parent.paper)
        if paper not in PAPER_SIZES:
            self.problem("paper", f"must be one of {', '.join(PAPER_SIZES)}, got {paper!r}")
        languages = self._languages("languages", data.get(
            "languages", parent and list(parent.languages)), required=True)
        emergency = self._emergency(data.get("emergency"), country)
        if emergency is None and parent:
            emergency = (parent.emergency, parent.checked_dates)
        helplines = list(parent.helplines) if parent else []
        own = data.get("helplines", [])
        if not isinstance(own, list):
            self.problem("helplines", "must be a list of [[helplines]] tables")
            own = []
        for index, entry in enumerate(own):
            line = self._helpline(f"helplines[{index}]", entry, country)
            if line and any(h.id == line.id for h in helplines):
                self.problem(f"helplines[{index}].id", f"'{line.id}' is used twice")
            elif line:
                helplines.append(line)
        if not helplines and not own:
            self.problem("helplines", "a region needs at least one [[helplines]] entry")
        area = self._optional_text("area", data.get("area"))
        named = {h.id for h in helplines} | {e.get("id") for e in own if isinstance(e, dict)}
        crisis = self._crisis(data.get("crisis", parent and parent.crisis.id), helplines, named)
        if self.problems or emergency is None:
            return None
        numbers, emergency_dates = emergency
        dates = emergency_dates + tuple(h.checked for h in helplines)
        return Region(code=self.code, country=country, paper=paper,
                      languages=tuple(languages), emergency=numbers,
                      helplines=tuple(helplines), crisis=crisis, path=self.path, area=area,
                      parent=parent.code if parent else None,
                      checked_dates=dates)

    def _crisis(self, ident, helplines: list[Helpline], named: set) -> Helpline | None:
        for line in helplines:
            if line.id == ident:
                return line
        if ident in named:
            return None  # that helpline has its own problem, reported already
        self.problem("crisis", f"must name one of this region's helplines by id "
                     f"(the line printed for thoughts of suicide), got {ident!r}")
        return None

    def _unknown_keys(self, where: str, table: dict, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(where, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def _country(self, country) -> str | None:
        territories = Locale("en").territories
        if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country) \
                or country not in territories:
            self.problem("country", f"must be a two-letter ISO country code such as "
                         f"'US', got {country!r}")
            return None
        return country

    def _languages(self, where: str, value, required: bool) -> list[str]:
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

    def _emergency(self, table, country):
        if table is None and self.parent:
            return None
        if not isinstance(table, dict):
            self.problem("emergency", "missing: add an [emergency] table with "
                         "numbers, source and checked")
            return None
        self._unknown_keys("emergency", table, EMERGENCY_KEYS)
        numbers = table.get("numbers")
        if not isinstance(numbers, list) or not numbers:
            self.problem("emergency.numbers", "must list at least one number, e.g. ['911']")
            numbers = []
        parsed = [self._number(f"emergency.numbers[{i}]", n, country, short_only=True)
                  for i, n in enumerate(numbers)]
        self._sources("emergency.source", table.get("source"))
        checked = self._date("emergency.checked", table.get("checked"))
        if None in parsed or checked is None:
            return None
        return tuple(parsed), (checked,)

    def _helpline(self, where: str, entry, country) -> Helpline | None:
        if not isinstance(entry, dict):
            self.problem(where, "must be a table")
            return None
        before = len(self.problems)
        ident = entry.get("id")
        if not isinstance(ident, str) or not ID_PATTERN.match(ident):
            self.problem(f"{where}.id",
                         f"must be lower-case letters, digits and dashes, got {ident!r}")
        where = f"{where} ({ident})" if isinstance(ident, str) else where
        self._unknown_keys(where, entry, HELPLINE_KEYS)
        kinds = self._kinds(f"{where}.kinds", entry.get("kinds"))
        keyword = entry.get("keyword")
        if keyword is not None and (not isinstance(keyword, str) or "text" not in kinds):
            self.problem(f"{where}.keyword", "is only for text lines, and must be a word")
        also = entry.get("also", [])
        if not isinstance(also, list):
            self.problem(f"{where}.also", "must be a list of numbers")
            also = []
        values = dict(
            id=ident,
            name=self._required_text(f"{where}.name", entry.get("name")),
            description=self._required_text(f"{where}.description", entry.get("description")),
            number=self._number(f"{where}.number", entry.get("number"), country),
            also=tuple(self._number(f"{where}.also[{i}]", n, country)
                       for i, n in enumerate(also)),
            kinds=kinds, keyword=keyword,
            hours=self._hours(f"{where}.hours", entry.get("hours")),
            cost=self._cost(f"{where}.cost", entry.get("cost")),
            languages=tuple(self._languages(f"{where}.languages", entry.get("languages"),
                                            required=False)),
            url=self._url(f"{where}.url", entry.get("url")),
            source=self._sources(f"{where}.source", entry.get("source")),
            checked=self._date(f"{where}.checked", entry.get("checked")),
            second_hand=self._bool(f"{where}.second_hand", entry.get("second_hand", False)),
            note=self._optional_text(f"{where}.note", entry.get("note")),
        )
        if len(self.problems) > before or None in values["also"]:
            return None
        self._no_numbers_in_text(where, values)
        if len(self.problems) > before:
            return None
        return Helpline(**values)

    def _no_numbers_in_text(self, where: str, values: dict) -> None:
        """Numbers belong in number/also, where they are checked, not in prose."""
        own = {n.digits for n in (values["number"], *values["also"])}
        for key in ("name", "description", "note"):
            for run in DIGIT_RUN.findall(values[key] or ""):
                if re.sub(r"\D", "", run) not in own:
                    self.problem(f"{where}.{key}", f"contains the number '{run}': put every "
                                 "number in 'number' or 'also', where it is checked")

    def _number(self, where: str, raw, country, short_only: bool = False) -> PhoneNumber | None:
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
            return _phone(" ".join(raw.split()))
        if shortnumberinfo.is_valid_short_number_for_region(parsed, country):
            return _phone(" ".join(raw.split()))
        kind = "an emergency or short" if short_only else "a"
        self.problem(where, f"{raw!r} is not {kind} number that exists in {country} "
                     "(checked with the phonenumbers library): copy it again from "
                     "the source and check the country")
        return None

    def _kinds(self, where: str, kinds) -> tuple[str, ...]:
        if not isinstance(kinds, list) or not kinds or \
                any(k not in HELPLINE_KINDS for k in kinds):
            self.problem(where, f"must be a list drawn from {', '.join(HELPLINE_KINDS)}, "
                         f"got {kinds!r}")
            return ()
        return tuple(kinds)

    def _hours(self, where: str, value) -> Hours | None:
        if value == "24/7":
            return Hours(always=True)
        if value == "unknown":
            return Hours(known=False)
        if not isinstance(value, dict):
            self.problem(where, "must be '24/7', 'unknown', or a table "
                         "{ days = 'mon-fri', opens = '09:00', closes = '17:00' }")
            return None
        self._unknown_keys(where, value, HOURS_KEYS)
        days = value.get("days", "")
        match = re.fullmatch(r"([a-z]{3})-([a-z]{3})", days) if isinstance(days, str) else None
        if not match or match[1] not in WEEKDAYS or match[2] not in WEEKDAYS:
            self.problem(f"{where}.days", f"must be a range such as 'mon-fri', got {days!r}")
            return None
        opens, closes = (self._time(f"{where}.{k}", value.get(k)) for k in ("opens", "closes"))
        if (opens is None) != (closes is None):
            self.problem(where, "give both 'opens' and 'closes', or neither")
        return Hours(first_day=WEEKDAYS.index(match[1]), last_day=WEEKDAYS.index(match[2]),
                     opens=opens, closes=closes)

    def _time(self, where: str, value) -> dt.time | None:
        if value is None:
            return None
        if not isinstance(value, str) or not TIME_PATTERN.match(value):
            self.problem(where, f"must be a 24-hour time such as '08:30', got {value!r}")
            return None
        return dt.time.fromisoformat(value)

    def _cost(self, where: str, value) -> Cost | None:
        if value in COSTS:
            return Cost(value)
        if not isinstance(value, dict):
            self.problem(where, f"must be one of {', '.join(COSTS)}, or a table "
                         "{ per_call = '0.20', currency = 'EUR' }")
            return None
        self._unknown_keys(where, value, COST_KEYS)
        try:
            amount = Decimal(str(value.get("per_call")))
        except InvalidOperation:
            amount = None
        currency = value.get("currency")
        if amount is None or not amount.is_finite() or amount <= 0:
            self.problem(f"{where}.per_call", "must be an amount such as '0.20'")
        if not isinstance(currency, str) or currency not in Locale("en").currencies:
            self.problem(f"{where}.currency", f"must be an ISO currency code such as 'EUR', "
                         f"got {currency!r}")
        return Cost("per-call", amount, currency)

    def _sources(self, where: str, value) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or \
                not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, "missing: every number needs the address of the page "
                         "where it was seen")
            return ()
        return tuple(value)

    def _date(self, where: str, value) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.problem(where, f"must be a date written as 2026-11-21 (no quotes), got {value!r}")
        return None

    def _url(self, where: str, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s]+", value):
            self.problem(where, f"must be a web address starting https://, got {value!r}")
            return None
        return value

    def _bool(self, where: str, value) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"must be true or false, got {value!r}")
            return False
        return value

    def _required_text(self, where: str, value) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "missing: must be a non-empty text")
            return None
        return value

    def _optional_text(self, where: str, value) -> str | None:
        if value is None:
            return None
        return self._required_text(where, value)


def _phone(display: str) -> PhoneNumber:
    return PhoneNumber(display, re.sub(r"\D", "", display))

