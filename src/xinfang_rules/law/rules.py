"""Statutory periods of the petition rules, as data with their sources.

A :class:`Period` is one time limit (期限) of a regulation: how long, in which unit, from
which event, whether it may be extended, whether hearing time is left out, and the
article it comes from, with the text's words. A :class:`Regime` is the set of periods of
one regulation. The shipped regimes are data files (``law/regimes/*.toml``) in the
format users write, read by the same loader:

* :data:`XINFANG_2022`: 《信访工作条例》 (中共中央、国务院, in force 2022-05-01);
* :data:`XINFANG_2005`: 《信访条例》 (国务院令第431号, in force 2005-05-01), applied to
  petitions received before 2022-05-01;
* five provincial regulations: :data:`BEIJING_2006`, :data:`SHANGHAI_2018`,
  :data:`SHANDONG_2015`, :data:`HENAN_2012`, :data:`ZHEJIANG_2016` (each the version it
  names; a later revision may exist).

:func:`regime_for` picks the national regime by the petition's receipt date;
:func:`named_regime` finds any built-in one by name (``"shandong"``, ``"山东"``). Users define
their own regime in code (:class:`Regime`, :class:`Period`) or in a TOML/JSON file
(:func:`load_regime`, schema ``xinfang_rules.regime/1`` in ``docs/rules.md``).

How days are counted: the regulations say "15日", "60日", "30日" and, once, "5个工作日".
No official ruling says whether the bare 日 means calendar or working days. By default
this library reads 日 as calendar days counted under 《民法典》 Art. 201 and 203 (the start
day is not counted; a last day that is a rest day moves to the next working day), the
reading closest to the text and the stricter one. Many local systems count every 日 as a
working day; a regime says so with ``count_days_as="workdays"``
(:meth:`Regime.counting_days_as`).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from xinfang_rules._files import data_file_zh, read_data_file
from xinfang_rules.dates import as_date, date_from_data
from xinfang_rules.errors import RegimeError, RuleFileError, XinfangError, XinfangTypeError
from xinfang_rules.privacy import echo
from xinfang_rules.privacy import quoted as _quoted

__all__ = [
    "BEIJING_2006",
    "CATEGORIES",
    "HENAN_2012",
    "REGIME_SCHEMA",
    "SHANDONG_2015",
    "SHANGHAI_2018",
    "XINFANG_2005",
    "XINFANG_2022",
    "ZHEJIANG_2016",
    "Clock",
    "ExtensionRule",
    "Period",
    "Regime",
    "Source",
    "Unit",
    "load_regime",
    "named_regime",
    "regime_for",
    "regime_from_dict",
    "regimes",
]

#: The value of ``schema`` in a regime file this version reads.
REGIME_SCHEMA = "xinfang_rules.regime/1"

CountDaysAs = Literal["days", "workdays"]


class Unit(enum.Enum):
    """The unit a period is counted in."""

    DAYS = "days"  #: 日: calendar days, start day excluded, a rest last day rolls forward.
    WORKDAYS = "workdays"  #: 工作日: working days of the official calendar.
    SAME_DAY = "same_day"  #: 当日: the day the clock starts (next working day if a rest day).
    ON_THE_SPOT = "on_the_spot"  #: 当场: at once, while the petitioner is there.
    SET_BY_ASSIGNER = "set_by_assigner"  #: 交办: the deadline the assigning body set.

    @property
    def zh(self) -> str:
        """The unit in Chinese."""
        return _UNIT_ZH[self]

    @property
    def counts_days(self) -> bool:
        """Whether the period has a length in days (calendar or working)."""
        return self in (Unit.DAYS, Unit.WORKDAYS)


_UNIT_ZH = {
    Unit.DAYS: "日",
    Unit.WORKDAYS: "个工作日",
    Unit.SAME_DAY: "当日",
    Unit.ON_THE_SPOT: "当场",
    Unit.SET_BY_ASSIGNER: "交办期限",
}
_UNIT_NAMES = {u.value: u for u in Unit} | {
    "日": Unit.DAYS,
    "工作日": Unit.WORKDAYS,
    "当日": Unit.SAME_DAY,
    "当场": Unit.ON_THE_SPOT,
    "交办": Unit.SET_BY_ASSIGNER,
}


class Clock(enum.Enum):
    """The event that starts a period's clock (起算)."""

    RECEIVED = "received"  #: 收到信访事项之日
    FORWARD_RECEIVED = "forward_received"  #: 收到转送、交办的信访事项之日
    ASSIGNED = "assigned"  #: 交办之日
    ACCEPTED = "accepted"  #: 受理之日
    REPLY_RECEIVED = "reply_received"  #: 信访人收到书面答复之日
    REVIEW_REQUEST_RECEIVED = "review_request_received"  #: 收到复查请求之日
    REVIEW_REPLY_RECEIVED = "review_reply_received"  #: 信访人收到复查意见之日
    REREVIEW_REQUEST_RECEIVED = "rereview_request_received"  #: 收到复核请求之日
    SUPERVISION_RECEIVED = "supervision_received"  #: 收到督办改进建议之日
    #: 有权处理机关接收信访事项之日: the day the unit received it, directly or by transfer
    UNIT_RECEIVED = "unit_received"

    @property
    def zh(self) -> str:
        """The event in Chinese."""
        return _CLOCK_ZH[self]


_CLOCK_ZH = {
    Clock.RECEIVED: "收到信访事项之日",
    Clock.FORWARD_RECEIVED: "收到转送、交办的信访事项之日",
    Clock.ASSIGNED: "交办之日",
    Clock.ACCEPTED: "受理之日",
    Clock.REPLY_RECEIVED: "信访人收到书面答复之日",
    Clock.REVIEW_REQUEST_RECEIVED: "收到复查请求之日",
    Clock.REVIEW_REPLY_RECEIVED: "信访人收到复查意见之日",
    Clock.REREVIEW_REQUEST_RECEIVED: "收到复核请求之日",
    Clock.SUPERVISION_RECEIVED: "收到改进建议之日",
    Clock.UNIT_RECEIVED: "有权处理机关接收信访事项之日",
}

#: The matter categories a period's ``categories`` may name (the values of
#: :class:`xinfang_rules.cases.Category`; 《信访工作条例》 Art. 29-31).
CATEGORIES = ("建议意见类", "检举控告类", "申诉求决类")

CapReading = Literal["extension", "total"]
ExtensionFrom = Literal["last_day", "due_date"]

_DIGITS = "零一二三四五六七八九"


def _zh_number(n: int) -> str:
    """Chinese numeral for 1..999 as articles are numbered (第二十二条, 第一百零一条)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))


def _positive_or_none(name: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
        if value is not None and (type(value) is not int or value < 1):
            raise RegimeError(
                f"{name} must be a positive whole number or None, got {echo(value)}",
                zh=f"{name} 应为正整数或 None，实为 {echo(value)}",
            )

    return check


@attrs.frozen
class Source:
    """Where a rule comes from: document, article, paragraph (款), item (项).

    Attributes:
        document: The document's title, e.g. ``"《信访工作条例》"``.
        article: Article number (条), or ``None`` when not pinned.
        paragraph: Paragraph (款) within the article, counted from 1, or ``None``.
        item: Item (项) within the paragraph, counted from 1, or ``None``.
        quote: The words that set the rule, short, as in the text.
        note: Anything a reader must know about this source (e.g. "to be checked").

    >>> print(Source("《信访工作条例》", 23, 3))
    《信访工作条例》第二十三条第三款
    >>> Source("《信访工作条例》", 22, 1, 3).render("en")
    '《信访工作条例》 Art. 22 ¶1 (3)'

    """

    document: str = attrs.field()
    article: int | None = attrs.field(default=None, validator=_positive_or_none("article"))
    paragraph: int | None = attrs.field(default=None, validator=_positive_or_none("paragraph"))
    item: int | None = attrs.field(default=None, validator=_positive_or_none("item"))
    quote: str | None = None
    note: str | None = None

    @document.validator
    def _check_document(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise RegimeError("a source needs the document's title, e.g. '《信访工作条例》'")

    def render(self, lang: Literal["zh", "en"] = "zh") -> str:
        """The citation in Chinese (第二十三条第三款) or English (Art. 23 ¶3)."""
        if lang == "zh":
            text = self.document
            if self.article is not None:
                text += f"第{_zh_number(self.article)}条"
            if self.paragraph is not None:
                text += f"第{_zh_number(self.paragraph)}款"
            if self.item is not None:
                text += f"第{_zh_number(self.item)}项"
            return text
        parts = [self.document]
        if self.article is not None:
            parts.append(f"Art. {self.article}")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        if self.item is not None:
            parts.append(f"({self.item})")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.render()


#: The longest period or extension accepted, in days (longer ones leave the calendar's range).
_MAX_LENGTH = 3660


def _to_strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class ExtensionRule:
    """How far a period may be extended (延长), who approves, and what else it needs.

    Attributes:
        max_length: The number the text gives, in ``unit``: the most the period may be
            extended by (``caps="extension"``) or the longest the whole period may run,
            extension included (``caps="total"``).
        source: Where the extension is allowed.
        unit: Unit of ``max_length`` (calendar days unless the text says otherwise).
        needs: What the text requires, in its words (approval, telling the petitioner).
        approver: Who approves, as the text names it (e.g. ``"本机关、单位负责人"``);
            ``None`` where the text names no one.
        notify_petitioner: Whether the text requires telling the petitioner the reason
            (告知信访人延期理由).
        caps: What ``max_length`` bounds: the extension (``"extension"``, "延长期限不得超过
            30日") or the period with its extension (``"total"``, "最长不得超过九十日").

    >>> ExtensionRule(90, Source("《河南省信访条例》", 26), caps="total").max_extension(30)
    60

    """

    max_length: int = attrs.field()
    source: Source
    unit: Unit = Unit.DAYS
    needs: tuple[str, ...] = attrs.field(default=(), converter=_to_strings)
    approver: str | None = None
    notify_petitioner: bool = False
    caps: CapReading = attrs.field(default="extension")

    @max_length.validator
    def _check_max(self, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or value < 1 or value > _MAX_LENGTH:
            raise RegimeError(
                f"an extension's max_length must be a whole number from 1 to {_MAX_LENGTH}, "
                f"got {echo(value)}",
                zh=f"延长的 max_length 应为 1 至 {_MAX_LENGTH} 的整数，实为 {echo(value)}",
            )

    @caps.validator
    def _check_caps(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("extension", "total"):
            raise RegimeError(
                f"an extension's caps must be 'extension' or 'total', got {echo(value)}",
                zh=f"延长的 caps 应为 'extension' 或 'total'，实为 {echo(value)}",
            )

    def max_extension(self, base_length: int) -> int:
        """The most an extension may add to a period of ``base_length``."""
        return self.max_length if self.caps == "extension" else self.max_length - base_length


def _to_unit_late(value: Unit | str) -> Unit:
    return _to_unit(value)


def _to_clock_late(value: Clock | str) -> Clock:
    return _to_clock(value)


def _to_categories(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (value,)
    out = tuple(value)
    for c in out:
        if c not in CATEGORIES:
            raise RegimeError(
                f"unknown category {echo(c)}; use one of: {', '.join(CATEGORIES)}",
                zh=f"无法识别的问题类别 {echo(c)}；可用：{'、'.join(CATEGORIES)}",
            )
    if not out:
        raise RegimeError(
            "categories must name at least one category, or be None (all)",
            zh="categories 应至少写一个问题类别，或为 None（全部）",
        )
    return out


@attrs.frozen
class Period:
    """One statutory period (期限).

    Attributes:
        id: Stable identifier, e.g. ``"handle"``.
        title: Chinese title, e.g. ``"办理申诉求决类事项"``.
        length: Length in ``unit`` (``None`` for same-day, on-the-spot and assigned periods).
        unit: How the period is counted (:class:`Unit`).
        clock: The event that starts it (:class:`Clock`).
        source: Where the period is set, with the text's words.
        extension: Whether and how far it may be extended (``None``: it may not).
        excludes_hearing: Whether the text leaves hearing (听证) time out of the period.
        scope: Which matters it applies to, in the text's words, when not all.
        note: What else the text says about it (e.g. finality, an exception).
        title_en: English title.
        categories: The matter categories it applies to (values of :data:`CATEGORIES`);
            ``None``: every category.
        stoppable: Whether a clock stop (中止) may pause it. None of the encoded texts
            names 中止; the shipped regimes allow it on the unit's own handling and
            decision periods (a recorded practice), never on the petitioner's windows or
            on routing, notice and objection periods.
        refers_to: Where the text sends the reader for this period's rule (e.g. 浙江
            Art. 24 refers 复查/复核 to the national rules): the rule applied.
        exempt_if_identity_unclear: The text lifts this duty (to tell the petitioner)
            when the petitioner's name or address is unclear ("但信访人的姓名（名称）、
            住址不清的除外"): an exception to the duty, not a ground to refuse.

    """

    id: str = attrs.field()
    title: str
    length: int | None
    unit: Unit = attrs.field(converter=_to_unit_late)
    clock: Clock = attrs.field(converter=_to_clock_late)
    source: Source
    extension: ExtensionRule | None = None
    excludes_hearing: bool = False
    scope: str | None = None
    note: str | None = None
    title_en: str | None = None
    categories: tuple[str, ...] | None = attrs.field(default=None, converter=_to_categories)
    stoppable: bool = False
    refers_to: Source | None = None
    exempt_if_identity_unclear: bool = False

    @id.validator
    def _check_id(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value or not value.replace("_", "").isalnum():
            raise RegimeError(
                f"a period id must be letters, digits and '_', got {echo(value)}",
                zh=f"期限编号只能由字母、数字和 '_' 组成，实为 {echo(value)}",
            )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.source, Source):
            raise RegimeError(
                f"period {echo(self.id)}: every period needs its Source",
                zh=f"期限 {echo(self.id)}：每个期限都须写明依据（Source）",
            )
        if self.refers_to is not None and not isinstance(self.refers_to, Source):
            raise RegimeError(
                f"period {echo(self.id)}: refers_to must be a Source",
                zh=f"期限 {echo(self.id)}：refers_to 应为 Source",
            )
        if self.unit.counts_days:
            if type(self.length) is not int or not 1 <= self.length <= _MAX_LENGTH:
                raise RegimeError(
                    f"period {echo(self.id)}: a period in {self.unit.value} needs a whole-number "
                    f"length from 1 to {_MAX_LENGTH}, got {echo(self.length)}",
                    zh=f"期限 {echo(self.id)}：按 {self.unit.value} 计的期限须为 1 至 "
                    f"{_MAX_LENGTH} 的整数天数，实为 {echo(self.length)}",
                )
        elif self.length is not None:
            raise RegimeError(
                f"period {echo(self.id)}: a {self.unit.value} period has no length; "
                f"got {echo(self.length)}",
                zh=f"期限 {echo(self.id)}：{self.unit.value} 期限没有天数；实为 "
                f"{echo(self.length)}",
            )
        elif self.stoppable or self.excludes_hearing:
            raise RegimeError(
                f"period {echo(self.id)}: a period without a length cannot be paused",
                zh=f"期限 {echo(self.id)}：没有天数的期限不能中止",
            )
        ext = self.extension
        if ext is not None and not self.unit.counts_days:
            raise RegimeError(
                f"period {echo(self.id)}: only periods with a length can be extended",
                zh=f"期限 {echo(self.id)}：只有有天数的期限才能延长",
            )
        if ext is not None and ext.unit is not self.unit:
            raise RegimeError(
                f"period {echo(self.id)}: its extension is counted in {ext.unit.value} "
                f"but the period in {self.unit.value}; give both the same unit",
                zh=f"期限 {echo(self.id)}：延长按 {ext.unit.value} 计，期限按 "
                f"{self.unit.value} 计；请用同一单位",
            )
        if ext is not None and ext.max_extension(self.length or 0) < 1:
            raise RegimeError(
                f"period {echo(self.id)}: its extension caps the whole period at {ext.max_length} "
                f"{ext.unit.value}, which leaves nothing to extend a period of {self.length}",
                zh=f"期限 {echo(self.id)}：延长把整个期限限定为 {ext.max_length} "
                f"{ext.unit.value}，{self.length} 的期限已无可延长",
            )

    def applies_to(self, category: str) -> bool:
        """Whether the period applies to a matter of ``category`` (e.g. ``"申诉求决类"``)."""
        return self.categories is None or category in self.categories

    @property
    def length_text(self) -> str:
        """The length as the text says it: ``"15日"``, ``"5个工作日"``, ``"当场"``."""
        if self.length is None:
            return self.unit.zh
        return f"{self.length}{self.unit.zh}"

    def counted_as(self, count_days_as: CountDaysAs) -> Period:
        """The period with its calendar days counted as working days, or unchanged."""
        if count_days_as == "workdays" and self.unit is Unit.DAYS:
            ext = self.extension
            if ext is not None and ext.unit is Unit.DAYS:
                ext = attrs.evolve(ext, unit=Unit.WORKDAYS)
            return attrs.evolve(self, unit=Unit.WORKDAYS, extension=ext)
        return self


def _to_unit(value: Unit | str) -> Unit:
    """A :class:`Unit` from itself, its value (``"workdays"``) or its Chinese (``"工作日"``)."""
    if isinstance(value, Unit):
        return value
    if isinstance(value, str) and value in _UNIT_NAMES:
        return _UNIT_NAMES[value]
    raise RegimeError(
        f"unknown unit {echo(value)}; use one of: {', '.join(u.value for u in Unit)} "
        "(or 日, 工作日, 当日, 当场, 交办)"
    )


def _to_clock(value: Clock | str) -> Clock:
    """A :class:`Clock` from itself or its value (``"accepted"``)."""
    if isinstance(value, Clock):
        return value
    try:
        return Clock(value)
    except ValueError:
        raise RegimeError(
            f"unknown clock {echo(value)}; use one of: {', '.join(c.value for c in Clock)}",
            zh=f"无法识别的起算点 {echo(value)}；可用：{'、'.join(c.value for c in Clock)}",
        ) from None


def _to_periods(value: Iterable[Period]) -> tuple[Period, ...]:
    periods = tuple(value)
    seen: set[str] = set()
    for p in periods:
        if not isinstance(p, Period):
            raise RegimeError(
                f"a regime holds Period records, got {type(p).__name__}",
                zh=f"规则应由 Period 记录组成，实为 {type(p).__name__}",
            )
        if p.id in seen:
            raise RegimeError(
                f"period id {echo(p.id)} appears twice; ids must be unique",
                zh=f"期限编号 {echo(p.id)} 出现两次；编号不能重复",
            )
        seen.add(p.id)
    return periods


@attrs.frozen(repr=False)
class Regime:
    """The periods of one regulation, and how its days are counted.

    Attributes:
        id: Stable identifier, e.g. ``"xinfang-2022"``.
        title: The regulation, e.g. ``"《信访工作条例》（2022）"``.
        periods: The periods, in the order a case meets them.
        source: The regulation as a whole (promulgation, entry into force).
        in_force: First day the regime applies to (by the petition's receipt date).
        until: First day it no longer applies (``None``: no end encoded).
        count_days_as: ``"days"`` (default: 日 are calendar days, 民法典 Art. 201/203) or
            ``"workdays"`` (every 日 counted as a working day, as many local systems do).
        names: Other names it is selected by (``"2022"``, ``"shandong"``, ``"山东"``).
        text_date: The date of the text encoded (its adoption, revision or amendment).
        note: What a reader must know (e.g. that a later revision may exist).
        extension_from: How an extension of a period counted in 日 whose last day is a
            rest day is counted: ``"last_day"`` (default: the period is lengthened by the
            extension, then its last day rolled forward once) or ``"due_date"`` (the
            extension runs from the rolled-forward original due date: a later date).

    >>> XINFANG_2022["handle"].length_text
    '60日'
    >>> XINFANG_2022.counting_days_as("workdays")["handle"].unit
    <Unit.WORKDAYS: 'workdays'>

    """

    id: str
    title: str
    periods: tuple[Period, ...] = attrs.field(converter=_to_periods)
    source: Source
    in_force: _dt.date | None = None
    until: _dt.date | None = None
    count_days_as: CountDaysAs = attrs.field(default="days")
    names: tuple[str, ...] = attrs.field(default=(), converter=_to_strings)
    text_date: _dt.date | None = None
    note: str | None = None
    extension_from: ExtensionFrom = attrs.field(default="last_day")
    _lookup: dict[str, Period] = attrs.field(init=False, eq=False, repr=False)

    @count_days_as.validator
    def _check_count(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("days", "workdays"):
            raise RegimeError(
                f"count_days_as must be 'days' or 'workdays', got {echo(value)}",
                zh=f"count_days_as 应为 'days'（日）或 'workdays'（工作日），实为 {echo(value)}",
            )

    @extension_from.validator
    def _check_extension_from(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("last_day", "due_date"):
            raise RegimeError(
                f"extension_from must be 'last_day' or 'due_date', got {echo(value)}",
                zh=f"extension_from 应为 'last_day' 或 'due_date'，实为 {echo(value)}",
            )

    def __attrs_post_init__(self) -> None:
        lookup = {p.id: p.counted_as(self.count_days_as) for p in self.periods}
        object.__setattr__(self, "_lookup", lookup)
        if self.in_force is not None and self.until is not None and self.until <= self.in_force:
            raise RegimeError(
                f"regime {echo(self.id)}: until ({self.until}) must be after in_force "
                f"({self.in_force})",
                zh=f"规则 {echo(self.id)}：失效日（{self.until}）应晚于施行日（{self.in_force}）",
            )

    def __getitem__(self, period_id: str) -> Period:
        found = self._lookup.get(period_id)
        if found is not None:
            return found
        raise RegimeError(
            f"regime {echo(self.id)} has no period {echo(period_id)}; it has: "
            + ", ".join(p.id for p in self.periods),
            zh=f"规则 {echo(self.id)} 没有期限 {echo(period_id)}；现有："
            f"{'、'.join(p.id for p in self.periods)}",
        )

    def get(self, period_id: str, default: Period | None = None) -> Period | None:
        """The period with ``period_id`` as this regime counts it, or ``default``."""
        return self._lookup.get(period_id, default)

    def __contains__(self, period_id: object) -> bool:
        return period_id in self._lookup

    def __iter__(self) -> Iterator[Period]:
        return iter(self._lookup.values())

    def __len__(self) -> int:
        return len(self.periods)

    def __repr__(self) -> str:
        return (
            f"Regime(id={self.id!r}, title={self.title!r}, periods={len(self.periods)}, "
            f"count_days_as={self.count_days_as!r})"
        )

    def counting_days_as(self, count_days_as: CountDaysAs) -> Regime:
        """The same regime counting every 日 as calendar days or as working days."""
        return attrs.evolve(self, count_days_as=count_days_as)

    def counting_extensions_from(self, extension_from: ExtensionFrom) -> Regime:
        """The same regime reading extensions from the last day or from the rolled due date.

        The texts say a period "may be extended by at most N日" without saying what to do
        when the original last day is a rest day. ``"last_day"`` (the default) lengthens
        the period and rolls its new last day once (《民法典》 Art. 203 applies to the
        period as extended); ``"due_date"`` counts the extension from the original due
        date, itself rolled forward.
        """
        return attrs.evolve(self, extension_from=extension_from)

    def with_extension_cap(self, period_id: str, caps: CapReading) -> Regime:
        """The same regime reading one period's extension cap the other way.

        Where a text says "可以适当延长，但最长不得超过九十日" (河南 Art. 26), the 90 days
        may bound the extension or the whole period; ``caps`` chooses (see
        :class:`ExtensionRule`).
        """
        period = self[period_id]
        if period.extension is None:
            raise RegimeError(
                f"period {echo(period_id)} of {self.id} has no extension to read",
                zh=f"{self.id} 的期限 {echo(period_id)} 没有可读的延长规定",
            )
        original = next(p for p in self.periods if p.id == period_id)
        assert original.extension is not None  # as counted, so as given
        changed = attrs.evolve(original, extension=attrs.evolve(original.extension, caps=caps))
        return attrs.evolve(
            self, periods=tuple(changed if p.id == period_id else p for p in self.periods)
        )

    def applies_to(self, received_on: _dt.date) -> bool:
        """Whether a petition received on ``received_on`` falls under this regime."""
        d = as_date(received_on, "received_on")
        return (self.in_force is None or self.in_force <= d) and (
            self.until is None or d < self.until
        )


# --------------------------------------------------------------------------- regime files


def _fail(message: str, path: str | None, entry: str, zh: str | None = None) -> RuleFileError:
    return RuleFileError(message, path=path, entry=entry, zh=zh)


def _refail(exc: Exception, path: str | None, entry: str) -> RuleFileError:
    """A library error met while reading a regime file, placed in it, in both languages."""
    zh = exc.zh if isinstance(exc, XinfangError) else None
    return _fail(str(exc), path, entry, zh)


def _get(
    data: Mapping[str, Any],
    key: str,
    kind: type,
    path: str | None,
    entry: str,
    *,
    required: bool = True,
) -> Any:
    where = f"{entry}.{key}" if entry else key
    if key not in data:
        if required:
            raise _fail(f"'{key}' is missing", path, where, f"缺少 '{key}'")
        return None
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _fail(
            f"'{key}' must be {kind.__name__}, got {type(value).__name__} ({echo(value)})",
            path,
            where,
            f"'{key}' 应为 {kind.__name__}，实为 {type(value).__name__}（{echo(value)}）",
        )
    return value


def _no_unknown(data: Mapping[str, Any], allowed: set[str], path: str | None, entry: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        where = f"{entry}.{unknown[0]}" if entry else unknown[0]
        raise _fail(
            f"unknown key {echo(unknown[0])}; allowed here: {', '.join(sorted(allowed))}",
            path,
            where,
            f"无法识别的键 {echo(unknown[0])}；此处可用：{'、'.join(sorted(allowed))}",
        )


def _source_from(data: object, path: str | None, entry: str) -> Source:
    if not isinstance(data, Mapping):
        raise _fail(
            "every period needs a source table: {document = '...', article = N, paragraph = N}",
            path,
            entry,
            "每个期限都须有依据表：{document = '...', article = N, paragraph = N}",
        )
    _no_unknown(data, _SOURCE_KEYS, path, entry)
    fields: dict[str, Any] = {}
    for key, kind in (("article", int), ("paragraph", int), ("item", int)):
        value = _get(data, key, kind, path, entry, required=False)
        if value is not None and value < 1:
            raise _fail(
                f"'{key}' must be 1 or more, got {value}", path, f"{entry}.{key}",
                f"'{key}' 应不小于 1，实为 {value}",
            )  # fmt: skip
        fields[key] = value
    for key in ("quote", "note"):
        fields[key] = _get(data, key, str, path, entry, required=False)
    document = _get(data, "document", str, path, entry)
    if not document.strip():
        raise _fail("'document' is empty", path, f"{entry}.document", "'document' 为空")
    return Source(document, **fields)


def _unit_from(value: object, path: str | None, entry: str) -> Unit:
    try:
        return _to_unit(value)  # type: ignore[arg-type]
    except RegimeError as exc:
        raise _refail(exc, path, entry) from None


def _date_from(value: object, path: str | None, entry: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return date_from_data(value)
    except ValueError as exc:
        raise _refail(exc, path, entry) from None


_SOURCE_KEYS = {"document", "article", "paragraph", "item", "quote", "note"}
_PERIOD_KEYS = {
    "id", "title", "length", "unit", "clock", "source", "extension",
    "excludes_hearing", "scope", "note", "title_en", "categories", "stoppable", "refers_to",
    "exempt_if_identity_unclear",
}  # fmt: skip
_EXTENSION_KEYS = {
    "max_length", "unit", "needs", "source", "approver", "notify_petitioner", "caps",
}  # fmt: skip
_REGIME_KEYS = {
    "schema", "id", "title", "source", "periods", "in_force", "until", "count_days_as",
    "names", "text_date", "note", "extension_from",
}  # fmt: skip


def _strings(data: Mapping[str, Any], key: str, path: str | None, entry: str) -> list[str]:
    value = _get(data, key, list, path, entry, required=False) or []
    if not all(isinstance(x, str) for x in value):
        where = f"{entry}.{key}" if entry else key
        raise _fail(f"'{key}' must be a list of strings", path, where, f"'{key}' 应为文字的列表")
    return value


def _choice(
    data: Mapping[str, Any], key: str, options: tuple[str, ...], path: str | None, entry: str
) -> Any:
    value = data.get(key, options[0])
    if value not in options:
        where = f"{entry}.{key}" if entry else key
        raise _fail(
            f"'{key}' must be one of {', '.join(_quoted(options))}, got {echo(value)}",
            path,
            where,
            f"'{key}' 应为 {'、'.join(_quoted(options))} 之一，实为 {echo(value)}",
        )
    return value


def _period_from(data: object, path: str | None, entry: str) -> Period:
    if not isinstance(data, Mapping):
        raise _fail(
            f"a period must be a table, got {type(data).__name__}", path, entry,
            f"期限应为表，实为 {type(data).__name__}",
        )  # fmt: skip
    _no_unknown(data, _PERIOD_KEYS, path, entry)
    unit = _unit_from(_get(data, "unit", str, path, entry), path, f"{entry}.unit")
    try:
        clock = _to_clock(_get(data, "clock", str, path, entry))
    except RegimeError as exc:
        raise _refail(exc, path, f"{entry}.clock") from None
    length = _get(data, "length", int, path, entry, required=unit.counts_days)
    if length is not None and length < 1:
        raise _fail(
            f"'length' must be a positive number of days, got {length}", path, f"{entry}.length",
            f"'length' 应为正整数天数，实为 {length}",
        )  # fmt: skip
    if "source" not in data:
        raise _fail(
            "'source' is missing: every period names its source", path, f"{entry}.source",
            "缺少 'source'：每个期限都须写明依据",
        )  # fmt: skip
    source = _source_from(data["source"], path, f"{entry}.source")
    extension = None
    ext = data.get("extension")
    if ext is not None:
        e_entry = f"{entry}.extension"
        if not isinstance(ext, Mapping):
            raise _fail(
                "'extension' must be a table {max_length = N, ...}", path, e_entry,
                "'extension' 应为表 {max_length = N, ...}",
            )  # fmt: skip
        _no_unknown(ext, _EXTENSION_KEYS, path, e_entry)
        max_length = _get(ext, "max_length", int, path, e_entry)
        if max_length < 1:
            raise _fail(
                f"'max_length' must be positive, got {max_length}", path, f"{e_entry}.max_length",
                f"'max_length' 应为正数，实为 {max_length}",
            )  # fmt: skip
        e_unit = _unit_from(ext.get("unit", unit.value), path, f"{e_entry}.unit")
        needs = _strings(ext, "needs", path, e_entry)
        e_source = (
            _source_from(ext["source"], path, f"{e_entry}.source") if "source" in ext else source
        )
        try:
            extension = ExtensionRule(
                max_length,
                e_source,
                e_unit,
                tuple(needs),
                approver=_get(ext, "approver", str, path, e_entry, required=False),
                notify_petitioner=bool(
                    _get(ext, "notify_petitioner", bool, path, e_entry, required=False)
                ),
                caps=_choice(ext, "caps", ("extension", "total"), path, e_entry),
            )
        except RegimeError as exc:
            raise _refail(exc, path, e_entry) from None
    categories = _strings(data, "categories", path, entry) if "categories" in data else None
    refers_to = (
        _source_from(data["refers_to"], path, f"{entry}.refers_to") if "refers_to" in data else None
    )
    try:
        return Period(
            id=_get(data, "id", str, path, entry),
            title=_get(data, "title", str, path, entry),
            length=length,
            unit=unit,
            clock=clock,
            source=source,
            extension=extension,
            excludes_hearing=bool(
                _get(data, "excludes_hearing", bool, path, entry, required=False) or False
            ),
            scope=_get(data, "scope", str, path, entry, required=False),
            note=_get(data, "note", str, path, entry, required=False),
            title_en=_get(data, "title_en", str, path, entry, required=False),
            categories=categories,
            stoppable=bool(_get(data, "stoppable", bool, path, entry, required=False)),
            refers_to=refers_to,
            exempt_if_identity_unclear=bool(
                _get(data, "exempt_if_identity_unclear", bool, path, entry, required=False)
            ),
        )
    except RuleFileError:
        raise
    except RegimeError as exc:
        raise _refail(exc, path, entry) from None


def regime_from_dict(data: Mapping[str, Any], *, path: str | None = None) -> Regime:
    """Build a :class:`Regime` from plain data (parsed TOML or JSON; schema in ``docs/rules.md``).

    Raises:
        RuleFileError: An entry is missing or invalid; the error names the entry, e.g.
            ``periods[2].unit``.

    """
    if not isinstance(data, Mapping):
        raise _fail(
            f"a regime file must hold a table, got {type(data).__name__}", path, "",
            f"规则文件的最外层应为表，实为 {type(data).__name__}",
        )  # fmt: skip
    schema = data.get("schema")
    if schema != REGIME_SCHEMA:
        raise _fail(
            f"'schema' must be '{REGIME_SCHEMA}', got {echo(schema)}; this version reads only that",
            path,
            "schema",
            f"'schema' 应为 '{REGIME_SCHEMA}'，实为 {echo(schema)}；本版本只读这一种",
        )
    _no_unknown(data, _REGIME_KEYS, path, "")
    periods_data = _get(data, "periods", list, path, "")
    if not periods_data:
        raise _fail("a regime needs at least one period", path, "periods", "规则至少须有一个期限")
    periods = [_period_from(p, path, f"periods[{i}]") for i, p in enumerate(periods_data)]
    count = data.get("count_days_as", "days")
    if count not in ("days", "workdays"):
        raise _fail(
            f"'count_days_as' must be 'days' or 'workdays', got {echo(count)}",
            path,
            "count_days_as",
            f"'count_days_as' 应为 'days'（日）或 'workdays'（工作日），实为 {echo(count)}",
        )
    if "source" not in data:
        raise _fail(
            "'source' is missing: name the regulation", path, "source", "缺少 'source'：请写明法规"
        )
    try:
        return Regime(
            id=_get(data, "id", str, path, ""),
            title=_get(data, "title", str, path, ""),
            periods=periods,
            source=_source_from(data["source"], path, "source"),
            in_force=_date_from(data.get("in_force"), path, "in_force"),
            until=_date_from(data.get("until"), path, "until"),
            count_days_as=count,
            names=tuple(_strings(data, "names", path, "")),
            text_date=_date_from(data.get("text_date"), path, "text_date"),
            note=_get(data, "note", str, path, "", required=False),
            extension_from=_choice(data, "extension_from", ("last_day", "due_date"), path, ""),
        )
    except RuleFileError:
        raise
    except RegimeError as exc:
        raise _refail(exc, path, "") from None


def load_regime(path: str | Path) -> Regime:
    """Read a regime from a ``.toml`` or ``.json`` file (schema ``xinfang_rules.regime/1``).

    Raises:
        RuleFileError: The file cannot be read or parsed, or an entry is invalid.

    """
    data = read_data_file(
        path, lambda message, file: RuleFileError(message, path=file, zh=data_file_zh(message))
    )
    return regime_from_dict(data, path=str(path))


# --------------------------------------------------------------------------- built-in regimes

#: The shipped regimes: one data file each in ``law/regimes/``, in the format a user
#: writes (``xinfang_rules.regime/1``), read by :func:`load_regime`.
_SHIPPED_DIR = Path(__file__).parent / "regimes"
_SHIPPED = (
    "xinfang-2022",
    "xinfang-2005",
    "beijing-2006",
    "shanghai-2018",
    "shandong-2015",
    "henan-2012",
    "zhejiang-2016",
)
_BUILT_IN = {name: load_regime(_SHIPPED_DIR / f"{name}.toml") for name in _SHIPPED}

#: 《信访工作条例》 (2022), in force 2022-05-01.
XINFANG_2022 = _BUILT_IN["xinfang-2022"]
#: 《信访条例》 (2005, 国务院令第431号), for petitions received 2005-05-01 to 2022-04-30.
XINFANG_2005 = _BUILT_IN["xinfang-2005"]
#: 《北京市信访条例》 (revised 2006-09-15, in force 2007-01-01).
BEIJING_2006 = _BUILT_IN["beijing-2006"]
#: 《上海市信访条例》 (revised 2012-12-26, amended 2018-05-24).
SHANGHAI_2018 = _BUILT_IN["shanghai-2018"]
#: 《山东省信访条例》 (adopted 2015-09-24, in force 2016-01-01).
SHANDONG_2015 = _BUILT_IN["shandong-2015"]
#: 《河南省信访条例》 (as amended 2012-11-29).
HENAN_2012 = _BUILT_IN["henan-2012"]
#: 《浙江省信访条例》 (revised 2016-07-29, in force 2016-08-01).
ZHEJIANG_2016 = _BUILT_IN["zhejiang-2016"]

_ALIASES = {name.casefold(): regime.id for regime in _BUILT_IN.values() for name in regime.names}


def regimes() -> Mapping[str, Regime]:
    """The built-in regimes by id (``xinfang-2022``, ``shandong-2015`` …)."""
    return dict(_BUILT_IN)


def regime_for(received_on: _dt.date) -> Regime:
    """The national regime that governs a petition received on ``received_on``.

    《信访工作条例》 from 2022-05-01 (its Art. 50), 《信访条例》 (2005) from 2005-05-01 (its
    Art. 51) until then. The 2022 text has no repeal clause; this library applies it to
    petitions received from its entry into force. Earlier petitions (the 1995
    《信访条例》) are not encoded. A provincial regime is chosen by name
    (:func:`named_regime`), not by date.

    >>> import datetime as dt
    >>> regime_for(dt.date(2022, 4, 30)).id, regime_for(dt.date(2022, 5, 1)).id
    ('xinfang-2005', 'xinfang-2022')
    """
    d = as_date(received_on, "received_on")
    for regime in (XINFANG_2022, XINFANG_2005):
        if regime.applies_to(d):
            return regime
    raise RegimeError(
        f"no regime is encoded for a petition received on {d}: 《信访条例》(2005) applies from "
        "2005-05-01; define the 1995 rules as your own Regime if you need them",
        zh=f"{d} 登记的信访事项没有可用的规则：《信访条例》(2005) 自 2005-05-01 起施行，"
        "更早的须自行定义规则（Regime）；请核对登记日期",
    )


def named_regime(name: str) -> Regime:
    """A built-in regime by id or by one of its names (``2022``, ``shandong``, ``山东``).

    >>> named_regime("山东").id, named_regime("Henan").id
    ('shandong-2015', 'henan-2012')
    """
    if not isinstance(name, str):
        raise XinfangTypeError(
            f"a regime name must be a string, got {type(name).__name__}",
            zh=f"规则名称应为文字，实为 {type(name).__name__}",
        )
    key = name if name in _BUILT_IN else _ALIASES.get(name.strip().casefold())
    if key is None:
        known = ", ".join(f"{r.id} ({' / '.join(r.names)})" for r in _BUILT_IN.values())
        raise RegimeError(
            f"unknown regime {echo(name)}; built-in: {known}; or give a .toml/.json regime file",
            zh=f"无法识别的规则 {echo(name)}；内置：{known}；或给出 .toml/.json 规则文件",
        )
    return _BUILT_IN[key]
