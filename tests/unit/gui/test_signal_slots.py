"""A signal's arguments never land in a slot's optional parameters (issue 14, point 1).

`QPushButton.clicked` sends `checked` (False), `QAction.triggered` and `toggled` likewise,
`QComboBox.activated` an index, a view's `clicked` a model index. PySide6 passes a Python slot
as many of them as it will take, so `button.clicked.connect(self.save)` with
`def save(self, version=None)` saves with `version=False`: the young person's first Save was
refused as a conflict. The rule: a slot whose parameters have defaults (or `*args`) is
connected through a lambda that says what it passes. This test reads every module of
`yot_desktop/gui` (no Qt needed) and names each connection that breaks the rule, file:line.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GUI = ROOT / "yot_desktop" / "gui"

# Qt signals that send nothing: a slot with defaults is safe on these.
NO_ARGUMENT_SIGNALS = {
    "aboutToHide",
    "aboutToShow",
    "accepted",
    "editingFinished",
    "itemSelectionChanged",
    "modelReset",
    "pressed",
    "rejected",
    "released",
    "returnPressed",
    "timeout",
}
# Signals whose argument is a bool `checked`: a required first parameter must take a bool.
CHECKED_SIGNALS = {"clicked", "toggled", "triggered"}
# Keyword arguments of Qt constructors that connect a signal (QAction(triggered=...)).
SIGNAL_KEYWORDS = {"clicked", "toggled", "triggered", "activated"}


@dataclass(frozen=True)
class Slot:
    where: str
    node: ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Connection:
    path: Path
    line: int
    signal: str
    target: ast.expr
    scope: list[ast.AST]  # enclosing class and function nodes, outermost first


def gui_modules() -> list[Path]:
    """The gui package (without its generated forms) and app.py, the other Qt module."""
    app = GUI.parent / "app.py"
    found = [p for p in GUI.rglob("*.py") if "forms" not in p.relative_to(GUI).parts]
    return sorted([*found, app] if app.exists() else found)


@functools.cache
def parse(path: Path) -> ast.Module:
    """One tree per module, so the index and the connections share their nodes."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


class Index:
    """Every class, method and function defined in the gui package, by name."""

    def __init__(self, paths: list[Path]) -> None:
        self.classes: dict[str, list[ast.ClassDef]] = {}
        self.methods: dict[str, list[Slot]] = {}
        self.no_argument_signals: set[str] = set()
        for path in paths:
            for node in ast.walk(parse(path)):
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(node.name, []).append(node)
                    for item in node.body:
                        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                            where = f"{path.relative_to(ROOT)}:{item.lineno}"
                            self.methods.setdefault(item.name, []).append(Slot(where, item))
                        if self._is_bare_signal(item):
                            assert isinstance(item, ast.Assign)
                            for target in item.targets:
                                if isinstance(target, ast.Name):
                                    self.no_argument_signals.add(target.id)

    @staticmethod
    def _is_bare_signal(item: ast.stmt) -> bool:
        """`name = Signal()`: one of our own signals that sends nothing."""
        return (
            isinstance(item, ast.Assign)
            and isinstance(item.value, ast.Call)
            and isinstance(item.value.func, ast.Name)
            and item.value.func.id == "Signal"
            and not item.value.args
        )

    def method_of(self, cls: ast.ClassDef, name: str, seen: set[str] | None = None) -> Slot | None:
        """`self.name` inside `cls`: its own method, else one of its bases' in this package."""
        seen = seen or set()
        seen.add(cls.name)
        for item in cls.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
                return next(s for s in self.methods[name] if s.node is item)
        for base in cls.bases:
            base_name = base.id if isinstance(base, ast.Name) else None
            for base_cls in self.classes.get(base_name or "", []):
                if base_cls.name not in seen:
                    found = self.method_of(base_cls, name, seen)
                    if found is not None:
                        return found
        return None


def connections(path: Path) -> Iterator[Connection]:
    """Every `x.signal.connect(target)`, `QAction(..., triggered=target)` and
    `menu.addAction(text, target)` in one module, with the scope it is written in."""

    def visit(node: ast.AST, scope: list[ast.AST]) -> Iterator[Connection]:
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "connect"
                and isinstance(func.value, ast.Attribute)
                and node.args
            ):
                yield Connection(path, node.lineno, func.value.attr, node.args[0], scope)
            if isinstance(func, ast.Attribute) and func.attr == "addAction" and len(node.args) >= 2:
                yield Connection(path, node.lineno, "triggered", node.args[-1], scope)
            for keyword in node.keywords:
                if keyword.arg in SIGNAL_KEYWORDS:
                    yield Connection(path, node.lineno, keyword.arg, keyword.value, scope)
        inner = (
            [*scope, node]
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            else scope
        )
        for child in ast.iter_child_nodes(node):
            yield from visit(child, inner)

    yield from visit(parse(path), [])


def resolve(conn: Connection, module: ast.Module, index: Index) -> tuple[Slot | None, int]:
    """The Python function a connection calls, and how many arguments are bound already."""
    target, bound = conn.target, 0
    if (
        isinstance(target, ast.Call)
        and isinstance(target.func, ast.Name)
        and target.func.id == "partial"
        and target.args
    ):
        target, bound = target.args[0], len(target.args) - 1
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        if target.value.id == "self":
            cls = next((s for s in reversed(conn.scope) if isinstance(s, ast.ClassDef)), None)
            if cls is not None:
                return index.method_of(cls, target.attr), bound
        return None, bound
    if isinstance(target, ast.Name):
        # A function defined in an enclosing function, else at module level.
        for scope in [*reversed(conn.scope), module]:
            body = getattr(scope, "body", [])
            for item in body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    item.name == target.id
                ):
                    where = f"{conn.path.relative_to(ROOT)}:{item.lineno}"
                    return Slot(where, item), bound
    return None, bound


def problem(conn: Connection, slot: Slot, bound: int) -> str | None:
    """Why this slot would take the signal's argument wrongly, or None."""
    args = slot.node.args
    positional = [*args.posonlyargs, *args.args]
    is_method = bool(positional) and positional[0].arg in {"self", "cls"}
    params = positional[1 if is_method else 0 :][bound:]
    defaults_from = len(positional) - len(args.defaults)
    offset = len(positional) - len(params)
    optional = [p.arg for i, p in enumerate(params) if i + offset >= defaults_from]
    if optional:
        return f"parameter(s) with defaults {optional} would take the signal's argument"
    if args.vararg is not None and not args.vararg.arg.startswith("_"):
        # `*_args` says "ignore what the signal sends"; any other name means to use it.
        return f"*{args.vararg.arg} would take the signal's argument"
    if conn.signal in CHECKED_SIGNALS and params:
        annotation = params[0].annotation
        if annotation is not None and ast.unparse(annotation) not in {"bool", "object"}:
            return (
                f"its first parameter {params[0].arg}: {ast.unparse(annotation)} "
                "would take the signal's checked (a bool)"
            )
    return None


def violations() -> list[str]:
    paths = gui_modules()
    index = Index(paths)
    found: list[str] = []
    for path in paths:
        module = parse(path)
        for conn in connections(path):
            if conn.signal in NO_ARGUMENT_SIGNALS | index.no_argument_signals:
                continue
            slot, bound = resolve(conn, module, index)
            if slot is None:
                continue
            why = problem(conn, slot, bound)
            if why:
                found.append(
                    f"{path.relative_to(ROOT)}:{conn.line}: .{conn.signal} connected to "
                    f"{ast.unparse(conn.target)} (defined {slot.where}): {why}; "
                    "connect it through a lambda"
                )
    return found


def test_no_signal_argument_reaches_an_optional_parameter() -> None:
    problems = violations()
    assert not problems, "\n".join(problems)


# --- the check itself catches what it is for -------------------------------------------------


@pytest.fixture
def fake_gui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    gui = tmp_path / "yot_desktop" / "gui"
    (gui / "forms").mkdir(parents=True)
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "GUI", gui)
    return gui


BAD = """
from functools import partial
from PySide6.QtCore import Signal


class Base:
    def save(self, version=None):
        pass


class Panel(Base):
    nothing = Signal()

    def __init__(self):
        self.save_button.clicked.connect(self.save)                 # inherited default
        self.box.activated.connect(self.pick)                       # *args
        self.check.toggled.connect(self.refresh)                    # int takes checked
        self.go.clicked.connect(partial(self.move, 1))              # partial leaves a default
        self.menu.addAction("Open", self.open)                      # addAction: triggered
        self.nothing.connect(self.save)                             # fine: sends nothing
        self.edit.returnPressed.connect(self.save)                  # fine: sends nothing
        self.ok.clicked.connect(lambda: self.save())                # fine: a lambda
        self.flag.toggled.connect(self.flagged)                     # fine: takes the bool
        self.rows.currentRowChanged.connect(self.ignore)            # fine: ignores them all

        def local(row=0):
            pass

        self.list.activated.connect(local)                          # nested function

    def pick(self, *rows):
        pass

    def ignore(self, *_args):
        pass

    def refresh(self, keep: int):
        pass

    def move(self, step, again=False):
        pass

    def open(self, path=None):
        pass

    def flagged(self, checked: bool):
        pass
"""


def test_the_check_names_each_bad_connection(fake_gui: Path) -> None:
    (fake_gui / "panel.py").write_text(BAD, encoding="utf-8")
    (fake_gui / "forms" / "generated.py").write_text(
        "class F:\n    def s(self, a=1):\n        self.b.clicked.connect(self.s)\n",
        encoding="utf-8",
    )
    found = violations()
    lines = sorted(int(p.split(":")[1]) for p in found)
    source = BAD.splitlines()
    flagged = [source[n - 1].split("#")[1].strip() for n in lines]
    assert flagged == [
        "inherited default",
        "*args",
        "int takes checked",
        "partial leaves a default",
        "addAction: triggered",
        "nested function",
    ]
    assert all("yot_desktop/gui/panel.py:" in p for p in found)
