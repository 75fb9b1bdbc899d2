"""The order to read several DDL files in: by what each creates and refers to.

A schema split over files (MusicBrainz: CreateTables, CreatePrimaryKeys,
CreateIndexes, CreateFKConstraints, ...) only imports whole when every file
comes after the files that create what it uses: an ``ALTER TABLE x ADD
FOREIGN KEY`` read before ``CREATE TABLE x`` has nothing to attach to.  Read
alphabetically, MusicBrainz imports with 0 foreign keys and 0 indexes.

Each file is split into statements (sqlglot's tokenizer, as the importer
does).  A file *creates* the objects its ``CREATE TABLE / TYPE / DOMAIN /
FUNCTION / VIEW / SEQUENCE / SCHEMA / EXTENSION / COLLATION ...`` statements
name, and *refers to* every name it uses that another file creates.  File A
goes before file B when B refers to something A creates; networkx orders the
files topologically (files in a cycle are kept together, condensed).  Ties go
by what a file mostly does -- types and schemas, then tables, then functions
and views, then keys, indexes, other ALTERs and last foreign keys -- then by
the order given.  An order given that already respects all that is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from sqlglot.tokens import TokenType

from tablewright.designer.sql_split import split_statements

#: CREATE <kind>: what it makes, and the rank of a file that mostly does it
_KIND_RANK = {
    "schema": 0, "extension": 0, "type": 0, "domain": 0, "collation": 0, "sequence": 0, "text": 0,
    "table": 1,
    "function": 2, "procedure": 2, "view": 2, "materialized": 2, "aggregate": 2, "operator": 2,
    # after the tables: their keys (a foreign key needs the key it references), then
    # indexes and the rest, then the foreign keys
    "alter:key": 3, "index": 3.2, "trigger": 3.3, "rule": 3.3, "alter": 3.3, "comment": 3.3, "grant": 3.3,
    "insert": 3.3, "alter:foreign": 3.5,
}
_CREATES = {"schema", "extension", "type", "domain", "collation", "sequence", "table", "function",
            "procedure", "view", "materialized", "aggregate"}
_MODIFIERS = {"or", "replace", "unique", "temporary", "temp", "global", "local", "unlogged", "if", "not",
              "exists", "definer", "algorithm", "sql", "security", "recursive", "virtual", "constraint"}
_SKIP_TOKENS = {TokenType.STRING, TokenType.NUMBER, TokenType.HEREDOC_STRING, TokenType.NATIONAL_STRING,
                TokenType.BIT_STRING, TokenType.HEX_STRING, TokenType.BYTE_STRING}


@dataclass
class FileDeps:
    source: str
    creates: set[str] = field(default_factory=set)
    words: Counter = field(default_factory=Counter)  # every name-like token, lower case
    kinds: Counter = field(default_factory=Counter)  # statement kinds
    after: dict[str, list[str]] = field(default_factory=dict)  # file -> the names it needs from it
    # (dialect, statements, issues) as split here: the import takes them instead of splitting twice
    split: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def rank(self) -> float:
        if not self.kinds:
            return 3
        kind, _n = self.kinds.most_common(1)[0]
        return _KIND_RANK.get(kind, 3)


@dataclass
class LoadOrder:
    files: list[str]  # in the order to read them
    deps: dict[str, FileDeps]

    @property
    def changed(self) -> bool:
        return self.files != list(self.deps)

    def reason(self, source: str, limit: int = 3) -> str:
        """Why ``source`` comes where it does: the files it needs, with some names."""
        needs = self.deps[source].after
        if not needs:
            return "needs nothing from the other files"
        parts = []
        for other, names in needs.items():
            shown = ", ".join(sorted(names)[:limit]) + (", …" if len(names) > limit else "")
            parts.append(f"{Path(other).name} ({shown})")
        return "after " + "; ".join(parts)


def _statement_kind(words: list[str]) -> tuple[str, str | None]:
    """(kind, the created object's name or None) from a statement's leading words."""
    if not words:
        return "", None
    if words[0] != "create":
        return words[0], None
    i = 1
    while i < len(words) and words[i] in _MODIFIERS:
        i += 1
    if i >= len(words):
        return "create", None
    kind = words[i]
    if kind in ("materialized", "text"):  # MATERIALIZED VIEW, TEXT SEARCH CONFIGURATION
        i += 1
        while i < len(words) and words[i] in ("view", "search", "configuration", "dictionary", "parser",
                                              "template"):
            i += 1
        i -= 1
    if kind not in _CREATES:
        return kind, None
    j = i + 1
    while j < len(words) and words[j] in ("if", "not", "exists"):
        j += 1
    # a dotted name: schema.name -> the last part
    name = None
    while j < len(words):
        name = words[j]
        if j + 2 < len(words) and words[j + 1] == ".":
            j += 2
            continue
        break
    return kind, name


def file_deps(source: str, text: str, dialect: str) -> FileDeps:
    deps = FileDeps(source)
    statements, issues = split_statements(text, dialect, source)
    deps.split = (dialect, statements, issues)
    for st in statements:
        tokens = [t for t in st.tokens if t.token_type not in _SKIP_TOKENS]
        head = [("." if t.token_type == TokenType.DOT else t.text.lower()) for t in tokens[:14]]
        kind, name = _statement_kind(head)
        if kind == "alter":
            words = {w for t in tokens for w in t.text.lower().split()}  # "PRIMARY KEY" is one token
            kind = "alter:foreign" if "foreign" in words or "references" in words else (
                "alter:key" if "primary" in words or "unique" in words else "alter")
        if kind:
            deps.kinds[kind] += 1
        if name and name != ".":
            deps.creates.add(name)
        words = [t.text.lower() for t in tokens]
        for i, (t, word) in enumerate(zip(tokens, words)):
            # a name, or a keyword used as one (a CUBE column type); not a function's
            # LANGUAGE sql clause (neither word names an object)
            if word == "language" and i + 1 < len(words) or i and words[i - 1] == "language":
                continue
            if t.token_type in (TokenType.VAR, TokenType.IDENTIFIER) or word[:1].isalpha():
                deps.words[word] += 1
    return deps


def _respects(names: list[str], graph: nx.DiGraph, deps: dict[str, FileDeps]) -> bool:
    """Does the given order put every file after the files it needs, and the
    files of keys before the files of foreign keys (which need those keys)?"""
    at = {n: i for i, n in enumerate(names)}
    if any(at[u] > at[v] for u, v in graph.edges if not nx.has_path(graph, v, u)):
        return False
    keys = [at[n] for n in names if deps[n].rank == _KIND_RANK["alter:key"]]
    foreign = [at[n] for n in names if deps[n].rank == _KIND_RANK["alter:foreign"]]
    return not (keys and foreign and max(keys) > min(foreign))


def dependency_order(sources: list, dialect: str | None = None) -> LoadOrder:
    """The files (paths, or ``(name, text)`` pairs) in the order to read them."""
    from tablewright.designer.ddl_import import _read, guess_dialect
    from tablewright.designer.dialects import normalize as normalize_dialect

    texts = [_read(s) for s in sources]
    names = [n for n, _ in texts]
    dialect = normalize_dialect(dialect) or (guess_dialect(texts[0][1], texts[0][0]) if texts else "postgres")
    deps = {name: file_deps(name, text, dialect) for name, text in texts}
    creator: dict[str, list[str]] = {}
    for name in names:
        for obj in deps[name].creates:
            creator.setdefault(obj, []).append(name)
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for name in names:
        d = deps[name]
        for word in d.words:
            if word in d.creates:
                continue
            for other in creator.get(word, ()):
                if other != name:
                    d.after.setdefault(other, []).append(word)
                    graph.add_edge(other, name)
    index = {n: i for i, n in enumerate(names)}
    if _respects(names, graph, deps):
        return LoadOrder(list(names), deps)  # already right: the user's order stays
    # files in a cycle (tables whose CHECKs call functions that read the tables) are
    # condensed into one node, ordered inside by rank, then as given
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    groups: dict[int, list[str]] = {}
    for n, c in members.items():
        groups.setdefault(c, []).append(n)

    def key(c: int) -> tuple:
        group = groups[c]
        return min((deps[n].rank, index[n]) for n in group)

    order: list[str] = []
    for c in nx.lexicographical_topological_sort(condensed, key=key):
        order += sorted(groups[c], key=lambda n: (deps[n].rank, index[n]))
    return LoadOrder(order, deps)
