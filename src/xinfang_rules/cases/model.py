"""Who petitions and how a petition is classed.

The errors of a petition's facts and events; the vocabularies (channel, category, outcome,
rating, grounds of refusal); the ID-number and text checks; :class:`Petitioner`, whose
personal data is masked in ``repr`` and ``str`` (``张*``, ``3301**********1234``).
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from typing import Any, Literal

import attrs

from xinfang_rules.dates import today_beijing
from xinfang_rules.errors import (
    XinfangTypeError,
    XinfangValueError,
)
from xinfang_rules.privacy import echo, mask_name


class CaseError(XinfangValueError):
    """A petition, petitioner or event has invalid content."""


class CaseFieldError(CaseError):
    """A petition's field has invalid content; names the field.

    Attributes:
        path: The field (``received``, ``region``, ``events[2].date`` …).
        message: What is wrong, without the path.

    """

    def __init__(self, message: str, path: str, *, zh: str | None = None) -> None:
        super().__init__(f"{path}: {message}", zh=None if zh is None else f"{path}：{zh}")
        self.message = message
        self.message_zh = zh
        self.path = path


class OutOfCalendar(CaseFieldError):
    """A date of a petition, or one its deadlines lead to, is outside the calendar's years."""


class InvalidTransition(CaseError):
    """An event is not allowed in the petition's current state.

    Attributes:
        state: The petition's state.
        event: The event's type name (e.g. ``"review_requested"``).
        allowed: The event types allowed in that state.

    """

    def __init__(
        self,
        message: str,
        *,
        state: str,
        event: str,
        allowed: tuple[str, ...],
        zh: str | None = None,
    ) -> None:
        super().__init__(message, zh=zh)
        self.state = state
        self.event = event
        self.allowed = allowed


class LateRequest(InvalidTransition):
    """A 复查 or 复核 request after its 30-day window (Art. 35, 36): not admissible."""


# --------------------------------------------------------------------------- vocabularies


class Channel(enum.Enum):
    """How the petition arrived (Art. 17)."""

    ONLINE = "网上信访"
    LETTER = "来信"
    VISIT = "来访"
    PHONE = "来电"
    FAX = "传真"
    MAILBOX = "领导信箱"
    OTHER = "其他"


class Category(enum.Enum):
    """The three categories (Art. 29-31)."""

    SUGGESTION = "建议意见类"
    ACCUSATION = "检举控告类"
    COMPLAINT = "申诉求决类"


class Outcome(enum.Enum):
    """The handling opinion (信访处理意见书, Art. 32)."""

    SUPPORT = "予以支持"
    EXPLAIN = "解释说明"
    REJECT = "不予支持"


class Rating(enum.Enum):
    """The petitioner's evaluation of the handling."""

    SATISFIED = "满意"
    BASICALLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"


class RefusalGround(enum.Enum):
    """Why a petition was not accepted (不予受理) or routed elsewhere."""

    ACCEPTED_BELOW = "已由下级受理或正在办理（第十九条第三款）"
    LITIGATION = "导入诉讼、复议或法律监督程序（第三十一条第一项）"
    ARBITRATION = "导入仲裁程序（第三十一条第二项）"
    PARTY_PROCEDURE = "导入党员申诉、申请复审等程序（第三十一条第三项）"
    ADMINISTRATIVE = "导入行政程序（第三十一条第四项）"
    LAW_ENFORCEMENT = "依法履行或者答复（第三十一条第五项）"
    FINAL = "复核后以同一事实和理由再次提出，不再受理（第三十六条第三款）"
    NOT_COMPETENT = "不属于本机关、单位职权范围，告知向有权机关提出（第二十三条第一款）"
    OTHER = "其他"


# --------------------------------------------------------------------------- personal data

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def _check_id_number(value: str | None) -> str | None:
    """Validate a 居民身份证号 (GB 11643-1999): 18 characters, birth date, check digit."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise XinfangTypeError(
            f"id_number must be a string, got {type(value).__name__}",
            zh=f"身份证号应为文字，实为 {type(value).__name__}",
        )
    text = value.strip().upper()
    if not _ID_PATTERN.match(text):
        raise CaseError(
            "id_number must be 18 characters: 17 digits and a check digit (0-9 or X); "
            f"got {len(text)} characters",
            zh=f"身份证号应为 18 位：17 位数字加校验位（0-9 或 X），实为 {len(text)} 位",
        )
    try:
        born = _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CaseError(
            "id_number holds an impossible birth date (characters 7-14)",
            zh="身份证号中的出生日期（第 7 至 14 位）不存在",
        ) from None
    today = today_beijing()
    if born.year < 1900 or born > today:
        raise CaseError(
            f"id_number holds an implausible birth year {born.year}",
            zh=f"身份证号中的出生年份 {born.year} 不合常理",
        )
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise CaseError(
            "id_number's check digit is wrong (GB 11643-1999): the number was mistyped",
            zh="身份证号的校验位不对（GB 11643-1999）：号码有误",
        )
    return text


def _mask_middle(value: str | None, keep_head: int, keep_tail: int) -> str | None:
    if value is None:
        return None
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def _text(name: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise CaseError(
                f"{name} must be a non-empty string, got {echo(value)}",
                zh=f"{name} 应为非空文字，实为 {echo(value)}",
            )

    return check


_CHECK_NAME = _text("a petitioner's name")


def _optional_text(name: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise XinfangTypeError(
                f"{name} must be text or None, got {type(value).__name__}; write it as a "
                "string, so that a phone number keeps its leading 0 or +",
                zh=f"{name} 应为文字或 None，实为 {type(value).__name__}；请写成文字，以免电话"
                "号码丢失开头的 0 或 +",
            )

    return check


_CHECK_PHONE = _optional_text("phone")
_CHECK_ADDRESS = _optional_text("address")


def _check_kind(value: object) -> None:
    if value not in ("person", "organisation"):
        raise CaseError(
            f"kind must be 'person' or 'organisation', got {echo(value)}",
            zh=f"kind 应为 'person'（个人）或 'organisation'（组织），实为 {echo(value)}",
        )


@attrs.frozen(repr=False)
class Petitioner:
    """A petitioner (信访人, Art. 17): a person or an organisation.

    ``repr`` and ``str`` mask personal data; :meth:`unmasked` returns everything.

    >>> p = Petitioner("张三", id_number="11010519491231002X", phone="13812341234")
    >>> p.masked()["name"], p.masked()["id_number"], p.masked()["phone"]
    ('张*', '1101**********002X', '138****1234')
    """

    name: str = attrs.field(validator=_CHECK_NAME)
    kind: Literal["person", "organisation"] = attrs.field(default="person")
    id_number: str | None = attrs.field(default=None, converter=_check_id_number)
    phone: str | None = attrs.field(default=None, validator=_CHECK_PHONE)
    address: str | None = attrs.field(default=None, validator=_CHECK_ADDRESS)

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[str], value: str) -> None:
        _check_kind(value)

    def masked(self) -> dict[str, str | None]:
        """The fields with personal data masked, for logs and screens."""
        return {
            "kind": self.kind,
            "name": self.name if self.kind == "organisation" else mask_name(self.name),
            "id_number": _mask_middle(self.id_number, 4, 4),
            "phone": _mask_middle(self.phone, 3, 4),
            "address": None if self.address is None else self.address[:3] + "***",
        }

    def unmasked(self) -> dict[str, str | None]:
        """Every field in full (handle with care: personal data)."""
        return attrs.asdict(self)

    def __repr__(self) -> str:
        m = self.masked()
        inner = ", ".join(f"{k}={v!r}" for k, v in m.items())
        return f"Petitioner({inner})"

    def __str__(self) -> str:
        return str(self.masked()["name"])


def _setters(cls: type, *names: str) -> tuple[Any, ...]:
    """The slot setters of ``cls``'s fields, by name.

    A field missing from ``names`` would be left unset: tests/test_cases.py reads every
    field of what the builders make.
    """
    return tuple(cls.__dict__[name].__set__ for name in names)
