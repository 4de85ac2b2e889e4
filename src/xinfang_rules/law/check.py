"""A regime file checked against its regulation's text: it says what the text says.

:func:`check_regime` takes a :class:`~xinfang_rules.law.rules.Regime` and the text it
encodes (:func:`~xinfang_rules.law.text.read_regulation`) and reports

- **errors** — a quote that is not, verbatim, in the article, paragraph (款) and item (项)
  it cites (or a place the text does not have; an article of several paragraphs cited
  without one); a period's length, unit or an extension's cap that is not the number and
  unit its quote says; an in-force date the text does not give;
- **omissions** — the text's time limits (:func:`~xinfang_rules.law.text.find_time_limits`)
  that no period or extension of the file encodes, so that a period left out is seen;
- **elsewhere** — sources citing another document (e.g. a province's period that refers
  to 《信访工作条例》), which this text cannot check.

``xinfang rules check REGIME --text TEXT`` prints it; the library's own tests run it over
the seven shipped regimes and their texts.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Literal

import attrs

from xinfang_rules.errors import XinfangError
from xinfang_rules.law.rules import Period, Regime, Source, Unit
from xinfang_rules.law.text import RegulationText, TimeLimit, _limits_in, find_time_limits

__all__ = ["Finding", "RegimeCheck", "check_regime"]

Lang = Literal["zh", "en"]


@attrs.frozen
class Finding:
    """One thing wrong in a regime file, in both languages.

    Attributes:
        where: The entry at fault (``handle``, ``handle.extension``, ``regime``).
        source: The citation it concerns.
        zh, en: What is wrong.

    """

    where: str
    source: str
    zh: str
    en: str

    def text(self, lang: Lang = "zh") -> str:
        """The finding in one line."""
        return f"{self.where}（{self.source}）：{self.zh}" if lang == "zh" else (
            f"{self.where} ({self.source}): {self.en}"
        )  # fmt: skip


@attrs.frozen
class RegimeCheck:
    """What :func:`check_regime` found.

    Attributes:
        regime: The regime's id.
        text: The text's name.
        errors: What the file says that the text does not.
        omissions: The text's time limits no period or extension encodes.
        elsewhere: Sources citing another document (not checked against this text).
        checked: How many sources were checked.

    """

    regime: str
    text: str
    errors: tuple[Finding, ...]
    omissions: tuple[TimeLimit, ...]
    elsewhere: tuple[str, ...]
    checked: int

    @property
    def ok(self) -> bool:
        """No error (omissions are listed, not errors: a file may leave a limit out)."""
        return not self.errors

    def report(self, lang: Lang = "zh") -> str:
        """The check as a clerk reads it, one finding a line."""
        zh = lang == "zh"
        lines = [
            (f"规则文件 {self.regime} 对照 {self.text}：核对引文 {self.checked} 处，"
             f"错误 {len(self.errors)} 处，文本中未编码的时限 {len(self.omissions)} 处")
            if zh else
            (f"regime {self.regime} against {self.text}: {self.checked} sources checked, "
             f"{len(self.errors)} error(s), {len(self.omissions)} time limit(s) not encoded")
        ]  # fmt: skip
        if self.errors:
            lines.append("错误：" if zh else "Errors:")
            lines += [f"  {e.text(lang)}" for e in self.errors]
        if self.omissions:
            lines.append(
                "文本中有、规则文件未编码的时限（请确认是有意不编码）："
                if zh
                else "Time limits in the text the file does not encode (check each is meant):"
            )
            lines += [f"  {t.place(lang)}「{t.words}」：{t.quote}" for t in self.omissions]
        if self.elsewhere:
            lines.append("引用其他文件、未对照本文本核对：" if zh else "Cited in another text:")
            lines += [f"  {x}" for x in self.elsewhere]
        return "\n".join(lines)


def _sources(regime: Regime) -> Iterator[tuple[str, Source, Period | None, str]]:
    """(entry, source, its period, what the source sets: period/extension/refers/regime)."""
    yield "regime", regime.source, None, "regime"
    for p in regime.periods:
        yield p.id, p.source, p, "period"
        if p.extension is not None:
            yield f"{p.id}.extension", p.extension.source, p, "extension"
        if p.refers_to is not None:
            yield f"{p.id}.refers_to", p.refers_to, p, "refers"


def _document(name: str) -> str:
    return re.sub(r"[《》\s]", "", name)


#: What a period's unit must read as in its quote.
_UNIT_WORDS = {
    Unit.DAYS: ("days",),
    Unit.WORKDAYS: ("workdays",),
    Unit.SAME_DAY: ("same_day",),
    Unit.ON_THE_SPOT: ("on_the_spot", "same_day"),
    Unit.SET_BY_ASSIGNER: ("set_by_assigner",),
}
_UNIT_ZH = {"days": "日", "workdays": "个工作日", "months": "个月", "hours": "小时",
            "same_day": "当日", "on_the_spot": "当场", "set_by_assigner": "指定期限"}  # fmt: skip


def check_regime(regime: Regime, text: RegulationText) -> RegimeCheck:
    """Check every source of ``regime`` against ``text``; list the limits it leaves out.

    The text is the one ``regime.source.document`` names (its title, where the text gives
    one, must be that document's).

    Raises:
        LawTextError: The text's title names another regulation.

    """
    from xinfang_rules.law.text import LawTextError

    own = _document(regime.source.document)
    if text.title and _document(text.title) != own:
        raise LawTextError(
            f"{text.name}: this is the text of {text.title}, not of {regime.source.document}",
            zh=f"{text.name}：这是《{_document(text.title)}》的文本，不是{regime.source.document}",
        )
    errors: list[Finding] = []
    elsewhere: list[str] = []
    checked = 0
    for entry, source, period, role in _sources(regime):
        cite = source.render("zh")
        if _document(source.document) != own:
            elsewhere.append(f"{entry}：{cite}")
            continue
        checked += 1
        words = _place(text, source, entry, errors)
        if words is None:
            continue
        if not source.quote:
            errors.append(Finding(entry, cite, "没有引文（quote）：请从所引条款中原样摘录",
                                  "no quote: copy the words from the place cited"))  # fmt: skip
            continue
        if source.quote not in words:
            errors.append(Finding(
                entry, cite,
                "引文（quote）不在所引条款中：请逐字核对，含标点，或改正所引的条、款、项",
                "the quote is not in the place cited: check it word for word, punctuation "
                "too, or correct the article, paragraph or item",
            ))  # fmt: skip
            continue
        if period is not None and role in ("period", "refers"):
            if role == "period" and period.refers_to is not None:
                continue  # its length is in the text it refers to
            _length(entry, cite, source.quote, period, errors)
        elif period is not None and role == "extension":
            _cap(entry, cite, source.quote, period, errors)
    _in_force(regime, text, errors)
    omissions = _omissions(regime, text)
    return RegimeCheck(regime.id, text.name, tuple(errors), omissions, tuple(elsewhere), checked)


def _place(text: RegulationText, source: Source, entry: str, errors: list[Finding]) -> str | None:
    cite = source.render("zh")
    if source.article is None:
        errors.append(Finding(entry, cite, "没有写明条（article）", "no article cited"))
        return None
    found = text.articles.get(source.article)
    several = found is not None and len(found.paragraphs) > 1
    if several and source.paragraph is None and source.item is None:
        assert found is not None
        errors.append(Finding(
            entry, cite,
            f"第{source.article}条有{len(found.paragraphs)}款：请写明第几款（paragraph）",
            f"article {source.article} has {len(found.paragraphs)} paragraphs: name one",
        ))  # fmt: skip
        return None
    try:
        return text.at(source.article, source.paragraph, source.item)
    except XinfangError as exc:
        errors.append(Finding(entry, cite, exc.text("zh"), exc.text("en")))
        return None


def _limits(quote: str) -> list[tuple[int | None, str, bool]]:
    return [(length, unit, cap) for _, _, length, unit, cap in _limits_in(quote)]


def _length(entry: str, cite: str, quote: str, period: Period, errors: list[Finding]) -> None:
    said = _limits(quote)
    units = _UNIT_WORDS[period.unit]
    if period.length is None:
        if not any(u in units for _, u, _ in said):
            errors.append(Finding(
                entry, cite,
                f"单位为{period.unit.zh}，引文中却没有「{_UNIT_ZH[units[0]]}」",
                f"the unit is {period.unit.value}, but the quote does not say so",
            ))  # fmt: skip
        return
    if not any(n == period.length and u in units for n, u, _ in said):
        shown = "、".join(f"{n}{_UNIT_ZH[u]}" for n, u, _ in said if n is not None) or "无"
        errors.append(Finding(
            entry, cite,
            f"期限为 {period.length}{period.unit.zh}，引文所写为：{shown}",
            f"the length is {period.length} {period.unit.value}; the quote says: "
            f"{shown if shown != '无' else 'none'}",
        ))  # fmt: skip


def _cap(entry: str, cite: str, quote: str, period: Period, errors: list[Finding]) -> None:
    ext = period.extension
    assert ext is not None
    want = "workdays" if ext.unit is Unit.WORKDAYS else "days"
    said = _limits(quote)
    if not any(n == ext.max_length and u == want for n, u, _ in said):
        shown = "、".join(f"{n}{_UNIT_ZH[u]}" for n, u, _ in said if n is not None) or "无"
        errors.append(Finding(
            entry, cite,
            f"延长上限为 {ext.max_length}{ext.unit.zh}，引文所写为：{shown}",
            f"the extension's cap is {ext.max_length} {ext.unit.value}; the quote says: "
            f"{shown if shown != '无' else 'none'}",
        ))  # fmt: skip


def _date_forms(day: _dt.date) -> tuple[str, ...]:
    from xinfang_rules.law.rules import _zh_number

    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(c)] for c in str(day.year))
    return (
        f"{day.year}年{day.month}月{day.day}日",
        f"{year}年{_zh_number(day.month)}月{_zh_number(day.day)}日",
        f"{year.replace('〇', '零')}年{_zh_number(day.month)}月{_zh_number(day.day)}日",
    )


def _in_force(regime: Regime, text: RegulationText, errors: list[Finding]) -> None:
    if regime.in_force is None:
        return
    forms = _date_forms(regime.in_force)
    whole = text.preamble + "\n" + "\n".join(a.whole for a in text.articles.values())
    if not any(f in whole for f in forms):
        errors.append(Finding(
            "in_force", regime.source.render("zh"),
            f"施行日期 {regime.in_force}（{forms[0]}）在文本中找不到",
            f"the in-force date {regime.in_force} ({forms[0]}) is not in the text",
        ))  # fmt: skip


def _omissions(regime: Regime, text: RegulationText) -> tuple[TimeLimit, ...]:
    own = _document(regime.source.document)
    encoded: list[tuple[Source, int | None, tuple[str, ...]]] = []
    for _, source, period, role in _sources(regime):
        if period is None or _document(source.document) != own:
            continue
        if role == "extension" and period.extension is not None:
            unit = "workdays" if period.extension.unit is Unit.WORKDAYS else "days"
            encoded.append((source, period.extension.max_length, (unit,)))
        else:
            encoded.append((source, period.length, _UNIT_WORDS[period.unit]))
    out = []
    for t in find_time_limits(text):
        if not any(_covers(s, n, units, t) for s, n, units in encoded):
            out.append(t)
    return tuple(out)


def _covers(source: Source, length: int | None, units: tuple[str, ...], t: TimeLimit) -> bool:
    if source.article != t.article:
        return False
    if source.paragraph is not None and t.paragraph not in (None, source.paragraph):
        return False
    if source.item is not None and t.item != source.item:
        return False
    if length is not None:
        return t.length == length and t.unit in units
    return t.unit in units or t.length is None
