"""In a real browser: headless Chromium (Debian's chromium + chromium-driver) via Selenium.

Skipped when the browser is missing, except under CI=true, where a skip would
hide that the page was never tried: there it fails. Screenshots are saved in
a temporary folder (printed) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guide.build import BuildOptions, build, plan
from guide.catalogue import write_catalogue
from guide.paths import PROJECT
from guide.regions import load_region
from tests.pdfcheck import contains_number, pdf_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def _missing(what: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what}; CI=true: the browser tests must run (apt-get install -y "
                    "chromium chromium-driver)")
    pytest.skip(what)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def browser(tmp_path):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    if not (CHROMIUM and DRIVER):
        _missing("chromium and chromium-driver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1800",
                 "--disable-dev-shm-usage", "--lang=en-GB"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server():
    """build_pdf.py serve, as a clinic starts it, on a free local port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "build_pdf.py", "serve", "--port", str(port), "--workers", "1"],
        cwd=PROJECT.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the server did not start: " + (process.stdout.read() or ""))
    yield address
    process.terminate()
    process.wait(timeout=20)


def wait_for(condition, seconds=60.0, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_make_a_pamphlet_in_the_browser(browser, server, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/?lang=en")
    Select(browser.find_element(By.ID, "region")).select_by_value("gb")
    for box in browser.find_elements(By.CSS_SELECTOR, '#pamphlet input[name="locale"]'):
        if box.is_selected() != (box.get_attribute("value") == "en"):
            box.click()
    browser.find_element(By.ID, "name").send_keys("Harbour Street Clinic")
    browser.find_element(By.ID, "address").send_keys("12 Example Street\nBristol BS1 0AA")
    browser.find_element(By.ID, "phones").send_keys("0117 496 012")  # one digit short
    wait_for(lambda: browser.find_element(By.ID, "problems-phones").text, 30,
             "the problem beside the phone field")
    browser.save_screenshot(str(shots / "1-problem-beside-field.png"))
    browser.find_element(By.ID, "phones").send_keys("3")
    Select(browser.find_elements(By.CSS_SELECTOR, 'select[name="hours-0-first"]')[0]
           ).select_by_value("mon")
    Select(browser.find_elements(By.CSS_SELECTOR, 'select[name="hours-0-last"]')[0]
           ).select_by_value("fri")
    wait_for(lambda: not browser.find_element(By.ID, "problems-phones").text
             and browser.find_element(By.ID, "pages").get_attribute("data-ready") == "true"
             and browser.find_elements(By.CSS_SELECTOR, "#pages img.page"), 60, "the preview")
    pages = browser.find_elements(By.CSS_SELECTOR, "#pages img.page")
    assert len(pages) >= 2
    assert all(browser.execute_script("return arguments[0].naturalWidth", p) > 500
               for p in pages)
    browser.save_screenshot(str(shots / "2-preview.png"))
    browser.find_element(By.ID, "download").click()
    pdf = wait_for(lambda: [p for p in browser.downloads.glob("*.pdf")], 60, "the download")[0]
    assert pdf.name == "gb-en-handout.pdf"
    text = pdf_text(pdf)
    assert "Harbour Street Clinic" in text and contains_number(text, "01174960123")
    for number in load_region("gb").all_numbers:
        assert contains_number(text, number.digits), number.display


def test_page_in_spanish(browser, server, shots):
    from selenium.webdriver.common.by import By

    browser.get(server + "/?lang=es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Haz el folleto de tu clínica"
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#pages img.page"), 60, "preview")
    browser.save_screenshot(str(shots / "3-spanish.png"))


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    options = BuildOptions(out_dir=out, jobs=2)
    pamphlets, _ = plan(["gb"], None, options, own_languages_only=True,
                        layouts=["handout", "card"])
    build(pamphlets, options)
    write_catalogue(out)
    return out


def test_catalogue_from_disk_filters_and_links(browser, dist, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((dist / "index.html").as_uri())
    items = browser.find_elements(By.CSS_SELECTOR, "li.pamphlet")
    assert len(items) >= 4
    Select(browser.find_element(By.ID, "filter-language")).select_by_value("pl")
    shown = [i for i in items if i.is_displayed()]
    assert shown and all(i.get_attribute("data-language") == "pl" for i in shown)
    assert len(shown) < len(items)
    assert "2 of" in browser.find_element(By.ID, "count").text
    browser.save_screenshot(str(shots / "4-catalogue-filtered.png"))
    link = shown[0].find_element(By.CSS_SELECTOR, "h2 a")
    target = link.get_attribute("href")
    link.click()
    wait_for(lambda: browser.current_url.endswith(".pdf")
             or list(browser.downloads.glob("*.pdf")), 20, "the pamphlet to open")
    assert target.endswith(".pdf") and Path(target.removeprefix("file://")).is_file()
