"""JSON decoding: msgspec (the ``fast`` extra) when installed, the standard library otherwise.

Chosen by measurement (``benchmarks/bench_cases.py``, docs/performance.md): on a typical
petition record the standard library decodes in about 5.9 µs, msgspec (untyped) in 2.7 µs
and orjson in 2.3 µs. orjson is not used because it is not exact: it turns integers
beyond 64 bits into floats (``20000000000000000000`` becomes ``2e+19``), which a property
test comparing it with the standard library found at once; msgspec keeps them as Python
integers. Results are identical by construction: msgspec's answer is used only when it
accepts the text; anything it refuses (``NaN``, numbers out of a double's range, lone
surrogates, invalid JSON) is decoded again by the standard library, which either accepts it
as it always did or raises its own error, in its own words. Set ``XINFANG_JSON=stdlib`` to
use the standard library alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

__all__ = ["DECODER", "loads"]


def _pick() -> tuple[str, Callable[[str | bytes], Any] | None]:
    if os.environ.get("XINFANG_JSON", "").lower() == "stdlib":
        return "json", None
    try:
        import msgspec
    except ImportError:
        return "json", None
    return "msgspec", msgspec.json.Decoder().decode


#: The decoder in use: ``"msgspec"`` or ``"json"``.
DECODER, _fast = _pick()


def loads(text: str | bytes) -> Any:
    """``json.loads``, faster when the ``fast`` extra is installed; same results."""
    if _fast is not None:
        try:
            return _fast(text)
        except Exception:  # the standard library decides, in its own words
            pass
    return json.loads(text)
