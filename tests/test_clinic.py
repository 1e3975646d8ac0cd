"""A clinic's own details on the pamphlet, from a file checked like region data."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from guide.clinic import load_clinic
from guide.errors import ClinicError
from tests.cli import run
from tests.files import replace_in
from tests.pdfcheck import on_page, pdf_text, printed_left_to_right

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic.toml"


@pytest.fixture
def clinic_dir(tmp_path):
    """A copy of the sample clinic that a test may change."""
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder


def test_the_sample_clinic_loads():
    clinic = load_clinic(EXAMPLE)
    assert clinic.name.startswith("Example Community Clinic")
    assert clinic.phones[0].display == "0117 496 0123"
    assert [h.first_day for h in clinic.hours] == [0, 5]
    assert clinic.note_for("pl").startswith("W dni robocze")
    assert clinic.note_for("fr") == clinic.note_for("en")  # fallback_language


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "pl"])
def test_the_clinic_box_is_printed_in_the_readers_language(tmp_path, locale):
    code, output = run("--region", "gb", "--locale", locale, "--clinic", str(EXAMPLE),
                       "--out", str(tmp_path))
    assert code == 0, output
    path = tmp_path / "gb" / f"gb-{locale}-handout.pdf"
    text = pdf_text(path)
    clinic = load_clinic(EXAMPLE)
    assert on_page(clinic.name, text) and on_page("12 Example Street", text)
    assert printed_left_to_right(path, "01174960123")
    assert on_page(clinic.note_for(locale), text)
    assert ("Monday to Friday, 09:00 to 17:00" in text) == (locale == "en")  # en_GB clock
    assert on_page("example.org/clinic", text)


@pytest.mark.slow
def test_every_qr_code_decodes_to_an_address_from_the_data(tmp_path):
    """Read the codes back from a 300 dpi render of the printed pages, as a phone would."""
    import pypdfium2
    import zxingcpp

    code, output = run("--region", "gb", "--locale", "en", "--clinic", str(EXAMPLE),
                       "--out", str(tmp_path))
    assert code == 0, output
    document = pypdfium2.PdfDocument(str(tmp_path / "gb" / "gb-en-handout.pdf"))
    found = [r.text for page in document
             for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]
    from guide.regions import load_region

    expected = [line.url for line in load_region("gb").helplines if line.url]  # one per line
    assert sorted(found) == sorted(expected + [load_clinic(EXAMPLE).web])


def test_a_missing_note_names_the_language(clinic_dir, tmp_path):
    replace_in(clinic_dir / "clinic.toml", 'fallback_language = "en"', "")
    code, output = run("--region", "gb", "--locale", "en", "--locale", "pl",
                       "--clinic", str(clinic_dir / "clinic.toml"), "--out", str(tmp_path))
    assert code == 0  # en and pl have notes
    code, output = run("--region", "fr", "--locale", "fr", "--clinic",
                       str(clinic_dir / "clinic.toml"), "--out", str(tmp_path))
    assert code == 1
    assert "clinic.toml: notes has no text for 'fr'" in output and "fallback_language" in output
    assert not list((tmp_path / "fr").glob("*.pdf")) if (tmp_path / "fr").exists() else True


@pytest.mark.parametrize("old, new, words", [
    ('phones = ["0117 496 0123"]', 'phones = ["0117 496 012"]', "phones[0]"),
    ('phones = ["0117 496 0123"]', 'phones = ["0800-CLINIC"]', "no letters"),
    ('country = "GB"', 'country = "Narnia"', "two-letter ISO country code"),
    ('name = "Example Community Clinic (sample)"', 'nmae = "X"', "unknown key 'nmae'"),
    ('opens = "09:00"', 'opens = "9am"', "24-hour time"),
    ('web = "https://www.example.org/clinic"', 'web = "javascript:alert(1)"', "https://"),
    ('en = "You can walk in', 'en = "Call 0800 123 4567. You can walk in', "contains the number"),
])
def test_a_bad_clinic_file_names_the_field(clinic_dir, old, new, words):
    replace_in(clinic_dir / "clinic.toml", old, new)
    with pytest.raises(ClinicError) as error:
        load_clinic(clinic_dir / "clinic.toml")
    assert "clinic.toml" in str(error.value) and words in str(error.value)


PHONES = 'phones = ["0117 496 0123"]'


@pytest.mark.parametrize("new, words", [
    # Ofcom's drama range for premium rate: never a real line.
    ('phones = ["0909 879 0000"]', "phones[0]: '0909 879 0000' is a premium-rate number"),
    ('phones = ["81010"]', "phones[0]: '81010' is only an SMS short code; it cannot be called"),
    ('phones = ["+44 810 10"]', "phones[0]: '+44 810 10' is written in international form "
     "(with +44), but it is not a full international number"),
    ('phones = ["+1 202 555 0100"]', "phones[0]: '+1 202 555 0100' is a number in United "
     "States (US), not in United Kingdom (GB)"),
    ('phones = ["999"]', "phones[0]: '999' is an emergency number in United Kingdom (GB)"),
    ('phones = ["0117 496 0123"]\nunlisted = "https://example.org"', "unknown key 'unlisted'"),
    ('phones = ["0117 496 0123"]\nshared_cost = "our only number"',
     "(top level).shared_cost: none of the numbers here needs it"),
])
def test_a_clinic_number_follows_the_rules_for_call_lines(clinic_dir, tmp_path, new, words):
    replace_in(clinic_dir / "clinic.toml", PHONES, new)
    with pytest.raises(ClinicError) as error:
        load_clinic(clinic_dir / "clinic.toml")
    assert "clinic.toml" in str(error.value) and words in str(error.value), str(error.value)
    status, output = run("--region", "gb", "--clinic", str(clinic_dir / "clinic.toml"),
                         "--out", str(tmp_path / "out"))
    assert status == 1 and "Clinic file:" in output and words in output, output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_shared_cost_clinic_number_needs_the_file_to_say_why(clinic_dir):
    """Australian 13 numbers are shared cost: printed only with shared_cost = "why"."""
    replace_in(clinic_dir / "clinic.toml", 'country = "GB"', 'country = "AU"')
    replace_in(clinic_dir / "clinic.toml", PHONES, 'phones = ["13 11 14"]')
    with pytest.raises(ClinicError, match=r"'13 11 14' is a shared-cost number.*adding "
                       r"shared_cost = \"why; source\" at the top of the clinic file"):
        load_clinic(clinic_dir / "clinic.toml")
    replace_in(clinic_dir / "clinic.toml", 'phones = ["13 11 14"]',
               'phones = ["13 11 14"]\nshared_cost = "our only number"')
    assert load_clinic(clinic_dir / "clinic.toml").phones[0].allowed_by == "shared_cost"


def test_a_logo_outside_the_clinic_folder_is_refused(clinic_dir, tmp_path):
    (tmp_path / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    replace_in(clinic_dir / "clinic.toml", 'logo = "logo.svg"', 'logo = "../secret.svg"')
    with pytest.raises(ClinicError, match="outside the clinic file's folder"):
        load_clinic(clinic_dir / "clinic.toml")


def test_a_logo_symlink_pointing_outside_is_refused(clinic_dir, tmp_path):
    (tmp_path / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (clinic_dir / "logo.svg").unlink()
    (clinic_dir / "logo.svg").symlink_to(tmp_path / "secret.svg")
    with pytest.raises(ClinicError, match="outside the clinic file's folder"):
        load_clinic(clinic_dir / "clinic.toml")


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size, with one tiny block of pixel data."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def test_a_fifty_megapixel_logo_fails_fast_from_its_header(clinic_dir):
    (clinic_dir / "big.png").write_bytes(png_header(7072, 7072))
    replace_in(clinic_dir / "clinic.toml", 'logo = "logo.svg"', 'logo = "big.png"')
    with pytest.raises(ClinicError, match=r"7072 x 7072 pixels"):
        load_clinic(clinic_dir / "clinic.toml")


def test_a_jpeg_named_png_is_refused(clinic_dir):
    (clinic_dir / "photo.png").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    replace_in(clinic_dir / "clinic.toml", 'logo = "logo.svg"', 'logo = "photo.png"')
    with pytest.raises(ClinicError, match="not a readable PNG"):
        load_clinic(clinic_dir / "clinic.toml")


@pytest.mark.slow
def test_clinic_text_is_printed_literally_never_as_code_or_html(clinic_dir, tmp_path):
    replace_in(clinic_dir / "clinic.toml", 'name = "Example Community Clinic (sample)"',
               'name = "{{ 7 * 7 }} <b>Clinic</b> {% if 1 %}x{% endif %}"')
    code, output = run("--region", "gb", "--locale", "en", "--clinic",
                       str(clinic_dir / "clinic.toml"), "--out", str(tmp_path))
    assert code == 0, output
    text = pdf_text(tmp_path / "gb" / "gb-en-handout.pdf")
    assert "{{ 7 * 7 }} <b>Clinic</b> {% if 1 %}x{% endif %}" in " ".join(text.split())
