"""Load a clinic's own details for the "Your clinic" box, checked like region data.

A clinic file comes from outside the project, so it is treated as untrusted
data: only known keys, numbers validated with phonenumbers, a logo only from
the clinic file's own folder and of bounded size, notes as plain text (never
template code, never HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import ClinicError
from .fields import FieldChecker, Hours, PhoneNumber, read_toml
from .paths import show

#: A clinic's own numbers are call lines, checked by the same rules as a
#: region's (guide/fields.py judge_number); a shared-cost or personal number
#: needs the file to say why. Short codes the library does not list have no
#: place on a clinic's card.
CLINIC_REASONS = frozenset({"shared_cost", "personal_number"})
CLINIC_KEYS = {"name", "country", "address", "phones", "hours", "web", "logo", "notes",
               "fallback_language"} | CLINIC_REASONS
LOGO_TYPES = {".png": "PNG", ".svg": "SVG"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: A logo prints a few centimetres wide: 4 megapixels is far more than enough,
#: and decoding a 50-megapixel image would cost seconds and hundreds of MB.
MAX_LOGO_PIXELS = 4_000_000


@dataclass(frozen=True)
class Clinic:
    name: str
    country: str
    address: tuple[str, ...]
    phones: tuple[PhoneNumber, ...]
    hours: tuple[Hours, ...]
    path: Path
    web: str | None = None
    logo: Path | None = None
    notes: tuple[tuple[str, str], ...] = ()
    fallback_language: str | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent.resolve()

    def note_for(self, locale: str) -> str | None:
        """The note in the reader's language, or the fallback; error if neither."""
        notes = dict(self.notes)
        if not notes:
            return None
        for code in (locale, locale.split("_")[0], self.fallback_language):
            if code in notes:
                return notes[code]
        raise ClinicError(
            f"{show(self.path)}: notes has no text for '{locale}'. Add `{locale} = \"...\"` "
            "under [notes], or name a language to use instead with "
            "fallback_language = \"en\"")


def load_clinic(path: Path) -> Clinic:
    """Load and check a clinic file, or raise ClinicError listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise ClinicError(f"{path}: no such clinic file")
    data = read_toml(path, ClinicError)
    checker = _ClinicChecker(path)
    clinic = checker.check(data)
    checker.raise_problems(ClinicError)
    return clinic


class _ClinicChecker(FieldChecker):
    reason_keys = CLINIC_REASONS
    reason_place = "at the top of the clinic file"

    def check(self, data: dict) -> Clinic | None:
        self.unknown_keys("(top level)", data, CLINIC_KEYS)
        country = self.country(data.get("country"))
        name = self.text("name", data.get("name"))
        address = self._lines("address", data.get("address", []))
        phones = data.get("phones", [])
        if not isinstance(phones, list) or not phones:
            self.problem("phones", "list at least one number, e.g. phones = [\"0117 496 0123\"]")
            phones = []
        reasons = self.reasons("(top level)", data)
        numbers = tuple(self.phone(f"phones[{i}]", n, country, ("call",), reasons)
                        for i, n in enumerate(phones))
        self.unused_reasons("(top level)", reasons, list(numbers))
        hours = self._hours_list(data.get("hours", []))
        notes = self._notes(data.get("notes", {}), {n.digits for n in numbers if n})
        fallback = data.get("fallback_language")
        if fallback is not None and not isinstance(fallback, str):
            self.problem("fallback_language", f"must be a language code such as 'en', "
                         f"got {fallback!r}")
            fallback = None
        elif fallback is not None and fallback not in _table(data.get("notes")):
            self.problem("fallback_language", f"{fallback!r} has no text under [notes]")
        # The address lines are read as one text: a number split over two
        # lines still prints.
        self.no_numbers_in_text("(top level)", {"name": name, "address": " ".join(address)},
                                {n.digits for n in numbers if n})
        clinic = dict(name=name, country=country, address=address, phones=numbers,
                      hours=hours, web=self.url("web", data.get("web")),
                      logo=self._logo(data.get("logo")), notes=notes,
                      fallback_language=fallback)
        if self.problems:
            return None
        return Clinic(path=self.path, **clinic)

    def _lines(self, where: str, value) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, "must be a list of lines, e.g. [\"12 High Street\", \"Bristol\"]")
            return ()
        lines = [(i, v.strip()) for i, v in enumerate(value) if v.strip()]
        return tuple(line for i, line in lines if self.printable(f"{where}[{i}]", line))

    def _hours_list(self, value) -> tuple[Hours, ...]:
        if not isinstance(value, list):
            self.problem("hours", "must be a list of [[hours]] tables")
            return ()
        hours = [self.hours(f"hours[{i}]", item) for i, item in enumerate(value)]
        return tuple(h for h in hours if h)

    def _notes(self, value, own_digits: set[str]) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            self.problem("notes", "must be a table of language = \"text\"")
            return ()
        self.languages("notes", list(value), required=False)
        good = []
        for code, text in value.items():
            checked = self.text(f"notes.{code}", text)
            self.no_numbers_in_text("notes", {code: text}, own_digits)
            if checked:
                good.append((code, text))
        return tuple(good)

    def _logo(self, value) -> Path | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem("logo", "must be a file name such as \"logo.png\"")
            return None
        folder = self.path.parent.resolve()
        logo = (folder / value).resolve()  # resolves ".." and symbolic links
        if not logo.is_relative_to(folder):
            self.problem("logo", f"{value!r} is outside the clinic file's folder; put the "
                         "logo beside the clinic file")
            return None
        if logo.suffix.lower() not in LOGO_TYPES:
            self.problem("logo", f"{value!r} must be a PNG or SVG file")
            return None
        if not logo.is_file():
            self.problem("logo", f"{value!r}: no such file beside the clinic file")
            return None
        size = logo.stat().st_size
        if size > MAX_LOGO_BYTES:
            self.problem("logo", f"{value!r} is {size / 1e6:.1f} MB; use a logo under "
                         f"{MAX_LOGO_BYTES // (1024 * 1024)} MB")
            return None
        if logo.suffix.lower() == ".png":
            return self._png(value, logo)
        return logo

    def _png(self, value: str, logo: Path) -> Path | None:
        try:
            with Image.open(logo) as image:
                width, height = image.size
                kind = image.format
        except (UnidentifiedImageError, OSError) as exc:
            self.problem("logo", f"{value!r} is not a readable PNG image: {exc}")
            return None
        if kind != "PNG":
            self.problem("logo", f"{value!r} is a {kind} image named .png; save it as PNG")
            return None
        if width * height > MAX_LOGO_PIXELS:
            self.problem("logo", f"{value!r} is {width} x {height} pixels; a logo needs no "
                         f"more than {MAX_LOGO_PIXELS // 1_000_000} megapixels (about "
                         "2000 x 2000)")
            return None
        return logo


def _table(value) -> dict:
    return value if isinstance(value, dict) else {}
