"""Re-checking numbers as a routine: a call sheet out, the filled sheet back in.

`verify --region us` writes a call sheet (PDF to print, CSV to fill in) with
one row per printed number. `verify --record filled.csv` reads the filled
sheet back and updates the region files: a number that works gets a new
`checked` date and `checked_by`; one that changed or did not answer gets a
`recheck` note, and `flagged_lines` turns that note into a problem that
stops the next build until someone edits the line.

The filled sheet is typed by people, often through a spreadsheet, so it is
validated completely before anything is written (all or nothing), and the
region files are edited with tomlkit, which keeps their comments and layout:
those comments record where each number came from.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import tomlkit
from babel import Locale

from .errors import CallSheetError, GuideError, RegionError, quoted
from .fields import (
    MAX_DATA_FILE_BYTES,
    NUMBER_PATTERN,
    WEEKDAYS,
    Hours,
    PhoneNumber,
    read_toml,
)
from .output import write_atomically
from .paths import PROJECT, Project, show
from .reading import read_limited
from .regions import Helpline, Region, available_regions, load_region

#: What staff may write in the "Result" column.
RESULTS = ("works", "changed", "no answer")
#: A number is due for re-checking when its check is older than this.
RECHECK_AFTER = dt.timedelta(days=365)
#: The keys this module writes into a region file's [emergency] or [[helplines]] table.
CHECKED_BY, RECHECK = "checked_by", "recheck"
#: The CSV's header, in order; the last four columns are filled in by staff.
COLUMNS = ("row id", "service", "number", "kind", "keyword", "hours", "answers as",
           "sources", "last checked", "checked on", "by", "result", "new number")
FILL_IN = COLUMNS[-4:]
#: A filled sheet is a few dozen rows; anything larger is the wrong file.
MAX_SHEET_BYTES = MAX_DATA_FILE_BYTES
MAX_NAME_LENGTH = 80
EMERGENCY = "emergency"
TEMPLATE = "callsheet.html"
STYLESHEET = "callsheet.css"
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# --- The sheet ---------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One printed number, with what a caller needs to check it."""

    row_id: str
    service: str
    number: str  # exactly as the pamphlet prints it
    kind: str
    keyword: str
    hours: str
    answers_as: str
    sources: tuple[str, ...]
    last_checked: dt.date
    table: str  # "emergency" or the helpline's id: the TOML table it lives in
    caution: str = ""

    def csv_cells(self) -> list[str]:
        answers = f"{self.answers_as} ({self.caution})" if self.caution else self.answers_as
        return [self.row_id, self.service, self.number, self.kind, self.keyword, self.hours,
                answers, " | ".join(self.sources), self.last_checked.isoformat(),
                "", "", "", ""]


def sheet_rows(region: Region) -> list[SheetRow]:
    """Every number the region's pamphlet prints, in the order it prints them."""
    owners = line_owners(region)
    emergency = _raw_table(owners[EMERGENCY], EMERGENCY)
    sources = emergency.get("source", [])
    sources = (sources,) if isinstance(sources, str) else tuple(sources)
    rows = [SheetRow(
        row_id=f"{region.code}:{EMERGENCY}[{index}]", service="Emergency services",
        number=number.display, kind="call", keyword="", hours="24/7",
        answers_as="Emergency services",
        caution="Do not make a test call: check the number on its source page",
        sources=sources, last_checked=emergency["checked"], table=EMERGENCY)
        for index, number in enumerate(region.emergency)]
    for line in region.helplines:
        numbers = [("number", line.number)] + [
            (f"also[{index}]", number) for index, number in enumerate(line.also)]
        rows += [_helpline_row(region, line, where, number) for where, number in numbers]
    return rows


def _helpline_row(region: Region, line: Helpline, where: str, number: PhoneNumber) -> SheetRow:
    return SheetRow(row_id=f"{region.code}:{line.id}:{where}", service=line.name,
                    number=number.display, kind="/".join(line.kinds),
                    keyword=line.keyword or "", hours=describe_hours(line.hours),
                    answers_as=line.name, sources=line.source, last_checked=line.checked,
                    table=line.id)


def describe_hours(hours: Hours) -> str:
    """Opening hours in plain English, for the person making the call."""
    if hours.always:
        return "24/7"
    if not hours.known:
        return "unknown (ask when they are open)"
    first, last = (WEEKDAYS[d].capitalize() for d in (hours.first_day, hours.last_day))
    days = first if first == last else f"{first}-{last}"
    if hours.opens is None:
        return f"{days} (times not known)"
    return f"{days} {hours.opens:%H:%M}-{hours.closes:%H:%M}"


def sheet_csv(rows: list[SheetRow]) -> bytes:
    """The sheet as CSV, with a byte-order mark so spreadsheets read it as UTF-8."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows(row.csv_cells() for row in rows)
    return text.getvalue().encode("utf-8-sig")


def sheet_html(region: Region, rows: list[SheetRow], today: dt.date,
               project: Project = PROJECT) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True,
        undefined=jinja2.StrictUndefined)
    try:
        return environment.get_template(TEMPLATE).render(
            region=region, place=place_name(region), rows=rows, today=today,
            results=RESULTS, csv_name=sheet_name(region, "csv"), stylesheet=STYLESHEET)
    except jinja2.TemplateError as exc:
        raise GuideError(f"templates/{TEMPLATE}: {exc}") from exc


def place_name(region: Region) -> str:
    place = Locale("en").territories.get(region.country, region.country)
    return f"{region.area}, {place}" if region.area else place


def sheet_name(region: Region, extension: str) -> str:
    return f"{region.code}-call-sheet.{extension}"


def write_call_sheet(region: Region, out_dir: Path, today: dt.date,
                     project: Project = PROJECT) -> list[Path]:
    """Write <code>-call-sheet.pdf and .csv; both or (on a render error) neither."""
    from .pdf import PdfWriter  # WeasyPrint loads only when a sheet is drawn

    rows = sheet_rows(region)
    writer = PdfWriter(project)
    name = sheet_name(region, "pdf")
    document = writer.render(sheet_html(region, rows, today, project), name,
                             extra_css=(STYLESHEET,))
    pdf = writer.pdf_bytes(document, name, f"call-sheet:{region.code}")
    targets = [out_dir / name, out_dir / sheet_name(region, "csv")]
    for target, data in zip(targets, (pdf, sheet_csv(rows))):
        write_atomically(target, data)
    return targets


# --- Where each line lives, and what is flagged --------------------------------


def region_files(region: Region) -> list[Path]:
    """The region's file, then the file it extends, and so on."""
    files, path = [], region.path
    while path not in files:
        files.append(path)
        parent = read_toml(path, RegionError).get("extends")
        if not isinstance(parent, str):
            break
        path = path.parent / f"{parent}.toml"
    return files


def line_owners(region: Region) -> dict[str, Path]:
    """For 'emergency' and each helpline id: the file whose table holds it.

    A line inherited from the region a file extends is recorded in that
    parent's file, the only place it is written.
    """
    owners: dict[str, Path] = {}
    for path in region_files(region):
        data = read_toml(path, RegionError)
        if isinstance(data.get(EMERGENCY), dict):
            owners.setdefault(EMERGENCY, path)
        for entry in data.get("helplines", []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                owners.setdefault(entry["id"], path)
    return owners


def _raw_table(path: Path, table: str) -> dict:
    data = read_toml(path, RegionError)
    if table == EMERGENCY:
        return data[EMERGENCY]
    return next(e for e in data["helplines"] if isinstance(e, dict) and e.get("id") == table)


def flagged_lines(path: Path) -> list[str]:
    """Problems for every table of one region file that carries a `recheck` note.

    Region loading calls this for each file it reads, so a number that
    someone found changed or unanswered stops the build until a person
    corrects the line and deletes the note.
    """
    data = read_toml(path, RegionError)
    flagged = []
    emergency = data.get(EMERGENCY)
    if isinstance(emergency, dict) and RECHECK in emergency:
        flagged.append((f"{EMERGENCY}.{RECHECK}", emergency[RECHECK]))
    helplines = data.get("helplines", [])
    for index, entry in enumerate(helplines if isinstance(helplines, list) else []):
        if isinstance(entry, dict) and RECHECK in entry:
            flagged.append((f"helplines[{index}] ({entry.get('id')}).{RECHECK}", entry[RECHECK]))
    return [f"{where}: {note!s}: call the service, correct the line from its own source, "
            f"update 'checked', then delete the '{RECHECK}' line" for where, note in flagged]


def due_for_recheck(region: Region, today: dt.date) -> int:
    """How many of the region's printed numbers need a call: old checks, or flagged."""
    owners = line_owners(region)
    flagged = {path: _flagged_tables(path) for path in set(owners.values())}
    return sum(1 for row in sheet_rows(region)
               if today - row.last_checked > RECHECK_AFTER
               or row.table in flagged[owners[row.table]])


def _flagged_tables(path: Path) -> set[str]:
    """'emergency' and the helpline ids of one file's tables that carry a recheck note."""
    data = read_toml(path, RegionError)
    flagged = {EMERGENCY} if RECHECK in (data.get(EMERGENCY) or {}) else set()
    return flagged | {entry.get("id") for entry in data.get("helplines", [])
                      if isinstance(entry, dict) and RECHECK in entry}


# --- Reading a filled sheet back -------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One filled-in row: what a person found when they called."""

    row: SheetRow
    result: str
    checked_on: dt.date
    by: str
    new_number: str


@dataclass
class Recording:
    """What a filled sheet changes: new text per region file, and notes to show."""

    region: Region
    changes: dict[Path, tuple[str, str]] = field(default_factory=dict)  # old, new text
    notes: list[str] = field(default_factory=list)

    def diff(self) -> str:
        return "".join("".join(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{show(path)}", tofile=f"b/{show(path)}"))
            for path, (old, new) in self.changes.items())

    def write(self) -> None:
        for path, (_, new) in self.changes.items():
            mode = path.stat().st_mode
            write_atomically(path, new.encode("utf-8"))
            path.chmod(mode)  # the temporary file it replaces was private (0600)


def read_filled_sheet(csv_path: Path, today: dt.date, region_code: str | None = None,
                      project: Project = PROJECT) -> tuple[Region, list[Finding]]:
    """Every filled row of the sheet, or CallSheetError listing every bad row."""
    name = show(csv_path)
    table = _csv_table(csv_path, name)
    if not table or [cell.strip() for cell in table[0]] != list(COLUMNS):
        raise CallSheetError(f"{name}, row 1: this is not a call sheet made by "
                             f"'build_pdf.py verify': its first row must be the header "
                             f"{','.join(COLUMNS)}")
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(cell.strip() for cell in cells)]
    if not body:
        raise CallSheetError(f"{name}: the sheet has no rows")
    first_id = body[0][1][0].strip()
    code = region_code or first_id.split(":", 1)[0]
    known = available_regions(project)
    if code not in known:
        raise CallSheetError(f"{name}, row {body[0][0]}: row id {quoted(first_id)} does not name "
                             f"a region (known regions: {', '.join(known)})")
    region = load_region(code, project)
    expected = {row.row_id: row for row in sheet_rows(region)}
    problems, findings, seen = [], [], {}
    for number, cells in body:
        where = f"row {number}"
        try:
            finding = _finding(cells, expected, region, today, seen, number)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if finding:
            findings.append(finding)
    if problems:
        raise CallSheetError(f"{name} was not recorded, nothing was changed; fix these "
                             f"row(s) and run it again:", problems=problems)
    if not findings:
        raise CallSheetError(f"{name}: no row has a result yet; write works, changed or "
                             "'no answer' in the 'result' column of each number you called")
    return region, findings


def _csv_table(csv_path: Path, name: str) -> list[list[str]]:
    # The one bounded reader: a size limit while reading, and no device, pipe or folder.
    data = read_limited(csv_path, MAX_SHEET_BYTES, CallSheetError, "a call sheet")
    try:
        text = data.decode("utf-8-sig")  # with or without the mark spreadsheets add
    except UnicodeDecodeError as exc:
        raise CallSheetError(f"{name}: is not UTF-8 text (byte {exc.start}); save it from "
                             "the spreadsheet as 'CSV UTF-8'") from exc
    if "\x00" in text:
        raise CallSheetError(f"{name}: contains NUL bytes; it is not a CSV text file")
    # Spreadsheets set to a language that writes decimal commas save CSV with
    # semicolons (Excel in German or French), some with tabs: accept the one
    # that makes the header a call sheet's, else report what commas give.
    readings = {}
    for delimiter in (",", ";", "\t"):
        try:
            table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                    strict=True))
        except csv.Error as exc:
            readings[delimiter] = exc
            continue
        if table and [cell.strip() for cell in table[0]] == list(COLUMNS):
            return table
        readings[delimiter] = table
    if isinstance(readings[","], csv.Error):
        raise CallSheetError(f"{name}: is not a readable CSV file: {readings[',']}")
    return readings[","]


def _finding(cells, expected, region, today, seen, number) -> Finding | None:
    """Check one row (raise ValueError with the reason); None if not filled in."""
    if len(cells) != len(COLUMNS):
        raise ValueError(f"has {len(cells)} cells, a call sheet row has {len(COLUMNS)}")
    values = dict(zip(COLUMNS, (cell.strip() for cell in cells)))
    row_id = values["row id"]
    row = expected.get(row_id)
    if row is None:
        if row_id.split(":", 1)[0] != region.code:
            raise ValueError(f"row id {quoted(row_id)} is not of region {region.code}: a sheet "
                             "records one region; put other regions' rows in their own sheet")
        raise ValueError(f"unknown row id {quoted(row_id)}: {show(region.path)} has no such "
                         "number now; make a new sheet with 'build_pdf.py verify'")
    if row_id in seen:
        raise ValueError(f"row id {quoted(row_id)} appears twice (also row {seen[row_id]})")
    seen[row_id] = number
    result = " ".join(values["result"].lower().split())
    if values["number"] != row.number:
        if result == "works":
            raise ValueError(f"says 'works' for {quoted(values['number'])}, but "
                             f"{show(line_owners(region)[row.table])} has {quoted(row.number)} "
                             f"for {row_id}: the number called is not the one printed; make "
                             "a new sheet and call again")
        raise ValueError(f"the number column was changed to {quoted(values['number'])}; it must "
                         f"stay {quoted(row.number)}, as printed (put a new number in 'new number'; "
                         "a spreadsheet may drop leading zeros: format the column as text)")
    if not result:
        filled = [column for column in FILL_IN if values[column]]
        if filled:
            raise ValueError(f"{', '.join(filled)} filled in but no result: write "
                             f"{_allowed()}, or clear the row")
        return None
    if result not in RESULTS:
        raise ValueError(f"result {quoted(values['result'])} is not one of {_allowed()}")
    checked_on = _date(values["checked on"], row, today)
    by = values["by"]
    if not by or len(by) > MAX_NAME_LENGTH or CONTROL_CHARACTERS.search(by):
        raise ValueError(f"'by' must be the name or initials of who called "
                         f"(one line, at most {MAX_NAME_LENGTH} characters), got {quoted(by)}")
    new_number = values["new number"]
    if new_number and result != "changed":
        raise ValueError(f"a new number is only for result 'changed', not {quoted(result)}")
    if new_number and (len(new_number) > 40 or not NUMBER_PATTERN.match(new_number)):
        raise ValueError(f"new number {quoted(new_number)} must be digits, spaces, dashes and "
                         "brackets only")
    return Finding(row, result, checked_on, by, new_number)


def _date(value: str, row: SheetRow, today: dt.date) -> dt.date:
    try:
        if not DATE_PATTERN.match(value):
            raise ValueError
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'checked on' must be the date of the call written as "
                         f"{today.isoformat()}, got {quoted(value)}") from None
    if date > today:
        raise ValueError(f"'checked on' {value} is in the future (today is {today})")
    if date < row.last_checked:
        raise ValueError(f"'checked on' {value} is before the last check "
                         f"({row.last_checked}); write the date of this call")
    return date


def _allowed() -> str:
    return ", ".join(repr(r) for r in RESULTS)


# --- Writing what was found into the region files --------------------------------


def plan_recording(region: Region, findings: list[Finding]) -> Recording:
    """The edited text of each region file the findings touch (nothing written yet)."""
    recording = Recording(region)
    owners = line_owners(region)
    rows_of: dict[str, list[SheetRow]] = {}
    for row in sheet_rows(region):
        rows_of.setdefault(row.table, []).append(row)
    found_in: dict[str, list[Finding]] = {}
    for finding in findings:
        found_in.setdefault(finding.row.table, []).append(finding)
    documents: dict[Path, tuple[str, tomlkit.TOMLDocument]] = {}
    for table_id, found in found_in.items():
        path = owners[table_id]
        if path not in documents:
            text = _read_text(path)
            documents[path] = (text, tomlkit.parse(text))
        table = _toml_table(documents[path][1], table_id)
        note = _update_table(table, found, rows_of[table_id])
        if note:
            recording.notes.append(f"{table_id}: {note}")
    for path, (old, document) in documents.items():
        new = tomlkit.dumps(document)
        if new != old:
            recording.changes[path] = (old, new)
    return recording


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionError(f"{show(path)}: cannot be read: {exc}") from exc


def _toml_table(document, table_id: str):
    if table_id == EMERGENCY:
        return document[EMERGENCY]
    return next(t for t in document["helplines"] if t.get("id") == table_id)


def _update_table(table, found: list[Finding], rows: list[SheetRow]) -> str | None:
    """Date a table whose every number works; flag one with a number that does not."""
    problems = [f for f in found if f.result != "works"]
    if problems:
        notes = [_recheck_note(f, len(rows) > 1) for f in problems]
        previous = str(table.get(RECHECK, ""))
        text = "; ".join(dict.fromkeys([*filter(None, [previous]), *notes]))
        _set_after(table, RECHECK, text, after=CHECKED_BY if CHECKED_BY in table else "checked")
        return None
    if len(found) < len(rows):
        missing = ", ".join(r.number for r in rows if r not in {f.row for f in found})
        return (f"not dated: only some of its numbers were checked (not {missing}); its "
                "'checked' date stays until all of them are")
    table["checked"] = min(f.checked_on for f in found)
    _set_after(table, CHECKED_BY, ", ".join(dict.fromkeys(f.by for f in found)), after="checked")
    if RECHECK in table:
        del table[RECHECK]
    return None


def _recheck_note(finding: Finding, name_number: bool) -> str:
    number = f"{finding.row.number} " if name_number else ""
    text = f"{number}{finding.result} on {finding.checked_on} ({finding.by})"
    return f"{text}: new number {finding.new_number}" if finding.new_number else text


def _set_after(table, key: str, value, after: str) -> None:
    """Set a key, placing a new one right after `after` rather than at the table's end.

    tomlkit appends a new key after everything the table holds, which in a
    region file includes the comment lines above the next [[helplines]]
    header; the key would then sit under another service's caveat. Its
    Container._insert_after is the only way to place a key (no public API).
    """
    if key in table or after not in table:
        table[key] = value
    else:
        table.value._insert_after(after, key, value)


def record(csv_path: Path, today: dt.date, region_code: str | None = None,
           project: Project = PROJECT) -> Recording:
    region, findings = read_filled_sheet(csv_path, today, region_code, project)
    return plan_recording(region, findings)


# --- The `verify` subcommand -----------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py verify",
        description="Re-check the printed numbers: make a call sheet, then record it.")
    parser.add_argument("--region", action="append", metavar="CODE",
                        help="make the call sheet of this region (repeat for more)")
    parser.add_argument("--record", metavar="CSV",
                        help="read a filled call sheet and update the region files")
    parser.add_argument("--yes", action="store_true",
                        help="with --record: write the changes (without it, only show them)")
    parser.add_argument("--out", metavar="DIR",
                        help="folder for call sheets (default: dist/verify/)")
    args = parser.parse_args(argv)
    if not (args.region or args.record):
        parser.error("say what to do: --region CODE to make a call sheet, or "
                     "--record FILLED.csv to record one")
    if args.record and args.region and len(args.region) > 1:
        parser.error("--record reads one region's sheet: give at most one --region")
    if args.yes and not args.record:
        parser.error("--yes only applies to --record")
    return args


def main(argv: list[str] | None = None, stdout=None, today: dt.date | None = None,
         project: Project = PROJECT) -> int:
    out = stdout or sys.stdout
    args = parse_args(sys.argv[2:] if argv is None else argv)
    today = today or dt.date.today()
    try:
        if args.record:
            return _record(args, out, today, project)
        out_dir = Path(args.out) if args.out else project.dist / "verify"
        for code in args.region:
            region = load_region(code, project)
            for path in write_call_sheet(region, out_dir, today, project):
                out.write(f"Wrote {path}\n")
        return 0
    except GuideError as exc:
        out.write(f"{exc.category}: {exc}\n")
        return 1


def _record(args, out, today: dt.date, project: Project) -> int:
    csv_path = Path(args.record)
    recording = record(csv_path, today, args.region[0] if args.region else None, project)
    for note in recording.notes:
        out.write(f"note: {note}\n")
    if not recording.changes:
        out.write(f"{csv_path}: nothing to change in the region files\n")
        return 0
    out.write(recording.diff())
    files = ", ".join(show(p) for p in recording.changes)
    if not args.yes:
        out.write(f"Nothing was written. To apply these changes to {files}, run:\n"
                  f"  python build_pdf.py verify --record {csv_path} --yes\n")
        return 0
    recording.write()
    out.write(f"Recorded {csv_path} in {files}\n")
    return 0
