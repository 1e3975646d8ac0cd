"""What each kind of line may be: every refusal shown on a real region file.

Each case edits a copy of the project's own data (the `project` fixture), so
the rules are tested on the files clinics really build from, and each is run
both through load_region (the message names file, field and reason) and
through the command line (exit 1, a FAILED line, no PDF).
"""

from __future__ import annotations

import pytest

from guide.errors import RegionError
from guide.regions import load_region, unlisted_warnings
from guide.status import status_table
from tests.cli import run
from tests.files import replace_in
from tests.pdfcheck import contains_number, pdf_text

SAMHSA = 'number = "1-800-662-4357"'
FRANK = 'number = "0300 123 6600"'
IN_DE_ADDICTION_UNLISTED = 'unlisted = "the Ministry of Social Justice'

REFUSALS = {
    "sms-code-as-call-line": (
        "us", SAMHSA, 'number = "55501"', "helplines[0] (samhsa).number",
        "'55501' is only an SMS short code; it cannot be called"),
    "short-code-in-international-form": (
        "us", SAMHSA, 'number = "+1 555 01"', "helplines[0] (samhsa).number",
        "'+1 555 01' is written in international form (with +1), but it is not a full "
        "international number"),
    "uk-premium-rate": (
        "gb", FRANK, 'number = "0909 879 0000"', "helplines[0] (frank).number",
        "'0909 879 0000' is a premium-rate number"),
    "us-premium-rate": (
        "us", SAMHSA, 'number = "1-900-555-0100"', "helplines[0] (samhsa).number",
        "'1-900-555-0100' is a premium-rate number"),
    "number-of-another-country": (
        "us", SAMHSA, 'number = "+44 300 123 6600"', "helplines[0] (samhsa).number",
        "'+44 300 123 6600' is a number in United Kingdom (GB), not in United States (US)"),
    "unlisted-number-without-an-entry": (
        "in", IN_DE_ADDICTION_UNLISTED, '# unlisted removed = "the Ministry of Social Justice',
        "helplines[1] (de-addiction-helpline).number",
        "'14446' is not a number that exists in India (IN)"),
    "unlisted-entry-without-an-address": (
        "in", IN_DE_ADDICTION_UNLISTED, 'unlisted = "a news agency says so" # "',  # no address
        "helplines[1] (de-addiction-helpline).unlisted", "must give the address (https://...)"),
    "directory-enquiries-as-emergency": (
        "gb", 'numbers = ["999"]', 'numbers = ["118 118"]', "emergency.numbers[0]",
        "'118 118' is a short number in United Kingdom (GB), but not an emergency number"),
    "emergency-with-country-code-us": (
        "us", 'numbers = ["911"]', 'numbers = ["+1 911"]', "emergency.numbers[0]",
        "'+1 911' is written with a country code (+1); an emergency number is dialled "
        "without one"),
    "emergency-with-country-code-uk": (
        "gb", 'numbers = ["999"]', 'numbers = ["+44 999"]', "emergency.numbers[0]",
        "'+44 999' is written with a country code (+44)"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_wrong_number_in_a_real_region_file_is_refused_with_its_reason(project, case):
    code, old, new, field, words = REFUSALS[case]
    replace_in(project / "regions" / f"{code}.toml", old, new)
    with pytest.raises(RegionError) as error:
        load_region(code, project=project)
    message = str(error.value)
    assert f"regions/{code}.toml" in message, message
    assert f"{field}: {words}" in message, message


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_the_command_line_fails_the_region_and_writes_no_pdf(project, tmp_path, case):
    code, old, new, field, words = REFUSALS[case]
    replace_in(project / "regions" / f"{code}.toml", old, new)
    out = tmp_path / "out"
    status, output = run("--region", code, "--out", str(out), "--jobs", "1", project=project)
    assert status == 1, output
    assert f"FAILED: {code}" in output and words in output, output
    assert not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("code, old, new, field, words", [
    # 13 11 14 is a shared-cost number: printed only with a reason.
    ("au", 'shared_cost = "the service\'s only number in the source; Australian 13 and 1300 '
           'numbers are what the phonenumbers library calls shared cost"\n',
     "", "helplines[1] (lifeline).number",
     "'13 11 14' is a shared-cost number (the caller pays part of the cost): print it only "
     "if the service has no other number, and say why by adding shared_cost"),
    # New Zealand's data marks 1737 SMS-only: without the file's reason, no call.
    ("nz", 'sms_code_callable = "', '# sms_code_callable = "', "helplines[3] (1737).number",
     "'1737' is only an SMS short code; it cannot be called. List it as a text line "
     "(kinds = [\"text\"]), or copy the number to call from the source; if the source says "
     "it also takes calls, add sms_code_callable"),
    # A reason that no number needs is stale: remove it.
    ("us", 'checked = 2026-11-21\nsecond_hand = true',
     'checked = 2026-11-21\nsecond_hand = true\nunlisted = "seen on https://neverusealone.com"',
     "helplines[3] (never-use-alone).unlisted", "none of the numbers here needs it"),
    # An SMS short code cannot be a WhatsApp number.
    ("us", 'kinds = ["text"]', 'kinds = ["whatsapp"]', "helplines[4] (crisis-text-line).number",
     "'741741' is a short number; WhatsApp needs a full number"),
    # A US 4-digit code reaches one mobile network only.
    ("us", 'number = "741741"', 'number = "2345"', "helplines[4] (crisis-text-line).number",
     "'2345' works only on some phone networks in United States (US)"),
    # unlisted never applies to a full-length number the library knows is invalid...
    ("in", 'number = "14446"', 'number = "1444 6123"',
     "helplines[1] (de-addiction-helpline).number", "unlisted cannot apply"),
    # ... nor to digits that cannot be an Indian short number (they start 1, 2, 5, 7, 8).
    ("in", 'number = "14446"', 'number = "34446"',
     "helplines[1] (de-addiction-helpline).number",
     "does not have the length and first digits of a short number there"),
    # A landline cannot take text messages (Ofcom's range for drama, never assigned).
    ("gb", 'number = "82111"', 'number = "0113 496 0123"',
     "helplines[1] (frank-text).number",
     "'0113 496 0123' is a landline number; it cannot take text messages"),
    # Every number needs at least one web address among its sources.
    ("us", 'source = ["sfisd.net Crisis Text Line page", "internationalmentalhealth.org"]',
     'source = ["a school page"]', "helplines[4] (crisis-text-line).source",
     "give at least one web address"),
])
def test_more_refusals(project, code, old, new, field, words):
    replace_in(project / "regions" / f"{code}.toml", old, new)
    with pytest.raises(RegionError) as error:
        load_region(code, project=project)
    assert f"{field}" in str(error.value) and words in str(error.value), str(error.value)


@pytest.mark.parametrize("code, line, number, allowed_by", [
    ("us", "crisis-text-line", "741741", None),  # an SMS short code on a text line
    ("us", "988", "988", None),  # a short number that is not SMS-only: call and text
    ("au", "lifeline-text", "0477 13 11 14", None),  # a mobile number on a text line
    ("za", "ke-moja", "087 163 2025", None),  # a VoIP number on WhatsApp
    ("de", "sucht-drogen-hotline", "01806 313031", "shared_cost"),  # with the file's reason
    ("nz", "1737", "1737", "sms_code_callable"),
    ("in", "de-addiction-helpline", "14446", "unlisted"),
])
def test_right_numbers_are_kept(code, line, number, allowed_by):
    found = {h.id: h for h in load_region(code).helplines}[line].number
    assert (found.display, found.allowed_by) == (number, allowed_by)


def test_india_prints_its_unlisted_lines_and_warns_about_them():
    india = load_region("in")
    lines = {h.id: h for h in india.helplines}
    assert [n.display for n in lines["tele-manas"].numbers] == ["14416", "1-800-891-4416"]
    assert lines["de-addiction-helpline"].number.display == "14446"
    assert lines["de-addiction-helpline"].hours.known is False
    assert [n.display for n in lines["tele-manas"].unlisted_numbers] == ["14416"]
    warnings = unlisted_warnings(india)
    assert len(warnings) == 2
    assert "(14416) is not in the phonenumbers library's data" in warnings[0]
    assert "(14446)" in warnings[1] and "regions/in.toml" in warnings[1]
    assert unlisted_warnings(load_region("gb")) == []


def test_list_shows_each_unlisted_number_with_its_source():
    table = status_table()
    section = table.split("Numbers not in the phonenumbers data")[1].split("\n\n")[0]
    rows = section.strip().splitlines()[1:]
    assert len(rows) == 2, section
    assert rows[0].split()[:2] == ["in", "14416"] and "https://www.livemint.com" in rows[0]
    assert rows[1].split()[:2] == ["in", "14446"] and "https://menafn.com" in rows[1]


@pytest.mark.slow
def test_indias_pamphlets_print_14446_and_14416(tmp_path):
    status, output = run("--region", "in", "--out", str(tmp_path), "--jobs", "2")
    assert status == 0, output
    pdfs = sorted((tmp_path / "in").glob("*.pdf"))
    assert [p.name for p in pdfs] == ["in-en-handout.pdf", "in-hi-handout.pdf"]
    for pdf in pdfs:
        text = pdf_text(pdf)
        for digits in ("14446", "14416", "18008914416", "112"):
            assert contains_number(text, digits), (pdf.name, digits)
