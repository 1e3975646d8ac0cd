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

from .catalogs import variant_parent
from .conditions import CONDITION_NAMES, is_condition_name
from .errors import RegionError, quoted
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
               "emergency", "crisis", "helplines", "print_condition", "variants",
               "drug_supply", "naloxone"}
#: What is in the local drug supply (second edition): a warning printed in the
#: overdose section, with the page it was read on and when.
DRUG_SUPPLY_KEYS = {"id", "warning", "source", "checked"}
#: The naloxone kits people are given in the region: a nasal spray, an
#: injection kit (common in the UK and Ireland), or both. The overdose steps
#: explain the spray; an injection kit's own card has its steps.
NALOXONE_KEYS = {"kits", "source", "checked"}
NALOXONE_KITS = ("nasal", "injection")
DEFAULT_NALOXONE = ("nasal",)
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
class DrugSupply:
    """A drug found in the region's supply, and what it changes in an overdose."""

    id: str
    warning: str  # translated (guide/extract.py), printed in the overdose section
    source: tuple[str, ...]
    checked: dt.date


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
    print_condition: str | None = None  # the print shop's standard, if not the paper's default
    variants: tuple[tuple[str, str], ...] = ()  # language -> the variant its readers use
    drug_supply: tuple[DrugSupply, ...] = ()
    naloxone: tuple[str, ...] = DEFAULT_NALOXONE
    naloxone_source: tuple[str, ...] = ()

    def variant_of(self, language: str) -> str | None:
        """The catalog variant this region prints a language in (en -> en_US), if any."""
        return dict(self.variants).get(language)

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


def load_all_regions(project: Project = PROJECT,
                     today: dt.date | None = None) -> dict[str, Region]:
    return {code: load_region(code, project, today) for code in available_regions(project)}


def load_region(code: str, project: Project = PROJECT, today: dt.date | None = None) -> Region:
    """Load one region (and the region it extends), or raise RegionError.

    today: the build date (guide.pamphlet.build_date); a `checked` date after
    it is an error. None: the real date.
    """
    return _load(code, project, chain=(), today=today)


def _load(code: str, project: Project, chain: tuple[str, ...],
          today: dt.date | None = None) -> Region:
    folder = project.regions
    path = folder / f"{code}.toml"
    if not isinstance(code, str) or not ID_PATTERN.match(code) or not (
            path.exists() or path.is_symlink()):  # a link or pipe: read_toml says why
        known = ", ".join(available_regions(project)) or "none"
        shown = _show(path) if isinstance(code, str) and ID_PATTERN.match(code) \
            else f"a file regions/<code>.toml for {ascii(code)[:40]}"
        raise RegionError(f"unknown region {ascii(code)[:40]}: there is no {shown} "
                          f"(known regions: {known})")
    data = read_toml(path, RegionError, folder=folder)
    parent = None
    if "extends" in data:
        extends = data["extends"]
        if not isinstance(extends, str) or not ID_PATTERN.match(extends):
            raise RegionError(f"{_show(path)}: 'extends' must be the code of another region "
                              f"in regions/, such as 'ca', got {quoted(extends)}")
        if extends in chain + (code,):
            raise RegionError(f"{_show(path)}: 'extends' makes a loop: "
                              f"{' -> '.join(chain + (code, extends))}")
        parent = _load(extends, project, chain + (code,), today)
    checker = _RegionChecker(path, code, parent, project, today)
    region = checker.check(data)
    checker.raise_problems(RegionError)
    return region


class _RegionChecker(FieldChecker):
    """Collects every problem in one region file instead of stopping at the first."""

    reason_keys = HELPLINE_REASONS
    reason_place = "to this [[helplines]] entry"

    def __init__(self, path: Path, code: str, parent: Region | None, project: Project,
                 today: dt.date | None = None):
        super().__init__(path, today)
        self.project = project
        self.code = code
        self.parent = parent

    def check(self, data: dict) -> Region | None:
        self.unknown_keys("(top level)", data, REGION_KEYS)
        if data.get("code") != self.code:
            self.problem("code", f"must be '{self.code}' (the file's name), "
                         f"got {quoted(data.get('code'))}")
        parent = self.parent
        country = self.country(data.get("country", parent and parent.country))
        paper = data.get("paper", parent and parent.paper)
        if paper not in PAPER_SIZES:
            self.problem("paper", f"must be one of {', '.join(PAPER_SIZES)}, got {quoted(paper)}")
        languages = self.languages("languages", data.get(
            "languages", parent and list(parent.languages)), required=True)
        variants = self._variants(data.get("variants", parent and dict(parent.variants)),
                                  languages)
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
        supply = self._drug_supply(data.get("drug_supply"))
        if supply is None:
            supply = parent.drug_supply if parent else ()
        kits = self._naloxone(data.get("naloxone"))
        if kits is None:
            kits = (parent.naloxone, parent.naloxone_source) if parent else (DEFAULT_NALOXONE, ())
        if self.problems or emergency is None:
            return None
        numbers, emergency_dates, emergency_source = emergency
        dates = emergency_dates + tuple(h.checked for h in helplines)
        condition = self._print_condition(data.get(
            "print_condition", parent and parent.print_condition))
        table = data.get("emergency")
        recheck = self._check_notes("emergency", table) if isinstance(table, dict) else (
            parent.emergency_recheck if parent else None)
        return Region(code=self.code, country=country, paper=paper,
                      languages=tuple(languages), emergency=numbers,
                      helplines=tuple(helplines), crisis=crisis, path=self.path, area=area,
                      parent=parent.code if parent else None,
                      checked_dates=dates, emergency_source=emergency_source,
                      emergency_recheck=recheck, print_condition=condition,
                      variants=variants, drug_supply=supply,
                      naloxone=kits[0], naloxone_source=kits[1])

    def _crisis(self, ident, helplines: list[Helpline], named: set) -> Helpline | None:
        if not isinstance(ident, str):
            self.problem("crisis", f"must be a helpline id such as '988', got {quoted(ident)}")
            return None
        for line in helplines:
            if line.id == ident:
                return line
        if ident in named:
            return None  # that helpline has its own problem, reported already
        self.problem("crisis", f"must name one of this region's helplines by id "
                     f"(the line printed for thoughts of suicide), got {quoted(ident)}")
        return None




    def _drug_supply(self, entries) -> tuple[DrugSupply, ...] | None:
        """[[drug_supply]] entries; None when the file has none (a parent's apply)."""
        if entries is None:
            return None
        if not isinstance(entries, list):
            self.problem("drug_supply", "must be a list of [[drug_supply]] tables")
            return ()
        found = []
        for index, entry in enumerate(entries):
            where = f"drug_supply[{index}]"
            if not isinstance(entry, dict):
                self.problem(where, "must be a table with id, warning, source and checked")
                continue
            ident = entry.get("id")
            if not isinstance(ident, str) or not ID_PATTERN.match(ident):
                self.problem(f"{where}.id", "must be lower-case letters, digits and dashes "
                             f"(the drug, e.g. 'xylazine'), got {ident!r}")
            elif any(d.id == ident for d in found):
                self.problem(f"{where}.id", f"'{ident}' is used twice")
            self.unknown_keys(where, entry, DRUG_SUPPLY_KEYS)
            warning = self.text(f"{where}.warning", entry.get("warning"))
            source = self._facts_source(f"{where}.source", entry.get("source"))
            checked = self.date(f"{where}.checked", entry.get("checked"))
            if isinstance(ident, str) and warning and source and checked:
                found.append(DrugSupply(ident, warning, source, checked))
        return tuple(found)

    def _naloxone(self, table) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """[naloxone] kits = [...]; None when the file has no table."""
        if table is None:
            return None
        if not isinstance(table, dict):
            self.problem("naloxone", "must be a table: [naloxone] with kits, source, checked")
            return DEFAULT_NALOXONE, ()
        self.unknown_keys("naloxone", table, NALOXONE_KEYS)
        kits = table.get("kits")
        if not isinstance(kits, list) or not kits or any(k not in NALOXONE_KITS for k in kits) \
                or len(set(kits)) != len(kits):
            self.problem("naloxone.kits", f"must list the kits given out in the region, drawn "
                         f"from {', '.join(NALOXONE_KITS)} (e.g. ['nasal', 'injection']), "
                         f"got {kits!r}")
            kits = list(DEFAULT_NALOXONE)
        source = self._facts_source("naloxone.source", table.get("source"))
        self.date("naloxone.checked", table.get("checked"))
        return tuple(k for k in NALOXONE_KITS if k in kits), source

    def _facts_source(self, where: str, value) -> tuple[str, ...]:
        """Health facts, like numbers, name the page they were read on."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or \
                not all(isinstance(v, str) and v.strip() for v in value) or \
                not any(SOURCE_ADDRESS.search(v) for v in value):
            self.problem(where, "missing: give the web address (such as https://www.example.org"
                         "/page) of at least one public page this was read on")
            return ()
        return tuple(value)

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
                         f"must be lower-case letters, digits and dashes, got {quoted(ident)}")
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

    def _variants(self, table, languages: list[str]) -> tuple[tuple[str, str], ...]:
        """variants = { en = "en_US" }: each a catalog variant of one of the region's languages."""
        if table is None:
            return ()
        if not isinstance(table, dict):
            self.problem("variants", "must be a table such as { en = \"en_US\", fr = \"fr_CA\" }")
            return ()
        good = []
        for language, variant in table.items():
            where = f"variants.{language}"
            if language not in languages:
                self.problem(where, f"'{language}' is not one of this region's languages "
                             f"({', '.join(languages)})")
            elif not isinstance(variant, str) or variant_parent(variant) != language:
                self.problem(where, f"must be a variant of '{language}' such as "
                             f"'{language}_{self.code[:2].upper()}', got {variant!r}")
            elif not self.project.language_files(variant).catalog.is_file():
                self.problem(where, f"there is no catalog for the variant '{variant}' "
                             f"({_show(self.project.language_files(variant).catalog)}); "
                             f"create it with pybabel init -l {variant}")
            else:
                good.append((language, variant))
        return tuple(good)

    def _print_condition(self, name) -> str | None:
        """A shipped printing condition (guide/conditions.py) by name, or None: the default."""
        if name is None:
            return None
        if not isinstance(name, str) or not is_condition_name(name):
            self.problem("print_condition", f"must be one of {', '.join(CONDITION_NAMES)} "
                         f"(the print shop's standard), got {name!r}")
            return None
        return name

    def _check_notes(self, where: str, table: dict) -> str | None:
        """checked_by and recheck (see CHECK_KEYS) are text; return the recheck flag."""
        self.optional_text(f"{where}.checked_by", table.get("checked_by"))
        return self.optional_text(f"{where}.recheck", table.get("recheck"))

    def _kinds(self, where: str, kinds) -> tuple[str, ...]:
        if not isinstance(kinds, list) or not kinds or \
                any(k not in HELPLINE_KINDS for k in kinds):
            self.problem(where, f"must be a list drawn from {', '.join(HELPLINE_KINDS)}, "
                         f"got {quoted(kinds)}")
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
                         f"got {quoted(currency)}")
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
