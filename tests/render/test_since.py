"""The committee paper grouped by what moved since the last report, on seed 000 after scripted rounds.

The rounds are in ``since_round``: officers' returns edited with openpyxl and merged, a roll, and
the team's decisions on targets as Audit rows. Each format is read back with its own library:
openpyxl for xlsx, html.parser for HTML, python-docx for Word.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import UsageError
from tests.cli.helpers import invoke

from .since_round import CHANGES, FIRST, HEADINGS, SECOND, TODAY, one_round, two_rounds

HEADING = re.compile(r"^(\d)\. (.+) \((\d+) actions?\)$")


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_rounds(tmp_path_factory.mktemp("since"))


@pytest.fixture(scope="module")
def papers(master: Path) -> dict[str, Path]:
    out = {}
    for fmt in ("xlsx", "html", "docx"):
        out[fmt] = master.with_name(f"paper.{fmt}")
        api.render(master, fmt, out[fmt], layout="since", today=TODAY)
    return out


def expected_overdue(master: Path) -> list[str]:
    """From the Actions sheet with openpyxl: not completed, a target date before today, not scripted."""
    import openpyxl

    wb = openpyxl.load_workbook(master, read_only=True)
    rows = list(wb["Actions"].iter_rows(values_only=True))
    wb.close()
    head = list(rows[0])
    ref, date, status = head.index("Ref"), head.index("Target (as date)"), head.index("Progress status")
    return [str(r[ref]) for r in rows[1:] if r[date] is not None and r[date].date() < TODAY
            and r[status] != "Completed" and str(r[ref]) not in {"2", "5", "6", "9"}]


# --- xlsx --------------------------------------------------------------------------------------------------------

def xlsx_sections(path: Path) -> tuple[dict[str, list[str]], dict[str, int], dict[str, str], list[str]]:
    """Keys per section heading, the count in each heading, each key's change words, and the top lines."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Committee table"]
    sections: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    changes: dict[str, str] = {}
    current = last_key = ""
    for r in range(7, ws.max_row + 1):
        text = str(ws.cell(r, 1).value or "")
        if m := HEADING.match(text):
            current = m[2]
            sections[current] = []
            counts[current] = int(m[3])
        elif text.startswith("What changed: "):
            changes[last_key] = text.removeprefix("What changed: ")
        elif re.fullmatch(r"\d{1,3}[a-z]?", text) and ws.cell(r, 2).value:
            sections.setdefault(current, []).append(text)
            last_key = text
    top = [str(ws.cell(r, 1).value or "") for r in range(1, 7)]
    return sections, counts, changes, top


def test_xlsx_puts_known_actions_in_known_sections_with_their_counts(master: Path, papers: dict[str, Path]) -> None:
    sections, counts, _, _ = xlsx_sections(papers["xlsx"])
    assert list(sections) == HEADINGS
    assert sections["Completed since the last report"] == ["2"]
    assert sections["Revised targets (approved) and extensions requested"] == ["5", "6", "9"]
    overdue = expected_overdue(master)
    assert "11" in overdue
    assert "15a" in overdue
    assert sections["Overdue"] == overdue
    opened = sections["Open and on track"]
    assert opened[:6] == ["1", "1a", "1b", "1c", "1d", "1e"]  # sub-items without a status go with their parent
    assert not set(opened) & (set(overdue) | set(CHANGES))
    assert sections["Overdue"][1] == "11"  # started since the last report, and overdue
    assert counts == {"Completed since the last report": 1, "Revised targets (approved) and extensions requested": 3,
                      "Overdue": len(overdue), "Open and on track": len(opened) - 5}
    # every row of the master is in exactly one section
    assert sorted(k for keys in sections.values() for k in keys) == sorted(
        str(r.values["ref"]) for r in api.read_tracker(master).actions)


def test_xlsx_says_each_change_in_words_and_counts_the_sections_in_the_summary(papers: dict[str, Path]) -> None:
    import openpyxl

    _, counts, changes, top = xlsx_sections(papers["xlsx"])
    assert changes == CHANGES
    assert top[0] == f"Annual Governance Statement action plan: {SECOND}"
    assert top[1] == f"Position at 1 February 2021; changes since the {FIRST} report"
    assert top[3] == "Actions by section: " + "; ".join(f"{h}: {counts[h]}" for h in HEADINGS)
    wb = openpyxl.load_workbook(papers["xlsx"])
    summary = wb["Summary"]
    assert [(summary.cell(r, 4).value, summary.cell(r, 5).value) for r in range(4, 9)] == [
        ("Section", "Actions"), *((h, counts[h]) for h in HEADINGS)]
    # the header row is printed on every page, below the section counts
    assert wb["Committee table"].print_title_rows == "$6:$6"
    assert [c.value for c in wb["Committee table"][6]][:2] == ["Ref", "Planned Action"]


def test_the_default_round_is_the_one_before_the_current(master: Path, papers: dict[str, Path]) -> None:
    explicit = master.with_name("explicit.xlsx")
    api.render(master, "xlsx", explicit, since=FIRST, today=TODAY)  # --since alone groups too
    assert xlsx_sections(explicit)[:3] == xlsx_sections(papers["xlsx"])[:3]


def test_the_ungrouped_table_stays_and_can_show_the_changes(master: Path) -> None:
    plain = master.with_name("plain.xlsx")
    written = api.render(master, "xlsx", plain, today=TODAY)
    assert written.what == "committee table (xlsx), 25 of 25 rows"
    sections, _, changes, top = xlsx_sections(plain)
    assert list(sections) == [""]
    assert changes == {}
    assert top[1] == "Position at 1 February 2021"
    table = master.with_name("table-since.xlsx")
    api.render(master, "xlsx", table, since=FIRST, layout="table", today=TODAY)
    sections, _, changes, _ = xlsx_sections(table)
    assert list(sections) == [""]
    assert changes == CHANGES


# --- HTML --------------------------------------------------------------------------------------------------------

class Page(HTMLParser):
    """The section headings, and the keys and change words of the rows under each."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.changes: dict[str, str] = {}
        self.summary: list[tuple[str, str]] = []
        self._in: str | None = None
        self._text = ""
        self._key = ""
        self._current = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h2":
            self._in, self._text = "h2", ""
        elif tag == "th" and a.get("scope") == "row":
            self._in, self._text = "key", ""
        elif tag == "td" and a.get("class") == "change":
            self._in, self._text = "change", ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._in == "h2":
            self._current = self._text
            self.sections[self._current] = []
        elif tag == "th" and self._in == "key":
            key = self._text.removeprefix("Sub-item ")
            if self._current:
                self.sections[self._current].append(key)
                self._key = key
        elif tag == "td" and self._in == "change":
            self.changes[self._key] = self._text.removeprefix("What changed: ")
        else:
            return
        self._in = None


def test_html_has_the_sections_as_headings_with_counts_and_the_changes_in_words(
        master: Path, papers: dict[str, Path]) -> None:
    text = papers["html"].read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    sections, counts, _, _ = xlsx_sections(papers["xlsx"])
    assert list(page.sections) == [f"{i}. {h} ({counts[h]} action{'' if counts[h] == 1 else 's'})"
                                   for i, h in enumerate(HEADINGS, start=1)]
    assert list(page.sections.values()) == list(sections.values())
    assert page.changes == CHANGES
    # each section's table has its own header row and a caption; the counts are in the summary too
    assert text.count('<table class="committee">') == text.count("<thead>") - 2 == 4
    for h in HEADINGS:
        assert f'<tr><th scope="row">{h}</th><td>{counts[h]}</td></tr>' in text.replace("&amp;", "&")
    assert f"changes since the {FIRST} report" in text


# --- Word --------------------------------------------------------------------------------------------------------

def test_docx_has_a_heading_and_a_table_per_section_with_the_changes_in_words(papers: dict[str, Path]) -> None:
    import docx

    doc = docx.Document(str(papers["docx"]))
    sections, counts, _, _ = xlsx_sections(papers["xlsx"])
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"{i}. {h} ({counts[h]} action{'' if counts[h] == 1 else 's'})"
                        for i, h in enumerate(HEADINGS, start=1)]
    assert len(doc.tables) == len(HEADINGS)
    changes: dict[str, str] = {}
    for table, keys in zip(doc.tables, sections.values(), strict=True):
        assert [c.text for c in table.rows[0].cells][:2] == ["Ref", "Planned Action"]
        assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml
        found, key = [], ""
        for row in table.rows[1:]:
            first = row.cells[0].text
            if first.startswith("What changed: "):
                changes[key] = first.removeprefix("What changed: ")
            elif re.fullmatch(r"\s*\d{1,3}[a-z]?", first):
                key = first.strip()
                found.append(key)
        assert found == keys
    assert changes == CHANGES
    assert any(p.text == "Actions by section: " + "; ".join(f"{h}: {counts[h]}" for h in HEADINGS)
               for p in doc.paragraphs)


# --- one round only, and the command line -----------------------------------------------------------------------

def test_a_master_of_one_round_shows_every_change_since_it_was_set_up(tmp_path: Path) -> None:
    master = one_round(tmp_path)
    out = tmp_path / "paper.xlsx"
    written = api.render(master, "xlsx", out, layout="since", today=TODAY)
    sections, counts, changes, top = xlsx_sections(out)
    assert top[1] == "Position at 1 February 2021; changes since the tracker was set up"
    assert list(sections) == [*HEADINGS, "Completed before the last report"]
    assert sections["Completed since the last report"] == ["4"]
    assert sections["Revised targets (approved) and extensions requested"] == []
    assert sections["Completed before the last report"] == ["3", "15b"]  # completed when imported
    assert changes == {"4": "In progress → Completed"}
    assert "completed since the last report 1" in written.what
    import openpyxl

    ws = openpyxl.load_workbook(out)["Committee table"]
    cells = [str(ws.cell(r, 1).value or "") for r in range(1, ws.max_row + 1)]
    empty = cells.index("2. Revised targets (approved) and extensions requested (0 actions)")
    assert cells[empty + 1] == "No targets were revised and no extensions were requested."
    assert counts["Completed before the last report"] == 2


def test_since_an_unknown_round_is_one_line_listing_the_rounds(master: Path, capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    code, out, err = invoke(["render", str(master), "--format", "html", "-o", str(tmp_path / "p.html"),
                             "--since", "2019/20 Q1"], capsys)
    assert code == 2
    assert out == ""
    assert err == (f'govsheet: {master}: --since "2019/20 Q1" is not a round of this master (its rounds: '
                   f'"{FIRST}", "{SECOND}" (current)); give the round of the last report: "{FIRST}"\n')
    assert not (tmp_path / "p.html").exists()


def test_since_the_current_round_is_refused(master: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        api.render(master, "docx", tmp_path / "p.docx", since=SECOND)
    assert str(caught.value) == (f'{master}: --since "{SECOND}" is the current round; give the round of the last '
                                 f'report: "{FIRST}"')


def test_the_command_line_groups_with_layout_since(master: Path, capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    out_file = tmp_path / "paper.docx"
    code, out, err = invoke(["render", str(master), "--format", "docx", "-o", str(out_file), "--layout", "since",
                             "--today", "2021-02-01"], capsys)
    assert (code, err) == (0, "")
    assert out == (f"{out_file}: committee table (docx), 25 of 25 rows; completed since the last report 1, revised "
                   "targets (approved) and extensions requested 3, overdue 5, open and on track 11\n")


# --- the hand-made master: a parent without a status, a target changed without a decision ------------------------

def test_a_target_changed_without_a_decision_is_revised_but_not_approved(handmade: Path, tmp_path: Path) -> None:
    """Action 3's target set with ``govsheet edit`` (an ``edited`` Audit row), not through a decision."""
    import datetime as dt

    from govsheet.render.since import group_since
    from govsheet.render.table import build_table, open_tracker

    from .conftest import TODAY as HANDMADE_TODAY

    api.edit(handmade, ["Actions!E5:=June 2021"], reason="agreed at the meeting", by="Clerk")
    source = open_tracker(handmade)
    table = group_since(build_table(source, today=HANDMADE_TODAY), source, api.read_audit(handmade).rows,
                        since=None)
    placed = {s.code: [(r.key, r.level) for r in s.rows] for s in table.sections}
    counts = {s.code: s.count for s in table.sections}
    today = dt.datetime.now(dt.UTC).date()
    changes = {r.key: r.change for r in table.rows if r.change}
    assert changes == {"3": f"target September 2020 → June 2021, changed {today.day} {today:%b %Y} "
                            "(no approval recorded)"}
    assert placed == {"completed": [], "revised": [("3", 0)], "overdue": [],
                      "open": [("1", 0), ("1a", 1), ("1b", 1), ("15b", 0)],
                      "completed-before": [("2", 0), ("15", 0), ("15a", 1)]}
    # 15 has no status: its parts are counted, not it; 1a and 1b go with 1 and are not counted
    assert counts == {"completed": 0, "revised": 1, "overdue": 0, "open": 2, "completed-before": 2}


def test_a_workbook_without_an_audit_sheet_cannot_be_grouped(handmade: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "returns"
    issued = api.issue(handmade, folder)
    ret = issued.returns[0].path
    code, out, err = invoke(["render", str(ret), "--format", "html", "-o", str(tmp_path / "p.html"), "--layout",
                             "since"], capsys)
    assert (code, out) == (2, "")
    assert err == f"govsheet: {ret}: has no 'Audit' sheet; is it a govsheet master?\n"
