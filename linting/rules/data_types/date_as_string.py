"""TW207 date-as-string."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

DATE_SUFFIXES = frozenset({"at", "on", "date"})
NOT_DATES = frozenset({"format", "fmt", "type", "id", "by", "str", "text", "string", "range", "mode", "label", "flag",
                       "is", "has", "turned", "switched", "log", "logged", "click", "clicked", "click_on", "based",
                       "depends", "add"})


#: words before ``_on`` that name an event without ending in -ed (born_on, due_on, starts_on)
_EVENT_ON = frozenset({"born", "due", "paid", "sent", "done", "held", "made", "begun", "taken", "given", "written",
                       "seen", "shown", "run", "set", "won", "lost", "left", "starts", "ends", "expires", "effective",
                       "renews", "occurs", "start", "end", "begin", "expire", "birth", "death"})


def on_a_date(word: str) -> bool:
    """Whether ``<word>_on`` reads as the day something happened: a past
    participle (``created_on``, ``submitted_on``) or an event word
    (``born_on``, ``due_on``); not a preposition after a noun or a verb
    (``match_on``, ``based_on``, ``turned_on``, ``click_on``)."""
    word = word.lower()
    return word in _EVENT_ON or word.endswith("ed") and word not in _NOT_EVENTS


#: -ed words before ``_on`` that say what something is based on or switched to, not when
_NOT_EVENTS = frozenset({"based", "turned", "switched", "keyed", "focused", "centered"})


def moment_beside(table: Table, column: Column) -> bool:
    """Whether ``<words>_on`` has a date/time sibling of the same words
    (``launched_at``, ``launched_date``, ``launched_time``): the moment is
    kept there, so the ``_on`` column says where or on what it happened --
    nova's ``instances.launched_on`` is the host beside ``launched_at``."""
    words = h.tokens(column.name)[:-1]
    return any(other is not column and h.kind(other.type) in h.DATETIMES
               and h.tokens(other.name) in {words + (suffix,) for suffix in ("at", "date", "time")}
               for other in table.columns)


def date_as_string(column: Column, dialect: str | None, table: Table | None = None) -> bool:
    k = h.kind(column.type)
    if k not in h.STRINGS and k not in h.INTEGERS:
        return False
    if k in ("tinyint", "bit") or h.is_yes_no(column.type):
        return False  # no date fits in a byte: a flag about the date (CiviCRM's adjust_recur_start_date)
    t = h.tokens(column.name)
    if len(t) < 2 or t[-1] not in DATE_SUFFIXES or set(t[:-1]) & NOT_DATES:
        return False
    if t[-1] == "on" and not on_a_date(t[-2]):
        return False
    if t[-1] == "on" and table is not None and h.is_string(column.type) and moment_beside(table, column):
        return False  # the moment is in its sibling: this one is where it happened
    k = h.kind(column.type)
    if k in h.STRINGS and not column.type.array_dims:
        return True
    if k in h.INTEGERS and not column.type.array_dims:
        return dialect != "sqlite"  # SQLite has no date type: integers and text are its idiom
    return False


@register
class DateAsString(Rule):
    """A date or time stored as text or as a number.

    ## What it does
    Reports `*_at`, `*_on` and `*_date` columns typed as strings or integers
    (integers are SQLite's idiom and are not reported there).  A text
    `<words>_on` beside a date/time `<words>_at` (or `_date`, `_time`) is not
    reported: the moment is kept there, and the text says where it happened
    (a host's name in `launched_on` beside `launched_at`).

    ## Why is this bad?
    Nothing validates the value (`'2024-02-30'`, `'yesterday'`), sorting and
    range queries depend on the format, date arithmetic needs parsing, and
    time zones are a guess.

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, shipped_at varchar(30));
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, shipped_at timestamptz);
    ```
    """

    code = "TW207"
    name = "date-as-string"
    category = "data-types"
    # medium: a name ending in _date/_at/_on says what the value is about, not that it is compared
    # or sorted as a date; a text column may hold a display string kept as given (Icinga's
    # program_date, the release date a monitoring core reports).  Two findings at high in 46
    # labelled schemas, one of them wrong.
    severity = "medium"
    triggers = DATE_SUFFIXES
    convention = True

    def convention_holds(self, ctx, findings):
        """Dates as integers (Unix epochs) across many tables: the schema's convention."""
        if len(findings) < 5 or len({f.table_id for f in findings}) < 3:
            return False
        ints = 0
        for f in findings:
            t = ctx.table(f.table_id)
            c = t.column_named(f.column) if t is not None else None
            ints += c is not None and h.kind(c.type) in h.INTEGERS
        return 2 * ints > len(findings)

    def convention_summary(self, ctx, findings):
        return ("dates and times are stored as integers (Unix epochs) throughout the schema: consistent, "
                "but range queries, time zones and validation are left to the application")

    def check_column(self, table, c, ctx):
        if date_as_string(c, ctx.dialect, table):
            # an integer epoch orders, compares and carries no zone ambiguity: a
            # weaker claim than text, though both are medium now (see severity)
            if h.kind(c.type) in h.INTEGERS:
                return self.finding(table, f"{table.name}.{c.name} holds a date/time as a number ({c.type}): "
                                           "readable only through the application's conversion", column=c,
                                    severity="medium")
            return self.finding(table, f"{table.name}.{c.name} holds a date/time but is {c.type}", column=c)
        return None
