"""The State Council's holiday notices, read from their published texts and checked.

The texts in ``tests/notices/`` are the notices as published (see its README for where
each came from); parsing each must give exactly the calendar the library already holds
for that year (the ``holidays`` package's transcription, itself cross-checked with
``chinese-calendar`` in tests/test_calendar.py).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar, _china
from xinfang_rules._files import tomllib
from xinfang_rules.calendar.notice_text import (
    NoticeTextError,
    NoticeTextWarning,
    notice_changes,
    notice_file_toml,
    parse_notice,
    parse_notices,
    render_notice,
    statutory_days,
)
from xinfang_rules.calendar.notices import Notice, notice_file_from_toml
from xinfang_rules.cli import main

D = dt.date
HERE = Path(__file__).parent / "notices"
#: Each year's texts, the year's notice first and its special notices after it.
YEARS = {
    2015: ("2015.txt", "2015-victory-day.txt"),  # 9月3日 anniversary, layered
    2017: ("2017.txt",),  # 1月2日（星期一）补休
    2018: ("2018.txt",),
    2019: ("2019.txt", "2019-labour-day.txt"),  # year-crossing 元旦; 劳动节 changed
    2020: ("2020.txt", "2020-extension.txt"),  # 春节 extended to 2月2日
    2021: ("2021.txt",),  # half-width punctuation, a line broken mid-clause
    2023: ("2023.txt",),  # 2022年12月31日至2023年1月2日
    2024: ("2024.txt",),  # 与周末连休; a recommendation naming 除夕 (not a day off)
    2025: ("2025.txt",),  # the 2024 revision: 除夕 and 5月2日; 放假1天，不调休
    2026: ("2026.txt",),  # a 9-day 春节; 9月20日 11 days before 国庆节
}


def texts(year: int) -> list[str]:
    return [(HERE / name).read_text("utf-8") for name in YEARS[year]]


def read(name: str) -> str:
    return (HERE / name).read_text("utf-8")


def same_calendar(a: WorkdayCalendar, b: WorkdayCalendar, year: int) -> list[dt.date]:
    """Days from 25 December before ``year`` to its end where the two disagree."""
    first = D(year - 1, 12, 25)
    days = [first + dt.timedelta(days=i) for i in range((D(year, 12, 31) - first).days + 1)]
    with warnings.catch_warnings():  # 2000 has no official notice
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        return [d for d in days if a.is_workday(d) != b.is_workday(d)]


class TestPublishedNotices:
    """Ten years' notices, as published, give the calendar the library holds."""

    @pytest.mark.parametrize("year", sorted(YEARS))
    def test_the_calendar_held(self, year: int) -> None:
        """Parsed and laid over the national calendar, the year is unchanged."""
        parsed = parse_notices(texts(year))
        held = WorkdayCalendar.china()
        mine = WorkdayCalendar.china().with_notice(parsed.notice)
        if year == 2018:  # its last days are named by the 2019 notice (2018年12月29日上班)
            mine = mine.with_notice(parse_notices(texts(2019)).notice)
        assert same_calendar(held, mine, year) == []
        assert parsed.notice.year == year

    def test_what_the_texts_say(self) -> None:
        """Title, number, date; the days of a year-crossing 元旦, a 补休, an extension."""
        p2019 = parse_notice(read("2019.txt"))
        assert (p2019.title, p2019.number, p2019.published) == (
            "国务院办公厅关于2019年部分节假日安排的通知",
            "国办发明电〔2018〕15号",
            D(2018, 12, 4),
        )
        assert p2019.notice.source == "国办发明电〔2018〕15号"
        new_year = p2019.items[0]
        assert new_year.label == "一、元旦" and new_year.festivals == ("元旦",)
        assert new_year.days_off == (D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1))
        assert new_year.workdays == (D(2018, 12, 29),)
        assert p2019.notice.days_off[D(2018, 12, 31)] == "元旦"
        p2017 = parse_notice(read("2017.txt"))
        assert p2017.items[0].days_off == (D(2017, 1, 1), D(2017, 1, 2))
        assert p2017.number == "" and p2017.published == D(2016, 12, 1)
        extension = parse_notice(read("2020-extension.txt"))
        assert extension.items[0].extends == ("春节", D(2020, 2, 2))
        p2020 = parse_notices(texts(2020))
        assert D(2020, 2, 1) not in p2020.notice.workdays  # the make-up day fell away
        assert [p2020.notice.days_off[D(2020, 1, 31) + dt.timedelta(days=i)] for i in range(3)] == [
            "春节"
        ] * 3
        victory = parse_notice(read("2015-victory-day.txt"))
        assert victory.number == "国发明电〔2015〕1号"
        assert victory.items[0].festivals == ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",)
        assert victory.items[0].days_off == (D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 5))
        assert victory.items[0].workdays == (D(2015, 9, 6),)
        p2024 = parse_notice(read("2024.txt"))
        assert D(2024, 2, 9) not in p2024.notice.days_off  # 鼓励…在除夕休息: no day off

    def test_pasted_text(self) -> None:
        """Full or half width, spaces and line breaks anywhere: the same notice."""
        text = read("2026.txt")
        pasted = text.translate(str.maketrans("，：（）；", ",:();")).replace("。", "。\n  ")
        pasted = re.sub("(月)", "\\1 ", pasted)
        assert parse_notice(pasted).notice == parse_notice(text).notice


class TestTheLaw:
    """《全国年节及纪念日放假办法》 as in force each year."""

    def test_statutory_days(self) -> None:
        """1999, 2007, 2013 and 2024 revisions: 春节 and 劳动节 change; 清明 etc. from 2008."""
        days = {y: sorted(statutory_days(y)) for y in (2005, 2010, 2024, 2025)}
        assert days[2005] == [
            D(2005, 1, 1), D(2005, 2, 9), D(2005, 2, 10), D(2005, 2, 11),
            D(2005, 5, 1), D(2005, 5, 2), D(2005, 5, 3),
            D(2005, 10, 1), D(2005, 10, 2), D(2005, 10, 3),
        ]  # fmt: skip
        assert statutory_days(2010)[D(2010, 2, 13)][0] == "春节"  # 除夕 (2007 revision)
        assert D(2024, 2, 9) not in statutory_days(2024)  # 除夕 not (2013 revision)
        assert len(days[2024]) == 11 and len(days[2025]) == 13
        assert statutory_days(2025)[D(2025, 1, 28)] == (
            "春节",
            "《全国年节及纪念日放假办法》（2024年修订）第二条",
        )
        assert statutory_days(2025)[D(2025, 5, 2)][0] == "劳动节"
        assert statutory_days(2025)[D(2025, 10, 6)][0] == "中秋节"

    @pytest.mark.parametrize("year", sorted(_china.package_official_years()))
    def test_every_official_year_renders_and_reads_back(self, year: int) -> None:
        """Render the year the library holds as a notice text; parse it; same calendar."""
        data = _china.national_year(year)
        held = Notice(
            year,
            days_off={d: f for d, (f, _) in data.days_off.items()},
            workdays={**data.workdays, **data.prior_year_workdays},
        )
        text = render_notice(held)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoticeTextWarning)
            parsed = parse_notice(text)
        assert parsed.notice.days_off == held.days_off
        assert parsed.notice.workdays == held.workdays
        cal = WorkdayCalendar.china()
        assert same_calendar(cal, cal.with_notice(parsed.notice), year) == []


def broken(year: int, old: str, new: str) -> str:
    text = read(f"{year}.txt")
    assert old in text
    return text.replace(old, new)


class TestBrokenNotices:
    """A notice that contradicts itself or the law is refused, naming the item."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                broken(2026, "1月4日（周日）上班", "1月4日（周六）上班"),
                "一、元旦: 2026-01-04 is a 星期日, not 周六 as the notice says (周六)",
            ),
            (
                broken(2026, "5月9日（周六）上班", "5月6日上班"),
                "四、劳动节: make-up working day 2026-05-06 is a 星期三: a weekday is a working "
                "day anyway; 调休上班 falls on a Saturday or Sunday",
            ),
            (
                broken(2026, "三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n\n", ""),
                "2026-04-05 (清明节, 《全国年节及纪念日放假办法》（2024年修订）第二条) is a "
                "statutory day off, but the notice does not give it off",
            ),
            (
                broken(2026, "放假调休，共9天", "放假调休，共8天"),
                "二、春节: 共8天: says 8 days, but 2026-02-15 to 2026-02-23 is 9 day(s)",
            ),
            (
                broken(
                    2025,
                    "1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）",
                    "1月29日（周三）至2月5日（周三）",
                ),
                "二、春节: 2025-01-28 (春节, 《全国年节及纪念日放假办法》（2024年修订）第二条) is "
                "a statutory day off, but the notice does not give it off",
            ),
            (
                broken(2026, "9月20日（周日）、10月10日（周六）上班", "10月3日（周六）上班"),
                "七、国庆节: 2026-10-03 is a make-up working day and also a day off or working "
                "day here",
            ),
            (
                broken(
                    2026,
                    "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。",
                    "六、中秋节：10月1日（周四）放假，共1天。",
                ),
                "七、国庆节: 2026-10-01 is also a day off under 六、中秋节",
            ),
            (
                broken(2026, "1月4日（周日）上班", "1月4日（周日）上班，1月5日至6日照常"),
                "一、元旦: cannot read '1月5日至6日照常'",
            ),
            (
                broken(2026, "三、清明节：", "三、清明："),
                "no item for 清明节 (its statutory day 2026-04-05, 《全国年节及纪念日放假办法》"
                "（2024年修订）第二条); the notice names every festival",
            ),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        """Each broken notice is refused with this message."""
        with pytest.raises(NoticeTextError) as info:
            parse_notice(text)
        assert str(info.value).startswith(message)

    def test_year(self) -> None:
        """The year from the title, given, or missing; texts of different years."""
        text = read("2026.txt")
        with pytest.raises(NoticeTextError, match=r"^the title is for 2026, not 2027$"):
            parse_notice(text, 2027)
        with pytest.raises(NoticeTextError, match=r"^no year: the text has no title"):
            parse_notice("一、元旦：1月1日放假。")
        with pytest.raises(NoticeTextError, match="is for 2015, not 2020"):
            parse_notices([read("2020.txt"), read("2015-victory-day.txt")])
        with pytest.raises(NoticeTextError, match=r"^no days off or working days found"):
            parse_notice("国务院办公厅关于2026年部分节假日安排的通知\n节假日期间要值班。")
        with pytest.raises(NoticeTextError, match=r"^no notice text given$"):
            parse_notices([])
        assert parse_notice(text, 2026).notice.year == 2026
        undated = "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：32日放假。"
        with pytest.raises(NoticeTextError, match="a day without its month"):
            parse_notice(undated, check=False)

    def test_a_web_page_copy_of_an_older_notice(self) -> None:
        """2010 as a web page carried it: read as 2010, the calendar's days.

        放假公休, the title over two lines, an editor's dateline, the 2009 signing date
        and document number: none of it misleads.
        """
        text = read("2010-web.txt")
        parsed = parse_notice(text)
        assert parsed.notice.year == 2010
        assert parsed.title == "国务院办公厅关于2010年部分节假日安排的通知"
        assert parsed.number == "国办发明电〔2009〕27号"
        assert notice_changes(WorkdayCalendar.china(), parsed.notice) == ()
        assert dt.date(2010, 1, 3) in parsed.notice.days_off  # 1月1日至3日放假公休
        # the body repeated, as some pages show it: the same notice
        assert parse_notice(text + "\n" + text).notice == parsed.notice
        changed = text + "\n" + text.replace("10月9日（星期六）上班", "10月10日（星期日）上班")
        with pytest.raises(NoticeTextError) as info:
            parse_notice(changed)
        assert info.value.text() == "七、国庆节：同一项出现两次，日期不同；请只复制一份通知"

    def test_the_year_is_never_taken_from_elsewhere(self) -> None:
        """Without the title: the opening sentence's year, else an error, never 2009."""
        text = read("2010-web.txt")
        body = text[text.index("各省") :]  # no title, no dateline, no number
        assert parse_notice(body).notice.year == 2010  # 现将2010年元旦…
        items = body[body.index("一、") :]  # the items and the 2009 signing only
        signed = items + "\n国务院办公厅\n2009年12月7日"
        with pytest.raises(NoticeTextError) as info:
            parse_notice(signed)
        assert info.value.text().startswith("看不出是哪一年的通知")
        assert parse_notice(signed, 2010).notice == parse_notice(body).notice

    def test_a_make_up_day_far_from_its_holiday_warns(self) -> None:
        """Allowed by law, but farther than any notice has gone: a warning."""
        text = broken(2026, "9月20日（周日）、10月10日（周六）上班", "9月13日（周日）上班")
        with pytest.warns(NoticeTextWarning, match="2026-09-13 is more than 11 days") as seen:
            parse_notice(text)
        (warning,) = [w.message for w in seen if isinstance(w.message, NoticeTextWarning)]
        assert warning.text_zh() == (
            "七、国庆节：调休上班日 2026-09-13 距该节日的每个放假日都超过 11 天，比以往任何通知"
            "都远（2026 年为 11 天）；请核对日期"
        )


class TestFilesAndChanges:
    """The notice as a notice file, and what it changes."""

    def test_toml_reads_back(self) -> None:
        """The notice file written is the notice read back."""
        parsed = parse_notices(texts(2019))
        back = notice_file_from_toml(notice_file_toml(parsed))
        assert back.notices == (parsed.notice,)
        assert tomllib.loads(notice_file_toml(parsed))["notice"][0]["source"] == (
            "国办发明电〔2018〕15号"
        )

    def test_changes(self) -> None:
        """2019's notice before its 劳动节 was changed, against the calendar held."""
        changes = notice_changes(WorkdayCalendar.china(), parse_notice(read("2019.txt")).notice)
        assert [str(c) for c in changes] == [
            "2019-04-28 星期日：调休上班（劳动节） → 周末休息",
            "2019-05-02 星期四：劳动节放假，调休 → 工作日",
            "2019-05-03 星期五：劳动节放假，调休 → 工作日",
            "2019-05-05 星期日：调休上班（劳动节） → 周末休息",
        ]


class TestCommandLine:
    """``xinfang calendar notice import``."""

    def test_import_diff_and_use(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Import to a file, use it with --notice, and print what a notice changes."""
        out = tmp_path / "2019.toml"
        files = [str(HERE / name) for name in YEARS[2019]]
        assert main(["calendar", "notice", "import", *files, "-o", str(out)]) == 0
        assert notice_file_from_toml(out.read_text("utf-8")).notices[0].year == 2019
        assert main(["calendar", "2019-05", "--notice", str(out)]) == 0
        assert main(["calendar", "notice", "import", str(HERE / "2019.txt"), "--diff"]) == 0
        captured = capsys.readouterr()
        printed = captured.out
        assert "国务院办公厅关于2019年部分节假日安排的通知：放假或上班有变的 4 天" in printed
        assert "  2019-05-02 星期四：劳动节放假，调休 → 工作日" in printed
        assert "另有" not in printed  # 2019 is official already: nothing else changes
        assert (
            "xinfang: 读取 2019 年放假通知（国办发明电〔2018〕15号）：7 项，放假 " in captured.err
        )

    def test_a_warning_in_chinese(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The notice's warnings reach the command line in Chinese (English with --lang en)."""
        far = tmp_path / "far.txt"
        far.write_text(
            broken(2026, "9月20日（周日）、10月10日（周六）上班", "9月13日（周日）上班"),
            encoding="utf-8",
        )
        assert main(["calendar", "notice", "import", str(far)]) == 0
        err = capsys.readouterr().err
        assert "xinfang: 警告：七、国庆节：调休上班日 2026-09-13 距该节日的每个放假日" in err
        assert main(["calendar", "notice", "import", str(far), "--lang", "en"]) == 0
        assert "xinfang: warning: 七、国庆节: make-up working day 2026-09-13" in (
            capsys.readouterr().err
        )

    def test_next_years_notice(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A year without a notice: the days that change kind listed, the rest counted."""
        out = tmp_path / "2027.toml"
        notice = str(HERE / "2027-invented.txt")
        assert main(["calendar", "notice", "import", notice, "--diff", "-o", str(out)]) == 0
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        assert lines[0] == "国务院办公厅关于2027年部分节假日安排的通知：放假或上班有变的 10 天"
        assert lines[1] == ("  2027-02-11 星期四：工作日〔暂定：未收录当年放假通知〕 → 春节放假")
        assert len(lines) == 12 and lines[-1] == "另有 355 天由暂定改为正式，放假或上班不变"
        assert captured.err == (
            f"xinfang: 读取 2027 年放假通知：7 项，放假 28 天，调休上班 5 天；已写入 {out}\n"
        )
        assert main(["--lang", "en", "calendar", "notice", "import", notice, "--diff"]) == 0
        english = capsys.readouterr().out
        assert "10 day(s) change between working and rest" in english
        assert "and 355 day(s) only stop being provisional" in english

    def test_errors_are_one_line(self, tmp_path: Path) -> None:
        """A broken notice, or GB18030 read as UTF-8: one line, exit 1; found by trying."""
        bad = tmp_path / "bad.txt"
        bad.write_text(broken(2026, "1月4日（周日）上班", "1月4日（周六）上班"), "utf-8")
        gbk = tmp_path / "gbk.txt"
        gbk.write_bytes(read("2026.txt").encode("gb18030"))
        for args, expected in (
            ([str(bad)], "xinfang: 错误：一、元旦：2026-01-04 是星期日，不是通知所写的周六"),
            ([str(gbk), "--encoding", "utf-8"], "第 1 行：不是 utf-8 编码的文本"),
        ):
            done = subprocess.run(
                [sys.executable, "-m", "xinfang_rules.cli", "calendar", "notice", "import", *args],
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 1, done.stderr
            assert expected in done.stderr and "Traceback" not in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1
        done = subprocess.run(
            [sys.executable, "-m", "xinfang_rules.cli", "calendar", "notice", "import",
             str(gbk), "--encoding", "gb18030"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and "year = 2026" in done.stdout
        done = subprocess.run(  # without --encoding: GB18030 found by trying
            [sys.executable, "-m", "xinfang_rules.cli", "calendar", "notice", "import", str(gbk)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and "year = 2026" in done.stdout, done.stderr

    def test_standard_input(self) -> None:
        """- reads the notice from standard input."""
        done = subprocess.run(
            [sys.executable, "-m", "xinfang_rules.cli", "calendar", "notice", "import", "-"],
            input=read("2024.txt").encode("utf-8"),
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0
        assert b"year = 2024" in done.stdout


class TestLateDecember:
    """A notice may start its 元旦 in the last week of the year before."""

    def test_honoured_and_bounded(self) -> None:
        """2027's notice giving Thursday 2026-12-31 off makes it a holiday of 2026."""
        from xinfang_rules.errors import NoticeError

        notice = Notice(2027, days_off={D(2026, 12, 31): "元旦", D(2027, 1, 1): "元旦"})
        cal = WorkdayCalendar.china().with_notice(notice)
        assert WorkdayCalendar.china().is_workday(D(2026, 12, 31)) is True
        assert cal.is_workday(D(2026, 12, 31)) is False
        info = cal.describe(D(2026, 12, 31))
        assert (info.holiday, info.official) == ("元旦", True)
        with pytest.raises(NoticeError, match="day off 2026-12-24 is outside 2027"):
            Notice(2027, days_off={D(2026, 12, 24): "元旦"})
        with pytest.raises(NoticeError, match="day off 2025-12-31 is outside 2027"):
            Notice(2027, days_off={D(2025, 12, 31): "元旦"})
