"""govsheet: validate, merge and regenerate a council's governance action tracker workbook.

The verbs, their results, the schema and tracker models and the error tree are all
importable from here; each loads on first use, so ``import govsheet`` stays fast::

    import govsheet
    report = govsheet.validate("master.xlsx")
    print(report.to_text())
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

# public name -> the module that defines it; nothing below is imported until it is used
_WHERE: dict[str, str] = {
    "__version__": "govsheet.version",
    # verbs
    "import_tracker": "govsheet.api",
    "read_tracker": "govsheet.api",
    "read_source": "govsheet.api",
    "validate": "govsheet.api",
    "issue": "govsheet.api",
    "merge": "govsheet.api",
    "resolve": "govsheet.api",
    "open_decisions": "govsheet.api",
    "owners": "govsheet.api",
    "outside_changes": "govsheet.api",
    "verify_audit": "govsheet.api",
    "read_audit": "govsheet.api",
    "diff": "govsheet.api",
    "write_diff": "govsheet.api",
    "render": "govsheet.api",
    "roll": "govsheet.api",
    "edit": "govsheet.api",
    "status": "govsheet.api",
    "remind": "govsheet.api",
    "write_status": "govsheet.api",
    "load_schema": "govsheet.schemas",
    "to_pandas": "govsheet.importer.frame",  # the govsheet[pandas] extra
    "from_pandas": "govsheet.importer.frame",
    # results
    "ValidationReport": "govsheet.validate.report",
    "Problem": "govsheet.model.problem",
    "MergeReport": "govsheet.merge.report",
    "ReturnResult": "govsheet.merge.report",
    "Change": "govsheet.merge.report",
    "DiffReport": "govsheet.model.diff",
    "ResolveReport": "govsheet.decisions.resolve",
    "OwnersReport": "govsheet.returns.directory",
    "OutsideChange": "govsheet.tracked",
    "DecidedRow": "govsheet.decisions.resolve",
    "OpenDecision": "govsheet.decisions.pending",
    "OpenDecisions": "govsheet.decisions.pending",
    "RollReport": "govsheet.roll",
    "IssueResult": "govsheet.returns.write",
    "IssuedReturn": "govsheet.returns.write",
    "EditReport": "govsheet.xlsx.edit",
    "AuditCheck": "govsheet.audit",
    "AuditLog": "govsheet.model.result",
    "ImportReport": "govsheet.model.importing",
    "Written": "govsheet.model.result",
    "StatusReport": "govsheet.status",
    "OwnerStatus": "govsheet.status",
    "RemindReport": "govsheet.remind",
    "ReminderDraft": "govsheet.remind",
    # models
    "Schema": "govsheet.model.schema",
    "Tracker": "govsheet.model.tracker",
    "Action": "govsheet.model.tracker",
    # errors
    "GovsheetError": "govsheet.errors",
    "WorkbookError": "govsheet.errors",
    "SourceError": "govsheet.errors",
    "SchemaError": "govsheet.errors",
    "ReturnError": "govsheet.errors",
    "LockError": "govsheet.errors",
    "UsageError": "govsheet.errors",
}

__all__ = [
    "Action",
    "AuditCheck",
    "AuditLog",
    "Change",
    "DecidedRow",
    "DiffReport",
    "EditReport",
    "GovsheetError",
    "ImportReport",
    "IssueResult",
    "IssuedReturn",
    "LockError",
    "MergeReport",
    "OpenDecision",
    "OpenDecisions",
    "OutsideChange",
    "OwnerStatus",
    "OwnersReport",
    "Problem",
    "RemindReport",
    "ReminderDraft",
    "ResolveReport",
    "ReturnError",
    "ReturnResult",
    "RollReport",
    "Schema",
    "SchemaError",
    "SourceError",
    "StatusReport",
    "Tracker",
    "UsageError",
    "ValidationReport",
    "WorkbookError",
    "Written",
    "__version__",
    "diff",
    "edit",
    "from_pandas",
    "import_tracker",
    "issue",
    "load_schema",
    "merge",
    "open_decisions",
    "outside_changes",
    "owners",
    "read_audit",
    "read_source",
    "read_tracker",
    "remind",
    "render",
    "resolve",
    "roll",
    "status",
    "to_pandas",
    "validate",
    "verify_audit",
    "write_diff",
    "write_status",
]

if TYPE_CHECKING:
    from govsheet.api import (
        diff,
        edit,
        import_tracker,
        issue,
        merge,
        open_decisions,
        outside_changes,
        owners,
        read_audit,
        read_source,
        read_tracker,
        remind,
        render,
        resolve,
        roll,
        status,
        validate,
        verify_audit,
        write_diff,
        write_status,
    )
    from govsheet.audit import AuditCheck
    from govsheet.decisions.pending import OpenDecision, OpenDecisions
    from govsheet.decisions.resolve import DecidedRow, ResolveReport
    from govsheet.errors import (
        GovsheetError,
        LockError,
        ReturnError,
        SchemaError,
        SourceError,
        UsageError,
        WorkbookError,
    )
    from govsheet.importer.frame import from_pandas, to_pandas
    from govsheet.merge.report import Change, MergeReport, ReturnResult
    from govsheet.model.diff import DiffReport
    from govsheet.model.importing import ImportReport
    from govsheet.model.problem import Problem
    from govsheet.model.result import AuditLog, Written
    from govsheet.model.schema import Schema
    from govsheet.model.tracker import Action, Tracker
    from govsheet.remind import ReminderDraft, RemindReport
    from govsheet.returns.directory import OwnersReport
    from govsheet.returns.write import IssuedReturn, IssueResult
    from govsheet.roll import RollReport
    from govsheet.schemas import load_schema
    from govsheet.status import OwnerStatus, StatusReport
    from govsheet.tracked import OutsideChange
    from govsheet.validate.report import ValidationReport
    from govsheet.version import __version__
    from govsheet.xlsx.edit import EditReport


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'govsheet' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)


class _Package(types.ModuleType):
    """The package module, whose verbs are not replaced by the subpackages of the same name.

    ``import govsheet.merge.run`` sets ``govsheet.merge`` to the subpackage; the verb
    ``govsheet.merge`` must stay the function (``sys.modules`` still holds the subpackage).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == "govsheet.api":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
