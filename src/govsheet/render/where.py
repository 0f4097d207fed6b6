"""The ``--where`` filter: a small, safe expression language over a tracker's rows.

Grammar (keywords are case-insensitive)::

    expr    := and_expr ("or" and_expr)*
    and_expr:= not_expr ("and" not_expr)*
    not_expr:= "not" not_expr | "(" expr ")" | "overdue" | "open" | "closed" | test
    test    := FIELD OP VALUE
    OP      := "=" | "!=" | "~" | "!~" | "<" | "<=" | ">" | ">="

FIELD is a schema field name or title, ``owner`` (the schema's owner field) or ``key``
(its primary key). VALUE is a quoted string or bare words up to the next ``and``/``or``/``)``.
A status is compared by its code, whatever spelling is given (``in-progress``, "In progress",
a synonym). ``~`` is "contains", ignoring case. Nothing is ever evaluated as Python.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from govsheet.errors import UsageError
from govsheet.model.schema import FieldSpec, Schema, fold
from govsheet.model.target import parse_target
from govsheet.model.tracker import Value, display

Predicate = Callable[[Mapping[str, Value]], bool]

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"[^"]*"|'[^']*')|(?P<op>!=|<=|>=|!~|=|~|<|>)|(?P<paren>[()])|(?P<word>[^\s()=!~<>"']+))"""
)
_OPS = ("=", "!=", "~", "!~", "<", "<=", ">", ">=")
_KEYWORDS = {"and", "or", "not"}


@dataclass(frozen=True)
class _Tok:
    kind: str  # str, op, paren, word
    text: str


def _tokenise(expr: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise _bad(expr, f"cannot read {expr[pos:].strip()[:20]!r}")
        kind = m.lastgroup or "word"
        text = m.group(kind)
        if kind == "str":
            text = text[1:-1]
        toks.append(_Tok(kind, text))
        pos = m.end()
    return toks


def _bad(expr: str, why: str) -> UsageError:
    return UsageError(None, f'bad --where expression "{expr}": {why}; write e.g. "status != completed", '
                            '"overdue", "owner ~ Assurance and not closed"')


class _Parser:
    def __init__(self, expr: str, schema: Schema, today: dt.date) -> None:
        self.expr = expr
        self.schema = schema
        self.today = today
        self.toks = _tokenise(expr)
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_word(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "word" and tok.text.casefold() in words

    def parse(self) -> Predicate:
        if not self.toks:
            raise _bad(self.expr, "it is empty")
        pred = self.or_expr()
        if self.peek() is not None:
            raise _bad(self.expr, f"unexpected {self.toks[self.i].text!r}")
        return pred

    def or_expr(self) -> Predicate:
        parts = [self.and_expr()]
        while self.is_word("or"):
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else (lambda row: any(p(row) for p in parts))

    def and_expr(self) -> Predicate:
        parts = [self.not_expr()]
        while self.is_word("and"):
            self.i += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else (lambda row: all(p(row) for p in parts))

    def not_expr(self) -> Predicate:
        tok = self.peek()
        if tok is None:
            raise _bad(self.expr, "it ends too soon")
        if self.is_word("not"):
            self.i += 1
            inner = self.not_expr()
            return lambda row: not inner(row)
        if tok.kind == "paren" and tok.text == "(":
            self.i += 1
            inner = self.or_expr()
            close = self.peek()
            if close is None or close.text != ")":
                raise _bad(self.expr, "a '(' is not closed")
            self.i += 1
            return inner
        if self.is_word("overdue", "open", "closed"):
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
            if nxt is None or nxt.kind != "op":
                self.i += 1
                return self.state(tok.text.casefold())
        return self.test()

    def state(self, word: str) -> Predicate:
        status = self.schema.status_field
        if status is None:
            raise _bad(self.expr, f"{word!r} needs a status field and schema {self.schema.name!r} has none")
        closed = {s.code for s in self.schema.statuses if s.closed}

        def is_closed(row: Mapping[str, Value]) -> bool:
            found = self.schema.read_status(display(row.get(status.name)))
            return found is not None and found[0].code in closed

        if word == "closed":
            return is_closed
        if word == "open":
            return lambda row: not is_closed(row)
        date_field = overdue_date_field(self.schema)
        if date_field is None:
            raise _bad(self.expr, f"'overdue' needs a date field and schema {self.schema.name!r} has none")
        today = self.today
        return lambda row: (d := row_date(row, date_field)) is not None and d < today and not is_closed(row)

    def test(self) -> Predicate:
        name_tok = self.peek()
        assert name_tok is not None  # noqa: S101 - not_expr checked it
        if name_tok.kind != "word" or name_tok.text.casefold() in _KEYWORDS:
            raise _bad(self.expr, f"expected a field name, found {name_tok.text!r}")
        words = [name_tok.text]
        self.i += 1
        # A title may have spaces ("Progress status"): the field name runs up to the operator.
        while (tok := self.peek()) is not None and tok.kind == "word" and tok.text.casefold() not in _KEYWORDS:
            words.append(tok.text)
            self.i += 1
        name = " ".join(words)
        op = self.peek()
        if op is None or op.kind != "op":
            raise _bad(self.expr, f"expected one of {' '.join(_OPS)} after {name!r}")
        field = self.field(name)
        self.i += 1
        value = self.value()
        return _compare(self, field, op.text, value)

    def field(self, name: str) -> FieldSpec:
        wanted = fold(name)
        aliases = {"owner": self.schema.owner, "key": self.schema.primary_key}
        if wanted in aliases:
            return self.schema.field(aliases[wanted])
        for f in self.schema.fields:
            if wanted in {fold(f.name), *(fold(t) for t in f.titles())}:
                return f
        known = ", ".join(f.name for f in self.schema.fields)
        raise _bad(self.expr, f"unknown field {name!r} (fields: {known}, owner, key)")

    def value(self) -> str:
        words: list[str] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "str" and not words:
                self.i += 1
                return tok.text
            if tok.kind != "word" or tok.text.casefold() in {"and", "or"}:
                break
            words.append(tok.text)
            self.i += 1
        if not words:
            raise _bad(self.expr, "a comparison has no value")
        return " ".join(words)


def _compare(p: _Parser, field: FieldSpec, op: str, value: str) -> Predicate:
    name = field.name
    if field.type == "status":
        if op not in {"=", "!="}:
            raise _bad(p.expr, f"a status can only be compared with = or !=, not {op!r}")
        code = _status_code(p, value)

        def status_is(row: Mapping[str, Value]) -> bool:
            found = p.schema.read_status(display(row.get(name)))
            return found is not None and found[0].code == code

        return status_is if op == "=" else (lambda row: not status_is(row))
    if op in {"<", "<=", ">", ">="}:
        if field.type not in {"date", "target", "integer", "number"}:
            raise _bad(p.expr, f"{op!r} compares dates or numbers; {field.name!r} is {field.type}")
        return _ordered(p, field, op, value)
    wanted = fold(value)
    if op in {"~", "!~"}:
        contains: Predicate = lambda row: wanted in fold(display(row.get(name)))  # noqa: E731
        return contains if op == "~" else (lambda row: not contains(row))
    equal: Predicate = lambda row: fold(display(row.get(name))) == wanted  # noqa: E731
    return equal if op == "=" else (lambda row: not equal(row))


def _status_code(p: _Parser, value: str) -> str:
    for s in p.schema.statuses:
        if value.casefold() == s.code:
            return s.code
    found = p.schema.read_status(value)
    if found is None:
        known = ", ".join(s.code for s in p.schema.statuses)
        raise _bad(p.expr, f"unknown status {value!r} (statuses: {known})")
    return found[0].code


def _ordered(p: _Parser, field: FieldSpec, op: str, value: str) -> Predicate:
    import operator

    compare: Callable[[float, float], bool] = {
        "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    }[op]
    if field.type in {"integer", "number"}:
        try:
            bound = float(value)
        except ValueError:
            raise _bad(p.expr, f"{value!r} is not a number") from None

        def num_ok(row: Mapping[str, Value]) -> bool:
            v = row.get(field.name)
            return isinstance(v, int | float) and not isinstance(v, bool) and compare(float(v), bound)

        return num_ok
    day = _as_date(value) if value.casefold() != "today" else p.today
    if day is None:
        raise _bad(p.expr, f"{value!r} is not a date (write 2021-03-31, 31/03/2021, March 2021 or today)")
    limit = float(day.toordinal())
    return lambda row: (d := row_date(row, field.name)) is not None and compare(float(d.toordinal()), limit)


def _as_date(value: Value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_target(value)
    return None


def row_date(row: Mapping[str, Value], field_name: str) -> dt.date | None:
    """The date a row's field holds or names (a date cell, or text such as "March 2021")."""
    return _as_date(row.get(field_name))


def overdue_date_field(schema: Schema) -> str | None:
    """The field whose date makes an action overdue: the overdue rule's, else the first date or target field."""
    for rule in schema.rules:
        if rule.kind == "overdue" and rule.date:
            return rule.date
    return next((f.name for f in schema.fields if f.type in {"date", "target"}), None)


def compile_where(expr: str, schema: Schema, *, today: dt.date) -> Predicate:
    """Turn a ``--where`` expression into a test of one row's values.

    Raises:
        UsageError: the expression cannot be read or names an unknown field or status.
    """
    return _Parser(expr, schema, today).parse()
