"""Rebuild the CMYK output profiles in this folder from free characterization data.

A print shop asks for "PDF/X-4, FOGRA39" or "GRACoL"; a clinic has no ICC
profile to give us. These profiles describe the standard printing conditions
themselves, made with ArgyllCMS from the measurement data that Debian ships
(Zlib licence; see README.md for the licences and the reasons). Run:

    apt-get install -y argyll icc-profiles-free
    .venv/bin/python icc/make_profiles.py

About 40 s per profile on one core; two run at a time.
The output is byte-for-byte reproducible: colprof itself is deterministic for
the same data and options, and we overwrite the one thing it takes from the
clock (the header's creation date).

Options, and why:
- ``-qm``: Argyll's default quality. Against the measured data it is 0.16 dE
  on average (0.72 worst) for FOGRA39, where ``-ql`` is 0.50 (1.89 worst).
- ``-nc``: leave out the copy of the .ti3 data (127 kB) that colprof puts in
  by default; in its place, the ICC registry's rule for profiles made from
  registered data: a charTargetTag "ICCHDAT <reference name>".
- ``-l 300``: total ink limit for our own separations (logos converted to
  CMYK use the profile's B2A tables). The data sets carry no limit, so
  colprof would allow 400 %; 300 % is within every one of these conditions.
- ``-M <identifier>``: WeasyPrint 70 names the PDF's output intent after the
  profile's model (or else description) tag; with this, the registered
  identifier ("FOGRA39") is written even before guide/cmyk.py completes it.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageCms

HERE = Path(__file__).resolve().parent
DATA = Path("/usr/share/color/icc")  # icc-profiles-free
#: Written into every header in place of the time of the run.
PROFILE_DATE = (2025, 1, 1, 0, 0, 0)
TOTAL_INK_LIMIT = 300
COPYRIGHT = ("Made with ArgyllCMS colprof from {data}.ti3 ({origin}) as packaged in Debian "
             "icc-profiles-free, Zlib licence, Copyright Kai-Uwe Behrmann. No rights claimed "
             "for the profile itself. See icc/README.md of withdrawal-guide.")


@dataclass(frozen=True)
class Recipe:
    data: str        # the .ti3 file's stem in icc-profiles-free
    target: str      # the file written here
    identifier: str  # the ICC registry's reference name
    description: str
    origin: str


RECIPES = (
    Recipe("FOGRA39L", "FOGRA39-coated.icc", "FOGRA39",
           "Offset, coated paper (ISO 12647-2:2004/Amd 1), based on FOGRA39", "Fogra"),
    Recipe("TR006", "GRACoL2006-coated.icc", "CGATS TR 006",
           "GRACoL 2006, grade 1 coated paper, based on CGATS TR 006", "CGATS/IDEAlliance"),
    Recipe("TR005", "SWOP2006-grade5.icc", "CGATS TR 005",
           "SWOP 2006, grade 5 coated paper, based on CGATS TR 005", "CGATS/IDEAlliance"),
    Recipe("FOGRA29L", "FOGRA29-uncoated.icc", "FOGRA29",
           "Offset, uncoated white paper (ISO 12647-2:2004), based on FOGRA29", "Fogra"),
)


def colprof(recipe: Recipe, workdir: Path) -> bytes:
    """Run colprof in a folder of its own: it writes next to its input."""
    shutil.copyfile(DATA / f"{recipe.data}.ti3", workdir / f"{recipe.data}.ti3")
    subprocess.run(["colprof", "-qm", "-nc", "-l", str(TOTAL_INK_LIMIT),
                    "-D", recipe.description, "-M", recipe.identifier,
                    "-C", COPYRIGHT.format(data=recipe.data, origin=recipe.origin),
                    recipe.data], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    return (workdir / f"{recipe.data}.icc").read_bytes()


def text_tag(text: str) -> bytes:
    """An ICC v2 textType: signature, reserved, ASCII with a final NUL."""
    return b"text" + bytes(4) + text.encode("ascii") + b"\0"


def with_tag(profile: bytes, signature: bytes, data: bytes) -> bytes:
    """The profile with one tag added (or replaced); tags that shared data still do.

    Rewrites the tag table and data area, each block padded to 4 bytes as ICC
    requires. Only for version 2 profiles: they carry no MD5 profile ID to redo.
    """
    assert profile[8] == 2, "only ICC v2 profiles (no profile ID) are handled"
    count = struct.unpack_from(">I", profile, 128)[0]
    table = [struct.unpack_from(">4sII", profile, 132 + 12 * i) for i in range(count)]
    blocks = {sig: profile[offset:offset + size] for sig, offset, size in table
              if sig != signature}
    blocks[signature] = data
    order = [sig for sig, _, _ in table if sig != signature] + [signature]
    offset = 128 + 4 + 12 * len(order)
    placed, body, entries = {}, bytearray(), []
    for sig in order:
        block = blocks[sig]
        if block not in placed:
            placed[block] = offset + len(body)
            body += block + bytes(-len(block) % 4)
        entries.append(struct.pack(">4sII", sig, placed[block], len(block)))
    header = bytearray(profile[:128])
    out = header + struct.pack(">I", len(order)) + b"".join(entries) + body
    struct.pack_into(">I", out, 0, len(out))
    return bytes(out)


def with_date(profile: bytes, date=PROFILE_DATE) -> bytes:
    out = bytearray(profile)
    struct.pack_into(">6H", out, 24, *date)
    return bytes(out)


def make(recipe: Recipe) -> tuple[Recipe, int, float]:
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        data = colprof(recipe, Path(tmp))
    data = with_date(with_tag(data, b"targ", text_tag(f"ICCHDAT {recipe.identifier}")))
    header = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    assert header.xcolor_space.strip() == "CMYK" and header.device_class == "prtr", recipe
    (HERE / recipe.target).write_bytes(data)
    return recipe, len(data), time.monotonic() - start


def main() -> None:
    if shutil.which("colprof") is None or not (DATA / "FOGRA39L.ti3").exists():
        sys.exit("needs: apt-get install -y argyll icc-profiles-free")
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for recipe, size, seconds in pool.map(make, RECIPES):
            print(f"{recipe.target}: {size / 1000:.0f} kB in {seconds:.0f} s")
    print(f"icc/: {len(RECIPES)} profiles in {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
