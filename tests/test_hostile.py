"""Translations and templates from outside are untrusted: real attacks, refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from guide.catalogs import MAX_CATALOG_BYTES, load_catalog
from guide.errors import CatalogError
from tests.cli import run
from tests.fake_catalog import FAKE_LOCALE, edit_entry, write_fake_catalog
from tests.files import replace_in

REPO = Path(__file__).resolve().parent.parent
SECRET = "TOP-SECRET-MARKER-7431"


@pytest.mark.parametrize("attack", [
    '<img src=\\"file:///etc/passwd\\">Fièvre',
    '<link rel=\\"attachment\\" href=\\"file:///etc/passwd\\">Fièvre',
    '<a rel=\\"attachment\\" href=\\"../../pyproject.toml\\">Fièvre</a>',
    '<style>body { background: url(http://example.org/x.png) }</style>Fièvre',
    '<script>alert(1)</script>Fièvre',
    '<strong style=\\"background: url(file:///etc/passwd)\\">Fièvre</strong>',
    '<strong onclick=\\"alert(1)\\">Fièvre</strong>',
    'Fièvre <!-- the rest of the page would vanish',
])
def test_a_translation_with_markup_its_english_lacks_fails_with_file_and_line(project, attack):
    path = write_fake_catalog(project=project)
    line = edit_entry(path, "Fever", f'msgstr "{attack}"')
    with pytest.raises(CatalogError) as error:
        load_catalog(FAKE_LOCALE, project=project)
    assert f"locales/fr/LC_MESSAGES/guide.po:{line}:" in str(error.value)


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


@pytest.mark.slow
@pytest.mark.parametrize("markup, words", [
    ('<img src="http://example.org/logo.png">', "refused to fetch http://example.org"),
    ('<img src="file:///etc/hostname">', "refused to read /etc/hostname"),
    ('<img src="../../../../../../etc/hostname">', "refused to read /etc/hostname"),
    ('<link rel="attachment" href="print.css">', "rel=attachment"),
])
def test_a_template_reaching_outside_fails_and_leaves_no_pdf(project, tmp_path, markup, words):
    replace_in(project / "templates" / "sections" / "family.html", "</section>",
               markup + "</section>")
    code, output = run("--region", "gb", "--locale", "en", "--out", str(tmp_path), project=project)
    assert code == 1 and words in output, output
    assert pdfs_in(tmp_path) == []


@pytest.mark.slow
def test_no_trace_of_an_outside_file_and_no_attachments_in_a_normal_pdf(built, tmp_path):
    for outcome in built.values():
        reader = pypdf.PdfReader(str(outcome.path))
        names = reader.trailer["/Root"].get("/Names", {})
        assert "/EmbeddedFiles" not in names, outcome.name
        assert SECRET.encode() not in outcome.path.read_bytes()


def test_an_oversized_catalog_fails_fast(project):
    path = write_fake_catalog(project=project)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("# padding\n" * (MAX_CATALOG_BYTES // 10 + 1000))
    started = time.perf_counter()
    with pytest.raises(CatalogError, match="too large for a catalog"):
        load_catalog(FAKE_LOCALE, project=project)
    assert time.perf_counter() - started < 1


def test_an_oversized_region_file_fails_fast(project):
    from guide.errors import RegionError
    from guide.regions import load_region

    with (project / "regions" / "gb.toml").open("a") as fh:
        fh.write("# padding\n" * 30_000)
    with pytest.raises(RegionError, match="too large for a data file"):
        load_region("gb", project=project)


@pytest.mark.slow
def test_a_build_killed_midway_leaves_only_complete_pdfs(tmp_path):
    """Kill the real command while it writes; every PDF left must be whole."""
    out = tmp_path / "dist"
    process = subprocess.Popen([sys.executable, "build_pdf.py", "--all", "--out", str(out)],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while len(pdfs_in(out)) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    found = pdfs_in(out)
    assert found, "the build was killed before writing anything"
    for path in found:
        data = path.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), path.name
        assert len(pypdf.PdfReader(str(path)).pages) >= 1, path.name
    # The next build tidies what the killed one left half-written.
    code, _ = run("--region", "mx", "--out", str(out))
    assert code == 0 and not list(out.glob("*/.*.part"))
