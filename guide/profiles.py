"""Output profiles: for the office printer, the print shop, or a screen reader.

The print shop's colour characterization is theirs to give: a PDF/X output
intent must describe the press the file is printed on, so we take their ICC
profile instead of shipping a guess. (The free CMYK profiles at hand, such
as Ghostscript's, carry licences this project should not take on.)
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageCms

from .errors import GuideError
from .paths import show

MAX_ICC_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class OutputIntent:
    """A print shop's CMYK output profile, checked, ready to embed."""

    path: Path
    description: str
    data: bytes

    @property
    def data_uri(self) -> str:
        return "data:application/vnd.iccprofile;base64," + base64.b64encode(self.data).decode()

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_output_intent(path: Path) -> OutputIntent:
    """Read an ICC profile and refuse anything but a CMYK printer profile."""
    try:
        if path.stat().st_size > MAX_ICC_BYTES:
            raise GuideError(f"{show(path)}: too large for an ICC profile")
        data = path.read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except OSError as exc:
        raise GuideError(f"{show(path)}: cannot be read as an ICC profile: {exc}") from exc
    header = profile.profile
    if header.xcolor_space.strip() != "CMYK" or header.device_class != "prtr":
        raise GuideError(f"{show(path)}: a print-shop output intent must be a CMYK printer "
                         f"profile; this one is {header.xcolor_space.strip()} "
                         f"({header.device_class}). Ask the print shop for theirs")
    return OutputIntent(path, ImageCms.getProfileDescription(profile).strip(), data)
