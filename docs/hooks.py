"""mkdocs hooks: the tables that are generated from the code at build time.

``<!-- rule-codes -->`` on the rule codes page becomes the table of every code the
validator's rules can emit (found in ``src/govsheet/validate/rules/*.py``) and every
cross-field rule code of the shipped schemas, each with the explanation kept in
``docs/rule-codes.yml``; a code without an explanation, or an explanation for a code
that no longer exists, fails the build. ``<!-- schema-keys -->`` on the schemas page
becomes the table of every key a schema file may hold, read from the pydantic models;
``<!-- where-grammar -->`` becomes the grammar in the docstring of ``govsheet.render.where``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
RULES_DIR = REPO / "src" / "govsheet" / "validate" / "rules"
SCHEMAS_DIR = REPO / "src" / "govsheet" / "schemas" / "builtin"
# codes a rule takes from elsewhere: ``found.append(("code", "message"))`` in these modules
FINDERS = (REPO / "src" / "govsheet" / "safety.py",)
EXPLANATIONS = DOCS / "rule-codes.yml"
_CODE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


def _kebab(node: ast.AST) -> list[str]:
    """The rule-code-shaped string constants in ``node``."""
    return [c.value for c in ast.walk(node)
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and _CODE.match(c.value)]


def _problem_codes(tree: ast.AST, found: dict[str, set[str]]) -> None:
    """Codes given to ``ctx.*_problem(code, severity, ...)`` and assigned to a variable named ``code``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr.endswith("_problem") and node.args:
            severity = node.args[1] if len(node.args) > 1 else None
            sev = severity.value if isinstance(severity, ast.Constant) and isinstance(severity.value, str) else ""
            for code in _kebab(node.args[0]):
                found.setdefault(code, set()).add(sev)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
            for code in _kebab(node.value):
                found.setdefault(code, set())


def _appended_codes(tree: ast.AST, found: dict[str, set[str]]) -> None:
    """Codes of ``found.append(("code", "message"))``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                and node.args and isinstance(node.args[0], ast.Tuple) and node.args[0].elts:
            for code in _kebab(node.args[0].elts[0]):
                found.setdefault(code, set())


def rule_codes() -> dict[str, str]:
    """Every fixed code the validator's rules emit (or take from FINDERS), with its severity if the call names it."""
    found: dict[str, set[str]] = {}
    for module in sorted(RULES_DIR.glob("*.py")):
        _problem_codes(ast.parse(module.read_text(encoding="utf-8")), found)
    for module in FINDERS:
        _appended_codes(ast.parse(module.read_text(encoding="utf-8")), found)
    return {code: "/".join(sorted(s for s in sevs if s)) for code, sevs in sorted(found.items())}


def schema_rule_codes() -> dict[str, tuple[str, str]]:
    """Cross-field rule codes of the shipped schemas: code -> (severity, schema name)."""
    codes: dict[str, tuple[str, str]] = {}
    for path in sorted(SCHEMAS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", ()):
            prior = codes.get(rule["code"])
            names = f"{prior[1]}, {data['name']}" if prior else data["name"]
            codes[rule["code"]] = (rule.get("severity", "error"), names)
    return codes


def rule_codes_table() -> str:
    """The markdown table of every rule code; raises ValueError when an explanation is missing or stale."""
    explained: dict[str, dict[str, str]] = yaml.safe_load(EXPLANATIONS.read_text(encoding="utf-8"))
    fixed = rule_codes()
    from_schemas = schema_rule_codes()
    known = set(fixed) | set(from_schemas)
    missing = sorted(known - set(explained))
    stale = sorted(set(explained) - known)
    if missing or stale:
        raise ValueError(f"docs/rule-codes.yml: codes without an explanation {missing}, "
                         f"explained but never emitted {stale}")
    lines = ["| code | severity | emitted by | what it means | what to do |", "|---|---|---|---|---|"]
    for code in sorted(known):
        entry = explained[code]
        if code in fixed:
            severity, source = fixed[code] or entry.get("severity", ""), "govsheet"
        else:
            severity, names = from_schemas[code]
            source = f"schema `{names}`"
        lines.append(f"| `{code}` | {severity} | {source} | {entry['means']} | {entry['do']} |")
    return "\n".join(lines)


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation).replace("typing.", "")
    text = re.sub(r"govsheet\.model\.schema\.(\w+)", r"\1", text)
    text = re.sub(r"Literal\[([^]]*)\]", lambda m: " \\| ".join(m.group(1).replace("'", '"').split(", ")), text)
    return text.replace("tuple[", "list of ").replace(", ...]", "").replace(" | None", " (optional)")


def schema_keys_table() -> str:
    """Every key of a schema file, section by section, from govsheet.model.schema."""
    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    from govsheet.model import schema as m

    sections: list[tuple[str, type[BaseModel]]] = [
                ("schema (top level)", m.Schema), ("fields[]", m.FieldSpec), ("fields[].constraints", m.Constraints),
                ("statuses[]", m.Status), ("rules[]", m.Rule), ("rules[].when", m.When),
                ("extensions", m.Extensions)]
    lines = ["| where | key | type | default |", "|---|---|---|---|"]
    for where, model in sections:
        for name, info in model.model_fields.items():
            key = info.alias or name
            if info.is_required():
                default = "**required**"
            elif info.default is PydanticUndefined or info.default in ((), None, ""):
                default = "—" if info.default in (None, PydanticUndefined) else "empty"
            elif isinstance(info.default, m.Constraints):
                default = "no constraints"
            else:
                default = f"`{info.default!r}`".replace("True", "true").replace("False", "false")
            lines.append(f"| `{where}` | `{key}` | {_type_name(info.annotation)} | {default} |")
    return "\n".join(lines)


def where_grammar() -> str:
    """The grammar block of the ``--where`` parser's docstring, as a code block."""
    tree = ast.parse((REPO / "src" / "govsheet" / "render" / "where.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree) or ""
    _, _, after = doc.partition("::\n")
    block = after.split("\n\n", 2)
    grammar = block[1] if block[0] == "" else block[0]
    if ":=" not in grammar:
        raise ValueError("src/govsheet/render/where.py: the docstring no longer holds the grammar after '::'")
    lines = [line.removeprefix("    ") for line in grammar.splitlines()]
    return "```text\n" + "\n".join(lines).strip("\n") + "\n```"


def on_page_markdown(markdown: str, **_kwargs: Any) -> str:
    """Fill the generated tables into the pages that ask for them."""
    if "<!-- rule-codes -->" in markdown:
        markdown = markdown.replace("<!-- rule-codes -->", rule_codes_table())
    if "<!-- schema-keys -->" in markdown:
        markdown = markdown.replace("<!-- schema-keys -->", schema_keys_table())
    if "<!-- where-grammar -->" in markdown:
        markdown = markdown.replace("<!-- where-grammar -->", where_grammar())
    return markdown
