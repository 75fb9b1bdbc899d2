#!/usr/bin/env python3
"""Regenerate the rule reference at the top of docs/rules.md from the rules'
own documentation; the hand-written part after the marker is kept.

    .venv/bin/python scripts/rule_docs.py           # rewrite docs/rules.md
    .venv/bin/python scripts/rule_docs.py --check   # exit 1 when it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tablewright.linting.docs import rules_markdown  # noqa: E402
from tablewright.linting.rule import all_rules  # noqa: E402

DOC = ROOT / "docs" / "rules.md"
MARKER = "<!-- end of generated rule reference; hand-written notes follow -->"


def render() -> str:
    current = DOC.read_text() if DOC.exists() else ""
    notes = current.split(MARKER, 1)[1] if MARKER in current else "\n"
    return rules_markdown(all_rules()).rstrip() + "\n\n" + MARKER + notes


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text() != text:
            print("docs/rules.md is out of date: run scripts/rule_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
