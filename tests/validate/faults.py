"""Plant known faults into copies of the seed master, each at a known cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# (code, cell) of every finding the planted faults must produce, and nothing else.
AGS_FAULTS = [
    ("header-renamed", "G1"),
    ("column-unknown", "J1"),
    ("not-a-date", "F8"),
    ("completed-without-progress", "I9"),
    ("date-as-number", "F10"),
    ("status-unknown", "G10"),
    ("date-as-text", "F11"),
    ("status-synonym", "G11"),
    ("status-misspelled", "G12"),
    ("key-duplicate", "A14"),
    ("derived-mismatch", "F14"),
    ("key-missing", "A15"),
    ("required-missing", "D16"),
    ("formula-in-cell", "C17"),
    ("formula-like-text", "I18"),
    ("merged-cells", "I19"),
    ("merged-hidden-cell", "I20"),
    ("parent-unknown", "B22"),
    ("pattern-mismatch", "A24"),
    ("overdue", "E26"),
]


def plant_ags_faults(src: Path, out: Path) -> Path:
    """Edit a copy of the ags-action-plan seed master with openpyxl so it shows every rule once."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    ws = wb["Actions"]
    ws["G1"] = "Status"  # an alias of "Progress status"
    ws["J1"] = "Notes"
    ws["F8"] = "not a date"
    ws["I9"] = None  # ref 3 is Completed
    ws["F10"] = 44286  # 31 March 2021 as a bare serial
    ws["F10"].number_format = "General"
    ws["G10"] = "In progrss"
    ws["F11"] = "31/03/2021"
    ws["G11"] = "Done"
    ws["G12"] = "Compleated"
    ws["A14"] = "7"
    ws["F14"] = dt.date(2020, 12, 31)  # target says October 2020
    ws["A15"] = None
    ws["D16"] = None
    ws["C17"] = "=SUM(1,2)"
    ws["I18"] = "@SUM(A1:A3)"
    ws.merge_cells("I19:I20")
    ws["B22"] = "99"
    ws["A24"] = "16-x"
    ws["E26"] = "January 2020"
    ws["F26"] = dt.date(2020, 1, 31)
    wb.save(out)
    return out
