"""The URL fetcher: pamphlets are built offline, from project files only."""

from __future__ import annotations

import pytest

from guide.paths import PROJECT
from guide.pdf import ProjectFetcher, RefusedResource


def test_project_fonts_and_templates_are_served():
    fetcher = ProjectFetcher()
    response = fetcher.fetch((PROJECT.fonts / "NotoSans-Regular.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch((PROJECT.templates / "print.css").as_uri()).read()


def test_data_uris_are_allowed():
    assert ProjectFetcher().fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize("url", [
    "http://example.org/logo.png",
    "https://example.org/font.ttf",
    "ftp://example.org/x",
    "file:///etc/passwd",
])
def test_network_and_outside_files_are_refused(url):
    with pytest.raises(RefusedResource):
        ProjectFetcher().fetch(url)


def test_dot_dot_out_of_the_templates_folder_is_refused():
    url = (PROJECT.templates.as_uri() + "/../pyproject.toml")
    with pytest.raises(RefusedResource, match="only files in templates/, fonts/"):
        ProjectFetcher().fetch(url)


def test_a_symlink_pointing_outside_is_refused(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    link = project / "templates" / "innocent.css"
    link.symlink_to(secret)
    with pytest.raises(RefusedResource):
        ProjectFetcher().fetch(link.as_uri())
