"""Reading the library's data files (TOML or JSON), with errors that name the file."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["optional_module", "read_data_file", "tomllib"]


def read_data_file(path: str | Path, error: Callable[[str, str], Exception]) -> Any:
    """Parse a ``.toml`` or ``.json`` file into plain data.

    Args:
        path: The file.
        error: Builds the exception to raise from ``(message, file name)``.

    """
    p = Path(path)
    name = str(p)
    suffix = p.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise error("the file name must end in .toml or .json", name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", name) from None
    try:
        text = raw.decode("utf-8")
        return json.loads(text) if suffix == ".json" else tomllib.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"not valid UTF-8 {suffix[1:].upper()}: {exc}", name) from None


def optional_module(
    name: str, *, extra: str, purpose: str, error: Callable[[str], Exception]
) -> ModuleType:
    """Import an optional dependency, or raise ``error`` naming the extra that installs it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = name.split(".")[0]
        raise error(
            f"{purpose} needs the {package} package: pip install 'xinfang-rules[{extra}]'"
        ) from None
