"""locales/guide.pot must match the English text in templates and region files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from guide.paths import PROJECT

REPO = Path(__file__).resolve().parent.parent


def extract_fresh(target):
    """Run the translators' own command: pybabel extract with babel.cfg."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", str(target), "-c", "TRANSLATORS:", "."],
        cwd=PROJECT.root, check=True, capture_output=True, text=True)
    with target.open("rb") as fh:
        return read_po(fh)


def messages(catalog):
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def test_pot_is_up_to_date_with_templates_and_regions(tmp_path):
    fresh = extract_fresh(tmp_path / "fresh.pot")
    with PROJECT.pot.open("rb") as fh:
        committed = read_po(fh)
    added = messages(fresh) - messages(committed)
    removed = messages(committed) - messages(fresh)
    assert not added and not removed, (
        "locales/guide.pot is out of date: run `make extract` then `make update`.\n"
        f"New English text: {sorted(a[1] for a in added)[:5]}\n"
        f"Gone from the source: {sorted(r[1] for r in removed)[:5]}")


def test_region_strings_are_extracted_with_a_comment_for_translators(tmp_path):
    fresh = extract_fresh(tmp_path / "fresh.pot")
    entry = fresh.get("SAMHSA National Helpline")
    assert entry is not None
    assert any("us/samhsa" in comment for comment in entry.auto_comments)
    assert any(location[0].endswith("regions/us.toml") for location in entry.locations)


def test_extraction_stops_on_a_broken_template(project):
    """silent = false in babel.cfg: a template Jinja cannot parse is an error, not skipped."""
    (project / "templates" / "broken.html").write_text("{% trans %}Open{% endfor %}")
    (project / "babel.cfg").write_text((REPO / "babel.cfg").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", "out.pot", "."], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0, "pybabel skipped a template it could not parse"
    assert "broken.html" in result.stderr + result.stdout
