"""Make one pamphlet's files: catalog -> HTML -> fitted layout -> PDF -> imposed sheets.

A Worker keeps what is worth reusing between pamphlets warm (the Jinja
environment, fonts and stylesheets, loaded catalogs, cut marks) and turns
whatever happens while building one pamphlet into an Outcome: our own
errors with their category, anything else as an internal error with its
traceback. Nothing escapes `build`.
"""

from __future__ import annotations

import hashlib
import io
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .catalogs import LoadedCatalog, load_catalog, parse_locale
from .cmyk import finish_print_file
from .errors import GuideError, InternalError, LayoutError, RenderError
from .output import PdfResult, manifest_entry, write_atomically
from .pamphlet import Pamphlet
from .paths import Project
from .render import make_environment, pamphlet_review, render_html


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
    details: str | None = None  # internal errors: the traceback, shown once

    @property
    def ok(self) -> bool:
        return self.error is None


class Worker:
    """One process's renderer, kept warm across pamphlets of one project."""

    def __init__(self, project: Project):
        from .pdf import PdfWriter  # WeasyPrint loads only when there is work to do

        self.project = project
        self.env = make_environment(project)
        self.writer = PdfWriter(project)
        self.catalogs: dict[tuple[str, bool, bool], LoadedCatalog | GuideError] = {}
        self._marks: dict[str, bytes] = {}

    def build(self, pamphlet: Pamphlet, fingerprint: str) -> Outcome:
        """Write the pamphlet's files; never raises (see the module docstring)."""
        started = time.perf_counter()
        outcome = Outcome(name=pamphlet.name)
        try:
            self._build(pamphlet, fingerprint, outcome)
        except GuideError as exc:
            outcome.error = exc
        except Exception as exc:  # our bug: say so once, with the pamphlet's name
            outcome.error = InternalError(f"{type(exc).__name__}: {exc}")
            outcome.details = traceback.format_exc()
        if outcome.error is not None:
            # Older PDFs under these names no longer match their inputs: remove
            # them, so that dist/ never holds a pamphlet the current data would not make.
            for path in pamphlet.files:
                path.unlink(missing_ok=True)
            outcome.entry = None
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _build(self, pamphlet: Pamphlet, fingerprint: str, outcome: Outcome) -> None:
        catalog, document, size, review, pdf = self._pages(pamphlet)
        layout, name = pamphlet.layout, pamphlet.target.name
        rtl = parse_locale(pamphlet.locale).text_direction == "rtl"
        try:
            finished = layout.finish(pdf, len(document.pages), pamphlet.paper, rtl,
                                     pamphlet.profile.imposes, self._cut_marks)
        except PyPdfError as exc:
            raise LayoutError(f"{name}: the pages could not be imposed on sheets: {exc}") from exc
        results = [self._save(path, data, pages)
                   for path, (data, pages) in zip(pamphlet.files, finished, strict=True)]
        outcome.path, outcome.pages, outcome.bytes = (results[0].path, results[0].pages,
                                                      results[0].bytes)
        if catalog.incomplete:
            outcome.notes.append("INCOMPLETE translation: marked on the pamphlet")
        outcome.notes += catalog.notices
        if size != layout.sizes[0]:
            outcome.notes.append(f"type set at {size} pt to fit")
        outcome.entry = manifest_entry(pamphlet, review, results, fingerprint)

    def pages_pdf(self, pamphlet: Pamphlet) -> tuple[bytes, int]:
        """The pages in reading order, not imposed and not written (the web preview).

        Raises GuideError like the build does.
        """
        _, document, _, _, pdf = self._pages(pamphlet)
        return pdf, len(document.pages)

    def _pages(self, pamphlet: Pamphlet):
        """Catalog, laid-out document, type size, review status and the PDF's bytes."""
        catalog = self.catalog(pamphlet.catalog_locale, pamphlet.allow_incomplete,
                               pamphlet.strict)
        document, size, review = self._fit(pamphlet, catalog)
        pdf = self.writer.pdf_bytes(document, pamphlet.target.name, pamphlet.name,
                                    pamphlet.profile.pdf_variant)
        if pamphlet.profile.needs_intent:
            pdf = finish_print_file(pdf, pamphlet.output_intent)
        return catalog, document, size, review, pdf

    def _fit(self, pamphlet: Pamphlet, catalog: LoadedCatalog):
        """Lay out at the largest type size whose pages fit the layout; else say what overflows."""
        layout, name = pamphlet.layout, pamphlet.target.name
        review = pamphlet_review(self.env, pamphlet, catalog)
        extra_css = tuple(css for css in (layout.stylesheet, pamphlet.profile.stylesheet) if css)
        allowed = (pamphlet.clinic.folder,) if pamphlet.clinic else ()
        problem = None
        for size in layout.sizes:
            document, problem, pad = self._lay_out(pamphlet, catalog, review, size, 0,
                                                   extra_css, allowed)
            if not problem and pad:
                # Once more, with blank pages (or panels) added. After blank pages the
                # helplines start a page of their own, which may add one page more
                # than the blanks themselves: then the count is worked out again.
                pages = len(document.pages)
                document, problem, still = self._lay_out(pamphlet, catalog, review, size, pad,
                                                         extra_css, allowed)
                if not problem and still and layout.page_multiple > 1:
                    blanks = (-(pages + 1)) % layout.page_multiple or layout.page_multiple
                    document, problem, _ = self._lay_out(pamphlet, catalog, review, size,
                                                         blanks, extra_css, allowed)
            if not problem:
                return document, size, review
        raise RenderError(
            f"{name}: {problem}, even at {layout.sizes[-1]} pt, the smallest size the "
            f"{layout.name} layout allows ({pamphlet.locale}). Shorten the translation of "
            "that part, or print this language as a handout")

    def _lay_out(self, pamphlet: Pamphlet, catalog: LoadedCatalog, review, size: float,
                 blanks: int, extra_css: tuple[str, ...], allowed: tuple[Path, ...]):
        """One layout at one type size: the document, what overflows, pages still to pad."""
        html = render_html(self.env, pamphlet, catalog, font_size=size, blank_pages=blanks,
                           review=review)
        document = self.writer.render(html, pamphlet.target.name, extra_css, allowed)
        problem, pad = pamphlet.layout.fits(pamphlet.layout, document.pages)
        return document, problem, pad

    def _cut_marks(self, paper: str) -> bytes:
        from .imposition import card_marks_html

        if paper not in self._marks:
            marks = self.writer.render(card_marks_html(paper), "cut marks")
            self._marks[paper] = self.writer.pdf_bytes(marks, "cut marks", "cut marks")
        return self._marks[paper]

    def _save(self, path: Path, data: bytes, pages: int | None) -> PdfResult:
        write_atomically(path, data)
        return PdfResult(path, pages if pages is not None else pdf_page_count(data), len(data),
                         hashlib.sha256(data).hexdigest())

    def catalog(self, locale: str, allow_incomplete: bool,
                strict: bool = False) -> LoadedCatalog:
        """Load each language once per process; a bad catalog fails all its pamphlets."""
        key = (locale, allow_incomplete, strict)
        if key not in self.catalogs:
            try:
                self.catalogs[key] = load_catalog(locale, allow_incomplete=allow_incomplete,
                                                  strict=strict, project=self.project)
            except GuideError as exc:
                self.catalogs[key] = exc
        found = self.catalogs[key]
        if isinstance(found, GuideError):
            raise found
        return found


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
