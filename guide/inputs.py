"""What goes into a pamphlet, as one hash: if it has not changed, nothing is rebuilt.

The hash covers every file and setting that can change a PDF's bytes: the
templates and CSS, the fonts, our own code, the catalog template, the
language's catalog and review file, the region file (and the one it
extends), the clinic file and logo, the layout, profile and paper, the
options, SOURCE_DATE_EPOCH, and the versions of the libraries that render.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import __version__, paths
from .catalogs import catalog_path

RENDERING_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "jinja2", "babel", "phonenumbers",
                       "segno", "pyphen", "tinycss2", "tinyhtml5")


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@lru_cache(maxsize=8)
def _shared_digest(root: Path, templates: Path, fonts: Path, pot: Path) -> str:
    """Everything every pamphlet depends on; computed once per build."""
    digest = hashlib.sha256(__version__.encode())
    files = [*sorted(templates.rglob("*")), *sorted(fonts.glob("*")),
             *sorted(Path(__file__).parent.glob("*.py")), pot]
    for path in files:
        if path.is_file():
            digest.update(f"{path.name}:{file_digest(path)}\n".encode())
    for library in RENDERING_LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\n".encode())
    return digest.hexdigest()


def input_hash(pamphlet, options) -> str:
    """The fingerprint of one pamphlet's inputs (see the module docstring)."""
    digest = hashlib.sha256(_shared_digest(paths.ROOT, paths.TEMPLATES, paths.FONTS,
                                           paths.POT_FILE).encode())
    region_files = [pamphlet.region.path]
    if pamphlet.region.parent:
        region_files.append(pamphlet.region.path.with_name(f"{pamphlet.region.parent}.toml"))
    catalog = catalog_path(pamphlet.locale)
    files = [*region_files, catalog, catalog.parent.parent / "review.toml"]
    clinic = options.clinic
    if clinic:
        files += [clinic.path] + ([clinic.logo] if clinic.logo else [])
    for path in files:
        digest.update(f"{path}:{file_digest(path)}\n".encode())
    intent = options.output_intent.digest if options.output_intent else ""
    settings = (pamphlet.name, pamphlet.paper, pamphlet.layout, pamphlet.profile, intent,
                options.allow_incomplete, os.environ.get("SOURCE_DATE_EPOCH", ""))
    digest.update(repr(settings).encode())
    return digest.hexdigest()
