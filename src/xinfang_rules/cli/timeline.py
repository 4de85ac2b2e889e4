"""``xinfang timeline`` (a petition's statutory deadlines) and ``xinfang sql``."""

from __future__ import annotations

import argparse
from typing import Any

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cli._common import (
    _NEEDS,
    _date,
    _named_or_file,
    _regime,
)
from xinfang_rules.formats.warehouse import deadlines_sql
from xinfang_rules.law.deadlines import statutory_timeline


def _print_timeline(cal: WorkdayCalendar, args: argparse.Namespace) -> None:
    regime = _regime(args)
    rows = statutory_timeline(
        args.received,
        accepted=args.accepted,
        reply_received=args.replied,
        regime=regime,
        calendar=cal,
    )
    zh = args.lang == "zh"
    counting = (
        ("“日”按工作日计算" if zh else "every 日 counted as a working day")
        if regime.count_days_as == "workdays"
        else (
            "“日”按自然日计算，末日为休息日顺延（民法典第二百零一、二百零三条）"
            if zh
            else "日 = calendar days, a rest last day moves on (Civil Code Art. 201, 203)"
        )
    )
    received = f"{args.received} {cal.describe(args.received).reason(args.lang)}"
    print(f"{regime.title}　{'收到' if zh else 'received'} {received}")
    print(f"{'计算方法' if zh else 'Counting'}：{counting}" if zh else f"Counting: {counting}")
    for period, deadline in rows:
        title = period.title if zh else (period.title_en or period.title)
        source = period.source.render(args.lang)
        head = f"{period.id:<24}{title}" + (
            f"（{period.length_text}）" if zh else f" ({period.length_text})"
        )
        sep = "；" if zh else "; "
        if deadline is None:
            label, flag = _NEEDS.get(period.clock, (period.clock.zh, ""))
            need = f"，用 {flag} 给出" if flag else ""
            pending = (
                f"待定：自{label}起算{need}" if zh else f"pending: starts at {period.clock.value}"
            )
            print(f"  {'—' * 10}  {head}\n  {'':10}  {pending}{sep}{source}")
            continue
        print(f"  {deadline.due}  {head}")
        print(f"  {'':10}  {deadline.why(args.lang)}{sep}{source}")
        if args.explain:
            for line in deadline.explain().render(args.lang).splitlines():
                print(f"  {'':10}    {line}")
    print(
        "截止日为当日二十四时前（民法典第二百零三条）。"
        if zh
        else "Each due date ends at midnight Beijing time (Civil Code Art. 203)."
    )


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_tl = sub.add_parser(
        "timeline", parents=[common], help="a petition's statutory deadlines, with articles"
    )
    p_tl.add_argument("--received", type=_date, required=True, help="day received, YYYY-MM-DD")
    p_tl.add_argument("--accepted", type=_date, help="day accepted (受理)")
    p_tl.add_argument("--replied", type=_date, help="day the petitioner received the reply")
    p_tl.add_argument(
        "--regime",
        help=(
            "a built-in regime by name (2022, 2005, beijing, shanghai, shandong, henan, "
            "zhejiang, or 北京, 山东 …; see 'xinfang rules list') or a .toml/.json regime "
            "file (default: the national regime by --received)"
        ),
    )
    p_tl.add_argument(
        "--count",
        choices=("days", "workdays"),
        help="count every 日 as calendar days (the text) or as working days",
    )
    p_tl.add_argument("--explain", action="store_true", help="print each derivation in full")

    p_sql = sub.add_parser(
        "sql",
        help="a regime's deadlines as SQL over a petitions table (docs/warehouse.md)",
        description=(
            "Print the query that computes a regime's deadlines over a petitions table and "
            "the calendar table of 'xinfang calendar export' (DuckDB, Spark SQL)."
        ),
    )
    p_sql.add_argument(
        "--regime",
        default="2022",
        help="a built-in regime by name (default 2022; see 'xinfang rules list') or a file",
    )
    p_sql.add_argument(
        "--count",
        choices=("days", "workdays"),
        help="count every 日 as calendar days (the text) or as working days",
    )
    p_sql.add_argument(
        "--petitions", default="petitions", metavar="TABLE", help="the petitions table's name"
    )
    p_sql.add_argument(
        "--calendar", default="calendar", metavar="TABLE", help="the calendar table's name"
    )
    return [p_tl, p_sql]


def _sql(args: argparse.Namespace) -> int:
    """``xinfang sql``: the due dates of a regime's periods as SQL over a calendar table."""
    regime = _named_or_file(args.regime)
    if args.count:
        regime = regime.counting_days_as(args.count)
    print(deadlines_sql(regime, petitions=args.petitions, calendar=args.calendar))
    return 0
