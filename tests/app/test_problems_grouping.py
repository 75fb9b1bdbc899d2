"""The Problems panel grouped by rule (pytest-qt, offscreen): one node per rule with its
count, the filtered findings under it, the selection and the details follow."""

from __future__ import annotations

from tablewright.app.docks.problems import FindingRole, ProblemsPanel
from tablewright.linting import Config, Engine
from tests.app.test_gui_support import screenshot
from tests.linting.lint_helpers import schema_of

DDL = """
CREATE TABLE users (id int PRIMARY KEY, email varchar(100), password varchar(50));
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id), shipped_at varchar(30));
CREATE TABLE payments (id int PRIMARY KEY, user_id int REFERENCES users (id), order_id int REFERENCES orders (id));
CREATE TABLE mail_settings (id int PRIMARY KEY, smtp_password varchar(100));
"""


def test_group_by_rule(qtbot):
    findings = Engine(Config()).run(schema_of(DDL, "postgres").schema)
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.set_findings(findings)
    assert not panel.grouped() and panel.tree.isHidden()
    panel.set_grouped(True)
    assert panel.grouped() and panel.view.isHidden() and not panel.tree.isHidden()
    groups = dict(panel.rule_groups())
    want = {}
    for f in findings:
        want[f.rule] = want.get(f.rule, 0) + 1
    assert groups == want
    assert panel.rule_groups()[0][0] in {f.rule for f in findings if f.severity == "critical"}  # worst first
    # the filters apply to the grouped view too
    for sev, button in panel.severity_buttons.items():
        button.setChecked(sev == "critical")
    crit = {f.rule for f in findings if f.severity == "critical"}
    assert {rule for rule, _ in panel.rule_groups()} == crit
    for button in panel.severity_buttons.values():
        button.setChecked(True)
    # a finding under a node shows in the details; clicking it asks the canvas to show it
    node = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, 0x0100) == "TW401")
    node.setExpanded(True)
    child = node.child(0)
    panel.tree.setCurrentItem(child)
    assert panel.details.finding is child.data(0, FindingRole)
    with qtbot.waitSignal(panel.activated) as got:
        panel._tree_clicked(child, 0)
    assert got.args[0].rule == "TW401"
    # a re-lint keeps the grouping, the expanded node and the selection
    panel.set_findings(list(findings))
    node = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, 0x0100) == "TW401")
    assert node.isExpanded() and panel.tree.currentItem().data(0, FindingRole).rule == "TW401"
    screenshot(panel, "problems-grouped.png")
    panel.set_grouped(False)
    assert not panel.view.isHidden() and panel.tree.isHidden()
    # the details follow the grouped view's selection after a re-lint too
    panel.set_grouped(True)
    panel.set_findings(list(findings))
    assert panel.details.finding is panel.tree.currentItem().data(0, FindingRole)
