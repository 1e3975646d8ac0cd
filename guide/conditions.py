"""The standard printing conditions we ship a CMYK output profile for.

A print shop asks for "PDF/X-4, FOGRA39" (Europe) or "GRACoL" (North
America), not for an ICC file. Each condition here names the registered
characterization data set the way the ICC registry lists it (the PDF/X output
intent's OutputConditionIdentifier, with RegistryName), and points to the
profile icc/make_profiles.py made from that data. icc/README.md says why
these conditions and these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from .errors import ProfileError
from .paths import PROJECT
from .profiles import OutputIntent, load_output_intent

ICC = PROJECT / "icc"
#: Where the identifiers below are registered (ISO 15930-7 RegistryName).
ICC_REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class PrintingCondition:
    """A registered printing condition and the profile that characterizes it."""

    name: str
    identifier: str        # /OutputConditionIdentifier: the registry's reference name
    output_condition: str  # /OutputCondition: what a person reads
    icc_path: Path
    default_for: tuple[str, ...] = ()  # papers (regions' `paper`) it is the default for
    registry: str = ICC_REGISTRY

    @cached_property
    def output_intent(self) -> OutputIntent:
        """The profile, read on first use and refused unless it is CMYK prtr."""
        loaded = load_output_intent(self.icc_path)
        return replace(loaded, identifier=self.identifier, registry=self.registry,
                       output_condition=self.output_condition)

    @property
    def icc(self) -> bytes:
        return self.output_intent.data


CONDITIONS = (
    PrintingCondition(
        "FOGRA39", "FOGRA39",
        "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated), "
        "115 g/m2, tone value increase curves A (CMY) and B (K)",
        ICC / "FOGRA39-coated.icc", default_for=("a4",)),
    PrintingCondition(
        "GRACoL2006", "CGATS TR 006",
        "Commercial and specialty offset printing, GRACoL 2006 on grade 1 coated paper "
        "(ISO 12647-2 paper type 1), CGATS TR 006",
        ICC / "GRACoL2006-coated.icc", default_for=("letter",)),
    PrintingCondition(
        "SWOP2006", "CGATS TR 005",
        "Publication web offset printing, SWOP on grade 5 coated paper, CGATS TR 005",
        ICC / "SWOP2006-grade5.icc"),
    PrintingCondition(
        "FOGRA29", "FOGRA29",
        "Offset printing, ISO 12647-2:2004, paper type 4 (uncoated white), 120 g/m2",
        ICC / "FOGRA29-uncoated.icc"),
)
_BY_NAME = {c.name.casefold(): c for c in CONDITIONS}
CONDITION_NAMES = tuple(c.name for c in CONDITIONS)
_BY_PAPER = {paper: c for c in CONDITIONS for paper in c.default_for}


def condition(name: str) -> PrintingCondition:
    """The condition a print shop named ("FOGRA39", "gracol2006"), in any case."""
    found = _BY_NAME.get(name.strip().casefold())
    if found is None:
        raise ProfileError(f"unknown printing condition {name!r}: choose one of "
                         f"{', '.join(c.name for c in CONDITIONS)}, or give the print "
                         "shop's own ICC profile")
    return found


def default_condition(paper: str) -> PrintingCondition:
    """FOGRA39 for A4 regions (Europe and most of the world), GRACoL for Letter."""
    try:
        return _BY_PAPER[paper]
    except KeyError:
        raise ProfileError(f"no default printing condition for paper {paper!r}: papers are "
                         f"{', '.join(_BY_PAPER)}") from None


def is_condition_name(name: str) -> bool:
    return name.strip().casefold() in _BY_NAME


def region_condition(region) -> PrintingCondition:
    """The condition a region's print-shop files use: its own choice, or its paper's default."""
    if region.print_condition:
        return condition(region.print_condition)
    return default_condition(region.paper)
