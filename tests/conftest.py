"""Shared fixtures: a throw-away copy of the project's data, and built pamphlets."""

from __future__ import annotations

import shutil

import pytest

from guide.build import BuildOptions, build, plan
from guide.paths import DATA_FOLDERS, PROJECT, Project
from guide.regions import available_regions


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of templates, regions, locales and fonts that a test may break.

    Tests pass it to the code under test (project=project), which then reads
    and builds from the copy; `project / "locales"` is a folder of the copy.
    """
    root = tmp_path / "project"
    for name in DATA_FOLDERS:
        shutil.copytree(PROJECT / name, root / name)
    return Project(root)


def default_pamphlets(out=None):
    """Every region with each of its own languages: what `make pamphlets` builds."""
    pamphlets, failures = plan(None, None, BuildOptions(out_dir=out))
    assert not failures, [str(f.error) for f in failures]
    return pamphlets


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build every default pamphlet once per test session; tests read the PDFs."""
    out = tmp_path_factory.mktemp("dist")
    outcomes = build(default_pamphlets(out), BuildOptions(out_dir=out))
    return {o.name: o for o in outcomes}


#: Region and language pairs built in every layout and profile, once per test
#: session (the layout tests and the visual comparison both read them).
MATRIX_PAIRS = [("us", "en"), ("gb", "pl"), ("de", "ar"), ("us", "zh_Hans")]


@pytest.fixture(scope="session")
def matrix(tmp_path_factory):
    """Every layout in every profile for MATRIX_PAIRS, built with two workers.

    Print-shop files use each region's standard printing condition, as a
    clinic's build does without --output-intent.
    """
    from guide.layouts import LAYOUTS
    from guide.profiles import PROFILES

    folder = tmp_path_factory.mktemp("matrix")
    outcomes = {}
    for profile in PROFILES:
        options = BuildOptions(out_dir=folder / profile, profile=profile, jobs=2)
        for region, locale in MATRIX_PAIRS:
            pamphlets, _ = plan([region], [locale], options, layouts=list(LAYOUTS))
            for outcome in build(pamphlets, options):
                outcomes[outcome.name] = (outcome, pamphlets[0].region)
    return outcomes


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
