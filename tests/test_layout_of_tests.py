"""The tests mirror src/: every module of src/govsheet has a test file named after it.

The tests of ``src/govsheet/X/Y.py`` are ``tests/X/test_Y.py`` or ``tests/X/test_Y_<topic>.py`` (those of
``src/govsheet/Y.py`` are ``tests/test_Y.py`` or ``tests/test_Y_<topic>.py``); a package's ``__init__.py`` needs
none of its own. A module is matched by its whole name, so ``seed.py`` is not covered by ``test_seed_refs.py``
when ``seed_refs.py`` exists: the longest module name that a test file's name starts with is the one it tests.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "govsheet"
TESTS = ROOT / "tests"


def modules(src: Path) -> list[Path]:
    """Every module below ``src`` but the packages' ``__init__.py``, relative to ``src``."""
    return sorted(p.relative_to(src) for p in src.rglob("*.py") if p.name != "__init__.py")


def module_tested_by(test: Path, names: set[str]) -> str | None:
    """The module name (among ``names``, those of the test's folder) that ``test_<name>[_topic].py`` tests."""
    stem = test.stem.removeprefix("test_")
    found = [n for n in names if stem == n or stem.startswith(f"{n}_")]
    return max(found, key=len) if found else None


def untested(src: Path, tests: Path) -> list[str]:
    """The modules of ``src`` with no mirrored test file under ``tests``, as paths below src/govsheet."""
    missing = []
    by_folder: dict[Path, set[str]] = {}
    for module in modules(src):
        by_folder.setdefault(module.parent, set()).add(module.stem)
    for folder, names in sorted(by_folder.items()):
        covered = {module_tested_by(t, names) for t in (tests / folder).glob("test_*.py")}
        missing += [str(folder / f"{name}.py") for name in sorted(names - covered)]
    return missing


def test_every_module_has_a_mirrored_test_file() -> None:
    missing = untested(SRC, TESTS)
    assert missing == [], ("modules of src/govsheet with no tests/<folder>/test_<module>[_<topic>].py: "
                           + ", ".join(missing))


def test_the_check_names_what_is_missing_and_matches_whole_module_names(tmp_path: Path) -> None:
    src, tests = tmp_path / "src", tmp_path / "tests"
    for module in ("api.py", "seed.py", "seed_refs.py", "xlsx/__init__.py", "xlsx/book.py", "xlsx/rows.py",
                   "xlsx/rowmap.py"):
        (src / module).parent.mkdir(parents=True, exist_ok=True)
        (src / module).write_text("")
    for test in ("test_api_package.py", "test_seed_refs.py", "xlsx/test_rows_move.py", "xlsx/test_book.py"):
        (tests / test).parent.mkdir(parents=True, exist_ok=True)
        (tests / test).write_text("")
    assert untested(src, tests) == ["seed.py", "xlsx/rowmap.py"]
