"""Property-based tests: values survive the lossless engine, and no input crashes a command.

Examples are kept modest (``max_examples``) so the suite stays within CI's few minutes; the
seed of each failure is printed by hypothesis and can be replayed with ``@reproduce_failure``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from govsheet.cli import COMMANDS
from govsheet.errors import GovsheetError, UsageError
from tests.hostile import cases as c
from tests.hostile.conftest import build_master
from tests.hostile.run import run_cli

needs_edit = pytest.mark.skipif("edit" not in COMMANDS, reason="'govsheet edit' has not landed yet")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_BASE: dict[str, bytes] = {}


def base_bytes() -> bytes:
    """A small master's bytes, built once per session (hypothesis cannot take function fixtures)."""
    if "master" not in _BASE:
        with tempfile.TemporaryDirectory() as tmp:
            _BASE["master"] = build_master(Path(tmp) / "master.xlsx").read_bytes()
    return _BASE["master"]


def read_back(path: Path, ref_row: int = 1, ref_col: int = 8) -> object:
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python(skip_empty_area=False)
    return grid[ref_row][ref_col]


def round_trip(value: object) -> object:
    """Set Actions!I2 with the engine, save, and read the cell back with calamine."""
    from govsheet.xlsx import Book

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        src.write_bytes(base_bytes())
        book = Book.open(src)
        book.sheet("Actions").set("I2", value)  # type: ignore[arg-type]
        book.save(out)
        return read_back(out)


# Characters XML 1.0 can carry only escaped (_xHHHH_), plus ordinary, accented, RTL and astral text.
# U+FFFE/U+FFFF and lone surrogates have their own tests below: they are refused.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=300)
LONG = st.tuples(st.text(st.characters(codec="utf-8", exclude_characters="\ufffe\uffff"), min_size=1, max_size=50),
                 st.integers(32_000, 32_767)).map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]])


@needs_edit
@FAST
@given(text=TEXT)
@example(text="\x00\x01\x08\x0b\x0c\x1f")  # control characters: escaped as _xHHHH_ and read back
@example(text="_x0041_ literal")  # text that looks like an escape is itself escaped
@example(text="𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 مرحبا")
@example(text="  leading and trailing  ")
@example(text="=SUM(A1:A2)")
def test_any_text_survives_edit_then_read(text: str) -> None:
    got = round_trip(text)
    assert got == (text or "")


@needs_edit
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LONG)
def test_text_up_to_excels_limit_survives(text: str) -> None:
    assert round_trip(text) == text


@needs_edit
def test_text_over_excels_limit_is_refused() -> None:
    with pytest.raises(UsageError, match=r"32,767|32767"):
        round_trip("x" * 32_768)


@needs_edit
@FAST
@given(number=st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**53), 2**53),
    st.sampled_from([0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e15 + 0.3, 0.1]),
))
def test_numbers_at_the_edges_survive(number: float) -> None:
    got = round_trip(number)
    assert isinstance(got, int | float)
    assert float(got) == float(number)


@needs_edit
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_numbers_excel_cannot_hold_are_refused(number: float) -> None:
    with pytest.raises(UsageError, match="finite"):
        round_trip(number)


@needs_edit
@FAST
@given(when=st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31, 23, 59, 59)).map(  # noqa: DTZ001
        lambda d: d.replace(microsecond=0)),
))
def test_dates_survive(when: dt.date) -> None:
    got = round_trip(when)
    if isinstance(when, dt.datetime) and when.time() == dt.time():
        assert got in (when, when.date())
    else:
        assert got == when


@needs_edit
@pytest.mark.parametrize("text", ["line one\r\nline two", "\r=HYPERLINK(1)", "ends with CR\r", "\r"])
def test_a_carriage_return_survives(text: str) -> None:
    assert round_trip(text) == text


@needs_edit
def test_a_noncharacter_is_refused() -> None:
    with pytest.raises(UsageError, match="U\\+FFFE"):
        round_trip("a\ufffeb")


@needs_edit
def test_a_lone_surrogate_is_refused_clearly() -> None:
    with pytest.raises(UsageError):
        round_trip("bad \udcff byte")


@needs_edit
def test_edit_with_invalid_utf8_in_argv_exits_cleanly(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    master.write_bytes(base_bytes())
    before = master.read_bytes()
    bad = b"Actions!I2=\xff\xfe".decode("utf-8", "surrogateescape")  # what Python hands over for such argv
    result = run_cli(["edit", str(master), "--set", bad])
    assert "Traceback" not in result.output
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert master.read_bytes() == before


@needs_edit
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT.filter(lambda t: "\x00" not in t))
def test_edit_command_keeps_text_as_text(text: str) -> None:
    """Through the command line: ``:=`` keeps the value as text, whatever it looks like."""
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master.xlsx"
        master.write_bytes(base_bytes())
        result = run_cli(["edit", str(master), "--set", f"Actions!I2:={text}"])
        assert "Traceback" not in result.output
        assert result.code == 0, result.output
        assert read_back(master) == (text or None) or (text == "" and read_back(master) in ("", None))


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


# ----------------------------------------------------------------- validation and import of random data
ANY_VALUE = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=60),
    st.sampled_from(["Yet to start", "In progres", "completed ", "\u00a0Done", "Finished?", "March 2021",
                     "Continuous in 2020/21", "31/03/2021", "=1+1", "@SUM(1)", "1a", "15b", "999"]),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
)
FIELDS = ["ref", "parent", "action", "officer", "target", "target_date", "status", "progress"]


@FUZZ
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(FIELDS, ANY_VALUE)), min_size=1, max_size=6))
def test_validate_reports_any_tracker_without_crashing(rows: list[dict[str, object]]) -> None:
    """Whatever the cells hold, validate reports problems at real cells; it never crashes."""
    import json
    import re

    from govsheet.importer.master import write_master
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema

    schema = load_schema("ags-action-plan")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.xlsx"
        try:
            write_master(Tracker(schema_name=schema.name, actions=[Action(values=r) for r in rows]),  # type: ignore[misc]
                         schema, path)
        except GovsheetError:
            return  # the writer refused the values (e.g. a cell too long): nothing to validate
        result = run_cli(["validate", str(path), "--format", "json", "--today", "2024-01-01"])
        assert "Traceback" not in result.output, result.output
        assert "panicked" not in result.output, result.output
        if result.code == 2:  # e.g. a date-formatted cell holding -1E+300, which calamine cannot convert
            assert result.err.startswith(f"govsheet: {path}: "), result.err
            assert len(result.err.strip().splitlines()) == 1, result.err
            return
        assert result.code in (0, 1), result.output
        report = json.loads(result.out)
        for problem in report["errors"]:
            if problem["cell"] is not None:
                assert re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", problem["cell"]), problem
                assert problem["row"] is None or 1 <= problem["row"] <= len(rows) + 1, problem


CSV_FIELD = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.mark.skipif("import" not in COMMANDS, reason="'govsheet import' has not landed yet")
@FUZZ
@given(cells=st.lists(st.lists(CSV_FIELD, min_size=0, max_size=8), max_size=6),
       header=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_import_of_any_csv_never_crashes(cells: list[list[str]], header: bool, encoding: str) -> None:
    import csv

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "actions.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header:
            writer.writerow(["Ref", "Planned Action", "Officer responsible", "Target date for completion",
                             "Progress status", "Progress update"])
        writer.writerows(cells)
        source.write_bytes(buffer.getvalue().encode(encoding, "replace"))
        out = Path(tmp) / "master.xlsx"
        result = run_cli(["import", str(source), "--schema", "ags-action-plan", "-o", str(out)])
        assert "Traceback" not in result.output, result.output
        assert result.code in (0, 1, 2), result.output
        if result.code == 2:
            assert len(result.err.strip().splitlines()) == 1, result.err
            assert str(source) in result.err
            assert not out.exists()


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
