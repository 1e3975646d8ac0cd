"""Shared fixtures: a throw-away copy of the project's data, and built pamphlets."""

from __future__ import annotations

import shutil

import pytest

from guide import paths
from guide.build import BuildOptions, build, plan
from guide.regions import available_regions


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of templates, regions, locales and fonts that a test may break.

    guide.paths is pointed at the copy, so the real pipeline runs on it.
    """
    root = tmp_path / "project"
    for name in ("templates", "regions", "locales", "fonts"):
        shutil.copytree(paths.ROOT / name, root / name)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "TEMPLATES", root / "templates")
    monkeypatch.setattr(paths, "REGIONS", root / "regions")
    monkeypatch.setattr(paths, "LOCALES", root / "locales")
    monkeypatch.setattr(paths, "FONTS", root / "fonts")
    monkeypatch.setattr(paths, "POT_FILE", root / "locales" / "guide.pot")
    monkeypatch.setattr(paths, "DIST", root / "dist")
    return root


def default_pamphlets():
    """Every region with each of its own languages: what `make pamphlets` builds."""
    pamphlets, failures = plan(None, None, BuildOptions())
    assert not failures, [str(f.error) for f in failures]
    return pamphlets


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build every default pamphlet once per test session; tests read the PDFs."""
    out = tmp_path_factory.mktemp("dist")
    outcomes = build(default_pamphlets(), BuildOptions(out_dir=out))
    return {o.name: o for o in outcomes}


def region_codes():
    return available_regions()


def pytest_configure(config):
    # WeasyPrint is imported lazily by the build; make sure a failure to load
    # it (missing Pango) shows as one clear error, not as every test failing.
    try:
        import guide.pdf  # noqa: F401
    except OSError as exc:  # pragma: no cover
        raise pytest.UsageError(f"WeasyPrint cannot load Pango: {exc}. Install the "
                                "system packages listed in README.md.") from exc
