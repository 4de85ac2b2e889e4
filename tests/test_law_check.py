"""A regime checked against its regulation's text (``xinfang rules check``).

The seven shipped regimes pass against the texts in ``tests/law/``; the time limits each
leaves out are exactly those listed here (each with why); one quote, number, citation or
date changed in any of them makes the check fail, naming the entry. The parser reads a
text as published or pasted: Chinese or Arabic article numbers, chapters, GB18030.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_law import TEXTS, articles
from xinfang_rules import Regime, regimes
from xinfang_rules.cli import main
from xinfang_rules.law.check import check_regime
from xinfang_rules.law.text import (
    LawTextError,
    RegulationText,
    find_time_limits,
    parse_regulation,
    read_regulation,
    zh_number,
)

LAW = Path(__file__).parent / "law"


@cache
def text_of(regime: Regime) -> RegulationText:
    return read_regulation(LAW / TEXTS[regime.source.document])


#: The time limits each shipped regime leaves out on purpose, as (place, words).
NOT_ENCODED = {
    # 当场告知/答复 is a duty met while the petitioner is there; 15日 is the period encoded
    "xinfang-2022": {("第二十三条第二款", "当场")},
    "xinfang-2005": {("第二十二条第二款", "当场")},
    "shanghai-2018": {("第三十五条第一款第二项", "当场")},
    "zhejiang-2016": {("第二十条第一款", "当场"), ("第二十三条第一款", "当场")},
    # 15日 is when an oral answer may do (办结 within 15 days), not a time limit
    "beijing-2006": {("第四十五条", "15日")},
    "shandong-2015": set(),
    "henan-2012": set(),
}


@pytest.mark.parametrize("regime", list(regimes().values()), ids=lambda r: r.id)
def test_the_shipped_regimes_say_what_their_texts_say(regime: Regime) -> None:
    """No error; the limits not encoded are exactly the known ones."""
    result = check_regime(regime, text_of(regime))
    assert result.errors == (), result.report()
    assert {(t.place(), t.words) for t in result.omissions} == NOT_ENCODED[regime.id]
    assert result.checked >= len(regime.periods)


def test_the_parser_agrees_with_the_tests_own() -> None:
    """The library's reading of the seven texts is the independent one of tests/test_law.py."""
    for regime in regimes().values():
        law = text_of(regime)
        theirs = articles(regime.source.document)
        assert sorted(law.articles) == sorted(theirs)
        for n, art in law.articles.items():
            assert [p.text for p in art.paragraphs] == [
                p.text.split(" ", 1)[-1] if i == 0 else p.text for i, p in enumerate(theirs[n])
            ], n
            assert [p.items for p in art.paragraphs] == [p.items for p in theirs[n]], n


def _mutations(regime: Regime) -> list[tuple[str, Regime]]:
    """One change each: a period's quote, its length, its article, the in-force date."""
    out = []
    for i, p in enumerate(regime.periods):
        if p.source.document != regime.source.document:
            continue

        def swap(new: object, i: int = i) -> Regime:
            periods = list(regime.periods)
            periods[i] = new  # type: ignore[call-overload]
            return attrs.evolve(regime, periods=tuple(periods))

        quote = p.source.quote or ""
        out.append((f"{p.id}: quote", swap(attrs.evolve(
            p, source=attrs.evolve(p.source, quote=quote[:-1] + "X")))))  # fmt: skip
        out.append((f"{p.id}: article", swap(attrs.evolve(
            p, source=attrs.evolve(p.source, article=(p.source.article or 0) + 1)))))  # fmt: skip
        if p.length is not None and p.refers_to is None:
            out.append((f"{p.id}: length", swap(attrs.evolve(p, length=p.length + 1))))
        if p.extension is not None:
            ext = attrs.evolve(p.extension, max_length=p.extension.max_length + 1)
            out.append((f"{p.id}: cap", swap(attrs.evolve(p, extension=ext))))
    assert regime.in_force is not None
    out.append(("in force", attrs.evolve(regime, in_force=regime.in_force + dt.timedelta(1))))
    return out


MUTANTS = [
    pytest.param(r, m, id=f"{r.id}-{name}") for r in regimes().values() for name, m in _mutations(r)
]


@pytest.mark.parametrize(("original", "mutant"), MUTANTS)
def test_one_change_in_a_shipped_file_fails(original: Regime, mutant: Regime) -> None:
    """A quote, a number, a citation or the in-force date changed: an error, never silence."""
    result = check_regime(mutant, text_of(original))
    assert not result.ok


def test_an_error_names_the_entry_and_what_the_quote_says() -> None:
    """The length's error says the period, the citation and the number in the quote."""
    regime = regimes()["xinfang-2022"]
    i = next(i for i, p in enumerate(regime.periods) if p.id == "handle")
    periods = list(regime.periods)
    periods[i] = attrs.evolve(periods[i], length=90)
    (error,) = check_regime(attrs.evolve(regime, periods=tuple(periods)), text_of(regime)).errors
    assert error.text("zh") == "handle（《信访工作条例》第三十四条）：期限为 90日，引文所写为：60日"
    assert "the length is 90 days; the quote says: 60日" in error.text("en")


def test_shanghai_in_force_is_article_53s() -> None:
    """The 2018 amended text carries one in-force date, 2013-04-01 (Art. 53): the one used."""
    regime = regimes()["shanghai-2018"]
    assert regime.in_force == dt.date(2013, 4, 1)
    assert "本条例自2013年4月1日起施行" in text_of(regime).at(53)
    assert "2018年5月24日" in text_of(regime).preamble  # the amendment, not its in-force date
    amended = attrs.evolve(regime, in_force=dt.date(2018, 5, 24))
    assert check_regime(amended, text_of(regime)).ok  # 2018-05-24 is in the text too …
    assert regime.text_date == dt.date(2018, 5, 24)  # … as the text's date, which it is


class TestReadingATextAsPublished:
    """Chinese or Arabic numbers, chapters, items, encodings; errors for what is not a text."""

    TEXT = "\n".join([
        "某省信访条例", "（2020年1月1日通过）", "", "第一章　总则", "",
        "第1条　为了规范信访工作，制定本条例。", "第二章 办理",
        "第2条　信访事项应当自受理之日起六十日内办结。",
        "情况复杂的，经批准可以延长，延长期限不得超过三十日，并告知信访人。",
        "第3条　有下列情形之一的，在5个工作日内：", "（1）转送的；",
        "（2）交办的，在指定期限内反馈。",
        "第四条 本条例自2021年3月1日起施行。",
    ])  # fmt: skip

    def test_arabic_and_chinese_numbers_chapters_items(self, tmp_path: Path) -> None:
        """Read from GB18030: four articles, their chapters, paragraphs and items."""
        path = tmp_path / "条例.txt"
        path.write_bytes(self.TEXT.encode("gb18030"))
        law = read_regulation(path)
        assert law.title == "某省信访条例"
        assert sorted(law.articles) == [1, 2, 3, 4]
        assert law.articles[2].chapter == "第二章 办理"
        assert len(law.articles[2].paragraphs) == 2
        assert law.at(3, 1, 2) == "（2）交办的，在指定期限内反馈。"
        limits = [(t.place(), t.length, t.unit, t.cap) for t in find_time_limits(law)]
        assert limits == [
            ("第二条第一款", 60, "days", False),
            ("第二条第二款", 30, "days", True),
            ("第三条", 5, "workdays", False),
            ("第三条第一款第二项", None, "set_by_assigner", False),
        ]

    def test_dates_and_ordinals_are_not_limits(self) -> None:
        """2021年3月1日, 每月10日, 第十五日 set nothing."""
        law = parse_regulation("第一条 自2021年3月1日起施行，每月10日通报，第十五日为最后一日。")
        assert find_time_limits(law) == ()

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            (b"", "no article"),
            (b"\x00\x01\x02" * 50, "not text"),
            ("这不是条例。".encode(), "no article"),
            ("第一条 甲。\n第一条 乙。".encode(), "appears twice"),
        ],
    )
    def test_what_is_not_a_text_is_said(self, tmp_path: Path, data: bytes, words: str) -> None:
        """An unreadable text is a clear error, in both languages."""
        path = tmp_path / "t.txt"
        path.write_bytes(data)
        with pytest.raises(LawTextError, match=words) as caught:
            read_regulation(path)
        assert caught.value.text("zh").startswith(str(path))

    def test_a_place_not_in_the_text(self) -> None:
        """Asking for an article, paragraph or item the text lacks names what it has."""
        law = parse_regulation(self.TEXT)
        for place, words in (((9,), "没有第9条（文本有第1至4条）"), ((2, 3), "第2条只有2款"),
                             ((3, 1, 3), "第3条第1款只有2项")):  # fmt: skip
            with pytest.raises(LawTextError) as caught:
                law.at(*place)
            assert words in caught.value.text("zh")

    def test_another_regulations_text_is_refused(self) -> None:
        """Checking 北京's file against 山东's text is an error, not 20 false findings."""
        shandong = text_of(regimes()["shandong-2015"])
        with pytest.raises(LawTextError, match="山东省信访条例"):
            check_regime(regimes()["beijing-2006"], shandong)


class TestTheCommand:
    """``xinfang rules check``: a report in Chinese, exit 1 on an error."""

    def test_a_shipped_regime_passes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """北京 against its text: 0 errors, the one limit it leaves out listed."""
        status = main(["rules", "check", "北京", "--text", str(LAW / TEXTS["《北京市信访条例》"])])
        out = capsys.readouterr().out
        assert status == 0
        assert "错误 0 处，文本中未编码的时限 1 处" in out
        assert "第四十五条「15日」" in out

    def test_a_wrong_file_fails(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A regime file with 60 made 61: exit 1, the period and both numbers named."""
        from xinfang_rules.law import rules as rules_mod

        source = Path(rules_mod.__file__).parent / "regimes" / "xinfang-2022.toml"
        wrong = tmp_path / "mine.toml"
        text = source.read_text("utf-8")
        assert text.count("length = 60") == 1
        wrong.write_text(text.replace("length = 60", "length = 61"), "utf-8")
        status = main(["rules", "check", str(wrong), "--text",
                       str(LAW / TEXTS["《信访工作条例》"])])  # fmt: skip
        out = capsys.readouterr().out
        assert status == 1
        assert "handle（《信访工作条例》第三十四条）：期限为 61日，引文所写为：60日" in out


class TestProperties:
    """What the reader finds, for any number written either way (Hypothesis)."""

    @given(st.integers(1, 999))
    def test_numerals_read_back(self, n: int) -> None:
        """The article numbers the library writes (第一百零一条) read back as the number."""
        from xinfang_rules.law.rules import _zh_number

        assert zh_number(_zh_number(n)) == n == zh_number(str(n))

    @given(
        article=st.integers(1, 199),
        length=st.integers(1, 365),
        workdays=st.booleans(),
        chinese=st.booleans(),
    )
    def test_a_limit_is_found_with_its_place_length_and_unit(
        self, article: int, length: int, workdays: bool, chinese: bool
    ) -> None:
        """第N条 … 自收到之日起 L 日/个工作日内 …: one limit, in article N, of L in its unit."""
        from xinfang_rules.law.rules import _zh_number

        number = _zh_number(length) if chinese else str(length)
        unit = "个工作日" if workdays else "日"
        text = f"第{_zh_number(article)}条 有关机关应当自收到之日起{number}{unit}内办结。"
        (limit,) = find_time_limits(parse_regulation(text))
        assert (limit.article, limit.length) == (article, length)
        assert limit.unit == ("workdays" if workdays else "days")
        assert limit.words == f"{number}{unit}" and not limit.cap

    @given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), st.booleans())
    def test_a_date_is_never_a_limit_and_is_the_in_force_date(
        self, day: dt.date, chinese: bool
    ) -> None:
        """本条例自Y年M月D日起施行: no time limit; the draft's in-force date, either numerals."""
        from xinfang_rules._files import tomllib
        from xinfang_rules.law.check import _date_forms
        from xinfang_rules.law.draft import draft_regime
        from xinfang_rules.law.rules import regime_from_dict

        written = _date_forms(day)[1 if chinese else 0]
        in_force = f"第二条 本条例自{written.replace('日', '日起施行', 1)}。"
        assert find_time_limits(parse_regulation(in_force)) == ()
        law = parse_regulation("第一条 信访事项应当自受理之日起60日内办结。\n" + in_force)
        draft = regime_from_dict(tomllib.loads(draft_regime(law)))
        assert draft.in_force == day
        assert [p.length for p in draft.periods] == [60]


def test_a_text_without_a_time_limit_is_said() -> None:
    """Nothing to draft is an error in words, not an empty file that will not load."""
    from xinfang_rules.law.draft import draft_regime

    with pytest.raises(LawTextError) as caught:
        draft_regime(parse_regulation("第一条 为了规范信访工作，制定本条例。", name="t.txt"))
    assert caught.value.text("zh").startswith("t.txt：文本中找不到任何时限")
