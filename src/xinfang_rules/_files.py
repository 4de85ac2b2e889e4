"""Reading the library's data files (TOML or JSON), with errors that name the file."""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import errno
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, TypeVar

from xinfang_rules.privacy import echo, safe_cell

if TYPE_CHECKING:
    from pathlib import Path

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

__all__ = [
    "ENCODING_HINT",
    "ENCODING_HINT_ZH",
    "MAX_NESTING",
    "READ_BUFFER",
    "CsvOut",
    "LineDecoder",
    "all_or_nothing",
    "atomic_write",
    "check_encoding",
    "decode_lines",
    "nesting",
    "optional_module",
    "read_data_file",
    "set_cell",
    "sheet_row",
    "spreadsheet_row",
    "tomllib",
    "write_text",
]

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    """``tomllib`` (``tomli`` before Python 3.11), imported when first asked for.

    Reading TOML is needed only when a file is read: ``import xinfang_rules`` and the
    calendar do not pay for it (docs/performance.md).
    """
    if name == "tomllib":
        if sys.version_info >= (3, 11):
            import tomllib as module
        else:  # pragma: no cover - exercised on Python 3.10 only
            import tomli as module
        globals()["tomllib"] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The process's umask, read once (os.umask can only be read by setting it).
_UMASK = os.umask(0o022)
os.umask(_UMASK)

#: What to try when a file does not decode as UTF-8.
ENCODING_HINT = (
    "files saved by Excel or WPS on Chinese Windows are usually GB18030: "
    "try --encoding gb18030 (encoding='gb18030' in Python)"
)
#: The same in Chinese.
ENCODING_HINT_ZH = (
    "中文 Windows 上 Excel、WPS 另存的文件多为 GB18030 编码：可加 --encoding gb18030"
    "（Python 中 encoding='gb18030'）"
)
#: The read buffer of a file streamed line by line: fewer system calls than the default
#: 8 KiB (about 1 µs a line less on 850-byte petition records), memory still constant.
READ_BUFFER = 1 << 20
#: The deepest nesting of lists and tables a data file may have (JSON or TOML).
MAX_NESTING = 32


def check_encoding(encoding: object) -> str:
    """``encoding`` if Python knows it; else a ``ValueError`` saying what to use."""
    if not isinstance(encoding, str):
        raise ValueError(
            f"编码应为名称，如 'gb18030' / an encoding is a name such as 'gb18030', got "
            f"{type(encoding).__name__}"
        )
    try:
        codecs.lookup(encoding)
    except LookupError:
        shown = echo(encoding[:40], personal=False)
        raise ValueError(
            f"无法识别的编码名称 {shown}；可用 utf-8、utf-8-sig（带 BOM 的 UTF-8，Excel 另存的"
            f"格式）或 gb18030（中文 Windows 上 Excel、WPS 另存的格式） / unknown encoding "
            f"{shown}; use utf-8, utf-8-sig (UTF-8 with a byte-order mark, as Excel writes it) "
            "or gb18030 (Excel and WPS on Chinese Windows)"
        ) from None
    return encoding


_UNDECODABLE = re.compile(r"not (\S+) text \(byte (\d+) of the line\); .*", re.S)


def problem_zh(problem: str) -> str | None:
    """A line's decoding problem (as :class:`LineDecoder` words it) in Chinese."""
    m = _UNDECODABLE.fullmatch(problem)
    if m is None:
        return None
    return f"不是 {m.group(1)} 编码的文本（本行第 {m.group(2)} 个字节）；{ENCODING_HINT_ZH}"


def decode_lines(binary: IO[bytes], encoding: str) -> Iterator[tuple[int, str | None, str]]:
    """The lines of a binary file decoded one at a time: ``(number, text, problem)``.

    A line that does not decode comes back as ``(number, None, what is wrong)`` so the
    caller can name the line, and skip it or stop.
    """
    decode = LineDecoder(encoding)
    for number, raw in enumerate(binary, start=1):
        yield decode(number, raw)


class LineDecoder:
    """Decodes a file's lines in order: ``decoder(number, raw) -> (number, text, problem)``.

    A byte-order mark is taken off the start of the file only (line 1; one kept by a
    re-encoding, UTF-8 text saved as GB18030, too): one later in the file is data. A line
    without its newline is the file's last: a character cut short at its end is an error,
    not dropped. UTF-8 lines after the first are decoded by ``bytes.decode``, in C: a line
    ending in its newline decodes alone (a newline byte is never part of a character),
    as an incremental decoder would decode it, with the same error positions.
    """

    def __init__(self, encoding: str) -> None:
        check_encoding(encoding)
        self.encoding = encoding
        self.utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")

    def __call__(self, number: int, raw: bytes) -> tuple[int, str | None, str]:
        try:
            if number > 1 and self.utf8:
                return number, raw.decode("utf-8"), ""
            text = self.decoder.decode(raw, final=not raw.endswith(b"\n"))
            return number, text.removeprefix("\ufeff") if number == 1 else text, ""
        except UnicodeDecodeError as exc:
            if not self.utf8:
                self.decoder.reset()
            return (
                number,
                None,
                f"not {self.encoding} text (byte {exc.start + 1} of the line); {ENCODING_HINT}",
            )


def nesting(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether ``value`` (parsed JSON or TOML) nests lists and tables deeper than ``limit``."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def write_text(
    file: IO[str] | str | Path,
    write: Callable[[IO[str]], T],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> T:
    """Call ``write`` on an open text file, or on a path written whole or not at all."""
    if isinstance(file, (str, os.PathLike)):
        return atomic_write(file, write, encoding=encoding, newline=newline)
    return write(file)


def write_binary(file: IO[bytes] | str | Path, write: Callable[[IO[bytes]], T]) -> T:
    """Call ``write`` on an open binary file, or on a path written whole or not at all."""
    if isinstance(file, (str, os.PathLike)):
        return atomic_write(file, write, mode="wb", encoding=None)
    return write(file)


def spreadsheet_row(cells: Iterable[Any]) -> list[Any]:
    """A row of cells, each made safe by :func:`~xinfang_rules.privacy.safe_cell`."""
    return [safe_cell(c) for c in cells]


class CsvOut:
    """The one CSV writer of the library: every cell goes through ``safe_cell``.

    Every row, the header too, so that no module can write a formula or a control
    character into a file meant for a spreadsheet (:func:`~xinfang_rules.privacy.safe_cell`).
    """

    def __init__(self, file: IO[str], **options: Any) -> None:
        import csv

        self._writer = csv.writer(file, **options)

    def row(self, cells: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow(spreadsheet_row(cells))

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write rows."""
        for cells in rows:
            self.row(cells)


def sheet_row(sheet: Any, cells: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet, every cell through ``safe_cell``."""
    sheet.append(spreadsheet_row(cells))


def set_cell(cell: Any, value: Any) -> None:
    """Set one openpyxl cell's value through ``safe_cell``."""
    cell.value = safe_cell(value)


#: Files written inside :func:`all_or_nothing`, waiting to be put in place: (temporary, target).
_PENDING: contextvars.ContextVar[list[tuple[str, Path]] | None] = contextvars.ContextVar(
    "xinfang_pending_files", default=None
)


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """Every file written inside is put in place at the end, or none is.

    A command that writes several files (``ledger check -o 预警清单.xlsx --rejected
    拒绝行.csv``) runs inside this: each :func:`atomic_write` writes its temporary file
    as usual, but the renames wait until the block ends without an error; if anything
    fails, every temporary file is removed and no target is touched.
    """
    pending: list[tuple[str, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    finally:
        _PENDING.reset(token)
    done = 0
    try:
        for tmp, target in pending:
            os.replace(tmp, target)
            done += 1
    finally:
        for tmp, _ in pending[done:]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def atomic_write(
    path: str | Path,
    write: Callable[[IO[Any]], T],
    *,
    mode: str = "w",
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> T:
    """Write a file whole or not at all: into a temporary file beside it, then rename.

    If ``write`` fails, the file at ``path`` is left as it was (or absent) and the
    temporary file is removed. Returns what ``write`` returned. A folder that does not
    exist is an error naming the path given (not the temporary file). Inside
    :func:`all_or_nothing` the rename waits for the block's end.
    """
    import tempfile
    from pathlib import Path

    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(
            errno.ENOENT,
            "目录不存在，请先创建 / the folder does not exist: create it first"
            if not folder.exists()
            else "不是目录 / not a folder",
            str(target),
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as fh:
            result = write(fh)
        # the permissions open() would have given (mkstemp makes the file private)
        try:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_UMASK)
        pending = _PENDING.get()
        if pending is None:
            os.replace(tmp, target)
        else:
            pending.append((tmp, target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return result


def read_data_file(path: str | Path, error: Callable[[str, str], Exception]) -> Any:
    """Parse a ``.toml`` or ``.json`` file into plain data.

    Args:
        path: The file.
        error: Builds the exception to raise from ``(message, file name)``.

    """
    from pathlib import Path

    p = Path(path)
    name = str(p)
    if p.suffix.lower() not in (".toml", ".json"):
        raise error("the file name must end in .toml or .json", name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", name) from None
    return parse_data_file(raw, name, error)


def parse_data_file(raw: bytes, name: str, error: Callable[[str, str], Exception]) -> Any:
    """Parse the bytes of a ``.toml`` or ``.json`` file named ``name`` (an upload) into data.

    The checks and messages of :func:`read_data_file`, on bytes held in memory.
    """
    tomllib = __getattr__("tomllib")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in (".toml", ".json"):
        raise error("the file name must end in .toml or .json", name)
    kind = suffix[1:].upper()
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        raise error(
            f"not UTF-8 text (byte {exc.start + 1}); save the {kind} file as UTF-8", name
        ) from None
    try:
        data = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"not valid UTF-8 {kind}: {exc}", name) from None
    except RecursionError:
        raise error(f"lists or tables nested too deep (more than {MAX_NESTING})", name) from None
    except ValueError:  # an integer of more digits than Python converts
        raise error(f"a number in the {kind} file has thousands of digits", name) from None
    if nesting(data):
        raise error(f"lists or tables nested too deep (more than {MAX_NESTING})", name)
    return data


#: ``read_data_file``'s messages (the library's own words) → their Chinese.
_DATA_FILE_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the file name must end in \.toml or \.json"), "文件名应以 .toml 或 .json 结尾"),
    (re.compile(r"cannot read the file: (.*)"), r"无法读取文件（\1）；请核对文件名和路径"),
    (
        re.compile(r"not UTF-8 text \(byte (\d+)\); save the (\w+) file as UTF-8"),
        r"不是 UTF-8 文本（第 \1 个字节）；请把 \2 文件另存为 UTF-8",
    ),
    (re.compile(r"not valid UTF-8 (\w+): (.*)", re.S), r"不是有效的 \1 文件（\2）"),
    (
        re.compile(r"lists or tables nested too deep \(more than (\d+)\)"),
        r"列表或表嵌套过深（超过 \1 层）",
    ),
    (
        re.compile(r"a number in the (\w+) file has thousands of digits"),
        r"\1 文件中有位数过多的数字",
    ),
)


def data_file_zh(message: str) -> str | None:
    """A message of :func:`read_data_file` in Chinese (``None`` if it is not one of them).

    >>> data_file_zh("cannot read the file: No such file or directory")
    '无法读取文件（No such file or directory）；请核对文件名和路径'
    """
    for pattern, zh in _DATA_FILE_ZH:
        if pattern.fullmatch(message):
            return pattern.sub(zh, message)
    return None


def optional_module(
    name: str, *, extra: str, purpose: str, error: Callable[[str], Exception]
) -> ModuleType:
    """Import an optional dependency, or raise ``error`` naming the extra that installs it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = name.split(".")[0]
        raise error(
            f"{purpose} needs the {package} package: pip install 'xinfang-rules[{extra}]'"
        ) from None
