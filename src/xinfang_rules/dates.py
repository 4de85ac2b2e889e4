"""Dates as the rules mean them: Beijing dates (Asia/Shanghai).

The petition rules count days on the calendar of the receiving office. A naive
``datetime`` does not say where it was taken, so it is never silently turned into a
date; an aware one is converted with :func:`beijing_date`, and only where an API says so.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from xinfang_rules.errors import XinfangTypeError
from xinfang_rules.privacy import echo

__all__ = [
    "BEIJING",
    "WEEKDAY_NAMES_ZH",
    "as_date",
    "beijing_date",
    "date_from_data",
    "parse_iso_date",
    "today_beijing",
]

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    #: The time zone of every date in this library (中国标准时间, UTC+8, no daylight saving).
    BEIJING: ZoneInfo


def __getattr__(name: str) -> Any:
    """``BEIJING``, the time zone of every date here, loaded when first asked for.

    Loading a time zone reads the time-zone database: ``import xinfang_rules`` and the
    calendar do not pay for it until a date and time is converted.
    """
    if name == "BEIJING":
        from zoneinfo import ZoneInfo

        zone = globals()["BEIJING"] = ZoneInfo("Asia/Shanghai")
        return zone
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Chinese weekday names, Monday first (``date.weekday()`` order).
WEEKDAY_NAMES_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def today_beijing() -> _dt.date:
    """Today's date in Beijing (中国标准时间), whatever the machine's time zone."""
    return _dt.datetime.now(__getattr__("BEIJING")).date()


def beijing_date(value: _dt.date | _dt.datetime) -> _dt.date:
    """Return the Beijing (Asia/Shanghai) calendar date of ``value``.

    Args:
        value: A ``date`` (returned as it is) or a time-zone-aware ``datetime``.

    Returns:
        The date in Beijing at that instant.

    Raises:
        XinfangTypeError: ``value`` is a naive ``datetime`` or not a date at all.

    An online petition stamped late in the evening UTC was received the next day in Beijing:

    >>> import datetime as dt
    >>> beijing_date(dt.datetime(2026, 1, 1, 17, 0, tzinfo=dt.timezone.utc))
    datetime.date(2026, 1, 2)

    """
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise XinfangTypeError(
                f"{echo(value)} is a naive datetime, so its Beijing date is unknown; attach its "
                "time zone first (e.g. value.replace(tzinfo=xinfang_rules.dates.BEIJING) if it "
                "is Beijing time), or pass value.date() if it already is a Beijing date",
                zh=f"{echo(value)} 是不带时区的 datetime，无法确定北京日期；请先加上时区（北京"
                "时间：value.replace(tzinfo=xinfang_rules.dates.BEIJING)），已是北京日期的"
                "用 value.date()",
            )
        return value.astimezone(globals().get("BEIJING") or __getattr__("BEIJING")).date()
    return as_date(value)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(text: str) -> _dt.date:
    """``"2025-08-04"`` as a date: exactly ``YYYY-MM-DD``, on every Python version.

    (From Python 3.11 ``date.fromisoformat`` also takes ``"20250804"`` and week dates;
    files and command lines here take the one form.)

    Raises:
        ValueError: ``text`` is not a real date written ``YYYY-MM-DD``.

    >>> parse_iso_date("2025-08-04")
    datetime.date(2025, 8, 4)

    """
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date YYYY-MM-DD, got {echo(text)}")
    return _dt.date.fromisoformat(text)


def date_from_data(value: object) -> _dt.date:
    """A date read from a data file: a TOML date, or a ``YYYY-MM-DD`` string (JSON).

    Raises:
        ValueError: anything else, a date and time included.

    """
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_iso_date(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {echo(value)}")


def as_date(value: object, name: str = "date") -> _dt.date:
    """Check that ``value`` is a plain ``date`` and return it as one.

    ``datetime`` values are refused (a datetime is a date subclass in Python, and taking
    its date silently would ignore its time zone); subclasses of ``date`` that are not
    datetimes are converted to ``date``.

    Args:
        value: The value to check.
        name: The argument's name, for the error message.

    Raises:
        XinfangTypeError: ``value`` is a ``datetime`` or not a date.

    """
    if type(value) is _dt.date:
        return value
    if isinstance(value, _dt.datetime):
        raise XinfangTypeError(
            f"{name} must be a datetime.date, not a datetime ({echo(value)}); pass value.date() "
            "if it is already a Beijing local time, or xinfang_rules.beijing_date(value) "
            "for a time-zone-aware datetime",
            zh=f"{name} 应为 datetime.date，不能是 datetime（{echo(value)}）；已是北京时间的用"
            " value.date()，带时区的用 xinfang_rules.beijing_date(value)",
        )
    if isinstance(value, _dt.date):
        return _dt.date(value.year, value.month, value.day)
    raise XinfangTypeError(
        f"{name} must be a datetime.date, not {type(value).__name__} ({echo(value)}); "
        "for an ISO string use datetime.date.fromisoformat(value)",
        zh=f"{name} 应为 datetime.date，实为 {type(value).__name__}（{echo(value)}）；ISO 格式"
        "的文字请用 datetime.date.fromisoformat(value)",
    )
