"""The shipped printing conditions, and PDF/X-4 files that use them (pikepdf, pypdfium2)."""

from __future__ import annotations

import base64
import io
import struct

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageCms

from guide import pdf as _project_fonts  # noqa: F401  (only the project's fonts are visible)
from guide.cmyk import finish_print_file, logo_to_cmyk, qr_code_cmyk, svg_to_cmyk
from guide.conditions import CONDITIONS, condition, default_condition
from guide.errors import GuideError, RenderError
from guide.regions import PAPER_SIZES
from tests.pdfcheck import colour_problems

URL = "https://example.org/help"


def icc_tags(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack_from(">I", data, 128)[0]
    table = (struct.unpack_from(">4sII", data, 132 + 12 * i) for i in range(count))
    return {sig: data[offset:offset + size] for sig, offset, size in table}


@pytest.mark.parametrize("printing", CONDITIONS, ids=lambda c: c.name)
def test_shipped_profiles_are_cmyk_printer_profiles(printing):
    profile = ImageCms.ImageCmsProfile(io.BytesIO(printing.icc)).profile
    assert (profile.xcolor_space.strip(), profile.device_class) == ("CMYK", "prtr")
    assert profile.model == printing.identifier  # what WeasyPrint writes by itself
    assert printing.identifier in printing.output_intent.description
    # The ICC registry's rule for profiles made from registered data.
    assert icc_tags(printing.icc)[b"targ"] == b"text\0\0\0\0ICCHDAT " + \
        printing.identifier.encode() + b"\0"
    assert len(printing.icc) < 200_000


def test_each_paper_has_its_default_condition():
    assert default_condition("a4").identifier == "FOGRA39"
    assert default_condition("letter").identifier == "CGATS TR 006"
    assert {default_condition(paper).name for paper in PAPER_SIZES} == {"FOGRA39", "GRACoL2006"}


def test_conditions_are_found_by_name_in_any_case():
    assert condition(" gracol2006 ") is condition("GRACoL2006")
    assert all(c.registry == "http://www.color.org" for c in CONDITIONS)


def test_unknown_condition_names_the_choices():
    with pytest.raises(GuideError, match="FOGRA51") as error:
        condition("FOGRA51")
    assert all(c.name in str(error.value) for c in CONDITIONS)
    with pytest.raises(GuideError, match="a4"):
        default_condition("tabloid")


def rgba_logo(path):
    """Red on the left, transparent on the right."""
    logo = Image.new("RGBA", (64, 32), (0, 0, 0, 0))
    logo.paste((220, 20, 30, 255), (0, 0, 32, 32))
    logo.save(path)
    return path


@pytest.mark.parametrize("printing", CONDITIONS[:2], ids=lambda c: c.name)
def test_logo_becomes_cmyk_jpeg_of_the_same_size(tmp_path, printing):
    converted = Image.open(io.BytesIO(logo_to_cmyk(rgba_logo(tmp_path / "logo.png"),
                                                   printing.icc)))
    assert (converted.format, converted.mode, converted.size) == ("JPEG", "CMYK", (64, 32))
    c, m, y, k = converted.getpixel((8, 16))
    assert m > 200 and y > 150 and c < 40, (c, m, y, k)  # red is magenta and yellow ink
    assert max(converted.getpixel((56, 16))) < 8  # transparent: paper, no ink


def test_grey_and_tagged_logos_convert_too(tmp_path):
    """An untagged grey PNG, and one with its own (sRGB) profile: the same black."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("L", (10, 10), 0).save(tmp_path / "plain.png")
    Image.new("RGB", (10, 10), (0, 0, 0)).save(tmp_path / "tagged.png", icc_profile=srgb)
    icc = condition("FOGRA39").icc
    plain = Image.open(io.BytesIO(logo_to_cmyk(tmp_path / "plain.png", icc)))
    tagged = Image.open(io.BytesIO(logo_to_cmyk(tmp_path / "tagged.png", icc)))
    assert plain.mode == tagged.mode == "CMYK"
    assert plain.getpixel((5, 5))[3] > 200  # black ink
    assert plain.getpixel((5, 5)) == tagged.getpixel((5, 5))


def test_unreadable_logo_is_our_error(tmp_path):
    (tmp_path / "logo.png").write_text("not an image")
    with pytest.raises(GuideError, match="logo.png"):
        logo_to_cmyk(tmp_path / "logo.png", condition("FOGRA39").icc)


def test_svg_colours_become_device_cmyk():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#c81e28" stroke="none"/>'
           '<circle style="fill: rgb(20, 80, 160); stroke:black"/><path fill="url(#g)"/></svg>')
    out = svg_to_cmyk(svg, condition("FOGRA39").icc)
    assert "#c81e28" not in out and "rgb(" not in out
    assert 'stroke="none"' in out and 'fill="url(#g)"' in out
    assert "stroke:device-cmyk(0 0 0 1)" in out.replace(" :", ":")
    assert out.startswith('<svg fill="device-cmyk(0 0 0 1)"')  # unpainted shapes: black ink


def data_uri(mime, data):
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def render_pdf_x4(printing, tmp_path, marks="none") -> bytes:
    """A small page with everything a print-shop pamphlet draws in colour."""
    import weasyprint

    logo = logo_to_cmyk(rgba_logo(tmp_path / "logo.png"), printing.icc)
    svg = svg_to_cmyk('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                      '<rect width="10" height="10" fill="#1450a0"/><path d="M10 0h10v10z"/>'
                      "</svg>", printing.icc)
    html = f"""<style>
      @color-profile device-cmyk {{ src: url({printing.output_intent.data_uri});
                                   components: cyan, magenta, yellow, black; }}
      @page {{ size: A6; bleed: 3mm; marks: {marks}; background: device-cmyk(0.09 0.02 0 0) }}
      body {{ color: device-cmyk(0 0 0 0.9) }} img {{ display: block; width: 30mm }}
    </style><p>Call us</p><img src="{data_uri('image/jpeg', logo)}">
    <img src="{qr_code_cmyk(URL)}"><img src="{data_uri('image/svg+xml', svg.encode())}">"""
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/x-4")


@pytest.mark.slow
@pytest.mark.parametrize("printing", CONDITIONS[:2], ids=lambda c: c.name)
def test_pdf_x4_names_the_condition_and_uses_only_cmyk(tmp_path, printing):
    raw = render_pdf_x4(printing, tmp_path)
    named = finish_print_file(raw, printing.output_intent)
    assert finish_print_file(raw, printing.output_intent) == named  # reproducible
    assert named.startswith(b"%PDF-1.6")
    path = tmp_path / "named.pdf"
    path.write_bytes(named)
    with pikepdf.open(io.BytesIO(raw)) as before, pikepdf.open(path) as pdf:
        assert pdf.trailer.ID == before.trailer.ID
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == printing.identifier
        assert str(intent.RegistryName) == "http://www.color.org"
        assert str(intent.OutputCondition) == printing.output_condition
        embedded = intent.DestOutputProfile.read_bytes()
        assert embedded == printing.icc
        header = ImageCms.ImageCmsProfile(io.BytesIO(embedded)).profile
        assert (header.xcolor_space.strip(), header.device_class) == ("CMYK", "prtr")
        images = [x for page in pdf.pages for x in page.Resources.XObject.values()
                  if x.Subtype == "/Image"]
        assert [img.ColorSpace for img in images] == ["/DeviceCMYK"]  # the logo, still CMYK
        assert colour_problems(pdf) == []
        # One copy of the profile: pypdf's rewrite must not duplicate it.
        profiles = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/N") == 4]
        assert len(profiles) == 1
    assert len(named) < len(raw) * 1.1


@pytest.mark.slow
def test_cmyk_qr_code_still_scans(tmp_path):
    import zxingcpp

    path = tmp_path / "page.pdf"
    path.write_bytes(render_pdf_x4(condition("FOGRA39"), tmp_path))
    page = pypdfium2.PdfDocument(str(path))[0].render(scale=3).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(page)] == [URL]


@pytest.mark.slow
def test_output_intent_needs_a_pdf_x_file():
    import weasyprint

    plain = weasyprint.HTML(string="<p>x</p>").write_pdf()
    with pytest.raises(RenderError, match="pdf/x-4"):
        finish_print_file(plain, condition("FOGRA39").output_intent)


@pytest.mark.slow
def test_crop_marks_drawn_in_rgb_by_weasyprint_end_up_in_black_ink(tmp_path):
    printing = condition("FOGRA39")
    raw = render_pdf_x4(printing, tmp_path, "crop")
    with pikepdf.open(io.BytesIO(raw)) as before:  # WeasyPrint 70 draws them in RGB
        assert any(" rg " in f" {p} " or "RG" in p for p in colour_problems(before))
    with pikepdf.open(io.BytesIO(finish_print_file(raw, printing.output_intent))) as pdf:
        assert colour_problems(pdf) == []
        marks = [ops for page in pdf.pages for x in page.Resources.XObject.values()
                 if x.Subtype == "/Form" for ops in pikepdf.parse_content_stream(x)
                 if str(ops.operator) in ("k", "K")]
        assert marks and all([float(v) for v in ops.operands] == [0, 0, 0, 1] for ops in marks)
