"""What goes into a pamphlet, as one hash: if it has not changed, nothing is rebuilt.

The hash covers every file and setting that can change a PDF's bytes: the
templates and CSS, the fonts, our own code, the catalog template, the
language's catalog and review file, the region file (and the one it
extends), the clinic file and logo, the layout, profile and paper, the
options, SOURCE_DATE_EPOCH, and the versions of the libraries that render.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .catalogs import variant_parent

RENDERING_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "jinja2", "babel", "phonenumbers",
                       "segno", "pyphen", "tinycss2", "tinyhtml5")


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@lru_cache(maxsize=8)
def _shared_digest(templates: Path, fonts: Path, pot: Path) -> str:
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


def input_hash(pamphlet) -> str:
    """The fingerprint of one pamphlet's inputs (see the module docstring)."""
    project = pamphlet.project
    digest = hashlib.sha256(_shared_digest(project.templates, project.fonts,
                                           project.pot).encode())
    region = pamphlet.region
    files = [region.path]
    if region.parent:
        files.append(region.path.with_name(f"{region.parent}.toml"))
    code = pamphlet.catalog_locale
    while code:  # a variant's text also comes from its language's catalog
        language = project.language_files(code)
        files += [language.catalog, language.review]
        code = variant_parent(code)
    clinic = pamphlet.clinic
    if clinic:
        files += [clinic.path] + ([clinic.logo] if clinic.logo else [])
    for path in files:
        digest.update(f"{path}:{file_digest(path)}\n".encode())
    intent = pamphlet.output_intent.digest if pamphlet.output_intent else ""
    created = pamphlet.created.isoformat() if pamphlet.created else ""
    settings = (pamphlet.name, pamphlet.paper, pamphlet.layout.name, pamphlet.profile.name,
                intent, pamphlet.allow_incomplete, created, pamphlet.catalog_locale,
                pamphlet.strict)
    digest.update(repr(settings).encode())
    return digest.hexdigest()
