"""The ``xinfang`` command: a thin shell over the library (parse, call, print)."""

from __future__ import annotations

import argparse
import calendar as _stdcal
import contextlib
import datetime as _dt
import io
import json
import os
import re
import sys
import warnings
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any, Literal, NoReturn, TypeVar

from xinfang_rules import __version__
from xinfang_rules._files import CsvOut, all_or_nothing, write_text
from xinfang_rules.calendar import DayKind, WorkdayCalendar, regional_presets
from xinfang_rules.cases import Petition
from xinfang_rules.cli._zh import error_zh, note_zh, parsers, to_chinese
from xinfang_rules.dates import BEIJING, WEEKDAY_NAMES_ZH, parse_iso_date
from xinfang_rules.errors import ProvisionalCalendarWarning, XinfangError
from xinfang_rules.formats.warehouse import (
    WarehouseError,
    deadlines_sql,
    write_calendar_csv,
    write_calendar_parquet,
)
from xinfang_rules.law.deadlines import statutory_timeline
from xinfang_rules.law.reference import describe_regime, reference_table
from xinfang_rules.law.rules import Clock, Regime, load_regime, named_regime, regime_for, regimes
from xinfang_rules.privacy import counting_replacements, echo, mask_text, one_line, scrub
from xinfang_rules.rota import Conflict, RotaInfeasible
from xinfang_rules.schemas import SCHEMA_NAMES, schema_text

__all__ = ["main"]

#: The language of this run's messages and help: zh unless ``--lang en`` or
#: ``XINFANG_LANG=en`` (set by :func:`main`).
_LANG: ContextVar[str] = ContextVar("xinfang_cli_lang", default="zh")


def _t(zh: str, en: str) -> str:
    """A message in the run's language."""
    return en if _LANG.get() == "en" else zh


def _language(words: Sequence[str]) -> str:
    """``en`` if the command line says ``--lang en`` or XINFANG_LANG=en; else ``zh``."""
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words):
            return "en" if words[i + 1] == "en" else "zh"
        if word.startswith("--lang="):
            return "en" if word == "--lang=en" else "zh"
    return "en" if os.environ.get("XINFANG_LANG", "").lower().startswith("en") else "zh"


def _date(text: str) -> _dt.date:
    try:
        return parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _t(
                f"{echo(text)} 不是有效日期，请写作 YYYY-MM-DD",
                f"{echo(text)} is not a date; write YYYY-MM-DD",
            )
        ) from None


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(
            _t(
                f"{echo(text)} 不是正数秒数，例如 10 或 2.5",
                f"{echo(text)} is not a positive number of seconds, e.g. 10 or 2.5",
            )
        )
    return value


def _month(text: str) -> tuple[int, int]:
    try:
        first = parse_iso_date(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(
            _t(
                f"{echo(text)} 不是有效年月，请写作 YYYY-MM",
                f"{echo(text)} is not a month; write YYYY-MM",
            )
        ) from None
    return first.year, first.month


def _calendar(args: argparse.Namespace) -> WorkdayCalendar:
    cal = WorkdayCalendar.china(strict=args.strict, region=args.region)
    for path in args.notice or ():
        cal = cal.with_notice_file(path)
    return cal


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


_NEEDS = {
    Clock.ACCEPTED: ("受理之日", "--accepted"),
    Clock.REPLY_RECEIVED: ("信访人收到书面答复之日", "--replied"),
}


def _named_or_file(name: str) -> Regime:
    if name.lower().endswith((".toml", ".json")):
        return load_regime(name)
    return named_regime(name)


def _regime(args: argparse.Namespace) -> Regime:
    regime = regime_for(args.received) if args.regime is None else _named_or_file(args.regime)
    return regime.counting_days_as(args.count) if args.count else regime


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


def _rules(args: argparse.Namespace) -> None:
    if args.action == "show":
        print(describe_regime(_named_or_file(args.name), args.lang))
    elif args.format == "markdown":
        print(reference_table(regimes().values()))
    else:
        for r in regimes().values():
            since = f"{r.in_force}" if r.in_force else "–"
            print(f"{r.id:<15}{' / '.join(r.names):<28}{r.title}　施行 {since}　{len(r)} 项期限")


_ON_HELP = "the day to check, YYYY-MM-DD (default: today, Beijing time)"


def _today() -> _dt.date:
    """Today's date in Beijing (中国标准时间), whatever the machine's time zone."""
    return _dt.datetime.now(BEIJING).date()


def _on(args: argparse.Namespace) -> _dt.date:
    """The day a check is made on: ``--on``, else today in Beijing (printed in the title)."""
    return args.on if args.on is not None else _today()


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


T = TypeVar("T")


def _progress(
    items: Iterable[T], unit: str, *, stream: Any = None, delay: float = 2.0
) -> Iterable[T]:
    """``items``, with a progress bar on standard error for work that takes a while.

    Only when standard error is a terminal and the ``progress`` extra (tqdm) is installed;
    the bar appears after ``delay`` seconds, so quick runs show none, and goes when done.
    """
    out = sys.stderr if stream is None else stream
    if not (hasattr(out, "isatty") and out.isatty()):
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(  # type: ignore[no-any-return]
        items, file=out, unit=unit, delay=delay, mininterval=0.5, leave=False, dynamic_ncols=True
    )


def _print_warnings(
    cal: WorkdayCalendar,
    petitions: Iterable[Petition],
    on: _dt.date,
    due_soon: int,
    output: str | None = None,
    ledger: Any = None,
) -> int:
    """Print the 预警清单 (overdue and due-soon duties by unit); return the overdue count.

    With ``output``, also write it: a workbook for ``.xlsx`` (the excel extra, with the
    bad rows of a ``ledger`` read with --skip-bad on a sheet of their own), else CSV.
    """
    from xinfang_rules.formats.alerts import alerts, write_alerts_csv, write_alerts_xlsx

    counted = 0

    def count(items: Iterable[Petition]) -> Iterable[Petition]:
        nonlocal counted
        for p in items:
            counted += 1
            yield p

    items = alerts(count(petitions), on, calendar=cal, warn_within=due_soon)
    overdue = sum(1 for a in items if a.state == "超期")
    soon = len(items) - overdue
    print(f"{on} 共 {counted} 件：超期 {overdue} 项，临期（{due_soon} 个工作日内）{soon} 项")
    unit = None
    for a in items:
        if a.unit != unit:
            unit = a.unit
            print(f"\n{unit}")
        print(f"  {a.text()}")
    if output:
        if output.lower().endswith(".xlsx"):
            rejected = ledger.issues if ledger is not None else ()
            write_alerts_xlsx(items, output, on=on, rejected=rejected)
        else:
            write_alerts_csv(items, output)
    return overdue


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


def _metrics(args: argparse.Namespace) -> None:

    from xinfang_rules.formats.case_csv import iter_petitions_csv
    from xinfang_rules.formats.case_io import iter_petitions_jsonl
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
    petitions: Iterable[Petition]
    ledger = None
    if kind == "ledger":
        # a date after today cannot be true; one after --on may be (outside the period)
        petitions = ledger = _open_ledger(args, _today())
    elif args.skip_bad or args.rejected:
        raise XinfangError(
            _t(
                "--skip-bad 和 --rejected 只用于信访台账（见 --input-format）",
                "--skip-bad and --rejected are for a 台账 (ledger); see --input-format",
            )
        )
    elif kind == "csv":
        petitions = iter_petitions_csv(args.file, encoding=_encoding(args))
    else:
        petitions = iter_petitions_jsonl(args.file, encoding=_encoding(args))
    cal = WorkdayCalendar.china(strict=args.strict, region=args.region)
    for path in args.notice or ():
        cal = cal.with_notice_file(path)
    calendar = cal if (args.region or args.notice or args.strict) else None
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


def _csv_values(row: dict[str, Any]) -> list[Any]:
    """A row's values for CSV: booleans as ``true``/``false`` (as in the rota CSV)."""
    return [("true" if v else "false") if isinstance(v, bool) else v for v in row.values()]


def _emit(output: str | None, text: str, *, bom: bool) -> None:
    """Text to ``output`` (written whole or not at all) or standard output.

    CSV meant for people starts with a byte-order mark, so that Excel on Chinese Windows
    reads it as UTF-8 (docs/safety.md).
    """
    if bom:
        text = "\ufeff" + text
    if output:
        write_text(output, lambda f: f.write(text), newline="")
    else:
        sys.stdout.write(text)


def atomic_write_bytes(path: str, data: bytes) -> None:
    """Bytes to ``path``, written whole or not at all."""
    from xinfang_rules._files import atomic_write

    atomic_write(path, lambda f: f.write(data), mode="wb", encoding=None)


def _encoding(args: argparse.Namespace) -> str:
    """The encoding of a record, rota or notice file: ``--encoding``, else UTF-8."""
    return args.encoding or "utf-8-sig"


def _encoding_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding",
        default=None,
        help="the file's encoding (default UTF-8, with or without BOM; files saved by "
        "Excel or WPS on Chinese Windows: gb18030)",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the run's language and the program's prefix."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = message if _LANG.get() == "en" else error_zh(message)
        # argparse quotes the value given ('…'): masked like any value from input
        text = re.sub(r"'([^']*)'", lambda m: "'" + mask_text(m.group(1)) + "'", text)
        self.exit(2, _t("xinfang: 错误：", "xinfang: error: ") + scrub(one_line(text)) + "\n")


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The argument parser of ``xinfang``, its help in Chinese (``lang="zh"``) or English."""
    parser = _Parser(
        prog="xinfang",
        description="China's petition (信访) rules: calendar, deadlines, cases, rotas, figures.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = _Parser(add_help=False)
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

    p_schema = sub.add_parser(
        "schema",
        help="the JSON Schema of a file format the library reads (docs/schemas.md)",
        description="Print the JSON Schema (draft 2020-12) of a file format, to validate "
        "files in other systems before they reach the library.",
    )
    p_schema.add_argument(
        "name", choices=SCHEMA_NAMES, help="petition, rota, regime, notice or ledger-mapping"
    )

    p_vec = sub.add_parser(
        "vectors",
        help="conformance vectors for other implementations (docs/vectors.md)",
        description="Write calendar.jsonl, workdays.jsonl and deadlines.jsonl: inputs and "
        "the library's answers with their reasons, for the official years, so that another "
        "implementation can test itself.",
    )
    p_vec.add_argument(
        "-o", "--output", metavar="DIR", required=True, help="the folder to write them into"
    )
    p_vec.add_argument("--first", type=int, default=2004, help="the first year (default 2004)")
    p_vec.add_argument(
        "--last", type=int, default=2026, help="the last year (default 2026; official only)"
    )

    p_serve = sub.add_parser(
        "serve",
        help="the HTTP JSON API for other systems (the server extra; docs/service.md)",
        description="Serve the library over HTTP (OpenAPI at /openapi.json). Listens on "
        "127.0.0.1 unless --host says otherwise, which needs access tokens: --token-file or "
        "the XINFANG_TOKENS environment variable, never the command line.",
    )
    p_serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    p_serve.add_argument(
        "--print-openapi",
        action="store_true",
        help="print the OpenAPI 3.1 document and exit (no server is started)",
    )
    p_serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p_serve.add_argument(
        "--token-file", metavar="FILE", help="access tokens, one a line (16+ characters)"
    )
    p_serve.add_argument(
        "--notice", action="append", metavar="FILE", help="a notice file to add (repeatable)"
    )
    p_serve.add_argument(
        "--regime", action="append", metavar="FILE", help="a regime file to add (repeatable)"
    )
    p_serve.add_argument(
        "--cors-origin", action="append", metavar="ORIGIN", help="allow this origin (CORS)"
    )
    p_serve.add_argument(
        "--max-body",
        type=int,
        default=16 * 1024 * 1024,
        metavar="BYTES",
        help="the largest request body (default 16 MiB)",
    )
    p_serve.add_argument(
        "--max-batch",
        type=int,
        default=10_000,
        metavar="N",
        help="the most petitions in one request (default 10,000)",
    )

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
    p_met.add_argument(
        "--input-format",
        dest="format_in",
        choices=("auto", "jsonl", "csv", "ledger"),
        default="auto",
        help="the file: petition records (jsonl, csv) or a 信访台账 (ledger: .xlsx or CSV; "
        "auto: a workbook, a CSV with ledger headers, or with --mapping)",
    )
    p_met.add_argument("--mapping", metavar="FILE", help="a ledger mapping (.toml)")
    p_met.add_argument("--unit", help="a ledger's unit (登记单位), if it has no such column")
    p_met.add_argument("--sheet", default="0", help="a workbook's sheet: name or index")
    p_met.add_argument(
        "--skip-bad", action="store_true", help="a ledger: go on past bad rows (each reported)"
    )
    p_met.add_argument(
        "--rejected", metavar="FILE", help="a ledger: write the bad rows and why (.csv or .xlsx)"
    )
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
    for text_command in (
        p_cal, p_add, p_between, p_tl, p_sql, p_rlist, p_rshow, p_check, p_schema
    ):  # fmt: skip
        text_command.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="the file to write (default: standard output)",
        )
    for each in parsers(parser):  # --lang wherever a user types it: before or after a command
        if not any(a.dest == "lang" for a in each._actions):
            each.add_argument("--lang", choices=("zh", "en"), help="language of explanations")
        for action in each._actions:
            if action.dest == "lang":
                action.default = lang
    if lang != "en":
        to_chinese(parser)
    return parser


#: Commands whose text output ``-o FILE`` sends to a file (the others write files their way).
_TEXT_COMMANDS = ("calendar", "workdays", "timeline", "sql", "rules", "cases", "schema")


def _run(args: argparse.Namespace) -> int:
    """Do what the command line asks; the exit status (errors are raised).

    A text output with ``-o FILE`` is kept until the command has finished, then written
    whole (an error leaves no file, or the old one untouched).
    """
    if args.command in _TEXT_COMMANDS and getattr(args, "output", None):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            status = _dispatch(args)
        _emit(args.output, buffer.getvalue(), bom=False)
        return status
    return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "rules":
        _rules(args)
        return 0
    if args.command == "schema":
        sys.stdout.write(schema_text(args.name))
        return 0
    if args.command == "serve":
        from xinfang_rules.service._service import ServiceConfig, load_tokens, openapi_document, run

        if args.print_openapi:
            text = json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True)
            sys.stdout.write(text + "\n")
            return 0

        config = ServiceConfig(
            host=args.host,
            port=args.port,
            tokens=load_tokens(args.token_file),
            cors_origins=tuple(args.cors_origin or ()),
            max_body=args.max_body,
            max_batch=args.max_batch,
            notices=tuple(args.notice or ()),
            regime_files=tuple(args.regime or ()),
            lang=args.lang,
        )
        config.check()
        run(config)
        return 0
    if args.command == "vectors":
        from xinfang_rules.vectors import write_vectors

        counts = write_vectors(args.output, args.first, args.last)
        for name, n in counts.items():
            print(_t(f"{args.output}/{name}：{n} 条", f"{args.output}/{name}: {n} vectors"))
        return 0
    if args.command == "sql":
        regime = _named_or_file(args.regime)
        if args.count:
            regime = regime.counting_days_as(args.count)
        print(deadlines_sql(regime, petitions=args.petitions, calendar=args.calendar))
        return 0
    cal = _calendar(args)
    if args.command == "calendar":
        year, month = args.month
        _print_month(cal, year, month, args.lang)
    elif args.command == "calendar-export":
        _export_calendar(cal, args)
    elif args.command == "calendar-notice-import":
        _import_notice(cal, args)
    elif args.command == "timeline":
        _print_timeline(cal, args)
    elif args.command == "cases":
        _check_cases(cal, args)
    elif args.command == "ledger":
        return _ledger_check(cal, args)
    elif args.command == "rota":
        return _rota(args)
    elif args.command == "metrics":
        if args.output and not args.output.lower().endswith(".xlsx"):
            # every text format to the file, written whole once the figures are done
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                _metrics(args)
            _emit(args.output, buffer.getvalue(), bom=False)
        else:
            _metrics(args)
    elif args.action == "add":
        print(cal.explain_add_workdays(args.date, args.n).render(args.lang))
    else:
        print(cal.explain_workdays_between(args.a, args.b).render(args.lang))
    return 0


def _error(message: str) -> None:
    print(_t("xinfang: 错误：", "xinfang: error: ") + scrub(one_line(message)), file=sys.stderr)


def _bad_rows(file: str, issues: Sequence[Any], lang: str) -> None:
    """The bad rows of a ledger read without --skip-bad, one a line, in the chosen language."""
    n = len(issues)
    if lang == "en":
        _error(f"{file}: {n} rows cannot be used (--skip-bad goes on without them):")
    else:
        _error(f"{file}：台账有 {n} 行无法使用（加 --skip-bad 可跳过，--rejected 另存）：")
    for issue in issues:
        print(f"  {scrub(one_line(issue.text(lang)))}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``xinfang``; returns the exit status.

    0: done; 1: a library error, a file that cannot be read, or ``rota check`` found
    violations; 2: bad usage; 70: a fault in the program itself (set ``XINFANG_DEBUG=1``
    to see where). Every error is one line on standard error, never a traceback.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    at = 0  # the command, after options given before it (xinfang --lang en calendar …)
    while at < len(words) and words[at].startswith("--lang"):
        at += 1 if "=" in words[at] else 2
    if words[at : at + 2] == ["calendar", "export"]:
        words[at : at + 2] = ["calendar-export"]
    elif words[at : at + 3] == ["calendar", "notice", "import"]:
        words[at : at + 3] = ["calendar-notice-import"]
    lang = _language(words)
    token = _LANG.set(lang)
    try:
        return _main(build_parser(lang).parse_args(words))
    finally:
        _LANG.reset(token)


def _main(args: argparse.Namespace) -> int:
    status = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        replaced = [0]
        try:
            # a command writes all its files or none; what it could not write is said
            with all_or_nothing(), counting_replacements() as replaced:
                status = _run(args)
        except XinfangError as exc:
            issues = getattr(exc, "issues", ())
            if len(issues) > 1:  # a ledger's bad rows: each on its own line, to fix them all
                _bad_rows(args.file, issues, getattr(args, "lang", "zh"))
            elif isinstance(exc, RotaInfeasible):
                _rota_infeasible(exc)
            else:
                _error(exc.text(_LANG.get()))
            status = 1
        except BrokenPipeError:  # output piped into e.g. head, which stopped reading
            # as the Python docs advise: send the rest to devnull so exit does not fail
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError as exc:
            _error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
            status = 1
        except KeyboardInterrupt:
            status = 130
        except Exception as exc:  # a bug: say so in one line, keep the details for debugging
            if os.environ.get("XINFANG_DEBUG"):
                raise
            _error(  # its text may hold anything: quoted masked, like any value from input
                f"internal error ({type(exc).__name__}: {echo(str(exc))}); run again with "
                "XINFANG_DEBUG=1 to see where, and report it"
            )
            status = 70
    if replaced[0]:
        print(
            _t(
                f"xinfang: 提示：输出中有 {replaced[0]} 个控制字符（表格无法保存，多来自损坏或拼接"
                "的文件）已替换为 �（U+FFFD）",
                f"xinfang: note: {replaced[0]} control character(s) in the output, which a "
                "spreadsheet cannot hold, replaced by � (U+FFFD)",
            ),
            file=sys.stderr,
        )
    for w in caught:
        message = w.message
        if _LANG.get() != "en" and hasattr(message, "text_zh"):
            text = message.text_zh()  # the library's warnings: each has its Chinese
        else:
            text = str(message)
        print(_t("xinfang: 警告：", "xinfang: warning: ") + scrub(one_line(text)), file=sys.stderr)
    return status
