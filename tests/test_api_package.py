"""``import govsheet`` is the library: an explicit, lazy public API."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import govsheet
import govsheet.api

HEAVY = ("openpyxl", "xlsxwriter", "python_calamine", "pydantic", "lxml", "docx", "pandas")


def test_every_public_name_resolves() -> None:
    for name in govsheet.__all__:
        assert getattr(govsheet, name) is not None, name


def test_dir_is_exactly_all() -> None:
    assert dir(govsheet) == govsheet.__all__


def test_all_names_the_verbs_results_models_and_errors() -> None:
    wanted = {"import_tracker", "read_tracker", "validate", "issue", "merge", "verify_audit", "diff", "render",
              "roll", "edit", "read_audit", "ValidationReport", "MergeReport", "DiffReport", "RollReport",
              "IssueResult", "EditReport", "AuditCheck", "ImportReport", "Written", "AuditLog", "Schema", "Tracker",
              "load_schema", "GovsheetError", "WorkbookError", "SchemaError", "UsageError", "__version__"}
    assert wanted <= set(govsheet.__all__)


def test_errors_form_one_tree() -> None:
    errors = [getattr(govsheet, n) for n in govsheet.__all__ if n.endswith("Error")]
    assert all(issubclass(e, govsheet.GovsheetError) for e in errors)


def test_verbs_stay_functions_after_their_subpackages_load() -> None:
    """``import govsheet.merge.run`` must not replace the verb ``govsheet.merge`` with the subpackage."""
    import govsheet.diff
    import govsheet.merge.run
    import govsheet.render.table
    import govsheet.roll
    import govsheet.validate.engine

    for name in ("merge", "diff", "render", "roll", "validate"):
        assert getattr(govsheet, name) is getattr(govsheet.api, name), name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'govsheet' has no attribute 'nothing_here'$"):
        govsheet.nothing_here  # noqa: B018 - the lookup is the test


def test_api_module_has_all_and_each_name_is_a_function() -> None:
    assert set(govsheet.api.__all__) >= {"import_tracker", "read_tracker", "read_audit", "merge", "edit"}
    assert all(callable(getattr(govsheet.api, n)) for n in govsheet.api.__all__)


def test_import_loads_no_heavy_module() -> None:
    code = "import sys, json, govsheet; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if m.split(".")[0] in HEAVY] == []
    assert [m for m in loaded if m.startswith("govsheet")] == ["govsheet"]


def test_importtime_lists_only_the_package_itself() -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import govsheet"], capture_output=True,
                         text=True, check=True, timeout=60)
    names = [line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()[1:]]
    after = names[names.index("site") + 1:] if "site" in names else names
    assert after[-1] == "govsheet"
    assert not [n for n in after if n.split(".")[0] in HEAVY]


def test_read_tracker_reads_a_master(master: Callable[[str], Path]) -> None:
    tracker = govsheet.read_tracker(master("ags-action-plan"))
    assert isinstance(tracker, govsheet.Tracker)
    assert tracker.schema_name == "ags-action-plan"
    assert len(tracker.actions) > 0


def test_read_tracker_without_metadata_asks_for_the_schema(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Actions").write_row(0, 0, ["Ref", "Action"])
    book.close()
    with pytest.raises(govsheet.UsageError) as caught:
        govsheet.read_tracker(path)
    assert str(caught.value) == f"{path}: has no govsheet metadata naming its schema; give the schema"


def test_read_audit_of_a_fresh_master_is_empty(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    log = govsheet.read_audit(path)
    assert log.rows == ()
    assert log.columns[0] == "When"
    assert log.to_text() == f"{path}: 0 audit rows"


def test_a_verb_named_like_its_stage_leaves_the_stage_importable_as_the_docs_say() -> None:
    import importlib
    import inspect
    import pkgutil

    import govsheet

    names = [m.name for m in pkgutil.iter_modules(govsheet.__path__)]
    shadowed = [n for n in names if callable(getattr(govsheet, n, None)) and not inspect.ismodule(getattr(govsheet, n))]
    assert shadowed == ["diff", "merge", "remind", "render", "roll", "status", "validate"]  # as docs/modules.md lists
    from govsheet.merge import run

    assert importlib.import_module("govsheet.merge.run") is run
    assert callable(govsheet.merge)
