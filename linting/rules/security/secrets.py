"""TW601 plaintext-secret, TW602 card-number, TW606 short-hash-column."""

from __future__ import annotations

from tablewright.designer.model import Column
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

SECRET_NAMES = frozenset({"api_key", "apikey", "refresh_token", "reset_token", "access_token", "auth_token",
                          "private_key", "client_secret", "secret_key", "session_token", "otp_secret", "totp_secret"})
NOT_CREDENTIAL_TABLES = frozenset({"ngram", "ngrams", "nametoken", "search", "lock", "locks", "fngrams"})
HASH_TOKENS = frozenset({"hash", "hashed", "digest"})
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"}) | h.GLUED_PASSWORDS
PASSWORDISH = PASSWORD_WORDS | {"secret", "pin"}
SECRET_TRIGGERS = h.SECRET_WORDS | frozenset(t for n in SECRET_NAMES for t in h.tokens(n)) | {"pass", "value"}
#: who logs in with a row's ``pass``: the word alone is no password (a first pass, a boarding pass)
_LOGIN_NAMES = frozenset({"user", "username", "login", "email", "account"})


def short_pass(table, column) -> bool:
    """A password named ``pass`` (LibreTime's cc_subjs.pass beside login, cc_show.live_stream_pass beside
    live_stream_user): the name ends in ``pass`` and the row names who logs in with it."""
    t = h.tokens(column.name)
    if not t or t[-1].lower() != "pass" or h.kind(column.type) not in h.STRINGS:
        return False
    stem = t[:-1]
    for other in table.columns:
        o = [w.lower() for w in h.tokens(other.name)]
        if other is not column and o and o[-1] in _LOGIN_NAMES and [w.lower() for w in o[:-1]] == [w.lower() for w in stem]:
            return True
    return False


def plaintext_secret(column: Column) -> bool:
    k = h.kind(column.type)
    if k not in h.STRINGS and k != "bytea":
        return False
    name = column.name.lower()
    t = set(h.tokens(column.name))
    if t & h.SECRET_SAFE_WORDS or name.endswith(("_hash", "_digest", "_encrypted", "_enc")):
        return False
    joined = "_".join(h.tokens(column.name))
    if joined in SECRET_NAMES or any(joined.endswith("_" + s) for s in SECRET_NAMES):
        return True
    return bool(t & h.SECRET_WORDS)


def card_number(column: Column) -> bool:
    """A column named for a card's number that can hold one (13 to 19 digits:
    text long enough, or a 64-bit or wide decimal number); not a card's issue
    number (Maestro's one or two digits) or its last four."""
    joined = "_".join(h.tokens(column.name))
    t = h.tokens(column.name)
    if joined in h.CARD_NAMES:
        named = True
    else:
        named = ("card" in t or "cc" in t) and t[-1] in ("number", "num", "no", "pan")
    if not named or "last" in t or "issue" in t:
        return False
    return holds_digits(column, 13)


def holds_digits(column: Column, digits: int) -> bool:
    """Whether the column's type can hold a number of ``digits`` digits."""
    k = h.kind(column.type)
    if k in h.STRINGS:
        return column.type.length is None or column.type.length >= digits
    if k in h.INTEGERS:
        return k in h.INT64 and digits <= 19  # 32-bit integers hold ten digits
    if k in h.DECIMALS:
        p = column.type.precision
        return p is None or p - (column.type.scale or 0) >= digits
    return False


#: what PCI DSS forbids keeping after authorisation at all, even encrypted: the card's
#: verification code and its magnetic-stripe/chip track data
_CARD_VERIFICATION = frozenset({"cvv", "cvv2", "cvc", "cvc2", "cid", "csc"})
#: what a gateway answers about the check (cvc_check = 'pass', cvv_result_code = 'M'), not the code
_ABOUT_THE_CHECK = frozenset({"check", "checked", "result", "response", "status", "match", "message", "verified",
                              "provided", "present", "indicator"})


def card_verification(column: Column) -> bool:
    """A card's verification code or track data (``cc_verification_value``,
    ``cvv``, ``cc_track_data``)."""
    t = h.tokens(column.name)
    if not t or h.kind(column.type) not in h.STRINGS | h.INTEGERS or set(t) & _ABOUT_THE_CHECK:
        return False
    card = "card" in t or "cc" in t
    return (bool(set(t) & (_CARD_VERIFICATION - {"cid"})) or card and "cid" in t
            or card and "verification" in t or card and "track" in t)


def short_hash(column: Column) -> bool:
    t = set(h.tokens(column.name))
    if not (t & HASH_TOKENS and t & PASSWORDISH):
        return False
    k = h.kind(column.type)
    n = column.type.length
    if k in ("varchar", "char") and n is not None and n < 60:
        return True
    return k == "bytea" and n is not None and n < 32


#: credentials that work as they are read: whoever reads the column can use them
#: one-time or low-value tokens (confirmation, reset, invitation links): they expire, and frameworks
#: differ on whether they digest them (Devise digests reset_password_token)
ONE_TIME = frozenset({"confirmation", "confirm", "reset", "magic", "link", "invite", "invitation", "verification",
                      "verify", "unsubscribe", "email", "recovery", "retrieval", "remember", "newsletter", "candidate",
                      "activation", "unlock", "public", "feed", "calendar", "rss", "ical", "share", "board"})
#: words that make a "token"/"secret" column something else (crypto tokens, OAuth metadata)
NOT_A_SECRET = frozenset({"address", "wallet", "endpoint", "endpoints", "alg", "algorithm", "methods", "symbol",
                          "decimals", "contract", "supply", "ticker", "auth_methods", "question", "answer_hint",
                          # an idempotency key names a request so a retry is not done twice: sent as a header, no
                          # credential (Flexprice's refunds.gateway_idempotency_token, FRESH48)
                          "idempotency", "idempotent"})
#: the lengths of fast password hashes: hex digests (MD5, SHA-1, SHA-256, SHA-512) and crypt(3)'s
#: DES and MD5 forms (TheyWorkForYou's users.password varchar(34): crypt() with a $1$ salt)
DIGEST_LENGTHS = {32: "a hex MD5 digest", 40: "a hex SHA-1 digest", 64: "a hex SHA-256 digest",
                  128: "a hex SHA-512 digest", 13: "a DES crypt() hash", 34: "an MD5-crypt ($1$) hash"}
#: what makes a password column a one-time value (a reset or confirmation code), not the password
PASSWORD_ONE_TIME = frozenset({"reset", "recovery", "retrieval", "confirmation", "activation", "unlock", "magic",
                               "verification"})
#: tables of accounts, and of sign-ups waiting to become one (Friendica's and Hubzilla's register)
ACCOUNT_TABLES = frozenset({"account", "user", "login", "credential", "register", "registration", "signup"})
#: what a password is used with: someone to log in as, somewhere to log in to
_LOGIN_SIBLINGS = frozenset({"user", "username", "login", "email", "account", "host", "hostname", "server", "url",
                             "uri", "port", "dsn", "endpoint", "smtp", "ldap", "imap", "ftp", "proxy", "bind",
                             "principal", "dn", "uid"})
ACCOUNT_WORDS = frozenset({"email", "username", "user_name", "login", "name", "mail", "last_login_at"})
#: sibling words that say where a row's password is sent (a server to log in to, an API to call)
_DESTINATION_WORDS = frozenset({"host", "hostname", "server", "url", "uri", "port", "dsn", "endpoint", "api"})
#: protocols a password is replayed to, and archives it opens: the application must use it again, so
#: it cannot be hashed; only encryption keeps it from whoever reads the table
OUTBOUND_WORDS = frozenset({"snmp", "ipmi", "ldap", "bind", "http", "https", "ftp", "sftp", "ftps", "smtp", "imap",
                            "pop", "pop3", "ssl", "tls", "replication", "proxy", "vpn", "radius", "ssh", "sip",
                            "xmpp", "jdbc", "mqtt", "amqp", "bmc", "wifi", "backup"})


def column_prefix(table) -> str | None:
    """The short token most of the table's columns start with, when the schema
    prefixes column names with the table's abbreviation (Glewlwyd's
    ``g_client.gc_password``, MediaWiki's ``user.user_password``): the name
    without it is what the column is (``password``)."""
    firsts = [h.tokens(c.name)[0].lower() for c in table.columns if len(h.tokens(c.name)) > 1]
    if len(table.columns) < 3 or not firsts:
        return None
    top = max(set(firsts), key=firsts.count)
    return top if len(top) <= 4 and 3 * firsts.count(top) >= 2 * len(table.columns) else None


def unprefixed(name: str, prefix: str | None) -> list[str]:
    t = h.tokens(name)
    return t[1:] if prefix and len(t) > 1 and t[0].lower() == prefix else t


def access_code(table, words: list[str], joined_siblings: set[str]) -> bool:
    """The password of the table's own object (``room_password`` in a room table) where the table
    holds no people and names nothing to log in as or to: the access code of the row (Openfire's
    ofMucRoom.roomPassword), shared with whoever may enter and shown again to its owners; not an
    account's password nor an outbound credential (``integrations.password``)."""
    table_toks = {h.singular(w.lower()) for w in h.tokens(table.name)}
    if len(words) != 2 or h.singular(words[0].lower()) not in table_toks:
        return False
    people = bool(table_toks & {"account", "user", "login", "credential", "member", "customer", "staff"}) \
        or bool(joined_siblings & {"email", "username", "user_name", "login", "mail"})
    return not people and not _LOGIN_SIBLINGS & {w for c in joined_siblings for w in c.split("_")}


def sibling_names(table, column, prefix: str | None) -> set[str]:
    """The other columns' names, without the table's column prefix, words joined by ``_``."""
    return {"_".join(unprefixed(c.name, prefix)).lower() for c in table.columns if c is not column}


def secret_severity(table, column) -> str | None:
    """How sure a plaintext_secret column is a usable credential kept readable:
    critical for a password the application must send to another system (it
    cannot be hashed) and for an OAuth refresh token; medium for every other
    password, token, key or secret, whose storage (a hash, the application's
    encryption, or as issued) the DDL does not show; None when the column is
    not a secret at all."""
    prefix = column_prefix(table)
    t = unprefixed(column.name, prefix)
    own = h.tokens(table.name)
    if len(t) == 2 and own and t[1].lower() in PASSWORD_WORDS \
            and h.singular(t[0].lower()) == h.singular(own[-1].lower()):
        t = t[1:]  # users.user_password is users.password (Ambari: a salted SHA-256 hash in varchar(255))
    words = set(t)
    if words & NOT_A_SECRET or words & _IDENTIFIER_WORDS or h.kind(column.type) == "uuid":
        return None  # (nova's block_device_mapping.encryption_secret_uuid: the key manager's id of the secret)
    if h.kind(column.type) in h.BINARIES:
        return "medium"  # bytes, not text: most often ciphertext (Tuleap's sodium-encrypted tokens); verify
    stem = "_".join(t).lower()
    joined_siblings = sibling_names(table, column, prefix)
    if any(n.startswith(stem) and set(n[len(stem):].strip("_").split("_")) & {"salt", "hash", "digest", "hashed"}
           for n in joined_siblings):
        return None  # passwordStrong next to passwordStrongSalt: a salted hash
    if not words & PASSWORD_WORDS and "salt" in joined_siblings and not any(
            set(n.split("_")) & (h.SECRET_WORDS | PASSWORD_WORDS | HASH_TOKENS | {"crypted", "pass"}) for n in joined_siblings):
        # a token beside the row's salt, the row's only secret, is kept as its salted hash (Medusa's api_key.token
        # beside salt and redacted); where the row has a password too the salt is the password's (Sorcery's
        # crypted_password and salt beside its plain remember_me_token)
        return None
    if words & {"token", "secret"} and (words | set(h.tokens(table.name))) & ONE_TIME:
        # (newsletter_tokens.token: a confirmation link's token; Ampache's share.secret: the token of a
        # share link its owner hands out, also in the link itself: hashing it would break the link)
        return "medium"
    if any(n.startswith(("encrypted_", "crypted_", "hashed_")) and n.split("_", 1)[1] == stem for n in joined_siblings):
        return "medium"  # a legacy clear column beside its encrypted copy: make sure it is emptied
    if words & PASSWORD_WORDS and words & PASSWORD_ONE_TIME:
        return "medium"  # channel.channel_passwd_reset: a reset code, one-time, like reset_token
    if words & PASSWORD_WORDS:
        if outbound(h.tokens(column.name)):  # the whole name: smtp_password in a table of smtp_* columns
            return "critical"  # snmp_password, ldap_bind_password: replayed to another system, kept readable
        return "critical" if destination_stem(table, column) else "medium"
    if stem == "refresh_token" or stem.endswith("_refresh_token"):
        return "critical"  # a long-lived bearer credential that mints access tokens
    # any other token, key or secret: the application may hash it (Devise, Fortify), encrypt it
    # (Laravel's encrypter, Rails' encrypted columns) or keep it as issued; the DDL cannot tell
    return "medium"


#: text types of a fixed width: a column sized for a digest, not for whatever hash fits
_FIXED_WIDTH = frozenset({"char", "bpchar", "character", "nchar"})
#: what names where a row's connection goes (``email_box_host`` beside ``email_box_pass``)
_HOST_WORDS = frozenset({"host", "hostname", "server", "url", "uri", "endpoint", "dsn"})
#: a reference to a secret kept elsewhere (a key manager's secret by its UUID), not the secret
_IDENTIFIER_WORDS = frozenset({"uuid", "guid"})
#: tables whose rows are each one credential: the row's bare ``key`` or ``value`` is the credential
_CREDENTIAL_ROWS = frozenset({"token", "apikey", "secret", "credential"})


def destination_stem(table, column) -> str | None:
    """The sibling naming the host a password is sent to, by the password's own name: the columns
    that share its stem (``email_box_host``, ``email_box_port``, ``email_box_user`` beside
    ``email_box_pass``) are one outbound connection's settings, the password the one the application
    logs in with there.  A bare ``password`` beside a ``host`` (Pterodactyl's database_hosts, Airflow's
    connection, encrypted by the application as often as not) has no stem and is not one."""
    prefix = column_prefix(table)  # (playSMS's cfg_password beside cfg_url: the table's prefix, no stem)
    t = [w.lower() for w in unprefixed(column.name, prefix)]
    if len(t) < 2 or not (t[-1] in PASSWORD_WORDS or t[-1] == "pass") or set(t) & PASSWORD_ONE_TIME:
        return None
    stem = t[:-1]
    for other in table.columns:
        o = [w.lower() for w in unprefixed(other.name, prefix)]
        if other is not column and len(o) == len(stem) + 1 and o[:-1] == stem and o[-1] in _HOST_WORDS:
            return other.name
    return None


def credential_value(table, column) -> bool:
    """The bare ``key`` or ``value`` of a table whose rows are credentials (Django REST framework's
    ``authtoken_token.key``, an ``api_keys.value``): the row's secret under a name of no secret word."""
    t = [w.lower() for w in h.tokens(table.name)]
    if column.name.lower() not in ("key", "value") or h.kind(column.type) not in h.STRINGS or not t:
        return False
    last = h.singular(t[-1])
    return last in _CREDENTIAL_ROWS or len(t) > 1 and (t[-2], last) == ("api", "key")


def outbound(words: list[str]) -> bool:
    """A password the application must send somewhere, so it is kept readable: its name names the
    protocol or the archive it opens (``snmp_password``, ``ldap_bind_password``, ``backup_password``).
    Not a password beside a host or a URL: such rows were as often encrypted by the application
    (Pterodactyl's database_hosts, Harbor's replication_target) and a users table has a URL too."""
    return bool({w.lower() for w in words} & OUTBOUND_WORDS)


@register
class PlaintextSecret(Rule):
    """A password, token or key stored readable.

    ## What it does
    Reports text columns named like secrets (`password`, `passwd`, `secret`,
    `token`, `api_key`, `refresh_token`, `reset_token`, `otp`, ...) unless
    the name says they are hashed, digested or encrypted (`*_hash`,
    `*_digest`, `*_encrypted`) or they are metadata (`*_expires_at`,
    `*_type`, `tokenPHID`, ...).  Search-index and lock tables, whose
    "tokens" are words and lock handles, are exempt.

    Also the bare `key` or `value` of a table whose rows are credentials
    (Django REST framework's `authtoken_token.key`, `api_keys.value`), at
    medium.  Not a reference to a secret kept elsewhere (`*_secret_uuid`, a
    `uuid` column), nor a token beside its row's `salt` where the row holds
    no password (Medusa's `api_key`: token, salt, redacted).

    Critical where the DDL shows the secret is kept readable: a password the
    application must send to another system, named for the protocol or the
    archive it opens (`snmp_password`, `ldap_bind_password`,
    `backup_password`) or sharing its name with the row's host
    (`email_box_pass` beside `email_box_host`, `source_password` beside
    `source_server`: one outbound connection's settings), which a hash
    cannot serve; and an OAuth refresh token.  A bare `password` beside a
    `host` is not taken for outbound (often encrypted by the application),
    nor a table's column prefix for a connection's name.  Every other password,
    token, key or secret is medium, asking to check: the application may
    hash it (Devise, Fortify, phpass), encrypt it (Laravel's encrypter,
    Rails' encrypted columns) or keep it as issued, and the DDL does not
    show which.  A login password column of exactly a fast hash's length
    (32 or 40 characters: hex MD5, SHA-1; 13 or 34: crypt()'s DES and MD5
    forms; 64 or 128, hex SHA-256 and SHA-512, only in a fixed-width
    `char`, since a `varchar(128)` has room for bcrypt and holds Django's
    `pbkdf2_sha256$iterations$salt$hash`) says so.  On 59 real application
    schemas nobody had read, a strict reviewer signed 54 of 87 findings at
    high or critical (62%) under the older rule that judged every name; the
    outbound passwords were right 21 times of 21.

    ## Why is this bad?
    Anyone with read access (a backup, a replica, a support tool, an SQL
    injection) gets working credentials for every user.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, password varchar(100));
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, password_hash text NOT NULL);  -- argon2id / bcrypt
    ```
    """

    code = "TW601"
    name = "plaintext-secret"
    category = "security"
    severity = "critical"
    triggers = SECRET_TRIGGERS

    def check_column(self, table, c, ctx):
        short = short_pass(table, c)
        value = not short and credential_value(table, c)
        if not (short or value or plaintext_secret(c)) or NOT_CREDENTIAL_TABLES.intersection(h.tokens(table.name)):
            return None  # (word tokens of a search index and lock tokens are not credentials)
        severity = "medium" if short or value else secret_severity(table, c)
        if severity is None:
            return None
        password = short or bool(set(h.tokens(c.name)) & PASSWORD_WORDS)
        where = f"{table.name}.{c.name}"
        host = destination_stem(table, c) if password else None
        if short and host:
            severity = "critical"  # helpdesk_queue.email_box_pass beside email_box_host
        if severity == "critical" and host:
            return self.finding(table, f"{where} looks like a password kept readable to log in to another system "
                                       f"(the row says where: {host}): it cannot be hashed, since the application "
                                       "must send it; encrypt it, or keep it in a secrets store",
                                column=c, severity=severity)
        if value:
            return self.finding(table, f"{where} may hold the credential of a {table.name} row readable (the "
                                       "table's rows are credentials, this column their value): check that it is "
                                       "hashed or encrypted", column=c, severity=severity)
        if severity == "critical" and password:
            return self.finding(table, f"{where} looks like a password kept readable to log in to another system "
                                       "(its name says where): it cannot be hashed, since the application "
                                       "must send it; encrypt it, or keep it in a secrets store",
                                column=c, severity=severity)
        if severity == "critical":
            return self.finding(table, f"{where} looks like a secret stored readable; store a hash or encrypt it",
                                column=c, severity=severity)
        if not password:
            return self.finding(table, f"{where} may hold a secret readable (a token or key whose storage the DDL "
                                       "does not show): check that it is hashed or encrypted",
                                column=c, severity=severity)
        prefix = column_prefix(table)
        words, siblings = unprefixed(c.name, prefix), sibling_names(table, c, prefix)
        if access_code(table, words, siblings):
            return self.finding(table, f"{where} holds the access code of a {table.name} row readable: shared "
                                       "with whoever may enter, it is a weaker secret than an account's; encrypt it "
                                       "if owners must see it again, hash it if not", column=c, severity=severity)
        table_toks = {h.singular(w) for w in h.tokens(table.name)}
        own = h.tokens(table.name)
        if len(words) == 2 and own and h.singular(words[0].lower()) == h.singular(own[-1].lower()):
            words = words[1:]  # users.user_password is users.password
        account = len(words) == 1 and (bool(siblings & ACCOUNT_WORDS) or bool(table_toks & ACCOUNT_TABLES))
        if account and not table_toks & ACCOUNT_TABLES and any(set(n.split("_")) & _DESTINATION_WORDS for n in siblings):
            # its row says where it is sent (CiviCRM's payment processor: url_site, url_api; its mail settings:
            # server, port): perhaps a credential the application logs in with elsewhere, which no hash keeps
            return self.finding(table, f"{where} holds a password beside where it is used ("
                                       f"{', '.join(sorted(n for n in siblings if set(n.split('_')) & _DESTINATION_WORDS)[:3])}"
                                       "): if the application logs in there with it, it cannot be hashed -- encrypt it "
                                       "or keep it in a secrets store; if people log in with it, store a slow salted "
                                       "hash", column=c, severity=severity)
        if account and c.type.length in DIGEST_LENGTHS and (c.type.length < 60 or h.kind(c.type) in _FIXED_WIDTH):
            # a varchar of 64 or 128 has room for bcrypt (60) and for Django's "pbkdf2_sha256$iterations$salt$hash"
            # in varchar(128): its length says nothing; a fixed-width char of a digest's length does
            return self.finding(table, f"{where} holds the login password in exactly {c.type.length} characters, "
                                       f"{DIGEST_LENGTHS[c.type.length]}'s length: if it is that, it is a fast hash "
                                       "cracked offline (a salted key-derivation in hex has the same length); store a "
                                       "slow salted hash (bcrypt, argon2)", column=c, severity=severity)
        if account and c.type.length is not None and c.type.length < 60:
            return self.finding(table, f"{where} holds the login password in {c.type.length} characters, too short "
                                       "for a slow salted hash (bcrypt needs 60): the password itself or a fast "
                                       "hash; store a slow salted hash (bcrypt, argon2)", column=c, severity=severity)
        if account:
            return self.finding(table, f"{where} holds the login password: make sure it stores a slow salted hash "
                                       "(bcrypt, argon2), never the password", column=c, severity=severity)
        return self.finding(table, f"{where} holds a password the DDL does not say how it is stored: hash it with a "
                                   "slow salted hash if people log in with it, encrypt it if the application must "
                                   "send it somewhere", column=c, severity=severity)


@register
class CardNumber(Rule):
    """Payment card numbers stored.

    ## What it does
    Reports columns named `card_number`, `cc_number`, `pan` and the like
    that can hold a card number (13 to 19 digits; `*_last4`, a card's issue
    number and tokens are fine), and columns that keep a card's verification
    code or track data (`cvv`, `cc_verification_value`, `cc_track_data`;
    not a gateway's answer about the check, `cvc_check`).

    ## Why is this bad?
    Storing primary account numbers puts the whole system in PCI DSS scope;
    a leak is a reportable breach.  Payment providers return tokens so you
    never have to.

    ## Example
    ```sql
    CREATE TABLE payment_method (card_number varchar(19));
    ```

    ## Use instead
    ```sql
    CREATE TABLE payment_method (provider_token text NOT NULL, card_last4 char(4));
    ```
    """

    code = "TW602"
    name = "card-number"
    category = "security"
    severity = "critical"
    triggers = frozenset({"card", "cc", "pan", "cardnumber", "ccnumber", "cvv", "cvv2", "cvc", "cvc2", "csc"})

    def check_column(self, table, c, ctx):
        if card_number(c):
            if not any(h.has_money_column(t) for t in ctx.schema.tables):
                # EJBCA's userdata.cardnumber: the number of a smart card the certificate is issued for, public
                # by design; a payment card comes with money somewhere in the schema
                return self.finding(table, f"{table.name}.{c.name} may store payment card numbers (nothing in the "
                                           "schema holds money, so it may be another card's number: an ID or smart "
                                           "card); if it is a payment card, store a token instead", column=c,
                                    severity="medium")
            return self.finding(table, f"{table.name}.{c.name} stores payment card numbers", column=c)
        if card_verification(c):
            return self.finding(table, f"{table.name}.{c.name} stores card verification data (the CVV or the "
                                       "track data), which PCI DSS forbids keeping after authorisation, even "
                                       "encrypted", column=c)
        return None


@register
class ShortHashColumn(Rule):
    """A password hash column too short for a modern hash.

    ## What it does
    Reports password/secret hash columns shorter than 60 characters (bcrypt's
    length; argon2 needs more) or 32 bytes.

    ## Why is this bad?
    32 characters means MD5 or a truncated hash: crackable in seconds on a
    GPU.  Even if the code is fixed, the column refuses the real hash.

    Medium: a short "hash" column is as often a reset token's digest or a
    checksum as a password's (ISPConfig's `lost_password_hash` holds a reset
    token), and what it holds is the application's to say.

    ## Example
    ```sql
    CREATE TABLE users (password_hash varchar(32));
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (password_hash varchar(255) NOT NULL);  -- argon2id / bcrypt
    ```
    """

    code = "TW606"
    name = "short-hash-column"
    category = "security"
    severity = "medium"
    triggers = frozenset({"hash", "hashed", "digest"})

    def check_column(self, table, c, ctx):
        if short_hash(c):
            return self.finding(table, f"{table.name}.{c.name} ({c.type}) is too short for a modern password hash",
                                column=c)
        return None
