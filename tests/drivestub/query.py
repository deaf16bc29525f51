"""The part of Drive's `q` search grammar the watcher (and a curious admin) uses.

Supported: `'<id>' in parents`, `<field> = | != <value>` for name, mimeType and trashed,
`name contains '<text>'`, `and`, `or`, `not`, parentheses. Strings are single-quoted with
backslash escapes, as Drive documents them. Anything else is a syntax error (HTTP 400).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*')
      | (?P<op>!=|=|\(|\))
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_FIELDS = {"name": "name", "mimeType": "mime_type", "trashed": "trashed"}


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # string, op, word
    text: str


def tokenize(query: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    query = query.rstrip()
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            raise QueryError(f"Invalid query near {query[position : position + 20]!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "string":
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        tokens.append(Token(kind, text))
        position = match.end()
    return tokens


@dataclass(frozen=True)
class Node:
    test: Predicate
    parents: frozenset[str] | None  # every match has one of these parents (None: unknown)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.parent_terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise QueryError("Invalid query: unexpected end")
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.lower() == word:
            self.index += 1
            return True
        return False

    def expression(self) -> Node:
        terms = [self.conjunction()]
        while self.keyword("or"):
            terms.append(self.conjunction())
        if len(terms) == 1:
            return terms[0]
        tests = [t.test for t in terms]
        known = [t.parents for t in terms]
        parents = None if None in known else frozenset().union(*[k for k in known if k])
        return Node(lambda item: any(t(item) for t in tests), parents)

    def conjunction(self) -> Node:
        terms = [self.negation()]
        while self.keyword("and"):
            terms.append(self.negation())
        if len(terms) == 1:
            return terms[0]
        tests = [t.test for t in terms]
        narrowing = [t.parents for t in terms if t.parents is not None]
        parents = min(narrowing, key=len) if narrowing else None
        return Node(lambda item: all(t(item) for t in tests), parents)

    def negation(self) -> Node:
        if self.keyword("not"):
            inner = self.negation().test
            return Node(lambda item: not inner(item), None)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "op" and token.text == "(":
            inner = self.expression()
            closing = self.take()
            if closing.text != ")":
                raise QueryError("Invalid query: missing ')'")
            return inner
        if token.kind == "string":
            return self.membership(token.text)
        if token.kind == "word":
            return Node(self.comparison(token.text), None)
        raise QueryError(f"Invalid query near {token.text!r}")

    def membership(self, value: str) -> Node:
        if not (self.keyword("in") and self.keyword("parents")):
            raise QueryError("Invalid query: expected 'in parents'")
        self.parent_terms += 1
        return Node(lambda item: value in item["parents"], frozenset([value]))

    def comparison(self, field: str) -> Predicate:
        if field not in _FIELDS:
            raise QueryError(f"Invalid query: unknown field {field!r}")
        attribute = _FIELDS[field]
        if self.keyword("contains"):
            text = self.take()
            return lambda item: text.text.lower() in str(item[attribute]).lower()
        operator = self.take()
        if operator.text not in ("=", "!="):
            raise QueryError(f"Invalid query: unsupported operator {operator.text!r}")
        value = self.value(field)
        if operator.text == "=":
            return lambda item: item[attribute] == value
        return lambda item: item[attribute] != value

    def value(self, field: str) -> object:
        token = self.take()
        if field == "trashed":
            if token.kind != "word" or token.text not in ("true", "false"):
                raise QueryError("Invalid query: trashed takes true or false")
            return token.text == "true"
        if token.kind != "string":
            raise QueryError(f"Invalid query: {field} takes a quoted string")
        return token.text


@dataclass(frozen=True)
class Query:
    predicate: Predicate
    parent_terms: int  # how many `in parents` terms (the stub's "grouped query" quirks use it)
    parents: frozenset[str] | None  # lets the stub look only at these folders' children


def parse(query: str) -> Query:
    parser = _Parser(tokenize(query))
    if not parser.tokens:
        return Query(lambda item: True, 0, None)
    node = parser.expression()
    if parser.peek() is not None:
        raise QueryError(f"Invalid query near {parser.take().text!r}")
    return Query(node.test, parser.parent_terms, node.parents)
