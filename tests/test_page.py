"""The office's page in a real headless browser (Debian's Chromium, driven by Playwright).

``xinfang serve`` runs in its own process on a loopback port; the browser opens
``/page/`` and does each of the clerk's four tasks as a clerk would (choose, click, open,
download), and the answers are checked against the library called directly: the 预警清单
of the example 台账 (its overdue rows red, the downloaded workbook read back), a timeline
with an explanation opened, a pasted notice with a wrong weekday, a rota and its 公示.
Then the hostile cases: a name that is HTML, a token-protected server, an oversized
upload; the page's headers, its print style, its keyboard use, its size at 1366x768.

The browser is never skipped in CI (``.ci/run`` installs ``chromium`` from Debian and
the ``playwright`` package from PyPI; Playwright's own browser download is not used).
With ``XINFANG_SCREENSHOTS=DIR`` the tests save the screenshots the docs show
(``docs/img/page/``).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_service import TOKEN, Server
from xinfang_rules import WorkdayCalendar
from xinfang_rules.calendar.notices import notice_file_from_toml
from xinfang_rules.formats.alerts import alerts
from xinfang_rules.formats.ledger import open_ledger
from xinfang_rules.formats.rota_io import load_rota_config
from xinfang_rules.law.deadlines import statutory_timeline

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NOTICES = ROOT / "tests" / "notices"
ON = D(2025, 12, 1)
UNIT = "某县信访局"
#: What a page would run if it rendered text as HTML (and set window.__xss).
HOSTILE = '<img src=x onerror="window.__xss=1">'


def _chromium() -> str | None:
    for name in (os.environ.get("XINFANG_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


def _need_browser() -> tuple[Any, str]:
    """Playwright and Chromium, or a skip locally (a failure in CI: never skipped there)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    chromium = _chromium()
    if sync_playwright is None or chromium is None:
        missing = "playwright (pip)" if sync_playwright is None else "chromium (Debian)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is needed: the page is tested in a real browser in CI")
        pytest.skip(f"{missing} is not installed")
    return sync_playwright, chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright, chromium = _need_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.stop()


_REFUSED = re.compile(r"Failed to load resource: .* status of (400|401|413|422) ")


class Tab:
    """One browser tab on the page.

    It fails the test on a dialog, a script error or a console error (a
    Content-Security-Policy refusal is one).
    """

    def __init__(self, browser: Any, server: Server, *, lang: str = "zh-CN") -> None:
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale=lang, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(f"script error: {e}"))
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.base = f"http://127.0.0.1:{server.port}"
        self.page.goto(f"{self.base}/page/")
        self.page.wait_for_selector("body[data-ready=true]")

    def _dialog(self, dialog: Any) -> None:
        self.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def close(self, *, allow: str | None = None) -> None:
        """Close the tab; fail on any error seen but refusals the test expected."""
        # a refusal the test asked for (422, 401, 413) is logged by the browser; a missing
        # asset (404), a script error or a Content-Security-Policy refusal is not allowed
        errors = [
            e for e in self.errors
            if not (allow and re.search(allow, e)) and not _REFUSED.search(e)
        ]  # fmt: skip
        self.context.close()
        assert errors == []

    def shot(self, name: str, tmp_path: Path) -> None:
        """A screenshot, into XINFANG_SCREENSHOTS (the docs' pictures) or the test's folder."""
        folder = Path(os.environ.get("XINFANG_SCREENSHOTS") or tmp_path)
        self.page.screenshot(path=str(folder / f"{name}.png"))

    def download(self, button: str, folder: Path) -> Path:
        """Click ``button`` and save what it downloads into ``folder``."""
        with self.page.expect_download() as info:
            self.page.click(button)
        d = info.value
        path: Path = folder / d.suggested_filename
        d.save_as(str(path))
        return path

    def message(self, selector: str) -> str:
        """The message shown at ``selector`` once the request is answered."""
        from playwright.sync_api import expect

        # (no wait_for_function: its string is evaluated, which the page's CSP refuses)
        expect(self.page.locator(selector)).to_have_text(re.compile(r"^(?!正在|Working).+"))
        return str(self.page.text_content(selector))


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    t = Tab(browser, server)
    yield t
    t.close()


def _expected_alerts() -> list[Any]:
    stream = open_ledger(EXAMPLES / "ledger-2025.xlsx", receiving_unit=UNIT, skip_bad=True)
    return alerts(list(stream), ON)


def _workbook_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


# --------------------------------------------------------------------------- 台账预警


class TestLedgerTask:
    """台账预警: the example 台账 chosen, judged on 2025-12-01, as the library judges it."""

    def run(self, tab: Tab, example: str = "ledger-2025.xlsx") -> None:
        """Choose an example 台账, the day, and make the list."""
        page = tab.page
        page.select_option("#ledger-example", example)
        page.fill("#ledger-on", ON.isoformat())
        page.click("#ledger-run")
        page.wait_for_selector("#ledger-result:not([hidden])")

    def test_the_example_ledger_gives_the_librarys_list(self, tab: Tab, tmp_path: Path) -> None:
        """The rows, their order and colours, the counts and the bad rows are the library's."""
        self.run(tab)
        page = tab.page
        expected = _expected_alerts()
        rows = page.locator("#alerts tbody tr")
        assert rows.count() == len(expected) == 15
        shown = [
            (r.locator("td").nth(0).inner_text(), r.locator("td").nth(1).inner_text(),
             r.locator("td").nth(4).locator("summary").inner_text())
            for r in rows.all()
        ]  # fmt: skip
        assert shown == [(a.unit, a.petition_id, a.due.isoformat()) for a in expected]
        overdue = page.locator("#alerts tbody tr.overdue")
        assert overdue.count() == sum(a.state == "超期" for a in expected) == 14
        color = overdue.first.locator("td").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        assert color == "rgb(244, 204, 204)"  # red, as the workbook's 超期 rows
        soon = page.locator("#alerts tbody tr.due-soon td").first
        assert soon.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 242, 204)"
        assert "超期 14 项，临期 1 项" in page.inner_text("#ledger-heading")
        # the bad rows, each by row and column
        rejected = page.locator("#rejected li").all_inner_texts()
        assert len(rejected) == 9
        assert all(re.search(r"第 \d+ 行「[^」]+」", r) for r in rejected)
        page.locator("#ledger-heading").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('#ledger-heading')"
                      ".getBoundingClientRect().top - 10)")  # fmt: skip
        tab.shot("ledger", tmp_path)

    def test_a_due_date_opens_its_explanation(self, tab: Tab, tmp_path: Path) -> None:
        """A due date opens the day-by-day count the library gives for it."""
        self.run(tab)
        page = tab.page
        expected = next(a for a in _expected_alerts() if a.deadline and a.deadline.period.length)
        row = page.locator("#alerts tbody tr", has_text=expected.petition_id).filter(
            has_text=expected.duty
        )
        row.locator("summary").click()
        text = row.locator("pre.explain").inner_text()
        assert text == expected.deadline.explain().render("zh")
        assert f"截止：{expected.due}" in text
        row.scroll_into_view_if_needed()
        tab.shot("ledger-explanation", tmp_path)

    def test_sorting_by_due_date_and_by_unit(self, tab: Tab) -> None:
        """Sorted by due date on request; by unit, the workbook's order."""
        self.run(tab)
        page = tab.page
        page.click("#alerts .sort[data-key=due]")
        dues = page.locator("#alerts tbody tr td:nth-child(5) summary").all_inner_texts()
        assert dues == sorted(dues)
        assert page.get_attribute("#alerts th:nth-child(5)", "aria-sort") == "ascending"
        page.click("#alerts .sort[data-key=unit]")
        units = page.locator("#alerts tbody tr td:nth-child(1)").all_inner_texts()
        assert units == [a.unit for a in _expected_alerts()]

    def test_the_three_workbooks_download_and_read_back(self, tab: Tab, tmp_path: Path) -> None:
        """预警清单.xlsx, 通报.xlsx and 待修正.xlsx download and read back."""
        self.run(tab)
        expected = _expected_alerts()
        path = tab.download("#dl-alerts", tmp_path)
        assert path.name == "预警清单.xlsx"
        rows = _workbook_rows(path)
        assert "超期 14 项，临期 1 项" in rows[0][0]
        body = [r for r in rows[2:] if r[1]]
        assert [(r[0], r[1], r[4].date()) for r in body] == [
            (a.unit, a.petition_id, a.due) for a in expected
        ]
        report = tab.download("#dl-report", tmp_path)
        assert report.name == "通报.xlsx"
        assert any("及时受理率" in str(r) for r in _workbook_rows(report))
        fix = tab.download("#dl-rejected", tmp_path)
        assert fix.name == "待修正.xlsx"
        from xinfang_rules.formats.ledger import read_ledger_xlsx

        again = read_ledger_xlsx(fix, receiving_unit=UNIT, skip_bad=True)
        # the rows to fix, as read again: the same faults, but for the repeated 信访编号,
        # which no longer repeats a row once it stands alone in the file
        first = open_ledger(EXAMPLES / "ledger-2025.xlsx", receiving_unit=UNIT, skip_bad=True)
        list(first)
        faults = [(i.column, i.message) for i in first.issues if "重复" not in i.message]
        assert [(i.column, i.message) for i in again.issues] == faults
        assert len(faults) == 8

    def test_a_gb18030_csv_upload_with_a_mapping(self, tab: Tab, tmp_path: Path) -> None:
        """A GB18030 CSV with its own column name, read through an uploaded mapping."""
        text = (EXAMPLES / "ledger-2025.csv").read_text("utf-8-sig").replace("责任单位", "承办部门")
        upload = tmp_path / "台账.csv"
        upload.write_bytes(text.encode("gb18030"))
        mapping = tmp_path / "映射.toml"
        mapping.write_text('schema = "xinfang_rules.ledger-mapping/1"\n[columns]\n'
                           'handling_unit = ["承办部门"]\n', "utf-8")  # fmt: skip
        page = tab.page
        page.set_input_files("#ledger-file", str(upload))
        page.set_input_files("#ledger-mapping", str(mapping))
        page.fill("#ledger-on", ON.isoformat())
        page.click("#ledger-run")
        page.wait_for_selector("#ledger-result:not([hidden])")
        units = page.locator("#alerts tbody tr td:nth-child(1)").all_inner_texts()
        assert units == [a.unit for a in _expected_alerts()]


# --------------------------------------------------------------------------- 期限计算


class TestTimelineTask:
    """期限计算: a petition's statutory timeline, each deadline explained."""

    def test_a_timeline_with_an_explanation(self, tab: Tab, tmp_path: Path) -> None:
        """Every period with its article and words; an explanation opened is the library's."""
        page = tab.page
        page.click("#tab-timeline")
        page.fill("#tl-received", "2025-09-26")
        page.fill("#tl-accepted", "2025-09-29")
        page.click("#tl-run")
        page.wait_for_selector("#timeline-result:not([hidden])")
        expected = statutory_timeline(D(2025, 9, 26), accepted=D(2025, 9, 29))
        rows = page.locator("#periods tbody tr")
        assert rows.count() == len(expected)
        for row, (period, d) in zip(rows.all(), expected, strict=True):
            cells = row.locator("td")
            assert cells.nth(0).inner_text() == period.title
            assert cells.nth(2).inner_text() == period.source.render("zh")
            assert cells.nth(3).inner_text() == (period.source.quote or "")
            if d is None:
                assert "尚未开始" in cells.nth(1).inner_text()
            else:
                assert cells.nth(1).locator("summary").inner_text().startswith(d.due.isoformat())
        i, (period, d) = next(
            (i, x) for i, x in enumerate(expected) if x[1] is not None and x[1].period.length
        )
        assert d is not None
        rows.nth(i).locator("summary").click()
        text = rows.nth(i).locator("pre.explain").inner_text()
        assert text == d.explain().render("zh")
        assert f"截止：{d.due}" in text
        tab.shot("timeline", tmp_path)

    def test_a_province_chosen_and_a_bad_date_said(self, tab: Tab) -> None:
        """A province's rules chosen; an acceptance before receipt refused in words."""
        page = tab.page
        page.click("#tab-timeline")
        page.select_option("#tl-regime", "beijing-2006")
        page.fill("#tl-received", "2025-03-03")
        page.click("#tl-run")
        page.wait_for_selector("#timeline-result:not([hidden])")
        assert "北京市信访条例" in page.inner_text("#timeline-heading")
        page.fill("#tl-received", "2025-03-03")
        page.fill("#tl-accepted", "2025-03-01")  # before it was received
        page.click("#tl-run")
        message = tab.message("#timeline-message")
        assert "受理日期 2025-03-01 早于登记日期 2025-03-03" in message


# --------------------------------------------------------------------------- 工作日历


class TestCalendarTask:
    """工作日历: a month, and a holiday notice pasted and checked."""

    def test_a_month_with_its_holidays_and_makeup_days(self, tab: Tab, tmp_path: Path) -> None:
        """October 2025: 国庆节 days off, the Saturday worked, weekdays in their columns."""
        page = tab.page
        page.click("#tab-calendar")
        page.fill("#month", "2025-10")
        page.dispatch_event("#month", "change")
        page.wait_for_selector("#month-grid[data-loaded='2025-10']")
        cal = WorkdayCalendar.china()
        for day in (D(2025, 10, 1), D(2025, 10, 8), D(2025, 10, 11), D(2025, 10, 13)):
            cell = page.locator(f"td[data-date='{day}']")
            kind = cal.describe(day).kind.value
            assert kind in (cell.get_attribute("class") or "").split()
        assert "调休上班" in page.locator("td[data-date='2025-10-11']").inner_text()
        assert "国庆节" in page.locator("td[data-date='2025-10-01']").inner_text()
        assert page.locator("#month-grid tbody td.day").count() == 31
        # 2025-10-01 is a Wednesday: the third column
        first_row = page.locator("#month-grid tbody tr").first.locator("td")
        assert first_row.nth(2).get_attribute("data-date") == "2025-10-01"
        tab.shot("calendar", tmp_path)
        page.click("#month-next")
        page.wait_for_selector("#month-grid[data-loaded='2025-11']")

    def test_a_notice_with_a_wrong_weekday_names_the_item(self, tab: Tab, tmp_path: Path) -> None:
        """A weekday that does not match its date: the error names the item."""
        page = tab.page
        page.click("#tab-calendar")
        text = (NOTICES / "2025.txt").read_text("utf-8").replace("1月1日（周三）", "1月1日（周四）")
        page.fill("#notice-text", text)
        page.click("#notice-run")
        message = tab.message("#notice-message")
        assert "一、元旦：2025-01-01 是星期三，不是通知所写的周四" in message
        assert page.is_hidden("#notice-result")
        tab.shot("notice-error", tmp_path)

    def test_a_good_notice_shows_its_changes_and_downloads(self, tab: Tab, tmp_path: Path) -> None:
        """A notice read: what it changes, and its notice file downloaded and read back."""
        page = tab.page
        page.click("#tab-calendar")
        page.fill("#notice-text", (NOTICES / "2027-invented.txt").read_text("utf-8"))
        page.click("#notice-run")
        page.wait_for_selector("#notice-result:not([hidden])")
        assert "2027 年放假通知" in page.inner_text("#notice-summary")
        changes = page.locator("#notice-changes tbody tr")
        assert changes.count() > 0
        assert "2027-02-14" in page.inner_text("#notice-changes")  # a Sunday made a working day
        tab.shot("notice", tmp_path)
        path = tab.download("#notice-download", tmp_path)
        assert path.name == "notice-2027.toml"
        (notice,) = notice_file_from_toml(path.read_text("utf-8")).notices
        assert D(2027, 2, 14) in notice.workdays and D(2027, 2, 5) in notice.days_off


# --------------------------------------------------------------------------- 接访安排


class TestRotaTask:
    """接访安排: a rota from a configuration, its gaps and conflicts, its 公示."""

    def run(self, tab: Tab, *, config: Path | None = None) -> None:
        """Generate a rota for the first quarter of 2026 (an example or an upload)."""
        page = tab.page
        page.click("#tab-rota")
        if config is not None:
            page.set_input_files("#rota-file", str(config))
        else:
            page.select_option("#rota-example", "rota-xiapu.toml")
        page.fill("#rota-from", "2026-01-01")
        page.fill("#rota-to", "2026-03-31")
        page.click("#rota-run")
        page.wait_for_selector("#rota-result:not([hidden])")

    def test_the_example_rota_and_its_notice(self, tab: Tab, tmp_path: Path) -> None:
        """The example's rota is the library's; the 公示 downloads as xlsx, Markdown and ICS."""
        self.run(tab)
        page = tab.page
        rota = load_rota_config(EXAMPLES / "rota-xiapu.toml").generate(
            D(2026, 1, 1), D(2026, 3, 31), allow_gaps=True
        )
        rows = page.locator("#rota-table tbody tr")
        assert rows.count() == len(rota.assignments)
        first = rota.assignments[0]
        assert rows.first.locator("td").first.inner_text().startswith(first.date.isoformat())
        tab.shot("rota", tmp_path)
        xlsx = tab.download("#dl-rota-xlsx", tmp_path)
        assert xlsx.name == "接访公示.xlsx"
        assert "公示" in str(_workbook_rows(xlsx)[0][0])
        md = tab.download("#dl-rota-md", tmp_path)
        assert md.read_text("utf-8").startswith("#")
        ics = tab.download("#dl-rota-ics", tmp_path)
        import icalendar

        events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert len(events) == len(rota.assignments)

    def test_a_tight_rota_shows_its_gaps_and_conflicts(self, tab: Tab) -> None:
        """A month that cannot be staffed: each gap and conflict listed."""
        page = tab.page
        page.click("#tab-rota")
        page.select_option("#rota-example", "rota-tight.toml")
        page.fill("#rota-from", "2026-03-01")
        page.fill("#rota-to", "2026-03-31")
        page.click("#rota-run")
        page.wait_for_selector("#rota-result:not([hidden])")
        config = load_rota_config(EXAMPLES / "rota-tight.toml")
        rota = config.generate(D(2026, 3, 1), D(2026, 3, 31), allow_gaps=True)
        problems = page.locator("#rota-problems li").all_inner_texts()
        assert len([p for p in problems if p.startswith("空缺：")]) == len(rota.gaps) > 0
        assert len([p for p in problems if p.startswith("冲突：")]) == len(rota.conflicts)

    # --------------------------------------------------------------------------- hostile

    def test_a_year_without_a_notice_is_said_to_be_provisional(self, tab: Tab) -> None:
        """A rota in a year the State Council has not yet announced says so."""
        page = tab.page
        page.click("#tab-rota")
        page.select_option("#rota-example", "rota-xiapu.toml")
        page.fill("#rota-from", "2035-01-01")
        page.fill("#rota-to", "2035-01-31")
        page.click("#rota-run")
        page.wait_for_selector("#rota-result:not([hidden])")
        assert "2035 年未收录国务院办公厅放假通知" in page.inner_text("#rota-problems")


class TestHostile:
    """What an attacker or an accident sends."""

    def test_html_in_a_file_is_shown_as_text(self, tab: Tab, tmp_path: Path) -> None:
        """A unit or a leader named with HTML shows as those characters; nothing runs."""
        text = (EXAMPLES / "ledger-2025.csv").read_text("utf-8-sig")
        text = text.replace("县交通运输局", HOSTILE)
        upload = tmp_path / "台账.csv"
        upload.write_text(text, "utf-8-sig")
        page = tab.page
        page.set_input_files("#ledger-file", str(upload))
        page.fill("#ledger-on", ON.isoformat())
        page.click("#ledger-run")
        page.wait_for_selector("#ledger-result:not([hidden])")
        assert HOSTILE in page.locator("#alerts tbody").inner_text()
        assert page.locator("#alerts img").count() == 0
        rota = (EXAMPLES / "rota-xiapu.toml").read_text("utf-8")
        name = re.search(r'name = "([^"]+)"', rota.split("[[leaders]]", 1)[1])
        assert name is not None
        hostile_rota = tmp_path / "rota.toml"
        hostile_rota.write_text(rota.replace(name.group(1), HOSTILE.replace('"', "'")), "utf-8")
        TestRotaTask().run(tab, config=hostile_rota)
        assert HOSTILE.replace('"', "'") in page.locator("#rota-table").inner_text()
        assert page.locator("img").count() == 0
        assert page.evaluate("window.__xss") is None

    def test_a_token_protected_server(self, browser: Any, tmp_path: Path) -> None:
        """Beyond loopback: the token entered once, kept for the tab, sent as Bearer."""
        from playwright.sync_api import expect

        s = Server(env={"XINFANG_TOKENS": TOKEN})
        try:
            t = Tab(browser, s)
            page = t.page
            assert page.is_visible("#token-panel")  # the examples asked for it: 401
            page.fill("#token-input", "wrong-token-of-sufficient-length")
            page.click("#token-panel button[type=submit]")
            page.fill("#ledger-on", ON.isoformat())
            page.click("#ledger-run")
            assert "访问令牌" in t.message("#ledger-message")
            page.fill("#token-input", TOKEN)
            page.click("#token-panel button[type=submit]")
            expect(page.locator("#ledger-example option")).not_to_have_count(0)
            page.select_option("#ledger-example", "ledger-2025.xlsx")
            page.fill("#ledger-on", ON.isoformat())
            page.click("#ledger-run")
            page.wait_for_selector("#ledger-result:not([hidden])")
            assert page.locator("#alerts tbody tr.overdue").count() == 14
            # kept for this tab only: sessionStorage, never a cookie or localStorage
            assert page.evaluate("sessionStorage.getItem('xinfang-token')") == TOKEN
            assert page.evaluate("localStorage.length") == 0
            assert t.context.cookies() == []
            t.close(allow=r"401")
        finally:
            s.stop()
        assert TOKEN not in s.log.read_text("utf-8")

    def test_an_oversized_upload_is_refused_with_a_message(
        self, browser: Any, tmp_path: Path
    ) -> None:
        """An upload over --max-body is refused (413) with a message saying what to do."""
        s = Server("--max-body", "65536")
        try:
            t = Tab(browser, s)
            upload = tmp_path / "big.csv"
            upload.write_bytes((EXAMPLES / "ledger-2025.csv").read_bytes() * 3)  # 140 KB
            t.page.set_input_files("#ledger-file", str(upload))
            t.page.click("#ledger-run")
            message = t.message("#ledger-message")
            assert "上传的文件过大" in message and "0.1 MB" in message
            t.close(allow=r"413")
        finally:
            s.stop()


# --------------------------------------------------------------------------- the page


class TestThePage:
    """The page as a page: headers, assets, keyboard, size, print, language."""

    def test_headers_of_the_page_and_its_answers(self, server: Server) -> None:
        """no-store, nosniff and a CSP without inline script on the page and the API."""
        import http.client

        for path in ("/page/", "/page/assets/page.js", "/page/assets/page.css",
                     "/page/api/examples", "/health"):  # fmt: skip
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert r.status == 200, path
            assert r.getheader("Cache-Control") == "no-store"
            assert r.getheader("X-Content-Type-Options") == "nosniff"
            csp = r.getheader("Content-Security-Policy") or ""
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
            assert "unsafe-inline" not in csp
            conn.close()

    def test_nothing_from_elsewhere_and_no_inline_script(self) -> None:
        """No address of another site, no inline script, style or handler, no innerHTML."""
        from xinfang_rules.service.page import asset

        html = asset("index.html").decode()
        for name in ("index.html", "page.js", "page.css"):
            text = asset(name).decode()
            assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), name
            assert "innerHTML" not in text and "eval(" not in text, name
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/page/assets/page.js" defer>']
        assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handler
        assert "style=" not in html  # no inline style either

    def test_the_examples_are_the_projects_examples(self) -> None:
        """The packaged examples are byte for byte the project's examples/."""
        from xinfang_rules.service.page import EXAMPLE_LEDGERS, EXAMPLE_ROTAS, asset

        for name in (*EXAMPLE_LEDGERS, *EXAMPLE_ROTAS):
            assert asset(f"examples/{name}") == (EXAMPLES / name).read_bytes(), name

    def test_keyboard_tabs_and_labels(self, tab: Tab) -> None:
        """The tabs move with the arrow keys; every field has a label."""
        page = tab.page
        page.focus("#tab-ledger")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.id") == "tab-timeline"
        assert page.is_visible("#timeline") and page.is_hidden("#ledger")
        page.keyboard.press("ArrowLeft")
        assert page.is_visible("#ledger")
        # every input, select and textarea has a label
        unlabelled = page.evaluate(
            "[...document.querySelectorAll('input, select, textarea')]"
            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id)"
        )
        assert unlabelled == []

    def test_it_fits_1366_by_768(self, tab: Tab) -> None:
        """The 预警清单 fits a 1366-pixel screen without scrolling sideways."""
        TestLedgerTask().run(tab)
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366

    def test_the_print_style_is_a4_landscape(self, tab: Tab, tmp_path: Path) -> None:
        """Printed: the list alone, on A4 landscape pages."""
        TestLedgerTask().run(tab)
        page = tab.page
        page.emulate_media(media="print")
        assert page.is_hidden(".tabs") and page.is_hidden("#ledger-form")
        assert page.is_visible("#alerts")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert boxes, "no page in the PDF"
        width, height = (float(x) for x in boxes[0])
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points

    def test_english_on_request(self, browser: Any, server: Server) -> None:
        """The switch gives English labels and errors, kept for the tab."""
        t = Tab(browser, server)
        page = t.page
        page.click("#lang")
        assert page.inner_text("#tab-ledger") == "Ledger alerts"
        page.click("#tab-timeline")
        page.fill("#tl-received", "2025-03-03")
        page.fill("#tl-accepted", "2025-03-01")
        page.click("#tl-run")
        assert "accepted on 2025-03-01 is before" in t.message("#timeline-message")
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        assert page.inner_text("#tab-ledger") == "Ledger alerts"  # kept for the tab
        t.close()


def test_the_upload_is_never_written_to_disk(server: Server, tmp_path: Path) -> None:
    """The page's ledger upload is read from memory: no file appears in the temp folder."""
    import tempfile

    folder = Path(tempfile.gettempdir())
    before = set(folder.iterdir())
    data = base64.b64encode((EXAMPLES / "ledger-2025.xlsx").read_bytes()).decode()
    status, headers, answer = server.call(
        "POST", "/page/api/ledger",
        {"file": {"name": "台账.xlsx", "data": data}, "on": ON.isoformat()},
    )  # fmt: skip
    assert status == 200, answer
    assert headers["cache-control"] == "no-store"
    assert answer["overdue"] == 14
    created = {p for p in set(folder.iterdir()) - before if "xinfang-serve" not in p.name}
    assert created == set()
    log = server.log.read_text("utf-8")
    assert "台账" not in log and "XF2025" not in log


def test_a_csv_answer_for_excel_is_not_offered_where_xlsx_is_asked(server: Server) -> None:
    status, _, answer = server.call("POST", "/page/api/ledger/csv", {"example": "ledger-2025.csv"})
    assert status == 422
    assert "alerts、report 或 rejected" in answer["detail"]


def test_the_ledger_csv_example_gives_the_same_list(server: Server) -> None:
    a = server.call("POST", "/page/api/ledger", {"example": "ledger-2025.csv", "on": "2025-12-01"})
    b = server.call("POST", "/page/api/ledger", {"example": "ledger-2025.xlsx", "on": "2025-12-01"})
    assert a[0] == b[0] == 200
    assert a[2]["alerts"] == b[2]["alerts"]
    rows = list(csv.reader(io.StringIO((EXAMPLES / "ledger-2025.csv").read_text("utf-8-sig"))))
    assert a[2]["summary"].startswith(f"读取 {len(rows) - 1} 行")
