"""``xinfang rota generate`` and ``xinfang rota check``: reception rotas and their 公示."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import Any

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cli._common import (
    _date,
    _emit,
    _encoding,
    _encoding_option,
    _error,
    _positive_seconds,
    _t,
    atomic_write_bytes,
)
from xinfang_rules.cli._zh import note_zh
from xinfang_rules.dates import WEEKDAY_NAMES_ZH
from xinfang_rules.errors import XinfangError
from xinfang_rules.rota import Conflict, RotaInfeasible


def _rota(args: argparse.Namespace) -> int:
    from xinfang_rules.formats.rota_io import (
        load_rota_config,
        notice_markdown,
        read_rota_csv,
        rota_to_ics,
        write_notice_csv,
        write_rota_csv,
    )

    config = load_rota_config(args.config)
    if args.region and config.region and args.region != config.region:
        raise XinfangError(
            _t(
                f"--region {args.region} 与配置文件的地区 {config.region} 不一致",
                f"--region {args.region} differs from the configuration's region {config.region}",
            )
        )
    cal = WorkdayCalendar.china(strict=args.strict, region=args.region or config.region)
    for path in args.notice or ():
        cal = cal.with_notice_file(path)
    if args.rota_action == "check":
        rota = read_rota_csv(
            args.file, config, start=args.start, end=args.end, encoding=_encoding(args)
        )
        violations = config.check(rota, calendar=cal)
        for v in violations:
            print(v)
        print(
            f"{rota.start} 至 {rota.end}：{len(rota.assignments)} 次接访，"
            f"{len(violations)} 处不符合规则"
        )
        return 1 if violations else 0
    if args.start is None or args.end is None:
        raise XinfangError(
            _t("rota generate 须给出 --from 和 --to", "rota generate needs --from and --to")
        )
    rota = config.generate(
        args.start,
        args.end,
        calendar=cal,
        allow_gaps=args.allow_gaps,
        solver=args.solver,
        time_limit=args.time_limit,
    )
    shaky = cal.provisional_years(rota.start, rota.end)
    if args.format == "xlsx":
        from xinfang_rules.formats.workbooks import write_notice_xlsx

        if not args.output:
            raise XinfangError(
                _t(
                    "工作簿不能输出到屏幕：请用 -o 文件名.xlsx 指定文件",
                    "a workbook is binary: name the file with -o FILE.xlsx",
                )
            )
        write_notice_xlsx(
            rota,
            args.output,
            title=f"{config.name or '领导干部接访安排'}公示",
            provisional_years=shaky,
        )
    elif args.format == "ics":
        data = rota_to_ics(rota, name=config.name or "领导干部接访安排", provisional_years=shaky)
        if args.output:
            atomic_write_bytes(args.output, data)
        else:
            sys.stdout.buffer.write(data)
    else:
        out = io.StringIO(newline="")
        if args.format == "csv":
            write_rota_csv(rota, out, bom=False, provisional_years=shaky)
        elif args.format == "notice":
            out.write(
                notice_markdown(
                    rota,
                    title=f"{config.name or '领导干部接访安排'}公示",
                    provisional_years=shaky,
                )
            )
        elif args.format == "notice-csv":
            write_notice_csv(rota, out, bom=False, provisional_years=shaky)
        else:
            places = {p.id: p for p in rota.places}
            people = {x.id: x for x in rota.leaders}
            for a in rota.assignments:
                p = places[a.place]
                who = "、".join(f"{people[i].name}（{people[i].title}）" for i in a.leaders)
                out.write(
                    f"{a.date} {WEEKDAY_NAMES_ZH[a.date.weekday()]} {p.hours}  {p.name}  {who}"
                    + (f"  [{a.layer}]" if a.layer != "base" else "")
                    + "\n"
                )
        _emit(args.output, out.getvalue(), bom=args.format in ("csv", "notice-csv"))
    for gap in rota.gaps:
        print(_t(f"xinfang: 空缺：{gap.describe_zh()}", f"xinfang: gap: {gap}"), file=sys.stderr)
    for note in rota.notes:
        print(_t(f"xinfang: 提示：{note_zh(note)}", f"xinfang: note: {note}"), file=sys.stderr)
    _print_conflicts(rota.conflicts)
    return 0


def _print_conflicts(conflicts: Sequence[Conflict]) -> None:
    """Why no rota can meet the rules, one count a line, in the chosen language."""
    for x in conflicts:
        print(_t(f"xinfang: 冲突：{x.message_zh}", f"xinfang: conflict: {x.message}"),
              file=sys.stderr)  # fmt: skip


def _rota_infeasible(exc: RotaInfeasible) -> None:
    """The gaps, unmet minimums and conflicts of a rota that cannot be complete."""
    _error(
        _t(
            "排不出满足全部规则的接访安排（加 --allow-gaps 可输出带空缺的安排）",
            "the rules cannot all be met (--allow-gaps prints the rota with its gaps)",
        )
    )
    for gap in exc.gaps:
        print(_t(f"xinfang: 空缺：{gap.describe_zh()}", f"xinfang: gap: {gap}"), file=sys.stderr)
    for v in exc.unmet:
        print(_t(f"xinfang: {note_zh('minimum not met: ' + v.message)}",
                 f"xinfang: minimum not met: {v.message}"), file=sys.stderr)  # fmt: skip
    _print_conflicts(exc.conflicts)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_rota = sub.add_parser("rota", help="leaders' public reception rotas (领导干部接访)")
    rota_sub = p_rota.add_subparsers(dest="rota_action", required=True)
    p_gen = rota_sub.add_parser(
        "generate", parents=[common], help="generate a rota from a configuration (docs/rota.md)"
    )
    p_gen.add_argument("config", help="the rota configuration (.toml or .json)")
    p_gen.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD")
    p_gen.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD")
    p_gen.add_argument(
        "-o", "--output", metavar="FILE", help="the file to write (default: standard output)"
    )
    p_gen.add_argument(
        "--format",
        choices=("table", "csv", "ics", "notice", "notice-csv", "xlsx"),
        default="table",
        help="table (default), csv, ics (iCalendar), notice (公示, Markdown), notice-csv, "
        "xlsx (公示 for print, with -o; the excel extra)",
    )
    p_gen.add_argument(
        "--allow-gaps",
        action="store_true",
        help="print the rota with its unfillable receptions listed instead of failing",
    )
    p_gen.add_argument(
        "--solver",
        choices=("auto", "greedy", "exact"),
        default="auto",
        help="auto (default): the greedy fill, and the exact search (the solver extra) when "
        "it leaves gaps or unmet minimums; greedy: the fill alone; exact: always the search",
    )
    p_gen.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="the whole generation's budget in seconds (default 10): fill, explanation and "
        "exact search; past it, the best rota so far with its gaps, and a note",
    )
    p_rcheck = rota_sub.add_parser(
        "check",
        parents=[common],
        help="check a rota CSV (generated or hand-made) against the rules",
    )
    p_rcheck.add_argument("config", help="the rota configuration (.toml or .json)")
    p_rcheck.add_argument("file", help="the rota as CSV (date, place, leader columns)")
    p_rcheck.add_argument("--from", dest="start", type=_date, help="first day of the range")
    p_rcheck.add_argument("--to", dest="end", type=_date, help="last day of the range")
    _encoding_option(p_rcheck)
    return []
