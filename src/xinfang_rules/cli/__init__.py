"""The ``xinfang`` command: one module per command group, the entry point in ``command``.

``command`` builds the parser from each group's ``add_parsers`` and dispatches; ``_common``
holds what the groups share; ``_zh`` gives every help text and message in Chinese.
"""

from __future__ import annotations

from xinfang_rules.cli._common import atomic_write_bytes
from xinfang_rules.cli.command import build_parser, main

__all__ = ["atomic_write_bytes", "build_parser", "main"]
