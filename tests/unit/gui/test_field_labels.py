"""Every message names a field by the label the user sees (issue 14, point 6).

A `FieldProblem`'s field is shown in front of its message ("• Session date: ...", and
"field: message" on the command line). Messages once read "when: ..." and "marked_at: ...".
This test reads every module of `yot_desktop` (no Qt, no database) and collects each field name
a `FieldProblem` can be given: the literal at the call, the literal passed for a parameter that
becomes a field (`check_date_of_birth(..., field="date of birth")`, followed through helpers and
their defaults), local names and loops over literal tables. Each must be a readable label: no
underscores, no command-line option, not a bare code word. The CSV import modules report
`row N: column: message` with the CSV's own column names (INTERFACES.md): there, a documented
column name is the right field.

Services speak the form's words in every message, not only in a `FieldProblem`'s field: a
refusal reads "Crime reference: there is no referral ..." and the command line prints it as
"--referral: ..." (cli/common.py, OPTION_OF_FIELD; issue 13, point 5). No text in services/ or
demo/ names a command-line option.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "yot_desktop"

# The import formats of INTERFACES.md: the column names are what the person reads in the file.
CSV_MODULES = {"yot_desktop/domain/referral_csv.py", "yot_desktop/domain/attendance_csv.py"}
CSV_COLUMNS = {
    *[
        "crime_reference",
        "referral_date",
        "scheme",
        "referring_officer",
        "officer_email",
        "first_name",
    ],
    *[
        "last_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "address_line_1",
        "address_line_2",
        "town",
    ],
    *[
        "postcode",
        "parent_name",
        "parent_relationship",
        "parent_phone",
        "parent_email",
        "offence_date",
    ],
    *["offence_location", "substance", "quantity", "unit", "supply_suspected", "notes"],
    *["session_date", "attendance", "reason", "evidence_received"],
}
# Words that name a variable, not anything on screen.
BARE_WORDS = {
    "code",
    "count",
    "format",
    "index",
    "keep",
    "label",
    "method",
    "minutes",
    "note",
    "record",
    "to",
    "unexplained",
    "value",
    "when",
}
LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '’/,.-]*$")
PLACEHOLDER = "N"  # a formatted value inside an f-string label ("threshold {i} unit")

# Field names made while the program runs: why each is right, or the test that checks it.
CHECKED_WHEN_RUN = {
    "yot_desktop/domain/crafft.py": "test_crafft_fields_are_labels",
    "yot_desktop/domain/scheme.py": "test_scheme_fields_are_labels",
    "yot_desktop/letters/templates.py": "a letter template's placeholder, as the template "
    "editor shows it ({worker_phone}): the person edits exactly that name",
    "yot_desktop/services/letters/templates.py": "a problem in a letter template's wording "
    "names the key the person edits in the template's text (title, section, labels), "
    "else 'wording'",
}


@dataclass(frozen=True)
class Label:
    text: str  # the field name, PLACEHOLDER for formatted parts
    where: str  # file:line of the literal


@dataclass(frozen=True)
class Unknown:
    expr: str
    where: str


def modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if "forms" not in p.parts and "migrations" not in p.parts
    )


@functools.cache
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


Func = ast.FunctionDef | ast.AsyncFunctionDef


def enclosing(node: ast.AST, up: dict[ast.AST, ast.AST]) -> Func | None:
    while node in up:
        node = up[node]
        if isinstance(node, Func):
            return node
    return None


def params(func: Func) -> list[ast.arg]:
    """Positional parameters without self/cls, then keyword-only ones."""
    positional = [*func.args.posonlyargs, *func.args.args]
    if positional and positional[0].arg in {"self", "cls"}:
        positional = positional[1:]
    return [*positional, *func.args.kwonlyargs]


def default_of(func: Func, name: str) -> ast.expr | None:
    positional = [*func.args.posonlyargs, *func.args.args]
    first_default = len(positional) - len(func.args.defaults)
    for i, arg in enumerate(positional):
        if arg.arg == name and i >= first_default:
            return func.args.defaults[i - first_default]
    for arg, default in zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True):
        if arg.arg == name:
            return default
    return None


def field_argument(call: ast.Call, func_params: list[str], name: str) -> ast.expr | None:
    """The expression a call passes for parameter `name`."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    index = func_params.index(name)
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[index]
    return None


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def module_constant(module: ast.Module, name: str) -> ast.expr | None:
    for item in module.body:
        if isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return item.value
    return None


def loop_values(loop: ast.For, name: str, module: ast.Module) -> list[ast.expr] | None:
    """The values `name` takes in `for name in (...)` or `for name, label in TABLE`."""
    source = loop.iter
    if isinstance(source, ast.Name):
        source = module_constant(module, source.id) or source
    if isinstance(source, ast.Dict):
        items: list[ast.expr] = [k for k in source.keys if k is not None]
    elif isinstance(source, ast.Tuple | ast.List | ast.Set):
        items = list(source.elts)
    else:
        return None
    if isinstance(loop.target, ast.Name) and loop.target.id == name:
        return items
    if isinstance(loop.target, ast.Tuple):
        position = [
            i for i, t in enumerate(loop.target.elts) if isinstance(t, ast.Name) and t.id == name
        ]
        if position and all(isinstance(i, ast.Tuple) for i in items):
            return [i.elts[position[0]] for i in items if isinstance(i, ast.Tuple)]
    return None


class Collector:
    def __init__(self) -> None:
        self.labels: list[Label] = []
        self.unknown: list[Unknown] = []
        self.trees = {path: parse(path) for path in modules()}
        self.ups = {path: parents(tree) for path, tree in self.trees.items()}
        self.home: dict[Func, Path] = {}
        self.imports: dict[Path, set[tuple[str, str]]] = {}
        for path, tree in self.trees.items():
            self.imports[path] = {
                (node.module or "", alias.name)
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
                for alias in node.names
            }
            for node in ast.walk(tree):
                if isinstance(node, Func):
                    self.home[node] = path

    def run(self) -> None:
        sites: list[tuple[Path, ast.expr]] = []
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and called_name(node) == "FieldProblem":
                    arg = node.args[0] if node.args else None
                    for keyword in node.keywords:
                        if keyword.arg == "field":
                            arg = keyword.value
                    if arg is not None:
                        sites.append((path, arg))
        seen_params: set[tuple[Func, str]] = set()
        while sites:
            path, expr = sites.pop()
            for param in self.evaluate(path, expr):
                if param in seen_params:
                    continue
                seen_params.add(param)
                sites.extend(self.arguments_for(*param))

    def is_method(self, func: Func) -> bool:
        return isinstance(self.ups[self.home[func]].get(func), ast.ClassDef)

    def may_call(self, path: Path, call: ast.Call, func: Func) -> bool:
        """Whether this call can be a call of `func`: a method by attribute, a function by
        name in its own module or in one that imports it."""
        if called_name(call) != func.name:
            return False
        if isinstance(call.func, ast.Attribute):
            return self.is_method(func)
        if self.is_method(func):
            return False
        home = self.home[func]
        if path == home:
            return True
        module = ".".join(home.relative_to(ROOT).with_suffix("").parts)
        top_level = isinstance(self.ups[home].get(func), ast.Module)
        return top_level and (module, func.name) in self.imports[path]

    def arguments_for(self, func: Func, param: str) -> Iterator[tuple[Path, ast.expr]]:
        """The default and every argument passed for a parameter that becomes a field."""
        default = default_of(func, param)
        if default is not None:
            yield self.home[func], default
        names = [p.arg for p in params(func)]
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and self.may_call(path, node, func):
                    arg = field_argument(node, names, param)
                    if arg is not None:
                        yield path, arg

    def evaluate(self, path: Path, expr: ast.expr) -> list[tuple[Func, str]]:
        """Record the labels `expr` can be; return (function, parameter) pairs to follow."""
        where = f"{rel(path)}:{expr.lineno}"
        if isinstance(expr, ast.Constant) and expr.value == "":
            return []  # "no field": the message stands alone
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.labels.append(Label(expr.value, where))
            return []
        if isinstance(expr, ast.Constant) and expr.value is None:
            return []  # an optional field left out
        if isinstance(expr, ast.IfExp):
            return self.evaluate(path, expr.body) + self.evaluate(path, expr.orelse)
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id == "field_label"
            and len(expr.args) == 1
            and isinstance(expr.args[0], ast.Constant)
        ):  # a scheme field's label, "Team that runs it (team)": the domain's own table
            from yot_desktop.domain.scheme import field_label

            self.labels.append(Label(field_label(str(expr.args[0].value)), where))
            return []
        if isinstance(expr, ast.JoinedStr):
            text = "".join(
                v.value if isinstance(v, ast.Constant) else PLACEHOLDER for v in expr.values
            )
            self.labels.append(Label(text, where))
            return []
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "replace"
            and all(isinstance(a, ast.Constant) for a in expr.args)
        ):
            before = len(self.labels)
            follow = self.evaluate(path, expr.func.value)
            old, new = (a.value for a in expr.args if isinstance(a, ast.Constant))
            for i in range(before, len(self.labels)):
                label = self.labels[i]
                self.labels[i] = Label(label.text.replace(old, new), label.where)
            return follow
        if isinstance(expr, ast.Name):
            func = enclosing(expr, self.ups[path])
            if func is not None and expr.id in [p.arg for p in params(func)]:
                return [(func, expr.id)]
            values = self.local_values(path, func, expr.id)
            if values is not None:
                follow: list[tuple[Func, str]] = []
                for value in values:
                    follow += self.evaluate(path, value)
                return follow
        self.unknown.append(Unknown(ast.unparse(expr), where))
        return []

    def local_values(self, path: Path, func: Func | None, name: str) -> list[ast.expr] | None:
        """What a local name was set to, in the function (or module) it is used in."""
        scope: ast.AST = func if func is not None else self.trees[path]
        values: list[ast.expr] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                values.append(node.value)
            elif isinstance(node, ast.For):
                looped = loop_values(node, name, self.trees[path])
                if looped is not None:
                    values.extend(looped)
            elif isinstance(node, ast.comprehension):
                looped = self.comprehension_values(path, func, node, name)
                if looped is not None:
                    values.extend(looped)
        return values or None

    def comprehension_values(
        self, path: Path, func: Func | None, node: ast.comprehension, name: str
    ) -> list[ast.expr] | None:
        """`for n in TABLE` in a comprehension; or `for field, value, limit in checks` where
        `checks` is the function's `*checks`: the tuples its callers pass."""
        loop = ast.For(target=node.target, iter=node.iter, body=[], orelse=[])
        looped = loop_values(loop, name, self.trees[path])
        if looped is not None:
            return looped
        vararg = func.args.vararg if func is not None else None
        if (
            func is None
            or vararg is None
            or not isinstance(node.iter, ast.Name)
            or node.iter.id != vararg.arg
            or not isinstance(node.target, ast.Tuple)
        ):
            return None
        position = [
            i for i, t in enumerate(node.target.elts) if isinstance(t, ast.Name) and t.id == name
        ]
        if not position:
            return None
        values: list[ast.expr] = []
        for other, tree in self.trees.items():
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and self.may_call(other, call, func):
                    for arg in call.args:
                        if isinstance(arg, ast.Tuple):
                            values.append(arg.elts[position[0]])
                        else:
                            self.unknown.append(
                                Unknown(ast.unparse(arg), f"{rel(other)}:{arg.lineno}")
                            )
        return values


@functools.cache
def collected() -> Collector:
    collector = Collector()
    collector.run()
    return collector


def wrong(label: Label) -> str | None:
    """Why a label is not one a person can read, or None."""
    file = label.where.rsplit(":", 1)[0]
    text = label.text.strip()
    if file in CSV_MODULES and text in CSV_COLUMNS:
        return None
    bare = re.sub(r"\s*\([^)]*\)$", "", text)  # "Youngest age (min_age)": the file's key
    if "_" in bare:
        return "has an underscore: a code name"
    if text.startswith("-"):
        return "is a command-line option"
    if not LABEL.match(bare):
        return "is not plain words"
    if bare.casefold() in BARE_WORDS:
        return "is a code word, not a label on screen"
    return None


def test_every_field_name_is_a_label_the_user_sees() -> None:
    problems = [
        f"{lab.where}: {lab.text!r} {why}" for lab in collected().labels if (why := wrong(lab))
    ]
    assert not problems, "\n".join(sorted(problems))


def test_every_field_name_can_be_read_from_the_source() -> None:
    unknown = [
        f"{u.where}: FieldProblem({u.expr}, ...) cannot be checked here"
        for u in collected().unknown
        if u.where.rsplit(":", 1)[0] not in CHECKED_WHEN_RUN
    ]
    assert not unknown, "\n".join(sorted(unknown))


def test_the_collector_finds_the_field_names() -> None:
    """The search reaches literals, helpers' defaults and loops (it cannot pass vacuously)."""
    texts = {(lab.where.split(":")[0], lab.text) for lab in collected().labels}
    assert len(texts) > 100
    assert ("yot_desktop/domain/validation.py", "quantity") in texts  # a default
    assert ("yot_desktop/domain/referral_csv.py", "date_of_birth") in texts  # a CSV column
    assert any(text == "first name" for _, text in texts)  # "first_name".replace("_", " ")
    assert wrong(Label("marked_at", "yot_desktop/domain/attendance.py:1"))
    assert wrong(Label("when", "yot_desktop/services/delivery/scheduling.py:1"))
    assert wrong(Label("--out", "yot_desktop/services/admin/database.py:1"))
    assert wrong(Label("date_of_birth", "yot_desktop/services/intake/people.py:1"))
    assert not wrong(Label("date_of_birth", "yot_desktop/domain/referral_csv.py:1"))
    assert not wrong(Label("Session date", "yot_desktop/services/delivery/scheduling.py:1"))


# --- no command-line words in services ----------------------------------------------------

SERVICE_PACKAGES = (PACKAGE / "services", PACKAGE / "demo")
OPTION = re.compile(r"(?<![\w-])--[A-Za-z][\w-]*")


def docstrings(tree: ast.Module) -> set[ast.AST]:
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | Func) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(first.value)
    return found


def cli_words(tree: ast.Module, where: str) -> list[str]:
    """Each text in the module (a message, a field name, an f-string's words) that names a
    command-line option, as file:line: option. Docstrings may talk about the command line."""
    skip = docstrings(tree)
    return [
        f"{where}:{node.lineno}: {option}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node not in skip
        for option in OPTION.findall(node.value)
    ]


def test_services_name_no_command_line_option() -> None:
    """ "--referral: ..." reached the window as "• --referral: ..."; the service says the form's
    label ("Crime reference") and the command line maps it to its option."""
    paths = [p for package in SERVICE_PACKAGES for p in modules() if package in p.parents]
    assert len(paths) > 50  # services/ and demo/ are read
    found = [word for path in paths for word in cli_words(parse(path), rel(path))]
    assert not found, "\n".join(found)


def test_a_command_line_option_is_found() -> None:
    """The search sees options in plain and f-string texts, and not a dash in words."""
    source = (
        '"""Run `letters batch --to DATE`."""\n'
        'a = f"--referral: there is no referral {ref}"\n'
        'b = FieldProblem("--to", "x")\n'
        'c = "start an empty database (--db with a new file)"\n'
        'd = "a well-known e-mail -- or not; 2026-01-01"\n'
    )
    found = sorted(cli_words(ast.parse(source), "m.py"))
    assert found == ["m.py:2: --referral", "m.py:3: --to", "m.py:4: --db"]


# --- field names made while the program runs -----------------------------------------------


def test_crafft_fields_are_labels() -> None:
    from yot_desktop.domain import crafft
    from yot_desktop.domain.errors import ValidationError

    fields: list[str] = []
    for bad in (
        crafft.CrafftAnswers(**{name: -1 for name, _ in crafft.PART_A_FIELDS}),  # type: ignore[arg-type]
        crafft.CrafftAnswers(**{name: 3 for name, _ in crafft.PART_A_FIELDS}),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as caught:
            crafft.validate_crafft(bad)
        fields += [p.field for p in caught.value.problems]
    with pytest.raises(ValidationError) as caught:
        crafft.tidy_wording({"no such question": "x", crafft.WORDING_KEYS[0]: "x" * 10_000})
    fields += [p.field for p in caught.value.problems]
    assert fields
    problems = [f for f in fields if wrong(Label(f, "yot_desktop/domain/crafft.py:0"))]
    assert not problems, problems


def test_scheme_fields_are_labels() -> None:
    """Scheme problems name the editor's label and, in brackets, the scheme file's key."""
    from yot_desktop.domain.errors import ValidationError
    from yot_desktop.domain.scheme import scheme_from_mapping

    fields: list[str] = []
    for bad in (
        {},  # every required key missing
        {"code": "no spaces allowed!", "model": "strict", "min_age": 17, "max_age": 10},
        {"complete_within_weeks": 0, "outcome_code": "2\x00", "threshold": "none"},
        {"threshold": [3, {"substance": "", "max_quantity": "lots", "unit": "bags"}]},
    ):
        with pytest.raises(ValidationError) as caught:
            scheme_from_mapping(bad)
        fields += [p.field for p in caught.value.problems]
    assert "Youngest age at offence (min_age)" in fields
    assert "threshold 2 largest quantity (max_quantity)" in fields
    problems = [f for f in fields if wrong(Label(f, "yot_desktop/domain/scheme.py:0"))]
    assert not problems, problems
