"""The rules as a reviewer reads them: a reference table and each regime in full.

:func:`reference_table` is the Markdown table of ``docs/rules.md`` (a test checks the page
against it); :func:`describe_regime` is what ``xinfang rules show NAME`` prints: every
period with its length, clock, scope, extension, exclusions and the words of its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from xinfang_rules.rules import ExtensionRule, Period, Regime

__all__ = ["describe_regime", "reference_table"]

Lang = Literal["zh", "en"]

_HEADER = (
    "| regime | id | 期限 | length | unit | clock starts | applies to | extension | source |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


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


def _describe(regime: Regime, lang: Lang) -> Iterator[str]:
    zh = lang == "zh"
    yield f"{regime.title}  [{regime.id}]"
    names = " / ".join(regime.names) or "–"
    yield f"  {'名称' if zh else 'names'}：{names}" if zh else f"  names: {names}"
    dates = [
        ("文本日期" if zh else "text of", regime.text_date),
        ("施行" if zh else "in force", regime.in_force),
        ("适用至" if zh else "until", regime.until),
    ]
    yield "  " + ("；" if zh else "; ").join(f"{k} {v}" for k, v in dates if v is not None)
    yield f"  {regime.source.render(lang)}「{regime.source.quote or ''}」"
    counting = {
        "days": "“日”按自然日计算，末日为休息日顺延" if zh else "日 = calendar days, rolled",
        "workdays": "“日”按工作日计算" if zh else "日 counted as working days",
    }[regime.count_days_as]
    yield f"  {'计算' if zh else 'counting'}：{counting}" if zh else f"  counting: {counting}"
    if regime.note:
        yield f"  {'说明' if zh else 'note'}：{regime.note}" if zh else f"  note: {regime.note}"
    for p in regime:
        yield ""
        title = p.title if zh else (p.title_en or p.title)
        yield f"{p.id}  {title}（{p.length_text}）" if zh else f"{p.id}  {title} ({p.length_text})"
        label = {
            "clock": ("起算", "clock"),
            "scope": ("适用", "applies to"),
            "ext": ("延长", "extension"),
            "excl": ("不计入", "not counted"),
            "source": ("依据", "source"),
            "refers": ("援引", "refers to"),
            "note": ("说明", "note"),
        }
        i = 0 if zh else 1
        yield f"  {label['clock'][i]}：{p.clock.zh}" + ("" if zh else f" ({p.clock.value})")
        if p.categories is not None or p.scope:
            yield f"  {label['scope'][i]}：{scope_text(p)}"
        if p.extension is not None:
            yield f"  {label['ext'][i]}：{extension_text(p, lang)}"
            yield f"    {p.extension.source.render(lang)}「{p.extension.source.quote or ''}」"
        excluded = []
        if p.excludes_hearing:
            excluded.append("听证所需时间" if zh else "hearing time")
        if p.stoppable:
            excluded.append("中止期间（可记录）" if zh else "clock stops (中止) may be recorded")
        if excluded:
            yield f"  {label['excl'][i]}：{'、'.join(excluded)}"
        yield f"  {label['source'][i]}：{p.source.render(lang)}「{p.source.quote or ''}」"
        if p.refers_to is not None:
            ref = p.refers_to
            yield f"  {label['refers'][i]}：{ref.render(lang)}「{ref.quote or ''}」"
        if p.note:
            yield f"  {label['note'][i]}：{p.note}"
