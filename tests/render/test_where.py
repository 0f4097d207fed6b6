"""The --where filter: what each expression keeps, and the one-line error for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.cli import main
from govsheet.errors import UsageError
from govsheet.render.table import build_table, open_tracker

from .conftest import TODAY


def keys(master: Path, where: str) -> list[str]:
    return [r.key for r in build_table(open_tracker(master), where=where, today=TODAY).rows]


@pytest.mark.parametrize(("where", "expected"), [
    ("status != completed", ["1", "1a", "1b", "3", "15", "15b"]),
    ("status = in-progress", ["1", "15b"]),
    ('status = "In progress"', ["1", "15b"]),
    ("status = ongoing", ["1", "15b"]),
    ("overdue", ["3"]),
    ("owner ~ Assurance", ["1", "2"]),
    ("owner ~ group manager and not closed", ["1", "15", "15b"]),
    ("officer !~ group", ["1a", "3", "1b"]),
    ("closed", ["2", "15a"]),
    ("open and (status = yet-to-start or ref = 1a)", ["1a", "3"]),
    ("target_date < 2021-01-01", ["3", "15a"]),
    ("target_date >= today", ["2", "15b"]),
    ("Progress status = completed OR key = 3", ["2", "3", "15a"]),
    ("parent = 15", ["15a", "15b"]),
])
def test_where_keeps_the_matching_rows_in_committee_order(handmade: Path, where: str, expected: list[str]) -> None:
    assert keys(handmade, where) == expected


@pytest.mark.parametrize(("where", "why"), [
    ("", "it is empty"),
    ("colour = red", "unknown field 'colour' (fields: ref, parent, action, officer, target, target_date, status, "
                     "progress, proposed_target, target_reason, original_target, target_revisions, owner, key)"),
    ("status = finished", "unknown status 'finished' (statuses: yet-to-start, in-progress, completed)"),
    ("status ~ comp", "a status can only be compared with = or !=, not '~'"),
    ("status =", "a comparison has no value"),
    ("status completed", "expected one of = != ~ !~ < <= > >= after 'status completed'"),
    ("(overdue", "a '(' is not closed"),
    ("overdue closed", "unexpected 'closed'"),
    ("officer < 3", "'<' compares dates or numbers; 'officer' is person"),
    ("target_date < soon", "'soon' is not a date (write 2021-03-31, 31/03/2021, March 2021 or today)"),
    ("__import__('os') = 1", "expected one of = != ~ !~ < <= > >= after '__import__'"),
    ("status = completed )", "unexpected ')'"),
    ("and = 1", "expected a field name, found 'and'"),
])
def test_a_bad_where_expression_says_why(handmade: Path, where: str, why: str) -> None:
    with pytest.raises(UsageError) as err:
        keys(handmade, where)
    assert str(err.value) == (f'bad --where expression "{where}": {why}; write e.g. "status != completed", '
                              '"overdue", "owner ~ Assurance and not closed"')


def test_render_with_a_bad_where_exits_2_with_one_line(handmade: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.html"
    with pytest.raises(SystemExit) as done:
        main(["render", str(handmade), "--format", "html", "-o", str(out), "--where", "colour = red"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        'govsheet: bad --where expression "colour = red": unknown field \'colour\' (fields: ref, parent, action, '
        'officer, target, target_date, status, progress, proposed_target, target_reason, original_target, '
        'target_revisions, owner, key); write e.g. "status != completed", '
        '"overdue", "owner ~ Assurance and not closed"\n')
    assert not out.exists()
