"""``xinfang metrics``: the evaluation figures (考核指标), the 通报 and rankings."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from xinfang_rules._files import CsvOut
from xinfang_rules.cli._common import (
    _chosen_calendar,
    _csv_values,
    _date,
    _emit,
    _encoding_option,
    _progress,
    _t,
)
from xinfang_rules.cli.ledger import _ledger_done, _open_records, _records_options
from xinfang_rules.errors import XinfangError


def _metrics(args: argparse.Namespace) -> None:

    from xinfang_rules.metrics import FIGURES, MetricOptions, report

    if args.end < args.start:
        raise XinfangError(
            _t(
                f"--to {args.end} 早于 --from {args.start}",
                f"--to {args.end} is before --from {args.start}",
            )
        )
    options = MetricOptions(
        basic_counts_as_satisfied=not args.basic_not_satisfied,
        overdue_unrated_as_satisfied=args.unrated_satisfied,
        evaluation_window=args.evaluation_window,
        open_at_end=args.open_at_end,
        weight=args.weight,
    )
    petitions, ledger = _open_records(args)
    calendar = _chosen_calendar(args)
    rep = report(
        _progress(petitions, "件"),
        args.start,
        args.end,
        on=args.on,
        calendar=calendar,
        by=args.by,
        options=options,
        unrecorded=ledger.unrecorded if ledger is not None else None,
    )
    rejected: Sequence[Any] = ()
    if ledger is not None:
        _ledger_done(ledger, args)
        rejected = ledger.issues
    titles = {f.key: f.title for f in FIGURES}
    mark = "（暂定）" if rep.provisional_years else ""
    if args.output and args.output.lower().endswith(".xlsx"):
        from xinfang_rules.formats.workbooks import write_report_xlsx

        ranked = rep.rank(args.rank, top=args.top, bottom=args.bottom) if args.rank else None
        write_report_xlsx(rep, args.output, ranking=ranked, rejected=rejected)
    left_out = rep.left_out_text(args.lang)
    if left_out and (args.format != "table" or args.output or args.rank):
        # the table says it in its own lines; the other outputs here, once
        print(f"xinfang: {_t('提示：', 'note: ')}{left_out}", file=sys.stderr)
    if rep.provisional_years:
        years = "、".join(str(y) for y in rep.provisional_years)
        print(
            f"注意：{years} 年未收录国务院办公厅放假通知，该年到期的时限按暂定放假日计算，"
            "指标为暂定（xinfang calendar notice import 可导入通知）",
            file=sys.stderr,
        )
    if args.rank:
        ranking = rep.rank(args.rank, top=args.top, bottom=args.bottom)
        shaky = bool(rep.provisional_years)
        rows = [
            {"rank": r, "unit": unit, "numerator": rate.numerator,
             "denominator": rate.denominator, "percent": str(rate.percent()),
             "provisional": shaky}
            for r, unit, rate in ranking.ranked
        ] + [
            {"rank": None, "unit": unit, "numerator": 0, "denominator": 0, "percent": None,
             "provisional": shaky}
            for unit in ranking.no_value
        ]  # fmt: skip
        if args.format == "json":
            print(json.dumps({"figure": args.rank, "title": titles[args.rank],
                              "provisional_years": list(rep.provisional_years), "rows": rows},
                             ensure_ascii=False, indent=1))  # fmt: skip
        elif args.format == "csv":
            out = io.StringIO(newline="")
            writer = CsvOut(out)
            writer.row(list(rows[0]) if rows else ["rank"])
            writer.rows(_csv_values(row) for row in rows)
            _emit(None, out.getvalue(), bom=True)
        else:
            print(f"{titles[args.rank]}排名（{rep.start} 至 {rep.end}，截至 {rep.on}）{mark}")
            for row in rows:
                place = row["rank"] if row["rank"] is not None else "—"
                pct = f"{row['percent']}%" if row["percent"] is not None else "无数据"
                count = f"{row['numerator']}/{row['denominator']}"
                print(f"  {place!s:>3}  {row['unit']}  {pct}（{count}）")
        return
    rows = rep.rows()
    if args.format == "json":
        left = [{"figure": k, "title": titles[k], "reason": zh, "reason_en": en}
                for k, (zh, en) in rep.left_out.items()]  # fmt: skip
        print(json.dumps({"start": str(rep.start), "end": str(rep.end), "on": str(rep.on),
                          "by": rep.by, "provisional_years": list(rep.provisional_years),
                          "left_out": left, "rows": rows}, ensure_ascii=False,
                         indent=1))  # fmt: skip
    elif args.format == "csv":
        out = io.StringIO(newline="")
        writer = CsvOut(out)
        writer.row(list(rows[0]))
        writer.rows(_csv_values(row) for row in rows)
        _emit(None, out.getvalue(), bom=True)
    else:
        grouped = "承办单位" if rep.by == "handling_unit" else "受理单位"
        print(f"{rep.start} 至 {rep.end}（截至 {rep.on}），按{grouped}{mark}")
        if left_out:
            print(left_out)
        for u in (*rep.units, rep.total):
            v = u.volume
            print(f"\n{u.unit or '合计'}：{v.matters} 件，{v.batches} 批次，{v.persons} 人次")
            for f in rep.figures():
                blank = u.unknown.get(f.key)
                note = f"（另 {blank} 件台账未填，不计入）" if blank else ""
                print(f"  {f.title}  {u.rates[f.key]}{note}")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_met = sub.add_parser(
        "metrics", parents=[common], help="evaluation figures (考核指标) from petition records"
    )
    p_met.add_argument("file", help="petitions as JSON Lines or flat CSV (docs/cases.md)")
    _encoding_option(p_met)
    p_met.add_argument("--from", dest="start", type=_date, required=True, help="first day")
    p_met.add_argument("--to", dest="end", type=_date, required=True, help="last day")
    p_met.add_argument("--on", type=_date, help="the day the figures are taken (default --to)")
    p_met.add_argument(
        "--by",
        choices=("handling_unit", "receiving_unit"),
        default="handling_unit",
        help="what a unit is: the handling unit (default) or the receiving unit",
    )
    p_met.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="the output format"
    )
    p_met.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write: 通报.xlsx (the excel extra) or the text format",
    )
    _records_options(p_met)
    p_met.add_argument("--rank", metavar="FIGURE", help="rank the units by a figure")
    p_met.add_argument("--top", type=int, metavar="N", help="with --rank: the best N")
    p_met.add_argument("--bottom", type=int, metavar="N", help="with --rank: the worst N")
    p_met.add_argument(
        "--basic-not-satisfied", action="store_true", help="基本满意 does not count as satisfied"
    )
    p_met.add_argument(
        "--unrated-satisfied", action="store_true", help="超期未评价 counts as satisfied"
    )
    p_met.add_argument(
        "--evaluation-window",
        type=int,
        default=30,
        metavar="DAYS",
        help="days after the reply within which the petitioner may rate it (default 30)",
    )
    p_met.add_argument(
        "--open-at-end",
        choices=("not_due", "late"),
        default="not_due",
        help="an open duty not yet due: left out (not_due, default) or counted late",
    )
    p_met.add_argument(
        "--weight",
        choices=("record", "person"),
        default="record",
        help="count each petition once (record, default) or by its headcount (person)",
    )
    return []
