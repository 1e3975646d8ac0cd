"""Write one pamphlet's HTML to a PDF file with WeasyPrint, safely and offline.

Three guarantees live here:
- only project files (templates, fonts) and data: URIs are ever read
  (ProjectFetcher); anything else stops the build;
- only the fonts in fonts/ are visible (fonts/fonts.conf replaces the
  machine's font configuration), and any WeasyPrint warning, such as a
  missing glyph drawn as .notdef, fails the pamphlet;
- the file appears under its final name only when complete (written to a
  temporary file in the same folder, then renamed).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import paths
from .errors import RenderError
from .output import write_atomically

# Must be set before WeasyPrint (and so Pango and fontconfig) is first loaded.
os.environ["FONTCONFIG_FILE"] = str(paths.FONTS / "fonts.conf")

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
        self.roots = tuple(Path(r).resolve() for r in roots or (paths.TEMPLATES, paths.FONTS))

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
            raise RefusedResource(f"{paths.show(path)}: file not found")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": content_type})


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    bytes: int
    sha256: str


class PdfWriter:
    """Holds what is worth sharing between pamphlets: fonts, stylesheet, fetcher.

    The print stylesheet (and the @font-face rules it imports) is parsed once
    per process and reused; measured in benchmarks/bench.py.
    """

    def __init__(self, share_stylesheet: bool = True):
        self.font_config = FontConfiguration()
        self.fetcher = ProjectFetcher()
        self.stylesheets = [weasyprint.CSS(
            filename=str(paths.TEMPLATES / STYLESHEET), url_fetcher=self.fetcher,
            font_config=self.font_config)] if share_stylesheet else []

    def write(self, html: str, target: Path, identifier: str,
              also_allowed: Path | None = None) -> PdfResult:
        """Render and write atomically; raise RenderError/OutputError on any problem.

        also_allowed: one more folder files may come from (a clinic's logo).
        """
        if re.search(r"rel\s*=\s*[\"']?attachment", html, re.I):
            raise RenderError(f"{target.name}: the HTML asks to attach a file to the PDF "
                              "(rel=attachment); pamphlets never carry attachments")
        fetcher = self.fetcher if also_allowed is None else ProjectFetcher(
            (paths.TEMPLATES, paths.FONTS, also_allowed))
        if not self.stylesheets:  # the same CSS, parsed for this document alone
            html = html.replace("</head>", f'<link rel="stylesheet" href="{STYLESHEET}">'
                                "</head>", 1)
        with _capture_warnings() as warnings:
            try:
                document = weasyprint.HTML(
                    string=html, base_url=(paths.TEMPLATES / "index.html").as_uri(),
                    url_fetcher=fetcher).render(font_config=self.font_config,
                                                stylesheets=self.stylesheets)
                pdf = document.write_pdf(pdf_identifier=document_identifier(identifier),
                                         custom_metadata=True)
            except RefusedResource as exc:
                raise RenderError(f"{target.name}: {exc}") from exc
        problems = [w for w in warnings if not w.startswith(HARMLESS_WARNINGS)]
        if problems:
            raise RenderError(f"{target.name}: WeasyPrint reported problems, so the PDF "
                              "was not written:", problems=problems[:20])
        write_atomically(target, pdf)
        return PdfResult(target, len(document.pages), len(pdf), hashlib.sha256(pdf).hexdigest())


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
