"""What every command shares.

The language of the run, the argument types (dates, months, seconds), the calendar a
command counts on, regimes named or from a file, today in Beijing, the progress bar,
warnings printed once, and writing an output whole (``-o FILE``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import re
import sys
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn, TypeVar

from xinfang_rules._files import write_text
from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cases import Petition
from xinfang_rules.cli._zh import error_zh
from xinfang_rules.dates import parse_iso_date, today_beijing
from xinfang_rules.law.rules import Clock, Regime, load_regime, named_regime, regime_for
from xinfang_rules.privacy import echo, mask_text, one_line, scrub

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


_ON_HELP = "the day to check, YYYY-MM-DD (default: today, Beijing time)"


def _today() -> _dt.date:
    """Today's date in Beijing (中国标准时间), whatever the machine's time zone."""
    return today_beijing()


def _on(args: argparse.Namespace) -> _dt.date:
    """The day a check is made on: ``--on``, else today in Beijing (printed in the title)."""
    return args.on if args.on is not None else _today()


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


def _error(message: str) -> None:
    print(_t("xinfang: 错误：", "xinfang: error: ") + scrub(one_line(message)), file=sys.stderr)


def _chosen_calendar(args: argparse.Namespace) -> WorkdayCalendar | None:
    """The calendar ``--region``, ``--notice`` and ``--strict`` ask for.

    ``None`` when none is given: each petition counts on its own (national, or its region's).
    """
    if not (args.region or args.notice or args.strict):
        return None
    return _calendar(args)
