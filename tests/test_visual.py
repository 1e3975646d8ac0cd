"""Pages still look as they did: compared with stored small renders (tests/visual/)."""

from __future__ import annotations

import pytest

from tests.visual import CASES, TOLERANCE, difference, reference_path, render

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(matrix):
    """The visual cases' PDFs, taken from the session's layout matrix (office profile)."""
    found = {}
    for case in CASES:
        outcome, _ = matrix[f"{case[0]}-{case[1]}-{case[2]}"]
        assert outcome.ok, outcome.error
        found[case] = outcome.path
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-p{c[3] + 1}")
def test_page_matches_its_reference(built, case):
    from PIL import Image

    reference = reference_path(*case)
    assert reference.is_file(), "no reference: run python -m tests.visual --refresh"
    change = difference(render(built[case], case[3]), Image.open(reference).convert("L"))
    assert change <= TOLERANCE, (
        f"{reference.name} changed by {change:.1f} grey levels on average; if the change is "
        "deliberate, look at the new pages, then run python -m tests.visual --refresh")


def test_the_comparison_notices_a_changed_page(built):
    from PIL import ImageDraw

    case = CASES[0]
    page = render(built[case], case[3])
    changed = page.copy()
    ImageDraw.Draw(changed).rectangle((0, 0, page.width // 2, page.height // 3), fill=0)
    assert difference(page, page) == 0
    assert difference(page, changed) > TOLERANCE
