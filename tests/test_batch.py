"""Batch builds: incremental, parallel, recorded in dist/manifest.json."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run
from tests.files import replace_in

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
SMALL = ["--region", "mx", "--region", "es"]  # mx-es, es-es, es-ar: three pamphlets


def stamps(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.pdf")}


def manifest(out: Path) -> dict[str, dict]:
    data = json.loads((out / "manifest.json").read_text())
    return {entry["path"]: entry for entry in data["pamphlets"]}


def test_the_manifest_records_every_pdf(project, tmp_path):
    code, output = run(*SMALL, "--out", str(tmp_path), project=project)
    assert code == 0, output
    entries = manifest(tmp_path)
    assert set(entries) == {"mx/mx-es-handout.pdf", "es/es-es-handout.pdf",
                            "es/es-ar-handout.pdf"}
    entry = entries["es/es-ar-handout.pdf"]
    assert entry["region"] == "es" and entry["language"] == "ar"
    assert entry["layout"] == "handout" and entry["profile"] == "office"
    assert entry["translation"].startswith("draft") and entry["numbers_checked"] == "2026-11-21"
    data = (tmp_path / entry["path"]).read_bytes()
    assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["pages"] >= 4 and len(entry["input_hash"]) == 64


def test_a_rebuild_with_nothing_changed_writes_nothing(project, tmp_path):
    run(*SMALL, "--out", str(tmp_path), project=project)
    before = stamps(tmp_path)
    code, output = run(*SMALL, "--out", str(tmp_path), project=project)
    assert code == 0 and "Built 0 pamphlet(s)" in output and "3 unchanged" in output
    assert stamps(tmp_path) == before


def test_changing_one_catalog_rebuilds_only_that_language(project, tmp_path):
    run(*SMALL, "--out", str(tmp_path), project=project)
    before = stamps(tmp_path)
    replace_in(project / "locales" / "ar" / "LC_MESSAGES" / "guide.po",
               "Last-Translator: Draft", "Last-Translator: Draft (edited)")
    code, output = run(*SMALL, "--out", str(tmp_path), project=project)
    assert code == 0 and "Built 1 pamphlet(s)" in output and "2 unchanged" in output
    after = stamps(tmp_path)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {"es/es-ar-handout.pdf"}


def test_force_rebuilds_and_a_damaged_pdf_is_rebuilt(project, tmp_path):
    run(*SMALL, "--out", str(tmp_path), project=project)
    damaged = tmp_path / "mx" / "mx-es-handout.pdf"
    damaged.write_bytes(damaged.read_bytes()[:-100])
    code, output = run(*SMALL, "--out", str(tmp_path), project=project)
    assert "Built 1 pamphlet(s)" in output
    assert damaged.read_bytes().rstrip().endswith(b"%%EOF")
    code, output = run(*SMALL, "--force", "--out", str(tmp_path), project=project)
    assert code == 0 and "Built 3 pamphlet(s)" in output


def test_two_workers_make_the_same_bytes_as_one(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")
    run(*SMALL, "--jobs", "1", "--out", str(tmp_path / "one"), project=project)
    code, output = run(*SMALL, "--jobs", "2", "--out", str(tmp_path / "two"), project=project)
    assert code == 0, output
    one, two = manifest(tmp_path / "one"), manifest(tmp_path / "two")
    assert {k: v["sha256"] for k, v in one.items()} == {k: v["sha256"] for k, v in two.items()}


def test_a_no_change_rebuild_never_loads_the_renderer(tmp_path):
    subprocess.run([sys.executable, "build_pdf.py", "--region", "mx", "--out", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True)
    probe = ("import sys, io; from guide.cli import main; "
             f"code = main(['--region', 'mx', '--out', {str(tmp_path)!r}], stdout=io.StringIO()); "
             "print(code, 'weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == ["0", "False"]


def test_all_with_filters_builds_each_regions_own_languages(project, tmp_path):
    code, output = run("--all", "--layout", "handout", "--locale", "ar", "--region", "es",
                       "--region", "us",
                       "--out", str(tmp_path), project=project)
    assert code == 0, output
    assert set(manifest(tmp_path)) == {"es/es-ar-handout.pdf", "us/us-ar-handout.pdf"}


def test_progress_lines_count_and_estimate(project, tmp_path):
    code, output = run(*SMALL, "--out", str(tmp_path), project=project)
    lines = [row for row in output.splitlines() if row.startswith("ok")]
    assert len(lines) == 3
    assert "[1/3," in lines[0] and "s elapsed, about" in lines[0]
    assert lines[-1].endswith("s elapsed]")
