"""Every pair of (master edit, return edit) on a small real tracker: a conflict iff both hit one cell."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from govsheet import api
from govsheet.workbook.read import read_actions
from govsheet.xlsx import Book
from tests.returns.helpers import SCHEMA, edit, make_master

CE = "Chief Executive"
ROWS = [
    ("2", CE, "In progress", "note 2"),
    ("3", CE, "In progress", "note 3"),
    ("4", "Group Manager - ICT", "In progress", "note 4"),
    ("5", CE, "In progress", "note 5"),
]
# (ref, column title, field, value the team sets in the master, a different value the officer sets)
CELLS = [(ref, title, field, team, officer)
         for ref in ("2", "3", "5")
         for title, field, team, officer in (("Progress status", "status", "Yet to start", "Completed"),
                                             ("Progress update", "progress", "Team words", "Officer words"))]


def test_every_pair_of_edits_conflicts_iff_both_changed_the_same_cell_differently(tmp_path: Path) -> None:
    master0 = make_master(tmp_path / "master0.xlsx", ROWS)
    return0 = api.issue(master0, tmp_path / "issued", owners=[CE]).returns[0].path
    table = read_actions(master0, SCHEMA)
    where = {str(r.values["ref"]): r.number for r in table.rows}
    seen = 0
    for (i, m_cell), (j, r_cell) in itertools.product(enumerate(CELLS), repeat=2):
        for same in ((False, True) if i == j else (False,)):
            seen += 1
            master = tmp_path / f"m-{seen}.xlsx"
            ret = tmp_path / f"r-{seen}.xlsx"
            shutil.copyfile(master0, master)
            shutil.copyfile(return0, ret)
            m_ref, _, m_field, m_value, _ = m_cell
            r_ref, r_title, r_field, r_team, r_officer = r_cell
            book = Book.open(master)
            book.sheet("Actions").set(table.cell(m_field, where[m_ref]), m_value)
            book.save()
            edit(ret, {(r_ref, r_title): r_team if same else r_officer})
            report = api.merge(master, [ret])
            got = [(c.key, c.field, c.outcome) for c in report.changes]
            if i != j:
                assert got == [(r_ref, r_field, "applied")], (m_cell, r_cell)
            elif same:
                assert got == [], (m_cell, r_cell)
            else:
                assert got == [(r_ref, r_field, "conflict")], (m_cell, r_cell)
            after = read_actions(master, SCHEMA).rows
            value = {str(r.values["ref"]): r.values for r in after}
            assert value[m_ref][m_field] == m_value  # the team's edit is never overwritten by a conflict
    assert seen == len(CELLS) ** 2 + len(CELLS)
