"""The ``xinfang`` command: a thin shell over the library (parse, call, print)."""

from __future__ import annotations

import argparse
import calendar as _stdcal
import datetime as _dt
import sys
import warnings
from collections.abc import Sequence

from xinfang_rules.calendar import DayKind, WorkdayCalendar, regional_presets
from xinfang_rules.dates import WEEKDAY_NAMES_ZH
from xinfang_rules.errors import ProvisionalCalendarWarning, XinfangError

__all__ = ["main"]


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _month(text: str) -> tuple[int, int]:
    try:
        first = _dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write YYYY-MM") from None
    return first.year, first.month


def _calendar(args: argparse.Namespace) -> WorkdayCalendar:
    cal = WorkdayCalendar.china(strict=args.strict, region=args.region)
    for path in args.notice or ():
        cal = cal.with_notice_file(path)
    return cal


def _print_month(cal: WorkdayCalendar, year: int, month: int, lang: str) -> None:
    days = list(
        cal.days(
            _dt.date(year, month, 1), _dt.date(year, month, _stdcal.monthrange(year, month)[1])
        )
    )
    mark = {
        DayKind.HOLIDAY: "休",
        DayKind.MAKEUP_WORKDAY: "班",
        DayKind.WEEKEND: "  ",
        DayKind.WORKDAY: "  ",
    }
    print(f"{year}年{month}月".center(34))
    print(" ".join(f" {name[-1]} " for name in WEEKDAY_NAMES_ZH).rstrip())
    row = ["    "] * days[0].date.weekday()
    for info in days:
        row.append(f"{info.date.day:>2}{mark[info.kind]}")
        if len(row) == 7:
            print(" ".join(row).rstrip())
            row = []
    if row:
        print(" ".join(row).rstrip())
    print("休 = 放假（法定节假日、调休）  班 = 调休上班  周六、周日未标注者休息")
    special = [d for d in days if d.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY)]
    for info in special:
        print(f"  {info.date}  {info.reason(lang)}")  # type: ignore[arg-type]
    work = sum(d.is_workday for d in days)
    print(
        f"工作日 {work} 天，休息日 {len(days) - work} 天。"
        if lang == "zh"
        else f"{work} working days, {len(days) - work} rest days."
    )
    sources = sorted({d.source for d in special if d.source})
    for source in sources:
        print(f"依据：{source}" if lang == "zh" else f"Source: {source}")
    if not all(d.official for d in days):
        print(
            "注意：未收录当年国务院办公厅放假通知，本月为暂定（无调休数据）。"
            if lang == "zh"
            else "Note: no official notice for this year; the month is provisional (no 调休)."
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``xinfang``."""
    parser = argparse.ArgumentParser(
        prog="xinfang",
        description="China's petition (信访) rules: working-day calendar and deadlines.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--region", choices=regional_presets(), help="add a regional preset's local holidays"
    )
    common.add_argument(
        "--notice",
        action="append",
        metavar="FILE",
        help="a TOML/JSON notice file to add (repeatable; see docs/notices.md)",
    )
    common.add_argument(
        "--strict",
        action="store_true",
        help="refuse years without an official holiday notice instead of warning",
    )
    common.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of explanations"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_cal = sub.add_parser(
        "calendar", parents=[common], help="print a month with working and rest days"
    )
    p_cal.add_argument("month", type=_month, help="YYYY-MM")

    p_wd = sub.add_parser("workdays", help="count working days")
    wd_sub = p_wd.add_subparsers(dest="action", required=True)
    p_add = wd_sub.add_parser(
        "add", parents=[common], help="the N-th working day after DATE, and why"
    )
    p_add.add_argument("date", type=_date)
    p_add.add_argument("n", type=int)
    p_between = wd_sub.add_parser(
        "between", parents=[common], help="working days in (A, B], and why"
    )
    p_between.add_argument("a", type=_date)
    p_between.add_argument("b", type=_date)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``xinfang``; returns the exit status (0 ok, 1 a library error, 2 usage)."""
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        try:
            cal = _calendar(args)
            if args.command == "calendar":
                year, month = args.month
                _print_month(cal, year, month, args.lang)
            elif args.action == "add":
                print(cal.explain_add_workdays(args.date, args.n).render(args.lang))
            else:
                print(cal.explain_workdays_between(args.a, args.b).render(args.lang))
        except XinfangError as exc:
            print(f"xinfang: error: {exc}", file=sys.stderr)
            return 1
    for w in caught:
        print(f"xinfang: warning: {w.message}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
