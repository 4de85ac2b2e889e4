"""Every error speaks Chinese: the clerk reads the command line and the service in Chinese.

An error is raised with its Chinese (``zh=``, or a message written in both languages); a
scan of the source finds each construction of one of the library's errors and fails on
any without: a new error must come with its Chinese.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import xinfang_rules
from xinfang_rules.cli import main
from xinfang_rules.errors import XinfangError

SRC = Path(xinfang_rules.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")

#: Errors that make their Chinese themselves from what they are given (RotaInfeasible
#: words each gap and conflict in both languages).
BUILD_THEIR_OWN = {"RotaInfeasible"}


def error_names() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages([str(SRC)], "xinfang_rules."):
        if info.name.endswith(".__main__"):  # runs the command when imported
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra not installed
            continue
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, XinfangError):
                names.add(name)
    return names


def english_only() -> dict[str, int]:
    names = error_names()
    found: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        source = path.read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in names or node.func.id in BUILD_THEIR_OWN:
                continue
            text = ast.get_source_segment(source, node) or ""
            if CJK.search(text) or any(k.arg == "zh" for k in node.keywords):
                continue
            key = path.relative_to(SRC).as_posix()
            found[key] = found.get(key, 0) + 1
    return found


def test_every_error_has_its_chinese() -> None:
    """Every construction of one of the library's errors gives its Chinese."""
    assert english_only() == {}, "errors without their Chinese (zh=...), by module"


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan counts an English-only error and not one with zh= or a Chinese message."""
    source = (
        "raise XinfangError('only English')\n"
        "raise XinfangError('English', zh='中文')\n"
        "raise XinfangError('中文 / English')\n"
    )
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    bare = [
        c for c in calls
        if not CJK.search(ast.get_source_segment(source, c) or "")
        and not any(k.arg == "zh" for k in c.keywords)
    ]  # fmt: skip
    assert len(bare) == 1


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["workdays", "add", "2099-12-30", "5"], "之后第 5 个工作日超出日历范围",
         "falls outside the supported range"),
        (["timeline", "--received", "1990-01-05"], "没有可用的规则", "no regime is encoded"),
        (["serve", "--host", "0.0.0.0"], "本机以外的地址须设访问令牌", "refusing to listen"),
    ],
)  # fmt: skip
def test_command_line_errors_in_chinese(
    args: list[str], zh: str, en: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The errors the clerk met in English: Chinese by default, English with --lang en."""
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("xinfang: 错误：") and zh in err and en not in err
    assert main(["--lang", "en", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("xinfang: error: ") and en in err and zh not in err


def test_encoding_hint_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file in an encoding not named: the hint in Chinese."""
    bad = tmp_path / "records.jsonl"
    bad.write_bytes(b"\xff\xfe\x00bad\n")
    assert main(["cases", "check", str(bad), "--on", "2025-01-01"]) == 1
    assert "GB18030 编码：可加 --encoding gb18030" in capsys.readouterr().err
