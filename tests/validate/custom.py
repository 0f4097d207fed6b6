"""A schema with every constraint and a workbook made from scratch in it, for the value and header rules."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

CUSTOM_SCHEMA = {
    "name": "custom-tracker",
    "title": "Custom tracker",
    "primaryKey": "ref",
    "owner": "owner",
    "fields": [
        {"name": "ref", "title": "Ref", "constraints": {"required": True, "unique": True}},
        {"name": "owner", "title": "Owner", "type": "person", "constraints": {"required": True}},
        {"name": "score", "title": "Score", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
        {"name": "cost", "title": "Cost", "type": "number"},
        {"name": "kind", "title": "Kind", "constraints": {"enum": ["Audit", "Policy", "Training"]}},
        {"name": "code", "title": "Code", "constraints": {"unique": True, "maxLength": 4}},
        {"name": "due", "title": "Due", "type": "date"},
        {"name": "status", "title": "Status", "type": "status", "constraints": {"required": True}},
        {"name": "notes", "title": "Notes", "type": "text"},
    ],
    "statuses": [
        {"code": "open", "label": "Open", "colour": "#FFE699", "icon": "o"},
        {"code": "done", "label": "Done", "colour": "#C6EFCE", "icon": "x", "closed": True},
    ],
    "rules": [
        {"code": "overdue", "kind": "overdue", "date": "due", "status": "status", "severity": "warning",
         "message": "the action is past its due date; update it"},
    ],
}


def custom_workbook(tmp_path: Path, header: list[str], rows: list[list[object]], *,
                    date1904: bool = False) -> tuple[Path, Path]:
    schema = tmp_path / "custom.yaml"
    schema.write_text(yaml.safe_dump(CUSTOM_SCHEMA), encoding="utf-8")
    wb = openpyxl.Workbook()
    if date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Actions"
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / "custom.xlsx"
    wb.save(path)
    return path, schema


HEADER = ["Ref", "Owner", "Score", "Cost", "Kind", "Code", "Due", "Status", "Notes"]
