"""Mutation fuzzer over real corpus statements and over project files.

One case: a few consecutive statements of a corpus schema (or a project file
made from them), mutated once, driven through what a user runs --
import -> lint in every format (each fix's SQL rendered) -> export to every
dialect -> project save/load -> migrate (from the unmutated statements, SQL
and Alembic).  The contract checked:

- no exception escapes except the input errors the command line reports in
  one line (``InputError``, ``UsageError``); an exception a library logs and
  swallows (a fix whose SQL could not be rendered) counts as a crash too;
- the tables the statements before the mutated one created still import
  (and all of them when the mutation does not change the SQL: a BOM, CRLF);
- a project file that loads saves and loads back to the same model.

Cases are numbered and each one's mutation comes from ``Random(f"{seed}:{n}")``,
so a run is reproducible and splits over processes.  A crash's *signature* is
the stage, the exception type and the innermost frame of our code; the script
``scripts/fuzz`` prints one minimal reproducer per signature (delta-minimised).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import random
import sys
import tempfile
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DIALECTS = ("postgres", "mysql", "mariadb", "sqlite", "mssql")
LINT_FORMATS = ("text", "json", "sarif", "github", "markdown")
OUR_CODE = ("/app/", "/designer/", "/linting/")


# -- crashes ---------------------------------------------------------------------------------------


@dataclass
class Crash:
    stage: str
    signature: str
    detail: str  # the traceback's last lines

    def __str__(self) -> str:
        return f"{self.signature}\n{self.detail}"


def signature_of(stage: str, exc: BaseException) -> str:
    head, _, last = stage.rpartition(" ")
    stage = head if last in DIALECTS else stage  # one signature for every target dialect
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if any(part in f.filename.replace("\\", "/") for part in OUR_CODE)]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.name}" if frame else "?"
    return f"{stage}: {type(exc).__name__} in {where}"


class _Swallowed(logging.Handler):
    """Exceptions our code logs instead of raising (``log.warning(..., exc_info=True)``)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.records.append(record)


def _allowed() -> tuple[type[BaseException], ...]:
    from tablewright.app.errors import UsageError
    from tablewright.designer.errors import InputError

    return (InputError, UsageError)


# -- the corpus ------------------------------------------------------------------------------------


@dataclass
class Script:
    """Consecutive statements of one corpus schema."""

    case: str
    dialect: str
    statements: list[str]

    def text(self) -> str:
        return "".join(s + ";\n" for s in self.statements)


@lru_cache(maxsize=None)
def corpus_statements() -> dict[str, tuple[str, tuple[str, ...]]]:
    """case -> (dialect, statements) for every corpus schema the suite knows."""
    sys.path.insert(0, str(REPO))
    from tablewright.designer.ddl_import import _read
    from tablewright.designer.dialects import normalize as normalize_dialect
    from tablewright.designer.sql_split import split_statements
    from tests.corpus_cases import CASES

    out = {}
    for case, (files, dialect, _tables) in sorted(CASES.items()):
        dialect = normalize_dialect(dialect)
        statements: list[str] = []
        for rel in files:
            path = CORPUS / rel
            if not path.is_file():
                continue
            name, text = _read(path)
            found, _issues = split_statements(text, dialect, name)
            # DELIMITER blocks and GO batches are client directives: keep to ;-statements
            statements += [s.text for s in found if s.text.strip() and "\n\\" not in s.text]
        if statements:
            out[case] = (dialect, tuple(statements))
    return out


def pick_script(rng: random.Random) -> Script:
    cases = corpus_statements()
    if not cases:
        raise RuntimeError(f"no corpus at {CORPUS}")
    case = rng.choice(sorted(cases))
    dialect, statements = cases[case]
    size = rng.choice((1, 2, 3, 4, 6))
    # weight towards CREATE TABLE neighbourhoods: that is where the model is
    start = rng.randrange(len(statements))
    for _ in range(8):
        if statements[start].lstrip()[:12].upper().startswith(("CREATE TABLE", "ALTER TABLE", "CREATE INDEX",
                                                               "CREATE UNIQUE")):
            break
        start = rng.randrange(len(statements))
    return Script(case, dialect, list(statements[start:start + size]))


# -- mutations -------------------------------------------------------------------------------------


GARBAGE = ["(", ")", ",", ";", ".", "::", "[", "]", "`", '"', "'", "$$", "/*", "*/", "--", "\\", "\\.",
           "NULL", "DEFAULT", "FOR", "KEY", "PRIMARY", "FOREIGN", "REFERENCES", "CONSTRAINT", "CHECK",
           "UNIQUE", "INDEX", "ON", "USING", "TABLE", "CREATE", "ALTER", "ADD", "DROP", "OWNED", "BY",
           "GENERATED", "ALWAYS", "AS", "IDENTITY", "SEQUENCE", "COLUMN", "COMMENT", "IS", "TYPE", "ENUM",
           "PARTITION", "OF", "VALUES", "IN", "WITH", "WITHOUT", "ROWID", "VIRTUAL", "GO", "DELIMITER //",
           "AUTO_INCREMENT", "COLLATE", "NOT", "DEFERRABLE", "INITIALLY", "DEFERRED", "INCLUDE", "WHERE",
           "0", "-1", "1e309", "99999999999999999999999", "'x'", "N'x'", "E'\\n'", "x''", "@v", "?", ":1",
           "é", "表", "\U0001f600", "\u200b", "\t", "\n", "[a b]", '"a""b"', "`a``b`", "*"]


def _tokens(text: str, dialect: str):
    from tablewright.designer.sql_split import sql_tokens

    return sql_tokens(text, dialect) or []


def _span(text: str, token) -> tuple[int, int]:
    begin, end = token.start, token.end + 1
    while begin > 0 and text[begin - 1] in "\"'`[":
        begin -= 1
    while end < len(text) and text[end] in "\"'`]":
        end += 1
    return begin, end


def mutate_statement(text: str, dialect: str, rng: random.Random) -> tuple[str, str]:
    """One token- or text-level mutation of one statement: (kind, new text)."""
    tokens = _tokens(text, dialect)
    kind = rng.choice(("delete", "delete", "duplicate", "swap", "truncate", "garbage", "garbage",
                       "nesting", "identifier", "replace"))
    if not tokens or kind == "truncate":
        return "truncate", text[: rng.randrange(len(text) + 1)]
    i = rng.randrange(len(tokens))
    b, e = _span(text, tokens[i])
    if kind == "delete":
        return kind, text[:b] + text[e:]
    if kind == "duplicate":
        return kind, text[:e] + " " + text[b:e] + text[e:]
    if kind == "swap":
        j = rng.randrange(len(tokens))
        (b, e), (b2, e2) = sorted((_span(text, tokens[i]), _span(text, tokens[j])))
        if b2 < e:
            return kind, text
        return kind, text[:b] + text[b2:e2] + text[e:b2] + text[b:e] + text[e2:]
    if kind == "garbage":
        return kind, text[:b] + " " + rng.choice(GARBAGE) + " " + text[b:]
    if kind == "replace":
        return kind, text[:b] + rng.choice(GARBAGE) + text[e:]
    if kind == "nesting":
        depth = rng.choice((50, 300, 1200, 3000))
        inner = rng.choice(("1", "a", "'x'", "now()"))
        return kind, text[:b] + "(" * depth + inner + ")" * depth + " " + text[b:]
    size = rng.choice((64, 200, 5000, 100_000))
    return kind, text[:b] + rng.choice(("x", "é", '"q')) * size + text[e:]


@dataclass
class DDLCase:
    number: int
    script: Script
    data: bytes  # the mutated file
    dialect: str  # the dialect it is read as
    mutation: str
    mutated: int  # index of the mutated statement (-1: the whole file)
    prefix_lines: int  # lines before the mutated statement: untouched

    def describe(self) -> str:
        return f"case {self.number}: {self.script.case} read as {self.dialect}, {self.mutation}"


def make_ddl_case(seed: int, number: int) -> DDLCase:
    rng = random.Random(f"{seed}:{number}")
    script = pick_script(rng)
    statements = list(script.statements)
    dialect = script.dialect
    roll = rng.random()
    mutated = rng.randrange(len(statements))
    prefix = "".join(s + ";\n" for s in statements[:mutated])
    if roll < 0.08:  # one statement read in another dialect (the whole script, really)
        dialect = rng.choice([d for d in DIALECTS if d != script.dialect])
        return DDLCase(number, script, script.text().encode(), dialect, f"read as {dialect}", -1, 0)
    if roll < 0.12:  # changes no statement: everything must still import
        kind = rng.choice(("bom", "crlf"))
        text = script.text()
        data = ("\ufeff" + text).encode() if kind == "bom" else text.replace("\n", "\r\n").encode()
        return DDLCase(number, script, data, dialect, kind, -1, text.count("\n") + 1)
    if roll < 0.20:  # bytes the statement should not hold
        kind = rng.choice(("invalid utf-8", "nul", "bom inside"))
        body = statements[mutated].encode()
        at = rng.randrange(len(body) + 1)
        junk = {"invalid utf-8": rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff")),
                "nul": b"\x00", "bom inside": "\ufeff".encode()}[kind]
        data = prefix.encode() + body[:at] + junk + body[at:] + b";\n" + \
            "".join(s + ";\n" for s in statements[mutated + 1:]).encode()
        return DDLCase(number, script, data, dialect, f"{kind} in statement {mutated + 1}", mutated,
                       prefix.count("\n"))
    kind, new = mutate_statement(statements[mutated], dialect, rng)
    if rng.random() < 0.15:  # and once more
        kind2, new = mutate_statement(new, dialect, rng)
        kind = f"{kind}+{kind2}"
    statements[mutated] = new
    data = "".join(s + ";\n" for s in statements).encode()
    return DDLCase(number, script, data, dialect, f"{kind} in statement {mutated + 1}", mutated,
                   prefix.count("\n"))


# -- the pipeline ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    crashes: list[Crash] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # contract broken without an exception
    contained: list[str] = field(default_factory=list)  # handler failures reported as input errors
    contained_detail: dict[str, str] = field(default_factory=dict)  # signature: its traceback's tail
    imported: bool = False
    skipped_downstream: bool = False


class Runner:
    """Runs cases in one process; remembers which models it has driven
    downstream already (lint, export, save/load and migrate depend only on
    the model, so a model seen before is not driven again)."""

    def __init__(self, workdir: Path | None = None, *, migrate_dialects: int = 1):
        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="tw-fuzz-")
        self.workdir = Path(workdir or self._tmp.name)
        self.seen: set[str] = set()
        self.base_cache: dict[tuple, object] = {}
        self.migrate_dialects = migrate_dialects

    # each stage: run fn, record an escaping exception that is not an input error
    def _stage(self, outcome: Outcome, stage: str, fn, *args):
        handler = _Swallowed()
        root = logging.getLogger()
        root.addHandler(handler)
        importer = logging.getLogger("tablewright.designer.ddl_import")
        importer_level = importer.level
        importer.setLevel(logging.DEBUG)
        try:
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                return fn(*args)
        except _allowed():
            return None
        except RecursionError as exc:
            outcome.crashes.append(Crash(stage, signature_of(stage, exc), f"[{stage}]\n{_tail(exc)}"))
            return None
        except Exception as exc:  # noqa: BLE001 -- that is what a fuzzer is for
            outcome.crashes.append(Crash(stage, signature_of(stage, exc), f"[{stage}]\n{_tail(exc)}"))
            return None
        finally:
            root.removeHandler(handler)
            importer.setLevel(importer_level)
            for record in handler.records:
                exc = record.exc_info[1]
                if record.name == "tablewright.designer.ddl_import":
                    sig = signature_of(stage, exc)
                    outcome.contained.append(sig)
                    outcome.contained_detail.setdefault(sig, f"[{stage}] {record.getMessage()}\n{_tail(exc)}")
                else:
                    outcome.crashes.append(Crash(stage, signature_of(stage, exc) + " (logged)",
                                                 f"[{stage}] {record.getMessage()}\n{_tail(exc)}"))

    def base_schema(self, script: Script, dialect: str):
        key = (script.case, tuple(script.statements), dialect)
        if key not in self.base_cache:
            from tablewright.designer.ddl_import import import_ddl

            if len(self.base_cache) >= 2000:
                self.base_cache.clear()

            try:
                with redirect_stderr(io.StringIO()):
                    self.base_cache[key] = import_ddl([("base.sql", script.text())], dialect).schema
            except Exception:  # noqa: BLE001 -- the unmutated script: judged by its own case
                self.base_cache[key] = None
        return self.base_cache[key]

    def run_ddl(self, case: DDLCase) -> Outcome:
        outcome = Outcome()
        path = self.workdir / "case.sql"
        path.write_bytes(case.data)
        from tablewright.designer.sources import load_sources

        result = self._stage(outcome, "import", load_sources, [str(path)], case.dialect)
        if result is None:
            return outcome
        outcome.imported = True
        schema = result.schema
        base = self.base_schema(case.script, case.dialect) if case.mutated != -1 or case.prefix_lines else None
        if base is not None and case.prefix_lines:
            kept = {(t.location.line, t.location.column) for t in schema.tables if t.location}
            for table in base.tables:
                loc = table.location
                if loc is not None and loc.line <= case.prefix_lines and (loc.line, loc.column) not in kept:
                    outcome.violations.append(f"table {table.qualified_name} (line {loc.line}), before the "
                                              f"mutation, no longer imports")
        self.downstream(outcome, [str(path)], case.dialect, schema, base)
        return outcome

    def downstream(self, outcome: Outcome, sources: list[str], dialect: str | None, schema, base, *,
                   lint: bool = True) -> None:
        key = _fingerprint(schema)
        if key in self.seen:
            outcome.skipped_downstream = True
            return
        if len(self.seen) > 50_000:
            self.seen.clear()
        self.seen.add(key)
        rng = random.Random(key)
        if lint:
            self._stage(outcome, "lint", self._lint_model, schema, sources)
        from tablewright.designer.ddl_export import export_ddl

        for target in DIALECTS:
            self._stage(outcome, f"export {target}", export_ddl, schema, target)
        self._stage(outcome, "project save/load", self._round_trip, outcome, schema)
        from tablewright.designer.model import Schema

        # one migration per model (two when minimising): from the unmutated statements where there are
        # some (the changes a mutation makes), else from nothing; the Alembic revision for one model in four
        for target in rng.sample(DIALECTS, self.migrate_dialects):
            both = self.migrate_dialects > 1
            if base is None or both:
                self._stage(outcome, f"migrate {target}", self._migrate, Schema(dialect=schema.dialect), schema,
                            target, both or rng.random() < 0.25)
            if base is not None:
                self._stage(outcome, f"migrate {target}", self._migrate, base, schema, target,
                            both or rng.random() < 0.25)

    @staticmethod
    def _lint_model(schema, sources):
        """What ``tablewright lint`` does after the import (the model is in hand)."""
        from tablewright.linting.config import Config
        from tablewright.linting.engine import Engine
        from tablewright.linting.findings import Summary
        from tablewright.linting.reporters import Report, render

        engine = Engine(Config())
        findings = engine.run(schema)
        report = Report(findings, Summary.of(findings, tables=len(schema.tables)), schema, sources,
                        [type(r) for r in engine.rules])
        for fmt in LINT_FORMATS:  # json and sarif render every fix's SQL
            render(fmt, report, color=False)

    @staticmethod
    def _lint(sources, dialect):
        from tablewright.linting.config import Config
        from tablewright.linting.reporters import render
        from tablewright.linting.runner import lint_sources

        outcome = lint_sources(sources, Config(), dialect=dialect)
        for fmt in LINT_FORMATS:
            render(fmt, outcome.report, color=False)

    @staticmethod
    def _round_trip(outcome: Outcome, schema) -> None:
        from tablewright.designer.project import Project, dumps_project, loads_project

        text = dumps_project(Project(schema=schema))
        loaded = loads_project(text)
        if dumps_project(loaded) != text:
            outcome.violations.append("project save/load does not give back the same model")

    @staticmethod
    def _migrate(old, new, target, alembic):
        from tablewright.designer.migrations import compare_by_name
        from tablewright.designer.migrations.render_alembic import render_alembic
        from tablewright.linting.migrations import lint_migration

        script = compare_by_name(old, new, [])
        result = lint_migration(script, target, path="<up>")
        _ = result.up.text, result.down.text
        if alembic:
            render_alembic(script, target)

    # -- project files
    def run_project(self, case: "ProjectCase") -> Outcome:
        outcome = Outcome()
        path = self.workdir / "case.twproj"
        path.write_bytes(case.data)
        from tablewright.designer.project import load_project

        project = self._stage(outcome, "project load", load_project, str(path))
        if project is None:
            return outcome
        outcome.imported = True
        schema = project.schema
        # its settings are read by lint: linted every time, not once per model
        self._stage(outcome, "lint", self._lint, [str(path)], None)
        self.downstream(outcome, [str(path)], None, schema, project.baseline, lint=False)
        from tablewright.designer.project import dumps_project, loads_project

        def diagram_round_trip():
            text = dumps_project(project)
            if dumps_project(loads_project(text)) != text:
                outcome.violations.append("project save/load does not give back the same project")

        self._stage(outcome, "project save", diagram_round_trip)
        return outcome


def _tail(exc: BaseException, lines: int = 6) -> str:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _fingerprint(schema) -> str:
    """The model without source locations (they change nothing downstream but the text of messages)."""
    from tablewright.designer.project import to_data

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "location"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = json.dumps(strip(to_data(schema)), sort_keys=True, ensure_ascii=True)
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


# -- project files ---------------------------------------------------------------------------------


@dataclass
class ProjectCase:
    number: int
    data: bytes
    mutation: str

    def describe(self) -> str:
        return f"project case {self.number}: {self.mutation}"


@lru_cache(maxsize=64)
def _project_seed_text(case: str, start: int, size: int) -> str | None:
    """A project file made from corpus statements, with a baseline and settings."""
    from tablewright.designer.ddl_import import import_ddl
    from tablewright.designer.project import Diagram, Project, dumps_project

    dialect, statements = corpus_statements()[case]
    part = statements[start:start + size]
    try:
        with redirect_stderr(io.StringIO()):
            schema = import_ddl([("p.sql", "".join(s + ";\n" for s in part))], dialect).schema
            baseline = import_ddl([("b.sql", "".join(s + ";\n" for s in part[:-1]) or ";")], dialect).schema \
                if len(part) > 1 else None
    except Exception:  # noqa: BLE001 -- an unimportable window: pick another
        return None
    positions = {t.id: (float(i * 40), float(i * 7), i % 2 == 0) for i, t in enumerate(schema.tables)}
    settings = {"lint": {"ignore": ["TS001"], "severity": {}, "suppress": [{"object": "*", "rules": ["NM001"]}]}}
    return dumps_project(Project(schema=schema, diagram=Diagram(positions=positions), settings=settings,
                                 baseline=baseline))


JSON_VALUES = [None, True, False, 0, -1, 1.5, 10**30, "", "x", "NaN", [], {}, [1, "a"], {"a": 1},
               "tbl_missing", "col_missing", "\u0000", "é" * 3]


def _paths(data, where=()):
    yield where
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, where + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, where + (i,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _ids(data) -> list[str]:
    out = []
    for path in _paths(data):
        if path and path[-1] == "id":
            value = _get(data, path)
            if isinstance(value, str):
                out.append(value)
    return out


def make_project_case(seed: int, number: int) -> ProjectCase | None:
    rng = random.Random(f"project:{seed}:{number}")
    cases = corpus_statements()
    for _ in range(20):
        case = rng.choice(sorted(cases))
        statements = cases[case][1]
        start = rng.randrange(len(statements))
        text = _project_seed_text(case, start, rng.choice((2, 4, 6)))
        if text is not None:
            break
    else:
        return None
    data = json.loads(text)
    kind = rng.choice(("value", "value", "delete", "dangling", "dangling", "duplicate", "deep", "nan",
                       "settings", "text"))
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent = _get(data, path[:-1])
    if kind == "text":
        raw = text.encode()
        how = rng.choice(("truncate", "flip", "insert"))
        at = rng.randrange(len(raw))
        if how == "truncate":
            raw = raw[:at]
        elif how == "flip":
            raw = raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1:]
        else:
            raw = raw[:at] + rng.choice((b"{", b"}", b"[", b",", b'"', b"\xff", b"NaN", b"-")) + raw[at:]
        return ProjectCase(number, raw, f"{how} at byte {at}")
    if kind == "value":
        value = rng.choice(JSON_VALUES)
        parent[path[-1]] = value
        mutation = f"{_dotted(path)} = {value!r}"
    elif kind == "delete":
        del parent[path[-1]]
        mutation = f"delete {_dotted(path)}"
    elif kind == "dangling":
        targets = [p for p in paths if isinstance(_get(data, p), str) and (p[-1] != "id" or rng.random() < 0.3)
                   and any(isinstance(x, str) and x in ("columns", "ref_columns", "include", "column", "ref_table",
                                                         "owned_by", "id", "primary_key") for x in p)]
        if targets:
            path = rng.choice(targets)
            ids = _ids(data)
            value = rng.choice(ids + ["tbl_gone", "col_gone"]) if ids else "gone"
            _get(data, path[:-1])[path[-1]] = value
        else:
            value = "gone"
        mutation = f"{_dotted(path)} = {value!r} (dangling)"
    elif kind == "duplicate":
        lists = [p for p in paths if isinstance(_get(data, p), list) and _get(data, p)]
        if lists:
            path = rng.choice(lists)
            items = _get(data, path)
            items.append(json.loads(json.dumps(rng.choice(items))))
        mutation = f"duplicate an item of {_dotted(path)}"
    elif kind == "deep":
        depth = rng.choice((100, 1000, 3000, 20000))
        return ProjectCase(number, _deep_text(text, path, depth, rng).encode(), f"{_dotted(path)} nested {depth} deep")
    elif kind == "nan":
        numbers = [p for p in paths if isinstance(_get(data, p), (int, float)) and not isinstance(_get(data, p), bool)]
        path = rng.choice(numbers) if numbers else path
        marker = "__NAN__"
        _get(data, path[:-1])[path[-1]] = marker
        literal = rng.choice(("NaN", "Infinity", "-Infinity"))
        return ProjectCase(number, json.dumps(data).replace(f'"{marker}"', literal).encode(),
                           f"{_dotted(path)} = {literal}")
    else:  # settings
        lint = data.setdefault("settings", {}).setdefault("lint", {})
        key = rng.choice(("ignore", "select", "severity", "rules", "suppress", "fail-on", "dialect",
                          "ignore-objects", "per-object-ignores", "extend-select", "unknown"))
        value = rng.choice(JSON_VALUES + [[{"object": 1}], [{"rules": "x"}], [None], {"TS001": 5},
                                          {"TS001": {"x": []}}, ["NM001", 3]])
        if rng.random() < 0.2:
            data["settings"]["lint"] = value
            mutation = f"settings.lint = {value!r}"
        else:
            lint[key] = value
            mutation = f"settings.lint.{key} = {value!r}"
    return ProjectCase(number, json.dumps(data, indent=1).encode(), mutation)


def _dotted(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _deep_text(text: str, path, depth: int, rng: random.Random) -> str:
    data = json.loads(text)
    marker = "__DEEP__"
    _get(data, path[:-1])[path[-1]] = marker
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    return json.dumps(data).replace(f'"{marker}"', opener * depth + "1" + closer * depth)


# -- minimising ------------------------------------------------------------------------------------


def ddmin(data: bytes, fails, *, budget: int = 400) -> bytes:
    """Zeller's delta debugging over lines, then words, then bytes: the
    smallest input (within ``budget`` runs) on which ``fails`` still holds."""
    runs = 0

    def check(candidate: bytes) -> bool:
        nonlocal runs
        runs += 1
        return fails(candidate)

    for split in (_lines, _words, _bytes):
        parts = split(data)
        n = 2
        while len(parts) >= 2 and runs < budget:
            chunk = max(1, len(parts) // n)
            reduced = False
            for start in range(0, len(parts), chunk):
                complement = parts[:start] + parts[start + chunk:]
                if complement and runs < budget and check(b"".join(complement)):
                    parts, n, reduced = complement, max(n - 1, 2), True
                    break
            if not reduced:
                if n >= len(parts):
                    break
                n = min(n * 2, len(parts))
        data = b"".join(parts)
        if len(data) > 4000 and split is _words:
            break  # bytes one by one would not finish within the budget
    return data


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _words(data: bytes) -> list[bytes]:
    out, current = [], b""
    for byte in data:
        current += bytes([byte])
        if bytes([byte]) in (b" ", b"\n", b"(", b")", b",", b";"):
            out.append(current)
            current = b""
    if current:
        out.append(current)
    return out


def _bytes(data: bytes) -> list[bytes]:
    return [bytes([b]) for b in data]


def reproduces(signature: str, case, *, contained: bool = False):
    """``fails(data)`` for :func:`ddmin`: the same crash signature on ``data``
    (read as ``case`` was; migrated to every dialect, from the case's
    unmutated statements too, so the minimised input does not depend on
    which dialect a model happened to be migrated to).  ``contained``: the
    signature is of a statement handler failure reported as an input error."""
    runner = Runner(migrate_dialects=len(DIALECTS))

    def fails(data: bytes) -> bool:
        runner.seen.clear()
        if isinstance(case, ProjectCase):
            outcome = runner.run_project(ProjectCase(case.number, data, case.mutation))
        else:
            outcome = runner.run_ddl(DDLCase(case.number, case.script, data, case.dialect, case.mutation,
                                             case.mutated, 0))
        if contained:
            return signature in outcome.contained
        return any(c.signature == signature for c in outcome.crashes)
    return fails
