"""The ``xinfang`` command: a thin shell over the library (parse, call, print)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import warnings
from collections.abc import Sequence

from xinfang_rules import __version__
from xinfang_rules._files import all_or_nothing
from xinfang_rules.calendar import regional_presets
from xinfang_rules.cli import calendar, cases, ledger, metrics, rota, rules, serve, table, timeline
from xinfang_rules.cli._common import (
    _LANG,
    _calendar,
    _emit,
    _error,
    _language,
    _Parser,
    _t,
)
from xinfang_rules.cli._zh import parsers, to_chinese
from xinfang_rules.cli.calendar import _export_calendar, _import_notice, _print_month
from xinfang_rules.cli.cases import _check_cases
from xinfang_rules.cli.ledger import _bad_rows, _ledger_check
from xinfang_rules.cli.metrics import _metrics
from xinfang_rules.cli.rota import _rota, _rota_infeasible
from xinfang_rules.cli.rules import _rules
from xinfang_rules.cli.serve import _serve, _vectors
from xinfang_rules.cli.table import _table
from xinfang_rules.cli.timeline import _print_timeline, _sql
from xinfang_rules.errors import ProvisionalCalendarWarning, XinfangError
from xinfang_rules.privacy import counting_replacements, echo, one_line, scrub
from xinfang_rules.rota import RotaInfeasible
from xinfang_rules.schemas import schema_text


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
    text_commands: list[argparse.ArgumentParser] = []
    text_commands += calendar.add_parsers(sub, common)
    text_commands += timeline.add_parsers(sub, common)
    text_commands += rules.add_parsers(sub, common)
    text_commands += serve.add_parsers(sub, common)
    text_commands += cases.add_parsers(sub, common)
    text_commands += ledger.add_parsers(sub, common)
    text_commands += rota.add_parsers(sub, common)
    text_commands += metrics.add_parsers(sub, common)
    text_commands += table.add_parsers(sub, common)
    for text_command in text_commands:
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
        return _rules(args)
    if args.command == "schema":
        sys.stdout.write(schema_text(args.name))
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command == "vectors":
        return _vectors(args)
    if args.command == "sql":
        return _sql(args)
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
    elif args.command == "table":
        return _table(args)
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
