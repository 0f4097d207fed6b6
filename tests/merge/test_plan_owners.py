"""Whose rows are whose during a merge: each row's owners worked out when a return asks, from the rows as they are."""

from __future__ import annotations

from govsheet.merge.plan import row_owner_keys
from govsheet.returns.directory import Directory, Owner, row_owners
from govsheet.schemas import load_schema
from govsheet.workbook.read import Row

SCHEMA = load_schema("ags-action-plan")


def rows() -> dict[str, Row]:
    return {
        "1": Row(2, {"ref": "1", "parent": None, "officer": "Head of Finance"}),
        "1a": Row(3, {"ref": "1a", "parent": "1", "officer": "Group Manager – Assurance"}),
        "2": Row(4, {"ref": "2", "parent": None, "officer": "Chief Executive and Head of Finance"}),
    }


DIRECTORY = Directory(owners=[
    Owner(name="Head of Finance", also=["Head of Finance", "Chief Executive and Head of Finance"]),
    Owner(name="Group Manager Assurance", also=["Group Manager – Assurance"]),
    Owner(name="Chief Executive", also=["Chief Executive and Head of Finance"]),
], from_sheet=True)


def test_a_row_belongs_to_its_officers_and_a_sub_item_to_its_parents_too() -> None:
    master = rows()
    owners = row_owner_keys(SCHEMA, master, DIRECTORY)
    assert owners.get("1") == {"head of finance"}
    assert owners.get("1a") == {"group manager assurance", "head of finance"}
    assert owners.get("2") == {"head of finance", "chief executive"}
    assert owners.get("9") == set()  # no such row in the master
    # the same reading as the directory's for every row at once
    values = {k: r.values for k, r in master.items()}
    assert row_owners(values, SCHEMA, DIRECTORY) == {
        "1": ["Head of Finance"], "1a": ["Group Manager Assurance", "Head of Finance"],
        "2": ["Head of Finance", "Chief Executive"]}


def test_owners_follow_the_rows_as_an_earlier_return_of_the_run_changed_them() -> None:
    master = rows()
    owners = row_owner_keys(SCHEMA, master, DIRECTORY)
    assert owners.get("1a") == {"group manager assurance", "head of finance"}
    master["1"].values["officer"] = "Chief Executive and Head of Finance"
    master["1a"].values["parent"] = None
    assert owners.get("1") == {"head of finance", "chief executive"}
    assert owners.get("1a") == {"group manager assurance"}


def test_without_an_owners_sheet_the_reading_import_would_make_is_used() -> None:
    owners = row_owner_keys(SCHEMA, rows(), None)
    assert owners.get("1") == {"head of finance"}
    assert "head of finance" in owners.get("1a")
