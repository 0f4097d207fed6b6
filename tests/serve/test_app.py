"""Every route of govsheet serve over HTTP, with Starlette's test client at the app's own address."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="govsheet[serve] is not installed")

from starlette.testclient import TestClient

from govsheet import api
from govsheet.serve.app import create_app
from tests.hostile.cases import legacy_xls, zip_bomb
from tests.returns.helpers import actions_values
from tests.serve.helpers import BASE, PORT, check_accessible, csrf, three_returns

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def settle(client: TestClient, got: Any) -> Any:
    """Follow a busy page's refreshes until the check or merge behind it is done."""
    deadline = time.monotonic() + 60
    while 'http-equiv="refresh"' in got.text:
        assert time.monotonic() < deadline, "the page stayed busy"
        time.sleep(0.05)
        got = client.get(str(got.url))
    return got


def upload(client: TestClient, paths: list[Path], *, token: str | None = None,
           names: list[str] | None = None) -> Any:
    if token is None:
        token = csrf(client.get("/returns").text)
    files = [("files", ((names or [p.name for p in paths])[i], p.read_bytes(), XLSX)) for i, p in enumerate(paths)]
    return settle(client, client.post("/returns/upload", data={"csrf": token} if token else {}, files=files))


def test_round_page_shows_the_master_round_rows_and_owners(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<dd>2020/21 Q3</dd>" in page.text
    assert "<dd>5</dd>" in page.text
    assert "<tr><td>Chief Executive</td><td>3</td>" in page.text
    assert page.text.count('<span aria-hidden="true">◌ </span>Not issued</span>') == 3
    totals = ("<p>3 owners, 6 rows: 0 issued, 0 returned, 0 merged, 0 outstanding, 3 not issued; 0 changes applied; "
              "0 waiting for a decision.</p>")
    assert totals in page.text
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    check_accessible(page.text)


def test_issue_writes_returns_and_the_zip_holds_them(client: TestClient, folder: Path) -> None:
    token = csrf(client.get("/").text)
    done = client.post("/issue", data={"csrf": token, "due": "2021-01-31"}, follow_redirects=True)
    assert done.status_code == 200
    assert "Done: 3 returns issued into returns/" in done.text
    assert done.text.count('<span aria-hidden="true">▲ </span>Late (') == 3  # due long ago, nothing returned
    assert "<td>chief-executive.xlsx</td>\n<td>2021-01-31</td>" in done.text
    check_accessible(done.text)
    names = sorted(p.name for p in (folder / "returns").glob("*.xlsx"))
    assert names == ["chief-executive.xlsx", "group-manager-assurance.xlsx",
                     "service-director-customers-governance-and-employees.xlsx"]
    got = client.post("/returns.zip", data={"csrf": token})
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/zip"
    assert sorted(zipfile.ZipFile(io.BytesIO(got.content)).namelist()) == names


def test_issue_writes_an_e_mail_draft_per_owner_and_reminders_for_the_late(client: TestClient) -> None:
    import email

    token = csrf(client.get("/").text)
    done = client.post("/issue", data={"csrf": token, "due": "2021-01-31", "mail": "1"}, follow_redirects=True)
    assert "Done: 3 returns issued into returns/, with 3 e-mail drafts" in done.text
    invitations = zipfile.ZipFile(io.BytesIO(client.post("/invitations.zip", data={"csrf": token}).content))
    assert sorted(invitations.namelist()) == ["chief-executive.eml", "group-manager-assurance.eml",
                                              "service-director-customers-governance-and-employees.eml"]
    draft = email.message_from_bytes(invitations.read("chief-executive.eml"))
    assert [part.get_filename() for part in draft.walk() if part.get_filename()] == ["chief-executive.xlsx"]
    assert "by Sunday 31 January 2021" in " ".join(str(draft["Subject"]).split())
    reminders = zipfile.ZipFile(io.BytesIO(client.post("/reminders.zip", data={"csrf": token}).content))
    assert sorted(reminders.namelist()) == ["reminder-chief-executive.eml", "reminder-group-manager-assurance.eml",
                                            "reminder-service-director-customers-governance-and-employees.eml"]
    late = email.message_from_bytes(reminders.read("reminder-chief-executive.eml"))
    assert " ".join(str(late["Subject"]).split()).startswith("Reminder: your return for 2020/21 Q3")


def test_drafts_before_issuing_say_what_to_do(client: TestClient) -> None:
    token = csrf(client.get("/").text)
    none = client.post("/invitations.zip", data={"csrf": token})
    assert none.status_code == 400
    assert "returns: holds no e-mail drafts; issue the returns with the e-mail drafts ticked" in none.text
    nobody = client.post("/reminders.zip", data={"csrf": token})
    assert nobody.status_code == 400
    assert "Error: no return is late or outstanding; nobody needs a reminder" in nobody.text


def test_issue_with_a_bad_due_date_is_one_line(client: TestClient) -> None:
    token = csrf(client.get("/").text)
    page = client.post("/issue", data={"csrf": token, "due": "31/01/2021"})
    assert page.status_code == 400
    assert 'Error: due date "31/01/2021" is not YYYY-MM-DD' in html.unescape(page.text)
    assert "Traceback" not in page.text


def test_zip_before_issuing_says_what_to_do(client: TestClient) -> None:
    token = csrf(client.get("/").text)
    page = client.post("/returns.zip", data={"csrf": token})
    assert page.status_code == 400
    assert "holds no returns yet; press Issue returns first" in page.text


def test_upload_previews_then_merge_applies(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    preview = upload(client, list(returns.values()))
    assert preview.status_code == 200
    assert re.search(r"/returns/[0-9a-f]{16}$", str(preview.url))
    text = preview.text
    assert text.count("✔ </span>can be merged") == 3
    assert "Preview: 4 applied, 1 conflict, 0 rejected (nothing written yet)." in text
    assert "<td>Reported to committee in June</td>" in text
    assert "<td>Chief says: policy adopted</td>" in text
    check_accessible(text)
    before = actions_values(folder / "master.xlsx")
    assert before["1"]["progress"] == "Reporting monthly"
    batch = str(preview.url).rsplit("/", 1)[1]
    merged = settle(client, client.post(f"/returns/{batch}/merge",
                                        data={"csrf": csrf(text), "use": ["001", "002", "003"]}))
    assert merged.status_code == 200
    assert "Merged: 4 applied, 1 conflict, 0 rejected; the previous master is kept as master.bak.xlsx." in merged.text
    check_accessible(merged.text)
    after = actions_values(folder / "master.xlsx")
    assert after["1"]["progress"] == "Reported to committee in June"
    assert after["2"]["status"] == "In progress"
    assert after["4"]["progress"] == "Closed in July"
    assert after["3"]["progress"] == "Assurance says: policy drafted"  # the chief's conflicting edit is not applied
    assert (folder / "master.bak.xlsx").is_file()
    assert list((folder / ".govsheet-serve" / "uploads" / batch).glob("*.xlsx"))


def test_merge_only_the_ticked_returns(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    preview = upload(client, [returns["customers"], returns["assurance"]])
    batch = str(preview.url).rsplit("/", 1)[1]
    none = client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text)})
    assert none.status_code == 400
    assert "Error: no return chosen can be merged; tick at least one return that can be merged" in none.text
    merged = settle(client, client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text), "use": ["001"]}))
    assert "Merged: 1 applied, 0 conflicts, 0 rejected" in merged.text
    after = actions_values(folder / "master.xlsx")
    assert after["4"]["progress"] == "Closed in July"
    assert after["1"]["progress"] == "Reporting monthly"
    again = client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text), "use": ["001"]})
    assert again.status_code == 400
    assert "Error: these returns are being merged or were merged already; upload them again" in again.text


def test_merge_while_another_write_runs_is_refused(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    preview = upload(client, [returns["customers"]])
    batch = str(preview.url).rsplit("/", 1)[1]
    state = client.app.state.site.state  # type: ignore[attr-defined]
    with state.writing():
        busy = client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text), "use": ["001"]})
    assert busy.status_code == 409
    assert "another change is running; wait for it to finish and try again" in busy.text
    assert actions_values(folder / "master.xlsx")["4"]["progress"] == "Done in May"


def test_unknown_batch_is_one_line(client: TestClient) -> None:
    page = client.get("/returns/0123456789abcdef")
    assert page.status_code == 400
    assert "Error: these uploads are no longer known; upload the returns again" in page.text


def test_audit_page_verifies_and_filters(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    api.merge(folder / "master.xlsx", list(returns.values()))
    page = client.get("/audit")
    assert page.status_code == 200
    assert "Chain verified: the audit chain of 5 rows is intact" in page.text
    assert "<caption>5 audit rows</caption>" in page.text
    check_accessible(page.text)
    found = client.get("/audit", params={"q": "closed in JULY"})
    assert '<caption>1 audit rows matching "closed in JULY"</caption>' in found.text
    assert "<td>Closed in July</td>" in found.text
    assert "Reported to committee in June" not in found.text


def test_audit_shows_a_broken_chain(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    api.merge(folder / "master.xlsx", list(returns.values()))
    import openpyxl

    book = openpyxl.load_workbook(folder / "master.xlsx")  # forged by hand: govsheet edit refuses the Audit sheet
    book["Audit"]["H3"] = "forged"
    book.save(folder / "master.xlsx")
    page = client.get("/audit")
    assert "Chain broken: " in page.text
    assert 'class="tampered"' in page.text


def test_committee_renders_three_formats_and_previews_html(client: TestClient, folder: Path) -> None:
    token = csrf(client.get("/committee").text)
    page = client.post("/committee/render", data={"csrf": token, "where": "status != completed"})
    assert page.status_code == 200
    check_accessible(page.text)
    links = dict(re.findall(r'<a href="(/download/[^"]+)" download>([^<]+)</a>', page.text))
    assert sorted(links.values()) == ["committee.docx", "committee.html", "committee.xlsx"]
    assert "4 of 5 rows" in page.text
    by_name = {name: href for href, name in links.items()}
    docx = client.get(by_name["committee.docx"])
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    assert 'filename="committee.docx"' in docx.headers["content-disposition"]
    frame = re.search(r'<iframe [^>]*src="([^"]+)"', page.text)
    assert frame
    inline = client.get(frame.group(1).replace("&amp;", "&"))
    assert inline.headers["content-type"].startswith("text/html")
    assert inline.headers["content-security-policy"].startswith("sandbox;")
    assert "content-disposition" not in inline.headers
    assert (folder / "outputs" / "committee.html").is_file()


def test_committee_bad_where_is_one_line(client: TestClient) -> None:
    token = csrf(client.get("/committee").text)
    page = client.post("/committee/render", data={"csrf": token, "where": "colour == blue"})
    assert page.status_code == 400
    assert page.text.count('role="alert"') == 1
    assert "Traceback" not in page.text


def test_download_master_and_nothing_else(client: TestClient, folder: Path) -> None:
    master = client.get("/download/master")
    assert master.content == (folder / "master.xlsx").read_bytes()
    for path in ["/download/xyz", "/download/..%2Fmaster.xlsx", "/download/%2Fetc%2Fpasswd", "/static/",
                 "/static/../app.py", "/outputs/", "/.govsheet-serve/"]:
        got = client.get(path)
        assert got.status_code == 404, path
        assert got.text.startswith("govsheet: "), path


def test_a_folder_without_master_is_one_line(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path, port=PORT), base_url=BASE)
    page = client.get("/")
    assert page.status_code == 400
    assert "holds no master workbook (*.xlsx); put the round&#39;s master in it" in page.text
    check_accessible(page.text)


# -- hostile requests -------------------------------------------------------------------------


def test_foreign_host_is_refused(folder: Path) -> None:
    for base in ["http://evil.example:8765", "http://127.0.0.1:9999", "http://testserver"]:
        got = TestClient(create_app(folder, port=PORT), base_url=base).get("/")
        assert got.status_code == 421, base
        assert got.text == "govsheet: this page answers only at its own address (127.0.0.1:8765)"
    assert TestClient(create_app(folder, port=PORT), base_url="http://localhost:8765").get("/").status_code == 200


@pytest.mark.parametrize("path", ["/issue", "/returns.zip", "/invitations.zip", "/reminders.zip", "/committee/render",
                                  "/returns/0123456789abcdef/merge", "/decisions/apply"])
def test_posts_without_the_token_are_refused(client: TestClient, folder: Path, path: str) -> None:
    for data in [{}, {"csrf": "forged"}]:
        got = client.post(path, data=data)
        assert got.status_code == 403
        assert got.text == "govsheet: the form's security token is missing or wrong; reload the page and try again"
    assert not (folder / "returns").exists()


def test_upload_without_the_token_is_refused_and_nothing_kept(client: TestClient, folder: Path,
                                                              tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    got = upload(client, [returns["chief"]], token="")
    assert got.status_code == 403
    assert list((folder / ".govsheet-serve" / "uploads").iterdir()) == []


def test_zip_bomb_and_xls_are_refused_one_line_each(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    liar = zip_bomb(returns["chief"], tmp_path / "liar.xlsx", megabytes=300, lie=True)
    honest = zip_bomb(returns["chief"], tmp_path / "honest.xlsx", megabytes=300)
    xls = legacy_xls(returns["chief"], tmp_path / "old.xlsx")
    page = upload(client, [liar, honest, xls, returns["customers"]],
                  names=["liar.xlsx", "honest.xlsx", "old.xls", "customers.xlsx"])
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*<td>\s*(.*?)</td>", page.text, re.DOTALL)
    checks = {name: " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()) for name, text in rows}
    assert checks["liar.xlsx"].startswith("✖ cannot be read: is damaged or crafted: part xl/worksheets/sheet2.xml does "
                                          "not match its checksum or inflates past its declared size")
    assert checks["honest.xlsx"] == ("✖ cannot be read: part xl/worksheets/sheet2.xml inflates 1011 times its size, "
                                     "over the ratio limit 200 (GOVSHEET_MAX_RATIO); it looks like a zip bomb")
    assert checks["old.xls"] == ("✖ cannot be read: is a legacy .xls workbook; open it in Excel or LibreOffice and "
                                 "save it as .xlsx")
    assert checks["customers.xlsx"] == "✔ can be merged"
    assert "Preview: 1 applied, 0 conflicts, 0 rejected (nothing written yet)." in page.text
    assert "Traceback" not in page.text


def test_oversized_upload_is_refused_and_removed(folder: Path, tmp_path: Path) -> None:
    client = TestClient(create_app(folder, port=PORT, max_upload_bytes=64 * 1024), base_url=BASE)
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + bytes(200 * 1024))
    got = upload(client, [big])
    assert got.status_code == 413
    assert "Error: the upload is larger than 1 MB; send fewer or smaller files (GOVSHEET_MAX_UPLOAD sets the limit)" \
        in got.text
    assert list((folder / ".govsheet-serve" / "uploads").iterdir()) == []


def test_oversized_stream_without_length_is_cut_off(folder: Path) -> None:
    client = TestClient(create_app(folder, port=PORT, max_upload_bytes=64 * 1024), base_url=BASE)
    token = csrf(client.get("/returns").text)
    boundary = "b0undary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()

    def body() -> object:
        yield head
        for _ in range(100):
            yield bytes(4096)

    got = client.post("/returns/upload", content=body(),
                      headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert got.status_code == 413
    assert list((folder / ".govsheet-serve" / "uploads").iterdir()) == []


def test_a_dotdot_file_name_never_becomes_a_path(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    page = upload(client, [returns["customers"]], names=["../../outside/evil.xlsx"])
    assert page.status_code == 200
    assert "<td>evil.xlsx</td>" in page.text
    kept = list((folder / ".govsheet-serve" / "uploads").rglob("*.xlsx"))
    assert [p.name for p in kept] == ["001-evil.xlsx"]
    assert not (tmp_path / "outside").exists()
    assert not (folder.parent / "outside").exists()


def test_upload_with_no_file_is_one_line(client: TestClient) -> None:
    token = csrf(client.get("/returns").text)
    got = client.post("/returns/upload", data={"csrf": token}, files=[("files", ("", b"", XLSX))])
    assert got.status_code == 400
    assert "Error: no file was chosen; pick one or more returns" in got.text
    check_accessible(got.text)


def test_upload_not_multipart_is_one_line(client: TestClient) -> None:
    got = client.post("/returns/upload", data={"csrf": "x"})
    assert got.status_code == 400
    assert "the form was not sent as a file upload" in got.text


# -- the command ------------------------------------------------------------------------------


def test_serve_without_the_extra_exits_2_naming_it(folder: Path) -> None:
    code = ("import sys; sys.modules['starlette'] = None\n"
            "import importlib.util as u; real = u.find_spec\n"
            "u.find_spec = lambda n, *a: None if n == 'starlette' else real(n, *a)\n"
            "from govsheet.cli import main; main(['serve', sys.argv[1]])")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == ("govsheet: govsheet serve needs the serve extra (starlette missing); install it with: "
                           "pip install 'govsheet[serve]'\n")


def test_serve_is_listed_in_help() -> None:
    from click.testing import CliRunner

    from govsheet.cli import cli

    result = CliRunner().invoke(cli, ["--help"])
    assert "serve     Run the local web page for a round folder (127.0.0.1 only)." in result.output


def test_a_bad_value_is_rejected_and_shown_at_its_cell(client: TestClient, folder: Path, tmp_path: Path) -> None:
    from tests.returns.helpers import edit

    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    edit(returns["customers"], {("4", "Progress status"): "Finished-ish"})
    page = upload(client, [returns["customers"]])
    text = html.unescape(page.text)
    assert "✔ </span>can be merged, 1 edits rejected" in text
    assert "Preview: 1 applied, 0 conflicts, 1 rejected (nothing written yet)." in text
    problems = re.findall(r"<li>(error: .*?)</li>", text)
    assert len(problems) == 1
    assert problems[0].startswith('error: Actions!G2: status "Finished-ish" is not one of ')
    assert problems[0].endswith("[status-unknown]")


def test_serve_prints_its_address_and_answers_there_only(folder: Path) -> None:
    import os
    import socket
    import time

    import httpx2 as httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen([sys.executable, "-c", "from govsheet.cli import main; main()", "serve", str(folder),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == f"govsheet serve: {folder.resolve()} at http://127.0.0.1:{port}/ (Ctrl+C stops it)\n"
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert page.status_code == 200
        assert "<dd>2020/21 Q3</dd>" in page.text
        foreign = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": f"rebound.example:{port}"}, timeout=5)
        assert foreign.status_code == 421
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_busy_batch_shows_its_progress_and_refreshes(client: TestClient) -> None:
    state = client.app.state.site.state  # type: ignore[attr-defined]
    batch = state.new_batch()
    batch.busy, batch.done, batch.total = "merging", 12, 40
    page = client.get(f"/returns/{batch.id}")
    assert '<meta http-equiv="refresh" content="1">' in page.text
    assert "Merging the returns: 12 of 40 done. This page refreshes itself; closing it loses nothing." in page.text
    assert '<progress id="progress" max="40" value="12">12 of 40</progress>' in page.text
    check_accessible(page.text)


def test_a_merge_finishes_when_nobody_is_watching(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    preview = upload(client, [returns["customers"]])
    batch = str(preview.url).rsplit("/", 1)[1]
    gone = client.post(f"/returns/{batch}/merge", data={"csrf": csrf(preview.text), "use": ["001"]},
                       follow_redirects=False)
    assert gone.status_code == 303
    assert gone.headers["location"] == f"/returns/{batch}"
    deadline = time.monotonic() + 60
    while actions_values(folder / "master.xlsx")["4"]["progress"] != "Closed in July":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "Merged: 1 applied" in settle(client, client.get(f"/returns/{batch}")).text


def test_an_upload_of_only_bad_files_offers_no_merge(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    xls = legacy_xls(returns["chief"], tmp_path / "old.xlsx")
    page = upload(client, [xls], names=["old.xls"])
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "cannot be read: is a legacy .xls workbook; open it in Excel or LibreOffice and save it as .xlsx" in text
    assert 'name="use"' not in text
    assert ">Merge</button>" not in text
    assert "Nothing here can be merged; fix the files and upload them again." in text
    check_accessible(page.text)


def test_a_master_removed_before_the_check_is_one_line(client: TestClient, folder: Path, tmp_path: Path) -> None:
    returns = three_returns(folder / "master.xlsx", tmp_path / "sent")
    token = csrf(client.get("/returns").text)
    (folder / "master.xlsx").unlink()
    page = upload(client, [returns["chief"]], token=token)
    assert "Error: " in page.text
    assert "holds no master workbook (*.xlsx); put the round&#39;s master in it" in page.text
    assert "Traceback" not in page.text
