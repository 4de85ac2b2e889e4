"""The working-day index the calendar counts on, and the checks of what it is given.

:class:`_Index` holds, for a span of whole years, the working days before each day and
each working day in order (as lists, and as numpy arrays when asked); :class:`_Cache` is a
calendar's memo. The numpy kernels add and count working days on an index for arrays of
days since 1970-01-01; the checks refuse a bad ``n``, a date out of range, or an array
that is not whole days.
"""

from __future__ import annotations

import copy
import datetime as _dt
import operator
import threading
from typing import TYPE_CHECKING, Any

from xinfang_rules.calendar.notices import (
    FIRST_YEAR,
    LAST_YEAR,
)
from xinfang_rules.errors import (
    DateOutOfRangeError,
    XinfangTypeError,
)
from xinfang_rules.privacy import echo

if TYPE_CHECKING:
    pass
from xinfang_rules.calendar.days import DayInfo

_FIRST = _dt.date(FIRST_YEAR, 1, 1)
_LAST = _dt.date(LAST_YEAR, 12, 31)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


class _Index:
    """Working-day index over a contiguous span of whole years (immutable once built).

    ``cum[i]`` is the number of working days strictly before day ``base + i``;
    ``wdates[k]`` is the k-th working day of the span. Days ``ilo .. ihi`` (offsets) and
    working days ``klo .. khi`` (indices) lie in the longest run of *quiet* years (official,
    or provisional and already warned about by a non-strict calendar), so a request staying
    inside them needs no provisional check.
    """

    __slots__ = (
        "_np",
        "base",
        "cum",
        "first_year",
        "ihi",
        "ilo",
        "khi",
        "klo",
        "last_year",
        "ndays",
        "nwork",
        "wdates",
        "word",
        "work",
    )

    def __init__(
        self, first_year: int, last_year: int, work: bytearray, quiet: dict[int, bool]
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.base = _dt.date(first_year, 1, 1).toordinal()
        self.ndays = len(work)
        self.work = work
        cum = [0] * (self.ndays + 1)
        total = 0
        word: list[int] = []
        for i, w in enumerate(work):
            cum[i] = total
            if w:
                total += 1
                word.append(self.base + i)
        cum[self.ndays] = total
        self.cum = cum
        self.word = word
        self.wdates = [_dt.date.fromordinal(o) for o in word]
        self.nwork = total
        self._set_bounds(quiet)
        self._np: Any = None

    def _set_bounds(self, quiet: dict[int, bool]) -> None:
        """Fast-path bounds: the longest run of years whose use needs no check."""
        best: tuple[int, int] | None = None
        run_start: int | None = None
        for y in range(self.first_year, self.last_year + 2):
            if y <= self.last_year and quiet[y]:
                if run_start is None:
                    run_start = y
            elif run_start is not None:
                if best is None or (y - 1 - run_start) > (best[1] - best[0]):
                    best = (run_start, y - 1)
                run_start = None
        if best is None:
            self.ilo, self.ihi, self.klo, self.khi = 1, -2, 1, -2  # empty: always slow path
        else:
            lo = _dt.date(best[0], 1, 1).toordinal() - self.base
            hi = _dt.date(best[1], 12, 31).toordinal() - self.base
            self.ilo, self.ihi = lo, hi
            self.klo, self.khi = self.cum[lo], self.cum[hi + 1] - 1

    def rebounded(self, quiet: dict[int, bool]) -> _Index:
        """The same index with fast-path bounds for another set of quiet years."""
        new = copy.copy(self)
        new._set_bounds(quiet)
        return new

    @classmethod
    def empty(cls) -> _Index:
        return cls(FIRST_YEAR, FIRST_YEAR - 1, bytearray(), {})

    def numpy(self) -> Any:
        """``cum``, and the working days in days since 1970-01-01: int64 arrays, made once."""
        if self._np is None:
            import numpy as np

            word = np.asarray(self.word, dtype=np.int64) - _EPOCH_ORDINAL
            self._np = (np.asarray(self.cum, dtype=np.int64), word)
        return self._np


class _Cache:
    """Mutable, lock-protected memo of an immutable calendar."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index = _Index.empty()
        self.years: dict[int, tuple[bytearray, bool]] = {}
        self.warned: set[int] = set()
        self.official: dict[int, bool] = {}
        #: DayInfo by date: a day's description never changes in one calendar (explanations
        #: describe the same few hundred days over and over)
        self.described: dict[_dt.date, DayInfo] = {}


def _check_n(n: object) -> int:
    if type(n) is int:
        return n
    if isinstance(n, bool):
        raise XinfangTypeError(
            f"n must be an integer number of working days, not a bool ({echo(n)})",
            zh=f"工作日数应为整数，不能是布尔值（{echo(n)}）",
        )
    try:
        return operator.index(n)  # type: ignore[arg-type]
    except TypeError:
        raise XinfangTypeError(
            f"n must be an integer number of working days, got {type(n).__name__} ({echo(n)})",
            zh=f"工作日数应为整数，实为 {type(n).__name__}（{echo(n)}）",
        ) from None


def _out_of_range(what: str, value: object) -> DateOutOfRangeError:
    return DateOutOfRangeError(
        f"{what} {value} is outside the supported range {_FIRST}..{_LAST}; the calendar "
        f"covers {FIRST_YEAR}-{LAST_YEAR}",
        zh=f"{value} 超出日历范围（{_FIRST} 至 {_LAST}，即 {FIRST_YEAR}—{LAST_YEAR} 年）；"
        "请核对年份",
    )


def _epoch_days(values: Any) -> tuple[Any, int, int]:
    """Whole days of a datetime64 array as int64 days since 1970-01-01, with min and max.

    Anything else (another dtype, NaT, times of day) is refused.
    """
    import numpy as np

    if not np.issubdtype(values.dtype, np.datetime64):
        raise XinfangTypeError(
            f"expected a numpy datetime64 array, got dtype {values.dtype}",
            zh=f"应为 numpy datetime64 数组，实为 {values.dtype}",
        )
    days = values.astype("datetime64[D]", copy=False)
    if values.dtype != days.dtype:
        if np.isnat(values).any():
            raise XinfangTypeError(_NAT_MESSAGE, zh=_NAT_MESSAGE_ZH)
        if (days.astype(values.dtype) != values).any():
            raise XinfangTypeError(
                "the array holds times of day; pass whole days (datetime64[D]) that are "
                "already Beijing dates",
                zh="数组含有时刻；请给出整日（datetime64[D]），且已是北京日期",
            )
    e = days.view(np.int64)
    if e.size == 0:
        return e, 0, 0
    emin, emax = int(e.min()), int(e.max())
    if emin == _NAT:
        raise XinfangTypeError(_NAT_MESSAGE, zh=_NAT_MESSAGE_ZH)
    return e, emin, emax


_NAT = -(2**63)
_NAT_MESSAGE = "the array holds NaT (not a time); remove or fill those first"
_NAT_MESSAGE_ZH = "数组中有 NaT（空的日期）；请先删去或填上"


def _from_epoch(days: int) -> _dt.date:
    """The date ``days`` after 1970-01-01, or a ``DateOutOfRangeError``."""
    try:
        return _dt.date.fromordinal(days + _EPOCH_ORDINAL)
    except (ValueError, OverflowError):
        raise DateOutOfRangeError(
            f"day {days} (days since 1970-01-01) is outside the supported range "
            f"{_FIRST}..{_LAST}; the calendar covers {FIRST_YEAR}-{LAST_YEAR}",
            zh=f"第 {days} 天（自 1970-01-01 起）超出日历范围（{_FIRST} 至 {_LAST}）",
        ) from None


def _is_ndarray(value: object) -> bool:
    return type(value).__module__ == "numpy" and type(value).__name__ == "ndarray"


def _add_on_index(idx: _Index, days: Any, n: int) -> Any:
    """The ``n``-th working day after each of ``days`` (int64 days since 1970-01-01; n ≠ 0).

    The index must cover every day and every answer (the caller bounds the batch by its
    extreme dates). Returns int64 days since 1970-01-01.
    """
    import numpy as np

    cum, word = idx.numpy()
    k = days - (idx.base - _EPOCH_ORDINAL)
    if n > 0:
        k = np.take(cum[1:], k)
        k += n - 1
    else:
        k = np.take(cum, k)
        k += n
    return np.take(word, k)


def _between_on_index(idx: _Index, a: Any, b: Any) -> tuple[Any, Any]:
    """Working days in ``(a, b]`` element-wise (negative going backwards, ``[b, a)``).

    ``a`` and ``b`` are int64 days since 1970-01-01 the index covers. Returns the counts
    and where ``a > b``.
    """
    import numpy as np

    cum, _ = idx.numpy()
    off = idx.base - _EPOCH_ORDINAL
    ca = np.take(cum, a - (off - 1))  # working days up to and including a
    cb = np.take(cum, b - (off - 1))
    out = cb - ca
    backward = a > b
    if backward.any():
        # going backwards [b, a): working days before a minus those before b
        out[backward] = np.take(cum, b[backward] - off) - np.take(cum, a[backward] - off)
    return out, backward
