"""``xinfang calendar`` (a month; ``export``; ``notice import``) and ``xinfang workdays``."""

from __future__ import annotations

import argparse
import calendar as _stdcal
import datetime as _dt
import sys
from typing import Any

from xinfang_rules._files import write_text
from xinfang_rules.calendar import DayKind, WorkdayCalendar
from xinfang_rules.cli._common import (
    _date,
    _encoding_option,
    _month,
    _t,
)
from xinfang_rules.dates import WEEKDAY_NAMES_ZH
from xinfang_rules.formats.warehouse import (
    WarehouseError,
    write_calendar_csv,
    write_calendar_parquet,
)


def _export_calendar(cal: WorkdayCalendar, args: argparse.Namespace) -> None:
    if args.format == "parquet":
        if not args.output:
            raise WarehouseError(
                "Parquet is binary: name the file with --output FILE",
                zh="Parquet 是二进制文件：请用 --output 文件 写明输出文件",
            )
        write_calendar_parquet(args.output, args.start, args.end, calendar=cal)
    elif args.output:
        write_calendar_csv(args.output, args.start, args.end, calendar=cal)
    else:
        write_calendar_csv(sys.stdout, args.start, args.end, calendar=cal)


def _import_notice(cal: WorkdayCalendar, args: argparse.Namespace) -> None:
    from xinfang_rules.calendar.notice_text import (
        notice_changes,
        notice_file_toml,
        parse_notices,
        read_notice_text,
    )

    texts = [read_notice_text(path, args.encoding) for path in args.files]
    parsed = parse_notices(texts, args.year)
    toml_text = notice_file_toml(parsed)
    if args.output:
        write_text(args.output, lambda f: f.write(toml_text))
    elif not args.diff:
        sys.stdout.write(toml_text)
    notice = parsed.notice
    source = f"（{parsed.number}）" if parsed.number else ""
    written = _t(f"；已写入 {args.output}", f"; written to {args.output}") if args.output else ""
    print(
        _t(
            f"xinfang: 读取 {notice.year} 年放假通知{source}：{len(parsed.items)} 项，放假 "
            f"{len(notice.days_off)} 天，调休上班 {len(notice.workdays)} 天{written}",
            f"xinfang: read the {notice.year} notice{source}: {len(parsed.items)} item(s), "
            f"{len(notice.days_off)} day(s) off, {len(notice.workdays)} make-up working "
            f"day(s){written}",
        ),
        file=sys.stderr,
    )
    if args.diff:
        changes = notice_changes(cal, notice)
        kind = [c for c in changes if c.kind_changes]
        title = parsed.title or notice.year
        print(
            _t(
                f"{title}：放假或上班有变的 {len(kind)} 天",
                f"{title}: {len(kind)} day(s) change between working and rest",
            )
        )
        for change in kind:
            print(f"  {change}")
        rest = len(changes) - len(kind)
        if rest:
            print(
                _t(
                    f"另有 {rest} 天由暂定改为正式，放假或上班不变",
                    f"and {rest} day(s) only stop being provisional (working or rest as before)",
                )
            )


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
    zh = lang == "zh"
    if not zh:
        mark = {**mark, DayKind.HOLIDAY: "H", DayKind.MAKEUP_WORKDAY: "W"}
    print((f"{year}年{month}月" if zh else f"{_stdcal.month_name[month]} {year}").center(34))
    names = [n[-1] for n in WEEKDAY_NAMES_ZH] if zh else ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    print(" ".join(f" {name:<2} " if not zh else f" {name} " for name in names).rstrip())
    row = ["    "] * days[0].date.weekday()
    for info in days:
        row.append(f"{info.date.day:>2}{mark[info.kind]:<2}" if not zh else
                   f"{info.date.day:>2}{mark[info.kind]}")  # fmt: skip
        if len(row) == 7:
            print(" ".join(row).rstrip())
            row = []
    if row:
        print(" ".join(row).rstrip())
    print(
        "休 = 放假（法定节假日、调休）  班 = 调休上班  周六、周日未标注者休息"
        if zh
        else "H = day off (holiday, 调休)  W = make-up working day  Sat, Sun unmarked: rest"
    )
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


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_cal = sub.add_parser(
        "calendar", parents=[common], help="print a month with working and rest days"
    )
    p_cal.add_argument("month", type=_month, help="YYYY-MM (or: xinfang calendar export -h)")
    p_exp = sub.add_parser(
        "calendar-export",
        parents=[common],
        prog="xinfang calendar export",
        help="(xinfang calendar export) the calendar as a dimension table for SQL and Spark",
        description=(
            "Write every day from --from to --to with is_workday, kind, holiday, official and "
            "a running working-day index (docs/warehouse.md)."
        ),
    )
    p_exp.add_argument(
        "--from", dest="start", type=_date, required=True, metavar="DATE", help="first day"
    )
    p_exp.add_argument(
        "--to", dest="end", type=_date, required=True, metavar="DATE", help="last day"
    )
    p_exp.add_argument(
        "--format", choices=("csv", "parquet"), default="csv", help="csv (default) or parquet"
    )
    p_exp.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: CSV to standard output)"
    )

    p_imp = sub.add_parser(
        "calendar-notice-import",
        parents=[common],
        prog="xinfang calendar notice import",
        help="(xinfang calendar notice import) read the State Council's holiday notice text",
        description=(
            "Read a year's holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知) as "
            "published, and any special notices for that year after it, check it against "
            "《全国年节及纪念日放假办法》 and itself, and write a notice file for --notice "
            "(docs/howto/next-year-notice.md)."
        ),
    )
    p_imp.add_argument("files", nargs="+", metavar="FILE", help="notice texts; - for stdin")
    p_imp.add_argument("--year", type=int, help="the year (default: from the title)")
    p_imp.add_argument(
        "-o", "--output", metavar="FILE", help="notice file to write (default: standard output)"
    )
    p_imp.add_argument(
        "--diff",
        action="store_true",
        help="print what the notice changes, day by day, in the calendar in use",
    )
    _encoding_option(p_imp)

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
    return [p_cal, p_add, p_between]
