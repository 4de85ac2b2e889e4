"""The ``xinfang`` command."""

from __future__ import annotations

from xinfang_rules.cli._cli import (
    T,
    atomic_write_bytes,
    build_parser,
    main,
)

__all__ = [
    "T",
    "atomic_write_bytes",
    "build_parser",
    "main",
]
