"""The shipped tracker schemas and the loader for schema files (YAML or JSON)."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govsheet.errors import SchemaError, UsageError, WorkbookError
from govsheet.model.schema import Schema

_BUILTIN = "builtin"
# The metadata keys under which a workbook govsheet wrote records the schema it was built with.
SCHEMA_NAME_KEY = "schema"
SCHEMA_HASH_KEY = "schema_hash"
SCHEMA_JSON_KEY = "schema_json"


def builtin_names() -> list[str]:
    """The names of the schemas that ship with govsheet."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[str, ...]:
    # the package's own files: they do not change while govsheet runs (a merge asks once per return)
    folder = resources.files(__package__).joinpath(_BUILTIN)
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


@functools.cache
def _shipped_text(name: str) -> str:
    return resources.files(__package__).joinpath(_BUILTIN, f"{name}.yaml").read_text(encoding="utf-8")


def schema_text(name_or_path: str | Path) -> tuple[str, str]:
    """The text of a schema and where it came from (a shipped name or a file path)."""
    name = str(name_or_path)
    if name in _shipped():
        return _shipped_text(name), name
    path = Path(name_or_path)
    if path.suffix.lower() not in {".yaml", ".yml", ".json"}:
        known = ", ".join(builtin_names())
        raise SchemaError(path, f"is not a schema govsheet knows; use one of {known} or a .yaml/.json file")
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise SchemaError(path, "schema file not found; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(path, f"cannot read the schema file ({exc.__class__.__name__})") from None


@functools.lru_cache(maxsize=32)
def parse_schema(text: str, origin: str) -> Schema:
    """Check a schema's text and build the model, naming the key path of the first mistake.

    A schema is frozen, so one text is parsed once per process: a merge checks the shipped
    schema once per return, and YAML parsing is most of what that costs.
    """
    try:
        data: Any = json.loads(text) if origin.endswith(".json") else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SchemaError(origin, f"is not valid YAML/JSON ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise SchemaError(origin, "a schema must be a mapping with 'name', 'fields', 'primaryKey' and 'owner'")
    try:
        return Schema.model_validate(data)
    except ValidationError as exc:
        raise SchemaError(origin, _describe(exc, data)) from None


def load_schema(name_or_path: str | Path) -> Schema:
    """Load a shipped schema by name, or a schema file by path.

    Raises:
        SchemaError: the schema does not exist or is malformed.
    """
    text, origin = schema_text(name_or_path)
    return parse_schema(text, origin)


def schema_hash(schema: Schema) -> str:
    """A SHA-256 of the schema's content, stored in masters to notice a changed schema.

    A schema is frozen, so its hash is kept with it: a merge compares it once per return.
    """
    kept = _HASHES.get(id(schema))
    if kept is not None and kept[0] is schema:
        return kept[1]
    canon = json.dumps(schema.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()
    if len(_HASHES) >= _KEPT_HASHES:
        _HASHES.clear()
    _HASHES[id(schema)] = (schema, digest)  # the schema is held, so its id is not reused while kept
    return digest


_KEPT_HASHES = 64
_HASHES: dict[int, tuple[Schema, str]] = {}


def schema_json(schema: Schema) -> str:
    """The schema as compact JSON, as a workbook's metadata keeps it (well under Excel's cell limit)."""
    return json.dumps(schema.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def schema_meta(schema: Schema) -> dict[str, str]:
    """The metadata pairs that let a workbook carry its own schema: name, hash and the whole schema."""
    return {SCHEMA_NAME_KEY: schema.name, SCHEMA_HASH_KEY: schema_hash(schema), SCHEMA_JSON_KEY: schema_json(schema)}


def resolve_schema(schema: str | Path | Schema | None = None, *, meta: dict[str, str] | None = None,
                   path: Path | str | None = None) -> Schema:
    """The schema to read a workbook with: the one given, else the one the workbook carries.

    A schema given by name, file or model always wins. Otherwise the schema stored whole in the
    workbook's govsheet metadata is used (checked against its hash), so a master built with a
    council's own schema file needs no ``--schema`` again; a workbook from before schemas were
    stored names a shipped schema instead.

    Raises:
        SchemaError: the schema given does not exist or is malformed.
        WorkbookError: the stored schema does not match its hash (the metadata was altered).
        UsageError: nothing was given and the workbook does not say which schema it follows.
    """
    if isinstance(schema, Schema):
        return schema
    if schema is not None:
        return load_schema(schema)
    pairs = meta or {}
    stored = pairs.get(SCHEMA_JSON_KEY, "").strip()
    if stored:
        origin = f"{path}: its stored schema" if path else "the stored schema"
        model = parse_schema(stored, f"{origin}.json")
        if schema_hash(model) != pairs.get(SCHEMA_HASH_KEY, ""):
            raise WorkbookError(path, "the schema stored in its govsheet metadata does not match its hash (the "
                                      "hidden sheet was altered); pass --schema NAME or a schema file")
        return model
    name = pairs.get(SCHEMA_NAME_KEY, "").strip()
    if not name:
        raise UsageError(path, "does not say which schema it follows (no govsheet metadata); give --schema NAME "
                               "or a schema file")
    return load_schema(name)


def shipped_differs(schema: Schema) -> bool:
    """True when govsheet ships a schema of this name whose content differs (a newer or older version)."""
    if schema.name not in builtin_names():
        return False
    return schema_hash(load_schema(schema.name)) != schema_hash(schema)


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    err = exc.errors()[0]
    loc = list(err["loc"])
    path = _key_path(loc, data)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return f"{path}: unknown key; check its spelling against 'govsheet schema json-schema'"
    if err["type"] == "missing":
        return f"{path}: required key is missing"
    if path:
        return f"{path}: {msg}"
    return msg


def _key_path(loc: list[Any], data: Any) -> str:
    """Turn pydantic's location into fields[action].constraints.maxLength, naming list items by name."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            element = node[item] if isinstance(node, list) and item < len(node) else None
            label = (element.get("name") or element.get("code")) if isinstance(element, dict) else None
            parts[-1] += f"[{label or item}]"
            node = element
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)
