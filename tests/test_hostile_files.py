"""Hostile files and command lines (issue 10, sections 1-3): real files, real refusals.

Each test makes the hostile thing for real in a copy of the project (a
symbolic link, a logo bomb, a lock held by another process, a signal sent
to a running build) and checks what the command does about it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pypdf
import pytest

from guide.build import BuildOptions, build, plan
from guide.catalogs import load_catalog
from guide.clinic import load_clinic
from guide.errors import CatalogError, ClinicError, GuideError, RegionError, quoted
from guide.profiles import load_output_intent
from guide.regions import load_all_regions, load_region
from tests.cli import run
from tests.files import replace_in

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CLINIC = REPO / "examples" / "clinic.toml"
SECRET = "PRIVATE-KEY-LINE-5521"
ESC = "\x1b"


# --- a record of every file the process opens (Python's audit hook, PEP 578) ---

_OPENED: list[str] | None = None


def _audit(event, args):
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


class opened_files:
    """Every path opened inside the block (hooks cannot be removed, only muted)."""

    def __enter__(self):
        global _OPENED
        _OPENED = []
        return _OPENED

    def __exit__(self, *exc):
        global _OPENED
        _OPENED = None


def secret_file(folder: Path) -> Path:
    path = folder / "secrets"
    path.write_text(f'key = "{SECRET}"\n-----BEGIN PRIVATE KEY-----\n{SECRET}\n',
                    encoding="utf-8")
    return path


def assert_refused_unread(error: GuideError, secret: Path, opened: list[str]) -> None:
    assert SECRET not in str(error)
    assert not any(Path(p).resolve() == secret.resolve() for p in opened), opened


# --- 1. Addresses that go into QR codes ---

def test_every_shipped_region_still_loads_with_the_address_rules():
    regions = load_all_regions()
    assert len(regions) >= 13
    assert all(line.url is None or line.url.startswith("https://")
               for region in regions.values() for line in region.helplines)


@pytest.mark.parametrize("address, words", [
    ("https://www.samaritans.org@pаypal.com/", "user part before '@'"),
    ("https://www.samaritans.org@evil.example/", "user part before '@'"),
    ("http://www.samaritans.org", "starting https://"),
    ("javascript:alert(1)", "starting https://"),
    ("https://127.0.0.1/help", "IP address"),
    ("https://[::1]/", "IP address"),
    ("https://2130706433/", "local machine"),
    ("https://0x7f.1/", "ends in a number"),
    ("https://localhost/", "local machine"),
    ("https://router.local/", "local machine"),
    ("https://www.samaritans.org:8443/", "port"),
    ("https://pаypal.com/", "xn--pypal-4ve.com, which mixes letters of Cyrillic and Latin"),
    ("https://xn--pypal-4ve.com/", "xn--pypal-4ve.com, which mixes letters of Cyrillic and Latin"),
    ("https://www.samaritans.org/\u202egnp.exe", "no spaces or invisible characters"),
    ("https://www.samaritans.org/" + "a" * 300, "longer than 200 characters"),
])
def test_an_address_that_could_mislead_a_reader_is_refused(project, address, words):
    replace_in(project / "regions" / "gb.toml", 'url = "https://www.samaritans.org"',
               f'url = "{address}"')
    with pytest.raises(RegionError) as error:
        load_region("gb", project)
    message = str(error.value)
    assert words in message and "helplines[" in message, message
    assert "pаypal" not in message  # the look-alike is shown as punycode or escaped
    assert "\u202e" not in message


def test_a_clinic_web_address_with_a_user_part_is_refused(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    replace_in(folder / "clinic.toml", 'web = "https://www.example.org/clinic"',
               'web = "https://www.example.org@pаypal.com/"')
    with pytest.raises(ClinicError, match="web: has a user part"):
        load_clinic(folder / "clinic.toml")


def test_an_international_single_script_host_is_accepted(project):
    replace_in(project / "regions" / "gb.toml", 'url = "https://www.samaritans.org"',
               'url = "https://bücher.example/hilfe"')
    assert any(line.url == "https://bücher.example/hilfe"
               for line in load_region("gb", project).helplines)


# --- 1. Dates from the future ---

def test_a_checked_date_in_the_future_is_an_error(project):
    replace_in(project / "regions" / "gb.toml", "checked = 2026-11-21", "checked = 2099-01-01",
               count=2)
    with pytest.raises(RegionError) as error:
        load_region("gb", project, today=dt.date(2026, 12, 1))
    message = str(error.value)
    assert "emergency.checked: 2099-01-01 is after the build date (2026-12-01)" in message
    assert "helplines[0] (frank).checked: 2099-01-01 is after the build date" in message


def test_the_build_date_from_source_date_epoch_judges_checked_dates(project, tmp_path,
                                                                   monkeypatch):
    """Numbers checked 2026-11-21, a build dated 2026-11-01: the dates are impossible."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(
        2026, 11, 1, tzinfo=dt.timezone.utc).timestamp())))
    pamphlets, failures = plan(["gb"], ["en"], BuildOptions(out_dir=tmp_path, project=project))
    assert pamphlets == [] and len(failures) == 1
    assert "is after the build date (2026-11-01)" in str(failures[0].error)
    code, output = run("--region", "gb", "--out", str(tmp_path), project=project)
    assert code == 1 and "2026-11-21 is after the build date (2026-11-01)" in output
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_far_future_date_no_longer_silences_the_staleness_warning(project, tmp_path):
    for path in (project / "regions").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("checked = 2026-11-21", "checked = 2099-11-21"),
                        encoding="utf-8")
    code, output = run("--region", "mx", "--out", str(tmp_path), project=project)
    assert code == 1 and "2099-11-21 is after the build date" in output


# --- 2. Nothing outside the project is read ---

def test_a_catalog_symlinked_to_a_private_key_is_refused_unread(project, tmp_path):
    secret = secret_file(tmp_path)
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "guide.po"
    catalog.unlink()
    os.symlink(secret, catalog)
    with opened_files() as opened, pytest.raises(CatalogError) as error:
        load_catalog("fr", project=project)
    assert "is a symbolic link" in str(error.value)
    assert_refused_unread(error.value, secret, opened)


def test_a_language_folder_symlinked_outside_is_refused_unread(project, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(project / "locales" / "fr", outside)
    secret = secret_file(outside / "LC_MESSAGES")
    (outside / "LC_MESSAGES" / "guide.po").unlink()
    os.symlink(secret, outside / "LC_MESSAGES" / "guide.po")
    shutil.rmtree(project / "locales" / "fr")
    os.symlink(outside, project / "locales" / "fr")
    with opened_files() as opened, pytest.raises(CatalogError) as error:
        load_catalog("fr", project=project)
    assert "symbolic link" in str(error.value)
    assert_refused_unread(error.value, secret, opened)


def test_a_review_file_symlinked_outside_is_refused_unread(project, tmp_path):
    secret = secret_file(tmp_path)
    review = project / "locales" / "fr" / "review.toml"
    review.unlink()
    os.symlink(secret, review)
    with opened_files() as opened, pytest.raises(CatalogError) as error:
        load_catalog("fr", project=project)
    assert "review.toml: is a symbolic link" in str(error.value)
    assert_refused_unread(error.value, secret, opened)


def test_a_region_file_symlinked_outside_is_refused_unread(project, tmp_path):
    secret = secret_file(tmp_path)
    os.symlink(secret, project / "regions" / "xx.toml")
    with opened_files() as opened, pytest.raises(RegionError) as error:
        load_region("xx", project)
    assert "regions/xx.toml: is a symbolic link" in str(error.value)
    assert_refused_unread(error.value, secret, opened)


def test_a_region_symlinked_to_another_region_is_refused_too(project):
    os.symlink(project / "regions" / "gb.toml", project / "regions" / "xx.toml")
    with pytest.raises(RegionError, match="is a symbolic link"):
        load_region("xx", project)


@pytest.mark.parametrize("target", ["../../secrets", "/etc/passwd", "../secrets", "ca.toml", 7])
def test_extends_must_name_a_region_code_and_reads_nothing_else(project, tmp_path, target):
    secret = secret_file(project.root.parent)  # two folders above regions/xx.toml's code
    shutil.copy(secret, project.root / "secrets.toml")
    text = (project / "regions" / "ca-on.toml").read_text(encoding="utf-8")
    value = f'"{target}"' if isinstance(target, str) else str(target)
    (project / "regions" / "ca-on.toml").write_text(
        text.replace('extends = "ca"', f"extends = {value}"), encoding="utf-8")
    with opened_files() as opened, pytest.raises(RegionError) as error:
        load_region("ca-on", project)
    assert "'extends' must be the code of another region" in str(error.value)
    assert_refused_unread(error.value, secret, opened)
    assert not any(p.endswith(("secrets", "secrets.toml", "passwd")) for p in opened)


def test_extends_naming_a_symlinked_region_is_refused_unread(project, tmp_path):
    secret = secret_file(tmp_path)
    os.symlink(secret, project / "regions" / "evil.toml")
    replace_in(project / "regions" / "ca-on.toml", 'extends = "ca"', 'extends = "evil"')
    with opened_files() as opened, pytest.raises(RegionError) as error:
        load_region("ca-on", project)
    assert "regions/evil.toml: is a symbolic link" in str(error.value)
    assert_refused_unread(error.value, secret, opened)


# --- 2. Nothing read is echoed raw ---

def test_quoted_escapes_controls_and_bidi_and_cuts_long_text():
    assert quoted("a\x1b[2Jb\u202ec\u200bd") == "'a\\u{001b}[2Jb\\u{202e}c\\u{200b}d'"
    assert quoted("x" * 500) == "'" + "x" * 60 + "...' (500 characters)"
    assert quoted(None) == "nothing" and quoted(["a"]) == "'['a']'"


def test_an_unknown_key_with_terminal_escapes_cannot_clear_the_screen(project, tmp_path):
    replace_in(project / "regions" / "gb.toml", 'paper = "a4"',
               'paper = "a4"\n"\\u001b[2J\\u001b[H\\u202eevil" = 1\n'
               'crisis2 = "' + "y" * 5000 + '"')
    code, output = run("--region", "gb", "--out", str(tmp_path), project=project)
    assert code == 1
    assert ESC not in output and "\u202e" not in output
    assert "unknown key '\\u{001b}[2J\\u{001b}[H\\u{202e}evil'" in output
    assert "y" * 61 not in output


def test_values_are_quoted_short_and_escaped(project):
    replace_in(project / "regions" / "gb.toml", 'crisis = "samaritans"',
               'crisis = "\\u001b]0;owned\\u0007' + "z" * 3000 + '"')
    with pytest.raises(RegionError) as error:
        load_region("gb", project)
    message = str(error.value)
    assert ESC not in message and "\x07" not in message and "z" * 61 not in message
    assert "(3010 characters)" in message  # ESC ] 0 ; owned BEL: 10


def test_a_toml_error_does_not_echo_the_file(project, tmp_path):
    secret = f"\x1b[2J{SECRET}"
    (project / "regions" / "gb.toml").write_text(f"code = 'gb'\n{secret} = = 1\n",
                                                 encoding="utf-8")
    code, output = run("--region", "gb", "--out", str(tmp_path), project=project)
    assert code == 1 and "not valid TOML" in output
    assert ESC not in output and SECRET not in output


def test_a_clinic_file_name_with_escapes_is_shown_escaped(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    hostile = folder / "\x1b[31mred.toml"
    (folder / "clinic.toml").rename(hostile)
    replace_in(hostile, 'web = "https://www.example.org/clinic"', 'web = "ftp://x"')
    code, output = run("--region", "gb", "--clinic", str(hostile), "--out", str(tmp_path))
    assert code == 1 and "\\u{001b}[31mred.toml" in output and ESC not in output


def test_a_call_sheet_cell_with_escapes_is_shown_escaped(tmp_path):
    from guide import verify

    sheet = tmp_path / "sheet"
    assert verify.main(["--region", "gb", "--out", str(sheet)], stdout=open(os.devnull, "w"),
                       today=dt.date(2026, 12, 1)) == 0
    csv_path = sheet / "gb-call-sheet.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[-3] = "\x1b[2J" + "w" * 500  # the result column
    lines[1] = ",".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from io import StringIO
    out = StringIO()
    code = verify.main(["--record", str(csv_path)], stdout=out, today=dt.date(2026, 12, 1))
    assert code == 1 and ESC not in out.getvalue() and "w" * 61 not in out.getvalue()


# --- 2. Size and complexity limits while reading ---

def test_an_output_intent_of_dev_zero_is_refused_at_once():
    started = time.perf_counter()
    with pytest.raises(GuideError, match="is not a regular file"):
        load_output_intent(Path("/dev/zero"))
    assert time.perf_counter() - started < 0.5


def test_a_named_pipe_as_a_region_file_does_not_hang(project):
    (project / "regions" / "gb.toml").unlink()
    os.mkfifo(project / "regions" / "gb.toml")
    with pytest.raises(RegionError, match="not a regular file"):
        load_region("gb", project)


def nested_use_svg(depth: int) -> bytes:
    """Each level draws the one below four times: 4**depth rectangles from ~1 KB."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" '
             'xmlns:xlink="http://www.w3.org/1999/xlink"><defs>'
             '<rect id="l0" width="1" height="1"/>']
    for level in range(1, depth + 1):
        parts.append(f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * 4 + "</g>")
    parts.append(f'</defs><use xlink:href="#l{depth}"/></svg>')
    return "".join(parts).encode()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_with(chunk: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + chunk
            + png_chunk(b"IDAT", zlib.compress(b"\0" * 20)) + png_chunk(b"IEND", b""))


BOMB = zlib.compress(b"a" * 50_000_000, 9)  # 50 MB in about 50 KB


@pytest.mark.parametrize("name, data, words", [
    ("logo.svg", nested_use_svg(9), "draws more than 5000 elements"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/></g></svg>',
     "refers to itself"),
    ("logo.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]><svg/>',
     "declares a DOCTYPE"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 100 + b"</g>" * 100
     + b"</svg>", "nests elements more than 64 deep"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<rect/>" * 6000 + b"</svg>",
     "has 6001 elements"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#x"/></svg>',
     "a <use> of another file"),
    ("logo.png", png_with(png_chunk(b"zTXt", b"Comment\0\0" + BOMB)), "unpacks to far more"),
    ("logo.png", png_with(png_chunk(b"iCCP", b"icc\0\0" + BOMB)), "unpacks to far more"),
])
def test_a_logo_too_complex_or_inflating_too_far_is_refused_quickly(tmp_path, name, data,
                                                                    words):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    (folder / name).write_bytes(data)
    replace_in(folder / "clinic.toml", 'logo = "logo.svg"', f'logo = "{name}"')
    started = time.perf_counter()
    with pytest.raises(ClinicError) as error:
        load_clinic(folder / "clinic.toml")
    assert words in str(error.value) and "logo:" in str(error.value)
    assert time.perf_counter() - started < 2


def test_the_sample_logo_and_a_modest_nested_svg_still_pass(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    assert load_clinic(folder / "clinic.toml").logo.name == "logo.svg"
    (folder / "logo.svg").write_bytes(nested_use_svg(3))  # 64 rectangles
    assert load_clinic(folder / "clinic.toml").logo is not None


def test_a_logo_symlink_inside_the_clinic_folder_is_refused(tmp_path):
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE_CLINIC.parent, folder)
    (folder / "logo.svg").rename(folder / "real.svg")
    os.symlink(folder / "real.svg", folder / "logo.svg")
    with pytest.raises(ClinicError, match="is a symbolic link"):
        load_clinic(folder / "clinic.toml")


# --- 3. The command line and the output folder ---

def test_a_region_given_as_a_path_is_refused_and_nothing_is_written(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(project / "regions" / "gb.toml", outside / "gb.toml")
    code, output = run("--region", "../../outside/gb", "--out", str(tmp_path / "out"),
                       project=project)
    assert code == 1 and "unknown region '../../outside/gb'" in output
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize("where, words", [
    ("file", "is a file, not a folder"),
    ("root", "is the project folder itself"),
    ("templates", "inside the project's templates/ folder"),
    ("fonts", "inside the project's fonts/ folder"),
    ("locales", "inside the project's locales/ folder"),
    ("regions", "inside the project's regions/ folder"),
    ("regions/new", "inside the project's regions/ folder"),
    ("/", "is the root of the file system"),
])
def test_out_refuses_a_file_the_project_and_its_data_folders(project, tmp_path, where, words):
    if where == "file":
        out = tmp_path / "a-file"
        out.write_text("keep me")
    elif where == "root":
        out = project.root
    elif where == "/":
        out = Path("/")
    else:
        out = project / where
    before = sorted(p.name for p in (project / "regions").iterdir())
    code, output = run("--region", "mx", "--out", str(out), project=project)
    assert code == 1 and words in output, output
    assert sorted(p.name for p in (project / "regions").iterdir()) == before
    assert not list(project.root.rglob("*.pdf"))


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_below_one_is_an_error(jobs, capsys):
    with pytest.raises(SystemExit) as stop:
        run("--region", "mx", "--jobs", jobs)
    assert stop.value.code == 2 and "--jobs" in capsys.readouterr().err


def test_jobs_above_the_number_of_pamphlets_is_capped(project, tmp_path, monkeypatch):
    import guide.build

    asked = []

    def fake_workers(todo, jobs, project, time_limit):
        asked.append(jobs)
        return iter(())

    monkeypatch.setattr(guide.build, "run_in_workers", fake_workers)
    options = BuildOptions(out_dir=tmp_path, jobs=64, project=project)
    pamphlets, _ = plan(["mx"], None, options, layouts=["handout", "card"])
    build(pamphlets, options)
    assert asked == [len(pamphlets)] == [2]


def lock_taken_elsewhere(out: Path) -> bool:
    """Whether another process finds the folder locked (a process never locks itself out)."""
    probe = ("import sys; from pathlib import Path; from guide.output import build_lock\n"
             "try:\n"
             f"    with build_lock(Path({str(out)!r})): pass\n"
             "except Exception as exc: print(exc)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, check=True)
    return "another build is writing there now" in result.stdout


def test_a_second_build_into_a_locked_folder_is_refused(project, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from guide.output import build_lock\n"
        f"with build_lock(Path({str(out)!r})):\n"
        "    print('locked', flush=True); time.sleep(60)")],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, output = run("--region", "mx", "--out", str(out), project=project)
        assert code == 1
        assert f"another build is writing there now (process {holder.pid})" in output
        assert not list(out.rglob("*.pdf"))
    finally:
        holder.kill()
        holder.wait()
    # The kernel drops the lock of a killed process: the folder is free again.
    assert not lock_taken_elsewhere(out)


@pytest.mark.slow
def test_a_build_holds_the_lock_while_it_runs_and_releases_it(project, tmp_path):
    seen = []
    options = BuildOptions(out_dir=tmp_path, project=project, jobs=2)
    pamphlets, _ = plan(["mx"], None, options, layouts=["handout", "card"])
    build(pamphlets, options, report=lambda outcome: seen.append(lock_taken_elsewhere(tmp_path)))
    assert seen == [True, True]
    assert not lock_taken_elsewhere(tmp_path)


# --- 3. Signals, for real: a copy of the repository built in a subprocess ---

def copy_repository(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                           check=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            (dest / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / os.fsdecode(name))
    return dest


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def processes_in_group(group: int) -> list[str]:
    listing = subprocess.run(["ps", "-eo", "pid=,pgid=,stat=,args="], capture_output=True,
                             text=True, check=True).stdout
    return [line for line in listing.splitlines()
            if line.split()[1] == str(group) and not line.split()[2].startswith("Z")]


def start_build(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    repo = copy_repository(tmp_path / "repo")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "build_pdf.py", "--all", "--jobs", "2",
                                "--out", str(out)], cwd=repo, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(pdfs_in(out)) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None and len(pdfs_in(out)) >= 3, "no PDFs were written"
    return process, out


def assert_nothing_written_after_exit(out: Path, group: int) -> dict:
    before = {path: path.stat().st_mtime_ns for path in pdfs_in(out)}
    time.sleep(3)
    after = {path: path.stat().st_mtime_ns for path in pdfs_in(out)}
    assert after == before, "a PDF was written after the parent had gone"
    assert processes_in_group(group) == [], "a worker outlived the build"
    assert not list(out.rglob("*.part"))
    return after


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM to the command", "SIGINT to the process group"])
def test_an_interrupted_build_stops_cleanly(tmp_path, how):
    process, out = start_build(tmp_path)
    if how.startswith("SIGTERM"):
        process.send_signal(signal.SIGTERM)
    else:  # what a terminal's Ctrl-C does: every process of the group gets SIGINT
        os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (stdout, stderr)
    summary = [line for line in stdout.splitlines()
               if line.startswith(("Interrupted:", "Built "))]
    assert len(summary) == 1 and summary[0].startswith("Interrupted: stopped; "), stdout
    assert "Traceback" not in stdout + stderr and "BrokenPipe" not in stdout + stderr
    assert stderr == ""
    files = assert_nothing_written_after_exit(out, process.pid)
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["pamphlets"]
    recorded = {e["path"] for e in entries} | {a["path"] for e in entries for a in e["also"]}
    assert {str(p.relative_to(out)) for p in files} == recorded  # nothing unrecorded
    finished = int(summary[0].split("; ")[1].split()[0])
    assert finished == len(entries) >= 1
    for entry in entries:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(pypdf.PdfReader(str(out / entry["path"])).pages) == entry["pages"]


@pytest.mark.slow
def test_a_killed_parent_leaves_no_worker_writing(tmp_path):
    process, out = start_build(tmp_path)
    process.send_signal(signal.SIGKILL)  # the parent only: its workers must follow
    process.communicate(timeout=60)
    for path in assert_nothing_written_after_exit(out, process.pid):
        assert path.read_bytes().rstrip().endswith(b"%%EOF"), path.name


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once_one_is_refused(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    out = tmp_path / "out"
    command = [sys.executable, "build_pdf.py", "--region", "mx", "--region", "gb",
               "--jobs", "2", "--out", str(out)]
    first = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / ".build.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    first_output, _ = first.communicate(timeout=300)
    assert first.returncode == 0, first_output
    assert second.returncode == 1 and "another build is writing there now" in second.stdout
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["pamphlets"]
    assert sorted(e["region"] for e in entries) == ["gb", "gb", "mx"]
