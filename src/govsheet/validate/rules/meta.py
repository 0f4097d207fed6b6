"""The hidden metadata of a govsheet workbook: present where expected, complete and unaltered."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.validate.context import Context
from govsheet.workbook.meta import META_SHEET

# What ``govsheet issue`` writes into every return (see govsheet.returns.meta.ReturnMeta).
RETURN_KEYS = ("return_id", "owner", "round", "schema", "master_fingerprint", "checksum")
_MAY_BE_EMPTY = {"round"}  # a master imported without --round issues returns for round ""


def check(ctx: Context) -> Iterator[Problem]:
    """A return's metadata and baseline: present, complete, and matching their checksum."""
    meta = ctx.meta
    # a workbook with a baseline sheet is a return whatever the caller expected
    is_return = ctx.expect == "return" or ctx.baseline is not None
    if meta is None:
        if is_return:
            yield ctx.sheet_problem("meta-missing", "error",
                                    f'the hidden sheet "{META_SHEET}" is missing, so this is not a return govsheet '
                                    "can merge; issue the return again", sheet=META_SHEET)
        return
    kind = meta.get("kind", "")
    if kind == "master":  # a master's next govsheet write hides them again; returns are not written back
        yield from _check_hidden(ctx)
    if is_return and not kind:
        yield ctx.sheet_problem("meta-key-missing", "error",
                                'the return\'s hidden metadata has no "kind"; it was altered, so issue the return '
                                "again", sheet=META_SHEET, field_name="kind")
    elif ctx.expect == "return" and kind != "return":
        yield ctx.sheet_problem("meta-not-return", "error",
                                f'the workbook is a govsheet "{kind or "workbook"}", not a return; merge only files '
                                "made by 'govsheet issue'", sheet=META_SHEET, value=kind)
    stated = meta.get("schema", "")
    if stated and stated != ctx.schema.name:
        yield ctx.sheet_problem("schema-mismatch", "warning",
                                f'the workbook says it follows the schema "{stated}" but was checked against '
                                f'"{ctx.schema.name}"; drop --schema to use its own', sheet=META_SHEET,
                                value=stated)
    if kind == "return" or (is_return and not kind):
        yield from _check_return(ctx, meta)


def _check_hidden(ctx: Context) -> Iterator[Problem]:
    """govsheet's own sheets must stay very hidden; a LibreOffice re-save makes them merely hidden."""
    from govsheet.workbook.layout import BASELINE_SHEET

    for sheet in getattr(ctx.book, "sheets_metadata", None) or ():
        if sheet.name not in {META_SHEET, BASELINE_SHEET}:
            continue
        state = str(sheet.visible).rsplit(".", 1)[-1]
        if state != "VeryHidden":
            shown = "visible" if state == "Visible" else "hidden (it can be unhidden from the sheet tabs)"
            yield ctx.sheet_problem("meta-not-very-hidden", "warning",
                                    f'govsheet\'s sheet "{sheet.name}" is {shown}, not very hidden, so it can be '
                                    "changed by mistake (LibreOffice does this when it saves); the next govsheet "
                                    "write hides it again", sheet=sheet.name)


def _check_return(ctx: Context, meta: dict[str, str]) -> Iterator[Problem]:
    from govsheet.workbook.layout import BASELINE_SHEET
    from govsheet.workbook.meta import checksum
    from govsheet.workbook.open import OpenedWorkbook

    missing = [key for key in RETURN_KEYS if key not in meta or (key not in _MAY_BE_EMPTY and not meta[key].strip())]
    for key in missing:
        yield ctx.sheet_problem("meta-key-missing", "error",
                                f'the return\'s hidden metadata has no "{key}"; it was altered, so issue the return '
                                "again", sheet=META_SHEET, field_name=key)
    if ctx.baseline is None:
        yield ctx.sheet_problem("baseline-missing", "error",
                                f'the hidden sheet "{BASELINE_SHEET}" is missing, so edits cannot be told from the '
                                "master's; issue the return again", sheet=BASELINE_SHEET)
        return
    opened = ctx.book if isinstance(ctx.book, OpenedWorkbook) and ctx.book.meta is meta else None
    expected = opened.meta_checksum if opened is not None else checksum(meta, ctx.baseline)
    if "checksum" not in missing and expected != meta["checksum"]:
        yield ctx.sheet_problem("meta-altered", "error",
                                "the return's hidden metadata or baseline was altered (its checksum does not "
                                "match); issue the return again", sheet=META_SHEET, value=meta["checksum"])
