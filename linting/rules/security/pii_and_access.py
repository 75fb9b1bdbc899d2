"""TW603 pii-column, TW604 tenant-table-without-rls, TW605 credentials-in-ddl."""

from __future__ import annotations

from tablewright.designer.model import Column, RawObject
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

#: words of a national or official identity number: ``ssn_num``, ``nic_num``, ``passport_no``, ``driving_license``
NATIONAL_ID_WORDS = frozenset({"ssn", "nic", "passport", "national", "driving", "driver", "drivers", "license",
                               "licence", "sin", "nino", "legal"})
PII_TRIGGERS = (frozenset({"email", "phone", "mobile"} | {t for n in h.PII_NAMES for t in h.tokens(n)})
                | NATIONAL_ID_WORDS) - {"id", "date", "of", "name", "user", "number", "line", "1", "2"}
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr", "id", "code"})


def national_id(words: tuple[str, ...]) -> bool:
    """A national or official identity number by its words: ``ssn``, ``ssn_num``, ``nic_num``,
    ``passport_number``, ``driving_license`` (not ``license_key``, not ``national_holiday``)."""
    t = set(words)
    if "ssn" in t or "nino" in t:
        return True
    if words and words[-1] in _NUMBER_WORDS | {"identifier"} and t & {"nic", "passport", "national", "sin", "legal"}:
        return True  # (CiviCRM's legal_identifier: a person's SSN or an organisation's EIN/TIN)
    return bool(t & {"driving", "driver", "drivers"}) and bool(t & {"license", "licence"})


def pii_kind(column: Column) -> str | None:
    name = column.name.lower()
    what = h.PII_NAMES.get(name)
    if what is None:
        if not PII_TRIGGERS.intersection(h.tokens(column.name)):
            return None
        what = h.PII_NAMES.get("_".join(h.tokens(column.name)))
    if what is None:
        t = h.tokens(column.name)
        if "email" in t and t[-1] in ("email", "address"):
            what = "email address"
        elif ("phone" in t or "mobile" in t) and t[-1] in ("phone", "number", "mobile"):
            what = "phone number"
        elif national_id(t):
            what = "national id"
    if what is None:
        return None
    k = h.kind(column.type)
    if h.is_yes_no(column.type) or k in h.SMALLINT or (k in h.DATETIMES and what != "birth date"):
        return None  # a flag or a code (CiviCRM's do_not_email tinyint): nothing personal fits in two bytes
    if k in h.INTEGERS and what in ("email address", "name", "postal address", "user agent"):
        return None  # no address or name is a number: a count, a flag or a key (email_count, address_id)
    if what == "national id" and (k in h.INTEGERS or k == "uuid"):
        return None  # tax_id as an integer or a uuid: a reference to a tax rate or a tax record, not a number issued to a person
    return what


#: what a table of network things is named for, and what its columns say: its ``address`` is a MAC or IP
#: address of a machine (Ironic's ports.address, a NIC's MAC), no one's postal address
NETWORK_WORDS = frozenset({"port", "portgroup", "interface", "nic", "vif", "vnic", "network", "subnet", "switch",
                           "router", "gateway", "bridge", "vlan", "lease", "mac", "ip", "ipv4", "ipv6", "dhcp", "arp"})
_NETWORK_TYPES = frozenset({"inet", "cidr", "macaddr", "macaddr8"})


def network_address(table, column: Column) -> bool:
    """An ``address`` of a machine on a network: typed so (inet, macaddr), or in a table named for
    network things, or beside columns that are (``mac``, ``vlan``, ``mtu``, ``subnet``)."""
    if h.kind(column.type) in _NETWORK_TYPES:
        return True
    if {h.singular(w.lower()) for w in h.tokens(table.name)} & NETWORK_WORDS:
        return True
    siblings = {w.lower() for c in table.columns if c is not column for w in h.tokens(c.name)}
    return len(siblings & (NETWORK_WORDS | {"mtu", "netmask", "hwaddr"})) >= 2


def credentials_in(raw: RawObject) -> bool:
    """A statement that carries a password in clear: ``PASSWORD 'x'`` (CREATE
    USER/ROLE in PostgreSQL, SQL Server), ``IDENTIFIED BY 'x'`` (MySQL, Oracle),
    read from sqlglot's tokens (a string literal, not inside a comment)."""
    text = (raw.sql or "").lower()
    if "password" not in text and "identified" not in text:
        return False  # most raw statements are functions and triggers: not worth tokenizing
    from sqlglot.tokens import TokenType  # here: a lint of a cached parse need not import sqlglot

    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(raw.sql, raw.dialect) or []
    for i, t in enumerate(tokens[:-1]):
        word = t.text.upper()
        if word == "PASSWORD":  # PASSWORD 'x', or SQL Server's PASSWORD = N'x'
            nxt = tokens[i + 2] if tokens[i + 1].token_type == TokenType.EQ and i + 2 < len(tokens) else tokens[i + 1]
        elif word == "IDENTIFIED" and i + 2 < len(tokens) and tokens[i + 1].text.upper() == "BY":
            nxt = tokens[i + 2]
        else:
            continue
        if nxt.token_type in (TokenType.STRING, TokenType.NATIONAL_STRING) and nxt.text:
            return True
    return False


@register
class PiiColumn(Rule):
    """A column holding personal data (inventory).

    ## What it does
    Lists columns with personal data: email, phone, birth date, postal
    address, national ids, IP address, user agent, names.  A hint for the
    review report's PII inventory, not a defect.  An `address` of a machine
    (typed `inet` or `macaddr`, in a table named for network things, or
    beside `mac`, `vlan`, `mtu` columns) is no postal address.

    ## Why is this bad?
    Personal data needs a retention period, access control, and often
    encryption or pseudonymisation; erasure requests must find every copy.

    ## Example
    ```sql
    CREATE TABLE signup (email text, ip_address inet, user_agent text);
    ```

    ## Use instead
    ```sql
    -- document retention; restrict access; consider encrypting or hashing where exact values are not needed
    ```
    """

    code = "TW603"
    name = "pii-column"
    category = "security"
    severity = "low"
    triggers = PII_TRIGGERS

    def check_column(self, table, c, ctx):
        what = pii_kind(c)
        if what == "postal address" and network_address(table, c):
            return None
        if what:
            return self.finding(table, f"{table.name}.{c.name} holds personal data ({what}): plan retention, "
                                       "access and encryption", column=c)
        return None


@register
class TenantTableWithoutRls(Rule):
    """A multi-tenant PostgreSQL table without row-level security.

    ## What it does
    In a PostgreSQL schema that uses row-level security on some tables and
    carries a tenant key on most, reports tenant-keyed tables where RLS is
    not enabled.

    ## Why is this bad?
    Tenant isolation then depends on every query remembering its
    `WHERE tenant_id = ...`; one forgotten filter leaks another customer's
    data.

    ## Example
    ```sql
    -- customer already uses row-level security; invoice, also tenant data, does not
    CREATE TABLE tenant (id bigint PRIMARY KEY);
    CREATE TABLE customer (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    CREATE TABLE product (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    CREATE TABLE invoice (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    ALTER TABLE customer ENABLE ROW LEVEL SECURITY;
    ALTER TABLE product ENABLE ROW LEVEL SECURITY;
    ```

    ## Use instead
    ```sql
    CREATE TABLE tenant (id bigint PRIMARY KEY);
    CREATE TABLE customer (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    CREATE TABLE product (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    CREATE TABLE invoice (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenant);
    ALTER TABLE customer ENABLE ROW LEVEL SECURITY;
    ALTER TABLE product ENABLE ROW LEVEL SECURITY;
    ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON invoice
        USING (tenant_id = current_setting('app.tenant_id')::bigint);
    ```
    """

    code = "TW604"
    name = "tenant-table-without-rls"
    category = "security"
    severity = "medium"
    dialects = frozenset({"postgres"})
    scope = "schema"
    facts = ("tenant", "table_kinds")

    def applies(self, ctx):
        return ctx.tenant_key is not None and ctx.index.uses_rls()

    def check_table(self, table, ctx):
        key = ctx.tenant_key
        if key is None or table.options.row_level_security or table.column_named(key) is None:
            return None
        if not ctx.index.uses_rls():
            return None
        return [self.finding(table, f"{table.qualified_name} holds tenant data ({key}) but row-level security is off")]


@register
class CredentialsInDdl(Rule):
    """A password written in the DDL.

    ## What it does
    Reports statements kept verbatim in the model (`CREATE USER`,
    `CREATE LOGIN`, `ALTER ROLE`, `GRANT … IDENTIFIED BY`, ...) that contain a
    literal password.

    ## Why is this bad?
    The schema file is committed, shared and pasted into tickets; the
    password is now known to everyone who ever read it, and every database
    made from the file unchanged has it.  High, not critical: on the labelled
    schemas every such password was an install script's default or a
    template's placeholder (FreeRADIUS's header says to change `radpass`
    first), a known password to change before production rather than a
    leaked secret of a running system.

    ## Example
    ```sql
    CREATE USER app WITH PASSWORD 'hunter2';
    ```

    ## Use instead
    ```sql
    CREATE USER app;  -- set the password out of band, from a secret store
    ```
    """

    code = "TW605"
    name = "credentials-in-ddl"
    category = "security"
    severity = "high"
    facts = ("raw",)

    def check_schema(self, ctx):
        return [self.finding(None, f"{raw.kind} statement contains a literal password: every database made from this "
                             "file unchanged has it (set it out of band, from a secret store)", location=raw.location,
                             kind="schema", key=raw.id)
                for raw in ctx.schema.raw if credentials_in(raw)]
