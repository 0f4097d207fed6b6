"""The owners directory: who each officer text means, and which rows each owner answers for.

Import fills the directory with its reading of every officer text (:mod:`govsheet.returns.owners`);
the master keeps it on its *Owners* sheet, where the governance team corrects it. A text maps to the
owners whose "also written as" lists it (a joint text is listed under each of its owners) or whose
name it is. A row with no officer of its own (a sub-item) belongs to its parent's owners, and a
sub-item goes with its parent whatever it names itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.returns.owners import owner_key, read_officers, role_words

OWNERS_SHEET = "Owners"
OWNERS_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Owner", 40), ("Also written as", 70), ("E-mail", 32), ("Department", 28), ("Notes", 40))


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


def row_owners(rows: Mapping[str, Mapping[str, Value]], schema: Schema, directory: Directory) -> dict[str, list[str]]:
    """Each row's owners by reference: its officer text's, with a sub-item's parent's owners added."""
    cache: dict[str, list[str]] = {}
    own: dict[str, list[str]] = {}
    for key, values in rows.items():
        text = display(values.get(schema.owner))
        if text not in cache:
            cache[text] = directory.owners_of(text)
        own[key] = cache[text]
    if not schema.parent:
        return own
    out: dict[str, list[str]] = {}
    for key, values in rows.items():
        parent = display(values.get(schema.parent))
        names = list(own[key])
        for name in own.get(parent, []) if parent and parent != key else []:
            if name not in names:
                names.append(name)
        out[key] = names
    return out


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
