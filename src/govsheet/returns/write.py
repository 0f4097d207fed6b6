"""Write one return workbook per owner with XlsxWriter.

A return holds only its owner's rows. Its *Actions* sheet looks like the master's
(same columns, fills, icons and status dropdown); the editable fields are unlocked
and everything else is locked by sheet protection without a password (protection
prevents accidents; merge enforces the locking whatever the officer does). A *Check*
column flags, live and without macros, a row that breaks a ``requires`` rule, such
as a status set to Completed with no progress note. An *Instructions* sheet says
what to fill in, by when and whom to ask. Two very-hidden sheets carry the metadata
and the baseline (see :mod:`govsheet.returns.meta`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsheet.errors import UsageError, WorkbookError
from govsheet.model.result import plural
from govsheet.model.schema import FieldSpec, Rule, Schema
from govsheet.model.tracker import Action, Tracker, display
from govsheet.returns.directory import Directory, build_directory, row_owners, unique_keys
from govsheet.returns.meta import ReturnMeta, master_fingerprint, write_baseline
from govsheet.returns.owners import owner_key, slug
from govsheet.schemas import schema_hash, schema_json
from govsheet.workbook.meta import write_meta
from govsheet.workbook.write import Formats, columns, write_actions, write_atomic

if TYPE_CHECKING:
    from govsheet.workbook.open import OpenedWorkbook

CHECK_TITLE = "Check"
MAX_ID_STEM = 24  # the owner's part of a return id
CHECK_WIDTH = 16  # the rule messages wrap; the column is blank on most rows
INSTRUCTION_WIDTHS = (22, 68)  # label and text columns: one portrait A4 page at 100 %
INSTRUCTIONS_SHEET = "Instructions"


@dataclass(frozen=True)
class IssuedReturn:
    """One return written by ``issue``."""

    path: Path
    owner: str
    return_id: str
    rows: int


@dataclass(frozen=True)
class UnmappedText:
    """An officer text that maps to no owner, and the rows carrying it."""

    text: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class RefusedOwner:
    """An owner issue could not write a return for, and why."""

    owner: str
    reason: str


@dataclass(frozen=True)
class IssueResult:
    """What ``issue`` wrote, the owners asked for that own no rows, and what it could not issue."""

    master: Path
    round: str
    due: str
    returns: tuple[IssuedReturn, ...] = ()
    unknown_owners: tuple[str, ...] = ()
    out: Path | None = None
    unmapped: tuple[UnmappedText, ...] = ()  # officer texts whose rows go in no return
    refused: tuple[RefusedOwner, ...] = ()
    recorded: bool = False  # the master's metadata records the returns issued
    drafts: tuple[Path, ...] = ()  # the e-mail drafts written with --mail
    issued: str = ""  # when the returns were written (ISO, UTC)
    no_email: tuple[RefusedOwner, ...] = ()  # owners whose draft has no To, and why

    @property
    def ok(self) -> bool:
        """True when every owner asked for got a return and every officer text maps to an owner."""
        return not (self.unknown_owners or self.unmapped or self.refused)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready object ``issue --format json`` prints."""
        return {"master": str(self.master), "round": self.round, "due": self.due,
                "returns": [{"path": str(r.path), "owner": r.owner, "return_id": r.return_id, "rows": r.rows}
                            for r in self.returns],
                "unknown_owners": list(self.unknown_owners),
                "unmapped": [{"text": u.text, "rows": list(u.rows)} for u in self.unmapped],
                "refused": [{"owner": r.owner, "reason": r.reason} for r in self.refused],
                "recorded": self.recorded,
                "drafts": [str(p) for p in self.drafts],
                "no_email": [{"owner": r.owner, "reason": r.reason} for r in self.no_email]}

    def to_text(self) -> str:
        """A line per return written, then what could not be issued, then the total."""
        lines = [f"{r.path}: {r.owner}, {plural(r.rows, 'row')} [{r.return_id}]" for r in self.returns]
        if self.drafts:
            lines.append(f"{plural(len(self.drafts), 'e-mail draft')} written beside the returns (NAME.eml); "
                         "nothing was sent")
        lines += [f"not issued: {r.owner}: {r.reason}" for r in self.refused]
        lines += [f'maps to no owner: "{u.text}" (rows {", ".join(u.rows)}): these rows go in no return; add the '
                  'text under an owner\'s "Also written as" on the Owners sheet' for u in self.unmapped]
        lines += [f"no e-mail address: {r.owner}: {r.reason}; the draft's To is empty" for r in self.no_email]
        where = f" written to {self.out}" if self.out is not None else " written"
        recorded = "; recorded in the master" if self.recorded else ""
        lines.append(f"{plural(len(self.returns), 'return')} for round {self.round or '(none)'}{where}{recorded}")
        return "\n".join(lines)


class ReturnFormats(Formats):
    """The master's formats, with the editable fields' cells unlocked."""

    def __init__(self, book: Any, schema: Schema) -> None:
        super().__init__(book, schema)
        base = {"valign": "top", "font_name": "Arial", "font_size": 10, "border": 1, "border_color": "#BFBFBF",
                "locked": False, "bg_color": "#FFFFF0"}
        self.open_text = self.add(base)
        self.open_wrap = self.add({**base, "text_wrap": True})
        self.open_date = self.add({**base, "num_format": "d mmmm yyyy", "align": "left"})
        self.open_status = self.add({**base, "text_wrap": True, "valign": "vcenter"})
        self.check = book.add_format({"valign": "top", "font_name": "Arial", "font_size": 10, "text_wrap": True,
                                      "bold": True, "font_color": "#9C0006", "border": 1, "border_color": "#BFBFBF"})
        self.check_fill = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.title = book.add_format({"bold": True, "font_size": 14, "font_name": "Arial", "text_wrap": True,
                                      "valign": "top"})
        self.label = book.add_format({"bold": True, "font_name": "Arial", "font_size": 10, "valign": "top"})
        self.para = book.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})

    def for_field(self, field: FieldSpec) -> Any:
        if not field.editable:
            return super().for_field(field)
        if field.type == "date":
            return self.open_date
        if field.type == "status":
            return self.open_status
        return self.open_wrap if field.wrap else self.open_text


def group_by_owner(tracker: Tracker, schema: Schema,
                   directory: Directory | None = None) -> dict[str, tuple[str, list[Action]]]:
    """Owner key -> (owner name, that owner's rows in master order): joint rows go to each of their
    owners, sub-items with their parent. Without a directory, the one import would guess."""
    if directory is None:
        directory = build_directory((a.text(schema.owner) for a in tracker.actions), schema)
    keys = unique_keys(a.text(schema.primary_key) for a in tracker.actions)
    keyed = dict(zip(keys, tracker.actions, strict=True))
    owners = row_owners({k: a.values for k, a in keyed.items()}, schema, directory)
    groups: dict[str, tuple[str, list[Action]]] = {}
    for key, action in keyed.items():
        for name in owners[key]:
            groups.setdefault(owner_key(name), (name, []))[1].append(action)
    return groups


def baseline_of(actions: Sequence[Action], schema: Schema) -> dict[str, dict[str, str]]:
    """Every field of every row as the officer is sent it, keyed by the row's reference."""
    return {a.text(schema.primary_key): {f.name: display(a.get(f.name)) for f in schema.fields} for a in actions}


def issue_returns(  # noqa: PLR0913 - the options of `govsheet issue`
    master: Path,
    tracker: Tracker,
    schema: Schema,
    master_meta: dict[str, str],
    out: Path,
    *,
    owners: Sequence[str] = (),
    round_label: str | None = None,
    due: dt.date | None = None,
    contact: str = "the governance team",
    directory: Directory | None = None,
) -> IssueResult:
    """Write the returns of ``tracker`` (read from ``master``) into folder ``out``, one per owner of
    ``directory`` (the master's Owners sheet; by default the reading import would make).

    Raises:
        UsageError: no row belongs to any owner asked for.
        WorkbookError: the folder cannot be written.
    """
    round_text = round_label if round_label is not None else master_meta.get("round", "")
    due_text = due.isoformat() if due else ""
    unknown: list[str] = []
    issued_returns: list[IssuedReturn] = []
    groups = group_by_owner(tracker, schema, directory)
    refused = _refuse_nameless(groups, schema, directory)
    wanted = list(groups)
    if owners:
        wanted = []
        for name in owners:
            key = owner_key(name)
            if key in groups:
                wanted.append(key)
            else:
                unknown.append(name)
        if not wanted:
            known = "; ".join(g[0] for g in list(groups.values())[:5])
            raise UsageError(master, f"no row belongs to {', '.join(repr(o) for o in owners)}; owners include: "
                                     f"{known}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(out, f"cannot create the returns folder ({exc.strerror})") from None
    fingerprint = master_fingerprint(master_meta)
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    used: set[str] = set()
    for key in wanted:
        name, actions = groups[key]
        stem = slug(name)
        candidate, n = stem, 2
        while candidate in used:
            candidate, n = f"{stem}-{n}", n + 1
        used.add(candidate)
        prefix = f"{slug(round_text)}-" if round_text else ""
        meta = ReturnMeta(
            return_id=f"{prefix}{cut_at_word(stem, MAX_ID_STEM)}-{secrets.token_hex(4)}",
            owner=name, round=round_text, due=due_text, schema=schema.name, schema_hash=schema_hash(schema),
            schema_json=schema_json(schema),
            master_fingerprint=fingerprint, issued=issued, master_round=master_meta.get("round", ""),
            baseline=baseline_of(actions, schema),
        )
        path = out / f"{candidate}.xlsx"
        write_return(path, schema, actions, meta, contact=contact)
        issued_returns.append(IssuedReturn(path=path, owner=name, return_id=meta.return_id, rows=len(actions)))
    return IssueResult(master=master, round=round_text, due=due_text, returns=tuple(issued_returns),
                       unknown_owners=tuple(unknown), out=out, unmapped=unmapped_texts(tracker, schema, directory),
                       refused=tuple(refused), issued=issued)


def _refuse_nameless(groups: dict[str, tuple[str, list[Action]]], schema: Schema,
                     directory: Directory | None) -> list[RefusedOwner]:
    """Take out the rows an Owners row with texts but no name claims: their return could not be named."""
    if "" not in groups:
        return []
    _, actions = groups.pop("")
    rows = ", ".join(a.text(schema.primary_key) for a in actions)
    where = next((f"Owners!A{o.row}" for o in (directory.owners if directory else []) if not o.name and o.row),
                 "the Owners sheet")
    return [RefusedOwner(owner="(no name)", reason=f"{where} lists officer texts but names no owner; name the owner "
                                                   f"there to issue them rows {rows}")]


def unmapped_texts(tracker: Tracker, schema: Schema, directory: Directory | None) -> tuple[UnmappedText, ...]:
    """The officer texts of the tracker that map to no owner of the directory, with their rows."""
    if directory is None:
        return ()  # the reading import makes maps every text
    texts: dict[str, list[str]] = {}
    for action in tracker.actions:
        text = action.text(schema.owner).strip()
        if text and not directory.owners_of(text):
            texts.setdefault(text, []).append(action.text(schema.primary_key))
    return tuple(UnmappedText(text=t, rows=tuple(rows)) for t, rows in texts.items())


def cut_at_word(stem: str, limit: int) -> str:
    """A slug no longer than ``limit``, cut at a dash between words (mid-word only for one long word)."""
    if len(stem) <= limit:
        return stem
    head = stem[: limit + 1]
    return head.rsplit("-", 1)[0] if "-" in head.strip("-") else stem[:limit]


def write_return(path: Path, schema: Schema, actions: Sequence[Action], meta: ReturnMeta, *,
                 contact: str) -> Path:
    """Write one owner's return workbook at ``path``, atomically."""

    def build(book: Any) -> None:
        fmt = ReturnFormats(book, schema)
        instructions = book.add_worksheet(INSTRUCTIONS_SHEET)
        sheet = book.add_worksheet(schema.sheet)
        write_actions(sheet, fmt, schema, actions, extra_widths=(CHECK_WIDTH,), return_sheet=True)
        add_check_column(sheet, fmt, schema, actions)
        sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                           "select_locked_cells": True, "select_unlocked_cells": True})
        write_instructions(instructions, fmt, schema, meta, contact, len(actions))
        write_meta(book, meta.items())
        write_baseline(book, meta.baseline)
        sheet.activate()

    return write_atomic(path, build)


def rule_formula(schema: Schema, rule: Rule, row: int) -> str | None:
    """The Excel test that is TRUE when ``rule`` is broken on sheet row ``row`` (1-based)."""
    if rule.kind != "requires" or rule.when is None or rule.require is None:
        return None
    cols = [f.name if f else None for _, f in columns(schema)]
    when_cell = f"{_letter(cols.index(rule.when.field))}{row}"
    need_cell = f"{_letter(cols.index(rule.require))}{row}"
    labels = [schema.status(code).label for code in rule.when.in_] if schema.statuses else list(rule.when.in_)
    tests = ",".join(f'TRIM({when_cell})="{label}"' for label in labels)
    return f"AND(OR({tests}),LEN(TRIM({need_cell}))=0)"


def add_check_column(sheet: Any, fmt: ReturnFormats, schema: Schema, actions: Sequence[Action]) -> None:
    """A column after the last one that names, live, each rule a row breaks."""
    rules = [r for r in schema.rules if r.kind == "requires"]
    col = len(columns(schema))
    sheet.write_string(0, col, CHECK_TITLE, fmt.header)
    sheet.set_column(col, col, CHECK_WIDTH, fmt.check)
    if not rules:
        return
    for r, action in enumerate(actions, start=1):
        parts = []
        cached: list[str] = []
        for rule in rules:
            test = rule_formula(schema, rule, r + 1)
            parts.append(f'IF({test},"{_quote(rule.message)}. ","")')
            if broken(schema, rule, action):
                cached.append(rule.message + ". ")
        sheet.write_formula(r, col, "=" + "&".join(parts), fmt.check, "".join(cached))
    last = max(len(actions), 1)
    sheet.conditional_format(1, col, last, col, {"type": "formula", "criteria": f"=LEN({_letter(col)}2)>0",
                                                  "format": fmt.check_fill})


def broken(schema: Schema, rule: Rule, action: Action) -> bool:
    """Whether a ``requires`` rule is broken by a row as written (for the formula's cached value)."""
    if rule.when is None or rule.require is None:
        return False
    found = schema.read_status(action.text(rule.when.field)) if schema.statuses else None
    in_rule = found is not None and found[1] == "label" and found[0].code in rule.when.in_
    return in_rule and not action.text(rule.require).strip()


def write_instructions(sheet: Any, fmt: ReturnFormats, schema: Schema, meta: ReturnMeta, contact: str,
                       rows: int) -> None:
    """The Instructions sheet: who the return is for, what to fill in, by when, whom to ask."""
    sheet.set_column(0, 0, INSTRUCTION_WIDTHS[0])
    sheet.set_column(1, 1, INSTRUCTION_WIDTHS[1])
    editable = [f for f in schema.fields if f.editable]
    lines: list[tuple[str, str]] = [
        ("For", meta.owner),
        ("Round", meta.round or "(not set)"),
        ("Please return by", _due_text(meta.due, contact)),
        ("Actions in this return", str(rows)),
        ("What to fill in", "Only the cells with a cream background on the Actions sheet: "
                            + ", ".join(f.title for f in editable) + ". Every other cell is locked."),
    ]
    lines += [(f.title, f.description or "") for f in editable if f.description]
    if schema.statuses:
        status_title = schema.status_field.title if schema.status_field else "Status"
        lines.append((status_title, "Pick from the dropdown: " + "; ".join(
            f"{s.icon} {s.label}" for s in schema.statuses)))
    for rule in schema.rules:
        if rule.kind == "requires":
            lines.append(("Check", rule.message[:1].upper() + rule.message[1:]
                          + f"; the {CHECK_TITLE} column turns red until this is done."))
    lines += [
        ("Do not", ("add, delete or rename rows, columns or sheets, or change the reference of a row. You "
                    "may filter and hide rows.")),
        ("When done", "Save the file (keep it as .xlsx, any name) and send it back to " + contact + "."),
        ("Questions", "Ask " + contact + "."),
        ("Return id", meta.return_id),
    ]
    title = f"{schema.title}: return for {meta.owner}"
    sheet.merge_range(0, 0, 0, 1, title, fmt.title)
    sheet.set_row(0, 20 * _lines(title, sum(INSTRUCTION_WIDTHS) / 1.5) + 4)
    icons = {st.icon for st in schema.statuses if st.icon}
    for r, (label, text) in enumerate(lines, start=2):
        sheet.write_string(r, 0, label, fmt.label)
        write_with_icons(sheet, r, 1, text, icons, fmt)
        sheet.set_row(r, 12.75 * max(_lines(text, INSTRUCTION_WIDTHS[1]), _lines(label, INSTRUCTION_WIDTHS[0])) + 3)
    # one portrait page: every instruction, with its label beside it, and the title whole
    sheet.set_paper(9)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1)
    sheet.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    sheet.print_area(0, 0, len(lines) + 1, 1)
    sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def write_with_icons(sheet: Any, r: int, c: int, text: str, icons: set[str], fmt: ReturnFormats) -> None:
    """Write ``text`` with each status icon in the symbol font, so it prints at full size."""
    if not icons or not any(icon in text for icon in icons):
        sheet.write_string(r, c, text, fmt.para)
        return
    import re

    parts = [p for p in re.split("(" + "|".join(re.escape(i) for i in sorted(icons)) + ")", text) if p]
    fragments: list[Any] = []
    for part in parts:
        fragments.extend((fmt.symbol if part in icons else fmt.runs[False, False], part))
    sheet.write_rich_string(r, c, *fragments, fmt.para)


def read_master_tracker(master: Path, schema: str | Path | Schema | None = None) -> tuple[Tracker, Schema,
                                                                                      dict[str, str]]:
    """Read a master with calamine: its tracker, its schema (from the metadata) and the metadata.

    Raises:
        WorkbookError: the workbook is not a govsheet master or cannot be read.
    """

    tracker, model, meta, _ = read_master_round(master, schema)
    return tracker, model, meta


def read_master_round(master: Path, schema: str | Path | Schema | None = None, *,
                      opened: OpenedWorkbook | None = None) -> tuple[Tracker, Schema, dict[str, str], Directory | None]:
    """:func:`read_master_tracker` with the rich text of its rich fields, and the master's Owners sheet
    (None for a master made without one); ``opened``: the master already opened.

    Raises:
        WorkbookError: the workbook is not a govsheet master or cannot be read.
    """
    from govsheet.workbook.open import OpenedWorkbook

    if opened is not None:
        return _read_round(opened, schema)
    with OpenedWorkbook.open(master) as book:
        return _read_round(book, schema)


def _read_round(opened: OpenedWorkbook, schema: str | Path | Schema | None) -> tuple[
        Tracker, Schema, dict[str, str], Directory | None]:
    from govsheet.returns.directory import read_directory
    from govsheet.workbook.rich import read_rich, with_rich

    meta = opened.meta or {}
    model = opened.master_schema(schema)
    table = opened.actions(model)
    # the master's italics and bold go into the returns it issues, as the master shows them
    tracker = with_rich(table.to_tracker(model, meta.get("round") or None), table,
                        read_rich(opened.book, model, table))
    return tracker, model, meta, read_directory(opened)


def _lines(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(1, int(width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")) if text else 1


def _due_text(due: str, contact: str) -> str:
    if not due:
        return f"no date was set; ask {contact}"
    day = dt.date.fromisoformat(due)
    return f"{day.day} {day:%B %Y} ({day:%A})"


def _quote(text: str) -> str:
    return text.replace('"', '""')


def _letter(index: int) -> str:
    from govsheet.workbook.read import column_letter

    return column_letter(index)
