"""Evaluation figures (考核指标): exact rates, their formulas, reports from records, rankings.

Every figure is a :class:`Rate`: a numerator over a denominator, kept as counts so that a
unit can check it and so that the figures of several units pool exactly (sum the
numerators, sum the denominators; a rate is never averaged). A rate with nothing to count
has no value (``None``), never 0% or 100%. Percentages are rounded half up, as units
publish them (7839/8307 → 94.37%).

No national text defines these formulas; the definitions below follow local practice and
published figures, and every contested point is a named option of :class:`MetricOptions`
with its default stated (``docs/metrics.md``).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cases import Category, Petition, Rating
from xinfang_rules.cases.replay import _calendar_of, _shared
from xinfang_rules.cases.status import _deadline_of, _specs_of
from xinfang_rules.dates import as_date
from xinfang_rules.errors import XinfangTypeError, XinfangValueError
from xinfang_rules.law.deadlines import Deadline, compute_deadline
from xinfang_rules.law.rules import Regime
from xinfang_rules.privacy import echo

__all__ = [
    "FACTS",
    "FIGURES",
    "TIMELINESS",
    "Change",
    "FigureSpec",
    "MetricError",
    "MetricOptions",
    "Ranking",
    "Rate",
    "Report",
    "UnitFigures",
    "Unrecorded",
    "Volume",
    "assigned_resolution_rate",
    "completion_rate",
    "on_time_reply_rate",
    "one_time_resolution_rate",
    "participation_rate",
    "rank",
    "repeat_rate",
    "report",
    "satisfaction_rate",
    "timely_acceptance_rate",
]


class MetricError(XinfangValueError):
    """Counts, options or a period that cannot make a figure (the message says why)."""


def _count(value: object, what: str) -> int:
    if type(value) is not int or value < 0:
        raise MetricError(
            f"{what} must be a whole number ≥ 0, got {echo(value)}",
            zh=f"{what} 应为不小于 0 的整数，实为 {echo(value)}",
        )
    return value


def _round_half_up(value: Fraction, digits: int) -> Decimal:
    """``value`` to ``digits`` decimals, halves rounded away from zero, exactly."""
    if type(digits) is not int or not 0 <= digits <= 10:
        raise MetricError(
            f"digits must be 0 to 10, got {echo(digits)}",
            zh=f"小数位数应为 0 至 10，实为 {echo(digits)}",
        )
    scaled = abs(value) * 10**digits
    q = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    result = Decimal(q).scaleb(-digits)
    return -result if value < 0 else result


@attrs.frozen
class Rate:
    """A rate: ``numerator`` of ``denominator``, exact.

    >>> r = Rate(7839, 8307)
    >>> r.percent(), str(r)
    (Decimal('94.37'), '94.37%（7839/8307）')
    >>> Rate(0, 0).value is None, str(Rate(0, 0))
    (True, '无数据（0/0）')
    >>> str(Rate(1, 4) + Rate(3, 4))                # pooled, not averaged
    '50.00%（4/8）'

    """

    numerator: int
    denominator: int

    def __attrs_post_init__(self) -> None:
        _count(self.numerator, "a rate's numerator")
        _count(self.denominator, "a rate's denominator")
        if self.numerator > self.denominator:
            raise MetricError(
                f"a rate's numerator ({self.numerator}) cannot exceed its denominator "
                f"({self.denominator}): count the numerator's cases among the denominator's",
                zh=f"比率的分子（{self.numerator}）不能大于分母（{self.denominator}）：分子应"
                "从分母的件数中计",
            )

    @property
    def value(self) -> Fraction | None:
        """The exact rate, or ``None`` when there is nothing to count (denominator 0)."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def percent(self, digits: int = 2) -> Decimal | None:
        """The rate in percent, rounded half up to ``digits`` decimals (``None`` if none)."""
        v = self.value
        return None if v is None else _round_half_up(v * 100, digits)

    def __add__(self, other: Rate) -> Rate:
        if not isinstance(other, Rate):
            return NotImplemented
        return Rate(self.numerator + other.numerator, self.denominator + other.denominator)

    @staticmethod
    def pool(rates: Iterable[Rate]) -> Rate:
        """Several units' rates as one: numerators and denominators summed."""
        n = d = 0
        for r in rates:
            if not isinstance(r, Rate):
                raise XinfangTypeError(
                    f"expected Rate records, got {type(r).__name__}",
                    zh=f"应为 Rate，实为 {type(r).__name__}",
                )
            n += r.numerator
            d += r.denominator
        return Rate(n, d)

    def format(self, digits: int = 2) -> str:
        """``"94.37%（7839/8307）"``, or ``"无数据（0/0）"`` when there is no value."""
        p = self.percent(digits)
        head = "无数据" if p is None else f"{p}%"
        return f"{head}（{self.numerator}/{self.denominator}）"

    def __str__(self) -> str:
        return self.format()


@attrs.frozen
class Change:
    """A change from ``last`` to ``this``: 同比 (on the same period last year) or 环比.

    >>> c = Change(this=550, last=650)
    >>> c.percent(1), c.direction, str(c)
    (Decimal('-15.4'), '下降', '同比下降15.4%')
    >>> Change(this=3, last=0).value is None
    True

    """

    this: int | Fraction
    last: int | Fraction
    kind: Literal["同比", "环比"] = "同比"

    def __attrs_post_init__(self) -> None:
        for name in ("this", "last"):
            v = getattr(self, name)
            if not isinstance(v, (int, Fraction)) or isinstance(v, bool) or v < 0:
                raise MetricError(
                    f"{name} must be a count or rate ≥ 0, got {echo(v)}",
                    zh=f"{name} 应为不小于 0 的件数或比率，实为 {echo(v)}",
                )
        if self.kind not in ("同比", "环比"):
            raise MetricError(f"kind must be 同比 or 环比, got {echo(self.kind)}")

    @property
    def value(self) -> Fraction | None:
        """The change ``(this − last) / last``, or ``None`` when ``last`` is 0."""
        if self.last == 0:
            return None
        return Fraction(self.this - self.last) / Fraction(self.last)

    def percent(self, digits: int = 1) -> Decimal | None:
        """The change in percent (negative for a fall), its size rounded half up."""
        v = self.value
        return None if v is None else _round_half_up(v * 100, digits)

    @property
    def direction(self) -> str | None:
        """上升, 下降 or 持平 (``None`` when there is no value)."""
        v = self.value
        if v is None:
            return None
        return "上升" if v > 0 else "下降" if v < 0 else "持平"

    def __str__(self) -> str:
        p = self.percent()
        if p is None:
            return f"{self.kind}无可比数据（上期为0）"
        if p == 0:
            return f"{self.kind}持平"
        return f"{self.kind}{self.direction}{abs(p)}%"


# --------------------------------------------------------------------------- formulas


def timely_acceptance_rate(timely: int, due: int) -> Rate:
    """及时受理率: matters routed or notified in time, over all that had to be.

    Routed by the petition bureau (信访部门), or accepted and notified by the handling unit
    (有权处理机关), within the deadline, over all due by the day of the report.
    《信访工作条例》Art. 22 ¶1 (15 days to register and route), Art. 23 ¶2 (15 days to tell
    the petitioner whether a routed matter is accepted).
    """
    return Rate(_count(timely, "timely"), _count(due, "due"))


def on_time_reply_rate(on_time: int, late: int, overdue_unreplied: int) -> Rate:
    """按期答复率 / 按期办结率: replied on time, over all replies due.

    On time: within the handling period (Art. 34, with its extension). Due: replied on
    time + replied late + unreplied past the due date.
    """
    on_time = _count(on_time, "on_time")
    return Rate(on_time, on_time + _count(late, "late") + _count(overdue_unreplied, "overdue"))


def participation_rate(evaluated: int, due_for_evaluation: int) -> Rate:
    """参评率: matters the petitioner rated, over those whose evaluation was due."""
    return Rate(_count(evaluated, "evaluated"), _count(due_for_evaluation, "due"))


def satisfaction_rate(
    satisfied: int,
    basically_satisfied: int,
    dissatisfied: int,
    *,
    overdue_unrated: int = 0,
    options: MetricOptions | None = None,
) -> Rate:
    """满意率 / 参评满意率: satisfied over rated.

    With the default options 基本满意 counts as satisfied and 超期未评价 counts nowhere;
    see :class:`MetricOptions` for both.
    """
    o = options or MetricOptions()
    s = _count(satisfied, "satisfied")
    b = _count(basically_satisfied, "basically_satisfied")
    d = _count(dissatisfied, "dissatisfied")
    u = _count(overdue_unrated, "overdue_unrated")
    counts = {Rating.SATISFIED: s, Rating.BASICALLY_SATISFIED: b, Rating.DISSATISFIED: d}
    num = sum(n for rating, n in counts.items() if o.satisfied(rating))
    den = s + b + d
    if o.overdue_unrated_as_satisfied:
        num, den = num + u, den + u
    return Rate(num, den)


def one_time_resolution_rate(resolved_first: int, first_time_closed: int) -> Rate:
    """一次性化解率: first-time 申诉求决类 matters resolved at the first handling, over closed.

    First-time: 初信初访. Resolved at the first handling: resolved (化解) with no 复查 asked
    and no relapse. Over: first-time 申诉求决类 matters closed (办结).
    """
    return Rate(_count(resolved_first, "resolved_first"), _count(first_time_closed, "closed"))


def assigned_resolution_rate(resolved: int, assigned: int) -> Rate:
    """交办化解率 / 积案化解率: assigned (or backlog) matters resolved, over those assigned."""
    return Rate(_count(resolved, "resolved"), _count(assigned, "assigned"))


def completion_rate(closed: int, accepted: int) -> Rate:
    """办结率: accepted matters closed (办结), over accepted."""
    return Rate(_count(closed, "closed"), _count(accepted, "accepted"))


def repeat_rate(repeat: int, total: int) -> Rate:
    """重复信访率: repeat petitions (about a matter already raised), over all petitions."""
    return Rate(_count(repeat, "repeat"), _count(total, "total"))


# --------------------------------------------------------------------------- options


@attrs.frozen
class MetricOptions:
    """The contested points, each with its default.

    Attributes:
        basic_counts_as_satisfied: 基本满意 counts as satisfied (default ``True``: most
            evaluation systems report 满意率 as 满意 + 基本满意 over 参评).
        overdue_unrated_as_satisfied: a matter not rated within the window (超期未评价)
            counts as rated and satisfied (default ``False``; one local system does).
        evaluation_window: calendar days after the petitioner received the answer (or the
            matter was routed, for the bureau) in which it may be rated (default 30).
        open_at_end: an unanswered matter whose due date is after the report day counts as
            ``"not_due"`` (left out, default) or ``"late"``.
        weight: count each petition once (``"record"``, 件/批次) or by its headcount
            (``"person"``, 人次).

    """

    basic_counts_as_satisfied: bool = True
    overdue_unrated_as_satisfied: bool = False
    evaluation_window: int = 30
    open_at_end: Literal["not_due", "late"] = "not_due"
    weight: Literal["record", "person"] = "record"

    def __attrs_post_init__(self) -> None:
        for name in ("basic_counts_as_satisfied", "overdue_unrated_as_satisfied"):
            if not isinstance(getattr(self, name), bool):
                raise MetricError(f"{name} must be True or False", zh=f"{name} 应为 True 或 False")
        if type(self.evaluation_window) is not int or self.evaluation_window < 0:
            raise MetricError(
                f"evaluation_window must be a whole number of days ≥ 0, got "
                f"{echo(self.evaluation_window)}",
                zh=f"evaluation_window 应为不小于 0 的天数，实为 {echo(self.evaluation_window)}",
            )
        if self.open_at_end not in ("not_due", "late"):
            raise MetricError(
                f"open_at_end must be 'not_due' or 'late', got {echo(self.open_at_end)}",
                zh=f"open_at_end 应为 'not_due' 或 'late'，实为 {echo(self.open_at_end)}",
            )
        if self.weight not in ("record", "person"):
            raise MetricError(
                f"weight must be 'record' or 'person', got {echo(self.weight)}",
                zh=f"weight 应为 'record'（按件）或 'person'（按人次），实为 {echo(self.weight)}",
            )

    def satisfied(self, rating: Rating) -> bool:
        """Whether ``rating`` counts as satisfied (满意; 基本满意 by the option)."""
        return rating is Rating.SATISFIED or (
            rating is Rating.BASICALLY_SATISFIED and self.basic_counts_as_satisfied
        )


# --------------------------------------------------------------------------- figures


@attrs.frozen
class FigureSpec:
    """A figure a report computes: its key, its Chinese name, and which way is better."""

    key: str
    title: str
    higher_is_better: bool = True
    definition: str = ""


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("timely_acceptance_bureau", "信访部门及时受理率", True,
               "routed within Art. 22 ¶1's 15 days, over the matters routed or due to be"),
    FigureSpec("timely_acceptance_unit", "责任单位及时受理率", True,
               "acceptance notified within Art. 23 ¶2 / Art. 22 ¶1(3)'s 15 days, over those due"),
    FigureSpec("on_time_reply", "按期答复率", True,
               "replied within Art. 34 (with extension), over on time + late + overdue unreplied"),
    FigureSpec("participation_unit", "责任单位参评率", True,
               "answers rated, over answers rated or whose evaluation window has ended"),
    FigureSpec("satisfaction_unit", "责任单位参评满意率", True,
               "rated satisfied (options: 基本满意, 超期未评价), over rated"),
    FigureSpec("participation_bureau", "信访部门参评率", True,
               "routings rated, over routings rated or whose evaluation window has ended"),
    FigureSpec("satisfaction_bureau", "信访部门参评满意率", True,
               "the petition bureau rated satisfied, over rated"),
    FigureSpec("one_time_resolution", "一次性化解率", True,
               "first-time 申诉求决类 closed and resolved with no 复查 or relapse, over closed"),
    FigureSpec("assigned_resolution", "交办化解率", True,
               "assigned (交办) matters resolved and not relapsed, over assigned"),
    FigureSpec("backlog_resolution", "积案化解率", True,
               "backlog (积案) matters resolved and not relapsed, over backlog"),
    FigureSpec("completion", "办结率", True, "accepted matters closed (办结), over accepted"),
    FigureSpec("repeat", "重复信访率", False, "repeat petitions, over all petitions"),
)  # fmt: skip
_SPECS = {f.key: f for f in FIGURES}
_KEYS = tuple(f.key for f in FIGURES)

#: The facts some figures need that a source of records may not hold (a 台账 without a
#: 是否化解 column says nothing about 化解), and the figures each one feeds. A figure whose
#: fact no record holds is left out of a report (:attr:`Report.left_out`), never 0 %.
FACTS: Mapping[str, tuple[str, ...]] = {
    "resolution": ("one_time_resolution", "assigned_resolution", "backlog_resolution"),
    "backlog": ("backlog_resolution",),
    "unit_rating": ("participation_unit", "satisfaction_unit"),
    "bureau_rating": ("participation_bureau", "satisfaction_bureau"),
}


@attrs.frozen
class Unrecorded:
    """What a source of records does not say (for :func:`report`'s ``unrecorded``).

    Attributes:
        facts: Fact (a key of :data:`FACTS`) → why no record holds it, in Chinese and
            English (e.g. ``("台账无「是否化解」列", "the ledger has no 是否化解 column")``):
            the figures it feeds are left out of the report.
        of_record: Petition id → the facts its own record leaves blank (no information,
            which is not "no"): the petition is left out of those figures only, and each
            unit's count of such records is kept (:attr:`UnitFigures.unknown`). May be
            filled while the records are read (a ledger's :class:`LedgerStream` does).

    """

    facts: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    of_record: Mapping[str, frozenset[str]] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        for fact in self.facts:
            if fact not in FACTS:
                raise MetricError(
                    f"unknown fact {echo(fact)}; the facts are {', '.join(FACTS)}",
                    zh=f"未知的事实 {echo(fact)}；可用：{'、'.join(FACTS)}",
                )

    def left_out(self) -> dict[str, tuple[str, str]]:
        """Figure → the reason it is left out (Chinese, English), in the figures' order."""
        out: dict[str, tuple[str, str]] = {}
        for key in _KEYS:
            for fact, why in self.facts.items():
                if key in FACTS[fact] and key not in out:
                    out[key] = why
        return out


def _figure_key(key: str) -> str:
    if key not in _SPECS:
        raise MetricError(
            f"unknown figure {echo(key)}; the figures are {', '.join(_KEYS)}",
            zh=f"无法识别的指标 {echo(key)}；可用：{'、'.join(_KEYS)}",
        )
    return key


@attrs.frozen
class Volume:
    """How much came in: 件, 批次 and 人次.

    件 (matters): a repeat petition about a matter already raised is not counted again;
    批次 (petitions): each letter, visit or online submission; 人次 (people): headcounts.
    """

    matters: int = 0
    batches: int = 0
    persons: int = 0

    def __add__(self, other: Volume) -> Volume:
        return Volume(
            self.matters + other.matters, self.batches + other.batches, self.persons + other.persons
        )


@attrs.frozen
class UnitFigures:
    """One unit's figures (or the pooled total, ``unit=None``)."""

    unit: str | None
    rates: Mapping[str, Rate]
    volume: Volume
    #: With ``explain=True``: per figure, the petition ids behind the numerator and the
    #: denominator.
    ids: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None
    #: Per figure, the petitions it would have counted whose records leave its fact blank
    #: (:class:`Unrecorded`): left out of it, neither met nor missed. Figures with none
    #: are not listed.
    unknown: Mapping[str, int] = attrs.field(factory=dict)

    def __getitem__(self, key: str) -> Rate:
        return self.rates[_figure_key(key)]


@attrs.frozen
class Report:
    """Every figure for a period, per unit and pooled (see :func:`report`).

    Attributes:
        start, end: The period (by receipt date), both included.
        on: The day the figures were taken.
        by: ``"handling_unit"`` or ``"receiving_unit"``: what a unit is.
        options: The contested points the figures were computed under.
        units: Each unit's figures, in the order of :meth:`names`.
        total: The pooled figures of all units (``unit`` is ``None``; ``"合计"`` in
            :meth:`rows`).
        skipped: Petitions left out as not received in the period.
        provisional_years: Years from ``start`` to ``on`` without an official holiday
            notice in a calendar the figures were computed on: a duty due in such a year
            was judged on provisional days off, so the figures may still change when the
            notice is published (every output marks them 暂定).
        left_out: Figure → why it has no value for any unit (Chinese, English): no record
            holds the fact it needs (:class:`Unrecorded`). Its rates are kept as 0/0 and
            :meth:`rows`, :meth:`figures` and every output leave it out, saying why.

    ``report.unit("县住建局")`` is one unit's figures, ``report.unit("合计")`` (or
    ``unit(None)``) the pooled ones, as :meth:`rows` names them.

    """

    start: _dt.date
    end: _dt.date
    on: _dt.date
    by: str
    options: MetricOptions
    units: tuple[UnitFigures, ...]
    total: UnitFigures
    skipped: int = 0
    provisional_years: tuple[int, ...] = ()
    left_out: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)

    def figures(self) -> tuple[FigureSpec, ...]:
        """The figures this report gives: :data:`FIGURES` but those :attr:`left_out`."""
        return tuple(f for f in FIGURES if f.key not in self.left_out)

    def left_out_text(self, lang: str = "zh") -> str | None:
        """One line naming the figures left out and why; ``None`` when none is.

        >>> why = Unrecorded({"resolution": ("台账无「是否化解」列", "no 化解 column")})
        >>> r = report([], _dt.date(2025, 1, 1), _dt.date(2025, 1, 31), unrecorded=why)
        >>> print(r.left_out_text())
        未列出一次性化解率、交办化解率、积案化解率：台账无「是否化解」列，无从计算（不是 0%）
        """
        if not self.left_out:
            return None
        by_reason: dict[tuple[str, str], list[str]] = {}
        for key, why in self.left_out.items():
            by_reason.setdefault(why, []).append(key)
        if lang == "en":
            parts = [f"{', '.join(keys)} ({why[1]})" for why, keys in by_reason.items()]
            return "not given, as no record holds what they need (not 0%): " + "; ".join(parts)
        parts = [
            f"{'、'.join(_SPECS[k].title for k in keys)}：{why[0]}"
            for why, keys in by_reason.items()
        ]
        return "未列出" + "；".join(parts) + "，无从计算（不是 0%）"

    def unit(self, name: str | None) -> UnitFigures:
        """The figures of one unit; ``"合计"`` or ``None``: the pooled total."""
        if name is None or name == "合计":
            return self.total
        for u in self.units:
            if u.unit == name:
                return u
        raise MetricError(
            f"no unit {echo(name)} in this report; units: {', '.join(self.names())}",
            zh=f"本期通报中没有单位 {echo(name)}；现有：{'、'.join(self.names())}",
        )

    def names(self) -> tuple[str, ...]:
        """The units, in order."""
        return tuple(u.unit or "" for u in self.units)

    def rank(self, figure: str, *, top: int | None = None, bottom: int | None = None) -> Ranking:
        """The units ranked by ``figure`` (see :func:`rank`)."""
        key = _figure_key(figure)
        if key in self.left_out:
            zh, en = self.left_out[key]
            raise MetricError(
                f"cannot rank by {key}: no record holds what it needs ({en})",
                zh=f"无法按{_SPECS[key].title}排名：{zh}，无从计算",
            )
        return rank({u.unit or "": u.rates[key] for u in self.units}, figure=key,
                    top=top, bottom=bottom)  # fmt: skip

    def rows(self, digits: int = 2) -> list[dict[str, Any]]:
        """One row per unit and figure (the total last, unit ``"合计"``), for CSV or JSON.

        Each row: ``unit``, ``figure`` (the key, e.g. ``"on_time_reply"``), ``title``
        (e.g. ``"按期答复率"``; the figures :attr:`left_out` are not given), ``numerator``,
        ``denominator`` and ``percent``: the rate
        rounded half up to ``digits`` places, as a string (``"66.67"``), or ``None`` when
        the denominator is 0 (no value, not 0 % or 100 %); ``provisional``: ``True`` when
        the report has :attr:`provisional_years` (the figures may still change).
        """
        out = []
        shaky = bool(self.provisional_years)
        keys = [f.key for f in self.figures()]
        for u in (*self.units, self.total):
            for key in keys:
                r = u.rates[key]
                p = r.percent(digits)
                out.append({
                    "unit": u.unit if u.unit is not None else "合计",
                    "figure": key,
                    "title": _SPECS[key].title,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "percent": None if p is None else str(p),
                    "provisional": shaky,
                })  # fmt: skip
        return out


@attrs.frozen
class Ranking:
    """Units ranked by a figure.

    ``ranked`` holds (rank, unit, rate), best first, ties sharing a rank (1, 2, 2, 4);
    ``no_value`` lists the units with nothing to count.
    """

    figure: str
    ranked: tuple[tuple[int, str, Rate], ...]
    no_value: tuple[str, ...]

    def top(self, n: int) -> tuple[tuple[int, str, Rate], ...]:
        """The best ``n`` (more when a tie straddles the cut)."""
        _check_cut("top", n)
        if not self.ranked:
            return ()
        cut = self.ranked[min(n, len(self.ranked)) - 1][0]
        return tuple(x for x in self.ranked if x[0] <= cut)

    def bottom(self, n: int) -> tuple[tuple[int, str, Rate], ...]:
        """The worst ``n`` (more when a tie straddles the cut), worst last."""
        _check_cut("bottom", n)
        if not self.ranked:
            return ()
        cut = self.ranked[max(0, len(self.ranked) - n)][0]
        return tuple(x for x in self.ranked if x[0] >= cut)


def _check_cut(name: str, n: object) -> None:
    if type(n) is not int or n < 1:
        raise MetricError(
            f"{name} must be a whole number of units, 1 or more, got {echo(n)}",
            zh=f"{name} 应为不小于 1 的单位个数，实为 {echo(n)}",
        )


def rank(
    rates: Mapping[str, Rate],
    *,
    figure: str = "",
    higher_is_better: bool | None = None,
    top: int | None = None,
    bottom: int | None = None,
) -> Ranking:
    """Rank units by their rates, best first; equal exact values share a rank.

    Units whose rate has no value are not ranked but listed in ``no_value``. With ``top``
    or ``bottom`` only that many are kept (ties at the cut kept together).
    """
    if top is not None and bottom is not None:
        raise MetricError("give top or bottom, not both", zh="top 和 bottom 只能给出一个")
    better = higher_is_better
    if better is None:
        better = _SPECS[figure].higher_is_better if figure in _SPECS else True
    valued = [(name, r) for name, r in rates.items() if r.value is not None]
    missing = tuple(sorted(name for name, r in rates.items() if r.value is None))
    valued.sort(key=lambda x: (-(x[1].value or 0) if better else (x[1].value or 0), x[0]))
    ranked: list[tuple[int, str, Rate]] = []
    for i, (name, r) in enumerate(valued):
        if ranked and ranked[-1][2].value == r.value:
            ranked.append((ranked[-1][0], name, r))
        else:
            ranked.append((i + 1, name, r))
    result = Ranking(figure, tuple(ranked), missing)
    if top is not None:
        return attrs.evolve(result, ranked=result.top(top))
    if bottom is not None:
        return attrs.evolve(result, ranked=result.bottom(bottom))
    return result


# --------------------------------------------------------------------------- from records


class _Tally:
    """Counts (and, when explaining, ids) per figure for one unit."""

    __slots__ = ("den", "den_ids", "num", "num_ids", "unknown", "volume")

    def __init__(self) -> None:
        self.num = [0] * len(_KEYS)  # by figure index (_IDX)
        self.den = [0] * len(_KEYS)
        self.unknown = [0] * len(_KEYS)
        self.num_ids: dict[int, list[str]] = defaultdict(list)
        self.den_ids: dict[int, list[str]] = defaultdict(list)
        self.volume = [0, 0, 0]


_IDX = {key: i for i, key in enumerate(_KEYS)}
#: The periods whose timeliness the figures judge → the figure each counts in (the SQL
#: of :func:`~xinfang_rules.formats.warehouse.figures_sql` reads the same table).
TIMELINESS: Mapping[str, str] = {
    "route": "timely_acceptance_bureau",
    "notify_forwarded": "timely_acceptance_unit",
    "notify_direct": "timely_acceptance_unit",
    "handle": "on_time_reply",
}
_DUTIES = {period: _IDX[key] for period, key in TIMELINESS.items()}
_REPEAT, _ONE_TIME, _ASSIGNED, _BACKLOG, _COMPLETION = (
    _IDX[k]
    for k in ("repeat", "one_time_resolution", "assigned_resolution", "backlog_resolution",
              "completion")
)  # fmt: skip


class _Context:
    """What every petition of one report shares (so the per-petition work only counts)."""

    __slots__ = ("cal", "on", "open_late", "person", "regime", "satisfied", "shared",
                 "unrated_satisfied", "window")  # fmt: skip

    def __init__(self, on: _dt.date, o: MetricOptions) -> None:
        self.on = on
        self.window = _dt.timedelta(days=o.evaluation_window)
        self.open_late = o.open_at_end == "late"
        self.person = o.weight == "person"
        self.unrated_satisfied = o.overdue_unrated_as_satisfied
        #: by identity: the ratings that count as satisfied (MetricOptions.satisfied)
        self.satisfied = {id(r): o.satisfied(r) for r in Rating}
        self.cal: WorkdayCalendar | None = None
        self.regime: Regime | None = None
        self.shared: dict[tuple[str, _dt.date], Deadline] = {}

    def deadlines(
        self, cal: WorkdayCalendar, regime: Regime
    ) -> dict[tuple[str, _dt.date], Deadline]:
        """The deadlines shared on ``cal`` under ``regime`` (looked up once per change)."""
        if cal is not self.cal or regime is not self.regime:
            self.cal, self.regime, self.shared = cal, regime, _shared(cal, regime)
        return self.shared


def _tally_petition(p: Petition, t: _Tally, cal: WorkdayCalendar, c: _Context) -> None:
    """Add one petition (as it stood on ``c.on``) to its unit's counts.

    Each figure counts a petition at most once (weighted by headcount for 人次): into its
    denominator when the petition is due for it, into its numerator too when it met it.
    """
    replay = p._replayed
    first = replay.first
    on = c.on
    w = p.headcount if c.person else 1
    num, den = t.num, t.den
    den[_REPEAT] += w
    if p.repeat_of is not None:
        num[_REPEAT] += w
    # timeliness: a duty done by its due date is on time; done later, or undone past it,
    # is not; undone and not yet due, it counts only with open_at_end="late" (as late)
    regime = replay.regime
    specs = replay.specs or _specs_of(p, on)  # worked out when first needed
    shared = c.deadlines(cal, regime)
    for spec in specs:
        period, start, done, _, kw = spec
        key = _DUTIES.get(period)
        if key is None:
            continue
        if kw:
            # a petition's own pauses or extension: on its own calendar the deadline is
            # kept on the petition (as status keeps it); on another calendar it is
            # computed, not kept, so that a report over many petitions leaves nothing behind
            if cal is _calendar_of(p):
                own = replay.own_dues  # worked out when the petition was built
                due = own.get(period) if own is not None else None
                if due is None:
                    due = _deadline_of(p, cal, spec).due  # worked out now, and kept
            else:
                due = compute_deadline(regime[period], start, calendar=cal, regime=regime,
                                       **kw).due  # fmt: skip
        else:
            known = shared.get((period, start))
            due = (known or _deadline_of(p, cal, spec)).due
        if done is not None:
            den[key] += w
            if done <= due:
                num[key] += w
        elif due < on or c.open_late:
            den[key] += w
    # 参评 and 满意 of each rated party, once due (rated, or its window over); the last
    # rating of each party counts
    replied = first.get("replied")
    if replied is not None:
        rating = replay.ratings.get("handling_unit")
        if rating is not None or (replied.received_on or replied.date) + c.window < on:
            _evaluation(num, den, w, rating, _UNIT, c)
    routed = first.get("forwarded") or first.get("assigned")
    if routed is not None:
        rating = replay.ratings.get("petition_bureau")
        if rating is not None or routed.date + c.window < on:
            _evaluation(num, den, w, rating, _BUREAU, c)
    closed = "closed" in first
    resolved = "resolved" in first and not replay.relapsed
    if closed and p.first_time and p.category is Category.COMPLAINT:
        den[_ONE_TIME] += w
        if resolved and "review_requested" not in first:
            num[_ONE_TIME] += w
    if "assigned" in first:
        den[_ASSIGNED] += w
        if resolved:
            num[_ASSIGNED] += w
    if p.backlog:
        den[_BACKLOG] += w
        if resolved:
            num[_BACKLOG] += w
    if "accepted" in first:
        den[_COMPLETION] += w
        if closed:
            num[_COMPLETION] += w
    vol = t.volume
    if p.repeat_of is None:
        vol[0] += 1
    vol[1] += 1
    vol[2] += p.headcount


_UNIT = (_IDX["participation_unit"], _IDX["satisfaction_unit"])
_BUREAU = (_IDX["participation_bureau"], _IDX["satisfaction_bureau"])


def _evaluation(
    num: list[int],
    den: list[int],
    w: int,
    rating: Rating | None,
    keys: tuple[int, int],
    c: _Context,
) -> None:
    """参评 and 满意 for one rated party whose evaluation is due."""
    den[keys[0]] += w
    if rating is None:
        if c.unrated_satisfied:  # 超期未评价: not rated, but counted as satisfied
            den[keys[1]] += w
            num[keys[1]] += w
        return
    num[keys[0]] += w
    den[keys[1]] += w
    if c.satisfied[id(rating)]:
        num[keys[1]] += w


def _as_of(p: Petition, on: _dt.date) -> Petition:
    """The petition as it stood on ``on`` (later events left out)."""
    if p.events and p.events[-1].date > on:
        return attrs.evolve(p, events=tuple(e for e in p.events if e.date <= on))
    return p


def report(
    petitions: Iterable[Petition],
    start: _dt.date,
    end: _dt.date,
    *,
    on: _dt.date | None = None,
    calendar: WorkdayCalendar | None = None,
    by: Literal["handling_unit", "receiving_unit"] = "handling_unit",
    options: MetricOptions | None = None,
    explain: bool = False,
    unrecorded: Unrecorded | Callable[[], Unrecorded] | None = None,
) -> Report:
    """Every figure for the petitions received from ``start`` to ``end``, per unit and pooled.

    Each petition received in the period counts as it stood on ``on`` (default ``end``;
    later events are left out): the deadline engine decides whether each duty was met,
    late, overdue, or not yet due (see :class:`MetricOptions` for the contested points).
    The petitions are read once, as they come (an iterator of any length, in constant
    memory unless ``explain`` keeps the ids behind every figure).

    Args:
        petitions: The records (e.g. ``iter_petitions_jsonl(path)``).
        start: First day of the period (by receipt date).
        end: Last day of the period, included.
        on: The day the figures are taken (default ``end``); not before ``start``.
        calendar: Working-day calendar (default: each petition's own, national or regional).
        by: Group by ``handling_unit`` (the receiving unit when none) or ``receiving_unit``.
        options: The contested points (:class:`MetricOptions`).
        explain: Keep, per figure, the petition ids behind the numerator and denominator.
        unrecorded: What the records do not say (:class:`Unrecorded`): figures no record
            can feed are left out (:attr:`Report.left_out`), and a petition whose record
            leaves a fact blank is left out of that fact's figures (counted in
            :attr:`UnitFigures.unknown`). ``None``: the records say everything (absent
            events mean "did not happen"). A callable (a ledger stream's
            :meth:`~xinfang_rules.formats.ledger.LedgerStream.unrecorded`) is asked before
            the records are read (for the blanks, filled as they come) and after (for
            the facts, known once the header is read).

    Raises:
        MetricError: The period ends before it starts, ``on`` is before it, or ``by`` is
            not a unit field.

    """
    lo, hi = as_date(start, "start"), as_date(end, "end")
    if hi < lo:
        raise MetricError(
            f"the period ends ({hi}) before it starts ({lo})",
            zh=f"统计期间的结束日 {hi} 早于开始日 {lo}",
        )
    day = hi if on is None else as_date(on, "on")
    if day < lo:
        raise MetricError(
            f"on ({day}) is before the period starts ({lo})",
            zh=f"统计基准日 {day} 早于统计期间的开始日 {lo}",
        )
    if by not in ("handling_unit", "receiving_unit"):
        raise MetricError(
            f"by must be 'handling_unit' or 'receiving_unit', got {echo(by)}",
            zh="by 应为 'handling_unit'（承办单位）或 'receiving_unit'（登记单位），实为 "
            f"{echo(by)}",
        )
    o = options if options is not None else MetricOptions()
    if not isinstance(o, MetricOptions):
        raise XinfangTypeError(
            f"options must be MetricOptions, got {type(o).__name__}",
            zh=f"options 应为 MetricOptions，实为 {type(o).__name__}",
        )
    tallies: dict[str, _Tally] = {}
    calendars: dict[int, WorkdayCalendar] = {} if calendar is None else {id(calendar): calendar}
    context = _Context(day, o)
    by_handler = by == "handling_unit"
    said = unrecorded() if callable(unrecorded) else unrecorded
    blanks = said.of_record if said is not None else {}
    for p in petitions:
        if not isinstance(p, Petition):
            raise XinfangTypeError(
                f"expected Petition records, got {type(p).__name__}",
                zh=f"应为 Petition（信访事项），实为 {type(p).__name__}",
            )
        if not lo <= p.received <= hi or p.received > day:
            continue
        unit = (p.handling_unit or p.receiving_unit) if by_handler else p.receiving_unit
        t = tallies.get(unit)
        if t is None:
            t = tallies[unit] = _Tally()
        if p.events and p.events[-1].date > day:
            p = _as_of(p, day)
        cal = calendar if calendar is not None else _calendar_of(p)
        if id(cal) not in calendars:
            calendars[id(cal)] = cal
        blank = blanks.get(p.id) if blanks else None
        if explain:
            num, den = t.num[:], t.den[:]
        if blank:
            _tally_without(p, t, cal, context, blank)
        else:
            _tally_petition(p, t, cal, context)
        if explain:
            for i in range(len(_KEYS)):  # each figure counts a petition at most once
                if t.den[i] != den[i]:
                    t.den_ids[i].append(p.id)
                if t.num[i] != num[i]:
                    t.num_ids[i].append(p.id)
    units = tuple(_figures(name, tallies[name], explain) for name in sorted(tallies))
    pooled_unknown: dict[str, int] = {}
    for u in units:
        for k, n in u.unknown.items():
            pooled_unknown[k] = pooled_unknown.get(k, 0) + n
    total = UnitFigures(
        None,
        {k: Rate.pool(u.rates[k] for u in units) for k in _KEYS},
        sum((u.volume for u in units), Volume()),
        _pooled_ids(units) if explain else None,
        pooled_unknown,
    )
    provisional = sorted({y for c in calendars.values() for y in c.provisional_years(lo, day)})
    if callable(unrecorded):
        said = unrecorded()
    left_out = said.left_out() if said is not None else {}
    return Report(lo, hi, day, by, o, units, total, provisional_years=tuple(provisional),
                  left_out=left_out)  # fmt: skip


def _tally_without(
    p: Petition, t: _Tally, cal: WorkdayCalendar, c: _Context, blank: frozenset[str]
) -> None:
    """Tally a petition whose record leaves ``blank`` facts unsaid: not in their figures."""
    num, den = t.num[:], t.den[:]
    _tally_petition(p, t, cal, c)
    for i in {_IDX[key] for fact in blank for key in FACTS.get(fact, ())}:
        counted = t.den[i] != den[i]
        if counted:  # it would have counted: neither met nor missed
            t.num[i], t.den[i] = num[i], den[i]
        # a blank 是否积案 may hide a backlog case: whether it belongs there is unknown too
        if counted or (i == _BACKLOG and "backlog" in blank):
            t.unknown[i] += 1


def _figures(name: str, t: _Tally, explain: bool) -> UnitFigures:
    rates = {k: Rate(t.num[i], t.den[i]) for i, k in enumerate(_KEYS)}
    ids = (
        {k: (tuple(t.num_ids.get(i, ())), tuple(t.den_ids.get(i, ()))) for i, k in enumerate(_KEYS)}
        if explain
        else None
    )
    unknown = {k: t.unknown[i] for i, k in enumerate(_KEYS) if t.unknown[i]}
    return UnitFigures(name, rates, Volume(*t.volume), ids, unknown)


def _pooled_ids(units: Sequence[UnitFigures]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for k in _KEYS:
        num: list[str] = []
        den: list[str] = []
        for u in units:
            assert u.ids is not None
            num.extend(u.ids[k][0])
            den.extend(u.ids[k][1])
        out[k] = (tuple(num), tuple(den))
    return out
