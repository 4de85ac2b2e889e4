"""Exceptions and warnings of :mod:`xinfang_rules`.

Every error the library raises on purpose derives from :class:`XinfangError`, so a
caller can catch the library's complaints in one place. Errors about the *kind* of a
value also derive from :class:`TypeError`, errors about its *content* from
:class:`ValueError`, so code written against the standard exceptions keeps working.
Each message says what was wrong and how to fix it.
"""

from __future__ import annotations

import re

from xinfang_rules.privacy import mask_text, scrub

#: Chinese characters: a message holding them was written in Chinese (too).
_CJK = re.compile(r"[\u4e00-\u9fff]")

__all__ = [
    "CalendarNotPublishedError",
    "DateOutOfRangeError",
    "DeadlineError",
    "NoticeError",
    "NoticeFileError",
    "ProvisionalCalendarWarning",
    "RegimeError",
    "RuleFileError",
    "XinfangError",
    "XinfangTypeError",
    "XinfangValueError",
]


class XinfangError(Exception):
    """Base class of every error raised by :mod:`xinfang_rules`.

    Its message never shows an ID or phone number whole (:func:`xinfang_rules.privacy.scrub`),
    wherever the value in it came from. Every error speaks both languages: ``str(exc)`` is
    the message as raised (English, or Chinese and English side by side), ``exc.zh`` the
    Chinese, and :meth:`text` either one (the command line and the service pick by the
    user's language).

    Attributes:
        zh: The message in Chinese (for an error raised with both in one message, that
            message).
        en: The message in English, where ``str(exc)`` holds both languages.

    """

    def __init__(self, *args: object, zh: str | None = None, en: str | None = None) -> None:
        super().__init__(*(scrub(a) if isinstance(a, str) else a for a in args))
        first = args[0] if args else ""
        if zh is None and isinstance(first, str) and _CJK.search(first):
            zh, split_en = bilingual(first)
            en = en if en is not None else split_en
        self.zh: str | None = None if zh is None else scrub(zh)
        self.en: str | None = None if en is None else scrub(en)

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``); English where none in Chinese."""
        if lang == "zh" and self.zh is not None:
            return self.zh
        if lang != "zh" and self.en is not None:
            return self.en
        return str(self)


def bilingual(message: str) -> tuple[str, str | None]:
    """A message written ``中文 / English`` as (Chinese, English); (message, None) otherwise.

    A place before the Chinese (``file.csv: …``) is kept on both sides.

    >>> bilingual("台账.csv: 文件是空的 / the file is empty")
    ('台账.csv：文件是空的', '台账.csv: the file is empty')
    >>> bilingual("应为 YYYY-MM-DD 格式的日期 / expected YYYY-MM-DD")
    ('应为 YYYY-MM-DD 格式的日期', 'expected YYYY-MM-DD')
    >>> bilingual("跳过（--skip-bad / skip_bad=True） / skip (--skip-bad / skip_bad=True)")
    ('跳过（--skip-bad / skip_bad=True）', 'skip (--skip-bad / skip_bad=True)')
    >>> bilingual("只有中文"), bilingual("regime xinfang-2022 (2022 / 2005)")
    (('只有中文', None), ('regime xinfang-2022 (2022 / 2005)', None))
    """
    best: tuple[int, str, str] | None = None
    for found in _SPLIT.finditer(message):
        left, right = message[: found.start()], message[found.end() :]
        head, colon, rest = left.rpartition(": ")
        if colon and _chinese_first(rest):
            pair = (f"{head}：{rest}", f"{head}: {right}")
        elif _chinese_first(left):
            pair = (left, right)
        else:
            continue
        # a " / " inside the Chinese (--skip-bad / skip_bad=True) leaves Chinese on the
        # right: the split is the first one after which the least Chinese is left
        left_over = len(_WRITTEN_ZH.findall(right))
        if best is None or left_over < best[0]:
            best = (left_over, *pair)
    if best is None:
        return message, None
    return best[1], best[2]


def _chinese_first(text: str) -> bool:
    """Whether the first word of ``text`` (quoted values aside) is Chinese."""
    first = re.search(r"[A-Za-z\u4e00-\u9fff]", re.sub(r"'[^']*'", "", text))
    return first is not None and _CJK.match(first.group(0)) is not None


#: Chinese writing: characters and full-width punctuation.
_WRITTEN_ZH = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

#: Where a ``中文 / English`` message turns English: " / " before a Latin letter or digit.
_SPLIT = re.compile(r" / (?=[A-Za-z0-9'(])")


class XinfangTypeError(XinfangError, TypeError):
    """A value of the wrong type was passed (e.g. a ``datetime`` where a ``date`` is meant)."""


class XinfangValueError(XinfangError, ValueError):
    """A value of the right type but with unusable content was passed."""


class DateOutOfRangeError(XinfangValueError):
    """A date lies outside the range the working-day calendar supports."""


class CalendarNotPublishedError(XinfangError, LookupError):
    """A strict calendar was asked about a year whose official holiday notice it does not hold.

    Attributes:
        years: The years without an official notice that the request touched.

    """

    def __init__(self, message: str, years: tuple[int, ...] = (), *, zh: str | None = None) -> None:
        super().__init__(message, zh=zh)
        self.years = years


class NoticeError(XinfangValueError):
    """A holiday notice (放假安排通知) has impossible or contradictory entries."""


class _Located(XinfangValueError):
    """An error in a data file or in data passed in memory, naming where.

    Attributes:
        path: The file (``None`` for data passed in memory).
        entry: Where in the data, e.g. ``periods[2].unit`` (may be empty).

    """

    def __init__(
        self, message: str, *, path: str | None = None, entry: str = "", zh: str | None = None
    ) -> None:
        entry = mask_text(entry)  # keys come from the file too: a name may be one
        where = " ".join(part for part in (path or "", entry and f"at {entry}") if part)
        where_zh = " ".join(part for part in (path or "", entry and f"的 {entry}") if part)
        if zh is not None and where_zh:
            zh = f"{where_zh}：{zh}"
        super().__init__(f"{where}: {message}" if where else message, zh=zh)
        self.path = path
        self.entry = entry


class NoticeFileError(_Located, NoticeError):
    """A notice file could not be read; names the file and the entry at fault.

    Attributes:
        path: The file (``None`` for data passed in memory).
        entry: Where in the file, e.g. ``notice[0].workdays.春节[1]`` (may be empty).

    """


class RegimeError(XinfangValueError):
    """A regime or period is invalid, or a regime or period asked for does not exist."""


class RuleFileError(_Located, RegimeError):
    """A regime file could not be read; names the file and the entry, e.g. ``periods[2].unit``."""


class DeadlineError(XinfangValueError):
    """A deadline cannot be computed as asked (a pause or extension the rules do not allow)."""


class ProvisionalCalendarWarning(UserWarning):
    """A result depends on a year whose official holiday notice the calendar does not hold.

    For such a year the calendar uses the statutory festivals of 《全国年节及纪念日放假办法》
    without the State Council's 调休 (make-up working days), which the real notice nearly
    always adds. Treat results as provisional until the notice is added
    (see :meth:`xinfang_rules.WorkdayCalendar.with_notice`).

    Attributes:
        year: The year without an official notice (``None`` if not given).

    """

    def __init__(self, message: str, year: int | None = None) -> None:
        super().__init__(message)
        self.year = year

    def text_zh(self) -> str:
        """The warning in Chinese (the command line's default language)."""
        if self.year is None:
            return str(self)
        return (
            f"未收录 {self.year} 年国务院办公厅放假通知：该年放假日按《全国年节及纪念日放假办法》"
            f"推算、没有调休，涉及 {self.year} 年的结果为暂定；通知发布后可用 "
            "xinfang calendar notice import 导入"
        )
