"""Who a row belongs to, and safe file names for each owner's return.

Owner text is split only on semicolons and line breaks. " and ", "&", "/" and commas
are *not* separators: the seed trackers' officers are job titles that contain them
("Service Director - Customers, Governance and Employees", "Service Director - Finance,
Infrastructure & Improvement"), and splitting there would invent owners. A row that
names several owners separated by ";" or on several lines goes to each of them.
Owners are matched by their folded text (case, spaces and dashes, en dashes included, ignored), so
"Group Manager - Assurance" and "Group Manager Assurance" are one owner.
"""

from __future__ import annotations

import re
import unicodedata

from govsheet.model.schema import fold

_SEPARATORS = re.compile(r"[;\r\n]+")
MAX_SLUG = 60


def split_owners(text: str) -> list[str]:
    """The owners a cell names, in order, without repeats; [] when blank."""
    seen: dict[str, str] = {}
    for part in _SEPARATORS.split(text or ""):
        name = " ".join(part.split())
        if name and owner_key(name) not in seen:
            seen[owner_key(name)] = name
    return list(seen.values())


def owner_key(name: str) -> str:
    """The text two spellings of one owner share."""
    return fold(name)


def slug(text: str) -> str:
    """A file-name-safe form of a name: ASCII letters, digits and single dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(cleaned) > MAX_SLUG:  # cut between words: "...-governance-and", never "...-govern"
        head = cleaned[: MAX_SLUG + 1]
        cleaned = head.rsplit("-", 1)[0] if "-" in head else cleaned[:MAX_SLUG]
    return cleaned.rstrip("-") or "owner"
