"""Fuzz the loaders: any input either loads or raises our own error, never a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.catalogs import load_catalog
from guide.clinic import load_clinic
from guide.errors import GuideError
from guide.regions import load_region
from tests.fake_catalog import FAKE_LOCALE, write_fake_catalog

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
REGION = (Path(__file__).resolve().parent.parent / "regions" / "gb.toml").read_text()
CLINIC = (Path(__file__).resolve().parent.parent / "examples" / "clinic.toml").read_text()

# TOML-shaped values, so that fuzzing reaches the checks, not only the parser.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
    | st.dates() | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12)


def toml_value(value) -> str:
    """Render a Python value as TOML (None and NaN become strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int,)) or hasattr(value, "isoformat"):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else '"nan"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def mutate(document: str, key: str, value) -> str:
    """Replace the first `key = ...` line of a TOML document with a fuzzed value."""
    lines = document.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"{key} =") or line.startswith(f"{key}="):
            lines[index] = f"{key} = {toml_value(value)}"
            break
    return "\n".join(lines) + "\n"


def loads_or_our_error(load) -> None:
    try:
        load()
    except GuideError:
        pass


@FUZZ
@given(st.binary(max_size=400))
def test_region_loader_never_crashes_on_bytes(project, data):
    (project / "regions" / "zz.toml").write_bytes(data)
    loads_or_our_error(lambda: load_region("zz", project=project))


REGION_KEYS = ["code", "country", "paper", "languages", "crisis", "numbers", "source",
               "checked", "id", "name", "number", "kinds", "hours", "cost", "also", "url",
               "second_hand", "note", "extends", "area"]


@FUZZ
@given(st.sampled_from(REGION_KEYS), values)
def test_region_loader_never_crashes_on_odd_values(project, key, value):
    text = mutate(REGION.replace('code = "gb"', 'code = "zz"'), key, value)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # our renderer made invalid TOML; the parser test covers that
    (project / "regions" / "zz.toml").write_text(text)
    loads_or_our_error(lambda: load_region("zz", project=project))


CLINIC_KEYS = ["name", "country", "address", "phones", "web", "logo", "fallback_language",
               "days", "opens", "closes", "en", "es"]


@FUZZ
@given(st.sampled_from(CLINIC_KEYS), values)
def test_clinic_loader_never_crashes(tmp_path, key, value):
    text = mutate(CLINIC, key, value)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    path = tmp_path / "clinic.toml"
    path.write_text(text)
    loads_or_our_error(lambda: load_clinic(path))


@FUZZ
@given(st.binary(max_size=400))
def test_clinic_loader_never_crashes_on_bytes(tmp_path, data):
    path = tmp_path / "clinic.toml"
    path.write_bytes(data)
    loads_or_our_error(lambda: load_clinic(path))


@pytest.fixture
def fake_catalog(project):
    return write_fake_catalog(project=project)


@FUZZ
@given(st.text(max_size=300), st.integers(min_value=0, max_value=400))
def test_catalog_loader_never_crashes(fake_catalog, insert, line):
    lines = fake_catalog.read_text(encoding="utf-8").splitlines()
    original = "\n".join(lines)
    lines.insert(min(line, len(lines)), insert)
    try:
        fake_catalog.write_text("\n".join(lines), encoding="utf-8")
        loads_or_our_error(lambda: load_catalog(FAKE_LOCALE))
    finally:
        fake_catalog.write_text(original, encoding="utf-8")


@FUZZ
@given(st.binary(max_size=300))
def test_catalog_loader_never_crashes_on_bytes(fake_catalog, data):
    original = fake_catalog.read_bytes()
    try:
        fake_catalog.write_bytes(data)
        loads_or_our_error(lambda: load_catalog(FAKE_LOCALE))
    finally:
        fake_catalog.write_bytes(original)
