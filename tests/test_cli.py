"""The command as a clinic runs it: exit codes, messages, and no broken PDF left."""

from __future__ import annotations

import re

import pytest

from tests.cli import run
from tests.fake_catalog import FAKE_LOCALE, edit_entry, write_fake_catalog
from tests.files import replace_in
from tests.pdfcheck import POINTS, page_sizes, pdf_text


def pdfs(folder):
    return sorted(p.name for p in folder.rglob("*.pdf")) if folder.exists() else []


def test_list_shows_regions_languages_and_completeness():
    code, output = run("--list")
    assert code == 0
    assert "ca-on" in output and "Ontario, Canada" in output and "letter" in output
    assert "Arabic" in output and "100% (" in output and "draft, not reviewed" in output


def test_an_unknown_region_fails_with_the_known_ones(tmp_path):
    code, output = run("--region", "atlantis", "--out", str(tmp_path))
    assert code == 1
    assert "unknown region 'atlantis'" in output and "known regions: au, ca" in output
    assert pdfs(tmp_path) == []


def test_a_bad_number_in_a_region_file_fails_and_writes_nothing(project, tmp_path):
    replace_in(project / "regions" / "us.toml", 'number = "1-800-222-1222"',
               'number = "1-800-222-122"')
    code, output = run("--region", "us", "--out", str(tmp_path), project=project)
    assert code == 1
    assert "regions/us.toml" in output and "helplines[2] (poison-control).number" in output
    assert pdfs(tmp_path) == []


def test_an_unknown_key_in_a_region_file_is_named(project, tmp_path):
    replace_in(project / "regions" / "gb.toml", 'paper = "a4"',
               'paper = "a4"\npaper_colour = "blue"')
    code, output = run("--region", "gb", "--out", str(tmp_path), project=project)
    assert code == 1 and "regions/gb.toml" in output and "unknown key 'paper_colour'" in output
    assert pdfs(tmp_path) == []


def test_a_missing_catalog_fails_and_writes_nothing(tmp_path):
    code, output = run("--region", "us", "--locale", "it", "--out", str(tmp_path))
    assert code == 1
    assert "locales/it/LC_MESSAGES/guide.po: there is no catalog for 'it'" in output
    assert "FAILED us-it-handout" in output
    assert pdfs(tmp_path) == []


@pytest.mark.slow
def test_a_broken_catalog_fails_and_removes_an_older_pdf(project, tmp_path):
    path = write_fake_catalog(project=project)
    code, _ = run("--region", "gb", "--locale", FAKE_LOCALE, "--out", str(tmp_path), project=project)
    assert code == 0 and pdfs(tmp_path) == ["gb-fr-handout.pdf"]
    line = edit_entry(path, "Call %(number)s.", 'msgstr "Appelez le %(numero)s."')
    code, output = run("--region", "gb", "--locale", FAKE_LOCALE, "--out", str(tmp_path), project=project)
    assert code == 1
    assert f"locales/fr/LC_MESSAGES/guide.po:{line}: placeholders differ" in output
    assert pdfs(tmp_path) == []  # the older, now wrong, PDF is gone too


@pytest.mark.slow
def test_allow_incomplete_builds_and_marks_the_pamphlet(project, tmp_path):
    path = write_fake_catalog(project=project)
    edit_entry(path, "Fever", 'msgstr ""')
    code, output = run("--region", "gb", "--locale", FAKE_LOCALE, "--out", str(tmp_path), project=project)
    assert code == 1 and 'not translated: "Fever"' in output
    code, output = run("--region", "gb", "--locale", FAKE_LOCALE, "--allow-incomplete",
                       "--out", str(tmp_path), project=project)
    assert code == 0 and "INCOMPLETE" in output
    text = " ".join(pdf_text(tmp_path / "gb" / "gb-fr-handout.pdf").split())
    assert "INCOMPLETE TRANSLATION" in text


@pytest.mark.slow
def test_paper_can_be_overridden_for_a_clinic_printer(tmp_path):
    code, output = run("--region", "gb", "--paper", "letter", "--out", str(tmp_path))
    assert code == 0, output
    sizes = page_sizes(tmp_path / "gb" / "gb-en-handout.pdf")
    assert all(abs(w - POINTS["letter"][0]) < 1 and abs(h - POINTS["letter"][1]) < 1
               for w, h in sizes)


@pytest.mark.slow
def test_output_lines_name_each_pamphlet_with_pages_size_and_time(tmp_path):
    code, output = run("--region", "ca-on", "--locale", "en", "--out", str(tmp_path))
    assert code == 0
    line = next(row for row in output.splitlines() if row.startswith("ok"))
    assert "ca-on-en-handout.pdf" in line and " pages " in line and " KB " in line
    assert re.search(r" \d+\.\d\d s  \[1/1, ", line)
    assert "Built 1 pamphlet(s)" in output
