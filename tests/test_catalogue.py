"""dist/index.html: every pamphlet of the manifest listed, every link resolving."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from guide.build import BuildOptions, build, plan
from guide.catalogue import INDEX, write_catalogue
from guide.output import MANIFEST


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.items, self.scripts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "img":
            self.links.append(attrs["src"])
        if tag == "script" and "src" in attrs:
            self.scripts.append(attrs["src"])
        if tag == "li" and "data-region" in attrs:
            self.items.append(attrs)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    options = BuildOptions(out_dir=out, jobs=2)
    pamphlets, _ = plan(["gb", "ca-on"], None, options, own_languages_only=True,
                        layouts=["handout", "booklet"])
    build(pamphlets, options)
    assert write_catalogue(out)
    return out


def parsed(out) -> Links:
    links = Links()
    links.feed((out / INDEX).read_text("utf-8"))
    return links


@pytest.mark.slow
def test_every_pamphlet_in_the_manifest_is_listed_and_every_link_resolves(catalogue):
    manifest = json.loads((catalogue / MANIFEST).read_text())["pamphlets"]
    page = parsed(catalogue)
    listed = {(i["data-region"], i["data-language"], i["data-layout"]) for i in page.items}
    assert listed == {(e["region"], e["language"], e["layout"]) for e in manifest}
    assert len(page.items) == len(manifest) >= 6
    for entry in manifest:
        assert entry["path"] in page.links
        for extra in entry["also"]:
            assert extra["path"] in page.links
    for link in page.links:
        assert not re.match(r"[a-z]+:", link), link  # relative: works from disk
        assert (catalogue / link).is_file(), link
    assert not page.scripts  # nothing from outside, not even from beside it


@pytest.mark.slow
def test_catalogue_says_what_each_pamphlet_is(catalogue):
    html = (catalogue / INDEX).read_text("utf-8")
    assert "Français" in html and "English" in html  # languages named in themselves
    assert "United Kingdom" in html and "Canada: Ontario" in html.replace("&#39;", "'")
    assert "draft, not yet checked by a health professional" in html
    assert re.search(r"\d+ pages, \d+ KB", html)
    assert re.search(r"(January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) 20\d\d", html)


@pytest.mark.slow
def test_rebuilt_only_when_the_manifest_changes(catalogue):
    index = catalogue / INDEX
    before = index.stat().st_mtime_ns
    assert not write_catalogue(catalogue)
    assert index.stat().st_mtime_ns == before
    manifest = json.loads((catalogue / MANIFEST).read_text())
    dropped = manifest["pamphlets"].pop()
    (catalogue / MANIFEST).write_text(json.dumps(manifest))
    assert write_catalogue(catalogue)
    assert dropped["path"] not in parsed(catalogue).links


@pytest.mark.slow
def test_build_all_writes_the_catalogue_once(tmp_path):
    from tests.cli import run

    args = ("--all", "--region", "gb", "--layout", "handout", "--out", str(tmp_path))
    code, out = run(*args)
    assert code == 0 and f"Catalogue: {tmp_path / INDEX}" in out
    assert (tmp_path / INDEX).is_file()
    code, out = run(*args)  # nothing changed: neither the PDFs nor the catalogue
    assert code == 0 and "Catalogue:" not in out
