"""Which Cypher statements a read-only ``query`` may run on LadybugDB, decided from the engine.

A statement runs without ``--write`` only if two checks agree that it reads the graph and
touches no file outside the store:

1. **Its shape, from the engine's grammar** (``Cypher.g4`` of LadybugDB): the text is cut into
   statements at ``;`` by a lexer that follows the grammar's rules for strings, escaped names
   and comments, so a ``;``, keyword or odd casing inside them changes nothing. A statement
   must be a query (its first clause ``MATCH``, ``OPTIONAL MATCH``, ``UNWIND``, ``WITH``,
   ``RETURN`` or ``CALL``), with no ``LOAD FROM`` (which reads a file while the query is
   planned), and every ``CALL`` must name one of :data:`READ_TABLE_FUNCTIONS`.
2. **Its plan, from the engine itself** (except for ecograph's own read queries, see
   :func:`is_packaged_read`): the engine prepares it (which refuses text that is in
   fact several statements, before anything is bound) and ``EXPLAIN`` lists its physical
   operators; every operator must be in :data:`READ_OPERATORS` and every table function in
   :data:`READ_TABLE_FUNCTIONS`. This is an allow-list: an operator the engine adds in a later
   version is refused until it is added here.

With ``--write`` the statements run as written, except that loading native code (``INSTALL``,
``LOAD EXTENSION``, ``LOAD <name>``, ``UNINSTALL``, ``UPDATE``) is refused unless extensions
are explicitly allowed.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..errors import ExtensionRefused, QueryError, ReadOnlyError

#: Physical operators that only read the graph (names as ``EXPLAIN`` prints them).
READ_OPERATORS = frozenset({
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "CROSS_PRODUCT", "EMPTY_RESULT", "FILTER",
    "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT", "INTERSECT_BUILD", "LIMIT",
    "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN", "PATH_PROPERTY_PROBE",
    "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "QUERY_PRIMARY_KEY_LOOKUP", "RECURSIVE_EXTEND", "RESULT_COLLECTOR",
    "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TABLE_FUNCTION_CALL", "TOP_K",
    "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND",
})

#: Table functions that read the store's own catalogue or settings (``READ_FTABLE`` is the
#: engine's internal scan of an intermediate result). None reads or writes another file.
READ_TABLE_FUNCTIONS = frozenset({
    "READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION", "SHOW_FUNCTIONS", "SHOW_INDEXES",
    "SHOW_MACROS", "SHOW_SEQUENCES", "SHOW_WARNINGS", "CURRENT_SETTING", "DB_VERSION",
    "STORAGE_VERSION", "CATALOG_VERSION", "SHOW_ATTACHED_DATABASES", "SHOW_LOADED_EXTENSIONS",
    "SHOW_OFFICIAL_EXTENSIONS", "STORAGE_INFO", "STATS_INFO",
})

#: First keyword of a query (grammar: oC_SinglePartQuery / kU_QueryPart / oC_RegularQuery).
QUERY_STARTS = frozenset({"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL"})

#: What each refused statement or operator does, for the message.
_WHAT = {
    "COPY": "copies between the store and a file (COPY)",
    "COPY_TO": "writes a file (COPY … TO)",
    "LOAD": "reads a file (LOAD FROM)",
    "EXPORT": "writes files (EXPORT DATABASE)",
    "IMPORT": "reads files into the store (IMPORT DATABASE)",
    "INSTALL": "installs an extension (native code)",
    "FORCE": "installs an extension (native code)",
    "UNINSTALL": "removes an extension",
    "UPDATE": "updates an extension (native code)",
    "LOAD_EXTENSION": "loads an extension (native code)",
    "INSTALL_EXTENSION": "installs an extension (native code)",
    "UNINSTALL_EXTENSION": "removes an extension",
    "CHECKPOINT": "writes the store's files (CHECKPOINT)",
    "ATTACH": "opens another database (ATTACH)",
    "ATTACH_DATABASE": "opens another database (ATTACH)",
    "DETACH": "detaches a database (DETACH)",
    "USE": "switches database (USE)",
    "BEGIN": "controls transactions", "COMMIT": "controls transactions",
    "ROLLBACK": "controls transactions", "TRANSACTION": "controls transactions or writes the store",
    "STANDALONE_CALL": "changes a setting (CALL name = value)",
    "CREATE": "changes the schema or the graph", "DROP": "changes the schema",
    "ALTER": "changes the schema", "COMMENT": "changes the schema",
    "INSERT": "changes the graph", "SET_PROPERTY": "changes the graph", "DELETE": "changes the graph",
    "MERGE": "changes the graph", "BATCH_INSERT": "changes the graph",
}

_WHITESPACE = frozenset(" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\u1680\u180e\u2000\u2001\u2002\u2003\u2004"
                        "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u00a0")
#: After a backslash inside a string literal (grammar rule EscapedChar).
_ESCAPES = re.compile(r"\\(?:[\\'\"bBfFnNrRtT]|[xX][0-9A-Fa-f]{2}|[uU][0-9A-Fa-f]{8}|[uU][0-9A-Fa-f]{4})")
_OPERATOR = re.compile(r"\b([A-Z][A-Z0-9_]*)\[(\d+)\]")
_FUNCTION = re.compile(r"Function: ([A-Za-z0-9_]+)")


@dataclass(frozen=True)
class Token:
    """One lexical token: ``word`` (keyword or name), ``name`` (`escaped`), ``string``,
    ``param`` ($name) or ``symbol``."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The keyword this word spells (keywords are ASCII, any case), else None."""
        return self.text.upper() if self.kind == "word" and self.text.isascii() else None


@dataclass(frozen=True)
class Statement:
    """One statement of the text: where it is and its tokens (comments and spaces dropped)."""

    text: str
    tokens: tuple[Token, ...]
    number: int
    #: Where ``text`` starts in the whole query (token positions are in the whole query).
    offset: int

    @property
    def body(self) -> tuple[Token, ...]:
        """The tokens after an ``EXPLAIN [LOGICAL]`` or ``PROFILE`` prefix."""
        tokens = self.tokens
        if tokens and tokens[0].keyword in ("EXPLAIN", "PROFILE"):
            tokens = tokens[1:]
            if tokens and tokens[0].keyword == "LOGICAL":
                tokens = tokens[1:]
        return tokens

    @property
    def body_text(self) -> str:
        body = self.body
        return self.text[body[0].start - self.offset:] if body else ""

    def label(self, total: int) -> str:
        shown = " ".join(self.text.split())
        shown = "".join(c for c in shown if unicodedata.category(c)[0] != "C")
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        return (f"statement {self.number} of {total}" if total > 1 else "the statement") + f" ({shown!r})"


def _is_word_char(char: str, first: bool) -> bool:
    if char == "_" or char.isalpha() or unicodedata.category(char) == "Pc":
        return True
    return not first and (char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Nd", "Sc"))


def split_statements(text: str) -> list[Statement]:
    """The statements of ``text`` as the engine's lexer would cut them at ``;``.

    Raises :class:`~ecograph.errors.QueryError` for text the engine's lexer would read
    differently from a plain reading (an unterminated string, comment or escaped name, an
    unknown escape in a string, a ``//`` comment ended by a bare carriage return): such text is
    refused rather than guessed at.
    """
    statements: list[Statement] = []
    tokens: list[Token] = []
    start = i = 0
    n = len(text)

    def close(end: int) -> None:
        if tokens:
            statements.append(Statement(text[start:end], tuple(tokens), len(statements) + 1, start))
        tokens.clear()

    while i < n:
        char = text[i]
        pair = text[i:i + 2]
        if char in _WHITESPACE:
            i += 1
        elif pair == "/*":  # grammar: '/*' ( ~[*] | '*' ~[/] )* '*/'
            j = i + 2
            while True:
                if j >= n:
                    raise QueryError("The query has a /* comment that is never closed with */")
                if text[j] != "*":
                    j += 1
                elif j + 1 < n and text[j + 1] == "/":
                    break
                else:
                    j += 2
            i = j + 2
        elif pair == "//":  # grammar: '//' ~[\n\r]* '\r'? ( '\n' | EOF )
            j = i + 2
            while j < n and text[j] not in "\r\n":
                j += 1
            if j < n and text[j] == "\r":
                j += 1
                if j < n and text[j] != "\n":
                    raise QueryError("A // comment in the query ends with a bare carriage return; "
                                     "end it with a line break")
            i = j + 1
        elif char in "'\"":
            j = i + 1
            while True:
                if j >= n:
                    raise QueryError("The query has a string that is never closed")
                if text[j] == char:
                    break
                if text[j] == "\\":
                    escape = _ESCAPES.match(text, j)
                    if not escape:
                        raise QueryError(f"Unknown escape {text[j:j + 2]!r} in a string of the query")
                    j = escape.end()
                else:
                    j += 1
            tokens.append(Token("string", text[i:j + 1], i))
            i = j + 1
        elif char == "`":  # grammar: ( '`' ~[`]* '`' )+
            j = i
            while j < n and text[j] == "`":
                end = text.find("`", j + 1)
                if end < 0:
                    raise QueryError("The query has a `name` that is never closed")
                j = end + 1
            tokens.append(Token("name", text[i:j], i))
            i = j
        elif char == ";":
            close(i)
            start = i = i + 1
        elif _is_word_char(char, first=True):
            j = i + 1
            while j < n and _is_word_char(text[j], first=False):
                j += 1
            kind = "param" if tokens and tokens[-1].text == "$" and tokens[-1].start == i - 1 else "word"
            tokens.append(Token(kind, text[i:j], i))
            i = j
        else:
            tokens.append(Token("symbol", char, i))
            i += 1
    close(n)
    return statements


def _is_name(tokens: tuple[Token, ...], index: int) -> bool:
    """True when the word at ``index`` is a property, label or parameter name, not a keyword."""
    return index > 0 and tokens[index - 1].text in (".", ":", "$")


def extension_statement(statement: Statement) -> bool:
    """True for the grammar's kU_Extension: INSTALL, FORCE INSTALL, UNINSTALL, UPDATE, and
    LOAD [EXTENSION] not followed by FROM / WITH HEADERS (which is LOAD FROM, a query clause)."""
    body = statement.body
    if not body:
        return False
    first = body[0].keyword
    if first in ("INSTALL", "FORCE", "UNINSTALL", "UPDATE"):
        return True
    return first == "LOAD" and (len(body) < 2 or body[1].keyword not in ("FROM", "WITH"))


def _shape_refusal(statement: Statement) -> str | None:
    """Why the statement's shape is not a read-only query, or None."""
    body = statement.body
    if not body:
        return "is empty"
    first = body[0].keyword
    if extension_statement(statement):
        return _WHAT["LOAD_EXTENSION"]
    if first not in QUERY_STARTS:
        return _WHAT.get(first or "", "is not a query that reads the graph")
    for index, token in enumerate(body):
        keyword = None if _is_name(body, index) else token.keyword
        if keyword == "LOAD":
            return _WHAT["LOAD"]
        if keyword == "CALL":
            following = body[index + 1:index + 3]
            if (len(following) < 2 or following[0].kind != "word" or following[1].text != "("
                    or following[0].text.upper() not in READ_TABLE_FUNCTIONS):
                name = following[0].text if following else ""
                return (f"calls {name!r}, which is not one of the functions that only read the "
                        "store's catalogue (show_tables(), table_info(), show_functions()…)")
    return None


def plan_operators(plan: str) -> tuple[set[str], set[str]]:
    """The operator names and table-function names in an ``EXPLAIN`` plan.

    Raises :class:`~ecograph.errors.QueryError` when the operator ids are not a complete
    0..n-1 sequence (a plan this reader did not understand is not trusted).
    """
    found = _OPERATOR.findall(plan)
    ids = {int(i) for _, i in found}
    if not found or ids != set(range(max(ids) + 1)):
        raise QueryError("Could not read the engine's plan of the query; it was not run")
    return {name for name, _ in found}, {f.upper() for f in _FUNCTION.findall(plan)}


def _plan_refusal(operators: set[str], functions: set[str]) -> str | None:
    bad = sorted(operators - READ_OPERATORS)
    if bad:
        return _WHAT.get(bad[0], f"uses the engine operator {bad[0]}, which does more than read")
    bad = sorted(functions - READ_TABLE_FUNCTIONS)
    if bad:
        return f"calls the table function {bad[0]}, which does more than read the store's catalogue"
    return None


#: Folders of ``cypher/`` holding ecograph's own read queries (the others hold writes and DDL).
_READ_QUERY_FOLDERS = ("gaps", "projection", "read", "spread")


@lru_cache(maxsize=1)
def _packaged_reads() -> frozenset[str]:
    from ..resources import resource_path
    return frozenset(path.read_text(encoding="utf-8") for folder in _READ_QUERY_FOLDERS
                     for path in resource_path("cypher", folder).glob("*.cypher"))


def is_packaged_read(cypher: str) -> bool:
    """True for the exact text of one of ecograph's own read queries (``cypher/gaps`` …).

    These are reviewed with the code and tested read-only, so the engine's plan need not be
    asked again each time: planning a large query twice costs seconds (a large read's
    ``EXPLAIN`` plans hundreds of operators).
    """
    return cypher in _packaged_reads()


def checked_statements(cypher: str, explain: Callable[[str], str], *, write: bool,
                       allow_extensions: bool = False) -> list[str]:
    """The statements of ``cypher`` to run one by one, each checked; raise if one is refused.

    Parameters
    ----------
    cypher
        The query text, possibly several statements separated by ``;``.
    explain
        Returns the engine's ``EXPLAIN`` plan of one statement, after the engine has confirmed
        that the text is exactly one statement (see :func:`ladybug_explainer`).
    write
        Without it, every statement must read the graph only (shape and plan, see the module
        docstring), and all are checked before any runs.
    allow_extensions
        With ``write``, let statements install or load extensions (native code).

    Raises
    ------
    ReadOnlyError
        A statement is not read-only and ``write`` is False.
    ExtensionRefused
        A statement installs or loads an extension and ``allow_extensions`` is False.
    QueryError
        The text cannot be read unambiguously, or holds no statement.
    """
    statements = split_statements(cypher)
    if not statements:
        raise QueryError("The query is empty")
    total = len(statements)
    for statement in statements:
        if extension_statement(statement) and not (write and allow_extensions):
            raise ExtensionRefused(f"Refused: {statement.label(total)} {_WHAT['LOAD_EXTENSION']}")
        if write:
            continue
        reason = _shape_refusal(statement)
        if reason is None and not is_packaged_read(cypher):
            reason = _plan_refusal(*plan_operators(explain(statement.body_text)))
        if reason is not None:
            raise ReadOnlyError(f"Refused without --write: {statement.label(total)} {reason}",
                                hint="Without --write only statements that read the graph run (nothing ran). "
                                     "Add --write to run it if you mean it to change the store or touch files.")
    return [s.text for s in statements]


def ladybug_explainer(connection: Any, params: dict[str, Any] | None) -> Callable[[str], str]:
    """``explain(statement)`` for :func:`checked_statements` on a ``ladybug.Connection``.

    The engine first *prepares* the text, which fails for several statements before any is
    bound (an ``EXPLAIN`` of ``a; b`` would run ``b``); then ``EXPLAIN`` gives the plan.
    """
    def explain(statement: str) -> str:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # prepare() is the only parse-only entry
            prepared = connection.prepare(statement)
        if not prepared.is_success():
            message = prepared.get_error_message()
            if "read-only" in message.lower():
                raise ReadOnlyError("Refused: the query tries to change the store, which is open read-only")
            raise QueryError(f"LadybugDB: {message}")
        try:
            result = connection.execute("EXPLAIN " + statement, params or {})
        except RuntimeError as exc:
            raise QueryError(f"LadybugDB: {exc}") from exc
        if isinstance(result, list):  # cannot happen after prepare(); never trust a plan of two
            raise QueryError("The engine read one statement as several; the query was not run")
        return "\n".join(str(row[0]) for row in result.get_all())
    return explain
