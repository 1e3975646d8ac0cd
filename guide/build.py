"""The build recipe: plan the pamphlets, skip those up to date, make the rest.

    request (BuildOptions) --plan--> Pamphlet jobs --build--> Outcomes + dist/manifest.json

A failure in one pamphlet is reported and the others still build; the
command exits non-zero when any failed. Nothing here prints: progress goes to
a callback so the command line, tests and batch runners each show it their way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .clinic import Clinic
from .conditions import region_condition
from .errors import GuideError, RegionError
from .inputs import file_digest, input_hash
from .layouts import layout_named
from .output import MANIFEST, build_lock, check_out_dir, read_manifest, write_manifest
from .pamphlet import Pamphlet, build_date, build_time
from .paths import PROJECT, Project, show
from .pool import JOB_TIME_LIMIT, run_in_workers
from .profiles import OutputIntent, profile_named
from .regions import available_regions, flagged_problems, load_region, stale_warning
from .worker import Outcome, Worker


@dataclass(frozen=True)
class BuildOptions:
    """What was asked for, as the command line says it; `plan` resolves it into jobs."""

    out_dir: Path | None = None  # None: the project's dist/
    paper: str | None = None  # None: the region's own paper size
    allow_incomplete: bool = False
    profile: str = "office"
    output_intent: OutputIntent | None = None  # print-shop: instead of the region's standard
    clinic: Clinic | None = None
    strict: bool = False  # numbers checked more than a year ago are an error
    force: bool = False  # rebuild even when nothing changed
    jobs: int = 1  # worker processes
    project: Project = PROJECT
    time_limit: float = JOB_TIME_LIMIT  # seconds one pamphlet may take (workers only)

    @property
    def target(self) -> Path:
        return self.out_dir or self.project.dist


class Interrupted(GuideError):
    """Ctrl-C or SIGTERM: workers stopped, unfinished files removed."""

    category = "Interrupted"


def plan(region_codes: list[str] | None, locales: list[str] | None,
         options: BuildOptions, own_languages_only: bool = False,
         layouts: list[str] | None = None) -> tuple[list[Pamphlet], list[Outcome]]:
    """Pamphlets to build: each region with its languages, or the languages asked for.

    own_languages_only (--all): `locales` filters each region's own languages
    instead of naming languages to build. Regions that fail to load become
    failed outcomes, so one broken file does not stop a batch build.
    """
    profile = profile_named(options.profile)
    chosen_layouts = [layout_named(name) for name in layouts or ["handout"]]
    check_out_dir(options.target, options.project.root)  # before any work, not after
    created = build_time()
    pamphlets, failures = [], []
    for code in region_codes or available_regions(options.project):
        try:
            # Checked dates are judged against the build date (SOURCE_DATE_EPOCH):
            # one after it is refused, one more than a year before it warns.
            region = load_region(code, options.project, build_date(created))
            stale = stale_warning(region, build_date(created))
            if stale and options.strict:
                raise RegionError(stale + " (--strict)")
            if flagged := flagged_problems(region):
                raise RegionError(f"{show(region.path)}: a re-check found numbers that do not "
                                  "work as printed, so this region is not built:",
                                  problems=flagged)
        except RegionError as exc:
            failures.append(Outcome(name=code, error=exc))
            continue
        chosen = region.languages if own_languages_only or not locales else locales
        if own_languages_only and locales:
            chosen = [code for code in region.languages if code in locales]
        for locale in chosen:
            for layout in chosen_layouts:
                pamphlets.append(Pamphlet(
                    region, locale, options.paper or region.paper, layout, profile,
                    clinic=options.clinic,
                    output_intent=_intent(options, region) if profile.needs_intent else None,
                    created=created, allow_incomplete=options.allow_incomplete,
                    project=options.project, out_dir=options.target,
                    variant=region.variant_of(locale), strict=options.strict))
    return pamphlets, failures


def _intent(options: BuildOptions, region) -> OutputIntent:
    """The print shop's own profile if given, else the region's standard condition."""
    return options.output_intent or region_condition(region).output_intent


def build(pamphlets: list[Pamphlet], options: BuildOptions,
          report: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Build what is out of date, report each pamphlet as it finishes, update the manifest.

    Up-to-date pamphlets are found from dist/manifest.json without loading
    WeasyPrint, so a rebuild with nothing to do takes a fraction of a second.
    """
    out_dir = options.target
    check_out_dir(out_dir, options.project.root)
    with build_lock(out_dir):
        return _build_locked(pamphlets, options, report, out_dir)


def _build_locked(pamphlets, options: BuildOptions, report, out_dir: Path) -> list[Outcome]:
    """`build` while holding the output folder's lock (see guide/output.py build_lock)."""
    manifest = read_manifest(out_dir)
    todo, outcomes = [], []
    for pamphlet in pamphlets:
        fingerprint = input_hash(pamphlet)
        current = None if options.force else _up_to_date(pamphlet, fingerprint, manifest)
        if current:
            outcomes.append(Outcome(name=pamphlet.name, path=pamphlet.target,
                                    pages=current["pages"], bytes=current["bytes"],
                                    unchanged=True, entry=current))
        else:
            todo.append((pamphlet, fingerprint))
    if todo:
        remove_unfinished(out_dir)
        try:
            for outcome in _run(todo, options):
                outcomes.append(outcome)
                report(outcome)
        except KeyboardInterrupt:
            remove_unfinished(out_dir)
            _record(out_dir, manifest, outcomes)
            built = sum(1 for o in outcomes if o.ok and not o.unchanged)
            raise Interrupted(f"stopped; {built} of {len(todo)} pamphlet(s) were finished "
                              "and kept, unfinished files were removed") from None
    if todo or not (out_dir / MANIFEST).exists():
        _record(out_dir, manifest, outcomes)
    return outcomes


def _record(out_dir: Path, manifest: dict, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.entry:
            manifest[outcome.entry["path"]] = outcome.entry
    write_manifest(out_dir, manifest)


def remove_unfinished(out_dir: Path) -> None:
    """Delete temporary files an interrupted build left (finished PDFs are renamed)."""
    for leftover in out_dir.glob("*/.*.pdf.*.part"):
        leftover.unlink(missing_ok=True)


def _up_to_date(pamphlet: Pamphlet, fingerprint: str, manifest: dict) -> dict | None:
    """The manifest entry, if the PDF exists, is intact and its inputs are unchanged."""
    out_dir = pamphlet.target.parent.parent
    entry = manifest.get(str(pamphlet.target.relative_to(out_dir)))
    if not entry or entry.get("input_hash") != fingerprint:
        return None
    if not pamphlet.target.is_file() or file_digest(pamphlet.target) != entry.get("sha256"):
        return None
    for extra in entry.get("also", []):
        if file_digest(out_dir / extra["path"]) != extra.get("sha256"):
            return None
    return entry


def _run(todo, options: BuildOptions) -> Iterator[Outcome]:
    """Outcomes as they finish: in this process, or in long-lived worker processes."""
    jobs = min(options.jobs, len(todo))  # more workers than pamphlets would idle
    if jobs <= 1:
        worker = Worker(options.project)
        for pamphlet, fingerprint in todo:
            try:
                outcome = worker.build(pamphlet, fingerprint)
            except KeyboardInterrupt:  # a booklet's first file may be written: not finished
                for path in pamphlet.files:
                    path.unlink(missing_ok=True)
                raise
            yield outcome
        return
    yield from run_in_workers(todo, jobs, options.project, options.time_limit)
