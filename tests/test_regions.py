"""Region files: every number traceable, every mistake reported with file and field."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from guide.errors import RegionError
from guide.paths import PROJECT, Project
from guide.regions import load_all_regions, load_region

# Commercial rehab admissions lines printed by the source articles (content
# brief, "Never on a pamphlet") must never enter the project. Only their
# SHA-256 hashes are kept here, so this file does not carry them either.
SALES_LINE_HASHES = {
    "98341ddf92f8f44dd02fcb82e297f3eba147bf1bfa8fbeab30a36a01453567e4",
    "024f7e2591ec8ec113e485f4e6cb2ec912cc67fca2cba53c639fd39dc911c0bc",
}


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_all_regions_load_with_their_paper():
    regions = load_all_regions()
    assert {"us", "ca", "ca-on", "gb", "ie", "au", "nz", "mx"} <= set(regions)
    for code in ("us", "ca", "ca-on", "mx"):
        assert regions[code].paper == "letter", code
    for code in ("gb", "ie", "au", "nz"):
        assert regions[code].paper == "a4", code


def test_no_commercial_rehab_number_anywhere_in_the_project():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT.root, capture_output=True,
                             text=True, check=True).stdout.split()
    assert tracked
    for name in tracked:
        path = PROJECT.root / name
        if path.suffix in {".ttf", ".png", ".pdf"} or not path.is_file():
            continue
        text = digits(path.read_text(encoding="utf-8", errors="ignore"))
        windows = {hashlib.sha256(text[i:i + 10].encode()).hexdigest()
                   for i in range(len(text) - 9)}
        assert not windows & SALES_LINE_HASHES, f"{name} contains a commercial rehab line"


def test_ontario_extends_canada_and_adds_connexontario():
    canada, ontario = load_region("ca"), load_region("ca-on")
    assert "connexontario" not in {h.id for h in canada.helplines}
    assert {h.id for h in canada.helplines} < {h.id for h in ontario.helplines}
    assert ontario.area == "Ontario" and ontario.paper == "letter"


def test_north_american_numbers_print_with_the_leading_one():
    us = load_region("us")
    assert {h.id: h.number.display for h in us.helplines}["samhsa"] == "1-800-662-4357"


def write_region(folder: Path, text: str, code: str = "zz") -> None:
    (folder / "regions").mkdir(exist_ok=True)
    (folder / "regions" / f"{code}.toml").write_text(text, encoding="utf-8")


GOOD_REGION = """
code = "zz"
country = "GB"
paper = "a4"
languages = ["en"]
crisis = "samaritans"

[emergency]
numbers = ["999"]
source = ["https://example.org/emergency"]
checked = 2026-11-21

[[helplines]]
id = "samaritans"
name = "Samaritans"
description = "Talk to someone."
number = "116 123"
kinds = ["call"]
hours = "24/7"
cost = "free"
source = ["https://www.samaritans.org/how-we-can-help/contact-samaritan/"]
checked = 2026-11-21
"""


def test_a_valid_region_file_loads(tmp_path):
    write_region(tmp_path, GOOD_REGION)
    assert load_region("zz", Project(tmp_path)).helplines[0].number.display == "116 123"


@pytest.mark.parametrize("change, field, words", [
    (('number = "116 123"', 'number = "116 12"'), "helplines[0] (samaritans).number",
     "not a number that exists in United Kingdom (GB)"),
    (('number = "116 123"', 'number = "0800-HELP-NOW"'), "helplines[0] (samaritans).number",
     "no letters"),
    (('hours = "24/7"', 'hours = "24/7"\ncolour = "red"'), "helplines[0] (samaritans)",
     "unknown key 'colour'"),
    (('source = ["https://www.samaritans.org/how-we-can-help/contact-samaritan/"]', ''),
     "helplines[0] (samaritans).source", "missing"),
    (('checked = 2026-11-21', 'checked = "last week"'), "helplines[0] (samaritans).checked",
     "must be a date"),
    (('paper = "a4"', 'paper = "a3"'), "paper", "must be one of letter, a4"),
    (('numbers = ["999"]', 'numbers = ["12345678"]'), "emergency.numbers[0]",
     "not an emergency number in United Kingdom (GB)"),
    (('crisis = "samaritans"', 'crisis = "nobody"'), "crisis", "must name one of"),
])
def test_a_bad_region_file_names_the_file_the_field_and_the_problem(tmp_path, change, field, words):
    old, new = change
    head, found, tail = GOOD_REGION.rpartition(old)  # the last one: inside [[helplines]]
    text = head + new + tail
    assert text != GOOD_REGION
    write_region(tmp_path, text)
    with pytest.raises(RegionError) as error:
        load_region("zz", Project(tmp_path))
    message = str(error.value)
    assert "zz.toml" in message and field in message and words in message, message


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = GOOD_REGION.replace('paper = "a4"', 'paper = "a3"').replace(
        'number = "116 123"', 'number = "116 12"')
    write_region(tmp_path, text)
    with pytest.raises(RegionError) as error:
        load_region("zz", Project(tmp_path))
    assert "2 problem(s)" in str(error.value)
    assert "paper" in str(error.value) and "number" in str(error.value)


def test_an_unknown_region_names_the_known_ones(tmp_path):
    write_region(tmp_path, GOOD_REGION)
    with pytest.raises(RegionError, match=r"unknown region 'xx'.*known regions: zz"):
        load_region("xx", Project(tmp_path))


def test_a_file_that_is_not_toml_is_named(tmp_path):
    write_region(tmp_path, "code = 'zz\n")
    with pytest.raises(RegionError, match=r"zz\.toml: not valid TOML"):
        load_region("zz", Project(tmp_path))
