"""Load a clinic's own details for the "Your clinic" box, checked like region data.

A clinic file comes from outside the project, so it is treated as untrusted
data: only known keys, numbers validated with phonenumbers, a logo only from
the clinic file's own folder and of bounded size, notes as plain text (never
template code, never HTML).
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, ImageFile, UnidentifiedImageError

from .errors import ClinicError, quoted
from .fields import FieldChecker, Hours, PhoneNumber, read_toml
from .paths import show
from .reading import read_limited

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
#: A logo is a few hundred shapes. WeasyPrint draws every element, and a
#: `<use>` draws its target again, so nested `<use>` grows fourfold a level
#: (a 1.4 KB file took 137 s at depth 9): the count after expansion is limited.
MAX_SVG_ELEMENTS = 5_000
MAX_SVG_DEPTH = 64
#: What Pillow raises for a hostile PNG: a text or ICC chunk that inflates
#: past PngImagePlugin.MAX_TEXT_CHUNK (ValueError), a decompression bomb,
#: broken chunks (SyntaxError, struct.error, zlib.error), truncated data.
PNG_ERRORS = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
              struct.error, zlib.error, Image.DecompressionBombError)
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


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
    return check_clinic(data, path)


def check_clinic(data: dict, path: Path) -> Clinic:
    """Check clinic details already read (a file, or the web form); ClinicError if wrong.

    path: where the details count as living; a logo is looked for beside it.
    """
    clinic, checker = _checked(data, path)
    checker.raise_problems(ClinicError)
    return clinic


def clinic_problems(data: dict, path: Path) -> tuple[Clinic | None, list[tuple[str, str]]]:
    """The clinic, or every problem as (field, message): the web form shows each by its field.

    field is the key as the checker names it: "name", "phones[0]", "hours[1].opens",
    "notes.es", "(top level)".
    """
    clinic, checker = _checked(data, path)
    return clinic, checker.by_field


def _checked(data: dict, path: Path):
    checker = _ClinicChecker(Path(path))
    return checker.check(data), checker


class _ClinicChecker(FieldChecker):
    reason_keys = CLINIC_REASONS
    reason_place = "at the top of the clinic file"

    def __init__(self, path: Path):
        super().__init__(path)
        self.by_field: list[tuple[str, str]] = []

    def problem(self, where: str, message: str) -> None:
        super().problem(where, message)
        self.by_field.append((where, message))

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
            self.problem("logo", f"{quoted(value)} is outside the clinic file's folder; put the "
                         "logo beside the clinic file")
            return None
        if logo.suffix.lower() not in LOGO_TYPES:
            self.problem("logo", f"{quoted(value)} must be a PNG or SVG file")
            return None
        if not logo.is_file():
            self.problem("logo", f"{quoted(value)}: no such file beside the clinic file")
            return None
        try:  # bounded while reading; a symbolic link is refused before it is opened
            data = read_limited(folder / value, MAX_LOGO_BYTES, ClinicError, "a logo", folder)
        except ClinicError as exc:
            self.problem("logo", str(exc))
            return None
        problem = png_problem(data) if logo.suffix.lower() == ".png" else svg_problem(data)
        if problem:
            self.problem("logo", f"{quoted(value)} {problem}")
            return None
        return logo


def png_problem(data: bytes) -> str | None:
    """Why a PNG cannot be a logo: not a PNG, too many pixels, or broken/hostile data."""
    # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process,
    # which skips an over-inflating chunk or missing pixels without a word;
    # the check is strict, so a broken logo is reported, not printed half.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return _png_problem(data)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _png_problem(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            kind = image.format
            if kind != "PNG":
                return f"is a {kind} image named .png; save it as PNG"
            if width * height > MAX_LOGO_PIXELS:
                return (f"is {width} x {height} pixels; a logo needs no more than "
                        f"{MAX_LOGO_PIXELS // 1_000_000} megapixels (about 2000 x 2000)")
            image.load()  # the pixels too: bounded by the size checked above
    except PNG_ERRORS as exc:
        reason = str(exc)
        if "MAX_TEXT" in reason or "too large" in reason.lower() or \
                isinstance(exc, Image.DecompressionBombError):
            return ("is not a readable PNG image: a part of it unpacks to far more data "
                    "than a logo holds (a damaged or hostile file); export the logo again")
        return f"is not a readable PNG image: {quoted(reason)}"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG cannot be a logo: not SVG, or too complex to draw in reasonable time."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return ("declares a DOCTYPE or entities, which a logo never needs (and which can "
                "expand without limit); export it again as plain SVG")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not a readable SVG image: {quoted(str(exc))}"
    if not root.tag.endswith("svg"):
        return "is not an SVG image (its first element is not <svg>)"
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        return (f"has {len(elements)} elements; a logo needs no more than "
                f"{MAX_SVG_ELEMENTS}: simplify it or use a PNG")
    return _svg_expansion_problem(root, elements)


def _svg_expansion_problem(root, elements) -> str | None:
    """Count elements as drawn, each <use> counting its target again, without drawing."""
    by_id = {e.get("id"): e for e in elements if e.get("id")}
    parents = {child: parent for parent in elements for child in parent}
    for element in elements:
        depth, node = 0, element
        while node in parents:
            node, depth = parents[node], depth + 1
        if depth > MAX_SVG_DEPTH:
            return f"nests elements more than {MAX_SVG_DEPTH} deep; simplify it"
    drawn: dict[int, int] = {}

    def count(element, path: tuple) -> int:
        if id(element) in drawn:
            return drawn[id(element)]
        if id(element) in path or len(path) > MAX_SVG_DEPTH:
            raise _TooComplex("has a <use> that refers to itself (or nests too deep)")
        total = 1 + sum(count(child, path + (id(element),)) for child in element)
        if element.tag.rsplit("}", 1)[-1] == "use":
            href = element.get("href") or element.get(XLINK_HREF) or ""
            if not href.startswith("#"):
                raise _TooComplex("has a <use> of another file; a logo must be one file")
            if href[1:] in by_id:
                total += count(by_id[href[1:]], path + (id(element),))
        if total > MAX_SVG_ELEMENTS:
            raise _TooComplex(f"draws more than {MAX_SVG_ELEMENTS} elements once its <use> "
                              "copies are expanded; simplify it or use a PNG")
        drawn[id(element)] = total
        return total

    try:
        count(root, ())
    except _TooComplex as exc:
        return str(exc)
    return None


class _TooComplex(Exception):
    """An SVG logo that would take too long to draw (internal to svg_problem)."""


def _table(value) -> dict:
    return value if isinstance(value, dict) else {}
