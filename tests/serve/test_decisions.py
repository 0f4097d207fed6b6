"""The Decisions page over HTTP: open questions from the page's merges, decided on the page or by upload."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="govsheet[serve] is not installed")

from starlette.testclient import TestClient

from govsheet import api
from govsheet.serve.app import create_app
from tests.returns.helpers import actions_values, edit
from tests.serve.helpers import BASE, PORT, check_accessible, csrf, three_returns
from tests.serve.test_app import XLSX, settle, upload


def merged_with_a_conflict(client: TestClient, folder: Path, tmp_path: Path) -> Any:
    """Merge the three returns on the page: action 3's progress is a conflict between two officers."""
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    preview = upload(client, list(returns.values()))
    batch = str(preview.url).rsplit("/", 1)[1]
    merged = settle(client, client.post(f"/returns/{batch}/merge",
                                        data={"csrf": csrf(preview.text), "use": ["001", "002", "003"]}))
    assert "Merged: 4 applied, 1 conflict, 0 rejected" in merged.text
    assert '<a href="/decisions">Decide the conflicts, rejected edits and requests</a>' in merged.text
    page = client.get("/decisions")
    assert page.status_code == 200
    return page


def question_key(page: str) -> str:
    found = re.findall(r'name="choice-([^"]+)" id="keep-1"', page)
    assert len(found) == 1
    return found[0]


def form(page: str, **answers: str) -> dict[str, str]:
    """The Decisions form as the page sends it: its token, the questions it showed, the answers."""
    asked = re.search(r'name="asked" value="([^"]+)"', page)
    return {"csrf": csrf(page), "asked": asked.group(1) if asked else "", **answers}


def last_audit_row(master: Path) -> dict[str, str]:
    log = api.read_audit(master)
    return dict(zip(log.columns, log.rows[-1], strict=True))


def test_a_merge_leaves_its_conflict_open_on_the_page(client: TestClient, folder: Path, tmp_path: Path) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    text = page.text
    assert "1 question waits for the team" in text
    assert "D1 · action 3 · Progress update · " in text
    assert "<dd>Assurance says: policy drafted</dd>" in text  # the master's value after the merge
    assert "<dd>Chief says: policy adopted</dd>" in text
    check_accessible(text)
    assert len(list((folder / "decisions").glob("decisions-*.xlsx"))) == 1  # the merge's, kept
    shown = list((folder / ".govsheet-serve" / "asked").glob("decisions-*.xlsx"))
    assert len(shown) == 1
    assert f"download>{shown[0].name}</a>" in text
    round_page = client.get("/").text
    assert '<dd><a href="/decisions">1 question</a></dd>' in round_page
    totals = "3 merged, 0 outstanding; 4 changes applied; 1 waiting for a decision (1 conflict, 0 rejected, 0 requests)."
    assert totals in round_page
    assert round_page.count('<span aria-hidden="true">● </span>Merged</span>') == 3
    assert '<a href="/decisions">1: 1 conflict, 0 rejected, 0 requests</a>' in round_page


def test_a_carried_question_says_its_issued_value_was_not_recorded(client: TestClient, folder: Path,
                                                                   tmp_path: Path) -> None:
    import openpyxl

    from govsheet.decisions.workbook import DECISIONS_SHEET, RECORD_SHEET

    issued = actions_values(folder / "master.xlsx")["3"]["progress"]
    assert issued  # the seed's text, so a blank cannot pass for it
    page = merged_with_a_conflict(client, folder, tmp_path)
    # the merge's own workbook knows the value the return was issued with, from the return itself
    (own,) = (folder / "decisions").glob("decisions-*.xlsx")
    sheet = openpyxl.load_workbook(own)[DECISIONS_SHEET]
    assert [sheet["A1"].value, sheet["H1"].value, sheet["A2"].value, sheet["H2"].value] == [
        "Id", "When issued", "D1", issued]
    # the page asks from the Audit sheet, which keeps no baseline: said so, not left blank
    assert "<dt>When issued</dt><dd>not recorded</dd>" in page.text
    (shown,) = (folder / ".govsheet-serve" / "asked").glob("decisions-*.xlsx")
    book = openpyxl.load_workbook(shown)
    assert [book[DECISIONS_SHEET]["A2"].value, book[DECISIONS_SHEET]["H2"].value] == ["D1", "not recorded"]
    record = [c.value for c in book[RECORD_SHEET][1]]
    assert record[5] == "baseline"
    assert book[RECORD_SHEET].cell(2, 6).value == ""  # the hidden record holds no invented value


def test_taking_the_officers_value_is_resolved_and_audited(client: TestClient, folder: Path,
                                                          tmp_path: Path) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    key = question_key(page.text)
    done = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "take",
                                                 f"note-{key}": "the chief has the final word", "who": "A. Officer"}))
    assert done.status_code == 200
    assert "Done: 1 applied, 0 kept, 0 refused, 0 still open; the previous master is kept as master.bak.xlsx" \
        in done.text
    assert ("applied: D1 · action 3 · Progress update: &#34;Assurance says: policy drafted&#34; -&gt; "
            "&#34;Chief says: policy adopted&#34;") in done.text
    assert "Nothing waits for a decision." in done.text
    assert "<dt>Waiting for a decision</dt><dd>none</dd>" in client.get("/").text
    check_accessible(done.text)
    master = folder / "master.xlsx"
    assert actions_values(master)["3"]["progress"] == "Chief says: policy adopted"
    last = last_audit_row(master)
    assert [last[c] for c in ("Owner", "Ref", "Field", "Old value", "New value", "Outcome")] == [
        "A. Officer", "3", "progress", "Assurance says: policy drafted", "Chief says: policy adopted", "decided"]
    assert last["Reason"] == "take the officer's (D1); note: the chief has the final word"
    assert re.fullmatch(r"decisions-[0-9-]+-answered-[0-9-]+\.xlsx", last["Source file"])
    assert len(list((folder / "decisions" / "answered").glob("*.xlsx"))) == 1
    again = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "keep"}))  # sent twice
    assert again.status_code == 200
    assert "Done: 0 applied, 0 kept, 0 refused, 0 still open, 1 decided before" in again.text
    assert actions_values(master)["3"]["progress"] == "Chief says: policy adopted"
    none = client.post("/decisions/apply", data=form(page.text, who="A. Officer"))  # every question left for later
    assert none.status_code == 400
    assert "Error: no question was decided; choose keep, take or another value for at least one" in none.text


def test_another_value_and_a_stale_question(client: TestClient, folder: Path, tmp_path: Path) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    key = question_key(page.text)
    empty = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "other"}))
    assert "Error: 0 applied, 0 kept, 1 refused, 0 still open" in empty.text
    assert "refused: D1 · action 3 · Progress update: &#39;Another value&#39; needs the value in the Value column" \
        in empty.text
    master = folder / "master.xlsx"
    edit(master, {("3", "Progress update"): "Typed into the master by hand"})
    stale = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "other",
                                                                    f"value-{key}": "Policy adopted in May"}))
    assert ("refused: D1 · action 3 · Progress update: the master has changed since (it now holds &#34;Typed into the "
            "master by hand&#34;); decide it again after the next merge") in stale.text
    assert actions_values(master)["3"]["progress"] == "Typed into the master by hand"
    assert "D1 · action 3" in client.get("/decisions").text  # still open


def test_a_decisions_workbook_filled_in_excel_is_uploaded_and_resolved(client: TestClient, folder: Path,
                                                                      tmp_path: Path) -> None:
    import openpyxl

    page = merged_with_a_conflict(client, folder, tmp_path)
    kept = next((folder / "decisions").glob("decisions-*.xlsx"))
    filled = tmp_path / "our decisions.xlsx"
    wb = openpyxl.load_workbook(kept)
    ws = wb["Decisions"]
    ws["K2"], ws["M2"], ws["N2"] = "Keep the master", "agreed at the team meeting", "B. Lead"
    wb.save(filled)
    uploads = folder / ".govsheet-serve" / "uploads"
    before = set(uploads.iterdir())  # the returns' batch
    done = client.post("/decisions/upload", data={"csrf": csrf(page.text)},
                       files=[("workbook", ("our decisions.xlsx", filled.read_bytes(), XLSX))])
    assert done.status_code == 200
    assert "Done: 0 applied, 1 kept, 0 refused, 0 still open" in done.text
    assert "kept: D1 · action 3 · Progress update: the master&#39;s value kept" in done.text
    last = last_audit_row(folder / "master.xlsx")
    assert [last["Owner"], last["Outcome"], last["New value"]] == ["B. Lead", "decided", "Assurance says: policy drafted"]
    assert last["Source file"].endswith("-our decisions.xlsx")
    assert set(uploads.iterdir()) == before


def test_an_upload_that_is_not_a_decisions_workbook_is_one_line_and_not_kept(client: TestClient, folder: Path,
                                                                            tmp_path: Path) -> None:
    page = client.get("/decisions")
    assert "Nothing waits for a decision." in page.text
    return_file = api.issue(folder / "master.xlsx", tmp_path / "issued").returns[0].path
    refused = client.post("/decisions/upload", data={"csrf": csrf(page.text)},
                          files=[("workbook", ("../../evil.xlsx", return_file.read_bytes(), XLSX))])
    assert refused.status_code == 400
    found = re.findall(r'<p class="error" role="alert">(.*?)</p>', refused.text)
    assert len(found) == 1
    assert found[0].endswith("-evil.xlsx: is not a govsheet decisions workbook; write one with &#39;govsheet "
                             "merge ... --decisions FILE.xlsx&#39;")
    assert not list((folder / "decisions" / "answered").iterdir())
    assert not (folder.parent / "evil.xlsx").exists()


def test_decisions_forms_need_the_token(client: TestClient, folder: Path, tmp_path: Path) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    key = question_key(page.text)
    assert client.post("/decisions/apply", data={**form(page.text), "csrf": "", f"choice-{key}": "take"}).status_code \
        == 403
    upload_refused = client.post("/decisions/upload", data={"csrf": "wrong"},
                                 files=[("workbook", ("x.xlsx", b"PK", XLSX))])
    assert upload_refused.status_code == 403
    odd = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "delete"}))
    assert odd.status_code == 400
    assert "Error: &#34;delete&#34; is not a decision the page offers; reload the page" in odd.text
    assert actions_values(folder / "master.xlsx")["3"]["progress"] == "Assurance says: policy drafted"


def test_deciding_while_another_write_runs_is_refused(client: TestClient, folder: Path, tmp_path: Path) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    key = question_key(page.text)
    state = client.app.state.site.state  # type: ignore[attr-defined]
    with state.writing():
        busy = client.post("/decisions/apply", data=form(page.text, **{f"choice-{key}": "take"}))
    assert busy.status_code == 409
    assert "another change is running; wait for it to finish and try again" in busy.text


def test_the_decisions_page_without_a_master_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    page = TestClient(create_app(empty, port=PORT), base_url=BASE).get("/decisions")
    assert page.status_code == 400
    found = re.findall(r'<p class="error" role="alert">(.*?)</p>', page.text)
    assert found == [f'<span aria-hidden="true">✖ </span>Error: {empty}: holds no master workbook (*.xlsx); '
                     "put the round&#39;s master in it"]


@pytest.mark.parametrize("asked", ["", "20990101-000000-000000", "../../master"])
def test_answers_to_a_page_the_server_did_not_show_are_one_line(client: TestClient, folder: Path, tmp_path: Path,
                                                                asked: str) -> None:
    page = merged_with_a_conflict(client, folder, tmp_path)
    got = client.post("/decisions/apply", data={**form(page.text, **{"choice-D1": "take"}), "asked": asked})
    assert got.status_code == 400
    assert "Error: the questions on that page are no longer known; reload the Decisions page" in got.text
    assert actions_values(folder / "master.xlsx")["3"]["progress"] == "Assurance says: policy drafted"


def test_an_extension_request_is_approved_on_the_page(client: TestClient, folder: Path, tmp_path: Path) -> None:
    master = folder / "master.xlsx"
    issued = api.issue(master, tmp_path / "sent")
    chief = next(r.path for r in issued.returns if r.owner == "Chief Executive")
    edit(chief, {("2", "Proposed target"): "December 2021", ("2", "Reason for new target"): "The review moved"})
    preview = upload(client, [chief])
    # counted as the command line counts it, and shown as a request: its own icon and words, never as rejected
    assert "Preview: 2 applied, 0 conflicts, 0 rejected, 1 extension request (nothing written yet)." in preview.text
    assert '<span aria-hidden="true">✔ </span>can be merged, 1 extension request</span>' in preview.text
    request_row = ('<tr class="requested"><td><span aria-hidden="true">⏱ </span>extension request</td><td>2</td>'
                   "<td>Target date for completion</td><td>March 2021</td><td>December 2021</td>"
                   "<td>extension requested: March 2021 → December 2021 (reason: The review moved)</td></tr>")
    assert request_row in preview.text
    assert preview.text.count("✖") == 0
    batch = str(preview.url).rsplit("/", 1)[1]
    merged = settle(client, client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text), "use": ["001"]}))
    assert "Merged: 2 applied, 0 conflicts, 0 rejected, 1 extension request; the previous master is kept as" \
        in merged.text
    assert request_row in merged.text
    assert merged.text.count("✖") == 0
    page = client.get("/decisions")
    text = page.text
    assert "D1 · action 2 · Target date for completion · " in text
    assert "</span>extension request</span></legend>" in text
    assert "<dt>Current target</dt><dd>March 2021</dd>" in text
    assert "<dt>Proposed target</dt><dd>December 2021</dd>" in text
    assert "<dt>Officer's reason</dt><dd>The review moved</dd>" in text
    assert '<label for="take-1">Approve the new target</label>' in text
    check_accessible(text)
    done = client.post("/decisions/apply", data=form(text, **{"choice-D1": "take", "who": "C. Chair"}))
    assert "Done: 1 applied, 0 kept, 0 refused, 0 still open" in done.text
    row = actions_values(master)["2"]
    assert row["target"] == "December 2021"
    last = last_audit_row(master)
    assert [last["Owner"], last["Field"], last["Old value"], last["New value"], last["Outcome"]] == [
        "C. Chair", "target", "March 2021", "December 2021", "decided"]
