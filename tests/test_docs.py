"""The docs site keeps up with the code: every command and option, every rule code, every schema key."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import click
import pytest
from pydantic import BaseModel

from govsheet.cli import COMMANDS, cli
from govsheet.model import schema as schema_model

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
COMMANDS_PAGE = DOCS / "commands.md"
RULES_DIR = REPO / "src" / "govsheet" / "validate" / "rules"


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("govsheet_docs_hooks", DOCS / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks() -> dict[str, tuple[dict[str, str], str]]:
    """Each ``::: mkdocs-click`` block of the command reference by its prog_name: its options and its text."""
    page = COMMANDS_PAGE.read_text(encoding="utf-8")
    found = re.findall(r"^(::: mkdocs-click\n((?:    :[a-z_]+: .*\n?)+))", page, flags=re.MULTILINE)
    blocks = {}
    for text, body in found:
        options = dict(re.findall(r"^    :([a-z_]+): (.*)$", body, flags=re.MULTILINE))
        assert options["prog_name"] not in blocks, f"two blocks for {options['prog_name']}"
        blocks[options["prog_name"]] = (options, text)
    return blocks


def _rendered(block: str) -> str:
    """The HTML mkdocs-click makes of a block, as the site build does."""
    markdown = pytest.importorskip("markdown", reason="install the docs tools: pip install -e '.[docs]'")
    pytest.importorskip("mkdocs_click", reason="install the docs tools: pip install -e '.[docs]'")
    html: str = markdown.Markdown(extensions=["mkdocs-click", "attr_list", "tables"]).convert(block)
    return html


def _documented_params(command: click.Command) -> list[str]:
    """What the page must show of a command: each visible option's flags and each argument's name."""
    names: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            if not param.hidden:
                names += [*param.opts, *param.secondary_opts]
        else:
            names.append((param.name or "").upper())
    return names


def test_every_command_has_its_own_block_naming_its_click_command() -> None:
    blocks = _blocks()
    assert sorted(blocks) == sorted(f"govsheet {name}" for name in COMMANDS)
    for name, (module, attr, _) in COMMANDS.items():
        options, _text = blocks[f"govsheet {name}"]
        assert options["module"] == module, name
        assert options["command"] == attr, name
        assert isinstance(getattr(importlib.import_module(module), attr), click.Command)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_generated_reference_lists_every_option_of(name: str) -> None:
    module, attr, _ = COMMANDS[name]
    command = getattr(importlib.import_module(module), attr)
    html = _rendered(_blocks()[f"govsheet {name}"][1])
    commands = [command]
    if isinstance(command, click.Group):
        commands += [command.commands[sub] for sub in sorted(command.commands)]
        for sub in command.commands:
            assert f"govsheet {name} {sub}" in html
    missing = [(c.name, p) for c in commands for p in _documented_params(c) if not re.search(
        rf"(?<![\w-]){re.escape(p)}(?![\w-])", html)]
    assert missing == []
    assert f"govsheet {name}" in html


def test_the_options_of_govsheet_itself_are_listed() -> None:
    page = COMMANDS_PAGE.read_text(encoding="utf-8")
    flags = [f for p in cli.get_params(cli.make_context("govsheet", [], resilient_parsing=True)) if isinstance(p, click.Option) for f in (*p.opts, *p.secondary_opts)]
    assert sorted(flags) == ["--debug", "--help", "--version", "-h"]
    assert [f for f in flags if f"`{f}`" not in page] == []


def test_the_option_check_fails_when_an_option_is_added() -> None:
    """The check above is not vacuous: an option the page does not show is caught."""
    command = click.Command("merge", params=[click.Option(["--undocumented-flag"], is_flag=True)])
    html = _rendered(_blocks()["govsheet merge"][1])
    assert "--accept-stale" in html
    assert [p for p in _documented_params(command) if p not in html] == ["--undocumented-flag"]


def _codes_by_regex() -> set[str]:
    """Rule codes read a second way: the first string of each ``*_problem(`` call, ``code = "..."`` lines and
    the findings of govsheet.safety."""
    codes: set[str] = set()
    for module in RULES_DIR.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        codes |= set(re.findall(r'_problem\(\s*"([a-z]+(?:-[a-z]+)+)"', text))
        for line in re.findall(r"^\s*code = (.*)$", text, flags=re.MULTILINE):
            codes |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', line))
    safety = (REPO / "src" / "govsheet" / "safety.py").read_text(encoding="utf-8")
    return codes | set(re.findall(r'found\.append\(\(\s*"([a-z]+(?:-[a-z]+)+)"', safety))


def test_the_rule_codes_page_lists_every_code_the_rules_emit() -> None:
    hooks = _hooks()
    page = hooks.on_page_markdown((DOCS / "rule-codes.md").read_text(encoding="utf-8"))
    fixed = set(hooks.rule_codes())
    assert _codes_by_regex() <= fixed
    assert {"key-duplicate", "status-unknown", "audit-tampered", "macros-present", "external-links",
            "locked-cell-edited", "schema-version-differs"} <= fixed
    from_schemas = set(hooks.schema_rule_codes())
    assert {"completed-without-progress", "delivered-without-update", "overdue"} <= from_schemas
    rows = set(re.findall(r"^\| `([a-z-]+)` \|", page, flags=re.MULTILINE))
    assert rows == fixed | from_schemas
    assert "<!-- rule-codes -->" not in page


def test_a_code_without_an_explanation_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = _hooks()
    text = (DOCS / "rule-codes.yml").read_text(encoding="utf-8")
    trimmed = re.sub(r"^key-duplicate:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    assert trimmed != text
    (tmp_path / "rule-codes.yml").write_text(trimmed + "no-such-code:\n  means: x\n  do: y\n", encoding="utf-8")
    monkeypatch.setattr(hooks, "EXPLANATIONS", tmp_path / "rule-codes.yml")
    with pytest.raises(ValueError, match=r"without an explanation \['key-duplicate'\], explained but never emitted "
                                         r"\['no-such-code'\]"):
        hooks.rule_codes_table()


def test_the_schemas_page_lists_every_key_of_a_schema_file() -> None:
    page = _hooks().on_page_markdown((DOCS / "schemas.md").read_text(encoding="utf-8"))
    models: dict[str, type[BaseModel]] = {"schema (top level)": schema_model.Schema, "fields[]": schema_model.FieldSpec,
              "fields[].constraints": schema_model.Constraints, "statuses[]": schema_model.Status,
              "rules[]": schema_model.Rule, "rules[].when": schema_model.When}
    for where, model in models.items():
        for name, info in model.model_fields.items():
            assert f"| `{where}` | `{info.alias or name}` |" in page


def test_the_where_grammar_is_the_parsers_own() -> None:
    page = _hooks().on_page_markdown((DOCS / "committee-clerks.md").read_text(encoding="utf-8"))
    assert 'OP      := "=" | "!=" | "~" | "!~" | "<" | "<=" | ">" | ">="' in page
    assert "<!-- where-grammar -->" not in page


def test_the_readme_is_short_and_its_links_into_the_docs_resolve() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert len(links) >= 8
    assert [link for link in links if not (REPO / link).is_file()] == []


def test_the_pictures_of_a_return_are_in_the_repository_and_small() -> None:
    pictures = sorted((DOCS / "images").glob("return-*.png"))
    assert [p.name for p in pictures] == ["return-actions.png", "return-instructions.png"]
    assert sum(p.stat().st_size for p in pictures) < 400_000
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)
    officers = (DOCS / "officers.md").read_text(encoding="utf-8")
    assert all(f"(images/{p.name})" in officers for p in pictures)



def test_the_python_api_page_documents_every_public_name() -> None:
    import govsheet

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    assert "::: govsheet.api\n" in page
    where = {name: getattr(govsheet, name).__module__ for name in govsheet.__all__ if name != "__version__"}
    missing = [name for name, module in where.items()
               if module != "govsheet.api" and f"::: {module}.{name}\n" not in page]
    assert missing == []
