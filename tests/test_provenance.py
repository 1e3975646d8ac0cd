"""Every number can be traced from the project alone; the outside list is a bonus.

A clinic that clones the repository has no ../shared/: the region files carry
each number's sources and check date, and these tests work from them. The
comparison with ../shared/helplines.md (the list the numbers were copied
from) runs only when that file is there; HELPLINE_REFERENCE points it
elsewhere.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import phonenumbers
import pytest

from guide.paths import PROJECT
from guide.regions import SOURCE_ADDRESS, load_all_regions

HELPLINE_REFERENCE = Path(os.environ.get(
    "HELPLINE_REFERENCE", PROJECT.root.parent / "shared" / "helplines.md"))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def own_lines(regions):
    """(region, helpline) pairs, without the lines a region inherits from its parent."""
    for region in regions.values():
        inherited = regions[region.parent].helplines if region.parent else ()
        for line in region.helplines:
            if line not in inherited:
                yield region, line


def test_every_number_has_a_source_address_and_a_check_date():
    regions = load_all_regions()
    for region in regions.values():
        assert any(SOURCE_ADDRESS.search(s) for s in region.emergency_source), region.code
        for line in region.helplines:
            assert any(SOURCE_ADDRESS.search(s) for s in line.source), (region.code, line.id)
            assert line.checked.year >= 2026, (region.code, line.id)
        assert region.checked.year >= 2026, region.code


def test_no_two_regions_disagree_about_a_services_number():
    """The same service has the same numbers everywhere; a number is one service's."""
    regions = load_all_regions()
    numbers_of = defaultdict(dict)  # service name -> region -> its numbers
    service_of = defaultdict(dict)  # the number as dialled in its country -> region -> name
    for region, line in own_lines(regions):
        numbers_of[line.name][region.code] = {n.digits for n in line.numbers}
        for number in line.numbers:
            parsed = phonenumbers.parse(number.display, region.country)
            key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
                if phonenumbers.is_valid_number(parsed) else f"{region.country} {number.digits}"
            service_of[key][region.code] = line.name
    assert len(numbers_of) > 30
    for name, by_region in numbers_of.items():
        assert len({frozenset(n) for n in by_region.values()}) == 1, (name, by_region)
    for number, by_region in service_of.items():
        assert len(set(by_region.values())) == 1, (number, by_region)


def reference_rows(path: Path) -> list[str]:
    """The digits of each line of the outside list, or a skip saying it is absent."""
    if not path.is_file():
        pytest.skip(f"{path} is not beside the repository (a clone has no ../shared/); "
                    "the region files' own sources are checked instead")
    rows = [digits(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 50
    return rows


def test_every_number_comes_from_the_checked_reference_list():
    """Each printed number's digits appear in ../shared/helplines.md, when it is there."""
    rows = reference_rows(HELPLINE_REFERENCE)
    for region in load_all_regions().values():
        for number in region.all_numbers:
            assert any(number.digits in row for row in rows), (region.code, number.display)


def test_the_comparison_is_skipped_with_a_reason_when_the_list_is_absent(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="not beside the repository"):
        reference_rows(tmp_path / "shared" / "helplines.md")


def test_the_project_points_nowhere_outside_itself_for_its_numbers():
    """README and region files say where provenance is kept: in the project."""
    for path in [PROJECT.root / "README.md", *sorted(PROJECT.regions.glob("*.toml"))]:
        assert "../shared" not in path.read_text(encoding="utf-8"), path.name
