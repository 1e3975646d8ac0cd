"""The web page through Starlette's test client: every field's problems, limits, hostile
uploads, CSRF, a full queue, and a real download read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import struct
import tempfile
import time
import tomllib
import zipfile
import zlib

import pytest
from starlette.testclient import TestClient

from guide.clinic import MAX_LOGO_BYTES, check_clinic
from guide.errors import WorkerError
from guide.fields import MAX_DATA_FILE_BYTES
from guide.paths import PROJECT
from guide.pool import PoolBusy, RenderPool
from guide.regions import load_region, region_warnings
from guide.web import server
from guide.web.app import CSRF_COOKIE, MAX_BODY_BYTES, create_app
from tests.pdfcheck import contains_number, pdf_text

CLINIC = {"name": "Harbour Street Clinic", "address": "12 Example Street\nBristol BS1 0AA",
          "phones": "0117 496 0123", "hours-0-first": "mon", "hours-0-last": "fri",
          "hours-0-opens": "09:00", "hours-0-closes": "17:00",
          "web": "https://www.example.org/clinic"}


@pytest.fixture(scope="module")
def pool():
    shared = RenderPool(PROJECT, workers=1, queue_limit=2, time_limit=60)
    yield shared
    shared.close()


@pytest.fixture(scope="module")
def client(pool):
    with TestClient(create_app(PROJECT, pool=pool)) as test_client:
        assert test_client.get("/").status_code == 200  # sets the CSRF cookie
        yield test_client


def form(client, **fields):
    data = {"csrf": client.cookies.get(CSRF_COOKIE), "region": "gb", "locale": ["en"],
            "layout": ["handout"], "profile": "office"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def problems(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text[:300]
    return response.json()["errors"]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims its size in its header (the pixels need not follow)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


# -- the page -----------------------------------------------------------------------

def test_page_serves_everything_itself(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "http" not in policy
    html = response.text
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/") for link in links), links
    for link in {link.split("?")[0] for link in links if link.startswith("/static/")}:
        assert client.get(link).status_code == 200
    css = client.get("/static/app.css").text
    for font in re.findall(r"url\((/fonts/[^)]+)\)", css):
        assert client.get(font).status_code == 200
    assert "http://" not in css + html and "https://" not in css.replace("https://", "", 0)


def test_languages_named_in_themselves_with_review_status(client):
    html = client.get("/").text
    for own_name in ("Español", "Polski", "العربية", "Deutsch"):
        assert own_name in html
    assert "draft, not yet checked by a health professional" in html


def test_page_in_spanish_names_regions_in_spanish(client):
    html = client.get("/?lang=es").text
    assert 'lang="es"' in html and "Haz el folleto de tu clínica" in html
    assert "Reino Unido" in html and "Estados Unidos" in html
    assert "La traducción de esta página es un borrador" in html
    assert "borrador, aún no revisado por un profesional de la salud" in html


def test_spanish_from_the_browser_preference(client):
    html = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).text
    assert "Haz el folleto de tu clínica" in html


# -- every field's problem, beside its field ----------------------------------------

@pytest.mark.parametrize("fields, field, words", [
    ({"name": "", "phones": "0117 496 0123"}, "name", "missing"),
    ({"phones": ""}, "phones", "at least one number"),
    ({"phones": "0117 496 0123\n12345"}, "phones", "Line 2: '12345' is not a number"),
    ({"phones": "0117 496 0123\nCALL-ME"}, "phones", "digits, spaces"),
    ({"country": "XX"}, "country", "two-letter ISO country code"),
    ({"web": "www.example.org"}, "web", "https://"),
    ({"hours-0-opens": "9am"}, "hours-0", "24-hour time"),
    ({"hours-0-closes": ""}, "hours-0", "both 'opens' and 'closes'"),
    ({"hours-1-first": "mon", "hours-1-opens": "25:00", "hours-1-closes": "26:00"},
     "hours-1", "24-hour time"),
    ({"notes-en": "Or call 0800 123 4567"}, "notes-en", "put every number in a number field"),
    ({"notes-es": "Ven", "fallback_language": "fr"}, "fallback_language", "no text under"),
    ({"shared_cost": "no free line"}, "shared_cost", "remove it"),
    ({"address": "Call 0800 123 4567"}, "address", "put every number in a number field"),
])
def test_each_clinic_field_shows_its_problem(client, fields, field, words):
    errors = problems(client.post("/preview", data=form(client, **{**CLINIC, **fields})))
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors[field]


@pytest.mark.parametrize("fields, field", [
    ({"region": "atlantis"}, "region"),
    ({"locale": []}, "locale"),
    ({"locale": ["xx"]}, "locale"),
    ({"layout": []}, "layout"),
    ({"layout": ["poster"]}, "layout"),
    ({"profile": "glossy"}, "profile"),
])
def test_each_choice_shows_its_problem(client, fields, field):
    assert field in problems(client.post("/preview", data=form(client, **fields)))


@pytest.mark.slow
def test_print_shop_files_need_no_profile_upload(client):
    """Without the shop's profile the region's standard condition is used, as on the command line."""
    response = client.post("/preview", data=form(client, profile="print-shop"))
    assert response.status_code == 200, response.text[:300]
    assert response.json()["pages"]


def test_a_download_with_problems_shows_the_form_again_with_them(client):
    response = client.post("/download", data=form(client, **{**CLINIC, "web": "ftp://x"}))
    assert response.status_code == 422
    assert 'id="problems-web"' in response.text
    assert "must be a web address starting https://" in response.text
    assert "Harbour Street Clinic" in response.text  # what was typed is kept


def test_problems_in_spanish_page_say_which_line(client):
    response = client.post("/preview?lang=es", data=form(client, **{**CLINIC,
                                                                   "phones": "12345"}))
    assert problems(response)["phones"][0].startswith("Línea 1:")


# -- uploads and limits -------------------------------------------------------------

def test_logo_over_the_size_limit(client):
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_LOGO_BYTES
    response = client.post("/preview", data=form(client, **CLINIC),
                           files={"logo": ("logo.png", big, "image/png")})
    assert "larger than 2 MB" in problems(response)["logo"][0]


def test_png_claiming_fifty_megapixels_is_refused_unread(client):
    response = client.post("/preview", data=form(client, **CLINIC),
                           files={"logo": ("logo.png", png_header(10000, 5000), "image/png")})
    assert "10000 x 5000 pixels" in problems(response)["logo"][0]


def test_logo_of_another_type(client):
    response = client.post("/preview", data=form(client, **CLINIC),
                           files={"logo": ("logo.gif", b"GIF89a", "image/gif")})
    assert "PNG or SVG" in problems(response)["logo"][0]


def test_body_over_the_request_limit_is_refused(client):
    response = client.post("/preview", data=form(client),
                           files={"logo": ("logo.png", b"\0" * (MAX_BODY_BYTES + 1), "image/png")})
    assert response.status_code == 413


def test_clinic_file_over_the_limit(client):
    response = client.post("/load-clinic", data=form(client),
                           files={"clinic_file": ("clinic.toml",
                                                  b"#" * (MAX_DATA_FILE_BYTES + 1), "text/plain")})
    assert response.status_code == 422 and "larger than 256 KB" in response.text


def test_clinic_file_that_is_not_toml(client):
    response = client.post("/load-clinic", data=form(client),
                           files={"clinic_file": ("clinic.toml", b"name = ", "text/plain")})
    assert response.status_code == 422 and "cannot be read" not in response.text
    assert "not a clinic file that can be read" in response.text


def test_clinic_file_round_trip(client):
    saved = client.post("/clinic-file", data=form(client, **CLINIC, **{"notes-en": "Walk in."}))
    assert saved.status_code == 200
    assert saved.headers["content-disposition"] == 'attachment; filename="clinic.toml"'
    data = tomllib.loads(saved.text)
    clinic = check_clinic(data, PROJECT.root / "clinic.toml")  # what --clinic would accept
    assert clinic.name == "Harbour Street Clinic" and clinic.country == "GB"
    assert clinic.phones[0].digits == "01174960123"
    loaded = client.post("/load-clinic", data=form(client),
                         files={"clinic_file": ("clinic.toml", saved.content, "text/plain")})
    assert loaded.status_code == 200
    assert 'value="Harbour Street Clinic"' in loaded.text and "Walk in.</textarea>" in loaded.text
    assert 'value="09:00"' in loaded.text


def test_example_clinic_file_fills_the_form_and_asks_for_its_logo(client):
    loaded = client.post("/load-clinic", data=form(client), files={
        "clinic_file": ("clinic.toml", (PROJECT / "examples" / "clinic.toml").read_bytes(),
                        "text/plain")})
    assert "Example Community Clinic (sample)" in loaded.text
    assert 'id="problems-logo"' in loaded.text and "logo.svg" in loaded.text


# -- CSRF ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/preview", "/download", "/clinic-file", "/load-clinic"])
def test_a_form_without_its_csrf_token_is_refused(client, path):
    response = client.post(path, data=form(client, csrf=None, **CLINIC))
    assert response.status_code == 403 and "Reload the page" in response.text


def test_a_form_with_another_token_is_refused(client):
    response = client.post("/preview", data=form(client, csrf="forged", **CLINIC))
    assert response.status_code == 403


# -- the server ---------------------------------------------------------------------

def test_serve_binds_to_this_computer_and_warns_otherwise(monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    out = io.StringIO()
    assert server.main([], out) == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "http://127.0.0.1:8000/" in out.getvalue() and "warning" not in out.getvalue()
    out = io.StringIO()
    server.main(["--host", "0.0.0.0", "--port", "8123"], out)
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 8123
    assert out.getvalue().startswith("warning: listening on 0.0.0.0")


def test_foreign_host_header_refused_on_localhost():
    app = create_app(PROJECT, pool=object(), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://evil.example") as test_client:
        assert test_client.get("/").status_code == 400


# -- the worker pool ----------------------------------------------------------------

def sleep_in_worker(worker, seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def die_in_worker(worker) -> None:
    os._exit(3)


@pytest.mark.slow
def test_pool_time_limit_and_dead_workers_fail_one_call_only():
    pool = RenderPool(PROJECT, workers=1, queue_limit=1, time_limit=1.0)
    try:
        with pytest.raises(WorkerError, match="longer than 1 s"):
            pool.submit(sleep_in_worker, 10).result(timeout=20)
        with pytest.raises(WorkerError, match="exit status 3"):
            pool.submit(die_in_worker).result(timeout=20)
        assert pool.submit(sleep_in_worker, 0).result(timeout=20) == "slept"
    finally:
        pool.close()


@pytest.mark.slow
def test_full_queue_answers_503_with_retry_after():
    pool = RenderPool(PROJECT, workers=1, queue_limit=0, time_limit=30)
    try:
        busy = pool.submit(sleep_in_worker, 4)
        with pytest.raises(PoolBusy):
            pool.submit(sleep_in_worker, 0)
        with TestClient(create_app(PROJECT, pool=pool)) as test_client:
            test_client.get("/")
            response = test_client.post("/preview", data=form(test_client, **CLINIC))
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) > 0
        assert "try again in a few seconds" in response.json()["message"]
        assert busy.result(timeout=20) == "slept"
    finally:
        pool.close()


# -- real renders -------------------------------------------------------------------

def leftover_folders() -> set[str]:
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("guide-web-")}


@pytest.mark.slow
def test_download_prints_the_clinic_and_every_number_of_the_region(client, tmp_path, caplog):
    before = leftover_folders()
    caplog.set_level(logging.DEBUG)
    response = client.post("/download", data=form(client, **CLINIC))
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-disposition"] == 'attachment; filename="gb-en-handout.pdf"'
    pdf = tmp_path / "gb-en-handout.pdf"
    pdf.write_bytes(response.content)
    text = pdf_text(pdf)
    assert "Harbour Street Clinic" in text and "12 Example Street" in text
    assert contains_number(text, "01174960123")
    for number in load_region("gb").all_numbers:
        assert contains_number(text, number.digits), number.display
    assert leftover_folders() == before  # nothing is kept
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Harbour" not in logged and "0117 496" not in logged


@pytest.mark.slow
def test_preview_shows_every_page_and_the_region_warnings(client):
    response = client.post("/preview", data=form(client, region="in", locale=["en"]))
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["title"] == "in-en-handout.pdf" and len(body["pages"]) >= 2
    assert all(page.startswith("data:image/png;base64,") for page in body["pages"])
    expected = region_warnings(load_region("in"), dt.date.today())
    assert expected and body["warnings"] == expected  # India prints unlisted numbers


@pytest.mark.slow
def test_several_languages_come_as_a_zip_named_like_the_command_line(client):
    response = client.post("/download", data=form(client, locale=["en", "pl"],
                                                  layout=["handout", "booklet"], **CLINIC))
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-disposition"] == 'attachment; filename="gb-pamphlets.zip"'
    names = sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == ["gb/gb-en-booklet-imposed.pdf", "gb/gb-en-booklet.pdf",
                     "gb/gb-en-handout.pdf", "gb/gb-pl-booklet-imposed.pdf",
                     "gb/gb-pl-booklet.pdf", "gb/gb-pl-handout.pdf"]


@pytest.mark.slow
def test_svg_logo_that_reads_a_local_file_is_refused(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="10" height="10"><image xlink:href="{secret.as_uri()}" width="10" '
           f'height="10"/><text>x</text></svg>').encode()
    response = client.post("/preview", data=form(client, **CLINIC),
                           files={"logo": ("logo.svg", svg, "image/svg+xml")})
    errors = problems(response)
    assert "This logo cannot be printed" in errors["logo"][0], errors
    assert "TOP-SECRET" not in response.text
    download = client.post("/download", data=form(client, **CLINIC),
                           files={"logo": ("logo.svg", svg, "image/svg+xml")})
    assert download.status_code == 422 and b"TOP-SECRET" not in download.content
