"""Formula text rewritten: relative references moved, a reference moved off the sheet becomes #REF!."""

from __future__ import annotations

from govsheet.xlsx.formulas import translate


def test_translate_moves_relative_parts_only() -> None:
    assert translate("A1+$B$2+B$3+$C4+Other!D5", "S", 2, 1) == "B3+$B$2+C$3+$C6+Other!E7"
    assert translate("A1", "S", -1, 0) == "#REF!"
