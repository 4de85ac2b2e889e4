"""A regulation's text: its articles, paragraphs (款) and items (项), and its time limits.

:func:`parse_regulation` reads a 信访条例 as published or pasted — 第X条 (in Chinese or
Arabic numerals) starting an article, each further line a paragraph, lines starting
（一）… its items, 第X章 / 第X节 (or Markdown ``#``) headings naming the chapter — and
:func:`read_regulation` reads it from a file in UTF-8 or GB18030. :meth:`RegulationText.at`
gives the words an article, paragraph or item holds, as a regime's
:class:`~xinfang_rules.law.rules.Source` cites them.

:func:`find_time_limits` finds every time limit in it (N日, N个工作日, N个月, 当日, 当场,
即时, 指定期限, 不得超过N日 …), each with its place and the clause it stands in: what a
regime file must encode, and what :func:`~xinfang_rules.law.check.check_regime` lists when
a file leaves one out.

>>> text = '''第一条 为了规范信访工作，制定本条例。
... 第二十二条 信访部门收到信访事项，应当予以登记，并在15日内分别按照下列方式处理：
... （一）属于本机关职权范围的，应当告知信访人；
... （二）对重要信访事项应当要求其在指定办理期限内反馈结果。
... 第三十四条 信访事项应当自受理之日起60日内办结；情况复杂的，可以延长，但延长期限不得超过30日。'''
>>> law = parse_regulation(text, name="条例.txt")
>>> law.at(22, 1, 2)
'（二）对重要信访事项应当要求其在指定办理期限内反馈结果。'
>>> for t in find_time_limits(law):
...     print(t.place(), t.words, t.length, t.unit, t.cap)
第二十二条 15日 15 days False
第二十二条第一款第二项 指定办理期限 None set_by_assigner False
第三十四条 60日 60 days False
第三十四条 30日 30 days True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import attrs

from xinfang_rules.errors import XinfangValueError
from xinfang_rules.privacy import echo

__all__ = [
    "Article",
    "LawTextError",
    "Paragraph",
    "RegulationText",
    "TimeLimit",
    "find_time_limits",
    "parse_regulation",
    "read_regulation",
    "zh_number",
]


class LawTextError(XinfangValueError):
    """A regulation's text cannot be read, or has no place a source cites."""


_DIGITS = "零一二三四五六七八九"


def zh_number(text: str) -> int:
    """A number in Chinese or Arabic numerals: ``一百零一`` → 101, ``两`` → 2, ``15`` → 15.

    >>> [zh_number(t) for t in ("十五", "二十二", "一百零一", "两", "〇", "60")]
    [15, 22, 101, 2, 0, 60]
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "两":
            current = 2
        elif ch == "〇":
            current = 0
        else:
            current = _DIGITS.index(ch)
    return total + current


_ZH_NUM = "零〇一二两三四五六七八九十百"
_ARTICLE = re.compile(rf"^第([{_ZH_NUM}]{{1,6}}|\d{{1,3}})条[\s　:：]*")
_CHAPTER = re.compile(rf"^#*\s*第([{_ZH_NUM}]{{1,4}}|\d{{1,2}})([章节])[\s　]*(.*)$")
_ITEM = re.compile(rf"^[（(]([{_ZH_NUM}]{{1,4}}|\d{{1,2}})[）)]")


@attrs.frozen
class Paragraph:
    """A paragraph (款): its own words and its items (项)."""

    text: str
    items: tuple[str, ...] = ()

    @property
    def whole(self) -> str:
        """The paragraph with its items, one a line."""
        return "\n".join((self.text, *self.items))


@attrs.frozen
class Article:
    """An article (条): its number, the chapter it stands in, its paragraphs."""

    number: int
    chapter: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def whole(self) -> str:
        """The article's words, one paragraph or item a line."""
        return "\n".join(p.whole for p in self.paragraphs)


@attrs.frozen
class RegulationText:
    """A regulation read into articles (see :func:`parse_regulation`).

    Attributes:
        name: Where it came from (a file name), for messages.
        title: Its title, where the text gives one (``北京市信访条例``), else ``""``.
        preamble: The lines before the first article (adoption and amendments).
        articles: The articles by number.

    """

    name: str
    title: str
    preamble: str
    articles: Mapping[int, Article]

    def at(self, article: int, paragraph: int | None = None, item: int | None = None) -> str:
        """The words an article, paragraph (款, from 1) or item (项, from 1) holds.

        Raises:
            LawTextError: The text has no such article, paragraph or item.

        """
        found = self.articles.get(article)
        if found is None:
            raise LawTextError(
                f"{self.name}: there is no article {article} (the text has articles "
                f"{_span(self.articles)})",
                zh=f"{self.name}：没有第{article}条（文本有{_span(self.articles, '条')}）",
            )
        if paragraph is None:
            whole = found.whole
            if item is None:
                return whole
            paragraph = 1
        if not 1 <= paragraph <= len(found.paragraphs):
            raise LawTextError(
                f"{self.name}: article {article} has {len(found.paragraphs)} paragraph(s), "
                f"not {paragraph}",
                zh=f"{self.name}：第{article}条只有{len(found.paragraphs)}款，没有第{paragraph}款",
            )
        p = found.paragraphs[paragraph - 1]
        if item is None:
            return p.whole
        if not 1 <= item <= len(p.items):
            raise LawTextError(
                f"{self.name}: article {article} paragraph {paragraph} has {len(p.items)} "
                f"item(s), not {item}",
                zh=f"{self.name}：第{article}条第{paragraph}款只有{len(p.items)}项，没有第{item}项",
            )
        return p.items[item - 1]


def _span(articles: Mapping[int, Article], unit: str = "") -> str:
    if not articles:
        return "none" if not unit else "0条"
    lo, hi = min(articles), max(articles)
    return f"第{lo}至{hi}{unit}" if unit else f"{lo} to {hi}"


def parse_regulation(text: str, *, name: str = "text") -> RegulationText:
    """A regulation's articles, paragraphs and items, from its text as published or pasted.

    An article starts at a line ``第X条`` (Chinese or Arabic numerals); each further
    non-empty line is a paragraph, but a line starting （一）… is an item of the paragraph
    before it, and a plain line between two items belongs to the item before it (as in
    《信访条例》 Art. 21). A heading line (第X章, 第X节, or Markdown ``#``) ends the article
    and names the chapter of those after it. The lines before the first article are the
    preamble (its first line with 条例 is taken as the title).

    Raises:
        LawTextError: No article is found (not a regulation's text, or not text at all).

    """
    lines = [ln.strip().replace("\u3000", " ") for ln in text.replace("\r", "\n").split("\n")]
    if "<!-- INFO END -->" in lines:  # a text as the library's tests keep them
        lines = lines[lines.index("<!-- INFO END -->") + 1 :]
        head = text.split("<!-- INFO END -->", 1)[0]
    else:
        head = ""
    raw: dict[int, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    chapter = ""
    preamble: list[str] = [ln.strip() for ln in head.splitlines() if ln.strip()]
    for line in lines:
        if not line:
            continue
        heading = _CHAPTER.match(line)
        if heading or line.startswith("#"):
            current = None
            if heading:
                chapter = f"第{heading.group(1)}{heading.group(2)} {heading.group(3)}".strip()
            elif not raw:
                preamble.append(line.lstrip("# "))
            continue
        m = _ARTICLE.match(line)
        if m:
            number = zh_number(m.group(1))
            if number in raw:
                raise LawTextError(
                    f"{name}: article {number} appears twice; is the text pasted twice?",
                    zh=f"{name}：第{number}条出现了两次；文本是否重复粘贴？",
                )
            current = []
            raw[number] = (chapter, current)
            line = line[m.end() :].strip()
            if not line:
                continue
        if current is not None:
            current.append(line)
        elif not raw:
            preamble.append(line)
    if not raw:
        raise LawTextError(
            f"{name}: no article (第X条) found; is this a regulation's text? Paste the text "
            "with each article starting on its own line",
            zh=f"{name}：找不到条文（第X条）；请确认是条例全文，且每条另起一行",
        )
    articles = {
        number: Article(number, chapter, _paragraphs(lines_))
        for number, (chapter, lines_) in raw.items()
    }
    title = next((re.sub(r"^#+\s*|[《》]", "", ln).strip() for ln in preamble if "条例" in ln), "")
    return RegulationText(name, title[:60], "\n".join(preamble), articles)


def _paragraphs(lines: list[str]) -> tuple[Paragraph, ...]:
    out: list[tuple[str, list[str]]] = []
    for i, line in enumerate(lines):
        if _ITEM.match(line) and out:
            out[-1][1].append(line)
        elif out and out[-1][1] and any(_ITEM.match(x) for x in lines[i:]):
            out[-1][1][-1] += "\n" + line  # between two items: the item's
        else:
            out.append((line, []))
    return tuple(Paragraph(t, tuple(items)) for t, items in out)


def read_regulation(path: str | Path, encoding: str | None = None) -> RegulationText:
    """A regulation's text from a file: UTF-8 (with or without BOM), else GB18030.

    Raises:
        LawTextError: The file cannot be read, is not text in either encoding (or the one
            named), or holds no article.

    """
    from xinfang_rules._files import check_encoding

    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LawTextError(
            f"{where}: cannot read the file: {exc.strerror or exc}",
            zh=f"{where}：无法读取文件（{exc.strerror or exc}）；请核对文件名和路径",
        ) from None
    names: tuple[str, ...] = ("utf-8-sig", "gb18030")
    if encoding is not None:
        try:
            names = (check_encoding(encoding),)
        except ValueError:
            raise LawTextError(
                f"{where}: unknown encoding {echo(encoding)}",
                zh=f"{where}：未知的编码 {echo(encoding)}",
            ) from None
    for name in names:
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return parse_regulation(text, name=where)
    raise LawTextError(
        f"{where}: not text in {' or '.join(names)}; save the text as UTF-8",
        zh=f"{where}：不是 {' 或 '.join(names)} 编码的文本；请另存为 UTF-8 文本",
    )


# --------------------------------------------------------------------------- time limits

TimeUnit = Literal["days", "workdays", "months", "hours", "same_day", "on_the_spot",
                   "set_by_assigner"]  # fmt: skip

_NUM = rf"(\d{{1,4}}|[{_ZH_NUM}]{{1,5}})"
_LIMIT = re.compile(
    rf"(?<![\d年月第{_ZH_NUM}]){_NUM}(个工作日|工作日|个月|个小时|小时|日|天)"
    r"|(当日|当天|当场|即时)"
    r"|(指定(?:的)?(?:办理)?(?:期限|时限)|(?:交办|转送)机关要求的(?:期限|时限))"
)
_UNITS: dict[str, TimeUnit] = {
    "个工作日": "workdays", "工作日": "workdays", "个月": "months", "个小时": "hours",
    "小时": "hours", "日": "days", "天": "days", "当日": "same_day", "当天": "same_day",
    "当场": "on_the_spot", "即时": "on_the_spot",
}  # fmt: skip
_CAP = re.compile(r"(?:不得超过|最长不超过|不超过|最多不超过)$")
_CLAUSE_END = "。；：;:"


@attrs.frozen
class TimeLimit:
    """A time limit in a regulation's text.

    Attributes:
        article, paragraph, item: Where it is (paragraph and item from 1; ``None`` for an
            article of one paragraph, or a paragraph without items).
        chapter: The chapter it stands in (``第六章 办理和督办``), or ``""``.
        quote: The clause it stands in, verbatim (to the nearest 。；：).
        words: The words that set it (``15日内``, ``5个工作日``, ``指定期限``).
        length: The number (``None`` for 当日, 当场, 指定期限).
        unit: ``days``, ``workdays``, ``months``, ``hours``, ``same_day``,
            ``on_the_spot`` or ``set_by_assigner``.
        cap: It caps something (不得超过N日: an extension's limit).

    """

    article: int
    paragraph: int | None
    item: int | None
    chapter: str
    quote: str
    words: str
    length: int | None
    unit: TimeUnit
    cap: bool = False

    def place(self, lang: Literal["zh", "en"] = "zh") -> str:
        """Where it is: 第二十二条第一款第二项 / Art. 22 ¶1 (2)."""
        from xinfang_rules.law.rules import Source

        place = Source("《》", self.article, self.paragraph, self.item).render(lang)
        return place.removeprefix("《》").strip()


def find_time_limits(law: RegulationText) -> tuple[TimeLimit, ...]:
    """Every time limit in the text, in order, with its place and clause.

    Dates (2007年1月1日), ordinals (第十五日 is not a limit but 第X日 of a count) and
    article numbers are not limits. A paragraph of an article with more than one is
    named; an item too.
    """
    out: list[TimeLimit] = []
    for number in sorted(law.articles):
        art = law.articles[number]
        several = len(art.paragraphs) > 1
        for pi, paragraph in enumerate(art.paragraphs, start=1):
            parts = [(None, paragraph.text)] + [
                (ii, text) for ii, text in enumerate(paragraph.items, start=1)
            ]
            for item, words in parts:
                seen = set()
                for limit in _limits_in(words):
                    if limit in seen:  # 能够当场告知的，应当当场书面告知: one limit
                        continue
                    seen.add(limit)
                    out.append(
                        TimeLimit(
                            number,
                            pi if several or item is not None else None,
                            item,
                            art.chapter,
                            *limit,
                        )
                    )
    return tuple(out)


def _limits_in(text: str) -> Iterator[tuple[str, str, int | None, TimeUnit, bool]]:
    for m in _LIMIT.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        ends = [i for i in (text.find(c, m.end()) for c in _CLAUSE_END) if i >= 0]
        quote = text[start : min(ends) if ends else len(text)].strip()
        quote = re.sub(r"^[（(][^）)]{1,4}[）)]", "", quote).strip()
        if m.group(1):
            if text[max(0, m.start() - 2) : m.start()] == "最后":
                continue  # 期间的最后一日: a day of a count, not a limit
            try:
                length: int | None = zh_number(m.group(1))
            except ValueError:
                continue
            unit = _UNITS[m.group(2)]
            cap = bool(_CAP.search(text[max(0, m.start() - 6) : m.start()]))
            yield quote, m.group(0), length, unit, cap
        elif m.group(3):
            if text[max(0, m.start() - 2) : m.start()] in ("不能", "无法"):
                continue  # 不能当场答复的，…: the limit is the one that follows
            yield quote, m.group(3), None, _UNITS[m.group(3)], False
        else:
            yield quote, m.group(4), None, "set_by_assigner", False
