"""The safe way is the only way: the source itself is scanned.

- A message never shows a caller's value through ``repr`` (``{x!r}``, ``repr(x)``): values
  are quoted by :func:`xinfang_rules.privacy.echo`, which masks ID numbers, phones and
  names; the library's own words by :func:`~xinfang_rules.privacy.quoted`.
- No module writes a CSV row or a worksheet row itself: every cell goes through
  :func:`~xinfang_rules.privacy.safe_cell`, by ``_files.CsvOut`` and ``_files.sheet_row``.

The allow-lists are short and each entry says why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import xinfang_rules

#: The source tree, or (tests run against an installed wheel) the installed package.
SRC = Path(__file__).resolve().parent.parent / "src" / "xinfang_rules"
if not SRC.is_dir():
    SRC = Path(xinfang_rules.__file__).resolve().parent
MODULES = sorted(p for p in SRC.rglob("*.py"))

#: (module, the text of the call or expression): where ``repr`` may stay, and why.
REPR_ALLOWED = {
    # the name looked up on the package: an attribute name in code, not data
    ("__init__.py", "name"),
    ("__init__.py", "__name__"),
    # the same in the modules whose heavy imports load on first use (tomllib, the zone)
    ("_files.py", "name"),
    ("_files.py", "__name__"),
    ("dates.py", "name"),
    ("dates.py", "__name__"),
    # internal faults that no input reaches (a model field of a type the code lacks)
    ("service/messages.py", "kind"),
    ("schemas.py", "kind"),
}
#: Modules that may write rows: the one writer of cells.
CELL_WRITERS = {"_files.py"}
#: Modules that may call the escaping functions underneath ``safe_cell``.
ESCAPERS = {"privacy.py", "_files.py"}


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC))


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node → the name of the function it is in (for ``__repr__`` bodies)."""
    owner: dict[ast.AST, str] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                owner.setdefault(node, fn.name)
    return owner


def reprs(path: Path) -> list[tuple[int, str]]:
    """``{x!r}`` and ``repr(x)`` outside ``__repr__`` methods and the allow-list."""
    tree = ast.parse(path.read_text("utf-8"))
    owner = _functions(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.FormattedValue) and node.conversion == ord("r"):
            target = node.value
        elif (
            isinstance(node, ast.FormattedValue)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in ("sorted", "list", "set", "tuple", "dict")
        ):  # a container shown whole: its items' repr
            target = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "repr"
            and node.args
        ):
            target = node.args[0]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "map"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "repr"
        ):
            target = node.args[1]
        if target is None or owner.get(node) in ("__repr__", "echo"):
            continue
        text = ast.unparse(target)
        if (_rel(path), text) not in REPR_ALLOWED:
            found.append((getattr(node, "lineno", 0), text))
    return found


def cell_writes(path: Path) -> list[tuple[int, str]]:
    """CSV rows, worksheet rows and cell values written other than through ``safe_cell``."""
    name = _rel(path).split("/")[-1]
    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, base = node.func.attr, node.func.value
            text = ast.unparse(node.func)
            if name not in CELL_WRITERS:
                if text in ("csv.writer", "csv.DictWriter") or attr in ("writerow", "writerows"):
                    found.append((node.lineno, text))
                if attr == "append" and isinstance(base, ast.Name) and base.id in (
                    "ws", "rs", "sheet", "worksheet"
                ):  # fmt: skip
                    found.append((node.lineno, text))
                if attr == "cell" and any(k.arg == "value" for k in node.keywords):
                    found.append((node.lineno, text))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            escaper = node.func.id in ("spreadsheet_cell", "spreadsheet_row")
            if escaper and name not in ESCAPERS:
                found.append((node.lineno, node.func.id))
        if isinstance(node, ast.Assign) and name not in CELL_WRITERS:
            for t in node.targets:
                if isinstance(t, ast.Attribute) and t.attr == "value":
                    found.append((node.lineno, ast.unparse(t)))
    return found


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_messages_quote_values_through_echo(path: Path) -> None:
    """No ``repr`` of a value anywhere but in ``__repr__``: messages use ``echo``."""
    assert reprs(path) == []


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_cells_are_written_one_way(path: Path) -> None:
    """No CSV or worksheet row written but by ``CsvOut`` / ``sheet_row``."""
    assert cell_writes(path) == []


def test_the_scans_find_what_they_look_for(tmp_path: Path) -> None:
    """A scan that finds nothing in a module made to fail would be a scan that cannot fail."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import csv\n"
        "def f(x, ws, out):\n"
        "    w = csv.writer(out)\n"
        "    w.writerow([x])\n"
        "    ws.append([x])\n"
        "    ws.cell(row=1, column=1, value=x)\n"
        "    ws['A1'].value = x\n"
        "    raise ValueError(f'bad {x!r} {sorted(x)}')\n"
        "def g(x):\n"
        "    return repr(x) + ', '.join(map(repr, x))\n"
        "class C:\n"
        "    def __repr__(self):\n"
        "        return f'C({self.x!r})'\n",
        encoding="utf-8",
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        assert sorted(line for line, _ in reprs(bad)) == [8, 8, 10, 10]
        assert sorted(line for line, _ in cell_writes(bad)) == [3, 4, 5, 6, 7]
    finally:
        SRC = saved
