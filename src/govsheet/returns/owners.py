"""Who a row belongs to: reading the officer cell into owners, and safe file names for returns.

The officer cell of a real tracker is free text. :func:`read_officer` makes its best reading:

* ``;`` and line breaks always separate owners;
* task text after "to <verb>" is cut: "Group Manager Assurance to monitor and report ..." is the
  Group Manager Assurance;
* a joint text ("X and Y", "X & Y", "X / Y") is split where every part is a post: a part that
  starts or ends with a role word (Group Manager, Director, Officer, Team, ...; the schema may name
  its own) or that is written alone elsewhere in the tracker. Where the parts are not all posts
  the text is one title: "Service Director - Customers, Governance and Employees". An unspaced
  slash joins two hats of one person ("Head of Legal/Monitoring Officer") and is not split;
* a person named with a qualifier in brackets ("Audrey Kingham (Best Value for Money) Chief
  Executive") is that person; two such names one after the other are two owners.

Separators inside brackets never split. Owners are matched by their folded text (case, spaces
and dashes, en dashes included, ignored), so "Group Manager - Assurance" and "Group Manager
Assurance" are one owner. Every reading is a guess, listed in the import report; the Owners
sheet (:mod:`govsheet.returns.directory`) is what commands follow.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govsheet.model.schema import Schema, fold

ROLE_WORDS: tuple[str, ...] = ("Group Manager", "Service Director", "Corporate Director", "Chief Executive",
                               "Head of", "Director", "Officer", "Team", "Board")
_SEPARATORS = re.compile(r"[;\r\n]+")
_JOINT = re.compile(r"\s+(?:and|&)\s+|\s+/\s+")
# "to" and a verb opens the task; "to the Board" or "to all staff" is part of a title.
_TASK = re.compile(r"[\s,]+to\s+(?!(?:the|a|an|all|each|every|this|these|those|its|their)\b)[a-z]")
_NEXT_PERSON = re.compile(r"\)\s+(?=[A-Z])")
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_TRAILING = " ,;:-\u2013\u2014"
MAX_SLUG = 60


@dataclass(frozen=True)
class Reading:
    """What an officer text was read as: its owners in order, and each guess made."""

    text: str
    owners: tuple[str, ...]
    guesses: tuple[str, ...] = ()


def role_words(schema: Schema) -> tuple[str, ...]:
    """The role words a schema names, else govsheet's own."""
    return schema.role_words or ROLE_WORDS


def split_owners(text: str) -> list[str]:
    """The owners a cell names, in order, without repeats; [] when blank."""
    return list(read_officer(text).owners)


def read_officer(text: str, *, role_words: Sequence[str] = ROLE_WORDS,
                 known: Iterable[str] = ()) -> Reading:
    """Read one officer text into the owners it names.

    Args:
        text: the officer cell as written.
        role_words: words that make a part of a joint text a post.
        known: folded posts written alone elsewhere in the tracker (see :func:`known_posts`).
    """
    roles = tuple(fold(w) for w in role_words)
    posts = frozenset(known)
    seen: dict[str, str] = {}
    guesses: list[str] = []
    for raw in _SEPARATORS.split(text or ""):
        piece = " ".join(raw.split())
        if not piece:
            continue
        post, task = cut_task(piece)
        if task:
            guesses.append(f"task text {task!r} cut")
        segments = split_joint(post, roles, posts)
        if len(segments) > 1:
            guesses.append("joint text split into " + " and ".join(repr(s) for s in segments))
        for segment in segments:
            for name, dropped in _people(segment, roles):
                if dropped:
                    guesses.append(f"{name!r} named with {dropped!r}, which was left out")
                if name and owner_key(name) not in seen:
                    seen[owner_key(name)] = name
    return Reading(text=text, owners=tuple(seen.values()), guesses=tuple(guesses))


def known_posts(texts: Iterable[str]) -> frozenset[str]:
    """The folded posts the texts write alone (task text cut), which mark a part of a joint text as a post."""
    found: set[str] = set()
    for text in texts:
        for piece in _SEPARATORS.split(text or ""):
            post = cut_task(" ".join(piece.split()))[0]
            if post:
                found.add(owner_key(post))
    return frozenset(found)


def read_officers(texts: Iterable[str], *, role_words: Sequence[str] = ROLE_WORDS) -> dict[str, Reading]:
    """Read every distinct officer text of a tracker, each helped by the posts the others write alone."""
    distinct = list(dict.fromkeys(t for t in texts if t and t.strip()))
    known = known_posts(distinct)
    return {t: read_officer(t, role_words=role_words, known=known) for t in distinct}


def cut_task(text: str) -> tuple[str, str]:
    """The post, and the task text after "to <verb>" that was cut from it ("" when none)."""
    for m in _TASK.finditer(text):
        if _depth(text, m.start()) == 0 and m.start() > 0:
            return text[: m.start()].rstrip(_TRAILING), text[m.start():].strip(_TRAILING)
    return text.rstrip(_TRAILING), ""


def split_joint(text: str, roles: Sequence[str], known: frozenset[str]) -> list[str]:
    """The posts a joint text names: the split into the most parts that are all posts, else the whole."""
    cuts = [m for m in _JOINT.finditer(text) if _depth(text, m.start()) == 0]
    if not cuts:
        return [text]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(text)]
    n = len(starts)
    # best[i]: the most posts pieces i.. split into (0 = cannot), with where the first one ends
    best: list[tuple[int, int]] = [(0, -1)] * n + [(0, n)]
    for i in range(n - 1, -1, -1):
        for j in range(i, n):
            rest = best[j + 1][0] if j + 1 < n else 0
            if (j + 1 < n and rest == 0) or not is_post(text[starts[i]:ends[j]], roles, known):
                continue
            if 1 + rest > best[i][0]:
                best[i] = (1 + rest, j)
    if best[0][0] < 2:  # noqa: PLR2004 - one part is the whole text
        return [text]
    parts: list[str] = []
    i = 0
    while i < n:
        j = best[i][1]
        parts.append(text[starts[i]:ends[j]])
        i = j + 1
    return parts


def is_post(text: str, roles: Sequence[str], known: frozenset[str]) -> bool:
    """Whether a part names a post: it starts or ends with a role word (plurals too), or is written alone."""
    key = owner_key(_BRACKETS.sub("", text))
    if not key:
        return False
    if key in known:
        return True
    words = key.replace("/", " ").split()
    for role in roles:
        size = len(role.split())
        for at in (words[:size], words[-size:]):
            joined = " ".join(at)
            if joined in {role, role + "s"}:
                return True
    return False


def _has_role(text: str, roles: Sequence[str]) -> bool:
    words = f" {owner_key(text)} "
    return any(f" {role} " in words or f" {role}s " in words for role in roles)


def _people(segment: str, roles: Sequence[str]) -> list[tuple[str, str]]:
    """The people a segment names, each as (name, the qualifier left out); titles stay whole."""
    items: list[str] = []
    start = 0
    for m in _NEXT_PERSON.finditer(segment):
        if _depth(segment, m.start()) == 1:  # the ")" closes a top-level bracket
            items.append(segment[start:m.start() + 1])
            start = m.end()
    items.append(segment[start:])
    merged: list[str] = []
    for item in items:
        bare_title = "(" not in item and _has_role(item, roles)
        if merged and bare_title and not _has_role(merged[-1].split("(")[0], roles):
            merged[-1] = f"{merged[-1]} {item}"  # the title of the person named before it
        else:
            merged.append(item)
    out: list[tuple[str, str]] = []
    for item in merged:
        head, bracket, _ = item.partition("(")
        if bracket and head.strip() and not _has_role(head, roles):
            out.append((head.strip(_TRAILING), item[len(head):].strip()))
        else:
            out.append((item.strip(_TRAILING), ""))
    return out


def _depth(text: str, at: int) -> int:
    """How many brackets are open at position ``at``."""
    depth = 0
    for ch in text[:at]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    return depth


def owner_key(name: str) -> str:
    """The text two spellings of one owner share."""
    return fold(name)


def slug(text: str) -> str:
    """A file-name-safe form of a name: ASCII letters, digits and single dashes, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(cleaned) > MAX_SLUG:  # cut between words: "...-governance-and", never "...-govern"
        head = cleaned[: MAX_SLUG + 1]
        cleaned = head.rsplit("-", 1)[0] if "-" in head else cleaned[:MAX_SLUG]
    return cleaned.rstrip("-") or "owner"
