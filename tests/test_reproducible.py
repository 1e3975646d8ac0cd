"""The same inputs give the same bytes, and SOURCE_DATE_EPOCH sets the date."""

from __future__ import annotations

import pytest

from guide.build import BuildOptions, build, plan
from tests.pdfcheck import metadata

pytestmark = pytest.mark.slow


def build_once(out, locale="ar"):
    pamphlets, _ = plan(["us"], [locale], BuildOptions(out_dir=out))
    (outcome,) = build(pamphlets, BuildOptions(out_dir=out))
    assert outcome.ok, outcome.error
    return outcome.path.read_bytes()


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")
    first = build_once(tmp_path / "one")
    second = build_once(tmp_path / "two")
    assert first == second


def test_source_date_epoch_becomes_the_creation_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")  # 2026-12-02 00:00:00 UTC: after every checked date
    build_once(tmp_path, "en")
    info = metadata(tmp_path / "us" / "us-en-handout.pdf")
    assert info["/CreationDate"].startswith("D:20261202")
