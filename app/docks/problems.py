"""The Problems panel: every finding with its severity icon, rule, object and
message; filters by severity, category and text; double-click selects the
object on the canvas.  Beside the list, the selected finding explained: the
rule's documentation (what it checks, why it matters, an example and what to
write instead), where the finding comes from, and its fix — the SQL that does
it and an *Apply fix* button (Ctrl+.) that makes it one undoable edit.

``ProblemsModel`` keeps one row per finding id and updates in place: rows
whose finding is gone are removed, changed ones are refreshed, new ones
appended — so the view keeps its selection and scroll position while live
linting runs.  Sorting and filtering happen in ``ProblemsFilter`` (a
``QSortFilterProxyModel``).  *Group by rule* shows the same (filtered)
findings as a tree instead: one node per rule, with its count and most
severe finding, the findings under it."""

from __future__ import annotations


from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt,
                            Signal)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QSplitter, QTableView, QTextBrowser, QToolButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from tablewright.app.theme import severity_icon
from tablewright.linting.findings import CATEGORIES, SEVERITIES, SEVERITY_RANK, Finding
from tablewright.linting.rule import get_rule

COLUMNS = ("Severity", "Rule", "Object", "Message", "Category")
SEV, RULE, OBJ, MSG, CAT = range(5)
FindingRole = Qt.UserRole + 1
SortRole = Qt.UserRole + 2


def object_text(f: Finding) -> str:
    if f.table is None:
        if f.query is not None and f.location is not None:  # a query finding: where the query is
            return f"{(f.location.path or '').replace(chr(92), '/').rsplit('/', 1)[-1]}:{f.location.line}"
        return "(schema)"
    return f"{f.table}.{f.column}" if f.column else f.table


def sort_value(f: Finding, col: int):
    """What column ``col`` sorts by (``SortRole``)."""
    if col == SEV:
        return -SEVERITY_RANK.get(f.severity, 0)
    return (f.severity, f.rule, object_text(f), f.message, f.category)[col].lower()


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Finding] = []
        self._row_of: dict[str, int] = {}

    # -- updating in place ---------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        new: dict[str, Finding] = {}
        for f in findings:
            new.setdefault(f.id, f)
        # 1. remove the rows whose finding is gone, in contiguous blocks from the end
        gone = [i for i, f in enumerate(self._rows) if f.id not in new]
        while gone:
            last = gone.pop()
            first = last
            while gone and gone[-1] == first - 1:
                first = gone.pop()
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        # 2. refresh the rows that stay
        changed_rows = []
        for i, f in enumerate(self._rows):
            g = new.pop(f.id)
            if g is not f:
                if (g.severity, g.message, g.category, g.fix) != (f.severity, f.message, f.category, f.fix):
                    changed_rows.append(i)
                self._rows[i] = g
        if changed_rows:
            self.dataChanged.emit(self.index(min(changed_rows), 0),
                                  self.index(max(changed_rows), len(COLUMNS) - 1))
        # 3. append the new ones
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(new.values())
            self.endInsertRows()
        self._row_of = {f.id: i for i, f in enumerate(self._rows)}

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def findings(self) -> list[Finding]:
        return list(self._rows)

    def row_of(self, finding_id: str) -> int | None:
        return self._row_of.get(finding_id)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        f = self._rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return (f.severity, f.rule, object_text(f), f.message, f.category)[col]
        if role == Qt.DecorationRole and col == SEV:
            return severity_icon(f.severity)
        if role == Qt.ToolTipRole:
            tip = f"{f.rule} {f.name}: {f.message}"
            if f.fix is not None:
                tip += f"\nFix: {f.fix.title}"
            if f.location is not None:
                tip += f"\n{f.location}"
            if f.query:
                tip += "\n\n" + f.query[:600]
            return tip
        if role == FindingRole:
            return f
        if role == SortRole:
            return sort_value(f, col)
        return None


class ProblemsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.severities: set[str] = set(SEVERITIES)
        self.category: str | None = None
        self.text = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_filter(self, *, severities=None, category=..., text=None) -> None:
        self.beginFilterChange()
        if severities is not None:
            self.severities = set(severities)
        if category is not ...:
            self.category = category or None
        if text is not None:
            self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        f = self.sourceModel().finding(row)
        if f.severity not in self.severities:
            return False
        if self.category and f.category != self.category:
            return False
        if self.text:
            hay = f"{f.rule} {f.name} {object_text(f)} {f.message}".lower()
            return all(word in hay for word in self.text.split())
        return True

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        # the findings straight from the source model: two QModelIndex.data()
        # round trips through Qt per comparison made inserting rows slow
        source = self.sourceModel()
        fa, fb = source.finding(left.row()), source.finding(right.row())
        col = left.column()
        a, b = sort_value(fa, col), sort_value(fb, col)
        if a == b:  # ties: most severe first, then object, then rule (stable order)
            return (-SEVERITY_RANK[fa.severity], object_text(fa), fa.rule, fa.id) < \
                (-SEVERITY_RANK[fb.severity], object_text(fb), fb.rule, fb.id)
        return a < b


def explanation_markdown(f: Finding, fix_sql: str | None = None) -> str:
    """The selected finding explained, as Markdown: what was found and where,
    the rule's documentation, and the fix (its SQL when ``fix_sql`` is given)."""
    out = [f"**{f.rule} {f.name}** · {f.category} · {f.severity}", "", _escape_md(f.message), ""]
    if f.location is not None:
        out += [f"From `{f.location}`", ""]
    if f.query:
        out += ["**Query:**", "", "```sql", f.query.rstrip(), "```", ""]
    if f.fix is not None:
        out += [f"**Fix:** {_escape_md(f.fix.title)}", ""]
        if fix_sql:
            out += ["```sql", fix_sql.rstrip(), "```", ""]
    rule = get_rule(f.rule)
    docs = rule.docs() if rule is not None else {}
    for title in ("Why is this bad?", "What it does", "Example", "Use instead"):
        body = docs.get(title)
        if body:
            out += [f"#### {title}", "", body, ""]
    return "\n".join(out)


def _escape_md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


class FindingDetails(QWidget):
    """The selected finding explained, with its fix (see :func:`explanation_markdown`).
    ``fixRequested(finding)`` when *Apply fix* is pressed.

    The fix's SQL is rendered by the migrations renderer when first asked for;
    with ``jobs`` (a :class:`~app.workers.JobRunner`) that happens off the GUI
    thread and the text follows when it is ready."""

    fixRequested = Signal(object)  # Finding

    def __init__(self, parent=None, jobs=None):
        super().__init__(parent)
        self.jobs = jobs
        self.finding: Finding | None = None
        self.sql: str | None = None  # the shown finding's fix SQL, once rendered
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setPlaceholderText("Select a problem to see why it matters and how to fix it.")
        self.apply_button = QPushButton("Apply fix")
        self.apply_button.setToolTip("Apply the fix as one undoable edit (Ctrl+.)")
        self.apply_button.clicked.connect(self._apply)
        self.copy_button = QPushButton("Copy SQL")
        self.copy_button.setToolTip("Copy the SQL that does the fix")
        self.copy_button.clicked.connect(self._copy)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.show_finding(None)

    def show_finding(self, f: Finding | None) -> None:
        self.finding = f
        self.sql = None
        self.apply_button.setEnabled(f is not None and f.fix is not None and f.fix.edit is not None)
        self.copy_button.setEnabled(False)
        if f is None:
            self.text.clear()
            return
        if f.fix is None:
            self.text.setMarkdown(explanation_markdown(f))
            return
        if self.jobs is None:
            self._sql_ready(f, f.fix.sql)
            return
        self.text.setMarkdown(explanation_markdown(f, "-- rendering the SQL…"))
        fix = f.fix
        self.jobs.start("fix-sql", lambda: fix.sql, on_done=lambda sql, f=f: self._sql_ready(f, sql),
                        on_error=lambda _exc, f=f: self._sql_ready(f, None))

    def _sql_ready(self, f: Finding, sql: str | None) -> None:
        if f is not self.finding:
            return  # another finding was selected meanwhile
        self.sql = sql
        self.text.setMarkdown(explanation_markdown(f, sql))
        self.copy_button.setEnabled(bool(sql))

    def _apply(self) -> None:
        f = self.finding
        if f is not None and f.fix is not None and f.fix.edit is not None:
            self.fixRequested.emit(f)

    def _copy(self) -> None:
        if self.sql:
            QGuiApplication.clipboard().setText(self.sql)


class ProblemsPanel(QWidget):
    """The dock's widget.  ``activated(table_id, column_id_or_None)`` on double-click;
    ``contextRequested(finding, global_pos)`` for the fix menu."""

    activated = Signal(object)  # Finding
    contextRequested = Signal(object, object)  # Finding, QPoint
    fixRequested = Signal(object)  # Finding: apply its fix

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.proxy = ProblemsFilter(self)
        self.proxy.setSourceModel(self.model)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 0)
        self.severity_buttons: dict[str, QToolButton] = {}
        for sev in SEVERITIES:
            b = QToolButton()
            b.setCheckable(True)
            b.setChecked(True)
            b.setIcon(severity_icon(sev))
            b.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
            b.setText(f"{sev} 0")
            b.setToolTip(f"Show {sev} findings")
            b.toggled.connect(self._severity_toggled)
            self.severity_buttons[sev] = b
            bar.addWidget(b)
        self.category = QComboBox()
        self.category.addItem("All categories", None)
        for c in CATEGORIES:
            self.category.addItem(c, c)
        self.category.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(category=self.category.currentData()))
        bar.addWidget(self.category)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter problems…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        bar.addWidget(self.search, 1)
        self.group_button = QToolButton()
        self.group_button.setText("Group by rule")
        self.group_button.setCheckable(True)
        self.group_button.setToolTip("One node per rule, with its count, the findings under it")
        self.group_button.toggled.connect(self.set_grouped)
        bar.addWidget(self.group_button)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(SEV, Qt.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MSG, QHeaderView.Stretch)
        for col, width in ((SEV, 90), (RULE, 70), (OBJ, 200), (CAT, 110)):
            self.view.setColumnWidth(col, width)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.clicked.connect(self._double_clicked)  # one click shows it on the canvas
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context)

        self.details = FindingDetails()
        self.details.fixRequested.connect(self.fixRequested)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._current_changed)
        self.tree = QTreeWidget()  # the grouped view (hidden until Group by rule)
        self.tree.setHeaderLabels(["Rule / object", "Message"])
        self.tree.setColumnWidth(0, 320)
        self.tree.setUniformRowHeights(True)
        self.tree.hide()
        self.tree.currentItemChanged.connect(
            lambda item, _prev: self.details.show_finding(item.data(0, FindingRole) if item else None))
        self.tree.itemClicked.connect(self._tree_clicked)
        self.proxy.layoutChanged.connect(self._rebuild_tree)
        self.proxy.rowsInserted.connect(self._rebuild_tree)
        self.proxy.rowsRemoved.connect(self._rebuild_tree)
        self.proxy.modelReset.connect(self._rebuild_tree)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.view)
        self.split.addWidget(self.tree)
        self.split.addWidget(self.details)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(True)
        fix_key = QShortcut(QKeySequence("Ctrl+."), self)
        fix_key.setContext(Qt.WidgetWithChildrenShortcut)
        fix_key.activated.connect(self.details._apply)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.split, 1)

    def set_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        self._refresh_details()
        counts = {s: 0 for s in SEVERITIES}
        for f in findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        for sev, b in self.severity_buttons.items():
            b.setText(f"{sev} {counts[sev]}")

    # -- grouped by rule -------------------------------------------------------------
    def set_grouped(self, on: bool) -> None:
        if self.group_button.isChecked() != on:
            self.group_button.setChecked(on)  # comes back here through toggled
            return
        self.view.setVisible(not on)
        self.tree.setVisible(on)
        self._rebuild_tree()

    def grouped(self) -> bool:
        return self.group_button.isChecked()

    def _rebuild_tree(self, *_args) -> None:
        if not self.group_button.isChecked():
            return
        current = self.tree.currentItem()
        keep = current.data(0, FindingRole) if current is not None else None
        expanded = {self.tree.topLevelItem(i).data(0, Qt.UserRole)
                    for i in range(self.tree.topLevelItemCount()) if self.tree.topLevelItem(i).isExpanded()}
        groups: dict[str, list[Finding]] = {}
        for f in self.visible_findings():
            groups.setdefault(f.rule, []).append(f)
        order = sorted(groups, key=lambda r: (-max(SEVERITY_RANK[f.severity] for f in groups[r]), -len(groups[r]), r))
        self.tree.clear()
        select = None
        for rule in order:
            fs = groups[rule]
            worst = max(fs, key=lambda f: SEVERITY_RANK[f.severity])
            node = QTreeWidgetItem([f"{rule} {worst.name} ({len(fs)})", worst.message])
            node.setIcon(0, severity_icon(worst.severity))
            node.setData(0, Qt.UserRole, rule)
            node.setToolTip(0, f"{len(fs)} finding{'s' if len(fs) != 1 else ''}, most severe: {worst.severity}")
            for f in fs:
                child = QTreeWidgetItem([object_text(f), f.message])
                child.setIcon(0, severity_icon(f.severity))
                child.setData(0, FindingRole, f)
                node.addChild(child)
                if keep is not None and f.id == keep.id:
                    select = child
            self.tree.addTopLevelItem(node)
            node.setExpanded(rule in expanded)
        if select is not None:
            self.tree.setCurrentItem(select)

    def rule_groups(self) -> list[tuple[str, int]]:
        """The grouped view's nodes: (rule code, how many findings)."""
        return [(self.tree.topLevelItem(i).data(0, Qt.UserRole), self.tree.topLevelItem(i).childCount())
                for i in range(self.tree.topLevelItemCount())]

    def _tree_clicked(self, item: QTreeWidgetItem, _col: int) -> None:
        f = item.data(0, FindingRole)
        if f is not None:
            self.activated.emit(f)

    def visible_findings(self) -> list[Finding]:
        return [self.proxy.index(r, 0).data(FindingRole) for r in range(self.proxy.rowCount())]

    def selected_findings(self) -> list[Finding]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(FindingRole) for r in sorted(rows)]

    def select_finding(self, finding_id: str) -> bool:
        row = self.model.row_of(finding_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def current_finding(self) -> Finding | None:
        """The finding the details are about: the current row's when it is
        selected.  Qt moves the current row to a neighbour when its row goes
        (a fix or an undo took the finding away) or keeps it on a row Ctrl+click
        deselected: neither is a finding the user chose."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return index.data(FindingRole)

    def _current_changed(self, _current=None, _previous=None) -> None:
        f = self.current_finding()
        if f is not self.details.finding:
            self.details.show_finding(f)

    def _refresh_details(self) -> None:
        """After a re-lint: the current row's finding may be new (or gone)."""
        if self.grouped():
            item = self.tree.currentItem()
            f = item.data(0, FindingRole) if item is not None else None
            if f is not self.details.finding:
                self.details.show_finding(f)
            return
        f = self.current_finding()
        if f is not self.details.finding:
            self.details.show_finding(f)

    def _severity_toggled(self) -> None:
        self.proxy.set_filter(severities=[s for s, b in self.severity_buttons.items() if b.isChecked()])

    def _double_clicked(self, index: QModelIndex) -> None:
        f = index.data(FindingRole)
        if f is not None:
            self.activated.emit(f)

    def _context(self, pos) -> None:
        index = self.view.indexAt(pos)
        f = index.data(FindingRole) if index.isValid() else None
        if f is not None:
            self.contextRequested.emit(f, self.view.viewport().mapToGlobal(pos))
