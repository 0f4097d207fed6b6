"""Small real trackers and officer edits made with openpyxl, for the returns-cycle tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema

SCHEMA = load_schema("ags-action-plan")
ROWS = [
    # ref, officer, status, progress
    ("1", "Group Manager – Assurance", "In progress", "Reporting monthly"),
    ("2", "Chief Executive", "Yet to start", None),
    ("3", "Group Manager Assurance; Chief Executive", "In progress", "Draft agreed"),
    ("4", "Service Director – Customers, Governance and Employees", "Completed", "Done in May"),
    ("5", "Chief Executive", "In progress", "=SUM(1,2)"),
]


def small_tracker(rows: list[tuple[str, str, str, str | None]] | None = None) -> Tracker:
    actions = [
        Action(values={"ref": ref, "parent": None, "action": f"Action {ref}", "officer": officer,
                       "target": "March 2021", "target_date": None, "status": status, "progress": progress})
        for ref, officer, status, progress in (rows or ROWS)
    ]
    return Tracker(schema_name=SCHEMA.name, round="2020/21 Q3", actions=actions)


def make_master(path: Path, rows: list[tuple[str, str, str, str | None]] | None = None) -> Path:
    return write_master(small_tracker(rows), SCHEMA, path, round_label="2020/21 Q3")


def header_map(ws: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def find_row(ws: Any, ref: str) -> int:
    for r in range(2, ws.max_row + 1):
        if str(ws.cell(r, 1).value) == ref:
            return r
    raise KeyError(ref)


def edit(path: Path, edits: dict[tuple[str, str], Any], *, out: Path | None = None) -> Path:
    """Change cells of a workbook's Actions sheet like an officer in Excel: (ref, column title) -> value."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    cols = header_map(ws)
    for (ref, title), value in edits.items():
        ws.cell(find_row(ws, ref), cols[title]).value = value
    wb.save(out or path)
    return out or path


def actions_values(path: Path) -> dict[str, dict[str, Any]]:
    """The master's Actions rows by ref, as calamine reads them."""
    from govsheet.workbook.read import read_actions

    table = read_actions(path, SCHEMA)
    return {str(r.values["ref"]): r.values for r in table.rows}


@dataclass
class Cycle:
    master: Path
    returns: dict[str, Path]  # owner -> return file
    ids: dict[str, str]  # owner -> return id


def new_cycle(folder: Path) -> Cycle:
    """A small master in ``folder`` and the returns issued from it (in folder/returns)."""
    from govsheet import api

    master = make_master(folder / "master.xlsx")
    issued = api.issue(master, folder / "returns")
    return Cycle(master, {r.owner: r.path for r in issued.returns}, {r.owner: r.return_id for r in issued.returns})
