"""One pamphlet to make, fully decided: the job that flows from the plan to the file.

`plan` (guide/build.py) resolves everything once: region, language, paper,
layout, profile, clinic, output intent, build time, the project copy and
the output folder. Rendering, the input hash and the manifest entry then
read the job alone, so no stage can disagree with another about a setting.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .clinic import Clinic
from .errors import GuideError
from .layouts import DEFAULT_LAYOUT, Layout
from .paths import PROJECT, Project
from .profiles import DEFAULT_PROFILE, OutputIntent, Profile
from .regions import Region


@dataclass(frozen=True)
class Pamphlet:
    region: Region
    locale: str  # the language asked for: it names the file (us-en-handout)
    paper: str
    layout: Layout = DEFAULT_LAYOUT
    profile: Profile = DEFAULT_PROFILE
    clinic: Clinic | None = None
    output_intent: OutputIntent | None = None  # only for profiles that need one
    created: dt.datetime | None = None  # from SOURCE_DATE_EPOCH; None: no date written
    allow_incomplete: bool = False
    project: Project = PROJECT
    out_dir: Path | None = None  # None: the project's dist/
    variant: str | None = None  # the region's variant of the language (en -> en_US)
    strict: bool = False  # a missing review file is an error, not a draft

    @property
    def catalog_locale(self) -> str:
        """The catalog the text comes from: the region's variant, or the language itself."""
        return self.variant or self.locale

    @property
    def name(self) -> str:
        return f"{self.region.code}-{self.locale}-{self.layout.name}{self.profile.file_suffix()}"

    @property
    def target(self) -> Path:
        """The pamphlet's main file."""
        return (self.out_dir or self.project.dist) / self.region.code / f"{self.name}.pdf"

    @property
    def files(self) -> list[Path]:
        """Every file the pamphlet is written to (a booklet also has its imposed sheets)."""
        return self.layout.files(self.target, self.profile.imposes)

    @property
    def today(self) -> dt.date:
        return build_date(self.created)


def build_time() -> dt.datetime | None:
    """The build's date from SOURCE_DATE_EPOCH, for reproducible files; else none.

    Read once, by the plan, and carried by every job.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise GuideError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, "
                         f"got {value[:40]!r}") from exc


def build_date(created: dt.datetime | None) -> dt.date:
    """The day the build counts as: SOURCE_DATE_EPOCH's, or today."""
    return created.date() if created else dt.date.today()
