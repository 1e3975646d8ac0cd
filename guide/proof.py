"""A bilingual proof a health professional can review, and their sign-off recorded.

    python build_pdf.py proof --locale es [--region us] [--changed]
    python build_pdf.py proof --locale es --record es-signed.csv --reviewer "Name, role" [--yes]

The proof lists every entry in reading order, the English beside the
translation (in its script and direction), where it prints, the
translator's note and a box to tick or correct; numbers and placeholders are
highlighted in both columns; the pamphlet's own pages follow for context.
Its CSV comes back with a decision per entry; `--record` writes a sign-off
(guide/signoff.py) for each entry marked ok whose English and translation
are still those the reviewer saw.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
import tomlkit
from markupsafe import Markup, escape
from pypdf import PdfReader, PdfWriter

from .catalogs import (
    LoadedCatalog,
    load_catalog,
    parse_locale,
    read_template,
    variant_parent,
)
from .errors import GuideError, ProofError
from .output import write_atomically
from .paths import PROJECT, SOURCE_LOCALE, Project, show
from .reading import read_limited
from .regions import available_regions, load_region
from .review import reviewer_problems
from .signoff import entry_key

COLUMNS = ("entry", "key", "english", "translation", "decision", "correction")
DECISIONS = ("ok", "fix")
MAX_SHEET_BYTES = 1024 * 1024
HIGHLIGHT = re.compile(r"%\(\w+\)[sd]|\d+(?:[.,:]\d+)*")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
#: Where an entry prints: a template file's section, or a region's helplines.
LAYOUTS_OF = {"templates/card.html": "card", "templates/trifold.html": "trifold"}


@dataclass(frozen=True)
class ProofEntry:
    number: int
    key: str
    pair: str
    english: str
    translation: str
    where: str
    note: str
    state: str  # "signed"; "changed": new or changed since the last sign-off; "new": never reviewed


def proof_entries(catalog: LoadedCatalog, project: Project) -> list[ProofEntry]:
    """Every entry the catalog translates itself, in the order a reader meets it.

    A variant's proof holds only its own entries: the rest is its language's,
    reviewed (and signed) in the language's proof.
    """
    template = read_template(project.pot)
    order = _reading_order(project)
    current = catalog.signoffs.current
    signed, again = catalog.signoffs.signed, catalog.signoffs.to_review
    rows = []
    for message in template:
        english = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
        key = entry_key(message.context, english)
        if not message.id or key not in current:
            continue
        text = catalog.translations.pgettext(message.context, english) if message.context \
            else catalog.translations.gettext(english)
        where = ", ".join(sorted({_where(path) for path, _ in message.locations}))
        rank = min((order.get(path, len(order)), line) for path, line in message.locations)
        state = "signed" if key in signed else "changed" if key in again else "new"
        note = " ".join(message.auto_comments + message.user_comments)
        rows.append((rank, key, current[key], english, text, where, note, state))
    rows.sort(key=lambda row: row[0])
    return [ProofEntry(number, *row[1:]) for number, row in enumerate(rows, 1)]


def _reading_order(project: Project) -> dict[str, int]:
    """Template files in the order the handout includes them."""
    handout = (project.templates / "handout.html").read_text(encoding="utf-8")
    names = re.findall(r'{%-?\s*include\s+"([^"]+)"', handout)
    order = {f"templates/{name}": index for index, name in enumerate(names)}
    for name in ("templates/handout.html", "templates/meta.html", "templates/base.html",
                 "templates/macros.html", "templates/trifold.html", "templates/card.html"):
        order.setdefault(name, len(order))
    return order


def _where(path: str) -> str:
    if path.startswith("regions/"):
        return f"helplines ({Path(path).stem})"
    if path in LAYOUTS_OF:
        return f"{LAYOUTS_OF[path]} only"
    return Path(path).stem.replace("-", " ")


def highlighted(text: str) -> Markup:
    """Text for the proof: markup shown as small tokens, numbers and placeholders marked."""
    out, last = [], 0
    for match in TAG.finditer(text):
        out.append(_marks(text[last:match.start()]))
        out.append(Markup('<span class="tag">%s</span>') % match.group(0))
        last = match.end()
    out.append(_marks(text[last:]))
    return Markup("").join(out)


def _marks(text: str) -> Markup:
    parts, last = [], 0
    for match in HIGHLIGHT.finditer(text):
        parts.append(escape(text[last:match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group(0))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def default_region(locale: str, project: Project) -> str:
    """The first region that hands out this language (or its language, for a variant)."""
    for code in available_regions(project):
        region = load_region(code, project)
        language = variant_parent(locale) or locale
        if language in region.languages:
            return code
    return available_regions(project)[0]


def write_proof(locale: str, region_code: str, out_dir: Path, changed_only: bool,
                project: Project = PROJECT) -> list[Path]:
    """The proof PDF (entries, then the pamphlet's pages) and its CSV."""
    from .pdf import (
        PdfWriter as Renderer,  # WeasyPrint loads only when a proof is drawn
    )
    from .worker import Worker

    if locale == SOURCE_LOCALE:
        raise ProofError("English is the source text: there is nothing to review against it")
    catalog = load_catalog(locale, project=project)
    region = load_region(region_code, project)
    entries = proof_entries(catalog, project)
    if changed_only:
        entries = [e for e in entries if e.state != "signed"]
    babel_locale = parse_locale(locale)
    html = _environment(project).get_template("proof.html").render(
        entries=entries, locale=locale, language=babel_locale.get_display_name("en"),
        direction=babel_locale.text_direction, lang_tag=locale.replace("_", "-"),
        paper=region.paper, changed_only=changed_only, highlighted=highlighted,
        csv_name=f"proof-{locale}.csv", region=region)
    renderer = Renderer(project)
    name = f"proof-{locale}.pdf"
    proof = renderer.pdf_bytes(renderer.render(html, name, ("proof.css",)), name,
                               f"proof:{locale}")
    pamphlet = _pamphlet_pages(Worker(project), region, locale, project, out_dir)
    targets = [out_dir / name, out_dir / f"proof-{locale}.csv"]
    write_atomically(targets[0], _joined(proof, pamphlet))
    write_atomically(targets[1], proof_csv(entries))
    return targets


def _pamphlet_pages(worker, region, locale: str, project: Project, out_dir: Path) -> bytes:
    from .build import BuildOptions, plan

    options = BuildOptions(out_dir=out_dir / ".context", project=project)
    (pamphlet,), _ = plan([region.code], [locale], options)
    outcome = worker.build(pamphlet, "proof")
    if not outcome.ok:
        raise outcome.error
    data = outcome.path.read_bytes()
    outcome.path.unlink()
    return data


def _joined(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _environment(project: Project) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def proof_csv(entries: list[ProofEntry]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([entry.number, f"{entry.key}:{entry.pair}", entry.english,
                         entry.translation, "", ""])
    return text.getvalue().encode("utf-8-sig")


# --- Recording a returned sheet -------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    signed: list[str]  # "key:pair" for each entry marked ok
    fixes: list[str]  # what the reviewer wants changed, in words


def read_decisions(csv_path: Path, catalog: LoadedCatalog, project: Project) -> Decisions:
    """The returned sheet, checked whole: every problem named by row, nothing half-read."""
    name = show(csv_path)
    raw = read_limited(csv_path, MAX_SHEET_BYTES, ProofError, "a proof sheet")
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ProofError(f"{name}: not a CSV file in UTF-8 ({exc})") from None
    if not rows or [cell.strip() for cell in rows[0]] != list(COLUMNS):
        raise ProofError(f"{name}, row 1: not a proof sheet made by 'build_pdf.py proof': "
                         f"its first row must be {','.join(COLUMNS)}")
    current = {f"{e.key}:{e.pair}": e for e in proof_entries(catalog, project)}
    problems, signed, fixes = [], [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(f"row {number}: has {len(cells)} cells, not {len(COLUMNS)}")
            continue
        _, ident, english, translation, decision, correction = (c.strip() for c in cells)
        entry = current.get(ident)
        if decision not in ("", *DECISIONS):
            problems.append(f"row {number}: decision must be ok, fix or empty, got "
                            f"{ascii(decision)[:30]}")
        elif entry is None:
            problems.append(f"row {number}: this entry's English or translation has changed "
                            "since the proof was printed (or it is not from this language); "
                            "print a new proof with --changed")
        elif english != entry.english.strip() or translation != entry.translation.strip():
            problems.append(f"row {number}: the English or translation column was edited; "
                            "write corrections in the correction column only")
        elif decision == "ok":
            signed.append(ident)
        elif decision == "fix":
            fixes.append(f"entry {entry.number} ({entry.where}): {ascii(correction)[:200]}")
    if problems:
        raise ProofError(f"{name}: nothing was recorded:", problems=problems)
    return Decisions(signed, fixes)


def record(csv_path: Path, locale: str, reviewer: str, date: dt.date, write: bool,
           out, project: Project = PROJECT) -> int:
    """Add one [[signoff]] to the language's review.toml (its comments kept)."""
    reviewer = _checked_reviewer(reviewer)
    if date > dt.date.today():
        raise ProofError(f"--date {date}: a review date cannot be in the future")
    catalog = load_catalog(locale, project=project)
    decisions = read_decisions(Path(csv_path), catalog, project)
    for fix in decisions.fixes:
        out.write(f"to fix: {fix}\n")
    if not decisions.signed:
        out.write(f"{csv_path}: no entry is marked ok; nothing to record\n")
        return 0
    path = project.language_files(locale).review
    document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() \
        else tomlkit.parse('status = "draft"\n')
    sessions = document.get("signoff") or tomlkit.aot()
    session = tomlkit.table()
    session.add("reviewer", reviewer)
    session.add("date", date)
    session.add("entries", sorted(decisions.signed))
    sessions.append(session)
    document["signoff"] = sessions
    out.write(f"{len(decisions.signed)} entries signed by {reviewer} on {date}; "
              f"{len(decisions.fixes)} to fix\n")
    if not write:
        out.write(f"Nothing was written. To record this in {show(path)}, add --yes\n")
        return 0
    write_atomically(path, tomlkit.dumps(document).encode("utf-8"))
    out.write(f"Recorded in {show(path)}\n")
    return 0


def _checked_reviewer(name: str) -> str:
    """A name that prints on pamphlets: plain text, no digits (no phone number in disguise)."""
    name = " ".join(name.split())
    # review.reviewer_problems is the rule review.toml is read with: a name
    # recorded here must load there. Here also no digit at all, and no markup.
    if not name or len(name) > 120 or any(not ch.isprintable() for ch in name) or \
            any(ch.isdigit() for ch in name) or "<" in name or ">" in name or \
            reviewer_problems(name):
        raise ProofError("--reviewer: give the reviewer's name and role or organisation, "
                         "in plain words (no digits, no markup, at most 120 characters)")
    return name


# --- The `proof` subcommand ------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py proof",
        description="Print a bilingual proof for a health professional; record their sign-off.")
    parser.add_argument("--locale", required=True, metavar="LANG",
                        help="the language (or variant) to review, e.g. es or fr_CA")
    parser.add_argument("--region", metavar="CODE",
                        help="whose pamphlet (paper, helplines) follows the entries")
    parser.add_argument("--changed", action="store_true",
                        help="only the entries that are new or changed since their sign-off")
    parser.add_argument("--out", metavar="DIR", help="folder (default: dist/proof/)")
    parser.add_argument("--record", metavar="CSV", help="a returned proof sheet to record")
    parser.add_argument("--reviewer", help="with --record: who reviewed (name, role)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="with --record: the day of the review (default: today)")
    parser.add_argument("--yes", action="store_true", help="with --record: write it")
    args = parser.parse_args(argv)
    if args.record and not args.reviewer:
        parser.error("--record needs --reviewer \"Name, role or organisation\"")
    return args


def main(argv: list[str] | None = None, stdout=None, project: Project = PROJECT) -> int:
    out = stdout or sys.stdout
    args = parse_args(sys.argv[2:] if argv is None else argv)
    locale = args.locale.replace("-", "_")
    try:
        if args.record:
            return record(Path(args.record), locale, args.reviewer, args.date, args.yes, out,
                          project)
        region = args.region or default_region(locale, project)
        out_dir = Path(args.out) if args.out else project.dist / "proof"
        for path in write_proof(locale, region, out_dir, args.changed, project):
            out.write(f"Wrote {show(path)}\n")
        return 0
    except GuideError as exc:
        out.write(f"{exc.category}: {exc}\n")
        return 1
