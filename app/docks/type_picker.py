"""A dialect-aware column type picker: the type names the dialect knows (and
the schema's enums), with the parameters that type takes (length, precision,
scale), plus array dimensions for PostgreSQL.  ``typeChosen(DataType)`` fires
when the user changes something; the DataType is built the way the importer
builds one (sqlglot parse → ``tablewright.designer.types.from_sqlglot``), so the model
cannot tell a picked type from an imported one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget
from sqlglot import exp

from tablewright.designer.model import DataType, Schema
from tablewright.designer.sql_split import SQLGLOT_DIALECT
from tablewright.designer.types import enum_type, from_sqlglot


#: type name -> which parameters it takes: "" none, "L" length, "P" precision, "PS" precision+scale
TYPES = {
    "postgres": {
        "smallint": "", "integer": "", "bigint": "", "numeric": "PS", "real": "", "double precision": "",
        "boolean": "", "text": "", "varchar": "L", "char": "L", "date": "", "time": "P", "timestamp": "P",
        "timestamptz": "P", "interval": "", "uuid": "", "json": "", "jsonb": "", "bytea": "", "inet": "",
        "money": "",
    },
    "mysql": {
        "tinyint": "", "smallint": "", "int": "", "bigint": "", "decimal": "PS", "float": "", "double": "",
        "boolean": "", "varchar": "L", "char": "L", "text": "", "mediumtext": "", "longtext": "", "date": "",
        "datetime": "P", "timestamp": "P", "time": "P", "year": "", "json": "", "blob": "", "binary": "L",
        "varbinary": "L",
    },
    "sqlite": {"integer": "", "real": "", "numeric": "", "text": "", "blob": "", "boolean": "",
               "date": "", "datetime": "", "varchar": "L"},
    "mssql": {
        "tinyint": "", "smallint": "", "int": "", "bigint": "", "bit": "", "decimal": "PS", "numeric": "PS",
        "float": "", "real": "", "money": "", "varchar": "L", "nvarchar": "L", "char": "L", "nchar": "L",
        "date": "", "time": "P", "datetime2": "P", "datetimeoffset": "P", "uniqueidentifier": "",
        "varbinary": "L",
    },
}
TYPES["mariadb"] = TYPES["mysql"]
DEFAULT_PARAMS = {"L": (255, None), "P": (None, None), "PS": (10, 2)}


#: the largest fractional-seconds precision each dialect takes (PostgreSQL reduces
#: anything above 6 to 6 with a warning); "P" types offer 0 to this, or none
MAX_SECONDS_PRECISION = {"postgres": 6, "mysql": 6, "mariadb": 6, "mssql": 7, "sqlite": 6}
NO_PRECISION = -1  # the precision box's "default" value: no precision written


def type_text(name: str, params: str, length: int | None, precision: int | None, scale: int | None) -> str:
    if params == "L" and length:
        return f"{name}({length})"
    if params == "P" and precision is not None and precision >= 0:
        if name == "timestamptz":
            return f"timestamp({precision}) with time zone"
        return f"{name}({precision})"
    if params == "PS" and precision:
        return f"{name}({precision},{scale or 0})"
    return name


def build_type(text: str, dialect: str | None, *, array_dims: int = 0) -> DataType:
    """The model's DataType for a type written in ``dialect``."""
    read = SQLGLOT_DIALECT.get(dialect or "postgres", "postgres")
    full = text + "[]" * array_dims
    node = exp.DataType.build(full, dialect=read, udt=True)
    return from_sqlglot(node, read)


def same_type(a: DataType, b: DataType) -> bool:
    """The same type however it is spelled (``timestamptz`` / ``TIMESTAMPTZ`` /
    ``timestamp with time zone``)."""
    return replace(a, text=None) == replace(b, text=None)


class TypePicker(QWidget):
    typeChosen = Signal(object)  # DataType

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setMinimumContentsLength(14)
        self.length = QSpinBox()
        self.length.setRange(1, 1_000_000)
        self.length.setPrefix("len ")
        self.precision = QSpinBox()
        self.precision.setRange(0, 1000)
        self.precision.setPrefix("p ")
        self.scale = QSpinBox()
        self.scale.setRange(0, 1000)
        self.scale.setPrefix("s ")
        self.array = QCheckBox("[]")
        self.array.setToolTip("array (PostgreSQL)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        for w in (self.length, self.precision, self.scale, self.array):
            layout.addWidget(w)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d32f2f")
        self.error.hide()
        layout.addWidget(self.error)
        self.schema: Schema | None = None
        self.dialect = "postgres"
        self.name.activated.connect(self._name_changed)
        self.name.lineEdit().editingFinished.connect(self._name_changed)
        for spin in (self.length, self.precision, self.scale):
            spin.editingFinished.connect(self._emit)
        self.array.toggled.connect(self._emit)
        self._current: DataType | None = None

    def _types(self) -> dict[str, str]:
        return TYPES.get(self.dialect, TYPES["postgres"])

    def set_type(self, dtype: DataType, schema: Schema) -> None:
        """Show ``dtype`` (model → widget, without emitting)."""
        self.schema = schema
        self.dialect = schema.dialect or "postgres"
        self._current = dtype
        widgets = (self.name, self.length, self.precision, self.scale, self.array)
        for w in widgets:
            w.blockSignals(True)
        self.name.lineEdit().blockSignals(True)
        try:
            self.name.clear()
            names = list(self._types())
            names += [e.qualified_name for e in schema.enums if e.qualified_name not in names]
            self.name.addItems(names)
            name = self._name_of(dtype)
            self.name.setCurrentText(name)
            self.length.setValue(dtype.length or DEFAULT_PARAMS["L"][0])
            self._show_params(name, dtype)
            default = NO_PRECISION if self._types().get(name.lower(), "") == "P" else DEFAULT_PARAMS["PS"][0]
            self.precision.setValue(dtype.precision if dtype.precision is not None else default)
            self.scale.setValue(dtype.scale or 0)
            self.array.setChecked(dtype.array_dims > 0)
            self.error.hide()
        finally:
            for w in widgets:
                w.blockSignals(False)
            self.name.lineEdit().blockSignals(False)

    def _name_of(self, dtype: DataType) -> str:
        if dtype.kind == "enum" and dtype.enum:
            return dtype.enum
        text = (dtype.text or dtype.kind).strip()
        base = text.split("(")[0].split("[")[0].strip().lower()
        if dtype.kind == "timestamptz" or base == "timestamptz" or (
                base.startswith("timestamp") and "with time zone" in text.lower()):
            return "timestamptz"
        if base.startswith("timestamp") and base in self._types():
            return base
        if base.startswith("timestamp"):
            return "timestamp"
        return base or dtype.kind

    def _show_params(self, name: str, dtype: DataType | None = None) -> None:
        params = self._types().get(name.lower(), "")
        self.precision.blockSignals(True)
        if params == "P":  # fractional seconds: none (the dialect's default) or 0..max
            self.precision.setRange(NO_PRECISION, MAX_SECONDS_PRECISION.get(self.dialect, 6))
            self.precision.setSpecialValueText("p default")
        else:
            self.precision.setRange(0, 1000)
            self.precision.setSpecialValueText("")
        self.precision.blockSignals(False)
        self.length.setVisible(params == "L")
        self.precision.setVisible(params in ("P", "PS"))
        self.scale.setVisible(params == "PS")
        self.array.setVisible(self.dialect == "postgres")

    def _name_changed(self) -> None:
        name = self.name.currentText()
        previous = self._name_of(self._current) if self._current is not None else None
        self._show_params(name)
        params = self._types().get(name.strip().lower(), "")
        if params == "P" and (previous is None or self._types().get(previous.lower(), "") != "P"):
            # a time type chosen after a numeric one: no precision (the dialect's
            # default), never the numeric's 10 (PostgreSQL cuts that to 6 with a warning)
            self.precision.blockSignals(True)
            self.precision.setValue(NO_PRECISION)
            self.precision.blockSignals(False)
        self._emit()

    def chosen(self) -> DataType:
        """The DataType the widgets describe (raises ValueError if it does not parse)."""
        name = self.name.currentText().strip()
        if not name:
            raise ValueError("type name is empty")
        if self.schema is not None:
            enum = next((e for e in self.schema.enums if e.qualified_name == name), None)
            if enum is not None:
                return enum_type(DataType("enum", text=name, array_dims=int(self.array.isChecked())), enum)
        params = self._types().get(name.lower(), "")
        text = type_text(name, params, self.length.value(), self.precision.value(), self.scale.value())
        try:
            return build_type(text, self.dialect, array_dims=int(self.array.isChecked() and self.dialect == "postgres"))
        except Exception as exc:
            raise ValueError(f"not a type in {self.dialect}: {text}") from exc

    def _emit(self, *_args) -> None:
        try:
            dtype = self.chosen()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        if self._current is not None and same_type(dtype, self._current):
            return  # focus-out with nothing changed: no edit (the spelling may differ)
        self._current = dtype
        self.typeChosen.emit(dtype)
