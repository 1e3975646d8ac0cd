"""The build recipe: which pamphlets, then load -> render -> write for each.

A failure in one pamphlet is reported and the others still build; the
command exits non-zero when any failed. Nothing here prints: progress goes to
a callback so the command line, tests and batch runners each show it their way.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable

from . import paths
from .catalogs import LoadedCatalog, load_catalog
from .clinic import Clinic
from .errors import GuideError, RegionError
from .regions import Region, available_regions, load_region
from .render import Pamphlet, make_environment, render_html

#: Numbers are re-checked at least yearly: older data gives a warning.
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path | None = None  # None: dist/
    paper: str | None = None  # None: the region's own paper size
    allow_incomplete: bool = False
    layout: str = "handout"
    clinic: Clinic | None = None
    strict: bool = False  # numbers checked more than STALE_AFTER ago are an error


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
         options: BuildOptions) -> tuple[list[Pamphlet], list[Outcome]]:
    """Pamphlets to build: each region with its languages (or those asked for).

    Regions that fail to load become failed outcomes, so one broken file
    does not stop a batch build of every other region.
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
        for locale in locales or region.languages:
            pamphlets.append(Pamphlet(region, locale, options.paper or region.paper,
                                      options.layout))
    return pamphlets, failures


def build(pamphlets: list[Pamphlet], options: BuildOptions,
          report: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Build every pamphlet, calling report() as each one finishes."""
    from .pdf import PdfWriter  # WeasyPrint loads only when there is work to do

    env = make_environment()
    writer = PdfWriter()
    remove_unfinished(options.out_dir or paths.DIST)
    created = build_time()
    catalogs: dict[str, LoadedCatalog | GuideError] = {}
    outcomes = []
    for pamphlet in pamphlets:
        outcome = _build_one(pamphlet, options, env, writer, catalogs, created)
        outcomes.append(outcome)
        report(outcome)
    return outcomes


def _build_one(pamphlet, options, env, writer, catalogs, created) -> Outcome:
    started = time.perf_counter()
    target = output_path(options.out_dir or paths.DIST, pamphlet)
    outcome = Outcome(name=pamphlet.name)
    try:
        catalog = _catalog(pamphlet.locale, options, catalogs)
        html = render_html(env, pamphlet, catalog, created, options.clinic)
        result = writer.write(html, target, identifier=pamphlet.name,
                              also_allowed=options.clinic.folder if options.clinic else None)
        outcome.path, outcome.pages, outcome.bytes = result.path, result.pages, result.bytes
        if catalog.incomplete:
            outcome.notes.append("INCOMPLETE translation: marked on the pamphlet")
    except GuideError as exc:
        outcome.error = exc
        # An older PDF under this name no longer matches its inputs: remove it
        # so that dist/ never holds a pamphlet the current data would not make.
        target.unlink(missing_ok=True)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _catalog(locale: str, options: BuildOptions, cache: dict) -> LoadedCatalog:
    """Load each language once per build; a bad catalog fails every pamphlet in it."""
    if locale not in cache:
        try:
            cache[locale] = load_catalog(locale, allow_incomplete=options.allow_incomplete)
        except GuideError as exc:
            cache[locale] = exc
    found = cache[locale]
    if isinstance(found, GuideError):
        raise found
    return found


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
