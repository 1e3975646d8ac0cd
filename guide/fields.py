"""Validated fields shared by region and clinic files: numbers, hours, dates.

A checker collects every problem of a file instead of stopping at the first,
each named by its field, so a clinic fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import idna
import phonenumbers
from babel import Locale, UnknownLocaleError
from phonenumbers import PhoneNumberType as Type
from phonenumbers import shortnumberinfo
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.shortnumberinfo import ShortNumberCost

from .errors import GuideError, excerpt, quoted
from .paths import show
from .reading import read_limited
from .unicode_policy import (
    character_problems,
    phone_like_numbers,
    renders_blank,
    visible,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Digits and the separators people print; letters ("1-800-HELP") are not
# accepted because a reader cannot dial them on every phone.
NUMBER_PATTERN = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9]$|^[0-9]$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
HOURS_KEYS = {"days", "opens", "closes"}
WEB_ADDRESS = re.compile(r"https?://[^\s]+")
#: Data files are small; anything larger is a mistake or an attack, refused
#: before it is parsed.
MAX_DATA_FILE_BYTES = 256 * 1024
#: A printed address is typed by hand or scanned from a QR code: a longer one
#: is not a helpline's page (and makes a dense, hard-to-scan code).
MAX_URL_LENGTH = 200
#: Host names that never reach a public web page: the reader's own machine
#: or local network.
LOCAL_HOSTS = ("localhost", ".localhost", ".local", ".internal", ".home.arpa", ".lan")
#: Scripts one host-name label may combine (Unicode UTS #39 "highly
#: restrictive"): Japanese, Chinese and Korean writing mix scripts with each
#: other and with Latin; any other mix (Latin with Cyrillic "а" in "pаypal")
#: is how a look-alike address is made.
SCRIPT_MIXES = ({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}, {"LATIN", "CJK", "BOPOMOFO"},
                {"LATIN", "CJK", "HANGUL"})


#: What each kind of line may be, by the type libphonenumber gives a full
#: number (`number_type`). Premium-rate, pager and voicemail numbers fit no
#: kind: a reader must never pay a premium rate, or reach a machine.
FULL_NUMBER_TYPES = {
    "call": {Type.FIXED_LINE, Type.MOBILE, Type.FIXED_LINE_OR_MOBILE, Type.TOLL_FREE,
             Type.UAN, Type.VOIP, Type.SHARED_COST, Type.PERSONAL_NUMBER},
    # A landline or a national-rate number cannot be relied on to take texts.
    "text": {Type.MOBILE, Type.FIXED_LINE_OR_MOBILE, Type.VOIP, Type.TOLL_FREE},
    "whatsapp": {Type.MOBILE, Type.FIXED_LINE_OR_MOBILE, Type.VOIP, Type.FIXED_LINE,
                 Type.TOLL_FREE, Type.UAN},
}
# A chat line is reached online; its number only needs to be a callable one.
FULL_NUMBER_TYPES["chat"] = FULL_NUMBER_TYPES["call"]
#: Short numbers (shortnumberinfo) fit these kinds; WhatsApp needs a full
#: number. A call line also needs a short number that is not SMS-only.
SHORT_NUMBER_KINDS = {"call", "text", "chat"}
#: Full-number types printed only where the file says why, under this key.
NEEDS_A_REASON = {Type.SHARED_COST: "shared_cost", Type.PERSONAL_NUMBER: "personal_number"}
REASON_NEEDED_FOR = {
    "shared_cost": "it is for a shared-cost number",
    "personal_number": "it is for a personal number",
    "sms_code_callable": "it is for a short code the library lists as SMS-only, on a call line",
    "unlisted": "it is for a number the phonenumbers library does not list",
}
REASON_EXAMPLES = {
    "shared_cost": "the service has no free number; the source says: calls cost ...",
    "personal_number": "the service's only number, as its own page prints it",
    "sms_code_callable": "the service's page says: call or text 1737",
    "unlisted": "not in the phonenumbers data yet; seen on https://...",
}
TYPE_WORDS = {
    Type.FIXED_LINE: "a landline number",
    Type.MOBILE: "a mobile number",
    Type.FIXED_LINE_OR_MOBILE: "a landline or mobile number",
    Type.TOLL_FREE: "a free-call number",
    Type.UAN: "a national-rate number",
    Type.VOIP: "an internet-phone (VoIP) number",
    Type.SHARED_COST: "a shared-cost number (the caller pays part of the cost)",
    Type.PERSONAL_NUMBER: "a personal number (it forwards calls, often at a higher price)",
    Type.PAGER: "a pager number",
    Type.VOICEMAIL: "a voicemail access number",
    Type.PREMIUM_RATE: "a premium-rate number",
    Type.UNKNOWN: "a number of unknown type",
}
KIND_WORDS = {"call": "calls", "text": "text messages", "whatsapp": "WhatsApp",
              "chat": "a chat line"}


@dataclass(frozen=True)
class PhoneNumber:
    """A validated number: how to print it, and the digits a reader dials.

    allowed_by names the file's reason when the rules print this number only
    with one (a key of REASON_NEEDED_FOR), so warnings and --list can show it.
    """

    display: str
    digits: str
    allowed_by: str | None = None


@dataclass(frozen=True)
class Verdict:
    problem: str | None = None
    allowed_by: str | None = None


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
        # tomllib's message names the line and column and never quotes the
        # text; it is still cut and escaped like any quoted text.
        raise error(f"{show(path)}: not valid TOML: {excerpt(str(exc), 120)}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{show(path)}: not UTF-8 text; save the file as UTF-8") from exc
    except RecursionError as exc:
        raise error(f"{show(path)}: nested too deeply to be a data file") from exc


def phone_number(raw: str, allowed_by: str | None = None) -> PhoneNumber:
    # Printed as the service prints it ("0800 12 13 14", "01806 313031"):
    # libphonenumber checks the digits, but its grouping ("080 012 1314")
    # is not what readers see on the service's own posters.
    display = " ".join(raw.split())
    return PhoneNumber(display, re.sub(r"\D", "", display), allowed_by)


def country_name(country: str) -> str:
    return f"{Locale('en').territories.get(country, country)} ({country})"


def judge_number(raw: str, parsed: phonenumbers.PhoneNumber, country: str,
                 kinds: tuple[str, ...], reasons: dict[str, str],
                 reason_keys: frozenset[str], reason_place: str) -> Verdict:
    """Whether a number may be printed for these kinds of line, and if not why, in words.

    The facts come from libphonenumber (full numbers: number_type; short
    numbers: shortnumberinfo); the rules are ours: FULL_NUMBER_TYPES,
    SHORT_NUMBER_KINDS, never premium rate, reasons for the doubtful rest.
    """
    place = country_name(country)
    if phonenumbers.is_valid_number_for_region(parsed, country):
        return _judge_full_number(raw, parsed, kinds, reasons, reason_keys, reason_place)
    if phonenumbers.is_valid_number(parsed):
        other = country_name(phonenumbers.region_code_for_number(parsed))
        return Verdict(f"{quoted(raw)} is a number in {other}, not in {place}, which this file "
                       f"is for: copy the number for {place} from the source")
    if raw.startswith("+"):
        return Verdict(f"{quoted(raw)} is written in international form (with "
                       f"+{parsed.country_code}), but it is not a full international "
                       "number: copy the whole number again from the source (a short "
                       "number is written without the country code)")
    if shortnumberinfo.is_valid_short_number_for_region(parsed, country):
        return _judge_short_number(raw, parsed, country, kinds, reasons, reason_keys,
                                   reason_place)
    return _judge_unlisted_number(raw, parsed, country, reasons, reason_keys, reason_place)


def _judge_full_number(raw, parsed, kinds, reasons, reason_keys, reason_place) -> Verdict:
    kind = phonenumbers.number_type(parsed)
    words = TYPE_WORDS.get(kind, TYPE_WORDS[Type.UNKNOWN])
    if kind == Type.PREMIUM_RATE:
        return Verdict(f"{quoted(raw)} is a premium-rate number: a call costs far more than a "
                       "normal call, so it is never printed. Copy the service's free or "
                       "normal-rate number from the source")
    for line_kind in kinds:
        if kind not in FULL_NUMBER_TYPES[line_kind]:
            return Verdict(f"{quoted(raw)} is {words}; it cannot take {KIND_WORDS[line_kind]}: "
                           "check the number and the line's kinds against the source")
    key = NEEDS_A_REASON.get(kind)
    if key is None:
        return Verdict()
    if key in reasons:
        return Verdict(allowed_by=key)
    if key not in reason_keys:
        return Verdict(f"{quoted(raw)} is {words}: give a free or normal-rate number instead")
    return Verdict(f"{quoted(raw)} is {words}: print it only if the service has no other "
                   f"number, and say why by adding {key} = \"why; source\" {reason_place}")


def _judge_short_number(raw, parsed, country, kinds, reasons, reason_keys,
                        reason_place) -> Verdict:
    place = country_name(country)
    if shortnumberinfo.expected_cost_for_region(parsed, country) == \
            ShortNumberCost.PREMIUM_RATE:
        return Verdict(f"{quoted(raw)} is a premium-rate short number in {place}: a call or text "
                       "costs far more than normal, so it is never printed")
    if shortnumberinfo.is_emergency_number(raw, country):
        return Verdict(f"{quoted(raw)} is an emergency number in {place}: the pamphlet prints it "
                       "from the region's [emergency] table, not as a line of its own")
    if shortnumberinfo.is_carrier_specific_for_region(parsed, country):
        return Verdict(f"{quoted(raw)} works only on some phone networks in {place}, so many "
                       "readers could not reach it: copy the service's number for every "
                       "network from the source")
    for line_kind in kinds:
        if line_kind not in SHORT_NUMBER_KINDS:
            return Verdict(f"{quoted(raw)} is a short number; {KIND_WORDS[line_kind]} needs a "
                           "full number: copy it from the source")
    if "call" not in kinds or not shortnumberinfo.is_sms_service_for_region(parsed, country):
        return Verdict()
    if "sms_code_callable" in reasons:
        return Verdict(allowed_by="sms_code_callable")
    hint = ""
    if "sms_code_callable" in reason_keys:
        hint = (f"; if the source says it also takes calls, add sms_code_callable = "
                f"\"why; source\" {reason_place}")
    return Verdict(f"{quoted(raw)} is only an SMS short code; it cannot be called. List it as a "
                   f"text line (kinds = [\"text\"]), or copy the number to call from the "
                   f"source{hint}")


def _judge_unlisted_number(raw, parsed, country, reasons, reason_keys,
                           reason_place) -> Verdict:
    """A number the library does not know: printed only through a sourced `unlisted`.

    It must still look like a short number of the country (length and leading
    digits from the library's short-number data), and never be a full-length
    number: the library knows every full-number range, so those are wrong.
    """
    unknown = (f"{quoted(raw)} is not a number that exists in {country_name(country)} (checked "
               "with the phonenumbers library): copy it again from the source and check "
               "the country")
    if "unlisted" not in reason_keys:
        return Verdict(unknown)
    full_length = (phonenumbers.is_possible_number_with_reason(parsed)
                   == phonenumbers.ValidationResult.IS_POSSIBLE)
    if full_length:
        return Verdict(unknown + "; it has as many digits as a full number there, and "
                       "the library knows every full number, so unlisted cannot apply")
    metadata = PhoneMetadata.short_metadata_for_region(country)
    shaped = metadata is not None and shortnumberinfo.is_possible_short_number_for_region(
        parsed, country) and re.fullmatch(metadata.general_desc.national_number_pattern,
                                          phonenumbers.national_significant_number(parsed))
    if not shaped:
        return Verdict(unknown + "; it does not have the length and first digits of a "
                       "short number there, so unlisted cannot apply")
    if "unlisted" in reasons:
        return Verdict(allowed_by="unlisted")
    return Verdict(unknown + ". If the source is right and the library does not list "
                   "this short number yet, add unlisted = \"why; source address\" "
                   f"{reason_place}")


def url_problem(value) -> str | None:
    """Why `value` may not be printed as an address (or QR code), or None.

    Only https, to a public host name written in one script: no user part
    ("https://www.samaritans.org@evil.example/" opens evil.example), no IP
    address, no local name, no look-alike letters from another script.
    """
    if not isinstance(value, str) or not value.startswith("https://"):
        return "must be a web address starting https://"
    if len(value) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters: give the service's page address"
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in value):
        return "must be one address, with no spaces or invisible characters"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "is not a web address that can be read"
    if "@" in parts.netloc:
        return ("has a user part before '@': a browser would open the host after the '@', "
                "not the one a reader sees first; remove everything up to the '@'")
    if port is not None or parts.netloc.endswith(":"):
        return "must not name a port (':...'): give the page's usual https:// address"
    host = (parts.hostname or "").rstrip(".")
    return _host_problem(host)


def _host_problem(host: str) -> str | None:
    if not host:
        return "has no host name after https://"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return "names an IP address: give the service's host name, such as www.example.org"
    except ValueError:
        pass
    if host == LOCAL_HOSTS[0] or host.endswith(LOCAL_HOSTS[1:]) or "." not in host:
        return "names a local machine, not a public web site: give the service's address"
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
        unicode_host = idna.decode(ascii_host)
    except idna.IDNAError as exc:
        return f"has a host name that cannot be used ({excerpt(str(exc))})"
    top = ascii_host.rsplit(".", 1)[-1]
    if not (top.isalpha() or top.startswith("xn--")):
        return (f"has host name {ascii_host}, which ends in a number: write the "
                "service's host name")
    for label in unicode_host.split("."):
        scripts = {_script(c) for c in label if c.isalpha()}
        if len(scripts) > 1 and not any(scripts <= mix for mix in SCRIPT_MIXES):
            return (f"has host name {ascii_host}, which mixes letters of "
                    f"{' and '.join(sorted(s.title() for s in scripts))} script: a look-alike "
                    "of another address. Copy the address from the service's own page")
    return None


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A").

    The standard library has no script property; the first word of the name
    is the script for every letter a host name may hold (IDNA allows letters
    and digits only), except CJK ideographs, named "CJK UNIFIED IDEOGRAPH".
    """
    return unicodedata.name(char, "UNKNOWN").split()[0]


class FieldChecker:
    """Validators for one data file; problems are collected in self.problems."""

    #: Which reasons (see REASON_NEEDED_FOR) this kind of file may give, and where.
    reason_keys: frozenset[str] = frozenset()
    reason_place: str = ""

    def __init__(self, path: Path, today: dt.date | None = None):
        self.path = path
        self.problems: list[str] = []
        #: The build date: a check dated after it is a mistake (or would keep
        #: the staleness warning quiet for ever). None: today.
        self.today = today or dt.date.today()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def raise_problems(self, error: type[GuideError]) -> None:
        """Stop once, listing every problem found in the file."""
        if self.problems:
            raise error(f"{show(self.path)} has {len(self.problems)} problem(s); fix them "
                        "and build again:", problems=self.problems)

    def no_numbers_in_text(self, where: str, texts: dict, own: set[str]) -> None:
        """Numbers belong in number fields, where they are checked, not in prose.

        A number is found however it is disguised: split by spaces, no-break
        spaces, invisible characters, dashes, dots or brackets, or written in
        other digits (guide/unicode_policy.py phone_like_numbers).
        """
        for key, value in texts.items():
            for written, digits in phone_like_numbers(value if isinstance(value, str) else ""):
                if digits not in own:
                    self.problem(f"{where}.{key}", f"contains the number '{visible(written)}': "
                                 "put every number in a number field, where it is checked")

    def printable(self, where: str, value: str) -> bool:
        """The shared text policy: only characters that print as themselves.

        See guide/unicode_policy.py (no bidi controls, no invisible or control
        characters, ZWJ/ZWNJ only inside Arabic and Indic words, one script's
        digits). Every text a pamphlet prints passes it.
        """
        problems = character_problems(value)
        for problem in problems:
            self.problem(where, problem)
        return not problems

    def unknown_keys(self, where: str, table: dict, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(where, f"unknown key {quoted(key)} (allowed: "
                         f"{', '.join(sorted(allowed))})")

    def country(self, country) -> str | None:
        territories = Locale("en").territories
        if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country) \
                or country not in territories:
            self.problem("country", f"must be a two-letter ISO country code such as "
                         f"'US', got {quoted(country)}")
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
                self.problem(where, f"{quoted(code)} is not a language code Babel knows")
        return good

    def reasons(self, where: str, table: dict) -> dict[str, str]:
        """The file's reasons for numbers the rules print only with one (see judge_number)."""
        found = {}
        for key in sorted(self.reason_keys & set(table)):
            value = table[key]
            if not isinstance(value, str) or not value.strip():
                self.problem(f"{where}.{key}", f"must say why, as text: {key} = "
                             f"\"{REASON_EXAMPLES[key]}\"")
            elif key == "unlisted" and not WEB_ADDRESS.search(value):
                self.problem(f"{where}.{key}", "must give the address (https://...) of the "
                             "page where the number was seen, e.g. unlisted = "
                             f"\"{REASON_EXAMPLES[key]}\"")
            else:
                found[key] = value
        return found

    def unused_reasons(self, where: str, reasons: dict[str, str],
                       numbers: list[PhoneNumber | None]) -> None:
        """A reason no number needs is stale (the library learnt the number): remove it."""
        if None in numbers:
            return  # a number has its own problem; the reason may be for it
        used = {n.allowed_by for n in numbers}
        for key in sorted(set(reasons) - used):
            self.problem(f"{where}.{key}", f"none of the numbers here needs it "
                         f"({REASON_NEEDED_FOR[key]}): remove it")

    def phone(self, where: str, raw, country, kinds=("call",),
              reasons: dict[str, str] | None = None) -> PhoneNumber | None:
        """A number fit for every kind of line it is printed for, or a problem saying why not."""
        parsed = self._parse(where, raw, country)
        if parsed is None:
            return None
        verdict = judge_number(raw.strip(), parsed, country, tuple(kinds), reasons or {},
                               self.reason_keys, self.reason_place)
        if verdict.problem:
            self.problem(where, verdict.problem)
            return None
        return phone_number(raw, verdict.allowed_by)

    def emergency_number(self, where: str, raw, country) -> PhoneNumber | None:
        """Only a number the library knows as an emergency number of that country."""
        parsed = self._parse(where, raw, country)
        if parsed is None:
            return None
        raw = raw.strip()
        place = country_name(country)
        if raw.startswith("+"):
            self.problem(where, f"{quoted(raw)} is written with a country code (+"
                         f"{parsed.country_code}); an emergency number is dialled without "
                         "one: print it as the source does, such as '112'")
        elif shortnumberinfo.is_emergency_number(raw, country):
            return phone_number(raw)
        elif shortnumberinfo.connects_to_emergency_number(raw, country):
            self.problem(where, f"{quoted(raw)} is not an emergency number in {place}, though "
                         "dialling it may reach one: print the emergency number alone, "
                         "as the source does")
        elif shortnumberinfo.is_valid_short_number_for_region(parsed, country):
            self.problem(where, f"{quoted(raw)} is a short number in {place}, but not an "
                         "emergency number (checked with the phonenumbers library): put "
                         "only the emergency numbers here, and other lines under "
                         "[[helplines]]")
        else:
            self.problem(where, f"{quoted(raw)} is not an emergency number in {place} (checked "
                         "with the phonenumbers library): copy it again from the source "
                         "and check the country")
        return None

    def _parse(self, where: str, raw, country) -> phonenumbers.PhoneNumber | None:
        if not isinstance(raw, str) or not NUMBER_PATTERN.match(raw.strip()):
            self.problem(where, f"{quoted(raw)} is not a phone number: use digits, spaces, "
                         "dashes and brackets only (no letters)")
            return None
        if country is None:
            return None
        try:
            return phonenumbers.parse(raw, country)
        except phonenumbers.NumberParseException as exc:
            self.problem(where, f"{quoted(raw)} cannot be read as a number in {country}: {exc}")
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
            self.problem(f"{where}.days", f"must be a range such as 'mon-fri', got {quoted(days)}")
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
            self.problem(where, f"must be a 24-hour time such as '08:30', got {quoted(value)}")
            return None
        return dt.time.fromisoformat(value)

    def date(self, where: str, value) -> dt.date | None:
        """A day a number was checked: a TOML date, and not after the build date."""
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.problem(where, f"must be a date written as 2026-11-21 (no quotes), "
                         f"got {quoted(value)}")
            return None
        if value > self.today:
            self.problem(where, f"{value} is after the build date ({self.today}): write the "
                         "day the number was really checked")
            return None
        return value

    def url(self, where: str, value) -> str | None:
        """An address a reader may type or scan from a QR code: a public https page."""
        if value is None:
            return None
        problem = url_problem(value)
        if problem:
            # Non-ASCII shown as \u escapes: a look-alike letter must not look alike here.
            shown = value.encode("ascii", "backslashreplace").decode() \
                if isinstance(value, str) else value
            self.problem(where, f"{problem}; got {quoted(shown)}")
            return None
        return value

    def flag(self, where: str, value) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"must be true or false, got {quoted(value)}")
            return False
        return value

    def text(self, where: str, value) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "missing: must be a non-empty text")
            return None
        if renders_blank(value):
            self.problem(where, "prints as blank (only spaces or invisible characters): "
                         "write the text")
            return None
        return value if self.printable(where, value) else None

    def optional_text(self, where: str, value) -> str | None:
        if value is None:
            return None
        return self.text(where, value)
