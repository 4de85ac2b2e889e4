"""``xinfang table``: petition records as warehouse tables (periods, petitions, events)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from xinfang_rules.cli._common import _chosen_calendar, _date, _encoding_option, _progress, _t
from xinfang_rules.cli.ledger import _ledger_done, _open_records, _records_options


def _table(args: argparse.Namespace) -> int:
    """Write the periods table of the records; say how many rows, and where."""
    from xinfang_rules.formats.tables import write_table

    petitions, ledger = _open_records(args)
    calendar = _chosen_calendar(args)
    n = write_table(
        args.output,
        _progress(petitions, "件"),
        table=args.table,
        format=args.format,
        calendar=calendar,
        as_of=args.as_of,
        unrecorded=ledger.unrecorded if ledger is not None else None,
    )
    if ledger is not None:
        _ledger_done(ledger, args)
    print(
        _t(
            f"xinfang：{args.output}：{n} 行（{args.table} 表）",
            f"xinfang: {args.output}: {n} rows ({args.table} table)",
        ),
        file=sys.stderr,
    )
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_table = sub.add_parser(
        "table",
        parents=[common],
        help="petition records as a table for SQL: periods, petitions or events "
        "(docs/warehouse.md)",
    )
    p_table.add_argument("file", help="petitions as JSON Lines, flat CSV or a 信访台账")
    _encoding_option(p_table)
    p_table.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the table: .parquet or .csv"
    )
    p_table.add_argument(
        "--format",
        choices=("auto", "csv", "parquet"),
        default="auto",
        help="the table's format (auto: by the file's suffix)",
    )
    p_table.add_argument(
        "--table",
        choices=("periods", "petitions", "events"),
        default="periods",
        help="which table: periods (for the status SQL, default), petitions, events",
    )
    p_table.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="each petition as it stood on DATE (later events left out), for figures taken then",
    )
    _records_options(p_table)
    return []
