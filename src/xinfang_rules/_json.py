"""JSON decoding: orjson (the ``fast`` extra) when installed, the standard library otherwise.

Chosen by measurement (``benchmarks/bench_cases.py``, docs/performance.md): on a typical
petition record orjson decodes in about 2.3 µs, msgspec (untyped) in 2.7 µs, the standard
library in 5.9 µs. Results are identical by construction: orjson's answer is used only
when it accepts the text; anything it refuses (integers beyond 64 bits, ``NaN``, lone
surrogates, nesting deeper than it allows, invalid JSON) is decoded again by the standard
library, which either accepts it as it always did or raises its own error, with its own
words. Set ``XINFANG_JSON=stdlib`` to use the standard library alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

__all__ = ["DECODER", "loads", "loads_stdlib"]

loads_stdlib: Callable[[str | bytes], Any] = json.loads


def _pick() -> tuple[str, Callable[[str | bytes], Any] | None]:
    if os.environ.get("XINFANG_JSON", "").lower() == "stdlib":
        return "json", None
    try:
        import orjson
    except ImportError:
        return "json", None
    return "orjson", orjson.loads


#: The decoder in use: ``"orjson"`` or ``"json"``.
DECODER, _fast = _pick()


def loads(text: str | bytes) -> Any:
    """``json.loads``, faster when the ``fast`` extra is installed; same results."""
    if _fast is not None:
        try:
            return _fast(text)
        except Exception:
            pass
    return json.loads(text)
