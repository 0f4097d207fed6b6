"""A tracker schema: fields, the status vocabulary and cross-field rules.

Shaped like a Frictionless Table Schema (``fields``, ``type``, ``constraints``,
``primaryKey``) with govsheet's own keys. Unknown keys are errors, so a typo in a
schema file is caught when it is loaded rather than silently ignored.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FieldType = Literal["string", "text", "integer", "number", "date", "target", "status", "person"]

_HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Constraints(_Strict):
    """Frictionless-style constraints on one field's values."""

    required: bool = False
    unique: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    max_length: int | None = Field(default=None, alias="maxLength", gt=0)
    minimum: float | None = None
    maximum: float | None = None


class FieldSpec(_Strict):
    """One column of the tracker as officers see it."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    type: FieldType = "string"
    description: str = ""
    constraints: Constraints = Constraints()
    editable: bool = False
    width: float = Field(default=20, gt=0, le=255)
    wrap: bool = False
    rich: bool = False
    aliases: tuple[str, ...] = ()
    derived_from: str | None = Field(default=None, alias="derivedFrom")

    def titles(self) -> tuple[str, ...]:
        """The header texts that name this field: its title, then its aliases."""
        return (self.title, *self.aliases)


class Status(_Strict):
    """One entry of the status vocabulary; shown as text plus icon, never colour alone."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    label: str
    synonyms: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    colour: str = Field(pattern=_HEX_COLOUR)
    font_colour: str = Field(default="#000000", alias="fontColour", pattern=_HEX_COLOUR)
    icon: str = Field(min_length=1, max_length=2)
    closed: bool = False


class When(_Strict):
    """The condition of a ``requires`` rule: a field's status code is one of these."""

    field: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)


class Rule(_Strict):
    """A cross-field check run by the validator."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    kind: Literal["requires", "overdue"]
    severity: Literal["error", "warning"] = "error"
    message: str
    when: When | None = None
    require: str | None = None
    date: str | None = None
    status: str | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Rule:
        if self.kind == "requires" and (self.when is None or self.require is None):
            raise ValueError("a 'requires' rule needs 'when' and 'require'")
        if self.kind == "overdue" and (self.date is None or self.status is None):
            raise ValueError("an 'overdue' rule needs 'date' and 'status'")
        return self


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Fold a status as an officer might type it: case, stray and non-breaking spaces, dashes.

    Kept for the texts seen last: a tracker repeats its headers, statuses and officers on every row.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    text = re.sub(r"[\u2010-\u2015_-]+", " ", text)
    return " ".join(text.split()).casefold()


StatusMatch = Literal["label", "synonym", "misspelling"]


class Extensions(_Strict):
    """How officers ask for more time: the fields of an extension request and of the target's history.

    ``proposed`` and ``reason`` are editable in returns; merge never changes ``target`` from them
    but records a request the team decides. ``original`` (set once, at the first revision) and
    ``revisions`` (one line per approved revision) are written by ``govsheet resolve``.
    """

    target: str
    proposed: str
    reason: str
    original: str | None = None
    revisions: str | None = None

    def managed(self) -> tuple[str, ...]:
        """The fields govsheet fills itself (history) or reads only from returns (the request)."""
        return tuple(n for n in (self.proposed, self.reason, self.original, self.revisions) if n)


class Schema(_Strict):
    """One kind of tracker: its columns, key, owner, statuses and rules."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    description: str = ""
    version: str = "1"
    sheet: str = "Actions"
    fields: tuple[FieldSpec, ...] = Field(min_length=1)
    primary_key: str = Field(alias="primaryKey")
    owner: str
    parent: str | None = None
    sort_by: tuple[str, ...] = Field(default=(), alias="sortBy")
    statuses: tuple[Status, ...] = ()
    rules: tuple[Rule, ...] = ()
    extensions: Extensions | None = None
    # Words that make part of a joint officer text a post ("Head of", "Officer"); empty: govsheet's own.
    role_words: tuple[str, ...] = Field(default=(), alias="roleWords")

    @model_validator(mode="after")
    def _check_references(self) -> Schema:
        names = [f.name for f in self.fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"field names must be unique; repeated: {', '.join(dupes)}")
        for where, name in self._field_references().items():
            if name not in names:
                raise ValueError(f"{where} names field '{name}', which is not in fields")
        if any(f.type == "status" for f in self.fields) and not self.statuses:
            raise ValueError("a schema with a status field needs a 'statuses' vocabulary")
        self._check_statuses()
        self._check_extensions()
        return self

    def _check_extensions(self) -> None:
        ext = self.extensions
        if ext is None:
            return
        by_name = {f.name: f for f in self.fields}
        if by_name[ext.target].editable:
            raise ValueError(f"extensions.target: field '{ext.target}' must not be editable (requests change it)")
        for attr in ("proposed", "reason"):
            if not by_name[getattr(ext, attr)].editable:
                raise ValueError(f"extensions.{attr}: field '{getattr(ext, attr)}' must be editable in returns")

    def _field_references(self) -> dict[str, str]:
        refs = {"primaryKey": self.primary_key, "owner": self.owner}
        if self.parent:
            refs["parent"] = self.parent
        refs.update({f"sortBy ({s})": s for s in self.sort_by})
        refs.update({f"fields.{f.name}.derivedFrom": f.derived_from for f in self.fields if f.derived_from})
        for rule in self.rules:
            refs.update(
                {
                    f"rules.{rule.code}.{attr}": getattr(rule, attr)
                    for attr in ("require", "date", "status")
                    if getattr(rule, attr)
                }
            )
            if rule.when:
                refs[f"rules.{rule.code}.when.field"] = rule.when.field
        if self.extensions:
            refs.update({f"extensions.{attr}": getattr(self.extensions, attr)
                         for attr in ("target", "proposed", "reason", "original", "revisions")
                         if getattr(self.extensions, attr)})
        return refs

    def _check_statuses(self) -> None:
        codes = {s.code for s in self.statuses}
        for rule in self.rules:
            unknown = set(rule.when.in_) - codes if rule.when else set()
            if unknown:
                raise ValueError(f"rules.{rule.code}.when.in names unknown status {min(unknown)!r}")
        seen: dict[str, str] = {}
        for s in self.statuses:
            for text in (s.label, *s.synonyms, *s.misspellings):
                key = fold(text)
                if seen.setdefault(key, s.code) != s.code:
                    raise ValueError(f"status text {text!r} is claimed by both {seen[key]!r} and {s.code!r}")

    @property
    def managed_fields(self) -> frozenset[str]:
        """The extension-request and target-history fields (none when the schema has no ``extensions``)."""
        return frozenset(self.extensions.managed()) if self.extensions else frozenset()

    @property
    def by_title(self) -> Mapping[str, str]:
        """Each field's title and aliases, folded, to the field's name (the first field to claim a title wins).

        Worked out once for these fields (a copy of the schema with other fields works it out again).
        """
        # kept beside the fields, as functools.cached_property keeps a value (pydantic neither compares nor dumps it)
        cached = self.__dict__.get("_by_title")
        if cached is None or cached[0] is not self.fields:
            found: dict[str, str] = {}
            for f in self.fields:
                for title in f.titles():
                    found.setdefault(fold(title), f.name)
            cached = self.__dict__["_by_title"] = (self.fields, found)
        titles: Mapping[str, str] = cached[1]
        return titles

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def status_field(self) -> FieldSpec | None:
        """The first field of type ``status``, if the schema has one."""
        return next((f for f in self.fields if f.type == "status"), None)

    @property
    def editable(self) -> tuple[FieldSpec, ...]:
        """The fields an owner may change in a return."""
        return tuple(f for f in self.fields if f.editable)

    def status(self, code: str) -> Status:
        """The status with this code."""
        for s in self.statuses:
            if s.code == code:
                return s
        raise KeyError(code)

    def read_status(self, text: str) -> tuple[Status, StatusMatch] | None:
        """Map what an officer typed to a status, saying how it was recognised; None if unknown."""
        key = fold(text)
        if not key:
            return None
        for s in self.statuses:
            if key == fold(s.label):
                return s, "label"
        for s in self.statuses:
            if key in {fold(t) for t in s.synonyms}:
                return s, "synonym"
        for s in self.statuses:
            if key in {fold(t) for t in s.misspellings}:
                return s, "misspelling"
        return None
