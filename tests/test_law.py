"""Every shipped rule can be shown in the text it cites: quotes checked against the law.

The full texts are in ``tests/law/`` (see its README). For every source of every shipped
regime (the period's, its extension's, what it refers to, the regime's own), the quote
must appear verbatim in the article it cites, and, where a paragraph (款) or item (项) is
given, in that paragraph or item. A source without a paragraph must cite an article of a
single paragraph, so that "Art. 34" always means one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import attrs
import pytest

from xinfang_rules import Period, Regime, Source, regimes
from xinfang_rules.law.text import zh_number as zh_int

LAW = Path(__file__).parent / "law"

#: The document a source names -> the text in tests/law.
TEXTS = {
    "《信访工作条例》": "xinfang-gongzuo-tiaoli-2022.md",
    "《信访条例》": "xinfang-tiaoli-2005.md",
    "《北京市信访条例》": "beijing-xinfang-tiaoli-2006.md",
    "《上海市信访条例》": "shanghai-xinfang-tiaoli-2018.md",
    "《山东省信访条例》": "shandong-xinfang-tiaoli-2015.md",
    "《河南省信访条例》": "henan-xinfang-tiaoli-2012.md",
    "《浙江省信访条例》": "zhejiang-xinfang-tiaoli-2016.md",
}

_ARTICLE = re.compile(r"^第([零一二三四五六七八九十百]+)条[\s　]")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")


@attrs.frozen
class Paragraph:
    """A paragraph (款): its own lines and its items (项)."""

    text: str
    items: tuple[str, ...]

    @property
    def whole(self) -> str:
        """The paragraph with its items."""
        return "\n".join((self.text, *self.items))


@cache
def articles(document: str) -> dict[int, tuple[Paragraph, ...]]:
    """The articles of a text, each as its paragraphs with their items.

    A paragraph's items are the lines that start with （一）…; a plain line between two
    items belongs to the item before it (as in 《信访条例》 Art. 21, where a sentence
    sits between items 三 and 四 and "前款" after item 四 is paragraph 2).
    """
    lines = (LAW / TEXTS[document]).read_text(encoding="utf-8").splitlines()
    body = lines[lines.index("<!-- INFO END -->") + 1 :]
    raw: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in body:
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            current = None  # a heading ends the article; stray heading lines are dropped
            continue
        m = _ARTICLE.match(line)
        if m:
            current = raw.setdefault(zh_int(m.group(1)), [])
        if current is not None:
            current.append(line)
    out: dict[int, tuple[Paragraph, ...]] = {}
    for number, alines in raw.items():
        paragraphs: list[tuple[str, list[str]]] = []
        for i, line in enumerate(alines):
            if _ITEM.match(line):
                paragraphs[-1][1].append(line)
            elif paragraphs and paragraphs[-1][1] and any(_ITEM.match(x) for x in alines[i:]):
                paragraphs[-1][1][-1] += "\n" + line  # between two items: the item's
            else:
                paragraphs.append((line, []))
        out[number] = tuple(Paragraph(t, tuple(items)) for t, items in paragraphs)
    return out


def where(source: Source) -> str:
    """The text a source points at: article, paragraph or item."""
    assert source.article is not None, f"{source} names no article"
    found = articles(source.document).get(source.article)
    assert found, f"{source}: the text has no article {source.article}"
    if source.paragraph is None:
        assert len(found) == 1, (
            f"{source}: article {source.article} has {len(found)} paragraphs; name one"
        )
        paragraph = found[0]
    else:
        assert source.paragraph <= len(found), f"{source}: no paragraph {source.paragraph}"
        paragraph = found[source.paragraph - 1]
    if source.item is None:
        return paragraph.whole
    assert source.item <= len(paragraph.items), f"{source}: no item {source.item}"
    return paragraph.items[source.item - 1]


def sources(regime: Regime) -> Iterator[tuple[str, Source]]:
    yield f"{regime.id}", regime.source
    for p in regime.periods:
        yield f"{regime.id}:{p.id}", p.source
        if p.extension is not None:
            yield f"{regime.id}:{p.id}.extension", p.extension.source
        if p.refers_to is not None:
            yield f"{regime.id}:{p.id}.refers_to", p.refers_to


ALL_SOURCES = [pytest.param(s, id=name) for r in regimes().values() for name, s in sources(r)]


class TestParser:
    """The article parser the quote check relies on."""

    def test_numbers(self) -> None:
        """Chinese article numbers up to the hundreds."""
        assert [zh_int(t) for t in ("一", "十", "十五", "二十二", "一百", "一百零一")] == [
            1,
            10,
            15,
            22,
            100,
            101,
        ]

    def test_paragraphs_and_items(self) -> None:
        """《信访条例》 Art. 21: ¶1 has items 一 to 四 (a sentence inside item 三), ¶2 is "前款"."""
        art = articles("《信访条例》")[21]
        assert len(art) == 2
        assert len(art[0].items) == 4
        assert "县级以上人民政府信访工作机构要定期" in art[0].items[2]
        assert art[1].text.startswith("按照前款")
        assert len(articles("《信访工作条例》")[36]) == 3
        assert len(articles("《信访工作条例》")[34]) == 1

    def test_a_wrong_place_is_found(self) -> None:
        """The check fails a quote cited to the wrong paragraph or item (it can fail)."""
        good = Source("《信访工作条例》", 23, 3, quote="5个工作日内提出异议")
        assert "5个工作日内提出异议" in where(good)
        assert "5个工作日内提出异议" not in where(attrs.evolve(good, paragraph=2))
        with pytest.raises(AssertionError, match="paragraphs"):
            where(Source("《信访工作条例》", 36, quote="x"))
        with pytest.raises(AssertionError, match="no item"):
            where(Source("《信访工作条例》", 22, 1, 4, quote="x"))


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_every_quote_is_in_the_place_it_cites(source: Source) -> None:
    """The quote is verbatim in the cited article, paragraph and item."""
    assert source.quote, f"{source} has no quote"
    assert source.quote in where(source), f"{source}: {source.quote!r} is not there"


def test_every_shipped_regime_has_a_text() -> None:
    """Seven regimes, each citing a text we hold; every period quotes its source."""
    assert len(regimes()) == 7
    for regime in regimes().values():
        assert regime.source.document in TEXTS
        assert regime.in_force is not None and regime.text_date is not None
        assert regime.note, regime.id
        for p in regime.periods:
            assert isinstance(p, Period) and p.source.quote, (regime.id, p.id)


def test_lengths_are_the_numbers_in_the_quote() -> None:
    """A period's length (and an extension's cap) is written in its own quote."""
    digits = {
        3: ("3", "三"),
        5: ("5", "五"),
        15: ("15", "十五"),
        30: ("30", "三十"),
        60: ("60", "六十"),
        90: ("90", "九十"),
    }
    for regime in regimes().values():
        for p in regime.periods:
            quoted = p.refers_to or p.source
            if p.length is not None:
                assert any(
                    f"{d}{'个工作日' if p.unit.value == 'workdays' else '日'}"
                    in (quoted.quote or "")
                    for d in digits[p.length]
                ), (regime.id, p.id)
            if p.extension is not None:
                assert any(
                    f"{d}日" in (p.extension.source.quote or "")
                    for d in digits[p.extension.max_length]
                ), (regime.id, p.id)
