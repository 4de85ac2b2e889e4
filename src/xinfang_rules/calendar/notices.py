"""Holiday notices (放假安排通知) supplied as data: a year's national notice, or local holidays.

A :class:`Notice` is what a 国务院办公厅 (national) or a provincial government (local)
notice says for one year: the days off and the weekend days that become working days.
A :class:`Region` groups the local notices of one region with the legal basis of its
local holidays. Both can be built in code or loaded from a TOML or JSON file
(:func:`load_notice_file`, schema in ``docs/notices.md``), and are applied with
:meth:`xinfang_rules.WorkdayCalendar.with_notice` and
:meth:`~xinfang_rules.WorkdayCalendar.with_region`; the library itself is never edited.
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from pathlib import Path

from xinfang_rules import _files
from xinfang_rules._files import data_file_zh, read_data_file
from xinfang_rules.dates import parse_iso_date
from xinfang_rules.errors import NoticeError, NoticeFileError
from xinfang_rules.privacy import echo, echo_all, has_control_characters

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "NOTICE_SCHEMA",
    "Notice",
    "NoticeFile",
    "Region",
    "load_notice_file",
    "notice_file_from_dict",
]

#: First and last year the working-day calendar supports.
FIRST_YEAR = 2000
LAST_YEAR = 2099
#: The first and last day the calendar counts: every date a record holds or leads to.
FIRST_DAY = _dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = _dt.date(LAST_YEAR, 12, 31)
#: The value of ``schema`` in a notice file this version reads.
NOTICE_SCHEMA = "xinfang_rules.notices/1"


def _frozen_map(value: Mapping[_dt.date, str]) -> Mapping[_dt.date, str]:
    """Copy a mapping into a read-only, date-sorted one (the caller's object is not kept)."""
    if not isinstance(value, Mapping):
        raise NoticeError(
            f"expected a mapping of date -> name, got {type(value).__name__}; "
            "e.g. {datetime.date(2027, 1, 1): '元旦'}"
        )
    return types.MappingProxyType(dict(sorted(value.items())))


#: The most days off one holiday of a notice may have. The longest any State Council
#: notice gave is 10 (春节 2020, 1月24日至2月2日, after its extension); 15 leaves room and
#: still catches a range typed wrong (国庆节 10月1日至12月31日).
MAX_HOLIDAY_DAYS = 15


def _check_notice(notice: Notice) -> None:
    year = notice.year
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoticeError(
            f"notice year must be an integer in {FIRST_YEAR}..{LAST_YEAR}, got {echo(year)}",
            zh=f"通知年份应为 {FIRST_YEAR}—{LAST_YEAR} 之间的整数，实为 {echo(year)}",
        )
    what = f"the {year} notice{f' for {notice.region}' if notice.region else ''}"
    for kind, days in (("day off", notice.days_off), ("working day", notice.workdays)):
        for d, name in days.items():
            if type(d) is not _dt.date:
                raise NoticeError(
                    f"{what}: {kind} {echo(d)} is not a datetime.date",
                    zh=f"{what}：{kind} {echo(d)} 不是 datetime.date",
                )
            if not isinstance(name, str) or not name.strip():
                raise NoticeError(
                    f"{what}: {kind} {d} needs the holiday's name, got {echo(name)}",
                    zh=f"{what}：{kind} {d} 须写明节日名称，实为 {echo(name)}",
                )
            if has_control_characters(name) or "\n" in name or "\r" in name or "\t" in name:
                raise NoticeError(
                    f"{what}: {kind} {d}: the holiday's name {echo(name)} holds control "
                    "characters or line breaks; write the name as published",
                    zh=f"{what}：{kind} {d}：节日名称 {echo(name)} 含有控制字符或换行；请照通"
                    "知原文写",
                )
    for d in notice.days_off:
        # A year's 元旦 may start in the last days of the year before (the 2019 notice:
        # 2018年12月30日至2019年1月1日放假调休); the national notice says so, so allow that.
        if d.year != year and not (d.year == year - 1 and d.month == 12 and d.day >= 25):
            raise NoticeError(
                f"{what}: day off {d} is outside {year} (only the last week of December "
                f"{year - 1} may be named in the {year} notice); put it in the notice of "
                f"{d.year}",
                zh=f"{what}：放假日 {d} 不在 {year} 年内（{year} 年的通知只能写到 {year - 1} "
                f"年 12 月的最后一周）；请写入 {d.year} 年的通知",
            )
    for d in notice.workdays:
        # National notices have moved late-December weekends of the year before
        # (the 2002, 2006, 2007 and 2012 notices did), so allow that, and only that.
        if d.year != year and not (d.year == year - 1 and d.month == 12):
            raise NoticeError(
                f"{what}: make-up working day {d} is outside {year} (only late December of "
                f"{year - 1} may be named in the {year} notice)",
                zh=f"{what}：调休上班日 {d} 不在 {year} 年内（{year} 年的通知只能写到 "
                f"{year - 1} 年 12 月下旬）",
            )
        if d.weekday() < 5:
            raise NoticeError(
                f"{what}: make-up working day {d} is a weekday, which is a working day anyway; "
                "a make-up working day (调休上班) must be a Saturday or Sunday"
            )
        if d in notice.days_off:
            raise NoticeError(
                f"{what}: {d} is listed both as a day off and as a working day",
                zh=f"{what}：{d} 既是放假日又是上班日",
            )
    per_holiday: dict[str, list[_dt.date]] = {}
    for d, name in notice.days_off.items():
        per_holiday.setdefault(name, []).append(d)
    for name, named in per_holiday.items():
        if len(named) > MAX_HOLIDAY_DAYS:
            raise NoticeError(
                f"{what}: {echo(name)} 放假 {len(named)} 天（{min(named)} 至 {max(named)}），超过 "
                f"{MAX_HOLIDAY_DAYS} 天：国务院通知中一个节日的假期从未超过 10 天，请核对日期 / "
                f"{echo(name)} has {len(named)} days off ({min(named)} to {max(named)}), more "
                f"than {MAX_HOLIDAY_DAYS}: no State Council notice has given one holiday more "
                "than 10; check the dates"
            )


@attrs.frozen
class Notice:
    """One year's holiday arrangements, as a notice publishes them.

    Attributes:
        year: The year the notice is for (e.g. 2027 for the notice published in late 2026).
        days_off: Date → holiday name (e.g. ``"春节"``) for every day off, including weekend
            days inside the holiday and weekdays made free by 调休. Days of the last week
            of December of the year before are allowed (a 元旦 holiday starting then).
        workdays: Date → the holiday it makes up for, for weekend days that become working
            days (调休上班). Late-December days of the year before are allowed.
        title: The notice's title, e.g. ``"国务院办公厅关于2027年部分节假日安排的通知"``.
        source: Its document number or address, e.g. ``"国办发明电〔2026〕xx号"``.
        region: ``None`` for a national notice, which replaces the year's national data;
            a region's name (e.g. ``"广西"``) for local holidays laid over it.

    Raises:
        NoticeError: A date outside the year, a weekday as make-up working day, a day both
            off and working, or a missing name.

    >>> import datetime as dt
    >>> n = Notice(2030, days_off={dt.date(2030, 1, 1): "元旦"}, title="test")
    >>> n.days_off[dt.date(2030, 1, 1)]
    '元旦'

    """

    year: int
    days_off: Mapping[_dt.date, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    workdays: Mapping[_dt.date, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    title: str = ""
    source: str = ""
    region: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_notice(self)

    @property
    def label(self) -> str:
        """How explanations cite this notice."""
        return self.title or f"{self.region or '全国'}{self.year}年节假日安排（用户提供）"


def _to_notices(value: Iterable[Notice]) -> tuple[Notice, ...]:
    return tuple(value)


@attrs.frozen
class Region:
    """The local holidays of one region (e.g. 广西 壮族三月三), year by year.

    Attributes:
        name: The region, as notices name it (e.g. ``"广西"``).
        since: First year its local holidays apply. From then on a year without a local
            notice here is provisional for a calendar that includes the region.
        source: The legal basis, e.g. the regional government order.
        notices: The region's yearly notices (``region`` must equal ``name``), one per year.

    Raises:
        NoticeError: A notice of another region, or two notices for one year.

    """

    name: str
    since: int
    source: str
    notices: tuple[Notice, ...] = attrs.field(default=(), converter=_to_notices)

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise NoticeError("a region needs a name, e.g. '广西'")
        if not isinstance(self.since, int) or not FIRST_YEAR <= self.since <= LAST_YEAR:
            raise NoticeError(
                f"region {self.name}: since must be a year in {FIRST_YEAR}..{LAST_YEAR}, "
                f"got {echo(self.since)}",
                zh=f"地区 {self.name}：since 应为 {FIRST_YEAR}—{LAST_YEAR} 之间的年份，实为 "
                f"{echo(self.since)}",
            )
        seen: set[int] = set()
        for n in self.notices:
            if not isinstance(n, Notice) or n.region != self.name:
                raise NoticeError(
                    f"region {self.name}: {echo(n)} is not a Notice with region={echo(self.name)}",
                    zh=f"地区 {self.name}：{echo(n)} 不是 region={echo(self.name)} 的 Notice",
                )
            if n.year in seen:
                raise NoticeError(
                    f"region {self.name}: two notices for {n.year}",
                    zh=f"地区 {self.name}：{n.year} 年有两份通知",
                )
            seen.add(n.year)

    @property
    def years(self) -> frozenset[int]:
        """The years this region has a notice for."""
        return frozenset(n.year for n in self.notices)

    def notice(self, year: int) -> Notice | None:
        """The region's notice for ``year``, if it has one."""
        for n in self.notices:
            if n.year == year:
                return n
        return None

    def with_notice(self, notice: Notice) -> Region:
        """A copy with ``notice`` added (replacing one for the same year)."""
        kept = tuple(n for n in self.notices if n.year != notice.year)
        ordered: list[Notice] = sorted([*kept, notice], key=lambda n: n.year)
        return attrs.evolve(self, notices=tuple(ordered))


@attrs.frozen
class NoticeFile:
    """What a notice file holds: national notices, or one region with its notices."""

    notices: tuple[Notice, ...]
    region: Region | None = None


# --------------------------------------------------------------------------- parsing


def _parse_day(text: object, path: str | None, entry: str) -> list[_dt.date]:
    """``"2027-02-05"`` or a closed range ``"2027-02-05..2027-02-11"``."""
    if not isinstance(text, str):
        raise NoticeFileError(
            f"expected a date string like '2027-01-01', got {echo(text)}",
            path=path,
            entry=entry,
            zh=f"应为日期，如 '2027-01-01'，实为 {echo(text)}",
        )
    first, sep, last = text.partition("..")
    try:
        a = parse_iso_date(first.strip())
        b = parse_iso_date(last.strip()) if sep else a
    except ValueError:
        raise NoticeFileError(
            f"{echo(text)} is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)",
            path=path,
            entry=entry,
            zh=f"{echo(text)} 不是日期（YYYY-MM-DD）或日期范围（YYYY-MM-DD..YYYY-MM-DD）",
        ) from None
    if b < a:
        raise NoticeFileError(
            f"range {echo(text)} ends before it starts",
            path=path,
            entry=entry,
            zh=f"日期范围 {echo(text)} 的结束日早于开始日",
        )
    return [a + _dt.timedelta(days=i) for i in range((b - a).days + 1)]


def _parse_days(value: object, path: str | None, entry: str) -> dict[_dt.date, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise NoticeFileError(
            "expected a table of holiday name -> list of dates, "
            'e.g. {"春节" = ["2027-02-05..2027-02-11"]}',
            path=path,
            entry=entry,
        )
    days: dict[_dt.date, str] = {}
    for name, dates in value.items():
        if isinstance(dates, str):
            dates = [dates]
        if not isinstance(dates, list):
            raise NoticeFileError(
                "expected a list of dates", path=path, entry=f"{entry}.{name}", zh="应为日期的列表"
            )
        for i, text in enumerate(dates):
            here = f"{entry}.{name}[{i}]"
            for d in _parse_day(text, path, here):
                if d in days:
                    raise NoticeFileError(
                        f"{d} is listed twice (already under {echo(days[d])})",
                        path=path,
                        entry=here,
                        zh=f"{d} 列了两次（已在 {echo(days[d])} 下）",
                    )
                days[d] = str(name)
    return days


def _expect(data: Mapping[str, Any], key: str, kind: type, path: str | None, entry: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise NoticeFileError(
            f"{echo(key)} must be a {kind.__name__}, got {echo(value)}",
            path=path,
            entry=entry,
            zh=f"{echo(key)} 应为 {kind.__name__}，实为 {echo(value)}",
        )
    return value


#: The keys a notice file and each of its notices may hold (docs/notices.md).
_FILE_KEYS = ("schema", "region", "notice")
_NOTICE_KEYS = ("year", "title", "source", "days_off", "workdays")
_REGION_KEYS = ("name", "since", "source")


def notice_file_from_dict(data: Mapping[str, Any], *, path: str | None = None) -> NoticeFile:
    """Build notices from already-parsed TOML/JSON data (schema: ``docs/notices.md``).

    Raises:
        NoticeFileError: Any entry that is missing, malformed or impossible, named by its
            place in the data (e.g. ``notice[1].workdays.春节[0]``).

    """
    if not isinstance(data, Mapping):
        raise NoticeFileError(
            "the top level must be a table/object",
            path=path,
            zh="最外层应为表（TOML 表或 JSON 对象）",
        )
    schema = data.get("schema")
    if schema != NOTICE_SCHEMA:
        raise NoticeFileError(
            f"schema must be {echo(NOTICE_SCHEMA)}, got {echo(schema)}",
            path=path,
            entry="schema",
            zh=f"schema 应为 {echo(NOTICE_SCHEMA)}，实为 {echo(schema)}",
        )
    unknown = set(data) - set(_FILE_KEYS)
    if unknown:
        raise NoticeFileError(
            f"unknown keys {echo_all(sorted(unknown))}",
            path=path,
            zh=f"无法识别的键 {echo_all(sorted(unknown))}",
        )
    region_data = data.get("region")
    region_name: str | None = None
    if region_data is not None:
        if not isinstance(region_data, Mapping):
            raise NoticeFileError("must be a table", path=path, entry="region", zh="应为表")
        unknown = set(region_data) - set(_REGION_KEYS)
        if unknown:
            raise NoticeFileError(
                f"unknown keys {echo_all(sorted(unknown))}",
                path=path,
                entry="region",
                zh=f"无法识别的键 {echo_all(sorted(unknown))}",
            )
        region_name = _expect(region_data, "name", str, path, "region")
    entries = data.get("notice", [])
    if not isinstance(entries, list):
        raise NoticeFileError(
            "must be an array of tables ([[notice]])",
            path=path,
            entry="notice",
            zh="应为表的数组（[[notice]]）",
        )
    notices: list[Notice] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(entries):
        entry = f"notice[{i}]"
        if not isinstance(item, Mapping):
            raise NoticeFileError("must be a table", path=path, entry=entry, zh="应为表")
        unknown = set(item) - set(_NOTICE_KEYS)
        if unknown:
            raise NoticeFileError(
                f"unknown keys {echo_all(sorted(unknown))}",
                path=path,
                entry=entry,
                zh=f"无法识别的键 {echo_all(sorted(unknown))}",
            )
        year = _expect(item, "year", int, path, entry)
        if year in seen:
            raise NoticeFileError(
                f"a second notice for {year} (the first is notice[{seen[year]}])",
                path=path,
                entry=entry,
                zh=f"{year} 年的第二份通知（第一份是 notice[{seen[year]}]）",
            )
        seen[year] = i
        days_off = _parse_days(item.get("days_off"), path, f"{entry}.days_off")
        workdays = _parse_days(item.get("workdays"), path, f"{entry}.workdays")
        try:
            notice = Notice(
                year,
                days_off=days_off,
                workdays=workdays,
                title=str(item.get("title", "")),
                source=str(item.get("source", "")),
                region=region_name,
            )
        except NoticeFileError:
            raise
        except NoticeError as exc:
            raise NoticeFileError(str(exc), path=path, entry=entry, zh=exc.zh) from None
        notices.append(notice)
    region = None
    if region_data is not None:
        assert region_name is not None
        try:
            region = Region(
                name=region_name,
                since=_expect(region_data, "since", int, path, "region"),
                source=_expect(region_data, "source", str, path, "region"),
                notices=tuple(notices),
            )
        except NoticeFileError:
            raise
        except NoticeError as exc:
            raise NoticeFileError(str(exc), path=path, entry="region", zh=exc.zh) from None
    return NoticeFile(notices=tuple(notices), region=region)


def notice_file_from_toml(text: str, *, path: str | None = None) -> NoticeFile:
    """Build notices from the text of a TOML notice file."""
    try:
        data = _files.tomllib.loads(text)
    except _files.tomllib.TOMLDecodeError as exc:
        raise NoticeFileError(
            f"not valid TOML: {exc}", path=path, zh=f"不是有效的 TOML（{exc}）"
        ) from None
    return notice_file_from_dict(data, path=path)


def load_notice_file(path: str | Path) -> NoticeFile:
    """Read a notice file: ``.toml`` or ``.json`` (schema: ``docs/notices.md``).

    Raises:
        NoticeFileError: The file cannot be read or parsed, or an entry is invalid.

    """
    name = str(path)
    data = read_data_file(
        path, lambda message, file: NoticeFileError(message, path=file, zh=data_file_zh(message))
    )
    return notice_file_from_dict(data, path=name)


def _iter_notices(items: Iterable[Notice]) -> Iterable[Notice]:
    for n in items:
        if not isinstance(n, Notice):
            raise NoticeError(
                f"expected a Notice, got {type(n).__name__}",
                zh=f"应为 Notice，实为 {type(n).__name__}",
            )
        yield n
