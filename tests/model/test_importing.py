"""The import report: each decision of the importer on one line, with the source lines it rests on."""

from __future__ import annotations

from govsheet.model.importing import ImportLog, ImportNote, ImportReport


def test_a_note_names_its_lines_key_and_kind() -> None:
    assert str(ImportNote(kind="join", lines=(12, 13), key="1a", message="joined a broken row")) == \
        "line 12, 13 [1a]: join: joined a broken row"
    assert str(ImportNote(kind="skip", message="a blank page")) == "-: skip: a blank page"


def test_the_log_freezes_into_the_report_text() -> None:
    log = ImportLog(source="seed.txt", schema_name="ags-action-plan", format="seed")
    log.rows = 1
    log.notes.append(ImportNote(kind="repair", lines=(4,), key="2", message="'Inprogress' read as 'In progress'"))
    report = log.report()
    assert isinstance(report, ImportReport)
    assert report.ok is True
    assert report.to_text() == ("govsheet import report: seed.txt\n"
                                "schema ags-action-plan, seed format, 1 row\n"
                                "\n"
                                "line 4 [2]: repair: 'Inprogress' read as 'In progress'\n")
    assert report.to_dict()["notes"] == [{"kind": "repair", "lines": [4], "key": "2",
                                          "message": "'Inprogress' read as 'In progress'"}]
    log.notes.clear()
    assert len(report.notes) == 1
