"""Lay out one pamphlet's HTML and make its PDF with WeasyPrint, safely and offline.

Two guarantees live here:
- only project files (templates, fonts, a clinic's folder) and data: URIs
  are ever read (ProjectFetcher); anything else stops the build;
- only the fonts in fonts/ are visible (fonts/fonts.conf replaces the
  machine's font configuration), and any WeasyPrint warning, such as a
  missing glyph drawn as .notdef, fails the pamphlet.
Files are written elsewhere (guide/output.py), atomically.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import RenderError
from .paths import PROJECT, Project, show

# Must be set before WeasyPrint (and so Pango and fontconfig) is first loaded.
os.environ["FONTCONFIG_FILE"] = str(PROJECT.fonts / "fonts.conf")

import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

STYLESHEET = "print.css"
#: Warnings that do not change what is printed. HarfBuzz-Subset is a faster
#: subsetter; without it WeasyPrint uses fontTools and says so each time.
HARMLESS_WARNINGS = ("Using fontTools instead of HarfBuzz-Subset",)


class RefusedResource(FatalURLFetchingError):
    """A template or translation asked for something outside the project."""


class ProjectFetcher(URLFetcher):
    """Serve files from the allowed folders and data: URIs; refuse the rest."""

    def __init__(self, roots=None):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)
        self.roots = tuple(Path(r).resolve() for r in roots or (PROJECT.templates,
                                                                 PROJECT.fonts))

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(f"refused to fetch {url[:80]}: pamphlets are built "
                                  "offline and may only use files in templates/ and fonts/")
        path = Path(unquote(urlsplit(url).path)).resolve()  # resolves '..' and symlinks
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource(f"refused to read {path}: only files in templates/, "
                                  "fonts/ and the clinic file's folder may be used")
        if not path.is_file():
            raise RefusedResource(f"{show(path)}: file not found")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": content_type})


class PdfWriter:
    """Holds what is worth sharing between pamphlets: fonts, stylesheets, fetcher.

    The print stylesheet (and the @font-face rules it imports) is parsed once
    per process and reused, and so is each layout's or profile's extra
    stylesheet; measured in benchmarks/bench.py.
    """

    def __init__(self, project: Project = PROJECT, share_stylesheet: bool = True):
        self.project = project
        self.font_config = FontConfiguration()
        self.fetcher = ProjectFetcher((project.templates, project.fonts))
        self.share_stylesheet = share_stylesheet
        self._stylesheets: dict[str, weasyprint.CSS] = {}
        self.stylesheets = [self._css(STYLESHEET)] if share_stylesheet else []

    def _css(self, name: str) -> weasyprint.CSS:
        if name not in self._stylesheets:
            self._stylesheets[name] = weasyprint.CSS(
                filename=str(self.project.templates / name), url_fetcher=self.fetcher,
                font_config=self.font_config)
        return self._stylesheets[name]

    def render(self, html: str, name: str, extra_css: tuple[str, ...] = (),
               also_allowed: tuple[Path, ...] = ()):
        """Lay the HTML out as pages; raise RenderError on any refusal or warning."""
        if re.search(r"rel\s*=\s*[\"']?attachment", html, re.I):
            raise RenderError(f"{name}: the HTML asks to attach a file to the PDF "
                              "(rel=attachment); pamphlets never carry attachments")
        fetcher = self.fetcher if not also_allowed else ProjectFetcher(
            (self.project.templates, self.project.fonts, *also_allowed))
        if not self.share_stylesheet:  # the same CSS, parsed for this document alone
            html = html.replace("</head>", f'<link rel="stylesheet" href="{STYLESHEET}">'
                                "</head>", 1)
        stylesheets = self.stylesheets + [self._css(css) for css in extra_css]
        with _checked(name):
            return weasyprint.HTML(
                string=html, base_url=(self.project.templates / "index.html").as_uri(),
                url_fetcher=fetcher).render(font_config=self.font_config,
                                            stylesheets=stylesheets)

    def pdf_bytes(self, document, name: str, identifier: str, variant: str | None = None):
        """The PDF file's bytes: stable /ID, our metadata, an optional PDF/X or PDF/UA variant."""
        with _checked(name), _stable_document_id(identifier):
            return document.write_pdf(pdf_identifier=document_identifier(identifier),
                                       custom_metadata=True, pdf_variant=variant)

@contextmanager
def _checked(name: str):
    """Turn refusals and every WeasyPrint warning (e.g. a missing glyph) into RenderError."""
    with _capture_warnings() as warnings:
        try:
            yield
        except RefusedResource as exc:
            raise RenderError(f"{name}: {exc}") from None
        except FatalURLFetchingError as exc:  # a BaseException: never let it escape
            raise RenderError(f"{name}: {exc}: an image, font or stylesheet named in the "
                              "templates cannot be loaded; check its address") from None
        except (ValueError, TypeError, LookupError, ArithmeticError, AssertionError,
                OSError) as exc:
            # What WeasyPrint raises for input it cannot lay out (a malformed
            # image, CSS it chokes on): the template's or translation's fault,
            # reported as such, not as a crash.
            raise RenderError(f"{name}: WeasyPrint could not lay out or write the page "
                              f"({type(exc).__name__}: {str(exc)[:200]})") from exc
    problems = [w for w in warnings if not w.startswith(HARMLESS_WARNINGS)]
    if problems:
        raise RenderError(f"{name}: WeasyPrint reported problems, so the PDF was not "
                          "written:", problems=problems[:20])


@contextmanager
def _stable_document_id(identifier: str):
    """Give PDF/X files a DocumentID derived from the pamphlet, not a random one.

    WeasyPrint writes `xmp.did:<uuid4()>` into the XMP metadata of PDF/X
    files, so two builds of the same pamphlet differed; it has no option for
    it, so its module's uuid4 is replaced while this one file is written.
    """
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, f"withdrawal-guide:{identifier}")
    try:
        yield
    finally:
        metadata.uuid4 = original


def document_identifier(identifier: str) -> bytes:
    """A stable PDF /ID: the same pamphlet keeps the same id across builds."""
    return hashlib.sha256(identifier.encode()).hexdigest()[:32].encode()


@contextmanager
def _capture_warnings():
    """Collect WeasyPrint's warnings and errors instead of letting them scroll past."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Collector(level=logging.WARNING)
    logger = weasyprint.LOGGER
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
