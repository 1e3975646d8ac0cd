"""Visual regression: small grayscale renders of chosen pages against stored references.

    .venv/bin/python -m tests.visual --refresh    # after a deliberate change of look

References are tiny (12 dpi, grayscale) so they cost a few kilobytes each and
ignore anti-aliasing noise, yet still catch a moved box, a lost section, a
page that changed or an emptied panel.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageStat

HERE = Path(__file__).resolve().parent / "visual"
DPI = 12
TOLERANCE = 6.0  # mean absolute difference, in grey levels out of 255
CASES = [  # region, language, layout, page (0-based)
    ("us", "en", "handout", 0),
    ("de", "ar", "handout", 5),
    ("us", "en", "trifold", 0),
    ("us", "en", "trifold", 1),
    ("us", "zh_Hans", "card", 0),
    ("gb", "pl", "booklet", 0),
    ("us", "en", "large-print", 0),
]


def reference_path(region, locale, layout, page) -> Path:
    return HERE / f"{region}-{locale}-{layout}-p{page + 1}.png"


def render(pdf: Path, page: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    return document[page].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


def difference(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 255.0
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


def build_cases(out: Path) -> dict[tuple, Path]:
    from guide.build import BuildOptions, build, plan

    options = BuildOptions(out_dir=out, jobs=2)
    paths = {}
    for region, locale, layout, page in CASES:
        pamphlets, _ = plan([region], [locale], options, layouts=[layout])
        (outcome,) = build(pamphlets, options)
        assert outcome.ok, outcome.error
        paths[(region, locale, layout, page)] = outcome.path
    return paths


def refresh() -> None:
    HERE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for case, pdf in build_cases(Path(folder)).items():
            render(pdf, case[3]).save(reference_path(*case), optimize=True)
            print(f"wrote {reference_path(*case).relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--refresh"]:
        sys.exit("usage: python -m tests.visual --refresh")
    refresh()
