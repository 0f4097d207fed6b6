"""The whole round in a real headless Chromium: issue, drop three returns, preview, merge, audit, render, Word."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="govsheet[serve] is not installed")
pytest.importorskip("selenium", reason="selenium is not installed")

from tests.returns.helpers import actions_values, edit
from tests.serve.helpers import check_accessible, round_folder

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()), reason="needs /usr/bin/chromium and chromedriver"),
]
SHOTS = os.environ.get("GOVSHEET_SCREENSHOTS", "")  # a folder: save a picture of each page there (the docs')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    import uvicorn

    from govsheet.serve.app import create_app

    folder = round_folder(tmp_path)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(folder, port=port), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", folder
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,800"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(120)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        from PIL import Image

        path = Path(SHOTS) / f"{name}.png"
        driver.save_screenshot(str(path))
        with Image.open(path) as image:  # a small palette keeps the docs' pictures small
            small = image.convert("RGB").quantize(colors=64)
        small.save(path, optimize=True)


def wait_for(predicate: Any, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_whole_round_in_chromium(served: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, folder = served
    browser.get(base + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Round"
    check_accessible(browser.page_source)
    browser.find_element(By.ID, "due").send_keys("01312021")
    browser.find_element(By.XPATH, "//button[text()='Issue returns']").click()
    status = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "p.ok"))
    assert status[0].text == "✔ Done: 3 returns issued into returns/"
    shot(browser, "round")

    # three officers fill in their returns in Excel and send them back under their own names
    sent = tmp_path / "sent"
    sent.mkdir()
    issued = {p.stem: p for p in (folder / "returns").glob("*.xlsx")}
    edit(issued["group-manager-assurance"], {("1", "Progress update"): "Reported to committee in June"},
         out=sent / "assurance return.xlsx")
    edit(issued["chief-executive"], {("2", "Progress status"): "In progress"}, out=sent / "chief.xlsx")
    edit(issued["service-director-customers-governance-and-employees"],
         {("4", "Progress update"): "Closed in July"}, out=sent / "customers.xlsx")

    browser.find_element(By.LINK_TEXT, "Returns").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Returns"
    browser.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in sorted(sent.iterdir())))
    browser.find_element(By.XPATH, "//button[text()='Upload and check']").click()
    wait_for(lambda: "Preview:" in browser.page_source)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Preview: 3 applied, 0 conflicts, 0 rejected (nothing written yet)." in body
    assert "assurance return.xlsx" in body
    assert "Reported to committee in June" in body
    assert body.count("✔ can be merged") == 3
    check_accessible(browser.page_source)
    shot(browser, "returns-preview")

    # keyboard only: tab to the Merge button and press Enter
    keys = ActionChains(browser)
    for _ in range(60):
        keys.send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        if active.tag_name == "button" and active.text == "Merge":
            break
    assert active.text == "Merge"
    keys.send_keys(Keys.ENTER).perform()
    wait_for(lambda: "Merged:" in browser.page_source)
    assert "Merged: 3 applied, 0 conflicts, 0 rejected; the previous master is kept as master.bak.xlsx." \
        in browser.find_element(By.TAG_NAME, "body").text
    shot(browser, "returns-merged")
    after = actions_values(folder / "master.xlsx")
    assert after["1"]["progress"] == "Reported to committee in June"
    assert after["2"]["status"] == "In progress"

    audit_page(browser)
    committee_page(browser)
    shutil.rmtree(folder / ".govsheet-serve", ignore_errors=True)


def audit_page(browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.find_element(By.LINK_TEXT, "Audit").click()
    assert "Chain verified: the audit chain of 3 rows is intact" in browser.find_element(By.TAG_NAME, "body").text
    search = browser.find_element(By.ID, "q")
    search.send_keys("july")
    search.send_keys(Keys.ENTER)
    wait_for(lambda: 'matching "july"' in browser.page_source)
    assert browser.find_element(By.TAG_NAME, "caption").text == '1 audit rows matching "july"'
    check_accessible(browser.page_source)
    shot(browser, "audit")



def committee_page(browser: Any) -> None:
    """Render with a filter, see the preview in the page, download the Word paper and read it."""
    import docx
    from selenium.webdriver.common.by import By

    browser.find_element(By.LINK_TEXT, "Committee").click()
    browser.find_element(By.ID, "where").send_keys("status != completed")
    browser.find_element(By.XPATH, "//button[text()='Render']").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "iframe.preview"))
    check_accessible(browser.page_source)
    assert "committee table (docx), 4 of 5 rows" in browser.find_element(By.TAG_NAME, "body").text
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.preview")
    browser.switch_to.frame(frame)
    assert "Reported to committee in June" in browser.find_element(By.TAG_NAME, "body").text
    browser.switch_to.default_content()
    shot(browser, "committee")
    browser.find_element(By.LINK_TEXT, "committee.docx").click()
    paper = wait_for(lambda: list(browser.downloads.glob("*.docx")))[0]
    wait_for(lambda: not list(browser.downloads.glob("*.crdownload")))

    text = "\n".join(cell.text for table in docx.Document(str(paper)).tables for row in table.rows
                     for cell in row.cells)
    assert "Reported to committee in June" in text
    assert "Done in May" not in text  # action 4 is completed, left out by the filter
