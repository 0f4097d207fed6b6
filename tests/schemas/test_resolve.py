"""A workbook carries its schema: commands after import need no --schema, and a changed copy is noticed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from govsheet import api
from govsheet.errors import UsageError, WorkbookError
from govsheet.schemas import load_schema, resolve_schema, schema_hash, schema_meta
from govsheet.workbook.meta import META_SHEET
from govsheet.xlsx import Book

SEEDS = Path(__file__).resolve().parents[2] / "src" / "govsheet" / "seeds"


def own_schema(tmp_path: Path, name: str) -> Path:
    """A council's own copy of the shipped AGS schema, under ``name``, allowing longer refs."""
    data = yaml.safe_load(load_schema_text())
    data["name"] = name
    for field in data["fields"]:
        if field["name"] == data["primaryKey"]:
            field.setdefault("constraints", {})["maxLength"] = 40
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def load_schema_text() -> str:
    from govsheet.schemas import schema_text

    return schema_text("ags-action-plan")[0]


def meta_cell(path: Path, key: str) -> str:
    with Book.open(path) as book:
        sheet = book.sheet(META_SHEET)
        for row in range(1, sheet.max_row + 1):
            if sheet.cell(f"A{row}").value == key:
                return str(sheet.cell(f"B{row}").value)
    raise AssertionError(key)


def set_meta(path: Path, key: str, value: str) -> None:
    book = Book.open(path)
    sheet = book.sheet(META_SHEET)
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(f"A{row}").value == key:
            sheet.set(f"B{row}", value)
    book.save()


@pytest.fixture
def own_master(tmp_path: Path) -> Path:
    schema_file = own_schema(tmp_path, "ags-action-plan-big")
    out = tmp_path / "master.xlsx"
    api.import_tracker(SEEDS / "ags-action-plan.txt", schema_file, out)
    schema_file.unlink()  # the master alone must be enough from now on
    return out


def test_a_master_built_with_its_own_schema_needs_no_schema_option_afterwards(own_master: Path,
                                                                               tmp_path: Path) -> None:
    report = api.validate(own_master)
    assert (report.schema_name, report.valid) == ("ags-action-plan-big", True)
    issued = api.issue(own_master, tmp_path / "returns")
    assert len(issued.returns) > 1
    first = Path(issued.returns[0].path)
    assert api.validate(first, expect="return").schema_name == "ags-action-plan-big"
    merged = api.merge(own_master, [first], dry_run=True)
    assert [r.status for r in merged.returns] == ["merged"]
    written = api.render(own_master, "html", tmp_path / "committee.html")
    assert "28 of 28 rows" in written.what


def test_the_stored_schema_is_the_whole_schema(own_master: Path) -> None:
    stored = resolve_schema(meta={"schema_json": meta_cell(own_master, "schema_json"),
                                  "schema_hash": meta_cell(own_master, "schema_hash")})
    assert stored.name == "ags-action-plan-big"
    key = next(f for f in stored.fields if f.name == stored.primary_key)
    assert key.constraints.max_length == 40


def test_an_altered_stored_schema_is_refused_with_one_line(own_master: Path) -> None:
    text = meta_cell(own_master, "schema_json").replace('"maxLength":40', '"maxLength":41')
    set_meta(own_master, "schema_json", text)
    with pytest.raises(WorkbookError) as err:
        api.validate(own_master)
    assert str(err.value) == (f"{own_master}: the schema stored in its govsheet metadata does not match its hash "
                              "(the hidden sheet was altered); pass --schema NAME or a schema file")


def test_a_master_from_before_schemas_were_stored_uses_the_shipped_one_it_names(
        master: Callable[[str], Path]) -> None:
    path = master("governance-review")
    set_meta(path, "schema_json", "")
    assert api.validate(path).schema_name == "governance-review"


def test_resolution_order_given_then_stored_then_named() -> None:
    shipped = load_schema("governance-review")
    assert resolve_schema(shipped) is shipped
    assert resolve_schema("governance-review", meta=schema_meta(load_schema("ags-action-plan"))).name == \
        "governance-review"
    assert schema_hash(resolve_schema(meta=schema_meta(shipped))) == schema_hash(shipped)
    assert resolve_schema(meta={"schema": "ags-action-plan"}).name == "ags-action-plan"
    with pytest.raises(UsageError, match="does not say which schema it follows"):
        resolve_schema(meta={}, path="x.xlsx")
