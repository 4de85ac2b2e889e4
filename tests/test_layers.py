"""The layers of the library, read from the imports of every module (docs/architecture.md).

The bottom (dates, errors, privacy, file helpers) imports nothing above it; the core (the
calendar, the law, petitions, rotas, figures) imports nothing from the edge (file formats,
schemas, vectors) or the interfaces (command line, service); no circle of imports; inside a
folder, modules import their siblings, not the folder.
Imports inside functions (and under ``TYPE_CHECKING``) count as imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import xinfang_rules

SRC = Path(xinfang_rules.__file__).parent

BOTTOM = {"dates", "errors", "privacy", "_files", "_json"}
CORE = {"calendar", "law", "cases", "rota", "metrics"}
EDGE_TOP = {"formats", "schemas", "vectors", "cli", "service"}


def modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__") or "__init__"] = path
    return out


def imports() -> dict[str, set[str]]:
    """Each module → the library's modules it imports (at the top or inside a function)."""
    mods = modules()
    found: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("xinfang_rules"):
                    base = node.module.removeprefix("xinfang_rules").lstrip(".")
                    subs = [f"{base}.{a.name}".lstrip(".") for a in node.names]
                    # ``from pkg import module`` imports that module; ``from m import name``, m
                    targets = subs if all(s in mods for s in subs) else [*subs, base]
            elif isinstance(node, ast.Import):
                targets = [a.name.removeprefix("xinfang_rules").lstrip(".") for a in node.names
                           if a.name.startswith("xinfang_rules")]  # fmt: skip
            found[name].update(t for t in targets if t in mods and t != name)
    return found


def top(name: str) -> str:
    return name.split(".")[0]


def test_the_bottom_imports_nothing_above_it() -> None:
    """dates, errors, privacy and the file helpers stand on the standard library alone."""
    wrong = {(m, t) for m, ts in imports().items() if m in BOTTOM for t in ts if t not in BOTTOM}
    assert wrong == set()


def test_the_core_imports_nothing_from_the_edge() -> None:
    """The calendar, the law, petitions, rotas and figures never import a format or an interface."""
    reach = {
        (m, t) for m, ts in imports().items() if top(m) in CORE for t in ts if top(t) in EDGE_TOP
    }
    assert reach == set()


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected parts of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w == "__init__":
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                on.discard(w)
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(part)

    for v in sorted(graph):
        if v not in index and v != "__init__":
            visit(v)
    return out


def test_no_circle_of_imports() -> None:
    """No two modules import each other, directly or in a circle."""
    assert circles(imports()) == []


def test_a_package_s_modules_import_each_other_not_the_package() -> None:
    """Inside ``rota/``, ``cases/`` …, a module imports its siblings by their own path.

    The package's ``__init__`` re-exports them; a module importing it would run into a
    package half imported.
    """
    mods = modules()
    wrong = {(m, t) for m, ts in imports().items() for t in ts
             if "." in m and t == m.rsplit(".", 1)[0] and t in mods}  # fmt: skip
    assert wrong == set()


def test_the_scan_sees_a_circle_and_a_reach() -> None:
    """The checks above can fail: a made-up graph with a circle, and a core reaching out."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert circles(graph) == [{"a", "b", "c"}]
    found = imports()
    assert "rota.solver" in found["rota.generate"]  # a lazy import inside a function counts
    assert "rota.model" in found["rota.solver"]
    assert "formats.ledger_cells" in found["formats.workbooks"]  # only under TYPE_CHECKING too
