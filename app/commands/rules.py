"""``tablewright rules`` lists the rules; ``tablewright rule CODE`` prints one rule's documentation."""

from __future__ import annotations

import sys

from tablewright.app.commands.common import add_command
from tablewright.app.errors import UsageError

CATEGORIES = ("concurrency", "constraints", "data-types", "indexing", "meta", "naming", "observability", "queries",
              "scalability", "schema-design", "security")


def register(sub) -> None:
    p = add_command(sub, "rules", "list the lint rules",
                    about="One line per rule: code, name, category, severity, summary, the dialects it is "
                          "for (when not all) and whether it is off by default.",
                    examples=("tablewright rules", "tablewright rules --category security",
                              "tablewright rules --format markdown"))
    p.add_argument("--category", metavar="CATEGORY",
                   help=f"only the rules of this category ({', '.join(CATEGORIES)}; default: all)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="list format (default: text)")
    p.set_defaults(func=run_list)
    q = add_command(sub, "rule", "print one lint rule's documentation",
                    about="What the rule reports, why, an example and what to write instead; migration "
                          "rules (TMnnn) too.",
                    examples=("tablewright rule TW101", "tablewright rule missing-primary-key"))
    q.add_argument("code", metavar="CODE", help="rule code or name (TW101, missing-primary-key)")
    q.set_defaults(func=run_one)


def run_list(args) -> int:
    from tablewright.linting.docs import rules_json, rules_markdown
    from tablewright.linting.rule import all_rules

    rules = [r for r in all_rules() if not args.category or r.category == args.category]
    if args.category and not rules:
        raise UsageError(f"unknown category {args.category!r}")
    if args.format == "json":
        sys.stdout.write(rules_json(rules))
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown(rules))
    else:
        for r in rules:
            dial = "" if len(r.dialects) == 5 else f" [{', '.join(sorted(r.dialects))}]"
            off = " (off by default)" if not r.enabled_by_default else ""
            sys.stdout.write(f"{r.code}  {r.name:36s} {r.category:14s} {r.severity:8s} {r.docs()['summary']}{dial}{off}\n")
    return 0


def run_one(args) -> int:
    from tablewright.linting.docs import rule_text
    from tablewright.linting.rule import get_rule

    rule = get_rule(args.code)
    if rule is None:  # a migration rule (TMnnn) lints operations, not schemas
        from tablewright.linting.migrations.rule import migration_rules

        rule = next((r for r in migration_rules() if args.code in (r.code, r.name)), None)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r} (see: tablewright rules)")
    sys.stdout.write(rule_text(rule))
    return 0
