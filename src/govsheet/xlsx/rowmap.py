"""Where rows go when rows are deleted, inserted or moved, and what that does to references.

:class:`RowMap` numbers the rows after the change; :func:`shift_ref`, :func:`shift_formula` and
:func:`shift_sqref` rewrite references and range lists with it, as Excel does.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from govsheet.xlsx.formulas import corner_text, corners, rewrite_refs
from govsheet.xlsx.limits import MAX_ROWS
from govsheet.xlsx.refs import make_range, parse_range


@dataclass
class RowMap:
    """Where rows go: deleted ranges (old numbers) or insertions (blank rows before an old row)."""

    deleted: list[tuple[int, int]]
    inserted: list[tuple[int, int]]  # (old row the blank rows go before, how many)
    moved: tuple[int, int, int] | None = None  # (first, last, to): rows cut and inserted before row ``to``

    @classmethod
    def deleting(cls, ranges: list[tuple[int, int]]) -> RowMap:
        """Delete these (first, last) ranges of the current rows, all at once."""
        merged: list[tuple[int, int]] = []
        for first, last in sorted(ranges):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
            else:
                merged.append((first, last))
        rm = cls(merged, [])
        rm._prepare()
        return rm

    @classmethod
    def inserting(cls, places: list[tuple[int, int]]) -> RowMap:
        """Insert ``count`` blank rows before each ``row`` of the current rows, all at once."""
        total: dict[int, int] = {}
        for row, count in places:
            total[row] = total.get(row, 0) + count
        rm = cls([], sorted(total.items()))
        rm._prepare()
        return rm

    @classmethod
    def moving(cls, first: int, last: int, to: int) -> RowMap:
        """Cut rows ``first``..``last`` and insert them before row ``to``, as Excel's "Insert Cut Cells"."""
        rm = cls([], [], (first, last, to))
        rm._prepare()
        return rm

    def _prepare(self) -> None:
        self.cache: dict[str, str | None] = {}
        self._before: list[int] = []
        if self.moved is not None:
            self._starts = [min(self.moved[0], self.moved[2])]
            return
        self._starts = [a for a, _ in self.deleted] or [a for a, _ in self.inserted]
        run = 0
        for a, b in self.deleted:
            run += b - a + 1
            self._before.append(run)
        for _, count in self.inserted:
            run += count
            self._before.append(run)

    @property
    def lowest(self) -> int:
        """The first row that moves or goes."""
        return self._starts[0] if self._starts else MAX_ROWS + 1

    @property
    def growth(self) -> int:
        """Rows added (negative: removed)."""
        return (self._before[-1] if self._before else 0) * (-1 if self.deleted else 1)

    def row(self, r: int) -> int | None:
        """The new number of old row ``r``; None when it is deleted or pushed off the sheet."""
        if self.moved is not None:
            return self._moved_row(r)
        i = bisect.bisect_right(self._starts, r) - 1
        if i < 0:
            return r
        if self.deleted:
            if r <= self.deleted[i][1]:
                return None
            return r - self._before[i]
        new = r + self._before[i]
        return new if new <= MAX_ROWS else None

    def _moved_row(self, r: int) -> int:
        first, last, to = self.moved or (0, 0, 0)
        size = last - first + 1
        if first <= r <= last:
            return r - first + (to - size if to > last else to)
        if to > last and last < r < to:
            return r - size
        if to < first and to <= r < first:
            return r + size
        return r

    def pieces(self, top: int, bottom: int) -> list[tuple[int, int]]:
        """Where the cells of an old row span go, as ascending spans (a move can split a span in three)."""
        if self.moved is None:
            span = self.span(top, bottom)
            return [] if span is None else [span]
        first, last, to = self.moved
        cuts = sorted({top, bottom + 1, *(x for x in (first, last + 1, to) if top < x <= bottom)})
        out = sorted((self._moved_row(a), self._moved_row(b - 1)) for a, b in itertools.pairwise(cuts))
        joined: list[tuple[int, int]] = []
        for a, b in out:
            if joined and a == joined[-1][1] + 1:
                joined[-1] = (joined[-1][0], b)
            else:
                joined.append((a, b))
        return joined

    def span(self, top: int, bottom: int) -> tuple[int, int] | None:
        """The new (top, bottom) of an old row span; None when all of it is deleted.

        A move is Excel's three steps: blank rows open before ``to`` (a span grows across them),
        the cut rows go into them (a span wholly inside them goes too), and the rows they left
        close (a span shrinks). So a total over a table keeps every row when rows move within it.
        """
        if self.moved is not None:
            first, last, to = self.moved
            if first <= top and bottom <= last:
                return self._moved_row(top), self._moved_row(bottom)
            size = last - first + 1
            grown = RowMap.inserting([(to, size)]).span(top, bottom) or (top, bottom)
            gone = (first + size, last + size) if first >= to else (first, last)
            return RowMap.deleting([gone]).span(*grown)
        if self.deleted:
            i = bisect.bisect_right(self._starts, top) - 1
            if i >= 0 and top <= self.deleted[i][1]:
                top = self.deleted[i][1] + 1
            j = bisect.bisect_right(self._starts, bottom) - 1
            if j >= 0 and bottom <= self.deleted[j][1]:
                bottom = self.deleted[j][0] - 1
            if top > bottom:
                return None
        new_top = self.row(top)
        if new_top is None:
            return None
        new_bottom = self.row(bottom)
        return new_top, new_bottom if new_bottom is not None else MAX_ROWS

    def cuts(self, top: int, bottom: int) -> bool:
        """Whether some but not all of the span is deleted, or rows are inserted (or moved) inside it."""
        if self.moved is not None:
            first, last, to = self.moved
            return any(top < x <= bottom for x in (first, last + 1, to))
        if self.deleted:
            hit = sum(max(0, min(b, bottom) - max(a, top) + 1) for a, b in self.deleted)
            return 0 < hit < bottom - top + 1
        return any(top < at <= bottom for at, _ in self.inserted)


# ---------------------------------------------------------------------- references
_SINGLE = re.compile(r"(\$?[A-Za-z]{1,3}\$?)([0-9]{1,7})")


def shift_ref(rm: RowMap, ref: str) -> str | None:
    """A reference's text after the rows move (None: it pointed only at deleted rows)."""
    single = _SINGLE.fullmatch(ref)
    if single is not None:
        moved = rm.row(int(single.group(2)))
        return None if moved is None else single.group(1) + str(moved)
    parts = corners(ref)
    if not parts or all(row is None for _, _, _, row in parts):
        return ref
    if len(parts) == 1:
        col_abs, col, row_abs, row = parts[0]
        new = rm.row(row) if row is not None else None
        return None if new is None else corner_text(col_abs, col, row_abs, new)
    (ca1, c1, ra1, r1), (ca2, c2, ra2, r2) = parts[0], parts[-1]
    if r1 is None or r2 is None:
        return ref
    lo, hi = min(r1, r2), max(r1, r2)
    span = rm.span(lo, hi)
    if span is None:
        return None
    new1, new2 = (span[0], span[1]) if r1 <= r2 else (span[1], span[0])
    return corner_text(ca1, c1, ra1, new1) + ":" + corner_text(ca2, c2, ra2, new2)


def shift_formula(rm: RowMap, target: str, formula: str, host: str | None) -> str:
    """A formula with every reference to sheet ``target`` moved; references into deleted rows become #REF!."""
    wanted = target.casefold()

    cache = rm.cache

    def on_ref(sheet: str | None, ref: str) -> str:
        if sheet is None or (sheet != target and sheet.casefold() != wanted):
            return ref
        new = cache.get(ref, "")
        if new == "":
            new = cache[ref] = shift_ref(rm, ref)
        return "#REF!" if new is None else new

    return rewrite_refs(formula, host, on_ref)


def shift_sqref(rm: RowMap, sqref: str) -> str:
    """A space-separated range list moved; ranges wholly deleted go (the result may be empty).

    On a move the cells go where their rows go, so a range the move cuts becomes several ranges,
    and pieces of one column span that end up adjacent join again.
    """
    if rm.moved is not None:
        return _moved_sqref(rm, sqref)
    out = []
    for token in sqref.split():
        new = shift_ref(rm, token)
        if new is not None:
            out.append(new)
    return " ".join(out)


def _moved_sqref(rm: RowMap, sqref: str) -> str:
    groups: dict[tuple[bool, int | None, bool, bool, int | None, bool], list[tuple[int, int]]] = {}
    out: list[str | tuple[bool, int | None, bool, bool, int | None, bool]] = []
    for token in sqref.split():
        parts = corners(token)
        if len(parts) == 1 and parts[0][3] is not None:
            parts = [parts[0], parts[0]]
        if len(parts) != 2 or parts[0][3] is None or parts[1][3] is None:  # noqa: PLR2004 - two corners
            out.append(shift_ref(rm, token) or token)
            continue
        (ca1, c1, ra1, r1), (ca2, c2, ra2, r2) = parts
        key = (ca1, c1, ra1, ca2, c2, ra2)
        if key not in groups:
            groups[key] = []
            out.append(key)
        top, bottom = int(r1 or 0), int(r2 or 0)
        groups[key].extend(rm.pieces(min(top, bottom), max(top, bottom)))
    texts: list[str] = []
    for item in out:
        if isinstance(item, str):
            texts.append(item)
            continue
        ca1, c1, ra1, ca2, c2, ra2 = item
        joined: list[tuple[int, int]] = []
        for a, b in sorted(groups[item]):
            if joined and a <= joined[-1][1] + 1:
                joined[-1] = (joined[-1][0], max(b, joined[-1][1]))
            else:
                joined.append((a, b))
        for a, b in joined:
            one = corner_text(ca1, c1, ra1, a)
            single = a == b and c1 == c2 and c1 is not None  # a whole row keeps both corners: "4:4"
            texts.append(one if single else one + ":" + corner_text(ca2, c2, ra2, b))
    return " ".join(texts)


def hull(sqref: str) -> str:
    """The one range that spans every range of a list (for attributes that hold a single range)."""
    found = [parse_range(t) for t in sqref.split()]
    boxes = [b for b in found if b is not None]
    if len(boxes) < 2:  # noqa: PLR2004 - nothing to join
        return sqref
    return make_range(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                      max(b[3] for b in boxes))


__all__ = ["RowMap", "hull", "shift_formula", "shift_ref", "shift_sqref"]
