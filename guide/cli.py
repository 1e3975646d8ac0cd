"""The command line: parse arguments, call the build, print one line per pamphlet."""

from __future__ import annotations

import argparse
import sys
import time

from . import paths
from .build import (
    BuildOptions,
    Outcome,
    build,
    build_date,
    plan,
    second_hand_warnings,
    stale_warning,
)
from .clinic import load_clinic
from .errors import GuideError
from .regions import PAPER_SIZES
from .status import status_table


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build_pdf.py",
        description="Build print-ready pamphlets on getting through opioid withdrawal safely.")
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--region", action="append", metavar="CODE",
                       help="region to build, e.g. us or ca-on (repeat for more)")
    scope.add_argument("--all", action="store_true",
                       help="every region, each in its own languages")
    scope.add_argument("--list", action="store_true",
                       help="show regions, languages and how complete each translation is")
    parser.add_argument("--locale", action="append", metavar="LANG",
                        help="language to build, e.g. es or zh-Hans (default: the region's)")
    parser.add_argument("--paper", choices=PAPER_SIZES,
                        help="paper size (default: the region's, Letter or A4)")
    parser.add_argument("--out", metavar="DIR", default=str(paths.DIST),
                        help="output folder (default: dist/)")
    parser.add_argument("--clinic", metavar="FILE",
                        help="a clinic file (see examples/clinic.toml) whose name, address, "
                             "numbers and hours fill the 'Your clinic' box")
    parser.add_argument("--strict", action="store_true",
                        help="fail regions whose numbers were checked more than 12 months ago "
                             "(without it, a warning)")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="build languages with missing or fuzzy translations; the "
                             "pamphlet then says so on its cover")
    return parser.parse_args(argv)


def main(argv=None, stdout=None) -> int:
    out = stdout or sys.stdout
    args = parse_args(argv)
    try:
        if args.list:
            out.write(status_table() + "\n")
            return 0
        return _build(args, out)
    except GuideError as exc:
        out.write(f"{exc.category}: {exc}\n")
        return 1


def _build(args, out) -> int:
    from pathlib import Path

    clinic = load_clinic(Path(args.clinic)) if args.clinic else None
    options = BuildOptions(out_dir=Path(args.out), paper=args.paper,
                           allow_incomplete=args.allow_incomplete, clinic=clinic,
                           strict=args.strict)
    locales = [code.replace("-", "_") for code in args.locale] if args.locale else None
    started = time.perf_counter()
    pamphlets, failures = plan(None if args.all else args.region, locales, options)
    today = build_date()
    for region in {p.region.code: p.region for p in pamphlets}.values():
        for warning in [stale_warning(region, today), *second_hand_warnings(region)]:
            if warning:
                out.write(f"warning: {warning}\n")
    for failure in failures:
        _report(failure, out)
    outcomes = failures + build(pamphlets, options, report=lambda o: _report(o, out))
    failed = [o for o in outcomes if not o.ok]
    built = len(outcomes) - len(failed)
    summary = f"\nBuilt {built} pamphlet(s) in {time.perf_counter() - started:.1f} s"
    if failed:
        summary += f"; {len(failed)} FAILED: " + ", ".join(o.name for o in failed)
    out.write(summary + "\n")
    return 1 if failed else 0


def _report(outcome: Outcome, out) -> None:
    if outcome.ok:
        notes = "".join(f"  [{n}]" for n in outcome.notes)
        out.write(f"ok     {paths.show(outcome.path)}  {outcome.pages} pages  "
                  f"{outcome.bytes / 1024:.0f} KB  {outcome.seconds:.2f} s{notes}\n")
    else:
        out.write(f"FAILED {outcome.name}: {outcome.error.category}: {outcome.error}\n")
    out.flush()
