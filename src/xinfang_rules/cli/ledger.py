"""``xinfang ledger check``: the 预警清单 from a 信访台账, its bad rows, the 待修正."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cases import Petition
from xinfang_rules.cli._common import (
    _ON_HELP,
    _date,
    _encoding,
    _error,
    _on,
    _print_warnings,
    _progress,
    _t,
    _today,
)
from xinfang_rules.errors import XinfangError
from xinfang_rules.privacy import one_line, scrub


def _open_ledger(args: argparse.Namespace, as_of: _dt.date) -> Any:
    """The ledger named on the command line (workbook or CSV), row by row, through its mapping.

    Read in constant memory as the figures or the list consume it; the summary line and
    the bad rows are printed by :func:`_ledger_done` once it has been read. A row
    registered after ``as_of`` is a bad row (a mistyped year or month).
    """
    from xinfang_rules.formats.ledger import load_ledger_mapping, open_ledger

    mapping = load_ledger_mapping(args.mapping) if args.mapping else None
    sheet: str | int = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    return open_ledger(
        args.file,
        mapping,
        sheet=sheet,
        encoding=args.encoding,
        receiving_unit=args.unit,
        skip_bad=getattr(args, "skip_bad", False),
        as_of=as_of,
    )


def _records_options(p: argparse.ArgumentParser) -> None:
    """The options of a command that reads petition records or a 台账 (metrics, table)."""
    p.add_argument(
        "--input-format",
        dest="format_in",
        choices=("auto", "jsonl", "csv", "ledger"),
        default="auto",
        help="the file: petition records (jsonl, csv) or a 信访台账 (ledger: .xlsx or CSV; "
        "auto: a workbook, a CSV with ledger headers, or with --mapping)",
    )
    p.add_argument("--mapping", metavar="FILE", help="a ledger mapping (.toml)")
    p.add_argument("--unit", help="a ledger's unit (登记单位), if it has no such column")
    p.add_argument("--sheet", default="0", help="a workbook's sheet: name or index")
    p.add_argument(
        "--skip-bad", action="store_true", help="a ledger: go on past bad rows (each reported)"
    )
    p.add_argument(
        "--rejected", metavar="FILE", help="a ledger: write the bad rows and why (.csv or .xlsx)"
    )


def _open_records(args: argparse.Namespace) -> tuple[Iterable[Petition], Any]:
    """The petitions of the file named on the command line, and its ledger (or ``None``).

    JSON Lines, the flat CSV layout or a 台账 (workbook or CSV, through its mapping), by
    ``--input-format`` or, with ``auto``, by the file: a workbook, a CSV with ledger
    headers, or any file with ``--mapping`` is a ledger.
    """
    from xinfang_rules.formats.case_csv import iter_petitions_csv
    from xinfang_rules.formats.case_io import iter_petitions_jsonl

    kind = args.format_in
    name = str(args.file).lower()
    if kind == "auto":
        from xinfang_rules.formats.ledger import WORKBOOK_SUFFIXES, is_ledger_csv

        if args.mapping or name.endswith(WORKBOOK_SUFFIXES):
            kind = "ledger"
        elif name.endswith(".csv"):  # a 台账 saved as CSV, or the library's case CSV
            kind = "ledger" if is_ledger_csv(args.file, encoding=args.encoding) else "csv"
        else:
            kind = "jsonl"
    if kind == "ledger":
        # a date after today cannot be true; one after --on may be (outside the period)
        ledger = _open_ledger(args, _today())
        return ledger, ledger
    if args.skip_bad or args.rejected:
        raise XinfangError(
            _t(
                "--skip-bad 和 --rejected 只用于信访台账（见 --input-format）",
                "--skip-bad and --rejected are for a 台账 (ledger); see --input-format",
            )
        )
    if kind == "csv":
        return iter_petitions_csv(args.file, encoding=_encoding(args)), None
    return iter_petitions_jsonl(args.file, encoding=_encoding(args)), None


def _ledger_done(ledger: Any, args: argparse.Namespace) -> None:
    """After reading: how many rows were read, used, rejected; each bad row; --rejected."""
    from xinfang_rules.formats.ledger import write_rejected_csv

    print(f"xinfang: {ledger.summary(args.lang)}", file=sys.stderr)
    for issue in ledger.issues:
        print(f"xinfang: {issue.text(args.lang)}", file=sys.stderr)
    if args.rejected and ledger.issues:
        write_rejected_csv(args.rejected, ledger.issues)


def _ledger_check(cal: WorkdayCalendar, args: argparse.Namespace) -> int:
    ledger = _open_ledger(args, _on(args))
    overdue = _print_warnings(
        cal, _progress(ledger, "行"), _on(args), args.due_soon, args.output, ledger
    )
    _ledger_done(ledger, args)
    return 3 if overdue and not args.no_fail else 0


def _bad_rows(file: str, issues: Sequence[Any], lang: str) -> None:
    """The bad rows of a ledger read without --skip-bad, one a line, in the chosen language."""
    n = len(issues)
    if lang == "en":
        _error(f"{file}: {n} rows cannot be used (--skip-bad goes on without them):")
    else:
        _error(f"{file}：台账有 {n} 行无法使用（加 --skip-bad 可跳过，--rejected 另存）：")
    for issue in issues:
        print(f"  {scrub(one_line(issue.text(lang)))}", file=sys.stderr)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_ledger = sub.add_parser("ledger", help="信访台账: a ledger of one row per petition")
    ledger_sub = p_ledger.add_subparsers(dest="ledger_action", required=True)
    p_lcheck = ledger_sub.add_parser(
        "check",
        parents=[common],
        help="预警清单: read a 台账 and list overdue and due-soon duties by unit",
        description=(
            "Read a 信访台账 (a workbook, or CSV in UTF-8 or GB18030 found by trying), map its "
            "columns (the default mapping or --mapping FILE, docs/ledger.md), and print the "
            "overdue and due-soon duties by unit. Exit status: 0 none overdue, 3 something "
            "overdue (--no-fail: 0), 1 an error."
        ),
    )
    p_lcheck.add_argument(
        "file", help="the ledger: .xlsx (the excel extra) or CSV, with a header row"
    )
    p_lcheck.add_argument("--sheet", default="0", help="the workbook's sheet: name or index")
    p_lcheck.add_argument("--mapping", metavar="FILE", help="a ledger mapping (.toml)")
    p_lcheck.add_argument("--unit", help="the unit keeping the ledger (登记单位)")
    p_lcheck.add_argument("--on", type=_date, help=_ON_HELP)
    p_lcheck.add_argument(
        "--due-soon", type=int, default=3, metavar="N", help="warn N working days ahead"
    )
    p_lcheck.add_argument(
        "--skip-bad", action="store_true", help="go on past bad rows (each reported)"
    )
    p_lcheck.add_argument(
        "--rejected", metavar="FILE", help="write the bad rows and why (.csv for Excel, or .xlsx)"
    )
    p_lcheck.add_argument(
        "--no-fail", action="store_true", help="exit 0 even when something is overdue"
    )
    p_lcheck.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="also write the 预警清单: .xlsx (the excel extra) or .csv (for Excel)",
    )
    p_lcheck.add_argument(
        "--encoding", help="the file's encoding (default: UTF-8, else GB18030, by trying)"
    )
    return []
