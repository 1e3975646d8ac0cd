"""What a warm worker process does for a web request (run through guide/pool.py RenderPool).

These run in the worker, not in the server, so laying out pages, writing
PDFs and drawing preview images never block the server's event loop.
"""

from __future__ import annotations

import io

from ..errors import RenderError
from ..pamphlet import Pamphlet
from ..worker import Worker

#: Preview images are drawn at this many pixels per point (72 dpi * 1.25 = 90 dpi):
#: sharp enough to read on a screen, small enough to send in a second.
PREVIEW_SCALE = 1.25


def preview_pages(worker: Worker, pamphlet: Pamphlet,
                  scale: float = PREVIEW_SCALE) -> list[bytes]:
    """Every page in reading order, as PNG images."""
    pdf, _ = worker.pages_pdf(pamphlet)
    return pdf_pages_as_png(pdf, scale)


def pdf_pages_as_png(pdf: bytes, scale: float = 1.0, first_only: bool = False,
                     width: int | None = None) -> list[bytes]:
    """PNG images of a PDF's pages, drawn by PDFium (pypdfium2); width: pixels, else scale."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=width / page.get_width() if width else scale)
            out = io.BytesIO()
            # Fast compression: optimize=True took 0.6 s for six pages, longer than the layout.
            bitmap.to_pil().save(out, format="PNG", compress_level=1)
            images.append(out.getvalue())
            if first_only:
                break
        return images
    finally:
        document.close()


def pamphlet_files(worker: Worker, pamphlets: list[Pamphlet]) -> list[tuple[str, bytes]]:
    """Build a request's pamphlets into its (private, temporary) folder; their files as
    (name as the command line writes it under dist/, bytes).

    One request is one call, however many pamphlets it asks for, so that the
    pool's bounded queue counts requests, and one request cannot fill it.
    """
    files = []
    for pamphlet in pamphlets:
        outcome = worker.build(pamphlet, "web")
        if outcome.error is not None:
            raise outcome.error
        root = pamphlet.target.parent.parent
        for path in pamphlet.files:
            if not path.is_file():
                raise RenderError(f"{path.name}: was not written")
            files.append((str(path.relative_to(root)), path.read_bytes()))
    return files
