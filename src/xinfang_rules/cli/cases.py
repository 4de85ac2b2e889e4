"""``xinfang cases check``: overdue and due-soon petitions in petition records."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Literal

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cli._common import (
    _LANG,
    _ON_HELP,
    _date,
    _encoding,
    _encoding_option,
    _on,
    _print_warnings,
    _progress,
    _t,
)


def _check_cases(cal: WorkdayCalendar, args: argparse.Namespace) -> int:
    from xinfang_rules.formats.case_csv import iter_petitions_csv
    from xinfang_rules.formats.case_io import LoadIssue, iter_petitions_jsonl

    issues: list[LoadIssue] = []
    on_error: Literal["raise", "skip"] = "skip" if args.skip_bad else "raise"
    kind = args.format
    if kind == "auto":
        kind = "csv" if str(args.file).lower().endswith(".csv") else "jsonl"
    petitions = (
        iter_petitions_csv(args.file, on_error=on_error, issues=issues, encoding=_encoding(args))
        if kind == "csv"
        else iter_petitions_jsonl(
            args.file, on_error=on_error, issues=issues, encoding=_encoding(args)
        )
    )
    _print_warnings(cal, _progress(petitions, "件"), _on(args), args.due_soon)
    for issue in issues:
        print(
            _t(f"xinfang: 跳过第 {issue.line} 行：", f"xinfang: skipped line {issue.line}: ")
            + issue.text(_LANG.get()),
            file=sys.stderr,
        )
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_cases = sub.add_parser("cases", help="work with petition records")
    cases_sub = p_cases.add_subparsers(dest="action", required=True)
    p_check = cases_sub.add_parser(
        "check", parents=[common], help="overdue and due-soon petitions by unit"
    )
    p_check.add_argument("file", help="petitions as JSON Lines or flat CSV (docs/cases.md)")
    p_check.add_argument(
        "--format",
        choices=("auto", "jsonl", "csv"),
        default="auto",
        help="the file's format (default: csv for a .csv file, else JSON Lines)",
    )
    _encoding_option(p_check)
    p_check.add_argument("--on", type=_date, help=_ON_HELP)
    p_check.add_argument(
        "--due-soon", type=int, default=3, metavar="N", help="warn N working days ahead"
    )
    p_check.add_argument(
        "--skip-bad",
        action="store_true",
        help="skip bad petitions (their lines reported) instead of stopping",
    )
    return [p_check]
