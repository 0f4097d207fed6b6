"""The owners directory: who each officer text means, and which rows each owner answers for.

Import fills the directory with its reading of every officer text (:mod:`govsheet.returns.owners`);
the master keeps it on its *Owners* sheet, where the governance team corrects it. A text maps to the
owners whose "also written as" lists it (a joint text is listed under each of its owners) or whose
name it is. A row with no officer of its own (a sub-item) belongs to its parent's owners, and a
sub-item goes with its parent whatever it names itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from govsheet.model.importing import ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.returns.owners import owner_key, read_officers, role_words
from govsheet.workbook.layout import OWNERS_SHEET


@dataclass
class Owner:
    """One person or post that receives a return."""

    name: str
    also: list[str] = field(default_factory=list)  # the officer texts that map to this owner
    email: str = ""
    department: str = ""
    notes: str = ""
    row: int | None = None  # the Owners sheet row it was read from (1-based)


@dataclass
class Directory:
    """The owners of a master, and how each officer text maps to them."""

    owners: list[Owner] = field(default_factory=list)
    from_sheet: bool = False  # read from the master's Owners sheet, not guessed from the officer texts

    def owner(self, name: str) -> Owner | None:
        """The owner called ``name`` (spelling folded)."""
        key = owner_key(name)
        return next((o for o in self.owners if owner_key(o.name) == key), None)

    def sheet_rows(self) -> list[tuple[str, ...]]:
        """The Owners sheet's rows, one per owner, in OWNERS_COLUMNS order (read back by :func:`read_directory`)."""
        return [(o.name, "\n".join(o.also), o.email, o.department, o.notes) for o in self.owners]

    def owners_of(self, text: str) -> list[str]:
        """The owners an officer text maps to, by name, in directory order; [] when none."""
        key = owner_key(text)
        if not key:
            return []
        return [o.name for o in self.owners
                if owner_key(o.name) == key or key in {owner_key(t) for t in o.also}]


def build_directory(texts: Iterable[str], schema: Schema) -> Directory:
    """The directory import guesses from the officer texts, in the order they first appear."""
    directory = Directory()
    by_key: dict[str, Owner] = {}
    for text, reading in read_officers(texts, role_words=role_words(schema)).items():
        for name in reading.owners:
            owner = by_key.get(owner_key(name))
            if owner is None:
                owner = by_key[owner_key(name)] = Owner(name=name)
                directory.owners.append(owner)
            if text not in owner.also:
                owner.also.append(text)
    return directory


def unique_keys(refs: Iterable[str]) -> list[str]:
    """One key per row: its reference, or for a blank or repeated one a key of its own, so no row is lost."""
    seen: set[str] = set()
    keys: list[str] = []
    for i, ref in enumerate(refs):
        key = ref if ref and ref not in seen else f"{ref}#{i}"
        seen.add(key)
        keys.append(key)
    return keys


def row_owners(rows: Mapping[str, Mapping[str, Value]], schema: Schema, directory: Directory) -> dict[str, list[str]]:
    """Each row's owners by reference: its officer text's, with a sub-item's parent's owners added."""
    lookup = RowOwnership(rows.get, schema, directory)
    return {key: lookup.of(key) for key in rows}


class RowOwnership:
    """One row's owners when asked for: its officer text's, with a sub-item's parent's owners added.

    ``values_of`` gives a row's values by reference (None for no such row), as they are when asked
    (a merge changes them); each officer text is read once.
    """

    def __init__(self, values_of: Callable[[str], Mapping[str, Value] | None], schema: Schema,
                 directory: Directory) -> None:
        self._values_of, self._owner, self._parent, self._directory = values_of, schema.owner, schema.parent, directory
        self._by_text: dict[str, list[str]] = {}

    def _own(self, values: Mapping[str, Value]) -> list[str]:
        text = display(values.get(self._owner))
        if text not in self._by_text:
            self._by_text[text] = self._directory.owners_of(text)
        return self._by_text[text]

    def of(self, key: str) -> list[str]:
        """The owners of row ``key``, its own first; none when there is no such row."""
        values = self._values_of(key)
        if values is None:
            return []
        names = self._own(values)
        parent = display(values.get(self._parent)) if self._parent else ""
        parent_values = self._values_of(parent) if parent and parent != key else None
        if parent_values is not None:
            names = [*names, *(n for n in self._own(parent_values) if n not in names)]
        return names


def read_directory(book: Any) -> Directory | None:
    """The Owners sheet of an open (calamine) master as the team left it; None when it has none."""
    from govsheet.workbook.meta import cell_text

    if OWNERS_SHEET not in book.sheet_names:
        return None
    rows = book.get_sheet_by_name(OWNERS_SHEET).to_python(skip_empty_area=False)
    directory = Directory(from_sheet=True)
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell_text(c).strip() for c in row[:5]] + [""] * (5 - len(row[:5]))
        if not any(cells):
            continue
        also = [" ".join(t.split()) for t in cells[1].splitlines() if t.strip()]
        directory.owners.append(Owner(name=cells[0], also=also, email=cells[2], department=cells[3],
                                      notes=cells[4], row=number))
    return directory


def owner_notes(texts: Iterable[str], schema: Schema) -> list[ImportNote]:
    """One import-report guess per officer text: the owners it was read as, and why."""
    notes: list[ImportNote] = []
    for text, reading in read_officers(texts, role_words=role_words(schema)).items():
        names = ", ".join(repr(n) for n in reading.owners)
        why = f" ({'; '.join(reading.guesses)})" if reading.guesses else ""
        owners = "owners" if len(reading.owners) > 1 else "owner"
        notes.append(ImportNote(kind="guess", message=f"officer {text!r} read as {owners} {names}{why}; check the "
                                                      f"{OWNERS_SHEET} sheet"))
    return notes


@dataclass
class TextMapping:
    """One officer text of the master, the rows that carry it and the owners it maps to."""

    text: str
    rows: list[str]
    owners: list[str]


@dataclass
class OwnersReport:
    """What ``govsheet owners`` shows: the directory and how each officer text maps to it."""

    master: str
    from_sheet: bool
    owners: list[Owner]
    texts: list[TextMapping]
    rows: dict[str, int]  # owner name -> rows in their return

    @property
    def ok(self) -> bool:
        """True when every officer text maps to an owner."""
        return not self.unmapped

    @property
    def unmapped(self) -> list[TextMapping]:
        """The officer texts that map to no owner: their rows go in no return."""
        return [t for t in self.texts if not t.owners]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "master": self.master,
            "from_sheet": self.from_sheet,
            "owners": [{"owner": o.name, "also_written_as": o.also, "email": o.email, "department": o.department,
                        "notes": o.notes, "row": o.row, "rows": self.rows.get(o.name, 0)} for o in self.owners],
            "texts": [{"text": t.text, "rows": t.rows, "owners": t.owners} for t in self.texts],
            "unmapped": [t.text for t in self.unmapped],
        }

    def to_text(self) -> str:
        """The report for people: the directory, then each text and its owners, flagging those with none."""
        where = f"its {OWNERS_SHEET} sheet" if self.from_sheet else "no Owners sheet: read from the officer texts"
        lines = [f"{self.master}: {len(self.owners)} owners ({where})", ""]
        for o in self.owners:
            extra = "; ".join(x for x in (o.email or "no e-mail", o.department) if x)
            count = self.rows.get(o.name, 0)
            lines.append(f"  {o.name} - {count} row{'s' * (count != 1)}; {extra}")
        lines += ["", "Officer texts:"]
        for t in self.texts:
            target = " + ".join(t.owners) if t.owners else "NO OWNER: these rows go in no return"
            lines.append(f"  {t.text!r} (rows {', '.join(t.rows)}) -> {target}")
        if self.unmapped:
            lines += ["", (f"{len(self.unmapped)} officer texts map to no owner; add each under an owner's "
                          f"'Also written as' on the {OWNERS_SHEET} sheet")]
        return "\n".join(lines) + "\n"


def owners_report(master: str, rows: Mapping[str, Mapping[str, Value]], schema: Schema,
                  directory: Directory | None) -> OwnersReport:
    """The directory of a master (its sheet, else the reading import would make) and every text's owners."""
    texts: dict[str, list[str]] = {}
    for key, values in rows.items():
        text = display(values.get(schema.owner)).strip()
        if text:
            texts.setdefault(text, []).append(key)
    chosen = directory or build_directory(texts, schema)
    counts: dict[str, int] = {}
    for names in row_owners(rows, schema, chosen).values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return OwnersReport(master=master, from_sheet=directory is not None, owners=chosen.owners,
                        texts=[TextMapping(text=t, rows=keys, owners=chosen.owners_of(t)) for t, keys in texts.items()],
                        rows=counts)
