"""The re-checking routine: a call sheet out, the filled sheet back into the region files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide import verify
from guide.errors import GuideError
from guide.paths import PROJECT
from guide.regions import load_region
from guide.verify import record
from tests.files import replace_in
from tests.pdfcheck import POINTS, contains_number, page_sizes, pdf_text


def run(*argv, today, project=PROJECT):
    out = io.StringIO()
    code = verify.main(list(argv), stdout=out, today=today, project=project)
    return code, out.getvalue()


def sheet_table(project, code):
    """The call sheet CSV of a region, as rows of cells (header first)."""
    region = load_region(code, project=project)
    text = verify.sheet_csv(verify.sheet_rows(region)).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def write_sheet(path, table, encoding="utf-8-sig", delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(table)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def fill(table, result, on, by="Dana", new=""):
    """Fill every row of the sheet (not the header) with one result."""
    column = verify.COLUMNS.index("checked on")
    for row in table[1:]:
        row[column:] = [on.isoformat(), by, result, new]
    return table


def snapshot(project):
    return {p.name: p.read_bytes() for p in (project / "regions").glob("*.toml")}


def dates(project, code):
    """A day after every check in the region's files, and a later 'today'."""
    region = load_region(code, project=project)
    newest = max(region.checked_dates)
    return newest + dt.timedelta(days=3), newest + dt.timedelta(days=5)


# --- The sheet ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["us", "ca-on", "de", "fr"])
def test_the_sheet_has_one_row_per_printed_number_exactly_as_printed(project, code):
    region = load_region(code, project=project)
    table = sheet_table(project, code)
    assert table[0] == list(verify.COLUMNS)
    rows = [dict(zip(verify.COLUMNS, row)) for row in table[1:]]
    assert [r["number"] for r in rows] == [n.display for n in region.all_numbers]
    assert [re.sub(r"\D", "", r["number"]) for r in rows] == [n.digits for n in region.all_numbers]
    assert len({r["row id"] for r in rows}) == len(rows)
    assert all(r["row id"].startswith(f"{code}:") for r in rows)
    assert all(r[c] == "" for r in rows for c in verify.FILL_IN)
    by_id = {r["row id"]: r for r in rows}
    for line in region.helplines:
        assert by_id[f"{code}:{line.id}:number"]["answers as"] == line.name
        assert by_id[f"{code}:{line.id}:number"]["last checked"] == line.checked.isoformat()
        for index, number in enumerate(line.also):
            assert by_id[f"{code}:{line.id}:also[{index}]"]["number"] == number.display


def test_the_sheet_names_kinds_keywords_hours_and_sources(project):
    rows = {r[0]: dict(zip(verify.COLUMNS, r)) for r in sheet_table(project, "us")[1:]}
    assert rows["us:emergency[0]"]["number"] == "911"
    assert "do not make a test call" in rows["us:emergency[0]"]["answers as"].lower()
    assert rows["us:988:number"]["kind"] == "call/text"
    assert rows["us:crisis-text-line:number"]["keyword"] == "HOME"
    assert rows["us:samhsa:number"]["hours"] == "24/7"
    assert "https://www.poisoncontrol.org/home/" in rows["us:poison-control:number"]["sources"]


def test_hours_in_plain_english():
    from guide.fields import Hours
    assert verify.describe_hours(Hours(always=True)) == "24/7"
    assert verify.describe_hours(Hours(known=False)).startswith("unknown")
    assert verify.describe_hours(Hours(first_day=0, last_day=4, opens=dt.time(9),
                                       closes=dt.time(17, 30))) == "Mon-Fri 09:00-17:30"
    assert verify.describe_hours(Hours(first_day=0, last_day=4)) == "Mon-Fri (times not known)"


@pytest.mark.slow
@pytest.mark.parametrize("code", ["us", "fr", "ca-on"])
def test_the_sheet_pdf_has_every_number_on_the_regions_paper(project, tmp_path, code):
    today = dates(project, code)[1]
    status, output = run("--region", code, "--out", str(tmp_path), today=today, project=project)
    assert status == 0, output
    pdf, sheet = tmp_path / f"{code}-call-sheet.pdf", tmp_path / f"{code}-call-sheet.csv"
    assert pdf.is_file() and sheet.is_file()
    region = load_region(code, project=project)
    text = pdf_text(pdf)
    for number in region.all_numbers:
        assert contains_number(text, number.digits), number
    words = " ".join(text.split())  # names wrap inside their cell
    for line in region.helplines:
        assert line.name in words
    sizes = page_sizes(pdf)
    assert sizes and all(size == pytest.approx(POINTS[region.paper], abs=0.5) for size in sizes)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfrow id,")


def test_the_default_folder_is_dist_verify(project):
    today = dates(project, "us")[1]
    status, output = run("--region", "us", today=today, project=project)
    assert status == 0, output
    assert (project / "dist" / "verify" / "us-call-sheet.csv").is_file()


# --- Recording a filled sheet ------------------------------------------------


def test_recording_a_filled_sheet_dates_each_working_line_and_flags_the_changed_one(
        project, tmp_path):
    on, today = dates(project, "us")
    us = project / "regions" / "us.toml"
    before = us.read_text(encoding="utf-8")
    table = fill(sheet_table(project, "us"), "works", on)
    changed = next(row for row in table if row[0] == "us:samhsa:number")
    changed[-2:] = ["changed", "1-800-222-1222"]  # a number from the region file, not invented
    filled = write_sheet(tmp_path / "filled.csv", table)

    status, output = run("--record", str(filled), today=today, project=project)
    assert status == 0, output
    assert us.read_text(encoding="utf-8") == before  # shown, not written
    assert "--- a/regions/us.toml" in output and f"+checked = {on}" in output
    assert "Nothing was written" in output and "--yes" in output

    mode = us.stat().st_mode
    status, output = run("--record", str(filled), "--yes", today=today, project=project)
    assert status == 0, output
    assert us.stat().st_mode == mode
    after = us.read_text(encoding="utf-8")
    data = tomllib.loads(after)
    assert data["emergency"]["checked"] == on and data["emergency"]["checked_by"] == "Dana"
    lines = {line["id"]: line for line in data["helplines"]}
    for ident, line in lines.items():
        if ident == "samhsa":
            assert line["checked"] < on and "checked_by" not in line
            assert line["recheck"] == f"changed on {on} (Dana): new number 1-800-222-1222"
        else:
            assert line["checked"] == on and line["checked_by"] == "Dana", ident
    comments = [line for line in before.splitlines(keepends=True) if line.startswith("#")]
    assert [line for line in after.splitlines(keepends=True) if line.startswith("#")] == comments
    # Only checked dates changed; every other original line is still there, in order.
    kept = [line for line in before.splitlines() if not line.startswith("checked =")]
    assert [line for line in after.splitlines()
            if not line.startswith(("checked =", "checked_by =", "recheck ="))] == kept

    problems = verify.flagged_lines(us)
    assert len(problems) == 1
    assert problems[0].startswith("helplines[0] (samhsa).recheck: changed on")
    assert "delete the 'recheck' line" in problems[0]
    region = load_region("us", project=project)  # with the keys accepted, the file still loads
    assert verify.due_for_recheck(region, today) == 1
    assert region.helplines[1].checked == on


def test_a_new_key_goes_under_checked_not_under_the_next_services_comment(
        project, tmp_path):
    on, today = dates(project, "ca")
    table = fill(sheet_table(project, "ca"), "works", on)
    run("--record", str(write_sheet(tmp_path / "ca.csv", table)), "--yes", today=today, project=project)
    text = (project / "regions" / "ca.toml").read_text(encoding="utf-8")
    assert f'checked = {on}\nchecked_by = "Dana"\nnote = "Cree' in text
    assert "iphoneincanada.ca\"]\nchecked" in text
    assert re.search(r"# lists it among numbers backed only by secondary sources\)\.\n"
                     r"\[\[helplines\]\]", text)


def test_a_line_inherited_from_the_parent_region_is_recorded_in_the_parents_file(
        project, tmp_path):
    on, today = dates(project, "ca-on")
    table = sheet_table(project, "ca-on")
    keep = [table[0]] + [row for row in table[1:]
                         if row[0] in ("ca-on:988:number", "ca-on:connexontario:number")]
    filled = write_sheet(tmp_path / "on.csv", fill(keep, "works", on, by="Sam"))
    status, output = run("--record", str(filled), "--yes", today=today, project=project)
    assert status == 0, output
    parent = tomllib.loads((project / "regions" / "ca.toml").read_text(encoding="utf-8"))
    child = tomllib.loads((project / "regions" / "ca-on.toml").read_text(encoding="utf-8"))
    assert {h["id"]: h.get("checked_by") for h in parent["helplines"]}["988"] == "Sam"
    assert "988" not in {h["id"] for h in child["helplines"]}
    assert child["helplines"][0]["checked_by"] == "Sam"
    assert parent["emergency"]["checked"] < on  # not on this sheet: untouched


def test_a_sheet_saved_with_semicolons_by_a_spreadsheet_is_read(project, tmp_path):
    on, today = dates(project, "fr")
    table = fill(sheet_table(project, "fr"), "works", on, by="Élodie")
    filled = write_sheet(tmp_path / "fr.csv", table, encoding="utf-8", delimiter=";")
    status, output = run("--record", str(filled), "--yes", today=today, project=project)
    assert status == 0, output
    data = tomllib.loads((project / "regions" / "fr.toml").read_text(encoding="utf-8"))
    assert data["emergency"]["checked_by"] == "Élodie" and data["emergency"]["checked"] == on


def test_a_service_is_dated_only_when_all_its_numbers_were_checked(project, tmp_path):
    on, today = dates(project, "de")
    table = sheet_table(project, "de")
    alsos = [row for row in table if ":also[" in row[0]]
    assert alsos, "de.toml should have a line with more than one number"
    ident = alsos[0][0].split(":")[1]
    keep = [table[0], next(row for row in table if row[0] == f"de:{ident}:number")]
    filled = write_sheet(tmp_path / "de.csv", fill(keep, "works", on))
    before = snapshot(project)
    status, output = run("--record", str(filled), "--yes", today=today, project=project)
    assert status == 0 and snapshot(project) == before
    assert f"note: {ident}: not dated: only some of its numbers were checked" in output


def test_working_again_clears_an_earlier_flag(project, tmp_path):
    on, today = dates(project, "us")
    table = fill(sheet_table(project, "us"), "works", on)
    table[1][-2] = "no answer"  # the emergency row
    run("--record", str(write_sheet(tmp_path / "a.csv", table)), "--yes", today=today, project=project)
    us = project / "regions" / "us.toml"
    assert verify.flagged_lines(us) == [
        f"emergency.recheck: no answer on {on} (Dana): call the service, correct the line "
        "from its own source, update 'checked', then delete the 'recheck' line"]
    later = today + dt.timedelta(days=1)
    again = fill(sheet_table(project, "us"), "works", today, by="Sam")
    status, output = run("--record", str(write_sheet(tmp_path / "b.csv", again)), "--yes",
                         today=later, project=project)
    assert status == 0, output
    assert verify.flagged_lines(us) == []
    assert "-recheck = " in output


def test_due_for_recheck_counts_numbers_older_than_a_year(project):
    region = load_region("de", project=project)
    oldest = min(region.checked_dates)
    assert verify.due_for_recheck(region, oldest + dt.timedelta(days=365)) == 0
    newest = max(region.checked_dates)
    assert verify.due_for_recheck(region, newest + dt.timedelta(days=366)) == \
        len(region.all_numbers)
    assert len(region.all_numbers) > len(region.helplines) + len(region.emergency) - 1


def test_an_unflagged_file_has_no_flagged_lines(project):
    assert all(verify.flagged_lines(p) == [] for p in (project / "regions").glob("*.toml"))


# --- Foreign and malformed sheets change nothing -------------------------------


def _wrong_header(table, on, project):
    table[0][2] = "phone"


def _unknown_row_id(table, on, project):
    table[2][0] = "us:samhsa-old:number"


def _other_region(table, on, project):
    table[2][0] = "ca:988:number"


def _number_changed(table, on, project):
    table[2][2] = "1-800-662-4358"
    table[2][-2] = "changed"


def _leading_zero_dropped(table, on, project):
    table[1][2] = "91"  # what a spreadsheet makes of a number it reads as an integer


def _bad_date(table, on, project):
    table[2][9] = f"{on.month}/{on.day}/{on.year}"


def _future_date(table, on, project):
    table[2][9] = (on + dt.timedelta(days=30)).isoformat()


def _bad_result(table, on, project):
    table[2][-2] = "ok"


def _works_but_file_changed(table, on, project):
    replace_in(project / "regions" / "us.toml", '"1-800-662-4357"', '"1 800 662 4357"')


def _no_name(table, on, project):
    table[2][10] = ""


def _half_filled(table, on, project):
    table[2][9:] = [on.isoformat(), "Dana", "", ""]


def _duplicate(table, on, project):
    table.append(list(table[2]))


MALFORMED = {
    "wrong header": (_wrong_header, r"row 1: this is not a call sheet"),
    "unknown row id": (_unknown_row_id, r"row 3: unknown row id 'us:samhsa-old:number'"),
    "another region": (_other_region, r"row 3: row id 'ca:988:number' is not of region us"),
    "number changed": (_number_changed, r"row 3: the number column was changed to "
                                        r"'1-800-662-4358'; it must stay '1-800-662-4357'"),
    "leading zero": (_leading_zero_dropped, r"row 2: says 'works' for '91', but "
                                            r"regions/us.toml has '911'"),
    "bad date": (_bad_date, r"row 3: 'checked on' must be the date of the call written as"),
    "future date": (_future_date, r"row 3: 'checked on' \S+ is in the future"),
    "bad result": (_bad_result, r"row 3: result 'ok' is not one of 'works', 'changed', "
                                r"'no answer'"),
    "works, file changed": (_works_but_file_changed,
                            r"row 3: says 'works' for '1-800-662-4357', but regions/us.toml "
                            r"has '1 800 662 4357'"),
    "no name": (_no_name, r"row 3: 'by' must be the name or initials of who called"),
    "half filled": (_half_filled, r"row 3: checked on, by filled in but no result"),
    "duplicate": (_duplicate, r"row 8: row id 'us:samhsa:number' appears twice \(also row 3\)"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_or_foreign_sheet_changes_nothing_and_says_why(project, tmp_path, case):
    on, today = dates(project, "us")
    table = fill(sheet_table(project, "us"), "works", on)
    edit, message = MALFORMED[case]
    edit(table, on, project)
    filled = write_sheet(tmp_path / "filled.csv", table)
    before = snapshot(project)
    status, output = run("--record", str(filled), "--yes", today=today, project=project)
    assert status == 1
    assert output.startswith("Call sheet: ") and str(filled) in output
    assert re.search(message, output), output
    assert snapshot(project) == before


def test_every_bad_row_is_listed_at_once(project, tmp_path):
    on, today = dates(project, "us")
    table = fill(sheet_table(project, "us"), "works", on)
    table[2][-2] = "maybe"
    table[4][9] = "yesterday"
    status, output = run("--record", str(write_sheet(tmp_path / "f.csv", table)), today=today, project=project)
    assert status == 1 and "row 3: result 'maybe'" in output and "row 5: 'checked on'" in output


def test_a_file_that_is_not_utf8_or_too_large_is_refused(project, tmp_path):
    on, today = dates(project, "us")
    before = snapshot(project)
    latin = write_sheet(tmp_path / "latin.csv", fill(sheet_table(project, "us"), "works", on,
                                                    by="Zoë"), encoding="latin-1")
    status, output = run("--record", str(latin), "--yes", today=today, project=project)
    assert status == 1 and f"{latin}: is not UTF-8 text" in output
    big = tmp_path / "big.csv"
    big.write_bytes(b"row id," + b"x" * (verify.MAX_SHEET_BYTES + 10))
    status, output = run("--record", str(big), "--yes", today=today, project=project)
    assert status == 1 and f"{big}: more than 256 KB, too large for a call sheet" in output
    status, output = run("--record", str(tmp_path / "missing.csv"), today=today, project=project)
    assert status == 1 and "missing.csv: cannot be read" in output
    fifo = tmp_path / "pipe.csv"  # a named pipe would block a plain read: refused at once
    os.mkfifo(fifo)
    status, output = run("--record", str(fifo), today=today, project=project)
    assert status == 1 and "pipe.csv" in output
    assert snapshot(project) == before


def test_a_sheet_with_nothing_filled_in_says_so(project, tmp_path):
    today = dates(project, "us")[1]
    empty = write_sheet(tmp_path / "empty.csv", sheet_table(project, "us"))
    status, output = run("--record", str(empty), today=today, project=project)
    assert status == 1 and "no row has a result yet" in output


def test_the_command_needs_something_to_do():
    with pytest.raises(SystemExit):
        verify.main([], stdout=io.StringIO())
    with pytest.raises(SystemExit):
        verify.main(["--region", "us", "--yes"], stdout=io.StringIO())


FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=600) | st.text(max_size=600).map(str.encode))
def test_random_csv_text_never_changes_a_file(project, tmp_path, data):
    filled = tmp_path / "random.csv"
    filled.write_bytes(data)
    before = snapshot(project)
    with pytest.raises(GuideError):
        record(filled, dt.date(2030, 1, 1), project=project)
    assert snapshot(project) == before


cell = st.sampled_from(["", "works", "changed", "no answer", "2026-12-01", "2099-01-01",
                        "Dana", "1-800-222-1222", "911", " "]) | st.text(max_size=12)
# Mostly rows a person could really write, so that some sheets are recorded.
filled_row = st.sampled_from([
    ["", "", "", ""], ["2026-12-01", "Dana", "works", ""], ["2026-12-02", "Sam", " Works ", ""],
    ["2026-12-01", "Dana", "changed", "1-800-222-1222"], ["2026-12-01", "Dana", "no answer", ""],
]) | st.lists(cell, min_size=4, max_size=4)


@pytest.mark.slow  # many examples: in `make test`, not in `make check`
@FUZZ
@given(cells=st.lists(filled_row, min_size=7, max_size=7),
       extra=st.lists(st.lists(cell, max_size=14), max_size=2))
def test_randomly_filled_sheets_record_or_change_nothing(project, tmp_path, cells, extra):
    table = sheet_table(project, "us")
    for row, filled in zip(table[1:], cells):
        row[-4:] = filled
    filled = write_sheet(tmp_path / "fuzzed.csv", table + extra)
    before = snapshot(project)
    try:
        record(filled, dt.date(2030, 1, 1), project=project).write()
    except GuideError:
        assert snapshot(project) == before
    else:  # a valid sheet: its edits must leave a file tomllib still reads
        for path in (project / "regions").glob("*.toml"):
            tomllib.loads(path.read_text(encoding="utf-8"))
    finally:
        for name, data in before.items():
            (project / "regions" / name).write_bytes(data)


def test_a_flagged_line_stops_the_build_until_it_is_resolved(project, tmp_path):
    """A re-check that found a changed number: the region is not printed as it was."""
    from tests.cli import run as build

    table = sheet_table(project, "mx")
    today, _ = dates(project, "mx")
    fill(table, "works", today)
    table[2][-2] = "no answer"  # the Línea de la Vida row
    code, output = run("--record", str(write_sheet(tmp_path / "mx.csv", table)), "--yes",
                       today=today, project=project)
    assert code == 0, output
    code, output = build("--region", "mx", "--out", str(tmp_path / "out"), project=project)
    assert code == 1
    assert "FAILED mx: Region data: regions/mx.toml: a re-check found numbers" in output
    assert "linea-de-la-vida: no answer on" in output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_verify_is_a_subcommand_of_the_build_command(project, tmp_path):
    from tests.cli import run as build

    code, output = build("verify", "--region", "mx", "--out", str(tmp_path), project=project)
    assert code == 0, output
    assert (tmp_path / "mx-call-sheet.csv").is_file() and (tmp_path / "mx-call-sheet.pdf").is_file()
