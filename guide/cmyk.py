"""Everything a print-shop PDF draws, in the output intent's CMYK.

A PDF/X-4 file may hold RGB, but a print shop's preflight flags it and
converts it its own way; a clinic's logo or a QR code then prints in rich
black or off-colour. So we convert before WeasyPrint sees them:
- raster logos with LittleCMS (Pillow's ImageCms) into CMYK JPEG, the one
  CMYK image WeasyPrint 70 embeds as /DeviceCMYK (it re-encodes every
  other format as PNG, which cannot hold CMYK, and drops the image);
- QR codes and plain-coloured SVG logos by writing `device-cmyk()` colours,
  which WeasyPrint's SVG renderer draws with DeviceCMYK operators.
And WeasyPrint names the output intent only after the profile, so
finish_print_file() adds the registry's identifiers a preflight looks for,
and turns the RGB that WeasyPrint still draws (crop marks) into CMYK.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import segno
from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, FloatObject, NameObject, TextStringObject
from tinycss2.color3 import parse_color

from .errors import GuideError, RenderError
from .paths import show

#: Logos are flat colours and small text: no chroma subsampling, little loss.
JPEG_OPTIONS = {"format": "JPEG", "quality": 95, "subsampling": 0, "optimize": False}
#: What the QR code's modules are printed with: black ink alone, no register problems.
QR_BLACK = "device-cmyk(0 0 0 1)"
_QR_PLACEHOLDER = "#010203"  # a colour segno accepts, replaced by QR_BLACK
_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC  # paper white stays unprinted
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION


def finish_print_file(pdf: bytes, intent) -> bytes:
    """The print-shop PDF with no RGB left and its output intent named.

    WeasyPrint 70 draws its crop marks (an SVG with stroke="black") with RGB
    operators, and no CSS reaches them; any `rg`/`RG` left in a page or form
    is rewritten as CMYK: black as black ink alone, other colours through the
    output profile. And WeasyPrint names the output intent after the profile
    only; for a registered condition the identifier, registry and condition
    text are added, so a preflight tool recognises it. One pypdf pass (the
    PDF library we already depend on at run time); the /ID and header are
    kept, and the same input gives the same bytes.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # PDF/X-4 is PDF 1.6; pypdf would write 1.3
    for page in writer.pages:
        _rgb_operators_to_cmyk(page, intent.data, writer)
    if intent.identifier:
        _name_intent(writer, intent)
    # pypdf's clone copies the profile twice (output intent, page colour space).
    writer.compress_identical_objects()  # defaults: merge duplicates, drop orphans
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_intent(writer: PdfWriter, intent) -> None:
    intents = writer.root_object.get("/OutputIntents")
    gts = [i.get_object() for i in intents or () if i.get_object().get("/S") == "/GTS_PDFX"]
    if len(gts) != 1:
        raise RenderError(f"expected one PDF/X output intent, found {len(gts)}: render with "
                          "pdf_variant='pdf/x-4' and the profile's @color-profile rule")
    for key, value in (("/OutputConditionIdentifier", intent.identifier),
                       ("/RegistryName", intent.registry),
                       ("/OutputCondition", intent.output_condition),
                       ("/Info", intent.description)):
        gts[0][NameObject(key)] = TextStringObject(value)


_RGB_TO_CMYK = {b"rg": b"k", b"RG": b"K"}


def _rgb_operators_to_cmyk(page, icc: bytes, writer: PdfWriter) -> None:
    """Rewrite rg/RG in the page's content and in every form it draws."""
    contents = page.get_contents()
    if contents is not None and _convert_stream(contents, icc):
        page.replace_contents(contents)
    for form in _forms(page.get("/Resources"), set()):
        stream = ContentStream(form, writer)
        if _convert_stream(stream, icc):
            form.set_data(stream.get_data())


def _forms(resources, seen: set):
    """Form XObjects reachable from a resource dictionary (forms may nest)."""
    resources = resources.get_object() if resources is not None else None
    if not resources or "/XObject" not in resources:
        return
    for ref in resources["/XObject"].get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") != "/Form" or id(xobject) in seen:
            continue
        seen.add(id(xobject))
        yield xobject
        yield from _forms(xobject.get("/Resources"), seen)


def _convert_stream(stream: ContentStream, icc: bytes) -> bool:
    changed = False
    for index, (operands, operator) in enumerate(stream.operations):
        if operator in _RGB_TO_CMYK and len(operands) == 3:
            rgb = tuple(float(value) for value in operands)
            cmyk = _cmyk_of(rgb, icc)
            stream.operations[index] = ([FloatObject(v) for v in cmyk], _RGB_TO_CMYK[operator])
            changed = True
    return changed


def _cmyk_of(rgb: tuple[float, float, float], icc: bytes) -> tuple[float, ...]:
    if max(rgb) <= 1 / 255:
        return (0.0, 0.0, 0.0, 1.0)  # black: black ink alone
    pixel = Image.new("RGB", (1, 1), tuple(round(255 * min(max(c, 0), 1)) for c in rgb))
    return tuple(round(v / 255, 4) for v in _from_srgb(icc).apply(pixel).getpixel((0, 0)))


@lru_cache(maxsize=8)
def _profile(icc: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(icc))


@lru_cache(maxsize=8)
def _from_srgb(icc: bytes) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), _profile(icc), "RGB", "CMYK",
                                   renderingIntent=_INTENT, flags=_FLAGS)


def logo_to_cmyk(path: Path, icc: bytes) -> bytes:
    """A raster logo as a CMYK JPEG in the output profile's colours, same pixel size.

    Colours are read through the image's own ICC profile, or as sRGB (what an
    untagged PNG means on the web). Transparent parts become paper: the logo
    is composited on white first, since a CMYK JPEG has no alpha channel.
    """
    try:
        with Image.open(path) as image:
            image.load()
    except OSError as exc:
        raise GuideError(f"{show(path)}: cannot be read as an image: {exc}") from exc
    embedded = image.info.get("icc_profile")
    source = (ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded
              else ImageCms.createProfile("sRGB"))
    source_space = source.profile.xcolor_space.strip() if embedded else "RGB"
    if image.mode == "CMYK" and not embedded:
        cmyk = image  # untagged CMYK: taken to be in the output intent's CMYK already
    else:
        mode = {"GRAY": "L", "CMYK": "CMYK"}.get(source_space, "RGB")
        image = _on_white(image, mode)
        cmyk = ImageCms.buildTransform(source, _profile(icc), mode, "CMYK",
                                       renderingIntent=_INTENT, flags=_FLAGS).apply(image)
    out = io.BytesIO()
    dpi = image.info.get("dpi")
    cmyk.save(out, **JPEG_OPTIONS, **({"dpi": dpi} if dpi else {}))
    return out.getvalue()


def _on_white(image: Image.Image, mode: str) -> Image.Image:
    """The image in `mode`, any transparency flattened onto white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image if image.mode == mode else image.convert(mode)


def qr_code_cmyk(url: str) -> str:
    """A vector QR code (segno, error level M) printed in black ink only, as a data: URI.

    segno accepts only RGB colours, so it draws with a placeholder that is
    then replaced; its path is a stroke, so fill="none" keeps the default
    (RGB) black fill out of the PDF.
    """
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", dark=_QR_PLACEHOLDER, scale=1, border=4, xmldecl=False,
        svgclass=None, lineclass=None)
    svg = out.getvalue().decode()
    stroke = f'stroke="{_QR_PLACEHOLDER}"'
    if svg.count(stroke) != 1:
        raise RenderError(f"segno's SVG changed shape: expected one {stroke}")
    svg = svg.replace(stroke, f'fill="none" stroke="{QR_BLACK}"')
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


_PAINT = "fill|stroke|stop-color|flood-color|lighting-color|color"
_ATTRIBUTE = re.compile(rf'(?<![\w-])({_PAINT})(\s*=\s*)(["\'])([^"\']*)\3')
_PROPERTY = re.compile(rf'(?<![\w-])({_PAINT})(\s*:\s*)([^;"\'}}!]+)')
_ROOT = re.compile(r"<svg\b")


def svg_to_cmyk(svg: str, icc: bytes) -> str:
    """An SVG whose plain colours (attributes and CSS) are the profile's CMYK.

    Colours are sRGB converted like logos, except pure black, which becomes
    black ink alone (as prepress does for type and line art: rich black
    smears out of register); `none`, `url(...)`, currentColor and colours
    already in device-cmyk are left alone. Unpainted shapes default to black,
    so the root gets that black as its fill.
    """

    def attribute(match):
        name, sep, quote_mark, value = match.groups()
        return f"{name}{sep}{quote_mark}{_cmyk(value, icc)}{quote_mark}"

    def prop(match):
        name, sep, value = match.groups()
        return f"{name}{sep}{_cmyk(value.strip(), icc)}"

    svg = _ATTRIBUTE.sub(attribute, svg)
    svg = re.sub(r'(style\s*=\s*")([^"]*)(")',
                 lambda m: m[1] + _PROPERTY.sub(prop, m[2]) + m[3], svg)
    svg = re.sub(r"(<style[^>]*>)(.*?)(</style>)",
                 lambda m: m[1] + _PROPERTY.sub(prop, m[2]) + m[3], svg, flags=re.S)
    root = re.search(r"<svg\b[^>]*>", svg)
    if root and not re.search(r'\sfill\s*=', root[0]):
        svg = _ROOT.sub(f'<svg fill="{_cmyk("black", icc)}"', svg, count=1)
    return svg


def _cmyk(value: str, icc: bytes) -> str:
    """device-cmyk() for a plain sRGB colour; anything else unchanged."""
    color = parse_color(value)
    if color is None or not hasattr(color, "red"):  # none, url(), currentColor, cmyk
        return value
    alpha = "" if color.alpha == 1 else f" / {color.alpha:g}"
    if color[:3] == (0, 0, 0):
        return f"device-cmyk(0 0 0 1{alpha})"
    pixel = Image.new("RGB", (1, 1), tuple(round(255 * c) for c in color[:3]))
    c, m, y, k = _from_srgb(icc).apply(pixel).getpixel((0, 0))
    return f"device-cmyk({c / 255:.3g} {m / 255:.3g} {y / 255:.3g} {k / 255:.3g}{alpha})"
