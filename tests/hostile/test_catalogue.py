"""The bad-input catalogue: every broken or hostile file against every command that reads workbooks.

Each (case, command) asserts the exact exit code, that the one line of complaint names the
file and the problem, that no traceback escapes, and that no file other than the requested
output changed (every input and the output folder are hashed before and after).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS
from tests.hostile import cases as c
from tests.hostile.conftest import snapshot
from tests.hostile.run import Result, run_cli, run_script


@dataclass(frozen=True)
class Case:
    """One bad input: how to build it, the file name it arrives under, and what govsheet must say."""

    build: Callable[[Path, Path], Path]
    name: str
    says: str  # a regular expression the complaint must match (case-insensitive)
    code: int = 2
    exempt: frozenset[str] = frozenset()  # commands that never read the broken part: they succeed, exit 0

    def code_for(self, cmd_id: str) -> int:
        return 0 if cmd_id in self.exempt else self.code


DAMAGED = r"damaged|truncated|cannot be read"
NOT_A_TRACKER = r"sheet|header|column|metadata|not a govsheet|schema"

CASES: dict[str, Case] = {
    "empty-file": Case(c.empty, "empty.xlsx", r"is empty"),
    "text-named-xlsx": Case(c.text_file, "minutes.xlsx", r"not an Excel workbook|not a zip"),
    "truncated-zip": Case(c.truncated, "truncated.xlsx", DAMAGED),
    "zip-not-xlsx": Case(c.zip_not_xlsx, "archive.xlsx", r"not an Excel workbook|not a complete workbook"),
    "docx-named-xlsx": Case(c.docx_as_xlsx, "letter.xlsx", r"not an Excel workbook|not a complete workbook"),
    "ods-named-xlsx": Case(c.ods_as_xlsx, "calc.xlsx", r"OpenDocument|not an Excel workbook|not a complete workbook"),
    "xlsb-named-xlsx": Case(c.xlsb_as_xlsx, "binary.xlsx", r"\.xlsb"),
    "duplicate-part-names": Case(c.duplicate_part, "twins.xlsx", r"same name|duplicate"),
    "lzma-compressed-part": Case(c.lzma_part, "lzma.xlsx", r"compression"),
    "zip-encrypted-part": Case(c.zip_encrypted_flag, "zipcrypto.xlsx", r"encrypted|password"),
    "legacy-xls": Case(c.legacy_xls, "legal.xls", r"legacy \.xls"),
    "legacy-xls-named-xlsx": Case(c.legacy_xls, "legal-renamed.xlsx", r"legacy \.xls"),
    "encrypted-aes": Case(c.corpus("excelize-encryptAES.xlsx"), "encrypted-aes.xlsx", r"encrypted|password"),
    "encrypted-agile": Case(c.corpus("calamine-pass_protected.xlsx"), "encrypted-agile.xlsx",
                            r"encrypted|password"),
    "zip-bomb": Case(c.zip_bomb, "bomb.xlsx", r"zip bomb"),
    "zip-bomb-lying-header": Case(lambda s, d: c.zip_bomb(s, d, lie=True), "liar.xlsx",
                                  r"damaged|bomb|declared size"),
    "high-ratio-part": Case(c.high_ratio_part, "ratio.xlsx", r"zip bomb|ratio"),
    "billion-laughs-sheet": Case(c.entity(c.SHEET1, "laughs"), "laughs-sheet.xlsx", r"entit"),
    "billion-laughs-sst": Case(c.entity(c.SST, "laughs"), "laughs-sst.xlsx", r"entit"),
    "billion-laughs-workbook": Case(c.entity(c.WORKBOOK, "laughs"), "laughs-workbook.xlsx", r"entit"),
    "billion-laughs-padded": Case(c.padded_laughs, "laughs-padded.xlsx", r"entit"),
    "external-entity-sheet": Case(c.entity(c.SHEET1, "xxe"), "xxe-sheet.xlsx", r"entit"),
    "external-entity-sst": Case(c.entity(c.SST, "xxe"), "xxe-sst.xlsx", r"entit"),
    "external-entity-workbook": Case(c.entity(c.WORKBOOK, "xxe"), "xxe-workbook.xlsx", r"entit"),
    "cell-over-32767": Case(c.long_cell, "long-cell.xlsx", r"32,767", exempt=frozenset({"audit"})),
    "cell-at-XFD1048576": Case(c.far_cell, "far-cell.xlsx", r"GOVSHEET_MAX_ROWS|GOVSHEET_MAX_CELLS",
                               exempt=frozenset({"edit"})),
    "actions-sheet-renamed": Case(c.actions_renamed, "renamed.xlsx", r"Actions",
                                  exempt=frozenset({"audit", "import"})),  # import takes the first sheet of a source
    "date-out-of-range": Case(c.date_out_of_range, "far-date.xlsx", r"date", exempt=frozenset({"audit", "edit"})),
    "missing-shared-strings": Case(c.missing_part(c.SST), "no-sst.xlsx", r"shared strings|sharedStrings|" + DAMAGED),
    "excel-lock-file": Case(c.corpus("~$LoadPivotTables.xlsx"), "~$master.xlsx", r"lock file"),
    # ../shared/corpus/bad/, as its README describes them
    "bad-encrypt-sha1": Case(c.corpus("excelize-encryptSHA1.xlsx"), "encryptSHA1.xlsx", r"encrypted|password"),
    "bad-poi-58616": Case(c.corpus("poi-58616.xlsx"), "poi-58616.xlsx", r"encrypted|password"),
    "bad-fuzzed-ole": Case(c.corpus("poi-crash-9bf3cd4bd6f50a8a9339d363c2c7af14b536865c.xlsx"), "crash-ole.xlsx",
                           r"encrypted|password|legacy"),
    "bad-crc-rels": Case(c.corpus("calamine-issue252.xlsx"), "issue252.xlsx", DAMAGED),
    "bad-crc-sheet8": Case(c.corpus("poi-clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx"),
                           "fuzz-sheet8.xlsx", DAMAGED + "|" + NOT_A_TRACKER),
    "bad-not-zip-372-bytes": Case(c.corpus("poi-clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx"),
                                  "fuzz-372.xlsx", DAMAGED + r"|not a zip"),
    "bad-central-directory": Case(c.corpus("poi-crash-274d6342e4842d61be0fb48eaadad6208ae767ae.xlsx"),
                                  "crash-cd.xlsx", DAMAGED),
    "bad-local-header": Case(c.corpus("poi-clusterfuzz-testcase-minimized-POIFuzzer-5040805309710336.xlsx"),
                             "fuzz-local.xlsx", DAMAGED + r"|not an Excel workbook"),
    "bad-xml-bomb": Case(c.corpus("poi-poc-xmlbomb.xlsx"), "xmlbomb.xlsx", r"entit|zip bomb|ratio"),
    "bad-shared-strings-bomb": Case(c.corpus("poi-poc-shared-strings.xlsx"), "sst-bomb.xlsx",
                                    DAMAGED + r"|zip bomb|ratio|" + NOT_A_TRACKER),
    "bad-invalid-xml": Case(c.corpus("exceljs-invalid-xml.xlsx"), "invalid-xml.xlsx", DAMAGED + "|" + NOT_A_TRACKER),
    "bad-missing-worksheet": Case(c.corpus("poi-xlsx-corrupted.xlsx"), "corrupted.xlsx", DAMAGED),
    "bad-malformed-sst-count": Case(c.corpus("poi-MalformedSSTCount.xlsx"), "sst-count.xlsx", NOT_A_TRACKER),
    "bad-missing-bits": Case(c.corpus("exceljs-missing-bits.xlsx"), "missing-bits.xlsx",
                             r"not an Excel workbook|not a complete workbook|" + DAMAGED),
    "bad-empty-zip": Case(c.corpus("poi-invalid.xlsx"), "invalid.xlsx", r"empty zip"),
    "bad-no-sheets": Case(c.corpus("excelize-BadWorkbook.xlsx"), "no-sheets.xlsx", NOT_A_TRACKER),
    "bad-strict-ooxml": Case(c.corpus("poi-SimpleStrict.xlsx"), "strict.xlsx", NOT_A_TRACKER),
    "bad-ns-prefix": Case(c.corpus("calamine-nonstandard-xml-ns-prefix.xlsx"), "ns-prefix.xlsx", NOT_A_TRACKER),
}


@dataclass(frozen=True)
class Command:
    """How a command is pointed at the bad file: argv from (bad file, workspace, output folder)."""

    name: str
    argv: Callable[[Path, Callable[[str], Path], Path], list[str]]
    report_on_stdout: bool = False  # merge reports an unreadable return as "not merged" in its report, exit 1
    base: str = "master"  # the good file the case is made from: "master" or "return"


COMMANDS_UNDER_TEST: dict[str, Command] = {
    "import": Command("import", lambda b, _w, o: ["import", str(b), "--schema", "ags-action-plan",
                                                  "-o", str(o / "new.xlsx")]),
    "validate": Command("validate", lambda b, _w, _o: ["validate", str(b), "--schema", "ags-action-plan"]),
    "validate-no-schema": Command("validate", lambda b, _w, _o: ["validate", str(b)]),
    "validate-annotate": Command("validate", lambda b, _w, o: ["validate", str(b), "--schema", "ags-action-plan",
                                                               "--annotate", str(o / "annotated.xlsx")]),
    "issue": Command("issue", lambda b, _w, o: ["issue", str(b), "-o", str(o / "returns")]),
    "merge-as-master": Command("merge", lambda b, w, _o: ["merge", str(b), str(w("return"))]),
    "merge-as-return": Command("merge", lambda b, w, _o: ["merge", str(w("master")), str(b)],
                               report_on_stdout=True, base="return"),
    "merge-dry-run": Command("merge", lambda b, w, _o: ["merge", str(w("master")), str(b), "--dry-run"],
                             report_on_stdout=True, base="return"),
    "diff-old": Command("diff", lambda b, w, _o: ["diff", str(b), str(w("master"))]),
    "diff-new": Command("diff", lambda b, w, _o: ["diff", str(w("master")), str(b)]),
    "render": Command("render", lambda b, _w, o: ["render", str(b), "--format", "html",
                                                  "-o", str(o / "committee.html")]),
    "edit": Command("edit", lambda b, _w, o: ["edit", str(b), "--set", "Actions!B2=x", "-o", str(o / "edited.xlsx")]),
    "roll": Command("roll", lambda b, _w, o: ["roll", str(b), "--round", "2025-Q1", "-o", str(o / "next.xlsx")]),
    "audit": Command("audit", lambda b, _w, _o: ["audit", str(b), "--verify"]),
}

# (case, command) pairs where govsheet is known to do the wrong thing, with what happens; the owner fixes them.
KNOWN_WRONG: dict[tuple[str, str], str] = {}


def _params() -> list[object]:
    params = []
    for case_id in CASES:
        for cmd_id, cmd in COMMANDS_UNDER_TEST.items():
            marks: list[pytest.MarkDecorator] = []
            if cmd.name not in COMMANDS:
                marks.append(pytest.mark.skip(reason=f"'govsheet {cmd.name}' has not landed yet"))
            elif (case_id, cmd_id) in KNOWN_WRONG:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[(case_id, cmd_id)]))
            params.append(pytest.param(case_id, cmd_id, id=f"{case_id}-{cmd_id}", marks=marks))
    return params


@pytest.fixture(scope="session")
def base_master_path(base_files: dict[str, Path]) -> Path:
    return base_files["master"]


def check_refusal(result: Result, bad: Path, case: Case, cmd: Command, code: int) -> None:
    """The command said one clear line about the bad file and exited with the case's code."""
    assert "Traceback" not in result.output, result.output
    err_lines = [line for line in result.err.splitlines() if line.strip()]
    reported = cmd.report_on_stdout and not err_lines and code == 2  # 2: "could not run"
    if reported:
        code = 1  # merge ran: the return it could not read is reported as not merged, as data to look at
    assert result.code == code, f"exit {result.code}, expected {code}\n{result.output}"
    if code == 0:
        return
    if reported:
        lines = [line for line in result.out.splitlines() if line.startswith("not merged: ") and bad.name in line]
        assert len(lines) == 1, result.output
        complaint = lines[0]
    else:
        assert len(err_lines) == 1, f"stderr should be one line:\n{result.err}"
        complaint = err_lines[0]
    assert bad.name in complaint, f"the message does not name the file: {complaint}"
    assert re.search(case.says, complaint, re.IGNORECASE), f"the message does not say /{case.says}/: {complaint}"


@pytest.mark.parametrize(("case_id", "cmd_id"), _params())
def test_bad_input(case_id: str, cmd_id: str, tmp_path: Path, workspace: Callable[[str], Path]) -> None:
    case, cmd = CASES[case_id], COMMANDS_UNDER_TEST[cmd_id]
    base = workspace(cmd.base)
    bad = case.build(base, tmp_path / "in" / case.name)
    base.unlink()  # the base is only material for the case; the command gets fresh copies below
    out = tmp_path / "out"
    out.mkdir()
    argv = cmd.argv(bad, workspace, out)
    before = snapshot(tmp_path)

    started = time.monotonic()
    result = run_cli(argv)
    elapsed = time.monotonic() - started

    assert elapsed < 15, f"took {elapsed:.1f} s"  # bounded time, even on a busy CI machine
    code = case.code_for(cmd_id)
    check_refusal(result, bad, case, cmd, code)
    after = snapshot(tmp_path)
    if code == 0:  # it ran: only its requested output (in out/) may be new
        after = {k: v for k, v in after.items() if not k.startswith("out/")}
    assert after == before, "a file other than the requested output changed"


SCRIPT_CASES = ["empty-file", "encrypted-aes", "zip-bomb", "billion-laughs-sst", "cell-over-32767", "date-out-of-range"]


@pytest.mark.parametrize("case_id", SCRIPT_CASES)
@pytest.mark.parametrize("cmd_id", ["import", "validate"])
def test_bad_input_real_script(case_id: str, cmd_id: str, tmp_path: Path, workspace: Callable[[str], Path]) -> None:
    """The same refusals through a real interpreter and the console entry point, as an officer runs it."""
    case, cmd = CASES[case_id], COMMANDS_UNDER_TEST[cmd_id]
    base = workspace("master")
    bad = case.build(base, tmp_path / "in" / case.name)
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(tmp_path)
    result = run_script(cmd.argv(bad, workspace, out), timeout=60)
    check_refusal(result, bad, case, cmd, case.code_for(cmd_id))
    assert snapshot(tmp_path) == before
