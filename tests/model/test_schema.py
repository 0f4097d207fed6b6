"""Schemas: the two shipped ones load, and a malformed file is named with its key path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govsheet.errors import SchemaError
from govsheet.model.schema import Schema, fold
from govsheet.schemas import builtin_names, load_schema

AGS = Path(__file__).resolve().parents[2] / "schemas" / "ags-action-plan.yaml"


def test_both_seed_schemas_ship_and_load() -> None:
    assert builtin_names() == ["ags-action-plan", "governance-review"]
    ags = load_schema("ags-action-plan")
    assert [f.title for f in ags.fields][:4] == ["Ref", "Part of", "Planned Action", "Officer responsible"]
    assert ags.primary_key == "ref"
    assert ags.owner == "officer"
    assert [s.label for s in ags.statuses] == ["Yet to start", "In progress", "Completed"]
    assert [f.name for f in ags.editable] == ["status", "progress", "proposed_target", "target_reason"]
    review = load_schema("governance-review")
    assert review.owner == "sro"
    assert review.field("update").aliases[0] == "Update (24 th November Group Leaders)"


def test_top_level_schemas_folder_is_the_packaged_one() -> None:
    assert AGS.is_file()
    assert load_schema(AGS) == load_schema("ags-action-plan")


@pytest.mark.parametrize(
    ("typed", "label", "how"),
    [
        ("In progress", "In progress", "label"),
        ("  in\u00a0PROGRESS ", "In progress", "label"),
        ("In-progress", "In progress", "label"),
        ("ongoing", "In progress", "synonym"),
        ("In progres", "In progress", "misspelling"),
        ("Complete", "Completed", "synonym"),
        ("Not started", "Yet to start", "synonym"),
    ],
)
def test_statuses_are_read_as_officers_type_them(typed: str, label: str, how: str) -> None:
    found = load_schema("ags-action-plan").read_status(typed)
    assert found is not None
    assert (found[0].label, found[1]) == (label, how)


def test_unknown_status_is_not_guessed() -> None:
    assert load_schema("ags-action-plan").read_status("Stalled") is None
    assert load_schema("ags-action-plan").read_status("  ") is None


def test_fold_ignores_case_spaces_and_dashes() -> None:
    assert fold("  Yet\u00a0to–START ") == "yet to start"


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_typo_in_a_key_names_the_key_path(tmp_path: Path) -> None:
    text = AGS.read_text(encoding="utf-8").replace("maxLength: 32767}", "maxLenght: 32767}", 1)
    with pytest.raises(SchemaError) as err:
        load_schema(_write(tmp_path, text))
    assert str(err.value) == (
        f"{tmp_path / 's.yaml'}: fields[action].constraints.maxLenght: unknown key; "
        "check its spelling against 'govsheet schema json-schema'"
    )


def test_reference_to_a_missing_field_is_named(tmp_path: Path) -> None:
    text = AGS.read_text(encoding="utf-8").replace("owner: officer", "owner: officers", 1)
    with pytest.raises(SchemaError, match="owner names field 'officers', which is not in fields"):
        load_schema(_write(tmp_path, text))


def test_bad_type_is_named_with_the_field(tmp_path: Path) -> None:
    text = AGS.read_text(encoding="utf-8").replace("type: person", "type: persn", 1)
    with pytest.raises(SchemaError, match=r"fields\[officer\]\.type: Input should be"):
        load_schema(_write(tmp_path, text))


def test_status_text_claimed_twice_is_refused(tmp_path: Path) -> None:
    text = AGS.read_text(encoding="utf-8").replace("synonyms: [Ongoing,", "synonyms: [Done, Ongoing,", 1)
    with pytest.raises(SchemaError, match="status text 'Done' is claimed by both 'in-progress' and 'completed'"):
        load_schema(_write(tmp_path, text))


def test_missing_and_unknown_schema_files(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="schema file not found; check the path"):
        load_schema(tmp_path / "none.yaml")
    with pytest.raises(SchemaError, match="is not a schema govsheet knows; use one of ags-action-plan, "):
        load_schema("ags")


def test_invalid_yaml_and_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="is not valid YAML/JSON"):
        load_schema(_write(tmp_path, "name: [unclosed"))
    with pytest.raises(SchemaError, match="a schema must be a mapping"):
        load_schema(_write(tmp_path, "- a\n- b\n"))


def test_json_schema_files_load_too(tmp_path: Path) -> None:
    data = load_schema("governance-review").model_dump(mode="json", by_alias=True)
    path = _write(tmp_path, json.dumps(data), "review.json")
    assert load_schema(path) == load_schema("governance-review")


def test_json_schema_export_describes_schema_files() -> None:
    exported = Schema.model_json_schema(by_alias=True)
    assert {"primaryKey", "fields", "owner", "statuses"} <= set(exported["properties"])


def test_titles_are_folded_once_for_the_fields_a_schema_has() -> None:
    import copy

    schema = load_schema("ags-action-plan")
    ref = schema.field("ref")
    assert schema.by_title[fold(ref.title)] == "ref"
    assert all(schema.by_title[fold(t)] == f.name for f in schema.fields for t in f.titles()[:1])
    assert schema.by_title is schema.by_title  # worked out once
    fewer = schema.model_copy(update={"fields": tuple(f for f in schema.fields if f.name != "progress")})
    assert fold(schema.field("progress").title) in schema.by_title
    assert fold(schema.field("progress").title) not in fewer.by_title  # a copy with other fields: its own
    assert copy.deepcopy(schema).by_title == schema.by_title
    assert schema == load_schema("ags-action-plan")
    fresh = Schema.model_validate(schema.model_dump(by_alias=True))  # titles not folded yet
    assert "_by_title" not in fresh.__dict__
    assert fresh == schema  # the folded titles are neither compared
    assert fresh.model_dump() == schema.model_dump()  # nor dumped
