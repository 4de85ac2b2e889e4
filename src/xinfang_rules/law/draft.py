"""A draft regime file from a regulation's text: one period per time limit, guesses marked.

:func:`draft_regime` reads the text's time limits
(:func:`~xinfang_rules.law.text.find_time_limits`) and writes a regime file
(``xinfang_rules.regime/1``, TOML) with one period for each: its citation (article,
paragraph, item), the verbatim clause as its quote, its length and unit — all read from
the text — and a proposed id, title, clock, category scope, extension (its cap, who
approves, whether the petitioner is told) and hearing exclusion, each guess followed by a
``# 待核`` comment that gives the reason. Nothing without that mark is a guess.

A limit the drafter cannot place (no known wording around it, or a chapter outside the
handling of petitions) is still written, as a period with a marked guess; a limit in a
unit the library does not count (个月, 小时) is written commented out, with the reason:
never left out in silence. The draft loads (``--regime draft.toml``) and passes
``xinfang rules check`` against its text; review each mark against the text before use
(docs/howto/provincial-regime.md).

>>> from xinfang_rules.law.text import parse_regulation
>>> law = parse_regulation('''某省信访条例
... 第一条 信访事项应当自受理之日起60日内办结；经本机关负责人批准，可以延长，
... 但延长期限不得超过30日，并告知信访人延期理由。
... 第二条 本条例自2020年1月1日起施行。''')
>>> text = draft_regime(law)
>>> print(text.split("[[periods]]")[1].strip())  # doctest: +ELLIPSIS
id = "handle"  # 待核：引文有“办结”“受理”，推定为办理期限
title = "办理信访事项"  # 待核：按推定的期限种类拟写
title_en = "Handle a petition"  # 待核：按推定的期限种类拟写
length = 60
unit = "days"
clock = "accepted"  # 待核：引文有“自受理之日起”
source = { document = "《某省信访条例》", article = 1, paragraph = 1, quote = ...
extension = { max_length = 30, approver = "本机关负责人", notify_petitioner = true, ...
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from xinfang_rules.law.text import RegulationText, TimeLimit, find_time_limits

__all__ = ["DraftPeriod", "draft_periods", "draft_regime"]

_MARK = "待核："


@attrs.frozen
class DraftPeriod:
    """A period proposed for a time limit: what the text says, and what is guessed.

    Attributes:
        limit: The time limit in the text.
        id, title, title_en, clock: Proposed (``guesses`` says why).
        extension: The cap that follows it in the text (``不得超过N日``), if any.
        approver: Who approves an extension, where the text says ``经…批准``.
        notify_petitioner: The text tells the petitioner of an extension.
        excludes_hearing: The article leaves hearing time out (听证…不计算在…期限内).
        categories: Categories its clause names, if any.
        placed: False when the drafter could not place it (no known wording).
        guesses: Field → the reason it is a guess.

    """

    limit: TimeLimit
    id: str
    title: str
    title_en: str
    clock: str
    extension: TimeLimit | None = None
    approver: str | None = None
    notify_petitioner: bool = False
    excludes_hearing: bool = False
    categories: tuple[str, ...] = ()
    placed: bool = True
    guesses: dict[str, str] = attrs.field(factory=dict, eq=False)


#: (id, title, title_en, clock, patterns all found in the clause, a pattern that must not
#: be, why) in the order they are tried.
_KINDS: tuple[tuple[str, str, str, str, tuple[str, ...], str | None, str], ...] = (
    ("object_wrong_addressee", "不属于本机关职责范围的提出异议", "Object to a wrong addressee",
     "forward_received", ("异议", "转送"), None, "引文有“异议”“转送”"),
    ("rereview_request", "信访人请求复核", "Petitioner may request a re-review",
     "review_reply_received", ("复核", "请求|申请", "复查意见"), "收到复核",
     "引文有“复查意见”和请求“复核”"),
    ("rereview_decision", "提出复核意见", "Re-review decision", "rereview_request_received",
     ("复核", "收到复核|复核意见"), None, "引文有“复核请求”或“复核意见”"),
    ("review_request", "信访人请求复查", "Petitioner may request a review", "reply_received",
     ("复查", "请求|申请", "答复|处理意见"), "收到复查", "引文有“答复”和请求“复查”"),
    ("review_decision", "提出复查意见", "Review decision", "review_request_received",
     ("复查", "收到复查|复查意见"), None, "引文有“复查请求”或“复查意见”"),
    ("supervision_response", "收到改进建议后反馈", "Respond to a recommendation",
     "supervision_received", ("建议", "反馈"), None, "引文有“建议”“反馈”"),
    ("assigned_report", "交办事项在指定期限内反馈结果", "Report an assigned matter by the set date",
     "assigned", ("指定|要求的(?:期限|时限)",), None, "引文有“指定期限”"),
    ("route", "登记并转送、交办", "Register and route", "received",
     ("登记|按下列|分别",), None, "引文有“登记”或“分别按下列方式处理”"),
    ("notify_forwarded", "转送、交办的信访事项受理并告知", "Accept and notify a forwarded matter",
     "forward_received", ("转送|交办", "受理|告知"), None, "引文有“转送/交办”和“受理/告知”"),
    ("notify_direct", "决定是否受理并告知", "Decide on acceptance and notify", "received",
     ("告知|答复", "受理"), "受理之日", "引文有“受理”和“告知/答复”"),
    ("handle", "办理信访事项", "Handle a petition", "accepted",
     ("办结|办理完毕|出具|作出.{0,6}意见",), None, "引文有“办结”“受理”"),
)  # fmt: skip


def _kind(quote: str) -> tuple[str, str, str, str, tuple[str, ...], str | None, str] | None:
    for kind in _KINDS:
        needed, refused = kind[4], kind[5]
        if all(re.search(x, quote) for x in needed) and not (refused and refused in quote):
            return kind
    return None


#: (words in the clause, clock, why): where a clock is said outright.
_CLOCKS = (
    ("自受理之日起", "accepted"), ("受理之日起", "accepted"),
    ("收到复核请求之日起", "rereview_request_received"),
    ("收到复查请求之日起", "review_request_received"),
    ("收到复查意见之日起", "review_reply_received"),
    ("收到书面答复之日起", "reply_received"), ("收到处理意见", "reply_received"),
    ("交办之日起", "assigned"), ("收到转送", "forward_received"),
    ("收到信访事项之日起", "received"), ("收到信访请求之日起", "received"),
)  # fmt: skip
#: Words that say "from receipt" without saying what: the kind's own clock stands.
_GENERIC_CLOCK = "收到之日起"

_CATEGORIES = ("建议意见类", "检举控告类", "申诉求决类")
#: Chapters whose limits are not a petition's handling (their guesses say so).
_FOREIGN = re.compile(r"法律责任|附则|总则|信访人的权利|工作机构|工作责任|监督")


def draft_periods(law: RegulationText) -> tuple[DraftPeriod, ...]:
    """A proposed period for every time limit of the text that is not a cap.

    A cap (``不得超过N日``) is the extension of the period before it in the same
    article; a cap with no period before it is proposed as a period of its own.
    """
    limits = find_time_limits(law)
    out: list[DraftPeriod] = []
    used: dict[str, int] = {}
    for t in limits:
        before = out[-1] if out else None
        if t.cap and before is not None and before.limit.article == t.article:
            if before.extension is None:
                out[-1] = _with_extension(before, t, law)
            continue
        guesses: dict[str, str] = {}
        kind = _kind(t.quote)
        if t.unit == "set_by_assigner":
            kind = _KINDS[6]
        foreign = bool(_FOREIGN.search(t.chapter))
        if kind is None:
            pid, title, title_en, clock = f"article_{t.article}", t.quote[:24], "", "received"
            guesses["id"] = "无法判断这是哪一种期限（引文中没有可识别的用语）：请对照条文命名"
            guesses["clock"] = "无法判断起算日：暂按收到信访事项之日"
            placed = False
        else:
            pid, title, title_en, clock, _, _, why = kind
            guesses["id"] = why + "，推定为" + _KIND_NAMES.get(pid, pid)
            guesses["clock"] = "按推定的期限种类"
            placed = True
        if foreign:
            guesses["id"] = f"本条在“{t.chapter}”，不像办理程序的期限；" + guesses["id"]
        for words, c in _CLOCKS:
            if words in t.quote:
                clock = c
                guesses["clock"] = f"引文有“{words}”"
                break
        else:
            if _GENERIC_CLOCK in t.quote and kind is None:
                guesses["clock"] = f"引文有“{_GENERIC_CLOCK}”"
            elif _GENERIC_CLOCK in t.quote:
                guesses["clock"] = f"引文有“{_GENERIC_CLOCK}”，按推定的期限种类定收到什么"
        guesses["title"] = "按推定的期限种类拟写" if placed else "取自引文开头"
        n = used.get(pid, 0)
        used[pid] = n + 1
        if n:
            pid = f"{pid}_{n + 1}"
        cats = tuple(c for c in _CATEGORIES if c in t.quote)
        if cats:
            guesses["categories"] = "引文只提到这些类别"
        article = law.articles[t.article].whole
        hearing = "听证" in article and "不计算在" in article
        if hearing:
            guesses["excludes_hearing"] = "本条有“听证…不计算在…期限内”"
        out.append(
            DraftPeriod(
                t, pid, title, title_en, clock, categories=cats, excludes_hearing=hearing,
                placed=placed, guesses=guesses,
            )
        )  # fmt: skip
    return tuple(out)


_KIND_NAMES = {
    "object_wrong_addressee": "异议期限", "rereview_request": "请求复核期限",
    "rereview_decision": "复核期限", "review_request": "请求复查期限",
    "review_decision": "复查期限", "supervision_response": "反馈改进建议期限",
    "assigned_report": "交办期限", "route": "登记转送期限", "notify_forwarded": "转送事项告知期限",
    "notify_direct": "受理告知期限", "handle": "办理期限",
}  # fmt: skip


def _with_extension(p: DraftPeriod, cap: TimeLimit, law: RegulationText) -> DraftPeriod:
    article = law.articles[cap.article].whole
    approver = re.search(r"经([^，。；]{1,20}?)(?:批准|同意)", article)
    told = bool(re.search(r"告知信访人|通知信访人", article))
    guesses = dict(p.guesses)
    guesses["extension"] = (
        f"同条“{cap.words}”推定为延长上限"
        + ("；批准人取自“经…批准”" if approver else "；未找到“经…批准”")
        + ("；有“告知信访人”" if told else "；未见告知信访人")
    )
    return attrs.evolve(
        p, extension=cap, approver=approver.group(1) if approver else None,
        notify_petitioner=told, guesses=guesses,
    )  # fmt: skip


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _source(document: str, t: TimeLimit) -> str:
    parts = [f"document = {_s(document)}", f"article = {t.article}"]
    if t.paragraph is not None:
        parts.append(f"paragraph = {t.paragraph}")
    if t.item is not None:
        parts.append(f"item = {t.item}")
    parts.append(f"quote = {_s(t.quote)}")
    return "{ " + ", ".join(parts) + " }"


def draft_regime(law: RegulationText, *, regime_id: str | None = None) -> str:
    """The draft regime file (TOML) for the text: see the module's description.

    Raises:
        LawTextError: The text has no time limit at all (nothing to draft).

    """
    periods = draft_periods(law)
    if not periods and not any(t.unit in ("months", "hours") for t in find_time_limits(law)):
        from xinfang_rules.law.text import LawTextError

        raise LawTextError(
            f"{law.name}: no time limit found (N日, N个工作日, 当日, 当场, 指定期限 …); is this "
            "the regulation's whole text?",
            zh=f"{law.name}：文本中找不到任何时限（N日、N个工作日、当日、当场、指定期限等）；"
            "请确认是条例全文",
        )
    title = law.title or "（条例名称）"
    document = f"《{title}》"
    in_force = _in_force(law)
    rid = regime_id or "draft"
    lines = [
        f"# 规则文件草稿：{document}（由 xinfang rules draft 从条例文本生成）。",
        "# 每个“# 待核”都是推定：请逐条对照原文核对、改正后删去该注释；没有该注释的字段取自原文。",
        "# 核对后运行 xinfang rules check 本文件 --text 条例文本，再用 --regime 本文件 加载。",
        'schema = "xinfang_rules.regime/1"',
        f"id = {_s(rid)}"
        + ("" if regime_id else f"  # {_MARK}请改为“省名拼音-年份”，如 guangdong-2014"),
        f"title = {_s(document)}",
    ]  # fmt: skip
    if in_force is not None:
        day, article, quote = in_force
        lines.append(f"in_force = {day.isoformat()}")
        lines.append(
            f"source = {{ document = {_s(document)}, article = {article}, quote = {_s(quote)} }}"
        )
    else:
        lines.append(f"# in_force = YYYY-MM-DD  # {_MARK}文本中找不到“自…起施行”：请写明施行日期")
        last = max(law.articles)
        lines.append(
            f"source = {{ document = {_s(document)}, article = {last}, quote = "
            f"{_s(law.at(last).split(chr(10))[0][:40])} }}  # {_MARK}施行日期所在条款"
        )
    lines.append(f'note = "由条例文本起草，尚待核对。"  # {_MARK}写明文本的版本、施行日期和读法')
    for p in periods:
        lines.append("")
        lines += _period_lines(p, document)
    return "\n".join(lines) + "\n"


def _period_lines(p: DraftPeriod, document: str) -> list[str]:
    t = p.limit
    g = p.guesses
    skip = t.unit in ("months", "hours")
    body = [
        f"id = {_s(p.id)}  # {_MARK}{g['id']}",
        f"title = {_s(p.title)}  # {_MARK}{g['title']}",
    ]
    if p.title_en:
        body.append(f"title_en = {_s(p.title_en)}  # {_MARK}{g['title']}")
    if t.length is not None:
        body.append(f"length = {t.length}")
    body.append(f"unit = {_s(t.unit)}")
    body.append(f"clock = {_s(p.clock)}  # {_MARK}{g['clock']}")
    if p.categories:
        cats = ", ".join(_s(c) for c in p.categories)
        body.append(f"categories = [{cats}]  # {_MARK}{g['categories']}")
    if p.excludes_hearing:
        body.append(f"excludes_hearing = true  # {_MARK}{g['excludes_hearing']}")
    body.append(f"source = {_source(document, t)}")
    if p.extension is not None:
        e = p.extension
        ext: list[str] = [f"max_length = {e.length}"]
        if e.unit == "workdays":
            ext.append('unit = "workdays"')
        if p.approver:
            ext.append(f"approver = {_s(p.approver)}")
        ext.append(f"notify_petitioner = {'true' if p.notify_petitioner else 'false'}")
        ext.append(f"source = {_source(document, e)}")
        body.append("extension = { " + ", ".join(ext) + f" }}  # {_MARK}{g['extension']}")
    head = ["[[periods]]"]
    if skip:
        unit_zh = "个月" if t.unit == "months" else "小时"
        return [
            f"# {_MARK}{t.place()}“{t.words}”以{unit_zh}计，本库期限只按日或工作日计：",
            "# 请按条文折算或另行处理，未编入（不计算此期限）。",
            *(f"# {line}" for line in head + body),
        ]
    return head + body


def _in_force(law: RegulationText) -> Any:
    import datetime as dt

    from xinfang_rules.law.text import zh_number

    n = "[0-9一二三四五六七八九十]{1,3}"
    pattern = re.compile(rf"(?:本条例)?自([0-9〇零一二三四五六七八九]{{4}})年({n})月({n})日起施行")
    for number in sorted(law.articles, reverse=True):
        words = law.at(number)
        m = pattern.search(words)
        if m:
            year = m.group(1)
            if not year.isdigit():
                year = "".join(
                    str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in year
                )
            y = int(year)
            try:
                day = dt.date(y, zh_number(m.group(2)), zh_number(m.group(3)))
            except ValueError:
                return None
            return day, number, m.group(0)
    return None
