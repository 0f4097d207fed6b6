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
from tests.serve.a11y import CHECK, check_page
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
    # the page keeps focus as a window in front would, whatever the headless shell thinks
    driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
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


DROP = """
const [zone, picked] = arguments;
const files = new DataTransfer();
for (const f of picked.files) files.items.add(f);
for (const name of ["dragenter", "dragover", "drop"]) {
  zone.dispatchEvent(new DragEvent(name, {dataTransfer: files, bubbles: true, cancelable: true}));
}
"""


def drop_files(browser: Any, zone: Any, paths: list[Path]) -> None:
    """Drop files on an element as a file manager would: a DataTransfer holding them, dragged in and dropped."""
    from selenium.webdriver.common.by import By

    picker = browser.execute_script(
        "const i = document.createElement('input'); i.type = 'file'; i.multiple = true; i.id = 'dnd-source';"
        "document.body.appendChild(i); return i;")
    picker.send_keys("\n".join(str(p) for p in paths))
    browser.execute_script(DROP, zone, browser.find_element(By.ID, "dnd-source"))


def press_tab_until(browser: Any, wanted: Any, limit: int = 80) -> Any:
    """Press Tab until the focused element is the one ``wanted`` picks; fail if it never comes."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        if wanted(active):
            return active
    raise AssertionError("Tab never reached the control")


def type_keys(browser: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(*keys).perform()


def test_a_whole_round_in_chromium(served: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    """Issue, drop three returns, preview, merge, decide the conflict, audit, render and read the Word paper;
    the keyboard alone drives every page (the returns come by drag-and-drop), and every page passes the
    accessibility check."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, folder = served
    browser.get(base + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Round"
    check_page(browser)
    press_tab_until(browser, lambda e: e.get_attribute("id") == "due")
    type_keys(browser, "01312021")
    press_tab_until(browser, lambda e: e.text == "Issue returns")
    type_keys(browser, Keys.ENTER)
    status = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "p.ok"))
    assert status[0].text == "✔ Done: 3 returns issued into returns/, with 3 e-mail drafts"
    check_page(browser)
    shot(browser, "round")

    # three officers fill in their returns in Excel and send them back; two both rewrite action 3
    sent = tmp_path / "sent"
    sent.mkdir()
    issued = {p.stem: p for p in (folder / "returns").glob("*.xlsx")}
    edit(issued["group-manager-assurance"], {("1", "Progress update"): "Reported to committee in June",
                                             ("3", "Progress update"): "Assurance says: policy drafted"},
         out=sent / "assurance return.xlsx")
    edit(issued["chief-executive"], {("2", "Progress status"): "In progress",
                                     ("3", "Progress update"): "Chief says: policy adopted"}, out=sent / "chief.xlsx")
    edit(issued["service-director-customers-governance-and-employees"],
         {("4", "Progress update"): "Closed in July"}, out=sent / "customers.xlsx")

    browser.find_element(By.LINK_TEXT, "Returns").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Returns"
    check_page(browser)
    drop_files(browser, browser.find_element(By.ID, "drop"), sorted(sent.iterdir()))
    wait_for(lambda: "Preview:" in browser.page_source)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Preview: 4 applied, 1 conflict, 0 rejected (nothing written yet)." in body
    assert "assurance return.xlsx" in body
    assert "Reported to committee in June" in body
    assert body.count("✔ can be merged") == 3
    check_accessible(browser.page_source)
    check_page(browser)
    shot(browser, "returns-preview")

    press_tab_until(browser, lambda e: e.tag_name == "button" and e.text == "Merge")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: "Merged:" in browser.page_source)
    assert "Merged: 4 applied, 1 conflict, 0 rejected; the previous master is kept as master.bak.xlsx." \
        in browser.find_element(By.TAG_NAME, "body").text
    check_page(browser)
    shot(browser, "returns-merged")
    after = actions_values(folder / "master.xlsx")
    assert after["1"]["progress"] == "Reported to committee in June"
    assert after["2"]["status"] == "In progress"
    assert after["3"]["progress"] == "Assurance says: policy drafted"

    decisions_page(browser, folder)
    round_status(browser)
    audit_page(browser, folder)
    committee_page(browser)
    shutil.rmtree(folder / ".govsheet-serve", ignore_errors=True)


def decisions_page(browser: Any, folder: Path) -> None:
    """Decide the conflict with the keyboard: take the chief's value, with a note and a name."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    press_tab_until(browser, lambda e: e.text == "Decisions")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: browser.find_element(By.TAG_NAME, "h1").text == "Decisions")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "1 question waits for the team" in body
    assert "D1 · action 3 · Progress update · ⚠ conflict" in body
    check_accessible(browser.page_source)
    check_page(browser)
    shot(browser, "decisions")
    # a radio group takes one Tab; the arrow keys choose within it, as in every browser
    press_tab_until(browser, lambda e: e.get_attribute("id") == "later-1")
    type_keys(browser, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("id") == "take-1"
    press_tab_until(browser, lambda e: e.get_attribute("id") == "note-1")
    type_keys(browser, "the chief has the final word")
    press_tab_until(browser, lambda e: e.get_attribute("id") == "who")
    type_keys(browser, "A. Officer")
    press_tab_until(browser, lambda e: e.text == "Apply the decisions")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: "Decisions applied" in browser.page_source)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "✔ Done: 1 applied, 0 kept, 0 refused, 0 still open" in body
    decided = 'applied: D1 · action 3 · Progress update: "Assurance says: policy drafted" -> "Chief says: policy adopted"'
    assert decided in body
    assert "Nothing waits for a decision." in body
    check_page(browser)
    shot(browser, "decisions-applied")
    assert actions_values(folder / "master.xlsx")["3"]["progress"] == "Chief says: policy adopted"


def round_status(browser: Any) -> None:
    """Back on the Round page: every owner's return merged, nothing waiting for a decision."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    press_tab_until(browser, lambda e: e.text == "Round")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: browser.find_element(By.TAG_NAME, "h1").text == "Round")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "3 issued, 3 returned, 3 merged, 0 outstanding; 4 changes applied; 0 waiting for a decision." in body
    states = [row.find_elements(By.TAG_NAME, "td")[2].text
              for row in browser.find_elements(By.CSS_SELECTOR, "table.status tbody tr")]
    assert states == ["● Merged"] * 3
    check_page(browser)
    shot(browser, "round-status")


def audit_page(browser: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from govsheet import api

    press_tab_until(browser, lambda e: e.text == "Audit")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: browser.find_element(By.TAG_NAME, "h1").text == "Audit")
    log = api.read_audit(folder / "master.xlsx")
    assert [row[log.columns.index("Outcome")] for row in log.rows].count("decided") == 1
    assert f"Chain verified: the audit chain of {len(log.rows)} rows is intact" \
        in browser.find_element(By.TAG_NAME, "body").text
    check_page(browser)
    press_tab_until(browser, lambda e: e.get_attribute("id") == "q")
    type_keys(browser, "july", Keys.ENTER)
    wait_for(lambda: 'matching "july"' in browser.page_source)
    assert browser.find_element(By.TAG_NAME, "caption").text == '1 audit rows matching "july"'
    check_accessible(browser.page_source)
    shot(browser, "audit")


def committee_page(browser: Any) -> None:
    """Render with a filter, see the preview in the page, download the Word paper and read it."""
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    press_tab_until(browser, lambda e: e.text == "Committee")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: browser.find_element(By.TAG_NAME, "h1").text == "Committee")
    press_tab_until(browser, lambda e: e.get_attribute("id") == "where")
    type_keys(browser, "status != completed")
    press_tab_until(browser, lambda e: e.text == "Render")
    type_keys(browser, Keys.ENTER)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "iframe.preview"))
    check_accessible(browser.page_source)
    check_page(browser)
    assert "committee table (docx), 4 of 5 rows" in browser.find_element(By.TAG_NAME, "body").text
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.preview")
    browser.switch_to.frame(frame)
    assert "Reported to committee in June" in browser.find_element(By.TAG_NAME, "body").text
    browser.switch_to.default_content()
    shot(browser, "committee")
    press_tab_until(browser, lambda e: e.text == "committee.docx")
    type_keys(browser, Keys.ENTER)
    paper = wait_for(lambda: list(browser.downloads.glob("*.docx")))[0]
    wait_for(lambda: not list(browser.downloads.glob("*.crdownload")))

    text = "\n".join(cell.text for table in docx.Document(str(paper)).tables for row in table.rows
                     for cell in row.cells)
    assert "Reported to committee in June" in text
    assert "Chief says: policy adopted" in text  # the decision is in the paper
    assert "Done in May" not in text  # action 4 is completed, left out by the filter


def test_the_accessibility_check_finds_what_it_looks_for(browser: Any) -> None:
    """A page with one fault of each kind: the check names every one."""
    import urllib.parse

    page = ('<html><head><title>t</title><style>.pale{color:#999}a:focus{outline:none}</style></head><body>'
            '<h1>One</h1><h1>Two</h1><h4>Deep</h4><p class="pale">pale text</p><input id="bare">'
            '<img src="x.png"><a href="#x">go</a><button></button></body></html>')
    browser.get("data:text/html," + urllib.parse.quote(page))
    found = browser.execute_script(CHECK)
    problems = "\n".join(found["problems"])
    assert "the page has no lang" in problems
    assert "the page has 2 h1 headings" in problems
    assert "heading skips from h1: <h4> Deep" in problems
    assert "contrast 2.85:1 of rgb(153, 153, 153) on rgb(255,255,255): <p> pale text" in problems
    assert "form control without a label: <input id=bare>" in problems
    assert "image without alt: <img>" in problems
    assert "button or link without text: <button>" in problems
    assert "focus not visible: <a> go" in problems
