"""The command line: parse arguments, call the build, print one line per pamphlet."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .build import BuildOptions, Interrupted, build, plan
from .clinic import load_clinic
from .conditions import CONDITION_NAMES, condition, is_condition_name
from .errors import GuideError
from .layouts import LAYOUTS
from .pamphlet import build_date
from .paths import PROJECT, Project
from .profiles import DEFAULT_PROFILE, PROFILES, load_output_intent
from .progress import Progress, line
from .regions import PAPER_SIZES, region_warnings
from .status import status_table


def parse_args(argv, project: Project = PROJECT):
    parser = argparse.ArgumentParser(
        prog="build_pdf.py",
        description="Build print-ready pamphlets on getting through opioid withdrawal safely.",
        epilog="Re-checking the numbers: build_pdf.py verify --region CODE makes a call "
               "sheet; build_pdf.py verify --record FILLED.csv records it (see verify --help). "
               "Reviewing a translation: build_pdf.py proof --locale LANG prints a bilingual "
               "proof; proof --record SIGNED.csv --reviewer NAME records it (see proof --help). "
               "In a web browser: build_pdf.py serve (see serve --help).")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true",
                       help="every region in its own languages (--region, --locale and "
                            "--layout then filter)")
    scope.add_argument("--list", action="store_true",
                       help="show regions, languages and how complete each translation is")
    parser.add_argument("--region", action="append", metavar="CODE",
                        help="region to build, e.g. us or ca-on (repeat for more)")
    parser.add_argument("--locale", action="append", metavar="LANG",
                        help="language, e.g. es or zh-Hans (default: the region's own)")
    parser.add_argument("--layout", action="append", choices=list(LAYOUTS),
                        help="page layout, repeat for more (default: handout; with --all, "
                             "every layout)")
    parser.add_argument("--profile", choices=list(PROFILES), default=DEFAULT_PROFILE.name,
                        help="; ".join(f"{p.name}: {p.help}" for p in PROFILES.values()))
    parser.add_argument("--output-intent", metavar="NAME|ICC",
                        help="print-shop: the printing condition your print shop names "
                             f"({', '.join(CONDITION_NAMES)}), or their own ICC profile file. "
                             "Default: the region's standard (FOGRA39 for A4 regions, "
                             "GRACoL 2006 for Letter)")
    parser.add_argument("--paper", choices=PAPER_SIZES,
                        help="paper size (default: the region's, Letter or A4)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="output folder (default: dist/ in the project)")
    parser.add_argument("--clinic", metavar="FILE",
                        help="a clinic file (see examples/clinic.toml) whose name, address, "
                             "numbers and hours fill the 'Your clinic' box")
    parser.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: one per core; never more than "
                             "there are pamphlets to build)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every pamphlet, even those whose inputs did not change")
    parser.add_argument("--strict", action="store_true",
                        help="fail regions whose numbers were checked more than 12 months ago "
                             "(without it, a warning)")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="build languages with missing or fuzzy translations; the "
                             "pamphlet then says so on its cover")
    args = parser.parse_args(argv)
    if not (args.all or args.list or args.region):
        parser.error("say what to build: --all, --region CODE, or --list to see the choices")
    return args


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text[:20]!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (one worker per pamphlet at a "
                                         f"time), got {number}")
    return number


def main(argv=None, stdout=None, project: Project = PROJECT) -> int:
    """The command: build_pdf.py's whole job. project: which copy of the data to use."""
    out = stdout or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["verify"]:
        from . import verify

        return verify.main(argv[1:], out, project=project)
    if argv[:1] == ["proof"]:
        from . import proof

        return proof.main(argv[1:], out, project=project)
    if argv[:1] == ["serve"]:
        from .web import server

        return server.main(argv[1:], out, project=project)
    args = parse_args(argv, project)
    try:
        if args.list:
            out.write(status_table(project) + "\n")
            return 0
        return _build(args, out, project)
    except Interrupted as exc:
        out.write(f"{exc.category}: {exc}\n")
        return 130
    except KeyboardInterrupt:  # before the build started: nothing was written
        out.write("Interrupted: stopped before any pamphlet was built\n")
        return 130
    except GuideError as exc:
        out.write(f"{exc.category}: {exc}\n")
        return 1


def _build(args, out, project: Project) -> int:
    started = time.perf_counter()
    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    layouts = args.layout or (list(LAYOUTS) if args.all else ["handout"])
    intent = output_intent(args.output_intent) if args.output_intent else None
    options = BuildOptions(out_dir=Path(args.out) if args.out else None, paper=args.paper,
                           profile=args.profile, allow_incomplete=args.allow_incomplete,
                           clinic=clinic, strict=args.strict, force=args.force,
                           jobs=args.jobs, output_intent=intent, project=project)
    locales = [code.replace("-", "_") for code in args.locale] if args.locale else None
    pamphlets, failures = plan(args.region, locales, options, own_languages_only=args.all,
                               layouts=layouts)
    _warn(pamphlets, out)
    _say_intents(pamphlets, out)
    for failure in failures:
        out.write(line(failure) + "\n")
    progress = Progress(len(pamphlets), out, bar=out.isatty())
    with _stop_on_signals():
        outcomes = failures + build(pamphlets, options, report=progress)
    failed = [o for o in outcomes if not o.ok]
    built = sum(1 for o in outcomes if o.ok and not o.unchanged)
    unchanged = sum(1 for o in outcomes if o.unchanged)
    summary = f"Built {built} pamphlet(s) in {time.perf_counter() - started:.1f} s"
    if unchanged:
        summary += f"; {unchanged} unchanged (use --force to rebuild them)"
    if failed:
        summary += f"; {len(failed)} FAILED: " + ", ".join(o.name for o in failed)
    out.write(summary + "\n")
    if args.all:
        from .catalogue import write_catalogue

        if write_catalogue(options.target, project):
            out.write(f"Catalogue: {options.target / 'index.html'}\n")
    return 1 if failed else 0


def _warn(pamphlets, out) -> None:
    """Warnings a clinic must see before printing: stale or second-hand numbers."""
    regions = {p.region.code: p for p in pamphlets}
    for pamphlet in regions.values():
        for warning in region_warnings(pamphlet.region, build_date(pamphlet.created)):
            out.write(f"warning: {warning}\n")


def output_intent(value: str):
    """--output-intent: a shipped condition by name, else a print shop's ICC file."""
    if is_condition_name(value):
        return condition(value).output_intent
    return load_output_intent(Path(value))


def _say_intents(pamphlets, out) -> None:
    """Which printing condition print-shop files were made for: the shop must agree."""
    used = {}
    for pamphlet in pamphlets:
        if pamphlet.output_intent:
            used.setdefault(pamphlet.output_intent.name, []).append(pamphlet.region.code)
    for name, regions in used.items():
        out.write(f"print-shop files for {', '.join(sorted(set(regions)))} are made for {name}: "
                  "ask your print shop which condition they print to; if they name a different "
                  "one, pass --output-intent NAME or their ICC file\n")


@contextmanager
def _stop_on_signals():
    """SIGTERM stops a build the way Ctrl-C does: workers ended, unfinished files removed.

    The first signal interrupts; later ones are ignored until the build has
    tidied up and said what was finished, so a second Ctrl-C cannot cut the
    manifest short or print a traceback.
    """
    names = (signal.SIGINT, signal.SIGTERM)

    def interrupt(signum, frame):
        for name in names:
            signal.signal(name, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        previous = {name: signal.signal(name, interrupt) for name in names}
    except ValueError:  # not the main thread (a test runner, a server): leave it alone
        yield
        return
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)
