"""``tablewright rules`` lists the rules; ``tablewright rule CODE`` prints one rule's documentation."""

from __future__ import annotations

import sys

from tablewright.app.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("rules", help="list the lint rules")
    p.add_argument("--category", help="only this category")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(func=run_list)
    q = sub.add_parser("rule", help="print one lint rule's documentation")
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
