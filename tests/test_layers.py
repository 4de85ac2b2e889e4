"""The layers of the library, read from the imports of every module (docs/architecture.md).

The bottom (dates, errors, privacy, file helpers) imports nothing above it; the core (the
calendar, the law, petitions, rotas, figures) imports nothing from the edge (file formats,
schemas, vectors) or the interfaces (command line, service); no new circle of imports.
Imports inside functions count as imports. The exceptions still in the code are listed
here and may only shrink.
"""

from __future__ import annotations

import ast
from pathlib import Path

import xinfang_rules

SRC = Path(xinfang_rules.__file__).parent

BOTTOM = {"dates", "errors", "privacy", "_files", "_json"}
CORE = {"calendar", "_china", "notices", "notice_text", "rules", "reference", "deadlines",
        "cases", "rota", "rota_conflicts", "rota_solver", "metrics"}  # fmt: skip
EDGE_TOP = {"formats", "schemas", "vectors", "cli", "_cli_zh", "service"}

#: Core modules reaching the edge (a DataFrame method of the core's objects): to go.
KNOWN_REACH = {("metrics", "formats.frames"), ("rota", "formats.frames")}
#: The one circle of imports left (the rota with its conflicts and solver, the frames
#: behind the core's DataFrame methods): it may only shrink.
KNOWN_CIRCLE = {
    "formats.alerts", "formats.frames", "formats.ledger", "formats.rota_io",
    "formats.workbooks", "metrics", "rota", "rota_conflicts", "rota_solver",
}  # fmt: skip


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
                    targets = [f"{base}.{a.name}".lstrip(".") for a in node.names] + [base]
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
    reach = {(m, t) for m, ts in imports().items() if m in CORE for t in ts if top(t) in EDGE_TOP}
    assert reach <= KNOWN_REACH, f"new: {reach - KNOWN_REACH}"


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


def test_no_new_circle_of_imports() -> None:
    """No two modules import each other, directly or in a circle, but the known one."""
    found = circles(imports())
    assert all(part <= KNOWN_CIRCLE for part in found), found


def test_the_scan_sees_a_circle_and_a_reach() -> None:
    """The checks above can fail: a made-up graph with a circle, and a core reaching out."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert circles(graph) == [{"a", "b", "c"}]
    found = imports()
    assert "formats.frames" in found["metrics"]  # a lazy import inside a method counts
    assert "rota" in found["rota_conflicts"] and "rota_conflicts" in found["rota"]
