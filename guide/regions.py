"""Load and validate region files: who a reader can call, and on what paper.

Each ``regions/<code>.toml`` is checked once, at load time, and every problem
in it is reported together, named by file and field, so a clinic fixes a file
in one pass. Phone numbers are checked with ``phonenumbers`` (Google's
libphonenumber data, including its short-number tables) rather than by our
own patterns: it knows which numbers exist in which country, and of what
type each is (see guide/fields.py judge_number for what each kind of line
may be). A number it does not know is printed only through a sourced
``unlisted`` entry, and the build warns about it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel import Locale

from .errors import RegionError
from .fields import REASON_NEEDED_FOR, FieldChecker, Hours, PhoneNumber, read_toml
from .paths import PROJECT, Project
from .paths import show as _show

PAPER_SIZES = ("letter", "a4")
HELPLINE_KINDS = ("call", "text", "chat", "whatsapp")
COSTS = ("free", "standard-rate", "unknown")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: A web address in a source: https://... or a bare host name ("sfisd.net
#: Crisis Text Line page"), but not a file name inside a path ("a/b.jsx").
SOURCE_ADDRESS = re.compile(r"https?://\S+|(?<![\w/.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*"
                            r"\.[a-z]{2,}(?=[\s/(),;]|$)", re.IGNORECASE)

REGION_KEYS = {"code", "country", "area", "extends", "paper", "languages",
               "emergency", "crisis", "helplines"}
#: Written by `build_pdf.py verify --record`: who checked, and a flag that
#: stops the build until someone corrects or confirms the line.
CHECK_KEYS = {"checked_by", "recheck"}
EMERGENCY_KEYS = {"numbers", "source", "checked"} | CHECK_KEYS
#: Reasons a helpline may give for a number the rules print only with one.
HELPLINE_REASONS = frozenset(REASON_NEEDED_FOR)
HELPLINE_KEYS = {"id", "name", "description", "number", "also", "kinds", "keyword",
                 "hours", "cost", "languages", "url", "source", "checked",
                 "second_hand", "note"} | HELPLINE_REASONS | CHECK_KEYS
COST_KEYS = {"per_call", "currency"}
#: Numbers are re-checked at least yearly: older data gives a warning.
STALE_AFTER = timedelta(days=365)


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
    checked_by: str | None = None
    recheck: str | None = None  # a failed re-check: the build stops until it is resolved
    #: The file's reasons for doubtful numbers: (key, text), e.g. ("unlisted", "...").
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def numbers(self) -> tuple[PhoneNumber, ...]:
        return (self.number, *self.also)

    @property
    def unlisted(self) -> str | None:
        """Why numbers the phonenumbers library does not list are printed (source)."""
        return dict(self.reasons).get("unlisted")

    @property
    def unlisted_numbers(self) -> tuple[PhoneNumber, ...]:
        return tuple(n for n in self.numbers if n.allowed_by == "unlisted")


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
    emergency_source: tuple[str, ...] = ()
    emergency_recheck: str | None = None

    @property
    def checked(self) -> dt.date:
        """The oldest check date: the pamphlet must not claim more."""
        return min(self.checked_dates)

    @property
    def all_numbers(self) -> tuple[PhoneNumber, ...]:
        return self.emergency + tuple(n for h in self.helplines for n in h.numbers)


def stale_warning(region: Region, today: dt.date) -> str | None:
    if today - region.checked <= STALE_AFTER:
        return None
    return (f"{_show(region.path)}: the numbers were last checked on {region.checked}, "
            f"more than 12 months before {today}; check each number with its service and "
            "update 'checked'")


def second_hand_warnings(region: Region) -> list[str]:
    """Lines a clinic should confirm with the service before a print run."""
    return [f"{region.code}: {line.name} ({line.number.display}) was seen only on "
            "second-hand pages: confirm it with the service before printing"
            for line in region.helplines if line.second_hand]


def unlisted_warnings(region: Region) -> list[str]:
    """Numbers printed although libphonenumber does not list them: confirm them first.

    They passed only the length and first-digit check of the country's short
    numbers, so a typo of the same length would pass too.
    """
    return [f"{region.code}: {line.name} ({number.display}) is not in the phonenumbers "
            f"library's data; it is printed on the word of its 'unlisted' entry in "
            f"{_show(region.path)} (see --list): confirm it with the service before "
            "printing"
            for line in region.helplines for number in line.unlisted_numbers]


def available_regions(project: Project = PROJECT) -> list[str]:
    """Codes of every region file, sorted."""
    return sorted(p.stem for p in project.regions.glob("*.toml") if ID_PATTERN.match(p.stem))


def load_all_regions(project: Project = PROJECT) -> dict[str, Region]:
    return {code: load_region(code, project) for code in available_regions(project)}


def load_region(code: str, project: Project = PROJECT) -> Region:
    """Load one region (and the region it extends), or raise RegionError."""
    return _load(code, project, chain=())


def _load(code: str, project: Project, chain: tuple[str, ...]) -> Region:
    folder = project.regions
    path = folder / f"{code}.toml"
    if not isinstance(code, str) or not ID_PATTERN.match(code) or not (
            path.is_file() or path.is_symlink()):
        known = ", ".join(available_regions(project)) or "none"
        shown = _show(path) if isinstance(code, str) and ID_PATTERN.match(code) \
            else f"a file regions/<code>.toml for {ascii(code)[:40]}"
        raise RegionError(f"unknown region {ascii(code)[:40]}: there is no {shown} "
                          f"(known regions: {known})")
    data = read_toml(path, RegionError, folder=folder)
    parent = None
    if isinstance(data.get("extends"), str):
        if data["extends"] in chain + (code,):
            raise RegionError(f"{_show(path)}: 'extends' makes a loop: "
                              f"{' -> '.join(chain + (code, data['extends']))}")
        parent = _load(data["extends"], project, chain + (code,))
    checker = _RegionChecker(path, code, parent)
    region = checker.check(data)
    checker.raise_problems(RegionError)
    return region


class _RegionChecker(FieldChecker):
    """Collects every problem in one region file instead of stopping at the first."""

    reason_keys = HELPLINE_REASONS
    reason_place = "to this [[helplines]] entry"

    def __init__(self, path: Path, code: str, parent: Region | None):
        super().__init__(path)
        self.code = code
        self.parent = parent

    def check(self, data: dict) -> Region | None:
        self.unknown_keys("(top level)", data, REGION_KEYS)
        if data.get("code") != self.code:
            self.problem("code", f"must be '{self.code}' (the file's name), "
                         f"got {data.get('code')!r}")
        parent = self.parent
        country = self.country(data.get("country", parent and parent.country))
        paper = data.get("paper", parent and parent.paper)
        if paper not in PAPER_SIZES:
            self.problem("paper", f"must be one of {', '.join(PAPER_SIZES)}, got {paper!r}")
        languages = self.languages("languages", data.get(
            "languages", parent and list(parent.languages)), required=True)
        emergency = self._emergency(data.get("emergency"), country)
        if emergency is None and parent:
            emergency = (parent.emergency, parent.checked_dates, parent.emergency_source)
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
        area = self.optional_text("area", data.get("area"))
        named = {h.id for h in helplines} | {
            e.get("id") for e in own if isinstance(e, dict) and isinstance(e.get("id"), str)}
        crisis = self._crisis(data.get("crisis", parent and parent.crisis.id), helplines, named)
        if self.problems or emergency is None:
            return None
        numbers, emergency_dates, emergency_source = emergency
        dates = emergency_dates + tuple(h.checked for h in helplines)
        table = data.get("emergency")
        recheck = self._check_notes("emergency", table) if isinstance(table, dict) else (
            parent.emergency_recheck if parent else None)
        return Region(code=self.code, country=country, paper=paper,
                      languages=tuple(languages), emergency=numbers,
                      helplines=tuple(helplines), crisis=crisis, path=self.path, area=area,
                      parent=parent.code if parent else None,
                      checked_dates=dates, emergency_source=emergency_source,
                      emergency_recheck=recheck)

    def _crisis(self, ident, helplines: list[Helpline], named: set) -> Helpline | None:
        if not isinstance(ident, str):
            self.problem("crisis", f"must be a helpline id such as '988', got {ident!r}")
            return None
        for line in helplines:
            if line.id == ident:
                return line
        if ident in named:
            return None  # that helpline has its own problem, reported already
        self.problem("crisis", f"must name one of this region's helplines by id "
                     f"(the line printed for thoughts of suicide), got {ident!r}")
        return None




    def _emergency(self, table, country):
        if table is None and self.parent:
            return None
        if not isinstance(table, dict):
            self.problem("emergency", "missing: add an [emergency] table with "
                         "numbers, source and checked")
            return None
        self.unknown_keys("emergency", table, EMERGENCY_KEYS)
        numbers = table.get("numbers")
        if not isinstance(numbers, list) or not numbers:
            self.problem("emergency.numbers", "must list at least one number, e.g. ['911']")
            numbers = []
        parsed = [self.emergency_number(f"emergency.numbers[{i}]", n, country)
                  for i, n in enumerate(numbers)]
        sources = self._sources("emergency.source", table.get("source"))
        checked = self.date("emergency.checked", table.get("checked"))
        if None in parsed or checked is None:
            return None
        return tuple(parsed), (checked,), sources

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
        self.unknown_keys(where, entry, HELPLINE_KEYS)
        kinds = self._kinds(f"{where}.kinds", entry.get("kinds"))
        keyword = entry.get("keyword")
        if keyword is not None and (not isinstance(keyword, str) or "text" not in kinds
                                    or len(keyword.split()) != 1):
            self.problem(f"{where}.keyword", "is only for text lines, and must be a word")
        elif keyword is not None and not self.printable(f"{where}.keyword", keyword):
            keyword = None
        also = entry.get("also", [])
        if not isinstance(also, list):
            self.problem(f"{where}.also", "must be a list of numbers")
            also = []
        reasons = self.reasons(where, entry)
        phone_kinds = kinds or ("call",)  # bad kinds are reported; check numbers anyway
        number = self.phone(f"{where}.number", entry.get("number"), country,
                            phone_kinds, reasons)
        also = tuple(self.phone(f"{where}.also[{i}]", n, country, phone_kinds, reasons)
                     for i, n in enumerate(also))
        self.unused_reasons(where, reasons, [number, *also])
        values = dict(
            id=ident,
            name=self.text(f"{where}.name", entry.get("name")),
            description=self.text(f"{where}.description", entry.get("description")),
            number=number, also=also, reasons=tuple(sorted(reasons.items())),
            kinds=kinds, keyword=keyword,
            hours=self.hours(f"{where}.hours", entry.get("hours")),
            cost=self._cost(f"{where}.cost", entry.get("cost")),
            languages=tuple(self.languages(f"{where}.languages", entry.get("languages"),
                                            required=False)),
            url=self.url(f"{where}.url", entry.get("url")),
            source=self._sources(f"{where}.source", entry.get("source")),
            checked=self.date(f"{where}.checked", entry.get("checked")),
            second_hand=self.flag(f"{where}.second_hand", entry.get("second_hand", False)),
            note=self.optional_text(f"{where}.note", entry.get("note")),
            checked_by=self.optional_text(f"{where}.checked_by", entry.get("checked_by")),
            recheck=self._check_notes(where, entry),
        )
        if len(self.problems) > before or None in (values["number"], *values["also"]):
            return None
        self.no_numbers_in_text(
            where, {k: values[k] for k in ("name", "description", "note", "keyword")},
            {n.digits for n in (values["number"], *values["also"])})
        if len(self.problems) > before:
            return None
        return Helpline(**values)

    def _check_notes(self, where: str, table: dict) -> str | None:
        """checked_by and recheck (see CHECK_KEYS) are text; return the recheck flag."""
        self.optional_text(f"{where}.checked_by", table.get("checked_by"))
        return self.optional_text(f"{where}.recheck", table.get("recheck"))

    def _kinds(self, where: str, kinds) -> tuple[str, ...]:
        if not isinstance(kinds, list) or not kinds or \
                any(k not in HELPLINE_KINDS for k in kinds):
            self.problem(where, f"must be a list drawn from {', '.join(HELPLINE_KINDS)}, "
                         f"got {kinds!r}")
            return ()
        return tuple(kinds)



    def _cost(self, where: str, value) -> Cost | None:
        if value in COSTS:
            return Cost(value)
        if not isinstance(value, dict):
            self.problem(where, f"must be one of {', '.join(COSTS)}, or a table "
                         "{ per_call = '0.20', currency = 'EUR' }")
            return None
        self.unknown_keys(where, value, COST_KEYS)
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
        """Where each number was seen, kept in the file itself so a copy of the
        project can be checked without any outside list."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or \
                not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, "missing: every number needs the address of the page "
                         "where it was seen")
            return ()
        if not any(SOURCE_ADDRESS.search(v) for v in value):
            self.problem(where, "give at least one web address (such as https://www.example.org"
                         "/page or example.org) of a page where the number was seen")
        return tuple(value)


def flagged_problems(region: Region) -> list[str]:
    """Lines whose last re-check failed (`recheck`): they may not be printed as they are."""
    fix = ("correct the number from the service's own page, or confirm it, then remove "
           "'recheck' (or record a new call sheet with build_pdf.py verify --record)")
    found = [f"emergency: {region.emergency_recheck}: {fix}"] if region.emergency_recheck else []
    return found + [f"{line.id}: {line.recheck}: {fix}" for line in region.helplines
                    if line.recheck]


def region_warnings(region: Region, today: dt.date) -> list[str]:
    """Everything a clinic must see about a region's data before printing."""
    return [w for w in [stale_warning(region, today), *second_hand_warnings(region),
                        *unlisted_warnings(region)] if w]
