"""A Griffe extension for the API pages: Sphinx roles in docstrings become links.

The docstrings cross-reference in Sphinx's way (``:func:`~xinfang_rules.report```,
``:meth:`apply```), which is what ``help()`` and IDEs show as is. For the MkDocs site
each role becomes a mkdocstrings cross-reference (``[report][xinfang_rules.metrics.report]``)
when the name resolves to an object an API page renders, and inline code otherwise.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj|const):`(~?)([\w.]+)(\(\))?`")
#: The modules the API pages render (docs/api/**.md), under ``xinfang_rules.``.
_RENDERED = frozenset({
    "calendar.workdays", "calendar.days", "calendar.notices", "calendar.notice_text",
    "law.rules", "law.reference", "law.deadlines",
    "cases.model", "cases.events", "cases.petition", "cases.status",
    "rota.model", "rota.check", "rota.generate", "rota.conflicts", "rota.solver",
    "metrics",
    "formats.ledger", "formats.ledger_cells", "formats.alerts", "formats.frames",
    "formats.workbooks", "formats.case_io", "formats.case_csv", "formats.rota_io",
    "formats.warehouse", "formats.tables",
    "errors", "dates",
})  # fmt: skip


def _target(obj: griffe.Object, name: str) -> griffe.Object | griffe.Alias | None:
    """The object ``name`` means in ``obj``'s scope, if Griffe can tell."""
    scopes: list[Any] = [obj]
    parent = obj.parent
    while parent is not None:
        scopes.append(parent)
        parent = parent.parent
    collection = obj.modules_collection
    candidates = [name]
    for scope in scopes:
        candidates.append(f"{scope.path}.{name}")
    for path in candidates:
        try:
            found = collection.get_member(path)
        except (KeyError, ValueError, AttributeError):
            continue
        if isinstance(found, (griffe.Object, griffe.Alias)):
            return found
    return None


def _link(obj: griffe.Object, match: re.Match[str]) -> str:
    tilde, name, call = match.group(1), match.group(2), match.group(3) or ""
    shown = (name.rsplit(".", 1)[-1] if tilde else name) + call
    target = _target(obj, name)
    if target is not None:
        try:
            final = target.final_target if isinstance(target, griffe.Alias) else target
            path = final.canonical_path
            # an attribute without a docstring is not rendered (documented in its class's
            # Attributes section instead): no anchor to link to
            if final.is_attribute and final.docstring is None:
                path = ""
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            path = ""
        rest = path.removeprefix("xinfang_rules.") if path.startswith("xinfang_rules.") else ""
        for module in _RENDERED:
            if rest.startswith(module + "."):
                inside = rest[len(module) + 1 :].split(".")
                if not any(p.startswith("_") for p in inside):
                    return f"[`{shown}`][{path}]"
    return f"`{shown}`"


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx cross-reference roles in every docstring for mkdocstrings."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Once the package is loaded (so that every name can be resolved)."""
        self._walk(pkg, set())

    def _walk(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None and ":" in obj.docstring.value:
            obj.docstring.value = _ROLE.sub(lambda m: _link(obj, m), obj.docstring.value)
        for member in obj.members.values():
            if isinstance(member, griffe.Alias):
                continue
            self._walk(member, seen)
