"""Personal data kept out of messages, and text made safe for where it is written.

Masking: an error, warning or log line may need to say what value was wrong. Such a
value can be anything a file held: a 居民身份证号 in a date column, a phone number in a
count, a petitioner's name in a shifted column. :func:`echo` quotes a value so that a
clerk can still find it (its shape, its first character, the non-personal parts) but no
ID number, phone number or name appears whole. :func:`scrub` masks ID and phone numbers
in any text; every :class:`~xinfang_rules.errors.XinfangError` message passes through it.

Escaping for the destination: :func:`spreadsheet_cell` neutralises a text cell that a
spreadsheet would run as a formula (OWASP "CSV injection"); :func:`markdown_cell`
escapes Markdown and HTML in a table cell; :func:`one_line` removes line breaks and other
control characters from a value written into a single-line field (an iCalendar name, an
SQL comment).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "clean_text",
    "counting_replacements",
    "echo",
    "echo_all",
    "has_control_characters",
    "markdown_cell",
    "mask_digits",
    "mask_name",
    "mask_text",
    "one_line",
    "quoted",
    "safe_cell",
    "scrub",
    "spreadsheet_cell",
    "unspreadsheet_cell",
]

#: Runs of 7 or more digits (an ID number may end in X): phone, ID and account numbers;
#: and the same numbers written in groups, as people write them: a mobile number
#: ``138-1234-5678``, ``138 1234 5678``, ``+86 138 1234 5678``, a landline ``010-6512 3456``,
#: an ID number ``110105 19491231 002X``. A date (``2025-08-04``) is none of these.
_LONG_DIGITS = re.compile(
    r"(?<![\d-])(?:\+?86[ -]?)?1[3-9]\d[ -]\d{4}[ -]\d{4}(?!\d)"
    r"|(?<![\d-])\(?0\d{2,3}\)?[ -]\d{3,4}[ -]?\d{4}(?!\d)"
    r"|(?<!\d)\d{6}[ -]\d{8}[ -]\d{3}[\dXx](?!\d)"
    r"|\d{7,}[Xx]?"
)
#: Letters a name can be written in: CJK ideographs (and the middle dot of 少数民族 names).
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MAX_ECHO = 40


def mask_name(name: str) -> str:
    """``张三`` → ``张*``; ``欧阳娜娜`` → ``欧***``."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_digits(digits: str) -> str:
    """A long number with its middle hidden: ID numbers keep 4 + 4, phones 3 + 4.

    >>> mask_digits("11010519491231002X"), mask_digits("13812341234"), mask_digits("1234567")
    ('1101**********002X', '138****1234', '12***67')

    """
    n = len(digits)
    head, tail = (4, 4) if n >= 15 else (3, 4) if n == 11 else (2, 2)
    return digits[:head] + "*" * (n - head - tail) + digits[-tail:]


def scrub(text: str) -> str:
    """``text`` with every ID, phone and account number masked, however it is spaced.

    >>> scrub("line 4, received: got '11010519491231002X', phone 13812341234")
    "line 4, received: got '1101**********002X', phone 138****1234"
    >>> scrub("电话 138-1234-5678，座机 (010) 6512-3456，received 2025-08-04")
    '电话 138-****-5678，座机 (010) ****-3456，received 2025-08-04'

    """
    return _LONG_DIGITS.sub(_mask_match, text)


def _mask_match(m: re.Match[str]) -> str:
    """A number found by :data:`_LONG_DIGITS` masked; its separators kept, digits hidden."""
    found = m.group(0)
    if found.isdigit() or found[:-1].isdigit():
        return mask_digits(found)
    digits = re.sub(r"[^\dXx]", "", found)
    masked = iter(mask_digits(digits))
    return "".join(next(masked) if ch.isdigit() or ch in "Xx" else ch for ch in found)


#: Common Chinese surnames (the single-character ones that cover most people): in a
#: column that holds no personal data, a short run of Chinese characters starting with one
#: of them may still be a name typed in the wrong column, and is masked.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
    "鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def _maybe_name(run: str) -> bool:
    """Whether a run of Chinese characters could be a person's name (2-4, a surname first)."""
    return 2 <= len(run) <= 4 and run[0] in _SURNAMES


def echo(value: object, *, personal: bool = True) -> str:
    """A value from input, quoted for a message without the personal data it may hold.

    Long digit runs are masked as :func:`scrub` does; each run of Chinese characters keeps
    only its first (a name, ``张三`` → ``张*``); long values are cut. Values of other types
    are shown by type and size, never in full.

    ``personal=False`` is for a value from a field that holds no personal data (a
    vocabulary such as 信访形式 or 满意度, a count, a date): the clerk's typing is shown,
    so that the mistake can be seen, but ID and phone numbers are still masked, and so is
    a run of Chinese characters that could be a name typed in the wrong column (two to
    four characters starting with a common surname).

    >>> echo("2025/13/01"), echo("张三"), echo("11010519491231002X")
    ("'2025/13/01'", "'张*'", "'1101**********002X'")
    >>> echo("飞鸽传书", personal=False), echo("张三", personal=False)
    ("'飞鸽传书'", "'张*'")
    >>> echo(10**5000)
    'an integer of 5001 digits'

    """
    if not personal and isinstance(value, str):
        text = _CJK_RUN.sub(
            lambda m: mask_name(m.group(0)) if _maybe_name(m.group(0)) else m.group(0),
            scrub(value),
        )
        if len(text) > _MAX_ECHO:
            text = text[: _MAX_ECHO - 1] + "…"
        return repr(text)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        digits = _digits(value)  # str() of a huge integer is refused by Python itself
        if digits > 18:
            return f"an integer of {digits} digits"
        return scrub(str(value))
    if isinstance(value, float):
        return scrub(repr(value))
    if isinstance(value, str):
        return repr(mask_text(value))
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a {type(value).__name__}"


def quoted(choices: Iterable[object]) -> list[str]:
    """The library's own words (a vocabulary, the allowed values) quoted for a message.

    Never for a value from input: that is :func:`echo`'s.

    >>> ", ".join(quoted(["days", "workdays"]))
    "'days', 'workdays'"

    """
    return [f"'{c}'" for c in choices]


def mask_text(text: str) -> str:
    """:func:`echo`'s masking without its quotes, for a value that is part of a path.

    >>> mask_text("张三的电话13812341234")
    '张****138****1234'

    """
    text = _CJK_RUN.sub(lambda m: mask_name(m.group(0)), scrub(text))
    if len(text) > _MAX_ECHO:
        text = text[: _MAX_ECHO - 1] + "…"
    return text


def _digits(value: int) -> int:
    """How many digits ``value`` has, without converting a huge integer to text."""
    value = abs(value)
    n = max(1, (value.bit_length() * 30103) // 100000)  # log10(2) ≈ 0.30103
    while 10**n <= value:
        n += 1
    while n > 1 and 10 ** (n - 1) > value:
        n -= 1
    return n


#: First characters that make a spreadsheet read a cell as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def spreadsheet_cell(text: str) -> str:
    """A text cell that a spreadsheet will show as text, never run as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets a leading
    apostrophe (the OWASP advice), unless it is a plain number such as ``-5`` or ``+3.2``.
    :func:`unspreadsheet_cell` undoes it when the library reads its own files back.

    >>> print(spreadsheet_cell("=1+1"), spreadsheet_cell("-5"), spreadsheet_cell("张三"))
    '=1+1 -5 张三

    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    if text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'")):
        return "'" + text  # keep a value that itself starts with the escape unambiguous
    return text


#: Characters a workbook cannot hold (XML 1.0 forbids them; openpyxl refuses them) and
#: other control characters: never part of a petition's text, often of a damaged file.
_NOT_IN_CELLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: What :func:`safe_cell` puts in place of such a character: visible, so the cell says so.
REPLACED = "\ufffd"


def safe_cell(value: Any) -> Any:
    r"""The one way a value becomes a spreadsheet cell (CSV or workbook).

    Text: control characters a workbook cannot hold (``\x00``-``\x1f`` but tab and line
    breaks, ``\x7f``, lone surrogates) are replaced by ``\ufffd`` (shown as a question mark
    in a diamond), so the cell says that something was there; then a cell a spreadsheet
    would run as a formula is neutralised (:func:`spreadsheet_cell`). Numbers, dates,
    booleans and ``None`` are cells as they are.

    >>> safe_cell("=SUM(A1)"), safe_cell("王\x01五") == "王\ufffd五", safe_cell(-5)
    ("'=SUM(A1)", True, -5)

    """
    if isinstance(value, str):
        return spreadsheet_cell(clean_text(value))
    return value


def has_control_characters(text: str) -> bool:
    r"""Whether ``text`` holds a character :func:`clean_text` would replace (nothing counted).

    >>> has_control_characters("春节"), has_control_characters("春\x01节")
    (False, True)

    """
    return _NOT_IN_CELLS.search(text) is not None


def clean_text(text: str) -> str:
    """``text`` without the control characters no document format holds.

    Tab and line breaks are kept; each other control character is replaced by
    ``\ufffd``, so the text says that something was there; inside
    :func:`counting_replacements` the replacements are counted, for the caller to say so.
    """
    cleaned, n = _NOT_IN_CELLS.subn(REPLACED, text)
    if n:
        box = _REPLACEMENTS.get()
        if box is not None:
            box[0] += n
    return cleaned


_REPLACEMENTS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "xinfang_replaced_characters", default=None
)


@contextlib.contextmanager
def counting_replacements() -> Iterator[list[int]]:
    r"""Count the characters :func:`clean_text` replaces inside the block (``box[0]``).

    >>> with counting_replacements() as box:
    ...     _ = safe_cell("a\x01b"), safe_cell("\x02")
    >>> box[0]
    2

    """
    box = [0]
    token = _REPLACEMENTS.set(box)
    try:
        yield box
    finally:
        _REPLACEMENTS.reset(token)


def echo_all(values: Iterable[object]) -> str:
    """Values from input, each quoted by :func:`echo`, separated by commas."""
    return ", ".join(echo(v) for v in values)


def unspreadsheet_cell(text: str) -> str:
    """The value :func:`spreadsheet_cell` was given."""
    if text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'")):
        return text[1:]
    return text


def markdown_cell(text: str) -> str:
    r"""Text for one Markdown table cell: no HTML, links, emphasis or column breaks.

    >>> print(markdown_cell("<b>王</b> [x](javascript:alert(1)) | *y*"))
    &lt;b&gt;王&lt;/b&gt; \[x\]\(javascript:alert\(1\)\) \| \*y\*
    >>> print(markdown_cell("王 https://evil.example www.evil.example a@b.cn"))
    王 https&#58;//evil.example www&#46;evil.example a&#64;b.cn

    """
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)
    # no bare link either: GitHub-flavoured Markdown makes http://…, www.… and e-mail
    # addresses links; the character that starts each is written as an entity (shown the same)
    text = re.sub(r"(?i)(?<=[a-z]):(?=//)", "&#58;", text)
    text = re.sub(r"(?i)\b(www)\.", r"\1&#46;", text)
    return text.replace("@", "&#64;")


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters become a space."""
    return _CONTROL.sub(" ", text).strip()
