"""The rules as a reviewer reads them: a reference table and each regime in full.

:func:`reference_table` is the Markdown table of ``docs/rules.md`` (a test checks the page
against it); :func:`describe_regime` is what ``xinfang rules show NAME`` prints: every
period with its length, clock, scope, extension, exclusions and the words of its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from xinfang_rules.law.rules import ExtensionRule, Period, Regime, Source

__all__ = ["describe_regime", "reference_table"]

Lang = Literal["zh", "en"]

_HEADER = (
    "| regime | id | 期限 | length | unit | clock starts | applies to | extension | source |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell: one line, no column break, no HTML."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|")


def scope_text(p: Period) -> str:
    """Which matters the period applies to: its categories and the text's words."""
    parts = []
    if p.categories is not None:
        parts.append("、".join(p.categories))
    if p.scope:
        parts.append(p.scope)
    return "；".join(parts) or "–"


def extension_text(p: Period, lang: Lang = "zh") -> str:
    """The extension in brief: ``≤30日（本机关负责人批准，告知信访人延期理由）``."""
    ext: ExtensionRule | None = p.extension
    if ext is None or p.length is None:
        return "–" if lang == "zh" else "none"
    unit = p.unit.zh
    most = ext.max_extension(p.length)
    if lang == "en":
        head = f"≤{most} {ext.unit.value}"
        if ext.caps == "total":
            head += f" (≤{ext.max_length} in all)"
        who = f", approved by {ext.approver}" if ext.approver else ""
        told = ", petitioner told the reason" if ext.notify_petitioner else ""
        return head + who + told
    head = f"≤{most}{unit}" if ext.caps == "extension" else f"总计≤{ext.max_length}{unit}"
    extras = []
    if ext.approver:
        extras.append(f"{ext.approver}批准")
    if ext.notify_petitioner:
        extras.append("告知信访人延期理由")
    return head + (f"（{'，'.join(extras)}）" if extras else "")


def _source_text(p: Period) -> str:
    text = str(p.source)
    if p.refers_to is not None:
        text += f" → {p.refers_to}"
    return text


def reference_table(regimes: Iterable[Regime]) -> str:
    """Every period of ``regimes`` as one Markdown table (the reference of docs/rules.md).

    >>> from xinfang_rules import HENAN_2012
    >>> print(reference_table([HENAN_2012]).splitlines()[5])  # doctest: +ELLIPSIS
    | henan-2012 | `handle` | 直接责任归属机关办理信访事项 | 30日 | days | ... | 总计≤90日 | ...

    """
    rows = [_HEADER]
    for regime in regimes:
        for p in regime:
            cells = (
                regime.id,
                f"`{p.id}`",
                p.title,
                p.length_text,
                p.unit.value,
                p.clock.zh,
                scope_text(p),
                extension_text(p),
                _source_text(p),
            )
            rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def describe_regime(regime: Regime, lang: Lang = "zh") -> str:
    """A regime in full, each period with the words of its source (``xinfang rules show``)."""
    return "\n".join(_describe(regime, lang))


_LABELS = {
    "names": ("名称", "names"),
    "dates": ("日期", "dates"),
    "counting": ("计算", "counting"),
    "note": ("说明", "note"),
    "clock": ("起算", "clock"),
    "scope": ("适用", "applies to"),
    "ext": ("延长", "extension"),
    "excl": ("不计入", "not counted"),
    "source": ("依据", "source"),
    "refers": ("援引", "refers to"),
}


def _describe(regime: Regime, lang: Lang) -> Iterator[str]:
    zh = lang == "zh"

    def line(key: str, text: str, indent: str = "  ") -> str:
        label = _LABELS[key][0 if zh else 1]
        return f"{indent}{label}：{text}" if zh else f"{indent}{label}: {text}"

    def quoted(source: Source) -> str:
        return f"{source.render(lang)}「{source.quote or ''}」"

    yield f"{regime.title}  [{regime.id}]"
    yield line("names", " / ".join(regime.names) or "–")
    dates = (
        ("文本日期" if zh else "text of", regime.text_date),
        ("施行" if zh else "in force", regime.in_force),
        ("适用至" if zh else "until", regime.until),
    )
    yield line("dates", ("；" if zh else "; ").join(f"{k} {v}" for k, v in dates if v))
    yield line("source", quoted(regime.source))
    counting = {
        "days": "“日”按自然日计算，末日为休息日顺延" if zh else "日 = calendar days, rolled",
        "workdays": "“日”按工作日计算" if zh else "日 counted as working days",
    }[regime.count_days_as]
    yield line("counting", counting)
    if regime.note:
        yield line("note", regime.note)
    for p in regime:
        yield ""
        if zh:
            yield f"{p.id}  {p.title}（{p.length_text}）"
        else:
            yield f"{p.id}  {p.title_en or p.title} ({p.length_text})"
        yield line("clock", p.clock.zh if zh else f"{p.clock.zh} ({p.clock.value})")
        if p.categories is not None or p.scope:
            yield line("scope", scope_text(p))
        if p.extension is not None:
            yield line("ext", extension_text(p, lang))
            yield f"    {quoted(p.extension.source)}"
        excluded = []
        if p.excludes_hearing:
            excluded.append("听证所需时间" if zh else "hearing time")
        if p.stoppable:
            excluded.append("中止期间（可记录）" if zh else "clock stops (中止) may be recorded")
        if excluded:
            yield line("excl", "、".join(excluded) if zh else ", ".join(excluded))
        if p.exempt_if_identity_unclear:
            yield line(
                "note",
                "信访人的姓名（名称）、住址不清的，无此告知义务"
                if zh
                else "no duty where the petitioner's name or address is unclear",
            )
        yield line("source", quoted(p.source))
        if p.refers_to is not None:
            yield line("refers", quoted(p.refers_to))
        if p.note:
            yield line("note", p.note)
