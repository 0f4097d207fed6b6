"""Property-based sweep: no input crashes a command (random bytes, flipped bytes, damaged XML, damaged masters).

The property-based tests of one module sit beside it: values through the engine in
``tests/xlsx/test_sheet_hostile.py``, ``edit`` arguments in ``tests/cli/test_edit_hostile.py``, any tracker
through validate in ``tests/validate/test_engine_hostile.py``, any CSV through import in
``tests/importer/test_table_hostile.py``.

Examples are kept modest (``max_examples``) so the suite stays within CI's few minutes; the
seed of each failure is printed by hypothesis and can be replayed with ``@reproduce_failure``.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from govsheet.cli import COMMANDS
from govsheet.errors import GovsheetError
from tests.hostile import cases as c
from tests.hostile.run import run_cli
from tests.hostile.values import FUZZ, base_bytes


# ----------------------------------------------------------------- no input crashes a command
def run_reader(data: bytes, command: str) -> None:
    """Run a reading command on ``data`` as a file: exit 0/1/2, never a traceback, one line on failure."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "return.xlsx"
        path.write_bytes(data)
        argv = {
            "validate": ["validate", str(path), "--schema", "ags-action-plan"],
            "import": ["import", str(path), "--schema", "ags-action-plan", "-o", str(Path(tmp) / "new.xlsx")],
            "render": ["render", str(path), "--format", "html", "-o", str(Path(tmp) / "c.html")],
        }[command]
        result = run_cli(argv)
        assert "Traceback" not in result.output, result.output
        assert result.code in (0, 1, 2), result.output
        if result.code == 2:
            lines = result.err.strip().splitlines()
            assert len(lines) == 1, result.err
            assert path.name in lines[0]


READERS = [cmd for cmd in ("validate", "import", "render") if cmd in COMMANDS]


@pytest.mark.parametrize("command", READERS)
@FUZZ
@given(data=st.binary(max_size=2048))
@example(data=b"")
@example(data=b"PK\x03\x04")
@example(data=b"PK\x05\x06" + bytes(18))
@example(data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
def test_random_bytes_never_crash(command: str, data: bytes) -> None:
    run_reader(data, command)


@pytest.mark.parametrize("command", READERS)
@FUZZ
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6),
       cut=st.one_of(st.none(), st.floats(0.05, 1)))
def test_mutated_packages_never_crash(command: str, flips: list[tuple[float, int]], cut: float | None) -> None:
    data = bytearray(base_bytes())
    for where, byte in flips:
        data[int(where * len(data))] = byte
    if cut is not None:
        data = data[: max(1, int(cut * len(data)))]
    run_reader(bytes(data), command)


PARTS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml",
         "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/worksheets/sheet4.xml"]
XML_NOISE = st.sampled_from(["<", ">", "&", "&amp;", '"', "</c>", '<c r="XFD1">', "<v>1e999</v>", 't="s"',
                             "<v>999999</v>", '<row r="0">', "\x00", "<!--", "]]>", "_x0000_", "<is><t>x</t></is>",
                             'r="A0"', 's="99999"', "<f>1/0</f>", "<v>-1</v>"])


@pytest.mark.parametrize("command", READERS)
@FUZZ
@given(part=st.sampled_from(PARTS), where=st.floats(0, 1), cut=st.integers(0, 40),
       noise=st.lists(XML_NOISE, max_size=4))
def test_mutated_xml_never_crashes(command: str, part: str, where: float, cut: int, noise: list[str]) -> None:
    """Damage inside a well-formed zip, so the XML parsers (not just the zip reader) meet it."""
    src = io.BytesIO(base_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                at = int(where * len(data))
                data = data[:at] + "".join(noise).encode("utf-8") + data[at + cut:]
            zout.writestr(info.filename, data)
    assume(out.getvalue() != base_bytes())
    run_reader(out.getvalue(), command)


def test_the_catalogue_builders_stay_small() -> None:
    """The hostile files are built in the tests, a few kilobytes each, the 2 GB bomb included."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "m.xlsx"
        src.write_bytes(base_bytes())
        sizes = {
            "bomb": c.zip_bomb(src, Path(tmp) / "b.xlsx").stat().st_size,
            "laughs": c.entity(c.SST, "laughs")(src, Path(tmp) / "l.xlsx").stat().st_size,
            "far": c.far_cell(src, Path(tmp) / "f.xlsx").stat().st_size,
        }
    assert sizes["bomb"] < 3 * 1024 * 1024
    assert max(sizes["laughs"], sizes["far"]) < 64 * 1024


def test_govsheet_errors_are_the_only_escape() -> None:
    """Library readers raise GovsheetError for unreadable files (what the CLI turns into exit 2)."""
    from govsheet.workbook.read import open_calamine

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        for data in (b"", b"PK", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), base_bytes()[:500]):
            path.write_bytes(data)
            with pytest.raises(GovsheetError):
                open_calamine(path)


_RETURN: dict[str, bytes] = {}


def return_bytes() -> bytes:
    """The Head of Legal's return issued from the base master (built once)."""
    if "return" not in _RETURN:
        with tempfile.TemporaryDirectory() as tmp:
            master = Path(tmp) / "master.xlsx"
            master.write_bytes(base_bytes())
            assert run_cli(["issue", str(master), "-o", tmp, "--owner", "Head of Legal"]).code == 0
            _RETURN["return"] = (Path(tmp) / "head-of-legal.xlsx").read_bytes()
    return _RETURN["return"]


def mutate(data: bytes, part: str, where: float, cut: int, noise: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == part:
                at = int(where * len(content))
                content = content[:at] + "".join(noise).encode("utf-8") + content[at + cut:]
            zout.writestr(info.filename, content)
    return out.getvalue()


WRITING = ["merge-return", "merge-master", "edit", "roll", "issue", "diff", "audit", "render-docx"]


@pytest.mark.skipif(not {"merge", "issue", "edit", "roll", "diff", "audit", "render"} <= set(COMMANDS),
                    reason="needs every command")
@FUZZ
@given(part=st.sampled_from([*PARTS, "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"]),
       where=st.floats(0, 1), cut=st.integers(0, 80), noise=st.lists(XML_NOISE, max_size=5),
       command=st.sampled_from(WRITING))
def test_damaged_masters_and_returns_never_crash_any_command(part: str, where: float, cut: int, noise: list[str],
                                                             command: str) -> None:
    """Damaged XML in a master or a return: every command exits 0/1/2 and leaves its inputs alone."""
    from tests.hostile.conftest import assert_inputs_kept, contents

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "out").mkdir()
        master, ret = folder / "in" / "master.xlsx", folder / "in" / "return.xlsx"
        master.write_bytes(base_bytes())
        ret.write_bytes(return_bytes())
        damaged = ret if command == "merge-return" else master
        damaged.write_bytes(mutate(damaged.read_bytes(), part, where, cut, noise))
        out = folder / "out"
        argv = {
            "merge-return": ["merge", str(master), str(ret), "-o", str(out / "merged.xlsx")],
            "merge-master": ["merge", str(master), str(ret), "-o", str(out / "merged.xlsx")],
            "edit": ["edit", str(master), "--set", "Actions!I2=x", "-o", str(out / "edited.xlsx")],
            "roll": ["roll", str(master), "--round", "2025-Q1", "-o", str(out / "next.xlsx")],
            "issue": ["issue", str(master), "-o", str(out / "returns")],
            "diff": ["diff", str(master), str(master), "--format", "json"],
            "audit": ["audit", str(master), "--verify"],
            "render-docx": ["render", str(master), "--format", "docx", "-o", str(out / "committee.docx")],
        }[command]
        before = contents(folder / "in")
        result = run_cli(argv)
        assert "Traceback" not in result.output, result.output
        assert result.code in (0, 1, 2), result.output
        if result.code == 2 and result.err:
            assert len(result.err.strip().splitlines()) == 1, result.err
        assert_inputs_kept(folder / "in", before, command)
