"""Print-shop files a clinic can hand over as they are: a standard condition, CMYK only."""

from __future__ import annotations

import os
import shutil
import stat

import pikepdf
import pytest
from PIL import Image

from guide.conditions import condition
from guide.paths import PROJECT
from tests.cli import run
from tests.icc import cmyk_profile
from tests.pdfcheck import colour_problems, pdf_text

pytestmark = pytest.mark.slow


@pytest.fixture
def clinic_with_png_logo(tmp_path):
    """The example clinic, with a colour PNG logo (with transparency) instead of its SVG."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    text = (PROJECT / "examples" / "clinic.toml").read_text(encoding="utf-8")
    (folder / "clinic.toml").write_text(text.replace('logo = "logo.svg"', 'logo = "logo.png"'),
                                        encoding="utf-8")
    logo = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    logo.paste((20, 80, 160, 255), (0, 0, 120, 120))
    logo.paste((200, 30, 40, 255), (120, 30, 240, 90))
    logo.save(folder / "logo.png")
    return folder / "clinic.toml"


def images(pdf: pikepdf.Pdf) -> list:
    return [x for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()
            if x.get("/Subtype") == "/Image"]


@pytest.mark.parametrize("region, standard", [("gb", "FOGRA39"), ("us", "GRACoL2006")])
def test_print_shop_files_need_no_profile_and_name_the_regions_standard(
        region, standard, clinic_with_png_logo, tmp_path):
    code, output = run("--region", region, "--locale", "en", "--profile", "print-shop",
                       "--layout", "handout", "--layout", "card", "--clinic",
                       str(clinic_with_png_logo), "--out", str(tmp_path / "out"))
    assert code == 0, output
    expected = condition(standard)
    assert f"made for {expected.identifier}" in output  # the build says which it used
    for layout in ("handout", "card"):
        path = tmp_path / "out" / region / f"{region}-en-{layout}-print-shop.pdf"
        with pikepdf.open(path) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == expected.identifier
            assert str(intent.RegistryName) == "http://www.color.org"
            profile = intent.DestOutputProfile.read_bytes()
            assert profile == expected.icc and profile[12:16] == b"prtr"
            assert profile[16:20] == b"CMYK"
            assert colour_problems(pdf) == []
            if layout == "handout":  # the clinic box carries the logo: converted, not RGB
                assert {str(x.ColorSpace) for x in images(pdf)} == {"/DeviceCMYK"}
        if layout == "handout":
            assert "Example Community Clinic" in pdf_text(path)


def test_a_print_shops_own_profile_wins(tmp_path):
    icc = tmp_path / "their-press.icc"
    icc.write_bytes(cmyk_profile("Their press"))
    code, output = run("--region", "gb", "--locale", "en", "--profile", "print-shop",
                       "--output-intent", str(icc), "--out", str(tmp_path / "out"))
    assert code == 0, output
    with pikepdf.open(tmp_path / "out" / "gb" / "gb-en-handout-print-shop.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "Their press"
        assert intent.DestOutputProfile.read_bytes() == icc.read_bytes()


def test_a_named_condition_can_replace_the_default(tmp_path):
    code, output = run("--region", "ie", "--locale", "en", "--profile", "print-shop",
                       "--output-intent", "fogra29", "--out", str(tmp_path))
    assert code == 0, output
    with pikepdf.open(tmp_path / "ie" / "ie-en-handout-print-shop.pdf") as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA29"


def test_every_file_the_build_writes_is_readable_by_others(tmp_path):
    previous = os.umask(0o022)
    try:
        code, output = run("--region", "mx", "--layout", "handout", "--layout", "booklet",
                           "--out", str(tmp_path))
    finally:
        os.umask(previous)
    assert code == 0, output
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"manifest.json", "mx-es-handout.pdf",
                                         "mx-es-booklet-imposed.pdf"}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_region_file_can_choose_its_print_shops_standard(project, tmp_path):
    from tests.files import replace_in

    replace_in(project / "regions" / "nz.toml", 'paper = "a4"',
               'paper = "a4"\nprint_condition = "FOGRA29"', 1)
    code, output = run("--region", "nz", "--locale", "en", "--profile", "print-shop",
                       "--out", str(tmp_path), project=project)
    assert code == 0 and "made for FOGRA29" in output, output
    replace_in(project / "regions" / "nz.toml", '"FOGRA29"', '"FOGRA99"', 1)
    code, output = run("--region", "nz", "--out", str(tmp_path), project=project)
    assert code == 1 and "print_condition: must be one of FOGRA39" in output
    shutil.rmtree(tmp_path)
