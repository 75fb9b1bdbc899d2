"""Table roles: what each table is for, inferred once per schema, with the evidence.

A rule that asks "is this a log?" reads the answer here (``ctx.has_role(table,
"log")``) instead of matching the table's name itself, so every rule agrees, the
answer can be explained (``tablewright lint --roles``, the GUI's Properties
panel) and the user can correct it:

- the project setting ``roles`` (``settings.lint`` of a project, ``[tool.tablewright]``
  in pyproject.toml or tablewright.toml): ``{"public.events": ["log"], "users":
  ["-financial"]}`` — keys are table names or patterns (``audit_*``), values the
  roles to add, or with ``-`` to take away;
- a tag in the table's comment: ``COMMENT ON TABLE events IS 'Clicks.
  @tablewright:role=log'`` (several: ``role=log,-financial``).

The comment tag is read first, then the setting (the project has the last word).

Roles (:data:`ROLES`), and what they are inferred from.  Structural signals
(foreign keys, keys, column shapes, what references the table, timestamps) are read
first and recorded as evidence; the name decides where structure alone cannot
(an append-only shape is also the shape of ``comments``):

- ``link``: two or more foreign keys and at most one other column (structure only);
- ``log``: the name ends in a log word (``log``, ``history``, ``audit``, ``journal`` …), or
  in an event word (``events``, ``messages``, ``notifications``, ``activities``) when the
  structure is append-only: no column records an update and the table is not a link;
- ``audit``: the name holds an audit word (``audit``, ``log``, ``history``, ``journal``, ``trail``);
- ``history``: the name holds a history word (``history``, ``changelog``, ``journal``,
  ``trail``), or ends in a version word (``versions``, ``revisions``, ``snapshots``) and the
  rest names a table (``bike_versions`` beside ``bikes``; a bare ``versions`` is the
  schema's row versions), or the table references a table whose name it extends
  (``document_states`` → ``documents``) and records validity (``valid_from``) without
  updating rows;
- ``financial``: the name ends in a money word (``payments``, ``invoices``, ``ledger`` …), or
  in ``orders``/``transactions``/``subscriptions`` with a money-like column;
- ``lookup``: a small table of kinds: at most four columns, one of them a code or a name, no
  foreign key of its own, referenced by other tables; or a tree of kinds (at most eight
  columns, named rows, every foreign key pointing at the table itself); neither financial nor a log;
- ``person``: the name is a person noun (``users``, ``people``, ``customers``,
  ``members``, ``employees`` …) and a column holds a person's attribute (email, name, login),
  or other tables reference it under person roles (``created_by``, ``owner_id``);
- ``tenant``: the table that defines the schema's tenants (the tenant key
  ``organization_id`` names ``organizations``), when the schema has a tenant key.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from tablewright.designer.model import Table
from tablewright.linting import heuristics as h

if TYPE_CHECKING:
    from tablewright.linting.index import LintContext

#: role -> what it means (the docs and the GUI show it)
ROLES: dict[str, str] = {
    "log": "append-only log or event stream",
    "audit": "audit trail or change log",
    "history": "history or versions of another table's rows",
    "financial": "money: payments, invoices, ledger, priced orders",
    "link": "join table linking rows of other tables",
    "lookup": "small table of kinds that other tables reference",
    "person": "people: users, customers, members",
    "tenant": "the table that defines the schema's tenants",
}

#: the comment tag: ``@tablewright:role=log`` or ``@tablewright:roles=log,-financial``
TAG = re.compile(r"@tablewright:roles?\s*=\s*([-+A-Za-z_,\s]*[A-Za-z_])", re.I)

HISTORY_WORDS = frozenset({"history", "histories", "changelog", "journal", "trail"})
_STRONG_HISTORY = frozenset(h.singular(w) for w in HISTORY_WORDS)
#: words that mean a table of row versions when the rest of the name names the table versioned
VERSION_WORDS = frozenset({"version", "versions", "revision", "revisions", "snapshot", "snapshots"})
_VERSION = frozenset(h.singular(w) for w in VERSION_WORDS)
CREATED_TOKENS = frozenset({"created", "inserted", "occurred", "logged", "recorded", "happened", "emitted",
                            "received", "sent", "timestamp", "ts"})
VALIDITY_TOKENS = frozenset({"valid", "effective", "version", "revision", "superseded", "from", "until"})
PERSON_WORDS = frozenset({"user", "person", "customer", "member", "employee", "staff", "author", "contact",
                          "subscriber", "patient", "student", "participant", "player", "owner", "profile"})
PERSON_COLUMNS = frozenset({"email", "first_name", "last_name", "full_name", "username", "user_name", "login",
                            "display_name", "birth_date", "date_of_birth", "phone", "given_name", "family_name",
                            "email_address", "surname", "firstname", "lastname"})
PERSON_REFS = frozenset({"created_by", "updated_by", "creator_id", "author_id", "owner_id", "user_id",
                         "assignee_id", "reporter_id", "approver_id", "updater_id", "modified_by"})
LOOKUP_COLUMNS = frozenset({"code", "name", "label", "title", "key", "slug", "description", "value", "abbreviation",
                            "sort_order", "position", "ordering", "display_order", "short_name"})
_TENANT_TOKENS = frozenset({"tenant", "organization", "organisation", "org", "account", "workspace", "company"})


@dataclass(frozen=True)
class Incoming:
    """What references a table: (referencing table's name, foreign-key column names) per foreign key."""

    refs: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __len__(self) -> int:
        return len(self.refs)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.refs)


@dataclass(frozen=True)
class TableRoles:
    """A table's roles, with what they come from."""

    roles: frozenset[str]
    #: (role, why) for every role considered: what the inference read, the tag or setting
    evidence: tuple[tuple[str, str], ...] = ()
    #: role -> "comment" or "setting" for the roles a user added (``+``) or took away (``-``)
    overrides: tuple[tuple[str, str], ...] = ()

    def __contains__(self, role: str) -> bool:
        return role in self.roles

    def why(self, role: str) -> list[str]:
        return [text for r, text in self.evidence if r == role]

    def source(self, role: str) -> str:
        """``inferred``, ``comment`` or ``setting``: who decided whether the table has ``role``."""
        for r, src in self.overrides:
            if r.lstrip("+-") == role:
                return src
        return "inferred"


# -- structural signals ----------------------------------------------------------
#: short spellings of an update, which say one only beside a time or an actor: Knowage's time_up and
#: user_up on every table, Sakila's last_update, mod_date, upd_user (not up_votes, not update_policy)
_UPDATE_SHORT = frozenset({"up", "upd", "updt", "update", "mod"})
_UPDATE_PARTNERS = frozenset({"time", "date", "dt", "ts", "at", "on", "user", "by", "last"})


def update_columns(table: Table) -> list[str]:
    """Columns that record an update (``updated_at``, ``modified_by``, ``time_up``): rows are edited in place."""
    out = []
    for c in table.columns:
        toks = set(h.tokens(c.name))
        if h.UPDATED_TOKENS & toks or (toks & _UPDATE_SHORT and toks & _UPDATE_PARTNERS):
            out.append(c.name)
    return out


def creation_columns(table: Table) -> list[str]:
    """Timestamp columns that record when a row was written (``created_at``, ``occurred_at``)."""
    out = []
    for c in table.columns:
        toks = h.tokens(c.name)
        if CREATED_TOKENS.intersection(toks) and (h.kind(c.type) in h.DATETIMES or "at" in toks or "ts" in toks):
            out.append(c.name)
    return out


def link_columns(table: Table) -> list[str] | None:
    """The foreign-key columns of a link table (two or more foreign keys and at
    most one other column besides a one-column key), None when it is not one."""
    if not h.is_link_table(table):
        return None
    cols = {c.id: c.name for c in table.columns}
    return [cols[c] for fk in table.foreign_keys for c in fk.columns if c in cols]


def _names(items: Iterable[str], n: int = 3) -> str:
    items = list(items)
    return ", ".join(items[:n]) + (f" (+{len(items) - n})" if len(items) > n else "")


def names_tenant(table: Table, tenant_key: str) -> bool:
    """The table's name says it defines tenants (``tenants`` for ``tenant_id``, an
    ``organizations`` or ``accounts`` table)."""
    stem = tenant_key.rsplit("_", 1)[0]
    words = {h.singular(w) for w in h.tokens(table.name)}
    return stem in words or bool(words & _TENANT_TOKENS)


# -- inference ---------------------------------------------------------------------
def infer(table: Table, incoming: "Incoming | Callable[[], Incoming]" = Incoming(), tenant_key: str | None = None,
          find_table: Callable[[str | None], Table | None] | None = None,
          explain: bool = False, find_name: Callable[[str], Table | None] | None = None) -> tuple[frozenset[str], list[tuple[str, str]]]:
    """The roles of ``table`` read from its structure and name (no overrides),
    and, with ``explain``, the evidence for and against each role considered.

    ``incoming`` is what references the table (or a function that reads it,
    called only when a role needs it), ``tenant_key`` the schema's tenant
    key (None without one), ``find_table`` resolves a table id (for the tables
    this one references), ``find_name`` a table name."""
    roles: set[str] = set()
    ev: list[tuple[str, str]] = []
    say = ev.append if explain else (lambda _: None)
    words = h.tokens(table.name)
    last = h.singular(words[-1]) if words else ""
    if callable(incoming):
        read_incoming = incoming
        incoming = None

        def refs() -> Incoming:
            nonlocal incoming
            if incoming is None:
                incoming = read_incoming()
            return incoming
    else:
        refs = lambda: incoming  # noqa: E731

    # structure first
    links = link_columns(table)
    if links is not None:
        roles.add("link")
        say(("link", f"{len(table.foreign_keys)} foreign keys ({_names(links)}) and at most one other column"))
    updates = update_columns(table) if (explain or last in h._WEAK_LOG_SINGULAR) else []

    # log: append-only shape read first, the name decides
    if last in h._LOG_SINGULAR:
        roles.add("log")
        say(("log", f"the name ends in '{words[-1]}'"))
    elif last in h._WEAK_LOG_SINGULAR:
        if links is not None:
            say(("log", f"not a log: '{words[-1]}' names it, but it only links other tables"))
        elif updates:
            say(("log", f"not a log: '{words[-1]}' names it, but rows are updated ({_names(updates)})"))
        else:
            roles.add("log")
            say(("log", f"the name ends in '{words[-1]}' and no column records an update"))
    if explain and "log" in roles:
        created = creation_columns(table)
        if created:
            say(("log", f"rows record when they were written ({_names(created)})"))
        if updates:
            say(("log", f"but rows are updated ({_names(updates)})"))
        elif last in h._LOG_SINGULAR:
            say(("log", "no column records an update"))
        say(("log", "no table references it" if not refs()
             else f"referenced by {len(refs().tables)} table(s): {_names(sorted(refs().tables))}"))

    # audit: the name
    hit = [w for w in words if w in h.AUDIT_WORDS]
    if hit:
        roles.add("audit")
        say(("audit", f"the name holds '{hit[0]}'"))

    # history: a history word in the name; a version word where the rest of the name names a table this
    # one references or that exists (bike_versions beside bikes; not security_advisory_affected_versions);
    # or a table that extends the name of the one it references and dates its rows
    mine = tuple(h.singular(w) for w in words)

    def parents() -> list[Table]:
        if find_table is None:
            return []
        return [p for p in (find_table(fk.ref_table) for fk in table.foreign_keys if fk.ref_table != table.id)
                if p is not None]

    hit = [w for w in words if h.singular(w) in _STRONG_HISTORY]
    if hit:
        roles.add("history")
        say(("history", f"the name holds '{hit[0]}'"))
    elif mine and mine[-1] in _VERSION:
        stem = mine[:-1]
        subject = next((p.name for p in parents() if tuple(h.singular(w) for w in h.tokens(p.name)) == stem), None)
        if subject is None and stem and find_name is not None:
            subject = find_name("_".join(words[:-1])) or find_name("_".join(words[:-1]) + "s")
        if not stem and h.is_version_registry(table):
            say(("history", f"not history: a bare '{words[-1]}' table whose rows refer to no other row and "
                            "date nothing (a registry of version numbers, not row versions)"))
        elif not stem or subject:
            roles.add("history")
            say(("history", f"the name ends in '{words[-1]}'"
                            + (f" and the rest names {subject}" if subject else " (the schema's row versions)")))
        else:
            say(("history", f"not history: '{words[-1]}' ends the name, but no table is named "
                            f"'{'_'.join(words[:-1])}'"))
    elif len(words) > 1 and table.foreign_keys and \
            (dated := [c.name for c in table.columns if not VALIDITY_TOKENS.isdisjoint(h.tokens(c.name))]):
        for parent in parents():
            pw = tuple(h.singular(w) for w in h.tokens(parent.name))
            if pw and mine[:len(pw)] == pw and len(mine) > len(pw):
                if not update_columns(table):
                    roles.add("history")
                    say(("history", f"extends the name of {parent.name}, which it references, and records "
                                    f"{_names(dated)} without updating rows"))
                break

    # financial: the name, and a money-like column for the weak words
    if words:
        if len(words) > 1 and last == "order" and words[-2] in ("sort", "display"):
            pass
        elif last in h._FIN_SINGULAR:
            roles.add("financial")
            say(("financial", f"the name ends in '{words[-1]}'"))
        elif last in h._WEAK_FIN_SINGULAR:
            money = [c.name for c in table.columns
                     if h._MONEY.intersection(h.tokens(c.name)) and not h.NOT_MONEY_WORDS.intersection(h.tokens(c.name))]
            if money:
                roles.add("financial")
                say(("financial", f"the name ends in '{words[-1]}' and it holds money ({_names(money)})"))
            else:
                say(("financial", f"not financial: '{words[-1]}' names it but no column holds money"))

    # lookup: structure only: a tree of kinds (narrow, pointing only at itself: area_type.parent), or
    # narrow, referenced, referencing nothing, rows named by a code or a name
    fks = table.foreign_keys
    if fks and len(table.columns) <= 8 and all(fk.ref_table == table.id for fk in fks) and \
            any(c.name.lower() in LOOKUP_COLUMNS or h.last_token(c.name) in ("code", "name", "label", "key")
                for c in table.columns) and "financial" not in roles and "log" not in roles:
        roles.add("lookup")
        say(("lookup", f"a tree of kinds: {len(table.columns)} columns, named rows, pointing only at itself "
                       f"({_names(c.name for fk in fks for c in table.columns if c.id in fk.columns)})"))
    elif not table.foreign_keys and 1 < len(table.columns) <= 4 and "financial" not in roles and refs() \
            and "log" not in roles:
        named = [c for c in table.columns
                 if c.name.lower() in LOOKUP_COLUMNS or h.last_token(c.name) in ("code", "name", "label", "key")]
        if named and not any(c.name.lower() in PERSON_COLUMNS for c in table.columns):  # people are no kinds
            roles.add("lookup")
            if explain:
                keyed = [c.name for c in named if h.is_unique_column(table, c.id)
                         or table.primary_key is not None and c.id in table.primary_key.columns]
                say(("lookup", f"{len(table.columns)} columns, rows named by {(keyed or [named[0].name])[0]}"
                               + (" (unique)" if keyed else "") + ", no foreign key of its own, "
                               f"referenced by {len(refs().tables)} table(s)"))

    # person: a person noun with a person's attributes, or referenced as a person
    if last in PERSON_WORDS or (words and words[-1] == "people"):
        attrs = [c.name for c in table.columns if c.name.lower() in PERSON_COLUMNS]
        as_person = sorted({col for _, cols in refs().refs for col in cols if col.lower() in PERSON_REFS
                            or h.tokens(col)[:1] == (last,)})
        if attrs:
            roles.add("person")
            say(("person", f"the name says '{words[-1]}' and it holds {_names(attrs)}"))
        elif as_person:
            roles.add("person")
            say(("person", f"the name says '{words[-1]}' and other tables reference it as {_names(as_person)}"))

    # tenant: the table the tenant key names
    if tenant_key is not None and names_tenant(table, tenant_key):
        roles.add("tenant")
        if explain:
            keyed = sorted(name for name, cols in refs().refs if tenant_key in (c.lower() for c in cols))
            say(("tenant", f"the name names the tenants of the schema's tenant key {tenant_key}"
                           + (f"; {len(keyed)} table(s) reference it by {tenant_key}" if keyed else "")))
    return frozenset(roles), ev


# -- overrides ---------------------------------------------------------------------
def parse_roles(values: Iterable[str], where: str) -> tuple[str, ...]:
    """``["log", "-financial"]`` checked against :data:`ROLES`: ``ValueError`` names a wrong one."""
    out = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        role = v.lstrip("+-").lower()
        if role not in ROLES:
            raise ValueError(f"{where}: unknown table role {v!r} (roles: {', '.join(ROLES)}; '-role' takes one away)")
        out.append(("-" if v.startswith("-") else "") + role)
    return tuple(out)


def comment_roles(comment: str | None) -> tuple[str, ...]:
    """The roles a table's comment tags (``@tablewright:role=log,-financial``);
    unknown roles in a comment are ignored (a comment is not a config file)."""
    if not comment or "@tablewright" not in comment.lower():
        return ()
    out = []
    for m in TAG.finditer(comment):
        for v in m.group(1).split(","):
            v = v.strip()
            if v.lstrip("+-").lower() in ROLES:
                out.append(("-" if v.startswith("-") else "") + v.lstrip("+-").lower())
    return tuple(out)


class RoleOverrides:
    """The ``roles`` setting: table name patterns -> roles to add or (``-``) take away."""

    def __init__(self, setting: dict[str, Iterable[str]] | None = None, dialect: str | None = None):
        from tablewright.designer.dialects import REGISTRY

        #: the namespace an unqualified table lives in (``public``): ``public.events`` names ``events`` too
        self.default_namespace = REGISTRY[dialect].default_namespace if dialect in REGISTRY else None
        self.entries: list[tuple[re.Pattern, tuple[str, ...]]] = []
        for pattern, values in (setting or {}).items():
            self.entries.append((re.compile(fnmatch.translate(pattern.lower())), tuple(values)))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def for_table(self, table: Table) -> tuple[str, ...]:
        if not self.entries:
            return ()
        names = {table.name.lower(), table.qualified_name.lower()}
        if not table.namespace and self.default_namespace:
            names.add(f"{self.default_namespace}.{table.name}".lower())
        out: list[str] = []
        for pat, values in self.entries:
            if any(pat.fullmatch(n) for n in names):
                out.extend(values)
        return tuple(out)


def resolve(table: Table, inferred: frozenset[str], evidence: list[tuple[str, str]],
            overrides: RoleOverrides | None) -> TableRoles:
    """Inferred roles with the table's comment tag, then the setting, applied."""
    roles = set(inferred)
    applied: list[tuple[str, str]] = []
    for source, values in (("comment", comment_roles(table.comment)),
                           ("setting", overrides.for_table(table) if overrides else ())):
        for v in values:
            role = v.lstrip("+-")
            if v.startswith("-"):
                roles.discard(role)
            else:
                roles.add(role)
            applied = [a for a in applied if a[0].lstrip("+-") != role] + [(v if v.startswith("-") else "+" + role,
                                                                            source)]
    if applied:
        evidence = evidence + [(v.lstrip("+-"), ("taken away" if v.startswith("-") else "given") + f" by the {src}"
                                + (" (@tablewright:role)" if src == "comment" else " (roles)"))
                               for v, src in applied]
    return TableRoles(frozenset(roles), tuple(evidence), tuple(applied))


# -- reading them -------------------------------------------------------------------
def has_role(table: Table, role: str, ctx: "LintContext | None" = None) -> bool:
    """Whether ``table`` has ``role``: from the schema's facts when there is a
    lint context, else inferred from the table alone (name and own columns)."""
    if ctx is not None:
        return ctx.has_role(table, role)
    roles, _ = infer(table)
    roles = resolve(table, roles, [], None).roles if table.comment else roles
    return role in roles


# -- reporting -----------------------------------------------------------------------
def roles_text(rows) -> str:
    """``(table, TableRoles)`` rows as text: a line per table that has a role or
    evidence against one, its evidence indented below it."""
    out = []
    bare = 0
    for table, got in rows:
        if not got.roles and not got.evidence:
            bare += 1
            continue
        out.append(f"{table.qualified_name}: {', '.join(sorted(got.roles)) or 'no role'}")
        order = {r: i for i, r in enumerate(ROLES)}
        out += [f"    {role}: {why}" for role, why in sorted(got.evidence, key=lambda e: order.get(e[0], 99))]
    if bare:
        out.append(f"({bare} table{'s' if bare != 1 else ''} with no role and nothing to say)")
    return "\n".join(out) + "\n"


def roles_json(rows) -> str:
    import json

    return json.dumps({"roles": list(ROLES), "tables": [
        {"table": t.qualified_name, "roles": sorted(got.roles),
         "evidence": [{"role": r, "why": why} for r, why in got.evidence],
         "overrides": [{"role": r, "source": src} for r, src in got.overrides]}
        for t, got in rows]}, indent=2) + "\n"
