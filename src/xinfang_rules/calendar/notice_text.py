"""The State Council's holiday notice, read from its published text and checked.

Each November the 国务院办公厅 publishes next year's notice (国务院办公厅关于XXXX年部分节假日
安排的通知): numbered items, one per festival, each giving the days off and the make-up
working days (调休上班) in a fixed, formulaic Chinese. :func:`parse_notice` reads that text,
as published or pasted from a web page (full- or half-width punctuation, line breaks,
stray spaces), into a :class:`~xinfang_rules.Notice` for
:meth:`~xinfang_rules.WorkdayCalendar.with_notice`, and checks it against the law before
it is trusted (:func:`check_notice`): every day 《全国年节及纪念日放假办法》 gives off in
force that year lies in an announced holiday, every make-up day is a Saturday or Sunday,
each weekday in parentheses is the date's, each ``共N天`` is the range's length, nothing
overlaps. Special notices that change one year's days (2015's 9月3日 anniversary, 2020's
longer Spring Festival) are read the same way and laid over the year's notice in order
(:func:`parse_notices`). :func:`notice_changes` says, day by day, what a notice changes
in a calendar; :func:`render_notice` writes a notice back as text.

>>> text = '''国务院办公厅关于2026年部分节假日安排的通知
... 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。'''
>>> parsed = parse_notice(text, check=False)
>>> parsed.notice.year, sorted(parsed.notice.workdays)
(2026, [datetime.date(2026, 1, 4)])
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

import attrs

from xinfang_rules.calendar.notices import FIRST_YEAR, LAST_YEAR, Notice
from xinfang_rules.dates import WEEKDAY_NAMES_ZH
from xinfang_rules.errors import NoticeError, bilingual
from xinfang_rules.privacy import echo, one_line

if TYPE_CHECKING:
    from xinfang_rules.calendar.days import DayInfo
    from xinfang_rules.calendar.workdays import WorkdayCalendar

__all__ = [
    "DayChange",
    "NoticeItem",
    "NoticeTextError",
    "NoticeTextWarning",
    "ParsedNotice",
    "check_notice",
    "notice_changes",
    "notice_file_toml",
    "parse_notice",
    "parse_notices",
    "read_notice_text",
    "render_notice",
    "statutory_days",
]

_ONE = _dt.timedelta(days=1)


class NoticeTextError(NoticeError):
    """A notice text that cannot be read, or that breaks the law or itself.

    Attributes:
        item: The item concerned as the notice numbers it (e.g. ``"二、春节"``), if one.

    """

    def __init__(self, message: str, item: str | None = None, *, zh: str | None = None) -> None:
        super().__init__(
            f"{item}: {message}" if item else message,
            zh=None if zh is None else (f"{item}：{zh}" if item else zh),
        )
        self.item = item


class NoticeTextWarning(UserWarning):
    """A notice that the law allows but that breaks a pattern every notice has kept.

    Attributes:
        zh: The warning in Chinese.

    """

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    def text_zh(self) -> str:
        """The warning in Chinese (the command line's default language)."""
        return self.zh or str(self)


# --------------------------------------------------------------------------- the law


@attrs.frozen
class _Law:
    since: int
    name: str
    spring: tuple[int, ...]  # offsets from 正月初一 (-1: 除夕)
    labour: tuple[int, ...]  # days of May
    lunar_festivals: bool  # 清明、端午、中秋


#: 《全国年节及纪念日放假办法》 Art. 2, as revised: which days each festival gives all
#: citizens off, by the year the revision took effect.
_LAWS = (
    _Law(2000, "（1999年修订）", (0, 1, 2), (1, 2, 3), False),
    _Law(2008, "（2007年修订）", (-1, 0, 1), (1,), True),
    _Law(2014, "（2013年修订）", (0, 1, 2), (1,), True),
    _Law(2025, "（2024年修订）", (-1, 0, 1, 2), (1, 2), True),
)


def _law(year: int) -> _Law:
    return [x for x in _LAWS if x.since <= year][-1]


def statutory_days(year: int) -> dict[_dt.date, tuple[str, str]]:
    """The days 《全国年节及纪念日放假办法》 in force in ``year`` gives everyone off.

    Returns:
        Date → (festival, the provision), e.g. ``(春节, "《全国年节及纪念日放假办法》
        （2024年修订）第二条")``. Lunar dates and 清明 come from the ``holidays``
        package's Chinese calendar.

    """
    from holidays.calendars.chinese import _ChineseLunisolar

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoticeTextError(
            f"year {year} is outside {FIRST_YEAR}..{LAST_YEAR}",
            zh=f"{year} 年超出日历范围（{FIRST_YEAR}—{LAST_YEAR} 年）",
        )
    law = _law(year)
    source = f"《全国年节及纪念日放假办法》{law.name}第二条"
    lunar = _ChineseLunisolar()

    def day_of(found: tuple[_dt.date | None, bool]) -> _dt.date:
        if found[0] is None:  # pragma: no cover - the package covers 1901-2099
            raise NoticeTextError(
                f"no lunar calendar for {year} in the holidays package",
                zh=f"holidays 包中没有 {year} 年的农历",
            )
        return found[0]

    out: dict[_dt.date, tuple[str, str]] = {_dt.date(year, 1, 1): ("元旦", source)}
    new_year = day_of(lunar.lunar_new_year_date(year))
    for offset in law.spring:
        out[new_year + _dt.timedelta(days=offset)] = ("春节", source)
    for day in law.labour:
        out[_dt.date(year, 5, day)] = ("劳动节", source)
    if law.lunar_festivals:
        out[day_of(lunar.qingming_date(year))] = ("清明节", source)
        out[day_of(lunar.dragon_boat_date(year))] = ("端午节", source)
        out[day_of(lunar.mid_autumn_date(year))] = ("中秋节", source)
    for day in (1, 2, 3):
        out[_dt.date(year, 10, day)] = ("国庆节", source)
    return out


# --------------------------------------------------------------------------- parsing


@attrs.frozen
class NoticeItem:
    """One numbered item of a notice (or the body of a special notice).

    Attributes:
        label: As the notice heads it, e.g. ``"二、春节"``.
        festivals: The festivals it names, e.g. ``("中秋节", "国庆节")``.
        days_off: The days off it announces.
        workdays: The make-up working days it announces.
        extends: For ``延长…假期至…``: (festival, the new last day off).
        text: The item's text, normalised.

    """

    label: str
    festivals: tuple[str, ...]
    days_off: tuple[_dt.date, ...]
    workdays: tuple[_dt.date, ...]
    extends: tuple[str, _dt.date] | None = None
    text: str = ""


@attrs.frozen
class ParsedNotice:
    """A notice read from its text.

    Attributes:
        notice: The notice, for :meth:`~xinfang_rules.WorkdayCalendar.with_notice`.
        items: Its items, as read.
        title: The title, if the text has it.
        number: The document number, e.g. ``"国办发明电〔2025〕7号"``, if given.
        published: The date it was signed, if given.

    """

    notice: Notice
    items: tuple[NoticeItem, ...]
    title: str = ""
    number: str = ""
    published: _dt.date | None = None


_NUM = "一二三四五六七八九十"
_TITLE = re.compile(r"国务院(?:办公厅)?关于(.{1,80}?)的通知")
_NUMBER = re.compile(r"国(?:办)?发(?:明电)?[〔\[(](\d{4})[〕\])](\d+)号")
_HEAD = re.compile(rf"(?:^|(?<=[。;:\n]))([{_NUM}]{{1,3}})、([^:。()\n]{{1,40}}?):")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?"
_DATE_RE = re.compile(_DATE)
# 放假公休: the wording of the 2008-2013 notices for a holiday joined to a weekend only
_OFF = re.compile(
    rf"^{_DATE}(?:至{_DATE})?(?:全国)?(?:放假调休|调休放假|放假公休|放假|调休)(?:(\d+)天)?$"
)
_TOTAL = re.compile(r"^共(\d+)天$")
_LIST = rf"{_DATE}(?:、{_DATE})*"
_WORK = re.compile(rf"^({_LIST})上班$")
_SUBST = re.compile(rf"^({_LIST})补休$")
_EXTEND = re.compile(rf"^延长(?:(\d{{4}})年)?(\S+?)假期至{_DATE}$")
_IGNORED = re.compile(r"^(?:与周末连休|不调休|.*正常上班)$")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_KEYWORDS = ("放假", "上班", "补休", "延长")
_WEEKDAY_INDEX = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}


def _normalise(text: str) -> str:
    """Full-width to half-width, no spaces (Chinese has none that means anything).

    Line breaks are kept (one for a run) for finding the items' headings; everything
    else reads the text without them.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("，", ",").replace("；", ";").replace("：", ":")
    text = re.sub(r"[^\S\n]+", "", text)
    return re.sub(r"\n+", "\n", text).strip("\n")


def _split_clauses(sentence: str) -> list[str]:
    """Split at commas outside parentheses."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in sentence:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",:" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [c for c in out if c]


class _Reader:
    def __init__(self, year: int, label: str) -> None:
        self.year = year
        self.label = label
        self.last_month: int | None = None

    def date(self, y: str | None, m: str | None, d: str | None, paren: str | None) -> _dt.date:
        year = int(y) if y else self.year
        if m:
            self.last_month = int(m)
        if self.last_month is None or d is None:
            raise NoticeTextError("a day without its month", self.label, zh="日期缺少月份")
        try:
            day = _dt.date(year, self.last_month, int(d))
        except ValueError:
            raise NoticeTextError(
                f"{year}年{self.last_month}月{d}日 is not a date", self.label
            ) from None
        if paren:
            found = _WEEKDAY.search(paren)
            if found and _WEEKDAY_INDEX[found.group(1)] != day.weekday():
                raise NoticeTextError(
                    f"{day} is a {WEEKDAY_NAMES_ZH[day.weekday()]}, not "
                    f"{found.group(0)} as the notice says ({paren})",
                    self.label,
                    zh=f"{day} 是{WEEKDAY_NAMES_ZH[day.weekday()]}，不是通知所写的"
                    f"{found.group(0)}（通知原文：{paren}）；请核对日期和星期",
                )
        return day

    def dates(self, text: str) -> list[_dt.date]:
        return [self.date(*m.groups()) for m in _DATE_RE.finditer(text)]


def _read_item(label: str, festivals: tuple[str, ...], body: str, year: int) -> NoticeItem:
    reader = _Reader(year, label)
    days_off: list[_dt.date] = []
    workdays: list[_dt.date] = []
    extends: tuple[str, _dt.date] | None = None
    for sentence in body.split("。"):
        if not sentence or not any(k in sentence for k in _KEYWORDS):
            continue  # e.g. 鼓励…安排职工在除夕（2月9日）休息
        if sentence.startswith(("鼓励", "节假日期间")):
            continue
        last_range: tuple[_dt.date, _dt.date] | None = None
        for clause in _split_clauses(sentence):
            clause = clause.removeprefix("其中")
            total = _TOTAL.match(clause)
            if total:
                if last_range is None:
                    raise NoticeTextError(
                        f"{clause}: a total with no days before it",
                        label,
                        zh=f"{clause}：写了共几天，前面却没有日期",
                    )
                _check_total(clause, int(total.group(1)), *last_range, label)
                continue
            if not _DATE_RE.search(clause):
                continue  # words around the dates: 为方便公众…, 特作如下调休
            off = _OFF.match(clause)
            if off:
                g = off.groups()
                first = reader.date(*g[0:4])
                last = reader.date(*g[4:8]) if g[6] else first
                if last < first:
                    raise NoticeTextError(
                        f"{clause}: the range ends before it starts",
                        label,
                        zh=f"{clause}：日期范围的结束日早于开始日",
                    )
                span = [first + _ONE * i for i in range((last - first).days + 1)]
                days_off.extend(span)
                last_range = (first, last)
                if g[8] is not None:
                    _check_total(clause, int(g[8]), first, last, label)
                continue
            work = _WORK.match(clause)
            if work:
                workdays.extend(reader.dates(work.group(1)))
                continue
            subst = _SUBST.match(clause)
            if subst:
                days_off.extend(reader.dates(subst.group(1)))
                continue
            ext = _EXTEND.match(clause)
            if ext:
                g = ext.groups()
                if g[0] and int(g[0]) != year:
                    raise NoticeTextError(
                        f"{clause}: extends {g[0]}, not {year}",
                        label,
                        zh=f"{clause}：延长的是 {g[0]} 年，不是 {year} 年",
                    )
                extends = (g[1], reader.date(*g[2:6]))
                continue
            if _IGNORED.match(clause):
                continue
            shown = echo(one_line(clause), personal=False)  # the notice's text: no one's data
            raise NoticeTextError(
                f"cannot read {shown}; expected e.g. '2月15日至23日放假调休，"
                "共9天' or '2月14日（周六）上班'",
                label,
                zh=f"无法识别 {shown}；应写作如「2月15日至23日放假调休，共9天」"
                "或「2月14日（周六）上班」",
            )
    return NoticeItem(
        label,
        festivals,
        tuple(dict.fromkeys(days_off)),
        tuple(dict.fromkeys(workdays)),
        extends,
        body,
    )


def _year_in_body(lined: str) -> int | None:
    """The year a notice without one in its title is for, from its own words.

    The opening sentence's (现将2010年元旦…), else the year of the first full date in a
    sentence that gives days off or working days (2015年9月3日全国放假1天). Never the
    signing date, the document number or a web page's dateline: they give no days.
    """
    found = re.search(r"现将(\d{4})年", lined.replace("\n", ""))
    if found:
        return int(found.group(1))
    for sentence in re.split(r"[。\n]", lined):
        if any(k in sentence for k in ("放假", "上班", "调休", "假期")):
            dated = re.search(r"(\d{4})年\d{1,2}月\d{1,2}日", sentence)
            if dated:
                return int(dated.group(1))
    return None


def _days_of(body: str) -> str:
    """An item's sentences that give days (what a repeat of it must say again)."""
    sentences = [s for s in body.split("。") if any(k in s for k in _KEYWORDS)]
    return "。".join(s for s in sentences if not s.startswith(("鼓励", "节假日期间")))


def _check_total(clause: str, n: int, first: _dt.date, last: _dt.date, label: str) -> None:
    days = (last - first).days + 1
    if n != days:
        raise NoticeTextError(
            f"{clause}: says {n} days, but {first} to {last} is {days} day(s)",
            label,
            zh=f"{clause}：写的是共 {n} 天，但 {first} 至 {last} 是 {days} 天",
        )


def parse_notice(text: str, year: int | None = None, *, check: bool = True) -> ParsedNotice:
    """Read one notice from its text.

    Args:
        text: The notice as published (title and number optional), or a special notice.
        year: The year it is for; default: the year in its title. Given, it must agree.
        check: Run :func:`check_notice` on the result (a regular notice only: a special
            notice changes a few days of a year whose notice :func:`parse_notices` takes).

    Raises:
        NoticeTextError: Text that cannot be read, or a notice that breaks the law or
            itself; the message names the item (e.g. ``二、春节``).

    """
    if not isinstance(text, str):
        raise NoticeTextError(
            f"a notice is text, got {type(text).__name__}",
            zh=f"通知应为文字，实为 {type(text).__name__}",
        )
    lined = _normalise(text)
    flat = lined.replace("\n", "")
    title_match = _TITLE.search(flat)
    in_title = re.search(r"(\d{4})年", title_match.group(1)) if title_match else None
    title_year = int(in_title.group(1)) if in_title else None
    if year is None:
        # the year is the title's, or the opening sentence's (现将2026年元旦…通知如下);
        # never a signing date, a document number or an editor's line of a web page
        year = title_year if title_year is not None else _year_in_body(lined)
        if year is None:
            raise NoticeTextError(
                "no year: the text has no title (国务院办公厅关于XXXX年部分节假日安排的通知); "
                "give the year",
                zh="看不出是哪一年的通知：文中没有标题（国务院办公厅关于XXXX年部分节假日安排"
                "的通知）；"
                "请把标题一并复制，或用 --year 写明年份",
            )
    elif title_year is not None and title_year != year:
        raise NoticeTextError(
            f"the title is for {title_year}, not {year}",
            zh=f"标题所写的是 {title_year} 年，不是 {year} 年",
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NoticeTextError(
            f"year {year} is outside {FIRST_YEAR}..{LAST_YEAR}",
            zh=f"{year} 年超出日历范围（{FIRST_YEAR}—{LAST_YEAR} 年）",
        )
    heads = list(_HEAD.finditer(lined))
    items: list[NoticeItem] = []
    if heads:
        bodies: dict[str, str] = {}
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(lined)
            signed = re.compile(r"\n国务院").search(lined, head.end(), end)
            if signed:  # the signature (or, on a web page, the text again) ends the items
                end = signed.start()
            festivals = tuple(x for x in head.group(2).split("、") if x)
            label = f"{head.group(1)}、{head.group(2)}"
            body = lined[head.end() : end].replace("\n", "")
            # a web page may show the text twice: an item again, word for word, is the same
            # item; an item again with other days is a contradiction
            if label in bodies:
                if _days_of(bodies[label]) == _days_of(body):
                    continue
                raise NoticeTextError(
                    "the item appears twice with different days",
                    label,
                    zh="同一项出现两次，日期不同；请只复制一份通知",
                )
            bodies[label] = body
            items.append(_read_item(label, festivals, body, year))
    else:
        # a special notice: its days are in its body, the occasion in its title
        name = title_match.group(1) if title_match else "调休"
        festival = re.search(r"元旦|春节|清明节|劳动节|端午节|中秋节|国庆节", name)
        if festival:
            name = festival.group(0)
        name = re.sub(r"(调休放假|放假调休|放假|假期)$", "", name) or "调休"
        body = flat[title_match.end() :] if title_match else flat
        body = re.sub(rf"(?:^|(?<=[。;]))[{_NUM}]{{1,3}}、", "", body)
        items.append(_read_item(name, (name,), body, year))
    if not any(item.days_off or item.workdays or item.extends for item in items):
        raise NoticeTextError(
            "no days off or working days found in the text", zh="文中没有找到放假日或调休上班日"
        )
    notice = _notice_of(year, items, title_match.group(0) if title_match else "", flat)
    number = _NUMBER.search(flat)
    published = None
    signed = re.search(r"国务院(?:办公厅)?(\d{4})年(\d{1,2})月(\d{1,2})日", flat)
    if signed:
        published = _dt.date(*(int(x) for x in signed.groups()))
    parsed = ParsedNotice(
        notice,
        tuple(items),
        title_match.group(0) if title_match else "",
        number.group(0) if number else "",
        published,
    )
    if check and heads:
        check_notice(parsed)
    return parsed


def _notice_of(year: int, items: Sequence[NoticeItem], title: str, flat: str) -> Notice:
    days_off: dict[_dt.date, str] = {}
    workdays: dict[_dt.date, str] = {}
    where: dict[_dt.date, str] = {}
    for item in items:
        name = "、".join(item.festivals)
        for d in item.days_off:
            if d in where:
                raise NoticeTextError(
                    f"{d} is also a day off under {where[d]}",
                    item.label,
                    zh=f"{d} 在{where[d]}中也是放假日",
                )
            days_off[d] = name
            where[d] = item.label
        for d in item.workdays:
            if d in where:
                other = "here" if where[d] == item.label else f"under {where[d]}"
                raise NoticeTextError(
                    f"{d} is a make-up working day and also a day off or working day {other}",
                    item.label,
                    zh=f"{d} 既是调休上班日，又在{other}中",
                )
            if d.weekday() < 5:
                raise NoticeTextError(
                    f"make-up working day {d} is a {WEEKDAY_NAMES_ZH[d.weekday()]}: a weekday "
                    "is a working day anyway; 调休上班 falls on a Saturday or Sunday",
                    item.label,
                    zh=f"调休上班日 {d} 是{WEEKDAY_NAMES_ZH[d.weekday()]}：工作日本来就上班，"
                    "调休上班应在星期六或星期日；请核对日期",
                )
            workdays[d] = name
            where[d] = item.label
        for d in (*item.days_off, *item.workdays):
            if d.year != year and not (d.year == year - 1 and d.month == 12 and d.day >= 25):
                raise NoticeTextError(
                    f"{d} is outside the notice's year {year}",
                    item.label,
                    zh=f"{d} 不在通知所属的 {year} 年",
                )
    number = _NUMBER.search(flat)
    try:
        return Notice(
            year,
            days_off=days_off,
            workdays=workdays,
            title=title,
            source=number.group(0) if number else "",
        )
    except NoticeTextError:
        raise
    except NoticeError as exc:
        raise NoticeTextError(str(exc), zh=exc.zh) from None


def check_notice(parsed: ParsedNotice) -> None:
    """Check a year's notice against the law and against itself.

    Every day 《全国年节及纪念日放假办法》 in force that year gives off is a day off of the
    notice (in the item naming its festival, when there is one). Warns
    (:class:`NoticeTextWarning`) where the law allows but no notice has done so: a
    make-up working day more than 10 days from every day off of its festival.

    Raises:
        NoticeTextError: A statutory day that is not off, named with its item.

    """
    notice = parsed.notice
    by_festival: dict[str, NoticeItem] = {}
    for each in parsed.items:
        for festival in each.festivals:
            by_festival.setdefault(festival, each)
    for day, (festival, source) in sorted(statutory_days(notice.year).items()):
        item = by_festival.get(festival)
        if day not in notice.days_off:
            raise NoticeTextError(
                f"{day} ({festival}, {source}) is a statutory day off, but the notice does "
                "not give it off",
                item.label if item else None,
                zh=f"{day}（{festival}，{source}）是法定假日，但通知没有安排放假",
            )
        if item is None:
            raise NoticeTextError(
                f"no item for {festival} (its statutory day {day}, {source}); the notice "
                "names every festival",
                zh=f"没有{festival}一项（其法定假日 {day}，{source}）；通知应逐一列出各节日",
            )
        if day not in item.days_off and not any(
            day in other.days_off and festival in "、".join(other.festivals)
            for other in parsed.items
        ):
            raise NoticeTextError(
                f"{day} ({festival}, {source}) is given off under another item",
                item.label,
                zh=f"{day}（{festival}，{source}）安排在了另一项中放假",
            )
    for item in parsed.items:
        for w in item.workdays:
            if item.days_off and min(abs((w - d).days) for d in item.days_off) > 11:
                warnings.warn(
                    NoticeTextWarning(
                        f"{item.label}: make-up working day {w} is more than 11 days from "
                        "every day off of its holiday, farther than any notice so far "
                        "(2026: 11 days)",
                        f"{item.label}：调休上班日 {w} 距该节日的每个放假日都超过 11 天，"
                        "比以往任何通知都远（2026 年为 11 天）；请核对日期",
                    ),
                    stacklevel=2,
                )


def parse_notices(texts: Iterable[str], year: int | None = None) -> ParsedNotice:
    """A year's notice and the special notices laid over it, in the order given.

    The first text is the year's notice (checked as :func:`parse_notice` checks); each
    later one changes some of its days: days it gives off are off, days it makes working
    days are working days, and ``延长…假期至…`` extends that holiday to the day named
    (dropping make-up working days inside the extension). The result is checked again.

    Raises:
        NoticeTextError: As :func:`parse_notice`; or texts for different years.

    """
    parsed_list = [parse_notice(t, year, check=False) for t in texts]
    if not parsed_list:
        raise NoticeTextError("no notice text given", zh="没有给出通知的文字")
    base = parsed_list[0]
    the_year = base.notice.year
    days_off = dict(base.notice.days_off)
    workdays = dict(base.notice.workdays)
    items = list(base.items)
    for extra in parsed_list[1:]:
        if extra.notice.year != the_year:
            raise NoticeTextError(
                f"{extra.title or 'a later text'} is for {extra.notice.year}, not {the_year}",
                zh=f"{extra.title or '后一份通知'}是 {extra.notice.year} 年的，不是 {the_year} 年",
            )
        for item in extra.items:
            if item.extends is not None:
                festival, until = item.extends
                ours = [d for d, name in days_off.items() if festival in name.split("、")]
                if not ours:
                    raise NoticeTextError(
                        f"extends {festival}, which the notice before it gives no days off",
                        item.label,
                        zh=f"延长{festival}假期，但前一份通知没有{festival}的放假日",
                    )
                d = max(ours) + _ONE
                while d <= until:
                    days_off[d] = festival
                    workdays.pop(d, None)
                    d += _ONE
            for d in item.days_off:
                workdays.pop(d, None)
                days_off[d] = "、".join(item.festivals)
            for d in item.workdays:
                days_off.pop(d, None)
                workdays[d] = "、".join(item.festivals)
        items.extend(extra.items)
    try:
        notice = Notice(
            the_year,
            days_off=days_off,
            workdays=workdays,
            title=base.notice.title,
            source=base.notice.source,
        )
    except NoticeError as exc:
        raise NoticeTextError(str(exc), zh=exc.zh) from None
    result = attrs.evolve(base, notice=notice, items=tuple(items))
    check_notice(result)
    return result


#: The most a notice text may hold (a notice is a page; a web page saved whole is more).
MAX_NOTICE_BYTES = 1 << 20


def read_notice_text(path: str, encoding: str | None = None) -> str:
    """The text of a notice file (``-``: standard input).

    ``encoding`` ``None`` (the default) finds it as the ledger reader does: UTF-8 (with or
    without a byte-order mark), else GB18030 (text saved on Chinese Windows).

    Raises:
        NoticeTextError: The file is not text in the encoding named (the message names
            the line, and suggests ``gb18030``), or is larger than a notice can be.

    """
    import io
    import sys

    where = "standard input" if path == "-" else path
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_NOTICE_BYTES + 1)
    else:
        with open(path, "rb") as binary_file:
            raw = binary_file.read(MAX_NOTICE_BYTES + 1)
    if len(raw) > MAX_NOTICE_BYTES:
        raise NoticeTextError(
            f"{where}: more than {MAX_NOTICE_BYTES // 1024} KiB: not a notice's text",
            zh=f"{where}：超过 {MAX_NOTICE_BYTES // 1024} KiB，不是一份通知的文字",
        )
    if encoding is None:
        for name in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(name)
            except UnicodeDecodeError:
                continue
        encoding = "utf-8-sig"  # pragma: no cover - gb18030 decodes almost any bytes
    return _decoded(io.BytesIO(raw), encoding, where)


def _decoded(binary: IO[bytes], encoding: str, where: str) -> str:
    from xinfang_rules._files import check_encoding, decode_lines, problem_zh

    try:
        check_encoding(encoding)
    except ValueError as exc:
        raise NoticeTextError(f"{where}: {exc}", zh=f"{where}：{bilingual(str(exc))[0]}") from None
    lines = []
    for number, text, problem in decode_lines(binary, encoding):
        if text is None:
            raise NoticeTextError(
                f"{where}, line {number}: {problem}",
                zh=f"{where}，第 {number} 行：{problem_zh(problem) or problem}",
            )
        lines.append(text)
    return "".join(lines)


# --------------------------------------------------------------------------- output


def _md(d: _dt.date, year: int) -> str:
    prefix = f"{d.year}年" if d.year != year else ""
    return f"{prefix}{d.month}月{d.day}日"


def _runs(days: Iterable[_dt.date]) -> list[tuple[_dt.date, _dt.date]]:
    out: list[tuple[_dt.date, _dt.date]] = []
    for d in sorted(days):
        if out and d == out[-1][1] + _ONE:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def render_notice(notice: Notice) -> str:
    """The notice as text in the State Council's form (for review, or to parse back).

    One item per holiday name, in the order of their first day off; days off as ranges
    with their total, make-up working days with their weekday.
    """
    names: dict[str, list[_dt.date]] = {}
    for d, name in sorted(notice.days_off.items()):
        names.setdefault(name, []).append(d)
    for name in dict(sorted(notice.workdays.items())).values():
        names.setdefault(name, [])
    lines = [f"国务院办公厅关于{notice.year}年部分节假日安排的通知"]
    for i, (name, days) in enumerate(names.items()):
        parts = []
        for first, last in _runs(days):
            if first == last:
                parts.append(f"{_md(first, notice.year)}放假，共1天。")
            else:
                end = (
                    _md(last, notice.year)
                    if (last.year, last.month) != (first.year, first.month)
                    else f"{last.day}日"
                )
                n = (last - first).days + 1
                parts.append(f"{_md(first, notice.year)}至{end}放假调休，共{n}天。")
        work = sorted(d for d, w in notice.workdays.items() if w == name)
        if work:
            listed = "、".join(
                f"{_md(d, notice.year)}（{WEEKDAY_NAMES_ZH[d.weekday()]}）" for d in work
            )
            parts.append(f"{listed}上班。")
        lines.append(f"{_cn_number(i + 1)}、{name}：{''.join(parts)}")
    return "\n".join(lines) + "\n"


def _cn_number(n: int) -> str:
    if n <= 10:
        return _NUM[n - 1]
    if n < 20:
        return "十" + (_NUM[n - 11] if n > 10 else "")
    return _NUM[n // 10 - 1] + "十" + (_NUM[n % 10 - 1] if n % 10 else "")


def notice_file_toml(parsed: ParsedNotice | Notice) -> str:
    """The notice as a notice file (``docs/notices.md``), ready for ``--notice``."""
    import json

    notice = parsed.notice if isinstance(parsed, ParsedNotice) else parsed

    def q(s: str) -> str:  # a TOML basic string: JSON's escapes are TOML's
        return json.dumps(s, ensure_ascii=False)

    def table(days: dict[_dt.date, str]) -> str:
        groups: dict[str, list[str]] = {}
        for first, last in _runs(days):
            # a run may hold several names; split it where the name changes
            cur = first
            while cur <= last:
                name = days[cur]
                end = cur
                while end + _ONE <= last and days[end + _ONE] == name:
                    end += _ONE
                groups.setdefault(name, []).append(
                    cur.isoformat() if cur == end else f"{cur.isoformat()}..{end.isoformat()}"
                )
                cur = end + _ONE
        inner = ", ".join(f"{q(k)} = [{', '.join(q(v) for v in vs)}]" for k, vs in groups.items())
        return "{ " + inner + " }" if inner else "{}"

    lines = [
        'schema = "xinfang_rules.notices/1"',
        "",
        "[[notice]]",
        f"year = {notice.year}",
        f"title = {q(notice.title)}",
        f"source = {q(notice.source)}",
        f"days_off = {table(dict(notice.days_off))}",
        f"workdays = {table(dict(notice.workdays))}",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- changes


@attrs.frozen
class DayChange:
    """A day the notice changes: what it was and what it becomes.

    Attributes:
        date: The day.
        before: The day in the calendar in use.
        after: The day with the notice applied.

    """

    date: _dt.date
    before: DayInfo
    after: DayInfo

    @property
    def kind_changes(self) -> bool:
        """Whether the day goes from working to rest or back (not only provisional → official)."""
        return self.before.is_workday != self.after.is_workday

    def __str__(self) -> str:
        was = self.before.reason().split("，", 1)[-1]
        now = self.after.reason().split("，", 1)[-1]
        weekday = WEEKDAY_NAMES_ZH[self.date.weekday()]
        return f"{self.date} {weekday}：{was} → {now}"


def notice_changes(calendar: WorkdayCalendar, notice: Notice) -> tuple[DayChange, ...]:
    """Every day of the notice's year (and late December before it) that it changes.

    A day changes when it becomes a working day or a rest day (a weekday off, a weekend
    day made a working day …), or when it stops being provisional; a rest day that stays
    a rest day under another name is not a change. Warnings about provisional years are silenced:
    they are what is being replaced.
    """
    from xinfang_rules.errors import ProvisionalCalendarWarning

    after_cal = calendar.with_notice(notice)
    start = _dt.date(notice.year - 1, 12, 25) if notice.year > FIRST_YEAR else None
    first = start or _dt.date(notice.year, 1, 1)
    last = _dt.date(notice.year, 12, 31)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        for before, after in zip(
            calendar.days(first, last), after_cal.days(first, last), strict=True
        ):
            if (before.is_workday, before.official) != (after.is_workday, after.official):
                out.append(DayChange(before.date, before, after))
    return tuple(out)
