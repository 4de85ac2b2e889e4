"""``xinfang rules`` (the regimes: list, show) and ``xinfang schema``."""

from __future__ import annotations

import argparse
from typing import Any

from xinfang_rules.cli._common import (
    _named_or_file,
)
from xinfang_rules.law.reference import describe_regime, reference_table
from xinfang_rules.law.rules import regimes
from xinfang_rules.schemas import SCHEMA_NAMES


def _rules(args: argparse.Namespace) -> int:
    if args.action == "draft":
        from xinfang_rules.law.draft import draft_regime
        from xinfang_rules.law.text import read_regulation

        print(draft_regime(read_regulation(args.text, args.encoding), regime_id=args.id), end="")
        return 0
    if args.action == "check":
        from xinfang_rules.law.check import check_regime
        from xinfang_rules.law.text import read_regulation

        result = check_regime(_named_or_file(args.name), read_regulation(args.text, args.encoding))
        print(result.report(args.lang))
        return 0 if result.ok else 1
    if args.action == "show":
        print(describe_regime(_named_or_file(args.name), args.lang))
    elif args.format == "markdown":
        print(reference_table(regimes().values()))
    else:
        for r in regimes().values():
            since = f"{r.in_force}" if r.in_force else "–"
            print(f"{r.id:<15}{' / '.join(r.names):<28}{r.title}　施行 {since}　{len(r)} 项期限")
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_rules = sub.add_parser(
        "rules", help="the built-in regimes: every period, its article and its words"
    )
    rules_sub = p_rules.add_subparsers(dest="action", required=True)
    p_rlist = rules_sub.add_parser("list", help="the built-in regimes, one a line")
    p_rlist.add_argument(
        "--format",
        choices=("table", "markdown"),
        default="table",
        help="table (default) or every period as the Markdown reference of docs/rules.md",
    )
    p_rshow = rules_sub.add_parser(
        "show", help="one regime in full: each period, its source and the quote"
    )
    p_rshow.add_argument("name", help="a name from 'xinfang rules list', or a regime file")
    p_rshow.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of explanations"
    )

    p_rdraft = rules_sub.add_parser(
        "draft",
        help="draft a regime file from a regulation's text, each guess marked for review",
        description=(
            "Read a regulation's text as published (UTF-8 or GB18030; 第X条, 款 as lines, "
            "（一） items) and write a regime file with one period per time limit: its "
            "citation, the clause verbatim, its length and unit from the text, and a "
            "proposed id, title, clock, extension and scope, each guess marked '# 待核' "
            "with its reason. Review every mark against the text, then run 'xinfang rules "
            "check' (docs/howto/provincial-regime.md)."
        ),
    )
    p_rdraft.add_argument(
        "text", help="the regulation's text as published (UTF-8 or GB18030), one article a line"
    )
    p_rdraft.add_argument("--id", help="the regime's id, e.g. guangdong-2014 (default: draft)")
    p_rdraft.add_argument(
        "--encoding", help="the text's encoding (default: UTF-8, else GB18030, by trying)"
    )

    p_rcheck = rules_sub.add_parser(
        "check",
        help="check a regime against its regulation's text: quotes, numbers, omissions",
        description=(
            "Check every source of a regime (built-in or a file) against the regulation's "
            "text: each quote verbatim in the article, paragraph and item it cites, each "
            "length, unit and cap the one its quote says, the in-force date in the text; "
            "and list the text's time limits the regime does not encode. Exit status: 0 "
            "no error, 1 an error (omissions are listed, not errors)."
        ),
    )
    p_rcheck.add_argument("name", help="a name from 'xinfang rules list', or a regime file")
    p_rcheck.add_argument(
        "--text", required=True, metavar="FILE",
        help="the regulation's text as published (UTF-8 or GB18030), one article a line",
    )  # fmt: skip
    p_rcheck.add_argument(
        "--encoding", help="the text's encoding (default: UTF-8, else GB18030, by trying)"
    )
    p_rcheck.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the report"
    )

    p_schema = sub.add_parser(
        "schema",
        help="the JSON Schema of a file format the library reads (docs/schemas.md)",
        description="Print the JSON Schema (draft 2020-12) of a file format, to validate "
        "files in other systems before they reach the library.",
    )
    p_schema.add_argument(
        "name", choices=SCHEMA_NAMES, help="petition, rota, regime, notice or ledger-mapping"
    )
    return [p_rlist, p_rshow, p_rdraft, p_rcheck, p_schema]
