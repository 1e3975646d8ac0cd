"""The build recipe: which pamphlets, then load -> render -> write for each.

A failure in one pamphlet is reported and the others still build; the
command exits non-zero when any failed. Nothing here prints: progress goes to
a callback so the command line, tests and batch runners each show it their way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable

from pypdf import PdfReader

from . import paths
from .catalogs import LoadedCatalog, load_catalog, parse_locale
from .clinic import Clinic
from .errors import GuideError, RegionError, RenderError
from .inputs import file_digest, input_hash
from .layouts import (
    LAYOUTS,
    PROFILE_VARIANTS,
    Layout,
    card_marks_html,
    fit_problem,
    impose_booklet,
    impose_cards,
    impose_trifold,
)
from .output import MANIFEST, PdfResult, read_manifest, write_atomically, write_manifest
from .profiles import OutputIntent
from .regions import Region, available_regions, load_region
from .render import Pamphlet, make_environment, render_html

PROFILE_CSS = {"print-shop": "profiles/print-shop.css"}

#: Numbers are re-checked at least yearly: older data gives a warning.
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path | None = None  # None: dist/
    paper: str | None = None  # None: the region's own paper size
    allow_incomplete: bool = False
    profile: str = "office"
    output_intent: OutputIntent | None = None  # print-shop: the ICC profile
    clinic: Clinic | None = None
    strict: bool = False  # numbers checked more than STALE_AFTER ago are an error
    force: bool = False  # rebuild even when nothing changed
    jobs: int = 1  # worker processes

    @property
    def target(self) -> Path:
        return self.out_dir or paths.DIST


@dataclass
class Outcome:
    """What happened to one pamphlet (or to a request that never became one)."""

    name: str
    path: Path | None = None
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    error: GuideError | None = None
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False  # up to date: not rebuilt
    entry: dict | None = None  # its line in dist/manifest.json

    @property
    def ok(self) -> bool:
        return self.error is None


def remove_unfinished(out_dir: Path) -> None:
    """Delete temporary files an interrupted build left (finished PDFs are renamed)."""
    for leftover in out_dir.glob("*/.*.pdf.*.part"):
        leftover.unlink(missing_ok=True)


def output_path(out_dir: Path, pamphlet: Pamphlet) -> Path:
    return out_dir / pamphlet.region.code / f"{pamphlet.name}.pdf"


def plan(region_codes: list[str] | None, locales: list[str] | None,
         options: BuildOptions, own_languages_only: bool = False,
         layouts: list[str] | None = None) -> tuple[list[Pamphlet], list[Outcome]]:
    """Pamphlets to build: each region with its languages, or the languages asked for.

    own_languages_only (--all): `locales` filters each region's own languages
    instead of naming languages to build. Regions that fail to load become
    failed outcomes, so one broken file does not stop a batch build.
    """
    pamphlets, failures = [], []
    for code in region_codes or available_regions():
        try:
            region = load_region(code)
            stale = stale_warning(region, build_date())
            if stale and options.strict:
                raise RegionError(stale + " (--strict)")
        except RegionError as exc:
            failures.append(Outcome(name=code, error=exc))
            continue
        chosen = region.languages if own_languages_only or not locales else locales
        if own_languages_only and locales:
            chosen = [code for code in region.languages if code in locales]
        for locale in chosen:
            for layout in layouts or ["handout"]:
                pamphlets.append(Pamphlet(region, locale, options.paper or region.paper,
                                          layout, options.profile))
    return pamphlets, failures


def build(pamphlets: list[Pamphlet], options: BuildOptions,
          report: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Build what is out of date, report each pamphlet as it finishes, update the manifest.

    Up-to-date pamphlets are found from dist/manifest.json without loading
    WeasyPrint, so a rebuild with nothing to do takes a fraction of a second.
    """
    out_dir = options.target
    manifest = read_manifest(out_dir)
    todo, outcomes = [], []
    for pamphlet in pamphlets:
        fingerprint = input_hash(pamphlet, options)
        current = _up_to_date(out_dir, pamphlet, fingerprint, manifest, options.force)
        if current:
            outcomes.append(Outcome(name=pamphlet.name, path=output_path(out_dir, pamphlet),
                                    pages=current["pages"], bytes=current["bytes"],
                                    unchanged=True, entry=current))
        else:
            todo.append((pamphlet, fingerprint))
    if todo:
        remove_unfinished(out_dir)
        for outcome in _run(todo, options):
            outcomes.append(outcome)
            report(outcome)
    for outcome in outcomes:
        if outcome.entry:
            manifest[outcome.entry["path"]] = outcome.entry
    if todo or not (out_dir / MANIFEST).exists():
        write_manifest(out_dir, manifest)
    return outcomes


def _up_to_date(out_dir, pamphlet, fingerprint, manifest, force) -> dict | None:
    """The manifest entry, if the PDF exists, is intact and its inputs are unchanged."""
    entry = manifest.get(str(output_path(out_dir, pamphlet).relative_to(out_dir)))
    if force or not entry or entry.get("input_hash") != fingerprint:
        return None
    path = output_path(out_dir, pamphlet)
    if not path.is_file() or file_digest(path) != entry.get("sha256"):
        return None
    for extra in entry.get("also", []):
        if file_digest(out_dir / extra["path"]) != extra.get("sha256"):
            return None
    return entry


def _run(todo, options: BuildOptions):
    """Yield outcomes as they finish: in this process, or in long-lived workers."""
    if options.jobs <= 1 or len(todo) == 1:
        worker = Worker(options)
        for pamphlet, fingerprint in todo:
            yield worker.build(pamphlet, fingerprint)
        return
    # fork: workers start from this process's memory (regions, Babel data),
    # and each then loads WeasyPrint, fonts and templates once for many pamphlets.
    context = multiprocessing.get_context("fork")
    with context.Pool(min(options.jobs, len(todo)), initializer=_start_worker,
                      initargs=(options,)) as pool:
        yield from pool.imap_unordered(_build_in_worker, todo, chunksize=1)


class Worker:
    """One process's renderer: Jinja environment, PDF writer and catalogs, kept warm."""

    def __init__(self, options: BuildOptions):
        from .pdf import PdfWriter  # WeasyPrint loads only when there is work to do

        self.options = options
        self.env = make_environment()
        self.writer = PdfWriter()
        self.created = build_time()
        self.catalogs: dict[str, LoadedCatalog | GuideError] = {}
        self._marks: dict[str, bytes] = {}

    def build(self, pamphlet: Pamphlet, fingerprint: str) -> Outcome:
        started = time.perf_counter()
        options = self.options
        target = output_path(options.target, pamphlet)
        outcome = Outcome(name=pamphlet.name)
        files = finished_files(target, pamphlet)
        try:
            catalog = self._catalog(pamphlet.locale)
            layout = LAYOUTS[pamphlet.layout]
            document, size = self._fit(pamphlet, layout, catalog, target.name)
            pdf = self.writer.pdf_bytes(document, target.name, pamphlet.name,
                                        PROFILE_VARIANTS[pamphlet.profile])
            finished = self._finish(pamphlet, layout, pdf, len(document.pages))
            results = [self._save(path, data, pages)
                       for path, (data, pages) in zip(files, finished, strict=True)]
            main = results[0]
            outcome.path, outcome.pages, outcome.bytes = main.path, main.pages, main.bytes
            if catalog.incomplete:
                outcome.notes.append("INCOMPLETE translation: marked on the pamphlet")
            if size != layout.sizes[0]:
                outcome.notes.append(f"type set at {size} pt to fit")
            outcome.entry = manifest_entry(pamphlet, options, catalog, results, fingerprint)
        except GuideError as exc:
            outcome.error = exc
            # Older PDFs under these names no longer match their inputs: remove
            # them, so that dist/ never holds a pamphlet the current data would not make.
            for path in files:
                path.unlink(missing_ok=True)
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _fit(self, pamphlet: Pamphlet, layout: Layout, catalog, name: str):
        """Lay out at the largest type size whose pages fit the layout; else say what overflows."""
        options = self.options
        extra_css = tuple(css for css in (layout.stylesheet, PROFILE_CSS.get(pamphlet.profile))
                          if css)
        allowed = (options.clinic.folder,) if options.clinic else ()
        intent = options.output_intent.data_uri if (
            options.output_intent and pamphlet.profile == "print-shop") else None
        problem = None
        for size in layout.sizes:
            blanks = 0
            while True:
                html = render_html(self.env, pamphlet, catalog, self.created, options.clinic,
                                   font_size=size, blank_pages=blanks, output_intent=intent)
                document = self.writer.render(html, name, extra_css, allowed)
                problem, pad = fit_problem(layout, document.pages)
                if problem or not pad or blanks:
                    break
                blanks = pad  # once more, with blank pages (or panels) added
            if not problem:
                return document, size
        raise RenderError(
            f"{name}: {problem}, even at {layout.sizes[-1]} pt, the smallest size the "
            f"{layout.name} layout allows ({pamphlet.locale}). Shorten the translation of "
            "that part, or print this language as a handout")

    def _finish(self, pamphlet: Pamphlet, layout: Layout, pdf: bytes,
                pages: int) -> list[tuple[bytes, int | None]]:
        """The files to write, each with its page count if known (imposed: counted later).

        Imposed sheets for the office; reading order otherwise: print shops
        impose themselves, and a screen reader needs the pages in reading
        order with their tags, which imposition would drop.
        """
        if pamphlet.profile != "office":
            return [(pdf, pages)]
        paper = pamphlet.paper
        if layout.name == "trifold":
            rtl = parse_locale(pamphlet.locale).text_direction == "rtl"
            return [(impose_trifold(pdf, paper, rtl), None)]
        if layout.name == "booklet":
            return [(pdf, pages), (impose_booklet(pdf, paper), None)]
        if layout.name == "card":
            if paper not in self._marks:
                marks = self.writer.render(card_marks_html(paper), "cut marks")
                self._marks[paper] = self.writer.pdf_bytes(marks, "cut marks", "cut marks")
            return [(impose_cards(pdf, self._marks[paper], paper), None)]
        return [(pdf, pages)]

    def _save(self, path: Path, data: bytes, pages: int | None) -> PdfResult:
        write_atomically(path, data)
        return PdfResult(path, pages if pages is not None else pdf_page_count(data), len(data),
                         hashlib.sha256(data).hexdigest())

    def _catalog(self, locale: str) -> LoadedCatalog:
        """Load each language once per process; a bad catalog fails all its pamphlets."""
        if locale not in self.catalogs:
            try:
                self.catalogs[locale] = load_catalog(
                    locale, allow_incomplete=self.options.allow_incomplete)
            except GuideError as exc:
                self.catalogs[locale] = exc
        found = self.catalogs[locale]
        if isinstance(found, GuideError):
            raise found
        return found


_worker: Worker | None = None


def _start_worker(options: BuildOptions) -> None:
    global _worker
    _worker = Worker(options)


def _build_in_worker(task) -> Outcome:
    return _worker.build(*task)


def finished_files(target: Path, pamphlet: Pamphlet) -> list[Path]:
    """The files a pamphlet is written to: a booklet also gets its imposed sheets."""
    if pamphlet.layout == "booklet" and pamphlet.profile == "office":
        return [target, target.with_name(f"{target.stem}-imposed.pdf")]
    return [target]


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def manifest_entry(pamphlet, options, catalog, results, fingerprint) -> dict:
    """One pamphlet's line in dist/manifest.json: what it is, and what went into it."""
    result = results[0]
    return {
        "path": str(result.path.relative_to(options.target)),
        "region": pamphlet.region.code,
        "language": pamphlet.locale,
        "layout": pamphlet.layout,
        "profile": options.profile,
        "paper": pamphlet.paper,
        "translation": catalog.review.metadata,
        "numbers_checked": pamphlet.region.checked.isoformat(),
        "pages": result.pages,
        "bytes": result.bytes,
        "sha256": result.sha256,
        "input_hash": fingerprint,
        "also": [{"path": str(extra.path.relative_to(options.target)), "pages": extra.pages,
                  "bytes": extra.bytes, "sha256": extra.sha256} for extra in results[1:]],
    }


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (so tests and rebuilds agree)."""
    created = build_time()
    return created.date() if created else dt.date.today()


def stale_warning(region: Region, today: dt.date) -> str | None:
    if today - region.checked <= STALE_AFTER:
        return None
    return (f"{paths.show(region.path)}: the numbers were last checked on {region.checked}, "
            f"more than 12 months before {today}; check each number with its service and "
            "update 'checked'")


def build_time() -> dt.datetime | None:
    """The build's date from SOURCE_DATE_EPOCH, for reproducible files; else none."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise GuideError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, "
                         f"got {value!r}") from exc


def second_hand_warnings(region: Region) -> list[str]:
    """Lines a clinic should confirm with the service before a print run."""
    return [f"{region.code}: {line.name} ({line.number.display}) was seen only on "
            "second-hand pages: confirm it with the service before printing"
            for line in region.helplines if line.second_hand]
