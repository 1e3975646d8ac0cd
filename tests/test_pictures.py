"""The pictograms in templates/pictures: safe, text-free vector files that print.

The pictures are read first by people who may not read the words, and they are
drawn by WeasyPrint offline. So each SVG must be plain vector art (no raster, no
script, no text or digits to translate, no links out) and must render without
a warning. Also, each must say in the README where it comes from and under what licence.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET

import pytest

from guide.paths import PROJECT

PICTURES = PROJECT.templates / "pictures"
SVGS = sorted(PICTURES.glob("*.svg"))
SVG_NS = "{http://www.w3.org/2000/svg}"
#: Elements that bring in raster data, code, text to translate, or other files.
FORBIDDEN = {"image", "script", "text", "textPath", "tspan", "foreignObject", "use", "style"}
MAX_BYTES = 20_000
#: The pictures we promised (issue 16); the optional second-dose.svg is not here.
REQUIRED = {"call", "naloxone-spray", "rescue-breaths", "recovery-position", "stay",
            "not-alone", "sip-fluids", "check"}


def parse(path):
    """Parse with the stdlib, refusing DTDs so that no entity is ever expanded."""
    data = path.read_bytes()
    assert b"<!DOCTYPE" not in data.upper() and b"<!ENTITY" not in data.upper(), \
        f"{path.name}: no DOCTYPE or ENTITY declarations"
    return ET.fromstring(data)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_required_pictures_exist():
    assert REQUIRED <= {p.stem for p in SVGS}


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_picture_is_plain_vector_art(svg):
    assert svg.stat().st_size < MAX_BYTES
    root = parse(svg)
    assert root.tag == SVG_NS + "svg"
    viewbox = root.get("viewBox", "").split()
    assert len(viewbox) == 4 and float(viewbox[2]) > 0 and float(viewbox[3]) > 0
    for element in root.iter():
        assert local(element.tag) not in FORBIDDEN, f"{svg.name}: <{local(element.tag)}>"
        for name, value in element.attrib.items():
            assert local(name) != "href", f"{svg.name}: {name}={value!r} refers to another file"
            assert not local(name).startswith("on"), f"{svg.name}: event handler {name}"
            # url(#id) points inside the file; anything else would be fetched.
            for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", value):
                assert target.startswith("#"), f"{svg.name}: url({target}) is outside the file"
        for text in (element.text, element.tail):
            assert not (text and re.search(r"\d", text)), f"{svg.name}: digits in {text!r}"
            assert not (text and text.strip()), f"{svg.name}: text {text.strip()!r}"


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_picture_draws_in_black_on_transparent(svg):
    """Colours are currentColor (CSS can recolour) or none; no background is painted."""
    for element in parse(svg).iter():
        for name in ("fill", "stroke", "color", "style"):
            value = element.get(name)
            if value is None:
                continue
            if name == "style":
                raise AssertionError(f"{svg.name}: style attribute {value!r}; use fill/stroke")
            assert value in ("currentColor", "none"), f"{svg.name}: {name}={value!r}"


def readme_tables():
    """Rows of the README's tables as {file name: [cells]}, one dict per table."""
    tables, current = [], None
    for line in (PICTURES / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None:
            current = {}
            tables.append(current)
        match = re.fullmatch(r"`([\w.-]+\.svg)`", cells[0])
        if match:
            current[match.group(1)] = cells[1:]
    return tables


def test_readme_gives_every_picture_an_origin_and_a_licence():
    origins = readme_tables()[0]
    names = {p.name for p in SVGS}
    assert set(origins) == names, "README origins table and the SVG files differ"
    for name, (origin, licence) in origins.items():
        assert origin and licence, name
        assert origin == "drawn for this project" or origin.startswith("Health Icons"), \
            f"{name}: origin {origin!r}"
        if origin.startswith("Health Icons"):
            assert re.search(r"Health Icons \d+\.\d+\.\d+", origin), f"{name}: give the version"
            assert "LICENSE-healthicons" in licence
            assert "Resolve to Save Lives" in (PICTURES / "LICENSE-healthicons").read_text()
        else:
            assert "MIT" in licence, f"{name}: our drawings are under the project's MIT licence"


def test_readme_describes_every_picture_and_its_rtl_mirroring():
    descriptions = readme_tables()[1]
    assert set(descriptions) == {p.name for p in SVGS}
    for name, (shows, supports, mirror) in descriptions.items():
        assert shows and supports, name
        assert mirror.split()[0].rstrip(",") in ("yes", "no"), f"{name}: mirror {mirror!r}"


@pytest.mark.slow
@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_picture_renders_without_warnings(svg):
    """Through the build's own fetcher, at wallet-card size and mirrored, with ink on the page."""
    import pypdfium2
    import weasyprint

    from guide.pdf import ProjectFetcher

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.records = []

        def emit(self, record):
            self.records.append(record)

    html = (f'<style>@page {{ size: 3cm 2cm; margin: 0 }} img {{ width: 1cm }}'
            f'.m {{ transform: scaleX(-1) }}</style>'
            f'<img src="{svg.as_uri()}"><img class="m" src="{svg.as_uri()}">')
    handler = Collect()
    weasyprint.LOGGER.addHandler(handler)
    try:
        pdf = weasyprint.HTML(string=html, base_url=str(PICTURES),
                              url_fetcher=ProjectFetcher(roots=[PROJECT.templates])).write_pdf()
    finally:
        weasyprint.LOGGER.removeHandler(handler)
    assert [r.getMessage() for r in handler.records] == []
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=150 / 72).to_pil().convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 200, f"{svg.name}: almost nothing was drawn ({dark} dark pixels)"
