"""A round folder on a small real master, a test client at the app's own address, page checks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from govsheet import api
from tests.returns.helpers import edit, make_master

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def round_folder(root: Path) -> Path:
    folder = root / "round"
    folder.mkdir()
    make_master(folder / "master.xlsx")
    return folder


def three_returns(master: Path, out: Path) -> dict[str, Path]:
    """Three officers' returns, edited as in Excel: two applied updates and one conflict on action 3."""
    issued = {r.owner: r.path for r in api.issue(master, out).returns}
    assurance = issued["Group Manager – Assurance"]
    chief = issued["Chief Executive"]
    customers = issued["Service Director – Customers, Governance and Employees"]
    edit(assurance, {("1", "Progress update"): "Reported to committee in June",
                     ("3", "Progress update"): "Assurance says: policy drafted"})
    edit(chief, {("2", "Progress status"): "In progress", ("3", "Progress update"): "Chief says: policy adopted"})
    edit(customers, {("4", "Progress update"): "Closed in July"})
    return {"assurance": assurance, "chief": chief, "customers": customers}


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


class PageShape(HTMLParser):
    """What the accessibility check needs: lang, h1 count, inputs and the labels pointing at them."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.inputs: list[str] = []
        self.labels: set[str] = set()
        self.roles: list[str] = []
        self.unnamed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.inputs.append(a.get("id", f"<{tag} name={a.get('name')}> without id"))
        elif tag == "iframe" and not a.get("title"):
            self.unnamed.append("iframe")
        if a.get("role") in {"status", "alert"}:
            self.roles.append(a["role"])


def check_accessible(html: str) -> PageShape:
    """Every input labelled, one h1, a lang attribute; status lines carry words, not only colour."""
    shape = PageShape()
    shape.feed(html)
    assert shape.lang == "en"
    assert shape.h1 == 1
    unlabelled = [i for i in shape.inputs if i not in shape.labels]
    assert unlabelled == []
    assert shape.unnamed == []
    for line in re.findall(r'<p class="(?:ok|error)" role="(?:status|alert)">(.*?)</p>', html, re.DOTALL):
        text = re.sub(r"<[^>]+>", "", line).replace("✔", "").replace("✖", "").strip()
        assert re.match(r"(Done|Error|Chain verified|Chain broken|Merged): \S", text), text
    return shape
