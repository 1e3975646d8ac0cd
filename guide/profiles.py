"""Output profiles: for the office printer, the print shop, or a screen reader.

A profile is one entry in PROFILES and carries everything that differs
between them, so adding one touches this table only. The print shop's
colour characterisation is theirs to give: a PDF/X output intent must
describe the press the file is printed on.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageCms

from .errors import ProfileError
from .paths import show
from .reading import read_limited

MAX_ICC_BYTES = 8 * 1024 * 1024
DEFAULT_NAME = "office"


@dataclass(frozen=True)
class Profile:
    name: str
    help: str
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant
    stylesheet: str | None = None  # extra CSS in templates/
    imposes: bool = False  # office: imposed sheets where the layout has them
    needs_intent: bool = False  # PDF/X: an output intent (ICC profile) is required

    def file_suffix(self) -> str:
        """What the file name says about the profile: nothing for the default."""
        return "" if self.name == DEFAULT_NAME else f"-{self.name}"


PROFILES = {
    profile.name: profile for profile in (
        Profile("office", "for office printers: RGB, imposed sheets where a layout needs them",
                imposes=True),
        # Print shops impose themselves; a screen reader needs the pages in
        # reading order with their tags, which imposition would drop.
        Profile("print-shop", "bleed, crop marks, CMYK, PDF/X-4", pdf_variant="pdf/x-4",
                stylesheet="profiles/print-shop.css", needs_intent=True),
        Profile("accessible", "tagged PDF/UA-1 for screen readers", pdf_variant="pdf/ua-1"),
    )
}
DEFAULT_PROFILE = PROFILES[DEFAULT_NAME]


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ProfileError(f"unknown profile '{name}' (choose from "
                           f"{', '.join(PROFILES)})") from None


@dataclass(frozen=True)
class OutputIntent:
    """A CMYK output profile, checked, ready to embed.

    A shipped standard condition (guide/conditions.py) also carries its
    registered identifier, so preflight tools recognise it; a print shop's
    own file is named by its description only.
    """

    path: Path
    description: str
    data: bytes
    identifier: str | None = None  # /OutputConditionIdentifier, e.g. FOGRA39
    registry: str | None = None  # /RegistryName
    output_condition: str | None = None  # /OutputCondition, in words

    @property
    def name(self) -> str:
        return self.identifier or self.description

    @property
    def data_uri(self) -> str:
        return "data:application/vnd.iccprofile;base64," + base64.b64encode(self.data).decode()

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_output_intent(path: Path) -> OutputIntent:
    """Read an ICC profile and refuse anything but a CMYK printer profile."""
    data = read_limited(path, MAX_ICC_BYTES, ProfileError, "an ICC profile")
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise ProfileError(f"{show(path)}: cannot be read as an ICC profile: {exc}") from exc
    header = profile.profile
    if header.xcolor_space.strip() != "CMYK" or header.device_class != "prtr":
        raise ProfileError(f"{show(path)}: a print-shop output intent must be a CMYK printer "
                           f"profile; this one is {header.xcolor_space.strip()} "
                           f"({header.device_class}). Ask the print shop for theirs")
    return OutputIntent(path, ImageCms.getProfileDescription(profile).strip(), data)
